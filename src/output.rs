//! The only module that writes to disk. A build goes into a staging folder
//! beside the output; only when everything succeeded is it swapped in, so a
//! failed or interrupted build leaves the previous site exactly as it was.
//! Files whose bytes did not change are hard-linked from the previous site,
//! keeping their inode and modification time.

use crate::render::Sink;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The file that marks a folder as written by podium (and so replaceable).
pub const MARKER: &str = ".podium-site";

/// Why an output folder cannot be used.
#[derive(Debug)]
pub enum OutputError {
    /// The folder has files and no marker: podium did not create it.
    Foreign(PathBuf),
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputError::Foreign(p) => write!(
                f,
                "{}: error: the folder is not empty and was not created by podium (no {MARKER} file) — choose an empty or new folder with -o, or add --force to replace it",
                p.display()
            ),
            OutputError::Io(p, e) => write!(f, "{}: error: {e}", p.display()),
        }
    }
}

/// A build in progress: files go to a staging folder until [`Staging::commit`].
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    old: Option<PathBuf>,
    /// Folders above `out` that did not exist and were made for it, deepest first:
    /// removed again if the build does not commit.
    made_above: Vec<PathBuf>,
    written: AtomicUsize,
    kept: AtomicUsize,
}

/// Counts of a finished build.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    /// Files written with new content.
    pub written: usize,
    /// Files whose bytes were unchanged (linked from the previous site).
    pub unchanged: usize,
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "site".into());
    out.with_file_name(format!(".{name}.podium-{tag}"))
}

impl Staging {
    /// Prepares a staging folder for `out`. Refuses a non-empty `out` without the
    /// marker unless `force`.
    pub fn new(out: &Path, force: bool) -> Result<Staging, OutputError> {
        let io = |p: &Path| {
            let p = p.to_path_buf();
            move |e| OutputError::Io(p, e)
        };
        let out =
            if out.is_absolute() { out.to_path_buf() } else { std::env::current_dir().map_err(io(out))?.join(out) };
        let out = normalise(&out);
        if out.parent().is_none() {
            return Err(OutputError::Foreign(out));
        }
        recover(&out);
        let old = match fs::read_dir(&out) {
            Ok(mut entries) => {
                let empty = entries.next().is_none();
                if !empty && !out.join(MARKER).is_file() && !force {
                    return Err(OutputError::Foreign(out));
                }
                (!empty).then(|| out.clone())
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) if e.kind() == io::ErrorKind::NotADirectory => {
                return Err(OutputError::Foreign(out));
            }
            Err(e) => return Err(OutputError::Io(out, e)),
        };
        let made_above =
            out.ancestors().skip(1).take_while(|a| !a.as_os_str().is_empty() && !a.exists()).map(Path::to_path_buf);
        let mut staging = Staging {
            dir: sibling(&out, &format!("tmp-{}", std::process::id())),
            made_above: made_above.collect(),
            out,
            old,
            written: AtomicUsize::new(0),
            kept: AtomicUsize::new(0),
        };
        // A staging folder left by a killed build is removed first.
        remove_stale(&staging.out);
        let made = match staging.out.parent() {
            Some(parent) => fs::create_dir_all(parent).map_err(io(parent)),
            None => Ok(()),
        };
        if let Err(e) = made.and_then(|()| fs::create_dir(&staging.dir).map_err(io(&staging.dir))) {
            // Nothing of ours to remove but the folders made above the output (see Drop).
            staging.dir = PathBuf::new();
            return Err(e);
        }
        Ok(staging)
    }

    /// The folder being filled.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Swaps the staged site in and removes the previous one.
    pub fn commit(mut self) -> Result<Written, OutputError> {
        let io = |p: &Path| {
            let p = p.to_path_buf();
            move |e| OutputError::Io(p, e)
        };
        let marker = self.dir.join(MARKER);
        self.put(MARKER, b"This folder is written by podium; `podium build` replaces it as a whole.\n")
            .map_err(io(&marker))?;
        let written =
            Written { written: self.written.load(Ordering::Relaxed), unchanged: self.kept.load(Ordering::Relaxed) };
        let retired = sibling(&self.out, &format!("old-{}", std::process::id()));
        if self.out.exists() {
            fs::rename(&self.out, &retired).map_err(io(&self.out))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.out) {
            // Put the previous site back.
            let _ = fs::rename(&retired, &self.out);
            return Err(OutputError::Io(self.out.clone(), e));
        }
        let _ = fs::remove_dir_all(&retired);
        // `self.dir` is now the output folder's old name; Drop finds nothing there to remove,
        // and the folders made above the output stay.
        self.made_above.clear();
        Ok(written)
    }
}

