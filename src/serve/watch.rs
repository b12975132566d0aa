//! Watching the project: native change events, or polling where those are missing,
//! on `data/` and `themes/` (and the project folder, to see them come and go).

use notify::Watcher;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// How often the polling watcher looks at the files.
const POLL_EVERY: Duration = Duration::from_millis(300);

/// What the watcher saw.
pub(super) enum Change {
    Paths(Vec<PathBuf>),
    /// Something changed, nobody knows what (the watcher lost track): rebuild.
    Unknown,
}

/// The file watcher and what it watches.
pub(super) struct Watching {
    watcher: Box<dyn Watcher + Send>,
    dir: PathBuf,
    /// The project folder as the system names it (events may name it so: macOS).
    canonical: PathBuf,
    /// The folders watched with everything in them (`data/`, `themes/` once it exists).
    watched: Vec<PathBuf>,
}

impl Watching {
    fn new(watcher: Box<dyn Watcher + Send>, dir: &Path) -> Watching {
        let canonical = dunce::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        Watching { watcher, dir: dir.to_path_buf(), canonical, watched: Vec::new() }
    }

    /// Starts watching; says why it polls, when it does.
    pub(super) fn start(
        dir: &Path,
        poll: bool,
        tx: mpsc::Sender<Change>,
    ) -> notify::Result<(Watching, Option<String>)> {
        let handler = move |event: notify::Result<notify::Event>| {
            let change = match event {
                Ok(e) if e.need_rescan() => Change::Unknown,
                Ok(e) if matches!(e.kind, notify::EventKind::Access(_)) => return,
                Ok(e) => Change::Paths(e.paths),
                Err(_) => Change::Unknown,
            };
            let _ = tx.send(change);
        };
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let why = if poll { Some("--poll".to_string()) } else { wsl_windows_drive(&dir) };
        if why.is_none() {
            let native = notify::RecommendedWatcher::new(handler.clone(), notify::Config::default())
                .map(|w| Watching::new(Box::new(w), &dir))
                .and_then(|mut w| w.watch_all().map(|_| w));
            match native {
                Ok(w) => return Ok((w, None)),
                Err(e) => return Watching::polling(&dir, handler, e.to_string()),
            }
        }
        Watching::polling(&dir, handler, why.unwrap_or_default())
    }

    fn polling(
        dir: &Path,
        handler: impl notify::EventHandler,
        why: String,
    ) -> notify::Result<(Watching, Option<String>)> {
        // The files' contents are compared too: the watcher reads times to the second
        // only, and a file saved twice in one second must still count.
        let config = notify::Config::default().with_poll_interval(POLL_EVERY).with_compare_contents(true);
        let watcher = notify::PollWatcher::new(handler, config)?;
        let mut w = Watching::new(Box::new(watcher), dir);
        w.watch_all()?;
        Ok((w, Some(why)))
    }

    /// Watches the project folder itself (to see `data/` or `themes/` come and go) and
    /// everything in `data/` and `themes/`.
    fn watch_all(&mut self) -> notify::Result<()> {
        self.watcher.watch(&self.dir, notify::RecursiveMode::NonRecursive)?;
        self.refresh(&[]);
        Ok(())
    }

    /// Watches `data/` and `themes/` when they are (again) there; `changed`: the paths
    /// that changed.
    pub(super) fn refresh(&mut self, changed: &[&PathBuf]) {
        for name in ["data", "themes"] {
            let folder = self.dir.join(name);
            let present = folder.is_dir();
            let watched = self.watched.contains(&folder);
            let itself =
                changed.iter().any(|p| p.ends_with(name) && self.relative(p).is_some_and(|r| r == Path::new(name)));
            if present && !watched {
                if self.watcher.watch(&folder, notify::RecursiveMode::Recursive).is_ok() {
                    self.watched.push(folder);
                }
            } else if !present && watched {
                let _ = self.watcher.unwatch(&folder);
                self.watched.retain(|f| f != &folder);
            } else if present && itself {
                // A folder replaced by another of the same name (a checkout, a copy): watch anew.
                let _ = self.watcher.unwatch(&folder);
                if self.watcher.watch(&folder, notify::RecursiveMode::Recursive).is_err() {
                    self.watched.retain(|f| f != &folder);
                }
            }
        }
    }

    /// Whether a change at `path` can change the site: a file in `data/` or `themes/`
    /// (or the folders themselves), not an office program's lock file.
    pub(super) fn concerns(&self, path: &Path) -> bool {
        let Some(rel) = self.relative(path) else {
            return false;
        };
        let top = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let lock = name.starts_with("~$") || name.starts_with(".~lock.") || name.starts_with(".#");
        (top == "data" || top == "themes") && !lock
    }
}

impl Watching {
    /// `path` relative to the project folder, when it is inside.
    fn relative<'a>(&self, path: &'a Path) -> Option<&'a Path> {
        path.strip_prefix(&self.dir).or_else(|_| path.strip_prefix(&self.canonical)).ok()
    }
}

/// On WSL, a project on a Windows drive (`/mnt/c/…`) gets no change events: poll there.
fn wsl_windows_drive(dir: &Path) -> Option<String> {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default().to_ascii_lowercase();
    (release.contains("microsoft") && dir.starts_with("/mnt/")).then(|| "WSL, /mnt/".to_string())
}
