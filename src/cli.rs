//! The command line: parses arguments, runs the stages, prints diagnostics,
//! and turns the outcome into an exit status (0 ok, 1 input problems, 2 usage).

use crate::error::{Diagnostics, did_you_mean};
use crate::model::{Basis, Language, Project};
use crate::render::text::Lang;
use crate::rules::{Outcome, PeriodStatus};
use crate::{load, output, render, rules, validate};
use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Parser, Debug)]
#[command(
    name = "podium",
    version,
    about = "Publish an emulation campaign's results as a static website",
    long_about = "podium reads a campaign's CSV/YAML files (data/), applies its award rules exactly, \
                  and writes a static website (site/) with rankings, unit pages, award announcements and news."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site (all or nothing: a failed build leaves the previous site untouched)
    Build {
        /// The project folder (holding data/)
        #[arg(default_value = ".")]
        project: PathBuf,
        /// Output folder [default: PROJECT/site]
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Replace a non-empty output folder that podium did not create
        #[arg(long)]
        force: bool,
        /// Print nothing but problems
        #[arg(short, long)]
        quiet: bool,
        /// Treat warnings as errors
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Validate every input file and print every problem; write nothing
    Check {
        /// The project folder (holding data/)
        #[arg(default_value = ".")]
        project: PathBuf,
        /// Treat warnings as errors
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Print the award arithmetic for one unit, as the site shows it
    Explain {
        /// The unit's id (units.csv)
        unit: String,
        /// Only this period (its id in campaign.yaml)
        #[arg(long)]
        period: Option<String>,
        /// The project folder (holding data/)
        #[arg(long, default_value = ".")]
        project: PathBuf,
        /// Language of the explanation [default: the site's]
        #[arg(long, value_parser = ["vi", "en"])]
        lang: Option<String>,
    },
}

/// Runs podium with command-line arguments; returns the exit status.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Build { project, output, force, quiet, deny_warnings } => {
            let out = output.unwrap_or_else(|| project.join("site"));
            build(&project, &out, force, quiet, deny_warnings)
        }
        Command::Check { project, deny_warnings } => check(&project, deny_warnings),
        Command::Explain { unit, period, project, lang } => {
            explain(&project, &unit, period.as_deref(), lang.as_deref())
        }
    }
}

/// Everything up to rendering: load, evaluate, validate. Prints diagnostics.
struct Prepared {
    project: Project,
    outcome: Outcome,
    theme: load::theme::Theme,
    tera: tera::Tera,
    lang: Lang,
}

/// How to print diagnostics.
#[derive(Clone, Copy)]
struct Report {
    /// Print warnings (`explain` shows only the errors that stop it).
    warnings: bool,
    /// Print at most this many warnings (`build` on a national campaign); `check` lists them all.
    warning_limit: usize,
    /// Print the "N errors, M warnings" line even when there is nothing.
    always_count: bool,
}

