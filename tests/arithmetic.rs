//! Counts and sums never wrap (issue 17, item 4): award counts have a maximum,
//! checked where they are written, and the figures of results.csv may not add
//! up to more than podium can count exactly. Each is an input error with its
//! place (`file:line:column`), exit 1, and nothing is built.

mod common;

use common::*;
use serde_json::json;
use std::fs;
use std::path::Path;

/// A copy of the sample project with `edits` (file, from, to) applied, each exactly once.
fn sample_with(edits: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("data"), &dir.path().join("data"));
    for (file, from, to) in edits {
        let p = dir.path().join("data").join(file);
        let text = fs::read_to_string(&p).unwrap();
        assert_eq!(text.matches(from).count(), 1, "{file} holds `{from}` once");
        fs::write(&p, text.replace(from, to)).unwrap();
    }
    dir
}

/// Runs `check` and `build` on `project`: both exit 1 with every line of `expected`
/// on stderr, and the build writes nothing.
fn refused(project: &Path, expected: &[&str]) {
    let out = run(&["check", "--lang", "en", path(project)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "check must refuse it:\n{err}");
    for line in expected {
        assert!(err.lines().any(|l| l == *line), "expected the line\n{line}\nin:\n{err}");
    }
    let site = project.join("site");
    let out = run(&["build", "--lang", "en", path(project), "-o", path(&site)]);
    assert_eq!(out.status.code(), Some(1), "build must refuse it:\n{}", stderr(&out));
    assert!(!site.exists(), "a refused build writes nothing");
}

const HINT: &str = "check for a typo or extra digits: an award count is a number of certificates (see docs/formats.md)";

#[test]
fn a_quota_that_would_wrap_is_refused_at_its_place() {
    // Issue 17: with 4294967295 (u32::MAX) collective awards, the unit earning
    // "+1 collective" showed 0 while the units below it showed 4294967295.
    let dir = sample_with(&[(
        "groups.yaml",
        "awards: { collective: 2, individual: 5 }",
        "awards: { collective: 4294967295, individual: 5 }",
    )]);
    refused(
        dir.path(),
        &[&format!(
            "data/groups.yaml:10:29: error: `collective: 4294967295` in the awards of group `nhom-1` is too large (at most 10000 of a kind) — {HINT}"
        )],
    );
}

#[test]
fn a_bonus_beyond_the_maximum_is_refused_at_its_place() {
    let dir = sample_with(&[(
        "groups.yaml",
        "- { at: \"120%\", add: { individual: 2 } }",
        "- { at: \"120%\", add: { individual: 4294967295 } }",
    )]);
    refused(
        dir.path(),
        &[&format!(
            "data/groups.yaml:23:44: error: `individual: 4294967295` in the 120% bonus of group `nhom-2` is too large (at most 10000 of a kind) — {HINT}"
        )],
    );
}

#[test]
fn national_awards_beyond_the_maximum_are_refused_at_their_place() {
    // Issue 17: such a number became `null` in results.json (the total of the kinds wrapped to 0).
    let dir = sample_with(&[(
        "campaign.yaml",
        "national_awards: { collective: 2, individual: 3 }",
        "national_awards: { collective: 4294967295, individual: 1 }",
    )]);
    refused(
        dir.path(),
        &[&format!(
            "data/campaign.yaml:21:36: error: `collective: 4294967295` in national_awards of period `2022` is too large (at most 10000 of a kind) — {HINT}"
        )],
    );
}

#[test]
fn award_counts_beyond_the_maximum_are_all_refused_in_one_run_each_at_its_place() {
    // One above the maximum, and a pool beyond u32 written in block style.
    let dir = sample_with(&[
        ("groups.yaml", "awards: { any: 8 }", "awards:\n        any: 99999999999"),
        ("groups.yaml", "awards: { collective: 2, individual: 2 }", "awards: { collective: 2, individual: 10001 }"),
    ]);
    let out = run(&["check", "--lang", "en", path(dir.path())]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "data/groups.yaml:30:44: error: `individual: 10001` in the awards of group `nhom-3` is too large (at most 10000 of a kind) — {HINT}"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "data/groups.yaml:40:14: error: `any: 99999999999` in the awards of group `nhom-4` is too large (at most 10000 of a kind) — {HINT}"
        )),
        "{err}"
    );
    assert!(err.contains("\n2 errors"), "both in one run: {err}");
}

#[test]
fn the_largest_award_counts_are_counted_exactly() {
    // 10 000 is allowed everywhere; base + bonus gives 20 000 of a kind, shown as is.
    let dir = sample_with(&[
        ("groups.yaml", "awards: { collective: 2, individual: 5 }", "awards: { collective: 10000, individual: 5 }"),
        (
            "groups.yaml",
            "- { at: \"120%\", add: { individual: 1, collective: 1 } }",
            "- { at: \"120%\", add: { individual: 1, collective: 10000 } }",
        ),
        (
            "campaign.yaml",
            "national_awards: { collective: 2, individual: 3 }",
            "national_awards: { collective: 10000 }",
        ),
    ]);
    let site = dir.path().join("site");
    build(dir.path(), &site);
    let j = results_json(&site);
    // 2022: Các KCN reaches 120 %, Long Xuyên 110 %, Khối 08 does not qualify.
    assert_eq!(
        row(&j, "2022", "nhom-1", "cd-cac-khu-cong-nghiep")["awards"],
        json!({"collective": 20000, "individual": 6, "any": 0})
    );
    assert_eq!(
        row(&j, "2022", "nhom-1", "ldld-long-xuyen")["awards"],
        json!({"collective": 10000, "individual": 6, "any": 0})
    );
    assert_eq!(j["periods"][0]["national_awards"], json!({"collective": 10000, "individual": 0, "any": 0}));
}

