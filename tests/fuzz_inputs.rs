//! Issue 17's done-when: generated nesting, long lines and control characters
//! are fed to every loader (site, campaign and groups YAML, each CSV, front
//! matter, Markdown bodies with and without raw HTML, a theme's strings) and to
//! Markdown rendering. No input may panic, and none may take more than a few
//! seconds (in a debug build): the bound catches hangs and quadratic blow-ups,
//! it does not benchmark. The generation is deterministic (a fixed seed), so a
//! failure names a case that can be replayed: `FUZZ_CASE=n cargo test --test
//! fuzz_inputs -- --nocapture` runs case n alone and prints its inputs' sizes.

mod common;

use podium::error::Diagnostics;
use podium::load::{docs, table, text, theme, yaml};
use podium::model::{Campaign, Group, Language};
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

/// The most one loader may take on one input (debug build). The inputs are a
/// few hundred KB; before the bounds, the worst took minutes in a release build.
const LIMIT: Duration = Duration::from_secs(5);
/// Generated cases, on top of the fixed ones.
const GENERATED: u64 = 24;

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// Pieces an input is made of: nesting openers, closers, syntax of every format,
/// control characters (literal, escaped for YAML, as references for Markdown),
/// zero-width and bidi characters, Vietnamese text.
const PIECES: &[&str] = &[
    "[",
    "{",
    "]",
    "}",
    "{a: ",
    "- ",
    "? ",
    ": ",
    ", ",
    "\"",
    "'",
    "#",
    "|",
    ">",
    "&a ",
    "*a",
    "!!str ",
    "\n",
    "\n  ",
    "\r",
    "\r\n",
    "\t",
    "> ",
    ">",
    "* ",
    "1. ",
    "    ",
    "```",
    "`",
    "**",
    "_",
    "~~",
    "[a](",
    "](b)",
    "![",
    "<",
    "</",
    "<div>",
    "</div>",
    "<b>",
    "</p>",
    "<p>",
    "<table><tr><td>",
    "<li>",
    "<dl><dd>",
    "<a href=x>",
    "</a>",
    "<!--",
    "-->",
    "<script>",
    "</script>",
    "&#27;",
    "&#x202E;",
    "&#0;",
    "&amp;",
    "\\",
    "\\x01",
    "\\e",
    "\\u202E",
    "\\0",
    "\u{0}",
    "\u{1}",
    "\u{1b}",
    "\u{7f}",
    "\u{85}",
    "\u{9b}",
    "\u{202e}",
    "\u{2066}",
    "\u{200b}",
    "\u{feff}",
    "\u{2028}",
    "Liên đoàn Lao động ",
    "Xuyên",
    "ệ",
    "e\u{302}",
    ",",
    ";",
    "\"\"",
    "0",
    "2022-01",
    "-5",
    "99999999999999999999",
    "|a|b|\n|-|-|\n",
    "[^1]",
    "[^1]: x\n",
    "---\n",
    "%",
    "@",
    "`",
    "title: ",
    "id: x\n",
];

/// One generated input of about `size` bytes: a few pieces, each repeated a
/// random number of times, some runs long (nesting, long lines), mixed with
/// short runs.
fn generate(rng: &mut Rng, size: usize) -> String {
    let mut out = String::new();
    while out.len() < size {
        let piece = rng.pick(PIECES);
        let times = match rng.below(4) {
            0 => 1 + rng.below(4_000),
            1 => 1 + rng.below(64),
            _ => 1 + rng.below(4),
        } as usize;
        let times = times.min((size - out.len()) / piece.len().max(1) + 1);
        for _ in 0..times {
            out.push_str(piece);
        }
    }
    out
}

