//! Rendering: project + outcome + theme → the site's files, handed to a
//! [`Sink`] one by one (in parallel). No file system access here: the sink
//! decides where bytes go.

mod awards;
pub mod card;
pub mod chart;
pub mod data;
pub mod escape;
pub mod feeds;
pub mod frame;
mod group;
mod home;
pub mod markdown;
mod month;
mod news;
mod pieces;
pub mod search;
mod share;
mod site;
pub mod text;
mod unit;
mod units;
pub mod views;
mod xlsx;

pub use awards::{AwardSection, AwardsPage};
pub use group::{GroupHead, GroupPage};
pub use home::{IndexPage, PeriodTotals};
pub use month::{MonthPage, MonthsOfPeriod, StandingSection};
pub use news::{MarkdownPage, NewsItem, NewsListPage, NewsPostPage, NotFoundPage};
pub use unit::{GroupLink, UnitHead, UnitPage, UnitPeriod};
pub use units::{IndexRow, LetterLink, UnitsPage};

use crate::error::{Diagnostics, Location};
use crate::load::theme::Theme;
use crate::model::{GroupIx, PeriodIx, Project, UnitIx};
use crate::rules::Outcome;
use crate::urls;
use rayon::prelude::*;
use site::Site;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use text::Lang;

/// Where rendered files go: the output side. Render makes no folder and opens no
/// file; it numbers the site's files, says which they are ([`Sink::plan`]), then hands
/// each over as it is ready, from several threads at once. Paths are relative, with
/// `/` separators.
pub trait Sink: Sync {
    /// Every file of the site, numbered by position, before any is put.
    fn plan(&self, paths: &[&str]);
    /// Writes file number `file` (its path is `path`).
    fn put(&self, file: usize, path: &str, bytes: &[u8]) -> std::io::Result<()>;
    /// Like [`Sink::put`] for a file too large to hold in memory: `write` writes it.
    fn put_stream(
        &self,
        file: usize,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()>;
    /// The render failed: no more files come.
    fn abandon(&self);
}

/// Rows per page of a ranking, standings or awards list; longer lists are split into numbered pages.
pub const PAGE_SIZE: usize = 200;

/// Units shown in the national shortlist on the awards page (the CSV download has all).
pub const SHORTLIST_SHOWN: usize = 100;

/// Build settings that do not come from the data.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Unix time to show as the build date (`SOURCE_DATE_EPOCH`); `None` = no build date shown.
    pub build_time: Option<i64>,
    /// Render every page through the theme's templates with Tera, even those whose
    /// built-in templates are compiled in. The output is the same; tests compare the two.
    pub tera_only: bool,
}

/// A failure to render: a broken template or a write error.
#[derive(Debug)]
pub enum RenderError {
    Template(Diagnostics),
    Write(String, std::io::Error),
}

/// Compiles the theme's templates once; every problem is reported with its file.
pub fn compile(theme: &Theme) -> Result<tera::Tera, Diagnostics> {
    let mut tera = tera::Tera::new();
    let mut diags = Diagnostics::new();
    let all: Vec<(&str, &str)> = theme.templates.iter().map(|(n, (src, _))| (n.as_str(), src.as_str())).collect();
    if let Err(e) = tera.add_raw_templates(all) {
        let message = flatten(&e);
        // Tera names the failing template in its message ("--> unit.html:4:4").
        let named: Vec<&String> = theme
            .templates
            .keys()
            .filter(|n| message.contains(&format!("{n}:")) || message.contains(&format!("'{n}'")))
            .collect();
        if named.is_empty() {
            diags.err(Location::file("themes"), crate::msg!("template-syntax", error = &message));
        }
        for name in named {
            let origin = &theme.templates[name].1;
            diags.err(Location::file(origin), crate::msg!("template-syntax", error = &message));
        }
        return Err(diags);
    }
    Ok(tera)
}

fn flatten(e: &tera::Error) -> String {
    let mut s = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(inner) = src {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        src = inner.source();
    }
    s.replace('\n', " ")
}

