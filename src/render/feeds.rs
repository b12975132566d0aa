//! The feed (`feed.xml`) and the sitemap (`sitemap.xml`), written by their compiled
//! templates in `src/render/templates/`. Both give absolute addresses when
//! `base_url` is set, links from the root otherwise.

use crate::model::{Date, Project};
use crate::urls;
use askama::Template;

/// The view of `feed.xml`: an Atom feed of the news posts.
#[derive(Template)]
#[template(path = "feed.xml")]
pub struct Feed<'a> {
    lang: &'static str,
    title: &'a str,
    home: String,
    self_href: String,
    id: String,
    updated: String,
    /// The campaign's issuer, or the site's title.
    author: &'a str,
    entries: Vec<FeedEntry<'a>>,
}

/// A news post in the feed.
pub struct FeedEntry<'a> {
    title: &'a str,
    href: String,
    id: String,
    updated: String,
    summary: &'a str,
}

/// `/feed.xml`. `link` makes a page's address from its folder; `updated` dates the feed
/// and every post without a date of its own.
pub fn feed(project: &Project, updated: Date, link: impl Fn(&str) -> String) -> Vec<u8> {
    let site = &project.site;
    let view = Feed {
        lang: site.language.code(),
        title: &site.title,
        home: link(urls::HOME),
        self_href: link(urls::FEED),
        id: feed_id(project, ""),
        updated: rfc3339(updated),
        author: if project.campaign.issuer.is_empty() { &site.title } else { &project.campaign.issuer },
        entries: project
            .news
            .iter()
            .map(|post| FeedEntry {
                title: &post.title,
                href: link(&urls::news_post(&post.slug)),
                id: feed_id(project, urls::news_post(&post.slug).trim_end_matches('/')),
                updated: rfc3339(post.date.unwrap_or(updated)),
                summary: &post.summary,
            })
            .collect(),
    };
    // Rendering into a String cannot fail: every value is text.
    view.render().unwrap_or_default().into_bytes()
}

/// RFC 3339 timestamp of midnight UTC on a date.
fn rfc3339(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

/// A stable entry id: the absolute URL when known, else a tag URI from the campaign id.
fn feed_id(project: &Project, path: &str) -> String {
    if project.site.base_url.is_empty() {
        format!("tag:podium,{}:{}/{}", project.campaign.starts.year, project.campaign.id, path)
    } else {
        format!("{}/{}", project.site.base_url, path)
    }
}

/// The view of `sitemap.xml`.
#[derive(Template)]
#[template(path = "sitemap.xml")]
pub struct Sitemap {
    /// Every page's address.
    locs: Vec<String>,
}

/// `/sitemap.xml` listing `pages` (their folders), each address made by `link`.
pub fn sitemap(pages: &[String], link: impl Fn(&str) -> String) -> Vec<u8> {
    let view = Sitemap { locs: pages.iter().map(|p| link(p)).collect() };
    view.render().unwrap_or_default().into_bytes()
}
