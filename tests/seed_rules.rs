//! The seed's award rules, group by group (issue 16, item 2), checked on the
//! sample campaign in `data/` built by the real binary, for every unit and
//! both periods, and on two fixtures with the seed's less common shapes (a
//! "+2 individual" top level; a group with no 120 % level).
//!
//! How the expected tables were made: NOT from podium's output. A throwaway
//! script (not committed) added up `members_added` and `members_lost` of
//! `data/results.csv` per unit over each period's months (2022-01…2022-12,
//! 2023-01…2023-06), took the target from `data/targets.csv`, computed the
//! ratio as an exact fraction, and applied the award table of the campaign
//! plan (`shared/seed/ke-hoach-thi-dua-2022-2023.md`, section II.4.1) typed in
//! from the plan's text, not read from `data/groups.yaml`:
//!
//! - Nhóm 1: ≥ 100 % → 2 collective + 5 individual; ≥ 110 % → +1 individual;
//!   ≥ 120 % → +1 individual and +1 collective, in all (3 + 6).
//! - Nhóm 2: 2 + 3; ≥ 110 % → +1 individual; ≥ 120 % → +2 individual in all (2 + 5).
//! - Nhóm 3: 2 + 2; ≥ 110 % → +1 individual; no higher level.
//! - Nhóm 4: a pool of 8 (collective or individual) when the province's total
//!   reaches its overall target; +1 individual when it reaches 110 % of it.
//!
//! Ranks: ratio first, then value (docs/rules.md §6). Percent: the exact
//! ratio × 100 rounded half up to two decimals. Expected values are literals
//! below; a change to the data, the rules file or the engine that moves any of
//! them fails here.

mod common;

use common::*;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// The sample, built once per test run.
fn sample() -> &'static Value {
    static SITE: OnceLock<Value> = OnceLock::new();
    SITE.get_or_init(|| built(&repo()))
}

fn built(project: &std::path::Path) -> Value {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(project, &site);
    results_json(&site)
}

/// One unit's expected result in one period.
struct Unit {
    id: &'static str,
    rank: u32,
    added: i64,
    lost: i64,
    value: i64,
    target: i64,
    percent: &'static str,
    collective: u32,
    individual: u32,
    /// The bonus level reached ("110", "120"), if any.
    level: Option<&'static str>,
}

#[allow(clippy::too_many_arguments)]
const fn u(
    id: &'static str,
    rank: u32,
    added: i64,
    lost: i64,
    value: i64,
    target: i64,
    percent: &'static str,
    collective: u32,
    individual: u32,
    level: Option<&'static str>,
) -> Unit {
    Unit { id, rank, added, lost, value, target, percent, collective, individual, level }
}

const L110: Option<&str> = Some("110");
const L120: Option<&str> = Some("120");

// ---- 2022 (complete: twelve months) ----

const NHOM_1_2022: &[Unit] = &[
    u("cd-cac-khu-cong-nghiep", 1, 1970, 80, 1890, 1500, "126.00", 3, 6, L120),
    u("ldld-long-xuyen", 2, 1487, 77, 1410, 1200, "117.50", 2, 6, L110),
    u("khoi-thi-dua-08", 3, 399, 27, 372, 400, "93.00", 0, 0, None),
];

const NHOM_2_2022: &[Unit] = &[
    u("ldld-cho-moi", 1, 1046, 70, 976, 800, "122.00", 2, 5, L120),
    u("ldld-chau-doc", 2, 847, 63, 784, 700, "112.00", 2, 4, L110),
    // 495 / 450 is exactly 110 %.
    u("ldld-thoai-son", 3, 509, 14, 495, 450, "110.00", 2, 4, L110),
    u("ldld-chau-thanh", 4, 558, 43, 515, 500, "103.00", 2, 3, None),
    u("ldld-chau-phu", 5, 499, 15, 484, 550, "88.00", 0, 0, None),
];

const NHOM_3_2022: &[Unit] = &[
    // 130 % and exactly 120 %: Nhóm 3 has no level above 110 %.
    u("cd-nganh-giao-duc", 1, 333, 8, 325, 250, "130.00", 2, 3, L110),
    u("cd-nganh-y-te", 2, 246, 6, 240, 200, "120.00", 2, 3, L110),
    u("ldld-tinh-bien", 3, 436, 37, 399, 350, "114.00", 2, 3, L110),
    u("khoi-thi-dua-09", 4, 164, 2, 162, 150, "108.00", 2, 2, None),
    u("ldld-tan-chau", 5, 435, 15, 420, 400, "105.00", 2, 2, None),
    u("ldld-phu-tan", 6, 373, 19, 354, 350, "101.14", 2, 2, None),
    u("khoi-thi-dua-10", 7, 149, 1, 148, 150, "98.67", 0, 0, None),
    u("ldld-an-phu", 8, 313, 22, 291, 300, "97.00", 0, 0, None),
    u("ldld-tri-ton", 9, 261, 18, 243, 300, "81.00", 0, 0, None),
];

