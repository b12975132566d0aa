//! site.yaml, campaign.yaml and groups.yaml: parsed strictly (unknown keys,
//! duplicate keys and wrong types are errors with their line and column).

use crate::error::{Diagnostics, Location, did_you_mean};
use crate::load::text::Locator;
use crate::model::{
    Awards, Basis, Bonus, Campaign, Date, Group, Language, Metric, Month, Percent, Period, Rule, Site, is_slug,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

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
/// or missing keys and wrong types with their place. `what` names the expected
/// keys in hints.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str, diags: &mut Diagnostics) -> Option<T> {
    // A first pass into a generic value rejects duplicate keys in every mapping,
    // including the free-form ones (metrics, targets) that a struct would not check.
    if let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(text) {
        report(file, &e, diags);
        return None;
    }
    match serde_yaml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            report(file, &e, diags);
            None
        }
    }
}

fn report(file: &str, e: &serde_yaml::Error, diags: &mut Diagnostics) {
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
        diags.error(loc, format!("missing required key `{key}`"), format!("add `{key}:` here (see docs/formats.md)"));
    } else if msg.contains("duplicate entry") || msg.contains("duplicate field") {
        let key = msg.split(['`', '"']).nth(1).unwrap_or_default();
        diags.error(
            loc,
            format!("duplicate key `{key}`"),
            "a key may appear only once in the same mapping: remove or rename one of them",
        );
    } else {
        let hint = if msg.contains("invalid type") {
            "check the value's type (text, whole number, list or mapping) against docs/formats.md"
        } else {
            "check the indentation, colons and quotes on this line (YAML syntax)"
        };
        diags.error(loc, msg, hint);
    }
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

