//! Rebuilding into an existing site rewrites only the files whose bytes change:
//! the others keep their inode and modification time, so deploy diffs (git,
//! rsync) stay small. The build's summary line counts both kinds.
#![cfg(unix)]

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// Every file of a site: relative path → (inode, mtime in ns, bytes).
fn snapshot(site: &Path) -> BTreeMap<String, (u64, i128, Vec<u8>)> {
    tree(site)
        .into_iter()
        .map(|(rel, bytes)| {
            let meta = fs::metadata(site.join(&rel)).unwrap();
            let mtime = i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec());
            (rel, (meta.ino(), mtime, bytes))
        })
        .collect()
}

/// Builds and returns the numbers of the summary line: (files, changed, unchanged).
fn build_counting(project: &Path, site: &Path) -> (usize, usize, usize) {
    let out = run(&["build", "--lang", "en", path(project), "-o", path(site)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    let line = err.lines().find(|l| l.starts_with("built ")).unwrap_or_else(|| panic!("no summary in {err}"));
    // "built 61 pages into DIR (106 files: 3 changed, 103 unchanged)"
    let counts = line.rsplit_once('(').unwrap().1;
    let numbers: Vec<usize> =
        counts.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).map(|s| s.parse().unwrap()).collect();
    assert_eq!(numbers.len(), 3, "{line}");
    (numbers[0], numbers[1], numbers[2])
}

/// Files whose bytes differ between two snapshots, and files that got a new inode or mtime.
fn differences(
    before: &BTreeMap<String, (u64, i128, Vec<u8>)>,
    after: &BTreeMap<String, (u64, i128, Vec<u8>)>,
) -> (BTreeSet<String>, BTreeSet<String>) {
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>(), "the file lists differ");
    let mut new_bytes = BTreeSet::new();
    let mut touched = BTreeSet::new();
    for (rel, (ino, mtime, bytes)) in before {
        let (ino2, mtime2, bytes2) = &after[rel];
        if bytes != bytes2 {
            new_bytes.insert(rel.clone());
        }
        if ino != ino2 || mtime != mtime2 {
            touched.insert(rel.clone());
        }
    }
    (new_bytes, touched)
}

/// The sample project in a temporary folder, built into `site` in another: (project,
/// the folder holding the site, the site).
fn built_sample() -> (tempfile::TempDir, tempfile::TempDir, std::path::PathBuf) {
    let project = sample();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(project.path(), &site);
    (project, out, site)
}

/// The sample project in a temporary folder.
fn sample() -> tempfile::TempDir {
    let project = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("data"), &project.path().join("data"));
    project
}

#[test]
fn a_rebuild_of_unchanged_data_rewrites_no_file() {
    let (project, _out, site) = built_sample();
    let before = snapshot(&site);
    let (files, changed, unchanged) = build_counting(project.path(), &site);
    let after = snapshot(&site);
    let (new_bytes, touched) = differences(&before, &after);
    assert!(new_bytes.is_empty() && touched.is_empty(), "rewritten: {touched:?}");
    assert_eq!((files, changed, unchanged), (before.len(), 0, before.len()));
}