// ---- 2023 (January to June) ----

const NHOM_1_2023: &[Unit] = &[
    u("cd-cac-khu-cong-nghiep", 1, 1075, 71, 1004, 830, "120.96", 3, 6, L120),
    u("ldld-long-xuyen", 2, 790, 90, 700, 660, "106.06", 2, 5, None),
    u("khoi-thi-dua-08", 3, 239, 15, 224, 220, "101.82", 2, 5, None),
];

const NHOM_2_2023: &[Unit] = &[
    u("ldld-cho-moi", 1, 590, 44, 546, 440, "124.09", 2, 5, L120),
    u("ldld-chau-thanh", 2, 332, 21, 311, 280, "111.07", 2, 4, L110),
    // 250 / 250: exactly the target.
    u("ldld-thoai-son", 3, 263, 13, 250, 250, "100.00", 2, 3, None),
    u("ldld-chau-doc", 4, 388, 10, 378, 390, "96.92", 0, 0, None),
    u("ldld-chau-phu", 5, 294, 9, 285, 300, "95.00", 0, 0, None),
];

const NHOM_3_2023: &[Unit] = &[
    u("ldld-phu-tan", 1, 249, 19, 230, 190, "121.05", 2, 3, L110),
    u("khoi-thi-dua-10", 2, 103, 10, 93, 80, "116.25", 2, 3, L110),
    u("ldld-an-phu", 3, 191, 10, 181, 160, "113.13", 2, 3, L110),
    u("cd-nganh-giao-duc", 4, 167, 10, 157, 140, "112.14", 2, 3, L110),
    u("khoi-thi-dua-09", 5, 90, 6, 84, 80, "105.00", 2, 2, None),
    u("ldld-tinh-bien", 6, 208, 10, 198, 190, "104.21", 2, 2, None),
    u("cd-nganh-y-te", 7, 114, 5, 109, 110, "99.09", 0, 0, None),
    u("ldld-tri-ton", 8, 152, 5, 147, 160, "91.88", 0, 0, None),
    u("ldld-tan-chau", 9, 215, 17, 198, 220, "90.00", 0, 0, None),
];

/// A whole number as the Vietnamese site writes it: 1.410, −18.
fn vi_int(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("−{out}") } else { out }
}

/// "02 tập thể và 06 cá nhân", as the plan writes counts (§II.4.1: "02 tập thể và
/// 05 cá nhân"): two digits at least; collective, individual, pool; kinds with 0
/// left out; ", " between them and " và " before the last.
fn vi_awards(collective: u32, individual: u32, any: u32) -> String {
    let mut parts = Vec::new();
    if collective > 0 {
        parts.push(format!("{collective:02} tập thể"));
    }
    if individual > 0 {
        parts.push(format!("{individual:02} cá nhân"));
    }
    if any > 0 {
        parts.push(format!("{any:02} tập thể hoặc cá nhân"));
    }
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} và {last}", rest.join(", ")),
        _ => parts.join(""),
    }
}

/// The explanation line the site prints for a unit (docs/rules.md §11, Vietnamese).
fn vi_explanation(e: &Unit) -> String {
    let head = format!(
        "{} − {} = {} / chỉ tiêu {} = {}%",
        vi_int(e.added),
        vi_int(e.lost),
        vi_int(e.value),
        vi_int(e.target),
        e.percent.replace('.', ",")
    );
    if e.collective + e.individual == 0 {
        format!("{head} < 100% → chưa đạt")
    } else {
        format!("{head} ≥ {}% → {}", e.level.unwrap_or("100"), vi_awards(e.collective, e.individual, 0))
    }
}

/// Compares a group's ranking in results.json with the expected table, row by
/// row and in order; every difference is listed in one failure.
fn check_group(json: &Value, period: &str, grp: &str, expected: &[Unit]) {
    let ranking = group(json, period, grp)["ranking"].as_array().expect("ranking").clone();
    let mut problems = Vec::new();
    let got_order: Vec<&str> = ranking.iter().map(|r| r["unit"].as_str().unwrap_or("?")).collect();
    let want_order: Vec<&str> = expected.iter().map(|e| e.id).collect();
    if got_order != want_order {
        problems.push(format!("ranking order: got {got_order:?}, want {want_order:?}"));
    }
    for e in expected {
        let Some(r) = ranking.iter().find(|r| r["unit"] == e.id) else {
            problems.push(format!("{}: missing from the ranking", e.id));
            continue;
        };
        let qualified = e.collective + e.individual > 0;
        let want = json!({
            "rank": e.rank,
            "value": e.value,
            "target": e.target,
            "percent": e.percent,
            "qualified": qualified,
            "awards": { "collective": e.collective, "individual": e.individual, "any": 0 },
            "level": e.level,
            "explanation": vi_explanation(e),
        });
        let got = json!({
            "rank": r["rank"],
            "value": r["value"],
            "target": r["target"],
            "percent": r["percent"],
            "qualified": r["qualified"],
            "awards": r["awards"],
            "level": r["level"],
            "explanation": r["explanation"],
        });
        if got != want {
            problems.push(format!("{} in {period}:\n   got  {got}\n   want {want}", e.id));
        }
    }
    assert!(problems.is_empty(), "{grp} {period} differs from the seed's rules:\n - {}", problems.join("\n - "));
}

