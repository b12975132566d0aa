//! units.csv, targets.csv, results.csv and nominations.csv: columns in any
//! order, unknown columns ignored (and never kept), every cell checked.
//!
//! This module holds what the four share: the CSV reading (header and columns,
//! rows, a large file split in parts), figures and their bounds, and the
//! messages about unknown units and periods. Each file's loader is in its own
//! module: [`units()`], [`targets()`], [`results()`], [`nominations()`].

use crate::error::{Diagnostics, Location};
use crate::messages::{Arg, Message, did_you_mean, first_of};
use crate::model::{Campaign, IndexVec, Unit, UnitIx};
use crate::msg;
use rustc_hash::FxHashMap;
use std::collections::{HashMap, HashSet};

mod nominations;
mod results;
mod targets;
mod units;

pub use nominations::nominations;
pub use results::results;
pub use targets::targets;
pub use units::units;

pub const UNITS: &str = "data/units.csv";
pub const TARGETS: &str = "data/targets.csv";
pub const RESULTS: &str = "data/results.csv";
pub const NOMINATIONS: &str = "data/nominations.csv";

/// At most this many messages of one kind are listed per file; the rest are counted.
const LISTED: usize = 20;

/// The largest figure accepted in a cell: sums of many months stay exact in i64
/// and their cross-multiplied comparisons in i128.
pub const MAX_VALUE: i64 = 1_000_000_000_000;

/// The most that the figures a metric adds (its `plus` columns, over every row
/// of results.csv) may total, and likewise the figures it subtracts: 10^14,
/// a hundred cells at [`MAX_VALUE`]. Every sum the engine makes (a unit's value,
/// the campaign total, the running totals month by month) lies between minus
/// and plus this bound, so it stays exact in i64, and so does a percentage in
/// hundredths (value × 10 000 ≤ 10^18 < 2^63). Checked once when the rows are
/// read, so the engine adds without checks.
pub const MAX_TOTAL: i64 = 100_000_000_000_000;

/// What the other files may refer to. Cross-checks use it so that a problem
/// already reported in one file (a unit row with a bad id, a period with bad
/// months, a units.csv that cannot be read) is not repeated as an "unknown"
/// error on every row of every other file.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// Every id units.csv names, valid or not; `None` when units.csv could not be read.
    pub units: Option<HashSet<String>>,
    /// Every period id campaign.yaml names, valid or not.
    pub periods: HashSet<String>,
    /// Every period was read without error, so a month outside them all is truly outside.
    pub all_periods_valid: bool,
}

impl Known {
    fn unknown_unit(&self, id: &str) -> bool {
        self.units.as_ref().is_some_and(|ids| !ids.contains(id))
    }
    fn unknown_period(&self, id: &str) -> bool {
        !self.periods.contains(id)
    }
}

/// A CSV file with its header resolved to the columns a loader asked for.
struct Table<'a> {
    file: &'static str,
    reader: csv::Reader<&'a [u8]>,
    /// Lines of the file before the reader's first byte (a part of the file read on its own).
    lines_before: usize,
    /// For each requested column, its position in the file (None if absent and optional).
    index: Vec<Option<usize>>,
    /// The number of columns the header names.
    width: usize,
    /// The first requested column of rows skipped as unreadable (for units.csv: their ids).
    skipped: Vec<String>,
    /// The byte between fields: `,`, or `;` as Excel writes "CSV" where the decimal mark is a comma.
    delimiter: u8,
}

