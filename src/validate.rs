//! Checks that need computed results, and warnings that do not stop a build.

use crate::error::{Diagnostics, Location};
use crate::format::{NumberFormat, percent_hundredths};
use crate::load::workbook::Sources;
use crate::load::{table, yaml};
use crate::messages::{Arg, Message};
use crate::model::{AwardKind, Basis, GroupIx, Holder, PeriodIx, Project, UnitIx};
use crate::msg;
use crate::rules::Outcome;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Errors: nominations over quota or for a unit (or pool) that did not qualify.
pub fn nominations(project: &Project, outcome: &Outcome, diags: &mut Diagnostics) {
    // (period, holder) → nomination indexes, in file order.
    let mut by_holder: BTreeMap<(PeriodIx, HolderKey), Vec<usize>> = BTreeMap::new();
    for (i, n) in project.nominations.iter().enumerate() {
        by_holder.entry((n.period, HolderKey::from(n.holder))).or_default().push(i);
    }
    for ((p, key), list) in by_holder {
        let period = &project.campaign.periods[p];
        let po = &outcome.periods[p];
        let (id, qualified, awards, why) = match key {
            HolderKey::Unit(u) => {
                let r = &po.units[u];
                let why: Arg = match r.target {
                    Some(t) => percent(percent_hundredths(r.value, t)),
                    None => msg!("nomination-no-target").into(),
                };
                (project.units[u].id.as_str(), r.qualified, r.awards, why)
            }
            HolderKey::Group(g) => {
                let o = po.groups[g].overall.as_ref();
                let why: Arg = match o.and_then(|o| o.target.map(|t| (o.value, t))) {
                    Some((v, t)) => percent(percent_hundredths(v, t)),
                    None => msg!("nomination-no-overall-target").into(),
                };
                (
                    project.groups[g].id.as_str(),
                    o.is_some_and(|o| o.qualified),
                    o.map(|o| o.awards).unwrap_or_default(),
                    why,
                )
            }
        };
        let first = &project.nominations[list[0]];
        if !qualified {
            diags.err(
                Location::line(table::NOMINATIONS, first.line),
                msg!("nomination-not-qualified", id = id, period = &period.id, why = why, names = list.len()),
            );
            continue;
        }
        let (mut c, mut i, mut any) = (awards.collective, awards.individual, awards.any);
        for &n in &list {
            let nom = &project.nominations[n];
            let own = match nom.kind {
                AwardKind::Collective => &mut c,
                AwardKind::Individual => &mut i,
            };
            if *own > 0 {
                *own -= 1;
            } else if any > 0 {
                any -= 1;
            } else {
                let message = match nom.kind {
                    AwardKind::Collective => {
                        msg!("nomination-collective-too-many", id = id, period = &period.id, quota = quota_text(awards))
                    }
                    AwardKind::Individual => {
                        msg!("nomination-individual-too-many", id = id, period = &period.id, quota = quota_text(awards))
                    }
                };
                diags.err(Location::line(table::NOMINATIONS, nom.line), message);
            }
        }
    }
}

/// A percentage as each language writes it (`104.5%`, `104,5%`).
fn percent(hundredths: i64) -> Arg {
    Arg::each(|lang| NumberFormat::for_language(lang).percent(hundredths))
}

