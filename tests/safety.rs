//! Issue 4, "nothing lost" and "nothing leaks, nothing injects": a failed or
//! killed build leaves the published site byte for byte; podium refuses to
//! replace folders it did not create; text from data is escaped in every output
//! and unpublished columns never reach one.

mod common;

use common::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

// ----- nothing lost -----

/// Staging or retired folders a build leaves beside `out` (`.site.podium-…`).
fn leftovers(out: &Path) -> Vec<String> {
    let prefix = format!(".{}.podium-", out.file_name().unwrap().to_string_lossy());
    let mut names: Vec<String> = fs::read_dir(out.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&prefix))
        .collect();
    names.sort();
    names
}

/// Builds `project`, breaks it with `break_it` and builds again: that build fails
/// (exit 1) and leaves the site byte for byte and no staging folder. Returns its output.
fn failed_rebuild(project: &Path, break_it: impl FnOnce()) -> std::process::Output {
    let site = project.join("site");
    run_ok(&["build", "--lang", "en", path(project), "--quiet"]);
    let before = tree(&site);
    break_it();
    let out = run(&["build", "--lang", "en", path(project)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_same_tree(&before, &tree(&site), "after a failed build");
    assert_eq!(leftovers(&site), Vec::<String>::new());
    out
}

#[test]
fn a_failed_build_leaves_the_site_byte_for_byte() {
    let project = copy_fixture("basic");
    failed_rebuild(project.path(), || {
        fs::write(project.path().join("data/results.csv"), "unit,month,members_added\nalpha,2023-6,x\n").unwrap();
    });
    assert!(project.path().join("site/.podium-site").is_file(), "the output folder carries the marker file");
}

#[test]
fn a_build_failed_by_a_template_error_leaves_the_site_byte_for_byte() {
    let project = copy_fixture("basic");
    // A theme override whose template refers to a variable that does not exist fails while rendering.
    let templates = project.path().join("themes/default/templates");
    failed_rebuild(project.path(), || {
        fs::create_dir_all(&templates).unwrap();
        fs::write(templates.join("404.html"), "{{ no_such_variable.field }}").unwrap();
    });
}

/// The site's folders start to be made as soon as the data has loaded; a problem found
/// after that (here a template that does not compile) still leaves the site as it was
/// and no staging folder behind.
#[test]
fn a_build_failed_after_the_data_loaded_leaves_the_site_byte_for_byte() {
    let project = copy_fixture("basic");
    let templates = project.path().join("themes/default/templates");
    let out = failed_rebuild(project.path(), || {
        fs::create_dir_all(&templates).unwrap();
        fs::write(templates.join("404.html"), "{% if %}").unwrap();
    });
    assert!(stderr(&out).contains("template error"), "{}", stderr(&out));
    // Nor are the folders made to hold a new output left behind.
    let new = project.path().join("new");
    let out = run(&["build", "--lang", "en", path(project.path()), "-o", path(&new.join("deeper/site"))]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!new.exists(), "a failed build left {} behind", new.display());
    fs::remove_file(templates.join("404.html")).unwrap();
    run_ok(&["build", "--lang", "en", path(project.path()), "-o", path(&new.join("deeper/site")), "--quiet"]);
    assert!(new.join("deeper/site/index.html").is_file());
}

/// A folder of the site that cannot be made stops the build with the folder's name
/// and the system's reason, and leaves nothing behind. Linux refuses paths longer
/// than 4,095 bytes: the output is placed so that its staging folder and the files
/// at its top fit, but the folder of a unit with a 60-letter id does not.
#[cfg(target_os = "linux")]
#[test]
fn a_folder_that_cannot_be_made_fails_the_build_and_leaves_nothing() {
    let project = copy_fixture("basic");
    let long_id = "a".repeat(60);
    for file in ["units.csv", "targets.csv", "results.csv", "nominations.csv"] {
        let csv = project.path().join("data").join(file);
        let text = fs::read_to_string(&csv).unwrap();
        fs::write(&csv, text.replace("\nalpha,", &format!("\n{long_id},")).replace(",alpha,", &format!(",{long_id},")))
            .unwrap();
    }
    run_ok(&["check", "--lang", "en", path(project.path())]);
    // The staging folder is `<parent>/.site.podium-tmp-<pid>`: 18 bytes and the pid's 1–7 digits
    // more than the parent, 4,050–4,056 in all. `.podium-site` fits below it, `units/aaa…a/` does not.
    let mut parent = project.path().join("deep");
    while parent.as_os_str().len() < 4032 - 201 {
        parent.push("d".repeat(200));
    }
    parent.push("d".repeat(4032 - 1 - parent.as_os_str().len()));
    assert_eq!(parent.as_os_str().len(), 4032);
    let site = parent.join("site");
    let out = run(&["build", "--lang", "en", path(project.path()), "-o", path(&site)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    let line = err.lines().find(|l| l.contains(": error: cannot write ")).unwrap_or_else(|| panic!("{err}"));
    assert!(
        line.ends_with(&format!(": error: cannot write units/{long_id}/: File name too long (os error 36)")),
        "names the folder and the reason: {line}"
    );
    // The staging folder is gone, and so are the folders made to hold the output.
    assert!(!project.path().join("deep").exists());
}

/// Every file under `dir`, relative to it.
fn files_in(dir: &Path) -> Vec<String> {
    tree(dir).into_keys().collect()
}

/// Kills a build at a known point: debug builds of podium pause, when
/// `PODIUM_TEST_PAUSE` names a file, after the first file was written into the
/// staging folder, and create that file (see `Staging::test_pause` in src/output/mod.rs).
/// Release builds have no such hook, hence the test is ignored there.
#[test]
#[cfg_attr(not(debug_assertions), ignore = "the pause hook exists in debug builds only")]
fn a_killed_build_leaves_the_previous_site_and_the_next_build_succeeds() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    build(&fixture("basic"), &site);
    let before = tree(&site);

    // Another project, so that every file of the new site differs from the old one.
    let signal = tmp.path().join("paused");
    let mut child = podium(&["build", "--lang", "en", path(&repo()), "-o", path(&site), "--quiet"])
        .env("PODIUM_TEST_PAUSE", &signal)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !signal.exists() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the build ended ({status}) without pausing: is PODIUM_TEST_PAUSE still read in src/output/mod.rs?");
        }
        assert!(started.elapsed() < Duration::from_secs(120), "the build did not reach its pause");
        std::thread::sleep(Duration::from_millis(5));
    }
    // Paused midway: the staging folder holds part of the new site.
    let staging = leftovers(&site);
    assert_eq!(staging.len(), 1, "{staging:?}");
    let staged = files_in(&tmp.path().join(&staging[0]));
    assert!(!staged.is_empty(), "files were written into the staging folder before the pause");
    assert!(!staged.iter().any(|f| f == ".podium-site"), "the build was not about to finish: {staged:?}");
    child.kill().unwrap(); // SIGKILL on Unix: no cleanup runs.
    child.wait().unwrap();

    assert_same_tree(&before, &tree(&site), "after a killed build");
    assert_eq!(leftovers(&site), staging, "the killed build's staging folder is left behind");

    // The next build cleans the leftovers up and succeeds.
    build(&fixture("basic"), &site);
    assert_same_tree(&before, &tree(&site), "after the next build");
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn a_foreign_non_empty_folder_is_refused_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let foreign = tmp.path().join("documents");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("thesis.docx"), "precious").unwrap();
    let out = run(&["build", "--lang", "en", path(&fixture("basic")), "-o", path(&foreign)]);
    // Refused as a usage error (exit 2, see Failure::exit_code in src/commands.rs), nothing deleted, nothing written.
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error: the folder is not empty and was not created by podium (no .podium-site file)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(tree(&foreign).into_keys().collect::<Vec<_>>(), ["thesis.docx"]);
    assert_eq!(leftovers(&foreign), Vec::<String>::new());

    let out = run(&["build", "--lang", "en", path(&fixture("basic")), "-o", path(&foreign), "--force", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(foreign.join("index.html").is_file());
    assert!(foreign.join(".podium-site").is_file());
    assert!(!foreign.join("thesis.docx").exists(), "--force replaces the folder as a whole");
}

#[test]
fn podium_folders_and_empty_folders_are_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    build(&fixture("basic"), &empty);
    assert!(empty.join(".podium-site").is_file());
    // A folder podium wrote (it has the marker) is replaced without --force.
    build(&fixture("ranking"), &empty);
    assert!(empty.join("units/first/index.html").is_file());
    assert!(!empty.join("units/alpha").exists(), "the previous site's pages are gone");
}

#[test]
fn the_home_folder_and_the_project_folder_are_never_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    fs::create_dir(&home).unwrap();
    fs::write(home.join(".podium-site"), "a marker someone copied").unwrap();
    fs::write(home.join("notes.txt"), "keep").unwrap();
    let out = podium(&["build", "--lang", "en", path(&fixture("basic")), "-o", path(&home), "--force"])
        .env("HOME", &home)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(home.join("notes.txt").is_file());

    let project = copy_fixture("basic");
    let out = run(&["build", "--lang", "en", path(project.path()), "-o", path(project.path()), "--force"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(project.path().join("data/units.csv").is_file());
}

// ----- nothing leaks, nothing injects -----

/// The `escaping` fixture built once (raw HTML not allowed), and once with `allow_html: true`.
fn escaping_site(allow_html: bool) -> (tempfile::TempDir, PathBuf) {
    let project = copy_fixture("escaping");
    if allow_html {
        let site_yaml = project.path().join("data/site.yaml");
        let text = fs::read_to_string(&site_yaml).unwrap();
        fs::write(&site_yaml, format!("{text}allow_html: true\n")).unwrap();
    }
    let site = project.path().join("site");
    build(project.path(), &site);
    (project, site)
}

/// Opening tags (`<name …>`) of an HTML or XML document.
fn tags(doc: &str) -> Vec<&str> {
    doc.match_indices('<').filter_map(|(i, _)| doc[i..].find('>').map(|j| &doc[i..=i + j])).collect()
}

fn assert_no_active_content(site: &Path) {
    for (name, bytes) in tree(site) {
        if !(name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".svg")) {
            continue;
        }
        let doc = String::from_utf8(bytes).unwrap();
        let lower = doc.to_lowercase();
        // The one script is the theme's own search, on the unit index; data adds none.
        let own = lower.replace(r#"<script src="../assets/search.js" defer></script>"#, "");
        assert!(!own.contains("<script"), "{name} has a <script> element");
        for tag in tags(&lower) {
            for (attr, value) in attributes(tag) {
                assert!(!attr.starts_with("on"), "{name}: event handler attribute in {tag}");
                if ["href", "src", "action", "formaction", "xlink:href", "srcset", "poster"].contains(&attr) {
                    assert!(!value.trim_start().starts_with("javascript:"), "{name}: javascript: URL in {tag}");
                }
            }
        }
    }
}

/// The attributes of an opening tag, `(name, value)`: a quoted value is read whole, so
/// that text inside it (escaped data, such as a description quoting `onclick=`) is
/// never taken for an attribute.
fn attributes(tag: &str) -> Vec<(&str, &str)> {
    let inner = tag.trim_start_matches('<').trim_end_matches('>').trim_end_matches('/');
    let mut rest = inner.find(char::is_whitespace).map_or("", |i| &inner[i..]);
    let mut out = Vec::new();
    loop {
        rest = rest.trim_start();
        let end = rest.find(|c: char| c.is_whitespace() || c == '=').unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        let attr = &rest[..end];
        rest = rest[end..].trim_start();
        let mut value = "";
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, next) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let close = after[1..].find(q).map_or(after.len(), |i| i + 1);
                    (&after[1..close], after.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let close = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..close], &after[close..])
                }
            };
            value = v;
            rest = next;
        }
        out.push((attr, value));
    }
    out
}

