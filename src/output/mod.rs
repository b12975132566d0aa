//! The only module that writes to disk. A build goes into a staging folder
//! beside the output; only when everything succeeded is it swapped in, so a
//! failed or interrupted build leaves the previous site exactly as it was.
//! Files whose bytes did not change are hard-linked from the previous site,
//! keeping their inode and modification time.

pub mod folders;
mod previous;
mod stage;

pub use stage::{Stage, Writer, stage};

use crate::error::{Diagnostic, Location, Severity};
use crate::msg;
use previous::{Fingerprint, Previous};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The file that marks a folder as written by podium (and so replaceable).
pub const MARKER: &str = ".podium-site";

/// Why an output folder cannot be used.
#[derive(Debug)]
pub enum OutputError {
    /// The folder has files and no marker: podium did not create it (`--force` replaces it).
    Foreign(PathBuf),
    /// A folder podium never replaces, whatever the flags.
    Refused(PathBuf, Refusal),
    /// The output names a file.
    NotAFolder(PathBuf),
    /// The output (or a folder on its way) is a symbolic link to nothing.
    BrokenLink(PathBuf),
    Io(PathBuf, io::Error),
}

/// What a refused output folder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Root,
    Home,
    HoldsHome,
    WorkingFolder,
    HoldsWorkingFolder,
    Project,
    HoldsProject,
    /// One of the folders podium reads (`data/`, `themes/`), itself …
    Input(&'static str),
    /// … a folder inside it …
    InsideInput(&'static str),
    /// … or a folder that holds it (when it is a link to a folder outside the project).
    HoldsInput(&'static str),
    /// Another podium project (it has `data/site.yaml`).
    OtherProject,
    /// A git repository's folder (it has `.git`).
    Repository,
}

impl OutputError {
    /// A usage error (exit 2: the command asks for something podium will not do), rather
    /// than a failure to write (exit 1).
    pub fn is_usage(&self) -> bool {
        !matches!(self, OutputError::Io(..))
    }
}

impl OutputError {
    /// The error line, with the folder as its place.
    pub fn diagnostic(&self) -> Diagnostic {
        let (path, message) = match self {
            OutputError::Foreign(p) => (p, msg!("output-foreign", marker = MARKER)),
            OutputError::Refused(p, why) => {
                let why = match why {
                    Refusal::Root => msg!("refusal-root"),
                    Refusal::Home => msg!("refusal-home"),
                    Refusal::HoldsHome => msg!("refusal-holds-home"),
                    Refusal::WorkingFolder => msg!("refusal-working-folder"),
                    Refusal::HoldsWorkingFolder => msg!("refusal-holds-working-folder"),
                    Refusal::Project => msg!("refusal-project"),
                    Refusal::HoldsProject => msg!("refusal-holds-project"),
                    Refusal::Input(name) => msg!("refusal-input", folder = *name),
                    Refusal::InsideInput(name) => msg!("refusal-inside-input", folder = *name),
                    Refusal::HoldsInput(name) => msg!("refusal-holds-input", folder = *name),
                    Refusal::OtherProject => msg!("refusal-other-project"),
                    Refusal::Repository => msg!("refusal-repository"),
                };
                (p, msg!("output-refused", why = why))
            }
            OutputError::NotAFolder(p) => (p, msg!("output-not-a-folder")),
            OutputError::BrokenLink(p) => (p, msg!("output-broken-link")),
            OutputError::Io(p, e) => (p, msg!("output-io", error = e.to_string())),
        };
        // The folder as typed may hold anything: the line shows a control character, never sends it.
        Diagnostic { location: Location::file(p_str(path)), severity: Severity::Error, text: message }
    }
}

fn p_str(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// In English: [`OutputError::diagnostic`] says it in any language.
impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.diagnostic().render(crate::model::Language::En))
    }
}

/// The folder a build writes: resolved as the operating system resolves it, and checked
/// against every folder podium must never replace.
#[derive(Debug, Clone)]
pub struct Target {
    path: PathBuf,
}

