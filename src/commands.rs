//! The three commands as library functions: [`build`], [`check`] and [`explain`].
//! Each runs the stages and returns what came of them; printing is the caller's
//! business (the command line's, in `cli`). The input's problems are handed to a
//! `report` callback as soon as they are known, before any rendering starts.

use crate::error::{Diagnostic, Diagnostics, Location, Severity};
use crate::messages::{Message, did_you_mean, first_of};
use crate::model::{Basis, Language, PeriodIx, Project, UnitIx};
use crate::output::OutputError;
use crate::render::text::Lang;
use crate::rules::{Outcome, PeriodStatus};
use crate::{load, msg, output, render, rules, validate};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What `build` is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The project folder (holding `data/`).
    pub project: PathBuf,
    /// The output folder, as given (relative to the current folder); messages name it so.
    pub output: PathBuf,
    /// Replace a non-empty output folder that podium did not create.
    pub force: bool,
    /// Treat warnings as errors.
    pub deny_warnings: bool,
    /// Unix time shown as the build date (the command line reads it from
    /// `SOURCE_DATE_EPOCH`); `None` shows no build date.
    pub build_time: Option<i64>,
    /// Render every page through the theme's templates with Tera, even those whose
    /// built-in templates are compiled in. The output is the same, only slower:
    /// tests/engines.rs compares them.
    pub tera_only: bool,
    /// The address the site is published at, in place of site.yaml's `base_url`
    /// (`--base-url`; see [`base_url_arg`]); `None` keeps site.yaml's.
    pub base_url: Option<String>,
}

impl BuildOptions {
    /// Building the project in `project` into its `site/` folder, with nothing else asked.
    pub fn new(project: impl Into<PathBuf>) -> BuildOptions {
        let project = project.into();
        BuildOptions {
            output: project.join("site"),
            project,
            force: false,
            deny_warnings: false,
            build_time: None,
            tera_only: false,
            base_url: None,
        }
    }
}

/// What a build wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildSummary {
    /// HTML pages.
    pub pages: usize,
    /// Files of the site, podium's marker file included.
    pub files: usize,
    /// Files written with new content.
    pub changed: usize,
    /// Files whose bytes were those of the previous site (kept, not rewritten).
    pub unchanged: usize,
}

/// What `check` is asked to do.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The project folder (holding `data/`).
    pub project: PathBuf,
    /// Treat warnings as errors.
    pub deny_warnings: bool,
}

/// What a successful check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckSummary {
    pub units: usize,
    pub groups: usize,
    pub periods: usize,
    /// The last month with results (`YYYY-MM`), if any.
    pub data_up_to: Option<String>,
}

/// What `explain` is asked to do.
#[derive(Debug, Clone)]
pub struct ExplainOptions {
    /// The project folder (holding `data/`).
    pub project: PathBuf,
    /// A unit's id, or the id of a group whose units are judged together.
    pub unit: String,
    /// Only this period (its id); every period when `None`.
    pub period: Option<String>,
    /// The explanation's language; the site's when `None`.
    pub language: Option<Language>,
}

/// Why a command failed. [`Failure::render`] is the message to print (its
/// [`Display`](std::fmt::Display) the same in English), except for [`Failure::Invalid`]
/// (already reported) and [`Failure::Template`] (a list).
#[derive(Debug)]
pub enum Failure {
    /// The input has errors, or warnings under `deny_warnings`: they were handed to `report`.
    Invalid,
    /// The command asks for what podium will not do: no project there, an unknown unit …
    Usage(Diagnostic),
    /// The output folder is refused, or the site could not be staged or swapped in.
    Output(OutputError),
    /// A template failed while rendering: its problems (not reported yet).
    Template(Diagnostics),
    /// A file of the site could not be written into the staging folder.
    Write {
        /// The output folder, as given.
        output: PathBuf,
        /// The file, relative to the site's root.
        path: String,
        error: std::io::Error,
    },
}

impl Failure {
    /// The exit status: 2 for a usage error (the command asks for something podium will
    /// not do), 1 for problems in the input or a failure to write.
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Usage(_) => 2,
            Failure::Output(e) if e.is_usage() => 2,
            _ => 1,
        }
    }
}

