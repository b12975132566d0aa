//! Excel workbooks: one beside every CSV download (same rows, typed cells) and
//! `data/results.xlsx`, everything computed in one workbook (docs/site.md,
//! "Spreadsheet downloads").
//!
//! Every data sheet has the CSV's fixed column ids as its bold, frozen header row,
//! an autofilter, and columns as wide as their longest value. Whole numbers are
//! numbers (`#,##0`), percentages are percent cells (`0.00%`) holding the ratio
//! (117.50 % → 1.175), yes/no columns are booleans, and text is text: a cell is never
//! read as a formula, so text is written as it is, without the CSV's apostrophe.
//! Each workbook ends with an "About" sheet in the site's language: what the data is,
//! from which campaign and site, as of when, and the address of its page.
//!
//! The bytes depend on the data only: the creation date in docProps/core.xml is the
//! build date (or the data's date), and every zip entry has the same fixed time.
//! rust_xlsxwriter makes the package: each data sheet with its header row, formats,
//! widths and filter. The data rows are written into it by [`rows`] as the package is
//! zipped, straight from the site's tables: a national results workbook holds one
//! row of XML in memory at a time, and costs a fifth of the CPU rust_xlsxwriter's
//! cell-by-cell writing took.

mod book;
mod rows;

use super::site::Site;
use crate::model::{GroupIx, Holder, Month, PeriodIx};
use crate::urls;
use book::{About, Book};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, XlsxError};
use std::borrow::Cow;
use std::io::Write;

/// The widest a column is made, in characters; longer text overflows or is cut.
const MAX_WIDTH: usize = 80;

/// One cell of a data sheet.
pub(super) enum Cell<'a> {
    Empty,
    /// A whole number, shown with thousands separators.
    Int(i64),
    /// A percentage in hundredths of a percent (11750 = 117.50 %): the cell holds the
    /// ratio 1.175 and shows "117.50%".
    Percent(i64),
    /// A number shown as it is: a threshold level (110, 112.5), with its text.
    Number(f64, String),
    Bool(bool),
    Text(Cow<'a, str>),
}

impl<'a> Cell<'a> {
    fn text(s: &'a str) -> Cell<'a> {
        Cell::Text(Cow::Borrowed(s))
    }

    fn opt_int(n: Option<i64>) -> Cell<'a> {
        n.map_or(Cell::Empty, Cell::Int)
    }

    fn percent(value: i64, target: Option<i64>) -> Cell<'a> {
        target.map_or(Cell::Empty, |t| Cell::Percent(crate::format::percent_hundredths(value, t)))
    }

    /// Whether the cell may show more than `width` characters: text of no more bytes
    /// cannot (a character is at least a byte), and is not counted.
    fn may_be_wider(&self, width: usize) -> bool {
        match self {
            Cell::Text(s) => width < MAX_WIDTH && s.len() > width,
            _ => true,
        }
    }

    /// The number of characters the cell shows (for the column's width).
    fn shown_width(&self) -> usize {
        fn digits(n: u64) -> usize {
            n.checked_ilog10().map_or(1, |d| d as usize + 1)
        }
        match self {
            Cell::Empty => 0,
            Cell::Int(n) => {
                let d = digits(n.unsigned_abs());
                d + (d - 1) / 3 + usize::from(*n < 0)
            }
            // "117.50%": the whole part, the point, two decimals, the sign.
            Cell::Percent(h) => digits(h.unsigned_abs() / 100) + 4 + usize::from(*h < 0),
            Cell::Number(_, text) => text.chars().count(),
            Cell::Bool(_) => 5,
            Cell::Text(s) => s.chars().count(),
        }
    }
}

/// The kind of values a column holds: it sets the column's number format.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Kind {
    Int,
    Percent,
    /// Text, booleans, or numbers shown as they are.
    General,
}

