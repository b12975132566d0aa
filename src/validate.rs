//! Checks that need computed results, and warnings that do not stop a build.

use crate::error::{Diagnostics, Location};
use crate::format::{NumberFormat, percent_hundredths};
use crate::load::{table, yaml};
use crate::model::{AwardKind, Basis, GroupIx, Holder, Language, PeriodIx, Project, UnitIx};
use crate::rules::Outcome;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Errors: nominations over quota or for a unit (or pool) that did not qualify.
pub fn nominations(project: &Project, outcome: &Outcome, diags: &mut Diagnostics) {
    let nf = NumberFormat::for_language(Language::En);
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
                let why = match r.target {
                    Some(t) => nf.percent(percent_hundredths(r.value, t)),
                    None => "no target".to_string(),
                };
                (project.units[u].id.as_str(), r.qualified, r.awards, why)
            }
            HolderKey::Group(g) => {
                let o = po.groups[g].overall.as_ref();
                let why = match o.and_then(|o| o.target.map(|t| (o.value, t))) {
                    Some((v, t)) => nf.percent(percent_hundredths(v, t)),
                    None => "no overall target".to_string(),
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
            diags.error(
                Location::line(table::NOMINATIONS, first.line),
                format!(
                    "`{id}` did not qualify in period `{}` ({why}), so it has no award to propose ({} name(s) listed)",
                    period.id,
                    list.len()
                ),
                "remove its rows for this period, or correct the figures if they are wrong",
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
                let kind = match nom.kind {
                    AwardKind::Collective => "collective",
                    AwardKind::Individual => "individual",
                };
                diags.error(
                    Location::line(table::NOMINATIONS, nom.line),
                    format!(
                        "one {kind} name too many for `{id}` in period `{}`: it earned {}",
                        period.id,
                        quota_text(awards)
                    ),
                    "remove this row or move it to another kind the quota allows",
                );
            }
        }
    }
}

fn quota_text(a: crate::model::Awards) -> String {
    let mut parts = Vec::new();
    if a.any > 0 {
        parts.push(format!("{} of either kind", a.any));
    }
    if a.collective > 0 {
        parts.push(format!("{} collective", a.collective));
    }
    if a.individual > 0 {
        parts.push(format!("{} individual", a.individual));
    }
    parts.join(" + ")
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

/// Warnings: likely mistakes that do not stop a build.
pub fn warnings(project: &Project, outcome: &Outcome, diags: &mut Diagnostics) {
    // The warnings about site.yaml's base_url and about periods without results
    // are given while loading, where the files' lines are known.
    let campaign = &project.campaign;
    let Some(as_of) = project.as_of else {
        diags.warning(
            Location::file(table::RESULTS),
            "results.csv has no rows yet",
            "append the first month's figures",
        );
        return;
    };
    for po in &outcome.periods {
        let period = &campaign.periods[po.period];
        if po.counted_to.is_none() {
            continue;
        }
        for (g, group) in project.groups.iter_enumerated() {
            let metric = &campaign.metrics[group.rule.metric];
            if group.rule.basis == Basis::Overall && po.totals[group.rule.metric].target.is_none() {
                diags.warning(
                    Location::file(yaml::CAMPAIGN),
                    format!(
                        "group `{}` is judged on the campaign total, but period `{}` has no overall_target for {}: the group earns nothing",
                        project.groups[g].id, period.id, metric.id
                    ),
                    format!("add `{}: …` to the period's overall_target if the level above assigned one", metric.id),
                );
            }
        }
        for (u, unit) in project.units.iter_enumerated() {
            let rule = &project.groups[unit.group].rule;
            if rule.basis != Basis::Unit {
                continue;
            }
            if po.units[u].target.is_none() {
                diags.warning(
                    Location::file(table::TARGETS),
                    format!(
                        "`{}` has no {} target for period `{}`: it is listed unranked and earns nothing",
                        unit.id, campaign.metrics[rule.metric].id, period.id
                    ),
                    "add its row to targets.csv if a target was assigned",
                );
            }
            if period.contains(as_of) && !project.results.is_reported(u, as_of) {
                diags.warning(
                    Location::file(table::RESULTS),
                    format!("`{}` has not reported {as_of}", unit.id),
                    "add its row when the figures arrive; the site marks the month \"not reported\"",
                );
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
                            diags.warning(
                                Location::line(table::RESULTS, r.line(u, m).unwrap_or(0)),
                                format!(
                                    "{} of `{}` in {m} is {v}, more than ten times its usual {usual}",
                                    project.campaign.columns[c], project.units[u].id
                                ),
                                "check for a typo (an extra digit?); if the figure is right, ignore this warning",
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
    let hint = "move the file under assets/ (or another folder of your own) and link it from there";
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
            diags.error(place, format!("`{path}` is a file the build writes itself"), hint);
        } else if is_folder {
            diags.error(
                place,
                format!("`{path}` is a folder the build writes itself, so a file cannot have its name"),
                hint,
            );
        } else if let Some(above) = file_above {
            diags.error(place, format!("`{path}` needs a folder `{above}`, but the build writes a file there"), hint);
        }
    }
}
