//! Bounds on what an input may hold, checked before the parsers see it: control
//! characters (in any text), and how deeply YAML, Markdown and the HTML inside
//! Markdown may nest.
//!
//! The parsers podium uses take time that grows with the square of the nesting
//! depth (libyaml's scanner keeps a list per open `[`/`{`; html5ever, inside
//! ammonia, walks its stack of open elements for most start tags), so a file of
//! a few hundred KB that only opens brackets could keep a build busy for
//! minutes. With the depths bounded, every input costs time in proportion to its
//! size. The bounds are far above what a campaign's files need (groups.yaml
//! nests 7 deep; a page rarely 5) and each is reported as an input error with
//! its place.

use crate::error::{Diagnostics, Location};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::cell::Cell;

/// The deepest nesting of lists and blocks a YAML file may have.
pub const YAML_DEPTH: usize = 32;
/// The deepest nesting of block quotes, lists, emphasis and links in Markdown.
pub const MARKDOWN_DEPTH: usize = 32;
/// The deepest nesting of the HTML elements a page becomes (those Markdown makes included).
pub const HTML_DEPTH: usize = 128;
/// At most this many control characters are listed per file; the rest are counted.
const LISTED: usize = 20;

/// A character no input text may hold ([`crate::error::forbidden`]; carriage
/// returns never reach it: they become line feeds when a file is read).
pub use crate::error::forbidden;

/// Whether a name or title is empty: nothing but white space and invisible
/// zero-width characters (which `str::trim` keeps).
pub fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace() || matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'))
}

/// What a character is, for messages: `U+001B`.
fn code(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

fn what(c: char) -> crate::messages::Message {
    if matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
        crate::msg!("char-bidi")
    } else {
        crate::msg!("char-control")
    }
}

/// The outcome of [`control_characters`].
pub enum Scan {
    /// No forbidden character.
    Clean,
    /// Forbidden characters were reported; this is the text without them, so that
    /// the parsers do not report them a second time.
    Cleaned(String),
    /// Every other byte is zero: UTF-16 text without a byte-order mark.
    Utf16,
}

/// Whether a byte may start a forbidden character: an ASCII control (but tab and
/// line feed), DEL, or the first byte of U+0080–U+00BF (C1 controls) or of
/// U+2000–U+203F (bidirectional controls).
#[inline(always)]
fn suspect(b: u8) -> bool {
    (b < 0x20 && b != b'\t' && b != b'\n') | (b == 0x7f) | (b == 0xc2) | (b == 0xe2)
}

/// Reports every forbidden character of a decoded file with its line and column.
/// One pass over the bytes; a 64-byte block with no suspect byte (all of a
/// results.csv) costs a handful of vector instructions.
pub fn control_characters(rel: &str, text: &str, diags: &mut Diagnostics) -> Scan {
    let bytes = text.as_bytes();
    let head = &bytes[..bytes.len().min(4096)];
    if head.len() >= 8 && head.iter().filter(|&&b| b == 0).count() * 4 >= head.len() {
        return Scan::Utf16;
    }
    let mut hits: Vec<(usize, char)> = Vec::new();
    let mut blocks = bytes.chunks_exact(64);
    let mut base = 0;
    for block in blocks.by_ref() {
        if block.iter().fold(false, |any, &b| any | suspect(b)) {
            find_in(text, base, block.len(), &mut hits);
        }
        base += 64;
    }
    if !blocks.remainder().is_empty() {
        find_in(text, base, blocks.remainder().len(), &mut hits);
    }
    if hits.is_empty() {
        return Scan::Clean;
    }
    let (mut line, mut line_start, mut counted) = (1, 0, 0);
    for &(pos, c) in hits.iter().take(LISTED) {
        line += memchr::memchr_iter(b'\n', &bytes[counted..pos]).count();
        if let Some(nl) = memchr::memrchr(b'\n', &bytes[counted..pos]) {
            line_start = counted + nl + 1;
        }
        counted = pos;
        let column = text[line_start..pos].chars().count() + 1;
        diags.err(Location::at(rel, line, column), crate::msg!("char-in-text", what = what(c), code = code(c)));
    }
    if hits.len() > LISTED {
        diags.err(Location::file(rel), crate::msg!("chars-more", count = hits.len() - LISTED, listed = LISTED));
    }
    let mut clean = String::with_capacity(text.len());
    let mut from = 0;
    for &(pos, c) in &hits {
        clean.push_str(&text[from..pos]);
        from = pos + c.len_utf8();
    }
    clean.push_str(&text[from..]);
    Scan::Cleaned(clean)
}