impl<'a> Table<'a> {
    /// Opens `text`, locating `required` and `optional` columns. Missing required
    /// columns are reported (with a suggestion from the unknown columns).
    fn open(
        file: &'static str,
        text: &'a str,
        required: &[&str],
        optional: &[&str],
        diags: &mut Diagnostics,
    ) -> Option<Table<'a>> {
        // Cells are trimmed as they are read (`Table::each`): the reader's own trimming
        // copies every record into a new one.
        let delimiter = delimiter(text, required);
        let mut reader = csv::ReaderBuilder::new().flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
        let headers: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
            Err(e) => {
                diags.err(Location::line(file, 1), msg!("csv-header-unreadable", error = e.to_string()));
                return None;
            }
        };
        if headers.iter().all(|h| h.is_empty()) {
            diags.err(Location::line(file, 1), msg!("csv-header-missing", columns = required.join(",")));
            return None;
        }
        let wanted: Vec<&str> = required.iter().chain(optional).copied().collect();
        // Looked up by name: a header (or a campaign) may have thousands of columns.
        let wanted_set: HashSet<&str> = wanted.iter().copied().collect();
        let mut position: HashMap<&str, usize> = HashMap::with_capacity(headers.len());
        let mut ok = true;
        for (i, h) in headers.iter().enumerate() {
            if h.is_empty() {
                continue;
            }
            if position.contains_key(h.as_str()) {
                if wanted_set.contains(h.as_str()) {
                    diags.err(Location::at(file, 1, i + 1), msg!("csv-column-twice", column = h));
                    ok = false;
                }
            } else {
                position.insert(h, i);
            }
        }
        let unknown: Vec<&str> = headers.iter().map(String::as_str).filter(|h| !wanted_set.contains(h)).collect();
        // A long list is cut: the first columns, and how many there are.
        let must: Arg = if required.len() > LISTED {
            msg!("csv-columns-first", list = required[..LISTED].join(","), count = required.len()).into()
        } else {
            required.join(",").into()
        };
        // Columns are missing from a header with `;` in it: say how the line was split.
        let must: Arg = if text.split('\n').next().unwrap_or("").contains(';') {
            let separator = if delimiter == b';' { ";" } else { "," };
            msg!("csv-columns-separator", columns = must, separator = separator).into()
        } else {
            must
        };
        let mut index = Vec::new();
        let mut missing = 0;
        for (n, name) in wanted.iter().enumerate() {
            let pos = position.get(name).copied();
            if pos.is_none() && n < required.len() {
                missing += 1;
                if missing <= LISTED {
                    let suggestion = did_you_mean(name, unknown.iter().copied());
                    let m = msg!("csv-missing-column", column = *name, suggestion = suggestion, columns = must.clone());
                    diags.err(Location::line(file, 1), m);
                }
                ok = false;
            }
            index.push(pos);
        }
        if missing > LISTED {
            diags.err(
                Location::line(file, 1),
                msg!("csv-columns-more", count = missing - LISTED, listed = LISTED, columns = must),
            );
        }
        let width = headers.len();
        ok.then_some(Table { file, reader, lines_before: 0, index, width, skipped: Vec::new(), delimiter })
    }

    /// Calls `f` with each record, its line number and the cells of the requested columns.
    fn each(&mut self, diags: &mut Diagnostics, mut f: impl FnMut(usize, &[&str], &mut Diagnostics)) {
        let mut record = csv::StringRecord::new();
        // One allocation for the cells of every row (see `recycle`).
        let mut spare: Vec<&str> = Vec::with_capacity(self.index.len());
        loop {
            match self.reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map_or(0, |p| self.lines_before + p.line() as usize);
                    diags.err(Location::line(self.file, line), msg!("csv-row-unreadable", error = e.to_string()));
                    break;
                }
            }
            let line = record.position().map_or(0, |p| self.lines_before + p.line() as usize);
            if record.iter().all(|c| trim(c).is_empty()) {
                continue;
            }
            // More cells than columns: a comma inside an unquoted cell has split it, and the
            // cells after it are in the wrong columns. (Empty extra cells are harmless.)
            if record.iter().skip(self.width).any(|c| !trim(c).is_empty()) {
                diags.err(
                    Location::line(self.file, line),
                    msg!("csv-row-too-wide", cells = record.len(), columns = self.width),
                );
                if let Some(first) = self.index[0].and_then(|i| record.get(i)) {
                    self.skipped.push(first.trim().to_string());
                }
                continue;
            }
            let mut cells = recycle(spare);
            cells.extend(self.index.iter().map(|idx| idx.and_then(|i| record.get(i)).map_or("", trim)));
            f(line, &cells, diags);
            spare = recycle(cells);
        }
    }

    /// Splits the rows not read yet into up to `parts` tables over consecutive stretches of
    /// the file, to be read side by side; their lines keep their numbers in the whole file.
    /// Each comes with its number of lines, the most rows it can hold. A file with a double
    /// quote stays whole: a quoted cell may hold a line break. (Rows skipped as unreadable
    /// are then noted in each part's own `skipped`.)
    fn split(self, text: &'a str, parts: usize) -> Vec<(Table<'a>, usize)> {
        let lines = |b: &[u8]| b.iter().filter(|&&c| c == b'\n').count() + 1;
        let start = self.reader.position().byte() as usize;
        let rest = &text.as_bytes()[start.min(text.len())..];
        if parts < 2 || rest.len() < 64 * 1024 || rest.contains(&b'"') || self.lines_before > 0 {
            let rows = lines(rest);
            return vec![(self, rows)];
        }
        // Each part ends just after a line break, at about its share of the bytes.
        let mut bounds = vec![0];
        for k in 1..parts {
            let from = (rest.len() * k / parts).max(*bounds.last().unwrap_or(&0));
            match rest[from..].iter().position(|&b| b == b'\n') {
                Some(i) if from + i + 1 < rest.len() => bounds.push(from + i + 1),
                _ => break,
            }
        }
        bounds.push(rest.len());
        bounds.dedup();
        let mut lines_before = lines(&text.as_bytes()[..start]) - 1;
        let mut tables = Vec::with_capacity(bounds.len() - 1);
        for w in bounds.windows(2) {
            let part = &rest[w[0]..w[1]];
            let reader =
                csv::ReaderBuilder::new().flexible(true).has_headers(false).delimiter(self.delimiter).from_reader(part);
            let table = Table {
                file: self.file,
                reader,
                lines_before,
                index: self.index.clone(),
                width: self.width,
                skipped: Vec::new(),
                delimiter: self.delimiter,
            };
            let n = lines(part);
            tables.push((table, n));
            lines_before += n - 1;
        }
        tables
    }
}

