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

use crate::error::{Diagnostics, Location, Text, column_letters, forbidden};
use crate::load::table::{NOMINATIONS, RESULTS, TARGETS, UNITS};
use crate::model::{Campaign, Month};
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
    /// How messages name the table instead of its CSV file: "the 'results' sheet".
    called: String,
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

    /// "line 12" in a message, as the row it came from.
    fn row_words(&self, line: usize, own_sheet: Option<&str>) -> Option<String> {
        let &(s, row) = self.lines.get(line.checked_sub(1)?)?;
        let name = &self.sheets[s as usize].name;
        Some(if own_sheet == Some(name.as_str()) { format!("row {row}") } else { format!("'{name}' row {row}") })
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
                if let Text::Plain { message, .. } = &mut d.text {
                    *message = lines_as_rows(message, origin, own.as_deref());
                }
                d.location = loc;
            }
            for (table, origin) in &self.origins {
                let csv = &table["data/".len()..];
                if let Text::Plain { message, hint } = &mut d.text {
                    *message = name_table(message, csv, &origin.called);
                    *hint = name_table(hint, csv, &origin.called);
                }
            }
            out.push(d);
        }
        out
    }
}

/// `text` with "on line N" written as the row line N came from.
fn lines_as_rows(text: &str, origin: &Origin, own_sheet: Option<&str>) -> String {
    const WORDS: &str = "on line ";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(p) = rest.find(WORDS) {
        out.push_str(&rest[..p]);
        let after = &rest[p + WORDS.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match after[..digits].parse().ok().and_then(|n| origin.row_words(n, own_sheet)) {
            Some(words) => {
                out.push_str("in ");
                out.push_str(&words);
                rest = &after[digits..];
            }
            None => {
                out.push_str(WORDS);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `text` with the CSV file's name (not a path to it) replaced by what the table is now.
fn name_table(text: &str, csv: &str, called: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(p) = rest.find(csv) {
        let path = rest[..p].ends_with('/');
        out.push_str(&rest[..p]);
        out.push_str(if path { csv } else { called });
        rest = &rest[p + csv.len()..];
    }
    out.push_str(rest);
    out
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
                    continue;
                }
                used = true;
                if sheet.visible != SheetVisible::Visible {
                    let (m, h) = msg::hidden(&sheet.name);
                    diags.error(Location::cell(&rel, &sheet.name, 0, 0), m, h);
                    continue;
                }
                if let Some(t) = table {
                    let choice = Choice::Sheet { book: b, sheet: sheet.name.clone() };
                    places[t].push((format!("{rel} › '{}'", sheet.name), Some(choice)));
                } else if let Some(m) = month {
                    if let Some((_, first)) = months.iter().find(|(x, _)| *x == m) {
                        let (msg, hint) = msg::month_twice(m, first);
                        diags.error(Location::cell(&rel, &sheet.name, 0, 0), msg, hint);
                    } else {
                        months.push((m, sheet.name.clone()));
                    }
                }
            }
            if !months.is_empty() {
                months.sort();
                let first = months[0].1.clone();
                let what = format!("{rel} › '{first}' (a sheet per month)");
                places[RESULTS_IX].push((what, Some(Choice::Months { book: b, sheets: months })));
            }
            if !used {
                let (m, h) = msg::no_sheet_read();
                diags.warning(Location::file(&rel), m, h);
            }
            wb.books.push(book);
        }
        for (t, list) in places.into_iter().enumerate() {
            let mut list = list.into_iter();
            let Some((first, choice)) = list.next() else {
                wb.held[t] = broken;
                continue;
            };
            for (other, choice) in list {
                let (m, h) = msg::two_places(SHEET_NAMES[t][0], &first, &other);
                diags.error(wb.location_of(choice.as_ref(), &other), m, h);
            }
            wb.held[t] = choice.is_some();
            wb.chosen[t] = choice;
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
            let called = if monthly { "the month sheets".to_string() } else { format!("the '{}' sheet", sheets[0].1) };
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
        let (m, h) = msg::file_too_large(size);
        diags.error(Location::file(rel), m, h);
        return None;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.error(
                Location::file(rel),
                format!("cannot read the file: {e}"),
                "check that it is a file you may read (close it in the spreadsheet program, check its permissions)",
            );
            return None;
        }
    };
    let refuse = |(m, h): (String, String), diags: &mut Diagnostics| {
        diags.error(Location::file(rel), m, h);
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
        return refuse(msg::not_a_workbook(&bytes), diags);
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
        Err(e) => refuse(msg::unreadable(&e), diags),
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
        let (m, h) = msg::unreadable(&e);
        diags.error(Location::cell(&feed.made.file, sheet, 0, 0), m, h);
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
    fn new(file: String, called: String) -> Made {
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
                    let (m, h) = msg::column_twice(n);
                    diags.error(self.at(r, *c), m, h);
                }
            }
            let mut missing = false;
            for (name, role) in &self.spec.columns {
                let col = seen.get(name.as_str()).copied();
                if col.is_none() && *role != Role::Month {
                    let must: Vec<&str> =
                        self.spec.columns.iter().filter(|(_, r)| *r != Role::Month).map(|(n, _)| n.as_str()).collect();
                    let (m, h) = msg::missing_column(name, &must.join(","));
                    diags.error(Location::cell(&self.made.file, &self.sheet, r as usize + 1, 0), m, h);
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
        let flag = |this: &mut Self, (m, h): (String, String), diags: &mut Diagnostics| {
            diags.error(this.at(r, c), m, h);
            this.made.origin.flagged.insert((this.ix, r + 1, c + 1));
        };
        match (v, role) {
            (Value::Empty, _) => String::new(),
            (Value::Error(e), _) => {
                flag(self, msg::formula_error(&e), diags);
                e
            }
            (Value::Bool(b), _) => if b { "TRUE" } else { "FALSE" }.to_string(),
            (Value::Int(i), Role::Month) => {
                flag(self, msg::number_not_month(&i.to_string()), diags);
                i.to_string()
            }
            (Value::Number(f), Role::Month) => {
                flag(self, msg::number_not_month(&number(f)), diags);
                number(f)
            }
            (Value::Int(i), _) => i.to_string(),
            (Value::Number(f), Role::Figure) if f.fract() != 0.0 && f.is_finite() => {
                flag(self, msg::decimal(&number(f)), diags);
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
                flag(self, msg::date_not_value(&date, role == Role::Figure), diags);
                date
            }
            (Value::DateText(s), role) => {
                flag(self, msg::date_not_value(&s, role == Role::Figure), diags);
                s
            }
            (Value::Text(s), role) => {
                let s = self.clean(s, r, c, diags);
                if role == Role::Figure && numeric_text(&s) {
                    flag(self, msg::number_as_text(s.trim()), diags);
                }
                s
            }
        }
    }

    /// Text as the CSV reading leaves it: one line, no control character, NFC.
    fn clean(&mut self, s: String, r: u32, c: u32, diags: &mut Diagnostics) -> String {
        let s = if s.contains(['\n', '\r']) { s.replace("\r\n", " ").replace(['\n', '\r'], " ") } else { s };
        let s = if let Some(bad) = s.chars().find(|&ch| forbidden(ch)) {
            let (m, h) = msg::control_character(bad);
            diags.error(self.at(r, c), m, h);
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
                let (m, h) = msg::missing_column(self.spec.key, &must.join(","));
                diags.error(Location::cell(&self.made.file, &self.sheet, row, 0), m, h);
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
            let (m, hint) = msg::merged(&range);
            diags.error(self.at(r0, c0), m, hint);
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

/// The messages about workbooks: what is wrong — how to fix it.
mod msg {
    use crate::model::Month;

    type Msg = (String, String);

    pub fn hidden(sheet: &str) -> Msg {
        (
            format!("sheet '{sheet}' is hidden: podium does not read hidden sheets"),
            "show it (right-click a sheet tab › Unhide) if it holds this month's data, or delete it if it is an old copy".into(),
        )
    }

    pub fn month_twice(m: Month, first: &str) -> Msg {
        (
            format!("a second sheet for {m} (the first is '{first}')"),
            "keep one sheet per month: delete the old copy or correct the month in the sheet's name".into(),
        )
    }

    pub fn two_places(table: &str, first: &str, other: &str) -> Msg {
        (
            format!("the {table} table is kept in two places: {first} and {other}"),
            "keep it in one place: delete (or move out of data/) the one that is not up to date".into(),
        )
    }

    pub fn no_sheet_read() -> Msg {
        (
            "no sheet of this workbook is read: none is named like a table or a month".into(),
            "name the sheets units, targets, results, nominations (or don-vi, chi-tieu, ket-qua, de-nghi), or by month like 2023-06 (see docs/formats.md); move other workbooks out of data/".into(),
        )
    }

    pub fn file_too_large(size: u64) -> Msg {
        (
            format!("the workbook is {} MB, more than podium reads ({} MB)", size >> 20, super::MAX_FILE >> 20),
            "split its data into several workbooks".into(),
        )
    }

    pub fn not_a_workbook(bytes: &[u8]) -> Msg {
        let what = if bytes.is_empty() { "the file is empty" } else { "the file is not a workbook" };
        (
            format!("{what}: it is neither an Excel (.xlsx, .xls) nor an OpenDocument (.ods) spreadsheet"),
            "open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx); a CSV file is named .csv".into(),
        )
    }

    pub fn unreadable(e: &str) -> Msg {
        (
            format!("cannot read the workbook: {e}"),
            "open it in Excel or LibreOffice and save it again as an Excel Workbook (.xlsx)".into(),
        )
    }

    pub fn column_twice(name: &str) -> Msg {
        (format!("column `{name}` appears twice in the header"), "keep one of them".into())
    }

    pub fn missing_column(name: &str, must: &str) -> Msg {
        (format!("missing column `{name}`"), format!("the header must include: {must}"))
    }

    pub fn formula_error(e: &str) -> Msg {
        (
            format!("the formula in this cell gives {e}"),
            "correct the formula (#REF! means it points at cells that were deleted), or type the figure".into(),
        )
    }

    pub fn number_not_month(n: &str) -> Msg {
        (
            format!("this cell holds the number {n}, not a month"),
            "type the month as a date (1/6/2023) or as text 2023-06".into(),
        )
    }

    pub fn decimal(n: &str) -> Msg {
        (
            format!("`{n}` is not a whole number"),
            "figures are counts: type a whole number; if a formula computes it, round it with ROUND".into(),
        )
    }

    pub fn date_not_value(date: &str, figure: bool) -> Msg {
        let what = if figure { "a number" } else { "text" };
        let format = if figure { "Number" } else { "Text" };
        (
            format!("this cell holds the date {date}, not {what}"),
            format!("the spreadsheet turned what was typed into a date: format the cell as {format} and type it again"),
        )
    }

    pub fn number_as_text(n: &str) -> Msg {
        (
            format!("`{n}` is a number stored as text"),
            "podium reads figures from number cells only: select the cells, click the warning sign › Convert to Number (or format them as Number and type them again)".into(),
        )
    }

    pub fn control_character(c: char) -> Msg {
        (
            format!("this cell holds an invisible control character (U+{:04X})", u32::from(c)),
            "type the cell again (text copied from a PDF or a web page often brings such characters)".into(),
        )
    }

    pub fn merged(range: &str) -> Msg {
        (
            format!("cells {range} are merged"),
            "unmerge them (Home › Merge & Center) and write the value in each cell: podium reads a merged range as one cell and the others as empty".into(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            called: "the 'results' sheet".into(),
            sheets: vec![SheetMap { name: "results".into(), columns: vec![1, 2, 4] }],
            lines: vec![(0, 3), (0, 5), (0, 9)],
            flagged: HashSet::new(),
        };
        assert_eq!(
            lines_as_rows("a second row (first on line 2)", &origin, Some("results")),
            "a second row (first in row 5)"
        );
        assert_eq!(lines_as_rows("x (first on line 2)", &origin, Some("other")), "x (first in 'results' row 5)");
        assert_eq!(origin.place(3, 3).0.to_string(), "data/t.xlsx › 'results'!D9");
        assert_eq!(origin.place(1, 0).0.to_string(), "data/t.xlsx › 'results'!3:3");
        assert_eq!(
            name_table("use an id from units.csv (data/units.csv)", "units.csv", "the 'units' sheet"),
            "use an id from the 'units' sheet (data/units.csv)"
        );
    }
}
