//! data/pages/*.md and data/news/*.md: YAML front matter and a Markdown body.

use crate::error::{Diagnostics, Location};
use crate::load::yaml::{Scalar, parse};
use crate::load::{bounds, text};
use crate::model::{Date, Document, is_slug};
use crate::msg;
use pulldown_cmark::{Event, Options, Parser};
use serde::Deserialize;
use std::ops::Range;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    #[serde(default)]
    date: Option<Scalar>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    slug: Option<String>,
    #[serde(default)]
    weight: Option<i64>,
    #[serde(default)]
    draft: Option<bool>,
}

/// The Markdown dialect of pages and news: CommonMark with tables,
/// strikethrough and footnotes.
pub const MARKDOWN: Options =
    Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH).union(Options::ENABLE_FOOTNOTES);

/// A body's Markdown events with their place in it, as the site renders them:
/// without `allow_html`, raw HTML is shown as text, not interpreted.
pub fn events(body: &str, allow_html: bool) -> impl Iterator<Item = (Event<'_>, Range<usize>)> {
    Parser::new_ext(body, MARKDOWN).into_offset_iter().map(move |(event, range)| match event {
        Event::Html(h) | Event::InlineHtml(h) if !allow_html => (Event::Text(h), range),
        other => (other, range),
    })
}

/// URL segments a page may not take: the folders the build writes ([`crate::urls::FOLDERS`])
/// and those of the theme's files.
pub const RESERVED: &[&str] = &["groups", "units", "awards", "months", "news", "data", "cards", "assets", "static"];

