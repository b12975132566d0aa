//! The rows of a workbook's data sheets, written by podium into the package
//! rust_xlsxwriter made.
//!
//! rust_xlsxwriter builds each cell as a value in a map and formats it with `write!`:
//! about a quarter of a microsecond a cell, and results.xlsx alone has 3.2 million cells
//! at 100,000 units. So a data sheet is made by rust_xlsxwriter with its header row
//! only (its columns, formats, widths, frozen pane and autofilter), and [`splice`]
//! writes the data rows into that sheet's XML as the package is zipped again, in the
//! very form rust_xlsxwriter writes them in its constant-memory mode: the same
//! elements, attributes, number text and escapes (a test compares the two).

use super::Cell;
use super::book::made_on_unix;
use rust_xlsxwriter::XlsxError;
use std::cell::Cell as Flag;
use std::io::{Read, Write};
use std::rc::Rc;
use zip::write::SimpleFileOptions;

/// Visits a table's rows in order, each as its cells.
pub(super) type Source<'s> = Box<dyn Fn(&mut dyn FnMut(&[Cell<'_>])) + 's>;

/// A data sheet whose rows are written at the end: part of a table's rows.
pub(super) struct Pending {
    /// The sheet's part name in the package (`xl/worksheets/sheet2.xml`).
    pub file: String,
    /// The table it shows (an index into the book's sources).
    pub source: usize,
    /// The table's rows before this sheet's first.
    pub skip: usize,
    /// The number of rows on this sheet.
    pub rows: usize,
    /// The last row with a cell (1 = the first data row; 0: none).
    pub last: usize,
    /// The number of columns.
    pub columns: usize,
}

/// Whether a cell is written at all (an empty cell is not).
pub(super) fn is_written(cell: &Cell) -> bool {
    match cell {
        Cell::Empty => false,
        Cell::Text(s) => !s.is_empty(),
        _ => true,
    }
}

/// Writes the package `skeleton`, zipped again with the data rows of `pending` in their
/// sheets, to `out`, its entries marked as made on Unix ([`made_on_unix`]).
pub(super) fn splice(
    skeleton: &[u8],
    pending: &[Pending],
    sources: &[Source],
    level: i64,
    out: &mut dyn Write,
) -> Result<(), XlsxError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(skeleton))?;
    // rust_xlsxwriter's own options for every part.
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(level))
        .unix_permissions(0o600)
        .last_modified_time(zip::DateTime::default())
        .large_file(false);
    let ending = Rc::new(Flag::new(false));
    let mut zip = zip::ZipWriter::new_stream(Tail { out, passed: 0, held: Vec::new(), ending: Rc::clone(&ending) });
    let mut part = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name()?.into_owned();
        part.clear();
        entry.read_to_end(&mut part)?;
        let stored = entry.compression() == zip::CompressionMethod::Stored;
        drop(entry);
        let options = if stored {
            options.compression_method(zip::CompressionMethod::Stored).compression_level(None)
        } else {
            options
        };
        zip.start_file(name.as_str(), options)?;
        match pending.iter().find(|p| p.file == name) {
            None => zip.write_all(&part)?,
            Some(p) => write_sheet(&mut zip, &part, p, &sources[p.source])?,
        }
    }
    // What the zip writer writes from now on (the last entry's end and the central
    // directory) is held back, marked, then written.
    ending.set(true);
    let mut tail = zip.finish()?.into_inner();
    made_on_unix(&mut tail.held, tail.passed);
    tail.out.write_all(&tail.held)?;
    Ok(())
}

/// The way from the zip writer to the file: bytes pass through until `ending`, then
/// are held.
struct Tail<'a> {
    out: &'a mut dyn Write,
    /// Bytes passed through.
    passed: usize,
    held: Vec<u8>,
    ending: Rc<Flag<bool>>,
}

impl Write for Tail<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.ending.get() {
            self.held.extend_from_slice(buf);
            return Ok(buf.len());
        }
        let n = self.out.write(buf)?;
        self.passed += n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Writes a data sheet: rust_xlsxwriter's XML of it, with the rows after the header.