impl Failure {
    /// What went wrong, in `lang`: one line, or the lines of a template's problems.
    pub fn render(&self, lang: Language) -> String {
        match self {
            Failure::Invalid => error_line(Location::file(""), msg!("failure-invalid")).render(lang),
            Failure::Usage(d) => d.render(lang),
            Failure::Output(e) => e.diagnostic().render(lang),
            Failure::Template(d) => {
                let lines: Vec<String> = d.sorted().iter().map(|d| d.render(lang)).collect();
                lines.join("\n")
            }
            Failure::Write { output, path, error } => error_line(
                Location::file(output.display().to_string()),
                msg!("failure-write", path = path, error = error.to_string()),
            )
            .render(lang),
        }
    }
}

/// An error of the command (not of the input): at `location`, or with no place when
/// its file is empty.
fn error_line(location: Location, message: Message) -> Diagnostic {
    Diagnostic { location, severity: Severity::Error, text: message }
}

/// A usage error: the command asks for what podium will not do.
pub(crate) fn usage(location: Location, message: Message) -> Failure {
    Failure::Usage(error_line(location, message))
}

/// In English: [`Failure::render`] says it in the project's language.
impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Language::En))
    }
}

/// The language podium speaks in about the project in `dir`: its site.yaml's
/// `language`, Vietnamese when that cannot be read.
pub fn language(dir: &Path) -> Language {
    load::language_quietly(dir).unwrap_or(Language::Vi)
}

impl std::error::Error for Failure {}

impl From<OutputError> for Failure {
    fn from(e: OutputError) -> Failure {
        Failure::Output(e)
    }
}

/// Builds the site: loads and checks the project, hands its problems to `report` (once,
/// even when there are none), renders into a staging folder beside the output (calling
/// `progress(done, total)` as files are written) and swaps it in. All or nothing: a
/// failed build leaves the previous site untouched.
pub fn build(
    options: &BuildOptions,
    report: &mut dyn FnMut(&Diagnostics),
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<BuildSummary, Failure> {
    // Where the site goes is settled before anything is read: a folder podium must not
    // replace is refused at once, whatever the data holds.
    let target = output::Target::new(&options.project, &options.output, options.force)?;
    // The staging folder is made as soon as the data has loaded without errors, so
    // that the site's folders can be made while the rules run.
    let (stats, written) = output::stage(&target, |stage| {
        let base_url = options.base_url.as_deref();
        let mut p = prepare(&options.project, base_url, options.deny_warnings, true, report, &mut |project| {
            stage.open(project)
        })?;
        let writer = stage.ready(&p.project)?;
        let render_options = render::Options { build_time: options.build_time, tera_only: options.tera_only };
        p.render(&render_options, &writer, progress).map_err(|e| match (writer.folder_failure(), e) {
            // A folder that could not be made explains why the files for it were not written.
            (Some((path, error)), _) | (None, render::RenderError::Write(path, error)) => {
                Failure::Write { output: options.output.clone(), path, error }
            }
            (None, render::RenderError::Template(d)) => Failure::Template(d),
        })
    })?;
    Ok(BuildSummary {
        pages: stats.pages,
        files: stats.files + 1,
        changed: written.written,
        unchanged: written.unchanged,
    })
}

/// What a render into a [`render::Sink`] made, besides the files.
pub struct Rendered {
    pub stats: render::Stats,
    /// The site's interface strings (its theme's, in its language).
    pub lang: Lang,
}

/// Renders the site into `sink` instead of a folder (`podium serve` keeps it in memory):
/// the same preparation as [`build`] (every problem to `report`, once), with `base_url`
/// in place of site.yaml's when given. Writes nothing to disk.
pub fn render_into(
    project: &Path,
    base_url: Option<&str>,
    report: &mut dyn FnMut(&Diagnostics),
    sink: &dyn render::Sink,
) -> Result<Rendered, Failure> {
    let mut p = prepare(project, base_url, false, true, report, &mut |_| {})?;
    let render_options = render::Options { build_time: None, tera_only: false };
    let stats = p.render(&render_options, sink, &|_, _| {}).map_err(|e| match e {
        render::RenderError::Template(d) => Failure::Template(d),
        render::RenderError::Write(path, error) => Failure::Write { output: PathBuf::from("(memory)"), path, error },
    })?;
    Ok(Rendered { stats, lang: p.lang })
}

/// Checks an address given with `--base-url`: an absolute http(s) address (returned
/// without its final `/`), or empty for none (links to `index.html`, as for a site read
/// from disk). The message of the usage error otherwise.
pub fn base_url_arg(url: &str) -> Result<String, Diagnostic> {
    let url = url.trim();
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split('/').next().unwrap_or(""));
    let bad =
        url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '?' | '#'));
    if url.is_empty() || (host.is_some_and(|h| !h.is_empty()) && !bad) {
        return Ok(url.trim_end_matches('/').to_string());
    }
    Err(error_line(Location::file(""), msg!("base-url-arg-bad", url = url)))
}

