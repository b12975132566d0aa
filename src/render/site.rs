//! What the page builders share: the project's values prepared once per build
//! (links, labels, explanations), the list of files to write, and the pieces
//! several page kinds show (rows, results, names, pagers).

use super::frame::{Frame, PageView};
use super::text::Lang;
use super::views::{self, ChangeWords, PeriodInfo};
use super::{Job, Options, RenderError, awards, card, chart, data, feeds, flatten, pages_for, root_of, search, units};
use crate::error::{Diagnostics, Location};
use crate::load::theme::Theme;
use crate::model::{Basis, Date, GroupIx, Holder, IndexVec, PeriodIx, Project, UnitIx};
use crate::rules::{Outcome, PeriodOutcome, PeriodStatus};
use crate::urls;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// The templates each page kind is made of. A page is written by its compiled template
/// while the theme overrides none of them.
const TEMPLATES: &[(&str, &[&str])] = &[
    ("index.html", &["base.html", "index.html", "status.html", "group_card.html"]),
    (
        "group.html",
        &[
            "base.html",
            "group.html",
            "status.html",
            "rule.html",
            "group_card.html",
            "period_tabs.html",
            "pager.html",
            "pager_top.html",
            "unit_name.html",
        ],
    ),
    ("unit.html", &["base.html", "unit.html", "status.html", "names.html"]),
    (
        "awards.html",
        &[
            "base.html",
            "awards.html",
            "status.html",
            "names.html",
            "period_tabs.html",
            "pager.html",
            "pager_top.html",
            "unit_name.html",
        ],
    ),
    ("units.html", &["base.html", "units.html", "pager.html", "pager_top.html"]),
    ("month.html", &["base.html", "month.html", "status.html", "pager.html", "pager_top.html", "unit_name.html"]),
    ("news_list.html", &["base.html", "news_list.html"]),
    ("news_post.html", &["base.html", "news_post.html"]),
    ("page.html", &["base.html", "page.html"]),
    ("404.html", &["404.html"]),
];

/// Everything the page builders share.
pub(super) struct Site<'a> {
    pub(super) project: &'a Project,
    pub(super) outcome: &'a Outcome,
    pub(super) theme: &'a Theme,
    pub(super) tera: &'a tera::Tera,
    pub(super) lang: &'a Lang,
    pub(super) frame: Frame<'a>,
    /// Page templates written by their compiled version (see [`TEMPLATES`]).
    compiled: HashSet<&'static str>,
    pub(super) current: PeriodIx,
    pub(super) updated: Date,
    /// Units of each group, in units.csv order.
    pub(super) members: IndexVec<GroupIx, Vec<UnitIx>>,
    /// Nominations by (period, holder), in file order.
    pub(super) nominations: HashMap<(PeriodIx, Holder), Vec<usize>>,
    /// Per period: the awards page's entries.
    pub(super) award_entries: IndexVec<PeriodIx, Vec<(GroupIx, Option<UnitIx>)>>,
    /// Per period: [`Site::award_total`].
    pub(super) award_totals: IndexVec<PeriodIx, (usize, [u64; 3])>,
    /// Per period: what every page says about it.
    pub(super) period_infos: IndexVec<PeriodIx, PeriodInfo>,
    /// `[period][unit]`: the explanation text, written once and shown on several pages.
    pub(super) explanations: IndexVec<PeriodIx, IndexVec<UnitIx, String>>,
    /// Labels of the months of the campaign's span ("tháng 06/2023"), from `months_from`.
    pub(super) month_labels: Vec<String>,
    /// "06/2023": the same months in a table's month column.
    pub(super) month_short_labels: Vec<String>,
    /// Links to the months' standings, alongside `month_labels`.
    pub(super) month_hrefs: Vec<String>,
    pub(super) months_from: crate::model::Month,
    /// Links to every unit's page, in units.csv order.
    pub(super) unit_hrefs: IndexVec<UnitIx, String>,
    /// Every unit's id, names and link, escaped once for the pages' tables.
    pub(super) unit_html: IndexVec<UnitIx, views::UnitHtml>,
    /// Per period: the charts' x axis, labelled with its months ("06/23").
    pub(super) axes: IndexVec<PeriodIx, chart::Axis>,
    /// `[period][unit]`: the unit's target for its group's metric, in one array per period,
    /// for the month standings, which visit units in rank order.
    pub(super) group_targets: IndexVec<PeriodIx, IndexVec<UnitIx, Option<i64>>>,
    pub(super) change_words: ChangeWords,
    /// The units in A–Z order (Vietnamese collation).
    pub(super) az: Vec<UnitIx>,
    /// Each first letter of the A–Z list and the position of its first unit.
    pub(super) letters: Vec<(String, usize)>,
    /// Links to every group's ranking.
    pub(super) group_hrefs: IndexVec<GroupIx, String>,
    /// The search index's manifest and posting files, built with the A–Z order (its
    /// record files are written like pages).
    search_files: Vec<(String, Vec<u8>)>,
    /// Draws the share cards, in the theme's colours.
    pub(super) painter: card::Painter,
}

