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

fn what(c: char) -> &'static str {
    if matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
        "an invisible character that changes the direction of text"
    } else {
        "an invisible control character"
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
        diags.error(
            Location::at(rel, line, column),
            format!("{} ({}) is in the text here", what(c), code(c)),
            "delete it: retype the text around this place (such characters come from copying out of another program)",
        );
    }
    if hits.len() > LISTED {
        diags.error(
            Location::file(rel),
            format!(
                "{} more invisible control characters in this file (the first {LISTED} are listed)",
                hits.len() - LISTED
            ),
            "check how the file was made: save it again as UTF-8 text from the spreadsheet program or editor",
        );
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

// ----- YAML -----

/// Walks the YAML events of `text` with libyaml (the parser serde_yaml uses) and
/// stops at the first node nested deeper than [`YAML_DEPTH`]: reported, and the
/// text must not be parsed (`false`). Also reports control characters written as
/// escapes in double-quoted text (`"\x01"`, `"\e"`), which no byte of the file
/// shows. A syntax error ends the walk quietly: the parser reports it.
pub fn yaml(file: &str, text: &str, diags: &mut Diagnostics) -> bool {
    let Some(mut events) = libyaml::Events::new(text) else {
        return true;
    };
    let mut depth = 0;
    while let Some(event) = events.next() {
        match event {
            libyaml::Event::Open { line, column } => {
                depth += 1;
                if depth > YAML_DEPTH {
                    diags.error(
                        Location::at(file, line, column),
                        format!("the YAML is nested deeper than {YAML_DEPTH} levels here (lists and blocks inside one another)"),
                        "podium's files need a few levels at most: close each `[` and `{` where it should end, and put text that starts with `[` or `{` in quotes",
                    );
                    return false;
                }
            }
            libyaml::Event::Close => depth -= 1,
            libyaml::Event::Scalar { value, double_quoted, start, line, column } => {
                if double_quoted && value.chars().any(forbidden) {
                    escapes(file, &text[start..], line, column, diags);
                }
            }
            libyaml::Event::Other => {}
        }
    }
    true
}

/// Reports the escapes of the double-quoted scalar at the start of `source`
/// (line, column: its place) that write a forbidden character.
fn escapes(file: &str, source: &str, mut line: usize, mut column: usize, diags: &mut Diagnostics) {
    let mut chars = source.char_indices().peekable();
    // The opening quote.
    chars.next();
    column += 1;
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return,
            '\n' => {
                line += 1;
                column = 1;
                continue;
            }
            '\\' => {}
            _ => {
                column += 1;
                continue;
            }
        }
        let Some(&(_, e)) = chars.peek() else {
            return;
        };
        let digits = match e {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => 0,
        };
        let end = at + 2 + digits;
        let escape = source.get(at..end).unwrap_or_default();
        let written = match e {
            '0' => Some('\0'),
            'a' => Some('\u{7}'),
            'b' => Some('\u{8}'),
            'v' => Some('\u{b}'),
            'f' => Some('\u{c}'),
            'r' => Some('\r'),
            'e' => Some('\u{1b}'),
            'N' => Some('\u{85}'),
            'x' | 'u' | 'U' => escape.get(2..).and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32),
            _ => None,
        };
        if let Some(w) = written.filter(|&w| forbidden(w)) {
            diags.error(
                Location::at(file, line, column),
                format!("`{escape}` writes {} ({}) into the text", what(w), code(w)),
                "remove it from the quoted text",
            );
        }
        // Skip the escape: the backslash, its letter and its digits.
        let n = escape.chars().count().max(2);
        for _ in 1..n {
            chars.next();
        }
        column += n;
        if e == '\n' {
            line += 1;
            column = 1;
        }
    }
}

/// A minimal, safe view of libyaml's event parser: nesting and scalars only.
mod libyaml {
    use libyaml_rs as sys;
    use std::marker::PhantomData;
    use std::mem::MaybeUninit;

    pub enum Event {
        /// A sequence or mapping starts here (1-based line and column).
        Open {
            line: usize,
            column: usize,
        },
        Close,
        /// A scalar: its value, whether it was written in double quotes, and where it
        /// starts (byte offset in the text, 1-based line and column).
        Scalar {
            value: String,
            double_quoted: bool,
            start: usize,
            line: usize,
            column: usize,
        },
        Other,
    }

