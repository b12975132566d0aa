//! Workbooks as input: `data/*.xlsx` (also `.xlsm`, `.xls` and `.ods`) may hold the
//! tables instead of the CSV files (docs/formats.md, "Workbooks").
//!
//! A sheet becomes the very text a CSV file would hold (one line per row, the cells of
//! its header's columns), so that the table loaders (src/load/table/) check it with
//! every rule a CSV file meets. What only a workbook can get wrong is checked here, cell
//! by cell, as the text is made: a number stored as text, a decimal where a count is
//! needed, a formula whose value is an error, a date where no date belongs, merged
//! cells, a hidden sheet. [`Origin`] remembers, for every line of the text made, the
//! sheet and row it came from, and for every column the sheet's column, so that the
//! loaders' messages are moved to the cell (`data/thi-dua.xlsx › 'results'!C14`).
//!
//! Two layouts are read:
//! - a sheet per table, named like the CSV file (`units`, `targets`, `results`,
//!   `nominations`, or in Vietnamese `don-vi`/`Đơn vị`, `chi-tieu`/`Chỉ tiêu`,
//!   `ket-qua`/`Kết quả`, `de-nghi`/`Đề nghị`), with the CSV file's header row;
//! - for results, a sheet per month (`2023-06`, `T6-2023`, `T06-2023`, `Tháng 6-2023`),
//!   a row per unit: `unit` and the figure columns, without `month`. A unit whose
//!   figures are all empty has not reported that month (its row is not read).
//!
//! The header is the first row that names the table's first column (`id` for units,
//! `period` for nominations, `unit` otherwise): rows above it (a title) are not read.
//!
//! The messages written here are grouped in [`msg`], in the style of the loaders'.

mod guard;

use crate::error::{Diagnostics, Location, column_letters, forbidden};
use crate::load::table::{NOMINATIONS, RESULTS, TARGETS, UNITS};
use crate::messages::{Arg, Message};
use crate::model::{Campaign, Month};
use crate::msg;
use calamine::{Data, DataRef, Reader, SheetVisible, Sheets};
use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use std::path::Path;

pub use guard::{MAX_FILE, MAX_PART, MAX_RUN, MAX_SHEET, MAX_TOTAL};

/// The four tables, as the loaders name them (their CSV files).
pub const TABLES: [&str; 4] = [UNITS, TARGETS, RESULTS, NOMINATIONS];
const RESULTS_IX: usize = 2;

/// The sheet names of each table (in [`TABLES`] order), compared without regard to case:
/// the CSV file's name, and the Vietnamese name with and without its diacritics.
pub const SHEET_NAMES: [[&str; 3]; 4] = [
    ["units", "don-vi", "đơn vị"],
    ["targets", "chi-tieu", "chỉ tiêu"],
    ["results", "ket-qua", "kết quả"],
    ["nominations", "de-nghi", "đề nghị"],
];

/// How a column's cells are taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Ids, names, periods: a whole number is written without decimals; a date is an error.
    Text,
    /// `month`: a date cell is its month.
    Month,
    /// A figure: a number cell holding a whole number.
    Figure,
}

/// The columns of a table the loader reads, and the column whose name marks the header row.
struct Spec {
    key: &'static str,
    columns: Vec<(String, Role)>,
}

impl Spec {
    fn role(&self, name: &str) -> Option<Role> {
        self.columns.iter().find(|(n, _)| n == name).map(|(_, r)| *r)
    }
}

fn specs(campaign: Option<&Campaign>) -> [Spec; 4] {
    let text = |names: &[&str]| names.iter().map(|n| (n.to_string(), Role::Text)).collect::<Vec<_>>();
    let mut targets = text(&["unit", "period"]);
    let mut results = text(&["unit"]);
    results.push(("month".into(), Role::Month));
    if let Some(c) = campaign {
        targets.extend(c.metrics.iter().map(|m| (m.id.clone(), Role::Figure)));
        results.extend(c.columns.iter().map(|col| (col.clone(), Role::Figure)));
    }
    [
        Spec { key: "id", columns: text(&["id", "name", "group", "short_name", "kind"]) },
        Spec { key: "unit", columns: targets },
        Spec { key: "unit", columns: results },
        Spec { key: "period", columns: text(&["period", "unit", "kind", "name", "title"]) },
    ]
}

/// The table a sheet's name stands for, if any.
pub fn table_of_sheet(name: &str) -> Option<usize> {
    let n = crate::load::text::nfc(name.trim().to_lowercase());
    SHEET_NAMES.iter().position(|names| names.contains(&n.as_str()))
}

/// The month a sheet's name stands for: `2023-06`, `T6-2023`, `T06-2023`, `Tháng 6-2023`.
pub fn month_of_sheet(name: &str) -> Option<Month> {
    let n = crate::load::text::nfc(name.trim().to_lowercase());
    if let Some(m) = Month::parse(&n) {
        return Some(m);
    }
    let rest = ["tháng ", "thang ", "t"].iter().find_map(|p| n.strip_prefix(p))?;
    let (m, y) = rest.trim_start().split_once('-')?;
    let ok =
        |s: &str, len: std::ops::RangeInclusive<usize>| len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !ok(m, 1..=2) || !ok(y, 4..=4) {
        return None;
    }
    Month::parse(&format!("{y}-{m:0>2}"))
}