#[test]
fn nhom_1_both_periods_two_plus_five_then_one_individual_then_one_of_each() {
    let j = sample();
    check_group(j, "2022", "nhom-1", NHOM_1_2022);
    check_group(j, "2023", "nhom-1", NHOM_1_2023);
}

#[test]
fn nhom_2_both_periods_two_more_individual_at_120_percent() {
    let j = sample();
    check_group(j, "2022", "nhom-2", NHOM_2_2022);
    check_group(j, "2023", "nhom-2", NHOM_2_2023);
}

#[test]
fn nhom_3_both_periods_no_level_above_110_percent() {
    let j = sample();
    check_group(j, "2022", "nhom-3", NHOM_3_2022);
    check_group(j, "2023", "nhom-3", NHOM_3_2023);
}

#[test]
fn nhom_4_pool_of_eight_and_one_individual_when_the_province_reaches_110_percent() {
    let j = sample();
    // (period, added, lost, overall target, percent): the province's totals, every unit, every row.
    for (period, added, lost, target, percent) in
        [("2022", 10_025, 517, 8000, "118.85"), ("2023", 5460, 365, 4500, "113.22")]
    {
        let value = added - lost;
        let g = group(j, period, "nhom-4");
        assert_eq!(g["basis"], "overall");
        assert_eq!(g["ranking"], json!([]), "a pooled group is not ranked");
        assert_eq!(
            g["overall"],
            json!({
                "value": value, "target": target, "percent": percent, "qualified": true,
                "awards": { "collective": 0, "individual": 1, "any": 8 },
                "explanation": format!(
                    "Tổng chung: {} − {} = {} / chỉ tiêu chung {} = {}% ≥ 110% → 01 cá nhân và 08 tập thể hoặc cá nhân",
                    vi_int(added), vi_int(lost), vi_int(value), vi_int(target), percent.replace('.', ",")
                ),
            }),
            "Nhóm 4 in {period}"
        );
        let p = j["periods"].as_array().unwrap().iter().find(|p| p["id"] == period).unwrap();
        let total = p["totals"].as_array().unwrap().iter().find(|t| t["metric"] == "members_net").unwrap();
        assert_eq!(
            (total["value"].as_i64(), total["target"].as_i64(), total["percent"].as_str()),
            (Some(value), Some(target), Some(percent)),
            "the campaign total of {period}"
        );
    }
}

#[test]
fn every_unit_of_the_sample_is_judged_once_per_period() {
    // The units of Nhóm 1–3 appear in their group's ranking exactly once; Nhóm 4's
    // units (which report no figures) appear in no ranking.
    let j = sample();
    let units = std::fs::read_to_string(repo().join("data/units.csv")).unwrap();
    let mut ranked_units = BTreeSet::new();
    let mut pooled_units = BTreeSet::new();
    for line in units.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        if cells[3] == "nhom-4" {
            pooled_units.insert(cells[0].to_string());
        } else {
            ranked_units.insert(cells[0].to_string());
        }
    }
    let expected: BTreeSet<String> =
        [NHOM_1_2022, NHOM_2_2022, NHOM_3_2022].iter().flat_map(|t| t.iter().map(|e| e.id.to_string())).collect();
    assert_eq!(ranked_units, expected, "the tables above cover every unit of Nhóm 1–3");
    assert_eq!(pooled_units.len(), 4);
    for period in ["2022", "2023"] {
        let p = j["periods"].as_array().unwrap().iter().find(|p| p["id"] == period).unwrap();
        let mut seen = Vec::new();
        for g in p["groups"].as_array().unwrap() {
            for r in g["ranking"].as_array().unwrap() {
                seen.push(r["unit"].as_str().unwrap().to_string());
            }
        }
        let seen_set: BTreeSet<String> = seen.iter().cloned().collect();
        assert_eq!(seen.len(), seen_set.len(), "a unit ranked twice in {period}");
        assert_eq!(seen_set, ranked_units, "{period}");
    }
}

