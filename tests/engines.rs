//! The built-in templates run in two engines: compiled into podium by askama
//! (every page, while the theme overrides none of the templates it is made of)
//! and read by Tera (pages whose templates a theme overrides). These tests
//! build projects both ways — with the `podium` binary, and through the library
//! with `tera_only`, which sends every page through Tera — and require the same
//! bytes in every file; and they check that a theme's own template is used by
//! exactly the pages made of it.

mod common;

use common::*;
use std::fs;
use std::path::Path;

/// Builds `project` twice and compares the two sites file by file.
fn same_both_ways(project: &Path, what: &str) {
    let out = tempfile::tempdir().unwrap();
    let (direct, tera) = (out.path().join("direct"), out.path().join("tera"));
    build(project, &direct);
    let options = podium::BuildOptions {
        output: tera.clone(),
        build_time: Some(EPOCH.parse().unwrap()),
        tera_only: true,
        ..podium::BuildOptions::new(project)
    };
    let mut problems = Vec::new();
    let built = podium::build(&options, &mut |d| problems.extend(d.sorted()), &|_, _| {});
    if let Err(failure) = built {
        let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
        panic!("{what}: the Tera build failed: {failure}\n{}", problems.join("\n"));
    }
    let (a, b) = (tree(&direct), tree(&tera));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "{what}: the file lists differ");
    let pages = a.keys().filter(|k| k.ends_with(".html")).count();
    assert!(pages > 10, "{what}: only {pages} pages");
    for (name, bytes) in &a {
        if bytes != &b[name] {
            let (x, y) = (String::from_utf8_lossy(bytes), String::from_utf8_lossy(&b[name]));
            let line =
                x.lines().zip(y.lines()).position(|(l, m)| l != m).unwrap_or(x.lines().count().min(y.lines().count()));
            panic!(
                "{what}: {name} differs at line {}:\n  direct: {:?}\n  tera:   {:?}",
                line + 1,
                x.lines().nth(line).unwrap_or("(end of file)"),
                y.lines().nth(line).unwrap_or("(end of file)")
            );
        }
    }
}

#[test]
fn the_sample_and_every_fixture_render_the_same_in_both_engines() {
    same_both_ways(&repo(), "the sample");
    for name in ["basic", "boundaries", "escaping", "pool", "ranking"] {
        same_both_ways(&fixture(name), name);
    }
}

#[test]
fn paginated_lists_render_the_same_in_both_engines() {
    let project = tempfile::tempdir().unwrap();
    paged_project(project.path(), 450, 30);
    same_both_ways(project.path(), "a project with numbered pages");

    // Awards pages: a national allocation whose shortlist is longer than the page shows,
    // names for a unit and for the pooled group; then a shortlist nobody makes.
    let data = project.path().join("data");
    let campaign = fs::read_to_string(data.join("campaign.yaml")).unwrap();
    let national = campaign.replace(
        "overall_target: { members_net: 1000 }",
        "overall_target: { members_net: 1000 }\n    national_awards: { collective: 1, individual: 2 }",
    );
    assert_ne!(national, campaign);
    fs::write(data.join("campaign.yaml"), &national).unwrap();
    fs::write(
        data.join("nominations.csv"),
        "period,unit,kind,name,title\n2022,u0003,collective,Team <3>,\n2022,pool,individual,Ms \"A\",Chair\n",
    )
    .unwrap();
    same_both_ways(project.path(), "numbered pages with a national shortlist and names");
    let groups = fs::read_to_string(data.join("groups.yaml")).unwrap();
    fs::write(data.join("groups.yaml"), groups.replace("qualify_at: \"1%\"", "qualify_at: \"10000%\"")).unwrap();
    fs::write(data.join("nominations.csv"), "period,unit,kind,name,title\n").unwrap();
    same_both_ways(project.path(), "a national allocation nobody qualifies for");
}

#[test]
fn every_branch_of_the_sample_in_english_renders_the_same_in_both_engines() {
    // The sample, changed to reach the branches the fixtures do not: English, a
    // decided period, headings for two added columns, a column label with markup,
    // a description, a footer, a base URL, and a build date in the footer.
    let project = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("data"), &project.path().join("data"));
    let data = project.path().join("data");
    let edit = |file: &str, from: &str, to: &str| {
        let p = data.join(file);
        let text = fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        fs::write(&p, text.replacen(from, to, 1)).unwrap();
    };
    edit("site.yaml", "language: vi", "language: en\ndescription: \"Results & <rankings>\"\nfooter: \"Office 'A'\"");
    edit("site.yaml", "base_url: \"\"", "base_url: \"https://example.org/thi-dua\"");
    edit("campaign.yaml", "plus: [members_added]", "plus: [members_added, unions_founded]");
    edit("campaign.yaml", "periods:", "columns: { members_lost: \"Lost <left>\" }\nperiods:");
    edit("campaign.yaml", "decision: \"\"", "decision: \"Decision 12/QĐ & co\"");
    same_both_ways(project.path(), "the sample in English, changed");

    // The second period in progress (figures up to March 2023), then not started at all.
    let results = data.join("results.csv");
    let full = fs::read_to_string(&results).unwrap();
    for (cut, what) in [(&[",2023-04,", ",2023-05,", ",2023-06,"][..], "in progress"), (&[",2023-"][..], "not started")]
    {
        let kept: String =
            full.lines().filter(|l| !cut.iter().any(|c| l.contains(c))).map(|l| format!("{l}\n")).collect();
        fs::write(&results, kept).unwrap();
        same_both_ways(project.path(), &format!("the sample with its second period {what}"));
    }
}

