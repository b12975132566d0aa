//! Bounds on Markdown and the HTML it becomes: nesting depth.

use super::html as dom;
use super::*;
use crate::msg;

/// Whether a Markdown element counts as a level of nesting for the reader: block
/// quotes, lists, emphasis, links, tables and footnotes do; a list's items, a
/// paragraph, a heading or a table's rows and cells do not (they come one per
/// level at most).
fn counts(end: TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Item
            | TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
    )
}

/// Where in a file a byte of a page's body is: line and column (1-based).
struct Places<'a> {
    body: &'a str,
    first_line: usize,
}

impl Places<'_> {
    fn at(&self, offset: usize) -> (usize, usize) {
        let before = &self.body.as_bytes()[..offset.min(self.body.len())];
        let line = self.first_line + memchr::memchr_iter(b'\n', before).count();
        let start = memchr::memrchr(b'\n', before).map_or(0, |p| p + 1);
        let column = self.body.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }
}

/// A problem found in a page's body, at a byte offset of the body.
pub(super) enum Problem {
    /// Markdown nested deeper than [`MARKDOWN_DEPTH`].
    Markdown(usize),
    /// HTML elements nested deeper than [`HTML_DEPTH`].
    Html(usize),
    /// The HTML costs the parser more than its budget.
    Costly(usize),
    /// A forbidden character written as a character reference (`&#27;`).
    Reference(usize, char),
}

/// Checks a page's Markdown body (starting on line `first_line` of `rel`) as it
/// will be rendered: nesting deeper than [`MARKDOWN_DEPTH`], HTML elements nested
/// deeper than [`HTML_DEPTH`] in the HTML the page becomes, and control
/// characters written as character references (`&#27;`). The HTML is read by
/// html5ever, the parser the sanitiser uses, into a tree that only counts: how
/// deep it grows and how much work the parser does, which is bounded in
/// proportion to the page's size. Returns whether the body may be rendered.
pub fn markdown(rel: &str, body: &str, first_line: usize, allow_html: bool, diags: &mut Diagnostics) -> bool {
    markdown_within(rel, body, first_line, allow_html, dom::BUDGET, diags)
}

pub(super) fn markdown_within(
    rel: &str,
    body: &str,
    first_line: usize,
    allow_html: bool,
    budget: dom::Budget,
    diags: &mut Diagnostics,
) -> bool {
    // The event being turned into HTML: its offset in the body and whether it is raw HTML.
    let current = Cell::new((0usize, false));
    let mut problems: Vec<Problem> = Vec::new();
    let mut depth = 0usize;
    let mut stopped = false;
    let events = crate::load::docs::events(body, allow_html).map_while(|(event, range)| {
        if stopped {
            return None;
        }
        current.set((range.start, matches!(event, Event::Html(_) | Event::InlineHtml(_))));
        let text: Option<&str> = match &event {
            Event::Start(tag) => {
                if counts(tag.to_end()) {
                    depth += 1;
                    if depth > MARKDOWN_DEPTH {
                        problems.push(Problem::Markdown(range.start));
                        stopped = true;
                        return None;
                    }
                }
                match tag {
                    Tag::Link { dest_url, title, .. } | Tag::Image { dest_url, title, .. } => {
                        if let Some(c) = dest_url.chars().chain(title.chars()).find(|&c| forbidden(c)) {
                            problems.push(Problem::Reference(range.start, c));
                        }
                        None
                    }
                    Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info)) => Some(info),
                    _ => None,
                }
            }
            Event::End(end) => {
                if counts(*end) {
                    depth = depth.saturating_sub(1);
                }
                None
            }
            Event::Text(t) | Event::Code(t) | Event::FootnoteReference(t) => Some(t),
            _ => None,
        };
        // Literal control characters were removed when the file was read: one here was
        // written as a character reference, the first `&#` of the event's source.
        if let Some(c) = text.and_then(|t| t.chars().find(|&c| forbidden(c))) {
            let offset = body[range.clone()].find("&#").map_or(range.start, |p| range.start + p);
            problems.push(Problem::Reference(offset, c));
        }
        Some(event)
    });
    let mut feed = dom::Feed::new(body.len(), &current, budget);
    let _ = pulldown_cmark::html::write_html_fmt(&mut feed, events);
    problems.extend(feed.problems());
    let places = Places { body, first_line };
    let mut ok = true;
    let mut listed = 0;
    for problem in problems {
        let (offset, message) = match problem {
            Problem::Markdown(at) => (at, msg!("markdown-too-deep", depth = MARKDOWN_DEPTH)),
            Problem::Html(at) => (at, msg!("html-too-deep", depth = HTML_DEPTH)),
            Problem::Costly(at) => (at, msg!("html-too-costly")),
            Problem::Reference(at, c) => {
                listed += 1;
                if listed > LISTED {
                    ok = false;
                    continue;
                }
                let source = body[at..].split_inclusive(';').next().filter(|s| s.starts_with("&#") && s.len() <= 12);
                let message = match source {
                    Some(s) => msg!("char-reference", source = s, what = what(c), code = code(c)),
                    None => msg!("char-written", what = what(c), code = code(c)),
                };
                (at, message)
            }
        };
        let (line, column) = places.at(offset);
        diags.err(Location::at(rel, line, column), message);
        ok = false;
    }
    ok
}
