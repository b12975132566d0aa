//! The command line: parses arguments, calls one library function per command
//! ([`crate::build`], [`crate::check`], [`crate::explain`], [`crate::init`]), prints what they
//! report and return, and turns the outcome into an exit status (0 ok, 1 input
//! problems, 2 usage).

use crate::commands::{BuildOptions, CheckOptions, ExplainOptions, Failure, TemplateOptions};
use crate::error::{Diagnostic, Diagnostics, Location, Severity};
use crate::model::Language;
use crate::msg;
use crate::serve::{Note, ServeOptions};
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
                  and writes a static website (site/) with rankings, unit pages, award announcements and news.",
    after_help = "Run `podium` with no command inside a project folder (one with data/site.yaml) to preview the site: \
                  the same as `podium serve --open`."
)]
struct Cli {
    /// None: `serve --open` inside a project folder (a double-click on podium.exe placed
    /// there), the help elsewhere.
    #[command(subcommand)]
    command: Option<Command>,
    /// Language of messages (and of explain's explanation) [default: the project's `language`]
    #[arg(long, global = true, value_parser = ["vi", "en"])]
    lang: Option<String>,
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
        /// The address the site is published at, in place of site.yaml's base_url ("" for none)
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Preview the site in a browser; rebuild and reload the page when data/ or themes/ change
    Serve {
        /// The project folder (holding data/)
        #[arg(default_value = ".")]
        project: PathBuf,
        /// Port to listen on [default: 4747, or any free port if taken; 0: any free port]
        #[arg(short, long)]
        port: Option<u16>,
        /// Address to listen on (0.0.0.0: every network interface, e.g. to try the site on a phone)
        #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Preview the site as published at this address, in place of site.yaml's base_url
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
        /// Look for changes every 0.3 s instead of waiting for the system's notices
        /// (network folders, WSL; used by itself when notices cannot be had)
        #[arg(long)]
        poll: bool,
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
        /// The unit's id (in units.csv or the workbook's units sheet)
        unit: String,
        /// Only this period (its id in campaign.yaml)
        #[arg(long)]
        period: Option<String>,
        /// The project folder (holding data/)
        #[arg(long, default_value = ".")]
        project: PathBuf,
    },
    /// Write a new project (an example campaign to edit, and a GitHub Pages workflow) into a new or empty folder
    Init {
        /// The folder to write into: new, or empty
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Write a workbook for the office to keep the tables in (a sheet per month), with
    /// drop-down lists and instructions in Vietnamese; never replaces a file
    Template {
        /// The workbook to write [default: PROJECT/data/thi-dua.xlsx, or PROJECT/thi-dua.xlsx
        /// when data/ holds CSV tables]
        file: Option<PathBuf>,
        /// The project folder whose units and figures fill it (without data/ there: headers only)
        #[arg(long, default_value = ".")]
        project: PathBuf,
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
    let chosen = cli.lang.map(|l| match l.as_str() {
        "en" => Language::En,
        _ => Language::Vi,
    });
    // Messages are in the language asked for, else the project's.
    let lang = |project: &std::path::Path| chosen.unwrap_or_else(|| crate::commands::language(project));
    let Some(command) = cli.command else {
        return no_command(chosen);
    };
    match command {
        Command::Build { project, output, force, quiet, deny_warnings, base_url } => {
            let lang = lang(&project);
            let build_time = match source_date_epoch() {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("{}", e.render(lang));
                    return 2;
                }
            };
            let base_url = match base_url.as_deref().map(crate::commands::base_url_arg).transpose() {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("{}", e.render(lang));
                    return 2;
                }
            };
            let output = output.unwrap_or_else(|| project.join("site"));
            let options =
                BuildOptions { project, output, force, deny_warnings, build_time, tera_only: false, base_url };
            build(&options, quiet, lang)
        }
        Command::Serve { project, port, bind, base_url, open, poll } => {
            let lang = lang(&project);
            let base_url = match base_url.as_deref().map(crate::commands::base_url_arg).transpose() {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("{}", e.render(lang));
                    return 2;
                }
            };
            serve(&ServeOptions { project, bind, port, base_url, poll, language: chosen }, open, lang)
        }
        Command::Check { project, deny_warnings } => {
            let lang = lang(&project);
            check(&CheckOptions { project, deny_warnings }, lang)
        }
        Command::Explain { unit, period, project } => {
            let lang = lang(&project);
            explain(&ExplainOptions { project, unit, period, language: chosen }, lang)
        }
        // A new project speaks Vietnamese, as its site.yaml does.
        Command::Init { dir } => init(&crate::InitOptions { dir }, chosen.unwrap_or(Language::Vi)),
        Command::Template { file, project } => {
            let lang = lang(&project);
            template(&TemplateOptions { project, file }, lang)
        }
    }
}

