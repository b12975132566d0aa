//! `podium init` (issue 15): a new project that builds and checks at once, written only
//! into a new or empty folder, never over anything; and the workflows that publish it.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Everything under `dir`: each folder, file (its bytes) and symbolic link (its target),
/// so that any change made inside shows.
fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let p = entry.path();
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            let kind = entry.file_type().unwrap();
            if kind.is_symlink() {
                out.insert(rel, format!("link -> {}", fs::read_link(&p).unwrap().display()));
            } else if kind.is_dir() {
                out.insert(rel, "folder".into());
                walk(root, &p, out);
            } else {
                out.insert(rel, format!("file {:?}", fs::read(&p).unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The warnings and errors podium printed.
fn problems(out: &std::process::Output) -> Vec<String> {
    stderr(out).lines().filter(|l| l.contains(": warning: ") || l.contains(": error: ")).map(str::to_string).collect()
}

const SKELETON_FILES: &[&str] = &[
    ".github/workflows/pages.yml",
    ".gitignore",
    "README.md",
    "data/campaign.yaml",
    "data/groups.yaml",
    "data/news/2025-01-10-phat-dong.md",
    "data/nominations.csv",
    "data/pages/ke-hoach.md",
    "data/results.csv",
    "data/site.yaml",
    "data/targets.csv",
    "data/units.csv",
];

#[test]
fn a_new_project_builds_and_checks_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let x = tmp.path().join("x");
    let printed = run_ok(&["--lang", "en", "init", path(&x)]);
    assert!(printed.contains(&format!("wrote a new project into {} (12 files)", x.display())), "{printed}");
    assert!(printed.contains(&format!("podium build {}", x.display())), "{printed}");
    let files: Vec<String> = snapshot(&x).into_iter().filter(|(_, v)| v != "folder").map(|(k, _)| k).collect();
    assert_eq!(files, SKELETON_FILES);

    let built = run(&["--lang", "en", "build", path(&x)]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let site = x.join("site");
    assert!(site.join("index.html").is_file());
    // The examples show as a real site: ranked units, a provisional award with its names.
    let home = read(&site, "index.html");
    assert!(home.contains("Kết quả thi đua phát triển đoàn viên, thành lập CĐCS năm 2025"));
    assert!(read(&site, "units/cd-cac-khu-cong-nghiep/index.html").contains("Công đoàn các Khu công nghiệp (ví dụ)"));
    assert!(read(&site, "awards/6-thang-dau-2025/index.html").contains("Nguyễn Văn A (ví dụ)"));
    assert!(site.join("news/phat-dong/index.html").is_file() && site.join("ke-hoach/index.html").is_file());

    let checked = run(&["--lang", "en", "check", path(&x)]);
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
    assert!(stderr(&checked).contains("0 errors, 1 warning"), "{}", stderr(&checked));
    assert!(
        stdout(&checked).contains("ok: 4 units in 2 groups, 2 periods, data up to 2025-07"),
        "{}",
        stdout(&checked)
    );
    // The one warning is the empty base_url, which lets the site work from disk; the
    // comment above it in site.yaml says so.
    let warnings = problems(&checked);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("base_url is empty"), "{warnings:?}");
    assert!(fs::read_to_string(x.join("data/site.yaml")).unwrap().contains("cảnh báo \"base_url is empty\""));
    // Once base_url is set, as for publishing, there is nothing to warn about.
    replace(&x, "site.yaml", "base_url: \"\"", "base_url: \"https://ldld.github.io/thi-dua/\"");
    let strict = run(&["--lang", "en", "check", path(&x), "--deny-warnings"]);
    assert_eq!(strict.status.code(), Some(0), "{}", stderr(&strict));
    assert!(stderr(&strict).contains("0 errors, 0 warnings"), "{}", stderr(&strict));
}

#[test]
fn init_writes_the_same_bytes_every_time() {
    let tmp = tempfile::tempdir().unwrap();
    run_ok(&["--lang", "en", "init", path(&tmp.path().join("a"))]);
    run_ok(&["--lang", "en", "init", path(&tmp.path().join("b"))]);
    assert_same_tree(&tree(&tmp.path().join("a")), &tree(&tmp.path().join("b")), "two inits");
}

#[test]
fn init_into_a_non_empty_folder_exits_2_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("thi đua 2025");
    fs::create_dir_all(dir.join("data")).unwrap();
    fs::write(dir.join("data/site.yaml"), "title: \"Của tôi\"\n").unwrap();
    fs::write(dir.join("README.md"), "mine\n").unwrap();
    fs::write(dir.join("ghi chú.txt"), "x").unwrap();
    fs::write(dir.join("zzz"), "x").unwrap();
    let before = snapshot(tmp.path());
    let out = run(&["--lang", "en", "init", path(&dir)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let message = stderr(&out);
    assert!(
        message.starts_with(&format!(
            "{}: error: this folder is not empty (it holds README.md, data, ghi chú.txt, … (4 in all)) — ",
            dir.display()
        )),
        "{message}"
    );
    assert!(stdout(&out).is_empty());
    assert_eq!(snapshot(tmp.path()), before, "init changed a non-empty folder");

    // A single hidden file is content too.
    let hidden = tmp.path().join("hidden");
    fs::create_dir(&hidden).unwrap();
    fs::write(hidden.join(".gitignore"), "site/\n").unwrap();
    let out = run(&["--lang", "en", "init", path(&hidden)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("(it holds .gitignore)"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(hidden.join(".gitignore")).unwrap(), "site/\n");
    assert_eq!(fs::read_dir(&hidden).unwrap().count(), 1);
}

#[test]
fn init_writes_into_an_existing_empty_folder_and_the_current_one() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    run_ok(&["--lang", "en", "init", path(&empty)]);
    assert!(empty.join("data/campaign.yaml").is_file());

    // `podium init` with no folder writes into the current one; a freshly cloned empty
    // repository (nothing but .git) counts as empty, and its .git is left alone.
    let clone = tmp.path().join("kho mới");
    fs::create_dir_all(clone.join(".git/objects")).unwrap();
    fs::write(clone.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    let out = podium(&["--lang", "en", "init"]).current_dir(&clone).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let shown = format!("wrote a new project into {} (12 files)", clone.canonicalize().unwrap().display());
    assert!(stdout(&out).contains(&shown), "{}", stdout(&out));
    assert!(stdout(&out).contains("then podium check and podium build"), "{}", stdout(&out));
    assert_eq!(fs::read_to_string(clone.join(".git/HEAD")).unwrap(), "ref: refs/heads/main\n");
    assert_same_tree(
        &tree(&empty),
        &tree(&clone).into_iter().filter(|(k, _)| !k.starts_with(".git/")).collect(),
        "init",
    );
    let built = podium(&["--lang", "en", "build", "--quiet"]).current_dir(&clone).output().unwrap();
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    assert!(clone.join("site/index.html").is_file());
}

#[test]
fn init_never_writes_through_a_file_or_link_of_the_same_name() {
    let tmp = tempfile::tempdir().unwrap();
    // A file where the folder should be: refused, untouched.
    let file = tmp.path().join("x");
    fs::write(&file, "mine").unwrap();
    let out = run(&["--lang", "en", "init", path(&file)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(&format!("{}: error: this is a file, not a folder", file.display())));
    assert_eq!(fs::read_to_string(&file).unwrap(), "mine");

    // A symbolic link named like a file of the skeleton, leading outside: the folder is
    // not empty, and the file the link leads to is neither made nor changed.
    #[cfg(unix)]
    {
        let outside = tmp.path().join("outside");
        fs::create_dir(&outside).unwrap();
        fs::write(outside.join("kept.yaml"), "kept").unwrap();
        let project = tmp.path().join("p");
        fs::create_dir_all(&project).unwrap();
        std::os::unix::fs::symlink(outside.join("site.yaml"), project.join("README.md")).unwrap();
        std::os::unix::fs::symlink(&outside, project.join("data")).unwrap();
        let before = snapshot(tmp.path());
        let out = run(&["--lang", "en", "init", path(&project)]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert_eq!(snapshot(tmp.path()), before);
    }
}

/// The workflows' YAML, parsed.
fn yaml(text: &str) -> serde_yaml::Value {
    serde_yaml::from_str(text).unwrap_or_else(|e| panic!("not valid YAML: {e}\n{text}"))
}

fn steps(job: &serde_yaml::Value) -> Vec<&serde_yaml::Value> {
    job["steps"].as_sequence().unwrap().iter().collect()
}

#[test]
fn the_pages_workflow_downloads_the_released_podium_and_deploys_the_site() {
    let tmp = tempfile::tempdir().unwrap();
    run_ok(&["--lang", "en", "init", path(tmp.path())]);
    let text = fs::read_to_string(tmp.path().join(".github/workflows/pages.yml")).unwrap();
    let w = yaml(&text);
    assert_eq!(w["on"]["push"]["branches"][0], "main");
    assert_eq!(w["permissions"]["pages"], "write");
    let version = format!("v{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(w["env"]["PODIUM_VERSION"], version.as_str());
    let releases = w["env"]["PODIUM_RELEASES"].as_str().unwrap();
    assert_eq!(releases, format!("{}/releases", env!("CARGO_PKG_REPOSITORY")));
    let jobs: Vec<&str> = w["jobs"].as_mapping().unwrap().keys().map(|k| k.as_str().unwrap()).collect();
    assert_eq!(jobs, ["build", "deploy"]);
    let build = steps(&w["jobs"]["build"]);
    let uses = |s: &&serde_yaml::Value| s["uses"].as_str().map(|u| u.split('@').next().unwrap().to_string());
    let actions: Vec<String> = build.iter().filter_map(uses).collect();
    assert_eq!(actions, ["actions/checkout", "actions/configure-pages", "actions/upload-pages-artifact"]);
    let script: String = build.iter().filter_map(|s| s["run"].as_str()).collect();
    // The released Linux archive, as the release workflow names it; no Rust toolchain.
    assert!(script.contains("name=\"podium-$PODIUM_VERSION-x86_64-unknown-linux-musl\""), "{script}");
    assert!(script.contains("sha256sum --check"), "{script}");
    assert!(script.contains("podium build"), "{script}");
    assert!(!script.contains("cargo") && !text.contains("rust-toolchain"), "{script}");
    assert_eq!(build.last().unwrap()["with"]["path"], "site");
    assert_eq!(steps(&w["jobs"]["deploy"])[0]["uses"], "actions/deploy-pages@v4");
    assert_eq!(w["jobs"]["deploy"]["needs"], "build");

    // The step that fills an empty base_url with the Pages address does so, and leaves a
    // base_url the office set alone.
    let fill = build.iter().find_map(|s| s["run"].as_str().filter(|r| r.contains("sed -i"))).unwrap();
    let fill: String = fill.lines().take_while(|l| !l.contains("SOURCE_DATE_EPOCH")).collect::<Vec<_>>().join("\n");
    let shell = |site_yaml: &str| {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "site.yaml", site_yaml);
        let out = std::process::Command::new("bash")
            .args(["-euo", "pipefail", "-c", &fill])
            .current_dir(dir.path())
            .env("PAGES_URL", "https://ldld.github.io/thi-dua")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        fs::read_to_string(dir.path().join("data/site.yaml")).unwrap()
    };
    let skeleton = fs::read_to_string(tmp.path().join("data/site.yaml")).unwrap();
    let filled = shell(&skeleton);
    assert_eq!(filled, skeleton.replace("base_url: \"\"", "base_url: \"https://ldld.github.io/thi-dua/\""));
    assert_ne!(filled, skeleton);
    let own = "title: x\nbase_url: \"https://thidua.ldld.vn/\"\n";
    assert_eq!(shell(own), own);
}

#[test]
fn the_release_workflow_builds_every_platform_on_a_tag() {
    let text = fs::read_to_string(repo().join(".github/workflows/release.yml")).unwrap();
    let w = yaml(&text);
    assert_eq!(w["on"]["push"]["tags"][0], "v*");
    assert_eq!(w["permissions"]["contents"], "write");
    let jobs: Vec<&str> = w["jobs"].as_mapping().unwrap().keys().map(|k| k.as_str().unwrap()).collect();
    assert_eq!(jobs, ["version", "build", "release"]);
    let targets: Vec<&str> = w["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|t| t["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        ["x86_64-unknown-linux-musl", "x86_64-pc-windows-msvc", "aarch64-apple-darwin", "x86_64-apple-darwin"]
    );
    let build: String = steps(&w["jobs"]["build"]).iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(build.contains("cargo build --release --locked --target ${{ matrix.target }}"), "{build}");
    assert!(build.contains("tools/release/package.sh ${{ matrix.target }} \"$GITHUB_REF_NAME\""), "{build}");
    let release: String = steps(&w["jobs"]["release"]).iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(release.contains("sha256sum podium-* > SHA256SUMS"), "{release}");
    assert!(release.contains("gh release create"), "{release}");
}

/// The packaging script names the archive as the Pages workflow downloads it, and puts
/// the program, README.md and the Vietnamese guide in it.
#[test]
#[cfg(target_os = "linux")]
fn the_release_archive_holds_podium_and_its_guides() {
    let tmp = tempfile::tempdir().unwrap();
    let target = "x86_64-unknown-linux-musl";
    let build = tmp.path().join("target").join(target).join("release");
    fs::create_dir_all(&build).unwrap();
    fs::copy(bin(), build.join("podium")).unwrap();
    let script = repo().join("tools/release/package.sh");
    // The script writes into the repository's dist/: run it on a copy of what it reads.
    let copy = tmp.path().join("repo");
    fs::create_dir_all(copy.join("tools/release")).unwrap();
    fs::copy(&script, copy.join("tools/release/package.sh")).unwrap();
    fs::copy(repo().join("tools/release/DOC-TOI.txt"), copy.join("tools/release/DOC-TOI.txt")).unwrap();
    fs::copy(repo().join("README.md"), copy.join("README.md")).unwrap();
    let out = std::process::Command::new("bash")
        .arg(copy.join("tools/release/package.sh"))
        .args([target, "v9.9.9", path(&tmp.path().join("target"))])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let archive = copy.join(format!("dist/podium-v9.9.9-{target}.tar.gz"));
    assert_eq!(stdout(&out).trim(), archive.to_string_lossy());
    let listing = std::process::Command::new("tar").arg("-tzvf").arg(&archive).output().unwrap();
    let listing = stdout(&listing);
    let names: Vec<&str> = listing.lines().map(|l| l.rsplit(' ').next().unwrap()).collect();
    assert_eq!(
        names,
        [
            "podium-v9.9.9-x86_64-unknown-linux-musl/podium",
            "podium-v9.9.9-x86_64-unknown-linux-musl/README.md",
            "podium-v9.9.9-x86_64-unknown-linux-musl/DOC-TOI.txt"
        ]
    );
    assert!(listing.lines().next().unwrap().starts_with("-rwx"), "podium is not executable: {listing}");
    let guide = fs::read_to_string(repo().join("tools/release/DOC-TOI.txt")).unwrap();
    assert!(guide.contains("podium init") && guide.contains("podium build") && guide.contains("podium check"));
}

/// docs/publishing.md quotes the Pages workflow's build step as `podium init` writes it.
#[test]
fn publishing_md_quotes_the_workflow_it_describes() {
    let docs = fs::read_to_string(repo().join("docs/publishing.md")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    run_ok(&["--lang", "en", "init", path(tmp.path())]);
    let workflow = fs::read_to_string(tmp.path().join(".github/workflows/pages.yml")).unwrap();
    let workflow: Vec<&str> = workflow.lines().map(str::trim).collect();
    let block = docs.split("need, and leaves a `base_url` you set").nth(1).unwrap();
    let block = block.split("```sh\n").nth(1).unwrap().split("```").next().unwrap();
    assert!(block.lines().count() >= 5, "{block}");
    for line in block.lines() {
        assert!(workflow.contains(&line.trim()), "docs/publishing.md shows a line the workflow lacks: {line}");
    }
}
