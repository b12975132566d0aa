//! The awards (`awards.html`): the list of periods at `/awards/`, and one page
//! of a period's award announcement.

use super::frame::{List, Opt, framed};
use super::share::{Card, ShareImage};
use super::site::Site;
use super::views::{Names, NominationView, Overall, Pager, PeriodInfo, PeriodTab, Row};
use super::{SHORTLIST_SHOWN, pages_for, sections};
use crate::model::{Basis, GroupIx, Holder, PeriodIx, Project};
use crate::rules::PeriodOutcome;
use crate::rules::explain::{awards_text, counts_text};
use crate::urls;
use askama::Template;
use serde::Serialize;

/// The view of `awards.html`: the awards index (`is_index`) or a page of a period's awards.
#[derive(Template, Serialize)]
#[template(path = "awards.html")]
pub struct AwardsPage<'a> {
    /// The pagination, and the frame.
    #[serde(flatten)]
    pub pager: Pager<'a>,
    pub root: String,
    pub canonical: String,
    pub section: &'static str,
    pub title: String,
    /// The page's description (`<meta name="description">`, `og:description`).
    pub description: String,
    /// `og:type`.
    pub og_type: &'static str,
    /// The preview image (`og:image`), when base_url is set.
    pub image: Opt<ShareImage>,
    pub is_index: bool,
    /// The index: every period, linking to its awards. A period's page: a tab per period.
    pub periods: Vec<PeriodTab<'a>>,
    pub period: &'a PeriodInfo,
    /// This page's sections, one per group.
    pub groups: Vec<AwardSection<'a>>,
    /// The awards of the whole period, all groups together.
    pub total: String,
    /// The national allocation, or empty when the period has none.
    pub national: String,
    /// The first rows of the national shortlist (on page 1 only).
    pub shortlist: List<Row<'a>>,
    pub shortlist_total: usize,
    /// "The first 100 of 340 …" when the shortlist is longer than the page shows, else empty.
    pub shortlist_more: String,
    pub shortlist_csv_href: String,
    pub shortlist_xlsx_href: String,
}

framed!(paged AwardsPage => "awards.html");

/// A group's qualifying units (or its pool) on one page of an award announcement.
#[derive(Serialize)]
pub struct AwardSection<'a> {
    pub name: &'a str,
    pub href: String,
    pub pooled: bool,
    pub units: List<Row<'a>>,
    pub overall: Opt<Overall>,
    pub pool_names: List<NominationView<'a>>,
    pub pool_nominees: Names<'a>,
}

