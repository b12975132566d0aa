//! data/targets.csv: each unit's target for each metric, period by period.

use super::{Hints, Known, TARGETS, Table, col, figure, figure_hint, unit_lookup, unknown_period, unknown_unit};
use crate::error::{Diagnostics, Location, first_of};
use crate::model::{Campaign, IndexVec, MetricIx, PeriodIx, Unit, UnitIx};
use std::collections::HashMap;

pub fn targets(
    text: &str,
    campaign: &Campaign,
    units: &IndexVec<UnitIx, Unit>,
    known: &Known,
    diags: &mut Diagnostics,
) -> IndexVec<UnitIx, IndexVec<PeriodIx, IndexVec<MetricIx, Option<i64>>>> {
    let periods = campaign.periods.len();
    let metrics = campaign.metrics.len();
    let none: IndexVec<MetricIx, Option<i64>> = IndexVec::from_vec(vec![None; metrics]);
    let mut targets = IndexVec::from_vec(vec![IndexVec::from_vec(vec![none; periods]); units.len()]);
    let metric_ids: Vec<&str> = campaign.metrics.iter().map(|m| m.id.as_str()).collect();
    let Some(mut t) = Table::open(TARGETS, text, &["unit", "period"], &metric_ids, diags) else {
        return targets;
    };
    let idx = t.index.clone();
    if idx[2..].iter().all(Option::is_none) {
        diags.error(
            Location::line(TARGETS, 1),
            "no metric column",
            format!("add a column per metric: {}", first_of(&metric_ids)),
        );
    }
    let lookup = unit_lookup(units);
    let mut hints = Hints::new(|| lookup.keys().copied().collect());
    let mut period_hints = Hints::new(|| campaign.periods.iter().map(|p| p.id.as_str()).collect());
    let mut seen: HashMap<(UnitIx, PeriodIx), usize> = HashMap::new();
    let mut values: IndexVec<MetricIx, Option<i64>> = IndexVec::from_vec(vec![None; metrics]);
    t.each(diags, |line, c, diags| {
        let unit = lookup.get(c[0]).copied();
        if unit.is_none() && known.unknown_unit(c[0]) {
            unknown_unit(TARGETS, line, col(&idx, 0), c[0], &mut hints, diags);
        }
        let period = campaign.period_index(c[1]);
        if period.is_none() && known.unknown_period(c[1]) {
            unknown_period(TARGETS, line, col(&idx, 1), c[1], campaign, &mut period_hints, diags);
        }
        // Every cell is checked, even on a row whose unit or period is wrong.
        let mut ok = true;
        for (m, v) in values.iter_mut().enumerate() {
            *v = None;
            let cell = c[2 + m];
            if cell.is_empty() {
                continue;
            }
            let place = Location::at(TARGETS, line, col(&idx, 2 + m));
            let positive = "a target must be greater than 0: leave the cell empty for \"no target\"";
            match figure(cell) {
                Ok(0) => diags.error(place, format!("the {} target is 0", metric_ids[m]), positive),
                Ok(x) => *v = Some(x),
                Err(e) if e.contains("negative") => {
                    diags.error(place, format!("the {} target {e}", metric_ids[m]), positive)
                }
                Err(e) => diags.error(place, e.clone(), figure_hint(&e)),
            }
            ok &= v.is_some();
        }
        let (Some(u), Some(p)) = (unit, period) else {
            return;
        };
        if let Some(first) = seen.insert((u, p), line) {
            diags.error(
                Location::line(TARGETS, line),
                format!("a second target row for `{}` in period `{}` (first on line {first})", c[0], c[1]),
                "keep one row per unit and period",
            );
            return;
        }
        if ok {
            targets[u][p].clone_from(&values);
        }
    });
    targets
}
