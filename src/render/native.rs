//! The default theme's high-volume page kinds — a unit's page, a month's
//! standings, a group's ranking and a period's awards — written straight from
//! their typed views.
//!
//! A national campaign has one unit page per unit and thousands of standings
//! pages; through Tera, looking up and escaping every value of every row costs
//! more than writing the files. These functions are the default templates
//! (`base.html` with `unit.html`, `month.html`, `group.html` or `awards.html`
//! and the partials they include) transcribed by hand: same markup, same
//! escaping (`escape::html_into` replaces the five characters Tera's
//! autoescape does), same branches. They are used only while the theme
//! overrides none of those templates; a theme that does gets Tera, as every
//! other page does. `tests/native.rs` renders the fixture projects both ways
//! and requires identical bytes, and a test below fails when a default
//! template changes, so the two cannot drift apart unnoticed.
//!
//! Must not: compute anything. Every value comes from the view, exactly as
//! the template receives it.

use super::text::Lang;
use super::views::{
    AwardSection, AwardsPage, Change, ChangeKind, ColumnView, Figure, GroupPage, Link, MonthPage, NominationView,
    Pager, Row, StandingSection, UnitPage, UnitPeriod,
};
use super::{Globals, PeriodInfo};
use crate::load::theme::Theme;
use crate::model::Project;

/// Templates each page kind is made of; the fast path needs all of them built in.
const UNIT_TEMPLATES: &[&str] = &["base.html", "unit.html", "status.html", "names.html"];
const MONTH_TEMPLATES: &[&str] = &["base.html", "month.html", "status.html"];
const GROUP_TEMPLATES: &[&str] = &["base.html", "group.html", "status.html", "rule.html"];
const AWARDS_TEMPLATES: &[&str] = &["base.html", "awards.html", "status.html", "names.html"];

/// Which page kinds can skip Tera for this theme.
#[derive(Debug, Clone, Copy, Default)]
pub struct Enabled {
    pub unit: bool,
    pub month: bool,
    pub group: bool,
    pub awards: bool,
}

impl Enabled {
    /// Every kind whose templates are all the built-in ones.
    pub fn for_theme(theme: &Theme) -> Enabled {
        let builtin = |names: &[&str]| names.iter().all(|n| theme.is_builtin(n));
        Enabled {
            unit: builtin(UNIT_TEMPLATES),
            month: builtin(MONTH_TEMPLATES),
            group: builtin(GROUP_TEMPLATES),
            awards: builtin(AWARDS_TEMPLATES),
        }
    }
}

/// Declares [`T`]: the interface strings the fast path shows, escaped once per build.
macro_rules! strings {
    ($($key:ident),* $(,)?) => {
        /// Interface strings (`t.…` in templates), HTML-escaped.
        pub struct T { $(pub $key: String,)* }

        impl T {
            fn new(lang: &Lang) -> T {
                T { $($key: esc(lang.t(stringify!($key))),)* }
            }
        }
    };
}

strings!(
    skip_to_content,
    nav_label,
    as_of,
    updated,
    download_json,
    data_note,
    generated_by,
    provisional,
    decided,
    unit_group,
    unit_pool_note,
    periods,
    of_target,
    no_target,
    unit_rank,
    unranked,
    col_qualified,
    yes,
    no,
    col_awards,
    nothing,
    col_explanation,
    not_reported,
    awards_pool,
    unit_no_data,
    col_cumulative,
    chart_target,
    unit_monthly,
    scroll_hint,
    col_month,
    col_added,
    col_lost,
    col_net,
    col_percent,
    col_rank,
    col_change,
    unit_other_metrics,
    col_metric,
    col_value,
    col_target,
    col_unit,
    awards_names,
    months_all,
    page_prev,
    page_next,
    campaign_total,
    nav_groups,
    not_qualified,
    group_members,
    rule_title,
    download_csv,
    awards_title,
    awards_total,
    awards_quota,
    awards_no_names,
    awards_none,
    national_title,
    national_allocation,
    national_shortlist,
    national_none,
    download_shortlist_csv,
    group,
);

/// What every page shares, prepared once per build.
pub struct Frame<'a> {
    globals: &'a Globals<'a>,
    t: T,
    /// `t.collective | capitalize`, `t.individual | capitalize`.
    collective_heading: String,
    individual_heading: String,
    /// Per unit: [`unit_cell`].
    unit_cells: Vec<String>,
    /// `change_up`, `change_down`, `change_same`, escaped; `{n}` still to fill.
    change_up: String,
    change_down: String,
    change_same: String,
    /// `t.shortlist_more`, not escaped: the template fills it in, then escapes it.
    shortlist_more: String,
}

impl<'a> Frame<'a> {
    pub fn new(
        globals: &'a Globals<'a>,
        lang: &Lang,
        project: &Project,
        unit_hrefs: &[String],
        enabled: Enabled,
    ) -> Frame<'a> {
        use rayon::prelude::*;
        let unit_cells = if enabled.month || enabled.group || enabled.awards {
            project
                .units
                .par_iter()
                .zip(unit_hrefs)
                .map(|(u, href)| unit_cell(href, &u.name, u.display_short()))
                .collect()
        } else {
            Vec::new()
        };
        Frame {
            unit_cells,
            globals,
            t: T::new(lang),
            collective_heading: esc(&capitalize(lang.t("collective"))),
            individual_heading: esc(&capitalize(lang.t("individual"))),
            change_up: esc(lang.t("change_up")),
            change_down: esc(lang.t("change_down")),
            change_same: esc(lang.t("change_same")),
            shortlist_more: lang.t("shortlist_more").to_string(),
        }
    }
}