fn write_sheet(out: &mut impl Write, xml: &[u8], p: &Pending, source: &Source) -> Result<(), XlsxError> {
    let broken = || XlsxError::ParameterError(format!("{}: no sheet data to fill", p.file));
    let xml = std::str::from_utf8(xml).map_err(|_| broken())?;
    let end = xml.rfind("</sheetData>").ok_or_else(broken)?;
    let (head, tail) = xml.split_at(end);
    let styles = column_styles(head, p.columns);
    let names: Vec<String> = (0..p.columns).map(column_name).collect();
    // The used range: the header's columns, down to the last row with a cell.
    const DIMENSION: &str = "<dimension ref=\"";
    match head.find(DIMENSION) {
        Some(at) if p.last > 0 => {
            let from = at + DIMENSION.len();
            let to = from + head[from..].find('"').ok_or_else(broken)?;
            out.write_all(&head.as_bytes()[..from])?;
            write!(out, "A1:{}{}", names[p.columns - 1], p.last + 1)?;
            out.write_all(&head.as_bytes()[to..])?;
        }
        _ => out.write_all(head.as_bytes())?,
    }
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 17);
    let mut failed: Option<std::io::Error> = None;
    let mut index = 0usize;
    source(&mut |cells| {
        let k = index;
        index += 1;
        if k < p.skip || k >= p.skip + p.rows || failed.is_some() {
            return;
        }
        write_row(&mut buf, k - p.skip + 2, cells, &names, &styles);
        if buf.len() >= 1 << 16 {
            if let Err(e) = out.write_all(&buf) {
                failed = Some(e);
            }
            buf.clear();
        }
    });
    if let Some(e) = failed {
        return Err(e.into());
    }
    out.write_all(&buf)?;
    out.write_all(tail.as_bytes())?;
    Ok(())
}

/// The style (format index) of each column, from the sheet's `<col>` elements: a cell
/// without a format of its own takes its column's.
fn column_styles(head: &str, columns: usize) -> Vec<String> {
    let mut styles = vec![String::new(); columns];
    let Some(cols) = head.find("<cols>").map(|at| &head[at..]) else { return styles };
    let cols = &cols[..cols.find("</cols>").unwrap_or(cols.len())];
    let attr = |element: &str, name: &str| -> Option<usize> {
        let key = format!(" {name}=\"");
        let from = element.find(&key)? + key.len();
        element[from..].split('"').next()?.parse().ok()
    };
    for element in cols.split("<col").skip(1) {
        let (Some(min), Some(max), Some(style)) = (attr(element, "min"), attr(element, "max"), attr(element, "style"))
        else {
            continue;
        };
        for c in min.max(1)..=max.min(columns) {
            styles[c - 1] = if style > 0 { format!(" s=\"{style}\"") } else { String::new() };
        }
    }
    styles
}

