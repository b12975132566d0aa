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
    // The workbooks are compared too: their zip entries' times and creation date
    // come from the data, never the clock.
    let workbooks = a.keys().filter(|k| k.ends_with(".xlsx")).count();
    assert!(workbooks > 1 && a.contains_key("data/results.xlsx"), "the sample has .xlsx downloads");
    assert_same_tree(&a, &b, "two builds of the sample");
}

#[test]
fn the_number_of_threads_does_not_change_the_output() {
    let one = build_with(&repo(), &[("RAYON_NUM_THREADS", "1")]);
    let two = build_with(&repo(), &[("RAYON_NUM_THREADS", "2")]);
    assert_same_tree(&one, &two, "1 thread against 2");
}

/// The locales to build under: C and POSIX (which every system has), and those of
/// a few others that format numbers, dates or text differently, where `locale -a`
/// says they are installed. A locale that is not installed would silently act as C.
fn installed_locales() -> Vec<String> {
    let listed = std::process::Command::new("locale")
        .arg("-a")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let mut chosen = vec!["C".to_string(), "POSIX".to_string()];
    for wanted in ["C.utf8", "C.UTF-8", "vi_VN", "de_DE", "tr_TR", "fr_FR", "en_US"] {
        let found = listed.lines().map(str::trim).find(|l| {
            l.strip_prefix(wanted).is_some_and(|rest| rest.is_empty() || rest.to_ascii_lowercase().starts_with(".utf"))
        });
        if let Some(l) = found
            && !chosen.iter().any(|c| c.eq_ignore_ascii_case(l))
        {
            chosen.push(l.to_string());
        }
    }
    chosen
}

/// The local hour `date` shows under time zone `tz` (`None` when `date` cannot say).
fn local_hour(tz: &str) -> Option<Vec<u8>> {
    let out = std::process::Command::new("date").arg("+%H").env("TZ", tz).output().ok()?;
    out.status.success().then_some(out.stdout)
}

#[test]
fn time_zone_and_locale_do_not_change_the_output() {
    // POSIX time-zone strings need no time-zone database: 7 hours east and 10 hours
    // west of UTC, so that the local date differs from UTC's on one side or the other.
    let (east, west) = ("<+07>-7", "<-10>10");
    // They are 17 hours apart: `date` shows different hours, if the zones are in effect.
    if let (Some(e), Some(w)) = (local_hour(east), local_hour(west)) {
        assert_ne!(e, w, "the time zones {east} and {west} are not in effect on this machine");
    }
    let locales = installed_locales();
    eprintln!("building under the locales {locales:?}");
    let env = |tz: &'static str, locale: &str| -> Vec<(&'static str, String)> {
        vec![("TZ", tz.to_string()), ("LANG", locale.to_string()), ("LC_ALL", locale.to_string())]
    };
    let build = |vars: Vec<(&'static str, String)>| {
        let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
        build_with(&repo(), &vars)
    };
    let first = build(env(east, &locales[0]));
    for (i, locale) in locales.iter().enumerate().skip(1) {
        let tz = if i % 2 == 1 { west } else { east };
        // The locale must be in effect: `locale` complains about one it cannot set.
        if let Ok(out) = std::process::Command::new("locale").env("LC_ALL", locale).output() {
            assert!(out.stderr.is_empty(), "{locale} is not in effect: {}", String::from_utf8_lossy(&out.stderr));
        }
        let other = build(env(tz, locale));
        assert_same_tree(&first, &other, &format!("{} in {east} against {locale} in {tz}", locales[0]));
    }
}

// ----- the build date (docs/commands.md, "Dates and determinism") -----

/// The feed's own `<updated>` (not an entry's), and whether the overview's footer
/// shows an "updated" date, and which.
fn dates(site: &BTreeMap<String, Vec<u8>>) -> (String, Option<String>) {
    let feed = String::from_utf8(site["feed.xml"].clone()).unwrap();
    let head = feed.split("<entry>").next().unwrap();
    let updated = head.split("<updated>").nth(1).and_then(|r| r.split("</updated>").next()).expect("<updated>");
    let index = String::from_utf8(site["index.html"].clone()).unwrap();
    let footer = index.split("Cập nhật ngày ").nth(1).map(|r| r.split('.').next().unwrap().to_string());
    (updated.to_string(), footer)
}

/// The basic fixture (results up to 2023-03, one news post of 2022-03-10), changed by `change`.
fn basic_with(change: impl FnOnce(&Path)) -> tempfile::TempDir {
    let project = copy_fixture("basic");
    change(project.path());
    project
}

const NO_EPOCH: &[(&str, &str)] = &[("SOURCE_DATE_EPOCH", "")];

#[test]
fn without_source_date_epoch_the_feed_has_the_newest_date_of_the_data_and_the_footer_none() {
    // News older than the as-of month: the last day of the as-of month.
    let site = build_with(&fixture("basic"), NO_EPOCH);
    assert_eq!(dates(&site), ("2023-03-31T00:00:00Z".into(), None));
    let again = build_with(&fixture("basic"), NO_EPOCH);
    assert_same_tree(&site, &again, "two builds without SOURCE_DATE_EPOCH");

    // News newer than the as-of month: the news date.
    let newer = basic_with(|p| {
        fs::write(p.join("data/news/2023-05-02-results.md"), "---\ntitle: \"Results\"\n---\nText\n").unwrap();
    });
    assert_eq!(dates(&build_with(newer.path(), NO_EPOCH)), ("2023-05-02T00:00:00Z".into(), None));

    // No news: the last day of the as-of month.
    let no_news = basic_with(|p| fs::remove_dir_all(p.join("data/news")).unwrap());
    assert_eq!(dates(&build_with(no_news.path(), NO_EPOCH)), ("2023-03-31T00:00:00Z".into(), None));

    // Neither news nor results: the campaign's start.
    let nothing = basic_with(|p| {
        fs::remove_dir_all(p.join("data/news")).unwrap();
        fs::remove_file(p.join("data/nominations.csv")).unwrap();
        fs::write(p.join("data/results.csv"), "unit,month,members_added,members_lost,unions_founded\n").unwrap();
    });
    assert_eq!(dates(&build_with(nothing.path(), NO_EPOCH)), ("2022-01-01T00:00:00Z".into(), None));
}

#[test]
fn source_date_epoch_sets_the_feed_date_and_the_footer_with_or_without_news() {
    // 1700000000 is 2023-11-14T22:13:20Z: the day is what is shown.
    let site = build_with(&fixture("basic"), &[("SOURCE_DATE_EPOCH", "1700000000")]);
    assert_eq!(dates(&site), ("2023-11-14T00:00:00Z".into(), Some("14/11/2023".into())));
    let feed = String::from_utf8(site["feed.xml"].clone()).unwrap();
    assert!(feed.contains("    <updated>2022-03-10T00:00:00Z</updated>\n"), "an entry keeps its own date: {feed}");
    let no_news = basic_with(|p| fs::remove_dir_all(p.join("data/news")).unwrap());
    let site = build_with(no_news.path(), &[("SOURCE_DATE_EPOCH", "1700000000")]);
    assert_eq!(dates(&site), ("2023-11-14T00:00:00Z".into(), Some("14/11/2023".into())));
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