#[test]
fn national_shortlist_orders_every_qualifying_unit_by_percent_in_each_period() {
    let j = sample();
    // The qualifying units of Nhóm 1–3 (tables above), best ratio first, across groups.
    // (period, [(unit, group, percent)]).
    type Shortlist = [(&'static str, &'static [(&'static str, &'static str, &'static str)]); 2];
    let expected: Shortlist = [
        (
            "2022",
            &[
                ("cd-nganh-giao-duc", "nhom-3", "130.00"),
                ("cd-cac-khu-cong-nghiep", "nhom-1", "126.00"),
                ("ldld-cho-moi", "nhom-2", "122.00"),
                ("cd-nganh-y-te", "nhom-3", "120.00"),
                ("ldld-long-xuyen", "nhom-1", "117.50"),
                ("ldld-tinh-bien", "nhom-3", "114.00"),
                ("ldld-chau-doc", "nhom-2", "112.00"),
                ("ldld-thoai-son", "nhom-2", "110.00"),
                ("khoi-thi-dua-09", "nhom-3", "108.00"),
                ("ldld-tan-chau", "nhom-3", "105.00"),
                ("ldld-chau-thanh", "nhom-2", "103.00"),
                ("ldld-phu-tan", "nhom-3", "101.14"),
            ],
        ),
        (
            "2023",
            &[
                ("ldld-cho-moi", "nhom-2", "124.09"),
                ("ldld-phu-tan", "nhom-3", "121.05"),
                ("cd-cac-khu-cong-nghiep", "nhom-1", "120.96"),
                ("khoi-thi-dua-10", "nhom-3", "116.25"),
                ("ldld-an-phu", "nhom-3", "113.13"),
                ("cd-nganh-giao-duc", "nhom-3", "112.14"),
                ("ldld-chau-thanh", "nhom-2", "111.07"),
                ("ldld-long-xuyen", "nhom-1", "106.06"),
                ("khoi-thi-dua-09", "nhom-3", "105.00"),
                ("ldld-tinh-bien", "nhom-3", "104.21"),
                ("khoi-thi-dua-08", "nhom-1", "101.82"),
                ("ldld-thoai-son", "nhom-2", "100.00"),
            ],
        ),
    ];
    for (period, list) in expected {
        let p = j["periods"].as_array().unwrap().iter().find(|p| p["id"] == period).unwrap();
        let want: Vec<Value> = list
            .iter()
            .enumerate()
            .map(|(i, (unit, grp, pct))| json!({ "rank": i + 1, "unit": unit, "group": grp, "percent": pct }))
            .collect();
        assert_eq!(p["national_shortlist"], json!(want), "national shortlist {period}");
    }
    // The allocation of 2022 is shown as campaign.yaml states it; 2023 has none.
    assert_eq!(j["periods"][0]["national_awards"], json!({ "collective": 2, "individual": 3, "any": 0 }));
    assert_eq!(j["periods"][1]["national_awards"], Value::Null);
}

// ---- docs/rules.md §12: the worked example must be what the engine computes ----

/// §12 of docs/rules.md, with the lines of each paragraph joined.
fn worked_example() -> String {
    let doc = std::fs::read_to_string(repo().join("docs/rules.md")).unwrap();
    let start = doc.find("## 12. Worked example").expect("docs/rules.md has §12 'Worked example'");
    let rest = &doc[start..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |e| e + 3);
    rest[..end].to_string()
}

/// "1,970" → 1970.
fn num(text: &str) -> i64 {
    text.trim().replace(',', "").parse().unwrap_or_else(|_| panic!("not a number in docs/rules.md §12: {text:?}"))
}

/// "3 collective + 6 individual (≥ 120 %)", "nothing", "1 individual + 8 collective or individual"
/// → {collective, individual, any}.
fn doc_awards(text: &str) -> Value {
    let text = text.split(" (").next().unwrap().trim();
    let (mut c, mut i, mut any) = (0, 0, 0);
    if text != "nothing" {
        for part in text.split(" + ") {
            let (n, kind) = part.trim().split_once(' ').expect("`N kind`");
            let n: u32 = n.parse().unwrap();
            match kind {
                "collective" => c = n,
                "individual" => i = n,
                "collective or individual" => any = n,
                other => panic!("unknown award kind in docs/rules.md §12: {other:?}"),
            }
        }
    }
    json!({ "collective": c, "individual": i, "any": any })
}

/// The short names of units.csv → unit ids (the tables name units as the site does).
fn short_names() -> Vec<(String, String)> {
    let units = std::fs::read_to_string(repo().join("data/units.csv")).unwrap();
    units
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (c[2].to_string(), c[0].to_string())
        })
        .collect()
}

fn unit_id(short: &str) -> String {
    short_names()
        .into_iter()
        .find(|(s, _)| s == short.trim())
        .map(|(_, id)| id)
        .unwrap_or_else(|| panic!("docs/rules.md §12 names `{short}`, which is no short_name in data/units.csv"))
}

#[test]
fn rules_md_worked_example_tables_match_the_build() {
    let j = sample();
    let text = worked_example();
    assert!(text.contains("Figures up to 2023-06"), "§12 states the as-of month");
    assert_eq!(j["as_of"], "2023-06");
    let mut groups_seen = Vec::new();
    // Each "**Nhóm N**" paragraph followed by its table.
    for block in text.split("\n**").skip(1) {
        let Some((name, body)) = block.split_once("**") else { continue };
        if !name.starts_with("Nhóm ") {
            continue;
        }
        let rows: Vec<Vec<&str>> = body
            .lines()
            .filter(|l| l.starts_with("| ") && l.split('|').nth(1).is_some_and(|c| c.trim().parse::<u32>().is_ok()))
            .map(|l| l.split('|').map(str::trim).filter(|c| !c.is_empty()).collect())
            .collect();
        if rows.is_empty() {
            continue; // Nhóm 4: a paragraph, checked below.
        }
        let grp = j["periods"][0]["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["name"] == name)
            .unwrap_or_else(|| panic!("docs/rules.md §12 names group {name:?}, not in the sample"));
        let ranking = grp["ranking"].as_array().unwrap();
        assert_eq!(rows.len(), ranking.len(), "{name}: §12 lists every unit of the group");
        for (k, cells) in rows.iter().enumerate() {
            let [rank, unit, sum, target, pct, awards] = cells[..] else {
                panic!("{name}: a §12 row needs six cells: {cells:?}");
            };
            let id = unit_id(unit);
            let r = &ranking[k];
            let (terms, value) = sum.split_once(" = ").expect("`added − lost = value`");
            let (added, lost) = terms.split_once(" − ").expect("`added − lost`");
            let want = json!({
                "position": k, "unit": id, "rank": num(rank), "value": num(value),
                "target": num(target), "percent": pct, "awards": doc_awards(awards),
                "explanation starts with": format!("{} − {} = {} ", vi_int(num(added)), vi_int(num(lost)), vi_int(num(value))),
            });
            let got = json!({
                "position": k, "unit": r["unit"], "rank": r["rank"], "value": r["value"],
                "target": r["target"], "percent": r["percent"], "awards": r["awards"],
                "explanation starts with": r["explanation"].as_str().unwrap().split("/ chỉ tiêu").next().unwrap(),
            });
            assert_eq!(got, want, "docs/rules.md §12, {name}, row {}: the docs and the build differ", k + 1);
        }
        groups_seen.push(name.to_string());
    }
    assert_eq!(groups_seen, ["Nhóm 1", "Nhóm 2", "Nhóm 3"], "§12 has a table for each ranked group");
}

#[test]
fn rules_md_worked_example_pool_and_shortlist_match_the_build() {
    let j = sample();
    let text = worked_example().split_whitespace().collect::<Vec<_>>().join(" ");
    let between = |from: &str, to: &str| -> String {
        let a = text.find(from).unwrap_or_else(|| panic!("docs/rules.md §12 no longer says {from:?}")) + from.len();
        let b = text[a..].find(to).unwrap_or_else(|| panic!("docs/rules.md §12: {to:?} after {from:?}"));
        text[a..a + b].trim().to_string()
    };
    // Nhóm 4, 2022.
    let o = &group(j, "2022", "nhom-4")["overall"];
    let added = num(&between("The province's 2022 total is ", " added"));
    let lost = num(&between(&format!("total is {} added − ", vi_int(added).replace('.', ",")), " lost"));
    assert_eq!(o["value"].as_i64(), Some(num(&between("lost = **", "**"))));
    assert_eq!(added - lost, o["value"].as_i64().unwrap(), "§12: added − lost = value");
    assert!(o["explanation"].as_str().unwrap().contains(&format!("{} − {} =", vi_int(added), vi_int(lost))));
    assert_eq!(o["target"].as_i64(), Some(num(&between("against the overall target ", ":"))));
    assert_eq!(o["target"].as_i64(), Some(num(&between("overall target for 2022 is ", "."))));
    let before_reaches = &text[..text.find(" % reaches 110 %").expect("§12: `… % reaches 110 %`")];
    assert_eq!(o["percent"].as_str(), before_reaches.rsplit(' ').next());
    assert_eq!(o["awards"], doc_awards(&between("reaches 110 % → **", "**")));
    // Nhóm 4, 2023: "5,460 − 365 = 5,095 against 4,500: 113.22 % → again 8 + 1".
    let o = &group(j, "2023", "nhom-4")["overall"];
    let sentence = between("Nhóm 4's total is ", " → again");
    let (sum, rest) = sentence.split_once(" against ").unwrap();
    let (terms, value) = sum.split_once(" = ").unwrap();
    let (added, lost) = terms.split_once(" − ").unwrap();
    let (target, pct) = rest.split_once(": ").unwrap();
    assert_eq!(
        (num(added) - num(lost), o["value"].as_i64(), o["target"].as_i64(), o["percent"].as_str()),
        (num(value), Some(num(value)), Some(num(target)), Some(pct.trim_end_matches(" %")))
    );
    assert_eq!(between("→ again ", "."), "8 + 1");
    assert_eq!(o["awards"], json!({ "collective": 0, "individual": 1, "any": 8 }));
    // National shortlist 2022, in the docs' order.
    let p = &j["periods"][0];
    let alloc = between("(allocation: ", ")");
    let want_alloc = doc_awards(&alloc.replace(", ", " + "));
    assert_eq!(p["national_awards"], want_alloc, "§12's allocation");
    let list = between(&format!("(allocation: {alloc}): "), ". For 2023");
    let docs: Vec<Value> = list
        .split(", ")
        .map(|entry| {
            let (short, pct) = entry.trim().rsplit_once(' ').unwrap();
            json!([unit_id(short), pct])
        })
        .collect();
    let built: Vec<Value> =
        p["national_shortlist"].as_array().unwrap().iter().map(|s| json!([s["unit"], s["percent"]])).collect();
    assert_eq!(docs, built, "docs/rules.md §12's shortlist and the built one differ");
}

// ---- Fixtures: the seed's less common rule shapes, at their boundaries ----

/// (unit, rank, value, percent, collective, individual, level), target 1 000 for every unit.
type Row = (&'static str, u32, i64, &'static str, u32, u32, Option<&'static str>);

fn check_fixture(json: &Value, grp: &str, expected: &[Row]) {
    let got: Vec<Value> = group(json, "2022", grp)["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            json!([
                r["unit"],
                r["rank"],
                r["value"],
                r["target"],
                r["percent"],
                r["qualified"],
                r["awards"],
                r["level"]
            ])
        })
        .collect();
    let want: Vec<Value> = expected
        .iter()
        .map(|&(unit, rank, value, pct, c, i, level)| {
            json!([unit, rank, value, 1000, pct, c + i > 0, { "collective": c, "individual": i, "any": 0 }, level])
        })
        .collect();
    assert_eq!(got, want);
}

#[test]
fn a_two_individual_top_level_adds_two_individual_in_all_from_exactly_120_percent() {
    // Rule (the seed's Nhóm 2): 100 % → 2 + 3; 110 % → +1 individual; 120 % → +2 individual.
    let j = built(&fixture("two-individual"));
    check_fixture(
        &j,
        "two-more",
        &[
            ("far-above", 1, 1500, "150.00", 2, 5, L120),
            ("at-120", 2, 1200, "120.00", 2, 5, L120),
            ("below-120", 3, 1199, "119.90", 2, 4, L110),
            ("at-110", 4, 1100, "110.00", 2, 4, L110),
            ("below-110", 5, 1099, "109.90", 2, 3, None),
            ("at-100", 6, 1000, "100.00", 2, 3, None),
            ("below-100", 7, 999, "99.90", 0, 0, None),
        ],
    );
    let r = row(&j, "2022", "two-more", "at-120");
    assert_eq!(r["explanation"], "1,210 − 10 = 1,200 of target 1,000 = 120.00 % ≥ 120 % → 2 collective + 5 individual");
}

#[test]
fn a_two_individual_top_level_accepts_five_names_and_refuses_a_sixth() {
    // The fixture's unit at exactly 120 % names 2 collective + 5 individual: accepted (built above).
    // A sixth individual is one too many: 3 + 2, not 3 + 1 + 2.
    let dir = copy_fixture("two-individual");
    let noms = dir.path().join("data/nominations.csv");
    let mut text = std::fs::read_to_string(&noms).unwrap();
    text.push_str("2022,at-120,individual,Person 6,\n");
    std::fs::write(&noms, text).unwrap();
    let out = run(&["check", path(dir.path())]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "data/nominations.csv:9: error: one individual name too many for `at-120` in period `2022`: it earned 2 collective + 5 individual"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_group_without_a_top_level_gives_the_110_level_from_110_percent_up_to_any_height() {
    // Rule (the seed's Nhóm 3): 100 % → 2 + 2; 110 % → +1 individual; nothing above.
    let j = built(&fixture("no-top-level"));
    check_fixture(
        &j,
        "one-level",
        &[
            ("far-above", 1, 2500, "250.00", 2, 3, L110),
            ("at-130", 2, 1300, "130.00", 2, 3, L110),
            ("at-120", 3, 1200, "120.00", 2, 3, L110),
            ("at-110", 4, 1100, "110.00", 2, 3, L110),
            ("below-110", 5, 1099, "109.90", 2, 2, None),
            ("at-100", 6, 1000, "100.00", 2, 2, None),
            ("below-100", 7, 999, "99.90", 0, 0, None),
        ],
    );
    assert_eq!(
        row(&j, "2022", "one-level", "at-130")["explanation"],
        "1,310 − 10 = 1,300 of target 1,000 = 130.00 % ≥ 110 % → 2 collective + 3 individual"
    );
}

// ---- The rule in words, on each group page ----

/// The items of the "how awards are computed" box of a built page.
fn rule_box(site: &std::path::Path, page: &str) -> Vec<String> {
    let html = read(site, page);
    let start = html.find("<aside class=\"rule\"").unwrap_or_else(|| panic!("{page} has no rule box"));
    let aside = &html[start..start + html[start..].find("</aside>").unwrap()];
    let text = |li: &str| {
        let li = li.split("</li>").next().unwrap().trim();
        li.replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    };
    aside.split("<li>").skip(1).map(text).collect()
}

/// The sample built into a folder of its own (the tables above only need results.json).
fn sample_site(language: &str) -> &'static std::path::Path {
    static VI: OnceLock<tempfile::TempDir> = OnceLock::new();
    static EN: OnceLock<tempfile::TempDir> = OnceLock::new();
    let cell = if language == "en" { &EN } else { &VI };
    cell.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo().join("data"), &dir.path().join("data"));
        let site_yaml = dir.path().join("data/site.yaml");
        let text = std::fs::read_to_string(&site_yaml).unwrap();
        assert!(text.contains("language: vi"), "the sample is in Vietnamese");
        std::fs::write(&site_yaml, text.replace("language: vi", &format!("language: {language}"))).unwrap();
        build(dir.path(), &dir.path().join("site"));
        dir
    })
    .path()
}