impl<'a> Site<'a> {
    pub(super) fn new(
        project: &'a Project,
        outcome: &'a Outcome,
        theme: &'a Theme,
        lang: &'a Lang,
        tera: &'a mut tera::Tera,
        options: &Options,
    ) -> Site<'a> {
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
        let as_of = outcome.as_of.map(|m| lang.month(m)).unwrap_or_default();
        let built = options.build_time.map(|t| lang.date(Date::from_unix(t))).unwrap_or_default();
        let frame = Frame::new(project, lang, ix, as_of, built);
        let unit_hrefs: IndexVec<UnitIx, String> =
            project.units.par_iter().map(|u| format!("{}{ix}", urls::unit(&u.id))).collect();
        frame.set_globals(tera, lang);
        let compiled = TEMPLATES
            .iter()
            .filter(|(_, parts)| !options.tera_only && parts.iter().all(|t| theme.is_builtin(t)))
            .map(|(name, _)| *name)
            .collect();
        let mut nominations: HashMap<(PeriodIx, Holder), Vec<usize>> = HashMap::new();
        for (i, n) in project.nominations.iter().enumerate() {
            nominations.entry((n.period, n.holder)).or_default().push(i);
        }
        let (months_from, last) = project.campaign.month_span();
        let period_infos = outcome
            .periods
            .iter_enumerated()
            .map(|(pi, po)| {
                let per = &project.campaign.periods[pi];
                PeriodInfo {
                    id: per.id.clone(),
                    label: per.label.clone(),
                    from: lang.month(per.from),
                    to: lang.month(per.to),
                    status: po.status,
                    status_label: lang
                        .t(match po.status {
                            PeriodStatus::NotStarted => "status_not_started",
                            PeriodStatus::InProgress => "status_in_progress",
                            PeriodStatus::Complete => "status_complete",
                        })
                        .to_string(),
                    counted_to: po.counted_to.map(|m| lang.month(m)).unwrap_or_default(),
                    decision: per.decision.clone(),
                    provisional: per.decision.is_empty(),
                    awards_href: format!("{}{ix}", urls::awards_period(&per.id)),
                }
            })
            .collect();
        let az = search::az_order(project);
        let (letters, search_files) = rayon::join(
            || units::letters(az.iter().map(|&u| units::initial(&project.units[u].name))),
            || search::index_files(project, &az, ix),
        );
        Site {
            az,
            letters,
            search_files,
            group_hrefs: project.groups.iter().map(|g| format!("{}{ix}", urls::group(&g.id))).collect(),
            project,
            outcome,
            theme,
            tera,
            lang,
            frame,
            compiled,
            current: project.current_period(),
            updated,
            members: project.groups.ixs().map(|g| project.units_of(g).collect()).collect(),
            nominations,
            award_entries: outcome.periods.iter().map(|po| award_entries(project, po)).collect(),
            award_totals: outcome.periods.iter().map(|po| awards::award_total(project, po)).collect(),
            period_infos,
            explanations: outcome
                .periods
                .iter()
                .map(|po| po.units.par_iter().map(|r| r.explanation.text(&lang.nf, &lang.words)).collect())
                .collect(),
            month_labels: months_from.through(last).map(|m| lang.month(m)).collect(),
            month_short_labels: months_from.through(last).map(|m| lang.month_short(m)).collect(),
            month_hrefs: months_from.through(last).map(|m| format!("{}{ix}", urls::month(m))).collect(),
            months_from,
            unit_html: project
                .units
                .par_iter()
                .zip(&unit_hrefs)
                .map(|(u, href)| views::UnitHtml::new(u, href))
                .collect(),
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
            group_targets: project
                .campaign
                .periods
                .ixs()
                .map(|pi| {
                    project
                        .units
                        .iter_enumerated()
                        .map(|(u, unit)| project.targets[u][pi][project.groups[unit.group].rule.metric])
                        .collect()
                })
                .collect(),
            change_words: ChangeWords::new(
                lang.t("change_up"),
                lang.t("change_down"),
                lang.t("change_same"),
                lang.t("change_new"),
            ),
            painter: card::Painter::new(
                card::Palette::from_css(&String::from_utf8_lossy(
                    theme.statics.get("assets/style.css").map_or(&[][..], |v| v),
                )),
                &project.site.title,
            ),
        }
    }

    pub(super) fn link(&self, dir: &str) -> String {
        format!("{dir}{}", self.frame.ix)
    }

    pub(super) fn pooled(&self, g: GroupIx) -> bool {
        self.project.groups[g].rule.basis == Basis::Overall
    }

    /// Every file of the site, in the order the sitemap lists pages: the one list of
    /// what the site holds, which the jobs and the sitemap both take.
    fn files(&self) -> Vec<Job> {
        let p = self.project;
        let mut files = vec![Job::Index, Job::GroupsIndex, Job::AwardsIndex, Job::MonthsIndex];
        for g in p.groups.ixs() {
            files.push(Job::Group { group: g, period: self.current, page: 1, current: true });
            for (pi, po) in self.outcome.periods.iter_enumerated() {
                for page in 1..=pages_for(po.groups[g].ranking.len()) {
                    files.push(Job::Group { group: g, period: pi, page, current: false });
                }
                files.push(Job::RankingCsv { group: g, period: pi });
                files.push(Job::RankingXlsx { group: g, period: pi });
            }
        }
        files.extend(p.units.ixs().map(Job::Unit));
        files.extend((1..=self.units_pages()).map(|page| Job::UnitsIndex { page }));
        for pi in self.outcome.periods.ixs() {
            for page in 1..=pages_for(self.award_entries[pi].len()) {
                files.push(Job::Awards { period: pi, page });
            }
            files.push(Job::ShortlistCsv(pi));
            files.push(Job::ShortlistXlsx(pi));
        }
        let month_rows = self.month_rows();
        for (pi, po) in self.outcome.periods.iter_enumerated() {
            for index in 0..po.months.len() {
                for page in 1..=pages_for(month_rows) {
                    files.push(Job::Month { period: pi, index, page });
                }
            }
        }
        if !p.news.is_empty() {
            files.push(Job::NewsList);
            files.extend((0..p.news.len()).map(Job::News));
        }
        files.extend((0..p.pages.len()).map(Job::Page));
        files.push(Job::NotFound);
        files.extend(self.cards().into_iter().map(Job::Card));
        files.extend([Job::ResultsXlsx, Job::Feed, Job::Sitemap, Job::NoJekyll]);
        files.extend((0..self.search_files.len()).map(Job::Search));
        files.extend((0..search::record_files(self.az.len())).map(Job::SearchRecords));
        files.extend(self.theme.statics.keys().cloned().map(Job::Static));
        files
    }

    /// Every file of the site, in the order each queue of `render` takes them: the
    /// sitemap and results.xlsx first (large single files: no thread is left alone with
    /// one at the end), the index pages, then the unit pages, whose folders are made
    /// first, then the rest in the sitemap's order.
    pub(super) fn jobs(&self) -> Vec<Job> {
        let mut jobs = self.files();
        jobs.sort_by_key(|job| match job {
            Job::Sitemap | Job::ResultsXlsx => 0,
            Job::Index | Job::GroupsIndex | Job::AwardsIndex | Job::MonthsIndex => 1,
            Job::Unit(_) => 2,
            _ => 3,
        });
        jobs
    }

    /// Where a job's file goes: `units/u1/index.html`, `data/ranking-a-2023.csv` …
    pub(super) fn path(&self, job: &Job) -> String {
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
            Job::UnitsIndex { page } => urls::paged(urls::UNITS, *page),
            Job::Search(i) => return self.search_files[*i].0.clone(),
            Job::SearchRecords(n) => return urls::search_records(*n),
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
            Job::RankingXlsx { group, period } => {
                return urls::ranking_xlsx(&p.groups[*group].id, &p.campaign.periods[*period].id);
            }
            Job::ShortlistXlsx(period) => return urls::shortlist_xlsx(&p.campaign.periods[*period].id),
            Job::ResultsXlsx => return urls::RESULTS_XLSX.into(),
            Job::Card(card) => return self.card_path(*card),
            Job::Feed => return urls::FEED.into(),
            Job::Sitemap => return urls::SITEMAP.into(),
            Job::Static(path) => return path.clone(),
            Job::NoJekyll => return urls::NOJEKYLL.into(),
        };
        urls::file(&dir)
    }

    /// Renders a job's file; `path` is [`Site::path`] of the job.
    pub(super) fn run(&self, job: &Job, path: &str) -> Result<Vec<u8>, RenderError> {
        let p = self.project;
        let dir = path.strip_suffix(urls::INDEX).unwrap_or(path);
        let root = root_of(path);
        let base = &p.site.base_url;
        let canonical = if base.is_empty() { String::new() } else { format!("{base}/{dir}") };
        match job {
            Job::Index => self.page(&self.index(root, canonical)),
            Job::GroupsIndex => self.page(&self.groups_index(root, canonical)),
            Job::Group { group, period, page, .. } => self.page(&self.group(*group, *period, *page, root, canonical)),
            Job::Unit(u) => self.page(&self.unit(*u, root, canonical)),
            Job::UnitsIndex { page } => self.page(&self.units_index(*page, root, canonical)),
            Job::Search(i) => Ok(self.search_files[*i].1.clone()),
            Job::SearchRecords(n) => Ok(search::records_file(p, &self.az, *n)),
            Job::AwardsIndex => self.page(&self.awards_index(root, canonical)),
            Job::Awards { period, page } => self.page(&self.awards(*period, *page, root, canonical)),
            Job::MonthsIndex => self.page(&self.months_index(root, canonical)),
            Job::Month { period, index, page } => self.page(&self.month(*period, *index, *page, root, canonical)),
            Job::NewsList => self.page(&self.news_list(root, canonical)),
            Job::News(i) => self.page(&self.news_post(*i, root, canonical)),
            Job::Page(i) => self.page(&self.markdown_page(*i, root, canonical)),
            Job::NotFound => self.page(&self.not_found()),
            Job::RankingCsv { group, period } => {
                let explanations = &self.explanations[*period];
                Ok(data::ranking_csv(p, self.outcome, *group, *period, self.lang, explanations))
            }
            Job::ShortlistCsv(period) => Ok(data::shortlist_csv(p, self.outcome, *period)),
            Job::RankingXlsx { .. } | Job::ShortlistXlsx(_) | Job::ResultsXlsx => {
                let mut bytes = Vec::new();
                self.stream(job, &mut bytes).map_err(|e| RenderError::Write(path.to_string(), e))?;
                Ok(bytes)
            }
            Job::Card(card) => self.card_png(*card),
            Job::Feed => Ok(feeds::feed(p, self.updated, |d| self.absolute(d))),
            Job::Sitemap => Ok(feeds::sitemap(&self.page_dirs(), |d| self.absolute(d))),
            Job::Static(path) => Ok(self.theme.statics[path].clone()),
            Job::NoJekyll => Ok(Vec::new()),
        }
    }

    /// Writes the file of a streamed job ([`Job::is_streamed`]) to `out` as it is made.
    pub(super) fn stream(&self, job: &Job, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        match job {
            Job::RankingXlsx { group, period } => self.ranking_xlsx(*group, *period, out),
            Job::ShortlistXlsx(period) => self.shortlist_xlsx(*period, out),
            Job::ResultsXlsx => self.results_xlsx(out),
            _ => unreachable!("only workbooks are streamed"),
        }
        .map_err(xlsx_error)
    }

    /// Writes a page from its view: with the compiled template while the theme uses the
    /// built-in templates it is made of, else through the theme's templates with Tera.
    fn page<V: PageView>(&self, view: &V) -> Result<Vec<u8>, RenderError> {
        let template = V::TEMPLATE;
        if self.compiled.contains(template) {
            let mut html = String::with_capacity(V::SIZE_HINT.max(64 * 1024));
            match view.render_into(&mut html) {
                Ok(()) => return Ok(html.into_bytes()),
                Err(e) => {
                    let mut d = Diagnostics::new();
                    d.err(Location::file(template), crate::msg!("template-built-in", error = e.to_string()));
                    return Err(RenderError::Template(d));
                }
            }
        }
        let ctx = tera::Context::from_serialize(view).map_err(|e| self.template_error(template, &e))?;
        let mut html = Vec::with_capacity(64 * 1024);
        self.tera.render_to(template, &ctx, &mut html).map_err(|e| self.template_error(template, &e))?;
        Ok(html)
    }

    fn template_error(&self, template: &str, e: &tera::Error) -> RenderError {
        let origin = self.theme.templates.get(template).map_or(template.to_string(), |(_, o)| o.clone());
        let mut d = Diagnostics::new();
        d.err(Location::file(origin), crate::msg!("template-render", error = flatten(e)));
        RenderError::Template(d)
    }

    /// Absolute URL of a directory page (or file) for feeds and the sitemap; relative when no base_url.
    pub(super) fn absolute(&self, dir: &str) -> String {
        let base = &self.project.site.base_url;
        if !base.is_empty() {
            format!("{base}/{dir}")
        } else if dir.is_empty() || dir.ends_with('/') {
            self.link(dir)
        } else {
            // A file (`feed.xml`), not a page's folder: nothing to add.
            dir.to_string()
        }
    }

    /// The folder of every page the sitemap lists: all but `404.html` and the numbered
    /// pages after the first of a long list.
    fn page_dirs(&self) -> Vec<String> {
        self.files()
            .iter()
            .filter(|job| match job {
                Job::Group { page, .. }
                | Job::Awards { page, .. }
                | Job::Month { page, .. }
                | Job::UnitsIndex { page } => *page == 1,
                Job::NotFound => false,
                job => job.is_page(),
            })
            .map(|job| {
                let path = self.path(job);
                path.strip_suffix(urls::INDEX).map(str::to_string).unwrap_or(path)
            })
            .collect()
    }
}

/// Why a workbook could not be written (its temporary file, most likely).
fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> std::io::Error {
    match e {
        rust_xlsxwriter::XlsxError::IoError(e) => e,
        rust_xlsxwriter::XlsxError::TempFileError(dir, e) => std::io::Error::new(
            e.kind(),
            format!(
                "no temporary file can be made in {} ({e}) — set TMPDIR to a folder you may write to",
                dir.display()
            ),
        ),
        e => std::io::Error::other(e.to_string()),
    }
}

/// Rows of an awards page: the qualifying units of each group in rank order; one entry per pooled group.
fn award_entries(project: &Project, po: &PeriodOutcome) -> Vec<(GroupIx, Option<UnitIx>)> {
    let mut entries = Vec::new();
    for (g, go) in po.groups.iter_enumerated() {
        if project.groups[g].rule.basis == Basis::Overall {
            entries.push((g, None));
        } else {
            entries.extend(go.ranking.iter().filter(|&&u| po.units[u].qualified).map(|&u| (g, Some(u))));
        }
    }
    entries
}
