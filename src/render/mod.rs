//! Rendering: project + outcome + theme → the site's files, handed to a
//! [`Sink`] one by one (in parallel). No file system access here: the sink
//! decides where bytes go.

pub mod chart;
pub mod data;
pub mod escape;
pub use crate::output::folders::Folders;
pub mod markdown;
mod native;
pub mod text;
pub mod views;

use crate::error::{Diagnostics, Location};
use crate::format::percent_hundredths;
use crate::load::theme::Theme;
use crate::model::{AwardKind, Basis, Date, Holder, Nomination, Project};
use crate::rules::explain::{awards_text, counts_text};
use crate::rules::{Outcome, PeriodOutcome, PeriodStatus};
use crate::urls;
use rayon::prelude::*;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use text::Lang;
use views::{
    AwardSection, Change, ChangeKind, ChangeWords, ColumnView, Link, MetricView, MonthlyRow, NominationView, Overall,
    Row, StandingRow, StandingSection, UnitPeriod, UnitRef,
};

/// Where rendered files go. Paths are relative, with `/` separators. A file is put
/// only once its folder was made with [`Sink::folder`] (parents first).
pub trait Sink: Sync {
    /// Makes the folder `dir` (e.g. `units/u1/`), whose parent exists.
    fn folder(&self, dir: &str) -> std::io::Result<()>;
    fn put(&self, path: &str, bytes: &[u8]) -> std::io::Result<()>;
    /// Like [`Sink::put`] for a file too large to hold in memory: `write` writes it.
    fn put_stream(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()>;
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
    /// Render every page through Tera, even those the default theme can write directly
    /// (see `native`). The output is the same; tests compare the two.
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
            diags.error(Location::file("themes"), format!("template error: {message}"), "fix the template syntax");
        }
        for name in named {
            let origin = &theme.templates[name].1;
            diags.error(Location::file(origin), format!("template error: {message}"), "fix the template syntax");
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
    Group { group: usize, period: usize, page: usize, current: bool },
    Unit(usize),
    AwardsIndex,
    Awards { period: usize, page: usize },
    MonthsIndex,
    Month { period: usize, index: usize, page: usize },
    NewsList,
    News(usize),
    Page(usize),
    NotFound,
    RankingCsv { group: usize, period: usize },
    ShortlistCsv(usize),
    Feed,
    Sitemap,
    Static(String),
    NoJekyll,
}

impl Job {
    fn is_page(&self) -> bool {
        !matches!(
            self,
            Job::RankingCsv { .. } | Job::ShortlistCsv(_) | Job::Feed | Job::Sitemap | Job::Static(_) | Job::NoJekyll
        )
    }
}

/// A page's values: a typed view the default theme can write without Tera, or a Tera context.
enum Page<'a> {
    Context(tera::Context),
    Unit(views::UnitPage<'a>),
    Month(views::MonthPage<'a>),
    Group(views::GroupPage<'a>),
    Awards(views::AwardsPage<'a>),
}

/// Everything the page builders share.
struct Site<'a> {
    project: &'a Project,
    outcome: &'a Outcome,
    theme: &'a Theme,
    tera: &'a tera::Tera,
    lang: &'a Lang,
    /// `index.html` when links must work from disk, else empty (pretty URLs).
    ix: &'static str,
    current: usize,
    updated: Date,
    /// Units of each group, in units.csv order.
    members: Vec<Vec<usize>>,
    /// Nominations by (period, holder), in file order.
    nominations: HashMap<(usize, Holder), Vec<usize>>,
    /// Per period: the awards page's entries.
    award_entries: Vec<Vec<(usize, Option<usize>)>>,
    /// Per period: what every page says about it.
    period_infos: Vec<PeriodInfo>,
    /// `[period][unit]`: the explanation text, written once and shown on several pages.
    explanations: Vec<Vec<String>>,
    /// Labels of the months of the campaign's span ("tháng 06/2023"), from `months_from`.
    month_labels: Vec<String>,
    /// Links to the months' standings, alongside `month_labels`.
    month_hrefs: Vec<String>,
    months_from: crate::model::Month,
    /// Links to every unit's page, in units.csv order.
    unit_hrefs: Vec<String>,
    /// Per period: the charts' x axis, labelled with its months ("06/23").
    axes: Vec<chart::Axis>,
    /// `[period][unit]`: the unit's target for its group's metric, in one array per period,
    /// for the month standings, which visit units in rank order.
    group_targets: Vec<Vec<Option<i64>>>,
    change_words: ChangeWords,
    /// Page kinds written without Tera, and what they share.
    native: native::Enabled,
    frame: native::Frame<'a>,
}

/// What pages say about a period.
#[derive(serde::Serialize)]
pub struct PeriodInfo {
    id: String,
    label: String,
    from: String,
    to: String,
    status: &'static str,
    status_label: String,
    counted_to: Option<String>,
    decision: String,
    provisional: bool,
    awards_href: String,
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

/// Plans the folders that can be known from the project alone, before the rules
/// are evaluated: those of results.json, the index pages and every unit page.
/// A maker ([`Folders::make`]) can start on them while the rest is prepared.
pub fn plan_early(folders: &Folders, project: &Project) {
    let fixed =
        [urls::RESULTS_JSON.to_string(), urls::file(urls::GROUPS), urls::file(urls::AWARDS), urls::file(urls::MONTHS)];
    let units: Vec<String> = project.units.iter().map(|u| urls::file(&urls::unit(&u.id))).collect();
    folders.plan(fixed.iter().chain(&units).map(String::as_str));
}

/// Renders the whole site into `sink`, calling `progress(done, total)` as files complete.
/// The files' folders are made by `early` when given (its maker running on another
/// thread, see [`plan_early`]), else here, on a thread of their own.
pub fn render(
    input: &Input<'_>,
    tera: &mut tera::Tera,
    sink: &dyn Sink,
    early: Option<&Folders>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Stats, RenderError> {
    let Input { project, outcome, theme, lang, options } = *input;
    // The feed's date: the build time when given, else the newest date in the data.
    let updated = match options.build_time {
        Some(t) => Date::from_unix(t),
        None => project
            .as_of
            .map(Date::end_of)
            .into_iter()
            .chain(project.news.iter().filter_map(|n| n.date))
            .max()
            .unwrap_or(project.campaign.starts),
    };
    let ix = if project.site.base_url.is_empty() { urls::INDEX } else { "" };
    let globals = globals(project, outcome, lang, ix, options.build_time.map(Date::from_unix));
    set_globals(tera, project, lang, ix, &globals);
    let members: Vec<Vec<usize>> = (0..project.groups.len()).map(|g| project.units_of(g).collect()).collect();
    let mut nominations: HashMap<(usize, Holder), Vec<usize>> = HashMap::new();
    for (i, n) in project.nominations.iter().enumerate() {
        nominations.entry((n.period, n.holder)).or_default().push(i);
    }
    let award_entries = outcome.periods.iter().map(|po| award_entries(project, po)).collect();
    let (months_from, last) = project.campaign.month_span();
    let month_labels = months_from.through(last).map(|m| lang.month(m)).collect();
    let month_hrefs = months_from.through(last).map(|m| ix_path(&urls::month(m), ix)).collect();
    let unit_hrefs: Vec<String> = project.units.par_iter().map(|u| ix_path(&urls::unit(&u.id), ix)).collect();
    let explanations = outcome
        .periods
        .iter()
        .map(|po| po.units.par_iter().map(|r| r.explanation.text(&lang.nf, &lang.words)).collect())
        .collect();
    let period_infos = outcome
        .periods
        .iter()
        .enumerate()
        .map(|(pi, po)| {
            let per = &project.campaign.periods[pi];
            PeriodInfo {
                id: per.id.clone(),
                label: per.label.clone(),
                from: lang.month(per.from),
                to: lang.month(per.to),
                status: data::status_id(po.status),
                status_label: lang
                    .t(match po.status {
                        PeriodStatus::NotStarted => "status_not_started",
                        PeriodStatus::InProgress => "status_in_progress",
                        PeriodStatus::Complete => "status_complete",
                    })
                    .to_string(),
                counted_to: po.counted_to.map(|m| lang.month(m)),
                decision: per.decision.clone(),
                provisional: per.decision.is_empty(),
                awards_href: ix_path(&urls::awards_period(&per.id), ix),
            }
        })
        .collect();
    let native = if options.tera_only { native::Enabled::default() } else { native::Enabled::for_theme(theme) };
    let frame = native::Frame::new(&globals, lang, project, &unit_hrefs, native);
    let site = Site {
        project,
        outcome,
        theme,
        tera,
        lang,
        ix,
        current: project.current_period(),
        updated,
        members,
        nominations,
        award_entries,
        period_infos,
        explanations,
        month_labels,
        month_hrefs,
        months_from,
        unit_hrefs,
        axes: project
            .campaign
            .periods
            .iter()
            .map(|per| {
                let labels: Vec<String> =
                    per.from.through(per.to).map(|m| format!("{:02}/{}", m.month(), m.year() % 100)).collect();
                chart::Axis::new(&labels)
            })
            .collect(),
        group_targets: (0..project.campaign.periods.len())
            .map(|pi| {
                project
                    .units
                    .iter()
                    .enumerate()
                    .map(|(u, unit)| project.targets[u][pi][project.groups[unit.group].rule.metric])
                    .collect()
            })
            .collect(),
        change_words: ChangeWords {
            up: lang.t("change_up").to_string(),
            down: lang.t("change_down").to_string(),
            same: lang.t("change_same").to_string(),
            new: lang.t("change_new").to_string(),
        },
        native,
        frame,
    };
    let jobs = site.jobs();
    let paths: Vec<String> = jobs.par_iter().map(|j| site.path(j)).collect();
    let total = jobs.len() + 1;
    let done = AtomicUsize::new(0);
    let count = || progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
    let own;
    let folders = match early {
        Some(f) => f,
        None => {
            own = Folders::new();
            &own
        }
    };
    let need = folders.plan(std::iter::once(urls::RESULTS_JSON).chain(paths.iter().map(String::as_str)));
    folders.close();
    // Jobs are taken in order, so that the threads need folders in the order they are made.
    let next = AtomicUsize::new(0);
    let first_error: Mutex<Option<RenderError>> = Mutex::new(None);
    let fail = |e: RenderError| {
        // Kept before the others stop: their errors only say that they were stopped.
        first_error.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert(e);
        folders.stop();
        next.store(jobs.len(), Ordering::Relaxed);
    };
    let pages = || loop {
        let j = next.fetch_add(1, Ordering::Relaxed);
        let (Some(job), Some(path)) = (jobs.get(j), paths.get(j)) else {
            return;
        };
        let written = site.run(job, path).and_then(|bytes| {
            folders.wait(need[j + 1], path)?;
            sink.put(path, &bytes).map_err(|e| RenderError::Write(path.clone(), e))
        });
        match written {
            Ok(()) => count(),
            Err(e) => return fail(e),
        }
    };
    std::thread::scope(|threads| {
        if early.is_none() {
            threads.spawn(|| folders.make(sink));
        }
        rayon::scope(|s| {
            // results.json, the largest file by far, is written as it is serialised, on one
            // thread from the start, while the other threads render pages.
            s.spawn(|_| {
                let written = folders.wait(need[0], urls::RESULTS_JSON).and_then(|()| {
                    sink.put_stream(urls::RESULTS_JSON, &mut |w| {
                        data::results_json(project, outcome, lang, &site.explanations, w)
                    })
                    .map_err(|e| RenderError::Write(urls::RESULTS_JSON.to_string(), e))
                });
                match written {
                    Ok(()) => count(),
                    Err(e) => fail(e),
                }
            });
            for _ in 0..rayon::current_num_threads() {
                s.spawn(|_| pages());
            }
        });
    });
    if let Some((dir, e)) = folders.failure() {
        return Err(RenderError::Write(dir, e));
    }
    if let Some(e) = first_error.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(e);
    }
    Ok(Stats { files: total, pages: jobs.iter().filter(|j| j.is_page()).count() })
}

/// Values every page's frame shows, the same on every page.
pub struct Globals<'a> {
    pub site: views::SiteView<'a>,
    pub nav: Vec<views::NavItem>,
    /// "tháng 06/2023", or empty before the campaign has figures.
    pub as_of: String,
    /// The build date, when `SOURCE_DATE_EPOCH` gives one.
    pub updated: String,
}

fn globals<'a>(project: &'a Project, outcome: &Outcome, lang: &Lang, ix: &str, built: Option<Date>) -> Globals<'a> {
    let item = |key: &str, label: &str, dir: &str| views::NavItem {
        key: key.to_string(),
        label: label.to_string(),
        href: ix_path(dir, ix),
    };
    let mut nav = vec![
        item("overview", lang.t("nav_overview"), urls::HOME),
        item("groups", lang.t("nav_groups"), urls::GROUPS),
        item("awards", lang.t("nav_awards"), urls::AWARDS),
        item("months", lang.t("nav_months"), urls::MONTHS),
    ];
    if !project.news.is_empty() {
        nav.push(item("news", lang.t("nav_news"), urls::NEWS));
    }
    for p in &project.pages {
        nav.push(item(&format!("page-{}", p.slug), &p.title, &urls::page(&p.slug)));
    }
    Globals {
        site: views::SiteView {
            title: &project.site.title,
            description: &project.site.description,
            footer: &project.site.footer,
            lang: lang.language.code(),
        },
        nav,
        as_of: outcome.as_of.map(|m| lang.month(m)).unwrap_or_default(),
        updated: built.map(|d| lang.date(d)).unwrap_or_default(),
    }
}

fn set_globals(tera: &mut tera::Tera, project: &Project, lang: &Lang, ix: &str, globals: &Globals) {
    let c = &project.campaign;
    let g = tera.global_context();
    g.insert("t", &lang.strings);
    g.insert("ix", ix);
    g.insert("site", &globals.site);
    g.insert(
        "campaign",
        &json!({
            "title": c.title,
            "issuer": c.issuer,
            "starts": lang.date(c.starts),
            "ends": lang.date(c.ends),
            "description": c.description,
        }),
    );
    g.insert("as_of", &globals.as_of);
    g.insert("updated", &globals.updated);
    g.insert("nav", &globals.nav);
}

/// A root-relative link to a directory page: `groups/nhom-1/` + `index.html` when needed
/// (the home page with pretty links is the root itself: the empty path).
fn ix_path(dir: &str, ix: &str) -> String {
    format!("{dir}{ix}")
}

/// The relative prefix from a page at `path` (e.g. `groups/a/index.html`) to the site root.
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Number of pages for `rows` rows.
fn pages_for(rows: usize) -> usize {
    rows.div_ceil(PAGE_SIZE).max(1)
}

/// Builds a Tera context from `key: value` pairs.
macro_rules! context {
    ($($key:literal : $value:expr),* $(,)?) => {{
        let mut c = tera::Context::new();
        $(c.insert($key, &$value);)*
        c
    }};
}

/// Rows of an awards page: the qualifying units of each group in rank order; one entry per pooled group.
fn award_entries(project: &Project, po: &PeriodOutcome) -> Vec<(usize, Option<usize>)> {
    let mut entries = Vec::new();
    for (g, go) in po.groups.iter().enumerate() {
        if project.groups[g].rule.basis == Basis::Overall {
            entries.push((g, None));
        } else {
            entries.extend(go.ranking.iter().filter(|&&u| po.units[u].qualified).map(|&u| (g, Some(u))));
        }
    }
    entries
}

/// A section of a paginated multi-group page: one group and its rows on this page.
struct Section {
    group: usize,
    /// Units on this page (empty for a pooled group's summary).
    units: Vec<usize>,
}

/// Splits `(group, unit)` entries (a pooled group has one entry with no unit) into
/// page `page`, grouped into sections.
fn sections(entries: &[(usize, Option<usize>)], page: usize) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    for &(g, u) in entries.iter().skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE) {
        match out.last_mut() {
            Some(s) if s.group == g => s.units.extend(u),
            _ => out.push(Section { group: g, units: u.into_iter().collect() }),
        }
    }
    out
}

