//! The site's folders, made in order on one thread ahead of the files that go
//! in them.
//!
//! Making a folder locks its parent in the kernel. When two threads make
//! sibling folders (a national campaign has 100,000 in `units/`), one of them
//! spins on that lock: measured at 10,000 units, a fifth of the time spent
//! making folders. One maker has the lock to itself, and it starts as soon as
//! the units are known, while the rules are evaluated on the other core.
//! Rendering threads wait only when they overtake it.

use std::collections::HashMap;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

/// The folders to make, parents first, and how far the maker has got.
///
/// Folders are planned in batches ([`Folders::plan`]) until [`Folders::close`];
/// [`Folders::make`] makes them in plan order, on its own thread.
#[derive(Default)]
pub struct Folders {
    plan: Mutex<Plan>,
    /// The maker waits here for more folders.
    more: Condvar,
    /// How many folders of the plan exist.
    made: AtomicUsize,
    /// The maker has returned: all made, failed, or stopped.
    ended: AtomicBool,
    stop: AtomicBool,
    failure: Mutex<Option<(String, io::Error)>>,
    /// Threads asleep in [`Folders::wait`]; the maker wakes them only when there are some.
    sleepers: AtomicUsize,
    lock: Mutex<()>,
    ready: Condvar,
}

#[derive(Default)]
struct Plan {
    list: Vec<String>,
    index: HashMap<String, usize>,
    closed: bool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Folders {
    pub fn new() -> Folders {
        Folders::default()
    }

    /// Adds the folders of files at `paths` (relative, `/`-separated) to the plan,
    /// parents first. Returns, for each path, how many folders of the plan must
    /// exist before the file can be written.
    pub fn plan<'a>(&self, paths: impl Iterator<Item = &'a str>) -> Vec<usize> {
        let mut plan = lock(&self.plan);
        let before = plan.list.len();
        let need = paths
            .map(|path| {
                let Some(slash) = path.rfind('/') else {
                    return 0;
                };
                let dir = &path[..=slash];
                if let Some(&i) = plan.index.get(dir) {
                    return i + 1;
                }
                for (at, _) in dir.match_indices('/') {
                    let ancestor = &dir[..=at];
                    if !plan.index.contains_key(ancestor) {
                        let i = plan.list.len();
                        plan.index.insert(ancestor.to_string(), i);
                        plan.list.push(ancestor.to_string());
                    }
                }
                plan.index[dir] + 1
            })
            .collect();
        if plan.list.len() > before {
            self.more.notify_one();
        }
        need
    }

    /// No more folders will be planned: the maker returns once it made them all.
    pub fn close(&self) {
        lock(&self.plan).closed = true;
        self.more.notify_one();
    }

