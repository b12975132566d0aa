//! The groups (`group.html`): the index of group cards at `/groups/`, and one
//! page of a group's ranking in a period.

use super::frame::{List, Opt, framed};
use super::share::{Card, ShareImage};
use super::site::Site;
use super::views::{GroupCard, Overall, Pager, PeriodInfo, PeriodTab, Row};
use super::{PAGE_SIZE, pages_for};
use crate::model::{GroupIx, PeriodIx};
use crate::urls;
use askama::Template;
use serde::Serialize;

/// The view of `group.html`: the groups index (`is_index`) or a ranking page.
#[derive(Template, Serialize)]
#[template(path = "group.html")]
pub struct GroupPage<'a> {
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
    /// The index: a card per group, for the current period.
    pub groups: Vec<GroupCard<'a>>,
    /// A ranking: the group, the period and a tab per period.
    pub group: GroupHead<'a>,
    pub period: &'a PeriodInfo,
    pub periods: Vec<PeriodTab<'a>>,
    /// The group's rule in words, one line each.
    pub rule: Vec<String>,
    /// This page's rows (ranked groups).
    pub rows: Vec<Row<'a>>,
    /// A pooled group: its units and its overall result.
    pub members: Vec<Row<'a>>,
    pub overall: Opt<Overall>,
    pub csv_href: String,
    pub xlsx_href: String,
}

framed!(paged GroupPage => "group.html");

/// The group a ranking page is about.
#[derive(Serialize, Default)]
pub struct GroupHead<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub pooled: bool,
    pub metric: &'a str,
}

impl Site<'_> {
    pub(super) fn groups_index(&self, root: String, canonical: String) -> GroupPage<'_> {
        GroupPage {
            pager: Pager::single(&self.frame),
            root,
            canonical,
            section: "groups",
            title: self.lang.t("groups").to_string(),
            description: self.groups_description(),
            og_type: "website",
            image: self.share_image(Card::Home),
            is_index: true,
            groups: self.group_cards(),
            group: GroupHead::default(),
            period: self.period_info(self.current),
            periods: Vec::new(),
            rule: Vec::new(),
            rows: Vec::new(),
            members: Vec::new(),
            overall: Opt::none(),
            csv_href: String::new(),
            xlsx_href: String::new(),
        }
    }

    pub(super) fn group(
        &self,
        g: GroupIx,
        pi: PeriodIx,
        page: usize,
        root: String,
        canonical: String,
    ) -> GroupPage<'_> {
        let p = self.project;
        let group = &p.groups[g];
        let po = &self.outcome.periods[pi];
        let go = &po.groups[g];
        let rows: Vec<Row> =
            go.ranking.iter().skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE).map(|&u| self.row(po, u)).collect();
        let pid = &p.campaign.periods[pi].id;
        let periods = p
            .campaign
            .periods
            .iter_enumerated()
            .map(|(i, per)| PeriodTab {
                info: self.period_info(i),
                href: self.link(&urls::group_period(&group.id, &per.id)),
                current: i == pi,
            })
            .collect();
        let members: Vec<Row> =
            if self.pooled(g) { self.members[g].iter().map(|&u| self.row(po, u)).collect() } else { Vec::new() };
        let pages = pages_for(go.ranking.len());
        let pager = self.pager(&urls::group_period(&group.id, pid), page, pages);
        GroupPage {
            pager,
            root,
            canonical,
            section: "groups",
            title: format!("{} — {}", group.name, p.campaign.periods[pi].label),
            description: self.group_description(g, pi, page, pages),
            og_type: "website",
            image: self.share_image(Card::Group(g)),
            is_index: false,
            groups: Vec::new(),
            group: GroupHead {
                id: &group.id,
                name: &group.name,
                description: &group.description,
                pooled: self.pooled(g),
                metric: &p.campaign.metrics[group.rule.metric].label,
            },
            period: self.period_info(pi),
            periods,
            rule: self.rule_lines(g),
            rows,
            members,
            overall: self.overall(po, g).into(),
            csv_href: urls::ranking_csv(&group.id, pid),
            xlsx_href: urls::ranking_xlsx(&group.id, pid),
        }
    }

    /// Group cards with their leaders in the current period.
    pub(super) fn group_cards(&self) -> Vec<GroupCard<'_>> {
        let p = self.project;
        let po = &self.outcome.periods[self.current];
        p.groups
            .iter_enumerated()
            .map(|(g, group)| {
                let leaders: List<Row> = po.groups[g]
                    .ranking
                    .iter()
                    .take(3)
                    .filter(|&&u| po.units[u].rank.is_some())
                    .map(|&u| self.row(po, u))
                    .collect();
                let units = self.members[g].len();
                GroupCard {
                    name: &group.name,
                    href: self.link(&urls::group(&group.id)),
                    units,
                    units_label: self.lang.fill("unit_count", &[("n", &self.lang.int(units as i64))]),
                    leaders,
                    overall: self.overall(po, g).into(),
                }
            })
            .collect()
    }
}
