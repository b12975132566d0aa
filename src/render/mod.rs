//! Rendering: project + outcome + theme → the site's files, handed to a
//! [`Sink`] one by one (in parallel). No file system access here: the sink
//! decides where bytes go.

pub mod chart;
pub mod data;
pub mod escape;
pub mod markdown;
pub mod text;

use crate::error::{Diagnostics, Location};
use crate::format::percent_hundredths;
use crate::load::theme::Theme;
use crate::model::{Basis, Date, Holder, Month, Project};
use crate::rules::explain::awards_text;
use crate::rules::{Outcome, PeriodOutcome, PeriodStatus};
use rayon::prelude::*;
use serde_json::{Value, json};
use text::Lang;

/// Where rendered files go. Paths are relative, with `/` separators.
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: &[u8]) -> std::io::Result<()>;
}

/// Rows per page of a ranking; longer rankings are split into numbered pages.
pub const PAGE_SIZE: usize = 200;

/// Build settings that do not come from the data.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Unix time to show as the build date (`SOURCE_DATE_EPOCH`); `None` = the as-of month's end.
    pub build_time: Option<i64>,
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
        // Find the template that fails on its own, to name its file.
        let mut named = false;
        for (name, (src, origin)) in &theme.templates {
            let mut one = tera::Tera::new();
            if let Err(e1) = one.add_raw_template(name, src) {
                diags.error(
                    Location::file(origin),
                    format!("template error: {}", flatten(&e1)),
                    "fix the template syntax",
                );
                named = true;
            }
        }
        if !named {
            diags.error(Location::file("themes"), format!("template error: {}", flatten(&e)), "fix the templates");
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
    Awards(usize),
    MonthsIndex,
    Month { period: usize, index: usize },
    NewsList,
    News(usize),
    Page(usize),
    NotFound,
    ResultsJson,
    RankingCsv { group: usize, period: usize },
    Feed,
    Sitemap,
    Static(String),
    NoJekyll,
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
pub fn render(
    input: &Input<'_>,
    tera: &mut tera::Tera,
    sink: &dyn Sink,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Stats, RenderError> {
    let Input { project, outcome, theme, lang, options } = *input;
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
    let ix = if project.site.base_url.is_empty() { "index.html" } else { "" };
    set_globals(tera, project, outcome, lang, ix, updated);
    let site = Site { project, outcome, theme, tera, lang, ix, current: project.current_period(), updated };
    let jobs = site.jobs();
    let total = jobs.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    jobs.par_iter().try_for_each(|job| {
        let (path, bytes) = site.run(job)?;
        sink.put(&path, &bytes).map_err(|e| RenderError::Write(path.clone(), e))?;
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        progress(n, total);
        Ok(())
    })?;
    let pages = jobs
        .iter()
        .filter(|j| {
            !matches!(
                j,
                Job::ResultsJson | Job::RankingCsv { .. } | Job::Feed | Job::Sitemap | Job::Static(_) | Job::NoJekyll
            )
        })
        .count();
    Ok(Stats { files: total, pages })
}

fn set_globals(tera: &mut tera::Tera, project: &Project, outcome: &Outcome, lang: &Lang, ix: &str, updated: Date) {
    let c = &project.campaign;
    let g = tera.global_context();
    g.insert("t", &lang.strings);
    g.insert("ix", ix);
    g.insert(
        "site",
        &json!({
            "title": project.site.title,
            "description": project.site.description,
            "footer": project.site.footer,
            "lang": lang.language.code(),
        }),
    );
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
    g.insert("as_of", &outcome.as_of.map(|m| lang.month(m)).unwrap_or_default());
    g.insert("updated", &lang.date(updated));
    let mut nav = vec![
        json!({"key": "overview", "label": lang.t("nav_overview"), "href": ix_path("", ix)}),
        json!({"key": "groups", "label": lang.t("nav_groups"), "href": ix_path("groups/", ix)}),
        json!({"key": "awards", "label": lang.t("nav_awards"), "href": ix_path("awards/", ix)}),
        json!({"key": "months", "label": lang.t("nav_months"), "href": ix_path("months/", ix)}),
    ];
    if !project.news.is_empty() {
        nav.push(json!({"key": "news", "label": lang.t("nav_news"), "href": ix_path("news/", ix)}));
    }
    for p in &project.pages {
        nav.push(
            json!({"key": format!("page-{}", p.slug), "label": p.title, "href": ix_path(&format!("{}/", p.slug), ix)}),
        );
    }
    g.insert("nav", &nav);
}

/// A root-relative link to a directory page: `groups/nhom-1/` + `index.html` when needed.
fn ix_path(dir: &str, ix: &str) -> String {
    if dir.is_empty() && ix.is_empty() { "./".to_string() } else { format!("{dir}{ix}") }
}

/// The relative prefix from a page at `path` (e.g. `groups/a/index.html`) to the site root.
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

impl Site<'_> {
    fn link(&self, dir: &str) -> String {
        ix_path(dir, self.ix)
    }

    fn jobs(&self) -> Vec<Job> {
        let p = self.project;
        let mut jobs = vec![Job::Index, Job::GroupsIndex, Job::AwardsIndex, Job::MonthsIndex];
        for g in 0..p.groups.len() {
            for (pi, po) in self.outcome.periods.iter().enumerate() {
                let pages = self.group_pages(&po.groups[g].ranking);
                for page in 1..=pages {
                    jobs.push(Job::Group { group: g, period: pi, page, current: false });
                }
                jobs.push(Job::RankingCsv { group: g, period: pi });
            }
            jobs.push(Job::Group { group: g, period: self.current, page: 1, current: true });
        }
        jobs.extend((0..p.units.len()).map(Job::Unit));
        jobs.extend((0..p.campaign.periods.len()).map(Job::Awards));
        for (pi, po) in self.outcome.periods.iter().enumerate() {
            jobs.extend((0..po.months.len()).map(|index| Job::Month { period: pi, index }));
        }
        if !p.news.is_empty() {
            jobs.push(Job::NewsList);
            jobs.extend((0..p.news.len()).map(Job::News));
        }
        jobs.extend((0..p.pages.len()).map(Job::Page));
        jobs.extend([Job::NotFound, Job::ResultsJson, Job::Feed, Job::Sitemap, Job::NoJekyll]);
        jobs.extend(self.theme.statics.keys().cloned().map(Job::Static));
        jobs
    }

    fn group_pages(&self, ranking: &[usize]) -> usize {
        ranking.len().div_ceil(PAGE_SIZE).max(1)
    }

    fn run(&self, job: &Job) -> Result<(String, Vec<u8>), RenderError> {
        let p = self.project;
        let (path, template, ctx) = match job {
            Job::Index => ("index.html".to_string(), "index.html", self.index()),
            Job::GroupsIndex => ("groups/index.html".into(), "group.html", self.groups_index()),
            Job::Group { group, period, page, current } => {
                let gid = &p.groups[*group].id;
                let pid = &p.campaign.periods[*period].id;
                let path = match (current, page) {
                    (true, _) => format!("groups/{gid}/index.html"),
                    (false, 1) => format!("groups/{gid}/{pid}/index.html"),
                    (false, n) => format!("groups/{gid}/{pid}/page/{n}/index.html"),
                };
                (path, "group.html", self.group(*group, *period, *page, *current))
            }
            Job::Unit(u) => (format!("units/{}/index.html", p.units[*u].id), "unit.html", self.unit(*u)),
            Job::AwardsIndex => ("awards/index.html".into(), "awards.html", self.awards_index()),
            Job::Awards(pi) => {
                (format!("awards/{}/index.html", p.campaign.periods[*pi].id), "awards.html", self.awards(*pi))
            }
            Job::MonthsIndex => ("months/index.html".into(), "month.html", self.months_index()),
            Job::Month { period, index } => {
                let m = self.outcome.periods[*period].months[*index].month;
                (format!("months/{m}/index.html"), "month.html", self.month(*period, *index))
            }
            Job::NewsList => ("news/index.html".into(), "news_list.html", self.news_list()),
            Job::News(i) => (format!("news/{}/index.html", p.news[*i].slug), "news_post.html", self.news_post(*i)),
            Job::Page(i) => (format!("{}/index.html", p.pages[*i].slug), "page.html", self.page(*i)),
            Job::NotFound => ("404.html".into(), "404.html", self.not_found()),
            Job::ResultsJson => {
                return Ok(("data/results.json".into(), data::results_json(p, self.outcome, self.lang)));
            }
            Job::RankingCsv { group, period } => {
                let path = format!("data/ranking-{}-{}.csv", p.groups[*group].id, p.campaign.periods[*period].id);
                return Ok((path, data::ranking_csv(p, self.outcome, *group, *period, self.lang)));
            }
            Job::Feed => {
                return Ok(("feed.xml".into(), data::feed(p, self.updated, |d| self.absolute(d))));
            }
            Job::Sitemap => {
                return Ok(("sitemap.xml".into(), data::sitemap(&self.page_dirs(), |d| self.absolute(d))));
            }
            Job::Static(path) => return Ok((path.clone(), self.theme.statics[path].clone())),
            Job::NoJekyll => return Ok((".nojekyll".into(), Vec::new())),
        };
        let mut ctx = ctx;
        if let Value::Object(map) = &mut ctx {
            map.insert("root".into(), Value::String(root_of(&path)));
        }
        let context = tera::Context::from_serialize(&ctx).map_err(|e| self.template_error(template, &e))?;
        let html = self.tera.render(template, &context).map_err(|e| self.template_error(template, &e))?;
        Ok((path, html.into_bytes()))
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

    fn page_dirs(&self) -> Vec<String> {
        let p = self.project;
        let mut dirs = vec![String::new(), "groups/".into(), "awards/".into(), "months/".into()];
        for g in &p.groups {
            dirs.push(format!("groups/{}/", g.id));
            for per in &p.campaign.periods {
                dirs.push(format!("groups/{}/{}/", g.id, per.id));
            }
        }
        dirs.extend(p.units.iter().map(|u| format!("units/{}/", u.id)));
        dirs.extend(p.campaign.periods.iter().map(|per| format!("awards/{}/", per.id)));
        for po in &self.outcome.periods {
            dirs.extend(po.months.iter().map(|m| format!("months/{}/", m.month)));
        }
        if !p.news.is_empty() {
            dirs.push("news/".into());
            dirs.extend(p.news.iter().map(|n| format!("news/{}/", n.slug)));
        }
        dirs.extend(p.pages.iter().map(|pg| format!("{}/", pg.slug)));
        dirs
    }

    // ----- shared pieces -----

    fn percent(&self, value: i64, target: Option<i64>) -> String {
        target.map(|t| self.lang.nf.percent(percent_hundredths(value, t))).unwrap_or_default()
    }

    /// Width of a progress bar in whole percent, 0–100.
    fn bar(value: i64, target: Option<i64>) -> i64 {
        target.map_or(0, |t| (percent_hundredths(value, t) / 100).clamp(0, 100))
    }

    fn status_label(&self, s: PeriodStatus) -> &str {
        self.lang.t(match s {
            PeriodStatus::NotStarted => "status_not_started",
            PeriodStatus::InProgress => "status_in_progress",
            PeriodStatus::Complete => "status_complete",
        })
    }

    fn period_info(&self, pi: usize) -> Value {
        let per = &self.project.campaign.periods[pi];
        let po = &self.outcome.periods[pi];
        json!({
            "id": per.id,
            "label": per.label,
            "from": self.lang.month(per.from),
            "to": self.lang.month(per.to),
            "status": data::status_id(po.status),
            "status_label": self.status_label(po.status),
            "counted_to": po.counted_to.map(|m| self.lang.month(m)),
            "decision": per.decision,
            "provisional": per.decision.is_empty(),
            "awards_href": self.link(&format!("awards/{}/", per.id)),
        })
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

    fn unit_ref(&self, u: usize) -> Value {
        let unit = &self.project.units[u];
        json!({
            "id": unit.id,
            "name": unit.name,
            "short": unit.display_short(),
            "href": self.link(&format!("units/{}/", unit.id)),
        })
    }

    fn row(&self, po: &PeriodOutcome, u: usize) -> Value {
        let r = &po.units[u];
        let l = self.lang;
        json!({
            "unit": self.unit_ref(u),
            "rank": r.rank,
            "value": l.int(r.value),
            "target": r.target.map(|t| l.int(t)),
            "percent": self.percent(r.value, r.target),
            "bar": Self::bar(r.value, r.target),
            "qualified": r.qualified,
            "has_target": r.target.is_some(),
            "awards": if r.qualified { awards_text(&r.awards, &l.words) } else { String::new() },
            "explanation": r.explanation.text(&l.nf, &l.words),
            "not_reported": r.not_reported.iter().map(|m| l.month(*m)).collect::<Vec<_>>(),
        })
    }

    fn overall(&self, po: &PeriodOutcome, g: usize) -> Value {
        let l = self.lang;
        match &po.groups[g].overall {
            Some(o) => json!({
                "value": l.int(o.value),
                "target": o.target.map(|t| l.int(t)),
                "percent": self.percent(o.value, o.target),
                "bar": Self::bar(o.value, o.target),
                "qualified": o.qualified,
                "awards": if o.qualified { awards_text(&o.awards, &l.words) } else { String::new() },
                "explanation": o.explanation.text(&l.nf, &l.words),
            }),
            None => Value::Null,
        }
    }

    // ----- pages -----

    fn index(&self) -> Value {
        let p = self.project;
        let l = self.lang;
        let cur = self.current;
        let po = &self.outcome.periods[cur];
        let totals: Vec<Value> = po
            .totals
            .iter()
            .enumerate()
            .map(|(m, t)| {
                json!({
                    "label": p.campaign.metrics[m].label,
                    "value": l.int(t.value),
                    "target": t.target.map(|x| l.int(x)),
                    "percent": self.percent(t.value, t.target),
                    "bar": Self::bar(t.value, t.target),
                })
            })
            .collect();
        let groups: Vec<Value> = p
            .groups
            .iter()
            .enumerate()
            .map(|(g, group)| {
                let leaders: Vec<Value> = po.groups[g]
                    .ranking
                    .iter()
                    .take(3)
                    .filter(|&&u| po.units[u].rank.is_some())
                    .map(|&u| self.row(po, u))
                    .collect();
                json!({
                    "name": group.name,
                    "href": self.link(&format!("groups/{}/", group.id)),
                    "units": p.units_of(g).count(),
                    "leaders": leaders,
                    "overall": self.overall(po, g),
                })
            })
            .collect();
        let periods: Vec<Value> = (0..p.campaign.periods.len()).map(|pi| self.period_info(pi)).collect();
        json!({
            "section": "overview",
            "title": p.site.title,
            "period": self.period_info(cur),
            "periods": periods,
            "totals": totals,
            "groups": groups,
            "news": self.news_items(3),
            "news_href": self.link("news/"),
            "json_href": "data/results.json",
        })
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
                    "href": self.link(&format!("news/{}/", n.slug)),
                })
            })
            .collect()
    }

    fn groups_index(&self) -> Value {
        let p = self.project;
        let po = &self.outcome.periods[self.current];
        let groups: Vec<Value> = p
            .groups
            .iter()
            .enumerate()
            .map(|(g, group)| {
                let leaders: Vec<Value> = po.groups[g]
                    .ranking
                    .iter()
                    .take(3)
                    .filter(|&&u| po.units[u].rank.is_some())
                    .map(|&u| self.row(po, u))
                    .collect();
                json!({
                    "name": group.name,
                    "href": self.link(&format!("groups/{}/", group.id)),
                    "units": p.units_of(g).count(),
                    "leaders": leaders,
                    "overall": self.overall(po, g),
                })
            })
            .collect();
        json!({
            "section": "groups",
            "title": self.lang.t("groups"),
            "is_index": true,
            "period": self.period_info(self.current),
            "groups": groups,
        })
    }

    fn group(&self, g: usize, pi: usize, page: usize, current: bool) -> Value {
        let p = self.project;
        let group = &p.groups[g];
        let po = &self.outcome.periods[pi];
        let go = &po.groups[g];
        let pages = self.group_pages(&go.ranking);
        let rows: Vec<Value> =
            go.ranking.iter().skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE).map(|&u| self.row(po, u)).collect();
        let pid = &p.campaign.periods[pi].id;
        let page_href = |n: usize| {
            if n == 1 {
                self.link(&format!("groups/{}/{pid}/", group.id))
            } else {
                self.link(&format!("groups/{}/{pid}/page/{n}/", group.id))
            }
        };
        let periods: Vec<Value> = p
            .campaign
            .periods
            .iter()
            .enumerate()
            .map(|(i, per)| {
                json!({
                    "label": per.label,
                    "href": self.link(&format!("groups/{}/{}/", group.id, per.id)),
                    "current": i == pi,
                })
            })
            .collect();
        let members: Vec<Value> = if group.rule.basis == Basis::Overall {
            p.units_of(g).map(|u| self.row(po, u)).collect()
        } else {
            Vec::new()
        };
        json!({
            "section": "groups",
            "title": format!("{} — {}", group.name, p.campaign.periods[pi].label),
            "group": {"id": group.id, "name": group.name, "description": group.description,
                      "pooled": group.rule.basis == Basis::Overall,
                      "metric": p.campaign.metrics[group.rule.metric].label},
            "canonical": if current { Some(page_href(1)) } else { None },
            "period": self.period_info(pi),
            "periods": periods,
            "rule": self.rule_lines(g),
            "rows": rows,
            "members": members,
            "overall": self.overall(po, g),
            "csv_href": format!("data/ranking-{}-{}.csv", group.id, pid),
            "page": page,
            "pages": pages,
            "pagination": self.lang.fill("pagination", &[("n", &page.to_string()), ("total", &pages.to_string())]),
            "prev_href": (page > 1).then(|| page_href(page - 1)),
            "next_href": (page < pages).then(|| page_href(page + 1)),
        })
    }

    fn unit(&self, u: usize) -> Value {
        let p = self.project;
        let l = self.lang;
        let unit = &p.units[u];
        let group = &p.groups[unit.group];
        let rule = &group.rule;
        let metric = &p.campaign.metrics[rule.metric];
        let columns: Vec<Value> = metric
            .plus
            .iter()
            .map(|&c| json!({"name": p.campaign.columns[c], "sign": "+"}))
            .chain(metric.minus.iter().map(|&c| json!({"name": p.campaign.columns[c], "sign": "−"})))
            .collect();
        let periods: Vec<Value> = self
            .outcome
            .periods
            .iter()
            .enumerate()
            .rev()
            .map(|(pi, po)| {
                let per = &p.campaign.periods[pi];
                let r = &po.units[u];
                let mut monthly = Vec::new();
                let mut values = Vec::new();
                for (mi, ms) in po.months.iter().enumerate() {
                    let m = ms.month;
                    let reported = p.results.is_reported(u, m);
                    let row = p.results.row(u, m);
                    let cells: Vec<String> =
                        metric.plus.iter().chain(&metric.minus).map(|&c| if reported { l.int(row[c]) } else { String::new() }).collect();
                    let net: i64 = metric.plus.iter().map(|&c| row[c]).sum::<i64>() - metric.minus.iter().map(|&c| row[c]).sum::<i64>();
                    let cum = ms.cumulative[u];
                    values.push(cum);
                    let prev_rank = if mi > 0 { po.months[mi - 1].rank[u] } else { None };
                    monthly.push(json!({
                        "month": l.month(m),
                        "href": self.link(&format!("months/{m}/")),
                        "cells": cells,
                        "net": if reported { l.int(net) } else { String::new() },
                        "cumulative": l.int(cum),
                        "percent": self.percent(cum, r.target),
                        "rank": ms.rank[u],
                        "change": self.change(prev_rank, ms.rank[u], mi == 0),
                        "reported": reported,
                    }));
                }
                let months: Vec<String> = per.from.through(per.to).map(|m| format!("{:02}/{}", m.month(), m.year() % 100)).collect();
                let last = po.counted_to.map(|m| l.month(m)).unwrap_or_default();
                let title = l.fill("chart_title", &[("metric", &metric.label), ("period", &per.label)]);
                let desc = match r.target {
                    Some(t) => l.fill(
                        "chart_desc",
                        &[("month", &last), ("value", &l.int(r.value)), ("target", &l.int(t)), ("percent", &self.percent(r.value, r.target))],
                    ),
                    None => l.fill("chart_desc_no_target", &[("month", &last), ("value", &l.int(r.value))]),
                };
                let chart_id = format!("chart-{}", per.id);
                let chart = (!values.is_empty()).then(|| {
                    chart::Chart {
                        months,
                        values,
                        target: r.target,
                        title: &title,
                        desc: &desc,
                        target_label: l.t("chart_target"),
                        id: &chart_id,
                    }
                    .svg(|v| l.int(v))
                });
                let metrics: Vec<Value> = p
                    .campaign
                    .metrics
                    .iter()
                    .enumerate()
                    .map(|(mi, m)| {
                        let months: Vec<Month> = po.months.iter().map(|x| x.month).collect();
                        let value: i64 = months
                            .iter()
                            .map(|&mo| {
                                let row = p.results.row(u, mo);
                                m.plus.iter().map(|&c| row[c]).sum::<i64>() - m.minus.iter().map(|&c| row[c]).sum::<i64>()
                            })
                            .sum();
                        let target = p.targets[u][pi][mi];
                        json!({"label": m.label, "value": l.int(value), "target": target.map(|t| l.int(t)), "percent": self.percent(value, target)})
                    })
                    .collect();
                let nominations: Vec<Value> = p
                    .nominations
                    .iter()
                    .filter(|n| n.period == pi && n.holder == Holder::Unit(u))
                    .map(|n| self.nomination(n))
                    .collect();
                json!({
                    "info": self.period_info(pi),
                    "started": po.counted_to.is_some(),
                    "result": self.row(po, u),
                    "rank": r.rank,
                    "ranked_of": po.groups[unit.group].ranking.iter().filter(|&&x| po.units[x].rank.is_some()).count(),
                    "group_href": self.link(&format!("groups/{}/{}/", group.id, per.id)),
                    "monthly": monthly,
                    "chart": chart,
                    "metrics": metrics,
                    "nominations": nominations,
                })
            })
            .collect();
        json!({
            "section": "groups",
            "title": unit.name,
            "unit": {"id": unit.id, "name": unit.name, "short": unit.display_short(), "kind": unit.kind},
            "group": {"name": group.name, "href": self.link(&format!("groups/{}/", group.id)), "pooled": rule.basis == Basis::Overall},
            "metric": metric.label,
            "columns": columns,
            "periods": periods,
        })
    }

    fn change(&self, prev: Option<u32>, cur: Option<u32>, first: bool) -> Value {
        let l = self.lang;
        if first {
            return json!({"symbol": "", "label": l.t("change_new"), "class": "new"});
        }
        match (prev, cur) {
            (Some(a), Some(b)) if b < a => {
                let n = (a - b).to_string();
                json!({"symbol": format!("▲ {n}"), "label": l.fill("change_up", &[("n", &n)]), "class": "up"})
            }
            (Some(a), Some(b)) if b > a => {
                let n = (b - a).to_string();
                json!({"symbol": format!("▼ {n}"), "label": l.fill("change_down", &[("n", &n)]), "class": "down"})
            }
            (Some(_), Some(_)) => {
                json!({"symbol": "=", "label": l.t("change_same"), "class": "same"})
            }
            _ => json!({"symbol": "", "label": "", "class": ""}),
        }
    }

    fn nomination(&self, n: &crate::model::Nomination) -> Value {
        let l = self.lang;
        json!({
            "name": n.name,
            "title": n.title,
            "kind": match n.kind {
                crate::model::AwardKind::Collective => l.t("collective"),
                crate::model::AwardKind::Individual => l.t("individual"),
            },
        })
    }

    fn awards_index(&self) -> Value {
        let periods: Vec<Value> = (0..self.project.campaign.periods.len()).map(|pi| self.period_info(pi)).collect();
        json!({"section": "awards", "title": self.lang.t("awards_title"), "is_index": true, "periods": periods})
    }

    fn awards(&self, pi: usize) -> Value {
        let p = self.project;
        let l = self.lang;
        let po = &self.outcome.periods[pi];
        let per = &p.campaign.periods[pi];
        let mut total = crate::model::Awards::default();
        let groups: Vec<Value> = p
            .groups
            .iter()
            .enumerate()
            .map(|(g, group)| {
                let go = &po.groups[g];
                let units: Vec<Value> = go
                    .ranking
                    .iter()
                    .filter(|&&u| po.units[u].qualified)
                    .map(|&u| {
                        total = total.plus(po.units[u].awards);
                        let names: Vec<Value> = p
                            .nominations
                            .iter()
                            .filter(|n| n.period == pi && n.holder == Holder::Unit(u))
                            .map(|n| self.nomination(n))
                            .collect();
                        let mut row = self.row(po, u);
                        row["names"] = Value::Array(names);
                        row
                    })
                    .collect();
                let pool_names: Vec<Value> = p
                    .nominations
                    .iter()
                    .filter(|n| n.period == pi && n.holder == Holder::Group(g))
                    .map(|n| self.nomination(n))
                    .collect();
                if let Some(o) = go.overall.as_ref().filter(|o| o.qualified) {
                    total = total.plus(o.awards);
                }
                json!({
                    "name": group.name,
                    "href": self.link(&format!("groups/{}/{}/", group.id, per.id)),
                    "pooled": group.rule.basis == Basis::Overall,
                    "units": units,
                    "overall": self.overall(po, g),
                    "pool_names": pool_names,
                })
            })
            .collect();
        let shortlist: Vec<Value> = po
            .shortlist
            .iter()
            .map(|&(u, rank)| {
                let mut row = self.row(po, u);
                row["rank"] = json!(rank);
                row["group"] = json!(p.groups[p.units[u].group].name);
                row
            })
            .collect();
        let periods: Vec<Value> = p
            .campaign
            .periods
            .iter()
            .enumerate()
            .map(
                |(i, x)| json!({"label": x.label, "href": self.link(&format!("awards/{}/", x.id)), "current": i == pi}),
            )
            .collect();
        json!({
            "section": "awards",
            "title": format!("{} — {}", l.t("awards_title"), per.label),
            "period": self.period_info(pi),
            "periods": periods,
            "groups": groups,
            "total": awards_text(&total, &l.words),
            "national": per.national_awards.map(|a| awards_text(&a, &l.words)),
            "shortlist": shortlist,
        })
    }

    fn months_index(&self) -> Value {
        let periods: Vec<Value> = self
            .outcome
            .periods
            .iter()
            .enumerate()
            .map(|(pi, po)| {
                let months: Vec<Value> = po
                    .months
                    .iter()
                    .map(|m| json!({"label": self.lang.month(m.month), "href": self.link(&format!("months/{}/", m.month))}))
                    .collect();
                json!({"info": self.period_info(pi), "months": months})
            })
            .collect();
        json!({"section": "months", "title": self.lang.t("months_all"), "is_index": true, "periods": periods})
    }

    fn month(&self, pi: usize, index: usize) -> Value {
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
        let groups: Vec<Value> = p
            .groups
            .iter()
            .enumerate()
            .map(|(g, group)| {
                let pooled = group.rule.basis == Basis::Overall;
                let metric = group.rule.metric;
                let mut members: Vec<usize> = p.units_of(g).collect();
                members.sort_by_key(|&u| (ms.rank[u].is_none(), ms.rank[u]));
                let rows: Vec<Value> = if pooled {
                    Vec::new()
                } else {
                    members
                        .iter()
                        .map(|&u| {
                            let target = p.targets[u][pi][metric];
                            let prev_rank = if index > 0 { po.months[index - 1].rank[u] } else { None };
                            json!({
                                "unit": self.unit_ref(u),
                                "rank": ms.rank[u],
                                "change": self.change(prev_rank, ms.rank[u], index == 0),
                                "cumulative": l.int(ms.cumulative[u]),
                                "target": target.map(|t| l.int(t)),
                                "percent": self.percent(ms.cumulative[u], target),
                                "reported": p.results.is_reported(u, ms.month),
                            })
                        })
                        .collect()
                };
                let total = ms.totals[metric];
                let target = p.campaign.periods[pi].overall_target[metric];
                json!({
                    "name": group.name,
                    "href": self.link(&format!("groups/{}/{}/", group.id, p.campaign.periods[pi].id)),
                    "pooled": pooled,
                    "rows": rows,
                    "overall": if pooled { json!({"value": l.int(total), "target": target.map(|t| l.int(t)), "percent": self.percent(total, target)}) } else { Value::Null },
                })
            })
            .collect();
        json!({
            "section": "months",
            "title": l.fill("months_title", &[("month", &l.month(ms.month))]),
            "month": l.month(ms.month),
            "period": self.period_info(pi),
            "groups": groups,
            "prev": prev.map(|m| json!({"label": l.month(m.month), "href": self.link(&format!("months/{}/", m.month))})),
            "next": next.map(|m| json!({"label": l.month(m.month), "href": self.link(&format!("months/{}/", m.month))})),
        })
    }

    fn news_list(&self) -> Value {
        json!({"section": "news", "title": self.lang.t("news_title"), "news": self.news_items(usize::MAX)})
    }

    fn news_post(&self, i: usize) -> Value {
        let n = &self.project.news[i];
        json!({
            "section": "news",
            "title": n.title,
            "date": n.date.map(|d| self.lang.date(d)),
            "datetime": n.date.map(|d| d.to_string()),
            "body": markdown::render(&n.body, self.project.site.allow_html, self.ix),
            "news_href": self.link("news/"),
        })
    }

    fn page(&self, i: usize) -> Value {
        let pg = &self.project.pages[i];
        json!({
            "section": format!("page-{}", pg.slug),
            "title": pg.title,
            "body": markdown::render(&pg.body, self.project.site.allow_html, self.ix),
        })
    }

    fn not_found(&self) -> Value {
        let base = &self.project.site.base_url;
        json!({
            "section": "",
            "title": self.lang.t("not_found_title"),
            "home_href": if base.is_empty() { "index.html".to_string() } else { format!("{base}/") },
            "css": String::from_utf8_lossy(self.theme.statics.get("assets/style.css").map_or(&[][..], |v| v)),
        })
    }
}
