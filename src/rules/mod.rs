//! The award engine: pure functions from a [`Project`] to its [`Outcome`].
//! No I/O, no formatting beyond the explanation terms; knows nothing of any
//! particular campaign.

pub mod explain;

use crate::model::{Awards, Basis, GroupIx, IndexVec, MetricIx, Month, Percent, PeriodIx, Project, Rule, UnitIx};
use explain::{Explanation, Verdict};
use rayon::prelude::*;
use std::cmp::Ordering;

/// What a rule decides for one value against one target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub qualified: bool,
    /// The lowest threshold not reached, if any.
    pub missed: Option<Percent>,
    /// The bonus level reached, if any (the highest one).
    pub level: Option<Percent>,
    pub awards: Awards,
    pub verdict: Verdict,
}

/// Applies a rule: qualify at `qualify_at`, then the highest bonus level reached adds its extras.
pub fn decide(rule: &Rule, value: i64, target: Option<i64>) -> Decision {
    let Some(target) = target else {
        return Decision {
            qualified: false,
            missed: None,
            level: None,
            awards: Awards::default(),
            verdict: Verdict::NoTarget,
        };
    };
    if !rule.qualify_at.reached_by(value, target) {
        return Decision {
            qualified: false,
            missed: Some(rule.qualify_at),
            level: None,
            awards: Awards::default(),
            verdict: Verdict::Below { qualify_at: rule.qualify_at },
        };
    }
    // Bonuses are sorted ascending by `at`; the last one reached is the highest.
    let bonus = rule.bonuses.iter().rfind(|b| b.at.reached_by(value, target));
    let awards = match bonus {
        Some(b) => rule.awards.plus(b.add),
        None => rule.awards,
    };
    let at = bonus.map_or(rule.qualify_at, |b| b.at);
    let missed = rule.bonuses.iter().find(|b| b.at > at).map(|b| b.at);
    Decision { qualified: true, missed, level: bonus.map(|b| b.at), awards, verdict: Verdict::Reached { at, awards } }
}

/// The decision in a period without a month of figures yet: nothing is decided
/// (docs/rules.md §11: the explanation reads "not started").
fn not_started() -> Decision {
    Decision { qualified: false, missed: None, level: None, awards: Awards::default(), verdict: Verdict::NotStarted }
}

/// Orders two (value, target) results: higher ratio first, then higher value.
/// Exact: compares value_a × target_b with value_b × target_a.
pub fn compare(a: (i64, i64), b: (i64, i64)) -> Ordering {
    let lhs = i128::from(a.0) * i128::from(b.1);
    let rhs = i128::from(b.0) * i128::from(a.1);
    rhs.cmp(&lhs).then(b.0.cmp(&a.0))
}

/// Ranks entries `(key, value, target)`: sorted by [`compare`] (stable, so ties keep input
/// order); entries without a target come last, unranked. Returns (key, rank).
pub fn rank<K: Copy>(entries: &[(K, i64, Option<i64>)]) -> Vec<(K, Option<u32>)> {
    let mut ranked: Vec<&(K, i64, Option<i64>)> = entries.iter().filter(|e| e.2.is_some()).collect();
    ranked.sort_by(|a, b| compare((a.1, a.2.unwrap_or(1)), (b.1, b.2.unwrap_or(1))));
    let mut out = Vec::with_capacity(entries.len());
    let mut rank = 0u32;
    let mut prev: Option<(i64, i64)> = None;
    for (i, e) in ranked.iter().enumerate() {
        let cur = (e.1, e.2.unwrap_or(1));
        if prev.is_none_or(|p| compare(p, cur) != Ordering::Equal) {
            rank = i as u32 + 1;
        }
        prev = Some(cur);
        out.push((e.0, Some(rank)));
    }
    out.extend(entries.iter().filter(|e| e.2.is_none()).map(|e| (e.0, None)));
    out
}

/// Serialised as its [`PeriodStatus::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodStatus {
    /// No month of the period has data yet.
    NotStarted,
    /// Some months counted; the period goes on after the as-of month.
    InProgress,
    /// Every month of the period is at or before the as-of month.
    Complete,
}