    pub struct Events<'a> {
        parser: Box<MaybeUninit<sys::yaml_parser_t>>,
        done: bool,
        /// The parser reads the text in place: it must outlive the parser.
        _text: PhantomData<&'a str>,
    }

    impl<'a> Events<'a> {
        pub fn new(text: &'a str) -> Option<Events<'a>> {
            let mut parser = Box::new(MaybeUninit::<sys::yaml_parser_t>::uninit());
            // SAFETY: `initialize` fills the parser in place (it stays boxed, never moved);
            // on success the input is set to `text`, which outlives the parser ('a).
            unsafe {
                let p = parser.as_mut_ptr();
                if sys::yaml_parser_initialize(p).fail {
                    return None;
                }
                sys::yaml_parser_set_encoding(p, sys::YAML_UTF8_ENCODING);
                sys::yaml_parser_set_input_string(p, text.as_ptr(), text.len() as u64);
            }
            Some(Events { parser, done: false, _text: PhantomData })
        }

        /// The next event, or `None` at the end of the text or at a syntax error.
        pub fn next(&mut self) -> Option<Event> {
            if self.done {
                return None;
            }
            let mut event = MaybeUninit::<sys::yaml_event_t>::uninit();
            // SAFETY: the parser was initialised in `new`; a successful `parse` fills
            // `event`, which is read, then freed with `yaml_event_delete`.
            unsafe {
                let p = self.parser.as_mut_ptr();
                if sys::yaml_parser_parse(p, event.as_mut_ptr()).fail {
                    self.done = true;
                    return None;
                }
                let e = &*event.as_ptr();
                let line = e.start_mark.line as usize + 1;
                let column = e.start_mark.column as usize + 1;
                let out = match e.type_ {
                    sys::YAML_SEQUENCE_START_EVENT | sys::YAML_MAPPING_START_EVENT => Event::Open { line, column },
                    sys::YAML_SEQUENCE_END_EVENT | sys::YAML_MAPPING_END_EVENT => Event::Close,
                    sys::YAML_SCALAR_EVENT => {
                        let s = e.data.scalar;
                        let bytes = if s.value.is_null() {
                            &[][..]
                        } else {
                            std::slice::from_raw_parts(s.value, s.length as usize)
                        };
                        Event::Scalar {
                            value: String::from_utf8_lossy(bytes).into_owned(),
                            double_quoted: s.style == sys::YAML_DOUBLE_QUOTED_SCALAR_STYLE,
                            start: e.start_mark.index as usize,
                            line,
                            column,
                        }
                    }
                    sys::YAML_STREAM_END_EVENT => {
                        self.done = true;
                        Event::Other
                    }
                    _ => Event::Other,
                };
                sys::yaml_event_delete(event.as_mut_ptr());
                Some(out)
            }
        }
    }

    impl Drop for Events<'_> {
        fn drop(&mut self) {
            // SAFETY: the parser was initialised in `new` (an `Events` exists only then).
            unsafe { sys::yaml_parser_delete(self.parser.as_mut_ptr()) }
        }
    }
}

// ----- Markdown -----

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
enum Problem {
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

fn markdown_within(
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
        let (offset, message, hint) = match problem {
            Problem::Markdown(at) => (
                at,
                format!(
                    "the text is nested deeper than {MARKDOWN_DEPTH} levels here (block quotes, lists, emphasis or links inside one another)"
                ),
                "a page needs a few levels at most: remove the extra `>`, list markers or `*` at this place",
            ),
            Problem::Html(at) => (
                at,
                format!("HTML tags are nested deeper than {HTML_DEPTH} levels here"),
                "close each tag where it should end (`<div>` … `</div>`), or write the text in Markdown",
            ),
            Problem::Costly(at) => (
                at,
                "the HTML here is too costly to read: too many tags are left open or closed out of order".to_string(),
                "close each tag where it should end, in the order they were opened (`<b><i>` … `</i></b>`), or write the text in Markdown",
            ),
            Problem::Reference(at, c) => {
                listed += 1;
                if listed > LISTED {
                    ok = false;
                    continue;
                }
                let source = body[at..].split_inclusive(';').next().filter(|s| s.starts_with("&#") && s.len() <= 12);
                let message = match source {
                    Some(s) => format!("`{s}` writes {} ({}) into the text", what(c), code(c)),
                    None => format!("{} ({}) is written into the text here", what(c), code(c)),
                };
                (at, message, "remove it")
            }
        };
        let (line, column) = places.at(offset);
        diags.error(Location::at(rel, line, column), message, hint);
        ok = false;
    }
    ok
}