#[test]
fn the_attribute_reader_of_these_tests_finds_handlers_and_skips_quoted_text() {
    let tag = "<meta name=\"description\" content=\"a &lt;b onclick=x&gt; javascript:\" data-x onload=go>";
    assert_eq!(
        attributes(tag),
        vec![
            ("name", "description"),
            ("content", "a &lt;b onclick=x&gt; javascript:"),
            ("data-x", ""),
            ("onload", "go")
        ]
    );
    assert_eq!(attributes("<a href='javascript:x()'>"), vec![("href", "javascript:x()")]);
    assert_eq!(attributes("<br/>"), vec![]);
}

#[test]
fn text_from_data_is_escaped_in_every_html_and_xml_file() {
    let (_project, site) = escaping_site(false);
    assert_no_active_content(&site);
    let unit = read(&site, "units/script/index.html");
    assert!(unit.contains("&lt;script&gt;alert(1)&lt;/script&gt; Unit"), "the unit's name is shown, escaped");
    assert!(unit.contains("&lt;script&gt;alert(1)&lt;/script&gt; Group"), "the group's name is shown, escaped");
    let awards = read(&site, "awards/2022/index.html");
    assert!(awards.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the nomination's name is shown, escaped");
    assert!(awards.contains("&lt;img src=x onerror=alert(3)&gt;"), "the pooled nomination's name is shown, escaped");
    let page = read(&site, "about/index.html");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "raw HTML in Markdown is shown as text");
    assert!(page.contains("Text with &lt;b&gt;bold&lt;/b&gt; &amp; an ampersand."), "{page}");
    let feed = read(&site, "feed.xml");
    assert!(feed.contains("<title>News &lt;script&gt;alert(&#39;news&#39;)&lt;/script&gt;</title>"), "{feed}");
    assert!(feed.contains("Summary &lt;script&gt;"), "{feed}");
    let sitemap = read(&site, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/x/units/script/</loc>"), "{sitemap}");
}

#[test]
fn markdown_with_raw_html_allowed_is_still_sanitised() {
    let (_project, site) = escaping_site(true);
    assert_no_active_content(&site);
    let page = read(&site, "about/index.html");
    assert!(page.contains("<b>bold</b>"), "raw HTML is kept when allowed: {page}");
    assert!(page.contains("<img src=\"x\">"), "the image stays without its handler: {page}");
}

#[test]
fn json_keeps_the_text_exactly() {
    let (_project, site) = escaping_site(false);
    let j = results_json(&site);
    let names: Vec<&str> =
        group(&j, "2022", "g")["ranking"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"<script>alert(1)</script> Unit"), "{names:?}");
    assert!(names.contains(&"Unit \"quoted\" & <b>bold</b>"), "{names:?}");
    let noms: Vec<&str> =
        j["periods"][0]["nominations"].as_array().unwrap().iter().map(|n| n["name"].as_str().unwrap()).collect();
    assert!(noms.contains(&"<script>alert(1)</script>"), "{noms:?}");
}