impl PeriodStatus {
    /// `not_started`, `in_progress` or `complete`, whatever the language.
    pub fn id(self) -> &'static str {
        match self {
            PeriodStatus::NotStarted => "not_started",
            PeriodStatus::InProgress => "in_progress",
            PeriodStatus::Complete => "complete",
        }
    }
}

impl std::fmt::Display for PeriodStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl serde::Serialize for PeriodStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

#[derive(Debug, Clone)]
pub struct UnitResult {
    pub value: i64,
    pub target: Option<i64>,
    pub qualified: bool,
    pub level: Option<Percent>,
    pub awards: Awards,
    pub rank: Option<u32>,
    /// Months of the period up to the as-of month without a row (units of `basis: unit` groups).
    pub not_reported: Vec<Month>,
    pub explanation: Explanation,
}

#[derive(Debug, Clone)]
pub struct OverallResult {
    pub value: i64,
    pub target: Option<i64>,
    pub qualified: bool,
    pub awards: Awards,
    pub explanation: Explanation,
}

#[derive(Debug, Clone)]
pub struct GroupOutcome {
    pub group: GroupIx,
    /// Units of a `basis: unit` group in rank order (unranked last); empty for `basis: overall`.
    pub ranking: Vec<UnitIx>,
    /// How many units of the ranking have a rank.
    pub ranked: usize,
    pub overall: Option<OverallResult>,
}

/// A metric's campaign total for a period.
#[derive(Debug, Clone, Copy)]
pub struct Total {
    pub value: i64,
    pub target: Option<i64>,
}

/// Standings at the end of one month of a period.
#[derive(Debug, Clone)]
pub struct MonthStanding {
    pub month: Month,
    /// Per unit: the value of its group's metric, cumulated from the period's first month.
    pub cumulative: IndexVec<UnitIx, i64>,
    /// Per unit: its rank in its group at that month.
    pub rank: IndexVec<UnitIx, Option<u32>>,
    /// Per group: its units in rank order at that month (unranked last; empty for pooled groups).
    pub order: IndexVec<GroupIx, Vec<UnitIx>>,
    /// Per metric: the campaign total cumulated to this month.
    pub totals: IndexVec<MetricIx, i64>,
}

#[derive(Debug, Clone)]
pub struct PeriodOutcome {
    pub period: PeriodIx,
    pub status: PeriodStatus,
    /// The last month counted (min of the period's end and the as-of month).
    pub counted_to: Option<Month>,
    /// Per metric.
    pub totals: IndexVec<MetricIx, Total>,
    /// Per unit.
    pub units: IndexVec<UnitIx, UnitResult>,
    pub groups: IndexVec<GroupIx, GroupOutcome>,
    /// Qualifying units of `basis: unit` groups, best ratio first, with their shared rank.
    pub shortlist: Vec<(UnitIx, u32)>,
    /// Standings at the end of each counted month (empty unless asked for, see [`evaluate_with`]).
    pub months: Vec<MonthStanding>,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub as_of: Option<Month>,
    pub periods: IndexVec<PeriodIx, PeriodOutcome>,
}

/// Runs every rule of the campaign over the data, with the standings at the end of every month.
pub fn evaluate(project: &Project) -> Outcome {
    evaluate_with(project, true)
}

/// Like [`evaluate`]; without `months` the monthly standings are left empty
/// (checking and explaining need only the periods' results).
pub fn evaluate_with(project: &Project, months: bool) -> Outcome {
    let periods = (0..project.campaign.periods.len())
        .into_par_iter()
        .map(|p| evaluate_period(project, PeriodIx::new(p), months))
        .collect();
    Outcome { as_of: project.as_of, periods }
}

/// Sums of each results column for a unit over `months`. Plain additions: the
/// loader refuses a results.csv whose figures could take any sum of a metric
/// past [`crate::load::table::MAX_TOTAL`], far inside i64.
fn column_sums(project: &Project, unit: UnitIx, months: impl Iterator<Item = Month>, sums: &mut [i64]) {
    sums.iter_mut().for_each(|s| *s = 0);
    for m in months {
        for (s, v) in sums.iter_mut().zip(project.results.row(unit, m)) {
            *s += v;
        }
    }
}