/// The HTML a page becomes, read by html5ever into a tree that only counts.
mod dom {
    use super::{HTML_DEPTH, Problem, forbidden};
    use html5ever::interface::{ElemName, ElementFlags, NodeOrText, QuirksMode, TreeSink};
    use html5ever::tendril::{StrTendril, TendrilSink};
    use html5ever::{Attribute, LocalName, Namespace, QualName, local_name, ns};
    use std::borrow::Cow;
    use std::cell::{Cell, Ref, RefCell};
    use std::fmt;

    /// The parser's work allowed: a base, and so much per byte of HTML. Each tag makes
    /// the parser look through the open elements a few times: at the deepest nesting
    /// allowed that is about 50 looks per byte; this is a backstop for what the depth
    /// does not catch.
    #[derive(Clone, Copy)]
    pub struct Budget {
        pub base: u64,
        pub per_byte: u64,
    }

    pub const BUDGET: Budget = Budget { base: 1 << 20, per_byte: 256 };
    /// The HTML goes to the parser in pieces of at most this many bytes, and the bounds
    /// are checked after each: no piece can cost much.
    const PIECE: usize = 1024;

    struct Node {
        name: QualName,
        parent: Option<usize>,
        depth: usize,
        /// A `<template>`'s contents.
        contents: Option<usize>,
    }

    /// A tree builder's sink that keeps each node's name and depth, counts the work
    /// the parser does (every look at a node's name or identity), and notes a
    /// forbidden character in text or an attribute.
    struct Counting {
        nodes: RefCell<Vec<Node>>,
        work: Cell<u64>,
        deepest: Cell<usize>,
        forbidden: Cell<Option<char>>,
    }

