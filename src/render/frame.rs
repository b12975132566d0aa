//! What every page shares — the site, the menu, the interface strings — and the
//! small value types that let one template source compile with askama and run
//! with Tera.
//!
//! The built-in templates are valid in both engines: askama compiles them
//! against the page views (a misspelt variable is a compile error), and Tera
//! reads them when a theme overrides one. Where the two languages differ, the
//! templates keep to what both read alike, and the views give them values that
//! behave alike: a condition is a `bool`, an [`Opt`] (Tera sees the value or
//! `null`), a [`List`] (Tera sees the list) or a comparison with `""`.

use super::text::Lang;
use crate::model::Project;
use crate::urls;
use askama::PrimitiveType;
use askama::filters::Safe;
use serde::Serialize;
use std::fmt;
use std::ops::Deref;

/// Declares [`Strings`]: the interface strings the built-in templates show (`t.…`).
macro_rules! strings {
    ($($key:ident),* $(,)?) => {
        /// Interface strings (`t.…` in templates) of the site's language, escaped for
        /// HTML once per build. Tera receives the whole catalogue instead, with a theme's
        /// own keys, and escapes as it writes.
        pub struct Strings { $(pub $key: Safe<String>,)* }

        impl Strings {
            pub fn new(lang: &Lang) -> Strings {
                Strings { $($key: Safe(super::escape::html(lang.t(stringify!($key)))),)* }
            }
        }
    };
}

strings!(
    as_of,
    awards_names,
    awards_no_names,
    awards_none,
    awards_pool,
    awards_quota,
    awards_title,
    awards_total,
    back_home,
    badge_decided,
    badge_provisional,
    campaign_dates,
    campaign_progress,
    campaign_total,
    chart_target,
    col_awards,
    col_change,
    col_cumulative,
    col_explanation,
    col_metric,
    col_month,
    col_net,
    col_percent,
    col_qualified,
    col_rank,
    col_target,
    col_unit,
    col_value,
    collective,
    data_note,
    decided,
    download_csv,
    download_json,
    download_shortlist_csv,
    download_shortlist_xlsx,
    download_results_xlsx,
    download_xlsx,
    feed_link,
    generated_by,
    group,
    group_members,
    groups,
    individual,
    issuer,
    leaders,
    months_all,
    national_allocation,
    national_none,
    national_shortlist,
    national_title,
    nav_groups,
    nav_label,
    news_all,
    news_latest,
    news_none,
    no,
    no_target,
    not_found_text,
    not_qualified,
    not_reported,
    nothing,
    of_overall_target,
    of_target,
    page_next,
    page_prev,
    periods,
    provisional,
    rule_title,
    scroll_hint,
    search_button,
    search_count,
    search_count_more,
    search_failed,
    search_groups,
    search_label,
    search_loading,
    search_none,
    search_placeholder,
    search_results,
    search_some,
    search_vague,
    skip_to_content,
    unit_group,
    unit_monthly,
    unit_no_data,
    unit_other_metrics,
    unit_pool_note,
    unit_rank,
    units_letters,
    unranked,
    updated,
    view_ranking,
    yes,
);

/// The values every page's frame (`base.html`) shows, the same on every page. Page
/// views reach them through `Deref`, as askama templates do; Tera gets them as globals.
pub struct Frame<'a> {
    pub t: Strings,
    pub site: SiteView<'a>,
    pub campaign: CampaignView<'a>,
    pub nav: Vec<NavItem>,
    /// "tháng 06/2023", or empty before the campaign has figures.
    pub as_of: String,
    /// The build date, when `SOURCE_DATE_EPOCH` gives one.
    pub updated: String,
    /// `index.html` when links must work from disk, else empty (pretty URLs).
    pub ix: &'static str,
    pub results_href: &'static str,
    /// The address of `data/results.xlsx`.
    pub results_xlsx_href: &'static str,
    pub feed_href: &'static str,
    /// The unit index, where the header's search form leads.
    pub units_href: String,
}

impl<'a> Frame<'a> {
    pub fn new(project: &'a Project, lang: &Lang, ix: &'static str, as_of: String, updated: String) -> Frame<'a> {
        let item = |key: &str, label: &str, dir: &str| NavItem {
            key: key.to_string(),
            label: label.to_string(),
            href: format!("{dir}{ix}"),
        };
        let mut nav = vec![
            item("overview", lang.t("nav_overview"), urls::HOME),
            item("groups", lang.t("nav_groups"), urls::GROUPS),
            item("units", lang.t("nav_units"), urls::UNITS),
            item("awards", lang.t("nav_awards"), urls::AWARDS),
            item("months", lang.t("nav_months"), urls::MONTHS),
        ];
        if !project.news.is_empty() {
            nav.push(item("news", lang.t("nav_news"), urls::NEWS));
        }
        for p in &project.pages {
            nav.push(item(&format!("page-{}", p.slug), &p.title, &urls::page(&p.slug)));
        }
        let c = &project.campaign;
        Frame {
            t: Strings::new(lang),
            site: SiteView {
                title: &project.site.title,
                description: &project.site.description,
                footer: &project.site.footer,
                lang: lang.language.code(),
                locale: match lang.language {
                    crate::model::Language::Vi => "vi_VN",
                    crate::model::Language::En => "en_US",
                },
            },
            campaign: CampaignView {
                title: &c.title,
                issuer: &c.issuer,
                starts: lang.date(c.starts),
                ends: lang.date(c.ends),
                description: &c.description,
            },
            nav,
            as_of,
            updated,
            ix,
            results_href: urls::RESULTS_JSON,
            results_xlsx_href: urls::RESULTS_XLSX,
            feed_href: urls::FEED,
            units_href: format!("{}{ix}", urls::UNITS),
        }
    }

    /// Makes the frame Tera's global context; `t` is the whole catalogue.
    pub fn set_globals(&self, tera: &mut tera::Tera, lang: &Lang) {
        let g = tera.global_context();
        g.insert("t", &lang.strings);
        g.insert("ix", self.ix);
        g.insert("site", &self.site);
        g.insert("campaign", &self.campaign);
        g.insert("as_of", &self.as_of);
        g.insert("updated", &self.updated);
        g.insert("nav", &self.nav);
        g.insert("results_href", self.results_href);
        g.insert("results_xlsx_href", self.results_xlsx_href);
        g.insert("feed_href", self.feed_href);
        g.insert("units_href", &self.units_href);
    }
}

