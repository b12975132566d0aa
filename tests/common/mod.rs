//! Helpers shared by the integration tests: they run the real `podium` binary
//! on fixture projects (tests/fixtures/<case>/) copied into temporary folders.
#![allow(dead_code)] // Each test crate uses a different subset.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The build date every test build uses, so that outputs never depend on the clock.
pub const EPOCH: &str = "1688169600"; // 2023-07-01T00:00:00Z

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_podium")
}

/// The repository root (the sample project: its `data/` folder).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture project folder, read-only: copy it before changing anything.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// A command running podium with a clean, fixed environment.
pub fn podium(args: &[&str]) -> Command {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("TZ", "UTC")
        .env("LC_ALL", "C.UTF-8")
        .env_remove("RAYON_NUM_THREADS")
        .env_remove("CI");
    cmd
}

/// Runs podium and returns its output.
pub fn run(args: &[&str]) -> Output {
    podium(args).output().expect("podium runs")
}

/// Runs podium, asserting exit status 0; returns stdout.
pub fn run_ok(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "podium {args:?} failed:\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Builds `project` into `out` (quietly), asserting success.
pub fn build(project: &Path, out: &Path) {
    run_ok(&["build", path(project), "-o", path(out), "--quiet"]);
}

pub fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary copy of a fixture project; the project folder is `.path()`.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}

/// Every file under `dir` (relative path → bytes), to compare sites byte for byte.
/// Symbolic links are not followed: their entry holds `-> <target>`.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let p = entry.path();
            let kind = entry.file_type().unwrap();
            let rel = || p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            if kind.is_symlink() {
                // A link is recorded as where it points, never followed.
                let target = fs::read_link(&p).unwrap();
                out.insert(rel(), format!("-> {}", target.display()).into_bytes());
            } else if kind.is_dir() {
                walk(root, &p, out);
            } else {
                out.insert(rel(), fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Asserts two trees hold the same files with the same bytes, naming the first difference.
pub fn assert_same_tree(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    let names_a: Vec<&String> = a.keys().collect();
    let names_b: Vec<&String> = b.keys().collect();
    assert_eq!(names_a, names_b, "{what}: the file lists differ");
    for (name, bytes) in a {
        assert!(bytes == &b[name], "{what}: {name} differs");
    }
}

/// Reads a text file of a built site.
pub fn read(site: &Path, rel: &str) -> String {
    fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The site's results.json.
pub fn results_json(site: &Path) -> serde_json::Value {
    serde_json::from_str(&read(site, "data/results.json")).expect("results.json parses")
}

/// A group of a period in results.json.
pub fn group<'a>(json: &'a serde_json::Value, period: &str, group: &str) -> &'a serde_json::Value {
    let p = json["periods"].as_array().unwrap().iter().find(|p| p["id"] == period).expect("period");
    p["groups"].as_array().unwrap().iter().find(|g| g["id"] == group).expect("group")
}

/// A unit's ranking row in a group of a period.
pub fn row<'a>(json: &'a serde_json::Value, period: &str, grp: &str, unit: &str) -> &'a serde_json::Value {
    group(json, period, grp)["ranking"].as_array().unwrap().iter().find(|r| r["unit"] == unit).expect("unit row")
}

/// A project with two ranked groups of `a` and `b` units (everyone reports two months) and a pooled group.
pub fn paged_project(dir: &Path, a: usize, b: usize) {
    let data = dir.join("data");
    fs::create_dir_all(&data).unwrap();
    // No unit cards: the tests of long lists do not need 480 of them.
    fs::write(
        data.join("site.yaml"),
        "title: \"Paged\"\nbase_url: \"https://example.org/paged\"\nshare_card_units: 0\n",
    )
    .unwrap();
    fs::write(
        data.join("campaign.yaml"),
        "id: paged\ntitle: \"Paged\"\nstarts: 2022-01-01\nends: 2022-12-31\nmetrics:\n  members_net:\n    label: \"Net\"\n    plus: [members_added]\n    minus: [members_lost]\nperiods:\n  - id: \"2022\"\n    from: 2022-01\n    to: 2022-12\n    overall_target: { members_net: 1000 }\n",
    )
    .unwrap();
    fs::write(
        data.join("groups.yaml"),
        "groups:\n  - id: big\n    name: \"Big\"\n    rule: { metric: members_net, qualify_at: \"1%\", awards: { collective: 1 } }\n  - id: pool\n    name: \"Pool\"\n    rule: { metric: members_net, basis: overall, qualify_at: \"100%\", awards: { any: 2 } }\n  - id: small\n    name: \"Small\"\n    rule: { metric: members_net, qualify_at: \"1%\", awards: { individual: 1 } }\n",
    )
    .unwrap();
    let mut units = String::from("id,name,group\nboard,Board,pool\n");
    let mut targets = String::from("unit,period,members_net\n");
    let mut results = String::from("unit,month,members_added,members_lost\n");
    for i in 0..a + b {
        let group = if i < a { "big" } else { "small" };
        units.push_str(&format!("u{i:04},Unit {i:04},{group}\n"));
        targets.push_str(&format!("u{i:04},2022,1000\n"));
        for m in 1..=2 {
            // Unit i has 10 000 − i: ranks follow the ids within each group.
            results.push_str(&format!("u{i:04},2022-{m:02},{},0\n", 5_000 - i));
        }
    }
    fs::write(data.join("units.csv"), units).unwrap();
    fs::write(data.join("targets.csv"), targets).unwrap();
    fs::write(data.join("results.csv"), results).unwrap();
}

// ----- mutating a copy of a fixture (paths relative to its data/ folder) -----

/// A file of the project's `data/` folder.
pub fn file(p: &Path, rel: &str) -> PathBuf {
    p.join("data").join(rel)
}

/// Replaces the first occurrence of `from` (which must be there) in a data file.
pub fn replace(p: &Path, rel: &str, from: &str, to: &str) {
    let text = fs::read_to_string(file(p, rel)).unwrap();
    assert!(text.contains(from), "{rel} does not contain {from:?}");
    fs::write(file(p, rel), text.replacen(from, to, 1)).unwrap();
}

/// Appends `lines` to a data file.
pub fn append(p: &Path, rel: &str, lines: &str) {
    let mut text = fs::read_to_string(file(p, rel)).unwrap();
    text.push_str(lines);
    fs::write(file(p, rel), text).unwrap();
}

/// Writes a data file, making its folder if needed.
pub fn write(p: &Path, rel: &str, content: impl AsRef<[u8]>) {
    let path = file(p, rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, content).unwrap();
}

/// Runs `check` on every case, on two threads (the cases are independent, each in its
/// own temporary copy); returns what `check` found wrong.
pub fn on_two_threads<C: Sync>(cases: &[C], check: impl Fn(&C) -> Option<String> + Sync) -> Vec<String> {
    std::thread::scope(|s| {
        let (a, b): (Vec<_>, Vec<_>) = cases.iter().enumerate().partition(|(i, _)| i % 2 == 0);
        let check = &check;
        let ha = s.spawn(move || a.into_iter().filter_map(|(_, c)| check(c)).collect::<Vec<_>>());
        let hb = s.spawn(move || b.into_iter().filter_map(|(_, c)| check(c)).collect::<Vec<_>>());
        let mut f = ha.join().unwrap();
        f.extend(hb.join().unwrap());
        f
    })
}
