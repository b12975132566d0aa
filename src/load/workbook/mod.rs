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
//!
//! This module finds the workbooks, opens them and decides where each table is kept
//! ([`Workbooks`]). The names of sheets and files are read in `names.rs`, a sheet's
//! rows in `sheet.rs`, its cells in `cells.rs`; `origin.rs` keeps where each line came
//! from and moves the messages there. `guard.rs` measures a workbook before it is opened.

mod cells;
mod guard;
mod names;
mod origin;
mod sheet;

use crate::error::{Diagnostics, Location};
use crate::load::table::{NOMINATIONS, RESULTS, TARGETS, UNITS};
use crate::messages::{Arg, Message};
use crate::model::{Campaign, Month};
use crate::msg;
use calamine::{Reader, SheetVisible, Sheets};
use sheet::{Made, read_sheet, specs};
use std::io::Cursor;
use std::path::Path;

pub use guard::{MAX_FILE, MAX_PART, MAX_RUN, MAX_SHEET, MAX_TOTAL};
pub use names::{SHEET_NAMES, is_workbook_name, looks_like_month, month_of_sheet, table_of_sheet};
pub use origin::{Origin, Sources};

/// The four tables, as the loaders name them (their CSV files).
pub const TABLES: [&str; 4] = [UNITS, TARGETS, RESULTS, NOMINATIONS];
const RESULTS_IX: usize = 2;

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

/// A place a table is kept, for a message: a CSV file, a sheet, or the month sheets
/// (named by the first).
fn place_words(what: &str, choice: Option<&Choice>) -> Arg {
    match choice {
        Some(Choice::Months { .. }) => msg!("workbook-place-months", place = what).into(),
        _ => what.into(),
    }
}
