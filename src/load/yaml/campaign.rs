//! data/campaign.yaml: the campaign's dates, its metrics (the results.csv columns
//! each adds and subtracts) and its periods.

use super::{AwardsYaml, CAMPAIGN, LISTED, MAX_MONTHS, Scalar, award_counts, parse};
use crate::error::{Diagnostics, Location};
use crate::load::bounds::is_blank;
use crate::load::text::Locator;
use crate::messages::{Arg, did_you_mean, first_of};
use crate::model::{Campaign, Date, IndexVec, Metric, MetricIx, Month, Period, is_slug};
use crate::msg;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CampaignYaml {
    id: Scalar,
    title: String,
    #[serde(default)]
    issuer: Option<String>,
    #[serde(default)]
    description: Option<String>,
    starts: Scalar,
    ends: Scalar,
    metrics: BTreeMap<String, MetricYaml>,
    /// Optional readable names of results.csv columns, shown in monthly tables.
    #[serde(default)]
    columns: BTreeMap<String, String>,
    periods: Vec<PeriodYaml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MetricYaml {
    label: String,
    #[serde(default)]
    plus: Vec<String>,
    #[serde(default)]
    minus: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodYaml {
    id: Scalar,
    #[serde(default)]
    label: Option<String>,
    from: Scalar,
    to: Scalar,
    #[serde(default)]
    overall_target: BTreeMap<String, Option<i64>>,
    #[serde(default)]
    decision: Option<String>,
    #[serde(default)]
    national_awards: Option<AwardsYaml>,
}

/// The metric ids in the order the file lists them.
fn metric_order(text: &str) -> Vec<String> {
    let Ok(serde_yaml::Value::Mapping(root)) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
        return Vec::new();
    };
    match root.get("metrics") {
        Some(serde_yaml::Value::Mapping(m)) => m.keys().filter_map(|k| k.as_str().map(String::from)).collect(),
        _ => Vec::new(),
    }
}

/// Every period id campaign.yaml names, whether or not the period is valid.
pub fn period_ids(text: &str) -> Vec<String> {
    let Ok(serde_yaml::Value::Mapping(root)) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
        return Vec::new();
    };
    let Some(serde_yaml::Value::Sequence(periods)) = root.get("periods") else {
        return Vec::new();
    };
    periods
        .iter()
        .filter_map(|p| match p.get("id")? {
            serde_yaml::Value::String(s) => Some(s.clone()),
            serde_yaml::Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .collect()
}

pub fn campaign(text: &str, diags: &mut Diagnostics) -> Option<Campaign> {
    let raw: CampaignYaml = parse(CAMPAIGN, text, diags)?;
    let loc = Locator::new(text);
    let at = |(line, column): (usize, usize)| Location::at(CAMPAIGN, line.max(1), column);
    let id = raw.id.text();
    if !is_slug(&id) {
        diags.err(at(loc.pos_or(1, "id", &id, 1)), msg!("campaign-bad-id", id = &id));
    }
    if is_blank(&raw.title) {
        diags.err(at(loc.pos_or(1, "title", "", 1)), msg!("campaign-title-empty"));
    }
    let mut date = |key: &str, value: &Scalar| {
        let t = value.text();
        Date::parse(t.trim()).or_else(|| {
            diags.err(at(loc.pos_or(1, key, &t, 1)), msg!("campaign-bad-date", key = key, value = &t));
            None
        })
    };
    let starts = date("starts", &raw.starts);
    let ends = date("ends", &raw.ends);
    if let (Some(s), Some(e)) = (starts, ends)
        && e < s
    {
        diags.err(
            at(loc.pos_or(1, "ends", &e.to_string(), 1)),
            msg!("campaign-ends-first", ends = e.to_string(), starts = s.to_string()),
        );
    }

    // Metrics, in file order; their columns in first-use order.
    let mut columns: Vec<String> = Vec::new();
    let mut metrics = Vec::new();
    let order = metric_order(text);
    let mut col = |name: &str| match columns.iter().position(|c| c == name) {
        Some(i) => i,
        None => {
            columns.push(name.to_string());
            columns.len() - 1
        }
    };
    let mut metric_cursor = crate::load::text::KeyCursor::at_line(loc.find(1, "metrics", "").max(1));
    for mid in &order {
        let Some(m) = raw.metrics.get(mid) else {
            continue;
        };
        // Metrics come in file order: each is looked for after the one before.
        let line = loc.next_key(&mut metric_cursor, mid).unwrap_or((metric_cursor.line, 0));
        if !is_slug(&mid.replace('_', "-")) {
            diags.err(at(line), msg!("metric-bad-id", id = mid));
        }
        if m.plus.is_empty() && m.minus.is_empty() {
            diags.err(at(line), msg!("metric-no-columns", id = mid));
        }
        if is_blank(&m.label) {
            diags.err(at(line), msg!("metric-empty-label", id = mid));
        }
        for c in m.plus.iter().chain(&m.minus) {
            if c == "unit" || c == "month" || c.trim().is_empty() {
                diags.err(at(line), msg!("metric-not-figure", id = mid, column = c));
            }
        }
        repeated_columns(text, mid, m, line.0, diags);
        let plus = m.plus.iter().map(|c| col(c)).collect();
        let minus = m.minus.iter().map(|c| col(c)).collect();
        metrics.push(Metric { id: mid.clone(), label: m.label.trim().to_string(), plus, minus });
    }
    if metrics.is_empty() {
        diags.err(at(loc.pos_or(1, "metrics", "", 1)), msg!("metrics-none"));
    }

    let read: std::collections::HashSet<&str> = columns.iter().map(String::as_str).collect();
    let mut unread = 0;
    for name in raw.columns.keys() {
        if read.contains(name.as_str()) {
            continue;
        }
        // Each is looked for from the top of the file: list a few, count the rest.
        unread += 1;
        if unread <= LISTED {
            diags.err(
                at(loc.pos_or(1, name, "", 1)),
                msg!(
                    "columns-unread",
                    name = name,
                    suggestion = did_you_mean(name, columns.iter().map(String::as_str)),
                    columns = first_of(&columns)
                ),
            );
        }
    }
    if unread > LISTED {
        diags.err(
            at(loc.pos_or(1, "columns", "", 1)),
            msg!("columns-unread-more", count = unread - LISTED, listed = LISTED, columns = first_of(&columns)),
        );
    }
    let metric_ids: Vec<&str> = metrics.iter().map(|m| m.id.as_str()).collect();
    let metric_index: HashMap<&str, MetricIx> =
        metric_ids.iter().enumerate().map(|(i, m)| (*m, MetricIx::new(i))).collect();
    let mut periods: Vec<Period> = Vec::new();
    // Period ids are looked for after `periods:` (the campaign id may contain one).
    let mut line_cursor = loc.find(1, "periods", "").max(1);
    for p in &raw.periods {
        let pid = p.id.text();
        let ppos = loc.pos_or(line_cursor, "id", &pid, line_cursor);
        let pline = ppos.0;
        line_cursor = pline + 1;
        if !is_slug(&pid) {
            diags.err(at(ppos), msg!("period-bad-id", id = &pid));
        }
        if periods.iter().any(|q| q.id == pid) {
            diags.err(at(ppos), msg!("period-duplicate-id", id = &pid));
        }
        let mut month = |key: &str, v: &Scalar| {
            let t = v.text();
            Month::parse(t.trim()).or_else(|| {
                diags.err(at(loc.pos_or(pline, key, &t, pline)), msg!("period-bad-month", key = key, value = &t));
                None
            })
        };
        let (Some(from), Some(to)) = (month("from", &p.from), month("to", &p.to)) else {
            continue;
        };
        if to < from {
            diags.err(
                at(loc.pos_or(pline, "to", &to.to_string(), pline)),
                msg!("period-ends-first", id = &pid, to = to.to_string(), from = from.to_string()),
            );
            continue;
        }
        if let Some(q) = periods.iter().find(|q| q.from <= to && from <= q.to) {
            diags.err(
                at(ppos),
                msg!(
                    "period-overlap",
                    id = &pid,
                    from = from.to_string(),
                    to = to.to_string(),
                    other = &q.id,
                    other_from = q.from.to_string(),
                    other_to = q.to.to_string()
                ),
            );
        }
        let mut overall_target: IndexVec<MetricIx, Option<i64>> = IndexVec::from_vec(vec![None; metrics.len()]);
        let mut unknown = 0;
        for (k, v) in &p.overall_target {
            match metric_index.get(k.as_str()).copied() {
                Some(i) => match v {
                    Some(t) if *t > 0 => overall_target[i] = Some(*t),
                    Some(t) => diags.err(
                        at(loc.pos_or(pline, k, &t.to_string(), pline)),
                        msg!("overall-target-not-positive", metric = k, value = t.to_string()),
                    ),
                    None => {}
                },
                None => {
                    unknown += 1;
                    if unknown <= LISTED {
                        diags.err(
                            at(loc.pos_or(pline, k, "", pline)),
                            msg!(
                                "overall-target-unknown-metric",
                                metric = k,
                                suggestion = did_you_mean(k, metric_ids.iter().copied()),
                                metrics = first_of(&metric_ids)
                            ),
                        );
                    }
                }
            }
        }
        if unknown > LISTED {
            diags.err(
                at(loc.pos_or(pline, "overall_target", "", pline)),
                msg!(
                    "overall-target-unknown-more",
                    count = unknown - LISTED,
                    listed = LISTED,
                    metrics = first_of(&metric_ids)
                ),
            );
        }
        let national_awards = p
            .national_awards
            .map(|a| award_counts(CAMPAIGN, a, &msg!("awards-national", id = &pid), &loc, pline, diags))
            .filter(|a| !a.is_empty());
        periods.push(Period {
            label: p
                .label
                .clone()
                .map(|l| l.trim().to_string())
                .filter(|l| !is_blank(l))
                .unwrap_or_else(|| pid.clone()),
            id: pid,
            from,
            to,
            overall_target,
            decision: p.decision.clone().unwrap_or_default().trim().to_string(),
            national_awards,
        });
    }
    if raw.periods.is_empty() {
        diags.err(at(loc.pos_or(1, "periods", "", 1)), msg!("periods-none"));
    }
    periods.sort_by_key(|p| p.from);
    // results.csv is held as a table of every unit, month and column from the first month
    // of any period to the last: a typo in a year (2923 for 2023) would ask for gigabytes.
    if let (Some(first), Some(last)) = (periods.first(), periods.iter().max_by_key(|p| p.to)) {
        let span = first.from.offset_to(last.to) + 1;
        if span > MAX_MONTHS {
            // The longer of the two periods at the ends is likely the one mistyped.
            let odd = if first.from.offset_to(first.to) > last.from.offset_to(last.to) { first } else { last };
            diags.err(
                at(loc.pos_or(loc.find(1, "periods", "").max(1), "id", &odd.id, 1)),
                msg!(
                    "periods-too-long",
                    span = span,
                    from = first.from.to_string(),
                    to = last.to.to_string(),
                    max = MAX_MONTHS
                ),
            );
            // The other files are not read against such periods.
            return None;
        }
    }
    Some(Campaign {
        id,
        title: raw.title.trim().to_string(),
        issuer: raw.issuer.unwrap_or_default().trim().to_string(),
        starts: starts.unwrap_or(Date { year: 1970, month: 1, day: 1 }),
        ends: ends.unwrap_or(Date { year: 1970, month: 1, day: 1 }),
        description: raw.description.unwrap_or_default().trim().to_string(),
        metrics: IndexVec::from_vec(metrics),
        periods: IndexVec::from_vec(periods),
        column_labels: columns
            .iter()
            .map(|c| raw.columns.get(c).map(|l| l.trim().to_string()).unwrap_or_default())
            .collect(),
        columns,
    })
}

/// A column a metric lists twice (in `plus`, in `minus`, or in both) would count
/// twice, or cancel out: an error, at the second place the file names it.
fn repeated_columns(text: &str, mid: &str, m: &MetricYaml, metric_line: usize, diags: &mut Diagnostics) {
    let listed: Vec<(&str, bool)> =
        m.plus.iter().map(|c| (c.as_str(), true)).chain(m.minus.iter().map(|c| (c.as_str(), false))).collect();
    for (i, &(c, plus)) in listed.iter().enumerate() {
        let Some(&(_, first_plus)) = listed[..i].iter().find(|(d, _)| *d == c) else {
            continue;
        };
        // Report each repeated column once, at its second place in the file.
        if listed[..i].iter().filter(|(d, _)| *d == c).count() > 1 {
            continue;
        }
        let places = column_places(text, metric_line, c);
        let (loc, first): (Location, Arg) = match places.as_slice() {
            [first, second, ..] => {
                (Location::at(CAMPAIGN, second.0, second.1), msg!("first-on-line", line = first.0).into())
            }
            _ => (Location::at(CAMPAIGN, metric_line.max(1), 0), "".into()),
        };
        let message = match (first_plus, plus) {
            (true, true) => msg!("metric-adds-twice", id = mid, column = c, first = first),
            (false, false) => msg!("metric-subtracts-twice", id = mid, column = c, first = first),
            _ => msg!("metric-adds-and-subtracts", id = mid, column = c, first = first),
        };
        diags.err(loc, message);
    }
}

/// Where `column` is named in the metric block starting on line `metric_line`
/// (1-based lines and columns), outside comments and the label.
fn column_places(text: &str, metric_line: usize, column: &str) -> Vec<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(first) = lines.get(metric_line.wrapping_sub(1)) else {
        return Vec::new();
    };
    let indent = first.len() - first.trim_start().len();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    let mut places = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(metric_line - 1) {
        let trimmed = line.trim_start();
        if i >= metric_line && !trimmed.is_empty() && !trimmed.starts_with('#') && line.len() - trimmed.len() <= indent
        {
            break;
        }
        let code = match line.find(" #") {
            Some(p) => &line[..p],
            None => line,
        };
        if code.trim_start().starts_with("label:") {
            continue;
        }
        let mut from = 0;
        while let Some(p) = code[from..].find(column) {
            let start = from + p;
            let end = start + column.len();
            let b = code.as_bytes();
            if (start == 0 || !word(b[start - 1])) && (end == b.len() || !word(b[end])) {
                places.push((i + 1, code[..start].chars().count() + 1));
            }
            from = end;
        }
    }
    places
}
