//! A workbook is measured before calamine opens it: an `.xlsx` or `.ods` file is a zip
//! archive, and a small archive may inflate to gigabytes (a "zip bomb"), or hold one XML
//! text so long that the XML reader buffers all of it. Each XML part calamine may read is
//! inflated here once, counting its bytes and its longest stretch without a `<`, and the
//! file is refused as soon as a bound is passed: what is inflated is never kept.
//!
//! The bounds are far above what a spreadsheet holds (Excel keeps at most 32,767
//! characters in a cell; a 100,000-unit campaign's results are a worksheet of about
//! 250 MB of XML), and they bound the memory calamine then needs: shared strings and
//! styles are held whole, worksheets are read as a stream, a cell at a time.

use crate::messages::{Arg, Message};
use crate::msg;
use std::io::Read;

/// The most bytes a worksheet's XML may inflate to.
pub const MAX_SHEET: u64 = 2 << 30;
/// The most bytes any other XML part (shared strings, styles, the workbook) may inflate to.
pub const MAX_PART: u64 = 256 << 20;
/// The most bytes all XML parts together may inflate to.
pub const MAX_TOTAL: u64 = 4 << 30;
/// The longest stretch of XML without a `<`: a cell's text, or a tag with its attributes.
pub const MAX_RUN: u64 = 1 << 20;
/// The most parts an archive may list.
pub const MAX_ENTRIES: usize = 100_000;
/// The largest workbook file read at all.
pub const MAX_FILE: u64 = 1 << 30;

/// What the measuring found out about a workbook that passed.
#[derive(Debug, Default)]
pub struct Measured {
    /// Some worksheet holds merged cells (`<mergeCell`): only then are they looked up.
    pub merges: bool,
}

/// Why a workbook was refused: what is wrong, and how to fix it.
pub type Refusal = Message;

/// Measures the zip archive `bytes` (an .xlsx or .ods file). `Err` when it is not a
/// readable archive or passes a bound.
pub fn measure(bytes: &[u8]) -> Result<Measured, Refusal> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| msg!("workbook-not-zip", error = zip_error(&e)))?;
    if zip.len() > MAX_ENTRIES {
        return Err(msg!("workbook-too-many-parts", count = zip.len(), max = MAX_ENTRIES));
    }
    let mut measured = Measured::default();
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| msg!("workbook-damaged", error = zip_error(&e)))?;
        let name = part.name().map(|n| n.to_string()).unwrap_or_default();
        // Only XML is read by calamine (pictures, printer settings and macros are not).
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let sheet = name.contains("worksheets/") || name == "content.xml";
        let limit = if sheet { MAX_SHEET } else { MAX_PART };
        let too_large = |size: u64| msg!("workbook-part-too-large", part = &name, size = size >> 20, max = limit >> 20);
        if part.size() > limit {
            return Err(too_large(part.size()));
        }
        let (mut size, mut run) = (0u64, 0u64);
        // The end of the previous block, to find `<mergeCell` across two blocks.
        let mut tail: Vec<u8> = Vec::new();
        loop {
            let n = match part.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => return Err(msg!("workbook-damaged", error = e.to_string())),
            };
            size += n as u64;
            total += n as u64;
            if size > limit {
                return Err(too_large(size));
            }
            if total > MAX_TOTAL {
                return Err(msg!("workbook-inflates-too-large", max = MAX_TOTAL >> 20));
            }
            let block = &buf[..n];
            // `run` counts the bytes since the last `<`, across blocks.
            let mut from = 0usize;
            for p in memchr::memchr_iter(b'<', block) {
                run += (p - from) as u64;
                if run > MAX_RUN {
                    return Err(long_run(&name));
                }
                run = 0;
                from = p + 1;
            }
            run += (n - from) as u64;
            if run > MAX_RUN {
                return Err(long_run(&name));
            }
            if sheet && !measured.merges {
                tail.extend_from_slice(&block[..block.len().min(16)]);
                measured.merges = memchr::memmem::find(&tail, b"<mergeCell ").is_some()
                    || memchr::memmem::find(block, b"<mergeCell ").is_some();
                tail.clear();
                tail.extend_from_slice(&block[block.len().saturating_sub(16)..]);
            }
        }
    }
    Ok(measured)
}

fn long_run(name: &str) -> Refusal {
    msg!("workbook-part-long-text", part = name, max = MAX_RUN >> 10)
}

/// What went wrong, for a message: the zip library's words, or ours for the common case.
fn zip_error(e: &zip::result::ZipError) -> Arg {
    match e {
        zip::result::ZipError::InvalidArchive(_) | zip::result::ZipError::UnsupportedArchive(_) => {
            msg!("workbook-not-zip-archive").into()
        }
        other => other.to_string().into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;
    use std::io::Write;

    fn archive(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut out);
        for (name, data) in parts {
            w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn ordinary_parts_pass_and_merges_are_noticed() {
        let m = measure(&archive(&[("xl/worksheets/sheet1.xml", b"<a><b>1</b></a>")])).unwrap();
        assert!(!m.merges);
        let m = measure(&archive(&[(
            "xl/worksheets/sheet1.xml",
            b"<x><mergeCells><mergeCell ref=\"A1:B1\"/></mergeCells></x>",
        )]))
        .unwrap();
        assert!(m.merges);
    }

    #[test]
    fn a_bomb_is_refused_before_it_is_inflated_whole() {
        // 300 MB of one byte compresses to a few hundred KB.
        let big = vec![b' '; 300 << 20];
        let e = measure(&archive(&[("xl/sharedStrings.xml", &big)])).unwrap_err();
        assert_eq!(
            e.text(Language::En),
            "the workbook's part xl/sharedStrings.xml is 300 MB once uncompressed, more than podium reads (256 MB)"
        );
        assert_eq!(
            e.text(Language::Vi),
            "phần xl/sharedStrings.xml của sổ tính nặng 300 MB khi giải nén, quá mức podium đọc được (256 MB)"
        );
    }

    #[test]
    fn a_long_text_without_markup_is_refused() {
        let mut xml = b"<c>".to_vec();
        xml.extend(std::iter::repeat_n(b'x', (MAX_RUN + 10) as usize));
        xml.extend_from_slice(b"</c>");
        let e = measure(&archive(&[("xl/worksheets/sheet1.xml", &xml)])).unwrap_err();
        assert!(e.text(Language::En).ends_with("holds more than 1024 KB of text without markup"), "{e:?}");
        // Just under the bound, over two blocks, passes.
        let mut xml = b"<c>".to_vec();
        xml.extend(std::iter::repeat_n(b'x', (MAX_RUN - 10) as usize));
        xml.extend_from_slice(b"</c>");
        assert!(measure(&archive(&[("xl/worksheets/sheet1.xml", &xml)])).is_ok());
    }

    #[test]
    fn not_a_zip_and_cut_short_are_refused() {
        let e = measure(b"id,name\n").unwrap_err();
        assert_eq!(
            e.text(Language::En),
            "this is not a workbook podium can read: it is not a zip archive, or it is cut short"
        );
        let whole = archive(&[("xl/worksheets/sheet1.xml", b"<a/>")]);
        assert!(measure(&whole[..whole.len() / 2]).is_err());
    }
}