/// Whether a sheet's name that [`month_of_sheet`] does not read still looks like a month:
/// `T13-2023`, `T6`, `Tháng 6`, `Jun-23`, `June 2023`, `2023-6`, `2023-6a`, `6-2023`, `06/2023`.
/// (Not a name that merely holds a year, such as `Tổng hợp 2023`.)
pub fn looks_like_month(name: &str) -> bool {
    let n = crate::load::text::nfc(name.trim().to_lowercase());
    let digit_at = |s: &str| s.trim_start().starts_with(|c: char| c.is_ascii_digit());
    // Tháng 6, T6-2023, T13-2023, T6
    if ["tháng", "thang"].iter().any(|p| n.strip_prefix(p).is_some_and(digit_at))
        || n.strip_prefix('t').is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    {
        return true;
    }
    // Jun-23, June 2023, thg 6: a month's name, then a number.
    const NAMES: [&str; 13] =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "thg"];
    if let Some(rest) = NAMES.iter().find_map(|m| n.strip_prefix(m)) {
        let rest = rest.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
        if rest.trim_start_matches([' ', '-', '/', '_']).starts_with(|c: char| c.is_ascii_digit()) {
            return true;
        }
    }
    // 2023-6, 2023-6a, 2023.06, 6-2023, 06/2023: a year and a month's number side by side.
    let parts: Vec<&str> = n.split(['-', '/', '.', ' ', '_']).filter(|p| !p.is_empty()).collect();
    if let [a, b, ..] = parts.as_slice() {
        let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
        let (da, db) = (digits(a), digits(b));
        let year_then_month = da == 4 && a.len() == 4 && (1..=2).contains(&db);
        let month_then_year = (1..=2).contains(&da) && a.len() == da && db == 4;
        return year_then_month || month_then_year;
    }
    false
}

/// Where the tables that came from workbooks came from: to move the loaders' messages
/// (and validation's) from the text made to the sheets' cells. Empty when every table
/// is a CSV file.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    origins: Vec<(&'static str, Origin)>,
}

/// One table made from one or more sheets of a workbook.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The workbook, relative to the project: `data/thi-dua.xlsx`.
    file: String,
    /// The sheet that holds the table, named in messages instead of its CSV file ("the
    /// 'results' sheet"); `None` for results kept in a sheet per month ("the month sheets").
    called: Option<String>,
    sheets: Vec<SheetMap>,
    /// For each line of the text made (line 1 first): its sheet (in `sheets`) and row.
    lines: Vec<(u32, u32)>,
    /// Cells already reported while the text was made: the loaders' messages about the
    /// same cell (the value left there) are not repeated.
    flagged: HashSet<(u32, u32, u32)>,
}

#[derive(Debug, Clone)]
struct SheetMap {
    name: String,
    /// For each column of the text made: the sheet's column (1 = A), 0 for none.
    columns: Vec<u32>,
}

impl Origin {
    fn place(&self, line: usize, column: usize) -> (Location, Option<(u32, u32, u32)>) {
        match line.checked_sub(1).and_then(|i| self.lines.get(i)) {
            Some(&(s, row)) => {
                let sheet = &self.sheets[s as usize];
                let col = column.checked_sub(1).and_then(|c| sheet.columns.get(c)).copied().unwrap_or(0);
                (Location::cell(&self.file, &sheet.name, row as usize, col as usize), Some((s, row, col)))
            }
            None if self.sheets.len() == 1 => (Location::cell(&self.file, &self.sheets[0].name, 0, 0), None),
            None => (Location::file(&self.file), None),
        }
    }

    /// "on line 12" in a message, as the row that line came from: "in row 12" on the sheet
    /// the message is placed on, "in 'results' row 12" on another.
    fn row_words(&self, line: usize, own_sheet: Option<&str>) -> Option<Message> {
        let &(s, row) = self.lines.get(line.checked_sub(1)?)?;
        let name = &self.sheets[s as usize].name;
        Some(if own_sheet == Some(name.as_str()) {
            msg!("place-row", row = row)
        } else {
            msg!("place-sheet-row", sheet = name, row = row)
        })
    }

    /// How messages name the table: its sheet, or the month sheets.
    fn table_words(&self) -> Message {
        match &self.called {
            Some(sheet) => msg!("place-sheet", sheet = sheet),
            None => msg!("place-month-sheets"),
        }
    }
}

impl Sources {
    pub fn is_empty(&self) -> bool {
        self.origins.is_empty()
    }

    /// Moves the messages about tables that came from workbooks to their cells, and
    /// names those tables as sheets in every message. Messages already placed are left.
    pub fn relocate(&self, diags: Diagnostics) -> Diagnostics {
        if self.origins.is_empty() {
            return diags;
        }
        let mut out = Diagnostics::new();
        for mut d in diags.into_items() {
            if let Some((_, origin)) =
                self.origins.iter().find(|(t, _)| *t == d.location.file && d.location.sheet.is_none())
            {
                let (loc, cell) = origin.place(d.location.line, d.location.column);
                if cell.is_some_and(|c| origin.flagged.contains(&c)) {
                    continue;
                }
                let own = loc.sheet.clone();
                // Another line of the table, named in the message: the row it came from.
                d.text = d.text.map_args(&mut |m| match (m.id(), m.get("line")) {
                    ("place-line", Some(&Arg::Number(n))) => {
                        usize::try_from(n).ok().and_then(|n| origin.row_words(n, own.as_deref())).unwrap_or(m)
                    }
                    _ => m,
                });
                d.location = loc;
            }
            // A table named in the message (by any table's message): its sheet.
            d.text = d.text.map_args(&mut |m| match (m.id(), m.get("file")) {
                ("place-table", Some(Arg::Text(csv))) => self
                    .origins
                    .iter()
                    .find(|(table, _)| table.strip_prefix("data/") == Some(csv.as_str()))
                    .map_or(m, |(_, origin)| origin.table_words()),
                _ => m,
            });
            out.push(d);
        }
        out
    }
}