/// Adds the forbidden characters of `text[base..base + len]` to `hits`.
fn find_in(text: &str, base: usize, len: usize, hits: &mut Vec<(usize, char)>) {
    for pos in base..base + len {
        // Every suspect byte starts a character (0xC2 and 0xE2 are lead bytes).
        if suspect(text.as_bytes()[pos])
            && let Some(c) = text[pos..].chars().next().filter(|&c| forbidden(c))
        {
            hits.push((pos, c));
        }
    }
}

mod html;
mod markdown;
mod yaml;

pub use markdown::markdown;
pub use yaml::yaml;

#[cfg(test)]
mod tests {
    use super::html as dom;
    use super::markdown::markdown_within;
    use super::*;

    fn scan(text: &str) -> (Vec<String>, Option<String>) {
        let mut d = Diagnostics::new();
        let out = match control_characters("f", text, &mut d) {
            Scan::Clean => None,
            Scan::Cleaned(t) => Some(t),
            Scan::Utf16 => Some("UTF-16".into()),
        };
        (d.sorted().iter().map(|x| x.to_string()).collect(), out)
    }

    #[test]
    fn control_characters_are_found_with_their_place_and_removed() {
        assert_eq!(scan("a,b\tc\nd\n"), (vec![], None));
        let text = format!("{}\nXuyên\u{1b}[31m,x\u{0}\nok\u{202e}\u{85}\n", "a".repeat(100));
        let (msgs, clean) = scan(&text);
        assert_eq!(clean.unwrap(), format!("{}\nXuyên[31m,x\nok\n", "a".repeat(100)));
        assert_eq!(msgs.len(), 4, "{msgs:?}");
        assert!(msgs[0].starts_with("f:2:6: error: an invisible control character (U+001B) is in the text here"));
        assert!(msgs[1].starts_with("f:2:13: error: an invisible control character (U+0000)"));
        assert!(
            msgs[2].starts_with("f:3:3: error: an invisible character that changes the direction of text (U+202E)")
        );
        assert!(msgs[3].starts_with("f:3:4: error: an invisible control character (U+0085)"));
        // Vietnamese letters, dashes and quotes start with the same bytes as C1 and bidi controls.
        assert_eq!(scan("Nhóm 1 – “Long Xuyên” … \u{a0}\u{2060}\u{2028}").1, None);
        // Every block boundary: the scan does not miss a character at the edge of a block.
        for n in 60..70 {
            let (msgs, _) = scan(&format!("{}\u{7f}", "x".repeat(n)));
            assert_eq!(msgs.len(), 1, "{n}");
        }
    }

    #[test]
    fn many_control_characters_are_counted_and_utf16_is_recognised() {
        let (msgs, _) = scan(&"a\u{1}\n".repeat(30));
        assert_eq!(msgs.len(), LISTED + 1);
        assert_eq!(
            msgs[0],
            "f: error: 10 more invisible control characters in this file (the first 20 are listed) — check how the file was made: save it again as UTF-8 text from the spreadsheet program or editor"
        );
        assert_eq!(scan("i\0d\0,\0n\0").1.as_deref(), Some("UTF-16"));
    }

    #[test]
    fn blank_names_include_zero_width_characters() {
        assert!(is_blank(" \u{200b}\u{feff}\u{2060} \u{200c}\u{200d}"));
        assert!(is_blank(""));
        assert!(!is_blank("\u{200b}A"));
    }