#[test]
fn every_group_page_prints_the_seeds_award_table_in_words() {
    // The plan's table (section II.4.1) in the site's Vietnamese sentences: who is
    // measured against what, the base quota, then each level's extra, and nothing more.
    let site = sample_site("vi").join("site");
    let unit = "Kết quả của từng đơn vị so với chỉ tiêu được giao cho đơn vị đó.";
    let overall = "Tính trên tổng kết quả của tất cả các đơn vị trong giai đoạn so với chỉ tiêu chung của giai đoạn; số bằng khen tính chung cho cả nhóm.";
    let expected: [(&str, &[&str]); 4] = [
        (
            "nhom-1",
            &[
                unit,
                "Đạt từ 100% chỉ tiêu trở lên: tặng bằng khen cho 02 tập thể và 05 cá nhân.",
                "Đạt từ 110% chỉ tiêu trở lên: tặng thêm bằng khen cho 01 cá nhân (",
                "Đạt từ 120% chỉ tiêu trở lên: tặng thêm bằng khen cho 01 tập thể và 01 cá nhân (",
            ],
        ),
        (
            "nhom-2",
            &[
                unit,
                "Đạt từ 100% chỉ tiêu trở lên: tặng bằng khen cho 02 tập thể và 03 cá nhân.",
                "Đạt từ 110% chỉ tiêu trở lên: tặng thêm bằng khen cho 01 cá nhân (",
                "Đạt từ 120% chỉ tiêu trở lên: tặng thêm bằng khen cho 02 cá nhân (",
            ],
        ),
        (
            "nhom-3",
            &[
                unit,
                "Đạt từ 100% chỉ tiêu trở lên: tặng bằng khen cho 02 tập thể và 02 cá nhân.",
                "Đạt từ 110% chỉ tiêu trở lên: tặng thêm bằng khen cho 01 cá nhân (",
            ],
        ),
        (
            "nhom-4",
            &[
                overall,
                "Đạt từ 100% chỉ tiêu trở lên: tặng bằng khen cho 08 tập thể hoặc cá nhân.",
                "Đạt từ 110% chỉ tiêu trở lên: tặng thêm bằng khen cho 01 cá nhân (",
            ],
        ),
    ];
    for (grp, lines) in expected {
        let items = rule_box(&site, &format!("groups/{grp}/index.html"));
        // The items that state the rule: the basis, the quota and one per level.
        let stated: Vec<&String> =
            items.iter().filter(|i| *i == unit || *i == overall || i.starts_with("Đạt từ ")).collect();
        assert_eq!(stated.len(), lines.len(), "{grp}: {items:#?}");
        for (got, want) in stated.iter().zip(lines) {
            assert!(got.starts_with(want), "{grp}: `{got}` should start with `{want}`");
        }
    }
}

