//! A build's output from the moment its data has loaded: the staging folder is
//! made then, and the site's folders are made on a thread of their own
//! ([`Folders::make`]) while the rules run and the pages render. The staged site
//! is swapped in only once everything succeeded.

use super::folders::Folders;
use super::{OutputError, Staging, Target, Written};
use crate::model::Project;
use crate::render;
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
    /// project alone determines ([`render::plan_early`]). Call it as soon as the project
    /// has loaded without errors. Does nothing once the folder is made, or while the error
    /// of making it waits for [`Stage::ready`].
    pub fn open(&self, project: &Project) {
        self.open_with(&mut self.failed.lock().unwrap_or_else(|p| p.into_inner()), project);
    }

    /// The staging folder to render into and the folder maker to hand [`render::render`]
    /// (opened now if it was not), or why the staging folder could not be made.
    pub fn ready(&self, project: &Project) -> Result<(&'env Staging, &'env Folders), OutputError> {
        let mut failed = self.failed.lock().unwrap_or_else(|p| p.into_inner());
        self.open_with(&mut failed, project);
        match self.staging.get() {
            Some(staging) => Ok((staging, self.folders)),
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
                render::plan_early(self.folders, project);
                let folders = self.folders;
                self.scope.spawn(move || folders.make(staging));
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