#[test]
fn a_corrected_figure_rewrites_only_the_files_it_changes() {
    let (project, _out, site) = built_sample();
    let before = snapshot(&site);

    // Correct one unit's figure for March 2022.
    let results = project.path().join("data/results.csv");
    let text = fs::read_to_string(&results).unwrap();
    let line = text.lines().find(|l| l.starts_with("ldld-long-xuyen,2022-03,")).unwrap();
    let mut fields: Vec<String> = line.split(',').map(String::from).collect();
    fields[2] = (fields[2].parse::<i64>().unwrap() + 7).to_string();
    fs::write(&results, text.replacen(line, &fields.join(","), 1)).unwrap();

    let (files, changed, unchanged) = build_counting(project.path(), &site);
    let after = snapshot(&site);
    let (new_bytes, touched) = differences(&before, &after);
    assert_eq!(touched, new_bytes, "exactly the files whose bytes changed get new content");
    assert_eq!((files, changed, unchanged), (before.len(), new_bytes.len(), before.len() - new_bytes.len()));
    assert!(new_bytes.contains("units/ldld-long-xuyen/index.html"), "{new_bytes:?}");
    assert!(new_bytes.contains("data/results.json"), "{new_bytes:?}");
    // Another group's pages, the other units' pages and the 2023 months do not change.
    // Of the unit pages, only the unit's own and those of the pooled group (nhom-4), which
    // show the campaign total, change.
    let units_csv = fs::read_to_string(project.path().join("data/units.csv")).unwrap();
    let pooled: Vec<String> = units_csv
        .lines()
        .filter(|l| l.split(',').nth(3) == Some("nhom-4"))
        .map(|l| format!("units/{}/index.html", l.split(',').next().unwrap()))
        .collect();
    for f in new_bytes.iter().filter(|f| f.starts_with("units/")) {
        assert!(f == "units/ldld-long-xuyen/index.html" || pooled.contains(f), "{f} changed");
    }
    assert!(!new_bytes.iter().any(|f| f.starts_with("months/2023-")), "{new_bytes:?}");
    assert!(new_bytes.len() * 2 < before.len(), "{} of {} files changed: {new_bytes:?}", new_bytes.len(), before.len());
}

#[test]
fn appending_a_month_rewrites_only_the_files_whose_bytes_change() {
    // The sample without its last month, then with it.
    let project = sample();
    let results = project.path().join("data/results.csv");
    let full = fs::read_to_string(&results).unwrap();
    let without: String = full.lines().filter(|l| !l.contains(",2023-06,")).map(|l| format!("{l}\n")).collect();
    assert!(without.len() < full.len());
    fs::write(&results, &without).unwrap();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(project.path(), &site);
    let before = snapshot(&site);

    fs::write(&results, &full).unwrap();
    let (files, changed, unchanged) = build_counting(project.path(), &site);
    let after = snapshot(&site);
    // The new month's standings are new files; every other file existed before.
    let added: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    assert!(added.iter().any(|f| f.starts_with("months/2023-06/")), "{added:?}");
    let mut kept = 0;
    for (rel, (ino, mtime, bytes)) in &after {
        match before.get(rel) {
            Some((ino0, mtime0, bytes0)) if bytes0 == bytes => {
                assert_eq!((ino, mtime), (ino0, mtime0), "{rel} has the same bytes but was rewritten");
                kept += 1;
            }
            Some((ino0, _, _)) => assert_ne!(ino, ino0, "{rel} changed but kept its old inode"),
            None => {}
        }
    }
    assert!(kept > 0 && after.contains_key("assets/style.css"));
    assert_eq!((files, changed, unchanged), (after.len(), after.len() - kept, kept));
    // The rebuilt site is exactly what a build from scratch gives.
    let fresh = out.path().join("fresh");
    build(project.path(), &fresh);
    assert_same_tree(&tree(&site), &tree(&fresh), "rebuild against a fresh build");
}

/// The marker's list: path → (size, hash) (see src/output/previous.rs).
fn listed(site: &Path) -> BTreeMap<String, (u64, String)> {
    let marker = fs::read_to_string(site.join(".podium-site")).unwrap();
    assert!(marker.starts_with("This folder is written by podium"), "{marker}");
    marker
        .lines()
        .skip_while(|l| !l.starts_with("# "))
        .skip(1)
        .map(|l| {
            let mut parts = l.splitn(3, ' ');
            let (size, hash, rel) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
            (rel.to_string(), (size.parse().unwrap(), hash.to_string()))
        })
        .collect()
}

#[test]
fn the_marker_lists_every_other_file_with_its_size_and_hash() {
    let (_project, _out, site) = built_sample();
    let files = tree(&site);
    let list = listed(&site);
    let expected: Vec<&String> = files.keys().filter(|k| *k != ".podium-site").collect();
    assert_eq!(list.keys().collect::<Vec<_>>(), expected, "every file but the marker, by path");
    for (rel, (size, hash)) in &list {
        assert_eq!(*size, files[rel].len() as u64, "{rel}");
        assert!(hash.len() == 32 && hash.bytes().all(|b| b.is_ascii_hexdigit()), "{rel}: {hash}");
    }
    let distinct: BTreeSet<&String> = list.values().map(|(_, h)| h).collect();
    assert!(distinct.len() > list.len() / 2, "the hashes tell files apart");
}