/// `loaded` sees the project as soon as it loaded without errors, before the rules run.
fn prepare(
    dir: &Path,
    deny_warnings: bool,
    report: Report,
    months: bool,
    loaded: &mut dyn FnMut(&Project),
) -> Result<Prepared, i32> {
    if !dir.is_dir() {
        eprintln!(
            "{}: error: there is no such folder — check the project folder's name and where it is (podium build PATH), or run podium inside it",
            dir.display()
        );
        return Err(2);
    }
    if !dir.join("data").is_dir() {
        eprintln!(
            "{}: error: no data/ folder here — run podium in a project folder (one that holds data/site.yaml …) or name it: podium build PATH",
            dir.display()
        );
        return Err(2);
    }
    let (project, mut diags) = load::load(dir);
    let mut prepared = None;
    if let Some(project) = project {
        loaded(&project);
        let outcome = rules::evaluate_with(&project, months);
        validate::nominations(&project, &outcome, &mut diags);
        validate::warnings(&project, &outcome, &mut diags);
        if let Some(theme) = load::theme::load(dir, &project.site.theme, project.site.language, &mut diags) {
            validate::theme_statics(&project, &theme, &mut diags);
            match render::compile(&theme) {
                Ok(tera) => {
                    let lang = Lang::new(project.site.language, theme.strings.clone());
                    prepared = Some(Prepared { project, outcome, theme, tera, lang });
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
    // `explain` shows no warnings, except beside errors: then it reports like `check`.
    let report = if diags.has_errors() && !report.warnings {
        Report { warnings: true, warning_limit: usize::MAX, always_count: false }
    } else {
        report
    };
    print_diagnostics(&diags, report);
    let failed = diags.has_errors() || (deny_warnings && diags.warning_count() > 0);
    match prepared {
        Some(p) if !failed => Ok(p),
        _ => Err(1),
    }
}

fn print_diagnostics(diags: &Diagnostics, report: Report) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    let mut shown = 0;
    for d in diags.sorted() {
        if d.severity == crate::error::Severity::Error {
            let _ = writeln!(err, "{d}");
        } else if report.warnings && shown < report.warning_limit {
            let _ = writeln!(err, "{d}");
            shown += 1;
        }
    }
    let hidden = diags.warning_count().saturating_sub(report.warning_limit);
    if report.warnings && hidden > 0 {
        let _ = writeln!(err, "… and {hidden} more warning{} — run `podium check` to list them all", plural(hidden));
    }
    let (e, w) = (diags.error_count(), diags.warning_count());
    if report.always_count || e > 0 || (w > 0 && report.warnings) {
        let _ = writeln!(err, "{e} error{}, {w} warning{}", plural(e), plural(w));
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn check(dir: &Path, deny_warnings: bool) -> i32 {
    match prepare(
        dir,
        deny_warnings,
        Report { warnings: true, warning_limit: usize::MAX, always_count: true },
        false,
        &mut |_| {},
    ) {
        Ok(p) => {
            println!(
                "ok: {} units in {} groups, {} periods, data up to {}",
                p.project.units.len(),
                p.project.groups.len(),
                p.project.campaign.periods.len(),
                p.project.as_of.map_or("(no results yet)".to_string(), |m| m.to_string())
            );
            0
        }
        Err(code) => code,
    }
}

fn build(dir: &Path, out: &Path, force: bool, quiet: bool, deny_warnings: bool) -> i32 {
    let started = Instant::now();
    let build_time = match source_date_epoch() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    // Where the site goes is settled before anything is read: a folder podium must not
    // replace is refused at once, whatever the data holds.
    let target = match output::Target::new(dir, out, force) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return if e.is_usage() { 2 } else { 1 };
        }
    };
    // The staging folder is made as soon as the data has loaded without errors, so
    // that the site's folders can be made while the rules run.
    let staging = std::sync::OnceLock::new();
    let folders = render::Folders::new();
    let rendered = std::thread::scope(|scope| {
        // Ends the folder maker when the build stops before it is done, even by a panic:
        // the scope waits for the maker before it returns.
        let _stop = StopMaker(&folders);
        let mut start_folders = |project: &Project| {
            if let Ok(staging) = staging.get_or_init(|| output::Staging::new(&target)) {
                render::plan_early(&folders, project);
                let folders = &folders;
                scope.spawn(move || folders.make(staging));
            }
        };
        let report = Report { warnings: true, warning_limit: 20, always_count: false };
        prepare(dir, deny_warnings, report, true, &mut start_folders).and_then(|mut p| match staging.get() {
            Some(Ok(staging)) => render_into(&mut p, staging, &folders, out, quiet, started, build_time),
            Some(Err(e)) => {
                eprintln!("{e}");
                Err(if e.is_usage() { 2 } else { 1 })
            }
            None => unreachable!("the staging folder is made once the data has loaded"),
        })
    });
    let stats = match rendered {
        Ok(stats) => stats,
        Err(code) => return code,
    };
    let Some(Ok(staging)) = staging.into_inner() else {
        unreachable!("only a staging folder is rendered into");
    };
    let written = match staging.commit() {
        Ok(w) => w,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    if !quiet {
        eprintln!(
            "built {} pages into {} ({} files: {} changed, {} unchanged)",
            stats.pages,
            out.display(),
            stats.files + 1,
            written.written,
            written.unchanged
        );
    }
    0
}

/// Stops a folder maker when dropped.
struct StopMaker<'a>(&'a render::Folders);

impl Drop for StopMaker<'_> {
    fn drop(&mut self) {
        self.0.stop();
    }
}

/// Renders the prepared project into the staging folder, with a progress line on a terminal.
fn render_into(
    p: &mut Prepared,
    staging: &output::Staging,
    folders: &render::Folders,
    out: &Path,
    quiet: bool,
    started: Instant,
    build_time: Option<i64>,
) -> Result<render::Stats, i32> {
    // PODIUM_TEMPLATES=tera renders every page through the theme's templates, even those the
    // default theme writes directly; the output is the same (tests/native.rs checks it).
    let tera_only = std::env::var_os("PODIUM_TEMPLATES").is_some_and(|v| v == "tera");
    let options = render::Options { build_time, tera_only };
    let show_progress = !quiet && std::io::stderr().is_terminal();
    let last = std::sync::Mutex::new(Instant::now());
    let progress = |done: usize, total: usize| {
        if !show_progress || started.elapsed().as_millis() < 1000 {
            return;
        }
        if let Ok(mut t) = last.try_lock()
            && (t.elapsed().as_millis() >= 100 || done == total)
        {
            *t = Instant::now();
            eprint!("\rrendering {done}/{total} files");
            if done == total {
                eprintln!();
            }
        }
    };
    let input =
        render::Input { project: &p.project, outcome: &p.outcome, theme: &p.theme, lang: &p.lang, options: &options };
    match render::render(&input, &mut p.tera, staging, Some(folders), &progress) {
        Ok(s) => Ok(s),
        Err(render::RenderError::Template(d)) => {
            print_diagnostics(&d, Report { warnings: true, warning_limit: usize::MAX, always_count: false });
            Err(1)
        }
        Err(render::RenderError::Write(path, e)) => {
            eprintln!("{}: error: cannot write {path}: {e}", out.display());
            Err(1)
        }
    }
}

/// The latest build date podium accepts: 9999-12-31T23:59:59Z, the last second whose
/// date has four digits.
const LAST_EPOCH: i64 = 253_402_300_799;

/// `SOURCE_DATE_EPOCH`: `Ok(None)` when unset or empty; the message of a usage error when
/// it is not a whole number of seconds from 1970-01-01 to 9999-12-31.
fn source_date_epoch() -> Result<Option<i64>, String> {
    let Some(raw) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let v = raw.to_string_lossy();
    let fix = "set it to e.g. $(git log -1 --format=%ct) or unset it";
    match v.trim().parse::<i64>() {
        _ if v.trim().is_empty() => Ok(None),
        Ok(t) if (0..=LAST_EPOCH).contains(&t) => Ok(Some(t)),
        Ok(_) => Err(format!(
            "error: SOURCE_DATE_EPOCH=`{v}` is out of range: it must be from 0 (1970-01-01) to {LAST_EPOCH} (9999-12-31) — {fix}"
        )),
        Err(_) => {
            Err(format!("error: SOURCE_DATE_EPOCH=`{v}` is not a whole number of seconds since 1970-01-01 — {fix}"))
        }
    }
}

/// Loads a language's interface strings (for `explain --lang` in another language than the site's).
fn lang_for(dir: &Path, project: &Project, language: Language) -> Lang {
    let theme = load::theme::load(dir, &project.site.theme, language, &mut Diagnostics::new());
    Lang::new(language, theme.map(|t| t.strings).unwrap_or_default())
}

fn explain(dir: &Path, id: &str, period: Option<&str>, lang: Option<&str>) -> i32 {
    let p = match prepare(
        dir,
        false,
        Report { warnings: false, warning_limit: 0, always_count: false },
        false,
        &mut |_| {},
    ) {
        Ok(p) => p,
        Err(code) => return code,
    };
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
            let more = if units.len() > 5 { format!(" … ({} in all)", units.len()) } else { String::new() };
            eprintln!(
                "error: `{id}` is a group whose units are judged one by one, each against its own target — explain one of its units: {shown}{more}"
            );
            return 2;
        }
        (None, None) => {
            let pooled = project.groups.iter().filter(|g| g.rule.basis == Basis::Overall).map(|g| g.id.as_str());
            let candidates = project.units.iter().map(|u| u.id.as_str()).chain(pooled);
            eprintln!("error: unknown unit `{id}` — {}use an id from data/units.csv", did_you_mean(id, candidates));
            return 2;
        }
    };
    let periods: Vec<usize> = match period {
        Some(pid) => match project.campaign.period_index(pid) {
            Some(i) => vec![i],
            None => {
                let ids: Vec<&str> = project.campaign.periods.iter().map(|p| p.id.as_str()).collect();
                eprintln!(
                    "error: unknown period `{pid}` — {}periods: {}",
                    did_you_mean(pid, ids.iter().copied()),
                    ids.join(", ")
                );
                return 2;
            }
        },
        None => (0..project.campaign.periods.len()).collect(),
    };
    let lang = match lang {
        Some("en") if project.site.language != Language::En => lang_for(dir, project, Language::En),
        Some("vi") if project.site.language != Language::Vi => lang_for(dir, project, Language::Vi),
        _ => p.lang,
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
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
            None => &po.units[unit.unwrap_or_default()].explanation,
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
    0
}