impl Site<'_> {
    pub(super) fn awards_index(&self, root: String, canonical: String) -> AwardsPage<'_> {
        let periods = (self.project.campaign.periods.ixs())
            .map(|pi| {
                let info = self.period_info(pi);
                PeriodTab { info, href: info.awards_href.clone(), current: false }
            })
            .collect();
        AwardsPage {
            pager: Pager::single(&self.frame),
            root,
            canonical,
            section: "awards",
            title: self.lang.t("awards_title").to_string(),
            description: self.awards_index_description(),
            og_type: "website",
            image: self.share_image(Card::Awards(self.current)),
            is_index: true,
            periods,
            period: self.period_info(self.current),
            groups: Vec::new(),
            total: String::new(),
            national: String::new(),
            shortlist: List::default(),
            shortlist_total: 0,
            shortlist_more: String::new(),
            shortlist_csv_href: String::new(),
            shortlist_xlsx_href: String::new(),
        }
    }

    pub(super) fn awards(&self, pi: PeriodIx, page: usize, root: String, canonical: String) -> AwardsPage<'_> {
        let p = self.project;
        let l = self.lang;
        let po = &self.outcome.periods[pi];
        let per = &p.campaign.periods[pi];
        let (_, total) = self.award_total(pi);
        let entries = &self.award_entries[pi];
        let groups: Vec<AwardSection> = sections(entries, page)
            .into_iter()
            .map(|s| {
                let group = &p.groups[s.group];
                let units: List<Row> = s
                    .units
                    .iter()
                    .map(|&u| {
                        let mut row = self.row(po, u);
                        let names = self.names(pi, Holder::Unit(u));
                        row.nominees = Names::new(&names);
                        row.names = List(names);
                        row
                    })
                    .collect();
                let pool_names = self.names(pi, Holder::Group(s.group));
                AwardSection {
                    name: &group.name,
                    href: self.link(&urls::group_period(&group.id, &per.id)),
                    pooled: self.pooled(s.group),
                    units,
                    overall: self.overall(po, s.group).into(),
                    pool_nominees: Names::new(&pool_names),
                    pool_names: List(pool_names),
                }
            })
            .collect();
        let shortlist: List<Row> = if page == 1 {
            po.shortlist
                .iter()
                .take(SHORTLIST_SHOWN)
                .map(|&(u, rank)| {
                    let mut row = self.row(po, u);
                    row.rank = Opt::some(rank);
                    row.group = &p.groups[p.units[u].group].name;
                    row
                })
                .collect()
        } else {
            List::default()
        };
        let shortlist_more = if po.shortlist.len() > shortlist.len() {
            l.fill(
                "shortlist_more",
                &[("n", &l.int(shortlist.len() as i64)), ("total", &l.int(po.shortlist.len() as i64))],
            )
        } else {
            String::new()
        };
        let periods = p
            .campaign
            .periods
            .iter_enumerated()
            .map(|(i, x)| PeriodTab {
                info: self.period_info(i),
                href: self.link(&urls::awards_period(&x.id)),
                current: i == pi,
            })
            .collect();
        let pages = pages_for(entries.len());
        let pager = self.pager(&urls::awards_period(&per.id), page, pages);
        AwardsPage {
            pager,
            root,
            canonical,
            section: "awards",
            description: self.awards_description(pi, page, pages),
            og_type: "website",
            image: self.share_image(Card::Awards(pi)),
            title: format!("{} — {}", l.t("awards_title"), per.label),
            is_index: false,
            periods,
            period: self.period_info(pi),
            groups,
            total: counts_text(total, &l.nf, &l.words),
            national: per.national_awards.map(|a| awards_text(&a, &l.nf, &l.words)).unwrap_or_default(),
            shortlist,
            shortlist_total: po.shortlist.len(),
            shortlist_more,
            shortlist_csv_href: urls::shortlist_csv(&per.id),
            shortlist_xlsx_href: urls::shortlist_xlsx(&per.id),
        }
    }
}

impl Site<'_> {
    /// The units of `basis: unit` groups that qualified in a period, and the awards of the
    /// whole period by kind (collective, individual, either), pools included; counted once
    /// per build ([`award_total`]).
    pub(super) fn award_total(&self, pi: PeriodIx) -> (usize, [u64; 3]) {
        self.award_totals[pi]
    }
}

/// What [`Site::award_total`] returns, counted over every unit of a period.
pub(super) fn award_total(project: &Project, po: &PeriodOutcome) -> (usize, [u64; 3]) {
    let pooled = |g: GroupIx| project.groups[g].rule.basis == Basis::Overall;
    // Counted in u64: a unit's quota is at most 2 × MAX_AWARDS of a kind, so no number
    // of units can make these overflow.
    let mut total = [0u64; 3];
    let mut add = |a: &crate::model::Awards| {
        for (t, n) in total.iter_mut().zip([a.collective, a.individual, a.any]) {
            *t += u64::from(n);
        }
    };
    let mut qualified = 0;
    for (u, r) in po.units.iter_enumerated() {
        if r.qualified && !pooled(project.units[u].group) {
            add(&r.awards);
            qualified += 1;
        }
    }
    for go in &po.groups {
        if let Some(o) = go.overall.as_ref().filter(|o| o.qualified) {
            add(&o.awards);
        }
    }
    (qualified, total)
}
