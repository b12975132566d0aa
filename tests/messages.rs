//! The message catalogues (messages/vi.ftl, messages/en.ftl, issue 14):
//! - both hold the same ids, and each entry uses the same arguments in both;
//! - every `msg!("id", arg = …)` in src/ names an entry of both catalogues and
//!   passes exactly the arguments the entry uses; no entry is left unused;
//! - `podium check` on a broken project speaks the project's language (`language:
//!   vi` → Vietnamese), and English with `--lang en` (insta snapshots of both), and
//!   the summary lines of `check` and `build` follow the same choice.

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// An entry's arguments (`$name`) in its value and attributes, by id.
fn catalogue(name: &str) -> BTreeMap<String, BTreeSet<String>> {
    let text = fs::read_to_string(repo().join("messages").join(name)).unwrap();
    let mut entries: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let body = if line.starts_with(' ') {
            // An attribute or a continuation of the entry above.
            line
        } else {
            let (id, value) = line.split_once(" = ").unwrap_or_else(|| panic!("{name}: not an entry: {line}"));
            assert!(entries.insert(id.to_string(), BTreeSet::new()).is_none(), "{name}: `{id}` twice");
            current = Some(id.to_string());
            value
        };
        let id = current.as_ref().unwrap_or_else(|| panic!("{name}: a continuation before any entry"));
        let args = entries.get_mut(id).unwrap();
        for part in body.split("{ $").skip(1) {
            let arg: String = part.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            assert!(!arg.is_empty(), "{name}: `$` without a name in `{id}`");
            args.insert(arg);
        }
    }
    entries
}

/// Every `msg!(…)` of src/: id → the argument names of each use.
fn uses() -> BTreeMap<String, Vec<(String, BTreeSet<String>)>> {
    let mut found: BTreeMap<String, Vec<(String, BTreeSet<String>)>> = BTreeMap::new();
    let mut files = Vec::new();
    walk(&repo().join("src"), &mut files);
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        // Comments show how to call the macro; they are not uses.
        let code: String =
            text.lines().filter(|l| !l.trim_start().starts_with("//")).map(|l| format!("{l}\n")).collect();
        let rel = file.strip_prefix(repo()).unwrap().display().to_string();
        let mut rest = code.as_str();
        while let Some(i) = rest.find("msg!(") {
            rest = &rest[i + 5..];
            // The macro's arguments: up to the parenthesis that closes it.
            let mut depth = 1;
            let mut end = 0;
            let mut in_str = false;
            let mut prev = ' ';
            for (j, c) in rest.char_indices() {
                match c {
                    '"' if prev != '\\' => in_str = !in_str,
                    '(' | '[' | '{' if !in_str => depth += 1,
                    ')' | ']' | '}' if !in_str => {
                        depth -= 1;
                        if depth == 0 {
                            end = j;
                            break;
                        }
                    }
                    _ => {}
                }
                prev = c;
            }
            let inner = &rest[..end];
            // Top-level parts, split on commas outside brackets and strings.
            let mut parts = Vec::new();
            let (mut depth, mut in_str, mut prev, mut start) = (0, false, ' ', 0);
            for (j, c) in inner.char_indices() {
                match c {
                    '"' if prev != '\\' => in_str = !in_str,
                    '(' | '[' | '{' | '<' if !in_str => depth += 1,
                    ')' | ']' | '}' | '>' if !in_str && depth > 0 => depth -= 1,
                    ',' if !in_str && depth == 0 => {
                        parts.push(inner[start..j].trim());
                        start = j + 1;
                    }
                    _ => {}
                }
                prev = c;
            }
            parts.push(inner[start..].trim());
            let id = parts[0];
            assert!(id.starts_with('"') && id.ends_with('"'), "{rel}: msg! without a literal id: {inner}");
            let args = parts[1..]
                .iter()
                .filter(|p| !p.is_empty())
                .map(|p| p.split_once('=').unwrap_or_else(|| panic!("{rel}: {id}: not `name = value`: {p}")).0.trim())
                .map(str::to_string)
                .collect();
            found.entry(id.trim_matches('"').to_string()).or_default().push((rel.clone(), args));
        }
    }
    found
}

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn both_catalogues_hold_the_same_entries_with_the_same_arguments() {
    let (vi, en) = (catalogue("vi.ftl"), catalogue("en.ftl"));
    let only_vi: Vec<&String> = vi.keys().filter(|k| !en.contains_key(*k)).collect();
    let only_en: Vec<&String> = en.keys().filter(|k| !vi.contains_key(*k)).collect();
    assert!(only_vi.is_empty() && only_en.is_empty(), "only in vi.ftl: {only_vi:?}; only in en.ftl: {only_en:?}");
    for (id, args) in &vi {
        assert_eq!(args, &en[id], "`{id}` uses other arguments in vi.ftl than in en.ftl");
    }
    assert!(vi.len() > 140, "the catalogues hold {} entries", vi.len());
}

