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
use rayon::prelude::*;
use std::io::Read;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

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
///
/// The parts are inflated side by side, a part per thread at a time, but judged in their
/// order in the archive, exactly as one after another: the refusal is the one the first
/// part past a bound gives, with the same numbers. Parts are taken in order and no new
/// one is begun once one is refused, so no more is inflated than a part per thread
/// beyond what reading them one after another would.
pub fn measure(bytes: &[u8]) -> Result<Measured, Refusal> {
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| msg!("workbook-not-zip", error = zip_error(&e)))?;
    if zip.len() > MAX_ENTRIES {
        return Err(msg!("workbook-too-many-parts", count = zip.len(), max = MAX_ENTRIES));
    }
    let judge = Mutex::new(Judge::default());
    let next = AtomicUsize::new(0);
    let threads = rayon::current_num_threads().clamp(1, zip.len().max(1));
    (0..threads).into_par_iter().for_each(|_| {
        // Each thread its own archive (a clone shares the list of parts).
        let mut zip = zip.clone();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= zip.len() || judge.lock().map_or(true, |j| j.verdict.is_some()) {
                break;
            }
            let pass = measure_part(&mut zip, i, &mut buf);
            if let Ok(mut j) = judge.lock() {
                j.add(i, pass);
            }
        }
    });
    let judge = judge.into_inner().unwrap_or_default();
    judge.verdict.unwrap_or(Ok(Measured { merges: judge.merges }))
}

/// Where measuring a part stopped, to judge it in archive order (see [`Judge::add`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// Before a byte was inflated: a damaged entry, or a size the archive declares too large.
    Start,
    /// Reading failed after `after` bytes.
    Read,
    /// The block ending at `after` bytes took the part past its own bound.
    Size,
    /// The block ending at `after` bytes holds too long a text without markup.
    Run,
}

/// What measuring one part found: the bytes inflated before its last block and in all,
/// whether it holds merged cells, and its refusal.
#[derive(Debug, Default)]
struct Pass {
    before: u64,
    after: u64,
    merges: bool,
    stop: Option<(Stop, Refusal)>,
}

/// The parts measured so far, judged in archive order as they come in.
#[derive(Default)]
struct Judge {
    /// The next part to judge, and the parts measured ahead of it.
    next: usize,
    waiting: std::collections::BTreeMap<usize, Pass>,
    /// The bytes of all parts judged.
    total: u64,
    merges: bool,
    /// Set once a part is refused: the workbook is, and no new part is begun.
    verdict: Option<Result<Measured, Refusal>>,
}

impl Judge {
    fn add(&mut self, i: usize, pass: Pass) {
        self.waiting.insert(i, pass);
        while self.verdict.is_none() {
            let Some(pass) = self.waiting.remove(&self.next) else {
                break;
            };
            self.next += 1;
            // One after another, each block of a part is checked against the part's bound,
            // then against the bound on all parts together, then for long text.
            let room = MAX_TOTAL - self.total;
            let total_passed = match &pass.stop {
                None | Some((Stop::Read | Stop::Run, _)) => pass.after > room,
                Some((Stop::Size, _)) => pass.before > room,
                Some((Stop::Start, _)) => false,
            };
            if total_passed {
                self.verdict = Some(Err(msg!("workbook-inflates-too-large", max = MAX_TOTAL >> 20)));
            } else if let Some((_, refusal)) = pass.stop {
                self.verdict = Some(Err(refusal));
            } else {
                self.total += pass.after;
                self.merges |= pass.merges;
            }
        }
    }
}