impl Drop for Staging {
    /// A build that did not commit leaves no trace: neither its staging folder nor
    /// the folders made to hold it.
    fn drop(&mut self) {
        if !self.dir.as_os_str().is_empty() {
            let _ = fs::remove_dir_all(&self.dir);
        }
        for dir in &self.made_above {
            // Only while empty: something else may have been put there meanwhile.
            let _ = fs::remove_dir(dir);
        }
    }
}

impl Staging {
    /// A hook for tests, compiled into debug builds only (not a user setting): when
    /// `PODIUM_TEST_PAUSE` names a file, a build that has written a file into its
    /// staging folder creates that file before writing the next one, then waits
    /// until it is killed. tests/safety.rs so kills a build at a known point.
    #[cfg(debug_assertions)]
    fn test_pause(&self) {
        static PAUSE: std::sync::Once = std::sync::Once::new();
        let done = self.written.load(Ordering::SeqCst) + self.kept.load(Ordering::SeqCst);
        if let Some(signal) = std::env::var_os("PODIUM_TEST_PAUSE").filter(|_| done > 0) {
            // The other writers wait here too, behind the first.
            PAUSE.call_once(|| {
                let _ = fs::write(signal, b"paused\n");
                loop {
                    std::thread::park();
                }
            });
        }
    }
}

impl Sink for Staging {
    fn folder(&self, dir: &str) -> io::Result<()> {
        fs::create_dir(self.dir.join(dir))
    }

    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        #[cfg(debug_assertions)]
        self.test_pause();
        let path = self.dir.join(rel);
        if let Some(old) = &self.old {
            let previous = old.join(rel);
            if let Ok(meta) = fs::metadata(&previous)
                && meta.len() == bytes.len() as u64
                && fs::read(&previous).is_ok_and(|b| b == bytes)
                && fs::hard_link(&previous, &path).is_ok()
            {
                self.kept.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
        }
        // The page is whole in memory: one write, no buffer to copy it through.
        fs::File::create(&path)?.write_all(bytes)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn put_stream(&self, rel: &str, write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>) -> io::Result<()> {
        #[cfg(debug_assertions)]
        self.test_pause();
        let path = self.dir.join(rel);
        let mut f = io::BufWriter::with_capacity(1 << 20, fs::File::create(&path)?);
        write(&mut f)?;
        f.flush()?;
        drop(f);
        // Written in full; if the previous site has the same bytes, keep its file instead
        // (a hard link renamed over the new one, so the path is never missing).
        if let Some(old) = &self.old {
            let previous = old.join(rel);
            let link = self.dir.join(format!("{rel}.podium-same"));
            if same_contents(&previous, &path)
                && fs::hard_link(&previous, &link).is_ok()
                && fs::rename(&link, &path).is_ok()
            {
                self.kept.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
            let _ = fs::remove_file(&link);
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// Whether two files hold the same bytes (false when either cannot be read).
fn same_contents(a: &Path, b: &Path) -> bool {
    use std::io::Read;
    let (Ok(fa), Ok(fb)) = (fs::File::open(a), fs::File::open(b)) else {
        return false;
    };
    match (fa.metadata(), fb.metadata()) {
        (Ok(ma), Ok(mb)) if ma.len() == mb.len() => {}
        _ => return false,
    }
    let (mut ra, mut rb) = (io::BufReader::with_capacity(1 << 16, fa), io::BufReader::with_capacity(1 << 16, fb));
    let (mut xa, mut xb) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = match ra.read(&mut xa) {
            Ok(n) => n,
            Err(_) => return false,
        };
        if n == 0 {
            return rb.read(&mut xb[..1]).is_ok_and(|m| m == 0);
        }
        if rb.read_exact(&mut xb[..n]).is_err() || xa[..n] != xb[..n] {
            return false;
        }
    }
}

/// A build killed between its two renames leaves the previous site only under its
/// retired name: put it back before anything else looks at the output folder.
fn recover(out: &Path) {
    if out.exists() {
        return;
    }
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return;
    };
    let prefix = format!(".{}.podium-old-", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let newest = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix) && e.path().join(MARKER).is_file())
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok());
    if let Some(e) = newest {
        let _ = fs::rename(e.path(), out);
    }
}

/// Removes staging and retired folders that killed builds left beside `out`.
fn remove_stale(out: &Path) {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return;
    };
    let prefix = format!(".{}.podium-", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        if e.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

/// Removes `.` and `..` components without touching the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
