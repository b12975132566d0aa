//! The site a build replaces, and how a new file is found to be unchanged from it.
//!
//! A site's marker file ([`MARKER`]) lists every other file of the site with its size
//! and its XXH3-128 hash. A rebuild compares a new file with that list instead of
//! reading the old file back: at 100,000 units a site has 3.4 GB in 115,000 files, and
//! reading them from a cold disk took minutes. The list is believed only for an old
//! file whose size is the listed one and whose modification time is earlier than the
//! marker's (written after every file of its build): a file edited by hand since is
//! read and compared byte for byte, as is every file of a site without the list.

use super::MARKER;
use rustc_hash::FxHashMap;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The first line of the marker file.
const MARKER_TEXT: &str = "This folder is written by podium; `podium build` replaces it as a whole.\n";

/// The line before the list of files.
const LIST_HEAD: &str = "# size, XXH3-128 hash and path of each file (a rebuild compares new files with these)\n";

/// The longest marker whose list is read: 64 MiB lists about 900,000 files, nine
/// times a national campaign's site (7.5 MB for 115,000 files). A longer one (a file
/// put there by hand) is not read into memory: every file is compared instead.
const MARKER_MAX: u64 = 64 << 20;

/// A file's size and hash.
pub(super) type Fingerprint = (u64, u128);

/// The fingerprint of `bytes`.
pub(super) fn fingerprint(bytes: &[u8]) -> Fingerprint {
    (bytes.len() as u64, xxhash_rust::xxh3::xxh3_128(bytes))
}

/// The previous site in the output folder.
pub(super) struct Previous {
    dir: PathBuf,
    /// The files its marker lists.
    listed: FxHashMap<String, Fingerprint>,
    /// When its marker was written: files not modified since are as listed.
    listed_at: Option<SystemTime>,
}

impl Previous {
    /// The site in `dir`, with the list of its marker if it has one.
    pub(super) fn read(dir: PathBuf) -> Previous {
        let marker = dir.join(MARKER);
        let listed_at = fs::metadata(&marker).and_then(|m| m.modified()).ok();
        let listed = read_list(&marker, MARKER_MAX);
        Previous { dir, listed, listed_at }
    }

    /// The previous site's file at `rel`.
    pub(super) fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// Whether the previous site's file at `rel` holds the bytes whose fingerprint is
    /// `new`. `compare` reads it and compares, when the marker's list cannot tell.
    pub(super) fn holds(&self, rel: &str, new: Fingerprint, compare: impl FnOnce(&Path) -> bool) -> bool {
        let path = self.path(rel);
        // A link put in the old site (to a file anywhere) is never carried into the new one.
        let Ok(meta) = fs::symlink_metadata(&path) else { return false };
        if !meta.is_file() || meta.len() != new.0 {
            return false;
        }
        match self.listed.get(rel) {
            // Built with other bytes: the new ones differ, whatever happened to the file since.
            Some(&old) if old != new => false,
            Some(_) if self.untouched(&meta) => true,
            _ => compare(&path),
        }
    }

    /// Whether a file of the previous site is as its build wrote it: not modified after
    /// the marker.
    fn untouched(&self, meta: &fs::Metadata) -> bool {
        match (meta.modified(), self.listed_at) {
            // Strictly before: a clock tick can be coarse (a few ms), and an edit in the marker's
            // own tick must not pass for untouched.
            (Ok(modified), Some(listed_at)) => modified < listed_at,
            _ => false,
        }
    }
}

/// The files the marker at `path` lists; none when it is missing, unreadable or longer
/// than `max` bytes.
fn read_list(path: &Path, max: u64) -> FxHashMap<String, Fingerprint> {
    let mut text = String::new();
    match fs::File::open(path).and_then(|f| f.take(max + 1).read_to_string(&mut text)) {
        Ok(n) if n as u64 <= max => parse(&text),
        _ => FxHashMap::default(),
    }
}

