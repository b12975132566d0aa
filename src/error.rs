//! Diagnostics: every input problem carries its place (`file:line[:column]`).
//!
//! Loading and validation collect problems into [`Diagnostics`] instead of
//! stopping at the first one; the CLI prints them sorted, once.

use crate::messages::Message;
use crate::model::Language;
use crate::msg;
use std::fmt;

/// Where in the project a problem was found. `file` is relative to the project folder.
/// In a workbook, `sheet` names the sheet, `line` is the row and `column` the column
/// (1 = A), printed as `data/thi-dua.xlsx › 'results'!C14`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub file: String,
    pub sheet: Option<String>,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Self {
        Location { file: file.into(), sheet: None, line: 0, column: 0 }
    }
    pub fn line(file: impl Into<String>, line: usize) -> Self {
        Location { file: file.into(), sheet: None, line, column: 0 }
    }
    pub fn at(file: impl Into<String>, line: usize, column: usize) -> Self {
        Location { file: file.into(), sheet: None, line, column }
    }
    /// A cell of a workbook's sheet: `row` and `column` 1-based; column 0 stands for the
    /// whole row, row 0 for the whole sheet.
    pub fn cell(file: impl Into<String>, sheet: impl Into<String>, row: usize, column: usize) -> Self {
        Location { file: file.into(), sheet: Some(sheet.into()), line: row, column }
    }
}

/// A column's letters as a spreadsheet shows them: 1 → A, 27 → AA.
pub fn column_letters(column: usize) -> String {
    let mut n = column;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(sheet) = &self.sheet {
            // As Excel writes a reference to another sheet: quoted, a quote doubled.
            write!(f, " › '{}'", sheet.replace('\'', "''"))?;
            if self.line > 0 {
                if self.column > 0 {
                    write!(f, "!{}{}", column_letters(self.column), self.line)?;
                } else {
                    write!(f, "!{0}:{0}", self.line)?;
                }
            }
            return Ok(());
        }
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem: what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where; a diagnostic whose `file` is empty is about the command itself.
    pub location: Location,
    pub severity: Severity,
    /// What it says: a message of the catalogues, whose value is the message and whose
    /// `.hint` is the hint.
    pub text: Message,
}

impl Diagnostic {
    /// What is wrong, in `lang`.
    pub fn message(&self, lang: Language) -> String {
        self.text.text(lang)
    }

    /// How to fix it, in `lang` (may be empty).
    pub fn hint(&self, lang: Language) -> String {
        self.text.hint(lang)
    }

    /// The line podium prints, in `lang`: `file:line:column: error: what — how to fix`
    /// (`lỗi: …` in Vietnamese).
    pub fn render(&self, lang: Language) -> String {
        let kind = match self.severity {
            Severity::Error => msg!("severity-error"),
            Severity::Warning => msg!("severity-warning"),
        };
        let mut line = String::new();
        // A message quotes what the files hold, file names included: a control
        // character there is shown, never sent to the terminal.
        if !self.location.file.is_empty() {
            line.push_str(&visible(&self.location.to_string()));
            line.push_str(": ");
        }
        line.push_str(&kind.text(lang));
        line.push_str(": ");
        line.push_str(&visible(&self.message(lang)));
        let hint = self.hint(lang);
        if !hint.is_empty() {
            line.push_str(" — ");
            line.push_str(&visible(&hint));
        }
        line
    }
}

/// In English (the command line prints [`Diagnostic::render`] in the project's language).
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Language::En))
    }
}

