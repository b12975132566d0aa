//! A workbook as podium writes it: rust_xlsxwriter makes the package and each data
//! sheet's header, formats, widths, frozen pane and filter; [`rows`](super::rows) writes
//! the data rows into it when it is saved. Every workbook ends with the About sheet.

use super::rows::{self, Pending, Source};
use super::{Cell, Column, Kind, MAX_WIDTH, column_key};
use crate::model::PeriodIx;
use crate::render::site::Site;
use rust_xlsxwriter::{DocProperties, Format, Workbook, XlsxError};
use std::borrow::Cow;
use std::io::Write;

/// Rows per sheet, header included: Excel's limit. A longer table continues on a
/// sheet of the same name with " (2)", " (3)" … after it.
const MAX_ROWS: u32 = 1_048_576;

/// The zip compression level (1–9). Compressing the sheets is most of a workbook's
/// cost. On results.xlsx's 186 MB of sheet XML at 100,000 units, level 1 takes 0.6 s
/// for 30.7 MB, level 3 1.1 s for 22.4 MB, the default level 6 2.4 s for 19.3 MB.
/// Level 1: at 10,000 units it saves about 15 % of the build's user time for 7 % more
/// bytes under data/ (28.4 MB against 26.6 MB).
const ZIP_LEVEL: u8 = 1;

/// The formats every workbook uses.
pub(super) struct Formats {
    header: Format,
    int: Format,
    percent: Format,
    label: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold(),
            int: Format::new().set_num_format("#,##0"),
            percent: Format::new().set_num_format("0.00%"),
            label: Format::new().set_bold().set_align(rust_xlsxwriter::FormatAlign::Top),
        }
    }
}

/// A workbook being written: its data sheets in order, then the About sheet.
pub(super) struct Book<'s> {
    workbook: Workbook,
    formats: Formats,
    /// Sheet names given so far (Excel compares them without case).
    names: Vec<String>,
    /// The tables shown on data sheets, visited again when the rows are written.
    sources: Vec<Source<'s>>,
    /// The data sheets, whose rows are written when the workbook is saved.
    pending: Vec<Pending>,
}

/// What the About sheet says.
pub(super) struct About<'a> {
    /// What the data is, in a sentence.
    pub what: String,
    /// The address of the page the data belongs to.
    pub page: String,
    /// The period the data is of, for its status and decision (`None`: every period).
    pub period: Option<PeriodIx>,
    /// The data sheets' columns, to explain (each once).
    pub columns: &'a [Column],
}