/// A project of `units` units (target 1 each) reporting twelve months of 2022,
/// every row `added,lost`; the overall target is `overall`.
fn big_figures(dir: &Path, units: usize, added: i64, lost: i64, overall: i64) {
    let data = dir.join("data");
    fs::create_dir_all(&data).unwrap();
    fs::write(data.join("site.yaml"), "title: \"Big\"\nlanguage: en\nbase_url: \"https://example.org/big\"\n").unwrap();
    fs::write(
        data.join("campaign.yaml"),
        format!(
            "id: big\ntitle: \"Big\"\nstarts: 2022-01-01\nends: 2022-12-31\nmetrics:\n  members_net:\n    label: \"Net\"\n    plus: [members_added]\n    minus: [members_lost]\nperiods:\n  - id: \"2022\"\n    from: 2022-01\n    to: 2022-12\n    overall_target: {{ members_net: {overall} }}\n"
        ),
    )
    .unwrap();
    fs::write(
        data.join("groups.yaml"),
        "groups:\n  - id: g\n    name: \"G\"\n    rule: { metric: members_net, qualify_at: \"100%\", awards: { collective: 1 } }\n  - id: pool\n    name: \"Pool\"\n    rule: { metric: members_net, basis: overall, qualify_at: \"100%\", awards: { any: 1 } }\n",
    )
    .unwrap();
    let mut units_csv = String::from("id,name,group\n");
    let mut targets = String::from("unit,period,members_net\n");
    let mut results = String::from("unit,month,members_added,members_lost\n");
    for u in 0..units {
        units_csv.push_str(&format!("u{u:03},Unit {u},g\n"));
        targets.push_str(&format!("u{u:03},2022,1\n"));
        for m in 1..=12 {
            results.push_str(&format!("u{u:03},2022-{m:02},{added},{lost}\n"));
        }
    }
    fs::write(data.join("units.csv"), units_csv).unwrap();
    fs::write(data.join("targets.csv"), targets).unwrap();
    fs::write(data.join("results.csv"), results).unwrap();
}

const TOTAL_HINT: &str = "check this column for figures with extra digits: podium counts a metric exactly up to that total (see docs/rules.md)";

#[test]
fn figures_adding_up_past_exact_percentages_are_refused_where_they_pass_the_bound() {
    // 80 units × 12 months of 10^12 (the largest figure a cell takes): the campaign
    // total, 9.6 × 10^14, is 9.6 × 10^18 hundredths of a percent of an overall target
    // of 1: more than i64 holds, so the percentage wrapped to a negative number.
    // The 101st row (line 102) takes the total past 10^14.
    let dir = tempfile::tempdir().unwrap();
    big_figures(dir.path(), 80, 1_000_000_000_000, 0, 1);
    refused(
        dir.path(),
        &[&format!(
            "data/results.csv:102:3: error: the figures that metric `members_net` adds (members_added) total more than 100000000000000 up to this cell — {TOTAL_HINT}"
        )],
    );
    // The same for the figures a metric subtracts.
    let dir = tempfile::tempdir().unwrap();
    big_figures(dir.path(), 80, 0, 1_000_000_000_000, 1);
    refused(
        dir.path(),
        &[&format!(
            "data/results.csv:102:4: error: the figures that metric `members_net` subtracts (members_lost) total more than 100000000000000 up to this cell — {TOTAL_HINT}"
        )],
    );
}

#[test]
fn figures_adding_up_to_the_bound_are_counted_exactly() {
    // 10 units × 10 months of 10^12 = exactly 10^14: accepted, and every number exact.
    let dir = tempfile::tempdir().unwrap();
    big_figures(dir.path(), 10, 1_000_000_000_000, 0, 3);
    let results = dir.path().join("data/results.csv");
    let text = fs::read_to_string(&results).unwrap();
    // Keep months 1–10: 100 cells.
    let kept: Vec<&str> = text.lines().filter(|l| !l.contains("2022-11") && !l.contains("2022-12")).collect();
    fs::write(&results, kept.join("\n") + "\n").unwrap();
    let site = dir.path().join("site");
    build(dir.path(), &site);
    let j = results_json(&site);
    let total = &j["periods"][0]["totals"][0];
    assert_eq!(total["value"], json!(100_000_000_000_000i64));
    // 10^14 × 100 / 3 = 3 333 333 333 333 333.33… %
    assert_eq!(total["percent"], "3333333333333333.33");
    let unit = row(&j, "2022", "g", "u000");
    assert_eq!((&unit["value"], &unit["percent"]), (&json!(10_000_000_000_000i64), &json!("1000000000000000.00")));
    assert_eq!(group(&j, "2022", "pool")["overall"]["percent"], "3333333333333333.33");
}