/// Validates every input file, handing every problem to `report`; writes nothing.
pub fn check(options: &CheckOptions, report: &mut dyn FnMut(&Diagnostics)) -> Result<CheckSummary, Failure> {
    let p = prepare(&options.project, None, options.deny_warnings, false, report, &mut |_| {})?;
    Ok(CheckSummary {
        units: p.project.units.len(),
        groups: p.project.groups.len(),
        periods: p.project.campaign.periods.len(),
        data_up_to: p.project.as_of.map(|m| m.to_string()),
    })
}

/// What `podium template` is asked for.
#[derive(Debug, Clone)]
pub struct TemplateOptions {
    /// The project folder; without a `data/` folder there, the template has headers only.
    pub project: PathBuf,
    /// Where to write; by default `PROJECT/data/thi-dua.xlsx`, or `PROJECT/thi-dua.xlsx`
    /// when data/ keeps tables as CSV files (a table is kept in one place only).
    pub file: Option<PathBuf>,
}

/// What `podium template` wrote.
#[derive(Debug, Clone)]
pub struct TemplateSummary {
    pub file: PathBuf,
    pub units: usize,
    pub months: usize,
    /// The project's CSV tables, which must leave data/ when the workbook moves in.
    pub csv_tables: Vec<String>,
}

/// Writes the template workbook (src/template.rs). Never replaces a file.
pub fn template(options: &TemplateOptions, report: &mut dyn FnMut(&Diagnostics)) -> Result<TemplateSummary, Failure> {
    let dir = &options.project;
    let in_project = dir.join("data").is_dir();
    let prepared = if in_project { Some(prepare(dir, None, false, false, report, &mut |_| {})?) } else { None };
    let project = prepared.as_ref().map(|p| &p.project);
    let csv_tables: Vec<String> =
        load::workbook::TABLES.iter().filter(|t| dir.join(t).is_file()).map(|t| t.to_string()).collect();
    let file = options.file.clone().unwrap_or_else(|| {
        if in_project && csv_tables.is_empty() { dir.join("data/thi-dua.xlsx") } else { dir.join("thi-dua.xlsx") }
    });
    let bytes = crate::template::template(project).map_err(|e| {
        usage(Location::file(file.display().to_string()), msg!("template-make-failed", error = e.to_string()))
    })?;
    let written = std::fs::OpenOptions::new().write(true).create_new(true).open(&file).and_then(|mut f| {
        use std::io::Write;
        f.write_all(&bytes)
    });
    if let Err(e) = written {
        let message = if e.kind() == std::io::ErrorKind::AlreadyExists {
            msg!("template-exists")
        } else {
            msg!("template-write-failed", error = e.to_string())
        };
        return Err(usage(Location::file(file.display().to_string()), message));
    }
    let months = project.map_or(1, |p| {
        p.as_of.map_or(1, |as_of| {
            p.results.first.through(as_of).filter(|&m| p.units.ixs().any(|u| p.results.is_reported(u, m))).count()
        })
    });
    Ok(TemplateSummary { file, units: project.map_or(0, |p| p.units.len()), months, csv_tables })
}

