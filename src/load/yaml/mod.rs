//! site.yaml, campaign.yaml and groups.yaml: parsed strictly (unknown keys,
//! duplicate keys and wrong types are errors with their line and column).

use crate::error::{Diagnostics, Location, did_you_mean, first_of};
use crate::load::bounds::is_blank;
use crate::load::text::Locator;
use crate::model::{
    Awards, Basis, Bonus, Campaign, Date, Group, IndexVec, Language, MAX_AWARDS, Metric, MetricIx, Month, Percent,
    Period, PeriodIx, Rule, Site, is_slug,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, HashMap};

/// A YAML scalar that may have been written with or without quotes.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Scalar {
    pub fn text(&self) -> String {
        match self {
            Scalar::Str(s) => s.clone(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Bool(b) => b.to_string(),
        }
    }
}

/// Parses YAML text into `T`, reporting syntax errors, duplicate keys, unknown
/// or missing keys and wrong types with their place.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str, diags: &mut Diagnostics) -> Option<T> {
    // Nesting too deep for the parser to read in reasonable time, and control
    // characters written as escapes, are found on libyaml's events first.
    if !crate::load::bounds::yaml(file, text, diags) {
        return None;
    }
    // A first pass into a generic value reports syntax errors, and rejects duplicate
    // keys in every mapping, including the free-form ones (metrics, overall_target)
    // that a struct would not check.
    if let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(text) {
        report(file, text, &e, true, diags);
        return None;
    }
    match serde_yaml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            report(file, text, &e, false, diags);
            None
        }
    }
}

fn report(file: &str, text: &str, e: &serde_yaml::Error, syntax: bool, diags: &mut Diagnostics) {
    let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
    let raw = e.to_string();
    // serde_yaml appends " at line L column C"; the location is printed separately.
    let msg = match raw.find(" at line ") {
        Some(p) => raw[..p].to_string(),
        None => raw.clone(),
    };
    let loc = Location::at(file, line.max(1), column);
    if let Some(rest) = msg.split_once("unknown field `").map(|(_, r)| r) {
        let key = rest.split('`').next().unwrap_or_default();
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        let hint = format!(
            "{}allowed keys here: {}",
            did_you_mean(key, expected.iter().copied()),
            expected.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        );
        diags.error(loc, format!("unknown key `{key}`"), hint);
    } else if let Some(rest) = msg.split_once("missing field `").map(|(_, r)| r) {
        let key = rest.split('`').next().unwrap_or_default();
        diags.error(
            loc,
            format!("missing required key `{key}`"),
            format!("add `{key}:` to this block (see docs/formats.md)"),
        );
    } else if msg.contains("duplicate entry") || msg.contains("duplicate field") {
        let key = msg.split(['`', '"']).nth(1).unwrap_or_default();
        let (loc, first) = match crate::load::text::duplicate_key(text, key, line, column) {
            Some(((l, c), first)) => (Location::at(file, l, c), format!(" (first on line {first})")),
            None => (loc, String::new()),
        };
        diags.error(
            loc,
            format!("duplicate key `{key}`{first}"),
            "a key may appear only once in the same block: remove or merge one of them",
        );
    } else if let Some(l) = tab_indent(text, line).filter(|_| syntax) {
        diags.error(
            Location::at(file, l, 1),
            "malformed YAML: this line is indented with a tab",
            "indent with spaces only (two per level), like the lines around it",
        );
    } else if let Some((l, c)) = unclosed_quote(text, line).filter(|_| syntax) {
        // The parser stops where the runaway quoted text ends, often lines later:
        // point at the quote that was never closed instead.
        diags.error(
            Location::at(file, l, c),
            "malformed YAML: this quote is not closed on its line",
            "end the quoted text with the same quote mark on the same line, e.g. title: \"Năm 2022\"",
        );
    } else if syntax {
        diags.error(
            loc,
            format!("malformed YAML: {msg}"),
            "check the indentation (spaces, not tabs), the colons and the quotes around this place; put text containing \": \" or \" #\" in quotes",
        );
    } else {
        diags.error(
            loc,
            humanise_type_error(&msg),
            "check the value's type (text, whole number, list or mapping) against docs/formats.md",
        );
    }
}