fn template(options: &TemplateOptions, lang: Language) -> i32 {
    match crate::template(options, &mut |d| print_diagnostics(d, all(lang))) {
        Ok(s) => {
            let file = s.file.display().to_string();
            eprintln!("{}", msg!("summary-template", file = file, units = s.units, months = s.months).text(lang));
            if !s.csv_tables.is_empty() {
                let tables = s.csv_tables.iter().map(|t| t.trim_start_matches("data/")).collect::<Vec<_>>().join(", ");
                eprintln!("{}", msg!("summary-template-move", tables = tables).text(lang));
            }
            0
        }
        Err(failure) => failed(failure, lang),
    }
}

/// How to print diagnostics.
#[derive(Clone, Copy)]
struct Report {
    /// The language of the lines.
    lang: Language,
    /// Print warnings (`explain` shows only the errors that stop it).
    warnings: bool,
    /// Print at most this many warnings (`build` on a national campaign); `check` lists them all.
    warning_limit: usize,
    /// Print the "N errors, M warnings" line even when there is nothing.
    always_count: bool,
}

/// Every problem, without the count when there is none.
fn all(lang: Language) -> Report {
    Report { lang, warnings: true, warning_limit: usize::MAX, always_count: false }
}

fn print_diagnostics(diags: &Diagnostics, report: Report) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    let mut shown = 0;
    let lang = report.lang;
    for d in diags.sorted() {
        if d.severity == crate::error::Severity::Error {
            let _ = writeln!(err, "{}", d.render(lang));
        } else if report.warnings && shown < report.warning_limit {
            let _ = writeln!(err, "{}", d.render(lang));
            shown += 1;
        }
    }
    let hidden = diags.warning_count().saturating_sub(report.warning_limit);
    if report.warnings && hidden > 0 {
        let _ = writeln!(err, "{}", msg!("summary-more-warnings", count = hidden).text(lang));
    }
    let (e, w) = (diags.error_count(), diags.warning_count());
    if report.always_count || e > 0 || (w > 0 && report.warnings) {
        let _ = writeln!(err, "{}", msg!("summary-counts", errors = e, warnings = w).text(lang));
    }
}

/// Prints why a command failed (its diagnostics were printed already); returns the exit status.
fn failed(failure: Failure, lang: Language) -> i32 {
    match &failure {
        Failure::Invalid => {}
        Failure::Template(d) => print_diagnostics(d, all(lang)),
        _ => eprintln!("{}", failure.render(lang)),
    }
    failure.exit_code()
}

fn check(options: &CheckOptions, lang: Language) -> i32 {
    let report = Report { lang, warnings: true, warning_limit: usize::MAX, always_count: true };
    match crate::check(options, &mut |d| print_diagnostics(d, report)) {
        Ok(summary) => {
            let up_to: crate::messages::Arg = match summary.data_up_to {
                Some(month) => month.into(),
                None => msg!("summary-no-results").into(),
            };
            let line = msg!(
                "summary-check-ok",
                units = summary.units,
                groups = summary.groups,
                periods = summary.periods,
                up_to = up_to
            );
            println!("{}", line.text(lang));
            0
        }
        Err(failure) => failed(failure, lang),
    }
}

/// Builds the site, with a progress line on a terminal and a summary unless `quiet`.
fn build(options: &BuildOptions, quiet: bool, lang: Language) -> i32 {
    let started = Instant::now();
    let report = Report { lang, warnings: true, warning_limit: 20, always_count: false };
    // A bar from the first second on, on a terminal only: hidden for a quick build, in a
    // log or a pipe, and with --quiet.
    let show_progress = !quiet && std::io::stderr().is_terminal();
    let bar = indicatif::ProgressBar::hidden();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message(msg!("summary-progress").text(lang));
    let shown = std::sync::atomic::AtomicBool::new(false);
    let progress = |done: usize, total: usize| {
        if !show_progress || started.elapsed().as_millis() < 1000 {
            return;
        }
        if !shown.swap(true, std::sync::atomic::Ordering::Relaxed) {
            bar.set_length(total as u64);
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(10));
        }
        bar.set_position(done as u64);
        if done == total {
            bar.finish_and_clear();
        }
    };
    let built = crate::build(options, &mut |d| print_diagnostics(d, report), &progress);
    bar.finish_and_clear();
    match built {
        Ok(summary) => {
            if !quiet {
                let line = msg!(
                    "summary-built",
                    pages = summary.pages,
                    output = options.output.display().to_string(),
                    files = summary.files,
                    changed = summary.changed,
                    unchanged = summary.unchanged
                );
                eprintln!("{}", line.text(lang));
            }
            0
        }
        Err(failure) => failed(failure, lang),
    }
}

