//! The command line: parses arguments, runs the stages, prints diagnostics,
//! and turns the outcome into an exit status (0 ok, 1 input problems, 2 usage).

use crate::error::{Diagnostics, did_you_mean};
use crate::model::{Language, Project};
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

fn prepare(dir: &Path, deny_warnings: bool, quiet: bool) -> Result<Prepared, i32> {
    if !dir.join("data").is_dir() {
        eprintln!(
            "{}: error: no data/ folder here — run podium in a project folder (one that holds data/site.yaml …) or name it: podium build PATH",
            dir.display()
        );
        return Err(1);
    }
    let (project, mut diags) = load::load(dir);
    let mut prepared = None;
    if let Some(project) = project {
        let outcome = rules::evaluate(&project);
        validate::nominations(&project, &outcome, &mut diags);
        validate::warnings(&project, &outcome, &mut diags);
        if let Some(theme) = load::theme::load(dir, &project.site.theme, project.site.language, &mut diags) {
            match render::compile(&theme) {
                Ok(tera) => {
                    let lang = Lang::new(project.site.language, theme.strings.clone());
                    prepared = Some(Prepared { project, outcome, theme, tera, lang });
                }
                Err(d) => diags.extend(d),
            }
        }
    }
    print_diagnostics(&diags, quiet);
    let failed = diags.has_errors() || (deny_warnings && diags.warning_count() > 0);
    match prepared {
        Some(p) if !failed => Ok(p),
        _ => Err(1),
    }
}

fn print_diagnostics(diags: &Diagnostics, quiet: bool) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for d in diags.sorted() {
        if quiet && d.severity == crate::error::Severity::Warning {
            continue;
        }
        let _ = writeln!(err, "{d}");
    }
    let (e, w) = (diags.error_count(), diags.warning_count());
    if e > 0 || (w > 0 && !quiet) {
        let _ = writeln!(err, "{e} error{}, {w} warning{}", plural(e), plural(w));
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn check(dir: &Path, deny_warnings: bool) -> i32 {
    match prepare(dir, deny_warnings, false) {
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
    let Ok(mut p) = prepare(dir, deny_warnings, quiet) else {
        return 1;
    };
    let staging = match output::Staging::new(out, force) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    let options = render::Options { build_time: source_date_epoch() };
    let show_progress = !quiet && std::io::stderr().is_terminal();
    let last = std::sync::Mutex::new(Instant::now());
    let progress = |done: usize, total: usize| {
        if !show_progress || started.elapsed().as_millis() < 1000 {
            return;
        }
        if let Ok(mut t) = last.try_lock() {
            if t.elapsed().as_millis() >= 100 || done == total {
                *t = Instant::now();
                eprint!("\rrendering {done}/{total} files");
                if done == total {
                    eprintln!();
                }
            }
        }
    };
    let input =
        render::Input { project: &p.project, outcome: &p.outcome, theme: &p.theme, lang: &p.lang, options: &options };
    let result = render::render(&input, &mut p.tera, &staging, &progress);
    let stats = match result {
        Ok(s) => s,
        Err(render::RenderError::Template(d)) => {
            print_diagnostics(&d, false);
            return 1;
        }
        Err(render::RenderError::Write(path, e)) => {
            eprintln!("{}: error: cannot write {path}: {e}", out.display());
            return 1;
        }
    };
    let written = match staging.commit() {
        Ok(w) => w,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    if !quiet {
        println!(
            "built {} pages ({} files) into {} in {:.2} s: {} written, {} unchanged",
            stats.pages,
            stats.files,
            out.display(),
            started.elapsed().as_secs_f64(),
            written.written,
            written.unchanged
        );
    }
    0
}

/// `SOURCE_DATE_EPOCH`, when set to a valid Unix time.
fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

fn explain(dir: &Path, unit_id: &str, period: Option<&str>, lang: Option<&str>) -> i32 {
    let Ok(p) = prepare(dir, false, true) else {
        return 1;
    };
    let project = &p.project;
    let Some(u) = project.unit_index(unit_id) else {
        eprintln!(
            "error: unknown unit `{unit_id}` — {}use an id from data/units.csv",
            did_you_mean(unit_id, project.units.iter().map(|u| u.id.as_str()))
        );
        return 2;
    };
    let periods: Vec<usize> = match period {
        Some(pid) => match project.campaign.period_index(pid) {
            Some(i) => vec![i],
            None => {
                eprintln!(
                    "error: unknown period `{pid}` — {}periods: {}",
                    did_you_mean(pid, project.campaign.periods.iter().map(|p| p.id.as_str())),
                    project.campaign.periods.iter().map(|p| p.id.as_str()).collect::<Vec<_>>().join(", ")
                );
                return 2;
            }
        },
        None => (0..project.campaign.periods.len()).collect(),
    };
    let lang = match lang {
        Some("en") if project.site.language != Language::En => {
            let theme = load::theme::load(dir, &project.site.theme, Language::En, &mut Diagnostics::new());
            Lang::new(Language::En, theme.map(|t| t.strings).unwrap_or_default())
        }
        Some("vi") if project.site.language != Language::Vi => {
            let theme = load::theme::load(dir, &project.site.theme, Language::Vi, &mut Diagnostics::new());
            Lang::new(Language::Vi, theme.map(|t| t.strings).unwrap_or_default())
        }
        _ => p.lang,
    };
    let unit = &project.units[u];
    let group = &project.groups[unit.group];
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let _ = writeln!(out, "{} ({}) — {}", unit.name, unit.id, group.name);
    for pi in periods {
        let per = &project.campaign.periods[pi];
        let po = &p.outcome.periods[pi];
        let status = match po.status {
            PeriodStatus::NotStarted => lang.t("status_not_started"),
            PeriodStatus::InProgress => lang.t("status_in_progress"),
            PeriodStatus::Complete => lang.t("status_complete"),
        };
        let official = if per.decision.is_empty() {
            lang.t("provisional").to_string()
        } else {
            format!("{} {}", lang.t("decided"), per.decision)
        };
        let _ = writeln!(out, "\n{} ({status}) — {official}", per.label);
        if po.counted_to.is_none() {
            continue;
        }
        let r = &po.units[u];
        match &po.groups[unit.group].overall {
            Some(o) => {
                let _ = writeln!(out, "  {}", o.explanation.text(&lang.nf, &lang.words));
                let _ = writeln!(out, "  {}", lang.t("unit_pool_note"));
            }
            None => {
                let _ = writeln!(out, "  {}", r.explanation.text(&lang.nf, &lang.words));
                if let Some(rank) = r.rank {
                    let ranked = po.groups[unit.group].ranking.iter().filter(|&&x| po.units[x].rank.is_some()).count();
                    let _ = writeln!(out, "  {}: {rank} / {ranked}", lang.t("unit_rank"));
                }
                if !r.not_reported.is_empty() {
                    let months: Vec<String> = r.not_reported.iter().map(|m| m.to_string()).collect();
                    let _ = writeln!(out, "  {}: {}", lang.t("not_reported"), months.join(", "));
                }
            }
        }
    }
    0
}
