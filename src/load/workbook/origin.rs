//! Where a table made from a workbook came from, row by row and column by column, and
//! the moving of the loaders' messages from the text made to the sheets' cells
//! ([`Sources::relocate`]).

use crate::error::{Diagnostics, Location};
use crate::messages::{Arg, Message};
use crate::model::Month;
use crate::msg;
use std::collections::HashSet;

/// Where the tables that came from workbooks came from: to move the loaders' messages
/// (and validation's) from the text made to the sheets' cells. Empty when every table
/// is a CSV file.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub(super) origins: Vec<(&'static str, Origin)>,
}

/// One table made from one or more sheets of a workbook.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The workbook, relative to the project: `data/thi-dua.xlsx`.
    pub(super) file: String,
    /// The sheet that holds the table, named in messages instead of its CSV file ("the
    /// 'results' sheet"); `None` for results kept in a sheet per month ("the month sheets").
    pub(super) called: Option<String>,
    pub(super) sheets: Vec<SheetMap>,
    /// For each line of the text made (line 1 first): its sheet (in `sheets`) and row.
    pub(super) lines: Lines,
    /// Cells already reported while the text was made: the loaders' messages about the
    /// same cell (the value left there) are not repeated.
    pub(super) flagged: HashSet<(u32, u32, u32)>,
}

#[derive(Debug, Clone)]
pub(super) struct SheetMap {
    pub(super) name: String,
    /// The month of a month sheet.
    pub(super) month: Option<Month>,
    /// For each column of the text made: the sheet's column (1 = A), 0 for none.
    pub(super) columns: Vec<u32>,
}

/// The sheet (in [`Origin::sheets`]) and row of each line of the text made, kept as runs
/// of lines made from consecutive rows of one sheet: the 1.8 million lines of a
/// 100,000-unit campaign's 18 month sheets are a few thousand runs (a run ends where a
/// unit has not reported), not an entry per line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Lines {
    runs: Vec<Run>,
    len: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    /// The run's first line (0-based).
    first: u32,
    sheet: u32,
    /// The row of its first line.
    row: u32,
}

impl Lines {
    /// The next line: made from `row` of `sheet`.
    pub(super) fn push(&mut self, sheet: u32, row: u32) {
        match self.runs.last() {
            Some(r) if r.sheet == sheet && r.row.checked_add(self.len - r.first) == Some(row) => {}
            _ => self.runs.push(Run { first: self.len, sheet, row }),
        }
        self.len += 1;
    }

    /// Line `i` (0-based): its sheet and row.
    pub(super) fn get(&self, i: usize) -> Option<(u32, u32)> {
        if i >= self.len as usize {
            return None;
        }
        let r = self.runs[self.runs.partition_point(|r| r.first as usize <= i) - 1];
        Some((r.sheet, r.row + (i as u32 - r.first)))
    }

    /// The lines of `other` after these.
    pub(super) fn append(&mut self, other: &Lines) {
        for (k, r) in other.runs.iter().enumerate() {
            let end = other.runs.get(k + 1).map_or(other.len, |n| n.first);
            // Its first line may continue the last run here; the others continue the run
            // that line is in.
            self.push(r.sheet, r.row);
            self.len += end - r.first - 1;
        }
    }

    /// How many runs: what the lines cost in memory.
    #[cfg(test)]
    fn runs(&self) -> usize {
        self.runs.len()
    }
}

impl FromIterator<(u32, u32)> for Lines {
    fn from_iter<I: IntoIterator<Item = (u32, u32)>>(iter: I) -> Lines {
        let mut lines = Lines::default();
        for (sheet, row) in iter {
            lines.push(sheet, row);
        }
        lines
    }
}

#[cfg(test)]
impl From<Vec<(u32, u32)>> for Lines {
    fn from(v: Vec<(u32, u32)>) -> Lines {
        v.into_iter().collect()
    }
}