pub fn site(text: &str, diags: &mut Diagnostics) -> Option<Site> {
    let raw: SiteYaml = parse(SITE, text, diags)?;
    let loc = Locator::new(text);
    let language = match raw.language.as_deref().map(str::trim).unwrap_or("vi") {
        "vi" | "" => Language::Vi,
        "en" => Language::En,
        other => {
            diags.error(
                Location::line(SITE, loc.find_or(1, "language", other, 1)),
                format!("unknown language `{other}`"),
                "write `language: vi` (Vietnamese) or `language: en` (English)",
            );
            Language::Vi
        }
    };
    let base_url = raw.base_url.unwrap_or_default().trim().trim_end_matches('/').to_string();
    if !(base_url.is_empty() || base_url.starts_with("https://") || base_url.starts_with("http://")) {
        diags.error(
            Location::line(SITE, loc.find_or(1, "base_url", &base_url, 1)),
            format!("base_url `{base_url}` is not an absolute http(s) address"),
            "write the full address, e.g. https://example.org/thi-dua, or leave it empty",
        );
    }
    let theme = raw.theme.unwrap_or_else(|| "default".into());
    if !is_slug(&theme) {
        diags.error(
            Location::line(SITE, loc.find_or(1, "theme", &theme, 1)),
            format!("theme name `{theme}` is not a folder name of lower-case letters, digits and hyphens"),
            "name the theme like its folder in themes/, e.g. `default`",
        );
    }
    if raw.title.trim().is_empty() {
        diags.error(Location::line(SITE, loc.find_or(1, "title", "", 1)), "the site title is empty", "write a title");
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

#[derive(Deserialize, Default, Clone, Copy)]
#[serde(deny_unknown_fields)]
struct AwardsYaml {
    #[serde(default)]
    collective: u32,
    #[serde(default)]
    individual: u32,
    #[serde(default)]
    any: u32,
}

impl From<AwardsYaml> for Awards {
    fn from(a: AwardsYaml) -> Awards {
        Awards { collective: a.collective, individual: a.individual, any: a.any }
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

pub fn campaign(text: &str, diags: &mut Diagnostics) -> Option<Campaign> {
    let raw: CampaignYaml = parse(CAMPAIGN, text, diags)?;
    let loc = Locator::new(text);
    let at = |line: usize| Location::line(CAMPAIGN, line.max(1));
    let id = raw.id.text();
    if !is_slug(&id) {
        diags.error(
            at(loc.find(1, "id", &id)),
            format!("campaign id `{id}` is not a valid slug"),
            "use lower-case letters, digits and single hyphens, e.g. pt-doan-vien-2022-2023",
        );
    }
    let mut date = |key: &str, value: &Scalar| {
        let t = value.text();
        Date::parse(t.trim()).or_else(|| {
            diags.error(
                at(loc.find(1, key, &t)),
                format!("`{key}: {t}` is not a date"),
                "write the date as YYYY-MM-DD, e.g. 2022-03-01",
            );
            None
        })
    };
    let starts = date("starts", &raw.starts);
    let ends = date("ends", &raw.ends);
    if let (Some(s), Some(e)) = (starts, ends) {
        if e < s {
            diags.error(
                at(loc.find(1, "ends", &e.to_string())),
                format!("the campaign ends ({e}) before it starts ({s})"),
                "swap `starts` and `ends` or correct the year",
            );
        }
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
    for mid in &order {
        let Some(m) = raw.metrics.get(mid) else {
            continue;
        };
        let line = loc.find(1, mid, "");
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
        for c in m.plus.iter().chain(&m.minus) {
            if c == "unit" || c == "month" || c.trim().is_empty() {
                diags.error(
                    at(line),
                    format!("metric `{mid}` uses `{c}`, which is not a figure column"),
                    "name the results.csv columns that hold figures, e.g. members_added",
                );
            }
        }
        let plus = m.plus.iter().map(|c| col(c)).collect();
        let minus = m.minus.iter().map(|c| col(c)).collect();
        metrics.push(Metric { id: mid.clone(), label: m.label.trim().to_string(), plus, minus });
    }
    if metrics.is_empty() {
        diags.error(
            at(loc.find(1, "metrics", "")),
            "no metrics defined",
            "define at least one metric under `metrics:`",
        );
    }

    let metric_ids: Vec<&str> = metrics.iter().map(|m| m.id.as_str()).collect();
    let mut periods: Vec<Period> = Vec::new();
    let mut line_cursor = 1;
    for p in &raw.periods {
        let pid = p.id.text();
        let pline = loc.find_or(line_cursor, "id", &pid, line_cursor);
        line_cursor = pline;
        if !is_slug(&pid) {
            diags.error(
                at(pline),
                format!("period id `{pid}` is not a valid slug"),
                "use lower-case letters, digits and single hyphens, e.g. \"2022\"",
            );
        }
        if periods.iter().any(|q| q.id == pid) {
            diags.error(at(pline), format!("duplicate period id `{pid}`"), "give every period its own id");
        }
        let mut month = |key: &str, v: &Scalar| {
            let t = v.text();
            Month::parse(t.trim()).or_else(|| {
                diags.error(
                    at(loc.find_or(pline, key, &t, pline)),
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
                at(loc.find_or(pline, "to", &to.to_string(), pline)),
                format!("period `{pid}` ends ({to}) before it starts ({from})"),
                "correct `from` or `to`: a period runs from its first month to its last, inclusive",
            );
            continue;
        }
        if let Some(q) = periods.iter().find(|q| q.from <= to && from <= q.to) {
            diags.error(
                at(pline),
                format!("period `{pid}` ({from} to {to}) overlaps period `{}` ({} to {})", q.id, q.from, q.to),
                "a month may belong to one period only: correct `from` or `to`",
            );
        }
        let mut overall_target = vec![None; metrics.len()];
        for (k, v) in &p.overall_target {
            match metric_ids.iter().position(|m| m == k) {
                Some(i) => match v {
                    Some(t) if *t > 0 => overall_target[i] = Some(*t),
                    Some(t) => diags.error(
                        at(loc.find_or(pline, k, &t.to_string(), pline)),
                        format!("overall target for `{k}` is {t}, but targets must be positive"),
                        "write a whole number greater than 0, or remove it for \"no target\"",
                    ),
                    None => {}
                },
                None => diags.error(
                    at(loc.find_or(pline, k, "", pline)),
                    format!("unknown metric `{k}` in overall_target"),
                    format!("{}metrics are: {}", did_you_mean(k, metric_ids.iter().copied()), metric_ids.join(", ")),
                ),
            }
        }
        periods.push(Period {
            label: p
                .label
                .clone()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| pid.clone()),
            id: pid,
            from,
            to,
            overall_target,
            decision: p.decision.clone().unwrap_or_default().trim().to_string(),
            national_awards: p.national_awards.map(Awards::from).filter(|a| !a.is_empty()),
        });
    }
    if raw.periods.is_empty() {
        diags.error(
            at(loc.find(1, "periods", "")),
            "no periods defined",
            "define at least one period under `periods:`",
        );
    }
    periods.sort_by_key(|p| p.from);
    Some(Campaign {
        id,
        title: raw.title.trim().to_string(),
        issuer: raw.issuer.unwrap_or_default().trim().to_string(),
        starts: starts.unwrap_or(Date { year: 1970, month: 1, day: 1 }),
        ends: ends.unwrap_or(Date { year: 1970, month: 1, day: 1 }),
        description: raw.description.unwrap_or_default().trim().to_string(),
        metrics,
        periods,
        columns,
    })
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
    let at = |line: usize| Location::line(GROUPS, line.max(1));
    let metric_ids: Vec<&str> = campaign.metrics.iter().map(|m| m.id.as_str()).collect();
    let mut groups: Vec<Group> = Vec::new();
    let mut cursor = 1;
    for g in raw.groups {
        let gid = g.id.text();
        let gline = loc.find_or(cursor, "id", &gid, cursor);
        cursor = gline;
        if !is_slug(&gid) {
            diags.error(
                at(gline),
                format!("group id `{gid}` is not a valid slug"),
                "use lower-case letters, digits and single hyphens, at most 64 characters, e.g. nhom-1",
            );
        }
        if groups.iter().any(|x| x.id == gid) {
            diags.error(at(gline), format!("duplicate group id `{gid}`"), "give every group its own id");
        }
        let r = &g.rule;
        let metric = match campaign.metric_index(&r.metric) {
            Some(m) => m,
            None => {
                diags.error(
                    at(loc.find_or(gline, "metric", &r.metric, gline)),
                    format!("unknown metric `{}` in the rule of group `{gid}`", r.metric),
                    format!(
                        "{}metrics defined in campaign.yaml: {}",
                        did_you_mean(&r.metric, metric_ids.iter().copied()),
                        metric_ids.join(", ")
                    ),
                );
                0
            }
        };
        let basis = match r.basis.as_deref().unwrap_or("unit") {
            "unit" => Basis::Unit,
            "overall" => Basis::Overall,
            other => {
                diags.error(
                    at(loc.find_or(gline, "basis", other, gline)),
                    format!("unknown basis `{other}`"),
                    "write `basis: unit` (each unit against its own target) or `basis: overall` (the campaign total)",
                );
                Basis::Unit
            }
        };
        let percent = |key: &str, v: &Scalar, diags: &mut Diagnostics| {
            let t = v.text();
            Percent::parse(&t).or_else(|| {
                diags.error(
                    at(loc.find_or(gline, key, &t, gline)),
                    format!("`{t}` is not a percentage"),
                    "write a number of percent from 0 up, with at most four decimals, e.g. \"110%\" or \"109.5%\"",
                );
                None
            })
        };
        let qualify_at = percent("qualify_at", &r.qualify_at, diags);
        let mut bonuses = Vec::new();
        for b in &r.bonuses {
            if let Some(p) = percent("at", &b.at, diags) {
                if let Some(q) = qualify_at {
                    if p < q {
                        diags.error(
                            at(loc.find_or(gline, "at", &b.at.text(), gline)),
                            format!(
                                "bonus level {}% is below qualify_at {}% in group `{gid}`",
                                p.plain('.'),
                                q.plain('.')
                            ),
                            "a bonus applies only to units that qualify: raise `at` to at least qualify_at",
                        );
                    }
                }
                if bonuses.iter().any(|x: &Bonus| x.at == p) {
                    diags.error(
                        at(loc.find_or(gline, "at", &b.at.text(), gline)),
                        format!("two bonus levels at {}% in group `{gid}`", p.plain('.')),
                        "merge them into one level",
                    );
                }
                bonuses.push(Bonus { at: p, add: b.add.into() });
            }
        }
        bonuses.sort_by_key(|b| b.at);
        let awards: Awards = r.awards.into();
        if basis == Basis::Unit && awards.any > 0 {
            diags.error(
                at(loc.find_or(gline, "awards", "any", gline)),
                format!("group `{gid}` gives an `any` pool with `basis: unit`"),
                "a pool of awards for either kind belongs to a whole group: use `basis: overall`, or split it into collective and individual",
            );
        }
        groups.push(Group {
            id: gid,
            name: g.name.trim().to_string(),
            description: g.description.unwrap_or_default().trim().to_string(),
            rule: Rule { metric, basis, qualify_at: qualify_at.unwrap_or(Percent::from_whole(100)), awards, bonuses },
        });
    }
    if groups.is_empty() {
        diags.error(at(1), "no groups defined", "define at least one group under `groups:`");
    }
    Some(groups)
}
