//! The unit index (`units.html`): every unit A–Z in Vietnamese collation, a page of
//! [`PAGE_SIZE`] rows at a time, with links to where each first letter starts; its first
//! page is also the search's results page (the header's search form leads there).

use super::frame::{Opt, framed};
use super::share::{Card, ShareImage};
use super::site::Site;
use super::views::{Figure, Pager, PeriodInfo, UnitRef};
use super::{PAGE_SIZE, pages_for};
use crate::model::UnitIx;
use crate::urls;
use askama::Template;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// The view of `units.html`.
#[derive(Template, Serialize)]
#[template(path = "units.html")]
pub struct UnitsPage<'a> {
    /// The pagination, and the frame.
    #[serde(flatten)]
    pub pager: Pager<'a>,
    pub root: String,
    pub canonical: String,
    pub section: &'static str,
    pub title: &'a str,
    /// The page's description (`<meta name="description">`, `og:description`).
    pub description: String,
    /// `og:type`.
    pub og_type: &'static str,
    /// The preview image (`og:image`), when base_url is set.
    pub image: Opt<ShareImage>,
    /// "21 đơn vị theo thứ tự chữ cái, …".
    pub lead: String,
    /// The period whose percentage and awards the rows show (the current one).
    pub period: &'a PeriodInfo,
    /// Where each first letter starts.
    pub letters: Vec<LetterLink<'a>>,
    pub rows: Vec<IndexRow<'a>>,
}

framed!(paged UnitsPage => "units.html");

/// A first letter and the link to its first unit (`#az-3`, or on another page).
#[derive(Serialize)]
pub struct LetterLink<'a> {
    pub letter: &'a str,
    pub href: String,
}

/// A unit in the index.
#[derive(Serialize)]
pub struct IndexRow<'a> {
    pub unit: UnitRef<'a>,
    pub group: &'a str,
    pub group_href: &'a str,
    pub percent: Figure<'a>,
    pub has_target: bool,
    pub qualified: bool,
    pub awards: String,
    /// `az-N` when this unit is the first of letter N (the row's id).
    pub anchor: Opt<String>,
}

/// The first letter of a name as the index groups it: upper case, without its tone mark
/// but keeping the letters Vietnamese sorts apart (`Ấp` → `Â`, `Đông` → `Đ`); `#` when
/// the name starts with something else than a letter.
pub fn initial(name: &str) -> String {
    match name.chars().find(|c| c.is_alphanumeric()) {
        Some(c) if c.is_alphabetic() => c
            .to_uppercase()
            .nfd()
            .filter(|m| !matches!(m, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
            .nfc()
            .collect(),
        _ => "#".to_string(),
    }
}

/// Each distinct first letter, in order, with the A–Z position of its first unit.
pub fn letters(names: impl Iterator<Item = String>) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for (pos, letter) in names.enumerate() {
        if !out.iter().any(|(l, _)| *l == letter) {
            out.push((letter, pos));
        }
    }
    out
}

impl Site<'_> {
    /// Number of pages of the unit index.
    pub(super) fn units_pages(&self) -> usize {
        pages_for(self.az.len())
    }

    pub(super) fn units_index(&self, page: usize, root: String, canonical: String) -> UnitsPage<'_> {
        let p = self.project;
        let po = &self.outcome.periods[self.current];
        let first = (page - 1) * PAGE_SIZE;
        let letters = self
            .letters
            .iter()
            .enumerate()
            .map(|(k, (letter, pos))| {
                let on = pos / PAGE_SIZE + 1;
                let href = if on == page {
                    format!("#az-{k}")
                } else {
                    format!("{root}{}#az-{k}", self.link(&urls::paged(urls::UNITS, on)))
                };
                LetterLink { letter, href }
            })
            .collect();
        let rows = self.az[first..(first + PAGE_SIZE).min(self.az.len())]
            .iter()
            .enumerate()
            .map(|(i, &u)| self.index_row(po, u, first + i))
            .collect();
        let period = self.period_info(self.current);
        UnitsPage {
            pager: self.pager(urls::UNITS, page, self.units_pages()),
            root,
            canonical,
            section: "units",
            title: self.lang.t("units_title"),
            description: self.units_description(page, self.units_pages()),
            og_type: "website",
            image: self.share_image(Card::Home),
            lead: self
                .lang
                .fill("units_lead", &[("n", &self.lang.int(p.units.len() as i64)), ("period", &period.label)]),
            period,
            letters,
            rows,
        }
    }

    fn index_row(&self, po: &crate::rules::PeriodOutcome, u: UnitIx, pos: usize) -> IndexRow<'_> {
        let row = self.row(po, u);
        let g = self.project.units[u].group;
        IndexRow {
            unit: row.unit,
            group: &self.project.groups[g].name,
            group_href: &self.group_hrefs[g],
            percent: row.percent,
            has_target: row.has_target,
            qualified: row.qualified,
            awards: row.awards,
            anchor: self.letters.iter().position(|(_, start)| *start == pos).map(|k| format!("az-{k}")).into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_drop_tones_but_keep_the_letters_vietnamese_sorts_apart() {
        assert_eq!(initial("Ấp Bắc"), "Â");
        assert_eq!(initial("ấp"), "Â");
        assert_eq!(initial("Ắt"), "Ă");
        assert_eq!(initial("Ảnh"), "A");
        assert_eq!(initial("Đông"), "Đ");
        assert_eq!(initial("Ờ"), "Ơ");
        assert_eq!(initial("Ừ"), "Ư");
        assert_eq!(initial("“Quang” Trung"), "Q");
        assert_eq!(initial("3 tháng 2"), "#");
        assert_eq!(initial(""), "#");
    }

    #[test]
    fn each_letter_is_listed_once_at_its_first_unit() {
        let names = ["An", "Anh", "Ăn", "Ba", "Bà", "Đa", "Đà"].map(initial);
        assert_eq!(letters(names.into_iter()), [("A".into(), 0), ("Ă".into(), 2), ("B".into(), 3), ("Đ".into(), 5)]);
    }
}