impl Target {
    /// Resolves `out` (relative to the current folder) for the project in `project`.
    ///
    /// Refused, whatever `force` says: a file system's root; the home folder, the current
    /// folder, the project folder, and any folder that holds one of them; the folders podium
    /// reads (`data/`, `themes/`), anything inside them or holding them; another project or
    /// a git repository; a file. Refused
    /// unless `force`: a non-empty folder without podium's marker. An output that is a
    /// symbolic link is followed: the folder it points to is replaced and the link stays.
    pub fn new(project: &Path, out: &Path, force: bool) -> Result<Target, OutputError> {
        let path = resolve(out)?;
        let refuse = |why| Err(OutputError::Refused(path.clone(), why));
        if path.parent().is_none() {
            return refuse(Refusal::Root);
        }
        // The folders to protect, resolved the same way (a link is followed to its folder),
        // each with what the output is when it is that folder, and when it holds it. The
        // output being one of them is said first: it is the most precise reason.
        let resolved = |p: &Path| resolve(p).ok();
        let home = std::env::home_dir().filter(|h| !h.as_os_str().is_empty()).as_deref().and_then(resolved);
        let mut protected = vec![(resolved(project), Refusal::Project, Refusal::HoldsProject)];
        protected.extend(
            INPUTS.map(|name| (resolved(&project.join(name)), Refusal::Input(name), Refusal::HoldsInput(name))),
        );
        protected.push((home, Refusal::Home, Refusal::HoldsHome));
        protected.push((resolved(Path::new(".")), Refusal::WorkingFolder, Refusal::HoldsWorkingFolder));
        let protected: Vec<_> = protected.into_iter().filter_map(|(f, is, holds)| Some((f?, is, holds))).collect();
        if let Some(&(_, is, _)) = protected.iter().find(|(f, ..)| *f == path) {
            return refuse(is);
        }
        for (folder, is, _) in &protected {
            if let Refusal::Input(name) = is
                && path.starts_with(folder)
            {
                return refuse(Refusal::InsideInput(name));
            }
        }
        if let Some(&(_, _, holds)) = protected.iter().find(|(f, ..)| f.starts_with(&path)) {
            return refuse(holds);
        }
        // What --force would delete with it: a whole repository, another project.
        if path.join(".git").exists() {
            return refuse(Refusal::Repository);
        }
        if path.join("data/site.yaml").is_file() {
            return refuse(Refusal::OtherProject);
        }
        match fs::read_dir(&path) {
            Ok(mut entries) => {
                if entries.next().is_some() && !path.join(MARKER).is_file() && !force {
                    return Err(OutputError::Foreign(path));
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) if e.kind() == io::ErrorKind::NotADirectory || path.is_file() => {
                return Err(OutputError::NotAFolder(path));
            }
            Err(e) => return Err(OutputError::Io(path, e)),
        }
        Ok(Target { path })
    }

    /// The output folder, absolute, without `.`, `..` or links.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The folders of a project that podium reads: an output may not touch them.
const INPUTS: [&str; 2] = ["data", "themes"];

/// Resolves `path` as the operating system would: absolute, each existing folder on the way
/// followed to where it really is (links included, so that `link/..` is the link target's
/// parent). The part that does not exist yet is taken as written, `..` there removing the
/// name before it, as it will once those folders are made.
fn resolve(path: &Path) -> Result<PathBuf, OutputError> {
    use std::path::Component;
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |e| OutputError::Io(p, e)
    };
    let absolute = std::path::absolute(path).map_err(io(path))?;
    let mut resolved = PathBuf::new();
    // The names after the last folder that exists.
    let mut missing: Vec<&std::ffi::OsStr> = Vec::new();
    for c in absolute.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => resolved.push(c),
            Component::CurDir => {}
            Component::ParentDir => {
                if missing.pop().is_none() {
                    resolved.pop();
                }
            }
            Component::Normal(name) if !missing.is_empty() => missing.push(name),
            Component::Normal(name) => {
                let next = resolved.join(name);
                match dunce::canonicalize(&next) {
                    Ok(real) => resolved = real,
                    // A path through a file: each system has its own error for it.
                    Err(_) if resolved.is_file() => return Err(OutputError::NotAFolder(resolved)),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {
                        if fs::symlink_metadata(&next).is_ok() {
                            return Err(OutputError::BrokenLink(next));
                        }
                        missing.push(name);
                    }
                    Err(e) => return Err(OutputError::Io(next, e)),
                }
            }
        }
    }
    resolved.extend(missing);
    Ok(resolved)
}