impl<'s> Book<'s> {
    /// A new workbook with these properties.
    pub(super) fn new(properties: &DocProperties) -> Book<'s> {
        let mut workbook = Workbook::new();
        workbook.set_properties(properties);
        workbook.set_zip_compression_level(ZIP_LEVEL);
        Book { workbook, formats: Formats::new(), names: Vec::new(), sources: Vec::new(), pending: Vec::new() }
    }

    /// `name` made a valid sheet name, unique in this workbook: at most 31 characters,
    /// none of `[]:*?/\`, not starting or ending with an apostrophe. Names come from
    /// the language catalogue, which a theme may change.
    fn sheet_name(&mut self, name: &str, part: usize) -> String {
        let cleaned: String = name.chars().map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c }).collect();
        let cleaned = cleaned.trim_matches(|c: char| c == '\'' || c.is_whitespace());
        let base = if cleaned.is_empty() { "Sheet" } else { cleaned };
        let mut n = part;
        loop {
            let suffix = if n > 1 { format!(" ({n})") } else { String::new() };
            let keep = 31 - suffix.chars().count();
            let name: String = base.chars().take(keep).collect::<String>().trim_end().to_string() + &suffix;
            if !self.names.iter().any(|taken| taken.to_lowercase() == name.to_lowercase()) {
                self.names.push(name.clone());
                return name;
            }
            n += 1;
        }
    }

    /// Adds a data sheet (continued on further sheets past Excel's row limit) showing
    /// the rows `rows` makes; it is asked for them twice, when the sheet is added (for
    /// the widths) and when the workbook is saved.
    pub(super) fn table<'c, R, I>(
        &mut self,
        name: &str,
        columns: &[Column],
        rows: impl Fn() -> I + 's,
    ) -> Result<(), XlsxError>
    where
        I: Iterator<Item = R>,
        R: AsRef<[Cell<'c>]>,
    {
        self.table_of(name, columns, rows, MAX_ROWS)
    }

    fn table_of<'c, R, I>(
        &mut self,
        name: &str,
        columns: &[Column],
        rows: impl Fn() -> I + 's,
        max_rows: u32,
    ) -> Result<(), XlsxError>
    where
        I: Iterator<Item = R>,
        R: AsRef<[Cell<'c>]>,
    {
        let source: Source<'s> = Box::new(move |sink| {
            for row in rows() {
                sink(row.as_ref());
            }
        });
        // Each sheet's rows, its widths and its last row with a cell.
        struct Part {
            rows: usize,
            last: usize,
            widths: Vec<usize>,
        }
        // The header's text and the autofilter's arrow.
        let header: Vec<usize> = columns.iter().map(|(id, _)| id.chars().count() + 3).collect();
        let fresh = || Part { rows: 0, last: 0, widths: header.clone() };
        let mut parts = vec![fresh()];
        source(&mut |cells| {
            if parts.last().expect("a part").rows + 1 >= max_rows as usize {
                parts.push(fresh());
            }
            let part = parts.last_mut().expect("a part");
            part.rows += 1;
            for (w, cell) in part.widths.iter_mut().zip(cells) {
                if cell.may_be_wider(*w) {
                    *w = (*w).max(cell.shown_width());
                }
            }
            if cells.iter().any(rows::is_written) {
                part.last = part.rows;
            }
        });
        let mut skip = 0;
        for (i, part) in parts.iter().enumerate() {
            let sheet_name = self.sheet_name(name, i + 1);
            let f = &self.formats;
            let ws = self.workbook.add_worksheet_with_constant_memory()?;
            ws.set_name(sheet_name)?;
            for (c, (id, kind)) in columns.iter().enumerate() {
                let col = c as u16;
                match kind {
                    Kind::Int => ws.set_column_format(col, &f.int)?,
                    Kind::Percent => ws.set_column_format(col, &f.percent)?,
                    Kind::General => ws,
                };
                ws.write_string_with_format(0, col, *id, &f.header)?;
            }
            for (c, w) in part.widths.iter().enumerate() {
                ws.set_column_width(c as u16, width(*w))?;
            }
            ws.set_freeze_panes(1, 0)?;
            if !columns.is_empty() {
                ws.autofilter(0, 0, part.rows as u32, columns.len() as u16 - 1)?;
            }
            self.pending.push(Pending {
                file: format!("xl/worksheets/sheet{}.xml", self.names.len()),
                source: self.sources.len(),
                skip,
                rows: part.rows,
                last: part.last,
                columns: columns.len(),
            });
            skip += part.rows;
        }
        self.sources.push(source);
        Ok(())
    }

    /// The workbook's bytes.
    #[cfg(test)]
    fn save(self) -> Result<Vec<u8>, XlsxError> {
        let mut bytes = Vec::new();
        self.save_into(&mut bytes)?;
        Ok(bytes)
    }

    /// Writes the workbook to `out` as it is zipped: its data rows are never all in
    /// memory, nor the zipped workbook (results.xlsx is 22 MB at 100,000 units).
    fn save_into(mut self, out: &mut dyn Write) -> Result<(), XlsxError> {
        // rust_xlsxwriter 0.102 unwraps some I/O errors on its temporary files (a full
        // disk, seen at 100,000 units): such a panic comes back here as the I/O error it
        // is, and the build fails with its message like any other write error.
        let skeleton = quiet_panics::catching(|| self.workbook.save_to_buffer()).unwrap_or_else(|message| {
            Err(XlsxError::IoError(std::io::Error::other(
                message.unwrap_or_else(|| "the workbook could not be written".into()),
            )))
        })?;
        if self.pending.is_empty() {
            let mut bytes = skeleton;
            made_on_unix(&mut bytes, 0);
            out.write_all(&bytes)?;
            return Ok(());
        }
        rows::splice(&skeleton, &self.pending, &self.sources, ZIP_LEVEL.into(), out)
    }

    /// Writes the About sheet, then the workbook to `out`.
    pub(super) fn finish(mut self, site: &Site, about: &About, out: &mut dyn Write) -> Result<(), XlsxError> {
        let l = site.lang;
        let p = site.project;
        let name = self.sheet_name(l.t("xlsx_sheet_about"), 1);
        let f = &self.formats;
        let ws = self.workbook.add_worksheet();
        ws.set_name(name)?;
        let mut lines: Vec<(&str, Cow<str>)> = vec![
            (l.t("xlsx_contents"), Cow::Borrowed(about.what.as_str())),
            (l.t("xlsx_campaign"), Cow::Borrowed(p.campaign.title.as_str())),
            (l.t("issuer"), Cow::Borrowed(p.campaign.issuer.as_str())),
            (l.t("xlsx_site"), Cow::Borrowed(p.site.title.as_str())),
        ];
        if let Some(pi) = about.period {
            let info = site.period_info(pi);
            let status = if info.provisional {
                format!("{} — {}", info.status_label, l.t("provisional"))
            } else {
                format!("{} — {} {}", info.status_label, l.t("decided"), info.decision)
            };
            lines.push((l.t("period"), Cow::Owned(format!("{} ({} – {})", info.label, info.from, info.to))));
            lines.push((l.t("col_status"), Cow::Owned(status)));
        }
        if !site.frame.as_of.is_empty() {
            lines.push((l.t("as_of"), Cow::Borrowed(site.frame.as_of.as_str())));
        }
        if !site.frame.updated.is_empty() {
            lines.push((l.t("updated"), Cow::Borrowed(site.frame.updated.as_str())));
        }
        let mut row = 0;
        let mut label_width = 0;
        let mut value_width = 0;
        for (label, value) in &lines {
            ws.write_string_with_format(row, 0, *label, &f.label)?;
            ws.write_string(row, 1, value.as_ref())?;
            label_width = label_width.max(label.chars().count());
            value_width = value_width.max(value.chars().count());
            row += 1;
        }
        // The page: a link when the site has an absolute address.
        let page_label = l.t("xlsx_page");
        ws.write_string_with_format(row, 0, page_label, &f.label)?;
        label_width = label_width.max(page_label.chars().count());
        value_width = value_width.max(about.page.chars().count());
        let linked = about.page.contains("://") && ws.write_url(row, 1, about.page.as_str()).is_ok();
        if !linked {
            ws.write_string(row, 1, &about.page)?;
        }
        row += 2;
        // What each column holds.
        ws.write_string_with_format(row, 0, l.t("xlsx_column"), &f.label)?;
        ws.write_string_with_format(row, 1, l.t("xlsx_meaning"), &f.label)?;
        row += 1;
        let mut seen: Vec<&str> = Vec::new();
        for (id, _) in about.columns {
            if seen.contains(id) {
                continue;
            }
            seen.push(id);
            let meaning = l.t(column_key(id));
            ws.write_string(row, 0, *id)?;
            ws.write_string(row, 1, meaning)?;
            label_width = label_width.max(id.chars().count());
            value_width = value_width.max(meaning.chars().count());
            row += 1;
        }
        row += 1;
        ws.write_string(row, 0, format!("{} {}.", l.t("data_note"), l.t("generated_by")))?;
        ws.set_column_width(0, width(label_width))?;
        ws.set_column_width(1, width(value_width))?;
        self.save_into(out)
    }
}

