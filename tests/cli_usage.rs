//! Issue 17's misleading usage messages: a `SOURCE_DATE_EPOCH` outside the dates a site
//! can show, and `explain` given the id of a group whose units are judged one by one.

mod common;

use common::*;

/// `podium build` of the sample into a fresh folder with `SOURCE_DATE_EPOCH` set to `value`.
fn build_with_epoch(value: &str) -> (std::process::Output, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let out = podium(&["build", path(&repo()), "-o", path(&tmp.path().join("site")), "--quiet"])
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
    let out = run(&["explain", "nhom-1", "--project", path(&repo())]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: `nhom-1` is a group whose units are judged one by one, each against its own target — explain one of its units: ldld-long-xuyen, cd-cac-khu-cong-nghiep, khoi-thi-dua-08\n"
    );
    // A long group lists five of them and counts the rest.
    let out = run(&["explain", "nhom-3", "--project", path(&repo())]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).ends_with(", ldld-phu-tan … (9 in all)\n"), "{}", stderr(&out));
}

#[test]
fn explain_suggests_only_ids_it_accepts() {
    // `nhom-5` is closest to the group ids; of those, explain accepts the pooled `nhom-4` only.
    let out = run(&["explain", "nhom-5", "--project", path(&repo())]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "error: unknown unit `nhom-5` — did you mean `nhom-4`? use an id from data/units.csv\n");
    let out = run(&["explain", "nhom-4", "--project", path(&repo()), "--period", "2022", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(
            "Campaign total: 10,025 − 517 = 9,508 of target 8,000 = 118.85 % ≥ 110 % → 1 individual + 8 collective or individual"
        ),
        "{}",
        stdout(&out)
    );
}