/// A character no input text may hold, nor a message print: the C0 controls but
/// tab and line feed, DEL, the C1 controls, and the bidirectional embeddings,
/// overrides and isolates, which make text display in another order than it is
/// stored ("Trojan Source").
pub fn forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with each [`forbidden`] character written as an escape (`\u{1b}`).
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(forbidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if forbidden(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// All problems found in one run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    /// An error from the catalogues: `diags.err(location, msg!("id", arg = value))`.
    pub fn err(&mut self, location: Location, message: Message) {
        self.items.push(Diagnostic { location, severity: Severity::Error, text: message });
    }

    /// A warning from the catalogues.
    pub fn warn(&mut self, location: Location, message: Message) {
        self.items.push(Diagnostic { location, severity: Severity::Warning, text: message });
    }

    /// A diagnostic made elsewhere (e.g. moved to its place in a larger file).
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Every problem, in the order found.
    pub fn into_items(self) -> Vec<Diagnostic> {
        self.items
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The problems sorted by file, line, column, then message (its English words, so
    /// that the order is the same in every language); duplicates removed.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort_by_cached_key(|d| (d.location.clone(), d.severity, d.message(Language::En)));
        items.dedup();
        items
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest candidate to `word`, if it is close enough to be a likely typo:
/// at most a third of the longer word's letters differ (at least two may), so
/// that a shortened key (`qualify` for `qualify_at`) still finds its match.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = word.chars().count();
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (len.max(c.chars().count()) / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

/// How many items of a list a message shows at most.
pub const SHOWN: usize = 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_formats_only_known_parts() {
        assert_eq!(Location::file("data/x.csv").to_string(), "data/x.csv");
        assert_eq!(Location::line("data/x.csv", 3).to_string(), "data/x.csv:3");
        assert_eq!(Location::at("data/x.csv", 3, 7).to_string(), "data/x.csv:3:7");
        assert_eq!(Location::cell("data/t.xlsx", "results", 14, 3).to_string(), "data/t.xlsx › 'results'!C14");
        assert_eq!(Location::cell("data/t.xlsx", "Lan's", 2, 0).to_string(), "data/t.xlsx › 'Lan''s'!2:2");
        assert_eq!(Location::cell("data/t.xlsx", "2023-06", 0, 0).to_string(), "data/t.xlsx › '2023-06'");
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(703), "AAA");
    }

    #[test]
    fn control_characters_in_messages_are_shown_not_printed() {
        let mut d = Diagnostics::new();
        d.err(Location::line("data/pages/\u{1b}[2J.md", 1), msg!("group-duplicate-id", id = "\u{1b}]0;x\u{7}\u{202e}"));
        assert_eq!(
            d.sorted()[0].to_string(),
            "data/pages/\\u{1b}[2J.md:1: error: duplicate group id `\\u{1b}]0;x\\u{7}\\u{202e}` — give every group its own id"
        );
    }

    #[test]
    fn a_line_is_said_in_the_language_asked_for() {
        let mut d = Diagnostics::new();
        d.err(Location::at("data/campaign.yaml", 3, 8), msg!("period-duplicate-id", id = "2022"));
        d.err(Location::at("data/campaign.yaml", 3, 8), msg!("period-bad-id", id = "2022"));
        let s = d.sorted();
        // Sorted on the English words ("duplicate" before "period"), whatever the language.
        assert_eq!(
            s[0].render(Language::Vi),
            "data/campaign.yaml:3:8: lỗi: mã giai đoạn `2022` bị trùng — mỗi giai đoạn phải có một mã riêng"
        );
        assert_eq!(
            s[0].to_string(),
            "data/campaign.yaml:3:8: error: duplicate period id `2022` — give every period its own id"
        );
        assert!(s[1].render(Language::Vi).starts_with("data/campaign.yaml:3:8: lỗi: mã giai đoạn `2022` không hợp lệ"));
        // A problem of the command has no place.
        let text = msg!("results-empty", table = crate::load::table::table_name(crate::load::table::RESULTS));
        let usage = Diagnostic { location: Location::file(""), severity: Severity::Warning, text };
        assert_eq!(
            usage.render(Language::Vi),
            "cảnh báo: results.csv chưa có dòng kết quả nào — hãy thêm số liệu của tháng đầu tiên"
        );
    }

    #[test]
    fn suggestions_find_typos_only() {
        assert_eq!(suggest("membrs_added", ["members_added", "members_lost"]), Some("members_added"));
        assert_eq!(suggest("xyz", ["members_added"]), None);
        assert_eq!(suggest("qualify", ["metric", "basis", "qualify_at", "awards"]), Some("qualify_at"));
        assert_eq!(suggest("nhom1", ["nhom-1", "nhom-4"]), Some("nhom-1"));
    }
}