/// The separator of a CSV file, told from its header line: `;` when splitting the header
/// at `;` finds more of the `required` columns than splitting it at `,` (Excel on a
/// computer whose decimal mark is a comma, as in Vietnam, saves "CSV" with `;`), or when
/// the header holds `;` and no `,` at all. Otherwise `,`.
fn delimiter(text: &str, required: &[&str]) -> u8 {
    let header = text.split('\n').next().unwrap_or("");
    if !header.contains(';') {
        return b',';
    }
    let found = |sep: char| {
        header.split(sep).map(|h| h.trim().trim_matches('"').trim()).filter(|h| required.contains(h)).count()
    };
    let (commas, semicolons) = (found(','), found(';'));
    if semicolons > commas || (commas == 0 && !header.contains(',')) { b';' } else { b',' }
}

/// `str::trim`, without its Unicode scan for the common cell that starts and ends in
/// neither whitespace nor a non-ASCII character.
fn trim(cell: &str) -> &str {
    let plain = |b: u8| b.is_ascii() && !b.is_ascii_whitespace();
    match cell.as_bytes() {
        [] => cell,
        [first, .., last] | [first @ last] if plain(*first) && plain(*last) => cell,
        _ => cell.trim(),
    }
}

/// An empty vector of any borrowed strings that reuses `v`'s allocation (the collect is done
/// in place), so that a loop can refill one vector with cells of a new record each time.
fn recycle<'x>(mut v: Vec<&str>) -> Vec<&'x str> {
    v.clear();
    v.into_iter().map(|_| "").collect()
}

/// 1-based column of the requested column `n`, for messages.
fn col(table_index: &[Option<usize>], n: usize) -> usize {
    table_index[n].map_or(0, |i| i + 1)
}