/// `error_line` (or the line before, where the parser may stop) when it is indented with a tab.
fn tab_indent(text: &str, error_line: usize) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    [error_line, error_line.saturating_sub(1)]
        .into_iter()
        .find(|&l| l > 0 && lines.get(l - 1).is_some_and(|s| s[..s.len() - s.trim_start().len()].contains('\t')))
}

/// The first line before `error_line` whose quotes do not pair up: the place of
/// a quote never closed (line and column, 1-based).
fn unclosed_quote(text: &str, error_line: usize) -> Option<(usize, usize)> {
    for (i, line) in text.lines().enumerate().take(error_line.saturating_sub(1)) {
        let mut open: Option<(char, usize)> = None;
        let mut prev = ' ';
        for (col, c) in line.chars().enumerate() {
            match open {
                Some((q, _)) if c == q && !(q == '"' && prev == '\\') => open = None,
                Some(_) => {}
                // A quote starts a quoted value only at the start of one (after `: `, `- `, `[`, `{`, `,`).
                None if (c == '"' || c == '\'') && matches!(prev, ' ' | '[' | '{' | ',' | ':') => open = Some((c, col)),
                None if c == '#' && prev == ' ' => break,
                None => {}
            }
            prev = c;
        }
        if let Some((_, col)) = open {
            return Some((i + 1, col + 1));
        }
    }
    None
}