#[test]
fn json_has_no_raw_markup() {
    let (_project, site) = escaping_site(false);
    let json = read(&site, "data/results.json");
    for raw in ["<script", "<img", "</"] {
        assert!(!json.contains(raw), "results.json contains {raw:?}");
    }
}

#[test]
fn csv_downloads_neutralise_formulas_and_keep_text() {
    let (_project, site) = escaping_site(false);
    let mut checked = 0;
    for (name, bytes) in tree(&site) {
        if !name.ends_with(".csv") {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                checked += 1;
                let is_number =
                    cell.strip_prefix('-').unwrap_or(cell).replace('.', "").bytes().all(|b| b.is_ascii_digit());
                assert!(
                    is_number || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{name}: a spreadsheet would run {cell:?} as a formula"
                );
            }
        }
    }
    assert!(checked > 0);
    let csv = read(&site, "data/ranking-g-2022.csv");
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let names: Vec<String> = reader.records().map(|r| r.unwrap()[2].to_string()).collect();
    assert_eq!(
        names,
        [
            "<script>alert(1)</script> Unit",
            "'=HYPERLINK(\"http://evil.example\",\"click\")",
            "'+1 Unit",
            "'-2 Unit",
            "'@SUM(A1)",
            "Unit \"quoted\" & <b>bold</b>",
        ]
    );
}

#[test]
fn columns_the_spec_does_not_publish_never_reach_an_output() {
    let (_project, site) = escaping_site(false);
    for (name, bytes) in tree(&site) {
        let text = String::from_utf8_lossy(&bytes);
        for marker in [
            "PHONE-MARKER",
            "SECRET-MARKER",
            "TARGET-NOTE-MARKER",
            "NATIONAL-ID-MARKER",
            "secret_remark",
            "internal_note",
        ] {
            assert!(!text.contains(marker), "{name} contains {marker}");
        }
    }
}
