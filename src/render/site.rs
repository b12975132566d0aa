//! What the page builders share: the project's values prepared once per build
//! (links, labels, explanations), the list of files to write, and the pieces
//! several page kinds show (rows, results, names, pagers).

use super::frame::{Frame, List, PageView};
use super::text::Lang;
use super::views::{self, Change, ChangeKind, ChangeWords, NominationView, Overall, PeriodInfo, Row, UnitRef};
use super::{Job, Options, RenderError, awards, card, chart, data, feeds, flatten, pages_for, root_of, search, units};
use crate::error::{Diagnostics, Location};
use crate::format::percent_hundredths;
use crate::load::theme::Theme;
use crate::model::{Basis, Date, GroupIx, Holder, IndexVec, Nomination, PeriodIx, Project, UnitIx};
use crate::rules::explain::awards_text;
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
    nominations: HashMap<(PeriodIx, Holder), Vec<usize>>,
    /// Per period: the awards page's entries.
    pub(super) award_entries: IndexVec<PeriodIx, Vec<(GroupIx, Option<UnitIx>)>>,
    /// Per period: [`Site::award_total`].
    pub(super) award_totals: IndexVec<PeriodIx, (usize, [u64; 3])>,
    /// Per period: what every page says about it.
    period_infos: IndexVec<PeriodIx, PeriodInfo>,
    /// `[period][unit]`: the explanation text, written once and shown on several pages.
    pub(super) explanations: IndexVec<PeriodIx, IndexVec<UnitIx, String>>,
    /// Labels of the months of the campaign's span ("tháng 06/2023"), from `months_from`.
    month_labels: Vec<String>,
    /// "06/2023": the same months in a table's month column.
    month_short_labels: Vec<String>,
    /// Links to the months' standings, alongside `month_labels`.
    month_hrefs: Vec<String>,
    months_from: crate::model::Month,
    /// Links to every unit's page, in units.csv order.
    unit_hrefs: IndexVec<UnitIx, String>,
    /// Every unit's id, names and link, escaped once for the pages' tables.
    unit_html: IndexVec<UnitIx, views::UnitHtml>,
    /// Per period: the charts' x axis, labelled with its months ("06/23").
    pub(super) axes: IndexVec<PeriodIx, chart::Axis>,
    /// `[period][unit]`: the unit's target for its group's metric, in one array per period,
    /// for the month standings, which visit units in rank order.
    pub(super) group_targets: IndexVec<PeriodIx, IndexVec<UnitIx, Option<i64>>>,
    change_words: ChangeWords,
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

    // ----- shared pieces -----

    /// A whole number as pages show it, formatted when written.
    pub(super) fn int(&self, n: i64) -> views::Figure<'_> {
        views::Figure { nf: &self.lang.nf, shown: views::Shown::Int(n) }
    }

    /// An empty cell.
    pub(super) fn nothing(&self) -> views::Figure<'_> {
        views::Figure { nf: &self.lang.nf, shown: views::Shown::Nothing }
    }

    /// [`Site::percent`], formatted when written.
    pub(super) fn pct(&self, value: i64, target: Option<i64>) -> views::Figure<'_> {
        let shown = target.map_or(views::Shown::Nothing, |t| views::Shown::Percent(percent_hundredths(value, t)));
        views::Figure { nf: &self.lang.nf, shown }
    }

    pub(super) fn percent(&self, value: i64, target: Option<i64>) -> String {
        self.pct(value, target).to_string()
    }

    /// Width of a progress bar in whole percent, 0–100.
    pub(super) fn bar(value: i64, target: Option<i64>) -> i64 {
        target.map_or(0, |t| (percent_hundredths(value, t) / 100).clamp(0, 100))
    }

    pub(super) fn period_info(&self, pi: PeriodIx) -> &PeriodInfo {
        &self.period_infos[pi]
    }

    /// "tháng 06/2023" / "June 2023", written once per month.
    pub(super) fn month_label(&self, m: crate::model::Month) -> &str {
        let off = self.months_from.offset_to(m);
        usize::try_from(off).ok().and_then(|i| self.month_labels.get(i)).map_or("", String::as_str)
    }

    /// "06/2023": a month in a table's month column.
    pub(super) fn month_short_label(&self, m: crate::model::Month) -> &str {
        let off = self.months_from.offset_to(m);
        usize::try_from(off).ok().and_then(|i| self.month_short_labels.get(i)).map_or("", String::as_str)
    }

    /// The link to a month's standings.
    pub(super) fn month_href(&self, m: crate::model::Month) -> &str {
        let off = self.months_from.offset_to(m);
        usize::try_from(off).ok().and_then(|i| self.month_hrefs.get(i)).map_or("", String::as_str)
    }

    pub(super) fn rule_lines(&self, g: GroupIx) -> Vec<String> {
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
                &[("at", &rule.qualify_at.plain(d)), ("awards", &awards_text(&rule.awards, &l.nf, &l.words))],
            ),
        ];
        for b in &rule.bonuses {
            lines.push(
                l.fill("rule_bonus", &[("at", &b.at.plain(d)), ("awards", &awards_text(&b.add, &l.nf, &l.words))]),
            );
        }
        if !rule.bonuses.is_empty() {
            lines.push(l.t("rule_highest").to_string());
        }
        if rule.basis == Basis::Unit {
            lines.push(l.t("rule_ranking").to_string());
        }
        lines
    }

    pub(super) fn unit_ref(&self, u: UnitIx) -> UnitRef<'_> {
        let unit = &self.project.units[u];
        UnitRef::new(unit, &self.unit_hrefs[u], &self.unit_html[u])
    }

    pub(super) fn row(&self, po: &PeriodOutcome, u: UnitIx) -> Row<'_> {
        let r = &po.units[u];
        let l = self.lang;
        let not_reported: Vec<&str> = r.not_reported.iter().map(|m| self.month_label(*m)).collect();
        let not_reported_text = not_reported.join(", ");
        Row {
            unit: self.unit_ref(u),
            rank: r.rank.into(),
            value: self.int(r.value),
            target: r.target.map_or_else(|| self.nothing(), |t| self.int(t)),
            percent: self.pct(r.value, r.target),
            bar: Self::bar(r.value, r.target),
            qualified: r.qualified,
            has_target: r.target.is_some(),
            awards: if r.qualified { awards_text(&r.awards, &l.nf, &l.words) } else { String::new() },
            explanation: &self.explanations[po.period][u],
            not_reported: List(not_reported),
            not_reported_text,
            names: List::default(),
            nominees: views::Names::default(),
            group: "",
        }
    }

    pub(super) fn overall(&self, po: &PeriodOutcome, g: GroupIx) -> Option<Overall> {
        let l = self.lang;
        po.groups[g].overall.as_ref().map(|o| Overall {
            value: l.int(o.value),
            target: o.target.map(|t| l.int(t)).unwrap_or_default(),
            percent: self.percent(o.value, o.target),
            bar: Self::bar(o.value, o.target),
            qualified: o.qualified,
            awards: if o.qualified { awards_text(&o.awards, &l.nf, &l.words) } else { String::new() },
            explanation: o.explanation.text(&l.nf, &l.words),
        })
    }

    fn nomination<'n>(&'n self, n: &'n Nomination) -> NominationView<'n> {
        NominationView { name: &n.name, title: &n.title, kind: self.lang.t(n.kind.id()), kind_id: n.kind }
    }

    pub(super) fn names(&self, pi: PeriodIx, holder: Holder) -> Vec<NominationView<'_>> {
        self.nominations
            .get(&(pi, holder))
            .map(|list| list.iter().map(|&i| self.nomination(&self.project.nominations[i])).collect())
            .unwrap_or_default()
    }

    pub(super) fn change(&self, prev: Option<u32>, cur: Option<u32>, first: bool) -> Change<'_> {
        let (kind, places) = match (prev, cur) {
            _ if first => (ChangeKind::New, 0),
            (Some(a), Some(b)) if b < a => (ChangeKind::Up, a - b),
            (Some(a), Some(b)) if b > a => (ChangeKind::Down, b - a),
            (Some(_), Some(_)) => (ChangeKind::Same, 0),
            _ => (ChangeKind::Unknown, 0),
        };
        Change::new(kind, places, &self.change_words)
    }

    /// Links to the pages of a paginated list.
    pub(super) fn pager(&self, dir: &str, page: usize, pages: usize) -> views::Pager<'_> {
        views::Pager {
            frame: &self.frame,
            page,
            pages,
            pagination: self.lang.fill("pagination", &[("n", &page.to_string()), ("total", &pages.to_string())]),
            prev_href: (page > 1).then(|| self.link(&urls::paged(dir, page - 1))).into(),
            next_href: (page < pages).then(|| self.link(&urls::paged(dir, page + 1))).into(),
        }
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