/// The fixed cases: the reproductions of issue 17 and the pathological inputs of
/// CommonMark's own test suite, at a few hundred KB.
fn fixed() -> Vec<(String, String)> {
    let n = 100_000;
    let mut cases = vec![
        ("150,000 [".to_string(), "[".repeat(150_000)),
        ("40,000 {a: ".into(), "{a: ".repeat(40_000)),
        ("150,000 >".into(), ">".repeat(150_000)),
        ("nested lists".into(), "- ".repeat(75_000)),
        ("indented lists".into(), (0..600).map(|i| format!("{}- a\n", "  ".repeat(i))).collect()),
        ("quote and list".into(), "> - ".repeat(50_000)),
        ("open divs".into(), "<div>\n\n".repeat(50_000)),
        ("open formatting".into(), "<b></p>".repeat(40_000)),
        ("misnested formatting".into(), "<a><div></a>".repeat(25_000)),
        ("emphasis openers".into(), "*a **a ".repeat(n / 2)),
        ("emphasis closers".into(), "a* a** ".repeat(n / 2)),
        ("link openers".into(), "[a".repeat(n)),
        ("link closers".into(), "a]".repeat(n)),
        ("nested links".into(), format!("{}{}", "[a".repeat(n / 2), "](b)".repeat(n / 2))),
        ("unclosed link targets".into(), "[a](<b".repeat(n / 2)),
        ("backticks".into(), "`a``b```".repeat(n / 3)),
        ("footnote references".into(), format!("{}\n\n[^a]: x\n", "[^a]".repeat(n / 2))),
        ("table".into(), format!("{}\n{}\n", "|a".repeat(n / 4), "|-".repeat(n / 4))),
        ("references".into(), "&#27;&#x202e;&#0;&amp".repeat(n / 5)),
        ("one long line".into(), "a".repeat(300_000)),
        ("long CSV row".into(), "1,".repeat(150_000)),
        ("control characters".into(), (0u32..0xa0).filter_map(char::from_u32).collect::<String>().repeat(1000)),
        // Every other byte zero: UTF-16 text without a byte-order mark.
        (
            "UTF-16 without BOM".into(),
            "id,name\n".repeat(1000).encode_utf16().flat_map(u16::to_le_bytes).map(char::from).collect(),
        ),
        ("block YAML".into(), (0..700).map(|i| format!("{}k:\n", " ".repeat(i))).collect()),
        ("many aliases".into(), format!("a: &a [x]\nb: [{}]\n", "*a, ".repeat(50_000))),
    ];
    // Files of many items, each with a problem: every message is placed by a search.
    let many = 10_000;
    cases.extend([
        ("many metrics".to_string(), format!("metrics:\n{}", (0..many).map(|i| format!("  m{i}:\n    label: \"M\"\n    plus: [c{i}]\n")).collect::<String>())),
        ("many metrics, one line".into(), format!("metrics: {{{}}}\n", (0..many).map(|i| format!("m{i}: {{label: M, plus: [c{i}]}}, ")).collect::<String>())),
        ("many columns".into(), format!("columns:\n{}", (0..many).map(|i| format!("  k{i}: \"K\"\n")).collect::<String>())),
        ("many groups".into(), format!("groups:\n{}", (0..3_000).map(|i| format!("  - id: g{i}\n    name: \"G\"\n    rule: {{ metric: x{i}, qualify_at: \"1%\", awards: {{ any: 1 }} }}\n")).collect::<String>())),
        ("many groups, one line".into(), format!("groups: [{}]\n", (0..3_000).map(|i| format!("{{id: g{i}, name: G, rule: {{metric: x, qualify_at: \"1%\", awards: {{any: 1}}}}}}, ")).collect::<String>())),
        ("many periods".into(), format!("periods:\n{}", (0..3_000).map(|i| format!("  - {{ id: \"p{i}\", from: 2022-01, to: 2022-02, overall_target: {{ x: 1 }} }}\n")).collect::<String>())),
        ("many keys".into(), (0..30_000).map(|i| format!("k{i}: \"v\"\n")).collect()),
        ("many keys, one line".into(), format!("{{{}}}\n", (0..30_000).map(|i| format!("k{i}: v, ")).collect::<String>())),
        ("many rows naming unknown units".into(), (0..20_000).map(|i| format!("x{i},2022-01,1,0,0\n")).collect()),
    ]);
    cases
}

/// Everything one input is fed to. `input` goes into each kind of file in turn.
struct Targets {
    dir: tempfile::TempDir,
    campaign: Campaign,
    groups: Vec<Group>,
}

impl Targets {
    fn new() -> Targets {
        let dir = common::copy_fixture("basic");
        let data = dir.path().join("data");
        let mut d = Diagnostics::new();
        let campaign = yaml::campaign(&fs::read_to_string(data.join("campaign.yaml")).unwrap(), &mut d).unwrap();
        let groups = yaml::groups(&fs::read_to_string(data.join("groups.yaml")).unwrap(), &campaign, &mut d).unwrap();
        assert!(!d.has_errors());
        Targets { dir, campaign, groups }
    }

