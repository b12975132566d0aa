//! Loading: project files → a typed, valid [`Project`], or every problem found.
//!
//! This stage reads files and checks each against the others (a results row
//! names a known unit, a month falls in a period …). It never computes awards.

pub mod bounds;
pub mod docs;
pub mod table;
pub mod text;
pub mod theme;
pub mod workbook;
pub mod yaml;

use crate::error::{Diagnostics, Location};
use crate::model::{Month, Project, Results};
use std::path::Path;

/// Loads the project in `dir`. Returns the project when no error was found;
/// the diagnostics hold every problem either way. Every file is checked even
/// when another one has errors, but a problem is reported once: rows naming a
/// unit or period whose own definition is wrong are not reported again.
pub fn load(dir: &Path) -> (Option<Project>, Diagnostics) {
    load_with(dir, None)
}

/// [`load`], with `base_url` (already checked, without its final `/`; may be empty) in
/// place of site.yaml's: `--base-url` on the command line.
pub fn load_with(dir: &Path, base_url: Option<&str>) -> (Option<Project>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut books = workbook::Workbooks::discover(dir, &mut diags);
    let site = text::read_text(dir, yaml::SITE, &mut diags).and_then(|t| yaml::site_with(&t, base_url, &mut diags));
    let campaign_text = text::read_text(dir, yaml::CAMPAIGN, &mut diags);
    let campaign = campaign_text.as_deref().and_then(|t| yaml::campaign(t, &mut diags));
    // Tables kept in a workbook are made into text first (their figure columns are the campaign's).
    let [mut units_book, mut targets_book, mut results_book, nominations_book] =
        books.read(campaign.as_ref(), &mut diags);
    let held = books.held();
    let read = |t: usize, book: &mut Option<String>, diags: &mut Diagnostics| {
        if held[t] { book.take() } else { text::read_text(dir, workbook::TABLES[t], diags) }
    };
    // results.csv is by far the largest file: read (decode, normalise) it meanwhile.
    let mut results_diags = Diagnostics::new();
    let (results_text, (units_text, targets_text)) = rayon::join(
        || read(2, &mut results_book, &mut results_diags),
        || (read(0, &mut units_book, &mut diags), read(1, &mut targets_book, &mut diags)),
    );
    diags.extend(results_diags);
    let nominations_text =
        if held[3] { nominations_book } else { text::read_optional(dir, table::NOMINATIONS, &mut diags) };
    let sources = books.sources();
    let (project, diags) = load_tables(
        dir,
        site,
        campaign_text,
        campaign,
        [units_text, targets_text, results_text, nominations_text],
        diags,
    );
    let diags = sources.relocate(diags);
    (project.map(|p| Project { sources, ..p }), diags)
}

/// The rest of [`load`], once every table's text is read.
fn load_tables(
    dir: &Path,
    site: Option<crate::model::Site>,
    campaign_text: Option<String>,
    campaign: Option<crate::model::Campaign>,
    [units_text, targets_text, results_text, nominations_text]: [Option<String>; 4],
    mut diags: Diagnostics,
) -> (Option<Project>, Diagnostics) {
    let groups_text = text::read_text(dir, yaml::GROUPS, &mut diags);
    // Without a readable site.yaml, pages are checked as if raw HTML were kept.
    let allow_html = site.as_ref().is_none_or(|s| s.allow_html);
    let pages = docs::load_dir(dir, "data/pages", false, allow_html, &mut diags);
    let news = docs::load_dir(dir, "data/news", true, allow_html, &mut diags);

    let Some(campaign) = campaign else {
        // Without metrics and periods nothing else can be checked but the units' ids.
        if let Some(t) = &units_text {
            table::units(t, &[], &mut diags);
        }
        return (None, diags);
    };
    let period_ids = campaign_text.as_deref().map(yaml::period_ids).unwrap_or_default();
    let groups = groups_text.and_then(|t| yaml::groups(&t, &campaign, &mut diags));
    let (units, unit_ids) = match &units_text {
        Some(t) => table::units(t, groups.as_deref().unwrap_or_default(), &mut diags),
        None => (crate::model::IndexVec::new(), None),
    };
    let known = table::Known {
        units: unit_ids,
        all_periods_valid: period_ids.len() == campaign.periods.len(),
        periods: period_ids.into_iter().collect(),
    };
    // Targets, results and nominations depend on the units only: parse them side by side.
    let (mut results_diags, mut nominations_diags) = (Diagnostics::new(), Diagnostics::new());
    let (targets, ((results, as_of), nominations)) = rayon::join(
        || match &targets_text {
            Some(t) => table::targets(t, &campaign, &units, &known, &mut diags),
            None => crate::model::IndexVec::new(),
        },
        || {
            rayon::join(
                || match &results_text {
                    Some(t) => table::results(t, &campaign, &units, &known, &mut results_diags),
                    None => (Results::new(0, campaign.month_span().0, 0, 0), None),
                },
                || match (&nominations_text, &groups) {
                    (Some(t), Some(groups)) if !groups.is_empty() => {
                        table::nominations(t, &campaign, groups, &units, &known, &mut nominations_diags)
                    }
                    _ => Vec::new(),
                },
            )
        },
    );
    diags.extend(results_diags);
    diags.extend(nominations_diags);
    let (Some(site), Some(groups)) = (site, groups) else {
        return (None, diags);
    };
    if diags.has_errors() {
        return (None, diags);
    }
    if let Some(t) = &campaign_text {
        unstarted_periods(t, &campaign, as_of, &mut diags);
    }
    let mut pages = pages;
    pages.sort_by(|a, b| (a.weight, &a.slug).cmp(&(b.weight, &b.slug)));
    let mut news = news;
    news.sort_by(|a, b| (b.date, &a.slug).cmp(&(a.date, &b.slug)));
    let groups = crate::model::IndexVec::from_vec(groups);
    let sources = workbook::Sources::default();
    let project = Project { site, campaign, groups, units, targets, results, as_of, nominations, pages, news, sources };
    (Some(project), diags)
}

