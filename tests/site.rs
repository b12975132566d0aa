//! The built site as a whole: every internal link resolves (from disk and
//! when served), the theme is overridable file by file, and the English
//! interface uses English words and number formats.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// Every `href="…"` and `src="…"` value of an HTML page.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(p) = rest.find(attr) {
            rest = &rest[p + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].replace("&amp;", "&"));
            }
        }
    }
    out
}

/// Resolves a relative link of the page at `page` (site-relative) to a site-relative path.
fn resolve(page: &str, link: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in link.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if link.ends_with('/') || link.is_empty() {
        path = if path.is_empty() { "index.html".into() } else { format!("{path}/index.html") };
    }
    path
}

/// Checks every internal link of every page; `file_mode` demands links that
/// open from disk (to files, not folders).
fn check_links(site: &Path, file_mode: bool) {
    let files: BTreeSet<String> = tree(site).into_keys().collect();
    let mut problems = Vec::new();
    for page in files.iter().filter(|f| f.ends_with(".html")) {
        let html = read(site, page);
        for link in links(&html) {
            let link = link.split('#').next().unwrap_or_default().to_string();
            if link.starts_with("http://") || link.starts_with("https://") || link.starts_with("mailto:") {
                continue;
            }
            assert!(!link.starts_with('/'), "{page}: root-absolute link {link} breaks under a sub-path");
            if page == "404.html" {
                continue; // served at any depth; its links are checked by tools/site-check
            }
            if link.is_empty() {
                continue;
            }
            if file_mode && link.ends_with('/') {
                problems.push(format!("{page}: {link} points at a folder, which does not open from disk"));
                continue;
            }
            let target = resolve(page, &link);
            if !files.contains(&target) {
                problems.push(format!("{page}: {link} → {target} does not exist"));
            }
        }
    }
    assert!(problems.is_empty(), "{} broken links:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn every_link_of_the_sample_opens_from_disk() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(&repo(), &site);
    check_links(&site, true);
}

#[test]
fn every_link_resolves_with_pretty_urls() {
    // The basic fixture sets base_url: links end in `/` and are served by a web server.
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(&fixture("basic"), &site);
    check_links(&site, false);
    let unit = read(&site, "units/alpha/index.html");
    assert!(unit.contains("<link rel=\"canonical\" href=\"https://example.org/thi-dua/units/alpha/\">"), "{unit}");
}

#[test]
fn a_project_theme_overrides_the_built_in_one_file_by_file() {
    let project = copy_fixture("basic");
    let theme = project.path().join("themes/default");
    fs::create_dir_all(theme.join("templates")).unwrap();
    fs::create_dir_all(theme.join("static/assets")).unwrap();
    fs::create_dir_all(theme.join("i18n")).unwrap();
    fs::write(
        theme.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>OWN PAGE {{ title }}</h1>{{ body | safe }}{% endblock content %}",
    )
    .unwrap();
    fs::write(theme.join("static/assets/extra.css"), "body { color: black }\n").unwrap();
    fs::write(theme.join("i18n/vi.yaml"), "nav_news: \"Thông báo\"\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(project.path(), &site);

    let page = read(&site, "about/index.html");
    assert!(page.contains("<h1>OWN PAGE "), "the project's page.html is used");
    assert!(page.contains(">Thông báo</a>"), "the project's string replaces the built-in one");
    // Everything not overridden still comes from the built-in theme.
    assert!(read(&site, "index.html").contains("Các nhóm thi đua"));
    assert!(read(&site, "assets/style.css").contains(".site-header"));
    assert_eq!(read(&site, "assets/extra.css"), "body { color: black }\n");
}

#[test]
fn a_theme_string_that_does_not_exist_is_an_error() {
    let project = copy_fixture("basic");
    let i18n = project.path().join("themes/default/i18n");
    fs::create_dir_all(&i18n).unwrap();
    fs::write(i18n.join("vi.yaml"), "nav_nevs: \"Thông báo\"\n").unwrap();
    let out = run(&["check", "--lang", "en", path(project.path())]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(
            "themes/default/i18n/vi.yaml:1:1: error: unknown interface string `nav_nevs` — did you mean `nav_news`?"
        ),
        "{err}"
    );
}

#[test]
fn the_english_interface_uses_english_words_and_numbers() {
    let project = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("data"), &project.path().join("data"));
    let site_yaml = project.path().join("data/site.yaml");
    let text = fs::read_to_string(&site_yaml).unwrap().replace("language: vi", "language: en");
    fs::write(&site_yaml, text).unwrap();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(project.path(), &site);

    let group = read(&site, "groups/nhom-1/2022/index.html");
    assert!(group.contains("<html lang=\"en\">"));
    assert!(
        group.contains("1,487 − 77 = 1,410 of target 1,200 = 117.50 % ≥ 110 % → 2 collective + 6 individual"),
        "{group}"
    );
    assert!(group.contains("How awards are computed"));
    let index = read(&site, "index.html");
    assert!(index.contains("118.85 %"), "overall percentage in English format");
    assert!(index.contains("9,508"), "thousands separator in English format");
    let unit = read(&site, "units/ldld-long-xuyen/index.html");
    assert!(unit.contains("June 2023"), "month names in English");
    // The Vietnamese site of the same data, for contrast.
    let vi = tempfile::tempdir().unwrap();
    build(&repo(), &vi.path().join("site"));
    let group_vi = read(&vi.path().join("site"), "groups/nhom-1/2022/index.html");
    assert!(group_vi.contains("1.487 − 77 = 1.410 / chỉ tiêu 1.200 = 117,50% ≥ 110% → 02 tập thể và 06 cá nhân"));
}

#[test]
fn the_site_needs_no_network_and_runs_no_script_but_the_search_and_the_404_link_home() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(&repo(), &site);
    for (name, bytes) in tree(&site) {
        if !(name.ends_with(".html") || name.ends_with(".css")) {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        // The unit index runs the search, from the site's own files; no other page has a script.
        let search = r#"<script src="../assets/search.js" defer></script>"#;
        if name == "units/index.html" {
            assert_eq!(text.matches("<script").count(), 1, "{name}");
            assert!(text.contains(search), "{name}");
        } else if name == "404.html" {
            // Its one script only mends the link home when the page is shown deeper than
            // the root; it asks the same server for one file of the site, nothing else.
            assert_eq!(text.matches("<script").count(), 1, "{name}");
            let script = &text[text.find("<script").unwrap()..text.find("</script>").unwrap()];
            assert!(!script.contains("http") && !script.contains("src="), "{name}: {script}");
        } else {
            assert!(!text.contains("<script"), "{name} has a script");
        }
        for link in links(&text) {
            assert!(!link.starts_with("//"), "{name}: protocol-relative {link}");
        }
        // Only the feed's and the docs' own addresses may be absolute; nothing is loaded from them.
        for tag in ["<link", "<img", "<iframe", "@import", "url("] {
            for (i, _) in text.match_indices(tag) {
                let snippet: String = text[i..].chars().take(160).collect();
                assert!(!snippet.contains("http://") && !snippet.contains("https://"), "{name} loads {snippet}");
            }
        }
    }
}

#[test]
fn a_theme_file_may_not_take_the_place_of_a_page() {
    let project = copy_fixture("basic");
    let static_dir = project.path().join("themes/default/static");
    fs::create_dir_all(static_dir.join("units/alpha")).unwrap();
    fs::write(static_dir.join("units/alpha/index.html"), "<p>not the unit page</p>").unwrap();
    fs::write(static_dir.join("index.html"), "<p>not the overview</p>").unwrap();
    let out = run(&["check", "--lang", "en", path(project.path())]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("themes/default/static/index.html: error: `index.html` is a file the build writes itself — move the file under assets/ (or another folder of your own) and link it from there"), "{err}");
    assert!(err.contains("themes/default/static/units/alpha/index.html: error: `units/alpha/index.html` is a file the build writes itself"), "{err}");
}

/// The unit ids linked from the rows of a standings or ranking page, in order.
fn row_units(html: &str) -> Vec<String> {
    html.split("<th scope=\"row\"><a href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter_map(|href| href.trim_end_matches('/').rsplit('/').next().map(String::from))
        .collect()
}

#[test]
fn long_lists_are_split_into_pages_of_200_rows() {
    // Month standings: 450 rows of `big`, the pool, then 30 rows of `small`
    // → page 1: big 0–199; page 2: big 200–399; page 3: big 400–449, the pool, small 0–29.
    let project = tempfile::tempdir().unwrap();
    paged_project(project.path(), 450, 30);
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(project.path(), &site);

    let ids = |r: std::ops::Range<usize>| r.map(|i| format!("u{i:04}")).collect::<Vec<_>>();
    let p1 = read(&site, "months/2022-02/index.html");
    let p2 = read(&site, "months/2022-02/page/2/index.html");
    let p3 = read(&site, "months/2022-02/page/3/index.html");
    assert_eq!(row_units(&p1), ids(0..200));
    assert_eq!(row_units(&p2), ids(200..400));
    assert_eq!(row_units(&p3), ids(400..480));
    assert!(p3.contains(">Pool</a>"), "the pooled group's section is on the last page");
    assert!(!site.join("months/2022-02/page/4").exists());
    assert!(p1.contains("href=\"../../months/2022-02/page/2/\" rel=\"next\""), "page 1 links to page 2");
    assert!(p3.contains("href=\"../../../../months/2022-02/page/2/\" rel=\"prev\""), "page 3 links back to page 2");

    // A group's ranking: 450 units → 3 pages, the first at the public address.
    assert_eq!(row_units(&read(&site, "groups/big/2022/index.html")), ids(0..200));
    assert_eq!(row_units(&read(&site, "groups/big/2022/page/3/index.html")), ids(400..450));
    // The current period's ranking at /groups/<g>/ is its first page.
    assert_eq!(row_units(&read(&site, "groups/big/index.html")), ids(0..200));
    // results.json and the CSV still hold every unit.
    let json = results_json(&site);
    assert_eq!(group(&json, "2022", "big")["ranking"].as_array().unwrap().len(), 450);
    assert_eq!(read(&site, "data/ranking-big-2022.csv").lines().count(), 451);
}

/// The attributes `name="…"` of every tag of `html` that has one, with the whole tag.
fn tags_with<'a>(html: &'a str, name: &str) -> Vec<(&'a str, String)> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = html[from..].find(&needle) {
        let at = from + p;
        let open = html[..at].rfind('<').unwrap();
        let close = at + html[at..].find('>').unwrap();
        let value_at = at + needle.len();
        let value = &html[value_at..value_at + html[value_at..].find('"').unwrap()];
        out.push((&html[open..=close], value.replace("&amp;", "&")));
        from = close;
    }
    out
}

