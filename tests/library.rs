//! The library API (`podium::build`, `check`, `explain`) returns what the
//! command line prints: the same numbers, the same text, the same failures.

mod common;

use common::*;
use podium::{BuildOptions, CheckOptions, ExplainOptions, Failure};
use std::path::Path;

fn no_report(_: &podium::error::Diagnostics) {}

#[test]
fn build_returns_the_numbers_the_command_line_prints() {
    let out = tempfile::tempdir().unwrap();
    let (cli_site, lib_site) = (out.path().join("cli"), out.path().join("lib"));
    let printed = stderr(&run(&["build", "--lang", "en", path(&repo()), "-o", path(&cli_site)]));
    let options = BuildOptions {
        output: lib_site.clone(),
        build_time: Some(EPOCH.parse().unwrap()),
        ..BuildOptions::new(repo())
    };
    let mut reports = 0;
    let summary = podium::build(&options, &mut |_| reports += 1, &|_, _| {}).expect("the sample builds");
    assert_eq!(reports, 1, "the diagnostics are reported once");
    let said = format!(
        "built {} pages into {} ({} files: {} changed, {} unchanged)",
        summary.pages,
        path(&cli_site),
        summary.files,
        summary.changed,
        summary.unchanged
    );
    assert!(printed.contains(&said), "the binary printed:\n{printed}\nthe library returned: {said}");
    assert_same_tree(&tree(&cli_site), &tree(&lib_site), "the binary's and the library's sites");
    // Built again, every file is kept.
    let again = podium::build(&options, &mut no_report, &|_, _| {}).unwrap();
    assert_eq!((again.changed, again.unchanged), (0, summary.files), "{again:?}");
}

#[test]
fn check_and_explain_return_what_the_command_line_prints() {
    let project = repo();
    let summary = podium::check(&CheckOptions { project: project.clone(), deny_warnings: false }, &mut no_report)
        .expect("the sample checks");
    let printed = run_ok(&["check", "--lang", "en", path(&project)]);
    assert_eq!(
        printed,
        format!(
            "ok: {} units in {} groups, {} periods, data up to {}\n",
            summary.units,
            summary.groups,
            summary.periods,
            summary.data_up_to.as_deref().unwrap_or("(no results yet)")
        )
    );
    let options = ExplainOptions {
        project: project.clone(),
        unit: "nhom-4".into(),
        period: Some("2022".into()),
        language: Some(podium::model::Language::En),
    };
    let text = podium::explain(&options, &mut no_report).expect("nhom-4 is explained");
    let printed = run_ok(&["explain", "nhom-4", "--project", path(&project), "--period", "2022", "--lang", "en"]);
    assert_eq!(text, printed);
}

#[test]
fn failures_carry_the_message_and_the_exit_status_of_the_command_line() {
    let missing = Path::new("tests/fixtures/no-such-project");
    let out = run(&["check", "--lang", "en", path(missing)]);
    let failure = podium::check(&CheckOptions { project: missing.into(), deny_warnings: false }, &mut no_report)
        .expect_err("there is no project there");
    assert!(matches!(failure, Failure::Usage(_)), "{failure:?}");
    assert_eq!(Some(failure.exit_code()), out.status.code());
    assert_eq!(format!("{failure}\n"), stderr(&out));
    // In the language the command line chose (Vietnamese when there is no site.yaml to say).
    let out = run(&["check", path(missing)]);
    assert_eq!(format!("{}\n", failure.render(podium::model::Language::Vi)), stderr(&out));
    assert!(stderr(&out).contains(": lỗi: "), "{}", stderr(&out));

    let options = ExplainOptions { project: repo(), unit: "nobody".into(), period: None, language: None };
    let failure = podium::explain(&options, &mut no_report).expect_err("no such unit");
    let out = run(&["explain", "nobody", "--project", path(&repo()), "--lang", "en"]);
    assert_eq!((Some(failure.exit_code()), format!("{failure}\n")), (out.status.code(), stderr(&out)));

    // Input errors are reported, not carried: the failure only says so.
    let project = copy_fixture("basic");
    append(project.path(), "units.csv", "broken\n");
    let mut errors = 0;
    let options = BuildOptions { output: project.path().join("site"), ..BuildOptions::new(project.path()) };
    let failure = podium::build(&options, &mut |d| errors += d.error_count(), &|_, _| {}).expect_err("bad data");
    assert!(matches!(failure, Failure::Invalid), "{failure:?}");
    assert_eq!(failure.exit_code(), 1);
    assert!(errors > 0);
    assert!(!project.path().join("site").exists(), "a failed build writes nothing");
}