/// Tera's `capitalize`: the first character upper case, the rest lower case.
fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        None => String::new(),
        Some(f) => f.to_uppercase().collect::<String>() + &chars.as_str().to_lowercase(),
    }
}

fn esc(s: &str) -> String {
    super::escape::html(s)
}

/// A page being written.
struct Out<'o> {
    buf: &'o mut Vec<u8>,
    root: &'o str,
}

impl Out<'_> {
    /// Markup, as is.
    fn s(&mut self, s: &str) -> &mut Self {
        self.buf.extend_from_slice(s.as_bytes());
        self
    }

    /// Text, escaped as `{{ … }}` escapes it.
    fn e(&mut self, s: &str) -> &mut Self {
        super::escape::html_into(self.buf, s);
        self
    }

    /// A figure as the view would print it (nothing in it needs escaping).
    fn f(&mut self, x: &Figure) -> &mut Self {
        x.push_to(self.buf);
        self
    }

    /// A number.
    fn n(&mut self, n: impl itoa::Integer) -> &mut Self {
        self.buf.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
        self
    }

    /// `{{ root }}` and markup already escaped.
    fn rooted(&mut self, html: &str) -> &mut Self {
        self.buf.extend_from_slice(self.root.as_bytes());
        self.s(html)
    }

    /// `{{ root }}{{ href }}`.
    fn href(&mut self, href: &str) -> &mut Self {
        self.buf.extend_from_slice(self.root.as_bytes());
        self.e(href)
    }
}