/// What a unit or pool earned: "2 of either kind + 1 collective".
fn quota_text(a: crate::model::Awards) -> Arg {
    let mut parts: Vec<Message> = Vec::new();
    if a.any > 0 {
        parts.push(msg!("quota-any", count = a.any));
    }
    if a.collective > 0 {
        parts.push(msg!("quota-collective", count = a.collective));
    }
    if a.individual > 0 {
        parts.push(msg!("quota-individual", count = a.individual));
    }
    Arg::each(|lang| parts.iter().map(|m| m.text(lang)).collect::<Vec<_>>().join(" + "))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum HolderKey {
    Unit(UnitIx),
    Group(GroupIx),
}

impl From<Holder> for HolderKey {
    fn from(h: Holder) -> Self {
        match h {
            Holder::Unit(u) => HolderKey::Unit(u),
            Holder::Group(g) => HolderKey::Group(g),
        }
    }
}

/// Warnings: likely mistakes that do not stop a build. `sources`: where the tables kept
/// in workbooks came from (a unit that has not reported is named at its month's sheet).
pub fn warnings(project: &Project, outcome: &Outcome, sources: &Sources, diags: &mut Diagnostics) {
    // The warnings about site.yaml's base_url and about periods without results
    // are given while loading, where the files' lines are known.
    let campaign = &project.campaign;
    let Some(as_of) = project.as_of else {
        diags.warn(Location::file(table::RESULTS), msg!("results-empty", table = table::table_name(table::RESULTS)));
        return;
    };
    // No row of a unit for the as-of month: the results table is named, or the month's
    // sheet when the results are kept a sheet per month.
    let not_reported = sources.month_sheet(table::RESULTS, as_of).unwrap_or_else(|| Location::file(table::RESULTS));
    for po in &outcome.periods {
        let period = &campaign.periods[po.period];
        if po.counted_to.is_none() {
            continue;
        }
        for (g, group) in project.groups.iter_enumerated() {
            let metric = &campaign.metrics[group.rule.metric];
            if group.rule.basis == Basis::Overall && po.totals[group.rule.metric].target.is_none() {
                diags.warn(
                    Location::file(yaml::CAMPAIGN),
                    msg!("overall-no-target", group = &project.groups[g].id, period = &period.id, metric = &metric.id),
                );
            }
        }
        for (u, unit) in project.units.iter_enumerated() {
            let rule = &project.groups[unit.group].rule;
            if rule.basis != Basis::Unit {
                continue;
            }
            if po.units[u].target.is_none() {
                diags.warn(
                    Location::file(table::TARGETS),
                    msg!(
                        "unit-no-target",
                        unit = &unit.id,
                        metric = &campaign.metrics[rule.metric].id,
                        period = &period.id,
                        table = table::table_name(table::TARGETS)
                    ),
                );
            }
            if period.contains(as_of) && !project.results.is_reported(u, as_of) {
                diags.warn(not_reported.clone(), msg!("unit-not-reported", unit = &unit.id, month = as_of.to_string()));
            }
        }
    }
    spikes(project, diags);
}

/// A month more than ten times a unit's usual figure for a column is likely a typo.
fn spikes(project: &Project, diags: &mut Diagnostics) {
    let r = &project.results;
    let months: Vec<_> = r.first.through(r.first.plus(r.months.saturating_sub(1))).collect();
    let units: Vec<UnitIx> = project.units.ixs().collect();
    // Units side by side, in blocks whose messages are then kept in unit order.
    let found: Vec<Diagnostics> = units
        .par_chunks(1024)
        .map(|block| {
            let mut diags = Diagnostics::new();
            let mut column: Vec<i64> = Vec::with_capacity(months.len());
            for &u in block {
                for c in 0..r.columns {
                    column.clear();
                    column.extend(months.iter().filter(|&&m| r.is_reported(u, m)).map(|&m| r.row(u, m)[c]));
                    if column.len() < 4 {
                        continue;
                    }
                    let middle = column.len() / 2;
                    let usual = *column.select_nth_unstable(middle).1;
                    if usual <= 0 {
                        continue;
                    }
                    for &m in &months {
                        if !r.is_reported(u, m) {
                            continue;
                        }
                        let v = r.row(u, m)[c];
                        if v > 10 * usual && v >= 100 {
                            diags.warn(
                                Location::line(table::RESULTS, r.line(u, m).unwrap_or(0)),
                                msg!(
                                    "results-spike",
                                    column = &project.campaign.columns[c],
                                    unit = &project.units[u].id,
                                    month = m.to_string(),
                                    value = v.to_string(),
                                    usual = usual.to_string()
                                ),
                            );
                        }
                    }
                }
            }
            diags
        })
        .collect();
    for d in found {
        diags.extend(d);
    }
}

/// Errors: a theme's static file at a path the build writes itself would race
/// with that page (or replace it), so it must live elsewhere (e.g. `assets/`).
pub fn theme_statics(project: &Project, theme: &crate::load::theme::Theme, diags: &mut Diagnostics) {
    let pages: Vec<&str> = project.pages.iter().map(|p| p.slug.as_str()).collect();
    static_paths(&project.site.theme, &pages, theme, diags);
}

/// [`theme_statics`] for the theme `theme_name` with pages at `pages` (their slugs):
/// a static file of the theme may not be a file the build writes, lie in a folder
/// it writes (a page's, `groups/` …), have the name of such a folder, or need a
/// folder where the build (or another static file) writes a file.
pub fn static_paths(theme_name: &str, pages: &[&str], theme: &crate::load::theme::Theme, diags: &mut Diagnostics) {
    use crate::urls::{FOLDERS, ROOT_FILES};
    let is_file = |p: &str| ROOT_FILES.contains(&p) || p == crate::output::MARKER;
    // The folders other static files need (`assets` for `assets/style.css` …).
    let needed: std::collections::BTreeSet<&str> =
        theme.statics.keys().flat_map(|p| p.match_indices('/').map(move |(i, _)| &p[..i])).collect();
    for path in &theme.own_statics {
        let place = Location::file(format!("themes/{theme_name}/static/{path}"));
        let first = path.split('/').next().unwrap_or_default();
        let taken = is_file(path) || (path.contains('/') && (FOLDERS.contains(&first) || pages.contains(&first)));
        let is_folder =
            FOLDERS.contains(&path.as_str()) || pages.contains(&path.as_str()) || needed.contains(path.as_str());
        // A folder above the file that the build, or another static file, writes as a file.
        let file_above = path
            .match_indices('/')
            .map(|(i, _)| &path[..i])
            .find(|above| is_file(above) || theme.statics.contains_key(*above));
        if taken {
            diags.err(place, msg!("static-is-built-file", path = path));
        } else if is_folder {
            diags.err(place, msg!("static-is-built-folder", path = path));
        } else if let Some(above) = file_above {
            diags.err(place, msg!("static-needs-folder", path = path, above = above));
        }
    }
}
