//! Issues 16 and 17, "inputs are untouchable": wherever `-o` points, however it is
//! spelt (`..`, a folder that does not exist yet, a symbolic link), a build never
//! replaces the project, the folders podium reads, the home folder, the folder the
//! user works in or a file system's root; `--force` does not change that.

mod common;

use common::*;
use std::fs;
use std::path::Path;
use std::process::Output;

/// A project in `<tmp>/proj` (the `basic` fixture with a theme folder), beside another
/// project in `<tmp>/neighbour`, so that every test can check that nothing of either changed.
fn workspace() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("basic"), &tmp.path().join("proj"));
    copy_dir(&fixture("ranking"), &tmp.path().join("neighbour"));
    let templates = tmp.path().join("proj/themes/default/templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(templates.join("404.html"), "{% extends \"base.html\" %}").unwrap();
    tmp
}

/// Runs `podium build` inside the project folder with `args`.
fn build_in(project: &Path, args: &[&str], home: &Path) -> Output {
    let mut all = vec!["build", "--lang", "en", "--quiet"];
    all.extend(args);
    podium(&all).current_dir(project).env("HOME", home).output().unwrap()
}

/// `-o out` (with and without `--force`) is refused as a usage error, saying why, without
/// suggesting `--force`, and every file of the workspace is left as it was.
fn assert_refused(tmp: &Path, out: &str, why: &str) {
    let project = tmp.join("proj");
    let home = tmp.join("home");
    fs::create_dir_all(&home).unwrap();
    let before = tree(tmp);
    for force in [false, true] {
        let mut args = vec!["-o", out];
        if force {
            args.push("--force");
        }
        let o = build_in(&project, &args, &home);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "-o {out} (force: {force}) was not refused:\n{err}");
        assert!(err.contains(&format!(": error: podium will not write the site here: {why} — ")), "-o {out}: {err}");
        assert!(err.contains("with or without --force"), "{err}");
        assert!(!err.contains("add --force"), "-o {out}: the refusal suggests --force: {err}");
        assert_same_tree(&before, &tree(tmp), &format!("after -o {out} (force: {force})"));
    }
}

#[test]
fn the_folders_podium_reads_are_never_an_output() {
    let tmp = workspace();
    let t = tmp.path();
    assert_refused(t, "data", "it is the project's data/ folder, which podium reads");
    assert_refused(t, "data/pages", "it is inside the project's data/ folder, which podium reads");
    assert_refused(t, "data/new/deeper", "it is inside the project's data/ folder, which podium reads");
    assert_refused(t, "themes", "it is the project's themes/ folder, which podium reads");
    assert_refused(t, "themes/default/templates", "it is inside the project's themes/ folder, which podium reads");
    assert_refused(t, "./site/../data/./pages", "it is inside the project's data/ folder, which podium reads");
}

#[test]
fn the_project_and_what_holds_it_are_never_an_output() {
    let tmp = workspace();
    let t = tmp.path();
    assert_refused(t, ".", "it is the project folder");
    assert_refused(t, "..", "it holds the project");
    // Folders that do not exist are not a way around the check: `nope/..` is where it is.
    assert_refused(t, "nope/..", "it is the project folder");
    assert_refused(t, "nope/../..", "it holds the project");
    assert_refused(t, "nope/deeper/../../..", "it holds the project");
    let absolute = t.join("proj/x/..");
    assert_refused(t, path(&absolute), "it is the project folder");
}

#[test]
fn the_home_folder_the_working_folder_and_the_root_are_never_an_output() {
    let tmp = workspace();
    let t = tmp.path();
    // `HOME` is `<tmp>/home` in these runs.
    assert_refused(t, path(&t.join("home")), "it is your home folder");
    assert_refused(t, path(&t.join("home/x/..")), "it is your home folder");
    assert_refused(t, path(&t.join("home/..")), "it holds the project");
    assert_refused(t, "/", "it is the root of a file system");

    // Run from a folder of documents, building a project elsewhere into it.
    let documents = t.join("documents");
    fs::create_dir(&documents).unwrap();
    fs::write(documents.join("letter.txt"), "keep").unwrap();
    let before = tree(t);
    for out in [".", "nope/.."] {
        let o = podium(&["build", "--lang", "en", "../proj", "-o", out, "--force"])
            .current_dir(&documents)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("it is the folder you are working in"), "{}", stderr(&o));
    }
    assert_same_tree(&before, &tree(t), "after building into the working folder");
}