/// A column of a data sheet: its id (the header) and kind.
pub(super) type Column = (&'static str, Kind);

/// The catalogue key that explains column `id` on the About sheet.
fn column_key(id: &str) -> &'static str {
    match id {
        "period" => "xlsx_col_period",
        "group" => "xlsx_col_group",
        "group_name" => "xlsx_col_group_name",
        "rank" => "xlsx_col_rank",
        "unit" => "xlsx_col_unit",
        "name" => "xlsx_col_name",
        "value" => "xlsx_col_value",
        "target" => "xlsx_col_target",
        "percent" => "xlsx_col_percent",
        "qualified" => "xlsx_col_qualified",
        "collective" => "xlsx_col_collective",
        "individual" => "xlsx_col_individual",
        "any" => "xlsx_col_any",
        "level" => "xlsx_col_level",
        "not_reported" => "xlsx_col_not_reported",
        "explanation" => "xlsx_col_explanation",
        "label" => "xlsx_col_label",
        "from" => "xlsx_col_from",
        "to" => "xlsx_col_to",
        "status" => "xlsx_col_status",
        "counted_to" => "xlsx_col_counted_to",
        "decision" => "xlsx_col_decision",
        "provisional" => "xlsx_col_provisional",
        "metric" => "xlsx_col_metric",
        "holder" => "xlsx_col_holder",
        "kind" => "xlsx_col_kind",
        "nominee" => "xlsx_col_nominee",
        "title" => "xlsx_col_title",
        _ => "",
    }
}

/// The columns of a ranking workbook: those of the ranking CSV.
pub(super) const RANKING: &[Column] = &[
    ("rank", Kind::Int),
    ("unit", Kind::General),
    ("name", Kind::General),
    ("value", Kind::Int),
    ("target", Kind::Int),
    ("percent", Kind::Percent),
    ("qualified", Kind::General),
    ("collective", Kind::Int),
    ("individual", Kind::Int),
    ("any", Kind::Int),
    ("explanation", Kind::General),
];

/// The columns of a shortlist workbook: those of the shortlist CSV.
pub(super) const SHORTLIST: &[Column] = &[
    ("rank", Kind::Int),
    ("unit", Kind::General),
    ("name", Kind::General),
    ("group", Kind::General),
    ("value", Kind::Int),
    ("target", Kind::Int),
    ("percent", Kind::Percent),
];

/// results.xlsx's main sheet: every ranking of every period, one row per unit (one per
/// pooled group), after the period and the group.
pub(super) const RESULTS: &[Column] = &[
    ("period", Kind::General),
    ("group", Kind::General),
    ("group_name", Kind::General),
    ("rank", Kind::Int),
    ("unit", Kind::General),
    ("name", Kind::General),
    ("value", Kind::Int),
    ("target", Kind::Int),
    ("percent", Kind::Percent),
    ("qualified", Kind::General),
    ("collective", Kind::Int),
    ("individual", Kind::Int),
    ("any", Kind::Int),
    ("level", Kind::General),
    ("not_reported", Kind::General),
    ("explanation", Kind::General),
];

/// results.xlsx's periods sheet: one row per period and metric.
pub(super) const PERIODS: &[Column] = &[
    ("period", Kind::General),
    ("label", Kind::General),
    ("from", Kind::General),
    ("to", Kind::General),
    ("status", Kind::General),
    ("counted_to", Kind::General),
    ("decision", Kind::General),
    ("provisional", Kind::General),
    ("metric", Kind::General),
    ("value", Kind::Int),
    ("target", Kind::Int),
    ("percent", Kind::Percent),
];

/// results.xlsx's nominations sheet: the rows of nominations.csv.
pub(super) const NOMINATIONS: &[Column] = &[
    ("period", Kind::General),
    ("holder", Kind::General),
    ("kind", Kind::General),
    ("nominee", Kind::General),
    ("title", Kind::General),
];

/// A row of a ranking as its CSV has it, with what results.xlsx adds.
struct Entry<'a> {
    /// rank … explanation: the columns of [`RANKING`].
    cells: [Cell<'a>; 11],
    /// The threshold reached (110 for 110 %), with its text.
    level: Option<(f64, String)>,
    not_reported: &'a [Month],
}

