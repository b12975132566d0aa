//! Reading input files as text: UTF-8 (with or without BOM), NFC-normalised.

use crate::error::{Diagnostics, Location};
use crate::msg;
use std::path::{Path, PathBuf};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Reads `dir/rel` as UTF-8 text normalised to NFC. Reports a missing file,
/// an unreadable file or invalid UTF-8 (with its line) and returns `None`.
pub fn read_text(dir: &Path, rel: &str, diags: &mut Diagnostics) -> Option<String> {
    let bytes = match std::fs::read(dir.join(rel)) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            diags.err(Location::file(rel), msg!("file-not-found", file = rel));
            return None;
        }
        Err(e) => {
            diags.err(Location::file(rel), msg!("file-unreadable", error = e.to_string()));
            return None;
        }
    };
    decode(rel, bytes, diags)
}

/// Reads an optional file: `None` without a message when it does not exist.
pub fn read_optional(dir: &Path, rel: &str, diags: &mut Diagnostics) -> Option<String> {
    if dir.join(rel).exists() { read_text(dir, rel, diags) } else { None }
}

/// UTF-8 check, BOM removal and NFC normalisation.
pub fn decode(rel: &str, bytes: Vec<u8>, diags: &mut Diagnostics) -> Option<String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        diags.err(Location::file(rel), msg!("file-utf16"));
        return None;
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = bytes[..valid].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            // The column counts characters, as an editor shows them, not bytes.
            let column = String::from_utf8_lossy(&bytes[line_start..valid]).chars().count() + 1;
            if windows_vietnamese(bytes) {
                diags.err(Location::at(rel, line, column), msg!("file-windows-1258"));
                return None;
            }
            diags.err(Location::at(rel, line, column), msg!("file-not-utf8", byte = format!("0x{:02X}", bytes[valid])));
            return None;
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    // Windows (CRLF) and old Mac (CR) line ends become `\n`: the CSV reader counts only
    // `\n`, and messages must name the line a spreadsheet user sees.
    let text = unix_line_ends(text);
    let text = match crate::load::bounds::control_characters(rel, &text, diags) {
        crate::load::bounds::Scan::Clean => text,
        crate::load::bounds::Scan::Cleaned(t) => t,
        crate::load::bounds::Scan::Utf16 => {
            diags.err(Location::file(rel), msg!("file-utf16"));
            return None;
        }
    };
    Some(nfc(text))
}

/// Whether `bytes`, read as Windows-1258 (what Excel on a Vietnamese Windows saves as
/// plain "CSV"), is Vietnamese text: every letter beyond ASCII one of Vietnamese's, with
/// its tone marks. Text in another encoding (UTF-8 with a stray byte, TCVN3, VNI) reads
/// as other letters and symbols.
fn windows_vietnamese(bytes: &[u8]) -> bool {
    let (text, had_errors) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes);
    if had_errors {
        return false;
    }
    let bases = "ăâêôơưđĂÂÊÔƠƯĐ";
    // Tone marks (grave, acute, tilde, hook above, dot below) and the letters' own marks.
    let marks = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}', '\u{302}', '\u{306}', '\u{31b}'];
    let mut vietnamese = false;
    for c in text.nfd() {
        if c.is_ascii() {
            continue;
        }
        if !(bases.contains(c) || marks.contains(&c)) {
            return false;
        }
        vietnamese = true;
    }
    vietnamese
}