/// Where a table is kept, when a workbook holds it.
#[derive(Debug)]
enum Choice {
    Sheet { book: usize, sheet: String },
    Months { book: usize, sheets: Vec<(Month, String)> },
}

struct Book {
    rel: String,
    reader: Sheets<Cursor<Vec<u8>>>,
    merges: bool,
}

/// The workbooks found in `data/` and the tables they hold.
#[derive(Default)]
pub struct Workbooks {
    books: Vec<Book>,
    chosen: [Option<Choice>; 4],
    held: [bool; 4],
    sources: Sources,
}

impl Workbooks {
    /// Finds the workbooks in `dir/data/`, opens them and decides where each table is
    /// kept. Reports a table kept in two places, a hidden sheet that holds a table or a
    /// month, two sheets for one month, and a workbook that cannot be read.
    pub fn discover(dir: &Path, diags: &mut Diagnostics) -> Workbooks {
        let mut wb = Workbooks::default();
        let Ok(entries) = std::fs::read_dir(dir.join("data")) else {
            return wb;
        };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| is_workbook_name(n))
            .collect();
        if names.is_empty() {
            return wb;
        }
        names.sort();
        let inside = crate::load::text::Inside::new(dir);
        // A workbook could not be read: the tables found nowhere else may be in it, so
        // they are not reported missing.
        let mut broken = false;
        // Every place each table is kept: a CSV file first, then sheets in file order.
        let mut places: [Vec<(String, Option<Choice>)>; 4] = Default::default();
        for (t, csv) in TABLES.iter().enumerate() {
            if dir.join(csv).exists() {
                places[t].push((csv.to_string(), None));
            }
        }
        for name in names {
            let rel = format!("data/{name}");
            let path = dir.join(&rel);
            if !inside.entry(&path, &rel, diags) {
                continue;
            }
            let Some(book) = open(&path, &rel, diags) else {
                broken = true;
                continue;
            };
            let b = wb.books.len();
            let mut months: Vec<(Month, String)> = Vec::new();
            let mut used = false;
            for sheet in book.reader.sheets_metadata().to_vec() {
                let table = table_of_sheet(&sheet.name);
                let month = month_of_sheet(&sheet.name);
                if table.is_none() && month.is_none() {
                    // Named like a month podium cannot read (`Jun-23`, `T6`): it would be
                    // left out without a word, and the site would stop a month early.
                    if looks_like_month(&sheet.name) {
                        let m = msg!("workbook-sheet-not-a-month", sheet = &sheet.name);
                        diags.warn(Location::cell(&rel, &sheet.name, 0, 0), m);
                    }
                    continue;
                }
                used = true;
                if sheet.visible != SheetVisible::Visible {
                    let m = msg!("workbook-hidden-sheet", sheet = &sheet.name);
                    diags.err(Location::cell(&rel, &sheet.name, 0, 0), m);
                    continue;
                }
                if let Some(t) = table {
                    let choice = Choice::Sheet { book: b, sheet: sheet.name.clone() };
                    places[t].push((format!("{rel} › '{}'", sheet.name), Some(choice)));
                } else if let Some(m) = month {
                    if let Some((_, first)) = months.iter().find(|(x, _)| *x == m) {
                        let m = msg!("workbook-month-twice", month = m.to_string(), first = first);
                        diags.err(Location::cell(&rel, &sheet.name, 0, 0), m);
                    } else {
                        months.push((m, sheet.name.clone()));
                    }
                }
            }
            if !months.is_empty() {
                months.sort();
                let first = months[0].1.clone();
                let what = format!("{rel} › '{first}'");
                places[RESULTS_IX].push((what, Some(Choice::Months { book: b, sheets: months })));
            }
            if !used {
                diags.warn(Location::file(&rel), msg!("workbook-no-sheet-read"));
            }
            wb.books.push(book);
        }
        for (t, list) in places.into_iter().enumerate() {
            let mut list = list.into_iter();
            let Some((first, first_choice)) = list.next() else {
                wb.held[t] = broken;
                continue;
            };
            for (other, choice) in list {
                let m = msg!(
                    "workbook-two-places",
                    table = SHEET_NAMES[t][0],
                    first = place_words(&first, first_choice.as_ref()),
                    other = place_words(&other, choice.as_ref())
                );
                diags.err(wb.location_of(choice.as_ref(), &other), m);
            }
            wb.held[t] = first_choice.is_some();
            wb.chosen[t] = first_choice;
        }
        wb
    }

    fn location_of(&self, choice: Option<&Choice>, what: &str) -> Location {
        match choice {
            Some(Choice::Sheet { book, sheet }) => Location::cell(&self.books[*book].rel, sheet, 0, 0),
            Some(Choice::Months { book, sheets }) => Location::cell(&self.books[*book].rel, &sheets[0].1, 0, 0),
            None => Location::file(what),
        }
    }

    /// Whether a workbook holds each table (in [`TABLES`] order).
    pub fn held(&self) -> [bool; 4] {
        self.held
    }

    /// The text of each table a workbook holds, made from its sheets. `campaign` gives
    /// the figure columns (without it, only units can be read).
    pub fn read(&mut self, campaign: Option<&Campaign>, diags: &mut Diagnostics) -> [Option<String>; 4] {
        let specs = specs(campaign);
        let mut texts: [Option<String>; 4] = Default::default();
        for t in 0..4 {
            if campaign.is_none() && t != 0 {
                continue;
            }
            let Some(choice) = self.chosen[t].take() else {
                continue;
            };
            let (book, sheets, monthly) = match choice {
                Choice::Sheet { book, sheet } => (book, vec![(None, sheet)], false),
                Choice::Months { book, sheets } => {
                    (book, sheets.into_iter().map(|(m, s)| (Some(m), s)).collect(), true)
                }
            };
            let called = if monthly { None } else { Some(sheets[0].1.clone()) };
            let book = &mut self.books[book];
            let mut made = Made::new(book.rel.clone(), called);
            if monthly {
                made.monthly_header(&specs[t]);
            }
            for (month, sheet) in sheets {
                read_sheet(book, &sheet, &specs[t], month, &mut made, diags);
            }
            let (text, origin) = made.finish();
            texts[t] = Some(text);
            self.sources.origins.push((TABLES[t], origin));
        }
        texts
    }

    pub fn sources(self) -> Sources {
        self.sources
    }
}