/// The award arithmetic for one unit (or pooled group), as the site shows it: lines of
/// text, each ending in a newline. The input's problems go to `report` first.
pub fn explain(options: &ExplainOptions, report: &mut dyn FnMut(&Diagnostics)) -> Result<String, Failure> {
    let dir = &options.project;
    let id = options.unit.as_str();
    let p = prepare(dir, None, false, false, report, &mut |_| {})?;
    let project = &p.project;
    // A unit id, or the id of a pooled group.
    let unit = project.unit_index(id);
    let group = match (unit, project.group_index(id)) {
        (Some(u), _) => project.units[u].group,
        (None, Some(g)) if project.groups[g].rule.basis == Basis::Overall => g,
        (None, Some(g)) => {
            // A group whose units are judged one by one has no arithmetic of its own.
            let units: Vec<&str> = project.units_of(g).map(|u| project.units[u].id.as_str()).collect();
            let shown = units.iter().take(5).copied().collect::<Vec<_>>().join(", ");
            let units: crate::messages::Arg = if units.len() > 5 {
                msg!("explain-group-units-more", list = shown, count = units.len()).into()
            } else {
                shown.into()
            };
            return Err(usage(Location::file(""), msg!("explain-group-of-units", id = id, units = units)));
        }
        (None, None) => {
            let pooled = project.groups.iter().filter(|g| g.rule.basis == Basis::Overall).map(|g| g.id.as_str());
            let candidates = project.units.iter().map(|u| u.id.as_str()).chain(pooled);
            return Err(usage(
                Location::file(""),
                p.tables.rename(msg!(
                    "explain-unknown-unit",
                    id = id,
                    suggestion = did_you_mean(id, candidates),
                    // Without a place to go with it, the file is named with its folder.
                    table = msg!("place-table", file = load::table::UNITS)
                )),
            ));
        }
    };
    let periods: Vec<PeriodIx> = match options.period.as_deref() {
        Some(pid) => match project.campaign.period_index(pid) {
            Some(i) => vec![i],
            None => {
                let ids: Vec<&str> = project.campaign.periods.iter().map(|p| p.id.as_str()).collect();
                return Err(usage(
                    Location::file(""),
                    msg!(
                        "explain-unknown-period",
                        id = pid,
                        suggestion = did_you_mean(pid, ids.iter().copied()),
                        periods = first_of(&ids)
                    ),
                ));
            }
        },
        None => project.campaign.periods.ixs().collect(),
    };
    let lang = match options.language {
        Some(language) if language != project.site.language => lang_for(dir, project, language),
        _ => p.lang,
    };
    let mut out = String::new();
    let g = &project.groups[group];
    let _ = match unit {
        Some(u) => writeln!(out, "{} ({}), {}", project.units[u].name, project.units[u].id, g.name),
        None => writeln!(out, "{} ({})", g.name, g.id),
    };
    for pi in periods {
        let per = &project.campaign.periods[pi];
        let po = &p.outcome.periods[pi];
        if po.status == PeriodStatus::NotStarted {
            let _ = writeln!(out, "{}: {}", per.label, lang.t("status_not_started"));
            continue;
        }
        let explanation = match &po.groups[group].overall {
            Some(o) => &o.explanation,
            None => &po.units[unit.unwrap_or(UnitIx::new(0))].explanation,
        };
        let _ = writeln!(out, "{}: {}", per.label, explanation.text(&lang.nf, &lang.words));
        if let Some(u) = unit.filter(|_| g.rule.basis == Basis::Unit) {
            let missing = &po.units[u].not_reported;
            if !missing.is_empty() {
                let months: Vec<String> = missing.iter().map(|m| m.to_string()).collect();
                let _ = writeln!(out, "  {}: {}", lang.t("not_reported"), months.join(", "));
            }
        }
    }
    Ok(out)
}

/// Everything up to rendering: load, evaluate, validate.
struct Prepared {
    project: Project,
    outcome: Outcome,
    theme: load::theme::Theme,
    tera: tera::Tera,
    lang: Lang,
    /// How messages name the tables kept in workbooks (their sheets).
    tables: load::workbook::TableNames,
}