/// A column's width in Excel's units (the width of a digit) for `chars` characters:
/// a little more than one each, for wide letters and the cell's margins.
fn width(chars: usize) -> f64 {
    let chars = chars.clamp(4, MAX_WIDTH) as f64;
    (chars * 1.1 + 2.0).round()
}

/// Marks every entry of a zip file as made on Unix, as the zip writer marks them on
/// Linux and macOS: on Windows it writes MS-DOS into the "version made by" field of the
/// central directory, and the same data would give a different workbook there. The
/// entries carry no file attributes, so the mark says nothing else.
///
/// `zip` is the end of the file from byte `base` on; it must hold the central directory.
pub(super) fn made_on_unix(zip: &mut [u8], base: usize) {
    const END: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    const ENTRY: [u8; 4] = [0x50, 0x4b, 0x01, 0x02];
    const UNIX: u8 = 3;
    let u16_at = |b: &[u8], i: usize| usize::from(u16::from_le_bytes([b[i], b[i + 1]]));
    let u32_at = |b: &[u8], i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]) as usize;
    // The end record closes the file (the writer adds no zip comment).
    let Some(end) = zip.len().checked_sub(22).filter(|&e| zip[e..e + 4] == END) else {
        return;
    };
    let count = u16_at(zip, end + 10);
    let Some(mut at) = u32_at(zip, end + 16).checked_sub(base) else {
        return;
    };
    for _ in 0..count {
        if at + 46 > end || zip[at..at + 4] != ENTRY {
            return;
        }
        zip[at + 5] = UNIX;
        at += 46 + u16_at(zip, at + 28) + u16_at(zip, at + 30) + u16_at(zip, at + 32);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader};
    use rust_xlsxwriter::ExcelDateTime;

    fn book() -> Book<'static> {
        let date = ExcelDateTime::from_ymd(2023, 7, 1).unwrap();
        Book::new(&DocProperties::new().set_creation_datetime(&date))
    }

    /// Every sheet's name and cells.
    fn read(bytes: Vec<u8>) -> Vec<(String, Vec<Vec<Data>>)> {
        let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        wb.sheet_names()
            .into_iter()
            .map(|n| {
                let rows = wb.worksheet_range(&n).unwrap().rows().map(<[Data]>::to_vec).collect();
                (n, rows)
            })
            .collect()
    }

    /// The "made by" byte of each central directory entry, found by their signature.
    fn made_by(zip: &[u8]) -> Vec<u8> {
        zip.windows(4).enumerate().filter(|(_, w)| *w == [0x50, 0x4b, 0x01, 0x02]).map(|(i, _)| zip[i + 5]).collect()
    }

    #[test]
    fn every_entry_says_unix_whatever_system_wrote_it() {
        let mut b = book();
        b.table_of("Kết quả", &[("n", Kind::Int)], || (1..=3).map(|n| [Cell::Int(n)]), 10).unwrap();
        let bytes = b.save().unwrap();
        let marks = made_by(&bytes);
        assert!(marks.len() >= 5, "a workbook has several entries: {marks:?}");
        assert!(marks.iter().all(|&m| m == 3), "{marks:?}");
        // As Windows writes it: MS-DOS everywhere. The same bytes once marked.
        let mut windows = bytes.clone();
        let entries: Vec<usize> =
            windows.windows(4).enumerate().filter(|(_, w)| *w == [0x50, 0x4b, 0x01, 0x02]).map(|(i, _)| i).collect();
        for i in entries {
            windows[i + 5] = 0;
        }
        assert_ne!(windows, bytes);
        made_on_unix(&mut windows, 0);
        assert_eq!(windows, bytes);
        assert_eq!(
            read(windows)[0].1,
            vec![
                vec![Data::String("n".into())],
                vec![Data::Float(1.0)],
                vec![Data::Float(2.0)],
                vec![Data::Float(3.0)]
            ]
        );
        // Not a zip, or cut short: left as it is.
        let mut short = bytes[..bytes.len() - 10].to_vec();
        let before = short.clone();
        made_on_unix(&mut short, 0);
        assert_eq!(short, before);
    }

    #[test]
    fn a_table_past_the_row_limit_goes_on_on_sheets_of_the_same_name() {
        let mut b = book();
        let rows = || (1..=5).map(|n| [Cell::Int(n), Cell::Percent(n * 2550)]);
        b.table_of("Kết quả", &[("n", Kind::Int), ("percent", Kind::Percent)], rows, 3).unwrap();
        let sheets = read(b.save().unwrap());
        let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Kết quả", "Kết quả (2)", "Kết quả (3)"]);
        let header = vec![Data::String("n".into()), Data::String("percent".into())];
        let values: Vec<Vec<Data>> = sheets
            .iter()
            .flat_map(|(_, rows)| {
                assert_eq!(rows[0], header, "each sheet has the header");
                rows[1..].to_vec()
            })
            .collect();
        let want: Vec<Vec<Data>> =
            (1..=5).map(|n| vec![Data::Float(n as f64), Data::Float(n as f64 * 0.255)]).collect();
        assert_eq!(values, want);
        assert!(sheets.iter().all(|(_, rows)| rows.len() <= 3));
    }

    /// A zip entry's text.
    fn entry(zip: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
        std::io::read_to_string(archive.by_name(name).unwrap()).unwrap()
    }

    #[test]
    fn rows_are_written_as_rust_xlsxwriter_writes_them() {
        let columns: &[Column] = &[("n", Kind::Int), ("p", Kind::Percent), ("x", Kind::General), ("t", Kind::General)];
        let texts = ["plain", " lead", "tab\t", "a&b<c>\"d'", "_x0041_ and _x00zz_", "dòng\nhai", "\u{fffe}", ""];
        let rows = move || {
            (0..texts.len() as i64).map(move |i| {
                let t = texts[i as usize];
                [
                    if i == 3 { Cell::Empty } else { Cell::Int((i - 4) * 1_234_567 + (1 << 53) * i64::from(i == 7)) },
                    Cell::Percent(i * 3_337 - 5),
                    match i % 3 {
                        0 => Cell::Bool(i % 2 == 0),
                        1 => Cell::Number(112.5 * i as f64, String::new()),
                        _ => Cell::Empty,
                    },
                    Cell::text(t),
                ]
            })
        };
        let mut b = book();
        b.table("T", columns, rows).unwrap();
        let ours = entry(&b.save().unwrap(), "xl/worksheets/sheet1.xml");
        // The same rows through rust_xlsxwriter's cell writing, as before.
        let mut wb = Workbook::new();
        let f = Formats::new();
        let ws = wb.add_worksheet_with_constant_memory().unwrap();
        for (c, (id, kind)) in columns.iter().enumerate() {
            match kind {
                Kind::Int => ws.set_column_format(c as u16, &f.int).unwrap(),
                Kind::Percent => ws.set_column_format(c as u16, &f.percent).unwrap(),
                Kind::General => &mut *ws,
            };
            ws.write_string_with_format(0, c as u16, *id, &f.header).unwrap();
        }
        for (r, cells) in rows().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in cells.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Empty => continue,
                    Cell::Int(n) => ws.write_number(r, c, *n as f64).unwrap(),
                    Cell::Percent(h) => ws.write_number(r, c, *h as f64 / 10_000.0).unwrap(),
                    Cell::Number(x, _) => ws.write_number(r, c, *x).unwrap(),
                    Cell::Bool(b) => ws.write_boolean(r, c, *b).unwrap(),
                    Cell::Text(s) if s.is_empty() => continue,
                    Cell::Text(s) => ws.write_string(r, c, s.as_ref()).unwrap(),
                };
            }
        }
        let theirs = entry(&wb.save_to_buffer().unwrap(), "xl/worksheets/sheet1.xml");
        let part = |xml: &str| {
            let dimension = &xml[xml.find("<dimension").unwrap()..][..40];
            let data = &xml[xml.find("<sheetData>").unwrap()..xml.find("</sheetData>").unwrap()];
            format!("{}…{data}", &dimension[..dimension.find("/>").unwrap()])
        };
        assert!(theirs.contains("_x005F_x0041_") && theirs.contains("xml:space"), "{theirs}");
        assert_eq!(part(&ours), part(&theirs));
    }

    #[test]
    fn an_exact_fit_makes_no_empty_sheet() {
        let mut b = book();
        b.table_of("T", &[("n", Kind::Int)], || (1..=2).map(|n| [Cell::Int(n)]), 3).unwrap();
        assert_eq!(read(b.save().unwrap()).len(), 1);
    }

    #[test]
    fn columns_are_no_wider_than_the_maximum() {
        assert_eq!(width(1000), width(MAX_WIDTH));
        assert!(width(MAX_WIDTH - 1) < width(MAX_WIDTH));
    }

    #[test]
    fn sheet_names_are_made_valid_and_unique() {
        let mut b = book();
        assert_eq!(b.sheet_name("Kết quả", 1), "Kết quả");
        assert_eq!(b.sheet_name("kết QUẢ", 1), "kết QUẢ (2)", "Excel ignores case");
        assert_eq!(b.sheet_name("a/b:c?[d]*e\\f", 1), "a b c  d  e f");
        assert_eq!(b.sheet_name("'Giới thiệu'", 1), "Giới thiệu");
        assert_eq!(b.sheet_name("  ", 1), "Sheet");
        let long = "Danh sách đơn vị đạt toàn quốc theo tỷ lệ";
        let first = b.sheet_name(long, 1);
        assert_eq!(first, "Danh sách đơn vị đạt toàn quốc", "31 characters, the space after them dropped");
        let second = b.sheet_name(long, 1);
        assert_eq!(second, "Danh sách đơn vị đạt toàn q (2)");
        assert_eq!(b.sheet_name(long, 3), "Danh sách đơn vị đạt toàn q (3)");
    }
}