/// A workbook's file name: `.xlsx`, `.xlsm`, `.xls` or `.ods`, but not the lock file
/// Excel keeps beside a workbook it has open (`~$thi-dua.xlsx`).
pub fn is_workbook_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    !name.starts_with("~$") && [".xlsx", ".xlsm", ".xls", ".ods"].iter().any(|e| lower.ends_with(e))
}

/// Reads and measures a workbook and opens it; reports why not.
fn open(path: &Path, rel: &str, diags: &mut Diagnostics) -> Option<Book> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_FILE {
        diags.err(Location::file(rel), msg!("workbook-too-large", size = size >> 20, max = MAX_FILE >> 20));
        return None;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.err(Location::file(rel), msg!("file-unreadable", error = e.to_string()));
            return None;
        }
    };
    let refuse = |m: Message, diags: &mut Diagnostics| {
        diags.err(Location::file(rel), m);
        None
    };
    let zipped = bytes.starts_with(b"PK");
    let ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let mut merges = true;
    if zipped {
        match guard::measure(&bytes) {
            Ok(m) => merges = m.merges,
            Err(r) => return refuse(r, diags),
        }
    } else if !ole {
        let m = if bytes.is_empty() { msg!("workbook-empty") } else { msg!("workbook-not-a-workbook") };
        return refuse(m, diags);
    }
    let ods = zipped
        && zip::ZipArchive::new(Cursor::new(&bytes[..])).is_ok_and(|z| z.index_for_name("content.xml").is_some());
    let cursor = Cursor::new(bytes);
    let reader = if ole {
        calamine::open_workbook_from_rs(cursor).map(Sheets::Xls).map_err(|e| e.to_string())
    } else if ods {
        calamine::open_workbook_from_rs(cursor).map(Sheets::Ods).map_err(|e| e.to_string())
    } else {
        calamine::open_workbook_from_rs(cursor).map(Sheets::Xlsx).map_err(|e| e.to_string())
    };
    match reader {
        Ok(reader) => Some(Book { rel: rel.to_string(), reader, merges }),
        Err(e) => refuse(msg!("workbook-unreadable", error = e), diags),
    }
}

/// A cell's value, whichever reader gave it.
enum Value {
    Empty,
    Text(String),
    Int(i64),
    Number(f64),
    Bool(bool),
    Date(u16, u8, u8),
    /// A date or a duration as ISO 8601 text (.ods).
    DateText(String),
    Error(String),
}

impl From<DataRef<'_>> for Value {
    fn from(d: DataRef<'_>) -> Value {
        match d {
            DataRef::Empty => Value::Empty,
            DataRef::String(s) => Value::Text(s),
            DataRef::SharedString(s) => Value::Text(s.to_string()),
            DataRef::Int(i) => Value::Int(i),
            DataRef::Float(f) => Value::Number(f),
            DataRef::Bool(b) => Value::Bool(b),
            DataRef::DateTime(dt) if dt.is_datetime() => {
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                Value::Date(y, m, d)
            }
            DataRef::DateTime(dt) => Value::Number(dt.as_f64()),
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::DateText(s),
            DataRef::Error(e) => Value::Error(e.to_string()),
        }
    }
}

impl From<&Data> for Value {
    fn from(d: &Data) -> Value {
        match d {
            Data::Empty => Value::Empty,
            Data::String(s) => Value::Text(s.clone()),
            Data::Int(i) => Value::Int(*i),
            Data::Float(f) => Value::Number(*f),
            Data::Bool(b) => Value::Bool(*b),
            Data::DateTime(dt) if dt.is_datetime() => {
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                Value::Date(y, m, d)
            }
            Data::DateTime(dt) => Value::Number(dt.as_f64()),
            Data::DateTimeIso(s) | Data::DurationIso(s) => Value::DateText(s.clone()),
            Data::Error(e) => Value::Error(e.to_string()),
        }
    }
}