/// A column's letters: A … Z, AA, AB …
pub(super) fn column_name(col: usize) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let d = (n - 1) % 26;
        letters.push(b'A' + d as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// Appends row `r` (1 = the header) as rust_xlsxwriter writes it; a row without a
/// written cell is left out.
fn write_row(buf: &mut Vec<u8>, r: usize, cells: &[Cell], names: &[String], styles: &[String]) {
    if !cells.iter().any(is_written) {
        return;
    }
    let mut digits = itoa::Buffer::new();
    let row = digits.format(r).as_bytes();
    buf.extend_from_slice(b"<row r=\"");
    buf.extend_from_slice(row);
    buf.extend_from_slice(b"\">");
    let mut number = itoa::Buffer::new();
    for (c, cell) in cells.iter().enumerate().take(names.len()) {
        if !is_written(cell) {
            continue;
        }
        buf.extend_from_slice(b"<c r=\"");
        buf.extend_from_slice(names[c].as_bytes());
        buf.extend_from_slice(row);
        buf.push(b'"');
        buf.extend_from_slice(styles[c].as_bytes());
        match cell {
            Cell::Int(n) if n.unsigned_abs() < 1 << 53 => {
                buf.extend_from_slice(b"><v>");
                buf.extend_from_slice(number.format(*n).as_bytes());
            }
            // Excel holds numbers as doubles: what rust_xlsxwriter would write.
            Cell::Int(n) => {
                let _ = write!(buf, "><v>{}", *n as f64);
            }
            Cell::Percent(h) => {
                let _ = write!(buf, "><v>{}", *h as f64 / 10_000.0);
            }
            Cell::Number(x, _) => {
                let _ = write!(buf, "><v>{x}");
            }
            Cell::Bool(b) => {
                buf.extend_from_slice(if *b { b" t=\"b\"><v>1" } else { b" t=\"b\"><v>0" });
            }
            Cell::Text(s) => {
                buf.extend_from_slice(b" t=\"inlineStr\"><is><t");
                if s.starts_with(['\t', '\n', ' ']) || s.ends_with(['\t', '\n', ' ']) {
                    buf.extend_from_slice(b" xml:space=\"preserve\"");
                }
                buf.push(b'>');
                escape_into(buf, s);
                buf.extend_from_slice(b"</t></is></c>");
                continue;
            }
            Cell::Empty => unreachable!("empty cells are not written"),
        }
        buf.extend_from_slice(b"</v></c>");
    }
    buf.extend_from_slice(b"</row>");
}

/// Appends `s` as rust_xlsxwriter writes a string's text: a literal `_xHHHH_` gets its
/// underscore escaped (`_x005F_xHHHH_`), then `&`, `<`, `>` become entities and control
/// characters (but tab and line feed) and U+FFFE/U+FFFF become `_xHHHH_`.
fn escape_into(buf: &mut Vec<u8>, s: &str) {
    let special = |&b: &u8| matches!(b, b'&' | b'<' | b'>' | 0xEF) || b < 0x20 && b != b'\t' && b != b'\n';
    if !s.as_bytes().iter().any(special) && !s.contains("_x") {
        buf.extend_from_slice(s.as_bytes());
        return;
    }
    let s = escape_escapes(s);
    for c in s.chars() {
        match c {
            '&' => buf.extend_from_slice(b"&amp;"),
            '<' => buf.extend_from_slice(b"&lt;"),
            '>' => buf.extend_from_slice(b"&gt;"),
            '\t' | '\n' => buf.push(c as u8),
            '\0'..='\x1f' | '\u{fffe}' | '\u{ffff}' => {
                let _ = write!(buf, "_x{:04X}_", c as u32);
            }
            _ => {
                let mut utf8 = [0; 4];
                buf.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
            }
        }
    }
}

/// `s` with the underscore of every literal `_xHHHH_` written `_x005F`, so that Excel
/// does not read it as an escape.
fn escape_escapes(s: &str) -> std::borrow::Cow<'_, str> {
    const LEN: usize = "_xHHHH_".len();
    let mut out: Option<String> = None;
    for (at, _) in s.rmatch_indices("_x") {
        let Some(candidate) = s.get(at..at + LEN) else { continue };
        if candidate.ends_with('_') && candidate[2..LEN - 1].bytes().all(|b| b.is_ascii_hexdigit()) {
            out.get_or_insert_with(|| s.to_string()).insert_str(at, "_x005F");
        }
    }
    out.map_or(std::borrow::Cow::Borrowed(s), std::borrow::Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[Cell], styles: &[&str]) -> String {
        let names: Vec<String> = (0..cells.len()).map(column_name).collect();
        let styles: Vec<String> = styles.iter().map(|s| s.to_string()).collect();
        let mut buf = Vec::new();
        write_row(&mut buf, 7, cells, &names, &styles);
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn columns_are_named_as_excel_names_them() {
        let names: Vec<String> = [0, 25, 26, 51, 52, 701, 702, 16383].into_iter().map(column_name).collect();
        assert_eq!(names, ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"]);
    }

    #[test]
    fn cells_are_written_as_rust_xlsxwriter_writes_them() {
        let cells = [
            Cell::Int(-1890),
            Cell::Percent(11750),
            Cell::Number(112.5, "112.5".into()),
            Cell::Bool(true),
            Cell::Empty,
            Cell::text(""),
            Cell::text(" a&b<c>_x0041_\u{1}"),
        ];
        assert_eq!(
            row(&cells, &[" s=\"1\"", " s=\"3\"", "", "", "", "", ""]),
            concat!(
                r#"<row r="7"><c r="A7" s="1"><v>-1890</v></c><c r="B7" s="3"><v>1.175</v></c>"#,
                r#"<c r="C7"><v>112.5</v></c><c r="D7" t="b"><v>1</v></c>"#,
                r#"<c r="G7" t="inlineStr"><is><t xml:space="preserve"> a&amp;b&lt;c&gt;_x005F_x0041__x0001_</t></is></c></row>"#
            )
        );
        assert_eq!(row(&[Cell::Empty, Cell::text("")], &["", ""]), "", "a row without cells is left out");
    }

    #[test]
    fn only_whole_escapes_are_escaped() {
        assert_eq!(escape_escapes("_x004_ _xZZZZ_ _x12"), "_x004_ _xZZZZ_ _x12");
        assert_eq!(escape_escapes("_x00e9__x00E9_"), "_x005F_x00e9__x005F_x00E9_");
        let mut buf = Vec::new();
        escape_into(&mut buf, "Đạt \u{fffe} ok");
        assert_eq!(String::from_utf8(buf).unwrap(), "Đạt _xFFFE_ ok");
    }

    #[test]
    fn column_styles_come_from_the_cols_element() {
        let head = r#"<cols><col min="1" max="1" width="10" style="1" customWidth="1"/><col min="2" max="2" width="9" customWidth="1"/><col min="3" max="4" width="9" style="3" customWidth="1"/></cols>"#;
        assert_eq!(column_styles(head, 5), [" s=\"1\"", "", " s=\"3\"", " s=\"3\"", ""]);
    }
}
