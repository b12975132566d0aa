//! data/groups.yaml: the groups of units and each one's award rule (metric,
//! basis, qualifying level, awards and bonus levels).

use super::{AwardsYaml, GROUPS, Scalar, award_counts, parse};
use crate::error::{Diagnostics, Location};
use crate::load::bounds::is_blank;
use crate::load::text::Locator;
use crate::messages::{did_you_mean, first_of};
use crate::model::{Basis, Bonus, Campaign, Group, MetricIx, Percent, PeriodIx, Rule, is_slug};
use crate::msg;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupsYaml {
    groups: Vec<GroupYaml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupYaml {
    id: Scalar,
    name: String,
    #[serde(default)]
    description: Option<String>,
    rule: RuleYaml,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleYaml {
    metric: String,
    #[serde(default)]
    basis: Option<String>,
    qualify_at: Scalar,
    awards: AwardsYaml,
    #[serde(default)]
    bonuses: Vec<BonusYaml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BonusYaml {
    at: Scalar,
    #[serde(default)]
    add: AwardsYaml,
}

pub fn groups(text: &str, campaign: &Campaign, diags: &mut Diagnostics) -> Option<Vec<Group>> {
    let raw: GroupsYaml = parse(GROUPS, text, diags)?;
    let loc = Locator::new(text);
    let at = |(line, column): (usize, usize)| Location::at(GROUPS, line.max(1), column);
    let metric_ids: Vec<&str> = campaign.metrics.iter().map(|m| m.id.as_str()).collect();
    let mut groups: Vec<Group> = Vec::new();
    // Where each group's id is, for messages about pairs of groups.
    let mut places = Vec::new();
    let mut cursor = 1;
    for g in raw.groups {
        let gid = g.id.text();
        let gpos = loc.pos_or(cursor, "id", &gid, cursor);
        let gline = gpos.0;
        cursor = gline + 1;
        if !is_slug(&gid) {
            diags.err(at(gpos), msg!("group-bad-id", id = &gid));
        }
        if groups.iter().any(|x| x.id == gid) {
            diags.err(at(gpos), msg!("group-duplicate-id", id = &gid));
        }
        if is_blank(&g.name) {
            diags.err(at(loc.pos_or(gline, "name", "", gline)), msg!("group-empty-name", id = &gid));
        }
        let r = &g.rule;
        let metric = match campaign.metric_index(&r.metric) {
            Some(m) => m,
            None => {
                diags.err(
                    at(loc.pos_or(gline, "metric", &r.metric, gline)),
                    msg!(
                        "group-unknown-metric",
                        metric = &r.metric,
                        id = &gid,
                        suggestion = did_you_mean(&r.metric, metric_ids.iter().copied()),
                        metrics = first_of(&metric_ids)
                    ),
                );
                MetricIx::new(0)
            }
        };
        let basis = match r.basis.as_deref().unwrap_or("unit") {
            "unit" => Basis::Unit,
            "overall" => Basis::Overall,
            other => {
                diags.err(at(loc.pos_or(gline, "basis", other, gline)), msg!("group-unknown-basis", basis = other));
                Basis::Unit
            }
        };
        // `from`: the line to look for the value from (bonus levels are found one after the other).
        let percent = |key: &str, v: &Scalar, from: usize, diags: &mut Diagnostics| {
            let t = v.text();
            Percent::parse(&t).or_else(|| {
                let message = match Percent::parse(&t.replacen(',', ".", 1)) {
                    Some(p) => msg!("percent-decimal-comma", value = &t, fixed = p.plain('.')),
                    None => msg!("percent-invalid", value = &t),
                };
                diags.err(at(loc.pos_or(from, key, &t, gline)), message);
                None
            })
        };
        let qualify_at = percent("qualify_at", &r.qualify_at, gline, diags);
        let mut bonuses = Vec::new();
        let mut bonus_line = gline;
        for b in &r.bonuses {
            let place = loc.pos_or(bonus_line, "at", &b.at.text(), gline);
            let from = bonus_line;
            bonus_line = place.0 + 1;
            if let Some(p) = percent("at", &b.at, from, diags) {
                if let Some(q) = qualify_at
                    && p < q
                {
                    diags.err(
                        at(place),
                        msg!("bonus-below-qualify", at = p.plain('.'), qualify = q.plain('.'), id = &gid),
                    );
                }
                if bonuses.iter().any(|x: &Bonus| x.at == p) {
                    diags.err(at(place), msg!("bonus-twice", at = p.plain('.'), id = &gid));
                }
                let whose = msg!("awards-of-bonus", at = p.plain('.'), id = &gid);
                let add = award_counts(GROUPS, b.add, &whose, &loc, place.0, diags);
                if basis == Basis::Unit && add.any > 0 {
                    diags.err(
                        at(loc.pos_or(place.0, "add", "any", place.0)),
                        msg!("bonus-any-pool-unit", id = &gid, at = p.plain('.')),
                    );
                }
                bonuses.push(Bonus { at: p, add });
            }
        }
        bonuses.sort_by_key(|b| b.at);
        let whose = msg!("awards-of-group", id = &gid);
        let awards = award_counts(GROUPS, r.awards, &whose, &loc, loc.find(gline, "awards", "").max(gline), diags);
        if basis == Basis::Unit && awards.any > 0 {
            diags.err(at(loc.pos_or(gline, "awards", "any", gline)), msg!("group-any-pool-unit", id = &gid));
        }
        places.push(gpos);
        groups.push(Group {
            id: gid,
            name: g.name.trim().to_string(),
            description: g.description.unwrap_or_default().trim().to_string(),
            rule: Rule { metric, basis, qualify_at: qualify_at.unwrap_or(Percent::from_whole(100)), awards, bonuses },
        });
    }
    if groups.is_empty() {
        diags.err(at((1, 0)), msg!("groups-none"));
    }
    download_clashes(&groups, &places, campaign, diags);
    Some(groups)
}

/// A group's ranking of a period is published as [`crate::urls::ranking_csv`] (a public
/// address): two pairs may spell one name, as group `q-x` with period `2022` and
/// group `q` with period `x-2022` do. One download would overwrite the other.
fn download_clashes(groups: &[Group], places: &[(usize, usize)], campaign: &Campaign, diags: &mut Diagnostics) {
    let mut names: std::collections::HashMap<String, (usize, PeriodIx)> = std::collections::HashMap::new();
    for (g, group) in groups.iter().enumerate() {
        for (p, period) in campaign.periods.iter_enumerated() {
            let name = crate::urls::ranking_csv(&group.id, &period.id);
            match names.get(&name) {
                Some(&(g0, p0)) if groups[g0].id != group.id => diags.err(
                    Location::at(GROUPS, places[g].0.max(1), places[g].1),
                    msg!(
                        "group-download-clash",
                        group = &group.id,
                        period = &period.id,
                        file = &name,
                        other_group = &groups[g0].id,
                        other_period = &campaign.periods[p0].id
                    ),
                ),
                Some(_) => {}
                None => {
                    names.insert(name, (g, p));
                }
            }
        }
    }
}