/// Reads one sheet into `made`, a row at a time.
fn read_sheet(
    book: &mut Book,
    sheet: &str,
    spec: &Spec,
    month: Option<Month>,
    made: &mut Made,
    diags: &mut Diagnostics,
) {
    let merges = if book.merges {
        match &mut book.reader {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
            _ => Vec::new(),
        }
    } else {
        Vec::new()
    };
    let mut feed = Feed::new(made, sheet, spec, month);
    let mut row: Vec<(u32, Value)> = Vec::new();
    let mut current = 0u32;
    let failed = match &mut book.reader {
        // .xlsx is read as a stream: a sheet of a million rows needs no more memory than its text.
        Sheets::Xlsx(x) => match x.worksheet_cells_reader(sheet) {
            Ok(mut cells) => loop {
                match cells.next_cell() {
                    Ok(Some(cell)) => {
                        let (r, c) = cell.get_position();
                        if r != current && !row.is_empty() {
                            feed.row(current, &mut row, diags);
                        }
                        current = r;
                        row.push((c, cell.get_value().clone().into()));
                    }
                    Ok(None) => break None,
                    Err(e) => break Some(e.to_string()),
                }
            },
            Err(e) => Some(e.to_string()),
        },
        reader => match reader.worksheet_range(sheet) {
            Ok(range) => {
                for (r, c, v) in range.used_cells() {
                    let (r, c) = (r as u32, c as u32);
                    let (r, c) = match range.start() {
                        Some((r0, c0)) => (r + r0, c + c0),
                        None => (r, c),
                    };
                    if r != current && !row.is_empty() {
                        feed.row(current, &mut row, diags);
                    }
                    current = r;
                    row.push((c, v.into()));
                }
                None
            }
            Err(e) => Some(e.to_string()),
        },
    };
    if !row.is_empty() {
        feed.row(current, &mut row, diags);
    }
    if let Some(e) = failed {
        diags.err(Location::cell(&feed.made.file, sheet, 0, 0), msg!("workbook-unreadable", error = e));
    }
    feed.finish(&merges, diags);
}

/// The text being made for one table, with the origin of each line.
struct Made {
    file: String,
    text: String,
    origin: Origin,
}

impl Made {
    fn new(file: String, called: Option<String>) -> Made {
        let origin =
            Origin { file: file.clone(), called, sheets: Vec::new(), lines: Vec::new(), flagged: HashSet::new() };
        Made { file, text: String::new(), origin }
    }

    /// The one header line of the month sheets: `unit,month,` and the figure columns.
    fn monthly_header(&mut self, spec: &Spec) {
        let names: Vec<&str> = spec.columns.iter().map(|(n, _)| n.as_str()).collect();
        self.text.push_str(&names.join(","));
        self.text.push('\n');
        // Placed on the first month sheet's header row once it is known.
        self.origin.lines.push((0, 0));
    }

    fn finish(self) -> (String, Origin) {
        (self.text, self.origin)
    }
}

/// A column of the text made: the sheet's column (0-based) it comes from, and the role of
/// its cells (`None`: a column the loader does not read, or a month sheet's `month`).
type Column = (Option<u32>, Option<Role>);

/// The cells of one sheet becoming lines of [`Made`].
struct Feed<'a> {
    made: &'a mut Made,
    sheet: String,
    /// Index of this sheet in the origin's sheets.
    ix: u32,
    spec: &'a Spec,
    month: Option<Month>,
    /// The header row (0-based) once found, and for each column of the text made: the
    /// sheet's column (0-based) and the role of its cells.
    header: Option<(u32, Vec<Column>)>,
    /// The first row with anything in it, as text: the header to give the loader when
    /// no row names the key column.
    first: Option<(u32, Vec<(u32, String)>)>,
    /// The sheet's column (0-based) → the column of the text made.
    by_col: HashMap<u32, usize>,
}

