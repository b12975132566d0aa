//! data/targets.csv: each unit's target for each metric, period by period.

use super::{
    Hints, Known, NotAFigure, TARGETS, Table, col, figure, line_place, unit_lookup, unknown_period, unknown_unit,
};
use crate::error::{Diagnostics, Location};
use crate::messages::first_of;
use crate::model::{Campaign, IndexVec, MetricIx, PeriodIx, Unit, UnitIx};
use crate::msg;
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
        diags.err(Location::line(TARGETS, 1), msg!("targets-no-metric", metrics = first_of(&metric_ids)));
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
            match figure(cell) {
                Ok(0) => diags.err(place, msg!("target-zero", metric = metric_ids[m])),
                Ok(x) => *v = Some(x),
                Err(NotAFigure::Negative(t)) => {
                    diags.err(place, msg!("target-negative", metric = metric_ids[m], value = t))
                }
                Err(e) => diags.err(place, e.message()),
            }
            ok &= v.is_some();
        }
        let (Some(u), Some(p)) = (unit, period) else {
            return;
        };
        if let Some(first) = seen.insert((u, p), line) {
            diags.err(
                Location::line(TARGETS, line),
                msg!("target-twice", unit = c[0], period = c[1], first = line_place(first)),
            );
            return;
        }
        if ok {
            targets[u][p].clone_from(&values);
        }
    });
    targets
}
