//! site.yaml, campaign.yaml and groups.yaml: parsed strictly (unknown keys,
//! duplicate keys and wrong types are errors with their line and column).
//!
//! This module holds what the three share: the parser and its messages, the
//! files' names, award counts. Each file's shapes and checks are in its own
//! module: [`site()`], [`campaign()`] and [`period_ids`], [`groups()`].

use crate::error::{Diagnostics, Location};
use crate::load::text::Locator;
use crate::messages::{Arg, Message, did_you_mean};
use crate::model::Language;
use crate::model::{Awards, MAX_AWARDS};
use crate::msg;
use serde::Deserialize;
use serde::de::DeserializeOwned;

mod campaign;
mod groups;
mod site;

pub use campaign::{campaign, period_ids};
pub use groups::groups;
pub use site::{site, site_with};

/// A YAML scalar that may have been written with or without quotes.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Scalar {
    pub fn text(&self) -> String {
        match self {
            Scalar::Str(s) => s.clone(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Bool(b) => b.to_string(),
        }
    }
}

/// Parses YAML text into `T`, reporting syntax errors, duplicate keys, unknown
/// or missing keys and wrong types with their place.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str, diags: &mut Diagnostics) -> Option<T> {
    // Nesting too deep for the parser to read in reasonable time, and control
    // characters written as escapes, are found on libyaml's events first.
    if !crate::load::bounds::yaml(file, text, diags) {
        return None;
    }
    // A first pass into a generic value reports syntax errors, and rejects duplicate
    // keys in every mapping, including the free-form ones (metrics, overall_target)
    // that a struct would not check.
    if let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(text) {
        report(file, text, &e, true, diags);
        return None;
    }
    match serde_yaml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            report(file, text, &e, false, diags);
            None
        }
    }
}

fn report(file: &str, text: &str, e: &serde_yaml::Error, syntax: bool, diags: &mut Diagnostics) {
    let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
    let raw = e.to_string();
    // serde_yaml appends " at line L column C"; the location is printed separately.
    let msg = match raw.find(" at line ") {
        Some(p) => raw[..p].to_string(),
        None => raw.clone(),
    };
    let loc = Location::at(file, line.max(1), column);
    if let Some(rest) = msg.split_once("unknown field `").map(|(_, r)| r) {
        let key = rest.split('`').next().unwrap_or_default();
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        let allowed = expected.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
        let suggestion = did_you_mean(key, expected.iter().copied());
        diags.err(loc, msg!("yaml-unknown-key", key = key, suggestion = suggestion, allowed = allowed));
    } else if let Some(rest) = msg.split_once("missing field `").map(|(_, r)| r) {
        let key = rest.split('`').next().unwrap_or_default();
        diags.err(loc, msg!("yaml-missing-key", key = key));
    } else if msg.contains("duplicate entry") || msg.contains("duplicate field") {
        let key = msg.split(['`', '"']).nth(1).unwrap_or_default();
        match crate::load::text::duplicate_key(text, key, line, column) {
            Some(((l, c), first)) => {
                diags.err(Location::at(file, l, c), msg!("yaml-duplicate-key-line", key = key, first = first));
            }
            None => diags.err(loc, msg!("yaml-duplicate-key", key = key)),
        }
    } else if let Some(l) = tab_indent(text, line).filter(|_| syntax) {
        diags.err(Location::at(file, l, 1), msg!("yaml-tab"));
    } else if let Some((l, c)) = unclosed_quote(text, line).filter(|_| syntax) {
        // The parser stops where the runaway quoted text ends, often lines later:
        // point at the quote that was never closed instead.
        diags.err(Location::at(file, l, c), msg!("yaml-unclosed-quote"));
    } else if syntax {
        diags.err(loc, msg!("yaml-malformed", detail = Arg::each(|lang| in_words(&msg, lang, SYNTAX_VI))));
    } else {
        let detail = humanise_type_error(&msg);
        diags.err(loc, msg!("yaml-wrong-type", detail = Arg::each(|lang| in_words(&detail, lang, TYPES_VI))));
    }
}

/// `error_line` (or the line before, where the parser may stop) when it is indented with a tab.
fn tab_indent(text: &str, error_line: usize) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    [error_line, error_line.saturating_sub(1)]
        .into_iter()
        .find(|&l| l > 0 && lines.get(l - 1).is_some_and(|s| s[..s.len() - s.trim_start().len()].contains('\t')))
}

/// The first line before `error_line` whose quotes do not pair up: the place of
/// a quote never closed (line and column, 1-based).
fn unclosed_quote(text: &str, error_line: usize) -> Option<(usize, usize)> {
    for (i, line) in text.lines().enumerate().take(error_line.saturating_sub(1)) {
        let mut open: Option<(char, usize)> = None;
        let mut prev = ' ';
        for (col, c) in line.chars().enumerate() {
            match open {
                Some((q, _)) if c == q && !(q == '"' && prev == '\\') => open = None,
                Some(_) => {}
                // A quote starts a quoted value only at the start of one (after `: `, `- `, `[`, `{`, `,`).
                None if (c == '"' || c == '\'') && matches!(prev, ' ' | '[' | '{' | ',' | ':') => open = Some((c, col)),
                None if c == '#' && prev == ' ' => break,
                None => {}
            }
            prev = c;
        }
        if let Some((_, col)) = open {
            return Some((i + 1, col + 1));
        }
    }
    None
}

