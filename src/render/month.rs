//! The months (`month.html`): the list of months at `/months/`, and one page of
//! the standings at the end of a month.

use super::frame::{List, Opt, framed};
use super::share::{Card, ShareImage};
use super::site::Site;
use super::views::{MetricView, MonthLink, Pager, PeriodInfo, StandingRow};
use super::{PAGE_SIZE, pages_for, sections};
use crate::model::{GroupIx, PeriodIx, UnitIx};
use crate::rules::MonthStanding;
use crate::urls;
use askama::Template;
use serde::Serialize;

/// The view of `month.html`: the months index (`is_index`) or a page of a month's standings.
#[derive(Template, Serialize)]
#[template(path = "month.html")]
pub struct MonthPage<'a> {
    /// The pagination, and the frame.
    #[serde(flatten)]
    pub pager: Pager<'a>,
    pub root: String,
    pub canonical: String,
    pub section: &'static str,
    pub title: String,
    /// The page's description (`<meta name="description">`, `og:description`).
    pub description: String,
    /// `og:type`: `article` for a news post, else `website`.
    pub og_type: &'static str,
    /// The preview image (`og:image`), when base_url is set.
    pub image: Opt<ShareImage>,
    pub is_index: bool,
    /// The index: every period with its months.
    pub periods: Vec<MonthsOfPeriod<'a>>,
    /// A month's page: the month, its period, this page's sections, and the months around it.
    pub month: String,
    pub period: &'a PeriodInfo,
    pub groups: Vec<StandingSection<'a>>,
    pub prev: Opt<MonthLink>,
    pub next: Opt<MonthLink>,
}

framed!(paged MonthPage => "month.html");

/// A period and the months it has figures for, on the months index.
#[derive(Serialize)]
pub struct MonthsOfPeriod<'a> {
    pub info: &'a PeriodInfo,
    pub months: List<MonthLink>,
}

/// A group's rows on one page of a month's standings.
#[derive(Serialize)]
pub struct StandingSection<'a> {
    pub name: &'a str,
    pub href: String,
    pub pooled: bool,
    pub rows: Vec<StandingRow<'a>>,
    /// A pooled group's campaign total at that month.
    pub overall: Opt<MetricView<'a>>,
}

impl Site<'_> {
    pub(super) fn months_index(&self, root: String, canonical: String) -> MonthPage<'_> {
        let periods = self
            .outcome
            .periods
            .iter_enumerated()
            .map(|(pi, po)| MonthsOfPeriod {
                info: self.period_info(pi),
                months: po
                    .months
                    .iter()
                    .map(|m| MonthLink {
                        label: self.lang.month_alone(m.month),
                        href: self.link(&urls::month(m.month)),
                    })
                    .collect(),
            })
            .collect();
        MonthPage {
            pager: Pager::single(&self.frame),
            root,
            canonical,
            section: "months",
            title: self.lang.t("months_all").to_string(),
            description: self.months_description(),
            og_type: "website",
            image: self.share_image(Card::Home),
            is_index: true,
            periods,
            month: String::new(),
            period: self.period_info(self.current),
            groups: Vec::new(),
            prev: Opt::none(),
            next: Opt::none(),
        }
    }

    pub(super) fn month(
        &self,
        pi: PeriodIx,
        index: usize,
        page: usize,
        root: String,
        canonical: String,
    ) -> MonthPage<'_> {
        let p = self.project;
        let l = self.lang;
        let po = &self.outcome.periods[pi];
        let ms = &po.months[index];
        let prev = if index > 0 {
            Some(&po.months[index - 1])
        } else {
            // The last month of the previous period, for navigation only.
            pi.index().checked_sub(1).and_then(|q| self.outcome.periods[PeriodIx::new(q)].months.last())
        };
        let next = po
            .months
            .get(index + 1)
            .or_else(|| self.outcome.periods.get(PeriodIx::new(pi.index() + 1)).and_then(|q| q.months.first()));
        let entries = self.month_page_entries(pi, index, page);
        let groups: Vec<StandingSection> = sections(&entries, 1)
            .into_iter()
            .map(|s| {
                let group = &p.groups[s.group];
                let metric = group.rule.metric;
                let rows: Vec<StandingRow> = s
                    .units
                    .iter()
                    .map(|&u| {
                        let target = self.group_targets[pi][u];
                        let prev_rank = if index > 0 { po.months[index - 1].rank[u] } else { None };
                        StandingRow {
                            unit: self.unit_ref(u),
                            rank: ms.rank[u].into(),
                            change: self.change(prev_rank, ms.rank[u], index == 0),
                            cumulative: self.int(ms.cumulative[u]),
                            target: target.map_or_else(|| self.nothing(), |t| self.int(t)),
                            percent: self.pct(ms.cumulative[u], target),
                            reported: p.results.is_reported(u, ms.month),
                        }
                    })
                    .collect();
                let total = ms.totals[metric];
                let target = p.campaign.periods[pi].overall_target[metric];
                let pooled = self.pooled(s.group);
                StandingSection {
                    name: &group.name,
                    href: self.link(&urls::group_period(&group.id, &p.campaign.periods[pi].id)),
                    pooled,
                    rows,
                    overall: if pooled {
                        Opt::some(MetricView {
                            label: "",
                            value: l.int(total),
                            target: target.map(|t| l.int(t)).unwrap_or_default(),
                            percent: self.percent(total, target),
                            bar: Self::bar(total, target),
                        })
                    } else {
                        Opt::none()
                    },
                }
            })
            .collect();
        let month_link =
            |m: &MonthStanding| MonthLink { label: l.month_alone(m.month), href: self.link(&urls::month(m.month)) };
        let pages = pages_for(self.month_rows());
        let pager = self.pager(&urls::month(ms.month), page, pages);
        MonthPage {
            pager,
            root,
            canonical,
            section: "months",
            title: l.fill("months_title", &[("month", &l.month(ms.month))]),
            description: self.month_description(pi, &l.month(ms.month), page, pages),
            og_type: "website",
            image: self.share_image(Card::Home),
            is_index: false,
            periods: Vec::new(),
            month: l.month(ms.month),
            period: self.period_info(pi),
            groups,
            prev: prev.map(month_link).into(),
            next: next.map(month_link).into(),
        }
    }

    /// Rows of a month's standings: every unit of every ranked group, by rank; one
    /// summary entry per pooled group. Only page `page` of them is built (a
    /// national campaign has hundreds of pages per month: building every row
    /// for every page would be quadratic).
    fn month_page_entries(&self, pi: PeriodIx, index: usize, page: usize) -> Vec<(GroupIx, Option<UnitIx>)> {
        let ms = &self.outcome.periods[pi].months[index];
        let (start, end) = ((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
        let mut entries = Vec::with_capacity(PAGE_SIZE);
        let mut seen = 0;
        for (g, order) in ms.order.iter_enumerated() {
            let len = if self.pooled(g) { 1 } else { order.len() };
            if seen + len > start && seen < end {
                if self.pooled(g) {
                    entries.push((g, None));
                } else {
                    let from = start.saturating_sub(seen);
                    let to = (end - seen).min(len);
                    entries.extend(order[from..to].iter().map(|&u| (g, Some(u))));
                }
            }
            seen += len;
        }
        entries
    }

    /// How many rows a month's standings have (the same every month).
    pub(super) fn month_rows(&self) -> usize {
        self.members.iter_enumerated().map(|(g, m)| if self.pooled(g) { 1 } else { m.len() }).sum()
    }
}