/// The files a marker lists (lines it cannot read are left out: those files are compared).
fn parse(text: &str) -> FxHashMap<String, Fingerprint> {
    let Some((_, list)) = text.split_once(LIST_HEAD) else { return FxHashMap::default() };
    list.lines()
        .filter_map(|line| {
            let (size, rest) = line.split_once(' ')?;
            let (hash, path) = rest.split_once(' ')?;
            let size = size.parse().ok()?;
            let hash = u128::from_str_radix(hash, 16).ok().filter(|_| hash.len() == 32)?;
            Some((path.to_string(), (size, hash)))
        })
        .collect()
}

/// The marker file's bytes: its sentence, then every file with its fingerprint, by path.
pub(super) fn marker(mut files: Vec<(String, Fingerprint)>) -> Vec<u8> {
    files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut out = Vec::with_capacity(MARKER_TEXT.len() + LIST_HEAD.len() + files.len() * 64);
    out.extend_from_slice(MARKER_TEXT.as_bytes());
    out.extend_from_slice(LIST_HEAD.as_bytes());
    for (path, (size, hash)) in files {
        let _ = writeln!(out, "{size} {hash:032x} {path}");
    }
    out
}

/// A writer that hashes what goes through it.
pub(super) struct Hashing<W> {
    inner: W,
    hasher: xxhash_rust::xxh3::Xxh3Default,
    len: u64,
}

impl<W: Write> Hashing<W> {
    pub(super) fn new(inner: W) -> Hashing<W> {
        Hashing { inner, hasher: xxhash_rust::xxh3::Xxh3Default::new(), len: 0 }
    }

    /// The writer, and the fingerprint of what was written through it.
    pub(super) fn finish(self) -> (W, Fingerprint) {
        (self.inner, (self.len, self.hasher.digest128()))
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_lists_files_by_path_and_reads_back() {
        let files = vec![("units/b/index.html".to_string(), fingerprint(b"bbb")), ("a.csv".into(), fingerprint(b""))];
        let text = String::from_utf8(marker(files)).unwrap();
        assert!(text.starts_with(MARKER_TEXT), "the marker still says what the folder is");
        let lines: Vec<&str> = text.lines().skip(2).collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("0 ") && lines[0].ends_with(" a.csv"), "{lines:?}");
        assert!(lines[1].starts_with("3 ") && lines[1].ends_with(" units/b/index.html"), "{lines:?}");
        let read = parse(&text);
        assert_eq!(read.get("units/b/index.html"), Some(&fingerprint(b"bbb")));
        assert_eq!(read.get("a.csv"), Some(&fingerprint(b"")));
        assert_ne!(fingerprint(b"bbb"), fingerprint(b"bbc"));
    }

    #[test]
    fn a_marker_without_a_list_or_with_broken_lines_lists_what_it_can() {
        assert!(parse(MARKER_TEXT).is_empty(), "a site of an earlier podium: every file is compared");
        let text =
            format!("{MARKER_TEXT}{LIST_HEAD}12 zz a.html\n3 {:032x}\nx {:032x} b.html\n5 {:032x} c.html\n", 1, 2, 3);
        let read = parse(&text);
        assert_eq!(read.len(), 1, "{read:?}");
        assert_eq!(read.get("c.html"), Some(&(5, 3)));
    }

    #[test]
    fn a_marker_longer_than_the_limit_is_not_read() {
        let dir = std::env::temp_dir().join(format!("podium-marker-max-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join(MARKER);
        let bytes = marker(vec![("a.html".to_string(), fingerprint(b"a"))]);
        fs::write(&path, &bytes).unwrap();
        let len = bytes.len() as u64;
        assert_eq!(read_list(&path, len).get("a.html"), Some(&fingerprint(b"a")), "exactly at the limit: read");
        assert!(read_list(&path, len - 1).is_empty(), "one byte over: not read");
        assert!(read_list(&dir.join("missing"), len).is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn hashing_a_stream_gives_the_fingerprint_of_its_bytes() {
        let mut w = Hashing::new(Vec::new());
        w.write_all(b"hello, ").unwrap();
        w.write_all(b"world").unwrap();
        let (bytes, print) = w.finish();
        assert_eq!(bytes, b"hello, world");
        assert_eq!(print, fingerprint(b"hello, world"));
    }
}
