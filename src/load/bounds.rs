//! Bounds on what an input may hold, checked before the parsers see it: no
//! control characters in any text. A NUL or an ESC in a unit's name would go
//! raw into the HTML, the CSV downloads and the terminal (`podium explain`),
//! and one in a news title makes feed.xml invalid XML.

use crate::error::{Diagnostics, Location};

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
}
