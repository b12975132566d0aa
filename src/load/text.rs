//! Reading input files as text: UTF-8 (with or without BOM), NFC-normalised.

use crate::error::{Diagnostics, Location};
use std::path::Path;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Reads `dir/rel` as UTF-8 text normalised to NFC. Reports a missing file,
/// an unreadable file or invalid UTF-8 (with its line) and returns `None`.
pub fn read_text(dir: &Path, rel: &str, diags: &mut Diagnostics) -> Option<String> {
    let bytes = match std::fs::read(dir.join(rel)) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            diags.error(Location::file(rel), "file not found", format!("create {rel} (see docs/formats.md)"));
            return None;
        }
        Err(e) => {
            diags.error(Location::file(rel), format!("cannot read the file: {e}"), "check the file's permissions");
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
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            let column = valid - bytes[..valid].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
            diags.error(
                Location::at(rel, line, column),
                "the file is not valid UTF-8 text",
                "save it as \"CSV UTF-8\" / \"UTF-8\" in your spreadsheet or editor (not Windows-1258, TCVN3 or VNI)",
            );
            return None;
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Some(nfc(text))
}

/// Normalises to Unicode NFC, without copying text that is already NFC.
pub fn nfc(text: String) -> String {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}

/// Finds lines in a YAML file by their content, to place messages about
/// values that parsed but do not make sense.
pub struct Locator<'a> {
    lines: Vec<&'a str>,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        Locator { lines: text.lines().collect() }
    }
    /// The first line at or after `from` (1-based) holding `key:` followed by
    /// text containing `value`; 0 when none does.
    pub fn find(&self, from: usize, key: &str, value: &str) -> usize {
        let pattern = format!("{key}:");
        for (i, line) in self.lines.iter().enumerate().skip(from.saturating_sub(1)) {
            let line = strip_comment(line);
            if let Some(pos) = find_key(line, &pattern) {
                if line[pos + pattern.len()..].contains(value) {
                    return i + 1;
                }
            }
        }
        0
    }
    /// Like [`Locator::find`] but falls back to `fallback` when nothing matches.
    pub fn find_or(&self, from: usize, key: &str, value: &str, fallback: usize) -> usize {
        match self.find(from, key, value) {
            0 => fallback,
            n => n,
        }
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
        assert!(msgs[0].starts_with("data/units.csv:2:11: error: the file is not valid UTF-8"), "{msgs:?}");
    }

    #[test]
    fn bom_is_removed_and_text_normalised() {
        let mut d = Diagnostics::new();
        // "Xuyên" with a combining circumflex (NFD) becomes the precomposed form.
        let t = decode("x", "\u{feff}Xuye\u{302}n".as_bytes().to_vec(), &mut d).unwrap();
        assert_eq!(t, "Xuyên");
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
