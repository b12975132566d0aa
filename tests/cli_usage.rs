//! Issue 17's misleading usage messages: a `SOURCE_DATE_EPOCH` outside the dates a site
//! can show, and `explain` given the id of a group whose units are judged one by one.

mod common;

use common::*;

/// `podium build` of the sample into a fresh folder with `SOURCE_DATE_EPOCH` set to `value`.
fn build_with_epoch(value: &str) -> (std::process::Output, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let out = podium(&["build", "--lang", "en", path(&repo()), "-o", path(&tmp.path().join("site")), "--quiet"])
        .env("SOURCE_DATE_EPOCH", value)
        .output()
        .unwrap();
    (out, tmp)
}

#[test]
fn a_source_date_epoch_out_of_range_is_a_usage_error() {
    for value in ["-99999999999999", "-1", "253402300800", "9223372036854775807"] {
        let (out, tmp) = build_with_epoch(value);
        assert_eq!(out.status.code(), Some(2), "{value}: {}", stderr(&out));
        assert_eq!(
            stderr(&out),
            format!(
                "error: SOURCE_DATE_EPOCH=`{value}` is out of range: it must be from 0 (1970-01-01) to 253402300799 (9999-12-31) — set it to e.g. $(git log -1 --format=%ct) or unset it\n"
            )
        );
        assert!(!tmp.path().join("site").exists(), "{value}: nothing is written");
    }
    // The last second of year 9999 is still a date with four digits.
    let (out, tmp) = build_with_epoch("253402300799");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let feed = read(&tmp.path().join("site"), "feed.xml");
    assert!(feed.contains("<updated>9999-12-31T00:00:00Z</updated>"), "{feed}");
}

#[test]
fn explain_of_a_group_judged_unit_by_unit_names_its_units() {
    let out = run(&["explain", "nhom-1", "--project", path(&repo()), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: `nhom-1` is a group whose units are judged one by one, each against its own target — explain one of its units: ldld-long-xuyen, cd-cac-khu-cong-nghiep, khoi-thi-dua-08\n"
    );
    // A long group lists five of them and counts the rest.
    let out = run(&["explain", "nhom-3", "--project", path(&repo()), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).ends_with(", ldld-phu-tan … (9 in all)\n"), "{}", stderr(&out));
}

#[test]
fn explain_suggests_only_ids_it_accepts() {
    // `nhom-5` is closest to the group ids; of those, explain accepts the pooled `nhom-4` only.
    let out = run(&["explain", "nhom-5", "--project", path(&repo()), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "error: unknown unit `nhom-5` — did you mean `nhom-4`? use an id from data/units.csv\n");
    let out = run(&["explain", "nhom-4", "--project", path(&repo()), "--period", "2022", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(
            "Overall total: 10,025 − 517 = 9,508 of the overall target 8,000 = 118.85 % ≥ 110 % → 1 individual + 8 collective or individual"
        ),
        "{}",
        stdout(&out)
    );
}

/// Issue 17: group `q-x` with period `2022` and group `q` with period `x-2022` (all valid ids)
/// both named their ranking download `data/ranking-q-x-2022.csv`; one overwrote the other.
#[test]
fn two_groups_and_periods_that_spell_one_download_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let write = |name: &str, text: &str| std::fs::write(data.join(name), text).unwrap();
    write("site.yaml", "title: \"Clash\"\nbase_url: \"https://example.org/clash\"\n");
    write(
        "campaign.yaml",
        "id: clash\ntitle: \"Clash\"\nstarts: 2022-01-01\nends: 2023-12-31\nmetrics:\n  net:\n    label: \"Net\"\n    plus: [added]\nperiods:\n  - id: \"2022\"\n    from: 2022-01\n    to: 2022-12\n  - id: x-2022\n    from: 2023-01\n    to: 2023-12\n",
    );
    write(
        "groups.yaml",
        "groups:\n  - id: q-x\n    name: \"Q-X\"\n    rule: { metric: net, qualify_at: \"100%\", awards: { collective: 1 } }\n  - id: q\n    name: \"Q\"\n    rule: { metric: net, qualify_at: \"100%\", awards: { collective: 1 } }\n",
    );
    write("units.csv", "id,name,group\na,A,q-x\nb,B,q\n");
    write("targets.csv", "unit,period,net\na,2022,10\nb,2022,10\na,x-2022,10\nb,x-2022,10\n");
    write("results.csv", "unit,month,added\na,2022-01,12\nb,2022-01,9\n");
    let out = run(&["check", "--lang", "en", path(tmp.path())]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).lines().next().unwrap(),
        "data/groups.yaml:5:9: error: group `q` with period `x-2022` would publish its ranking as data/ranking-q-x-2022.csv, the file of group `q-x` with period `2022` — rename the group or the period, so that no group id and period id joined by a hyphen spell another pair"
    );
    // Renamed, each pair has its own file, and the summary counts the files there are.
    write("units.csv", "id,name,group\na,A,q-x\nb,B,qq\n");
    let groups = std::fs::read_to_string(data.join("groups.yaml")).unwrap().replace("id: q\n", "id: qq\n");
    write("groups.yaml", &groups);
    let site = tmp.path().join("site");
    let out = podium(&["build", "--lang", "en", path(tmp.path()), "-o", path(&site)]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let files = tree(&site);
    for name in ["ranking-q-x-2022.csv", "ranking-q-x-x-2022.csv", "ranking-qq-2022.csv", "ranking-qq-x-2022.csv"] {
        assert!(files.contains_key(&format!("data/{name}")), "{name}");
    }
    let summary = stderr(&out);
    assert!(summary.contains(&format!(" files: {} changed, 0 unchanged)", files.len())), "{summary}");
    assert!(summary.contains(&format!("({} files: ", files.len())), "{summary}");
}
