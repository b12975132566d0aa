//! A unit's page (`unit.html`): its result in every period, month by month.

use super::chart;
use super::frame::{Frame, List, Opt, framed};
use super::share::ShareImage;
use super::site::Site;
use super::views::{ColumnView, MetricView, MonthlyRow, Names, NominationView, Overall, PeriodInfo, Row, Sign};
use crate::model::{Holder, PeriodIx, UnitIx};
use crate::rules::PeriodOutcome;
use crate::urls;
use askama::Template;
use serde::Serialize;

/// The view of `unit.html`.
#[derive(Template, Serialize)]
#[template(path = "unit.html")]
pub struct UnitPage<'a> {
    #[serde(skip)]
    pub frame: &'a Frame<'a>,
    pub root: String,
    pub canonical: String,
    pub section: &'static str,
    pub title: &'a str,
    /// The page's description (`<meta name="description">`, `og:description`).
    pub description: String,
    /// `og:type`: `article` for a news post, else `website`.
    pub og_type: &'static str,
    /// The preview image (`og:image`), when base_url is set.
    pub image: Opt<ShareImage>,
    pub unit: UnitHead<'a>,
    pub group: GroupLink<'a>,
    /// The label of the group's metric.
    pub metric: &'a str,
    pub columns: Vec<ColumnView<'a>>,
    /// Latest first.
    pub periods: Vec<UnitPeriod<'a>>,
    /// More than one period: the page starts with links to each.
    pub toc: bool,
}

framed!(UnitPage => "unit.html");

/// The unit a unit page is about.
#[derive(Serialize)]
pub struct UnitHead<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub short: &'a str,
    pub kind: &'a str,
}

/// The group a unit page links to.
#[derive(Serialize)]
pub struct GroupLink<'a> {
    pub name: &'a str,
    pub href: String,
    pub pooled: bool,
}

/// Everything a unit page shows about one period.
#[derive(Serialize)]
pub struct UnitPeriod<'a> {
    pub info: &'a PeriodInfo,
    pub started: bool,
    pub result: Row<'a>,
    pub rank: Opt<u32>,
    pub ranked_of: usize,
    pub group_href: String,
    pub monthly: Vec<MonthlyRow<'a>>,
    /// The SVG chart of the cumulative figure.
    pub chart: Opt<String>,
    pub metrics: Vec<MetricView<'a>>,
    pub nominations: List<NominationView<'a>>,
    pub nominees: Names<'a>,
    pub pool: Opt<Overall>,
    pub reported_any: bool,
    /// A unit of a pooled group that reported nothing this period: the page says so
    /// instead of a table of empty months.
    pub no_data: bool,
}

