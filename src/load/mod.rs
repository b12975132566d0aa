//! Loading: project files → a typed, valid [`Project`], or every problem found.
//!
//! This stage reads files and checks each against the others (a results row
//! names a known unit, a month falls in a period …). It never computes awards.

pub mod docs;
pub mod table;
pub mod text;
pub mod theme;
pub mod yaml;

use crate::error::Diagnostics;
use crate::model::{Project, Results};
use std::path::Path;

/// Loads the project in `dir`. Returns the project when no error was found;
/// the diagnostics hold every problem either way.
pub fn load(dir: &Path) -> (Option<Project>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let site = text::read_text(dir, yaml::SITE, &mut diags).and_then(|t| yaml::site(&t, &mut diags));
    let campaign = text::read_text(dir, yaml::CAMPAIGN, &mut diags).and_then(|t| yaml::campaign(&t, &mut diags));
    let units_text = text::read_text(dir, table::UNITS, &mut diags);
    let targets_text = text::read_text(dir, table::TARGETS, &mut diags);
    let results_text = text::read_text(dir, table::RESULTS, &mut diags);
    let nominations_text = text::read_optional(dir, table::NOMINATIONS, &mut diags);
    let groups_text = text::read_text(dir, yaml::GROUPS, &mut diags);
    let pages = docs::load_dir(dir, "data/pages", false, &mut diags);
    let news = docs::load_dir(dir, "data/news", true, &mut diags);

    let Some(campaign) = campaign else {
        return (None, diags);
    };
    let Some(groups) = groups_text.and_then(|t| yaml::groups(&t, &campaign, &mut diags)) else {
        return (None, diags);
    };
    let units = units_text.map(|t| table::units(&t, &groups, &mut diags)).unwrap_or_default();
    let targets = match &targets_text {
        Some(t) => table::targets(t, &campaign, &units, &mut diags),
        None => Vec::new(),
    };
    let (results, as_of) = match &results_text {
        Some(t) => table::results(t, &campaign, &units, &mut diags),
        None => (Results::new(0, campaign.month_span().0, 0, 0), None),
    };
    let nominations = match &nominations_text {
        Some(t) => table::nominations(t, &campaign, &groups, &units, &mut diags),
        None => Vec::new(),
    };
    let Some(site) = site else {
        return (None, diags);
    };
    if diags.has_errors() {
        return (None, diags);
    }
    let mut pages = pages;
    pages.sort_by(|a, b| (a.weight, &a.slug).cmp(&(b.weight, &b.slug)));
    let mut news = news;
    news.sort_by(|a, b| (b.date, &a.slug).cmp(&(a.date, &b.slug)));
    let project = Project { site, campaign, groups, units, targets, results, as_of, nominations, pages, news };
    (Some(project), diags)
}