#[test]
fn rules_md_rule_in_words_is_what_the_group_page_prints() {
    // docs/rules.md §11 quotes Nhóm 1's rule in both languages and Nhóm 4's first sentence.
    let doc = std::fs::read_to_string(repo().join("docs/rules.md")).unwrap();
    let start = doc.find("### The rule in words").expect("docs/rules.md has `The rule in words`");
    let section =
        doc[start..start + doc[start..].find("\n## ").unwrap()].split_whitespace().collect::<Vec<_>>().join(" ");
    let quoted = |from: &str| -> String {
        let a =
            section.find(from).unwrap_or_else(|| panic!("`The rule in words` no longer says {from:?}")) + from.len();
        section[a..a + section[a..].find('"').unwrap()].to_string()
    };
    for language in ["en", "vi"] {
        let items = rule_box(&sample_site(language).join("site"), "groups/nhom-1/index.html");
        // Between the measure (first item) and the ranking (last item).
        let page = items[1..items.len() - 1].join(" ");
        assert_eq!(
            quoted(&format!("- {language}: \"")),
            page,
            "docs/rules.md's {language} rule of Nhóm 1 and the page differ"
        );
    }
    let en = rule_box(&sample_site("en").join("site"), "groups/nhom-4/index.html");
    assert_eq!(quoted("the first sentence reads \""), en[1]);
    let vi = rule_box(&sample_site("vi").join("site"), "groups/nhom-4/index.html");
    assert_eq!(quoted("(vi: \""), vi[1]);
}