/// Why a cell is not a figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAFigure {
    Empty,
    /// The cell's text, e.g. `-5`.
    Negative(String),
    NotWhole(String),
    TooLarge(String),
}

impl NotAFigure {
    /// What is wrong, and how to fix it.
    pub fn message(&self) -> Message {
        match self {
            NotAFigure::Empty => msg!("figure-empty"),
            NotAFigure::Negative(t) => msg!("figure-negative", value = t),
            NotAFigure::NotWhole(t) => msg!("figure-not-whole", value = t),
            NotAFigure::TooLarge(t) => msg!("figure-too-large", value = t, max = MAX_VALUE.to_string()),
        }
    }
}

/// Parses a figure: a whole number from 0 to [`MAX_VALUE`].
pub fn figure(text: &str) -> Result<i64, NotAFigure> {
    // The common case in one pass: up to 13 digits (MAX_VALUE has 13).
    let b = text.as_bytes();
    if !b.is_empty() && b.len() <= 13 && b.iter().all(u8::is_ascii_digit) {
        let v = b.iter().fold(0i64, |v, &d| v * 10 + i64::from(d - b'0'));
        if v <= MAX_VALUE {
            return Ok(v);
        }
    }
    let t = text.trim();
    if t.is_empty() {
        return Err(NotAFigure::Empty);
    }
    if t.starts_with('-') && t[1..].bytes().all(|c| c.is_ascii_digit()) && t.len() > 1 {
        return Err(NotAFigure::Negative(t.to_string()));
    }
    if !t.bytes().all(|c| c.is_ascii_digit()) {
        return Err(NotAFigure::NotWhole(t.to_string()));
    }
    match t.parse::<i64>() {
        Ok(v) if v <= MAX_VALUE => Ok(v),
        _ => Err(NotAFigure::TooLarge(t.to_string())),
    }
}

/// Unit id → index (the files' ids are the project's own: no need for a DoS-proof hash).
pub fn unit_lookup(units: &IndexVec<UnitIx, Unit>) -> FxHashMap<&str, UnitIx> {
    units.iter_enumerated().map(|(i, u)| (u.id.as_str(), i)).collect()
}

fn unknown_unit(file: &'static str, line: usize, column: usize, id: &str, hints: &mut Hints, diags: &mut Diagnostics) {
    let m = msg!("table-unknown-unit", id = id, suggestion = hints.hint(id), table = table_name(UNITS));
    diags.err(Location::at(file, line, column), m);
}

/// A table named in a message: its CSV file's name (`units.csv`), which
/// [`Sources::relocate`](crate::load::workbook::Sources::relocate) writes as a sheet when a
/// workbook holds the table.
pub fn table_name(file: &'static str) -> Message {
    msg!("place-table", file = file.strip_prefix("data/").unwrap_or(file))
}

/// Another line of the same table named in a message ("on line 12"), which
/// [`Sources::relocate`](crate::load::workbook::Sources::relocate) writes as the row it came
/// from when a workbook holds the table.
pub fn line_place(line: usize) -> Message {
    msg!("place-line", line = line)
}

/// The most candidates compared, over a whole file, to find "did you mean"
/// suggestions: a suggestion compares the unknown id with every unit id, so on a
/// national campaign (100,000 units) a month pasted with wrong ids would take
/// minutes. With the budget, the first distinct unknown ids of the file (all of
/// them on a small campaign, the first 10 on the largest) get a suggestion, the
/// others the message without one.
pub const SUGGESTION_BUDGET: usize = 1_000_000;

/// "Did you mean" for unknown ids, each computed once, within [`SUGGESTION_BUDGET`].
/// Used in file order, so the messages do not depend on how the file was split.
pub struct Hints<'a> {
    /// Lists the candidates, on the first unknown id (most files have none).
    list: Box<dyn Fn() -> Vec<&'a str> + 'a>,
    candidates: Option<Vec<&'a str>>,
    cache: FxHashMap<String, Arg>,
    spent: usize,
}