impl Site<'_> {
    /// A new workbook: its title, the campaign, and the build date (or the data's).
    fn book(&self, title: &str) -> Book<'_> {
        let p = self.project;
        let d = self.updated;
        // A date Excel cannot hold (before 1900) is written as its first day, never the clock's.
        let date = u16::try_from(d.year)
            .ok()
            .and_then(|y| ExcelDateTime::from_ymd(y, d.month as u8, d.day as u8).ok())
            .unwrap_or_else(|| ExcelDateTime::from_ymd(1900, 1, 1).expect("a valid date"));
        Book::new(
            &DocProperties::new()
                .set_title(title)
                .set_subject(&p.campaign.title)
                .set_author(&p.campaign.issuer)
                .set_comment(self.lang.t("generated_by"))
                .set_creation_datetime(&date),
        )
    }

    /// The rows of a group's ranking in a period, as in its CSV: one per unit, or one
    /// for a pooled group's total.
    fn ranking_rows(&self, g: GroupIx, pi: PeriodIx) -> impl Iterator<Item = Entry<'_>> + '_ {
        let p = self.project;
        let po = &self.outcome.periods[pi];
        let go = &po.groups[g];
        let units = go.ranking.iter().map(move |&u| {
            let r = &po.units[u];
            let unit = &p.units[u];
            Entry {
                cells: [
                    r.rank.map_or(Cell::Empty, |n| Cell::Int(n.into())),
                    Cell::text(&unit.id),
                    Cell::text(&unit.name),
                    Cell::Int(r.value),
                    Cell::opt_int(r.target),
                    Cell::percent(r.value, r.target),
                    Cell::Bool(r.qualified),
                    Cell::Int(r.awards.collective.into()),
                    Cell::Int(r.awards.individual.into()),
                    Cell::Int(r.awards.any.into()),
                    Cell::text(&self.explanations[pi][u]),
                ],
                level: r.level.map(|l| (l.scaled() as f64 / 10_000.0, l.plain('.'))),
                not_reported: &r.not_reported,
            }
        });
        let overall = go.overall.as_ref().map(|o| {
            let group = &p.groups[g];
            Entry {
                cells: [
                    Cell::Empty,
                    Cell::text(&group.id),
                    Cell::text(&group.name),
                    Cell::Int(o.value),
                    Cell::opt_int(o.target),
                    Cell::percent(o.value, o.target),
                    Cell::Bool(o.qualified),
                    Cell::Int(o.awards.collective.into()),
                    Cell::Int(o.awards.individual.into()),
                    Cell::Int(o.awards.any.into()),
                    Cell::Text(Cow::Owned(o.explanation.text(&self.lang.nf, &self.lang.words))),
                ],
                level: None,
                not_reported: &[],
            }
        });
        units.chain(overall)
    }

    /// `data/ranking-<group>-<period>.xlsx`: the rows of the ranking CSV beside it.
    pub(super) fn ranking_xlsx(&self, g: GroupIx, pi: PeriodIx, out: &mut dyn Write) -> Result<(), XlsxError> {
        let (l, group, per) = (self.lang, &self.project.groups[g], &self.project.campaign.periods[pi]);
        let what = l.fill("xlsx_about_ranking", &[("group", &group.name), ("period", &per.label)]);
        let mut book = self.book(&what);
        book.table(l.t("xlsx_sheet_ranking"), RANKING, move || self.ranking_rows(g, pi).map(|e| e.cells))?;
        let page = self.absolute(&urls::group_period(&group.id, &per.id));
        book.finish(self, &About { what, page, period: Some(pi), columns: RANKING }, out)
    }

    /// `data/shortlist-<period>.xlsx`: the rows of the shortlist CSV beside it.
    pub(super) fn shortlist_xlsx(&self, pi: PeriodIx, out: &mut dyn Write) -> Result<(), XlsxError> {
        let (l, p, per) = (self.lang, self.project, &self.project.campaign.periods[pi]);
        let po = &self.outcome.periods[pi];
        let what = l.fill("xlsx_about_shortlist", &[("period", &per.label)]);
        let mut book = self.book(&what);
        let rows = move || {
            po.shortlist.iter().map(move |&(u, rank)| {
                let (r, unit) = (&po.units[u], &p.units[u]);
                [
                    Cell::Int(rank.into()),
                    Cell::text(&unit.id),
                    Cell::text(&unit.name),
                    Cell::text(&p.groups[unit.group].id),
                    Cell::Int(r.value),
                    Cell::opt_int(r.target),
                    Cell::percent(r.value, r.target),
                ]
            })
        };
        book.table(l.t("xlsx_sheet_shortlist"), SHORTLIST, rows)?;
        let page = self.absolute(&urls::awards_period(&per.id));
        book.finish(self, &About { what, page, period: Some(pi), columns: SHORTLIST }, out)
    }

    /// `data/results.xlsx`: every period's rankings on one long sheet (filter it by
    /// period and group), the periods' totals, and the nominations.
    pub(super) fn results_xlsx(&self, out: &mut dyn Write) -> Result<(), XlsxError> {
        let (l, p) = (self.lang, self.project);
        let what = l.t("xlsx_about_results").to_string();
        let mut book = self.book(&what);
        let rows = move || {
            self.outcome.periods.iter_enumerated().flat_map(move |(pi, po)| {
                let period = &p.campaign.periods[pi].id;
                po.groups.ixs().flat_map(move |g| {
                    let group = &p.groups[g];
                    self.ranking_rows(g, pi).map(move |e| {
                        let [
                            rank,
                            unit,
                            name,
                            value,
                            target,
                            percent,
                            qualified,
                            collective,
                            individual,
                            any,
                            explanation,
                        ] = e.cells;
                        let months: Vec<String> = e.not_reported.iter().map(|m| m.to_string()).collect();
                        [
                            Cell::text(period),
                            Cell::text(&group.id),
                            Cell::text(&group.name),
                            rank,
                            unit,
                            name,
                            value,
                            target,
                            percent,
                            qualified,
                            collective,
                            individual,
                            any,
                            e.level.map_or(Cell::Empty, |(x, text)| Cell::Number(x, text)),
                            Cell::Text(Cow::Owned(months.join(", "))),
                            explanation,
                        ]
                    })
                })
            })
        };
        book.table(l.t("xlsx_sheet_results"), RESULTS, rows)?;
        let c = &p.campaign;
        let totals = move || {
            self.outcome.periods.iter_enumerated().flat_map(move |(pi, po)| {
                let (per, info) = (&c.periods[pi], self.period_info(pi));
                po.totals.iter_enumerated().map(move |(m, t)| {
                    [
                        Cell::text(&per.id),
                        Cell::text(&per.label),
                        Cell::Text(Cow::Owned(per.from.to_string())),
                        Cell::Text(Cow::Owned(per.to.to_string())),
                        Cell::text(&info.status_label),
                        Cell::Text(Cow::Owned(po.counted_to.map(|m| m.to_string()).unwrap_or_default())),
                        Cell::text(&per.decision),
                        Cell::Bool(per.decision.is_empty()),
                        Cell::text(&c.metrics[m].label),
                        Cell::Int(t.value),
                        Cell::opt_int(t.target),
                        Cell::percent(t.value, t.target),
                    ]
                })
            })
        };
        book.table(l.t("xlsx_sheet_periods"), PERIODS, totals)?;
        let nominations = move || {
            c.periods.ixs().flat_map(move |pi| {
                p.nominations.iter().filter(move |n| n.period == pi).map(move |n| {
                    let holder = match n.holder {
                        Holder::Unit(u) => &p.units[u].id,
                        Holder::Group(g) => &p.groups[g].id,
                    };
                    [
                        Cell::text(&c.periods[pi].id),
                        Cell::text(holder),
                        Cell::text(l.t(n.kind.id())),
                        Cell::text(&n.name),
                        Cell::text(&n.title),
                    ]
                })
            })
        };
        book.table(l.t("xlsx_sheet_nominations"), NOMINATIONS, nominations)?;
        let columns: Vec<Column> = [RESULTS, PERIODS, NOMINATIONS].concat();
        book.finish(self, &About { what, page: self.absolute(urls::HOME), period: None, columns: &columns }, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_widths_count_what_the_cell_shows() {
        assert_eq!(Cell::Int(0).shown_width(), 1);
        assert_eq!(Cell::Int(1890).shown_width(), "1,890".len());
        assert_eq!(Cell::Int(-1_234_567).shown_width(), "-1,234,567".len());
        assert_eq!(Cell::Percent(11750).shown_width(), "117.50%".len());
        assert_eq!(Cell::Percent(-5).shown_width(), "-0.05%".len());
        assert_eq!(Cell::text("Liên đoàn Lao động").shown_width(), 18, "characters, not bytes");
        assert_eq!(Cell::Bool(false).shown_width(), "FALSE".len());
    }

    #[test]
    fn every_column_is_explained_in_both_catalogues() {
        let catalogue = |lang: &str| -> std::collections::BTreeMap<String, String> {
            let path = format!("{}/themes/default/i18n/{lang}.yaml", env!("CARGO_MANIFEST_DIR"));
            serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
        };
        for lang in ["vi", "en"] {
            let strings = catalogue(lang);
            for (id, _) in [RANKING, SHORTLIST, RESULTS, PERIODS, NOMINATIONS].concat() {
                let key = column_key(id);
                assert!(strings.get(key).is_some_and(|s| !s.is_empty()), "{lang}: {id} ({key:?})");
            }
        }
    }
}