/// Runs code that may panic on an I/O error, without the panic message the default hook
/// would print (the caller reports the error itself).
mod quiet_panics {
    use std::cell::Cell;
    use std::panic::{self, AssertUnwindSafe};
    use std::sync::Once;

    thread_local! {
        static CATCHING: Cell<bool> = const { Cell::new(false) };
    }

    /// `f`'s result, or the panic's message (`None` when it has none).
    pub fn catching<T>(f: impl FnOnce() -> T) -> Result<T, Option<String>> {
        static HOOK: Once = Once::new();
        HOOK.call_once(|| {
            let previous = panic::take_hook();
            panic::set_hook(Box::new(move |info| {
                if !CATCHING.with(Cell::get) {
                    previous(info);
                }
            }));
        });
        CATCHING.with(|c| c.set(true));
        let result = panic::catch_unwind(AssertUnwindSafe(f));
        CATCHING.with(|c| c.set(false));
        result.map_err(|payload| {
            payload.downcast_ref::<String>().cloned().or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        })
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn a_panic_comes_back_as_its_message() {
            assert_eq!(super::catching(|| 7), Ok(7));
            let write = |fail: bool| -> std::io::Result<u8> {
                if fail { Err(std::io::Error::from(std::io::ErrorKind::StorageFull)) } else { Ok(1) }
            };
            let caught = super::catching(|| write(true).unwrap());
            assert!(caught.unwrap_err().unwrap().contains("StorageFull"));
        }
    }
}