impl Prepared {
    /// Renders the prepared site into `sink` (see [`render::render`]).
    fn render(
        &mut self,
        options: &render::Options,
        sink: &dyn render::Sink,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<render::Stats, render::RenderError> {
        let input = render::Input {
            project: &self.project,
            outcome: &self.outcome,
            theme: &self.theme,
            lang: &self.lang,
            options,
        };
        render::render(&input, &mut self.tera, sink, progress)
    }
}

/// Loads (with `base_url` in place of site.yaml's when given), evaluates and validates
/// the project in `dir`, and hands the diagnostics to
/// `report` (once, even when there are none). `loaded` sees the project as soon as it
/// loaded without errors, before the rules run. `months`: evaluate the monthly
/// standings too (the site shows them).
fn prepare(
    dir: &Path,
    base_url: Option<&str>,
    deny_warnings: bool,
    months: bool,
    report: &mut dyn FnMut(&Diagnostics),
    loaded: &mut dyn FnMut(&Project),
) -> Result<Prepared, Failure> {
    if !dir.is_dir() {
        return Err(usage(Location::file(dir.display().to_string()), msg!("project-not-found")));
    }
    if !dir.join("data").is_dir() {
        return Err(usage(Location::file(dir.display().to_string()), msg!("project-no-data")));
    }
    let (project, mut diags) = load::load_with(dir, base_url);
    let mut prepared = None;
    if let Some(mut project) = project {
        // Where the workbooks' rows came from is for the messages only: let go of once
        // validation's are placed, before the site renders.
        let sources = std::mem::take(&mut project.sources);
        loaded(&project);
        let outcome = rules::evaluate_with(&project, months);
        validate::nominations(&project, &outcome, &mut diags);
        validate::warnings(&project, &outcome, &sources, &mut diags);
        // Validation names the tables' CSV lines: those kept in a workbook are moved to their cells.
        diags = sources.relocate(diags);
        let tables = sources.names();
        drop(sources);
        if let Some(theme) = load::theme::load(dir, &project.site.theme, project.site.language, &mut diags) {
            validate::theme_statics(&project, &theme, &mut diags);
            match render::compile(&theme) {
                Ok(tera) => {
                    let lang = Lang::new(project.site.language, theme.strings.clone());
                    prepared = Some(Prepared { project, outcome, theme, tera, lang, tables });
                }
                Err(d) => diags.extend(d),
            }
        }
    } else if let Some(site) = load::site_quietly(dir) {
        // The data has errors: the theme's own problems are reported in the same run.
        if let Some(theme) = load::theme::load(dir, &site.theme, site.language, &mut diags) {
            validate::static_paths(&site.theme, &[], &theme, &mut diags);
            if let Err(d) = render::compile(&theme) {
                diags.extend(d);
            }
        }
    }
    report(&diags);
    let failed = diags.has_errors() || (deny_warnings && diags.warning_count() > 0);
    match prepared {
        Some(p) if !failed => Ok(p),
        _ => Err(Failure::Invalid),
    }
}

/// Loads a language's interface strings (for `explain` in another language than the site's).
fn lang_for(dir: &Path, project: &Project, language: Language) -> Lang {
    let theme = load::theme::load(dir, &project.site.theme, language, &mut Diagnostics::new());
    Lang::new(language, theme.map(|t| t.strings).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::base_url_arg;

    #[test]
    fn base_url_arg_takes_an_http_address_or_nothing() {
        assert_eq!(base_url_arg("https://x.github.io/thi-dua/").as_deref(), Ok("https://x.github.io/thi-dua"));
        assert_eq!(base_url_arg(" http://10.0.0.5:8080 ").as_deref(), Ok("http://10.0.0.5:8080"));
        assert_eq!(base_url_arg("").as_deref(), Ok(""));
        for bad in
            ["x.github.io/thi-dua", "https://", "https:///x", "ftp://x.org", "https://x.org/a b", "https://x.org/?q"]
        {
            assert!(base_url_arg(bad).is_err(), "{bad}");
        }
    }
}
