//! data/nominations.csv: the names proposed for the awards, each with its
//! period, unit (or pooled group) and kind of award.

use super::{Hints, Known, NOMINATIONS, Table, UNITS, col, table_name, unit_lookup, unknown_period};
use crate::error::{Diagnostics, Location};
use crate::load::bounds::is_blank;
use crate::model::{AwardKind, Campaign, Group, GroupIx, Holder, IndexVec, Nomination, Unit, UnitIx};
use crate::msg;

pub fn nominations(
    text: &str,
    campaign: &Campaign,
    groups: &[Group],
    units: &IndexVec<UnitIx, Unit>,
    known: &Known,
    diags: &mut Diagnostics,
) -> Vec<Nomination> {
    let Some(mut t) = Table::open(NOMINATIONS, text, &["period", "unit", "kind", "name"], &["title"], diags) else {
        return Vec::new();
    };
    let idx = t.index.clone();
    let lookup = unit_lookup(units);
    let mut hints = Hints::new(|| lookup.keys().copied().chain(groups.iter().map(|g| g.id.as_str())).collect());
    let mut period_hints = Hints::new(|| campaign.periods.iter().map(|p| p.id.as_str()).collect());
    let mut out = Vec::new();
    t.each(diags, |line, c, diags| {
        let period = campaign.period_index(c[0]);
        if period.is_none() && known.unknown_period(c[0]) {
            unknown_period(NOMINATIONS, line, col(&idx, 0), c[0], campaign, &mut period_hints, diags);
        }
        let holder = if let Some(&u) = lookup.get(c[1]) {
            let g = &groups[units[u].group.index()];
            if g.rule.basis == crate::model::Basis::Overall {
                diags.err(
                    Location::at(NOMINATIONS, line, col(&idx, 1)),
                    msg!("nomination-pooled-unit", unit = c[1], group = &g.id),
                );
                None
            } else {
                Some(Holder::Unit(u))
            }
        } else if let Some(g) = groups.iter().position(|g| g.id == c[1]) {
            if groups[g].rule.basis == crate::model::Basis::Unit {
                diags
                    .err(Location::at(NOMINATIONS, line, col(&idx, 1)), msg!("nomination-group-by-unit", group = c[1]));
                None
            } else {
                Some(Holder::Group(GroupIx::new(g)))
            }
        } else if known.unknown_unit(c[1]) {
            diags.err(
                Location::at(NOMINATIONS, line, col(&idx, 1)),
                msg!("nomination-unknown-unit", id = c[1], suggestion = hints.hint(c[1]), table = table_name(UNITS)),
            );
            None
        } else {
            None
        };
        let kind = match c[2].to_lowercase().as_str() {
            "collective" | "tập thể" | "tap the" => Some(AwardKind::Collective),
            "individual" | "cá nhân" | "ca nhan" => Some(AwardKind::Individual),
            other => {
                diags.err(Location::at(NOMINATIONS, line, col(&idx, 2)), msg!("nomination-unknown-kind", kind = other));
                None
            }
        };
        if is_blank(c[3]) {
            diags.err(Location::at(NOMINATIONS, line, col(&idx, 3)), msg!("nomination-empty-name"));
            return;
        }
        if let (Some(period), Some(holder), Some(kind)) = (period, holder, kind) {
            out.push(Nomination { period, holder, kind, name: c[3].to_string(), title: c[4].to_string(), line });
        }
    });
    out
}
