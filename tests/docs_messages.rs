//! Every message the docs quote is one podium prints, word for word (issue 16).
//!
//! What is checked, in docs/troubleshooting.md and docs/commands.md:
//! - Every line of a fenced code block without a language tag (a bare ```) is
//!   something podium prints. Blocks of commands, syntax or templates carry a
//!   tag (```sh, ```text) and are left alone.
//! - A block whose first line starts with `$ podium` is a transcript: each `$`
//!   command runs, in order, in one fresh copy of the sample project, and the
//!   lines below it must be its output exactly (stderr, then stdout).
//! - Any other line must be printed by at least one case of `cases()` below,
//!   and every case must print a line of the docs of its own (one the
//!   unchanged sample does not print, other than a count line such as
//!   `1 error, 1 warning`). So a docs line that no longer matches what podium
//!   prints fails the test, and so does a case whose docs line was removed or
//!   reworded. Lines are compared one by one: a block of several lines may
//!   come from several cases.
//!
//! A case runs podium (`check`, unless it says otherwise, with `--lang en`: the
//! docs quote the English messages) on a fresh copy of the sample project — the
//! repository's `data/`, whose ids and line numbers the docs use — changed by
//! the case. Transcripts run as written (the sample speaks Vietnamese). The
//! copy is HOME/thi-dua, where HOME is a temporary folder standing for the
//! user's home folder, written `/home/lan`
//! in the docs: the test replaces the temporary path by `/home/lan` in what
//! podium prints (so `~/Documents` in a case's arguments is printed as
//! `/home/lan/Documents`, and the project as `/home/lan/thi-dua`). podium runs
//! in the project folder, with HOME set to HOME; transcripts run the same way.
//!
//! To add a message to the docs: put it in a bare fenced block and run
//! `cargo test --test docs_messages`, which lists the lines no case prints and
//! the printed lines that start alike. Then add a case to `cases()`; most are
//! one line, e.g.
//!
//! ```text
//! case("pool over quota", |e| e.append("data/nominations.csv", "2022,nhom-4,collective,Lê Văn Tám,\n")),
//! case("output inside data/", |e| e.args(&["build", "-o", "data/site", "--force"])),
//! ```
//!
//! `Env`'s helpers change the copy (`cell`, `set_line`, `insert`, `delete`,
//! `keep`, `replace`, `append`, `write`, `remove`; `e.file(rel)` and `e.home`
//! for anything else, e.g. a symlink) or how podium runs (`args`, `var`,
//! `move_project`). To see what every case prints:
//! `DOCS_PRINT=1 cargo test --test docs_messages -- --nocapture`. Another page
//! of docs/ that quotes messages is added to `DOCS`.
//!
//! The system's own words in messages ("Is a directory (os error 21)") are
//! Linux's, so the test runs on Linux (as the CI does). Messages no test can
//! provoke on every machine (a full disk, "Permission denied" when the tests
//! run as root) are described in the docs' prose, not quoted.
#![cfg(target_os = "linux")]

mod common;

use common::*;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The docs whose quoted messages are checked.
const DOCS: &[&str] = &["docs/troubleshooting.md", "docs/commands.md"];

/// How the docs write the user's home folder (the test's temporary HOME).
const HOME: &str = "/home/lan";

// ----- the docs -----

/// A line quoted in the docs: where, and what.
#[derive(Debug, Clone)]
struct Quote {
    doc: &'static str,
    line: usize,
    text: String,
}

/// A transcript: commands and the output each must print.
#[derive(Debug)]
struct Transcript {
    doc: &'static str,
    line: usize,
    steps: Vec<(String, Vec<String>)>,
}

/// The bare fenced blocks of `doc`: (line of the first content line, content lines).
fn bare_blocks(doc: &'static str) -> Vec<(usize, Vec<String>)> {
    let text = fs::read_to_string(repo().join(doc)).unwrap();
    let mut blocks = Vec::new();
    let mut open: Option<(String, bool, usize, Vec<String>)> = None; // indent, bare, start, lines
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if let Some(tag) = trimmed.strip_prefix("```") {
            match open.take() {
                None => open = Some((indent.to_string(), tag.trim().is_empty(), i + 2, Vec::new())),
                Some((_, bare, start, lines)) => {
                    if bare {
                        blocks.push((start, lines));
                    }
                }
            }
        } else if let Some((indent, _, _, lines)) = &mut open {
            lines.push(line.strip_prefix(indent.as_str()).unwrap_or(line).to_string());
        }
    }
    assert!(open.is_none(), "{doc}: a code block is not closed");
    blocks
}

