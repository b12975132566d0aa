//! Markdown pages and news: rendered with pulldown-cmark, then sanitised
//! (no scripts, no event handlers, no `javascript:` links) unless the site
//! opts into raw HTML.

use pulldown_cmark::{CowStr, Event, Tag, html};

/// Renders Markdown to safe HTML. Relative links ending in `/` get `ix`
/// (`index.html` for a site opened from disk) appended.
/// The body was checked when it was loaded ([`crate::load::bounds::markdown`]):
/// its nesting, and so the sanitiser's work, is bounded.
pub fn render(source: &str, allow_html: bool, ix: &str) -> String {
    // Without opt-in, raw HTML is shown as text, not interpreted (`events` does it).
    let events = crate::load::docs::events(source, allow_html).map(|(event, _)| match event {
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: fix_link(dest_url, ix), title, id })
        }
        other => other,
    });
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, events);
    sanitise(&out)
}

fn fix_link<'a>(url: CowStr<'a>, ix: &str) -> CowStr<'a> {
    let relative = !url.contains(':') && !url.starts_with('/') && !url.starts_with('#');
    if relative && !ix.is_empty() && (url.ends_with('/') || url.contains("/#")) {
        let s = match url.split_once('#') {
            Some((path, frag)) if path.ends_with('/') => format!("{path}{ix}#{frag}"),
            _ => format!("{url}{ix}"),
        };
        return CowStr::from(s);
    }
    url
}

/// Removes anything that could run script, whatever the source.
pub fn sanitise(html: &str) -> String {
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .link_rel(Some("noopener"))
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_removed_even_with_raw_html() {
        let out =
            render("<script>alert(1)</script>\n\n<a href=\"javascript:alert(1)\" onclick=\"x()\">a</a>", true, "");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("javascript:"), "{out}");
        assert!(!out.contains("onclick"), "{out}");
    }

    #[test]
    fn raw_html_is_text_without_opt_in() {
        let out = render("Hello <b>bold</b>", false, "");
        assert!(out.contains("&lt;b&gt;bold&lt;/b&gt;"), "{out}");
        let out = render("Hello <b>bold</b>", true, "");
        assert!(out.contains("<b>bold</b>"), "{out}");
    }

    #[test]
    fn relative_directory_links_point_at_index_html_for_file_use() {
        let out = render("[plan](../../ke-hoach/) [x](https://example.org/) [top](#a)", false, "index.html");
        assert!(out.contains("href=\"../../ke-hoach/index.html\""), "{out}");
        assert!(out.contains("href=\"https://example.org/\""), "{out}");
        assert!(out.contains("href=\"#a\""), "{out}");
        let out = render("[plan](../../ke-hoach/)", false, "");
        assert!(out.contains("href=\"../../ke-hoach/\""), "{out}");
    }
}