#[test]
fn every_message_the_code_uses_is_in_the_catalogues_and_every_entry_is_used() {
    let entries = catalogue("en.ftl");
    let uses = uses();
    for (id, calls) in &uses {
        let Some(args) = entries.get(id) else {
            panic!("{}: `{id}` is in no catalogue", calls[0].0);
        };
        for (file, passed) in calls {
            assert_eq!(passed, args, "{file}: `{id}` is given other arguments than the catalogues use");
        }
    }
    let unused: Vec<&String> = entries.keys().filter(|id| !uses.contains_key(*id)).collect();
    assert!(unused.is_empty(), "entries no code uses: {unused:?}");
}

#[test]
fn vietnamese_is_written_in_composed_form_without_hidden_characters() {
    use unicode_normalization::UnicodeNormalization;
    for name in ["vi.ftl", "en.ftl"] {
        let text = fs::read_to_string(repo().join("messages").join(name)).unwrap();
        assert_eq!(text.nfc().collect::<String>(), text, "{name} is not in NFC");
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{name} holds a control character");
    }
}

// ----- what podium prints -----

/// A copy of the `basic` fixture (language: vi) with mistakes in every YAML file, a
/// page and a theme: problems of many kinds, errors and warnings.
fn broken() -> tempfile::TempDir {
    let dir = copy_fixture("basic");
    let data = dir.path().join("data");
    let edit = |file: &str, from: &str, to: &str| {
        let p = data.join(file);
        let text = fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{file} holds {from}");
        fs::write(&p, text.replacen(from, to, 1)).unwrap();
    };
    edit("site.yaml", "base_url: \"https://example.org/thi-dua\"\n", "");
    edit("site.yaml", "footer:", "theme: mine\nfooter:");
    fs::create_dir_all(dir.path().join("themes/mine/templates")).unwrap();
    let page = include_str!("../themes/default/templates/page.html").replacen("{{ title }}", "{{ title | safe }}", 1);
    assert!(page.contains("| safe"));
    fs::write(dir.path().join("themes/mine/templates/page.html"), page).unwrap();
    edit("campaign.yaml", "ends: 2023-03-31", "ends: 2023-02-30");
    edit("campaign.yaml", "overall_target: { members_net: 500,", "overall_target: { members_nett: 500,");
    edit("groups.yaml", "qualify_at: \"100%\"", "qualify_at: \"99,5%\"");
    edit("groups.yaml", "- { at: \"110%\", add: { individual: 1 } }", "- { at: \"90%\", add: { individual: 1 } }");
    fs::write(data.join("pages/ke-hoach.md"), "# no front matter\n").unwrap();
    fs::write(data.join("news/launch.md"), "---\ntitle: \"Launch\"\n---\nText\n").unwrap();
    fs::write(data.join("pages/muc-tieu.md"), "---\ntitle: \"Mục tiêu\"\ntitel: \"x\"\n---\nText\n").unwrap();
    dir
}

fn check_output(project: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["check", path(project)];
    args.extend_from_slice(extra);
    let out = run(&args);
    let text = stderr(&out) + &stdout(&out);
    (out.status.code().unwrap(), text.replace(path(project), "PROJECT"))
}

#[test]
fn check_speaks_the_projects_language_and_english_when_asked() {
    let project = broken();
    let (status, vi) = check_output(project.path(), &[]);
    assert_eq!(status, 1, "{vi}");
    insta::assert_snapshot!("check_broken_vi", vi);
    let (status, en) = check_output(project.path(), &["--lang", "en"]);
    assert_eq!(status, 1, "{en}");
    insta::assert_snapshot!("check_broken_en", en);
    // The same problems, in the same order, one line each.
    assert_eq!(vi.lines().count(), en.lines().count());
    assert!(vi.lines().last().unwrap().ends_with(" lỗi, 2 cảnh báo"), "{vi}");
    assert!(en.lines().last().unwrap().ends_with(" errors, 2 warnings"), "{en}");
    // `--lang vi` on an English project says it in Vietnamese, before or after the command.
    let (_, again) = check_output(project.path(), &["--lang", "vi"]);
    assert_eq!(again, vi);
    let out = run(&["--lang", "en", "check", path(project.path())]);
    assert_eq!(stderr(&out).replace(path(project.path()), "PROJECT"), en);
}

#[test]
fn summary_lines_follow_the_language() {
    let project = copy_fixture("basic");
    let ok = run_ok(&["check", path(project.path())]);
    assert_eq!(ok, "hợp lệ: 4 đơn vị thuộc 2 nhóm, 2 giai đoạn, số liệu đến 2023-03\n");
    let ok = run_ok(&["check", path(project.path()), "--lang", "en"]);
    assert_eq!(ok, "ok: 4 units in 2 groups, 2 periods, data up to 2023-03\n");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let built = run(&["build", path(project.path()), "-o", path(&site)]);
    let said = stderr(&built);
    assert!(said.starts_with("đã tạo ") && said.contains(" trang trong "), "{said}");
    let built = run(&["build", path(project.path()), "-o", path(&site), "--lang", "en"]);
    let said = stderr(&built);
    assert!(said.starts_with("built ") && said.contains(" unchanged)"), "{said}");
}

