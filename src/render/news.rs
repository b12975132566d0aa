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
    /// The stylesheet, inlined.
    pub css: String,
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
            css: String::from_utf8_lossy(self.theme.statics.get("assets/style.css").map_or(&[][..], |v| v))
                .into_owned(),
        }
    }
}