// ---- The Vietnamese pages read like the plan ----

/// The visible text of a page: tags, and what is hidden from sight (`aria-hidden`
/// marks such as "✔ " or "▲ 1"), removed; entities decoded; spaces collapsed.
fn visible_text(html: &str) -> String {
    let body = &html[html.find("<body").unwrap_or(0)..];
    let mut out = String::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('>').unwrap();
        let tag = &rest[open..=close];
        rest = &rest[close + 1..];
        if tag.contains("aria-hidden=\"true\"") || tag.starts_with("<script") || tag.starts_with("<style") {
            let name: String = tag[1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            let end = rest.find(&format!("</{name}>")).unwrap();
            rest = &rest[end + name.len() + 3..];
        }
        out.push(' ');
    }
    out.push_str(rest);
    let out = out
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_vietnamese_pages_word_figures_and_awards_as_the_plan_does() {
    let site = sample_site("vi").join("site");
    let mut pages = Vec::new();
    let mut stack = vec![site.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "html") {
                pages.push(p);
            }
        }
    }
    pages.sort();
    assert!(pages.len() > 60, "the sample has every kind of page");
    let mut problems = Vec::new();
    for p in &pages {
        let rel = p.strip_prefix(&site).unwrap().display().to_string();
        let html = std::fs::read_to_string(p).unwrap();
        let text = visible_text(&html);
        // §II.4.1 "từ 10% trở lên": no space between a number and its percent sign.
        if let Some(at) =
            text.match_indices(" %").map(|(i, _)| i).find(|&i| text[..i].ends_with(|d: char| d.is_ascii_digit()))
        {
            problems.push(format!(
                "{rel}: a space before % in `{}`",
                &text[text.floor_char_boundary(at.saturating_sub(30))..at + 2]
            ));
        }
        // §II.4.1 "02 tập thể và 05 cá nhân": award counts with two digits.
        if let Some(m) = single_digit_award_count(&text) {
            problems.push(format!("{rel}: an award count not written as the plan does: `{m}`"));
        }
        // A period is never called the whole campaign ("toàn đợt").
        if text.contains("toàn đợt") {
            problems.push(format!("{rel}: says `toàn đợt` of a period"));
        }
        // No calque from "Generated by", and footer links that say what they give.
        if text.contains("Tạo bởi") {
            problems.push(format!("{rel}: says `Tạo bởi`"));
        }
        if rel != "404.html" && !(text.contains("Tải toàn bộ số liệu (JSON)") && text.contains("Theo dõi tin (Atom)"))
        {
            problems.push(format!("{rel}: the footer does not name its downloads"));
        }
        // A label is not followed by the same word: "Đạt: ✔ Đạt", "Tháng: tháng 01/2023".
        for dl in html.split("<dt>").skip(1) {
            let label = visible_text(&dl[..dl.find("</dt>").unwrap()]);
            let dd = &dl[dl.find("<dd>").unwrap() + 4..];
            let value = visible_text(&dd[..dd.find("</dd>").unwrap()]);
            if value.to_lowercase().starts_with(&label.to_lowercase()) {
                problems.push(format!("{rel}: `{label}` is followed by `{value}`"));
            }
        }
        for table in html.split("<table").skip(1) {
            let heads: Vec<String> = table[..table.find("</thead>").unwrap_or(0)]
                .split("<th scope=\"col\"")
                .skip(1)
                .map(|th| visible_text(&th[th.find('>').unwrap() + 1..th.find("</th>").unwrap()]).to_lowercase())
                .collect();
            for tr in table.split("<tr").skip(2) {
                let cells: Vec<String> = tr
                    .split("<t")
                    .skip(1)
                    .filter(|c| c.starts_with('d') || c.starts_with('h'))
                    .map(|c| {
                        let inner = &c[c.find('>').unwrap() + 1..];
                        visible_text(&inner[..inner.find("</t").unwrap_or(inner.len())]).to_lowercase()
                    })
                    .collect();
                for (head, cell) in heads.iter().zip(&cells) {
                    if !head.is_empty() && cell.split(' ').next() == head.split(' ').next() {
                        problems.push(format!("{rel}: column `{head}` holds `{cell}`"));
                    }
                }
            }
        }
    }
    problems.dedup();
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems[..problems.len().min(20)].join("\n"));
}

/// The first award count written with one digit ("2 tập thể" where the plan writes
/// "02 tập thể"), with some text around it.
fn single_digit_award_count(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len()).find_map(|i| {
        let alone = i == 0 || !(chars[i - 1].is_ascii_digit() || chars[i - 1] == '.' || chars[i - 1] == ',');
        let after: String = chars[(i + 2).min(chars.len())..].iter().take(7).collect();
        (alone
            && chars[i].is_ascii_digit()
            && chars.get(i + 1) == Some(&' ')
            && (after == "tập thể" || after == "cá nhân"))
            .then(|| chars[i.saturating_sub(20)..(i + 10).min(chars.len())].iter().collect())
    })
}
