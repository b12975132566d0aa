//! `podium init`: writes a new project — a small, valid campaign whose YAML files
//! explain every key in Vietnamese, example tables, a `.gitignore` for `site/` and a
//! GitHub Pages workflow that downloads the released podium — into a new or empty
//! folder. The skeleton's files live in `src/init/` and are compiled into the binary;
//! the output is the same on every run of one podium version.

use crate::commands::{Failure, usage};
use crate::error::{Location, visible};
use crate::msg;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What `init` is asked to do.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The folder to write the project into: new, or empty (but for a `.git` folder).
    pub dir: PathBuf,
}

/// What `init` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitSummary {
    /// The files written, relative to the project folder, in the order written.
    pub files: Vec<&'static str>,
}

/// The address of podium's releases, where the Pages workflow downloads podium from.
pub const RELEASES: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/releases");

/// The release (git tag) of this podium, which the Pages workflow downloads.
pub const VERSION_TAG: &str = concat!("v", env!("CARGO_PKG_VERSION"));

/// The skeleton: each file's path in the new project and its text. `@VERSION@` and
/// `@RELEASES@` in the workflow stand for [`VERSION_TAG`] and [`RELEASES`].
const SKELETON: &[(&str, &str)] = &[
    ("README.md", include_str!("init/README.md")),
    (".gitignore", include_str!("init/gitignore")),
    (".github/workflows/pages.yml", include_str!("init/github/workflows/pages.yml")),
    ("data/site.yaml", include_str!("init/data/site.yaml")),
    ("data/campaign.yaml", include_str!("init/data/campaign.yaml")),
    ("data/groups.yaml", include_str!("init/data/groups.yaml")),
    ("data/units.csv", include_str!("init/data/units.csv")),
    ("data/targets.csv", include_str!("init/data/targets.csv")),
    ("data/results.csv", include_str!("init/data/results.csv")),
    ("data/nominations.csv", include_str!("init/data/nominations.csv")),
    ("data/pages/ke-hoach.md", include_str!("init/data/pages/ke-hoach.md")),
    ("data/news/2025-01-10-phat-dong.md", include_str!("init/data/news/2025-01-10-phat-dong.md")),
];

/// The text of the skeleton's file at `path` as `init` writes it, if there is one.
pub fn skeleton_file(path: &str) -> Option<String> {
    SKELETON.iter().find(|(p, _)| *p == path).map(|(_, text)| fill(text))
}

fn fill(text: &str) -> String {
    text.replace("@VERSION@", VERSION_TAG).replace("@RELEASES@", RELEASES)
}

/// Writes the skeleton into `options.dir`, making the folder if it does not exist.
/// A folder that holds anything (but a `.git` folder, as in a freshly cloned empty
/// repository) is refused with a usage error and left as it was. No file is ever
/// replaced: each is created only if nothing (not even a symbolic link) has its name;
/// if one cannot be written, what was written is removed again.
pub fn init(options: &InitOptions) -> Result<InitSummary, Failure> {
    let dir = &options.dir;
    let shown = visible(&shown_dir(dir).to_string_lossy()).into_owned();
    let here = || Location::file(shown.clone());
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => {
            let held = contents(dir).map_err(|e| usage(here(), msg!("init-unreadable", error = e.to_string())))?;
            if !held.is_empty() {
                let names = held.iter().take(3).map(|n| visible(n).into_owned()).collect::<Vec<_>>().join(", ");
                let message = if held.len() > 3 {
                    msg!("init-not-empty-more", names = names, count = held.len())
                } else {
                    msg!("init-not-empty", names = names)
                };
                return Err(usage(here(), message));
            }
        }
        Ok(_) => return Err(usage(here(), msg!("init-is-file"))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(usage(here(), msg!("init-unreadable", error = e.to_string()))),
    }
    let mut made = Made::default();
    let written = write_all(dir, &mut made);
    match written {
        Ok(()) => Ok(InitSummary { files: SKELETON.iter().map(|(p, _)| *p).collect() }),
        Err((path, error)) => {
            made.undo();
            Err(Failure::Write { output: shown_dir(dir), path: path.to_string(), error })
        }
    }
}