/// One output file to produce.
#[derive(Debug, Clone)]
enum Job {
    Index,
    GroupsIndex,
    Group {
        group: GroupIx,
        period: PeriodIx,
        page: usize,
        current: bool,
    },
    Unit(UnitIx),
    /// A page of the unit index.
    UnitsIndex {
        page: usize,
    },
    /// The search index's manifest or a posting file.
    Search(usize),
    /// A record file of the search index.
    SearchRecords(usize),
    AwardsIndex,
    Awards {
        period: PeriodIx,
        page: usize,
    },
    MonthsIndex,
    Month {
        period: PeriodIx,
        index: usize,
        page: usize,
    },
    NewsList,
    News(usize),
    Page(usize),
    NotFound,
    RankingCsv {
        group: GroupIx,
        period: PeriodIx,
    },
    ShortlistCsv(PeriodIx),
    RankingXlsx {
        group: GroupIx,
        period: PeriodIx,
    },
    ShortlistXlsx(PeriodIx),
    ResultsXlsx,
    Card(share::Card),
    Feed,
    Sitemap,
    Static(String),
    NoJekyll,
}

impl Job {
    /// A file that costs more to make than to write: a workbook or a share card.
    fn is_compute(&self) -> bool {
        matches!(self, Job::RankingXlsx { .. } | Job::ShortlistXlsx(_) | Job::ResultsXlsx | Job::Card(_))
    }

    /// A file written as it is made (a workbook, zipped as its rows are written).
    fn is_streamed(&self) -> bool {
        matches!(self, Job::RankingXlsx { .. } | Job::ShortlistXlsx(_) | Job::ResultsXlsx)
    }

    fn is_page(&self) -> bool {
        !matches!(
            self,
            Job::RankingCsv { .. }
                | Job::ShortlistCsv(_)
                | Job::RankingXlsx { .. }
                | Job::ShortlistXlsx(_)
                | Job::ResultsXlsx
                | Job::Card(_)
                | Job::Feed
                | Job::Sitemap
                | Job::Static(_)
                | Job::NoJekyll
                | Job::Search(_)
                | Job::SearchRecords(_)
        )
    }
}

/// A list of jobs (indices into the job list) that threads take in order.
struct Queue<'a> {
    jobs: &'a [usize],
    next: AtomicUsize,
}

impl<'a> Queue<'a> {
    fn new(jobs: &'a [usize]) -> Self {
        Queue { jobs, next: AtomicUsize::new(0) }
    }

    fn take(&self) -> Option<usize> {
        self.jobs.get(self.next.fetch_add(1, Ordering::Relaxed)).copied()
    }

    /// No job is taken any more.
    fn close(&self) {
        self.next.store(self.jobs.len(), Ordering::Relaxed);
    }
}

/// Statistics of one render.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub files: usize,
    pub pages: usize,
}

/// What a render reads.
pub struct Input<'a> {
    pub project: &'a Project,
    pub outcome: &'a Outcome,
    pub theme: &'a Theme,
    pub lang: &'a Lang,
    pub options: &'a Options,
}