    /// Decodes bytes as podium reads every file.
    fn decode(rel: &str, input: &str) -> Option<String> {
        text::decode(rel, input.as_bytes().to_vec(), &mut Diagnostics::new())
    }

    /// Feeds `input` to every loader; returns the slowest step's name and time.
    fn feed(&self, input: &str) -> Vec<(&'static str, Duration)> {
        let mut times = Vec::new();
        let mut step = |name: &'static str, f: &mut dyn FnMut()| {
            let started = Instant::now();
            f();
            times.push((name, started.elapsed()));
        };
        let campaign = &self.campaign;
        let groups = &self.groups;
        // YAML: the whole file, and the input as a value inside a valid file.
        step("site.yaml", &mut || {
            for t in [input.to_string(), format!("title: \"T\"\ndescription: {input}\n")] {
                if let Some(t) = Self::decode(yaml::SITE, &t) {
                    yaml::site(&t, &mut Diagnostics::new());
                }
            }
        });
        step("campaign.yaml", &mut || {
            let t = format!(
                "id: x\ntitle: {input}\nstarts: 2022-01-01\nends: 2022-12-31\nmetrics:\n  m:\n    label: \"M\"\n    plus: [a]\nperiods:\n  - {{ id: \"2022\", from: 2022-01, to: 2022-12 }}\n"
            );
            for t in [input.to_string(), t] {
                if let Some(t) = Self::decode(yaml::CAMPAIGN, &t)
                    && let Some(c) = yaml::campaign(&t, &mut Diagnostics::new())
                {
                    let _ = yaml::period_ids(&t);
                    let _ = c.month_span();
                }
            }
        });
        step("groups.yaml", &mut || {
            let t = format!(
                "groups:\n  - id: g\n    name: {input}\n    rule: {{ metric: members_net, qualify_at: \"100%\", awards: {{ collective: 1 }} }}\n"
            );
            for t in [input.to_string(), t] {
                if let Some(t) = Self::decode(yaml::GROUPS, &t) {
                    yaml::groups(&t, campaign, &mut Diagnostics::new());
                }
            }
        });
        // CSV: as rows after the header, and as a cell of a valid row.
        step("units.csv", &mut || {
            for t in
                [format!("id,name,short_name,group,kind\n{input}"), format!("id,name,group\nalpha,{input},nhom-1\n")]
            {
                if let Some(t) = Self::decode(table::UNITS, &t) {
                    table::units(&t, groups, &mut Diagnostics::new());
                }
            }
        });
        let units_text = fs::read_to_string(self.dir.path().join("data/units.csv")).unwrap();
        let (units, ids) = table::units(&units_text, groups, &mut Diagnostics::new());
        let known = table::Known {
            units: ids,
            periods: campaign.periods.iter().map(|p| p.id.clone()).collect(),
            all_periods_valid: true,
        };
        step("targets.csv", &mut || {
            for t in
                [format!("unit,period,members_net\n{input}"), format!("unit,period,members_net\nalpha,2022,{input}\n")]
            {
                if let Some(t) = Self::decode(table::TARGETS, &t) {
                    table::targets(&t, campaign, &units, &known, &mut Diagnostics::new());
                }
            }
        });
        step("results.csv", &mut || {
            let header = "unit,month,members_added,members_lost,unions_founded\n";
            for t in [format!("{header}{input}"), format!("{header}alpha,2022-01,{input},0,0\n")] {
                if let Some(t) = Self::decode(table::RESULTS, &t) {
                    table::results(&t, campaign, &units, &known, &mut Diagnostics::new());
                }
            }
        });
        step("nominations.csv", &mut || {
            for t in [
                format!("period,unit,kind,name,title\n{input}"),
                format!("period,unit,kind,name\n2022,alpha,individual,{input}\n"),
            ] {
                if let Some(t) = Self::decode(table::NOMINATIONS, &t) {
                    table::nominations(&t, campaign, groups, &units, &known, &mut Diagnostics::new());
                }
            }
        });
        // Front matter and bodies, loaded and (when they load) rendered as the site does.
        let pages = self.dir.path().join("data/pages");
        for (name, content) in [
            ("fm.md", format!("---\ntitle: \"T\"\nslug: {input}\n---\nText\n")),
            ("body.md", format!("---\ntitle: \"T\"\n---\n{input}\n")),
            ("whole.md", input.to_string()),
        ] {
            let _ = fs::remove_dir_all(&pages);
            fs::create_dir_all(&pages).unwrap();
            fs::write(pages.join(name), &content).unwrap();
            for allow_html in [false, true] {
                let mut loaded = Vec::new();
                step(if allow_html { "page (allow_html)" } else { "page" }, &mut || {
                    loaded = docs::load_dir(self.dir.path(), "data/pages", false, allow_html, &mut Diagnostics::new());
                });
                step(if allow_html { "render (allow_html)" } else { "render" }, &mut || {
                    for doc in &loaded {
                        podium::render::markdown::render(&doc.body, allow_html, "index.html");
                    }
                });
            }
        }
        // A theme's interface strings.
        let i18n = self.dir.path().join("themes/default/i18n");
        fs::create_dir_all(&i18n).unwrap();
        for content in [input.to_string(), format!("nav_overview: {input}\n")] {
            fs::write(i18n.join("vi.yaml"), &content).unwrap();
            step("i18n/vi.yaml", &mut || {
                theme::load(self.dir.path(), "default", Language::Vi, &mut Diagnostics::new());
            });
        }
        times
    }
}