/// `\r\n` and a lone `\r` become `\n`, without copying text that has neither.
fn unix_line_ends(text: String) -> String {
    let Some(first) = memchr::memchr(b'\r', text.as_bytes()) else {
        return text;
    };
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..first]);
    let mut i = first;
    while i < bytes.len() {
        match memchr::memchr(b'\r', &bytes[i..]) {
            Some(p) => {
                out.extend_from_slice(&bytes[i..i + p]);
                out.push(b'\n');
                i += p + 1;
                if bytes.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            None => {
                out.extend_from_slice(&bytes[i..]);
                break;
            }
        }
    }
    // Only ASCII bytes were replaced: the text is still UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// Normalises to Unicode NFC, without copying text that is already NFC.
pub fn nfc(text: String) -> String {
    // ASCII is always in NFC; a results.csv is mostly digits and ids.
    if text.is_ascii() {
        return text;
    }
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}

/// Where input files may come from: the project folder, and the folder `data/`
/// leads to (itself a symbolic link to a folder elsewhere, the whole data set
/// lives there). A symbolic link in an input folder (`data/pages`, `data/news`,
/// `themes/<name>` or below) is followed when it leads inside, and skipped with
/// a warning when it leads outside or nowhere: a link must not publish files
/// from elsewhere on the computer.
pub struct Inside {
    roots: Vec<PathBuf>,
}

impl Inside {
    pub fn new(dir: &Path) -> Inside {
        let roots =
            [dir.to_path_buf(), dir.join("data")].iter().filter_map(|p| std::fs::canonicalize(p).ok()).collect();
        Inside { roots }
    }

    fn contains(&self, target: &Path) -> bool {
        self.roots.iter().any(|r| target.starts_with(r))
    }

    /// Whether the folder `dir/rel` may be read: it does not exist, or it resolves
    /// inside (whichever of its folders is a link). Warns when it may not.
    pub fn folder(&self, dir: &Path, rel: &str, diags: &mut Diagnostics) -> bool {
        match std::fs::canonicalize(dir.join(rel)) {
            Ok(target) if !self.contains(&target) => {
                diags.warn(Location::file(rel), msg!("folder-outside", target = target.display().to_string()));
                false
            }
            _ => true,
        }
    }

    /// Whether the entry at `path` (`rel` in the project) may be read: it is not a
    /// symbolic link, or one that resolves inside. Warns when it may not.
    pub fn entry(&self, path: &Path, rel: &str, diags: &mut Diagnostics) -> bool {
        match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => self.link(path, rel, diags),
            _ => true,
        }
    }

    /// Whether the symbolic link at `path` resolves inside; warns when it does not.
    pub fn link(&self, path: &Path, rel: &str, diags: &mut Diagnostics) -> bool {
        match std::fs::canonicalize(path) {
            Ok(target) if self.contains(&target) => true,
            Ok(target) => {
                diags.warn(Location::file(rel), msg!("link-outside", target = target.display().to_string()));
                false
            }
            Err(_) => {
                let to = std::fs::read_link(path).map(|t| t.display().to_string()).unwrap_or_default();
                diags.warn(Location::file(rel), msg!("link-broken", target = to));
                false
            }
        }
    }
}

/// A place in a text to go on looking for keys from ([`Locator::next_key`]): a line
/// (1-based), a byte offset in it and the column (1-based, in characters) there.
#[derive(Debug, Clone, Copy)]
pub struct KeyCursor {
    pub line: usize,
    pub byte: usize,
    pub column: usize,
}

impl KeyCursor {
    /// The start of line `line`.
    pub fn at_line(line: usize) -> KeyCursor {
        KeyCursor { line, byte: 0, column: 1 }
    }
}

/// Finds lines in a YAML file by their content, to place messages about
/// values that parsed but do not make sense.
pub struct Locator<'a> {
    /// Each line without its comment.
    lines: Vec<&'a str>,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        Locator { lines: text.lines().map(strip_comment).collect() }
    }
    /// Where the next `key:` is at or after `cursor`, as line and column (1-based, in
    /// characters); the cursor moves past it. For keys found one after another (a
    /// campaign's metrics), in time proportional to the text, even on one long line.
    pub fn next_key(&self, cursor: &mut KeyCursor, key: &str) -> Option<(usize, usize)> {
        let pattern = format!("{key}:");
        for (i, code) in self.lines.iter().enumerate().skip(cursor.line.saturating_sub(1)) {
            let (from, column) =
                if i + 1 == cursor.line { (cursor.byte.min(code.len()), cursor.column) } else { (0, 1) };
            let Some(rest) = code.get(from..) else {
                continue;
            };
            if let Some(pos) = find_key(rest, &pattern) {
                let at = column + rest[..pos].chars().count();
                *cursor =
                    KeyCursor { line: i + 1, byte: from + pos + pattern.len(), column: at + pattern.chars().count() };
                return Some((i + 1, at));
            }
        }
        None
    }
    /// The first line at or after `from` (1-based) holding `key:` followed by
    /// text containing `value`; 0 when none does.
    pub fn find(&self, from: usize, key: &str, value: &str) -> usize {
        let pattern = format!("{key}:");
        for (i, line) in self.lines.iter().enumerate().skip(from.saturating_sub(1)) {
            if let Some(pos) = find_key(line, &pattern)
                && line[pos + pattern.len()..].contains(value)
            {
                return i + 1;
            }
        }
        0
    }
    /// Like [`Locator::find`], with the 1-based column (in characters) where
    /// `value` starts (its opening quote, if quoted), or where `key` starts when
    /// `value` is empty.
    pub fn find_pos(&self, from: usize, key: &str, value: &str) -> Option<(usize, usize)> {
        let pattern = format!("{key}:");
        for (i, line) in self.lines.iter().enumerate().skip(from.saturating_sub(1)) {
            let code = *line;
            let Some(pos) = find_key(code, &pattern) else {
                continue;
            };
            let after = pos + pattern.len();
            let Some(vpos) = code[after..].find(value) else {
                continue;
            };
            let mut byte = if value.is_empty() { pos } else { after + vpos };
            if !value.is_empty() && byte > 0 && matches!(code.as_bytes()[byte - 1], b'"' | b'\'') {
                byte -= 1;
            }
            return Some((i + 1, code[..byte].chars().count() + 1));
        }
        None
    }
    /// Like [`Locator::find_pos`], falling back to line `fallback` (no column).
    pub fn pos_or(&self, from: usize, key: &str, value: &str, fallback: usize) -> (usize, usize) {
        self.find_pos(from, key, value).unwrap_or((fallback, 0))
    }
}

