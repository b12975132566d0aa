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
//!
//! The sheets of an .xlsx workbook are read side by side (a reader per thread over the
//! same bytes), each into its own part; the parts are joined in sheet order, so the text,
//! the origin and the messages are the same however many threads read.

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
use rayon::prelude::*;
use sheet::{Part, Spec, join, monthly_header, read_sheet, specs};
use std::io::Cursor;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

pub use guard::{MAX_FILE, MAX_PART, MAX_RUN, MAX_SHEET, MAX_TOTAL};
pub use names::{SHEET_NAMES, is_workbook_name, looks_like_month, month_of_sheet, table_of_sheet};
pub use origin::{Origin, Sources, TableNames};

/// The four tables, as the loaders name them (their CSV files).
pub const TABLES: [&str; 4] = [UNITS, TARGETS, RESULTS, NOMINATIONS];
const RESULTS_IX: usize = 2;

/// Where a table is kept, when a workbook holds it.
#[derive(Debug)]
enum Choice {
    Sheet { book: usize, sheet: String },
    Months { book: usize, sheets: Vec<(Month, String)> },
}

/// The bytes of a workbook, shared by the readers of its sheets.
#[derive(Clone)]
struct Bytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

struct Book {
    rel: String,
    bytes: Bytes,
    /// The reader that listed its sheets (sheets are read by one reader per thread).
    reader: Option<Sheets<Cursor<Bytes>>>,
    merges: bool,
}

/// A sheet to read: sheet `ix` of table `t`'s sheets.
struct Job {
    t: usize,
    ix: u32,
    book: usize,
    sheet: String,
    month: Option<Month>,
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
            let listed = book.reader.as_ref().map(|r| r.sheets_metadata().to_vec()).unwrap_or_default();
            for sheet in listed {
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
    /// the figure columns (without it, only units can be read). The sheets of an .xlsx
    /// workbook are read side by side, a reader per thread; the text and the messages
    /// are joined in sheet order, as if they had been read one after another. The
    /// workbooks are let go of once read.
    pub fn read(&mut self, campaign: Option<&Campaign>, diags: &mut Diagnostics) -> [Option<String>; 4] {
        let specs = specs(campaign);
        let mut jobs: Vec<Job> = Vec::new();
        // For each table read: its workbook, its sheet's name (`None`: the month sheets).
        let mut tables: Vec<(usize, usize, Option<String>)> = Vec::new();
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
            tables.push((t, book, if monthly { None } else { Some(sheets[0].1.clone()) }));
            for (ix, (month, sheet)) in sheets.into_iter().enumerate() {
                jobs.push(Job { t, ix: ix as u32, book, sheet, month });
            }
        }
        let rels: Vec<String> = self.books.iter().map(|b| b.rel.clone()).collect();
        let mut parts: Vec<Option<Part>> = (0..jobs.len()).map(|_| None).collect();
        for (b, book) in std::mem::take(&mut self.books).into_iter().enumerate() {
            let mine: Vec<usize> = (0..jobs.len()).filter(|&j| jobs[j].book == b).collect();
            let read = read_book(book, &mine.iter().map(|&j| &jobs[j]).collect::<Vec<_>>(), &specs);
            for (j, part) in mine.into_iter().zip(read) {
                parts[j] = Some(part);
            }
        }
        let mut texts: [Option<String>; 4] = Default::default();
        let mut parts = jobs.into_iter().zip(parts).peekable();
        for (t, book, called) in tables {
            let mut mine = Vec::new();
            while let Some((job, part)) = parts.next_if(|(job, _)| job.t == t) {
                mine.push((job.sheet, job.month, part.unwrap_or_default()));
            }
            let header = if called.is_none() { Some(monthly_header(&specs[t])) } else { None };
            let (text, origin) = join(&rels[book], called, header, mine, diags);
            texts[t] = Some(text);
            self.sources.origins.push((TABLES[t], origin));
        }
        texts
    }

    pub fn sources(self) -> Sources {
        self.sources
    }
}

/// Reads the sheets `jobs` of `book`, in their order. An .xlsx workbook's sheets are
/// read side by side: each thread opens its own reader over the same bytes and takes the
/// next sheet not yet taken. (.xls and .ods are read whole when opened: one reader.)
fn read_book(mut book: Book, jobs: &[&Job], specs: &[Spec; 4]) -> Vec<Part> {
    let threads = rayon::current_num_threads().min(jobs.len());
    let read = |reader: &mut Sheets<Cursor<Bytes>>, j: &Job| {
        read_sheet(reader, book.merges, &book.rel, &j.sheet, j.ix, &specs[j.t], j.month)
    };
    let Some(mut first) = book.reader.take() else {
        return Vec::new();
    };
    if threads < 2 || !matches!(first, Sheets::Xlsx(_)) {
        return jobs.iter().map(|j| read(&mut first, j)).collect();
    }
    let spare = Mutex::new(Some(first));
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, Part)> = (0..threads)
        .into_par_iter()
        .flat_map_iter(|_| {
            let mut reader: Option<Result<Sheets<Cursor<Bytes>>, String>> = None;
            let mut out = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(j) = jobs.get(i) else {
                    break;
                };
                let reader = reader.get_or_insert_with(|| {
                    let spare = spare.lock().map(|mut s| s.take()).unwrap_or_default();
                    spare.map_or_else(|| open_xlsx(&book.bytes), Ok)
                });
                out.push((
                    i,
                    match reader {
                        Ok(reader) => read(reader, j),
                        Err(e) => Part::unreadable(&book.rel, &j.sheet, e.clone()),
                    },
                ));
            }
            out
        })
        .collect();
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, part)| part).collect()
}

fn open_xlsx(bytes: &Bytes) -> Result<Sheets<Cursor<Bytes>>, String> {
    calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).map(Sheets::Xlsx).map_err(|e| e.to_string())
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
    let bytes = Bytes(Arc::new(bytes));
    let cursor = Cursor::new(bytes.clone());
    let reader = if ole {
        calamine::open_workbook_from_rs(cursor).map(Sheets::Xls).map_err(|e| e.to_string())
    } else if ods {
        calamine::open_workbook_from_rs(cursor).map(Sheets::Ods).map_err(|e| e.to_string())
    } else {
        open_xlsx(&bytes)
    };
    match reader {
        Ok(reader) => Some(Book { rel: rel.to_string(), bytes, reader: Some(reader), merges }),
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