impl<'a> Hints<'a> {
    pub fn new(list: impl Fn() -> Vec<&'a str> + 'a) -> Hints<'a> {
        Hints { list: Box::new(list), candidates: None, cache: FxHashMap::default(), spent: 0 }
    }

    /// "did you mean `x`? " or nothing.
    pub fn hint(&mut self, id: &str) -> Arg {
        if let Some(h) = self.cache.get(id) {
            return h.clone();
        }
        let candidates = self.candidates.get_or_insert_with(|| (self.list)());
        // `suggest` breaks ties by the candidate itself: the order of the list does not matter.
        let h = if self.spent + candidates.len() <= SUGGESTION_BUDGET {
            self.spent += candidates.len();
            did_you_mean(id, candidates.iter().copied())
        } else {
            Arg::Text(String::new())
        };
        self.cache.insert(id.to_string(), h.clone());
        h
    }
}

fn unknown_period(
    file: &'static str,
    line: usize,
    column: usize,
    id: &str,
    campaign: &Campaign,
    hints: &mut Hints,
    diags: &mut Diagnostics,
) {
    let ids: Vec<&str> = campaign.periods.iter().map(|p| p.id.as_str()).collect();
    diags.err(
        Location::at(file, line, column),
        msg!("table-unknown-period", id = id, suggestion = hints.hint(id), periods = first_of(&ids)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;

    #[test]
    fn figures_are_whole_non_negative_numbers() {
        assert_eq!(figure("1410"), Ok(1410));
        assert_eq!(figure(" 0 "), Ok(0));
        assert_eq!(figure("12a"), Err(NotAFigure::NotWhole("12a".into())));
        assert_eq!(figure("1.410"), Err(NotAFigure::NotWhole("1.410".into())));
        assert_eq!(figure("-5"), Err(NotAFigure::Negative("-5".into())));
        assert_eq!(figure(" "), Err(NotAFigure::Empty));
        assert_eq!(figure("99999999999999999999"), Err(NotAFigure::TooLarge("99999999999999999999".into())));
        assert_eq!(figure("0007"), Ok(7));
        assert_eq!(figure("1000000000000"), Ok(MAX_VALUE));
        assert!(matches!(figure("1000000000001"), Err(NotAFigure::TooLarge(_))));
        assert!(matches!(figure("9999999999999"), Err(NotAFigure::TooLarge(_))));
        let m = figure("99999999999999").unwrap_err().message();
        assert_eq!(m.text(Language::En), "`99999999999999` is too large (at most 1000000000000)");
        assert_eq!(m.hint(Language::Vi), "hãy kiểm tra lỗi gõ hoặc chữ số thừa");
    }

    #[test]
    fn the_separator_is_told_from_the_header() {
        let req = ["unit", "month", "members_added"];
        assert_eq!(delimiter("unit,month,members_added\n", &req), b',');
        assert_eq!(delimiter("unit;month;members_added\nx;2023-01;1,5\n", &req), b';');
        assert_eq!(delimiter("\"unit\";\"month\";members_added", &req), b';');
        // A name with a `;` in a comma-separated header stays comma-separated.
        assert_eq!(delimiter("unit,month,members_added,note;x\n", &req), b',');
        // Nothing known either way: no comma at all means `;`.
        assert_eq!(delimiter("a;b\n", &req), b';');
        assert_eq!(delimiter("a;b,c\n", &req), b',');
    }

    #[test]
    fn cells_lose_any_surrounding_white_space() {
        assert_eq!(trim("u01"), "u01");
        assert_eq!(trim("x"), "x");
        assert_eq!(trim(""), "");
        assert_eq!(trim(" 12\t"), "12");
        assert_eq!(trim("\u{a0}12\u{3000}"), "12");
        assert_eq!(trim("Đà Nẵng"), "Đà Nẵng");
        assert_eq!(trim("   "), "");
    }
}
