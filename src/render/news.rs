//! News (`news_list.html`, `news_post.html`), the Markdown pages (`page.html`)
//! and the page for addresses that do not exist (`404.html`).

use super::frame::{Frame, List, Opt, framed};
use super::markdown;
use super::share::{Card, ShareImage};
use super::site::Site;
use crate::urls;
use askama::Template;
use serde::Serialize;

/// A news post in a list.
#[derive(Serialize)]
pub struct NewsItem<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    /// Formatted in the site's language, or empty for a post without a date.
    pub date: String,
    /// `2023-06-30`, or empty.
    pub datetime: String,
    pub href: String,
}

/// The view of `news_list.html`.
#[derive(Template, Serialize)]
#[template(path = "news_list.html")]
pub struct NewsListPage<'a> {
    #[serde(skip)]
    pub frame: &'a Frame<'a>,
    pub root: String,
    pub canonical: String,
    pub section: &'static str,
    pub title: &'a str,
    /// The page's description (`<meta name="description">`, `og:description`).
    pub description: String,
    /// `og:type`: `article` for a news post, else `website`.
    pub og_type: &'static str,
    /// The preview image (`og:image`), when base_url is set.
    pub image: Opt<ShareImage>,
    pub news: List<NewsItem<'a>>,
}

/// The view of `news_post.html`.
#[derive(Template, Serialize)]
#[template(path = "news_post.html")]
pub struct NewsPostPage<'a> {
    #[serde(skip)]
    pub frame: &'a Frame<'a>,
    pub root: String,
    pub canonical: String,
    pub section: &'static str,
    pub title: &'a str,
    /// The page's description (`<meta name="description">`, `og:description`).
    pub description: String,
    /// `og:type`: `article` for a news post, else `website`.
    pub og_type: &'static str,
    /// The preview image (`og:image`), when base_url is set.
    pub image: Opt<ShareImage>,
    pub date: String,
    pub datetime: String,
    /// The post's Markdown as sanitised HTML.
    pub body: String,
    pub news_href: String,
}

/// The view of `page.html`: a page of `data/pages/`.
#[derive(Template, Serialize)]
#[template(path = "page.html")]
pub struct MarkdownPage<'a> {
    #[serde(skip)]
    pub frame: &'a Frame<'a>,
    pub root: String,
    pub canonical: String,
    /// `page-<slug>`: its own menu entry.
    pub section: String,
    pub title: &'a str,
    /// The page's description (`<meta name="description">`, `og:description`).
    pub description: String,
    /// `og:type`: `article` for a news post, else `website`.
    pub og_type: &'static str,
    /// The preview image (`og:image`), when base_url is set.
    pub image: Opt<ShareImage>,
    /// The page's Markdown as sanitised HTML.
    pub body: String,
}

/// The view of `404.html`, served at any depth: no relative links but home.
#[derive(Template, Serialize)]
#[template(path = "404.html")]
pub struct NotFoundPage<'a> {
    #[serde(skip)]
    pub frame: &'a Frame<'a>,
    pub root: &'static str,
    pub canonical: &'static str,
    pub section: &'static str,
    pub title: &'a str,
    /// Empty: the page is not indexed (a theme whose `404.html` extends `base.html` reads it).
    pub description: String,
    pub og_type: &'static str,
    /// Absent: the page has no preview image.
    pub image: Opt<ShareImage>,
    pub home_href: String,
    /// The unit index, where the page's search form leads (like `home_href`).
    pub search_href: String,
    /// The stylesheet, inlined.
    pub css: String,
    /// The site's icon as a `data:` address (a link to the file would break at depth,
    /// and without one the browser asks for /favicon.ico), or empty.
    pub icon: String,
    /// No `base_url`: the page does not know where the site's root is when a server
    /// shows it for a missing address at some depth, so its script finds the root
    /// and points the links marked `data-href` there.
    pub find_root: bool,
    /// A small file every podium site has below its root (a built-in static file that
    /// no theme can remove), asked for to recognise the root.
    pub probe: &'static str,
    /// The names at the root of the site (its folders, static folders and pages),
    /// space-separated: the root is tried first just above one of them in the address.
    pub top: String,
}

framed!(
    NewsListPage => "news_list.html",
    NewsPostPage => "news_post.html",
    MarkdownPage => "page.html",
    NotFoundPage => "404.html",
);

