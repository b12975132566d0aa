//! The rebuilds: the site rendered into memory again and again, the last good one kept,
//! and what the server serves after each (the files, or the problems over them).

use super::Note;
use super::live::Problems;
use super::strings_of;
use crate::commands::{Failure, render_into};
use crate::error::Diagnostics;
use crate::model::Language;
use crate::msg;
use crate::render::Sink;
use crate::render::text::Lang;
use axum::body::Bytes;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Builds the site again and again, keeping the last good one.
pub(super) struct Builder {
    pub(super) dir: PathBuf,
    pub(super) base_url: Option<String>,
    /// The strings of the last good build (or of the theme, before any).
    pub(super) lang: Lang,
    /// `--lang`: the language of the problems, over the site's.
    pub(super) language: Option<Language>,
    /// The files of the last good build.
    pub(super) last: Option<Arc<HashMap<String, Bytes>>>,
}

impl Builder {
    /// Builds; returns what to serve now, and why the build failed, if it did.
    pub(super) fn build(&mut self, report: &mut dyn FnMut(Note<'_>)) -> (Served, Option<Failure>) {
        let started = Instant::now();
        let memory = Memory::new(self.last.clone());
        let mut diagnostics = Diagnostics::new();
        let built = render_into(
            &self.dir,
            self.base_url.as_deref(),
            &mut |d| {
                diagnostics = d.clone();
                report(Note::Diagnostics(d));
            },
            &memory,
        );
        match built {
            Ok(rendered) => {
                self.lang = rendered.lang;
                let files = match memory.into_files() {
                    // Nothing changed: the same files, so that no page reloads.
                    None => self.last.clone().unwrap_or_default(),
                    Some(files) => Arc::new(files),
                };
                self.last = Some(files.clone());
                let (pages, ms) = (rendered.stats.pages.to_string(), started.elapsed().as_millis().to_string());
                report(Note::Say(self.lang.fill("serve_built", &[("pages", &pages), ("ms", &ms)])));
                (Served { files: Some(files), problems: None, generation: 0 }, None)
            }
            Err(failure) => {
                if !matches!(failure, Failure::Invalid) {
                    report(Note::Failed(&failure));
                }
                self.lang = strings_of(&self.dir);
                // In the site's language, as the terminal says them (unless --lang says otherwise).
                let language = self.language.unwrap_or(self.lang.language);
                let mut lines: Vec<String> = diagnostics.sorted().iter().map(|d| d.render(language)).collect();
                match &failure {
                    Failure::Invalid => {
                        let (e, w) = (diagnostics.error_count(), diagnostics.warning_count());
                        lines.push(msg!("summary-counts", errors = e, warnings = w).text(language));
                    }
                    other => lines.push(other.render(language)),
                }
                let key = if self.last.is_some() { "serve_problems" } else { "serve_no_site" };
                report(Note::Say(self.lang.t(key).to_string()));
                let problems = Problems { lines, note: self.lang.t(key).to_string(), lang: self.lang.language.code() };
                (Served { files: self.last.clone(), problems: Some(Arc::new(problems)), generation: 0 }, Some(failure))
            }
        }
    }
}

/// A render's files, kept in memory. A file whose bytes are those of the previous
/// build shares them: a rebuild holds only what changed, besides the previous site.
struct Memory {
    previous: Option<Arc<HashMap<String, Bytes>>>,
    paths: Mutex<Vec<String>>,
    files: Mutex<Vec<Option<Bytes>>>,
    /// Files new or different from the previous build's.
    changed: AtomicUsize,
}

impl Memory {
    fn new(previous: Option<Arc<HashMap<String, Bytes>>>) -> Memory {
        Memory { previous, paths: Mutex::default(), files: Mutex::default(), changed: AtomicUsize::new(0) }
    }

    /// The files; `None` when they are the previous build's, all and only.
    fn into_files(self) -> Option<HashMap<String, Bytes>> {
        let paths = self.paths.into_inner().unwrap_or_else(|p| p.into_inner());
        let files = self.files.into_inner().unwrap_or_else(|p| p.into_inner());
        let same = self.changed.into_inner() == 0 && self.previous.as_ref().is_some_and(|p| p.len() == paths.len());
        (!same).then(|| paths.into_iter().zip(files).filter_map(|(p, f)| Some((p, f?))).collect())
    }

    /// The previous build's bytes of `path`, when they are `bytes`; counts a change otherwise.
    fn previous(&self, path: &str, bytes: &[u8]) -> Option<Bytes> {
        let old = self.previous.as_ref().and_then(|p| p.get(path)).filter(|old| old.as_ref() == bytes).cloned();
        if old.is_none() {
            self.changed.fetch_add(1, Ordering::Relaxed);
        }
        old
    }

    fn keep(&self, file: usize, bytes: Bytes) {
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(slot) = files.get_mut(file) {
            *slot = Some(bytes);
        }
    }
}

impl Sink for Memory {
    fn plan(&self, paths: &[&str]) {
        *self.paths.lock().unwrap_or_else(|p| p.into_inner()) = paths.iter().map(|p| p.to_string()).collect();
        *self.files.lock().unwrap_or_else(|p| p.into_inner()) = vec![None; paths.len()];
    }

    fn put(&self, file: usize, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let bytes = self.previous(path, bytes).unwrap_or_else(|| Bytes::copy_from_slice(bytes));
        self.keep(file, bytes);
        Ok(())
    }

    fn put_stream(
        &self,
        file: usize,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        let bytes = self.previous(path, &bytes).unwrap_or_else(|| Bytes::from(bytes));
        self.keep(file, bytes);
        Ok(())
    }

    fn abandon(&self) {}
}

/// What the server serves: the last good site (if any) and the problems of the last build.
pub(super) struct Served {
    pub(super) files: Option<Arc<HashMap<String, Bytes>>>,
    pub(super) problems: Option<Arc<Problems>>,
    /// Counts the changes since the server started; pages reload when it moves on.
    pub(super) generation: u64,
}

impl Served {
    /// Whether the pages would show the same as `other`'s.
    pub(super) fn same_as(&self, other: &Served) -> bool {
        let files = match (&self.files, &other.files) {
            // A build that changed nothing keeps the previous files (see `Memory`).
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        files && self.problems == other.problems
    }
}