/// The address of the page's `<link rel="icon">` (there must be one: without it a
/// browser asks for /favicon.ico, outside the site).
fn icon_link(html: &str) -> String {
    let icons: Vec<_> =
        tags_with(html, "href").into_iter().filter(|(tag, _)| tag.starts_with("<link rel=\"icon\"")).collect();
    assert_eq!(icons.len(), 1, "one icon link: {icons:?}");
    icons[0].1.clone()
}

#[test]
fn the_404_page_links_home_at_any_depth_with_or_without_base_url() {
    // With base_url (the basic fixture): every link is absolute, so the page works
    // wherever a server shows it; it needs no script.
    let with = copy_fixture("basic");
    build(with.path(), &with.path().join("site"));
    let site = with.path().join("site");
    let page = read(&site, "404.html");
    let icon = icon_link(&page);
    let hrefs: Vec<_> =
        tags_with(&page, "href").into_iter().filter(|(tag, _)| !tag.starts_with("<link rel=\"icon\"")).collect();
    assert_eq!(hrefs.len(), 1, "only the home link: {hrefs:?}");
    assert_eq!(hrefs[0].1, "https://example.org/thi-dua/");
    let actions = tags_with(&page, "action");
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0].1, "https://example.org/thi-dua/units/", "the search form leads to the unit index");
    assert!(icon.starts_with("data:image/svg+xml,%3Csvg"), "the icon is inlined: {icon}");
    assert!(!page.contains("<script") && !page.contains("data-href"), "no script needed with base_url");
    assert!(!page.contains("<link rel=\"stylesheet\""), "the stylesheet is inlined");
    assert!(page.contains(&read(&site, "assets/style.css")), "the whole stylesheet is inlined");

    // Without base_url: the home link is relative (right at the root and from disk),
    // and marked for the script, which finds the root by asking for `data-probe` in
    // the folders above the address, trying first the folder above a `data-top` name.
    let without = copy_fixture("basic");
    replace(without.path(), "site.yaml", "base_url: \"https://example.org/thi-dua\"", "base_url: \"\"");
    build(without.path(), &without.path().join("site"));
    let site = without.path().join("site");
    let page = read(&site, "404.html");
    assert!(icon_link(&page).starts_with("data:"), "no link to the icon file, which would break at depth");
    let hrefs: Vec<_> =
        tags_with(&page, "href").into_iter().filter(|(tag, _)| !tag.starts_with("<link rel=\"icon\"")).collect();
    assert_eq!(hrefs.len(), 1, "only the home link: {hrefs:?}");
    assert_eq!(hrefs[0].1, "index.html");
    assert!(hrefs[0].0.contains(" data-href=\"index.html\""), "the home link is marked for the script: {}", hrefs[0].0);
    assert!(site.join("index.html").is_file());
    // The search form leads to the unit index, and is marked for the script like the link.
    let actions = tags_with(&page, "action");
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0].1, "units/index.html");
    assert!(actions[0].0.contains(" data-action=\"units/index.html\""), "{}", actions[0].0);
    assert!(site.join("units/index.html").is_file());
    // Nothing else relative that would break at depth: no src, no stylesheet link.
    assert!(tags_with(&page, "src").is_empty());
    assert!(!page.contains("<link rel=\"stylesheet\"") && page.contains(&read(&site, "assets/style.css")));
    let script = &tags_with(&page, "data-probe")[0];
    assert!(script.0.starts_with("<script "), "{}", script.0);
    let probe = &script.1;
    assert!(site.join(probe).is_file(), "the probed file {probe} is at the site's root");
    assert!(!probe.ends_with(".html"), "a missing file would be answered with 404.html: the probe must not be HTML");
    // `data-top` names exactly the folders at the site's root.
    let top: BTreeSet<String> =
        tags_with(&page, "data-top")[0].1.split(' ').map(str::to_string).collect::<BTreeSet<_>>();
    let folders: BTreeSet<String> = fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(top, folders, "data-top lists the site's root folders");
    assert!(top.contains("about") && top.contains("units") && top.contains("assets"), "{top:?}");
}

#[test]
fn without_base_url_the_feed_names_itself_feed_xml() {
    // The sample has `base_url: ""`: links to pages end in index.html, a file's do not.
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(&repo(), &site);
    let feed = read(&site, "feed.xml");
    assert!(feed.contains("<link rel=\"self\" href=\"feed.xml\"/>"), "{}", &feed[..feed.len().min(600)]);
    assert!(!feed.contains("feed.xmlindex.html"));
}