#[cfg(unix)]
#[test]
fn a_link_into_the_inputs_is_refused_like_the_inputs() {
    let tmp = workspace();
    let t = tmp.path();
    std::os::unix::fs::symlink(t.join("proj/data"), t.join("proj/site")).unwrap();
    std::os::unix::fs::symlink(t.join("proj"), t.join("link")).unwrap();
    // The default output, `site/`, is a link to data/.
    let before = tree(t);
    let o = build_in(&t.join("proj"), &["--force"], &t.join("home"));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("it is the project's data/ folder"), "{}", stderr(&o));
    assert_same_tree(&before, &tree(t), "after building into a link to data/");
    fs::remove_file(t.join("proj/site")).unwrap();
    // `link/..` is the parent of the folder the link points to, as the system resolves it.
    assert_refused(t, path(&t.join("link/data/..")), "it is the project folder");
    assert_refused(t, path(&t.join("link/data")), "it is the project's data/ folder, which podium reads");
}

#[cfg(unix)]
#[test]
fn data_kept_outside_the_project_is_protected_too() {
    let tmp = workspace();
    let t = tmp.path();
    // data/ is a link to a shared folder of figures.
    let shared = t.join("shared/figures");
    fs::create_dir_all(t.join("shared")).unwrap();
    fs::rename(t.join("proj/data"), &shared).unwrap();
    std::os::unix::fs::symlink(&shared, t.join("proj/data")).unwrap();
    assert_refused(t, path(&shared), "it is the project's data/ folder, which podium reads");
    assert_refused(t, path(&t.join("shared")), "it holds the project's data/ folder, which podium reads");
    // The project still builds into its own site/.
    let o = build_in(&t.join("proj"), &[], &t.join("home"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(t.join("proj/site/index.html").is_file());
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_link_replaces_the_folder_it_points_to_and_keeps_the_link() {
    let tmp = workspace();
    let t = tmp.path();
    let served = t.join("www/thi-dua");
    fs::create_dir_all(&served).unwrap();
    std::os::unix::fs::symlink(&served, t.join("proj/site")).unwrap();
    let home = t.join("home");
    let o = build_in(&t.join("proj"), &[], &home);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(fs::symlink_metadata(t.join("proj/site")).unwrap().file_type().is_symlink(), "the link is still a link");
    assert!(served.join("units/alpha/index.html").is_file(), "the site is in the folder the link points to");
    let first = tree(&served);
    // A rebuild goes through the link again, and leaves nothing beside the served folder.
    let o = build_in(&t.join("proj"), &[], &home);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_same_tree(&first, &tree(&served), "after a rebuild through the link");
    let beside: Vec<String> =
        fs::read_dir(t.join("www")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(beside, ["thi-dua"]);
    assert!(fs::symlink_metadata(t.join("proj/site")).unwrap().file_type().is_symlink());
}

#[cfg(unix)]
#[test]
fn a_link_to_nothing_is_refused() {
    let tmp = workspace();
    let t = tmp.path();
    std::os::unix::fs::symlink(t.join("nowhere"), t.join("proj/site")).unwrap();
    let o = build_in(&t.join("proj"), &["--force"], &t.join("home"));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("/proj/site: error: this is a symbolic link to a folder that does not exist"),
        "{}",
        stderr(&o)
    );
    assert!(!t.join("nowhere").exists());
}

#[test]
fn a_file_is_never_an_output() {
    let tmp = workspace();
    let t = tmp.path();
    fs::write(t.join("proj/notes.txt"), "keep").unwrap();
    for out in ["notes.txt", "notes.txt/site"] {
        for force in [false, true] {
            let mut args = vec!["-o", out];
            if force {
                args.push("--force");
            }
            let o = build_in(&t.join("proj"), &args, &t.join("home"));
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(2), "{err}");
            assert!(
                err.ends_with(
                    "/proj/notes.txt: error: this is a file, not a folder — name a folder for the site with -o (podium never replaces a file, even with --force)\n"
                ),
                "-o {out}: {err}"
            );
        }
    }
    assert_eq!(fs::read_to_string(t.join("proj/notes.txt")).unwrap(), "keep");
}

#[test]
fn a_new_folder_beside_the_project_is_fine() {
    let tmp = workspace();
    let t = tmp.path();
    let o = build_in(&t.join("proj"), &["-o", "../published/thi-dua"], &t.join("home"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(t.join("published/thi-dua/index.html").is_file());
    // And `data/../site2` is simply the project's site2/.
    let o = build_in(&t.join("proj"), &["-o", "data/../site2"], &t.join("home"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(t.join("proj/site2/index.html").is_file());
}

#[test]
fn another_project_and_a_git_repository_are_never_an_output() {
    let tmp = workspace();
    let t = tmp.path();
    assert_refused(t, "../neighbour", "it is another podium project (it holds data/site.yaml)");
    // A gh-pages worktree that rsync has filled with a previous site, marker included.
    let pages = t.join("pages");
    fs::create_dir(&pages).unwrap();
    fs::write(pages.join(".git"), "gitdir: /somewhere/.git/worktrees/pages\n").unwrap();
    fs::write(pages.join(".podium-site"), "This folder is written by podium\n").unwrap();
    assert_refused(t, "../pages", "it is a git repository (it holds .git)");
}