/// Every quoted message line and every transcript of the docs.
fn docs() -> (Vec<Quote>, Vec<Transcript>) {
    let (mut quotes, mut transcripts) = (Vec::new(), Vec::new());
    for &doc in DOCS {
        for (start, lines) in bare_blocks(doc) {
            if lines.first().is_some_and(|l| l.starts_with("$ ")) {
                let mut steps: Vec<(String, Vec<String>)> = Vec::new();
                for l in lines {
                    match l.strip_prefix("$ ") {
                        Some(cmd) => steps.push((cmd.to_string(), Vec::new())),
                        None => steps.last_mut().unwrap().1.push(l),
                    }
                }
                transcripts.push(Transcript { doc, line: start, steps });
            } else {
                for (i, l) in lines.into_iter().enumerate() {
                    if !l.trim().is_empty() {
                        quotes.push(Quote { doc, line: start + i, text: l });
                    }
                }
            }
        }
    }
    (quotes, transcripts)
}

// ----- the cases -----

/// A fresh copy of the sample project and how podium is run on it.
struct Env {
    /// Stands for /home/lan.
    home: PathBuf,
    project: PathBuf,
    args: Vec<String>,
    vars: Vec<(String, String)>,
}

type Setup = Box<dyn Fn(&mut Env) + Send + Sync>;

struct Case {
    name: &'static str,
    setup: Setup,
}

fn case(name: &'static str, setup: impl Fn(&mut Env) + Send + Sync + 'static) -> Case {
    Case { name, setup: Box::new(setup) }
}

impl Env {
    fn new(home: &Path) -> Env {
        let project = home.join("thi-dua");
        copy_dir(&repo().join("data"), &project.join("data"));
        Env { home: home.to_path_buf(), project, args: vec!["check".into()], vars: Vec::new() }
    }

    /// podium's arguments (default: `check`); `~` stands for HOME.
    fn args(&mut self, args: &[&str]) {
        let home = self.home.to_str().unwrap().to_string();
        self.args = args.iter().map(|a| a.replace('~', &home)).collect();
    }

    fn var(&mut self, key: &str, value: &str) {
        self.vars.push((key.into(), value.into()));
    }

    fn file(&self, rel: &str) -> PathBuf {
        self.project.join(rel)
    }

    /// Moves the project to `dir` (made if needed); podium runs there.
    fn move_project(&mut self, dir: &Path) {
        fs::create_dir_all(dir.parent().unwrap()).unwrap();
        fs::rename(&self.project, dir).unwrap();
        self.project = dir.to_path_buf();
    }

    fn write(&self, rel: &str, content: impl AsRef<[u8]>) {
        let path = self.file(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }

    fn remove(&self, rel: &str) {
        fs::remove_file(self.file(rel)).unwrap();
    }

    /// Appends lines (`\n` becomes the file's own line end).
    fn append(&self, rel: &str, text: &str) {
        let mut content = fs::read_to_string(self.file(rel)).unwrap();
        let eol = self.eol(&content);
        if !content.is_empty() && !content.ends_with('\n') {
            content.push_str(eol);
        }
        content.push_str(&text.replace('\n', eol));
        self.write(rel, content);
    }

    /// Replaces the first `from` (which must be there).
    fn replace(&self, rel: &str, from: &str, to: &str) {
        let content = fs::read_to_string(self.file(rel)).unwrap();
        assert!(content.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, content.replacen(from, to, 1));
    }

    fn eol(&self, content: &str) -> &'static str {
        if content.contains("\r\n") { "\r\n" } else { "\n" }
    }

    /// Edits the lines of a file (numbered from 1 at index 0), keeping its line ends.
    fn lines(&self, rel: &str, edit: impl FnOnce(&mut Vec<String>)) {
        let content = fs::read_to_string(self.file(rel)).unwrap();
        let eol = self.eol(&content);
        let body = content.strip_suffix(eol);
        let mut lines: Vec<String> = body.unwrap_or(&content).split(eol).map(String::from).collect();
        edit(&mut lines);
        let mut out = lines.join(eol);
        if body.is_some() {
            out.push_str(eol);
        }
        self.write(rel, out);
    }

    /// Replaces line `n` (from 1).
    fn set_line(&self, rel: &str, n: usize, text: &str) {
        self.lines(rel, |l| l[n - 1] = text.to_string());
    }

    /// Inserts a line so that it becomes line `n`.
    fn insert(&self, rel: &str, n: usize, text: &str) {
        self.lines(rel, |l| l.insert(n - 1, text.to_string()));
    }

    /// Deletes line `n` (from 1).
    fn delete(&self, rel: &str, n: usize) {
        self.lines(rel, |l| {
            l.remove(n - 1);
        });
    }

    /// Sets the CSV cell at line `n`, column `col` (both from 1).
    fn cell(&self, rel: &str, n: usize, col: usize, value: &str) {
        self.lines(rel, |l| {
            assert!(!l[n - 1].contains('"'), "{rel}:{n} has quoted cells");
            let mut cells: Vec<&str> = l[n - 1].split(',').collect();
            cells[col - 1] = value;
            l[n - 1] = cells.join(",");
        });
    }