impl Site<'_> {
    pub(super) fn news_items(&self, limit: usize) -> List<NewsItem<'_>> {
        self.project
            .news
            .iter()
            .take(limit)
            .map(|n| NewsItem {
                title: &n.title,
                summary: &n.summary,
                date: n.date.map(|d| self.lang.date(d)).unwrap_or_default(),
                datetime: n.date.map(|d| d.to_string()).unwrap_or_default(),
                href: self.link(&urls::news_post(&n.slug)),
            })
            .collect()
    }

    pub(super) fn news_list(&self, root: String, canonical: String) -> NewsListPage<'_> {
        NewsListPage {
            frame: &self.frame,
            root,
            canonical,
            section: "news",
            title: self.lang.t("news_title"),
            description: self.news_description(),
            og_type: "website",
            image: self.share_image(Card::Home),
            news: self.news_items(usize::MAX),
        }
    }

    pub(super) fn news_post(&self, i: usize, root: String, canonical: String) -> NewsPostPage<'_> {
        let n = &self.project.news[i];
        NewsPostPage {
            frame: &self.frame,
            root,
            canonical,
            section: "news",
            title: &n.title,
            description: self.document_description(n),
            og_type: "article",
            image: self.share_image(Card::Home),
            date: n.date.map(|d| self.lang.date(d)).unwrap_or_default(),
            datetime: n.date.map(|d| d.to_string()).unwrap_or_default(),
            body: markdown::render(&n.body, self.project.site.allow_html, self.frame.ix),
            news_href: self.link(urls::NEWS),
        }
    }

    pub(super) fn markdown_page(&self, i: usize, root: String, canonical: String) -> MarkdownPage<'_> {
        let pg = &self.project.pages[i];
        MarkdownPage {
            frame: &self.frame,
            root,
            canonical,
            section: format!("page-{}", pg.slug),
            title: &pg.title,
            description: self.document_description(pg),
            og_type: "website",
            image: self.share_image(Card::Home),
            body: markdown::render(&pg.body, self.project.site.allow_html, self.frame.ix),
        }
    }

    pub(super) fn not_found(&self) -> NotFoundPage<'_> {
        let base = &self.project.site.base_url;
        NotFoundPage {
            frame: &self.frame,
            root: "",
            canonical: "",
            section: "",
            title: self.lang.t("not_found_title"),
            description: String::new(),
            og_type: "website",
            image: Opt::none(),
            home_href: if base.is_empty() { urls::file(urls::HOME) } else { format!("{base}/") },
            search_href: if base.is_empty() { urls::file(urls::UNITS) } else { format!("{base}/{}", urls::UNITS) },
            css: String::from_utf8_lossy(self.theme.statics.get("assets/style.css").map_or(&[][..], |v| v))
                .into_owned(),
            icon: self
                .theme
                .statics
                .get("assets/favicon.svg")
                .map(|svg| data_uri("image/svg+xml", svg))
                .unwrap_or_default(),
            find_root: base.is_empty(),
            probe: "assets/favicon.svg",
            top: self.top_names().join(" "),
        }
    }

    /// The folders and pages at the site's root, sorted: the build's own folders, the
    /// first folder of each static file, and the published pages.
    fn top_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = urls::FOLDERS.to_vec();
        names.extend(self.theme.statics.keys().filter_map(|k| k.split_once('/').map(|(dir, _)| dir)));
        names.extend(self.project.pages.iter().map(|p| p.slug.as_str()));
        names.sort_unstable();
        names.dedup();
        names
    }
}

/// `data:<mime>,<bytes>` with every byte but the unreserved ones (RFC 3986) percent-encoded:
/// nothing in it to escape in an attribute, and no address inside the file reads as one.
fn data_uri(mime: &str, bytes: &[u8]) -> String {
    let mut out = format!("data:{mime},");
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_data_uri_encodes_all_but_the_unreserved_bytes() {
        assert_eq!(
            super::data_uri("image/svg+xml", b"<svg xmlns=\"http://x\">\n</svg>"),
            "data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A%2F%2Fx%22%3E%0A%3C%2Fsvg%3E"
        );
        assert_eq!(super::data_uri("text/plain", "ạ".as_bytes()), "data:text/plain,%E1%BA%A1");
    }
}