/// `english` (a parser's message) in `lang`: its known phrases replaced, in order, by
/// those of `vi`; what it does not know stays as the parser wrote it.
fn in_words(english: &str, lang: Language, vi: &[(&str, &str)]) -> String {
    match lang {
        Language::En => english.to_string(),
        Language::Vi => vi.iter().fold(english.to_string(), |text, (from, to)| text.replace(from, to)),
    }
}

/// The parser's syntax errors podium users meet, in Vietnamese.
const SYNTAX_VI: &[(&str, &str)] = &[
    ("mapping values are not allowed in this context", "không được có dấu hai chấm `: ` ở chỗ này"),
    ("did not find expected key", "không tìm thấy khóa ở chỗ cần có"),
    ("could not find expected ':'", "thiếu dấu hai chấm `:`"),
    ("did not find expected node content", "thiếu giá trị ở chỗ cần có"),
    ("did not find expected '-' indicator", "thiếu dấu `-` của một mục danh sách"),
    ("block sequence entries are not allowed in this context", "không được có mục danh sách `- ` ở chỗ này"),
    ("found character that cannot start any token", "có một ký tự không được đứng đầu giá trị"),
    ("found unexpected end of stream", "tệp kết thúc khi nội dung chưa đủ"),
    ("did not find expected ',' or ']'", "thiếu dấu `,` hoặc `]`"),
    ("did not find expected ',' or '}'", "thiếu dấu `,` hoặc `}`"),
    ("found undefined alias", "có bí danh (alias) chưa được định nghĩa"),
];

/// [`humanise_type_error`]'s words in Vietnamese (longer phrases first).
const TYPES_VI: &[(&str, &str)] = &[
    (
        "expected a single value (text or a number), not a list or a block",
        "cần một giá trị đơn (văn bản hoặc số), không phải danh sách hay khối",
    ),
    ("expected a block of `key: value` lines", "cần một khối gồm các dòng `khóa: giá trị`"),
    ("expected a whole number of 0 or more", "cần một số nguyên từ 0 trở lên"),
    ("expected a whole number", "cần một số nguyên"),
    ("expected text", "cần văn bản"),
    ("expected a list", "cần một danh sách"),
    ("expected true or false", "cần true hoặc false"),
    ("invalid type: ", "sai kiểu: "),
    ("invalid value: ", "giá trị không hợp lệ: "),
    ("integer `", "số nguyên `"),
    ("floating point `", "số thập phân `"),
    ("string \"", "văn bản \""),
    ("boolean `", "giá trị `"),
    (": sequence,", ": danh sách,"),
    (": map,", ": khối,"),
    ("unit value", "giá trị rỗng"),
];

/// Rewrites serde's type names into words a user knows.
fn humanise_type_error(msg: &str) -> String {
    let mut m = msg.replace(
        "data did not match any variant of untagged enum Scalar",
        "expected a single value (text or a number), not a list or a block",
    );
    if let Some(p) = m.find("expected struct ") {
        let end = m[p + 16..].find(|c: char| !c.is_alphanumeric()).map_or(m.len(), |e| p + 16 + e);
        m.replace_range(p..end, "expected a block of `key: value` lines");
    }
    for (from, to) in [
        ("expected u32", "expected a whole number of 0 or more"),
        ("expected u64", "expected a whole number of 0 or more"),
        ("expected i64", "expected a whole number"),
        ("expected a string", "expected text"),
        ("expected a sequence", "expected a list"),
        ("expected a boolean", "expected true or false"),
        ("expected a map", "expected a block of `key: value` lines"),
        ("expected a YAML mapping", "expected a block of `key: value` lines"),
    ] {
        m = m.replace(from, to);
    }
    m
}

pub const SITE: &str = "data/site.yaml";
pub const CAMPAIGN: &str = "data/campaign.yaml";
pub const GROUPS: &str = "data/groups.yaml";

/// The longest span of the periods, first month to last.
pub const MAX_MONTHS: i64 = 120;

/// At most this many messages of one kind are listed per block; the rest are
/// counted (each is placed by a search of the file, and a hostile file can hold
/// tens of thousands).
const LISTED: usize = 20;

/// A place in a YAML file: line and column (0 = unknown).
fn place(file: &str, (line, column): (usize, usize)) -> Location {
    Location::at(file, line.max(1), column)
}

/// Award counts as written: read wide, so that any whole number gets the
/// message about [`MAX_AWARDS`] from [`award_counts`].
#[derive(Deserialize, Default, Clone, Copy)]
#[serde(deny_unknown_fields)]
struct AwardsYaml {
    #[serde(default)]
    collective: u64,
    #[serde(default)]
    individual: u64,
    #[serde(default)]
    any: u64,
}

/// Checks each count against [`MAX_AWARDS`], reporting one too large at its
/// place: the first `kind: n` at or after line `from`. `whose` names the
/// block in the message ("the awards of group `nhom-1`").
fn award_counts(
    file: &str,
    a: AwardsYaml,
    whose: &Message,
    loc: &Locator,
    from: usize,
    diags: &mut Diagnostics,
) -> Awards {
    let mut count = |kind: &str, n: u64| match u32::try_from(n) {
        Ok(n) if n <= MAX_AWARDS => n,
        _ => {
            diags.err(
                place(file, loc.pos_or(from, kind, &n.to_string(), from)),
                msg!("awards-too-many", kind = kind, count = n.to_string(), whose = whose.clone(), max = MAX_AWARDS),
            );
            MAX_AWARDS
        }
    };
    Awards {
        collective: count("collective", a.collective),
        individual: count("individual", a.individual),
        any: count("any", a.any),
    }
}