    /// Keeps only the lines of a file for which `keep(line number, line)` holds, and
    /// the first (a CSV file's header).
    fn keep(&self, rel: &str, keep: impl Fn(usize, &str) -> bool) {
        self.lines(rel, |l| {
            let kept: Vec<String> =
                l.iter().enumerate().filter(|(i, x)| *i == 0 || keep(i + 1, x)).map(|(_, x)| x.clone()).collect();
            *l = kept;
        });
    }
}

/// Runs a case's podium; returns what it printed (stderr, then stdout), HOME written as /home/lan.
/// `english`: with `--lang en` (the sample project is Vietnamese; the docs quote
/// the English messages, and transcripts say which they show).
fn run_in(env: &Env, english: bool) -> Vec<String> {
    let mut args: Vec<&str> = env.args.iter().map(String::as_str).collect();
    if english {
        args.extend(["--lang", "en"]);
    }
    let mut cmd = podium(&args);
    cmd.current_dir(&env.project).env("HOME", &env.home);
    for (k, v) in &env.vars {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let mut text = stderr(&out);
    text.push_str(&stdout(&out));
    let mut homes = vec![env.home.to_str().unwrap().to_string()];
    if let Ok(real) = fs::canonicalize(&env.home) {
        homes.push(real.to_str().unwrap().to_string());
    }
    homes.sort_by_key(|h| std::cmp::Reverse(h.len()));
    for h in homes {
        text = text.replace(&h, HOME);
    }
    text.lines().map(String::from).collect()
}

/// A sample unit's id made long, as if someone had used the full name.
const LONG_ID: &str = "lien-doan-lao-dong-huyen-an-phu-tinh-an-giang-nhiem-ky-2023";

fn cases() -> Vec<Case> {
    vec![
        // ----- files and encoding -----
        case("file not found", |e| e.remove("data/targets.csv")),
        case("a folder with a file's name", |e| {
            e.remove("data/results.csv");
            fs::create_dir(e.file("data/results.csv")).unwrap();
        }),
        case("no such project folder", |e| e.args(&["check", "~/thi-dua-2024"])),
        case("not a project", |e| {
            fs::create_dir(e.home.join("Documents")).unwrap();
            e.args(&["build", "~/Documents"]);
        }),
        case("Windows-1258 text", |e| {
            let text = fs::read(e.file("data/units.csv")).unwrap();
            let s = String::from_utf8(text).unwrap();
            // ê is 0xEA in Windows-1258 (and 1252); the first one is in "Liên", line 2.
            let mut bytes = Vec::new();
            for ch in s.chars() {
                if ch == 'ê' {
                    bytes.push(0xEA);
                } else {
                    let mut buf = [0; 4];
                    bytes.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
            }
            e.write("data/units.csv", bytes);
        }),
        case("UTF-16", |e| {
            let text = fs::read_to_string(e.file("data/results.csv")).unwrap();
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            e.write("data/results.csv", bytes);
        }),
        case("control characters in CSV cells", |e| {
            // One where a space should be, one inside a nominee's name (copied out of a PDF).
            e.cell("data/units.csv", 2, 2, "Liên đoàn Lao động thành phố\u{1b}Long Xuyên");
            e.replace("data/nominations.csv", "Thủy sản Mẫu 5,", "Thủy sản \u{202e}Mẫu 5,");
        }),
        case("a file full of control characters", |e| {
            // The unit list copied out of a terminal, every name in bold: 21 names, 42 characters.
            e.lines("data/units.csv", |l| {
                for row in &mut l[1..] {
                    let mut cells: Vec<String> = row.split(',').map(String::from).collect();
                    cells[1] = format!("\u{1b}[1m{}\u{1b}[0m", cells[1]);
                    *row = cells.join(",");
                }
            });
        }),
        case("control characters written as escapes and references", |e| {
            e.replace("data/news/2022-03-10-phat-dong.md", "title: \"Phát động", "title: \"\\x01Phát động");
            e.append(
                "data/pages/ke-hoach.md",
                "Màu chữ: &#27;[31m đỏ\n\n[Tải kế hoạch](https://ldld.angiang.gov.vn/ke-hoach&#1;.pdf)\n",
            );
        }),
        // ----- YAML -----
        case("unclosed quote", |e| e.replace("data/groups.yaml", "name: \"Nhóm 2\"", "name: \"Nhóm 2")),
        case("tab indentation", |e| e.replace("data/groups.yaml", "      basis: unit\n", "\tbasis: unit\n")),
        case("colon in a title", |e| e.set_line("data/site.yaml", 1, "title: Kết quả thi đua: 2022 – 2023")),
        case("duplicate key", |e| e.insert("data/groups.yaml", 13, "      bonuses:")),
        case("duplicate key in a flow mapping", |e| {
            e.replace("data/campaign.yaml", "unions_founded: 50 }", "members_net: 50 }")
        }),
        case("unknown key", |e| e.replace("data/groups.yaml", "      qualify_at: \"100%\"", "      qualify: \"100%\"")),
        case("unknown key in awards", |e| {
            e.replace("data/groups.yaml", "add: { individual: 1 } }", "add: { individal: 1 } }")
        }),
        case("unknown basis", |e| e.replace("data/groups.yaml", "basis: unit", "basis: units")),
        case("missing key in a period", |e| e.delete("data/campaign.yaml", 18)),
        case("missing title", |e| e.delete("data/site.yaml", 1)),
        case("wrong type", |e| e.replace("data/groups.yaml", "awards: { collective: 2, individual: 5 }", "awards: 7")),
        case("bad language and base_url", |e| {
            e.set_line("data/site.yaml", 2, "language: vn");
            e.set_line("data/site.yaml", 3, "base_url: thidua.ldld.local");
        }),
        case("theme not found", |e| e.set_line("data/site.yaml", 4, "theme: xanh")),
        case("YAML nested too deeply", |e| e.set_line("data/site.yaml", 4, &format!("theme: {}", "[".repeat(40)))),
        case("empty titles and names", |e| {
            // Empty, or only spaces and zero-width characters.
            e.set_line("data/site.yaml", 1, "title: \"\"");
            e.set_line("data/campaign.yaml", 2, "title: \"\u{200b}\"");
            e.set_line("data/campaign.yaml", 8, "    label: \" \"");
            e.set_line("data/groups.yaml", 5, "    name: \"\"");
            e.set_line("data/pages/ke-hoach.md", 2, "title: \"\u{feff}\"");
        }),
        // ----- CSV columns and rows -----
        case("misspelt column", |e| e.replace("data/results.csv", "members_lost", "member_lost")),
        case("renamed column", |e| e.replace("data/results.csv", "unit,month,", "ma_don_vi,month,")),
        case("column twice", |e| e.replace("data/results.csv", "unions_founded\r\n", "members_added\r\n")),
        case("more than 20 missing columns", |e| {
            let extra: Vec<String> = (0..25).map(|i| format!("cot_{i}")).collect();
            e.replace(
                "data/campaign.yaml",
                "plus: [unions_founded]",
                &format!("plus: [unions_founded, {}]", extra.join(", ")),
            );
        }),
        case("a comma in a name", |e| {
            e.replace(
                "data/units.csv",
                "Liên đoàn Lao động huyện An Phú,",
                "Liên đoàn Lao động huyện An Phú, tỉnh An Giang,",
            )
        }),
        case("empty name", |e| e.cell("data/units.csv", 8, 2, "")),
        case("empty figure", |e| e.cell("data/results.csv", 42, 5, "")),
        // ----- ids -----
        case("duplicate unit", |e| {
            e.insert("data/units.csv", 12, "ldld-an-phu,Liên đoàn Lao động huyện An Phú,An Phú,nhom-3,cap-tren-co-so")
        }),
        case("duplicate group", |e| {
            e.append("data/groups.yaml", "  - id: nhom-3\n    name: \"Nhóm 3 (lặp)\"\n    rule: { metric: members_net, qualify_at: \"100%\", awards: { collective: 1 } }\n")
        }),
        case("duplicate period", |e| {
            e.append(
                "data/campaign.yaml",
                "  - id: \"2023\"\n    label: \"Năm 2023\"\n    from: 2023-07\n    to: 2023-12\n",
            )
        }),
        case("id with a space", |e| {
            e.insert(
                "data/units.csv",
                2,
                "Long Xuyen,Liên đoàn Lao động thành phố Long Xuyên,Long Xuyên,nhom-1,cap-tren-co-so",
            )
        }),
        case("page name not a slug", |e| {
            let text = fs::read_to_string(e.file("data/pages/ke-hoach.md")).unwrap();
            e.remove("data/pages/ke-hoach.md");
            e.write("data/pages/Kế hoạch.md", text);
        }),
        case("unknown group", |e| e.cell("data/units.csv", 11, 4, "nhom3")),
        case("unknown unit", |e| e.cell("data/results.csv", 88, 1, "ldld-chau-thanhx")),
        case("unknown period", |e| e.append("data/targets.csv", "ldld-chau-doc,2024,400,2\n")),
        case("duplicate results row", |e| e.append("data/results.csv", "khoi-thi-dua-08,2022-08,32,3,0\n")),
        case("duplicate target row", |e| e.append("data/targets.csv", "ldld-chau-doc,2023,390,2\n")),
        case("month without its zero", |e| e.cell("data/results.csv", 13, 2, "2023-6")),
        case("months as a spreadsheet shows them, or outside every period", |e| {
            e.append("data/results.csv", "ldld-an-phu,Jun-23,20,1,0\nldld-an-phu,2023-07,20,1,0\n")
        }),
        case("period ends before it starts", |e| e.replace("data/campaign.yaml", "    to: 2023-06", "    to: 2022-06")),
        case("periods overlap", |e| e.replace("data/campaign.yaml", "    from: 2023-01", "    from: 2022-12")),
        case("campaign ends before it starts", |e| {
            e.replace("data/campaign.yaml", "ends: 2023-06-30", "ends: 2021-06-30")
        }),
        case("periods spanning a thousand years", |e| {
            e.replace("data/campaign.yaml", "    to: 2023-06", "    to: 2923-06")
        }),
        // ----- numbers -----
        case("figures that are not whole numbers", |e| {
            e.cell("data/results.csv", 12, 3, "12a");
            e.cell("data/results.csv", 13, 3, "1.410");
        }),
        case("a negative figure", |e| e.cell("data/results.csv", 40, 4, "-5")),
        case("a huge figure", |e| e.cell("data/results.csv", 41, 3, "12345678901234567890")),
        case("target zero and negative", |e| {
            e.cell("data/targets.csv", 7, 3, "0");
            e.cell("data/targets.csv", 7, 4, "-2");
        }),
        case("overall target zero", |e| e.replace("data/campaign.yaml", "{ members_net: 8000,", "{ members_net: 0,")),
        case("unknown metric in a rule", |e| {
            e.replace("data/groups.yaml", "metric: members_net", "metric: member_net")
        }),
        case("unknown metric in overall_target", |e| {
            e.replace("data/campaign.yaml", "{ members_net: 8000,", "{ member_net: 8000,")
        }),
        case("metric without columns", |e| e.delete("data/campaign.yaml", 13)),
        case("more than 20 unknown metrics in overall_target", |e| {
            let unknown: Vec<String> = (1..=23).map(|i| format!("chi_tieu_{i}: 10")).collect();
            e.set_line(
                "data/campaign.yaml",
                19,
                &format!("    overall_target: {{ members_net: 8000, {} }}", unknown.join(", ")),
            );
        }),
        case("more than 20 columns no metric reads", |e| {
            let names: Vec<String> = (1..=22).map(|i| format!("cot_{i}: \"Cột {i}\"")).collect();
            e.insert("data/campaign.yaml", 14, &format!("columns: {{ {} }}", names.join(", ")));
        }),
        case("a metric adds a column twice", |e| {
            e.replace("data/campaign.yaml", "plus: [members_added]", "plus: [members_added, members_added]")
        }),
        case("a metric adds and subtracts a column", |e| {
            e.replace("data/campaign.yaml", "minus: [members_lost]", "minus: [members_lost, members_added]")
        }),
        case("not a percentage", |e| e.replace("data/groups.yaml", "qualify_at: \"100%\"", "qualify_at: \"abc\"")),
        case("negative percentage", |e| e.replace("data/groups.yaml", "at: \"120%\"", "at: \"-5%\"")),
        case("decimal comma", |e| e.replace("data/groups.yaml", "at: \"110%\"", "at: \"110,5%\"")),
        case("bonus below qualify_at", |e| e.replace("data/groups.yaml", "at: \"110%\"", "at: \"90%\"")),
        case("two bonus levels at one percentage", |e| e.replace("data/groups.yaml", "at: \"120%\"", "at: \"110%\"")),
        case("a pool with basis: unit", |e| {
            e.replace("data/groups.yaml", "awards: { collective: 2, individual: 3 }", "awards: { any: 5 }")
        }),
        // ----- nominations -----
        case("over the quota", |e| {
            e.append("data/nominations.csv", "2022,ldld-cho-moi,individual,Lê Văn Tám,Chuyên viên\n")
        }),
        case("over the pooled quota", |e| {
            e.append("data/nominations.csv", "2022,nhom-4,collective,Công đoàn cơ sở Văn phòng,\n")
        }),
        case("did not qualify", |e| e.append("data/nominations.csv", "2022,khoi-thi-dua-08,individual,Lê Văn Tám,\n")),
        case("unknown period, kind, pooled unit, group", |e| {
            e.append(
                "data/nominations.csv",
                "2021,ldld-long-xuyen,individual,Lê Văn Tám,\n2022,ldld-long-xuyen,bằng khen,Lê Văn Tám,\n2022,van-phong,individual,Lê Văn Tám,\n2022,nhom-2,individual,Lê Văn Tám,\n",
            )
        }),
        // ----- pages and news -----
        case("front matter problems", |e| {
            e.write("data/pages/lien-he-2.md", "Liên hệ: Văn phòng LĐLĐ tỉnh\n");
            e.write("data/news/2023-07-05-ket-qua.md", "---\ntitle: \"Kết quả năm 2022\ndate: 2023-07-05\n---\nText\n");
            e.write("data/news/2023-07-06-ket-qua-2.md", "---\ntitle: \"Kết quả\"\ndate: 05/07/2023\n---\nText\n");
            e.write("data/pages/lien-he.md", "---\nweight: 2\n---\nText\n");
            e.write("data/news/tin.md", "---\ntitle: \"Tin\"\n---\nText\n");
        }),
        case("a page nested too deeply", |e| {
            // A run of `>`, from an email quoted over and over.
            e.append("data/pages/ke-hoach.md", &format!("{} Trích thư\n", ">".repeat(40)))
        }),
        case("HTML left open, with allow_html", |e| {
            e.append("data/site.yaml", "allow_html: true\n");
            // A `<div>` per paragraph, never closed.
            e.append("data/pages/ke-hoach.md", &"<div>\n\n".repeat(200));
        }),
        case("HTML closed out of order, over and over", |e| {
            e.append("data/site.yaml", "allow_html: true\n");
            // 30 `<b>` under 94 lists, closed from below the lists: each `</b>` makes the
            // parser move a `<b>` up through 8 of them, walking its stack for each, without
            // the page nesting any deeper. The parser's work passes its bound on line 170.
            let open: String = (0..30).map(|i| format!("<b id={i}>")).collect();
            let line =
                format!("<div>{open}{}{}{}</div>\n", "<ul>".repeat(94), "</b>".repeat(30 * 12), "</ul>".repeat(94));
            e.append("data/pages/ke-hoach.md", &format!("\n{}", line.repeat(100)));
        }),
        case("two files at one address", |e| {
            e.write("data/news/2023-01-05-phat-dong.md", "---\ntitle: \"Phát động đợt 2\"\n---\nText\n");
            e.write("data/pages/groups.md", "---\ntitle: \"Các nhóm\"\n---\nText\n");
        }),
        case("two groups share a download", |e| {
            e.append(
                "data/groups.yaml",
                "  - id: khoi-10\n    name: \"Khối 10\"\n    rule: { metric: members_net, qualify_at: \"100%\", awards: { collective: 1 } }\n  - id: khoi\n    name: \"Khối\"\n    rule: { metric: members_net, qualify_at: \"100%\", awards: { collective: 1 } }\n",
            );
            e.append("data/campaign.yaml", "  - id: 10-2022\n    from: 2023-07\n    to: 2023-12\n");
        }),
        case("a theme prints data unescaped", |e| {
            e.set_line("data/site.yaml", 4, "theme: xanh");
            let lines = "{% extends \"base.html\" %}\n{% block content %}\n".to_string() + &"\n".repeat(9);
            e.write(
                "themes/xanh/templates/unit.html",
                lines + "<h1 lang=\"vi\">{{ unit.name | safe }}</h1>\n{% endblock content %}\n",
            );
        }),
        case("award counts too large", |e| {
            e.set_line("data/groups.yaml", 10, "      awards: { collective: 4294967295, individual: 5 }");
            e.set_line("data/groups.yaml", 23, "        - { at: \"120%\", add: { individual: 4294967295 } }");
            e.set_line("data/campaign.yaml", 21, "    national_awards: { collective: 4294967295, individual: 3 }");
        }),
        case("a pool in a bonus of a unit-by-unit group", |e| {
            e.set_line("data/groups.yaml", 22, "        - { at: \"110%\", add: { any: 1 } }");
        }),
        case("metric totals too large", |e| {
            // 101 cells of 10^12 pass 10^14 in the 101st: line 102.
            for line in 2..=102 {
                e.cell("data/results.csv", line, 3, "1000000000000");
                e.cell("data/results.csv", line, 4, "1000000000000");
            }
        }),
        case("theme errors", |e| {
            e.set_line("data/site.yaml", 4, "theme: xanh");
            let theme = e.project.join("themes/xanh");
            fs::create_dir_all(theme.join("templates")).unwrap();
            fs::create_dir_all(theme.join("i18n")).unwrap();
            fs::create_dir_all(theme.join("static")).unwrap();
            fs::write(
                theme.join("templates/unit.html"),
                "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ unit.name }}</h1>\n{% endif %}\n",
            )
            .unwrap();
            fs::write(theme.join("i18n/vi.yaml"), "footer_note: \"Văn phòng LĐLĐ tỉnh\"\n").unwrap();
            fs::write(theme.join("static/index.html"), "<p>Trang chủ</p>\n").unwrap();
        }),
        case("theme static files where the build writes folders, and many unknown strings", |e| {
            e.set_line("data/site.yaml", 4, "theme: xanh");
            e.write("themes/xanh/static/groups", "<p>Các nhóm</p>\n");
            e.write("themes/xanh/static/assets/style.css/toi.css", "body { color: navy }\n");
            let keys: String = (1..=22).map(|i| format!("chuoi_{i}: \"Chuỗi {i}\"\n")).collect();
            e.write("themes/xanh/i18n/vi.yaml", keys);
        }),
        // ----- the output folder -----
        case("a folder podium did not make", |e| {
            fs::create_dir(e.home.join("Documents")).unwrap();
            fs::write(e.home.join("Documents/bao-cao.docx"), "keep").unwrap();
            e.args(&["build", "-o", "~/Documents"]);
        }),
        case("the home folder", |e| e.args(&["build", "-o", "~", "--force"])),
        case("--base-url not an address", |e| e.args(&["build", "--base-url", "example.org/thi-dua"])),
        case("the data folder", |e| e.args(&["build", "-o", "data", "--force"])),
        case("a file", |e| {
            e.write("ghi-chu.txt", "keep");
            e.args(&["build", "-o", "ghi-chu.txt", "--force"]);
        }),
        case("a link to nothing", |e| {
            std::os::unix::fs::symlink(e.home.join("www/thi-dua"), e.file("site")).unwrap();
            e.args(&["build"]);
        }),
        case("paths too long", |e| {
            for f in ["data/units.csv", "data/targets.csv", "data/results.csv"] {
                let text = fs::read_to_string(e.file(f)).unwrap();
                e.write(f, text.replace("ldld-an-phu,", &format!("{LONG_ID},")));
            }
            // Linux refuses paths of 4,096 bytes or more. The staging folder is the project
            // folder + `/.site.podium-tmp-<pid>` (19–25 bytes); every file of the site fits
            // below it but the folder of the unit with the long id.
            let mut deep = e.home.join("thi-dua-backup");
            while deep.as_os_str().len() < 4020 - 200 {
                deep.push("d".repeat(199));
            }
            deep.push("d".repeat(4020 - 1 - deep.as_os_str().len()));
            assert_eq!(deep.as_os_str().len(), 4020);
            e.move_project(&deep);
            e.args(&["build"]);
        }),
        // ----- other usage errors -----
        case("SOURCE_DATE_EPOCH not a number", |e| {
            e.args(&["build"]);
            e.var("SOURCE_DATE_EPOCH", "abc");
        }),
        case("SOURCE_DATE_EPOCH out of range", |e| {
            e.args(&["build"]);
            e.var("SOURCE_DATE_EPOCH", "-99999999999999");
        }),
        case("explain: unknown unit", |e| e.args(&["explain", "ldld-long-xuyn"])),
        case("explain: a group judged unit by unit", |e| e.args(&["explain", "nhom-1"])),
        case("explain: unknown period", |e| e.args(&["explain", "ldld-long-xuyen", "--period", "2024"])),
        // ----- warnings -----
        case("no target", |e| e.keep("data/targets.csv", |_, l| !l.starts_with("ldld-an-phu,2023,"))),
        case("not reported", |e| e.keep("data/results.csv", |_, l| !l.starts_with("ldld-an-phu,2023-06,"))),
        case("ten times the usual", |e| e.cell("data/results.csv", 210, 3, "1450")),
        case("a period with no results yet", |e| {
            e.keep("data/results.csv", |_, l| !l.contains(",2023-"));
            e.remove("data/nominations.csv");
        }),
        case("no overall target for a pooled group", |e| {
            e.replace(
                "data/campaign.yaml",
                "overall_target: { members_net: 4500, unions_founded: 25 }",
                "overall_target: { unions_founded: 25 }",
            )
        }),
        case("no results at all", |e| {
            e.keep("data/results.csv", |_, _| false);
            e.remove("data/nominations.csv");
        }),
        case("a pages folder linked outside the project", |e| {
            let elsewhere = e.home.join("Tài liệu/trang");
            fs::create_dir_all(elsewhere.parent().unwrap()).unwrap();
            fs::rename(e.file("data/pages"), &elsewhere).unwrap();
            std::os::unix::fs::symlink(&elsewhere, e.file("data/pages")).unwrap();
        }),
        case("files linked outside the project, to nothing, or in a circle", |e| {
            let elsewhere = e.home.join("Tài liệu/ket-qua.md");
            fs::create_dir_all(elsewhere.parent().unwrap()).unwrap();
            fs::write(&elsewhere, "---\ntitle: \"Kết quả năm 2022\"\ndate: 2023-07-05\n---\nText\n").unwrap();
            std::os::unix::fs::symlink(&elsewhere, e.file("data/news/2023-07-05-ket-qua.md")).unwrap();
            std::os::unix::fs::symlink("../cu/lien-he.md", e.file("data/pages/lien-he.md")).unwrap();
            e.set_line("data/site.yaml", 4, "theme: xanh");
            e.write("themes/xanh/static/assets/logo.svg", "<svg/>\n");
            std::os::unix::fs::symlink("..", e.file("themes/xanh/static/anh")).unwrap();
        }),
        case("build's warning cap", |e| {
            e.keep("data/results.csv", |_, l| !l.contains(",2023-06,") || l.starts_with("ldld-long-xuyen,"));
            let no_target = [
                "ldld-an-phu",
                "ldld-tri-ton",
                "cd-nganh-y-te",
                "ldld-phu-tan",
                "khoi-thi-dua-09",
                "khoi-thi-dua-10",
                "ldld-tan-chau",
            ];
            e.keep("data/targets.csv", |_, l| !no_target.iter().any(|u| l.starts_with(&format!("{u},2023,"))));
            e.args(&["build"]);
        }),
    ]
}

/// The unchanged sample: what it prints (the empty base_url warning …) is
/// printed by most cases too, so it does not count as a case's own line.
fn baseline() -> Case {
    case("the sample as it is", |_| {})
}

/// `2 errors, 1 warning`: printed by many cases, so not a case's own line either.
fn is_count(line: &str) -> bool {
    let words: Vec<&str> = line.split(' ').collect();
    matches!(words[..], [n, e, m, w] if n.parse::<u32>().is_ok() && m.parse::<u32>().is_ok()
        && (e == "error," || e == "errors,") && (w == "warning" || w == "warnings"))
}

/// Runs every case; returns (name, output lines).
fn run_cases(cases: &[Case]) -> Vec<(&'static str, Vec<String>)> {
    let run_one = |c: &Case| {
        let home = tempfile::tempdir().unwrap();
        let mut env = Env::new(home.path());
        (c.setup)(&mut env);
        let lines = run_in(&env, true);
        if std::env::var_os("DOCS_PRINT").is_some() {
            println!("== {}\n{}\n", c.name, lines.join("\n"));
        }
        (c.name, lines)
    };
    // Two workers: the cases are independent, each in its own temporary folder.
    std::thread::scope(|s| {
        let (a, b): (Vec<_>, Vec<_>) = cases.iter().enumerate().partition(|(i, _)| i % 2 == 0);
        let ha = s.spawn(move || a.into_iter().map(|(i, c)| (i, run_one(c))).collect::<Vec<_>>());
        let hb = s.spawn(move || b.into_iter().map(|(i, c)| (i, run_one(c))).collect::<Vec<_>>());
        let mut all = ha.join().unwrap();
        all.extend(hb.join().unwrap());
        all.sort_by_key(|(i, _)| *i);
        all.into_iter().map(|(_, r)| r).collect()
    })
}

#[test]
fn every_message_the_docs_quote_is_printed_by_a_case() {
    let (quotes, _) = docs();
    assert!(quotes.len() > 80, "the docs quote {} lines: is the block syntax still read?", quotes.len());
    let mut cases = cases();
    cases.push(baseline());
    let mut outputs = run_cases(&cases);
    let (_, common) = outputs.pop().unwrap();
    let quoted: BTreeSet<&str> = quotes.iter().map(|q| q.text.as_str()).collect();
    let printed: BTreeSet<&str> =
        outputs.iter().flat_map(|(_, lines)| lines).chain(&common).map(String::as_str).collect();

    let mut problems = Vec::new();
    for q in &quotes {
        if !printed.contains(q.text.as_str()) {
            // The printed lines that start like it, to show what differs.
            let key: String = q.text.chars().take(24).collect();
            let near: Vec<&str> = printed.iter().copied().filter(|p| p.starts_with(&key)).collect();
            problems.push(format!(
                "{}:{}: no case prints this line:\n    {}\n  printed lines that start alike:\n    {}",
                q.doc,
                q.line,
                q.text,
                if near.is_empty() { "(none)".to_string() } else { near.join("\n    ") }
            ));
        }
    }
    // Each case is there for a line of the docs that the unchanged sample does not print.
    for (name, lines) in &outputs {
        let own = |l: &&String| !common.contains(l) && !is_count(l);
        if !lines.iter().filter(own).any(|l| quoted.contains(l.as_str())) {
            problems.push(format!(
                "case `{name}` prints no line of its own that the docs quote: it printed\n    {}",
                lines.join("\n    ")
            ));
        }
    }
    assert!(problems.is_empty(), "{} problems:\n\n{}", problems.len(), problems.join("\n\n"));
}

#[test]
fn every_transcript_in_the_docs_is_what_podium_prints() {
    let (_, transcripts) = docs();
    assert!(!transcripts.is_empty(), "the docs show no transcript: is the block syntax still read?");
    let mut problems = Vec::new();
    for t in &transcripts {
        let home = tempfile::tempdir().unwrap();
        let mut env = Env::new(home.path());
        for (command, expected) in &t.steps {
            let words: Vec<&str> = command.split_whitespace().collect();
            assert_eq!(words.first(), Some(&"podium"), "{}:{}: a transcript runs podium: {command}", t.doc, t.line);
            env.args(&words[1..]);
            let actual = run_in(&env, false);
            if &actual != expected {
                problems.push(format!(
                    "{}:{}: `{command}`\n  the docs show:\n    {}\n  podium prints:\n    {}",
                    t.doc,
                    t.line,
                    expected.join("\n    "),
                    actual.join("\n    ")
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