impl<'a> Feed<'a> {
    fn new(made: &'a mut Made, sheet: &str, spec: &'a Spec, month: Option<Month>) -> Feed<'a> {
        let ix = made.origin.sheets.len() as u32;
        made.origin.sheets.push(SheetMap { name: sheet.to_string(), columns: Vec::new() });
        Feed { made, sheet: sheet.to_string(), ix, spec, month, header: None, first: None, by_col: HashMap::new() }
    }

    fn at(&self, row: u32, col: u32) -> Location {
        Location::cell(&self.made.file, &self.sheet, row as usize + 1, col as usize + 1)
    }

    fn row(&mut self, r: u32, cells: &mut Vec<(u32, Value)>, diags: &mut Diagnostics) {
        if self.header.is_none() {
            let names: Vec<(u32, String)> = cells
                .iter()
                .filter_map(|(c, v)| match v {
                    Value::Text(s) if !s.trim().is_empty() => Some((*c, s.trim().to_string())),
                    Value::Int(_) | Value::Number(_) | Value::Date(..) | Value::Bool(_) => Some((*c, String::new())),
                    _ => None,
                })
                .collect();
            if names.iter().any(|(_, n)| n == self.spec.key) {
                self.set_header(r, &names, diags);
            } else if self.first.is_none() && !names.is_empty() {
                self.first = Some((r, names));
            }
            cells.clear();
            return;
        }
        let width = self.header.as_ref().map_or(0, |(_, columns)| columns.len());
        if width == 0 {
            cells.clear();
            return; // a month sheet without its columns, reported
        }
        let mut fields: Vec<String> = vec![String::new(); width];
        let mut any = false;
        for (c, v) in cells.drain(..) {
            let Some(&i) = self.by_col.get(&c) else {
                continue;
            };
            let Some(role) = self.header.as_ref().and_then(|(_, columns)| columns[i].1) else {
                continue;
            };
            let text = self.cell(v, role, r, c, diags);
            any |= !text.is_empty();
            fields[i] = text;
        }
        if let Some(m) = self.month {
            // On a month sheet a unit whose figures are all empty has not reported yet.
            if fields[2..].iter().all(String::is_empty) {
                return;
            }
            fields[1] = m.to_string();
        }
        if !any {
            return;
        }
        self.push_line(&fields, r);
    }

    /// Writes `fields` as the next CSV line of the table, made from row `r` of this sheet.
    fn push_line(&mut self, fields: &[String], r: u32) {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.made.text.push(',');
            }
            push_field(&mut self.made.text, f);
        }
        self.made.text.push('\n');
        self.made.origin.lines.push((self.ix, r + 1));
    }

    fn set_header(&mut self, r: u32, names: &[(u32, String)], diags: &mut Diagnostics) {
        let mut columns: Vec<Column> = Vec::new();
        if self.month.is_some() {
            // Every month sheet gives the same columns, in the spec's order.
            let mut seen: HashMap<&str, u32> = HashMap::new();
            for (c, n) in names {
                if self.spec.role(n).is_some() && seen.insert(n.as_str(), *c).is_some() {
                    diags.err(self.at(r, *c), msg!("csv-column-twice", column = n));
                }
            }
            let mut missing = false;
            for (name, role) in &self.spec.columns {
                let col = seen.get(name.as_str()).copied();
                if col.is_none() && *role != Role::Month {
                    let must: Vec<&str> =
                        self.spec.columns.iter().filter(|(_, r)| *r != Role::Month).map(|(n, _)| n.as_str()).collect();
                    let m = msg!("csv-missing-column", column = name, suggestion = "", columns = must.join(","));
                    diags.err(Location::cell(&self.made.file, &self.sheet, r as usize + 1, 0), m);
                    missing = true;
                }
                columns.push((col, if *role == Role::Month { None } else { Some(*role) }));
            }
            if missing {
                // The sheet is not read; its header row is known, for merged cells.
                self.header = Some((r, Vec::new()));
                return;
            }
            if self.made.origin.lines[0] == (0, 0) {
                self.made.origin.lines[0] = (self.ix, r + 1);
            }
        } else {
            let (first, last) = (names[0].0, names[names.len() - 1].0);
            let by_col: HashMap<u32, &str> = names.iter().map(|(c, n)| (*c, n.as_str())).collect();
            let mut header = Vec::new();
            for c in first..=last {
                let name = by_col.get(&c).copied().unwrap_or("");
                header.push(name.to_string());
                columns.push((Some(c), self.spec.role(name)));
            }
            self.push_line(&header, r);
        }
        let map = &mut self.made.origin.sheets[self.ix as usize];
        map.columns = columns.iter().map(|(c, _)| c.map_or(0, |c| c + 1)).collect();
        // A column named twice is read (and reported by the loader) at its first place.
        for (i, (c, _)) in columns.iter().enumerate().rev() {
            if let Some(c) = c {
                self.by_col.insert(*c, i);
            }
        }
        self.header = Some((r, columns));
    }

    /// The text of one cell for the loader; reports what only a workbook can get wrong.
    fn cell(&mut self, v: Value, role: Role, r: u32, c: u32, diags: &mut Diagnostics) -> String {
        let flag = |this: &mut Self, m: Message, diags: &mut Diagnostics| {
            diags.err(this.at(r, c), m);
            this.made.origin.flagged.insert((this.ix, r + 1, c + 1));
        };
        match (v, role) {
            (Value::Empty, _) => String::new(),
            (Value::Error(e), _) => {
                flag(self, msg!("cell-formula-error", error = &e), diags);
                e
            }
            (Value::Bool(b), _) => if b { "TRUE" } else { "FALSE" }.to_string(),
            (Value::Int(i), Role::Month) => {
                flag(self, msg!("cell-number-not-month", number = i.to_string()), diags);
                i.to_string()
            }
            (Value::Number(f), Role::Month) => {
                flag(self, msg!("cell-number-not-month", number = number(f)), diags);
                number(f)
            }
            (Value::Int(i), _) => i.to_string(),
            (Value::Number(f), Role::Figure) if f.fract() != 0.0 && f.is_finite() => {
                flag(self, msg!("cell-decimal", value = number(f)), diags);
                number(f)
            }
            (Value::Number(f), _) => number(f),
            (Value::Date(y, m, _), Role::Month) => format!("{y:04}-{m:02}"),
            (Value::DateText(s), Role::Month) => match s.get(..7).and_then(Month::parse) {
                Some(m) if s.len() == 7 || s.as_bytes()[7] == b'-' => m.to_string(),
                _ => s,
            },
            (Value::Date(y, m, d), role) => {
                let date = format!("{y:04}-{m:02}-{d:02}");
                flag(self, date_not_value(&date, role), diags);
                date
            }
            (Value::DateText(s), role) => {
                flag(self, date_not_value(&s, role), diags);
                s
            }
            (Value::Text(s), role) => {
                let s = self.clean(s, r, c, diags);
                if role == Role::Figure && numeric_text(&s) {
                    flag(self, msg!("cell-number-as-text", value = s.trim()), diags);
                }
                s
            }
        }
    }

    /// Text as the CSV reading leaves it: one line, no control character, NFC.
    fn clean(&mut self, s: String, r: u32, c: u32, diags: &mut Diagnostics) -> String {
        let s = if s.contains(['\n', '\r']) { s.replace("\r\n", " ").replace(['\n', '\r'], " ") } else { s };
        let s = if let Some(bad) = s.chars().find(|&ch| forbidden(ch)) {
            let code = format!("U+{:04X}", u32::from(bad));
            diags.err(self.at(r, c), msg!("cell-control-character", code = code));
            s.chars().filter(|&ch| !forbidden(ch)).collect()
        } else {
            s
        };
        crate::load::text::nfc(s)
    }

    fn finish(self, merges: &[calamine::Dimensions], diags: &mut Diagnostics) {
        let Some((h, columns)) = &self.header else {
            if self.month.is_some() {
                let must: Vec<&str> =
                    self.spec.columns.iter().filter(|(_, r)| *r != Role::Month).map(|(n, _)| n.as_str()).collect();
                let row = self.first.as_ref().map_or(0, |(r, _)| *r as usize + 1);
                let m = msg!("csv-missing-column", column = self.spec.key, suggestion = "", columns = must.join(","));
                diags.err(Location::cell(&self.made.file, &self.sheet, row, 0), m);
            } else if let Some((r, names)) = &self.first {
                // No row names the key column: the first row is the header the loader
                // reports on (with suggestions from its names).
                let (first, last) = (names[0].0, names[names.len() - 1].0);
                let by_col: HashMap<u32, &str> = names.iter().map(|(c, n)| (*c, n.as_str())).collect();
                let header: Vec<&str> = (first..=last).map(|c| by_col.get(&c).copied().unwrap_or("")).collect();
                for (i, f) in header.iter().enumerate() {
                    if i > 0 {
                        self.made.text.push(',');
                    }
                    push_field(&mut self.made.text, f);
                }
                self.made.text.push('\n');
                self.made.origin.lines.push((self.ix, r + 1));
                self.made.origin.sheets[self.ix as usize].columns = (first..=last).map(|c| c + 1).collect();
            }
            return;
        };
        let h = *h;
        let read: Vec<u32> = columns.iter().filter(|(_, r)| r.is_some()).filter_map(|(c, _)| *c).collect();
        for d in merges {
            let (r0, c0) = d.start;
            let (r1, c1) = d.end;
            if r1 < h || !read.iter().any(|&c| (c0..=c1).contains(&c)) {
                continue; // a title above the header, or cells no column of the table reads
            }
            // The cells the merge left empty are not reported again, one by one.
            for r in r0.max(h + 1)..=r1.min(r0.saturating_add(10_000)) {
                for &c in read.iter().filter(|&&c| (c0..=c1).contains(&c)) {
                    self.made.origin.flagged.insert((self.ix, r + 1, c + 1));
                }
            }
            let range =
                format!("{}{}:{}{}", column_letters(c0 as usize + 1), r0 + 1, column_letters(c1 as usize + 1), r1 + 1);
            diags.err(self.at(r0, c0), msg!("cells-merged", range = range));
        }
    }
}