/// `base.html` around `content`.
fn page(
    f: &Frame,
    buf: &mut Vec<u8>,
    root: &str,
    canonical: &str,
    title: &str,
    section: &str,
    content: impl FnOnce(&mut Out),
) {
    let g = f.globals;
    let t = &f.t;
    let o = &mut Out { buf, root };
    o.s("<!DOCTYPE html>\n<html lang=\"").e(g.site.lang).s("\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.s("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    if title != g.site.title {
        o.e(title).s(" · ");
    }
    o.e(g.site.title).s("</title>\n");
    if !g.site.description.is_empty() {
        o.s("<meta name=\"description\" content=\"").e(g.site.description).s("\">\n");
    }
    o.s("<meta name=\"generator\" content=\"podium\">\n");
    if !canonical.is_empty() {
        o.s("<link rel=\"canonical\" href=\"").e(canonical).s("\">\n");
    }
    o.s("<meta name=\"color-scheme\" content=\"light\">\n<link rel=\"stylesheet\" href=\"")
        .e(root)
        .s("assets/style.css\">\n<link rel=\"icon\" href=\"")
        .e(root)
        .s("assets/favicon.svg\" type=\"image/svg+xml\">\n<link rel=\"alternate\" type=\"application/atom+xml\" href=\"")
        .e(root)
        .s("feed.xml\" title=\"")
        .e(g.site.title)
        .s("\">\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">")
        .s(&t.skip_to_content)
        .s("</a>\n<header class=\"site-header\">\n<div class=\"wrap\">\n<p class=\"brand\"><a href=\"")
        .e(root)
        .e(g.nav.first().map_or("", |n| n.href.as_str()))
        .s("\">")
        .e(g.site.title)
        .s("</a></p>\n<nav aria-label=\"")
        .s(&t.nav_label)
        .s("\">\n<ul>\n");
    for item in &g.nav {
        o.s("<li><a href=\"").e(root).e(&item.href).s("\"");
        if item.key == section {
            o.s(" aria-current=\"page\"");
        }
        o.s(">").e(&item.label).s("</a></li>\n");
    }
    o.s("</ul>\n</nav>\n</div>\n</header>\n<main id=\"main\" class=\"wrap\">\n");
    content(o);
    o.s("\n</main>\n<footer class=\"site-footer\">\n<div class=\"wrap\">\n");
    if !g.as_of.is_empty() {
        o.s("<p>").s(&t.as_of).s(" ").e(&g.as_of).s(".");
        if !g.updated.is_empty() {
            o.s(" ").s(&t.updated).s(" ").e(&g.updated).s(".");
        }
        o.s("</p>\n");
    }
    o.s("<p><a href=\"").e(root).s("data/results.json\">").s(&t.download_json);
    o.s("</a> · <a href=\"").e(root).s("feed.xml\">Atom</a></p>\n");
    if !g.site.footer.is_empty() {
        o.s("<p>").e(g.site.footer).s("</p>\n");
    }
    o.s("<p class=\"small\">").s(&t.data_note).s(" ").s(&t.generated_by);
    o.s(".</p>\n</div>\n</footer>\n</body>\n</html>\n");
}

/// `status.html`.
fn status(f: &Frame, o: &mut Out, period: &PeriodInfo, hide_counted: bool) {
    let t = &f.t;
    o.s("<div class=\"status ").s(if period.provisional { "provisional" } else { "decided" });
    o.s("\">\n<p class=\"status-head\">");
    if period.provisional {
        o.s(&t.provisional);
    } else {
        o.s(&t.decided).s(" ").e(&period.decision).s(".");
    }
    o.s("</p>\n<p class=\"status-meta\"><strong>").e(&period.label).s("</strong> · ").e(&period.from);
    o.s(" – ").e(&period.to).s(" · ").e(&period.status_label);
    if let Some(counted_to) = period.counted_to.as_deref().filter(|c| !c.is_empty() && !hide_counted) {
        o.s(" · ").s(&t.as_of).s(" ").e(counted_to);
    }
    o.s("</p>\n</div>\n");
}

/// `names.html`.
fn names(f: &Frame, o: &mut Out, names: &[NominationView]) {
    let list = |o: &mut Out, heading: &str, names: &[&NominationView]| {
        o.s("<div><h4>").s(heading).s(" (").n(names.len()).s(")</h4>\n<ol>\n");
        for n in names {
            o.s("<li>").e(n.name);
            if !n.title.is_empty() {
                o.s(", <span class=\"muted\">").e(n.title).s("</span>");
            }
            o.s("</li>\n");
        }
        o.s("</ol></div>\n");
    };
    let coll: Vec<&NominationView> = names.iter().filter(|n| n.kind_id == "collective").collect();
    let ind: Vec<&NominationView> = names.iter().filter(|n| n.kind_id != "collective").collect();
    o.s("<div class=\"names\">\n");
    if !coll.is_empty() {
        list(o, &f.collective_heading, &coll);
    }
    if !ind.is_empty() {
        list(o, &f.individual_heading, &ind);
    }
    o.s("</div>\n");
}

/// `rule.html`.
fn rule(f: &Frame, o: &mut Out, lines: &[String]) {
    o.s("<aside class=\"rule\" aria-labelledby=\"rule-h\">\n<h2 id=\"rule-h\">").s(&f.t.rule_title);
    o.s("</h2>\n<ul>\n");
    for line in lines {
        o.s("<li>").e(line).s("</li>\n");
    }
    o.s("</ul>\n</aside>\n");
}

/// The tabs to the same page of the other periods, in `group.html` and `awards.html`.
fn period_tabs(f: &Frame, o: &mut Out, periods: &[Link]) {
    o.s("<nav class=\"tabs\" aria-label=\"").s(&f.t.periods).s("\"><ul>\n");
    for p in periods {
        o.s("<li><a href=\"").href(&p.href).s("\"");
        if p.current {
            o.s(" aria-current=\"page\"");
        }
        o.s(">").e(&p.label).s("</a></li>\n");
    }
    o.s("</ul></nav>\n");
}

/// The short line of page links above a paginated table.
fn pager_top(f: &Frame, o: &mut Out, pager: &Pager) {
    o.s("<p class=\"pager-top\">");
    if let Some(prev) = &pager.prev_href {
        o.s("<a href=\"").href(prev).s("\">").s(&f.t.page_prev).s("</a> · ");
    }
    o.e(&pager.pagination);
    if let Some(next) = &pager.next_href {
        o.s(" · <a href=\"").href(next).s("\">").s(&f.t.page_next).s("</a>");
    }
    o.s("</p>\n");
}

/// The page links below a paginated table.
fn pager_bottom(f: &Frame, o: &mut Out, pager: &Pager) {
    o.s("<nav class=\"pager\" aria-label=\"").e(&pager.pagination).s("\"><ul>\n");
    if let Some(prev) = &pager.prev_href {
        o.s("<li><a href=\"").href(prev).s("\" rel=\"prev\"><span aria-hidden=\"true\">← </span>");
        o.s(&f.t.page_prev).s("</a></li>");
    }
    o.s("\n<li><span class=\"pager-pos\">").e(&pager.pagination).s("</span></li>\n");
    if let Some(next) = &pager.next_href {
        o.s("<li><a href=\"").href(next).s("\" rel=\"next\">").s(&f.t.page_next);
        o.s("<span aria-hidden=\"true\"> →</span></a></li>");
    }
    o.s("\n</ul></nav>\n");
}

/// A unit's link in a table row after `{{ root }}`: its address, then its name, full and
/// short when they differ. Rankings and standings show each unit many times.
fn unit_cell(href: &str, name: &str, short: &str) -> String {
    if short != name {
        format!(
            "{}\"><span class=\"n-full\">{}</span><span class=\"n-short\">{}</span>",
            esc(href),
            esc(name),
            esc(short)
        )
    } else {
        format!("{}\">{}", esc(href), esc(name))
    }
}

/// `unit.html`.
pub fn unit(f: &Frame, v: &UnitPage, root: &str, canonical: &str, mut buf: Vec<u8>) -> Vec<u8> {
    page(f, &mut buf, root, canonical, v.title, v.section, |o| {
        let t = &f.t;
        o.s("\n<h1>").e(v.unit.name).s("</h1>\n<p class=\"meta\">").s(&t.unit_group).s(": <a href=\"");
        o.href(&v.group.href).s("\">").e(v.group.name).s("</a></p>\n");
        if v.group.pooled {
            o.s("<p class=\"note\">").s(&t.unit_pool_note).s(" <a href=\"").href(&v.group.href).s("\">");
            o.e(v.group.name).s("</a></p>\n");
        }
        if v.periods.len() > 1 {
            o.s("<nav class=\"toc\" aria-label=\"").s(&t.periods).s("\"><ul>\n");
            for p in &v.periods {
                o.s("<li><a href=\"#p-").e(&p.info.id).s("\">").e(&p.info.label).s("</a></li>\n");
            }
            o.s("</ul></nav>\n");
        }
        let nplus = v.columns.iter().filter(|c| c.sign == "+").count();
        let nminus = v.columns.len() - nplus;
        o.s("\n");
        for p in &v.periods {
            unit_period(f, o, v, p, nplus, nminus);
        }
    });
    buf
}

fn unit_period(f: &Frame, o: &mut Out, v: &UnitPage, p: &UnitPeriod, nplus: usize, nminus: usize) {
    let t = &f.t;
    let r = &p.result;
    let id = &p.info.id;
    o.s("<section class=\"period\">\n<h2 id=\"p-").e(id).s("\">").e(&p.info.label).s("</h2>\n");
    status(f, o, p.info, false);
    o.s("\n");
    if p.started {
        if !v.group.pooled {
            o.s("<dl class=\"result\">\n<div class=\"result-main\"><dt>").e(v.metric).s("</dt><dd>");
            if r.has_target {
                o.s("<span class=\"pct-big\">").f(&r.percent).s("</span> <span class=\"of\">").f(&r.value);
                o.s(" ").s(&t.of_target).s(" ");
                if let Some(target) = &r.target {
                    o.f(target);
                }
                o.s("</span>\n<progress");
                if r.bar >= 100 {
                    o.s(" class=\"done\"");
                }
                o.s(" max=\"100\" value=\"").n(r.bar).s("\" aria-label=\"").e(v.metric).s(": ").f(&r.percent);
                o.s("\">").f(&r.percent).s("</progress>");
            } else {
                o.s("<span class=\"pct-big\">").f(&r.value).s("</span> <span class=\"of\">").s(&t.no_target);
                o.s("</span>");
            }
            o.s("</dd></div>\n<div><dt>").s(&t.unit_rank).s("</dt><dd>");
            match p.rank {
                Some(rank) => {
                    o.s("<a href=\"").href(&p.group_href).s("\">").n(rank).s(" / ").n(p.ranked_of).s("</a>");
                }
                None => {
                    o.s(&t.unranked);
                }
            }
            o.s("</dd></div>\n<div><dt>").s(&t.col_qualified).s("</dt><dd>");
            if r.qualified {
                o.s("<span class=\"yes\"><span aria-hidden=\"true\">✔ </span>").s(&t.yes).s("</span>");
            } else if r.has_target {
                o.s(&t.no);
            } else {
                o.s("—");
            }
            o.s("</dd></div>\n<div class=\"result-awards\"><dt>").s(&t.col_awards).s("</dt><dd>");
            if r.qualified {
                o.s("<strong>").e(&r.awards).s("</strong>");
            } else {
                o.s(&t.nothing);
            }
            o.s("</dd></div>\n</dl>\n<p class=\"explain\"><span class=\"label\">").s(&t.col_explanation);
            o.s(":</span> ").e(r.explanation).s("</p>\n");
            if !r.not_reported.is_empty() {
                o.s("<p class=\"flag\">").s(&t.not_reported).s(": ").e(&r.not_reported.join(", ")).s("</p>\n");
            }
        }
        if v.group.pooled
            && let Some(pool) = &p.pool
        {
            o.s("<p class=\"explain\"><span class=\"label\">").s(&t.awards_pool).s(":</span> ");
            o.e(&pool.explanation).s("</p>\n");
        }
        if v.group.pooled && !p.reported_any {
            o.s("<p class=\"note\">").s(&t.unit_no_data).s(" <a href=\"").href(&p.group_href).s("\">");
            o.e(v.group.name).s(": ").e(&p.info.label).s("</a></p>\n");
        } else {
            unit_tables(f, o, v, p, nplus, nminus);
        }
        if !p.nominations.is_empty() {
            o.s("<h3 id=\"n-").e(id).s("\">").s(&t.awards_names).s("</h3>\n");
            names(f, o, &p.nominations);
        }
    }
    o.s("</section>\n");
}

/// A unit page's chart, monthly table and metrics table for one period.
fn unit_tables(f: &Frame, o: &mut Out, v: &UnitPage, p: &UnitPeriod, nplus: usize, nminus: usize) {
    let t = &f.t;
    let r = &p.result;
    let id = &p.info.id;
    if let Some(chart) = p.chart.as_deref().filter(|c| !c.is_empty()) {
        o.s("<figure class=\"chart-box\">\n").s(chart);
        o.s("\n<figcaption class=\"legend\"><span class=\"key key-line\" aria-hidden=\"true\"></span>");
        o.s(&t.col_cumulative);
        if r.has_target {
            o.s(" <span class=\"key key-target\" aria-hidden=\"true\"></span>").s(&t.chart_target).s(": ");
            if let Some(target) = &r.target {
                o.f(target);
            }
        }
        o.s("</figcaption>\n</figure>\n");
    }
    o.s("<h3 id=\"m-").e(id).s("\">").s(&t.unit_monthly).s("</h3>\n<p class=\"scroll-hint\">").s(&t.scroll_hint);
    o.s("</p>\n<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"m-").e(id).s(" p-").e(id);
    o.s("\" tabindex=\"0\">\n<table class=\"monthly\">\n<thead><tr><th scope=\"col\">").s(&t.col_month).s("</th>");
    for c in &v.columns {
        column_heading(f, o, c, nplus, nminus);
    }
    o.s("<th scope=\"col\" class=\"num\">").s(&t.col_net).s("</th><th scope=\"col\" class=\"num\">");
    o.s(&t.col_cumulative).s("</th><th scope=\"col\" class=\"num\">").s(&t.col_percent);
    o.s("</th><th scope=\"col\" class=\"num\">").s(&t.col_rank).s("</th><th scope=\"col\">").s(&t.col_change);
    o.s("</th></tr></thead>\n<tbody>\n");
    for m in &p.monthly {
        o.s(if m.reported { "<tr>" } else { "<tr class=\"missing\">" });
        o.s("\n<th scope=\"row\"><a href=\"").href(m.href).s("\">").e(m.month).s("</a>");
        if !m.reported && !v.group.pooled {
            o.s("<span class=\"flag\">").s(&t.not_reported).s("</span>");
        }
        o.s("</th>\n");
        for cell in &m.cells {
            o.s("<td class=\"num\">").f(cell).s("</td>");
        }
        o.s("\n<td class=\"num\">")
            .f(&m.net)
            .s("</td><td class=\"num\">")
            .f(&m.cumulative)
            .s("</td><td class=\"num\">");
        figure_or_dash(o, &m.percent);
        o.s("</td><td class=\"num\">");
        if let Some(rank) = m.rank {
            o.n(rank);
        }
        o.s("</td>\n<td class=\"change-cell\">");
        change(f, o, &m.change);
        o.s("</td>\n</tr>\n");
    }
    o.s("</tbody>\n</table>\n</div>\n<h3 id=\"x-").e(id).s("\">").s(&t.unit_other_metrics);
    o.s("</h3>\n<div class=\"table-wrap fit\" role=\"region\" aria-labelledby=\"x-").e(id).s(" p-").e(id);
    o.s("\" tabindex=\"0\">\n<table class=\"metrics\">\n<thead><tr><th scope=\"col\">").s(&t.col_metric);
    o.s("</th><th scope=\"col\" class=\"num\">").s(&t.col_percent).s("</th><th scope=\"col\" class=\"num\">");
    o.s(&t.col_value).s("</th><th scope=\"col\" class=\"num\">").s(&t.col_target).s("</th></tr></thead>\n<tbody>\n");
    for m in &p.metrics {
        o.s("<tr><th scope=\"row\">").e(m.label).s("</th><td class=\"num\">");
        percent_or_dash(o, &m.percent);
        o.s("</td><td class=\"num\">").e(&m.value).s("</td><td class=\"num\">");
        match m.target.as_deref().filter(|x| !x.is_empty()) {
            Some(target) => o.e(target),
            None => o.s("<span class=\"muted\">—</span>"),
        };
        o.s("</td></tr>\n");
    }
    o.s("</tbody>\n</table>\n</div>\n");
}

fn column_heading(f: &Frame, o: &mut Out, c: &ColumnView, nplus: usize, nminus: usize) {
    o.s("<th scope=\"col\" class=\"num\">");
    if !c.label.is_empty() {
        o.e(c.label);
    } else if c.sign == "+" {
        o.s(&f.t.col_added);
        if nplus > 1 {
            o.s(": ").e(c.name);
        }
    } else {
        o.s(&f.t.col_lost);
        if nminus > 1 {
            o.s(": ").e(c.name);
        }
    }
    o.s("</th>");
}

fn figure_or_dash(o: &mut Out, figure: &Figure) {
    if figure.is_empty() {
        o.s("<span class=\"muted\">—</span>");
    } else {
        o.f(figure);
    }
}

fn percent_or_dash(o: &mut Out, percent: &str) {
    if percent.is_empty() {
        o.s("<span class=\"muted\">—</span>");
    } else {
        o.e(percent);
    }
}

/// `{% if c.symbol %}…{% endif %}` of a rank change, without building its strings.
fn change(f: &Frame, o: &mut Out, c: &Change) {
    let label = match c.kind {
        ChangeKind::Unknown | ChangeKind::New => return,
        ChangeKind::Up => {
            o.s("<span class=\"change up\" aria-hidden=\"true\">▲ ").n(c.places);
            &f.change_up
        }
        ChangeKind::Down => {
            o.s("<span class=\"change down\" aria-hidden=\"true\">▼ ").n(c.places);
            &f.change_down
        }
        ChangeKind::Same => {
            o.s("<span class=\"change same\" aria-hidden=\"true\">=");
            &f.change_same
        }
    };
    o.s("</span><span class=\"visually-hidden\">");
    // The escaped label with its places filled in: digits need no escaping.
    let mut rest = label.as_str();
    while let Some(at) = rest.find("{n}") {
        o.s(&rest[..at]).n(c.places);
        rest = &rest[at + 3..];
    }
    o.s(rest).s("</span>");
}

/// `month.html`, one page of a month's standings.
pub fn month(f: &Frame, v: &MonthPage, root: &str, canonical: &str, mut buf: Vec<u8>) -> Vec<u8> {
    page(f, &mut buf, root, canonical, &v.title, v.section, |o| {
        let t = &f.t;
        o.s("\n<h1>").e(&v.title).s("</h1>\n<nav class=\"pager\" aria-label=\"").s(&t.months_all).s("\"><ul>\n");
        if let Some(prev) = &v.prev {
            o.s("<li><a href=\"").href(&prev.href).s("\" rel=\"prev\"><span aria-hidden=\"true\">← </span>");
            o.e(&prev.label).s("</a></li>");
        }
        o.s("\n");
        if let Some(next) = &v.next {
            o.s("<li><a href=\"").href(&next.href).s("\" rel=\"next\">").e(&next.label);
            o.s("<span aria-hidden=\"true\"> →</span></a></li>");
        }
        o.s("\n</ul></nav>\n");
        status(f, o, v.period, true);
        o.s("\n");
        if v.pager.pages > 1 {
            pager_top(f, o, &v.pager);
        }
        for (i, g) in v.groups.iter().enumerate() {
            standings(f, o, i + 1, g);
        }
        if v.pager.pages > 1 {
            pager_bottom(f, o, &v.pager);
        }
    });
    buf
}

fn standings(f: &Frame, o: &mut Out, index: usize, g: &StandingSection) {
    let t = &f.t;
    o.s("<section>\n<h2 id=\"g-").n(index).s("\"><a href=\"").href(&g.href).s("\">").e(g.name).s("</a></h2>\n");
    if g.pooled {
        let overall = g.overall.as_ref();
        o.s("<p>").s(&t.campaign_total).s(": <strong>").e(overall.map_or("", |x| x.value.as_str())).s("</strong>");
        if let Some(target) = overall.and_then(|x| x.target.as_deref()).filter(|x| !x.is_empty()) {
            o.s(" ").s(&t.of_target).s(" ").e(target).s(" = <strong>");
            o.e(overall.map_or("", |x| x.percent.as_str())).s("</strong>");
        }
        o.s("</p>\n");
    } else {
        o.s("<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"g-").n(index);
        o.s("\" tabindex=\"0\">\n<table class=\"standings\">\n<thead><tr><th scope=\"col\" class=\"num\">");
        o.s(&t.col_rank).s("</th><th scope=\"col\">").s(&t.col_change).s("</th><th scope=\"col\">").s(&t.col_unit);
        o.s("</th><th scope=\"col\" class=\"num\">").s(&t.col_percent).s("</th><th scope=\"col\" class=\"num\">");
        o.s(&t.col_cumulative).s("</th><th scope=\"col\" class=\"num\">").s(&t.col_target);
        o.s("</th></tr></thead>\n<tbody>\n");
        for r in &g.rows {
            o.s(if r.reported { "<tr>" } else { "<tr class=\"missing\">" });
            o.s("\n<td class=\"num rank\">");
            rank_or_dash(f, o, r.rank);
            o.s("</td>\n<td class=\"change-cell\">");
            change(f, o, &r.change);
            o.s("</td>\n<th scope=\"row\"><a href=\"").rooted(&f.unit_cells[r.unit.index]).s("</a>");
            if !r.reported {
                o.s("<span class=\"flag\">").s(&t.not_reported).s("</span>");
            }
            o.s("</th>\n<td class=\"num pct-cell\">");
            figure_or_dash(o, &r.percent);
            o.s("</td>\n<td class=\"num\">").f(&r.cumulative).s("</td>\n<td class=\"num\">");
            match r.target.as_ref().filter(|x| !x.is_empty()) {
                Some(target) => o.f(target),
                None => o.s("<span class=\"muted\">").s(&t.no_target).s("</span>"),
            };
            o.s("</td>\n</tr>\n");
        }
        o.s("</tbody>\n</table>\n</div>\n");
    }
    o.s("</section>\n");
}

fn rank_or_dash(f: &Frame, o: &mut Out, rank: Option<u32>) {
    match rank {
        Some(rank) => o.n(rank),
        None => o.s("<span class=\"muted\">—<span class=\"visually-hidden\"> ").s(&f.t.unranked).s("</span></span>"),
    };
}

/// `group.html`, one page of a group's ranking in a period (not the groups index).
pub fn group(f: &Frame, v: &GroupPage, root: &str, canonical: &str, mut buf: Vec<u8>) -> Vec<u8> {
    page(f, &mut buf, root, canonical, &v.title, v.section, |o| {
        let t = &f.t;
        o.s("\n<h1>").e(v.group.name).s("</h1>\n");
        if !v.group.description.is_empty() {
            o.s("<p class=\"lead\">").e(v.group.description).s("</p>\n");
        }
        period_tabs(f, o, &v.periods);
        status(f, o, v.period, false);
        o.s("\n");
        if v.group.pooled {
            pool(f, o, v);
        } else {
            ranking(f, o, v);
        }
        o.s("<ul class=\"actions\">\n<li><a href=\"").href(&v.csv_href).s("\" download>").s(&t.download_csv);
        o.s("</a></li>\n<li><a href=\"").href(&v.period.awards_href).s("\">").s(&t.awards_title).s(": ");
        o.e(&v.period.label).s("</a></li>\n</ul>\n");
    });
    buf
}

/// A pooled group's page: the campaign total, the rule, the members.
fn pool(f: &Frame, o: &mut Out, v: &GroupPage) {
    let t = &f.t;
    o.s("<section class=\"pool\">\n<h2>").s(&t.campaign_total).s(": ").e(v.group.metric).s("</h2>\n");
    if let Some(overall) = &v.overall {
        o.s("<div class=\"result-card\">\n");
        match overall.target.as_deref().filter(|x| !x.is_empty()) {
            Some(target) => {
                o.s("<p class=\"total-figure\"><span class=\"pct-big\">").e(&overall.percent);
                o.s("</span> <span class=\"of\">").e(&overall.value).s(" ").s(&t.of_target).s(" ").e(target);
                o.s("</span></p>\n<progress");
                if overall.bar >= 100 {
                    o.s(" class=\"done\"");
                }
                o.s(" max=\"100\" value=\"").n(overall.bar).s("\" aria-label=\"").s(&t.campaign_total).s(": ");
                o.e(&overall.percent).s("\">").e(&overall.percent).s("</progress>\n");
            }
            None => {
                o.s("<p class=\"total-figure\"><span class=\"pct-big\">").e(&overall.value);
                o.s("</span> <span class=\"of\">").s(&t.no_target).s("</span></p>\n");
            }
        }
        o.s("<p>").s(&t.col_awards).s(": <strong>");
        if overall.qualified {
            o.e(&overall.awards);
        } else {
            o.s(&t.not_qualified);
        }
        o.s("</strong></p>\n<p class=\"explain\"><span class=\"label\">").s(&t.col_explanation).s(":</span> ");
        o.e(&overall.explanation).s("</p>\n</div>\n");
    }
    o.s("</section>\n");
    rule(f, o, &v.rule);
    o.s("\n<section>\n<h2>").s(&t.group_members).s("</h2>\n<ul class=\"members\">\n");
    for r in &v.members {
        o.s("<li><a href=\"").href(r.unit.href).s("\">").e(&r.unit.unit.name).s("</a></li>\n");
    }
    o.s("</ul>\n</section>\n");
}

/// A ranked group's page: one page of the ranking table, then the rule.
fn ranking(f: &Frame, o: &mut Out, v: &GroupPage) {
    let t = &f.t;
    o.s("<h2 id=\"ranking-h\">").s(&t.nav_groups).s(": ").e(v.group.metric).s("</h2>\n");
    if v.pager.pages > 1 {
        pager_top(f, o, &v.pager);
    }
    o.s("<p class=\"scroll-hint\">").s(&t.scroll_hint);
    o.s("</p>\n<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"ranking-h\" tabindex=\"0\">\n");
    o.s("<table class=\"ranking\">\n<thead><tr><th scope=\"col\" class=\"num\">").s(&t.col_rank);
    o.s("</th><th scope=\"col\">").s(&t.col_unit).s("</th><th scope=\"col\" class=\"num\">").s(&t.col_percent);
    o.s("</th><th scope=\"col\" class=\"num\">").s(&t.col_value).s("</th><th scope=\"col\" class=\"num\">");
    o.s(&t.col_target).s("</th><th scope=\"col\">").s(&t.col_qualified).s("</th><th scope=\"col\">");
    o.s(&t.col_awards).s("</th><th scope=\"col\">").s(&t.col_explanation).s("</th></tr></thead>\n<tbody>\n");
    for r in &v.rows {
        ranking_row(f, o, r);
    }
    o.s("</tbody>\n</table>\n</div>\n");
    if v.pager.pages > 1 {
        pager_bottom(f, o, &v.pager);
    }
    rule(f, o, &v.rule);
    o.s("\n");
}

fn ranking_row(f: &Frame, o: &mut Out, r: &Row) {
    let t = &f.t;
    o.s(if r.qualified { "<tr class=\"ok\">" } else { "<tr>" });
    o.s("\n<td class=\"num rank\">");
    rank_or_dash(f, o, r.rank);
    o.s("</td>\n<th scope=\"row\"><a href=\"").rooted(&f.unit_cells[r.unit.index]).s("</a>");
    if !r.not_reported.is_empty() {
        o.s("<span class=\"flag\">").s(&t.not_reported).s(": ").e(&r.not_reported.join(", ")).s("</span>");
    }
    o.s("</th>\n<td class=\"num pct-cell\">");
    if r.has_target {
        o.f(&r.percent);
    } else {
        o.s("<span class=\"muted\">—</span>");
    }
    o.s("</td>\n<td class=\"num\">").f(&r.value).s("</td>\n<td class=\"num\">");
    if r.has_target {
        if let Some(target) = &r.target {
            o.f(target);
        }
    } else {
        o.s("<span class=\"muted\">").s(&t.no_target).s("</span>");
    }
    o.s("</td>\n<td class=\"yesno\">");
    if r.qualified {
        o.s("<span class=\"yes\"><span aria-hidden=\"true\">✔ </span>").s(&t.yes).s("</span>");
    } else if r.has_target {
        o.s(&t.no);
    } else {
        o.s("<span class=\"muted\">—</span>");
    }
    o.s("</td>\n<td class=\"awards-cell\">");
    if r.qualified {
        o.e(&r.awards);
    } else {
        o.s("<span class=\"muted\">").s(&t.nothing).s("</span>");
    }
    o.s("</td>\n<td class=\"explain\">").e(r.explanation).s("</td>\n</tr>\n");
}

/// `awards.html`, one page of a period's awards (not the awards index).
pub fn awards(f: &Frame, v: &AwardsPage, root: &str, canonical: &str, mut buf: Vec<u8>) -> Vec<u8> {
    page(f, &mut buf, root, canonical, &v.title, v.section, |o| {
        let t = &f.t;
        o.s("\n<h1>").e(&v.title).s("</h1>\n");
        period_tabs(f, o, &v.periods);
        status(f, o, v.period, false);
        o.s("\n<p class=\"summary\">").s(&t.awards_total).s(": <strong>").e(&v.total).s("</strong></p>\n");
        if v.pager.pages > 1 {
            pager_top(f, o, &v.pager);
        }
        for (i, g) in v.groups.iter().enumerate() {
            award_section(f, o, i + 1, g);
        }
        if v.pager.pages > 1 {
            pager_bottom(f, o, &v.pager);
        }
        if v.pager.page == 1 {
            national(f, o, v);
        }
    });
    buf
}

/// A group's section of an awards page; `n` is its place on the page (`loop.index`).
fn award_section(f: &Frame, o: &mut Out, n: usize, g: &AwardSection) {
    let t = &f.t;
    o.s("<section class=\"award-group\">\n<h2 id=\"g-").n(n).s("\"><a href=\"").href(&g.href).s("\">");
    o.e(g.name).s("</a></h2>\n");
    if g.pooled {
        if let Some(overall) = &g.overall {
            o.s("<p>").s(&t.awards_pool).s(": <strong>");
            if overall.qualified {
                o.e(&overall.awards);
            } else {
                o.s(&t.nothing);
            }
            o.s("</strong></p>\n<p class=\"explain\"><span class=\"label\">").s(&t.col_explanation);
            o.s(":</span> ").e(&overall.explanation).s("</p>\n");
        }
        if !g.pool_names.is_empty() {
            o.s("<h3 id=\"gn-").n(n).s("\">").s(&t.awards_names).s("</h3>\n");
            names(f, o, &g.pool_names);
        } else if g.overall.as_ref().is_some_and(|x| x.qualified) {
            o.s("<p class=\"muted\">").s(&t.awards_no_names).s("</p>\n");
        }
    } else if !g.units.is_empty() {
        o.s("<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"g-").n(n);
        o.s("\" tabindex=\"0\">\n<table class=\"awards\">\n<thead><tr><th scope=\"col\">").s(&t.col_unit);
        o.s("</th><th scope=\"col\" class=\"num\">").s(&t.col_percent).s("</th><th scope=\"col\">");
        o.s(&t.awards_quota).s("</th></tr></thead>\n<tbody>\n");
        for r in &g.units {
            o.s("<tr>\n<th scope=\"row\"><a href=\"").rooted(&f.unit_cells[r.unit.index]);
            o.s("</a></th>\n<td class=\"num pct-cell\">").f(&r.percent).s("</td>\n<td><strong>").e(&r.awards);
            o.s("</strong><span class=\"explain\">").e(r.explanation).s("</span>");
            if r.names.is_empty() {
                o.s("<span class=\"muted small\">").s(&t.awards_no_names).s("</span>");
            } else {
                o.s("<a class=\"jump\" href=\"#names-").e(&r.unit.unit.id).s("\">").s(&t.awards_names);
                o.s(" (").n(r.names.len()).s(")</a>");
            }
            o.s("</td>\n</tr>\n");
        }
        o.s("</tbody>\n</table>\n</div>\n");
        for r in g.units.iter().filter(|r| !r.names.is_empty()) {
            o.s("<h3 id=\"names-").e(&r.unit.unit.id).s("\">").s(&t.awards_names).s(": ");
            o.e(&r.unit.unit.name).s("</h3>\n");
            names(f, o, &r.names);
        }
    } else {
        // The template's branch for a ranked group without awards on the page; the awards
        // pages only list ranked groups with qualified units, so it is not reached today.
        o.s("<p class=\"muted\">").s(&t.awards_none).s("</p>\n");
    }
    o.s("</section>\n");
}

/// The national allocation and shortlist, on an awards page's first page.
fn national(f: &Frame, o: &mut Out, v: &AwardsPage) {
    let t = &f.t;
    o.s("<section class=\"award-group\">\n<h2 id=\"national-h\">").s(&t.national_title).s("</h2>\n");
    match v.national.as_deref().filter(|n| !n.is_empty()) {
        Some(national) => {
            o.s("<p>").s(&t.national_allocation).s(": <strong>").e(national).s("</strong></p>\n");
            o.s("<h3 id=\"shortlist-h\">").s(&t.national_shortlist).s("</h3>\n");
            if v.shortlist.is_empty() {
                o.s("<p class=\"muted\">").s(&t.awards_none).s("</p>\n");
            } else {
                if v.shortlist_total > v.shortlist.len() {
                    let more = f
                        .shortlist_more
                        .replace("{n}", &v.shortlist.len().to_string())
                        .replace("{total}", &v.shortlist_total.to_string());
                    o.s("<p class=\"meta\">").e(&more).s("</p>\n");
                }
                o.s("<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"shortlist-h\" tabindex=\"0\">\n");
                o.s("<table class=\"shortlist\">\n<thead><tr><th scope=\"col\" class=\"num\">").s(&t.col_rank);
                o.s("</th><th scope=\"col\">").s(&t.col_unit).s("</th><th scope=\"col\" class=\"num\">");
                o.s(&t.col_percent).s("</th><th scope=\"col\">").s(&t.group).s("</th><th scope=\"col\" class=\"num\">");
                o.s(&t.col_value).s("</th><th scope=\"col\" class=\"num\">").s(&t.col_target);
                o.s("</th></tr></thead>\n<tbody>\n");
                for r in &v.shortlist {
                    o.s("<tr><td class=\"num rank\">");
                    if let Some(rank) = r.rank {
                        o.n(rank);
                    }
                    o.s("</td><th scope=\"row\"><a href=\"").rooted(&f.unit_cells[r.unit.index]);
                    o.s("</a></th><td class=\"num pct-cell\">").f(&r.percent).s("</td><td class=\"nowrap\">");
                    o.e(r.group).s("</td><td class=\"num\">").f(&r.value).s("</td><td class=\"num\">");
                    if let Some(target) = &r.target {
                        o.f(target);
                    }
                    o.s("</td></tr>\n");
                }
                o.s("</tbody>\n</table>\n</div>\n<p><a href=\"").href(&v.shortlist_csv_href).s("\" download>");
                o.s(&t.download_shortlist_csv).s("</a></p>\n");
            }
        }
        None => {
            o.s("<p class=\"muted\">").s(&t.national_none).s("</p>\n");
        }
    }
    o.s("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FNV-1a: a hash that stays the same across Rust releases.
    fn fnv(bytes: &[u8]) -> u64 {
        bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
    }

    /// When a default template changes, this module must change with it: update the
    /// functions above to match, run `cargo test --test native`, then the hash here.
    #[test]
    fn transcribed_templates_are_unchanged() {
        let mut names: Vec<&str> = UNIT_TEMPLATES
            .iter()
            .chain(MONTH_TEMPLATES)
            .chain(GROUP_TEMPLATES)
            .chain(AWARDS_TEMPLATES)
            .copied()
            .collect();
        names.sort_unstable();
        names.dedup();
        let mut all = Vec::new();
        for name in &names {
            let path = format!("templates/{name}");
            let (_, bytes) = crate::load::theme::DEFAULT_FILES.iter().find(|(p, _)| *p == path).unwrap();
            all.extend_from_slice(name.as_bytes());
            all.extend_from_slice(bytes);
        }
        assert_eq!(format!("{:016x}", fnv(&all)), "1c7bcc4b2dfc9096", "templates: {names:?}");
    }

    #[test]
    fn capitalize_is_teras() {
        assert_eq!(capitalize("tập thể"), "Tập thể");
        assert_eq!(capitalize("iNDIVIDUAL"), "Individual");
        assert_eq!(capitalize(""), "");
    }
}