/// A page's view: the struct its template compiles against, also serialised for Tera.
pub trait PageView: askama::Template + Serialize {
    /// The template's file name, the same in both engines (`unit.html`).
    const TEMPLATE: &'static str;
}

/// Declares page views: each reaches the [`Frame`] through `Deref` (as `base.html`
/// needs) and names its template.
macro_rules! framed {
    ($($view:ident => $template:literal),* $(,)?) => {$(
        impl<'a> std::ops::Deref for $view<'a> {
            type Target = super::frame::Frame<'a>;

            fn deref(&self) -> &super::frame::Frame<'a> {
                self.frame
            }
        }

        impl super::frame::PageView for $view<'_> {
            const TEMPLATE: &'static str = $template;
        }
    )*};
    // A paginated view reaches its pager, and the frame through it.
    (paged $($view:ident => $template:literal),* $(,)?) => {$(
        impl<'a> std::ops::Deref for $view<'a> {
            type Target = super::views::Pager<'a>;

            fn deref(&self) -> &super::views::Pager<'a> {
                &self.pager
            }
        }

        impl super::frame::PageView for $view<'_> {
            const TEMPLATE: &'static str = $template;
        }
    )*};
}
pub(crate) use framed;

/// `site.yaml` as pages show it.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub footer: &'a str,
    pub lang: &'static str,
    /// `og:locale`: `vi_VN` or `en_US`.
    pub locale: &'static str,
}

/// `campaign.yaml` as pages show it, dates formatted.
#[derive(Serialize)]
pub struct CampaignView<'a> {
    pub title: &'a str,
    pub issuer: &'a str,
    pub starts: String,
    pub ends: String,
    pub description: &'a str,
}

/// An entry of the main navigation.
#[derive(Serialize)]
pub struct NavItem {
    pub key: String,
    pub label: String,
    pub href: String,
}

/// A value that may be absent. `{% if x %}` tests it in both engines; Tera sees the
/// value or `null`. Absent, it holds `T::default()`, so a template that reads a field
/// of an absent value reads a default, never fails.
#[derive(Debug, Clone, Default)]
pub struct Opt<T> {
    present: bool,
    value: T,
}

impl<T: Default> Opt<T> {
    pub fn none() -> Opt<T> {
        Opt { present: false, value: T::default() }
    }
}

impl<T> Opt<T> {
    pub fn some(value: T) -> Opt<T> {
        Opt { present: true, value }
    }

    pub fn get(&self) -> Option<&T> {
        self.present.then_some(&self.value)
    }
}

impl<T: Default> From<Option<T>> for Opt<T> {
    fn from(o: Option<T>) -> Opt<T> {
        o.map_or_else(Opt::none, Opt::some)
    }
}

impl<T> PrimitiveType for Opt<T> {
    type Value = bool;

    fn get(&self) -> bool {
        self.present
    }
}

impl<T> Deref for Opt<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: fmt::Display> fmt::Display for Opt<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.present { self.value.fmt(f) } else { Ok(()) }
    }
}

impl<T: askama::FastWritable> askama::FastWritable for Opt<T> {
    fn write_into(&self, dest: &mut dyn fmt::Write, values: &dyn askama::Values) -> askama::Result<()> {
        if self.present { self.value.write_into(dest, values) } else { Ok(()) }
    }
}

impl<T: Serialize> Serialize for Opt<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.present { self.value.serialize(serializer) } else { serializer.serialize_none() }
    }
}

/// A list; `{% if list %}` is true when it has entries, in both engines.
#[derive(Debug, Clone)]
pub struct List<T>(pub Vec<T>);

impl<T> Default for List<T> {
    fn default() -> List<T> {
        List(Vec::new())
    }
}

impl<T> PrimitiveType for List<T> {
    type Value = bool;

    fn get(&self) -> bool {
        !self.0.is_empty()
    }
}

impl<T> Deref for List<T> {
    type Target = Vec<T>;

    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<'l, T> IntoIterator for &'l List<T> {
    type Item = &'l T;
    type IntoIter = std::slice::Iter<'l, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T> FromIterator<T> for List<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> List<T> {
        List(iter.into_iter().collect())
    }
}

impl<T: Serialize> Serialize for List<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}