/// Where a key appears twice in one YAML mapping. `line` and `column` (1-based)
/// are where the mapping starts, as the YAML parser reports it: its first key,
/// or the `{` of a flow mapping. Returns the second occurrence (line, column)
/// and the line of the first.
pub fn duplicate_key(text: &str, key: &str, line: usize, column: usize) -> Option<((usize, usize), usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let first_line = *lines.get(line.checked_sub(1)?)?;
    let start = first_line.char_indices().nth(column.checked_sub(1)?).map(|(b, _)| b)?;
    let is_key_at = |s: &str| {
        let s = s.strip_prefix(['"', '\'']).unwrap_or(s);
        s.strip_prefix(key).is_some_and(|r| {
            let r = r.strip_prefix(['"', '\'']).unwrap_or(r);
            r.starts_with(':')
        })
    };
    let mut found: Vec<(usize, usize)> = Vec::new();
    if first_line[start..].starts_with('{') {
        // A flow mapping: keys at nesting depth 1, after `{` or `,`.
        let mut depth = 0;
        let mut quote: Option<char> = None;
        let mut expect_key = false;
        'lines: for (i, l) in lines.iter().enumerate().skip(line - 1) {
            let from = if i == line - 1 { start } else { 0 };
            for (b, c) in l[from..].char_indices() {
                let b = from + b;
                if let Some(q) = quote {
                    if c == q {
                        quote = None;
                    }
                    continue;
                }
                if expect_key && depth == 1 && !c.is_whitespace() {
                    expect_key = false;
                    if is_key_at(&l[b..]) {
                        found.push((i + 1, l[..b].chars().count() + 1));
                    }
                }
                match c {
                    '"' | '\'' => quote = Some(c),
                    '{' | '[' => {
                        depth += 1;
                        expect_key = depth == 1;
                    }
                    '}' | ']' => {
                        depth -= 1;
                        if depth == 0 {
                            break 'lines;
                        }
                    }
                    ',' => expect_key = depth == 1,
                    '#' if l[..b].ends_with(' ') => continue 'lines,
                    _ => {}
                }
            }
        }
    } else {
        // A block mapping: keys at the same indentation, until a line indented less.
        let indent = first_line[..start].chars().count();
        for (i, l) in lines.iter().enumerate().skip(line - 1) {
            let trimmed = l.trim_start();
            if i > line - 1 {
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                let own = l.chars().count() - trimmed.chars().count();
                if own < indent {
                    break;
                }
                if own > indent {
                    continue;
                }
            }
            let rest = if i == line - 1 { &l[start..] } else { trimmed };
            if is_key_at(rest) {
                found.push((i + 1, indent + 1));
            }
        }
    }
    match found.as_slice() {
        [first, second, ..] => Some((*second, first.0)),
        _ => None,
    }
}

fn strip_comment(line: &str) -> &str {
    match line.find(" #") {
        Some(p) => &line[..p],
        None => line,
    }
}

