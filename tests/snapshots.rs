//! Snapshots (insta) of results.json and of one file of every kind the build
//! writes, from the `basic` fixture built with a fixed SOURCE_DATE_EPOCH.
//! The snapshots live in tests/snapshots/.
//!
//! After an intended change to templates or outputs, re-accept them all with:
//!
//!     INSTA_UPDATE=always cargo test --test snapshots
//!
//! then review `git diff tests/snapshots/`.

mod common;

use common::*;
use std::path::Path;
use std::sync::OnceLock;

/// The `basic` fixture, built once for all snapshots.
fn site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, std::path::PathBuf)> = OnceLock::new();
    let (_, site) = SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        build(&fixture("basic"), &site);
        (dir, site)
    });
    site
}

fn snap(name: &str, rel: &str) {
    let text = read(site(), rel);
    // Make a byte-order mark and CRLF line ends visible: snapshots compare text.
    let text = text.replace('\u{feff}', "<BOM>").replace("\r\n", "<CRLF>\n");
    insta::with_settings!({ description => rel, omit_expression => true, prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn results_json() {
    snap("results.json", "data/results.json");
}

#[test]
fn overview_page() {
    snap("overview", "index.html");
}

#[test]
fn group_ranking_page() {
    snap("group-ranking", "groups/nhom-1/2022/index.html");
}

#[test]
fn unit_page() {
    snap("unit", "units/alpha/index.html");
}

#[test]
fn unit_index_page() {
    snap("units", "units/index.html");
}

#[test]
fn search_index_manifest() {
    snap("search-index.js", "data/search/index.js");
}

#[test]
fn awards_page() {
    snap("awards", "awards/2022/index.html");
}

#[test]
fn month_standings_page() {
    snap("month", "months/2023-03/index.html");
}

#[test]
fn news_list_page() {
    snap("news-list", "news/index.html");
}

#[test]
fn news_post_page() {
    snap("news-post", "news/launch/index.html");
}

#[test]
fn markdown_page() {
    snap("page", "about/index.html");
}

#[test]
fn not_found_page() {
    snap("404", "404.html");
}

#[test]
fn atom_feed() {
    snap("feed.xml", "feed.xml");
}

#[test]
fn sitemap() {
    snap("sitemap.xml", "sitemap.xml");
}

#[test]
fn group_ranking_csv() {
    snap("ranking.csv", "data/ranking-nhom-1-2022.csv");
}