#[test]
fn a_file_edited_by_hand_after_the_build_is_written_again() {
    let (project, _out, site) = built_sample();
    let before = snapshot(&site);
    // Same size, other bytes, a later time: as an editor saves it.
    let page = "units/ldld-long-xuyen/index.html";
    let built = &before[page].2;
    let edited: Vec<u8> = built.iter().map(|&b| if b == b'a' { b'o' } else { b }).collect();
    assert_eq!(edited.len(), built.len());
    assert_ne!(&edited, built);
    fs::write(site.join(page), &edited).unwrap();

    let (files, changed, unchanged) = build_counting(project.path(), &site);
    let after = snapshot(&site);
    assert_eq!(&after[page].2, built, "the rebuild puts the built page back");
    assert_eq!((files, changed, unchanged), (before.len(), 1, before.len() - 1));
    let (new_bytes, touched) = differences(&before, &after);
    assert!(new_bytes.is_empty(), "{new_bytes:?}");
    assert_eq!(touched, BTreeSet::from([page.to_string()]), "only the edited file is written");
}

#[test]
fn a_site_whose_marker_has_no_list_is_compared_file_by_file() {
    // A site written by an earlier podium: its marker is one sentence.
    let (project, _out, site) = built_sample();
    let marker = site.join(".podium-site");
    let full = fs::read_to_string(&marker).unwrap();
    fs::write(&marker, full.lines().next().unwrap().to_string() + "\n").unwrap();
    let before = snapshot(&site);

    let (files, changed, unchanged) = build_counting(project.path(), &site);
    let after = snapshot(&site);
    let (_, touched) = differences(&before, &after);
    assert_eq!(touched, BTreeSet::from([".podium-site".to_string()]), "only the marker gets its list");
    assert_eq!((files, changed, unchanged), (before.len(), 1, before.len() - 1));
    assert_eq!(fs::read_to_string(&marker).unwrap(), full);
}

#[test]
fn an_unchanged_rebuild_believes_the_list_for_files_untouched_since_the_build() {
    // What makes a rebuild of a large site fast: a file whose size and time are as the
    // build left them is not read back; the list says what it holds. (A file changed
    // behind podium's back with its old size *and* an earlier time passes for unchanged.)
    let (project, _out, site) = built_sample();
    let page = site.join("units/ldld-long-xuyen/index.html");
    let built = fs::read(&page).unwrap();
    let time = fs::metadata(&page).unwrap().modified().unwrap();
    let forged: Vec<u8> = built.iter().map(|&b| if b == b'a' { b'o' } else { b }).collect();
    let file = fs::OpenOptions::new().write(true).open(&page).unwrap();
    std::io::Write::write_all(&mut &file, &forged).unwrap();
    file.set_modified(time).unwrap();
    drop(file);

    let (files, changed, unchanged) = build_counting(project.path(), &site);
    assert_eq!((changed, unchanged), (0, files), "no file was read back to be compared");
    assert_eq!(fs::read(&page).unwrap(), forged);
}

#[test]
fn a_link_put_in_the_old_site_is_not_carried_into_the_new_one() {
    let (project, out, site) = built_sample();
    let page = site.join("units/ldld-long-xuyen/index.html");
    let built = fs::read(&page).unwrap();
    // The same bytes, older than the build, elsewhere; the page replaced by a link to them.
    let elsewhere = out.path().join("elsewhere.html");
    fs::write(&elsewhere, &built).unwrap();
    fs::File::options().write(true).open(&elsewhere).unwrap().set_modified(std::time::UNIX_EPOCH).unwrap();
    fs::remove_file(&page).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &page).unwrap();

    let (files, changed, _) = build_counting(project.path(), &site);
    assert_eq!(changed, 1, "of {files}");
    assert!(fs::symlink_metadata(&page).unwrap().is_file(), "the page is a file again");
    assert_eq!(fs::read(&page).unwrap(), built);
}