/// A build in progress: files go to a staging folder until [`Staging::commit`].
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    old: Option<Previous>,
    /// Folders above `out` that did not exist and were made for it, deepest first:
    /// removed again if the build does not commit.
    made_above: Vec<PathBuf>,
    written: AtomicUsize,
    kept: AtomicUsize,
    /// Every file put so far, for the marker's list.
    files: Mutex<Vec<(String, Fingerprint)>>,
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
    /// Prepares a staging folder beside the output folder.
    pub fn new(target: &Target) -> Result<Staging, OutputError> {
        let io = |p: &Path| {
            let p = p.to_path_buf();
            move |e| OutputError::Io(p, e)
        };
        let out = target.path().to_path_buf();
        recover(&out);
        let old = match fs::read_dir(&out) {
            Ok(mut entries) => entries.next().is_some().then(|| Previous::read(out.clone())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
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
            files: Mutex::new(Vec::new()),
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
        // Written last, so that no file of the site is newer than its list.
        let files = std::mem::take(self.files.get_mut().unwrap_or_else(|p| p.into_inner()));
        let marker = self.dir.join(MARKER);
        self.put(MARKER, &previous::marker(files)).map_err(io(&marker))?;
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

/// Files and folders of the site, written into the staging folder.
impl Staging {
    /// Makes the folder `dir` (e.g. `units/u1/`), whose parent exists.
    fn make_folder(&self, dir: &str) -> io::Result<()> {
        fs::create_dir(self.dir.join(dir))
    }

    /// Writes the file at `rel`, or links the previous site's file when it has these bytes.
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        #[cfg(debug_assertions)]
        self.test_pause();
        let path = self.dir.join(rel);
        let print = previous::fingerprint(bytes);
        if let Some(old) = &self.old
            && old.holds(rel, print, |previous| fs::read(previous).is_ok_and(|b| b == bytes))
            && fs::hard_link(old.path(rel), &path).is_ok()
        {
            self.done(rel, print, &self.kept);
            return Ok(());
        }
        // The page is whole in memory: one write, no buffer to copy it through.
        new_file(&path)?.write_all(bytes)?;
        self.done(rel, print, &self.written);
        Ok(())
    }

    /// Like [`Staging::put`] for a file too large to hold in memory: `write` writes it.
    fn put_stream(&self, rel: &str, write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>) -> io::Result<()> {
        #[cfg(debug_assertions)]
        self.test_pause();
        let path = self.dir.join(rel);
        let mut f = previous::Hashing::new(io::BufWriter::with_capacity(1 << 20, new_file(&path)?));
        write(&mut f)?;
        let (f, print) = f.finish();
        f.into_inner().map_err(io::IntoInnerError::into_error)?;
        // Written in full; if the previous site has the same bytes, keep its file instead
        // (a hard link renamed over the new one, so the path is never missing).
        if let Some(old) = &self.old {
            let link = self.dir.join(format!("{rel}.podium-same"));
            if old.holds(rel, print, |previous| same_contents(previous, &path))
                && fs::hard_link(old.path(rel), &link).is_ok()
                && fs::rename(&link, &path).is_ok()
            {
                self.done(rel, print, &self.kept);
                return Ok(());
            }
            let _ = fs::remove_file(&link);
        }
        self.done(rel, print, &self.written);
        Ok(())
    }

    /// Counts a file put, and lists it for the marker (which does not list itself).
    fn done(&self, rel: &str, print: Fingerprint, count: &AtomicUsize) {
        count.fetch_add(1, Ordering::Relaxed);
        if rel != MARKER {
            self.files.lock().unwrap_or_else(|p| p.into_inner()).push((rel.to_string(), print));
        }
    }
}

/// Creates a file of the staging folder, which starts empty: a file that is already there
/// was written by another page of this build, and is never silently overwritten.
fn new_file(path: &Path) -> io::Result<fs::File> {
    fs::File::options().write(true).create_new(true).open(path).map_err(|e| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            io::Error::new(e.kind(), "two files of the site have this name (please report this as a bug)")
        } else {
            e
        }
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_written_twice_by_one_build_is_an_error_not_an_overwrite() {
        let tmp = tempfile::tempdir().unwrap();
        let target = Target::new(tmp.path(), &tmp.path().join("site"), false).unwrap();
        let staging = Staging::new(&target).unwrap();
        staging.make_folder("data").unwrap();
        staging.put("data/ranking-q-x-2022.csv", b"first").unwrap();
        let again = staging.put("data/ranking-q-x-2022.csv", b"second").unwrap_err();
        assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
        assert!(again.to_string().contains("two files of the site have this name"), "{again}");
        let streamed = staging.put_stream("data/ranking-q-x-2022.csv", &mut |w| w.write_all(b"third")).unwrap_err();
        assert_eq!(streamed.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(staging.dir().join("data/ranking-q-x-2022.csv")).unwrap(), b"first");
    }
}