fn metric_value(project: &Project, metric: MetricIx, sums: &[i64]) -> i64 {
    let m = &project.campaign.metrics[metric];
    m.plus.iter().map(|&c| sums[c]).sum::<i64>() - m.minus.iter().map(|&c| sums[c]).sum::<i64>()
}

fn evaluate_period(project: &Project, p: PeriodIx, with_months: bool) -> PeriodOutcome {
    let period = &project.campaign.periods[p];
    let campaign = &project.campaign;
    let counted_to = project.as_of.filter(|a| *a >= period.from).map(|a| a.min(period.to));
    let status = match (counted_to, project.as_of) {
        (None, _) => PeriodStatus::NotStarted,
        (Some(_), Some(a)) if a >= period.to => PeriodStatus::Complete,
        _ => PeriodStatus::InProgress,
    };
    let months: Vec<Month> = counted_to.map(|to| period.from.through(to).collect()).unwrap_or_default();
    let ncols = campaign.columns.len();
    let nmetrics = campaign.metrics.len();

    // Per unit: column sums over the counted months, then each metric.
    let mut sums = vec![0i64; ncols];
    let mut metric_totals: IndexVec<MetricIx, i64> = IndexVec::from_vec(vec![0i64; nmetrics]);
    let mut units = IndexVec::with_capacity(project.units.len());
    for (u, unit) in project.units.iter_enumerated() {
        let rule = &project.groups[unit.group].rule;
        column_sums(project, u, months.iter().copied(), &mut sums);
        for (m, t) in metric_totals.iter_enumerated_mut() {
            *t += metric_value(project, m, &sums);
        }
        let value = metric_value(project, rule.metric, &sums);
        let target = project.targets.get(u).and_then(|t| t[p][rule.metric]);
        let metric = &campaign.metrics[rule.metric];
        let decision = if status == PeriodStatus::NotStarted { not_started() } else { decide(rule, value, target) };
        // In a pooled group the quota belongs to the group, never to a unit.
        let (qualified, level, awards) = match rule.basis {
            Basis::Unit => (decision.qualified, decision.level, decision.awards),
            Basis::Overall => (false, None, Awards::default()),
        };
        let not_reported = if rule.basis == Basis::Unit {
            months.iter().copied().filter(|&m| !project.results.is_reported(u, m)).collect()
        } else {
            Vec::new()
        };
        let explanation = Explanation {
            plus: metric.plus.iter().map(|&c| sums[c]).collect(),
            minus: metric.minus.iter().map(|&c| sums[c]).collect(),
            value,
            target,
            campaign_total: false,
            verdict: decision.verdict,
            missed: decision.missed,
        };
        units.push(UnitResult { value, target, qualified, level, awards, rank: None, not_reported, explanation });
    }
    let totals: IndexVec<MetricIx, Total> =
        campaign.metrics.ixs().map(|m| Total { value: metric_totals[m], target: period.overall_target[m] }).collect();

    // Column sums of the whole campaign, for the explanation of pooled groups.
    let mut campaign_sums = vec![0i64; ncols];
    for u in project.units.ixs() {
        column_sums(project, u, months.iter().copied(), &mut sums);
        for (a, s) in campaign_sums.iter_mut().zip(&sums) {
            *a += s;
        }
    }

    let mut groups = IndexVec::with_capacity(project.groups.len());
    for (g, group) in project.groups.iter_enumerated() {
        let rule = &group.rule;
        match rule.basis {
            Basis::Unit => {
                let entries: Vec<(UnitIx, i64, Option<i64>)> =
                    project.units_of(g).map(|u| (u, units[u].value, units[u].target)).collect();
                let ranked = rank(&entries);
                for (u, r) in &ranked {
                    units[*u].rank = *r;
                }
                groups.push(GroupOutcome {
                    group: g,
                    ranking: ranked.iter().map(|(u, _)| *u).collect(),
                    ranked: ranked.iter().filter(|(_, r)| r.is_some()).count(),
                    overall: None,
                });
            }
            Basis::Overall => {
                let total = totals[rule.metric];
                let d = if status == PeriodStatus::NotStarted {
                    not_started()
                } else {
                    decide(rule, total.value, total.target)
                };
                let metric = &campaign.metrics[rule.metric];
                let explanation = Explanation {
                    plus: metric.plus.iter().map(|&c| campaign_sums[c]).collect(),
                    minus: metric.minus.iter().map(|&c| campaign_sums[c]).collect(),
                    value: total.value,
                    target: total.target,
                    campaign_total: true,
                    verdict: d.verdict.clone(),
                    missed: d.missed,
                };
                let overall = OverallResult {
                    value: total.value,
                    target: total.target,
                    qualified: d.qualified,
                    awards: d.awards,
                    explanation,
                };
                groups.push(GroupOutcome { group: g, ranking: Vec::new(), ranked: 0, overall: Some(overall) });
            }
        }
    }

    // National shortlist: qualifying units of every `basis: unit` group, by ratio.
    let entries: Vec<(UnitIx, i64, Option<i64>)> = units
        .iter_enumerated()
        .filter(|(u, r)| r.qualified && project.groups[project.units[*u].group].rule.basis == Basis::Unit)
        .map(|(u, r)| (u, r.value, r.target))
        .collect();
    let shortlist = rank(&entries).into_iter().filter_map(|(u, r)| r.map(|r| (u, r))).collect();

    let month_standings = if with_months { monthly(project, p, &months) } else { Vec::new() };
    PeriodOutcome { period: p, status, counted_to, totals, units, groups, shortlist, months: month_standings }
}