#[test]
fn a_site_yaml_that_cannot_be_read_leaves_vietnamese_unless_asked() {
    let project = copy_fixture("two-individual"); // language: en
    let site = project.path().join("data/site.yaml");
    let (_, en) = check_output(project.path(), &["--deny-warnings"]);
    assert!(!en.contains("lỗi"), "{en}");
    fs::write(&site, "title: [unclosed\nlanguage: en\n").unwrap();
    let (status, vi) = check_output(project.path(), &[]);
    assert_eq!(status, 1);
    assert!(vi.starts_with("data/site.yaml:"), "{vi}");
    assert!(vi.contains(": lỗi: "), "{vi}");
    let (_, en) = check_output(project.path(), &["--lang", "en"]);
    assert!(en.contains(": error: "), "{en}");
    // Usage errors too: no project there.
    let out = run(&["check", "/nonexistent/podium-project"]);
    assert_eq!(
        stderr(&out),
        "/nonexistent/podium-project: lỗi: không có thư mục này — kiểm tra lại tên và vị trí của thư mục dự án (podium build ĐƯỜNG-DẪN), hoặc chạy podium ngay trong thư mục đó\n"
    );
}

/// The lines `check` prints for `project` (the folder written PROJECT), in the project's
/// language and with `--lang en`.
fn both_languages(project: &Path) -> (Vec<String>, Vec<String>) {
    let lines = |extra: &[&str]| -> Vec<String> {
        let (status, text) = check_output(project, extra);
        assert_eq!(status, 1, "{text}");
        text.lines().map(str::to_string).collect()
    };
    (lines(&[]), lines(&["--lang", "en"]))
}

#[test]
fn the_tables_messages_speak_the_projects_language_and_name_other_lines() {
    // The sample (language: vi) with a unit id repeated at the end of units.csv (its first
    // row is line 2), an unknown unit and a decimal in results.csv, an empty name.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("data"), &dir.path().join("data"));
    append(dir.path(), "units.csv", "ldld-long-xuyen,Trùng mã,,nhom-1,\n");
    replace(dir.path(), "results.csv", "ldld-long-xuyen,2022-01,66,2,", "ldld-long-xuyenn,2022-01,66,2.5,");
    replace(dir.path(), "nominations.csv", "Công đoàn cơ sở Công ty TNHH Thủy sản Mẫu 7", "");
    let (vi, en) = both_languages(dir.path());
    assert_eq!(
        vi,
        [
            "data/nominations.csv:2:4: lỗi: tên được đề nghị đang để trống — hãy ghi tên cá nhân hoặc tập thể được đề nghị khen thưởng",
            "data/results.csv:2:1: lỗi: không có đơn vị `ldld-long-xuyenn` — có phải là `ldld-long-xuyen` không? hãy dùng một mã đơn vị trong units.csv, hoặc thêm đơn vị vào đó trước",
            "data/results.csv:2:4: lỗi: `2.5` không phải là số nguyên — chỉ ghi chữ số, không có dấu chấm, dấu phẩy hay dấu cách, ví dụ 1410",
            "data/site.yaml:3:1: cảnh báo: base_url đang để trống, nên feed.xml và sitemap.xml không ghi được địa chỉ đầy đủ — hãy đặt `base_url:` là địa chỉ nơi trang web được đăng, ví dụ https://example.org/thi-dua (bỏ qua cảnh báo này nếu trang chỉ được xem từ ổ đĩa)",
            "data/units.csv:23:1: lỗi: mã đơn vị `ldld-long-xuyen` bị trùng (lần đầu ở dòng 2) — mỗi đơn vị phải có một mã riêng: hãy xóa dòng lặp lại hoặc đổi mã của một đơn vị",
            "4 lỗi, 1 cảnh báo",
        ]
    );
    assert_eq!(
        en,
        [
            "data/nominations.csv:2:4: error: the name is empty — write the awardee's name",
            "data/results.csv:2:1: error: unknown unit `ldld-long-xuyenn` — did you mean `ldld-long-xuyen`? use an id from units.csv, or add the unit there first",
            "data/results.csv:2:4: error: `2.5` is not a whole number — write digits only, without dots, commas or spaces, e.g. 1410",
            "data/site.yaml:3:1: warning: base_url is empty, so feed.xml and sitemap.xml cannot give absolute addresses — set `base_url:` to the address where the site is published, e.g. https://example.org/thi-dua (ignore this for a site read only from disk)",
            "data/units.csv:23:1: error: duplicate unit id `ldld-long-xuyen` (first on line 2) — every unit needs its own id: remove the repeated row or rename one",
            "4 errors, 1 warning",
        ]
    );
}
