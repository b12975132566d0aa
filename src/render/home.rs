//! The overview (`index.html`): the campaign, its progress, the group cards,
//! the periods and the latest news.

use super::frame::{Frame, List, Opt, framed};
use super::share::{Card, ShareImage};
use super::site::Site;
use super::views::{GroupCard, MetricView, PeriodInfo};
use crate::model::PeriodIx;
use crate::rules::PeriodOutcome;
use crate::urls;
use askama::Template;
use serde::Serialize;

/// The view of `index.html`.
#[derive(Template, Serialize)]
#[template(path = "index.html")]
pub struct IndexPage<'a> {
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
    /// The current period.
    pub period: &'a PeriodInfo,
    /// Every period with its campaign totals, in order.
    pub periods: Vec<PeriodTotals<'a>>,
    /// The periods that have started, latest first: the progress sections.
    pub progress: Vec<PeriodTotals<'a>>,
    /// The current period's totals.
    pub totals: Vec<MetricView<'a>>,
    pub groups: Vec<GroupCard<'a>>,
    /// The latest five.
    pub news: List<super::news::NewsItem<'a>>,
    pub news_href: String,
}

framed!(IndexPage => "index.html");

/// A period and its campaign totals per metric against the overall targets.
#[derive(Serialize)]
pub struct PeriodTotals<'a> {
    #[serde(flatten)]
    pub info: &'a PeriodInfo,
    pub totals: Vec<MetricView<'a>>,
}

impl std::ops::Deref for PeriodTotals<'_> {
    type Target = PeriodInfo;

    fn deref(&self) -> &PeriodInfo {
        self.info
    }
}

impl Site<'_> {
    pub(super) fn index(&self, root: String, canonical: String) -> IndexPage<'_> {
        let p = self.project;
        let with_totals =
            |pi: PeriodIx| PeriodTotals { info: self.period_info(pi), totals: self.totals(&self.outcome.periods[pi]) };
        let periods = p.campaign.periods.ixs().map(with_totals).collect();
        let progress = p
            .campaign
            .periods
            .ixs()
            .rev()
            .filter(|&pi| self.outcome.periods[pi].status != crate::rules::PeriodStatus::NotStarted)
            .map(with_totals)
            .collect();
        IndexPage {
            frame: &self.frame,
            root,
            canonical,
            section: "overview",
            title: &p.site.title,
            description: self.home_description(),
            og_type: "website",
            image: self.share_image(Card::Home),
            period: self.period_info(self.current),
            periods,
            progress,
            totals: self.totals(&self.outcome.periods[self.current]),
            groups: self.group_cards(),
            news: self.news_items(5),
            news_href: self.link(urls::NEWS),
        }
    }

    /// A period's campaign totals per metric against the overall targets.
    fn totals(&self, po: &PeriodOutcome) -> Vec<MetricView<'_>> {
        let l = self.lang;
        po.totals
            .iter_enumerated()
            .map(|(m, t)| MetricView {
                label: &self.project.campaign.metrics[m].label,
                value: l.int(t.value),
                target: t.target.map(|x| l.int(x)).unwrap_or_default(),
                percent: self.percent(t.value, t.target),
                bar: Self::bar(t.value, t.target),
            })
            .collect()
    }
}