    #[derive(Debug)]
    struct Name<'a>(Ref<'a, Vec<Node>>, usize);

    impl fmt::Debug for Node {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{:?}", self.name.local)
        }
    }

    impl ElemName for Name<'_> {
        fn ns(&self) -> &Namespace {
            &self.0[self.1].name.ns
        }
        fn local_name(&self) -> &LocalName {
            &self.0[self.1].name.local
        }
    }

    impl Counting {
        fn add(&self, name: QualName) -> usize {
            let mut nodes = self.nodes.borrow_mut();
            nodes.push(Node { name, parent: None, depth: 0, contents: None });
            nodes.len() - 1
        }
        fn note(&self, text: &str) {
            if self.forbidden.get().is_none()
                && let Some(c) = text.chars().find(|&c| forbidden(c))
            {
                self.forbidden.set(Some(c));
            }
        }
        fn place(&self, parent: Option<usize>, child: NodeOrText<usize>) {
            match child {
                NodeOrText::AppendNode(h) => {
                    let mut nodes = self.nodes.borrow_mut();
                    let depth = parent.and_then(|p| nodes.get(p)).map_or(0, |p| p.depth + 1);
                    if let Some(n) = nodes.get_mut(h) {
                        n.parent = parent;
                        n.depth = depth;
                    }
                    self.deepest.set(self.deepest.get().max(depth));
                }
                NodeOrText::AppendText(t) => self.note(&t),
            }
        }
        fn tick(&self) {
            self.work.set(self.work.get() + 1);
        }
    }

    impl TreeSink for Counting {
        type Handle = usize;
        type Output = ();
        type ElemName<'a> = Name<'a>;

        fn finish(self) {}
        fn parse_error(&self, _msg: Cow<'static, str>) {}
        fn get_document(&self) -> usize {
            0
        }
        fn elem_name<'a>(&'a self, target: &'a usize) -> Name<'a> {
            self.tick();
            let nodes = self.nodes.borrow();
            let i = if *target < nodes.len() { *target } else { 0 };
            Name(nodes, i)
        }
        fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _flags: ElementFlags) -> usize {
            for a in &attrs {
                self.note(&a.value);
            }
            let template = name.ns == ns!(html) && name.local == local_name!("template");
            let h = self.add(name);
            if template {
                let contents = self.add(QualName::new(None, ns!(), local_name!("")));
                self.nodes.borrow_mut()[h].contents = Some(contents);
            }
            h
        }
        fn create_comment(&self, _text: StrTendril) -> usize {
            self.add(QualName::new(None, ns!(), local_name!("")))
        }
        fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> usize {
            self.add(QualName::new(None, ns!(), local_name!("")))
        }
        fn append(&self, parent: &usize, child: NodeOrText<usize>) {
            self.place(Some(*parent), child);
        }
        fn append_based_on_parent_node(&self, element: &usize, prev_element: &usize, child: NodeOrText<usize>) {
            let parent = self.nodes.borrow().get(*element).and_then(|n| n.parent);
            match parent {
                Some(p) => self.place(Some(p), child),
                None => self.place(Some(*prev_element), child),
            }
        }
        fn append_doctype_to_document(&self, _name: StrTendril, _public_id: StrTendril, _system_id: StrTendril) {}
        fn get_template_contents(&self, target: &usize) -> usize {
            self.nodes.borrow().get(*target).and_then(|n| n.contents).unwrap_or(*target)
        }
        fn same_node(&self, x: &usize, y: &usize) -> bool {
            self.tick();
            x == y
        }
        fn set_quirks_mode(&self, _mode: QuirksMode) {}
        fn append_before_sibling(&self, sibling: &usize, new_node: NodeOrText<usize>) {
            let parent = self.nodes.borrow().get(*sibling).and_then(|n| n.parent);
            self.place(parent, new_node);
        }
        fn add_attrs_if_missing(&self, _target: &usize, attrs: Vec<Attribute>) {
            for a in &attrs {
                self.note(&a.value);
            }
        }
        fn remove_from_parent(&self, target: &usize) {
            if let Some(n) = self.nodes.borrow_mut().get_mut(*target) {
                n.parent = None;
            }
        }
        fn reparent_children(&self, _node: &usize, _new_parent: &usize) {}
    }

    /// Takes the HTML as pulldown-cmark writes it and gives it to the parser piece by
    /// piece, checking the bounds after each; once one is exceeded it refuses more.
    pub struct Feed<'a> {
        parser: html5ever::driver::Parser<Counting>,
        fed: u64,
        budget: Budget,
        problem: Option<Problem>,
        /// Forbidden characters raw HTML writes, at the offset of its event.
        found: Vec<Problem>,
        /// The offset of the event being written, and whether it is raw HTML.
        at: &'a Cell<(usize, bool)>,
    }

    impl<'a> Feed<'a> {
        pub fn new(size: usize, at: &'a Cell<(usize, bool)>, budget: Budget) -> Feed<'a> {
            let sink = Counting {
                nodes: RefCell::new(Vec::with_capacity(size / 8 + 16)),
                work: Cell::new(0),
                deepest: Cell::new(0),
                forbidden: Cell::new(None),
            };
            sink.add(QualName::new(None, ns!(), local_name!("")));
            // As the sanitiser reads it: a fragment inside a <div>.
            let parser = html5ever::driver::parse_fragment(
                sink,
                html5ever::driver::ParseOpts::default(),
                QualName::new(None, ns!(html), local_name!("div")),
                vec![],
                false,
            );
            Feed { parser, fed: 0, budget, problem: None, found: Vec::new(), at }
        }

        fn sink(&self) -> &Counting {
            &self.parser.tokenizer.sink.sink
        }

        /// The problems found.
        pub fn problems(self) -> Vec<Problem> {
            let mut out = self.found;
            out.extend(self.problem);
            out
        }
    }

    impl fmt::Write for Feed<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            if self.problem.is_some() {
                return Err(fmt::Error);
            }
            let mut rest = s;
            while !rest.is_empty() {
                let mut cut = rest.len().min(PIECE);
                while !rest.is_char_boundary(cut) {
                    cut -= 1;
                }
                let (piece, after) = rest.split_at(cut);
                rest = after;
                self.parser.process(StrTendril::from_slice(piece));
                self.fed += piece.len() as u64;
                let (offset, raw) = self.at.get();
                let sink = self.sink();
                let (noted, deepest, work) = (sink.forbidden.take(), sink.deepest.get(), sink.work.get());
                // Only in raw HTML: what Markdown writes is checked on its events.
                if let Some(c) = noted
                    && raw
                {
                    self.found.push(Problem::Reference(offset, c));
                }
                if deepest > HTML_DEPTH {
                    self.problem = Some(Problem::Html(offset));
                } else if work > self.budget.base + self.budget.per_byte * self.fed {
                    self.problem = Some(Problem::Costly(offset));
                }
                if self.problem.is_some() {
                    return Err(fmt::Error);
                }
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
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