impl Site<'_> {
    pub(super) fn unit(&self, u: UnitIx, root: String, canonical: String) -> UnitPage<'_> {
        let p = self.project;
        let l = self.lang;
        let unit = &p.units[u];
        let group = &p.groups[unit.group];
        let metric = &p.campaign.metrics[group.rule.metric];
        let (plus, minus) = (metric.plus.len(), metric.minus.len());
        let column = |c: usize, sign: Sign| {
            let (name, label) = (&p.campaign.columns[c], &p.campaign.column_labels[c]);
            let heading = if !label.is_empty() {
                label.clone()
            } else {
                let (word, several) =
                    if sign == Sign::Plus { (l.t("col_added"), plus > 1) } else { (l.t("col_lost"), minus > 1) };
                if several { format!("{word}: {name}") } else { word.to_string() }
            };
            ColumnView { name, label, sign, heading }
        };
        let columns: Vec<ColumnView> = metric
            .plus
            .iter()
            .map(|&c| column(c, Sign::Plus))
            .chain(metric.minus.iter().map(|&c| column(c, Sign::Minus)))
            .collect();
        let periods: Vec<UnitPeriod> =
            self.outcome.periods.iter_enumerated().rev().map(|(pi, po)| self.unit_period(u, pi, po)).collect();
        UnitPage {
            frame: &self.frame,
            root,
            canonical,
            section: "units",
            title: &unit.name,
            description: self.unit_description(u),
            og_type: "website",
            image: self.share_image(self.unit_card(u)),
            unit: UnitHead { id: &unit.id, name: &unit.name, short: unit.display_short(), kind: &unit.kind },
            group: GroupLink {
                name: &group.name,
                href: self.link(&urls::group(&group.id)),
                pooled: self.pooled(unit.group),
            },
            metric: &metric.label,
            columns,
            toc: periods.len() > 1,
            periods,
        }
    }

    fn unit_period(&self, u: UnitIx, pi: PeriodIx, po: &PeriodOutcome) -> UnitPeriod<'_> {
        let p = self.project;
        let l = self.lang;
        let unit = &p.units[u];
        let group = &p.groups[unit.group];
        let metric = &p.campaign.metrics[group.rule.metric];
        let per = &p.campaign.periods[pi];
        let r = &po.units[u];
        let net_of = |row: &[i64], m: &crate::model::Metric| {
            m.plus.iter().map(|&c| row[c]).sum::<i64>() - m.minus.iter().map(|&c| row[c]).sum::<i64>()
        };
        let mut monthly = Vec::with_capacity(po.months.len());
        let mut values = Vec::with_capacity(po.months.len());
        for (mi, ms) in po.months.iter().enumerate() {
            let m = ms.month;
            let reported = p.results.is_reported(u, m);
            let row = p.results.row(u, m);
            let cells = metric
                .plus
                .iter()
                .chain(&metric.minus)
                .map(|&c| if reported { self.int(row[c]) } else { self.nothing() })
                .collect();
            let cum = ms.cumulative[u];
            values.push(cum);
            let prev_rank = if mi > 0 { po.months[mi - 1].rank[u] } else { None };
            monthly.push(MonthlyRow {
                month: self.month_short_label(m),
                href: self.month_href(m),
                cells,
                net: if reported { self.int(net_of(row, metric)) } else { self.nothing() },
                cumulative: self.int(cum),
                percent: self.pct(cum, r.target),
                rank: ms.rank[u].into(),
                change: self.change(prev_rank, ms.rank[u], mi == 0),
                reported,
            });
        }
        let last = po.counted_to.map(|m| l.month(m)).unwrap_or_default();
        let title = l.fill("chart_title", &[("metric", &metric.label), ("period", &per.label)]);
        let desc = match r.target {
            Some(t) => l.fill(
                "chart_desc",
                &[
                    ("month", &last),
                    ("value", &l.int(r.value)),
                    ("target", &l.int(t)),
                    ("percent", &self.percent(r.value, r.target)),
                ],
            ),
            None => l.fill("chart_desc_no_target", &[("month", &last), ("value", &l.int(r.value))]),
        };
        let chart_id = format!("chart-{}", per.id);
        let chart = (!values.is_empty()).then(|| {
            chart::Chart { axis: &self.axes[pi], values, target: r.target, title: &title, desc: &desc, id: &chart_id }
                .svg(&l.nf)
        });
        let metrics = p
            .campaign
            .metrics
            .iter_enumerated()
            .map(|(mi, m)| {
                let value: i64 = po.months.iter().map(|x| net_of(p.results.row(u, x.month), m)).sum();
                let target = p.targets[u][pi][mi];
                MetricView {
                    label: &m.label,
                    value: l.int(value),
                    target: target.map(|t| l.int(t)).unwrap_or_default(),
                    percent: self.percent(value, target),
                    bar: Self::bar(value, target),
                }
            })
            .collect();
        let nominations = self.names(pi, Holder::Unit(u));
        let reported_any = po.months.iter().any(|m| p.results.is_reported(u, m.month));
        UnitPeriod {
            info: self.period_info(pi),
            started: po.counted_to.is_some(),
            result: self.row(po, u),
            rank: r.rank.into(),
            ranked_of: po.groups[unit.group].ranked,
            group_href: self.link(&urls::group_period(&group.id, &per.id)),
            monthly,
            chart: chart.into(),
            metrics,
            nominees: Names::new(&nominations),
            nominations: List(nominations),
            pool: self.overall(po, unit.group).into(),
            reported_any,
            no_data: self.pooled(unit.group) && !reported_any,
        }
    }
}