/// The folder as messages name it: as given, but the current folder by its full path
/// (a user who ran `podium init` in a folder sees which one).
pub fn shown_dir(dir: &Path) -> PathBuf {
    if dir == Path::new(".") {
        std::env::current_dir().unwrap_or_else(|_| dir.to_path_buf())
    } else {
        dir.to_path_buf()
    }
}

/// The names in `dir`, sorted, but for a `.git` folder.
fn contents(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == ".git" && entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        names.push(name);
    }
    names.sort();
    Ok(names)
}

/// What `init` made so far, to remove again if it cannot finish.
#[derive(Default)]
struct Made {
    folders: Vec<PathBuf>,
    files: Vec<PathBuf>,
}

impl Made {
    fn undo(&self) {
        for f in self.files.iter().rev() {
            let _ = std::fs::remove_file(f);
        }
        for d in self.folders.iter().rev() {
            let _ = std::fs::remove_dir(d);
        }
    }

    /// Makes `dir` and the folders above it that do not exist yet.
    fn folder(&mut self, dir: &Path) -> std::io::Result<()> {
        if dir.as_os_str().is_empty() || std::fs::symlink_metadata(dir).is_ok() {
            return Ok(());
        }
        if let Some(parent) = dir.parent() {
            self.folder(parent)?;
        }
        match std::fs::create_dir(dir) {
            Ok(()) => {
                self.folders.push(dir.to_path_buf());
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
            Err(e) => Err(e),
        }
    }
}

fn write_all(dir: &Path, made: &mut Made) -> Result<(), (&'static str, std::io::Error)> {
    made.folder(dir).map_err(|e| (".", e))?;
    for (path, text) in SKELETON {
        let file = dir.join(path);
        if let Some(parent) = file.parent() {
            made.folder(parent).map_err(|e| (*path, e))?;
        }
        // create_new: never replaces a file, and never follows a symbolic link.
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&file).map_err(|e| (*path, e))?;
        made.files.push(file);
        f.write_all(fill(text).as_bytes()).and_then(|()| f.sync_all()).map_err(|e| (*path, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workflow_names_this_version_and_podiums_releases() {
        let workflow = skeleton_file(".github/workflows/pages.yml").unwrap();
        assert!(
            !workflow.contains("@VERSION@") && !workflow.contains("@RELEASES@"),
            "a placeholder is left: {workflow}"
        );
        assert!(workflow.contains(&format!("PODIUM_VERSION: \"{VERSION_TAG}\"\n")));
        assert!(RELEASES.starts_with("https://github.com/") && RELEASES.ends_with("/releases"), "{RELEASES}");
    }

    #[test]
    fn every_file_is_written_once() {
        let mut paths: Vec<&str> = SKELETON.iter().map(|(p, _)| *p).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), SKELETON.len());
    }

    /// A file that appears between the emptiness check and the writing (here a link to a
    /// file outside) is neither replaced nor followed, and what was written is removed.
    #[cfg(unix)]
    #[test]
    fn a_name_taken_meanwhile_is_never_written_through() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("p");
        std::fs::create_dir_all(dir.join("data")).unwrap();
        let outside = tmp.path().join("outside.yaml");
        std::os::unix::fs::symlink(&outside, dir.join("data/site.yaml")).unwrap();
        let mut made = Made::default();
        let (path, e) = write_all(&dir, &mut made).unwrap_err();
        assert_eq!((path, e.kind()), ("data/site.yaml", std::io::ErrorKind::AlreadyExists));
        assert!(!outside.exists());
        assert!(dir.join("README.md").is_file(), "the files before it were written");
        made.undo();
        let names = |d: &Path| {
            let mut v: Vec<String> =
                std::fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
            v.sort();
            v
        };
        assert_eq!(names(&dir), ["data"]);
        assert_eq!(names(&dir.join("data")), ["site.yaml"]);
        assert!(std::fs::symlink_metadata(dir.join("data/site.yaml")).unwrap().file_type().is_symlink());
    }
}