fn find_key(line: &str, pattern: &str) -> Option<usize> {
    let mut start = 0;
    while let Some(p) = line[start..].find(pattern) {
        let pos = start + p;
        let before = line[..pos].chars().last();
        if before.is_none_or(|c| c == ' ' || c == '{' || c == ',' || c == '-') {
            return Some(pos);
        }
        start = pos + pattern.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_reported_with_its_line() {
        let mut d = Diagnostics::new();
        assert!(decode("data/units.csv", b"id,name\nx,Long Xuy\xean\n".to_vec(), &mut d).is_none());
        let msgs: Vec<String> = d.sorted().iter().map(|x| x.to_string()).collect();
        assert!(
            msgs[0].starts_with("data/units.csv:2:11: error: the file is saved in the Windows Vietnamese code page"),
            "{msgs:?}"
        );
        // A byte that is no Vietnamese letter in Windows-1258 either (ÿ).
        let mut d = Diagnostics::new();
        assert!(decode("data/units.csv", b"id,name\nx,Long Xuy\xff\n".to_vec(), &mut d).is_none());
        let msgs: Vec<String> = d.sorted().iter().map(|x| x.to_string()).collect();
        assert!(msgs[0].starts_with("data/units.csv:2:11: error: the file is not valid UTF-8"), "{msgs:?}");
        // The column counts characters: "Xuyên," is six characters but seven bytes.
        let mut d = Diagnostics::new();
        assert!(decode("f", b"id\nXuy\xc3\xaan,\xe2".to_vec(), &mut d).is_none());
        assert_eq!(d.sorted()[0].location.to_string(), "f:2:7");
        let mut d = Diagnostics::new();
        assert!(decode("f", b"\xff\xfei\x00d\x00".to_vec(), &mut d).is_none());
        assert!(d.sorted()[0].message(crate::model::Language::En).contains("UTF-16"));
    }

    #[test]
    fn windows_1258_is_recognised() {
        // "Liên đoàn Lao động" as Excel saves it in Windows-1258 (tone marks combining).
        let (bytes, _, _) = encoding_rs::WINDOWS_1258.encode("id,name\nx,Liên đoàn Lao đô\u{323}ng\n");
        assert!(!bytes.contains(&b'&'), "every character has its byte");
        let mut d = Diagnostics::new();
        assert!(decode("data/units.csv", bytes.into_owned(), &mut d).is_none());
        let msgs: Vec<String> = d.sorted().iter().map(|x| x.to_string()).collect();
        assert!(msgs[0].starts_with("data/units.csv:2:5: error: the file is saved in the Windows Vietnamese code page (Windows-1258), not UTF-8 — save it again from Excel as \"CSV UTF-8"), "{msgs:?}");
        // One stray byte in UTF-8 text is not Windows-1258 text.
        assert!(!windows_vietnamese("Liên \u{111}oàn".replace('ê', "\u{0}").as_bytes()));
        assert!(!windows_vietnamese(b"Li\xc3\xaan \xea"));
    }

    #[test]
    fn windows_line_ends_become_unix_ones() {
        let mut d = Diagnostics::new();
        assert_eq!(decode("x", b"a,b\r\nc,d\r\n".to_vec(), &mut d).unwrap(), "a,b\nc,d\n");
    }

    #[test]
    fn bom_is_removed_and_text_normalised() {
        let mut d = Diagnostics::new();
        // "Xuyên" with a combining circumflex (NFD) becomes the precomposed form.
        let t = decode("x", "\u{feff}Xuye\u{302}n".as_bytes().to_vec(), &mut d).unwrap();
        assert_eq!(t, "Xuyên");
    }

    #[test]
    fn duplicate_keys_are_found_in_block_and_flow_mappings() {
        let text = "groups:\n  - id: a\n    rule:\n      metric: x\n      basis: unit\n      metric: y\n  - id: b\n    rule:\n      metric: z\n";
        assert_eq!(duplicate_key(text, "metric", 4, 7), Some(((6, 7), 4)));
        let text = "periods:\n  - id: \"2022\"\n    overall_target: { a: 1, b: { a: 3 }, \"a\": 2 }\n";
        assert_eq!(duplicate_key(text, "a", 3, 21), Some(((3, 42), 3)));
        assert_eq!(duplicate_key(text, "zzz", 3, 21), None);
    }

    #[test]
    fn locator_gives_the_column_of_values() {
        let text = "rule:\n  qualify_at: \"abc\"\n  bonuses:\n    - { at: \"-5%\", add: {} }\n";
        let loc = Locator::new(text);
        assert_eq!(loc.find_pos(1, "qualify_at", "abc"), Some((2, 15)));
        assert_eq!(loc.find_pos(1, "at", "-5%"), Some((4, 13)));
        assert_eq!(loc.find_pos(1, "bonuses", ""), Some((3, 3)));
        assert_eq!(loc.pos_or(1, "nothing", "", 7), (7, 0));
    }

    #[test]
    fn keys_are_found_one_after_another_also_on_one_line() {
        let loc = Locator::new("metrics:\n  a: x # b: no\n  b:\n    c: 1\nm: {é: 1, a: 2, b: 3}\n");
        let mut cursor = KeyCursor::at_line(1);
        assert_eq!(loc.next_key(&mut cursor, "a"), Some((2, 3)));
        assert_eq!(loc.next_key(&mut cursor, "b"), Some((3, 3)));
        assert_eq!(loc.next_key(&mut cursor, "a"), Some((5, 11)));
        assert_eq!(loc.next_key(&mut cursor, "b"), Some((5, 17)));
        assert_eq!(loc.next_key(&mut cursor, "a"), None);
    }

    #[test]
    fn locator_finds_keys_in_flow_and_block_style() {
        let text = "groups:\n  - id: a\n    rule:\n      metric: x\n  - id: b\n    rule:\n      bonuses:\n        - { at: \"105%\", add: {} }\n";
        let loc = Locator::new(text);
        assert_eq!(loc.find(1, "id", "b"), 5);
        assert_eq!(loc.find(5, "at", "105%"), 8);
        assert_eq!(loc.find(1, "metric", "x"), 4);
        assert_eq!(loc.find(1, "metric", "zzz"), 0);
    }
}