/// Inflates part `i` of `zip` once, counting its bytes and its longest stretch without a
/// `<`, until it ends or passes its own bound. A part calamine does not read passes empty.
fn measure_part(zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, i: usize, buf: &mut [u8]) -> Pass {
    let mut pass = Pass::default();
    let mut part = match zip.by_index(i) {
        Ok(part) => part,
        Err(e) => {
            pass.stop = Some((Stop::Start, msg!("workbook-damaged", error = zip_error(&e))));
            return pass;
        }
    };
    let name = part.name().map(|n| n.to_string()).unwrap_or_default();
    // Only XML is read by calamine (pictures, printer settings and macros are not).
    if !(name.ends_with(".xml") || name.ends_with(".rels")) {
        return pass;
    }
    let sheet = name.contains("worksheets/") || name == "content.xml";
    let limit = if sheet { MAX_SHEET } else { MAX_PART };
    let too_large = |size: u64| msg!("workbook-part-too-large", part = &name, size = size >> 20, max = limit >> 20);
    if part.size() > limit {
        pass.stop = Some((Stop::Start, too_large(part.size())));
        return pass;
    }
    let mut run = 0u64;
    // The end of the previous block, to find `<mergeCell` across two blocks.
    let mut tail: Vec<u8> = Vec::new();
    loop {
        let n = match part.read(buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) => {
                pass.stop = Some((Stop::Read, msg!("workbook-damaged", error = e.to_string())));
                break;
            }
        };
        pass.before = pass.after;
        pass.after += n as u64;
        if pass.after > limit {
            pass.stop = Some((Stop::Size, too_large(pass.after)));
            break;
        }
        let block = &buf[..n];
        // `run` counts the bytes since the last `<`, across blocks.
        let mut from = 0usize;
        let mut long = false;
        for p in memchr::memchr_iter(b'<', block) {
            run += (p - from) as u64;
            if run > MAX_RUN {
                long = true;
                break;
            }
            run = 0;
            from = p + 1;
        }
        if !long {
            run += (n - from) as u64;
            long = run > MAX_RUN;
        }
        if long {
            pass.stop = Some((Stop::Run, long_run(&name)));
            break;
        }
        if sheet && !pass.merges {
            tail.extend_from_slice(&block[..block.len().min(16)]);
            pass.merges = memchr::memmem::find(&tail, b"<mergeCell ").is_some()
                || memchr::memmem::find(block, b"<mergeCell ").is_some();
            tail.clear();
            tail.extend_from_slice(&block[block.len().saturating_sub(16)..]);
        }
    }
    pass
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
    fn parts_measured_side_by_side_are_judged_in_archive_order() {
        // The first part's long text is far into it; the second's is at once (found first
        // when both are read at the same time): the first part is named, on any number of
        // threads.
        let mut slow = b"<c>".repeat(2 << 20);
        slow.extend(std::iter::repeat_n(b'x', (MAX_RUN + 1) as usize));
        let mut quick = b"<c>".to_vec();
        quick.extend(std::iter::repeat_n(b'y', (MAX_RUN + 1) as usize));
        let bytes = archive(&[
            ("xl/workbook.xml", b"<w/>"),
            ("xl/worksheets/sheet1.xml", &slow),
            ("xl/worksheets/sheet2.xml", &quick),
            ("xl/worksheets/sheet3.xml", b"<x><mergeCell ref=\"A1:B1\"/></x>"),
        ]);
        for threads in [1, 2, 4] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let e = pool.install(|| measure(&bytes)).unwrap_err();
            assert!(e.text(Language::En).contains("xl/worksheets/sheet1.xml holds more than"), "{threads}: {e:?}");
            // Without the long texts, every part passes and the merged cells are noticed.
            let fine = archive(&[
                ("xl/worksheets/sheet1.xml", b"<a/>"),
                ("xl/worksheets/sheet3.xml", b"<mergeCell ref=\"A1\"/>"),
            ]);
            assert!(pool.install(|| measure(&fine)).unwrap().merges);
        }
    }

    #[test]
    fn the_bound_on_all_parts_is_judged_as_one_after_another() {
        let judge = |passes: Vec<Pass>, order: &[usize]| {
            let mut passes: Vec<Option<Pass>> = passes.into_iter().map(Some).collect();
            let mut j = Judge::default();
            for &i in order {
                j.add(i, passes[i].take().unwrap());
            }
            j.verdict.map(|v| v.map(|_| ()).map_err(|e| e.text(Language::En)))
        };
        let ok = |after| Pass { before: 0, after, merges: false, stop: None };
        let stop = |before, after, stop| Pass { before, after, merges: false, stop: Some((stop, long_run("p"))) };
        let total = Some(Err(msg!("workbook-inflates-too-large", max = MAX_TOTAL >> 20).text(Language::En)));
        let own = Some(Err(long_run("p").text(Language::En)));
        let first = MAX_TOTAL - 10;
        // Parts arriving out of order are judged in order, once the earlier ones are in.
        assert_eq!(judge(vec![ok(first), ok(10)], &[1, 0]), None);
        assert_eq!(judge(vec![ok(first), ok(11)], &[1]), None);
        assert_eq!(judge(vec![ok(first), ok(11)], &[1, 0]), total);
        // A part's own bound is checked before the bound on all parts in the same block …
        assert_eq!(judge(vec![ok(first), stop(10, 99, Stop::Size)], &[1, 0]), own);
        assert_eq!(judge(vec![ok(first), stop(11, 99, Stop::Size)], &[0, 1]), total);
        // … a long text after it.
        assert_eq!(judge(vec![ok(first), stop(5, 10, Stop::Run)], &[0, 1]), own);
        assert_eq!(judge(vec![ok(first), stop(5, 11, Stop::Run)], &[0, 1]), total);
        assert_eq!(judge(vec![ok(first), stop(11, 11, Stop::Read)], &[0, 1]), total);
        assert_eq!(judge(vec![ok(first), stop(0, 0, Stop::Start)], &[0, 1]), own);
        // The first refusal stands, whatever comes after it.
        assert_eq!(judge(vec![stop(0, 0, Stop::Start), ok(MAX_TOTAL)], &[1, 0]), own);
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
