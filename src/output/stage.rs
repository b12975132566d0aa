//! A build's output from the moment its data has loaded: the staging folder is
//! made then, and the site's folders are made on a thread of their own
//! ([`Folders::make`]) while the rules run and the pages render. The staged site
//! is swapped in only once everything succeeded.

use super::folders::Folders;
use super::{OutputError, Staging, Target, Written};
use crate::model::Project;
use crate::render;
use crate::urls;
use std::io;
use std::sync::{Mutex, OnceLock};
use std::thread::Scope;

/// Runs `work`, which renders a site into `target` through the [`Stage`] it is given, then
/// swaps the staged site in ([`Staging::commit`]). When `work` fails (or panics), nothing is
/// swapped in and the staging folder is removed: the previous site stays as it was.
pub fn stage<T, E: From<OutputError>>(
    target: &Target,
    work: impl FnOnce(&Stage<'_, '_>) -> Result<T, E>,
) -> Result<(T, Written), E> {
    let staging = OnceLock::new();
    let failed = Mutex::new(None);
    let folders = Folders::new();
    let done = std::thread::scope(|scope| {
        // Ends the folder maker when the build stops before it is done, even by a panic:
        // the scope waits for the maker before it returns.
        let _stop = StopMaker(&folders);
        work(&Stage { scope, target, staging: &staging, failed: &failed, folders: &folders })
    })?;
    let Some(staging) = staging.into_inner() else {
        unreachable!("a site is rendered only into its staging folder, made by Stage::ready");
    };
    Ok((done, staging.commit()?))
}

/// A build's staging folder and folder maker, started by [`Stage::open`].
pub struct Stage<'scope, 'env> {
    scope: &'scope Scope<'scope, 'env>,
    target: &'env Target,
    staging: &'env OnceLock<Staging>,
    /// Why the staging folder could not be made, until [`Stage::ready`] hands it over.
    failed: &'env Mutex<Option<OutputError>>,
    folders: &'env Folders,
}

impl<'env> Stage<'_, 'env> {
    /// Makes the staging folder and starts making, on a thread of its own, the folders the
    /// project alone determines (`plan_early`). Call it as soon as the project
    /// has loaded without errors. Does nothing once the folder is made, or while the error
    /// of making it waits for [`Stage::ready`].
    pub fn open(&self, project: &Project) {
        self.open_with(&mut self.failed.lock().unwrap_or_else(|p| p.into_inner()), project);
    }

    /// Where to render the site ([`render::render`]): the staging folder (opened now if it
    /// was not), or why it could not be made.
    pub fn ready(&self, project: &Project) -> Result<Writer<'env>, OutputError> {
        let mut failed = self.failed.lock().unwrap_or_else(|p| p.into_inner());
        self.open_with(&mut failed, project);
        match self.staging.get() {
            Some(staging) => Ok(Writer { staging, folders: self.folders, need: OnceLock::new() }),
            None => Err(failed.take().expect("a staging folder that was not made left its error")),
        }
    }

    /// [`Stage::open`], with `failed` locked.
    fn open_with(&self, failed: &mut Option<OutputError>, project: &Project) {
        if self.staging.get().is_some() || failed.is_some() {
            return;
        }
        match Staging::new(self.target) {
            Ok(staging) => {
                let staging = self.staging.get_or_init(|| staging);
                plan_early(self.folders, project);
                let folders = self.folders;
                self.scope.spawn(move || folders.make(&|dir| staging.make_folder(dir)));
            }
            Err(e) => *failed = Some(e),
        }
    }
}

/// Stops a folder maker when dropped.
struct StopMaker<'a>(&'a Folders);

impl Drop for StopMaker<'_> {
    fn drop(&mut self) {
        self.0.stop();
    }
}

/// Plans the folders that can be known from the project alone, before the rules
/// are evaluated: those of results.json, the index pages and every unit page.
fn plan_early(folders: &Folders, project: &Project) {
    let fixed =
        [urls::RESULTS_JSON.to_string(), urls::file(urls::GROUPS), urls::file(urls::AWARDS), urls::file(urls::MONTHS)];
    let units: Vec<String> = project.units.iter().map(|u| urls::file(&urls::unit(&u.id))).collect();
    folders.plan(fixed.iter().chain(&units).map(String::as_str));
}

/// The rendered site's way into the staging folder: each file waits for its folder,
/// made ahead of it by the folder maker, then is written.
pub struct Writer<'env> {
    staging: &'env Staging,
    folders: &'env Folders,
    /// Per file of the plan: how many planned folders must exist before it is written.
    need: OnceLock<Vec<usize>>,
}

impl Writer<'_> {
    /// Why a folder of the site could not be made, if one could not: the folder and the
    /// error. It explains the failures of the files that were to go in it.
    pub fn folder_failure(&self) -> Option<(String, io::Error)> {
        self.folders.failure()
    }

    fn folder_for(&self, file: usize) -> io::Result<()> {
        let need = self.need.get().and_then(|n| n.get(file)).copied();
        self.folders.wait(need.ok_or_else(|| io::Error::other("the file was not planned"))?)
    }
}

impl render::Sink for Writer<'_> {
    fn plan(&self, paths: &[&str]) {
        let need = self.folders.plan(paths.iter().copied());
        self.folders.close();
        let _ = self.need.set(need);
    }

    fn put(&self, file: usize, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.folder_for(file)?;
        self.staging.put(path, bytes)
    }

    fn put_stream(
        &self,
        file: usize,
        path: &str,
        write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        self.folder_for(file)?;
        self.staging.put_stream(path, write)
    }

    fn abandon(&self) {
        self.folders.stop();
    }
}
