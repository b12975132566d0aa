//! Issue 4, determinism: the same input gives the same bytes, whatever the
//! output folder, the number of threads, the time zone or the locale; dates
//! come from the data or SOURCE_DATE_EPOCH, never from the clock.
//!
//! The order in which the file system lists files is tested where podium reads
//! folders: src/load/docs.rs and src/load/theme.rs feed the same files in many
//! orders to the loaders (a test here could not choose the order: ext4 lists
//! by hash, tmpfs by creation).

mod common;

use common::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Builds `project` into a fresh folder with extra environment variables; returns every file.
fn build_with(project: &Path, env: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("out").join("site");
    let mut cmd = podium(&["build", path(project), "-o", path(&site), "--quiet"]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    tree(&site)
}

#[test]
fn two_builds_into_different_folders_are_byte_identical() {
    let a = build_with(&repo(), &[]);
    let b = build_with(&repo(), &[]);
    assert!(a.len() > 50, "the sample builds a full site");
    assert_same_tree(&a, &b, "two builds of the sample");
}

#[test]
fn the_number_of_threads_does_not_change_the_output() {
    let one = build_with(&repo(), &[("RAYON_NUM_THREADS", "1")]);
    let two = build_with(&repo(), &[("RAYON_NUM_THREADS", "2")]);
    assert_same_tree(&one, &two, "1 thread against 2");
}

#[test]
fn time_zone_and_locale_do_not_change_the_output() {
    let a = build_with(&repo(), &[("TZ", "Asia/Ho_Chi_Minh"), ("LANG", "vi_VN.UTF-8"), ("LC_ALL", "vi_VN.UTF-8")]);
    let b = build_with(
        &repo(),
        &[("TZ", "America/Los_Angeles"), ("LANG", "C"), ("LC_ALL", "C"), ("LC_NUMERIC", "de_DE.UTF-8")],
    );
    assert_same_tree(&a, &b, "different TZ and locale");
}

#[test]
fn without_source_date_epoch_the_date_comes_from_the_data() {
    // basic: results up to 2023-03, news of 2022-03-10 → the site's date is the end of 2023-03.
    let site = build_with(&fixture("basic"), &[("SOURCE_DATE_EPOCH", "")]);
    let feed = String::from_utf8(site["feed.xml"].clone()).unwrap();
    assert!(feed.contains("  <updated>2023-03-31T00:00:00Z</updated>\n"), "{feed}");
    let again = build_with(&fixture("basic"), &[("SOURCE_DATE_EPOCH", "")]);
    assert_same_tree(&site, &again, "two builds without SOURCE_DATE_EPOCH");
}

#[test]
fn source_date_epoch_sets_the_build_date() {
    let site = build_with(&fixture("basic"), &[("SOURCE_DATE_EPOCH", "1700000000")]);
    let feed = String::from_utf8(site["feed.xml"].clone()).unwrap();
    assert!(feed.contains("  <updated>2023-11-14T00:00:00Z</updated>\n"), "{feed}");
}

#[test]
fn a_results_file_read_in_parts_gives_the_same_site() {
    // A results.csv over 64 KiB is parsed in one part per thread.
    let tmp = tempfile::tempdir().unwrap();
    paged_project(tmp.path(), 1500, 1600);
    assert!(fs::metadata(tmp.path().join("data/results.csv")).unwrap().len() > 64 * 1024);
    let one = build_with(tmp.path(), &[("RAYON_NUM_THREADS", "1")]);
    let four = build_with(tmp.path(), &[("RAYON_NUM_THREADS", "4")]);
    assert_same_tree(&one, &four, "results.csv read whole against in four parts");
}