#[test]
fn a_theme_that_overrides_a_template_gets_it_on_every_page_it_makes() {
    let project = copy_fixture("basic");
    let templates = project.path().join("themes/default/templates");
    fs::create_dir_all(&templates).unwrap();
    // status.html is part of unit, month and group pages alike.
    let status = String::from_utf8(fs::read(repo().join("themes/default/templates/status.html")).unwrap()).unwrap();
    fs::write(templates.join("status.html"), format!("<p class=\"own-status\">OWN</p>\n{status}")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(project.path(), &site);
    for page in [
        "units/alpha/index.html",
        "months/2022-03/index.html",
        "groups/nhom-1/2022/index.html",
        "awards/2022/index.html",
    ] {
        assert!(read(&site, page).contains("<p class=\"own-status\">OWN</p>"), "{page} uses the theme's status.html");
    }
    same_both_ways(project.path(), "a theme with its own status.html");
}

/// The built-in template `name`, as a user copies it to start a theme.
fn builtin(name: &str) -> String {
    fs::read_to_string(repo().join("themes/default/templates").join(name)).unwrap()
}

/// Puts `source` in the project's theme as the template `name`.
fn theme_template(project: &Path, name: &str, source: &str) {
    let dir = project.join("themes/default/templates");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join(name), source).unwrap();
}

#[test]
fn a_theme_that_overrides_unit_html_gets_it_through_tera_on_unit_pages_only() {
    let project = copy_fixture("basic");
    let default_site = tempfile::tempdir().unwrap();
    build(project.path(), default_site.path());
    // An edited copy: a line of its own above the name, and a variable of the view.
    let unit = builtin("unit.html").replace(
        "<h1>{{ unit.name }}</h1>",
        "<h1>{{ unit.name }}</h1>\n<p class=\"own-unit\">{{ unit.id }} · {{ columns | length }}</p>",
    );
    assert_ne!(unit, builtin("unit.html"));
    theme_template(project.path(), "unit.html", &unit);
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(project.path(), &site);
    let (before, after) = (tree(default_site.path()), tree(&site));
    for (name, bytes) in &after {
        // A unit's page, `units/<id>/index.html` (not the unit index, `units/index.html`).
        if name.starts_with("units/") && name.ends_with("/index.html") && name.matches('/').count() == 2 {
            let page = String::from_utf8_lossy(bytes);
            let id = name.trim_start_matches("units/").trim_end_matches("/index.html");
            assert!(page.contains(&format!("<p class=\"own-unit\">{id} · 2</p>")), "{name} uses the theme's unit.html");
            let without = page.replace(&format!("\n<p class=\"own-unit\">{id} · 2</p>"), "");
            assert_eq!(without.as_bytes(), &before[name][..], "{name}: only the theme's line differs");
        } else if name == ".podium-site" {
            // The marker lists every file's size and hash: those of the unit pages changed.
            assert_ne!(bytes, &before[name], "the marker lists the new unit pages");
        } else {
            assert_eq!(bytes, &before[name], "{name} does not use unit.html and stays as it was");
        }
    }
    same_both_ways(project.path(), "a theme with its own unit.html");
}

#[test]
fn a_theme_that_overrides_only_base_html_frames_every_page_with_it() {
    let project = copy_fixture("basic");
    let base = builtin("base.html").replace(
        "<main id=\"main\" class=\"wrap\">",
        "<p class=\"own-frame\">{{ site.title }} — {{ section }}</p>\n  <main id=\"main\" class=\"wrap\">",
    );
    assert_ne!(base, builtin("base.html"));
    theme_template(project.path(), "base.html", &base);
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(project.path(), &site);
    let pages: Vec<(String, String)> = tree(&site)
        .into_iter()
        .filter(|(n, _)| n.ends_with(".html"))
        .map(|(n, b)| (n, String::from_utf8(b).unwrap()))
        .collect();
    assert!(pages.len() > 20);
    for (name, page) in &pages {
        if name == "404.html" {
            assert!(!page.contains("own-frame"), "404.html has its own frame, not base.html");
        } else {
            assert!(page.contains("<p class=\"own-frame\">"), "{name} is framed by the theme's base.html");
        }
    }
    assert!(
        read(&site, "units/alpha/index.html").contains("<p class=\"own-frame\">Basic campaign results — units</p>")
    );
    same_both_ways(project.path(), "a theme with its own base.html");
}

#[test]
fn a_theme_made_of_unchanged_copies_of_every_template_builds_the_same_site() {
    // What docs/site.md tells a user to do first: copy the built-in templates, then
    // edit. Copied unchanged, they run through Tera and give the default site.
    let project = copy_fixture("pool");
    let default_site = tempfile::tempdir().unwrap();
    build(project.path(), default_site.path());
    let dir = repo().join("themes/default/templates");
    let mut copied = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        theme_template(project.path(), &name, &builtin(&name));
        copied += 1;
    }
    assert!(copied >= 15, "only {copied} templates");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(project.path(), &site);
    assert_same_tree(&tree(default_site.path()), &tree(&site), "a theme of copied templates");
}