impl Site<'_> {
    fn link(&self, dir: &str) -> String {
        ix_path(dir, self.ix)
    }

    fn pooled(&self, g: usize) -> bool {
        self.project.groups[g].rule.basis == Basis::Overall
    }

    /// Rows of a month's standings: every unit of every ranked group, by rank; one
    /// summary entry per pooled group. Only page `page` of them is built (a
    /// national campaign has hundreds of pages per month: building every row
    /// for every page would be quadratic).
    fn month_page_entries(&self, pi: usize, index: usize, page: usize) -> Vec<(usize, Option<usize>)> {
        let ms = &self.outcome.periods[pi].months[index];
        let (start, end) = ((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
        let mut entries = Vec::with_capacity(PAGE_SIZE);
        let mut seen = 0;
        for (g, order) in ms.order.iter().enumerate() {
            let len = if self.pooled(g) { 1 } else { order.len() };
            if seen + len > start && seen < end {
                if self.pooled(g) {
                    entries.push((g, None));
                } else {
                    let from = start.saturating_sub(seen);
                    let to = (end - seen).min(len);
                    entries.extend(order[from..to].iter().map(|&u| (g, Some(u))));
                }
            }
            seen += len;
        }
        entries
    }

    /// How many rows a month's standings have (the same every month).
    fn month_rows(&self) -> usize {
        self.members.iter().enumerate().map(|(g, m)| if self.pooled(g) { 1 } else { m.len() }).sum()
    }

    fn jobs(&self) -> Vec<Job> {
        let p = self.project;
        // The few large single files first, so that no thread is left alone with one at the end.
        let mut jobs = vec![Job::Sitemap, Job::Index, Job::GroupsIndex, Job::AwardsIndex, Job::MonthsIndex];
        // Then the unit pages, whose folders are made first (see `plan_early`).
        jobs.extend((0..p.units.len()).map(Job::Unit));
        for g in 0..p.groups.len() {
            for (pi, po) in self.outcome.periods.iter().enumerate() {
                for page in 1..=pages_for(po.groups[g].ranking.len()) {
                    jobs.push(Job::Group { group: g, period: pi, page, current: false });
                }
                jobs.push(Job::RankingCsv { group: g, period: pi });
            }
            jobs.push(Job::Group { group: g, period: self.current, page: 1, current: true });
        }
        let month_rows = self.month_rows();
        for (pi, po) in self.outcome.periods.iter().enumerate() {
            for page in 1..=pages_for(self.award_entries[pi].len()) {
                jobs.push(Job::Awards { period: pi, page });
            }
            jobs.push(Job::ShortlistCsv(pi));
            for index in 0..po.months.len() {
                for page in 1..=pages_for(month_rows) {
                    jobs.push(Job::Month { period: pi, index, page });
                }
            }
        }
        if !p.news.is_empty() {
            jobs.push(Job::NewsList);
            jobs.extend((0..p.news.len()).map(Job::News));
        }
        jobs.extend((0..p.pages.len()).map(Job::Page));
        jobs.extend([Job::NotFound, Job::Feed, Job::NoJekyll]);
        jobs.extend(self.theme.statics.keys().cloned().map(Job::Static));
        jobs
    }

    /// Where a job's file goes: `units/u1/index.html`, `data/ranking-a-2023.csv` …
    fn path(&self, job: &Job) -> String {
        let p = self.project;
        let dir = match job {
            Job::Index => String::new(),
            Job::GroupsIndex => urls::GROUPS.into(),
            Job::Group { group, period, page, current } => {
                let gid = &p.groups[*group].id;
                let pid = &p.campaign.periods[*period].id;
                if *current { urls::group(gid) } else { urls::paged(&urls::group_period(gid, pid), *page) }
            }
            Job::Unit(u) => urls::unit(&p.units[*u].id),
            Job::AwardsIndex => urls::AWARDS.into(),
            Job::Awards { period, page } => urls::paged(&urls::awards_period(&p.campaign.periods[*period].id), *page),
            Job::MonthsIndex => urls::MONTHS.into(),
            Job::Month { period, index, page } => {
                urls::paged(&urls::month(self.outcome.periods[*period].months[*index].month), *page)
            }
            Job::NewsList => urls::NEWS.into(),
            Job::News(i) => urls::news_post(&p.news[*i].slug),
            Job::Page(i) => urls::page(&p.pages[*i].slug),
            Job::NotFound => return urls::NOT_FOUND.into(),
            Job::RankingCsv { group, period } => {
                return urls::ranking_csv(&p.groups[*group].id, &p.campaign.periods[*period].id);
            }
            Job::ShortlistCsv(period) => return urls::shortlist_csv(&p.campaign.periods[*period].id),
            Job::Feed => return urls::FEED.into(),
            Job::Sitemap => return urls::SITEMAP.into(),
            Job::Static(path) => return path.clone(),
            Job::NoJekyll => return urls::NOJEKYLL.into(),
        };
        urls::file(&dir)
    }

    /// Renders a job's file; `path` is [`Site::path`] of the job.
    fn run(&self, job: &Job, path: &str) -> Result<Vec<u8>, RenderError> {
        let p = self.project;
        let (template, page) = match job {
            Job::Index => ("index.html", Page::Context(self.index())),
            Job::GroupsIndex => ("group.html", Page::Context(self.groups_index())),
            Job::Group { group, period, page, .. } => ("group.html", Page::Group(self.group(*group, *period, *page))),
            Job::Unit(u) => ("unit.html", Page::Unit(self.unit(*u))),
            Job::AwardsIndex => ("awards.html", Page::Context(self.awards_index())),
            Job::Awards { period, page } => ("awards.html", Page::Awards(self.awards(*period, *page))),
            Job::MonthsIndex => ("month.html", Page::Context(self.months_index())),
            Job::Month { period, index, page } => ("month.html", Page::Month(self.month(*period, *index, *page))),
            Job::NewsList => ("news_list.html", Page::Context(self.news_list())),
            Job::News(i) => ("news_post.html", Page::Context(self.news_post(*i))),
            Job::Page(i) => ("page.html", Page::Context(self.page(*i))),
            Job::NotFound => {
                let ctx = self.not_found();
                let html = self.tera.render("404.html", &ctx).map_err(|e| self.template_error("404.html", &e))?;
                return Ok(html.into_bytes());
            }
            Job::RankingCsv { group, period } => {
                let explanations = &self.explanations[*period];
                return Ok(data::ranking_csv(p, self.outcome, *group, *period, self.lang, explanations));
            }
            Job::ShortlistCsv(period) => return Ok(data::shortlist_csv(p, self.outcome, *period)),
            Job::Feed => return Ok(data::feed(p, self.updated, |d| self.absolute(d))),
            Job::Sitemap => return Ok(data::sitemap(&self.page_dirs(), |d| self.absolute(d))),
            Job::Static(path) => return Ok(self.theme.statics[path].clone()),
            Job::NoJekyll => return Ok(Vec::new()),
        };
        let dir = path.strip_suffix(urls::INDEX).unwrap_or(path);
        let root = root_of(path);
        let base = &p.site.base_url;
        let canonical = if base.is_empty() { String::new() } else { format!("{base}/{dir}") };
        let mut html = Vec::with_capacity(64 * 1024);
        let n = self.native;
        let ctx = match page {
            Page::Unit(v) if n.unit => return Ok(native::unit(&self.frame, &v, &root, &canonical, html)),
            Page::Month(v) if n.month => return Ok(native::month(&self.frame, &v, &root, &canonical, html)),
            Page::Group(v) if n.group => return Ok(native::group(&self.frame, &v, &root, &canonical, html)),
            Page::Awards(v) if n.awards => return Ok(native::awards(&self.frame, &v, &root, &canonical, html)),
            Page::Context(ctx) => Ok(ctx),
            Page::Unit(v) => tera::Context::from_serialize(&v),
            Page::Month(v) => tera::Context::from_serialize(&v),
            Page::Group(v) => tera::Context::from_serialize(&v),
            Page::Awards(v) => tera::Context::from_serialize(&v),
        };
        let mut ctx = ctx.map_err(|e| self.template_error(template, &e))?;
        ctx.insert("root", &root);
        ctx.insert("canonical", &canonical);
        self.tera.render_to(template, &ctx, &mut html).map_err(|e| self.template_error(template, &e))?;
        Ok(html)
    }

    fn template_error(&self, template: &str, e: &tera::Error) -> RenderError {
        let origin = self.theme.templates.get(template).map_or(template.to_string(), |(_, o)| o.clone());
        let mut d = Diagnostics::new();
        d.error(Location::file(origin), format!("template error: {}", flatten(e)), "fix the template");
        RenderError::Template(d)
    }

    /// Absolute URL of a directory page (or file) for feeds and the sitemap; relative when no base_url.
    fn absolute(&self, dir: &str) -> String {
        let base = &self.project.site.base_url;
        if base.is_empty() { self.link(dir) } else { format!("{base}/{dir}") }
    }

    /// Every page's directory, for the sitemap (first pages of paginated lists).
    fn page_dirs(&self) -> Vec<String> {
        let p = self.project;
        let mut dirs: Vec<String> = [urls::HOME, urls::GROUPS, urls::AWARDS, urls::MONTHS].map(String::from).into();
        for g in &p.groups {
            dirs.push(urls::group(&g.id));
            for per in &p.campaign.periods {
                dirs.push(urls::group_period(&g.id, &per.id));
            }
        }
        dirs.extend(p.units.iter().map(|u| urls::unit(&u.id)));
        dirs.extend(p.campaign.periods.iter().map(|per| urls::awards_period(&per.id)));
        for po in &self.outcome.periods {
            dirs.extend(po.months.iter().map(|m| urls::month(m.month)));
        }
        if !p.news.is_empty() {
            dirs.push(urls::NEWS.into());
            dirs.extend(p.news.iter().map(|n| urls::news_post(&n.slug)));
        }
        dirs.extend(p.pages.iter().map(|pg| urls::page(&pg.slug)));
        dirs
    }

    // ----- shared pieces -----

    /// A whole number as pages show it, formatted when written.
    fn int(&self, n: i64) -> views::Figure<'_> {
        views::Figure { nf: &self.lang.nf, shown: views::Shown::Int(n) }
    }

    /// An empty cell.
    fn nothing(&self) -> views::Figure<'_> {
        views::Figure { nf: &self.lang.nf, shown: views::Shown::Nothing }
    }

    /// [`Site::percent`], formatted when written.
    fn pct(&self, value: i64, target: Option<i64>) -> views::Figure<'_> {
        let shown = target.map_or(views::Shown::Nothing, |t| views::Shown::Percent(percent_hundredths(value, t)));
        views::Figure { nf: &self.lang.nf, shown }
    }

    fn percent(&self, value: i64, target: Option<i64>) -> String {
        self.pct(value, target).to_string()
    }

    /// Width of a progress bar in whole percent, 0–100.
    fn bar(value: i64, target: Option<i64>) -> i64 {
        target.map_or(0, |t| (percent_hundredths(value, t) / 100).clamp(0, 100))
    }

    fn period_info(&self, pi: usize) -> &PeriodInfo {
        &self.period_infos[pi]
    }

    /// "tháng 06/2023" / "June 2023", written once per month.
    fn month_label(&self, m: crate::model::Month) -> &str {
        let off = self.months_from.offset_to(m);
        usize::try_from(off).ok().and_then(|i| self.month_labels.get(i)).map_or("", String::as_str)
    }

    /// The link to a month's standings.
    fn month_href(&self, m: crate::model::Month) -> &str {
        let off = self.months_from.offset_to(m);
        usize::try_from(off).ok().and_then(|i| self.month_hrefs.get(i)).map_or("", String::as_str)
    }

    fn rule_lines(&self, g: usize) -> Vec<String> {
        let group = &self.project.groups[g];
        let rule = &group.rule;
        let l = self.lang;
        let d = l.nf.decimal;
        let mut lines = vec![
            format!("{}: {}", l.t("col_metric"), self.project.campaign.metrics[rule.metric].label),
            l.t(match rule.basis {
                Basis::Unit => "rule_basis_unit",
                Basis::Overall => "rule_basis_overall",
            })
            .to_string(),
            l.fill(
                "rule_qualify",
                &[("at", &rule.qualify_at.plain(d)), ("awards", &awards_text(&rule.awards, &l.words))],
            ),
        ];
        for b in &rule.bonuses {
            lines.push(l.fill("rule_bonus", &[("at", &b.at.plain(d)), ("awards", &awards_text(&b.add, &l.words))]));
        }
        if !rule.bonuses.is_empty() {
            lines.push(l.t("rule_highest").to_string());
        }
        if rule.basis == Basis::Unit {
            lines.push(l.t("rule_ranking").to_string());
        }
        lines
    }

    fn unit_ref(&self, u: usize) -> UnitRef<'_> {
        let unit = &self.project.units[u];
        UnitRef { index: u, unit, href: &self.unit_hrefs[u] }
    }

    fn row(&self, po: &PeriodOutcome, u: usize) -> Row<'_> {
        let r = &po.units[u];
        let l = self.lang;
        Row {
            unit: self.unit_ref(u),
            rank: r.rank,
            value: self.int(r.value),
            target: r.target.map(|t| self.int(t)),
            percent: self.pct(r.value, r.target),
            bar: Self::bar(r.value, r.target),
            qualified: r.qualified,
            has_target: r.target.is_some(),
            awards: if r.qualified { awards_text(&r.awards, &l.words) } else { String::new() },
            explanation: &self.explanations[po.period][u],
            not_reported: r.not_reported.iter().map(|m| self.month_label(*m)).collect(),
            names: Vec::new(),
            group: "",
        }
    }

    fn overall(&self, po: &PeriodOutcome, g: usize) -> Option<Overall> {
        let l = self.lang;
        po.groups[g].overall.as_ref().map(|o| Overall {
            value: l.int(o.value),
            target: o.target.map(|t| l.int(t)),
            percent: self.percent(o.value, o.target),
            bar: Self::bar(o.value, o.target),
            qualified: o.qualified,
            awards: if o.qualified { awards_text(&o.awards, &l.words) } else { String::new() },
            explanation: o.explanation.text(&l.nf, &l.words),
        })
    }

    fn nomination<'n>(&'n self, n: &'n Nomination) -> NominationView<'n> {
        NominationView {
            name: &n.name,
            title: &n.title,
            kind: self.lang.t(match n.kind {
                AwardKind::Collective => "collective",
                AwardKind::Individual => "individual",
            }),
            kind_id: match n.kind {
                AwardKind::Collective => "collective",
                AwardKind::Individual => "individual",
            },
        }
    }

    fn names(&self, pi: usize, holder: Holder) -> Vec<NominationView<'_>> {
        self.nominations
            .get(&(pi, holder))
            .map(|list| list.iter().map(|&i| self.nomination(&self.project.nominations[i])).collect())
            .unwrap_or_default()
    }

    fn change(&self, prev: Option<u32>, cur: Option<u32>, first: bool) -> Change<'_> {
        let (kind, places) = match (prev, cur) {
            _ if first => (ChangeKind::New, 0),
            (Some(a), Some(b)) if b < a => (ChangeKind::Up, a - b),
            (Some(a), Some(b)) if b > a => (ChangeKind::Down, b - a),
            (Some(_), Some(_)) => (ChangeKind::Same, 0),
            _ => (ChangeKind::Unknown, 0),
        };
        Change { kind, places, words: &self.change_words }
    }

    /// Links to the pages of a paginated list.
    fn pager(&self, dir: &str, page: usize, pages: usize) -> views::Pager {
        views::Pager {
            page,
            pages,
            pagination: self.lang.fill("pagination", &[("n", &page.to_string()), ("total", &pages.to_string())]),
            prev_href: (page > 1).then(|| self.link(&urls::paged(dir, page - 1))),
            next_href: (page < pages).then(|| self.link(&urls::paged(dir, page + 1))),
        }
    }

    /// Group cards with their leaders in the current period.
    fn group_cards(&self) -> Vec<Value> {
        let p = self.project;
        let po = &self.outcome.periods[self.current];
        p.groups
            .iter()
            .enumerate()
            .map(|(g, group)| {
                let leaders: Vec<Row> = po.groups[g]
                    .ranking
                    .iter()
                    .take(3)
                    .filter(|&&u| po.units[u].rank.is_some())
                    .map(|&u| self.row(po, u))
                    .collect();
                json!({
                    "name": group.name,
                    "href": self.link(&urls::group(&group.id)),
                    "units": self.members[g].len(),
                    "leaders": leaders,
                    "overall": self.overall(po, g),
                })
            })
            .collect()
    }

    // ----- pages -----

    fn index(&self) -> tera::Context {
        let p = self.project;
        let po = &self.outcome.periods[self.current];
        let totals = self.totals(po);
        let periods: Vec<Value> = (0..p.campaign.periods.len())
            .map(|pi| {
                let mut info = serde_json::to_value(self.period_info(pi)).unwrap_or_default();
                info["totals"] = Value::Array(self.totals(&self.outcome.periods[pi]));
                info
            })
            .collect();
        context! {
            "section": "overview",
            "title": p.site.title,
            "period": self.period_info(self.current),
            "periods": periods,
            "totals": totals,
            "groups": self.group_cards(),
            "news": self.news_items(5),
            "news_href": self.link(urls::NEWS),
        }
    }

    /// A period's campaign totals per metric against the overall targets.
    fn totals(&self, po: &PeriodOutcome) -> Vec<Value> {
        let l = self.lang;
        po.totals
            .iter()
            .enumerate()
            .map(|(m, t)| {
                json!({
                    "label": self.project.campaign.metrics[m].label,
                    "value": l.int(t.value),
                    "target": t.target.map(|x| l.int(x)),
                    "percent": self.percent(t.value, t.target),
                    "bar": Self::bar(t.value, t.target),
                })
            })
            .collect()
    }

    fn news_items(&self, limit: usize) -> Vec<Value> {
        self.project
            .news
            .iter()
            .take(limit)
            .map(|n| {
                json!({
                    "title": n.title,
                    "summary": n.summary,
                    "date": n.date.map(|d| self.lang.date(d)),
                    "datetime": n.date.map(|d| d.to_string()),
                    "href": self.link(&urls::news_post(&n.slug)),
                })
            })
            .collect()
    }

    fn groups_index(&self) -> tera::Context {
        context! {
            "section": "groups",
            "title": self.lang.t("groups"),
            "is_index": true,
            "period": self.period_info(self.current),
            "groups": self.group_cards(),
        }
    }

    fn group(&self, g: usize, pi: usize, page: usize) -> views::GroupPage<'_> {
        let p = self.project;
        let group = &p.groups[g];
        let po = &self.outcome.periods[pi];
        let go = &po.groups[g];
        let rows: Vec<Row> =
            go.ranking.iter().skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE).map(|&u| self.row(po, u)).collect();
        let pid = &p.campaign.periods[pi].id;
        let periods: Vec<Link> = p
            .campaign
            .periods
            .iter()
            .enumerate()
            .map(|(i, per)| Link {
                label: per.label.clone(),
                href: self.link(&urls::group_period(&group.id, &per.id)),
                current: i == pi,
            })
            .collect();
        let members: Vec<Row> =
            if self.pooled(g) { self.members[g].iter().map(|&u| self.row(po, u)).collect() } else { Vec::new() };
        views::GroupPage {
            section: "groups",
            title: format!("{} — {}", group.name, p.campaign.periods[pi].label),
            group: views::GroupHead {
                id: &group.id,
                name: &group.name,
                description: &group.description,
                pooled: self.pooled(g),
                metric: &p.campaign.metrics[group.rule.metric].label,
            },
            period: self.period_info(pi),
            periods,
            rule: self.rule_lines(g),
            rows,
            members,
            overall: self.overall(po, g),
            csv_href: urls::ranking_csv(&group.id, pid),
            pager: self.pager(&urls::group_period(&group.id, pid), page, pages_for(go.ranking.len())),
        }
    }

    fn unit(&self, u: usize) -> views::UnitPage<'_> {
        let p = self.project;
        let unit = &p.units[u];
        let group = &p.groups[unit.group];
        let rule = &group.rule;
        let metric = &p.campaign.metrics[rule.metric];
        let column = |c: usize, sign: &'static str| ColumnView {
            name: &p.campaign.columns[c],
            label: &p.campaign.column_labels[c],
            sign,
        };
        let columns: Vec<ColumnView> =
            metric.plus.iter().map(|&c| column(c, "+")).chain(metric.minus.iter().map(|&c| column(c, "−"))).collect();
        let periods: Vec<UnitPeriod> =
            self.outcome.periods.iter().enumerate().rev().map(|(pi, po)| self.unit_period(u, pi, po)).collect();
        views::UnitPage {
            section: "groups",
            title: &unit.name,
            unit: views::UnitHead { id: &unit.id, name: &unit.name, short: unit.display_short(), kind: &unit.kind },
            group: views::GroupLink {
                name: &group.name,
                href: self.link(&urls::group(&group.id)),
                pooled: self.pooled(unit.group),
            },
            metric: &metric.label,
            columns,
            periods,
        }
    }

    fn unit_period(&self, u: usize, pi: usize, po: &PeriodOutcome) -> UnitPeriod<'_> {
        let p = self.project;
        let l = self.lang;
        let unit = &p.units[u];
        let group = &p.groups[unit.group];
        let metric = &p.campaign.metrics[group.rule.metric];
        let per = &p.campaign.periods[pi];
        let r = &po.units[u];
        let net_of = |row: &[i64], m: &crate::model::Metric| {
            m.plus.iter().map(|&c| row[c]).sum::<i64>() - m.minus.iter().map(|&c| row[c]).sum::<i64>()
        };
        let mut monthly = Vec::with_capacity(po.months.len());
        let mut values = Vec::with_capacity(po.months.len());
        for (mi, ms) in po.months.iter().enumerate() {
            let m = ms.month;
            let reported = p.results.is_reported(u, m);
            let row = p.results.row(u, m);
            let cells = metric
                .plus
                .iter()
                .chain(&metric.minus)
                .map(|&c| if reported { self.int(row[c]) } else { self.nothing() })
                .collect();
            let cum = ms.cumulative[u];
            values.push(cum);
            let prev_rank = if mi > 0 { po.months[mi - 1].rank[u] } else { None };
            monthly.push(MonthlyRow {
                month: self.month_label(m),
                href: self.month_href(m),
                cells,
                net: if reported { self.int(net_of(row, metric)) } else { self.nothing() },
                cumulative: self.int(cum),
                percent: self.pct(cum, r.target),
                rank: ms.rank[u],
                change: self.change(prev_rank, ms.rank[u], mi == 0),
                reported,
            });
        }
        let last = po.counted_to.map(|m| l.month(m)).unwrap_or_default();
        let title = l.fill("chart_title", &[("metric", &metric.label), ("period", &per.label)]);
        let desc = match r.target {
            Some(t) => l.fill(
                "chart_desc",
                &[
                    ("month", &last),
                    ("value", &l.int(r.value)),
                    ("target", &l.int(t)),
                    ("percent", &self.percent(r.value, r.target)),
                ],
            ),
            None => l.fill("chart_desc_no_target", &[("month", &last), ("value", &l.int(r.value))]),
        };
        let chart_id = format!("chart-{}", per.id);
        let chart = (!values.is_empty()).then(|| {
            chart::Chart { axis: &self.axes[pi], values, target: r.target, title: &title, desc: &desc, id: &chart_id }
                .svg(&l.nf)
        });
        let metrics = p
            .campaign
            .metrics
            .iter()
            .enumerate()
            .map(|(mi, m)| {
                let value: i64 = po.months.iter().map(|x| net_of(p.results.row(u, x.month), m)).sum();
                let target = p.targets[u][pi][mi];
                MetricView {
                    label: &m.label,
                    value: l.int(value),
                    target: target.map(|t| l.int(t)),
                    percent: self.percent(value, target),
                }
            })
            .collect();
        UnitPeriod {
            info: self.period_info(pi),
            started: po.counted_to.is_some(),
            result: self.row(po, u),
            rank: r.rank,
            ranked_of: po.groups[unit.group].ranked,
            group_href: self.link(&urls::group_period(&group.id, &per.id)),
            monthly,
            chart,
            metrics,
            nominations: self.names(pi, Holder::Unit(u)),
            pool: self.overall(po, unit.group),
            reported_any: po.months.iter().any(|m| p.results.is_reported(u, m.month)),
        }
    }

    fn awards_index(&self) -> tera::Context {
        let periods: Vec<&PeriodInfo> =
            (0..self.project.campaign.periods.len()).map(|pi| self.period_info(pi)).collect();
        context! {"section": "awards", "title": self.lang.t("awards_title"), "is_index": true, "periods": periods}
    }

    fn awards(&self, pi: usize, page: usize) -> views::AwardsPage<'_> {
        let p = self.project;
        let l = self.lang;
        let po = &self.outcome.periods[pi];
        let per = &p.campaign.periods[pi];
        // Counted in u64: a unit's quota is at most 2 × MAX_AWARDS of a kind, so no number
        // of units can make these overflow.
        let mut total = [0u64; 3];
        let mut add = |a: &crate::model::Awards| {
            for (t, n) in total.iter_mut().zip([a.collective, a.individual, a.any]) {
                *t += u64::from(n);
            }
        };
        for (u, r) in po.units.iter().enumerate() {
            if r.qualified && !self.pooled(p.units[u].group) {
                add(&r.awards);
            }
        }
        for go in &po.groups {
            if let Some(o) = go.overall.as_ref().filter(|o| o.qualified) {
                add(&o.awards);
            }
        }
        let entries = &self.award_entries[pi];
        let groups: Vec<AwardSection> = sections(entries, page)
            .into_iter()
            .map(|s| {
                let group = &p.groups[s.group];
                let units: Vec<Row> = s
                    .units
                    .iter()
                    .map(|&u| {
                        let mut row = self.row(po, u);
                        row.names = self.names(pi, Holder::Unit(u));
                        row
                    })
                    .collect();
                AwardSection {
                    name: &group.name,
                    href: self.link(&urls::group_period(&group.id, &per.id)),
                    pooled: self.pooled(s.group),
                    units,
                    overall: self.overall(po, s.group),
                    pool_names: self.names(pi, Holder::Group(s.group)),
                }
            })
            .collect();
        let shortlist: Vec<Row> = if page == 1 {
            po.shortlist
                .iter()
                .take(SHORTLIST_SHOWN)
                .map(|&(u, rank)| {
                    let mut row = self.row(po, u);
                    row.rank = Some(rank);
                    row.group = &p.groups[p.units[u].group].name;
                    row
                })
                .collect()
        } else {
            Vec::new()
        };
        let periods: Vec<Link> = p
            .campaign
            .periods
            .iter()
            .enumerate()
            .map(|(i, x)| Link {
                label: x.label.clone(),
                href: self.link(&urls::awards_period(&x.id)),
                current: i == pi,
            })
            .collect();
        views::AwardsPage {
            section: "awards",
            title: format!("{} — {}", l.t("awards_title"), per.label),
            period: self.period_info(pi),
            periods,
            groups,
            total: counts_text(total, &l.words),
            national: per.national_awards.map(|a| awards_text(&a, &l.words)),
            shortlist,
            shortlist_total: po.shortlist.len(),
            shortlist_csv_href: urls::shortlist_csv(&per.id),
            pager: self.pager(&urls::awards_period(&per.id), page, pages_for(entries.len())),
        }
    }

    fn months_index(&self) -> tera::Context {
        let periods: Vec<Value> = self
            .outcome
            .periods
            .iter()
            .enumerate()
            .map(|(pi, po)| {
                let months: Vec<Value> = po
                    .months
                    .iter()
                    .map(|m| json!({"label": self.lang.month(m.month), "href": self.link(&urls::month(m.month))}))
                    .collect();
                json!({"info": self.period_info(pi), "months": months})
            })
            .collect();
        context! {"section": "months", "title": self.lang.t("months_all"), "is_index": true, "periods": periods}
    }

    fn month(&self, pi: usize, index: usize, page: usize) -> views::MonthPage<'_> {
        let p = self.project;
        let l = self.lang;
        let po = &self.outcome.periods[pi];
        let ms = &po.months[index];
        let prev = if index > 0 {
            Some(&po.months[index - 1])
        } else {
            // The last month of the previous period, for navigation only.
            pi.checked_sub(1).and_then(|q| self.outcome.periods[q].months.last())
        };
        let next = po.months.get(index + 1).or_else(|| self.outcome.periods.get(pi + 1).and_then(|q| q.months.first()));
        let entries = self.month_page_entries(pi, index, page);
        let groups: Vec<StandingSection> = sections(&entries, 1)
            .into_iter()
            .map(|s| {
                let group = &p.groups[s.group];
                let metric = group.rule.metric;
                let rows: Vec<StandingRow> = s
                    .units
                    .iter()
                    .map(|&u| {
                        let target = self.group_targets[pi][u];
                        let prev_rank = if index > 0 { po.months[index - 1].rank[u] } else { None };
                        StandingRow {
                            unit: self.unit_ref(u),
                            rank: ms.rank[u],
                            change: self.change(prev_rank, ms.rank[u], index == 0),
                            cumulative: self.int(ms.cumulative[u]),
                            target: target.map(|t| self.int(t)),
                            percent: self.pct(ms.cumulative[u], target),
                            reported: p.results.is_reported(u, ms.month),
                        }
                    })
                    .collect();
                let total = ms.totals[metric];
                let target = p.campaign.periods[pi].overall_target[metric];
                let pooled = self.pooled(s.group);
                StandingSection {
                    name: &group.name,
                    href: self.link(&urls::group_period(&group.id, &p.campaign.periods[pi].id)),
                    pooled,
                    rows,
                    overall: pooled.then(|| MetricView {
                        label: "",
                        value: l.int(total),
                        target: target.map(|t| l.int(t)),
                        percent: self.percent(total, target),
                    }),
                }
            })
            .collect();
        let month_link = |m: &crate::rules::MonthStanding| views::MonthLink {
            label: l.month(m.month),
            href: self.link(&urls::month(m.month)),
        };
        views::MonthPage {
            section: "months",
            title: l.fill("months_title", &[("month", &l.month(ms.month))]),
            month: l.month(ms.month),
            period: self.period_info(pi),
            groups,
            prev: prev.map(month_link),
            next: next.map(month_link),
            pager: self.pager(&urls::month(ms.month), page, pages_for(self.month_rows())),
        }
    }

    fn news_list(&self) -> tera::Context {
        context! {"section": "news", "title": self.lang.t("news_title"), "news": self.news_items(usize::MAX)}
    }

    fn news_post(&self, i: usize) -> tera::Context {
        let n = &self.project.news[i];
        context! {
            "section": "news",
            "title": n.title,
            "date": n.date.map(|d| self.lang.date(d)),
            "datetime": n.date.map(|d| d.to_string()),
            "body": markdown::render(&n.body, self.project.site.allow_html, self.ix),
            "news_href": self.link(urls::NEWS),
        }
    }

    fn page(&self, i: usize) -> tera::Context {
        let pg = &self.project.pages[i];
        context! {
            "section": format!("page-{}", pg.slug),
            "title": pg.title,
            "body": markdown::render(&pg.body, self.project.site.allow_html, self.ix),
        }
    }

    fn not_found(&self) -> tera::Context {
        let base = &self.project.site.base_url;
        context! {
            "section": "",
            "root": "",
            "canonical": "",
            "title": self.lang.t("not_found_title"),
            "home_href": if base.is_empty() { urls::file(urls::HOME) } else { format!("{base}/") },
            "css": String::from_utf8_lossy(self.theme.statics.get("assets/style.css").map_or(&[][..], |v| v)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_pages() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("groups/a/2022/page/2/index.html"), "../../../../../");
        assert_eq!(ix_path("", "index.html"), "index.html");
        assert_eq!(ix_path("", ""), "");
        assert_eq!(ix_path("units/a/", "index.html"), "units/a/index.html");
        assert_eq!(pages_for(0), 1);
        assert_eq!(pages_for(PAGE_SIZE), 1);
        assert_eq!(pages_for(PAGE_SIZE + 1), 2);
    }

    #[test]
    fn sections_split_pages_and_keep_group_headings() {
        let mut entries: Vec<(usize, Option<usize>)> = (0..250).map(|u| (0, Some(u))).collect();
        entries.push((1, None));
        entries.extend((250..300).map(|u| (2, Some(u))));
        let p1 = sections(&entries, 1);
        assert_eq!(p1.len(), 1);
        assert_eq!(p1[0].units.len(), PAGE_SIZE);
        let p2 = sections(&entries, 2);
        assert_eq!(p2.iter().map(|s| (s.group, s.units.len())).collect::<Vec<_>>(), vec![(0, 50), (1, 0), (2, 50)]);
    }
}