/// A number cell's value as typed: `12`, `12.5`; a whole number beyond 2^53 in full digits.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else if f.fract() == 0.0 {
        format!("{f:.0}")
    } else {
        format!("{f}")
    }
}

/// Whether text is a number a spreadsheet would have read as one: `1410`, `1.410`, `-5`.
fn numeric_text(s: &str) -> bool {
    let t = s.trim();
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    t.starts_with(|c: char| c.is_ascii_digit()) && t.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
}

/// Appends a CSV field, quoted when it holds a comma or a quote.
fn push_field(out: &mut String, f: &str) {
    if f.contains([',', '"']) {
        out.push('"');
        out.push_str(&f.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(f);
    }
}

/// A date in a cell that should hold a figure or text.
fn date_not_value(date: &str, role: Role) -> Message {
    if role == Role::Figure {
        msg!("cell-date-not-number", date = date)
    } else {
        msg!("cell-date-not-text", date = date)
    }
}

/// A place a table is kept, for a message: a CSV file, a sheet, or the month sheets
/// (named by the first).
fn place_words(what: &str, choice: Option<&Choice>) -> Arg {
    match choice {
        Some(Choice::Months { .. }) => msg!("workbook-place-months", place = what).into(),
        _ => what.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;

    #[test]
    fn sheet_names_stand_for_tables_and_months() {
        assert_eq!(table_of_sheet("results"), Some(2));
        assert_eq!(table_of_sheet(" Kết quả "), Some(2));
        assert_eq!(table_of_sheet("ĐƠN VỊ"), Some(0));
        assert_eq!(table_of_sheet("de-nghi"), Some(3));
        assert_eq!(table_of_sheet("Hướng dẫn"), None);
        let m = |s: &str| month_of_sheet(s).map(|m| m.to_string());
        assert_eq!(m("2023-06").as_deref(), Some("2023-06"));
        assert_eq!(m("T6-2023").as_deref(), Some("2023-06"));
        assert_eq!(m("t06-2023").as_deref(), Some("2023-06"));
        assert_eq!(m("Tháng 12-2022").as_deref(), Some("2022-12"));
        assert_eq!(m("T13-2023"), None);
        assert_eq!(m("T6-23"), None);
        assert_eq!(m("2023-6"), None);
        // Such names are not read, but they look like months: podium says so.
        for name in
            ["Jun-23", "T13-2023", "2023-6a", "2023-6", "T6", "Tháng 6", "thang6-23", "June 2023", "6-2023", "06/2023"]
        {
            assert!(looks_like_month(name), "{name}");
        }
        for name in
            ["Hướng dẫn", "Tổng hợp 2023", "Sheet1", "Tabelle", "thông tin", "2023", "Báo cáo quý 2-2023", "units-2023"]
        {
            assert!(!looks_like_month(name), "{name}");
        }
    }

    #[test]
    fn workbook_names_skip_excel_lock_files() {
        assert!(is_workbook_name("thi-dua.xlsx"));
        assert!(is_workbook_name("THI-DUA.XLSX"));
        assert!(is_workbook_name("a.ods"));
        assert!(!is_workbook_name("~$thi-dua.xlsx"));
        assert!(!is_workbook_name("results.csv"));
    }

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(number(12.0), "12");
        assert_eq!(number(-5.0), "-5");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(1e20), "100000000000000000000");
        assert!(numeric_text(" 1410 "));
        assert!(numeric_text("1.410"));
        assert!(numeric_text("-5"));
        assert!(!numeric_text("12a"));
        assert!(!numeric_text("n/a"));
        assert!(!numeric_text(""));
    }

    #[test]
    fn messages_name_rows_and_sheets() {
        let origin = Origin {
            file: "data/t.xlsx".into(),
            called: Some("results".into()),
            sheets: vec![SheetMap { name: "results".into(), columns: vec![1, 2, 4] }],
            lines: vec![(0, 3), (0, 5), (0, 9)],
            flagged: HashSet::new(),
        };
        assert_eq!(origin.place(3, 3).0.to_string(), "data/t.xlsx › 'results'!D9");
        assert_eq!(origin.place(1, 0).0.to_string(), "data/t.xlsx › 'results'!3:3");

        // The loaders' places, as arguments: another line of the table becomes its row,
        // the units table its sheet.
        use crate::load::table::{UNITS, line_place, table_name};
        let units = Origin { called: Some("Đơn vị".into()), ..origin.clone() };
        let sources = Sources { origins: vec![(RESULTS, origin.clone()), (UNITS, units)] };
        let mut diags = Diagnostics::new();
        let twice = msg!("result-twice", unit = "u", month = "2023-06", first = line_place(2));
        diags.err(Location::line(RESULTS, 3), twice.clone());
        let unknown = msg!("table-unknown-unit", id = "x", suggestion = "", table = table_name(UNITS));
        diags.err(Location::at(RESULTS, 2, 1), unknown);
        // A line no row stands for, and a message about a file no workbook holds.
        diags.err(
            Location::line(RESULTS, 7),
            msg!("result-twice", unit = "u", month = "2023-06", first = line_place(9)),
        );
        diags.err(Location::line(TARGETS, 4), twice);
        let lines: Vec<String> = sources.relocate(diags).into_items().iter().map(|d| d.render(Language::En)).collect();
        assert_eq!(
            lines,
            [
                "data/t.xlsx › 'results'!9:9: error: a second row for `u` in 2023-06 (first in row 5) — keep one row per unit and month: add the figures together or delete the repeated row",
                "data/t.xlsx › 'results'!A5: error: unknown unit `x` — use an id from the 'Đơn vị' sheet, or add the unit there first",
                "data/t.xlsx › 'results': error: a second row for `u` in 2023-06 (first on line 9) — keep one row per unit and month: add the figures together or delete the repeated row",
                "data/targets.csv:4: error: a second row for `u` in 2023-06 (first on line 2) — keep one row per unit and month: add the figures together or delete the repeated row",
            ]
        );
        let mut diags = Diagnostics::new();
        let other = Origin { sheets: vec![SheetMap { name: "2023-06".into(), columns: vec![] }], ..origin.clone() };
        let on_other = Origin {
            lines: vec![(0, 3), (1, 5)],
            called: None,
            sheets: [origin.sheets, other.sheets].concat(),
            ..origin
        };
        let sources = Sources { origins: vec![(RESULTS, on_other)] };
        diags.err(
            Location::line(RESULTS, 1),
            msg!("result-twice", unit = "u", month = "2023-06", first = line_place(2)),
        );
        diags.err(
            Location::line(RESULTS, 2),
            msg!("table-unknown-unit", id = "x", suggestion = "", table = table_name(RESULTS)),
        );
        let vi: Vec<String> = sources.relocate(diags).into_items().iter().map(|d| d.render(Language::Vi)).collect();
        assert_eq!(
            vi,
            [
                "data/t.xlsx › 'results'!3:3: lỗi: dòng thứ hai của `u` trong tháng 2023-06 (lần đầu ở dòng 5 của trang tính '2023-06') — mỗi đơn vị chỉ có một dòng cho mỗi tháng: hãy cộng số liệu vào một dòng hoặc xóa dòng lặp lại",
                "data/t.xlsx › '2023-06'!5:5: lỗi: không có đơn vị `x` — hãy dùng một mã đơn vị trong các trang tính theo tháng, hoặc thêm đơn vị vào đó trước",
            ]
        );
    }
}
