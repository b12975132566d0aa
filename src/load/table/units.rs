//! data/units.csv: the units, each with its id, name and group (and optionally
//! a short name and a kind).

use super::{Hints, Table, UNITS, col, line_place};
use crate::error::{Diagnostics, Location};
use crate::load::bounds::is_blank;
use crate::messages::first_of;
use crate::model::{Group, GroupIx, IndexVec, Unit, UnitIx, is_slug};
use crate::msg;
use rustc_hash::FxHashMap;
use std::collections::{HashMap, HashSet};

/// Reads units.csv. Returns the valid units and every id the file names (valid
/// or not), or `None` for the ids when the file's header cannot be used. With
/// no `groups` (groups.yaml could not be read) the group column is not checked
/// and units get the placeholder group 0: the project is not built then. `groups` is
/// in groups.yaml order: a group's place in it is its [`GroupIx`].
pub fn units(
    text: &str,
    groups: &[Group],
    diags: &mut Diagnostics,
) -> (IndexVec<UnitIx, Unit>, Option<HashSet<String>>) {
    let Some(mut t) = Table::open(UNITS, text, &["id", "name", "group"], &["short_name", "kind"], diags) else {
        return (IndexVec::new(), None);
    };
    let idx = t.index.clone();
    let mut units: IndexVec<UnitIx, Unit> = IndexVec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let group_ids: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
    let mut group_hints = Hints::new(|| group_ids.clone());
    let group_index: FxHashMap<&str, GroupIx> =
        group_ids.iter().enumerate().rev().map(|(i, g)| (*g, GroupIx::new(i))).collect();
    t.each(diags, |line, c, diags| {
        let (id, name, group) = (c[0], c[1], c[2]);
        let mut ok = true;
        if !is_slug(id) {
            diags.err(Location::at(UNITS, line, col(&idx, 0)), msg!("unit-bad-id", id = id));
            ok = false;
        }
        if let Some(first) = seen.get(id) {
            diags.err(
                Location::at(UNITS, line, col(&idx, 0)),
                msg!("unit-duplicate-id", id = id, first = line_place(*first)),
            );
            ok = false;
        }
        // Zero-width characters are invisible: a name of nothing else is empty too.
        if is_blank(name) {
            diags.err(Location::at(UNITS, line, col(&idx, 1)), msg!("unit-empty-name"));
        }
        let g = group_index.get(group).copied();
        if g.is_none() && !groups.is_empty() {
            diags.err(
                Location::at(UNITS, line, col(&idx, 2)),
                msg!(
                    "unit-unknown-group",
                    group = group,
                    suggestion = group_hints.hint(group),
                    groups = first_of(&group_ids)
                ),
            );
            ok = false;
        }
        if ok {
            seen.insert(id.to_string(), line);
            units.push(Unit {
                id: id.to_string(),
                name: name.to_string(),
                short_name: if is_blank(c[3]) { String::new() } else { c[3].to_string() },
                group: g.unwrap_or(GroupIx::new(0)),
                kind: c[4].to_string(),
            });
        } else {
            seen.entry(id.to_string()).or_insert(line);
        }
    });
    let mut mentioned: HashSet<String> = seen.into_keys().collect();
    mentioned.extend(t.skipped.drain(..));
    (units, Some(mentioned))
}