/// Standings at the end of each counted month: cumulative values and ranks per group.
fn monthly(project: &Project, p: PeriodIx, months: &[Month]) -> Vec<MonthStanding> {
    let nunits = project.units.len();
    let nmetrics = project.campaign.metrics.len();
    let mut cumulative: IndexVec<UnitIx, i64> = IndexVec::from_vec(vec![0i64; nunits]);
    let mut totals: IndexVec<MetricIx, i64> = IndexVec::from_vec(vec![0i64; nmetrics]);
    let members: IndexVec<GroupIx, Vec<UnitIx>> = project.groups.ixs().map(|g| project.units_of(g).collect()).collect();
    // The running totals month by month, then each month's ranks on their own.
    let mut running = Vec::with_capacity(months.len());
    for &m in months {
        for (u, unit) in project.units.iter_enumerated() {
            let row = project.results.row(u, m);
            let metric = project.groups[unit.group].rule.metric;
            cumulative[u] += metric_value(project, metric, row);
            for (mi, t) in totals.iter_enumerated_mut() {
                *t += metric_value(project, mi, row);
            }
        }
        running.push((m, cumulative.clone(), totals.clone()));
    }
    running
        .into_par_iter()
        .map(|(month, cumulative, totals)| {
            let mut rank_of: IndexVec<UnitIx, Option<u32>> = IndexVec::from_vec(vec![None; nunits]);
            let mut order: IndexVec<GroupIx, Vec<UnitIx>> = IndexVec::from_vec(vec![Vec::new(); project.groups.len()]);
            for (g, group) in project.groups.iter_enumerated() {
                if group.rule.basis != Basis::Unit {
                    continue;
                }
                let metric = group.rule.metric;
                let entries: Vec<(UnitIx, i64, Option<i64>)> =
                    members[g].iter().map(|&u| (u, cumulative[u], project.targets[u][p][metric])).collect();
                for (u, r) in rank(&entries) {
                    rank_of[u] = r;
                    order[g].push(u);
                }
            }
            MonthStanding { month, cumulative, rank: rank_of, order, totals }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Bonus;

    fn pct(s: &str) -> Percent {
        Percent::parse(s).unwrap()
    }

    /// The sample's Nhóm 1, read by the loader from groups.yaml text whose bonus
    /// levels are listed highest first on purpose: the order in the file must not
    /// matter, whatever the loader and the engine each do about it.
    fn nhom1() -> Rule {
        const CAMPAIGN: &str = "id: c\ntitle: \"C\"\nstarts: 2022-01-01\nends: 2022-12-31\nmetrics:\n  members_net:\n    label: \"Net\"\n    plus: [members_added]\n    minus: [members_lost]\nperiods:\n  - id: \"2022\"\n    from: 2022-01\n    to: 2022-12\n";
        const GROUPS: &str = "groups:\n  - id: nhom-1\n    name: \"Nhóm 1\"\n    rule:\n      metric: members_net\n      qualify_at: \"100%\"\n      awards: { collective: 2, individual: 5 }\n      bonuses:\n        - { at: \"120%\", add: { individual: 1, collective: 1 } }\n        - { at: \"110%\", add: { individual: 1 } }\n";
        let mut d = crate::error::Diagnostics::new();
        let campaign = crate::load::yaml::campaign(CAMPAIGN, &mut d).expect("campaign");
        let groups = crate::load::yaml::groups(GROUPS, &campaign, &mut d).expect("groups");
        assert!(d.is_empty(), "{:?}", d.sorted());
        groups[0].rule.clone()
    }

    fn aw(c: u32, i: u32) -> Awards {
        Awards { collective: c, individual: i, any: 0 }
    }

    #[test]
    fn qualifying_is_inclusive_and_exact() {
        let r = nhom1();
        assert!(decide(&r, 1200, Some(1200)).qualified);
        assert!(!decide(&r, 1199, Some(1200)).qualified);
        assert_eq!(decide(&r, 1200, Some(1200)).awards, aw(2, 5));
    }

    #[test]
    fn highest_bonus_level_applies_in_full() {
        let r = nhom1();
        // 117.5 % → 110 % level: +1 individual.
        let d = decide(&r, 1410, Some(1200));
        assert_eq!((d.awards, d.level), (aw(2, 6), Some(pct("110%"))));
        // 126 % → 120 % level only (+1 individual +1 collective), not both levels added up.
        assert_eq!(decide(&r, 1890, Some(1500)).awards, aw(3, 6));
        // 360 / 300 is exactly 120 %.
        assert_eq!(decide(&r, 360, Some(300)).awards, aw(3, 6));
        assert_eq!(decide(&r, 359, Some(300)).awards, aw(2, 6));
        // 109.99 % is not 110 %.
        assert_eq!(decide(&r, 10_999, Some(10_000)).awards, aw(2, 5));
    }

    #[test]
    fn no_target_and_negative_growth_earn_nothing() {
        let r = nhom1();
        let d = decide(&r, 500, None);
        assert_eq!((d.qualified, d.awards, d.verdict), (false, Awards::default(), Verdict::NoTarget));
        let d = decide(&r, -40, Some(300));
        assert!(!d.qualified);
        assert_eq!(d.verdict, Verdict::Below { qualify_at: pct("100%") });
    }

    #[test]
    fn pool_rule_adds_an_individual_bonus() {
        let r = Rule {
            metric: MetricIx::new(0),
            basis: Basis::Overall,
            qualify_at: pct("100%"),
            awards: Awards { collective: 0, individual: 0, any: 8 },
            bonuses: vec![Bonus { at: pct("110%"), add: aw(0, 1) }],
        };
        let d = decide(&r, 9508, Some(8000));
        assert_eq!(d.awards, Awards { collective: 0, individual: 1, any: 8 });
        assert_eq!(decide(&r, 8799, Some(8000)).awards, Awards { collective: 0, individual: 0, any: 8 });
    }

    #[test]
    fn ranking_shares_ranks_and_puts_no_target_last() {
        // a: 120 %, b: 110 % (220/200), c: 110 % (220/200), d: 110 % but smaller value (110/100), e: no target.
        let entries = vec![
            ('e', 999, None),
            ('b', 220, Some(200)),
            ('a', 120, Some(100)),
            ('c', 220, Some(200)),
            ('d', 110, Some(100)),
        ];
        let ranked = rank(&entries);
        assert_eq!(ranked, vec![('a', Some(1)), ('b', Some(2)), ('c', Some(2)), ('d', Some(4)), ('e', None)]);
    }

    fn explain(rule: &Rule, value: i64, target: i64) -> String {
        let d = decide(rule, value, Some(target));
        let e = Explanation {
            plus: vec![value],
            minus: vec![],
            value,
            target: Some(target),
            campaign_total: false,
            verdict: d.verdict,
            missed: d.missed,
        };
        let words = explain::Words {
            of_target: "of target".into(),
            not_qualified: "not qualified".into(),
            collective: "collective".into(),
            individual: "individual".into(),
            awards_join: " + ".into(),
            awards_join_last: " + ".into(),
            ..Default::default()
        };
        e.text(&crate::format::NumberFormat::for_language(crate::model::Language::En), &words)
    }

    #[test]
    fn explanations_never_round_up_to_a_missed_threshold() {
        let r = nhom1();
        assert_eq!(explain(&r, 1410, 1200), "1,410 of target 1,200 = 117.50 % ≥ 110 % → 2 collective + 6 individual");
        // 21 999 / 20 000 = 109.995 %: two decimals would show 110.00 % next to "< 110 %" … here it reached 100 %.
        assert_eq!(
            explain(&r, 21_999, 20_000),
            "21,999 of target 20,000 = 109.995 % ≥ 100 % → 2 collective + 5 individual"
        );
        assert_eq!(explain(&r, 19_999, 20_000), "19,999 of target 20,000 = 99.995 % < 100 % → not qualified");
        // Just below 120 %: 119.99999… is shown cut off, not rounded up to 120.00 %.
        assert_eq!(
            explain(&r, 359_999_999, 300_000_000),
            "359,999,999 of target 300,000,000 = 119.999 % ≥ 110 % → 2 collective + 6 individual"
        );
        assert_eq!(explain(&r, 360, 300), "360 of target 300 = 120.00 % ≥ 120 % → 3 collective + 6 individual");
    }

    #[test]
    fn explanations_show_every_column_of_the_metric() {
        let words = explain::Words {
            of_target: "of target".into(),
            collective: "collective".into(),
            individual: "individual".into(),
            not_qualified: "not qualified".into(),
            awards_join: " + ".into(),
            awards_join_last: " + ".into(),
            ..Default::default()
        };
        let nf = crate::format::NumberFormat::for_language(crate::model::Language::En);
        let r = nhom1();
        // Two columns added, one subtracted: 1 200 + 300 − 90 = 1 410.
        let d = decide(&r, 1410, Some(1200));
        let e = Explanation {
            plus: vec![1200, 300],
            minus: vec![90],
            value: 1410,
            target: Some(1200),
            campaign_total: false,
            verdict: d.verdict,
            missed: d.missed,
        };
        assert_eq!(
            e.text(&nf, &words),
            "1,200 + 300 − 90 = 1,410 of target 1,200 = 117.50 % ≥ 110 % → 2 collective + 6 individual"
        );
        // Only columns subtracted: the sum starts from 0.
        let d = decide(&r, -8, Some(100));
        let e = Explanation {
            plus: vec![],
            minus: vec![5, 3],
            value: -8,
            target: Some(100),
            campaign_total: false,
            verdict: d.verdict,
            missed: d.missed,
        };
        assert_eq!(e.text(&nf, &words), "0 − 5 − 3 = −8 of target 100 = −8.00 % < 100 % → not qualified");
    }

    #[test]
    fn ranking_handles_negative_values() {
        let ranked = rank(&[('x', -10, Some(100)), ('y', 0, Some(100)), ('z', -10, Some(100))]);
        assert_eq!(ranked, vec![('y', Some(1)), ('x', Some(2)), ('z', Some(2))]);
    }

    #[test]
    fn compare_is_exact_for_equal_ratios() {
        // Equal ratios: the larger value ranks first.
        assert_eq!(compare((360, 300), (120, 100)), Ordering::Less);
        assert_eq!(compare((120, 100), (360, 300)), Ordering::Greater);
        assert_eq!(compare((7, 3), (7, 3)), Ordering::Equal);
    }
}