impl Origin {
    fn place(&self, line: usize, column: usize) -> (Location, Option<(u32, u32, u32)>) {
        match line.checked_sub(1).and_then(|i| self.lines.get(i)) {
            Some((s, row)) => {
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
        let (s, row) = self.lines.get(line.checked_sub(1)?)?;
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
        let names = self.names();
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
            d.text = names.rename(d.text);
            out.push(d);
        }
        out
    }

    /// How messages name the tables the workbooks hold: what is kept of the sources
    /// for the messages written once they are let go of (`podium explain`'s).
    pub fn names(&self) -> TableNames {
        TableNames { names: self.origins.iter().map(|(table, origin)| (*table, origin.table_words())).collect() }
    }

    /// Where a message about month `month` of `table` as a whole belongs (a unit that
    /// has not reported it): that month's sheet, when the table is kept a sheet per
    /// month. `None` otherwise: [`Sources::relocate`] places it at the table's sheet.
    pub fn month_sheet(&self, table: &str, month: Month) -> Option<Location> {
        let (_, origin) = self.origins.iter().find(|(t, _)| *t == table)?;
        let sheet = origin.sheets.iter().find(|s| s.month == Some(month))?;
        Some(Location::cell(&origin.file, &sheet.name, 0, 0))
    }
}

/// How messages name the tables kept in workbooks ("the 'units' sheet", "the month
/// sheets"): a few words per table, kept after the [`Sources`] are let go of.
#[derive(Debug, Clone, Default)]
pub struct TableNames {
    names: Vec<(&'static str, Message)>,
}

impl TableNames {
    /// `message` with each table it names (a `place-table` argument, at any depth: its
    /// CSV file, `units.csv` or `data/units.csv`) that a workbook holds named as its
    /// sheet (or the month sheets).
    pub fn rename(&self, message: Message) -> Message {
        if self.names.is_empty() {
            return message;
        }
        message.map_args(&mut |m| match (m.id(), m.get("file")) {
            ("place-table", Some(Arg::Text(csv))) => self
                .names
                .iter()
                .find(|(table, _)| *table == csv.as_str() || table.strip_prefix("data/") == Some(csv.as_str()))
                .map_or(m, |(_, words)| words.clone()),
            _ => m,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::table::{RESULTS, TARGETS};
    use crate::model::Language;

    #[test]
    fn lines_are_runs_and_give_back_every_row() {
        // Three sheets: consecutive rows, a unit missing (row 5), a sheet of one line.
        let rows: Vec<(u32, u32)> =
            [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (1, 4), (1, 6), (1, 7), (2, 9)].into_iter().collect();
        let lines: Lines = rows.iter().copied().collect();
        assert_eq!(lines.runs(), 4);
        for (i, &row) in rows.iter().enumerate() {
            assert_eq!(lines.get(i), Some(row), "line {i}");
        }
        assert_eq!(lines.get(rows.len()), None);
        assert_eq!(Lines::default().get(0), None);
        // Appended in parts (as sheets read side by side are joined), the same lines and runs.
        for cut in 0..=rows.len() {
            let mut joined: Lines = rows[..cut].iter().copied().collect();
            joined.append(&rows[cut..].iter().copied().collect());
            assert_eq!(joined, lines, "cut at {cut}");
        }
        // A 100,000-unit month sheet is one run.
        let month: Lines = (2..100_002).map(|r| (3, r)).collect();
        assert_eq!((month.runs(), month.get(99_999)), (1, Some((3, 100_001))));
    }

    #[test]
    fn a_month_is_placed_at_its_sheet() {
        let month = |m: &str| Month::parse(m);
        let sheet = |name: &str, m: Option<Month>| SheetMap { name: name.into(), month: m, columns: vec![1, 2] };
        let origin = Origin {
            file: "data/t.xlsx".into(),
            called: None,
            sheets: vec![sheet("T5-2023", month("2023-05")), sheet("2023-06", month("2023-06"))],
            lines: Lines::default(),
            flagged: HashSet::new(),
        };
        let in_one = Origin { called: Some("results".into()), sheets: vec![sheet("results", None)], ..origin.clone() };
        let june = month("2023-06").unwrap();
        let sources = Sources { origins: vec![(RESULTS, origin)] };
        let at = |s: &Sources, table: &str, m: Month| s.month_sheet(table, m).map(|l| l.to_string());
        assert_eq!(at(&sources, RESULTS, june).as_deref(), Some("data/t.xlsx › '2023-06'"));
        assert_eq!(at(&sources, RESULTS, month("2023-05").unwrap()).as_deref(), Some("data/t.xlsx › 'T5-2023'"));
        // No sheet for the month, another table, results in one sheet or in results.csv:
        // left to relocate (the sheet, or the file).
        assert_eq!(at(&sources, RESULTS, month("2023-07").unwrap()), None);
        assert_eq!(at(&sources, TARGETS, june), None);
        assert_eq!(at(&Sources { origins: vec![(RESULTS, in_one)] }, RESULTS, june), None);
        assert_eq!(at(&Sources::default(), RESULTS, june), None);
    }

    #[test]
    fn messages_name_rows_and_sheets() {
        let origin = Origin {
            file: "data/t.xlsx".into(),
            called: Some("results".into()),
            sheets: vec![SheetMap { name: "results".into(), month: None, columns: vec![1, 2, 4] }],
            lines: vec![(0, 3), (0, 5), (0, 9)].into(),
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
        let other = Origin {
            sheets: vec![SheetMap { name: "2023-06".into(), month: Month::parse("2023-06"), columns: vec![] }],
            ..origin.clone()
        };
        let on_other = Origin {
            lines: vec![(0, 3), (1, 5)].into(),
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
