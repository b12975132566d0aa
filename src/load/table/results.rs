//! data/results.csv: each unit's figures month by month, checked row by row and
//! against the bound on a metric's total, read in parts side by side.

use super::{Hints, Known, MAX_TOTAL, RESULTS, Table, col, figure, line_place, unit_lookup, unknown_unit};
use crate::error::{Diagnostics, Location};
use crate::messages::Message;
use crate::model::{Campaign, IndexVec, Month, Results, Unit, UnitIx};
use crate::msg;
use rayon::prelude::*;

/// Reads results.csv into the dense [`Results`] table; returns it with the as-of month.
/// A large file is parsed in parts side by side; the rows then go into the table in file
/// order, so that a repeated row is reported against the first one.
pub fn results(
    text: &str,
    campaign: &Campaign,
    units: &IndexVec<UnitIx, Unit>,
    known: &Known,
    diags: &mut Diagnostics,
) -> (Results, Option<Month>) {
    let (first, last) = campaign.month_span();
    let months = (first.offset_to(last) + 1).max(0) as usize;
    let ncols = campaign.columns.len();
    let mut results = Results::new(units.len(), first, months, ncols);
    let cols: Vec<&str> = campaign.columns.iter().map(String::as_str).collect();
    let mut required = vec!["unit", "month"];
    required.extend(&cols);
    let Some(t) = Table::open(RESULTS, text, &required, &[], diags) else {
        return (results, None);
    };
    let idx = t.index.clone();
    let lookup = unit_lookup(units);
    let parts: Vec<ResultRows> = t
        .split(text, rayon::current_num_threads())
        .into_par_iter()
        .map(|(mut t, lines)| {
            let mut part = ResultRows {
                rows: Vec::with_capacity(lines),
                values: Vec::with_capacity(lines * ncols),
                unknown: Vec::new(),
                diags: Diagnostics::new(),
            };
            let mut values = vec![0i64; ncols];
            t.each(&mut part.diags, |line, c, diags| {
                let unit = lookup.get(c[0]).copied();
                if unit.is_none() && known.unknown_unit(c[0]) {
                    part.unknown.push((line, c[0].to_string()));
                }
                if let Some(row) = result_row(line, c, unit, campaign, known, &idx, &mut values, diags) {
                    part.rows.push(row);
                    part.values.extend_from_slice(&values);
                }
            });
            part
        })
        .collect();
    let mut as_of: Option<Month> = None;
    // Each column's total over the rows kept (wide: it cannot overflow).
    let mut totals = vec![0i128; ncols];
    let mut parts = parts;
    let mut hints = Hints::new(|| lookup.keys().copied().collect());
    for part in &mut parts {
        diags.extend(std::mem::take(&mut part.diags));
        // In file order, whatever the parts: the same rows get a suggestion.
        for (line, id) in &part.unknown {
            unknown_unit(RESULTS, *line, col(&idx, 0), id, &mut hints, diags);
        }
        for (&(u, m, line), values) in part.rows.iter().zip(part.values.chunks_exact(ncols.max(1))) {
            if let Some(first_line) = results.line(u, m) {
                diags.err(
                    Location::line(RESULTS, line),
                    msg!("result-twice", unit = &units[u].id, month = m.to_string(), first = line_place(first_line)),
                );
                continue;
            }
            results.set(u, m, &values[..ncols], line);
            for (t, &v) in totals.iter_mut().zip(values) {
                *t += i128::from(v);
            }
            as_of = as_of.max(Some(m));
        }
    }
    metric_totals(campaign, &totals, &parts, &results, &idx, diags);
    (results, as_of)
}

/// Reports each metric whose plus (or minus) columns add up to more than
/// [`MAX_TOTAL`] over the file, at the row and cell where the running total,
/// in file order, first passes it. `totals` holds each column's total.
fn metric_totals(
    campaign: &Campaign,
    totals: &[i128],
    parts: &[ResultRows],
    results: &Results,
    idx: &[Option<usize>],
    diags: &mut Diagnostics,
) {
    let ncols = campaign.columns.len();
    for metric in &campaign.metrics {
        for (list, adds) in [(&metric.plus, true), (&metric.minus, false)] {
            if list.iter().map(|&c| totals[c]).sum::<i128>() <= i128::from(MAX_TOTAL) {
                continue;
            }
            // Rare: find the place, going through the rows kept in file order again.
            let mut running = 0i128;
            'rows: for part in parts {
                for (&(u, m, line), values) in part.rows.iter().zip(part.values.chunks_exact(ncols.max(1))) {
                    if results.line(u, m) != Some(line) {
                        continue; // a repeated row, not counted
                    }
                    for &c in list {
                        running += i128::from(values[c]);
                        if running > i128::from(MAX_TOTAL) {
                            let names: Vec<&str> = list.iter().map(|&c| campaign.columns[c].as_str()).collect();
                            let (id, columns, max) = (&metric.id, names.join(", "), MAX_TOTAL.to_string());
                            let m = if adds {
                                msg!("metric-plus-too-large", metric = id, columns = columns, max = max)
                            } else {
                                msg!("metric-minus-too-large", metric = id, columns = columns, max = max)
                            };
                            diags.err(Location::at(RESULTS, line, col(idx, 2 + c)), m);
                            break 'rows;
                        }
                    }
                }
            }
        }
    }
}