    /// Tells the maker to return now (the build failed: its folder is removed anyway).
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        let _plan = lock(&self.plan);
        self.more.notify_one();
    }

    /// Makes the planned folders in order, until the plan is closed and made, a
    /// folder cannot be made, or [`Folders::stop`].
    /// `mkdir` makes one folder, whose parent exists.
    pub fn make(&self, mkdir: &dyn Fn(&str) -> io::Result<()>) {
        let mut i = 0;
        loop {
            let dir = {
                let mut plan = lock(&self.plan);
                loop {
                    if self.stop.load(Ordering::SeqCst) {
                        break None;
                    }
                    if let Some(dir) = plan.list.get(i) {
                        break Some(dir.clone());
                    }
                    if plan.closed {
                        break None;
                    }
                    plan = self.more.wait(plan).unwrap_or_else(|p| p.into_inner());
                }
            };
            let Some(dir) = dir else {
                break;
            };
            if let Err(e) = mkdir(&dir) {
                *lock(&self.failure) = Some((dir, e));
                break;
            }
            i += 1;
            self.made.store(i, Ordering::SeqCst);
            self.wake();
        }
        self.ended.store(true, Ordering::SeqCst);
        self.wake();
    }

    fn wake(&self) {
        // A sleeper counts itself before it checks `made`; whichever of the two
        // stores comes second sees the other, so no sleeper misses its folder.
        if self.sleepers.load(Ordering::SeqCst) > 0 {
            let _guard = lock(&self.lock);
            self.ready.notify_all();
        }
    }

    /// Returns once the first `need` folders of the plan exist; an error when the
    /// maker returned short of them.
    pub(crate) fn wait(&self, need: usize) -> io::Result<()> {
        if self.made.load(Ordering::Acquire) >= need {
            return Ok(());
        }
        self.sleepers.fetch_add(1, Ordering::SeqCst);
        let mut guard = lock(&self.lock);
        while self.made.load(Ordering::SeqCst) < need && !self.ended.load(Ordering::SeqCst) {
            guard = self.ready.wait(guard).unwrap_or_else(|p| p.into_inner());
        }
        drop(guard);
        self.sleepers.fetch_sub(1, Ordering::SeqCst);
        if self.made.load(Ordering::SeqCst) >= need {
            Ok(())
        } else {
            // When the maker failed, the build reports its error instead of this one.
            Err(io::Error::other("its folder was not made"))
        }
    }

    /// Why the maker returned short, if a folder could not be made: the folder and the error.
    pub(crate) fn failure(&self) -> Option<(String, io::Error)> {
        lock(&self.failure).take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records folders; fails on one name.
    struct Recorder {
        made: Mutex<Vec<String>>,
        fail_on: &'static str,
    }

    impl Recorder {
        fn folder(&self, dir: &str) -> io::Result<()> {
            if dir == self.fail_on {
                return Err(io::Error::other("disk full"));
            }
            lock(&self.made).push(dir.to_string());
            Ok(())
        }
    }

    #[test]
    fn parents_come_first_each_folder_once_across_batches() {
        let folders = Folders::new();
        let need = folders.plan(["index.html", "units/a/index.html", "units/b/index.html"].into_iter());
        assert_eq!(need, [0, 2, 3]);
        let need = folders.plan(["units/b/index.html", "data/x.csv", "data/y.csv", "a/b/c/d.css"].into_iter());
        assert_eq!(need, [3, 4, 4, 7]);
        folders.close();
        let sink = Recorder { made: Mutex::new(Vec::new()), fail_on: "" };
        folders.make(&|d| sink.folder(d));
        assert_eq!(*lock(&sink.made), ["units/", "units/a/", "units/b/", "data/", "a/", "a/b/", "a/b/c/"]);
        assert!(folders.wait(7).is_ok());
        assert!(folders.failure().is_none());
    }

    #[test]
    fn a_waiting_thread_goes_on_when_its_folder_is_made_and_not_before() {
        let folders = Folders::new();
        let need = folders.plan(["units/a/index.html"].into_iter());
        let sink = Recorder { made: Mutex::new(Vec::new()), fail_on: "" };
        std::thread::scope(|s| {
            let waiter = s.spawn(|| {
                folders.wait(need[0]).unwrap();
                // The folder is there when the wait is over.
                assert!(lock(&sink.made).iter().any(|d| d == "units/a/"));
            });
            let maker = s.spawn(|| folders.make(&|d| sink.folder(d)));
            // The maker waits for more folders until the plan is closed.
            let late = folders.plan(["units/b/index.html"].into_iter());
            folders.close();
            maker.join().unwrap();
            waiter.join().unwrap();
            assert_eq!(late, [3]);
            assert_eq!(lock(&sink.made).len(), 3);
        });
    }

    #[test]
    fn a_folder_that_cannot_be_made_ends_every_wait_with_an_error() {
        let folders = Folders::new();
        let need = folders.plan(["units/a/index.html", "units/b/index.html"].into_iter());
        folders.close();
        let sink = Recorder { made: Mutex::new(Vec::new()), fail_on: "units/a/" };
        std::thread::scope(|s| {
            let waiter = s.spawn(|| folders.wait(need[1]));
            s.spawn(|| folders.make(&|d| sink.folder(d)));
            assert!(waiter.join().unwrap().is_err());
        });
        let (dir, e) = folders.failure().expect("the maker's failure is kept");
        assert_eq!(dir, "units/a/");
        assert_eq!(e.to_string(), "disk full");
    }

    #[test]
    fn a_stopped_maker_returns_without_waiting_for_the_plan_to_close() {
        let folders = Folders::new();
        let sink = Recorder { made: Mutex::new(Vec::new()), fail_on: "" };
        std::thread::scope(|s| {
            let maker = s.spawn(|| folders.make(&|d| sink.folder(d)));
            folders.stop();
            maker.join().unwrap();
        });
        assert!(folders.wait(1).is_err());
    }
}