/// Feeds one case; returns a description of what went wrong, if anything.
fn run_case(targets: &Targets, name: &str, input: &str) -> Option<String> {
    if std::env::var_os("FUZZ_CASE").is_some() {
        println!("case {name}: {} bytes", input.len());
    }
    match catch_unwind(AssertUnwindSafe(|| targets.feed(input))) {
        Err(_) => Some(format!("case {name}: a loader panicked")),
        Ok(times) => {
            if std::env::var_os("FUZZ_PROFILE").is_some() {
                let total: Duration = times.iter().map(|(_, t)| *t).sum();
                let worst = times.iter().max_by_key(|(_, t)| *t).map(|(s, t)| format!("{s} {t:?}")).unwrap_or_default();
                println!("{total:>12?}  worst {worst:40}  {name} ({} bytes)", input.len());
            }
            let slow: Vec<String> =
                times.iter().filter(|(_, t)| *t > LIMIT).map(|(step, t)| format!("{step} took {t:?}")).collect();
            (!slow.is_empty()).then(|| format!("case {name} ({} bytes): {}", input.len(), slow.join(", ")))
        }
    }
}

#[test]
fn every_loader_survives_generated_hostile_input_quickly() {
    let only: Option<String> = std::env::var("FUZZ_CASE").ok();
    let mut cases: Vec<(String, String)> = fixed();
    let mut rng = Rng(0x5eed_1717_dead_beef);
    for i in 0..GENERATED {
        let size = match i % 3 {
            0 => 2_000,
            1 => 40_000,
            _ => 150_000,
        };
        cases.push((format!("generated {i}"), generate(&mut rng, size)));
    }
    let cases: Vec<(String, String)> = match &only {
        Some(n) => cases
            .into_iter()
            .enumerate()
            .filter(|(i, (name, _))| &i.to_string() == n || name == n)
            .map(|(_, c)| c)
            .collect(),
        None => cases,
    };
    // Two workers, each with its own project folder.
    let failures: Vec<String> = std::thread::scope(|s| {
        let (a, b): (Vec<_>, Vec<_>) = cases.iter().enumerate().partition(|(i, _)| i % 2 == 0);
        let work = |part: Vec<(usize, &(String, String))>| {
            let targets = Targets::new();
            part.into_iter().filter_map(|(_, (name, input))| run_case(&targets, name, input)).collect::<Vec<_>>()
        };
        let ha = s.spawn(move || work(a));
        let hb = s.spawn(move || work(b));
        let mut f = ha.join().unwrap();
        f.extend(hb.join().unwrap());
        f
    });
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn the_generator_makes_what_the_cases_need() {
    // Deep nesting, long lines and control characters all occur.
    let mut rng = Rng(0x5eed_1717_dead_beef);
    let all: String = (0..GENERATED).map(|i| generate(&mut rng, if i % 3 == 2 { 200_000 } else { 2_000 })).collect();
    assert!(all.contains(&"[".repeat(40)) || all.contains(&"{a: ".repeat(40)) || all.contains(&"- ".repeat(40)));
    assert!(all.lines().any(|l| l.len() > 10_000));
    assert!(all.chars().any(|c| c < ' ' && c != '\n' && c != '\t'));
}