/// Renders the whole site into `sink`, calling `progress(done, total)` as files complete.
/// File 0 is `results.json`, written as it is serialised; the others follow in the order
/// of the jobs (`Site::jobs`), and the threads take them in that order.
pub fn render(
    input: &Input<'_>,
    tera: &mut tera::Tera,
    sink: &dyn Sink,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Stats, RenderError> {
    let Input { project, outcome, theme, lang, options } = *input;
    let site = Site::new(project, outcome, theme, lang, tera, options);
    let jobs = site.jobs();
    let paths: Vec<String> = jobs.par_iter().map(|j| site.path(j)).collect();
    let total = jobs.len() + 1;
    sink.plan(&std::iter::once(urls::RESULTS_JSON).chain(paths.iter().map(String::as_str)).collect::<Vec<_>>());
    let done = AtomicUsize::new(0);
    let count = || progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
    // Two queues: the files whose cost is computing (workbooks, share cards), taken first
    // by a thread of their own, and all the others, taken first by the page threads,
    // whose time goes largely to the file system. The extra thread works while a page
    // thread waits for the disk; whoever runs out of its own queue helps with the other.
    let (compute, write): (Vec<usize>, Vec<usize>) = (0..jobs.len()).partition(|&j| jobs[j].is_compute());
    let queues = [Queue::new(&compute), Queue::new(&write)];
    let first_error: Mutex<Option<RenderError>> = Mutex::new(None);
    let fail = |e: RenderError| {
        // Kept before the others stop: their errors only say that they were stopped.
        first_error.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert(e);
        sink.abandon();
        for q in &queues {
            q.close();
        }
    };
    let work = |first: usize| {
        for q in [&queues[first], &queues[1 - first]] {
            while let Some(j) = q.take() {
                let (job, path) = (&jobs[j], &paths[j]);
                let written = if job.is_streamed() {
                    sink.put_stream(j + 1, path, &mut |w| site.stream(job, w))
                        .map_err(|e| RenderError::Write(path.clone(), e))
                } else {
                    site.run(job, path).and_then(|bytes| {
                        sink.put(j + 1, path, &bytes).map_err(|e| RenderError::Write(path.clone(), e))
                    })
                };
                match written {
                    Ok(()) => count(),
                    Err(e) => return fail(e),
                }
            }
        }
    };
    std::thread::scope(|s| {
        // results.json, the largest file by far, is written as it is serialised, first,
        // by the computing thread.
        s.spawn(|| {
            let written = sink
                .put_stream(0, urls::RESULTS_JSON, &mut |w| {
                    data::results_json(project, outcome, lang, &site.explanations, w)
                })
                .map_err(|e| RenderError::Write(urls::RESULTS_JSON.to_string(), e));
            match written {
                Ok(()) => {
                    count();
                    work(0);
                }
                Err(e) => fail(e),
            }
        });
        for _ in 0..rayon::current_num_threads() {
            s.spawn(|| work(1));
        }
    });
    if let Some(e) = first_error.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(e);
    }
    Ok(Stats { files: total, pages: jobs.iter().filter(|j| j.is_page()).count() })
}

/// The relative prefix from a page at `path` (e.g. `groups/a/index.html`) to the site root.
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Number of pages for `rows` rows.
fn pages_for(rows: usize) -> usize {
    rows.div_ceil(PAGE_SIZE).max(1)
}

/// A section of a paginated multi-group page: one group and its rows on this page.
struct Section {
    group: GroupIx,
    /// Units on this page (empty for a pooled group's summary).
    units: Vec<UnitIx>,
}

/// Splits `(group, unit)` entries (a pooled group has one entry with no unit) into
/// page `page`, grouped into sections.
fn sections(entries: &[(GroupIx, Option<UnitIx>)], page: usize) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    for &(g, u) in entries.iter().skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE) {
        match out.last_mut() {
            Some(s) if s.group == g => s.units.extend(u),
            _ => out.push(Section { group: g, units: u.into_iter().collect() }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_pages() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("groups/a/2022/page/2/index.html"), "../../../../../");
        assert_eq!(pages_for(0), 1);
        assert_eq!(pages_for(PAGE_SIZE), 1);
        assert_eq!(pages_for(PAGE_SIZE + 1), 2);
    }

    #[test]
    fn sections_split_pages_and_keep_group_headings() {
        let g = GroupIx::new;
        let mut entries: Vec<(GroupIx, Option<UnitIx>)> = (0..250).map(|u| (g(0), Some(UnitIx::new(u)))).collect();
        entries.push((g(1), None));
        entries.extend((250..300).map(|u| (g(2), Some(UnitIx::new(u)))));
        let p1 = sections(&entries, 1);
        assert_eq!(p1.len(), 1);
        assert_eq!(p1[0].units.len(), PAGE_SIZE);
        let p2 = sections(&entries, 2);
        assert_eq!(
            p2.iter().map(|s| (s.group, s.units.len())).collect::<Vec<_>>(),
            vec![(g(0), 50), (g(1), 0), (g(2), 50)]
        );
    }
}