/// `podium` alone: inside a project folder (one with data/site.yaml), the preview in the
/// browser; elsewhere the help, as a usage error. Started by a double-click, the window
/// closes when podium ends: a failure waits for Enter so that its message can be read.
fn no_command(chosen: Option<Language>) -> i32 {
    if !Path::new("data/site.yaml").is_file() {
        // What clap says for a missing command: the help, as a usage error.
        let help = <Cli as clap::CommandFactory>::command().subcommand_required(true).arg_required_else_help(true);
        if let Err(e) = help.try_get_matches_from(["podium"]) {
            let _ = e.print();
        }
        return 2;
    }
    let lang = chosen.unwrap_or_else(|| crate::commands::language(Path::new(".")));
    let status = serve(&ServeOptions { language: chosen, ..ServeOptions::new(".") }, true, lang);
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        eprintln!("{}", crate::serve::strings_of(Path::new(".")).t("serve_press_enter"));
        let _ = std::io::stdin().read_line(&mut String::new());
    }
    status
}

/// Serves the project until the process is stopped; returns the status when it cannot start.
fn serve(options: &ServeOptions, open: bool, lang: Language) -> i32 {
    let report = Report { lang, warnings: true, warning_limit: 20, always_count: false };
    let failure = crate::serve::serve(options, &mut |note| match note {
        Note::Diagnostics(d) => print_diagnostics(d, report),
        Note::Failed(Failure::Template(d)) => print_diagnostics(d, all(lang)),
        Note::Failed(f) => eprintln!("{}", f.render(lang)),
        Note::Listening { url, text } => {
            println!("{text}");
            let _ = std::io::stdout().flush();
            if open && let Err(e) = ::open::that_detached(&url) {
                eprintln!("{url}: {}: {e}", crate::serve::strings_of(&options.project).t("serve_no_browser"));
            }
        }
        Note::Say(text) => eprintln!("{text}"),
    });
    failed(failure, lang)
}

fn explain(options: &ExplainOptions, lang: Language) -> i32 {
    // `explain` shows no warnings, except beside errors: then it reports like `check`.
    let mut report = |d: &Diagnostics| {
        if d.has_errors() {
            print_diagnostics(d, all(lang));
        } else {
            print_diagnostics(d, Report { lang, warnings: false, warning_limit: 0, always_count: false });
        }
    };
    match crate::explain(options, &mut report) {
        Ok(text) => {
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            0
        }
        Err(failure) => failed(failure, lang),
    }
}

fn init(options: &crate::InitOptions, lang: Language) -> i32 {
    match crate::init(options) {
        Ok(summary) => {
            let dir = crate::error::visible(&crate::init::shown_dir(&options.dir).to_string_lossy()).into_owned();
            println!("{}", msg!("summary-init", dir = dir.clone(), files = summary.files.len()).text(lang));
            let (check, build) = if options.dir == std::path::Path::new(".") {
                ("podium check".to_string(), "podium build".to_string())
            } else {
                (format!("podium check {dir}"), format!("podium build {dir}"))
            };
            println!("{}", msg!("summary-init-next", check = check, build = build).text(lang));
            0
        }
        Err(failure) => failed(failure, lang),
    }
}

/// The latest build date podium accepts: 9999-12-31T23:59:59Z, the last second whose
/// date has four digits.
const LAST_EPOCH: i64 = 253_402_300_799;

/// `SOURCE_DATE_EPOCH`: `Ok(None)` when unset or empty; a usage error when it is not a
/// whole number of seconds from 1970-01-01 to 9999-12-31.
fn source_date_epoch() -> Result<Option<i64>, Diagnostic> {
    let Some(raw) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let v = raw.to_string_lossy();
    let error = |message| Diagnostic { location: Location::file(""), severity: Severity::Error, text: message };
    match v.trim().parse::<i64>() {
        _ if v.trim().is_empty() => Ok(None),
        Ok(t) if (0..=LAST_EPOCH).contains(&t) => Ok(Some(t)),
        Ok(_) => Err(error(msg!("epoch-out-of-range", value = v.as_ref(), last = LAST_EPOCH.to_string()))),
        Err(_) => Err(error(msg!("epoch-not-a-number", value = v.as_ref()))),
    }
}
