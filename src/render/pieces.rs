//! What several pages show alike: figures formatted when written, month labels and
//! links, ranking rows, nominees, rank changes and pagers. Every page builder (one
//! module per page kind) takes them from here, so a figure reads the same everywhere.

use super::frame::List;
use super::site::Site;
use super::views::{self, Change, ChangeKind, NominationView, Overall, PeriodInfo, Row, UnitRef};
use crate::format::percent_hundredths;
use crate::model::{Basis, GroupIx, Holder, Nomination, PeriodIx, UnitIx};
use crate::rules::PeriodOutcome;
use crate::rules::explain::awards_text;
use crate::urls;

impl Site<'_> {
    /// A whole number as pages show it, formatted when written.
    pub(super) fn int(&self, n: i64) -> views::Figure<'_> {
        views::Figure { nf: &self.lang.nf, shown: views::Shown::Int(n) }
    }

    /// An empty cell.
    pub(super) fn nothing(&self) -> views::Figure<'_> {
        views::Figure { nf: &self.lang.nf, shown: views::Shown::Nothing }
    }

    /// [`Site::percent`], formatted when written.
    pub(super) fn pct(&self, value: i64, target: Option<i64>) -> views::Figure<'_> {
        let shown = target.map_or(views::Shown::Nothing, |t| views::Shown::Percent(percent_hundredths(value, t)));
        views::Figure { nf: &self.lang.nf, shown }
    }

    pub(super) fn percent(&self, value: i64, target: Option<i64>) -> String {
        self.pct(value, target).to_string()
    }

    /// Width of a progress bar in whole percent, 0–100.
    pub(super) fn bar(value: i64, target: Option<i64>) -> i64 {
        target.map_or(0, |t| (percent_hundredths(value, t) / 100).clamp(0, 100))
    }

    pub(super) fn period_info(&self, pi: PeriodIx) -> &PeriodInfo {
        &self.period_infos[pi]
    }

    /// "tháng 06/2023" / "June 2023", written once per month.
    pub(super) fn month_label(&self, m: crate::model::Month) -> &str {
        let off = self.months_from.offset_to(m);
        usize::try_from(off).ok().and_then(|i| self.month_labels.get(i)).map_or("", String::as_str)
    }

    /// "06/2023": a month in a table's month column.
    pub(super) fn month_short_label(&self, m: crate::model::Month) -> &str {
        let off = self.months_from.offset_to(m);
        usize::try_from(off).ok().and_then(|i| self.month_short_labels.get(i)).map_or("", String::as_str)
    }

    /// The link to a month's standings.
    pub(super) fn month_href(&self, m: crate::model::Month) -> &str {
        let off = self.months_from.offset_to(m);
        usize::try_from(off).ok().and_then(|i| self.month_hrefs.get(i)).map_or("", String::as_str)
    }

    pub(super) fn rule_lines(&self, g: GroupIx) -> Vec<String> {
        let group = &self.project.groups[g];
        let rule = &group.rule;
        let l = self.lang;
        let d = l.nf.decimal;
        let mut lines = vec![
            format!("{}: {}", l.t("col_metric"), self.project.campaign.metrics[rule.metric].label),
            l.t(match rule.basis {
                Basis::Unit => "rule_basis_unit",
                Basis::Overall => "rule_basis_overall",
            })
            .to_string(),
            l.fill(
                "rule_qualify",
                &[("at", &rule.qualify_at.plain(d)), ("awards", &awards_text(&rule.awards, &l.nf, &l.words))],
            ),
        ];
        for b in &rule.bonuses {
            lines.push(
                l.fill("rule_bonus", &[("at", &b.at.plain(d)), ("awards", &awards_text(&b.add, &l.nf, &l.words))]),
            );
        }
        if !rule.bonuses.is_empty() {
            lines.push(l.t("rule_highest").to_string());
        }
        if rule.basis == Basis::Unit {
            lines.push(l.t("rule_ranking").to_string());
        }
        lines
    }

    pub(super) fn unit_ref(&self, u: UnitIx) -> UnitRef<'_> {
        let unit = &self.project.units[u];
        UnitRef::new(unit, &self.unit_hrefs[u], &self.unit_html[u])
    }

    pub(super) fn row(&self, po: &PeriodOutcome, u: UnitIx) -> Row<'_> {
        let r = &po.units[u];
        let l = self.lang;
        let not_reported: Vec<&str> = r.not_reported.iter().map(|m| self.month_label(*m)).collect();
        let not_reported_text = not_reported.join(", ");
        Row {
            unit: self.unit_ref(u),
            rank: r.rank.into(),
            value: self.int(r.value),
            target: r.target.map_or_else(|| self.nothing(), |t| self.int(t)),
            percent: self.pct(r.value, r.target),
            bar: Self::bar(r.value, r.target),
            qualified: r.qualified,
            has_target: r.target.is_some(),
            awards: if r.qualified { awards_text(&r.awards, &l.nf, &l.words) } else { String::new() },
            explanation: &self.explanations[po.period][u],
            not_reported: List(not_reported),
            not_reported_text,
            names: List::default(),
            nominees: views::Names::default(),
            group: "",
        }
    }

    pub(super) fn overall(&self, po: &PeriodOutcome, g: GroupIx) -> Option<Overall> {
        let l = self.lang;
        po.groups[g].overall.as_ref().map(|o| Overall {
            value: l.int(o.value),
            target: o.target.map(|t| l.int(t)).unwrap_or_default(),
            percent: self.percent(o.value, o.target),
            bar: Self::bar(o.value, o.target),
            qualified: o.qualified,
            awards: if o.qualified { awards_text(&o.awards, &l.nf, &l.words) } else { String::new() },
            explanation: o.explanation.text(&l.nf, &l.words),
        })
    }

    fn nomination<'n>(&'n self, n: &'n Nomination) -> NominationView<'n> {
        NominationView { name: &n.name, title: &n.title, kind: self.lang.t(n.kind.id()), kind_id: n.kind }
    }

    pub(super) fn names(&self, pi: PeriodIx, holder: Holder) -> Vec<NominationView<'_>> {
        self.nominations
            .get(&(pi, holder))
            .map(|list| list.iter().map(|&i| self.nomination(&self.project.nominations[i])).collect())
            .unwrap_or_default()
    }

    pub(super) fn change(&self, prev: Option<u32>, cur: Option<u32>, first: bool) -> Change<'_> {
        let (kind, places) = match (prev, cur) {
            _ if first => (ChangeKind::New, 0),
            (Some(a), Some(b)) if b < a => (ChangeKind::Up, a - b),
            (Some(a), Some(b)) if b > a => (ChangeKind::Down, b - a),
            (Some(_), Some(_)) => (ChangeKind::Same, 0),
            _ => (ChangeKind::Unknown, 0),
        };
        Change::new(kind, places, &self.change_words)
    }

    /// Links to the pages of a paginated list.
    pub(super) fn pager(&self, dir: &str, page: usize, pages: usize) -> views::Pager<'_> {
        views::Pager {
            frame: &self.frame,
            page,
            pages,
            pagination: self.lang.fill("pagination", &[("n", &page.to_string()), ("total", &pages.to_string())]),
            prev_href: (page > 1).then(|| self.link(&urls::paged(dir, page - 1))).into(),
            next_href: (page < pages).then(|| self.link(&urls::paged(dir, page + 1))).into(),
        }
    }
}