/// Rewrites serde's type names into words a user knows.
fn humanise_type_error(msg: &str) -> String {
    let mut m = msg.replace(
        "data did not match any variant of untagged enum Scalar",
        "expected a single value (text or a number), not a list or a block",
    );
    if let Some(p) = m.find("expected struct ") {
        let end = m[p + 16..].find(|c: char| !c.is_alphanumeric()).map_or(m.len(), |e| p + 16 + e);
        m.replace_range(p..end, "expected a block of `key: value` lines");
    }
    for (from, to) in [
        ("expected u32", "expected a whole number of 0 or more"),
        ("expected u64", "expected a whole number of 0 or more"),
        ("expected i64", "expected a whole number"),
        ("expected a string", "expected text"),
        ("expected a sequence", "expected a list"),
        ("expected a boolean", "expected true or false"),
        ("expected a map", "expected a block of `key: value` lines"),
        ("expected a YAML mapping", "expected a block of `key: value` lines"),
    ] {
        m = m.replace(from, to);
    }
    m
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteYaml {
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    allow_html: Option<bool>,
    #[serde(default)]
    footer: Option<String>,
}

pub const SITE: &str = "data/site.yaml";
pub const CAMPAIGN: &str = "data/campaign.yaml";
pub const GROUPS: &str = "data/groups.yaml";

/// The longest span of the periods, first month to last.
pub const MAX_MONTHS: i64 = 120;

/// At most this many messages of one kind are listed per block; the rest are
/// counted (each is placed by a search of the file, and a hostile file can hold
/// tens of thousands).
const LISTED: usize = 20;

/// A place in a YAML file: line and column (0 = unknown).
fn place(file: &str, (line, column): (usize, usize)) -> Location {
    Location::at(file, line.max(1), column)
}

pub fn site(text: &str, diags: &mut Diagnostics) -> Option<Site> {
    let raw: SiteYaml = parse(SITE, text, diags)?;
    let loc = Locator::new(text);
    let language = match raw.language.as_deref().map(str::trim).unwrap_or("vi") {
        "vi" | "" => Language::Vi,
        "en" => Language::En,
        other => {
            diags.error(
                place(SITE, loc.pos_or(1, "language", other, 1)),
                format!("unknown language `{other}`"),
                "write `language: vi` (Vietnamese) or `language: en` (English)",
            );
            Language::Vi
        }
    };
    let base_url = raw.base_url.unwrap_or_default().trim().trim_end_matches('/').to_string();
    if base_url.is_empty() {
        let place = loc.find_pos(1, "base_url", "").map_or(Location::file(SITE), |p| self::place(SITE, p));
        diags.warning(
            place,
            "base_url is empty, so feed.xml and sitemap.xml cannot give absolute addresses",
            "set `base_url:` to the address where the site is published, e.g. https://example.org/thi-dua (ignore this for a site read only from disk)",
        );
    }
    if !(base_url.is_empty() || base_url.starts_with("https://") || base_url.starts_with("http://")) {
        diags.error(
            place(SITE, loc.pos_or(1, "base_url", &base_url, 1)),
            format!("base_url `{base_url}` is not an absolute http(s) address"),
            "write the full address, e.g. https://example.org/thi-dua, or leave it empty",
        );
    }
    let theme = raw.theme.unwrap_or_else(|| "default".into());
    if !is_slug(&theme) {
        diags.error(
            place(SITE, loc.pos_or(1, "theme", &theme, 1)),
            format!("theme name `{theme}` is not a folder name of lower-case letters, digits and hyphens"),
            "name the theme like its folder in themes/, e.g. `default`",
        );
    }
    if is_blank(&raw.title) {
        diags.error(place(SITE, loc.pos_or(1, "title", "", 1)), "the site title is empty", "write a title");
    }
    Some(Site {
        title: raw.title.trim().to_string(),
        description: raw.description.unwrap_or_default().trim().to_string(),
        language,
        base_url,
        theme,
        allow_html: raw.allow_html.unwrap_or(false),
        footer: raw.footer.unwrap_or_default().trim().to_string(),
    })
}

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

/// Award counts as written: read wide, so that any whole number gets the
/// message about [`MAX_AWARDS`] from [`award_counts`].
#[derive(Deserialize, Default, Clone, Copy)]
#[serde(deny_unknown_fields)]
struct AwardsYaml {
    #[serde(default)]
    collective: u64,
    #[serde(default)]
    individual: u64,
    #[serde(default)]
    any: u64,
}

/// Checks each count against [`MAX_AWARDS`], reporting one too large at its
/// place: the first `kind: n` at or after line `from`. `whose` names the
/// block in the message ("the awards of group `nhom-1`").
fn award_counts(file: &str, a: AwardsYaml, whose: &str, loc: &Locator, from: usize, diags: &mut Diagnostics) -> Awards {
    let mut count = |kind: &str, n: u64| match u32::try_from(n) {
        Ok(n) if n <= MAX_AWARDS => n,
        _ => {
            diags.error(
                place(file, loc.pos_or(from, kind, &n.to_string(), from)),
                format!("`{kind}: {n}` in {whose} is too large (at most {MAX_AWARDS} of a kind)"),
                "check for a typo or extra digits: an award count is a number of certificates (see docs/formats.md)",
            );
            MAX_AWARDS
        }
    };
    Awards {
        collective: count("collective", a.collective),
        individual: count("individual", a.individual),
        any: count("any", a.any),
    }
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
        diags.error(
            at(loc.pos_or(1, "id", &id, 1)),
            format!("campaign id `{id}` is not a valid slug"),
            "use lower-case letters, digits and single hyphens, e.g. pt-doan-vien-2022-2023",
        );
    }
    if is_blank(&raw.title) {
        diags.error(
            at(loc.pos_or(1, "title", "", 1)),
            "the campaign title is empty",
            "write the campaign's full name, as the plan gives it",
        );
    }
    let mut date = |key: &str, value: &Scalar| {
        let t = value.text();
        Date::parse(t.trim()).or_else(|| {
            diags.error(
                at(loc.pos_or(1, key, &t, 1)),
                format!("`{key}: {t}` is not a date"),
                "write the date as YYYY-MM-DD, e.g. 2022-03-01",
            );
            None
        })
    };
    let starts = date("starts", &raw.starts);
    let ends = date("ends", &raw.ends);
    if let (Some(s), Some(e)) = (starts, ends)
        && e < s
    {
        diags.error(
            at(loc.pos_or(1, "ends", &e.to_string(), 1)),
            format!("the campaign ends ({e}) before it starts ({s})"),
            "swap `starts` and `ends` or correct the year",
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
            diags.error(
                at(line),
                format!("metric id `{mid}` must use lower-case letters, digits, `_` or `-`"),
                "rename it, e.g. members_net",
            );
        }
        if m.plus.is_empty() && m.minus.is_empty() {
            diags.error(
                at(line),
                format!("metric `{mid}` names no results.csv column"),
                "list the columns it adds under `plus:` (and those it subtracts under `minus:`)",
            );
        }
        if is_blank(&m.label) {
            diags.error(
                at(line),
                format!("metric `{mid}` has an empty label"),
                "write the name the site shows for it, e.g. label: \"Phát triển đoàn viên\"",
            );
        }
        for c in m.plus.iter().chain(&m.minus) {
            if c == "unit" || c == "month" || c.trim().is_empty() {
                diags.error(
                    at(line),
                    format!("metric `{mid}` uses `{c}`, which is not a figure column"),
                    "name the results.csv columns that hold figures, e.g. members_added",
                );
            }
        }
        repeated_columns(text, mid, m, line.0, diags);
        let plus = m.plus.iter().map(|c| col(c)).collect();
        let minus = m.minus.iter().map(|c| col(c)).collect();
        metrics.push(Metric { id: mid.clone(), label: m.label.trim().to_string(), plus, minus });
    }
    if metrics.is_empty() {
        diags.error(
            at(loc.pos_or(1, "metrics", "", 1)),
            "no metrics defined",
            "define at least one metric under `metrics:`",
        );
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
            diags.error(
                at(loc.pos_or(1, name, "", 1)),
                format!("`columns:` names `{name}`, which no metric reads"),
                format!(
                    "{}the columns the metrics read are: {}",
                    did_you_mean(name, columns.iter().map(String::as_str)),
                    first_of(&columns)
                ),
            );
        }
    }
    if unread > LISTED {
        diags.error(
            at(loc.pos_or(1, "columns", "", 1)),
            format!("`columns:` names {} more columns no metric reads ({LISTED} are listed)", unread - LISTED),
            format!("the columns the metrics read are: {}", first_of(&columns)),
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
            diags.error(
                at(ppos),
                format!("period id `{pid}` is not a valid slug"),
                "use lower-case letters, digits and single hyphens, e.g. \"2022\"",
            );
        }
        if periods.iter().any(|q| q.id == pid) {
            diags.error(at(ppos), format!("duplicate period id `{pid}`"), "give every period its own id");
        }
        let mut month = |key: &str, v: &Scalar| {
            let t = v.text();
            Month::parse(t.trim()).or_else(|| {
                diags.error(
                    at(loc.pos_or(pline, key, &t, pline)),
                    format!("`{key}: {t}` is not a month"),
                    "write the month as YYYY-MM, e.g. 2022-01",
                );
                None
            })
        };
        let (Some(from), Some(to)) = (month("from", &p.from), month("to", &p.to)) else {
            continue;
        };
        if to < from {
            diags.error(
                at(loc.pos_or(pline, "to", &to.to_string(), pline)),
                format!("period `{pid}` ends ({to}) before it starts ({from})"),
                "correct `from` or `to`: a period runs from its first month to its last, inclusive",
            );
            continue;
        }
        if let Some(q) = periods.iter().find(|q| q.from <= to && from <= q.to) {
            diags.error(
                at(ppos),
                format!("period `{pid}` ({from} to {to}) overlaps period `{}` ({} to {})", q.id, q.from, q.to),
                "a month may belong to one period only: correct `from` or `to`",
            );
        }
        let mut overall_target: IndexVec<MetricIx, Option<i64>> = IndexVec::from_vec(vec![None; metrics.len()]);
        let mut unknown = 0;
        for (k, v) in &p.overall_target {
            match metric_index.get(k.as_str()).copied() {
                Some(i) => match v {
                    Some(t) if *t > 0 => overall_target[i] = Some(*t),
                    Some(t) => diags.error(
                        at(loc.pos_or(pline, k, &t.to_string(), pline)),
                        format!("overall target for `{k}` is {t}, but targets must be positive"),
                        "write a whole number greater than 0, or remove it for \"no target\"",
                    ),
                    None => {}
                },
                None => {
                    unknown += 1;
                    if unknown <= LISTED {
                        diags.error(
                            at(loc.pos_or(pline, k, "", pline)),
                            format!("unknown metric `{k}` in overall_target"),
                            format!(
                                "{}metrics are: {}",
                                did_you_mean(k, metric_ids.iter().copied()),
                                first_of(&metric_ids)
                            ),
                        );
                    }
                }
            }
        }
        if unknown > LISTED {
            diags.error(
                at(loc.pos_or(pline, "overall_target", "", pline)),
                format!("overall_target names {} more unknown metrics ({LISTED} are listed)", unknown - LISTED),
                format!("metrics are: {}", first_of(&metric_ids)),
            );
        }
        let national_awards = p
            .national_awards
            .map(|a| award_counts(CAMPAIGN, a, &format!("national_awards of period `{pid}`"), &loc, pline, diags))
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
        diags.error(
            at(loc.pos_or(1, "periods", "", 1)),
            "no periods defined",
            "define at least one period under `periods:`",
        );
    }
    periods.sort_by_key(|p| p.from);
    // results.csv is held as a table of every unit, month and column from the first month
    // of any period to the last: a typo in a year (2923 for 2023) would ask for gigabytes.
    if let (Some(first), Some(last)) = (periods.first(), periods.iter().max_by_key(|p| p.to)) {
        let span = first.from.offset_to(last.to) + 1;
        if span > MAX_MONTHS {
            // The longer of the two periods at the ends is likely the one mistyped.
            let odd = if first.from.offset_to(first.to) > last.from.offset_to(last.to) { first } else { last };
            diags.error(
                at(loc.pos_or(loc.find(1, "periods", "").max(1), "id", &odd.id, 1)),
                format!(
                    "the periods span {span} months ({} to {}), more than the {MAX_MONTHS} (10 years) podium handles",
                    first.from, last.to
                ),
                "check the years of `from` and `to`: a typo such as 2923 for 2023 stretches the campaign",
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
        let (loc, first) = match places.as_slice() {
            [first, second, ..] => {
                (Location::at(CAMPAIGN, second.0, second.1), format!(" (first on line {})", first.0))
            }
            _ => (Location::at(CAMPAIGN, metric_line.max(1), 0), String::new()),
        };
        let (message, hint) = match (first_plus, plus) {
            (true, true) => (
                format!("metric `{mid}` adds `{c}` twice{first}"),
                "list each column once: a column listed twice counts twice",
            ),
            (false, false) => (
                format!("metric `{mid}` subtracts `{c}` twice{first}"),
                "list each column once: a column listed twice counts twice",
            ),
            _ => (
                format!("metric `{mid}` both adds and subtracts `{c}`{first}"),
                "a column belongs under `plus:` or under `minus:`, not both: remove it from one of them",
            ),
        };
        diags.error(loc, message, hint);
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
            diags.error(
                at(gpos),
                format!("group id `{gid}` is not a valid slug"),
                "use lower-case letters, digits and single hyphens, at most 64 characters, e.g. nhom-1",
            );
        }
        if groups.iter().any(|x| x.id == gid) {
            diags.error(at(gpos), format!("duplicate group id `{gid}`"), "give every group its own id");
        }
        if is_blank(&g.name) {
            diags.error(
                at(loc.pos_or(gline, "name", "", gline)),
                format!("group `{gid}` has an empty name"),
                "write the name the site shows for it, e.g. name: \"Nhóm 1\"",
            );
        }
        let r = &g.rule;
        let metric = match campaign.metric_index(&r.metric) {
            Some(m) => m,
            None => {
                diags.error(
                    at(loc.pos_or(gline, "metric", &r.metric, gline)),
                    format!("unknown metric `{}` in the rule of group `{gid}`", r.metric),
                    format!(
                        "{}metrics defined in campaign.yaml: {}",
                        did_you_mean(&r.metric, metric_ids.iter().copied()),
                        first_of(&metric_ids)
                    ),
                );
                MetricIx::new(0)
            }
        };
        let basis = match r.basis.as_deref().unwrap_or("unit") {
            "unit" => Basis::Unit,
            "overall" => Basis::Overall,
            other => {
                diags.error(
                    at(loc.pos_or(gline, "basis", other, gline)),
                    format!("unknown basis `{other}`"),
                    "write `basis: unit` (each unit against its own target) or `basis: overall` (the campaign total)",
                );
                Basis::Unit
            }
        };
        // `from`: the line to look for the value from (bonus levels are found one after the other).
        let percent = |key: &str, v: &Scalar, from: usize, diags: &mut Diagnostics| {
            let t = v.text();
            Percent::parse(&t).or_else(|| {
                diags.error(
                    at(loc.pos_or(from, key, &t, gline)),
                    format!("`{t}` is not a percentage"),
                    match Percent::parse(&t.replacen(',', ".", 1)) {
                        Some(p) => format!("write the decimal with a dot: \"{}%\"", p.plain('.')),
                        None => "write a number of percent from 0 up, with at most four decimals, e.g. \"110%\" or \"109.5%\""
                            .to_string(),
                    },
                );
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
                    diags.error(
                        at(place),
                        format!("bonus level {}% is below qualify_at {}% in group `{gid}`", p.plain('.'), q.plain('.')),
                        "a bonus applies only to units that qualify: raise `at` to at least qualify_at",
                    );
                }
                if bonuses.iter().any(|x: &Bonus| x.at == p) {
                    diags.error(
                        at(place),
                        format!("two bonus levels at {}% in group `{gid}`", p.plain('.')),
                        "merge them into one level",
                    );
                }
                let whose = format!("the {}% bonus of group `{gid}`", p.plain('.'));
                let add = award_counts(GROUPS, b.add, &whose, &loc, place.0, diags);
                if basis == Basis::Unit && add.any > 0 {
                    diags.error(
                        at(loc.pos_or(place.0, "add", "any", place.0)),
                        format!("group `{gid}` gives an `any` pool in its {}% bonus with `basis: unit`", p.plain('.')),
                        "a pool of awards for either kind belongs to a whole group: use `basis: overall`, or split it into collective and individual",
                    );
                }
                bonuses.push(Bonus { at: p, add });
            }
        }
        bonuses.sort_by_key(|b| b.at);
        let whose = format!("the awards of group `{gid}`");
        let awards = award_counts(GROUPS, r.awards, &whose, &loc, loc.find(gline, "awards", "").max(gline), diags);
        if basis == Basis::Unit && awards.any > 0 {
            diags.error(
                at(loc.pos_or(gline, "awards", "any", gline)),
                format!("group `{gid}` gives an `any` pool with `basis: unit`"),
                "a pool of awards for either kind belongs to a whole group: use `basis: overall`, or split it into collective and individual",
            );
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
        diags.error(at((1, 0)), "no groups defined", "define at least one group under `groups:`");
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
                Some(&(g0, p0)) if groups[g0].id != group.id => diags.error(
                    Location::at(GROUPS, places[g].0.max(1), places[g].1),
                    format!(
                        "group `{}` with period `{}` would publish its ranking as {name}, the file of group `{}` with period `{}`",
                        group.id, period.id, groups[g0].id, campaign.periods[p0].id
                    ),
                    "rename the group or the period, so that no group id and period id joined by a hyphen spell another pair",
                ),
                Some(_) => {}
                None => {
                    names.insert(name, (g, p));
                }
            }
        }
    }
}