/// site.yaml, when it can be read, without reporting its problems (`load` does):
/// to load the theme when other files have errors. `None` also when the theme's
/// name is not a folder name.
pub fn site_quietly(dir: &Path) -> Option<crate::model::Site> {
    let mut quiet = Diagnostics::new();
    let text = text::read_text(dir, yaml::SITE, &mut quiet)?;
    yaml::site(&text, &mut quiet).filter(|s| crate::model::is_slug(&s.theme))
}

/// The `language:` of site.yaml, as long as the file can be read as YAML, whatever else
/// is wrong in it (messages about it are said in that language); `None` when it cannot.
pub fn language_quietly(dir: &Path) -> Option<crate::model::Language> {
    let mut quiet = Diagnostics::new();
    let text = text::read_text(dir, yaml::SITE, &mut quiet)?;
    if !bounds::yaml(yaml::SITE, &text, &mut quiet) {
        return None;
    }
    let value: serde_yaml::Value = serde_yaml::from_str(&text).ok()?;
    match value.get("language").map(|l| l.as_str().map(str::trim)) {
        None | Some(Some("vi" | "")) => Some(crate::model::Language::Vi),
        Some(Some("en")) => Some(crate::model::Language::En),
        Some(_) => None,
    }
}

/// Warns about periods without a month of results yet, at their place in campaign.yaml.
fn unstarted_periods(text: &str, campaign: &crate::model::Campaign, as_of: Option<Month>, diags: &mut Diagnostics) {
    let Some(as_of) = as_of else {
        return; // "there are no results in results.csv yet" says it all.
    };
    let loc = text::Locator::new(text);
    let mut cursor = loc.find(1, "periods", "").max(1);
    for p in &campaign.periods {
        let (line, column) = loc.pos_or(cursor, "id", &p.id, 0);
        if line > 0 {
            cursor = line + 1;
        }
        if p.from > as_of {
            diags.warn(
                Location::at(yaml::CAMPAIGN, line, column),
                crate::msg!("period-not-started", id = &p.id, from = p.from.to_string(), as_of = as_of.to_string()),
            );
        }
    }
}

/// Test helper: the same files listed in different orders (every rotation, forwards and
/// backwards, and fixed pseudo-random shuffles), as a file system might list them.
#[cfg(test)]
pub(crate) fn listing_orders(names: &[&str]) -> Vec<Vec<String>> {
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let mut out = Vec::new();
    for r in 0..names.len() {
        let mut v = names.clone();
        v.rotate_left(r);
        out.push(v.clone());
        v.reverse();
        out.push(v);
    }
    for seed in 1..=20u64 {
        let mut v = names.clone();
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        for i in (1..v.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            v.swap(i, (x % (i as u64 + 1)) as usize);
        }
        out.push(v);
    }
    out
}