    fn yaml_msgs(text: &str) -> (bool, Vec<String>) {
        let mut d = Diagnostics::new();
        let ok = yaml("y", text, &mut d);
        (ok, d.sorted().iter().map(|x| x.to_string()).collect())
    }

    #[test]
    fn yaml_nesting_is_bounded_in_flow_and_block_style() {
        let ok = format!("a: {}{}\n", "[".repeat(YAML_DEPTH - 1), "]".repeat(YAML_DEPTH - 1));
        assert_eq!(yaml_msgs(&ok), (true, vec![]));
        let (ok, msgs) = yaml_msgs(&format!("a: {}\n", "[".repeat(150_000)));
        assert!(!ok);
        assert_eq!(msgs.len(), 1);
        assert!(msgs[0].starts_with("y:1:35: error: the YAML is nested deeper than 32 levels here"), "{msgs:?}");
        let (ok, msgs) = yaml_msgs(&format!("a:\n{}x\n", "- ".repeat(40)));
        assert!(!ok);
        assert!(msgs[0].starts_with("y:2:63: error: the YAML is nested deeper"), "{msgs:?}");
        let block: String = (0..40).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        let (ok, msgs) = yaml_msgs(&block);
        assert!(!ok);
        assert!(msgs[0].starts_with("y:33:33: error: the YAML is nested deeper"), "{msgs:?}");
        // A syntax error ends the walk quietly.
        assert_eq!(yaml_msgs("a: [\n b: \"x\n"), (true, vec![]));
    }

    #[test]
    fn yaml_escapes_of_control_characters_are_found() {
        let (ok, msgs) = yaml_msgs("a: 1\ntitle: \"Tin \\x01 mới \\e[1m \\u202E \\\\x01 \\t \\N\"\n'k': 'x\\x01'\n");
        assert!(ok);
        assert_eq!(
            msgs,
            [
                "y:2:13: error: `\\x01` writes an invisible control character (U+0001) into the text — remove it from the quoted text",
                "y:2:22: error: `\\e` writes an invisible control character (U+001B) into the text — remove it from the quoted text",
                "y:2:28: error: `\\u202E` writes an invisible character that changes the direction of text (U+202E) into the text — remove it from the quoted text",
                "y:2:44: error: `\\N` writes an invisible control character (U+0085) into the text — remove it from the quoted text",
            ]
        );
        let (_, msgs) = yaml_msgs("a: \"line\n  two \\0\"\n");
        assert_eq!(msgs.len(), 1);
        assert!(msgs[0].starts_with("y:2:7: error: `\\0` writes"), "{msgs:?}");
    }

    fn md(body: &str, allow_html: bool) -> (bool, Vec<String>) {
        let mut d = Diagnostics::new();
        let ok = markdown("p.md", body, 4, allow_html, &mut d);
        (ok, d.sorted().iter().map(|x| x.to_string()).collect())
    }

    #[test]
    fn markdown_nesting_is_bounded() {
        assert_eq!(md("> > > a\n\n- a\n  - b\n    - *c **d***\n", false), (true, vec![]));
        let ok = format!("{}a\n", ">".repeat(MARKDOWN_DEPTH));
        assert_eq!(md(&ok, false), (true, vec![]));
        let (ok, msgs) = md(&format!("x\n\n{}a\n", ">".repeat(150_000)), false);
        assert!(!ok);
        assert!(msgs[0].starts_with("p.md:6:33: error: the text is nested deeper than 32 levels here"), "{msgs:?}");
        let (ok, msgs) = md(&format!("{}a\n", "- ".repeat(40)), false);
        assert!(!ok);
        assert!(msgs[0].starts_with("p.md:4:65: error: the text is nested deeper"), "{msgs:?}");
        // Lists nested by indentation, one level a line.
        let list: String = (0..40).map(|i| format!("{}- a\n", "  ".repeat(i))).collect();
        let (ok, msgs) = md(&list, false);
        assert!(!ok);
        assert!(msgs[0].starts_with("p.md:36:65: error: the text is nested deeper"), "{msgs:?}");
    }

