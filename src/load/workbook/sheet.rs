//! Reading a sheet: its rows become the lines of the CSV text a table's loader reads,
//! after the header row that names the table's key column. A month sheet gives its
//! month to each row; merged cells are reported. What each cell becomes: `cells.rs`.

use super::cells::Value;
use super::origin::{Lines, Origin, SheetMap};
use crate::error::{Diagnostics, Location, column_letters};
use crate::model::{Campaign, Month};
use crate::msg;
use calamine::{Reader, Sheets};
use std::collections::{HashMap, HashSet};

/// How a column's cells are taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Ids, names, periods: a whole number is written without decimals; a date is an error.
    Text,
    /// `month`: a date cell is its month.
    Month,
    /// A figure: a number cell holding a whole number.
    Figure,
}

/// The columns of a table the loader reads, and the column whose name marks the header row.
pub(super) struct Spec {
    key: &'static str,
    columns: Vec<(String, Role)>,
}

impl Spec {
    fn role(&self, name: &str) -> Option<Role> {
        self.columns.iter().find(|(n, _)| n == name).map(|(_, r)| *r)
    }
}

pub(super) fn specs(campaign: Option<&Campaign>) -> [Spec; 4] {
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

/// What one sheet adds to a table: its lines of text, where they came from, and the
/// messages about its cells. Sheets are read side by side (`mod.rs`); their parts are
/// joined in sheet order ([`join`]), so the text and the messages are the same whichever
/// sheet is read first.
#[derive(Debug, Default)]
pub(super) struct Part {
    text: String,
    /// The rows of its lines (its sheet's index in the origin is set when it is read).
    lines: Lines,
    /// For each column of the text made: the sheet's column (1 = A), 0 for none.
    columns: Vec<u32>,
    pub(super) flagged: HashSet<(u32, u32, u32)>,
    /// A month sheet whose columns are all there: its header row (1-based).
    header: Option<u32>,
    pub(super) diags: Diagnostics,
}

impl Part {
    /// A sheet that could not be read at all.
    pub(super) fn unreadable(file: &str, sheet: &str, error: String) -> Part {
        let mut part = Part::default();
        part.diags.err(Location::cell(file, sheet, 0, 0), msg!("workbook-unreadable", error = error));
        part
    }
}

/// Reads sheet `ix` of a table, `sheet`, a row at a time. `merges`: whether the workbook
/// holds merged cells at all (they are looked up only then).
#[allow(clippy::too_many_arguments)]
pub(super) fn read_sheet<RS: std::io::Read + std::io::Seek>(
    reader: &mut Sheets<RS>,
    merges: bool,
    file: &str,
    sheet: &str,
    ix: u32,
    spec: &Spec,
    month: Option<Month>,
) -> Part {
    let merges = if merges {
        match reader {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
            _ => Vec::new(),
        }
    } else {
        Vec::new()
    };
    let mut diags = Diagnostics::new();
    let mut feed = Feed::new(file, sheet, ix, spec, month);
    let mut row: Vec<(u32, Value)> = Vec::new();
    let mut current = 0u32;
    let failed = match reader {
        // .xlsx is read as a stream: a sheet of a million rows needs no more memory than its text.
        Sheets::Xlsx(x) => match x.worksheet_cells_reader(sheet) {
            Ok(mut cells) => loop {
                match cells.next_cell() {
                    Ok(Some(cell)) => {
                        let (r, c) = cell.get_position();
                        if r != current && !row.is_empty() {
                            feed.row(current, &mut row, &mut diags);
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
                        feed.row(current, &mut row, &mut diags);
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
        feed.row(current, &mut row, &mut diags);
    }
    if let Some(e) = failed {
        diags.err(Location::cell(file, sheet, 0, 0), msg!("workbook-unreadable", error = e));
    }
    let mut part = feed.finish(&merges, &mut diags);
    part.diags = diags;
    part
}

/// Joins the parts of a table read from its sheets (each with its name and, for a month
/// sheet, its month; part `i` is sheet `i`) into its text and its [`Origin`]; `header`:
/// the month sheets' one header line. The text is made at its exact size, and each part is dropped once copied.
pub(super) fn join(
    file: &str,
    called: Option<String>,
    header: Option<String>,
    parts: Vec<(String, Option<Month>, Part)>,
    diags: &mut Diagnostics,
) -> (String, Origin) {
    let size = header.as_ref().map_or(0, String::len) + parts.iter().map(|(_, _, p)| p.text.len()).sum::<usize>();
    let mut origin =
        Origin { file: file.to_string(), called, sheets: Vec::new(), lines: Lines::default(), flagged: HashSet::new() };
    let mut text = String::new();
    if let Some(h) = header {
        // Placed on the first month sheet whose columns are all there.
        let at = parts.iter().enumerate().find_map(|(i, (_, _, p))| p.header.map(|row| (i as u32, row)));
        let (sheet, row) = at.unwrap_or((0, 0));
        origin.lines.push(sheet, row);
        text = h;
    }
    let mut parts = parts.into_iter();
    if text.is_empty() && size > 0 {
        // A single sheet: its text is the table's, without a copy.
        if let Some((name, month, mut part)) = parts.next() {
            text = std::mem::take(&mut part.text);
            add(&mut origin, SheetMap { name, month, columns: std::mem::take(&mut part.columns) }, part, diags);
        }
    }
    text.reserve_exact(size - text.len());
    for (name, month, mut part) in parts {
        text.push_str(&part.text);
        part.text = String::new();
        add(&mut origin, SheetMap { name, month, columns: std::mem::take(&mut part.columns) }, part, diags);
    }
    (text, origin)
}

fn add(origin: &mut Origin, sheet: SheetMap, part: Part, diags: &mut Diagnostics) {
    origin.sheets.push(sheet);
    origin.lines.append(&part.lines);
    origin.flagged.extend(part.flagged);
    diags.extend(part.diags);
}

/// The one header line of the month sheets: `unit,month,` and the figure columns.
pub(super) fn monthly_header(spec: &Spec) -> String {
    let names: Vec<&str> = spec.columns.iter().map(|(n, _)| n.as_str()).collect();
    let mut line = names.join(",");
    line.push('\n');
    line
}

/// A column of the text made: the sheet's column (0-based) it comes from, and the role of
/// its cells (`None`: a column the loader does not read, or a month sheet's `month`).
type Column = (Option<u32>, Option<Role>);

/// In [`Feed::by_col`]: a column of the sheet that no column of the text is made from.
const NONE: usize = usize::MAX;

/// The cells of one sheet becoming its [`Part`] of a table.
pub(super) struct Feed<'a> {
    pub(super) part: Part,
    file: &'a str,
    sheet: &'a str,
    /// Index of this sheet in the origin's sheets.
    pub(super) ix: u32,
    spec: &'a Spec,
    month: Option<Month>,
    /// `month` as the text of its lines.
    month_text: String,
    /// The header row (0-based) once found, and for each column of the text made: the
    /// sheet's column (0-based) and the role of its cells.
    header: Option<(u32, Vec<Column>)>,
    /// The first row with anything in it, as text: the header to give the loader when
    /// no row names the key column.
    first: Option<(u32, Vec<(u32, String)>)>,
    /// The sheet's column (0-based) → the column of the text made ([`NONE`]: none).
    by_col: Vec<usize>,
}

impl<'a> Feed<'a> {
    fn new(file: &'a str, sheet: &'a str, ix: u32, spec: &'a Spec, month: Option<Month>) -> Feed<'a> {
        let month_text = month.map(|m| m.to_string()).unwrap_or_default();
        Feed {
            part: Part::default(),
            file,
            sheet,
            ix,
            spec,
            month,
            month_text,
            header: None,
            first: None,
            by_col: Vec::new(),
        }
    }

    pub(super) fn at(&self, row: u32, col: u32) -> Location {
        Location::cell(self.file, self.sheet, row as usize + 1, col as usize + 1)
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
            let Some(i) = self.by_col.get(c as usize).copied().filter(|&i| i != NONE) else {
                continue;
            };
            let Some(role) = self.header.as_ref().and_then(|(_, columns)| columns[i].1) else {
                continue;
            };
            let text = self.cell(v, role, r, c, diags);
            any |= !text.is_empty();
            fields[i] = text;
        }
        if self.month.is_some() {
            // On a month sheet a unit whose figures are all empty has not reported yet.
            if fields[2..].iter().all(String::is_empty) {
                return;
            }
            fields[1].clone_from(&self.month_text);
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
                self.part.text.push(',');
            }
            push_field(&mut self.part.text, f);
        }
        self.part.text.push('\n');
        self.part.lines.push(self.ix, r + 1);
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
                    diags.err(Location::cell(self.file, self.sheet, r as usize + 1, 0), m);
                    missing = true;
                }
                columns.push((col, if *role == Role::Month { None } else { Some(*role) }));
            }
            if missing {
                // The sheet is not read; its header row is known, for merged cells.
                self.header = Some((r, Vec::new()));
                return;
            }
            self.part.header = Some(r + 1);
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
        self.part.columns = columns.iter().map(|(c, _)| c.map_or(0, |c| c + 1)).collect();
        // A column named twice is read (and reported by the loader) at its first place.
        for (i, (c, _)) in columns.iter().enumerate().rev() {
            if let Some(c) = c {
                let c = *c as usize;
                if self.by_col.len() <= c {
                    self.by_col.resize(c + 1, NONE);
                }
                self.by_col[c] = i;
            }
        }
        self.header = Some((r, columns));
    }

    fn finish(mut self, merges: &[calamine::Dimensions], diags: &mut Diagnostics) -> Part {
        let Some((h, columns)) = &self.header else {
            if self.month.is_some() {
                let must: Vec<&str> =
                    self.spec.columns.iter().filter(|(_, r)| *r != Role::Month).map(|(n, _)| n.as_str()).collect();
                let row = self.first.as_ref().map_or(0, |(r, _)| *r as usize + 1);
                let m = msg!("csv-missing-column", column = self.spec.key, suggestion = "", columns = must.join(","));
                diags.err(Location::cell(self.file, self.sheet, row, 0), m);
            } else if let Some((r, names)) = &self.first {
                // No row names the key column: the first row is the header the loader
                // reports on (with suggestions from its names).
                let (first, last) = (names[0].0, names[names.len() - 1].0);
                let by_col: HashMap<u32, &str> = names.iter().map(|(c, n)| (*c, n.as_str())).collect();
                let header: Vec<&str> = (first..=last).map(|c| by_col.get(&c).copied().unwrap_or("")).collect();
                for (i, f) in header.iter().enumerate() {
                    if i > 0 {
                        self.part.text.push(',');
                    }
                    push_field(&mut self.part.text, f);
                }
                self.part.text.push('\n');
                self.part.lines.push(self.ix, r + 1);
                self.part.columns = (first..=last).map(|c| c + 1).collect();
            }
            return self.part;
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
                    self.part.flagged.insert((self.ix, r + 1, c + 1));
                }
            }
            let range =
                format!("{}{}:{}{}", column_letters(c0 as usize + 1), r0 + 1, column_letters(c1 as usize + 1), r1 + 1);
            diags.err(self.at(r0, c0), msg!("cells-merged", range = range));
        }
        self.part
    }
}

/// Appends a CSV field, quoted when it holds a comma or a quote.
fn push_field(out: &mut String, f: &str) {
    if memchr::memchr2(b',', b'"', f.as_bytes()).is_some() {
        out.push('"');
        out.push_str(&f.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(f);
    }
}
