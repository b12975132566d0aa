//! Issue 17: hostile and careless input. Each case is one change to the valid
//! `basic` fixture that podium once accepted, or took minutes over, or reported
//! in the wrong place; `podium check` must now print exactly the expected lines,
//! exit with the expected status, and finish in bounded time. As in
//! tests/catalogue.rs, these lines are the user interface (docs/troubleshooting.md
//! quotes them). `HOSTILE_PRINT=1 cargo test --test hostile -- --nocapture`
//! shows what podium prints for every case.

mod common;

use common::*;
use std::fs;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

/// Far above what any case needs (tens of milliseconds), far below what the
/// inputs took before their bounds (minutes).
const LIMIT: Duration = Duration::from_secs(20);

/// Writes a file of the project's own theme (`themes/default/…`).
fn theme(p: &Path, rel: &str, content: impl AsRef<[u8]>) {
    let path = p.join("themes/default").join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, content).unwrap();
}

/// Runs podium, failing the test if it takes longer than [`LIMIT`].
fn run_within(args: &[&str]) -> Output {
    timed(args).unwrap_or_else(|e| panic!("{e}"))
}

/// Runs podium; an error if it takes longer than [`LIMIT`] (it is then killed).
fn timed(args: &[&str]) -> Result<Output, String> {
    let started = Instant::now();
    let mut child = podium(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("podium runs");
    // Read the pipes meanwhile, so that a long report cannot block the child.
    let read = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes).ok();
            bytes
        })
    };
    let out_reader = read(Box::new(child.stdout.take().unwrap()));
    let err_reader = read(Box::new(child.stderr.take().unwrap()));
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let stdout = out_reader.join().unwrap();
            let stderr = err_reader.join().unwrap();
            return Ok(Output { status, stdout, stderr });
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("podium {args:?} took more than {LIMIT:?}"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

struct Case {
    name: &'static str,
    mutate: Box<dyn Fn(&Path) + Send + Sync>,
    /// The diagnostic lines, in the order printed, then the count line.
    lines: Vec<String>,
    status: i32,
}

fn case(name: &'static str, mutate: impl Fn(&Path) + Send + Sync + 'static) -> Case {
    Case { name, mutate: Box::new(mutate), lines: Vec::new(), status: 1 }
}

impl Case {
    fn errors(mut self, lines: &[&str]) -> Case {
        self.lines = lines.iter().map(|l| l.to_string()).collect();
        self.status = 1;
        self
    }
    fn errors_listed(mut self, lines: Vec<String>) -> Case {
        self.lines = lines;
        self.status = 1;
        self
    }
    fn ok(mut self, lines: &[&str]) -> Case {
        self.lines = lines.iter().map(|l| l.to_string()).collect();
        self.status = 0;
        self
    }
}

fn cases() -> Vec<Case> {
    vec![
        // ----- Markdown nesting (item 2) -----
        case("a page of 150,000 `>`", |p| write(p, "pages/about.md", format!("---\ntitle: \"About\"\n---\n{}\n", ">".repeat(150_000)))).errors(&[
            "data/pages/about.md:4:33: error: the text is nested deeper than 32 levels here (block quotes, lists, emphasis or links inside one another) — a page needs a few levels at most: remove the extra `>`, list markers or `*` at this place",
            "1 error, 0 warnings",
        ]),
        case("a news post of nested lists", |p| {
            append(p, "news/2022-03-10-launch.md", &format!("{}x\n", "- ".repeat(50_000)));
        })
        .errors(&[
            "data/news/2022-03-10-launch.md:8:65: error: the text is nested deeper than 32 levels here (block quotes, lists, emphasis or links inside one another) — a page needs a few levels at most: remove the extra `>`, list markers or `*` at this place",
            "1 error, 0 warnings",
        ]),
        case("lists nested by indentation, one level a line", |p| {
            let list: String = (0..40).map(|i| format!("{}- item\n", "  ".repeat(i))).collect();
            write(p, "pages/about.md", format!("---\ntitle: \"About\"\n---\n{list}"));
        })
        .errors(&[
            "data/pages/about.md:36:65: error: the text is nested deeper than 32 levels here (block quotes, lists, emphasis or links inside one another) — a page needs a few levels at most: remove the extra `>`, list markers or `*` at this place",
            "1 error, 0 warnings",
        ]),
        case("HTML left open in a page, with allow_html", |p| {
            append(p, "site.yaml", "allow_html: true\n");
            write(p, "pages/about.md", format!("---\ntitle: \"About\"\n---\n{}", "<div>\n\n".repeat(50_000)));
        })
        .errors(&[
            "data/pages/about.md:258:1: error: HTML tags are nested deeper than 128 levels here — close each tag where it should end (`<div>` … `</div>`), or write the text in Markdown",
            "1 error, 0 warnings",
        ]),
        case("the same HTML without allow_html is text", |p| {
            write(p, "pages/about.md", format!("---\ntitle: \"About\"\n---\n{}", "<div>\n\n".repeat(5_000)));
        })
        .ok(&["0 errors, 0 warnings"]),
        // ----- YAML nesting (item 3) -----
        case("150,000 `[` in site.yaml", |p| append(p, "site.yaml", &format!("theme: {}\n", "[".repeat(150_000)))).errors(&[
            "data/site.yaml:6:39: error: the YAML is nested deeper than 32 levels here (lists and blocks inside one another) — podium's files need a few levels at most: close each `[` and `{` where it should end, and put text that starts with `[` or `{` in quotes",
            "1 error, 0 warnings",
        ]),
        case("40,000 nested `{a: ` in front matter", |p| {
            write(p, "pages/about.md", format!("---\ntitle: \"About\"\nslug: {}\n---\nText\n", "{a: ".repeat(40_000)));
        })
        .errors(&[
            "data/pages/about.md:3:131: error: the YAML is nested deeper than 32 levels here (lists and blocks inside one another) — podium's files need a few levels at most: close each `[` and `{` where it should end, and put text that starts with `[` or `{` in quotes",
            "1 error, 0 warnings",
        ]),
        case("block lists nested in groups.yaml", |p| {
            replace(p, "groups.yaml", "      bonuses:\n", &format!("      bonuses:\n        - {}x\n", "- ".repeat(40)));
        })
        .errors(&[
            "data/groups.yaml:10:65: error: the YAML is nested deeper than 32 levels here (lists and blocks inside one another) — podium's files need a few levels at most: close each `[` and `{` where it should end, and put text that starts with `[` or `{` in quotes",
            "1 error, 0 warnings",
        ]),
        case("nesting in campaign.yaml and a theme's strings", |p| {
            replace(p, "campaign.yaml", "plus: [members_added]", &format!("plus: {}", "[".repeat(100_000)));
            theme(p, "i18n/vi.yaml", format!("nav_overview: {}\n", "{a: ".repeat(100_000)));
        })
        .errors(&[
            "data/campaign.yaml:9:40: error: the YAML is nested deeper than 32 levels here (lists and blocks inside one another) — podium's files need a few levels at most: close each `[` and `{` where it should end, and put text that starts with `[` or `{` in quotes",
            "themes/default/i18n/vi.yaml:1:139: error: the YAML is nested deeper than 32 levels here (lists and blocks inside one another) — podium's files need a few levels at most: close each `[` and `{` where it should end, and put text that starts with `[` or `{` in quotes",
            "2 errors, 0 warnings",
        ]),
        // ----- control characters (item 8) -----
        case("control characters in CSV cells", |p| {
            replace(p, "units.csv", "Alpha City Federation", "Alpha\u{1b}[31m City\u{0} Federation");
            replace(p, "nominations.csv", "Nguyen Van A", "Nguyen \u{202e}Van A");
            replace(p, "results.csv", "beta,2022-01,60", "beta,2022-01,6\u{7f}0");
        })
        .errors(&[
            "data/nominations.csv:3:30: error: an invisible character that changes the direction of text (U+202E) is in the text here — delete it: retype the text around this place (such characters come from copying out of another program)",
            "data/results.csv:5:15: error: an invisible control character (U+007F) is in the text here — delete it: retype the text around this place (such characters come from copying out of another program)",
            "data/units.csv:2:12: error: an invisible control character (U+001B) is in the text here — delete it: retype the text around this place (such characters come from copying out of another program)",
            "data/units.csv:2:22: error: an invisible control character (U+0000) is in the text here — delete it: retype the text around this place (such characters come from copying out of another program)",
            "4 errors, 0 warnings",
        ]),
        case("control characters written as YAML escapes", |p| {
            replace(p, "news/2022-03-10-launch.md", "title: \"The campaign starts\"", "title: \"The campaign \\x01starts\\0\"");
            replace(p, "site.yaml", "footer: \"Test office, 1 Test Street\"", "footer: \"Test office\\e[2J\"");
        })
        .errors(&[
            "data/news/2022-03-10-launch.md:2:22: error: `\\x01` writes an invisible control character (U+0001) into the text — remove it from the quoted text",
            "data/news/2022-03-10-launch.md:2:32: error: `\\0` writes an invisible control character (U+0000) into the text — remove it from the quoted text",
            "data/site.yaml:5:21: error: `\\e` writes an invisible control character (U+001B) into the text — remove it from the quoted text",
            "3 errors, 0 warnings",
        ]),
        case("an escape in an id is shown in later messages, not sent to the terminal", |p| {
            replace(p, "groups.yaml", "  - id: nhom-4", "  - id: \"nhom-4\\e[2J\"");
        })
        .errors(&[
            "data/groups.yaml:3: error: group id `nhom-4\\u{1b}[2J` is not a valid slug — use lower-case letters, digits and single hyphens, at most 64 characters, e.g. nhom-1",
            "data/groups.yaml:12:16: error: `\\e` writes an invisible control character (U+001B) into the text — remove it from the quoted text",
            "data/nominations.csv:5:2: error: unknown unit `nhom-4` — did you mean `nhom-1`? use a unit id from units.csv (or the group id of a pooled group)",
            "data/units.csv:5:4: error: unknown group `nhom-4` — did you mean `nhom-1`? groups in groups.yaml: nhom-1, nhom-4\\u{1b}[2J",
            "4 errors, 0 warnings",
        ]),
        case("a literal control character in YAML and a character reference in Markdown", |p| {
            replace(p, "groups.yaml", "name: \"Group 1\"", "name: \"Group\u{85} 1\"");
            append(p, "pages/about.md", "Red: &#27;[31m\n");
        })
        .errors(&[
            "data/groups.yaml:3:17: error: an invisible control character (U+0085) is in the text here — delete it: retype the text around this place (such characters come from copying out of another program)",
            "data/pages/about.md:7:6: error: `&#27;` writes an invisible control character (U+001B) into the text — remove it",
            "2 errors, 0 warnings",
        ]),
        case("a unit name of zero-width spaces", |p| {
            replace(p, "units.csv", "Beta District Federation", "\u{200b}\u{200b} \u{feff}");
        })
        .errors(&[
            "data/units.csv:3:2: error: the unit's name is empty — write its full name",
            "1 error, 0 warnings",
        ]),
        case("titles and names of zero-width characters", |p| {
            replace(p, "campaign.yaml", "title: \"Basic membership drive 2022 – 2023\"", "title: \"\u{200b}\"");
            replace(p, "groups.yaml", "name: \"Group 4\"", "name: \"\u{2060}\"");
            replace(p, "pages/about.md", "title: \"About the campaign\"", "title: \"\u{200d} \"");
            replace(p, "nominations.csv", "Le Van C", "\u{200c}");
        })
        .errors(&[
            "data/campaign.yaml:2:1: error: the campaign title is empty — write the campaign's full name, as the plan gives it",
            "data/groups.yaml:13:5: error: group `nhom-4` has an empty name — write the name the site shows for it, e.g. name: \"Nhóm 1\"",
            "data/nominations.csv:5:4: error: the name is empty — write the awardee's name",
            "data/pages/about.md:2:1: error: the title is empty — write the title after `title:`, e.g. title: \"Kế hoạch thi đua\"",
            "4 errors, 0 warnings",
        ]),
        case("a file saved as UTF-16 without a byte-order mark", |p| {
            let text = fs::read_to_string(file(p, "targets.csv")).unwrap();
            write(p, "targets.csv", text.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>());
        })
        .errors(&[
            "data/targets.csv: error: the file is saved as UTF-16, not UTF-8 — save it as UTF-8: in Excel \"CSV UTF-8 (Comma delimited)\", not \"Unicode Text\"",
            "1 error, 0 warnings",
        ]),
        // ----- a metric listing a column twice (item 9) -----
        case("a metric that adds a column twice", |p| {
            replace(p, "campaign.yaml", "plus: [members_added]", "plus: [members_added, members_added]");
        })
        .errors(&[
            "data/campaign.yaml:9:27: error: metric `members_net` adds `members_added` twice (first on line 9) — list each column once: a column listed twice counts twice",
            "1 error, 0 warnings",
        ]),
        case("a metric that adds and subtracts a column, in block lists", |p| {
            replace(
                p,
                "campaign.yaml",
                "    plus: [members_added]\n    minus: [members_lost]\n",
                "    plus:\n      - members_added\n      - members_lost\n    minus:\n      - members_lost # again\n",
            );
        })
        .errors(&[
            "data/campaign.yaml:13:9: error: metric `members_net` both adds and subtracts `members_lost` (first on line 11) — a column belongs under `plus:` or under `minus:`, not both: remove it from one of them",
            "1 error, 0 warnings",
        ]),
        // ----- misleading messages -----
        case("old Mac line ends (CR only): lines are counted as a spreadsheet shows them", |p| {
            replace(p, "results.csv", "gamma,2022-02,30,1,0", "gamma,2022-02,30,1,z");
            let text = fs::read_to_string(file(p, "results.csv")).unwrap();
            write(p, "results.csv", text.replace('\n', "\r"));
        })
        .errors(&[
            "data/results.csv:9:5: error: `z` is not a whole number — write digits only, without dots, commas or spaces, e.g. 1410",
            "1 error, 0 warnings",
        ]),
        case("a data error and a template error are reported in the same run", |p| {
            replace(p, "results.csv", "gamma,2022-02,30,1,0", "gamma,2022-02,30,1,z");
            theme(p, "templates/page.html", "{% if %}\n");
            theme(p, "static/index.html", "<p>mine</p>\n");
        })
        .errors(&[
            "data/results.csv:9:5: error: `z` is not a whole number — write digits only, without dots, commas or spaces, e.g. 1410",
            "themes/default/static/index.html: error: `index.html` is a file the build writes itself — move the file under assets/ (or another folder of your own) and link it from there",
            "themes/default/templates/page.html: error: template error: error: Found `%}` but expected one of: integer, float, string, bool, ident, `-`, `not`, `<`, `{`, `[` or `(`  --> page.html:1:7   | 1 | {% if %}   |       ^^ — fix the template syntax",
            "3 errors, 0 warnings",
        ]),
        // ----- sizes a typo or a hostile file can reach -----
        case("a period typed a thousand years away", |p| replace(p, "campaign.yaml", "    to: 2023-03", "    to: 2923-03")).errors(&[
            "data/campaign.yaml:22:9: error: the periods span 10815 months (2022-01 to 2923-03), more than the 120 (10 years) podium handles — check the years of `from` and `to`: a typo such as 2923 for 2023 stretches the campaign",
            "1 error, 0 warnings",
        ]),
        case("many unknown interface strings: twenty are listed", |p| {
            theme(p, "i18n/vi.yaml", (0..22).map(|i| format!("no_such_key_{i:02}: \"x\"\n")).collect::<String>());
        })
        .errors_listed({
            let mut lines = vec![
                "themes/default/i18n/vi.yaml: error: 2 more unknown interface strings (20 are listed) — the keys are those of themes/default/i18n/vi.yaml".to_string(),
            ];
            lines.extend((0..20).map(|i| {
                format!("themes/default/i18n/vi.yaml:{}:1: error: unknown interface string `no_such_key_{i:02}` — the keys are those of themes/default/i18n/vi.yaml", i + 1)
            }));
            lines.push("21 errors, 0 warnings".into());
            lines
        }),
        case("many missing columns: twenty are listed", |p| {
            let extra: Vec<String> = (0..22).map(|i| format!("extra_{i:02}")).collect();
            replace(p, "campaign.yaml", "plus: [unions_founded]", &format!("plus: [unions_founded, {}]", extra.join(", ")));
        })
        .errors_listed({
            let must = format!(
                "unit,month,members_added,members_lost,unions_founded,{},… (27 columns)",
                (0..15).map(|i| format!("extra_{i:02}")).collect::<Vec<_>>().join(",")
            );
            let mut lines = vec![format!("data/results.csv:1: error: 2 more columns are missing (the first 20 are listed) — the header must include: {must}")];
            lines.extend((0..20).map(|i| format!("data/results.csv:1: error: missing column `extra_{i:02}` — the header must include: {must}")));
            lines.push("21 errors, 0 warnings".into());
            lines
        }),
        case("a theme file where the build writes a folder", |p| {
            theme(p, "static/groups", "x");
            theme(p, "static/about", "x");
            theme(p, "static/assets/style.css/dark.css", "x");
        })
        .errors(&[
            "themes/default/static/about: error: `about` is a folder the build writes itself, so a file cannot have its name — move the file under assets/ (or another folder of your own) and link it from there",
            "themes/default/static/assets/style.css/dark.css: error: `assets/style.css/dark.css` needs a folder `assets/style.css`, but the build writes a file there — move the file under assets/ (or another folder of your own) and link it from there",
            "themes/default/static/groups: error: `groups` is a folder the build writes itself, so a file cannot have its name — move the file under assets/ (or another folder of your own) and link it from there",
            "3 errors, 0 warnings",
        ]),
    ]
}

/// Runs one case; returns a description of what differs, if anything.
fn check_case(c: &Case) -> Option<String> {
    let dir = copy_fixture("basic");
    (c.mutate)(dir.path());
    let out = match timed(&["check", "--lang", "en", path(dir.path())]) {
        Ok(out) => out,
        Err(e) => return Some(format!("case `{}`: {e}", c.name)),
    };
    let err = stderr(&out);
    if std::env::var_os("HOSTILE_PRINT").is_some() {
        println!("== {} (exit {:?})\n{err}", c.name, out.status.code());
    }
    let actual: Vec<&str> = err.lines().collect();
    let mut problems = Vec::new();
    if actual != c.lines {
        problems.push(format!(
            "stderr:\n  expected:\n    {}\n  actual:\n    {}",
            c.lines.join("\n    "),
            actual.join("\n    ")
        ));
    }
    if out.status.code() != Some(c.status) {
        problems.push(format!("exit status {:?}, expected {}", out.status.code(), c.status));
    }
    (!problems.is_empty()).then(|| format!("case `{}`:\n{}", c.name, problems.join("\n")))
}

#[test]
fn every_hostile_input_gets_its_exact_message_quickly() {
    let cases = cases();
    let failures = on_two_threads(&cases, check_case);
    assert!(failures.is_empty(), "{} of {} cases differ:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}

#[test]
fn a_page_just_inside_the_bounds_builds_quickly() {
    // 32 levels of block quotes and 120 of HTML, repeated to a few hundred KB: the
    // build stays linear in the size.
    let dir = copy_fixture("basic");
    let p = dir.path();
    append(p, "site.yaml", "allow_html: true\n");
    let quotes = format!("{}a\n\n", ">".repeat(32));
    let html = format!("{}x{}\n\n", "<div>".repeat(120), "</div>".repeat(120));
    write(p, "pages/about.md", format!("---\ntitle: \"About\"\n---\n{}{}", quotes.repeat(3_000), html.repeat(200)));
    let site = p.join("site");
    let out = run_within(&["build", "--lang", "en", path(p), "-o", path(&site), "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(read(&site, "about/index.html").contains("<blockquote>"));
}

#[test]
fn a_build_stops_at_a_hostile_page_too() {
    let dir = copy_fixture("basic");
    let p = dir.path();
    write(p, "pages/about.md", format!("---\ntitle: \"About\"\n---\n{}\n", ">".repeat(150_000)));
    let out = run_within(&["build", "--lang", "en", path(p), "--quiet"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("data/pages/about.md:4:33: error: the text is nested deeper than 32 levels"));
    assert!(!p.join("site").exists());
}

#[test]
fn explain_refuses_control_characters_instead_of_printing_them() {
    let dir = copy_fixture("basic");
    let p = dir.path();
    replace(p, "units.csv", "Alpha City Federation", "Alpha\u{1b}]0;pwned\u{7} City");
    let out = run_within(&["explain", "alpha", "--project", path(p), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!out.stdout.contains(&0x1b) && !out.stderr.contains(&0x1b), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("data/units.csv:2:12: error: an invisible control character (U+001B)"));
}

#[test]
fn unknown_units_on_a_large_campaign_are_reported_quickly_with_a_few_suggestions() {
    // 20,000 units and 2,000 results rows naming unknown ones: each suggestion compares
    // an id with every unit, so only the first ones of the file get one.
    let dir = copy_fixture("basic");
    let p = dir.path();
    append(p, "units.csv", &(0..20_000).map(|i| format!("unit-{i:05},Unit {i},,nhom-4,office\n")).collect::<String>());
    append(p, "results.csv", &(0..2_000).map(|i| format!("unit-{i:05}x,2023-03,1,0,0\n")).collect::<String>());
    for threads in ["1", "3"] {
        let started = Instant::now();
        let out = podium(&["check", "--lang", "en", path(p)]).env("RAYON_NUM_THREADS", threads).output().unwrap();
        assert!(started.elapsed() < LIMIT, "{:?}", started.elapsed());
        let err = stderr(&out);
        let errors: Vec<&str> = err.lines().filter(|l| l.contains(": error: unknown unit")).collect();
        assert_eq!(errors.len(), 2_000);
        // 1,000,000 comparisons allowed, 20,004 candidates: 49 suggestions, the first 49 rows.
        let suggested: Vec<usize> =
            errors.iter().enumerate().filter(|(_, l)| l.contains("did you mean")).map(|(i, _)| i).collect();
        assert!(
            suggested == (0..49).collect::<Vec<_>>(),
            "with {threads} threads, {} rows have a suggestion, the last row {:?}",
            suggested.len(),
            suggested.last()
        );
        assert_eq!(
            errors[0],
            "data/results.csv:20:1: error: unknown unit `unit-00000x` — did you mean `unit-00000`? use an id from units.csv, or add the unit there first"
        );
        assert_eq!(
            errors[49],
            "data/results.csv:69:1: error: unknown unit `unit-00049x` — use an id from units.csv, or add the unit there first"
        );
    }
}

// ----- symbolic links (item 7) -----

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A folder outside the project with a page and a news post someone could link to.
    fn elsewhere() -> tempfile::TempDir {
        let out = tempfile::tempdir().unwrap();
        fs::write(out.path().join("secret.md"), "---\ntitle: \"Secret\"\n---\nSalaries\n").unwrap();
        fs::write(out.path().join("2022-05-01-secret.md"), "---\ntitle: \"Secret\"\n---\nSalaries\n").unwrap();
        fs::create_dir_all(out.path().join("templates")).unwrap();
        fs::write(out.path().join("templates/page.html"), "SECRET {{ page.title }}").unwrap();
        out
    }

    fn check(p: &Path) -> (Option<i32>, String) {
        let out = run_within(&["check", "--lang", "en", path(p)]);
        (out.status.code(), stderr(&out))
    }

    #[test]
    fn a_pages_folder_linked_outside_the_project_is_skipped_with_a_warning() {
        let out = elsewhere();
        let dir = copy_fixture("basic");
        let p = dir.path();
        fs::remove_dir_all(p.join("data/pages")).unwrap();
        symlink(out.path(), p.join("data/pages")).unwrap();
        let target = fs::canonicalize(out.path()).unwrap();
        let (code, err) = check(p);
        assert_eq!(code, Some(0), "{err}");
        assert_eq!(
            err,
            format!(
                "data/pages: warning: skipped: this folder leads outside the project, to {} — podium reads only files inside the project folder: copy the folder into it, or remove the symbolic link\n0 errors, 1 warning\n",
                target.display()
            )
        );
        let site = p.join("site");
        build(p, &site);
        assert!(!site.join("secret").exists());
        assert!(!read(&site, "index.html").contains("Secret"));
    }

    #[test]
    fn linked_files_are_read_inside_the_project_and_skipped_outside() {
        let out = elsewhere();
        let dir = copy_fixture("basic");
        let p = dir.path();
        symlink(out.path().join("2022-05-01-secret.md"), p.join("data/news/2022-05-01-secret.md")).unwrap();
        symlink(p.join("data/news/2022-03-10-launch.md"), p.join("data/pages/launch.md")).unwrap();
        symlink(p.join("data/nothing.md"), p.join("data/pages/gone.md")).unwrap();
        let target = fs::canonicalize(out.path().join("2022-05-01-secret.md")).unwrap();
        let (code, err) = check(p);
        assert_eq!(code, Some(0), "{err}");
        assert_eq!(
            err,
            format!(
                "data/news/2022-05-01-secret.md: warning: skipped: this is a symbolic link to {}, outside the project — podium publishes only files inside the project folder: copy the file into it, or remove the link\n\
                 data/pages/gone.md: warning: skipped: this is a symbolic link to {}, which does not exist — correct the link or remove it\n\
                 0 errors, 2 warnings\n",
                target.display(),
                p.join("data/nothing.md").display()
            )
        );
        let site = p.join("site");
        build(p, &site);
        assert!(!site.join("news/secret").exists());
        assert!(
            read(&site, "launch/index.html").contains("The campaign starts"),
            "a link inside the project is followed"
        );
    }

    #[test]
    fn a_theme_linked_outside_the_project_is_not_used() {
        let out = elsewhere();
        let dir = copy_fixture("basic");
        let p = dir.path();
        fs::create_dir_all(p.join("themes")).unwrap();
        symlink(out.path(), p.join("themes/default")).unwrap();
        let target = fs::canonicalize(out.path()).unwrap();
        let (code, err) = check(p);
        assert_eq!(code, Some(0), "{err}");
        assert!(
            err.starts_with(&format!(
                "themes/default: warning: skipped: this folder leads outside the project, to {}",
                target.display()
            )),
            "{err}"
        );
        let site = p.join("site");
        build(p, &site);
        assert!(!read(&site, "about/index.html").contains("SECRET"));

        // A folder inside the theme linked outside: skipped too, with its own warning.
        fs::remove_file(p.join("themes/default")).unwrap();
        fs::create_dir_all(p.join("themes/default")).unwrap();
        symlink(out.path().join("templates"), p.join("themes/default/templates")).unwrap();
        let (code, err) = check(p);
        assert_eq!(code, Some(0), "{err}");
        assert!(
            err.starts_with(&format!(
                "themes/default/templates: warning: skipped: this is a symbolic link to {}, outside the project",
                target.join("templates").display()
            )),
            "{err}"
        );
        build(p, &site);
        assert!(!read(&site, "about/index.html").contains("SECRET"));

        // Linked inside the project: followed.
        fs::create_dir_all(p.join("shared")).unwrap();
        fs::write(p.join("shared/page.html"), "{% extends \"base.html\" %}{% block content %}SHARED{% endblock %}")
            .unwrap();
        fs::remove_file(p.join("themes/default/templates")).unwrap();
        symlink(p.join("shared"), p.join("themes/default/templates")).unwrap();
        let (code, err) = check(p);
        assert_eq!((code, err.as_str()), (Some(0), "0 errors, 0 warnings\n"));
        build(p, &site);
        assert!(read(&site, "about/index.html").contains("SHARED"));
    }
}
