//! Bounds on YAML: nesting depth and control characters written as escapes.

use super::*;
use crate::msg;

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
                    diags.err(Location::at(file, line, column), msg!("yaml-too-deep", depth = YAML_DEPTH));
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
            diags.err(
                Location::at(file, line, column),
                msg!("yaml-escape-char", escape = escape, what = what(w), code = code(w)),
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