/// The rows of a part of results.csv that passed the checks of a single row: (unit, month,
/// line), their figures one after another, the rows naming an unknown unit (line, id) and
/// the part's other messages.
struct ResultRows {
    rows: Vec<(UnitIx, Month, usize)>,
    values: Vec<i64>,
    unknown: Vec<(usize, String)>,
    diags: Diagnostics,
}

/// Checks a row of results.csv on its own (but for an unknown `unit`, reported by the
/// caller); its figures are left in `values`.
#[allow(clippy::too_many_arguments)]
fn result_row(
    line: usize,
    c: &[&str],
    unit: Option<UnitIx>,
    campaign: &Campaign,
    known: &Known,
    idx: &[Option<usize>],
    values: &mut [i64],
    diags: &mut Diagnostics,
) -> Option<(UnitIx, Month, usize)> {
    let month = Month::parse(c[1]);
    let mut ok = unit.is_some();
    match month {
        None => {
            let m = msg!("result-not-a-month", value = c[1], how = month_hint(c[1]));
            diags.err(Location::at(RESULTS, line, col(idx, 1)), m);
            ok = false;
        }
        Some(m) if !campaign.periods.iter().any(|p| p.contains(m)) => {
            // With a period whose months are wrong (reported in campaign.yaml), the month may be right.
            if known.all_periods_valid {
                diags
                    .err(Location::at(RESULTS, line, col(idx, 1)), msg!("result-month-outside", month = m.to_string()));
            }
            ok = false;
        }
        Some(_) => {}
    }
    for (n, v) in values.iter_mut().enumerate() {
        match figure(c[2 + n]) {
            Ok(x) => *v = x,
            Err(e) => {
                diags.err(Location::at(RESULTS, line, col(idx, 2 + n)), e.message());
                ok = false;
            }
        }
    }
    Some((unit?, month?, line)).filter(|_| ok)
}

/// How to write `text` as a month: its canonical form, when it is a near-miss.
fn month_hint(text: &str) -> Message {
    // Suggest the canonical form of near-misses like 2023-6, 6/2023 or 2023/06.
    let parts: Vec<&str> = text.split(['-', '/', '.', ' ']).filter(|p| !p.is_empty()).collect();
    // Excel shows a date as `Jan-22` (format mmm-yy) and saves it so in a CSV file.
    const NAMES: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    if let [name, year] = parts.as_slice() {
        let name = name.to_lowercase();
        if let (Some(m), Ok(y)) = (NAMES.iter().position(|n| name.starts_with(n)), year.parse::<u32>()) {
            let y = if year.len() == 2 { 2000 + y } else { y };
            if (1900..=9999).contains(&y) {
                return msg!("month-as-date", month = format!("{y:04}-{:02}", m + 1));
            }
        }
    }
    if let [a, b] = parts.as_slice() {
        let (y, m) = if a.len() == 4 { (a, b) } else { (b, a) };
        if let (Ok(y), Ok(m)) = (y.parse::<u32>(), m.parse::<u32>())
            && (1..=12).contains(&m)
            && (1900..=9999).contains(&y)
        {
            return msg!("month-as", month = format!("{y:04}-{m:02}"));
        }
    }
    msg!("month-format")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;

    #[test]
    fn month_hints_give_the_canonical_form() {
        let hint = |text: &str| month_hint(text).text(Language::En);
        assert_eq!(hint("2023-6"), "write the month as YYYY-MM: 2023-06");
        assert_eq!(hint("6/2023"), "write the month as YYYY-MM: 2023-06");
        assert_eq!(hint("June"), "write the month as YYYY-MM, e.g. 2023-06");
        assert!(hint("Jan-22").starts_with("write the month as YYYY-MM: 2022-01; a spreadsheet turned it"));
        assert_eq!(hint("22-Jan"), "write the month as YYYY-MM, e.g. 2023-06");
        assert!(hint("Jun-2023").starts_with("write the month as YYYY-MM: 2023-06;"));
        assert_eq!(month_hint("6/2023").text(Language::Vi), "hãy ghi tháng theo dạng YYYY-MM: 2023-06");
    }
}