    #[test]
    fn html_nesting_is_bounded_with_allow_html_only() {
        let divs = "<div>\n\n".repeat(150);
        assert_eq!(md(&divs, false), (true, vec![]));
        let (ok, msgs) = md(&divs, true);
        assert!(!ok);
        assert!(msgs[0].starts_with("p.md:258:1: error: HTML tags are nested deeper than 128 levels here"), "{msgs:?}");
        // Closed and void elements, and those a next one of their kind closes, do not add up.
        let fine =
            "<div><p>a<p>b<br><img src=x></div>\n\n<ul><li>a<li>b</ul>\n\n<table><tr><td>a<td>b<tr><td>c</table>\n\n"
                .repeat(100);
        assert_eq!(md(&fine, true), (true, vec![]));
        // `<dl><dd>` nests: a `<dd>` does not close the one outside the inner `<dl>`.
        let (ok, _) = md(&"<dl><dd>".repeat(70), true);
        assert!(!ok);
        // Tags in comments, scripts and attribute values are not tags.
        let hidden = format!(
            "<!-- {} --><script>{}</script><a title=\"{}\">x</a>\n",
            "<div>".repeat(200),
            "<div>".repeat(200),
            "<div>".repeat(200)
        );
        assert_eq!(md(&hidden, true), (true, vec![]));
        // Formatting elements left open nest, whatever closes around them.
        let (ok, msgs) = md(&"<b></p>".repeat(3000), true);
        assert!(!ok, "{msgs:?}");
        // Closed out of order, they do not (the parser reopens them one at a time).
        assert_eq!(md(&"<b><p></b>".repeat(3000), true), (true, vec![]));
    }

    #[test]
    fn the_html_parsers_work_is_bounded() {
        let mut d = Diagnostics::new();
        let tight = dom::Budget { base: 0, per_byte: 1 };
        assert!(!markdown_within("p.md", &"<div>".repeat(60), 4, true, tight, &mut d));
        assert_eq!(
            d.sorted()[0].to_string(),
            "p.md:4:1: error: the HTML here is too costly to read: too many tags are left open or closed out of order — close each tag where it should end, in the order they were opened (`<b><i>` … `</i></b>`), or write the text in Markdown"
        );
        assert!(markdown_within("p.md", &"<div>".repeat(60), 4, true, dom::BUDGET, &mut Diagnostics::new()));
    }

    #[test]
    fn character_references_to_control_characters_are_found() {
        let (ok, msgs) = md("Tin &#27;[1m và &#x202E; hay &#x1F600; [a](http://x/&#1;)\n", false);
        assert!(!ok);
        assert_eq!(
            msgs,
            [
                "p.md:4:5: error: `&#27;` writes an invisible control character (U+001B) into the text — remove it",
                "p.md:4:17: error: `&#x202E;` writes an invisible character that changes the direction of text (U+202E) into the text — remove it",
                "p.md:4:40: error: an invisible control character (U+0001) is written into the text here — remove it",
            ]
        );
        // In raw HTML, references count only when the HTML is kept (the one between the
        // tags is Markdown's either way).
        let (ok, msgs) = md("<b title=\"&#27;\">&#x1b;</b>\n", false);
        assert!(!ok);
        assert_eq!(
            msgs,
            ["p.md:4:18: error: `&#x1b;` writes an invisible control character (U+001B) into the text — remove it"]
        );
        let (ok, msgs) = md("<b title=\"&#27;\">&#x1b;</b>\n", true);
        assert!(!ok);
        assert_eq!(
            msgs,
            [
                "p.md:4:1: error: an invisible control character (U+001B) is written into the text here — remove it",
                "p.md:4:18: error: `&#x1b;` writes an invisible control character (U+001B) into the text — remove it",
            ]
        );
    }
}
