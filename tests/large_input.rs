//! A large results.csv is parsed in parts side by side: every message still names
//! the line of the whole file, and a repeated row is reported against the first.

mod common;

use common::*;
use std::fs;
use std::path::Path;

/// `podium check` with `threads` threads; returns the exit code and stderr.
fn check(project: &Path, threads: &str) -> (Option<i32>, String) {
    let out = podium(&["check", "--lang", "en", path(project)]).env("RAYON_NUM_THREADS", threads).output().unwrap();
    (out.status.code(), stderr(&out))
}

#[test]
fn messages_about_a_large_results_file_name_their_lines_in_the_whole_file() {
    let tmp = tempfile::tempdir().unwrap();
    paged_project(tmp.path(), 2000, 1000);
    let file = tmp.path().join("data/results.csv");
    let text = fs::read_to_string(&file).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    // Line n of the file is lines[n - 1]; line 1 is the header; 6001 lines in all.
    assert_eq!(lines.len(), 6001);
    assert_eq!(lines[1], "u0000,2022-01,5000,0");
    lines[2999] = "u1499,2022-01,12a,0".into(); // line 3000, in the middle
    lines[5899] = "u2949,2022-13,1,0".into(); // line 5900, near the end
    lines[4499] = "nobody,2022-01,1,0".into(); // line 4500
    lines.push("u0000,2022-01,1,0".into()); // line 6002 repeats line 2
    lines.push("u2999,2022-02,1,0".into()); // line 6003 repeats line 6001
    // Windows line ends: the parts still count lines the same way.
    fs::write(&file, lines.join("\r\n") + "\r\n").unwrap();

    let expected = [
        "data/results.csv:3000:3: error: `12a` is not a whole number",
        "data/results.csv:4500:1: error: unknown unit `nobody`",
        "data/results.csv:5900:2: error: `2022-13` is not a month",
        "data/results.csv:6002: error: a second row for `u0000` in 2022-01 (first on line 2)",
        "data/results.csv:6003: error: a second row for `u2999` in 2022-02 (first on line 6001)",
    ];
    for threads in ["1", "2", "5"] {
        let (code, err) = check(tmp.path(), threads);
        assert_eq!(code, Some(1), "{err}");
        let errors: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
        assert_eq!(errors.len(), expected.len(), "with {threads} threads:\n{err}");
        for (line, want) in errors.iter().zip(expected) {
            assert!(line.starts_with(want), "with {threads} threads: expected `{want}…`, got `{line}`");
        }
    }
}