/// Loads every `*.md` file of `dir/rel_dir` in name order. Drafts are skipped.
/// `allow_html`: the site keeps raw HTML (site.yaml), so its nesting is checked too.
pub fn load_dir(dir: &Path, rel_dir: &str, is_news: bool, allow_html: bool, diags: &mut Diagnostics) -> Vec<Document> {
    let inside = text::Inside::new(dir);
    if !inside.folder(dir, rel_dir, diags) {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(dir.join(rel_dir)) else {
        return Vec::new();
    };
    // The file system lists the files in an order of its own (creation, hash …).
    let mut names: Vec<String> = Vec::new();
    let mut links: Vec<(String, std::path::PathBuf)> = Vec::new();
    for e in entries.filter_map(Result::ok) {
        let Ok(name) = e.file_name().into_string() else {
            continue;
        };
        if !name.ends_with(".md") {
            continue;
        }
        match e.file_type() {
            Ok(t) if t.is_file() => names.push(name),
            Ok(t) if t.is_symlink() => links.push((name, e.path())),
            _ => {}
        }
    }
    links.sort();
    for (name, path) in links {
        // A link to a file inside the project is read like the file; any other is skipped.
        if inside.link(&path, &format!("{rel_dir}/{name}"), diags) && path.is_file() {
            names.push(name);
        }
    }
    load_files(dir, rel_dir, names, is_news, allow_html, diags)
}

/// Loads the files `names` of `dir/rel_dir`, whatever the order they were listed in.
fn load_files(
    dir: &Path,
    rel_dir: &str,
    mut names: Vec<String>,
    is_news: bool,
    allow_html: bool,
    diags: &mut Diagnostics,
) -> Vec<Document> {
    names.sort();
    let mut docs: Vec<Document> = Vec::new();
    for name in names {
        let rel = format!("{rel_dir}/{name}");
        let Some(content) = text::read_text(dir, &rel, diags) else {
            continue;
        };
        if let Some(doc) = parse_doc(&rel, &name, &content, is_news, allow_html, diags) {
            if let Some(other) = docs.iter().find(|d| d.slug == doc.slug) {
                diags.err(
                    Location::line(&rel, 1),
                    msg!("doc-same-address", other = &other.source, file = &rel, slug = &doc.slug),
                );
                continue;
            }
            docs.push(doc);
        }
    }
    docs
}

fn parse_doc(
    rel: &str,
    name: &str,
    content: &str,
    is_news: bool,
    allow_html: bool,
    diags: &mut Diagnostics,
) -> Option<Document> {
    let Some((front, body, body_line)) = split_front_matter(content) else {
        diags.err(Location::line(rel, 1), msg!("doc-no-front-matter"));
        return None;
    };
    let mut local = Diagnostics::new();
    let fm: Option<FrontMatter> = parse(rel, front, &mut local);
    // Front-matter lines start on line 2 of the file.
    for mut d in local.sorted() {
        d.location.line += 1;
        diags.push(d);
    }
    let fm = fm?;
    if fm.draft == Some(true) {
        return None;
    }
    if bounds::is_blank(&fm.title) {
        // Front-matter lines start on line 2 of the file.
        let (line, column) = text::Locator::new(front).pos_or(1, "title", "", 0);
        diags.err(Location::at(rel, line + 1, column), msg!("doc-title-empty"));
        return None;
    }
    let stem = name.trim_end_matches(".md");
    let (file_date, stem_slug) = match stem.get(..11).and_then(|p| Date::parse(&p[..10]).filter(|_| p.ends_with('-'))) {
        Some(d) => (Some(d), &stem[11..]),
        None => (None, stem),
    };
    let slug = fm.slug.clone().unwrap_or_else(|| stem_slug.to_string());
    if !is_slug(&slug) {
        diags.err(Location::line(rel, if fm.slug.is_some() { 2 } else { 1 }), msg!("doc-bad-slug", slug = &slug));
        return None;
    }
    if !is_news && RESERVED.contains(&slug.as_str()) {
        diags.err(Location::line(rel, 1), msg!("doc-reserved-slug", slug = &slug, reserved = RESERVED.join(", ")));
        return None;
    }
    let date = match &fm.date {
        Some(v) => {
            let t = v.text();
            match Date::parse(t.trim()) {
                Some(d) => Some(d),
                None => {
                    let line = front.lines().position(|l| l.trim_start().starts_with("date:")).map_or(1, |p| p + 2);
                    diags.err(Location::line(rel, line), msg!("doc-bad-date", value = &t));
                    return None;
                }
            }
        }
        None => file_date,
    };
    if is_news && date.is_none() {
        diags.err(Location::line(rel, 1), msg!("doc-news-no-date"));
        return None;
    }
    if !bounds::markdown(rel, body, body_line, allow_html, diags) {
        return None;
    }
    Some(Document {
        slug,
        title: fm.title.trim().to_string(),
        date,
        summary: fm.summary.unwrap_or_default().trim().to_string(),
        body: body.to_string(),
        source: rel.to_string(),
        weight: fm.weight.unwrap_or(0),
        body_line,
    })
}

/// Splits `---\n<yaml>\n---\n<body>`; returns the YAML, the body and the body's first line.
fn split_front_matter(content: &str) -> Option<(&str, &str, usize)> {
    let rest = content.strip_prefix("---")?;
    let rest = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n'))?;
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Some((front, body, i + 3));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_folder_the_build_writes_is_reserved() {
        for folder in crate::urls::FOLDERS {
            assert!(RESERVED.contains(folder), "{folder}");
        }
    }

    #[test]
    fn front_matter_splits_with_lf_and_crlf() {
        let (f, b, l) = split_front_matter("---\ntitle: x\n---\nbody\n").unwrap();
        assert_eq!((f, b, l), ("title: x\n", "body\n", 4));
        let (f, b, _) = split_front_matter("---\r\ntitle: x\r\n---\r\nbody").unwrap();
        assert_eq!((f, b), ("title: x\r\n", "body"));
        assert!(split_front_matter("title: x\n").is_none());
        assert!(split_front_matter("---\ntitle: x\n").is_none());
    }

    /// Loads `files` (name → content) of `rel_dir` from every listing order and
    /// asserts the documents and the messages are the same each time.
    fn assert_order_free(rel_dir: &str, is_news: bool, files: &[(&str, &str)]) -> (Vec<Document>, Vec<String>) {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join(rel_dir)).unwrap();
        for (name, content) in files {
            std::fs::write(tmp.path().join(rel_dir).join(name), content).unwrap();
        }
        let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
        let mut first: Option<(String, Vec<String>, Vec<Document>)> = None;
        for order in crate::load::listing_orders(&names) {
            let mut diags = Diagnostics::new();
            let docs = load_files(tmp.path(), rel_dir, order.clone(), is_news, false, &mut diags);
            let messages: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
            let shown = format!("{docs:?}");
            match &first {
                None => first = Some((shown, messages, docs)),
                Some((docs0, messages0, _)) => {
                    assert_eq!(&shown, docs0, "documents differ when listed as {order:?}");
                    assert_eq!(&messages, messages0, "messages differ when listed as {order:?}");
                }
            }
        }
        let (_, messages, docs) = first.unwrap();
        (docs, messages)
    }

    #[test]
    fn pages_do_not_depend_on_the_order_the_folder_is_listed_in() {
        let (docs, messages) = assert_order_free(
            "data/pages",
            false,
            &[
                ("about.md", "---\ntitle: About\nweight: 2\n---\nA\n"),
                ("b-page.md", "---\ntitle: B\nweight: 1\n---\nB\n"),
                // Takes the address of about.md: which one is kept must not depend on the listing.
                ("contact.md", "---\ntitle: Contact\nslug: about\n---\nC\n"),
                ("hidden.md", "---\ntitle: Hidden\ndraft: true\n---\nH\n"),
                ("zz.md", "no front matter\n"),
                ("same-weight.md", "---\ntitle: S\nweight: 1\n---\nS\n"),
            ],
        );
        let slugs: Vec<(&str, &str)> = docs.iter().map(|d| (d.slug.as_str(), d.title.as_str())).collect();
        assert_eq!(slugs, [("about", "About"), ("b-page", "B"), ("same-weight", "S")]);
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0]
                .starts_with("data/pages/contact.md:1: error: `data/pages/about.md` and `data/pages/contact.md`")
        );
    }

    #[test]
    fn news_does_not_depend_on_the_order_the_folder_is_listed_in() {
        let (docs, messages) = assert_order_free(
            "data/news",
            true,
            &[
                ("2022-03-10-launch.md", "---\ntitle: Launch\n---\nL\n"),
                ("2023-01-05-launch.md", "---\ntitle: Launch again\n---\nL2\n"),
                ("2022-05-01-b.md", "---\ntitle: B\ndate: 2022-06-01\n---\nB\n"),
                ("2022-05-01-a.md", "---\ntitle: A\n---\nA\n"),
                ("tin.md", "---\ntitle: No date\n---\nT\n"),
            ],
        );
        let slugs: Vec<&str> = docs.iter().map(|d| d.slug.as_str()).collect();
        assert_eq!(slugs, ["launch", "a", "b"], "in file name order");
        assert_eq!(docs[0].title, "Launch", "the file first in name order keeps the address");
        assert_eq!(messages.len(), 2, "{messages:?}");
    }

    #[test]
    fn news_slug_drops_the_date_prefix() {
        let mut d = Diagnostics::new();
        let doc = parse_doc(
            "data/news/2022-03-10-phat-dong.md",
            "2022-03-10-phat-dong.md",
            "---\ntitle: T\n---\nx",
            true,
            false,
            &mut d,
        )
        .unwrap();
        assert_eq!(doc.slug, "phat-dong");
        assert_eq!(doc.date.unwrap().to_string(), "2022-03-10");
    }
}
