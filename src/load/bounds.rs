//! Bounds on what an input may hold, checked before the parsers see it:
//! control characters (in any text), and how deeply YAML may nest.
//!
//! A NUL or an ESC in a unit's name would go raw into the HTML, the CSV
//! downloads and the terminal (`podium explain`). libyaml's scanner keeps a
//! list per open `[`/`{` and walks it for every token, so its time grows with
//! the square of the nesting: 150,000 `[` kept `podium check` busy for minutes.
//! With the depth bounded, a YAML file costs time in proportion to its size.

use crate::error::{Diagnostics, Location};

/// The deepest nesting of lists and blocks a YAML file may have.
pub const YAML_DEPTH: usize = 32;
/// At most this many control characters are listed per file; the rest are counted.
const LISTED: usize = 20;

/// A character no input text may hold: the C0 controls but tab and line feed
/// (carriage returns become line feeds when a file is read), DEL, the C1
/// controls, and the bidirectional embeddings, overrides and isolates, which make
/// text display in another order than it is stored ("Trojan Source").
pub fn forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
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
    if head.len() >= 2 && head.iter().filter(|&&b| b == 0).count() * 4 >= head.len() {
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
}
