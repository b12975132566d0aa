//! Issue 16: behaviour the docs promise that no other test guarded. Each test
//! names the page of docs/ it holds to; most start from a copy of the sample
//! project (the repository's `data/`), whose names the docs use.

mod common;

use common::*;
use std::fs;
use std::path::Path;
use std::process::Output;

/// A temporary copy of the sample project (its `data/` folder).
fn sample() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("data"), &dir.path().join("data"));
    dir
}

fn append(project: &Path, rel: &str, text: &str) {
    let path = project.join(rel);
    let mut content = fs::read_to_string(&path).unwrap();
    content.push_str(text);
    fs::write(path, content).unwrap();
}

fn write(project: &Path, rel: &str, text: &str) {
    let path = project.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Builds `project` into `project/site`, asserting success; returns the site folder.
fn build_site(project: &Path) -> std::path::PathBuf {
    let site = project.join("site");
    build(project, &site);
    site
}

fn assert_status(out: &Output, code: i32) {
    assert_eq!(out.status.code(), Some(code), "stdout:\n{}\nstderr:\n{}", stdout(out), stderr(out));
}

/// The `href`s of the main navigation of an HTML page, in order.
fn nav(html: &str) -> Vec<String> {
    let start = html.find("<nav aria-label=").expect("a main navigation");
    let block = &html[start..start + html[start..].find("</nav>").unwrap()];
    block.split("href=\"").skip(1).map(|s| s.split('"').next().unwrap().to_string()).collect()
}

/// The news slugs linked from a list (the news page, the overview), in order.
fn news_links(html: &str, prefix: &str) -> Vec<String> {
    html.split(&format!("href=\"{prefix}"))
        .skip(1)
        .map(|s| s.split('/').next().unwrap().to_string())
        .filter(|slug| !slug.contains('"')) // news/index.html: the list itself
        .collect()
}

// ----- nominations (docs/rules.md §9, troubleshooting.md "Over the quota") -----

#[test]
fn a_tenth_name_for_the_pooled_nhom_4_is_refused() {
    // Nhóm 4 earned a pool of 8 of either kind + 1 individual in 2022; the sample names 9.
    let project = sample();
    run_ok(&["check", "--lang", "en", path(project.path())]);
    append(project.path(), "data/nominations.csv", "2022,nhom-4,collective,Lê Văn Tám,Chuyên viên\n");
    let out = run(&["check", "--lang", "en", path(project.path())]);
    assert_status(&out, 1);
    assert!(
        stderr(&out).starts_with(
            "data/nominations.csv:39: error: one collective name too many for `nhom-4` in period `2022`: it earned 8 of either kind + 1 individual — remove this row or move it to another kind the quota allows\n"
        ),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).ends_with("1 error, 1 warning\n"), "{}", stderr(&out));
    // Nor may the build publish it.
    let out = run(&["build", "--lang", "en", path(project.path()), "--quiet"]);
    assert_status(&out, 1);
    assert!(!project.path().join("site").exists());
}

#[test]
fn a_tenth_individual_name_for_nhom_4_is_refused_too() {
    let project = sample();
    append(project.path(), "data/nominations.csv", "2022,nhom-4,individual,Lê Văn Tám,Chuyên viên\n");
    let out = run(&["check", "--lang", "en", path(project.path())]);
    assert_status(&out, 1);
    assert!(
        stderr(&out).contains("data/nominations.csv:39: error: one individual name too many for `nhom-4` in period `2022`: it earned 8 of either kind + 1 individual"),
        "{}",
        stderr(&out)
    );
}

// ----- pages and news (docs/formats.md, docs/site.md) -----

const DRAFT_PAGE: &str = "---\ntitle: \"Nội bộ BẢN NHÁP\"\ndraft: true\n---\nChưa công bố.\n";
const DRAFT_NEWS: &str = "---\ntitle: \"Tin BẢN NHÁP\"\nsummary: \"Chưa công bố\"\ndraft: true\n---\nChưa công bố.\n";

#[test]
fn draft_pages_and_news_are_not_published_anywhere() {
    let project = sample();
    write(project.path(), "data/pages/noi-bo.md", DRAFT_PAGE);
    write(project.path(), "data/news/2023-07-01-nhap.md", DRAFT_NEWS);
    let site = build_site(project.path());
    assert!(!site.join("noi-bo").exists(), "no page");
    assert!(!site.join("news/nhap").exists(), "no news post");
    for (name, bytes) in tree(&site) {
        let text = String::from_utf8_lossy(&bytes);
        for marker in ["BẢN NHÁP", "noi-bo", "news/nhap"] {
            assert!(!text.contains(marker), "{name} mentions the draft ({marker})");
        }
    }
    // The same files without `draft: true` are published: the test looks where they would show.
    let project = sample();
    write(project.path(), "data/pages/noi-bo.md", &DRAFT_PAGE.replace("draft: true\n", ""));
    write(project.path(), "data/news/2023-07-01-nhap.md", &DRAFT_NEWS.replace("draft: true\n", "draft: false\n"));
    let site = build_site(project.path());
    assert!(site.join("noi-bo/index.html").is_file());
    assert!(site.join("news/nhap/index.html").is_file());
    let index = read(&site, "index.html");
    assert!(nav(&index).contains(&"noi-bo/index.html".to_string()), "in the navigation");
    assert!(news_links(&index, "news/").contains(&"nhap".to_string()), "on the overview");
    assert!(news_links(&read(&site, "news/index.html"), "../news/").contains(&"nhap".to_string()));
    assert!(read(&site, "feed.xml").contains("<title>Tin BẢN NHÁP</title>"), "in the feed");
    let sitemap = read(&site, "sitemap.xml");
    assert!(sitemap.contains("noi-bo/") && sitemap.contains("news/nhap/"), "{sitemap}");
}

#[test]
fn pages_are_ordered_in_the_navigation_by_weight_then_slug() {
    let project = sample();
    let page = |title: &str, weight: Option<i64>| match weight {
        Some(w) => format!("---\ntitle: \"{title}\"\nweight: {w}\n---\nText\n"),
        None => format!("---\ntitle: \"{title}\"\n---\nText\n"),
    };
    // The sample's ke-hoach.md has no weight (0).
    write(project.path(), "data/pages/lien-he.md", &page("Liên hệ", Some(10)));
    write(project.path(), "data/pages/huong-dan.md", &page("Hướng dẫn", Some(-1)));
    write(project.path(), "data/pages/bieu-mau.md", &page("Biểu mẫu", Some(10)));
    write(project.path(), "data/pages/a-gioi-thieu.md", &page("Giới thiệu", Some(2)));
    let site = build_site(project.path());
    let expected = [
        "index.html",
        "groups/index.html",
        "units/index.html",
        "awards/index.html",
        "months/index.html",
        "news/index.html",
        "huong-dan/index.html",    // -1
        "ke-hoach/index.html",     // 0
        "a-gioi-thieu/index.html", // 2
        "bieu-mau/index.html",     // 10, b before l
        "lien-he/index.html",      // 10
    ];
    assert_eq!(nav(&read(&site, "index.html")), expected);
    // Every page has the same menu (relative to its own place).
    let from_unit: Vec<String> =
        nav(&read(&site, "units/ldld-an-phu/index.html")).iter().map(|h| h.replacen("../../", "", 1)).collect();
    assert_eq!(from_unit, expected);
}

#[test]
fn news_take_their_date_from_the_front_matter_or_the_file_name_and_list_newest_first() {
    let project = sample();
    let post = |title: &str, date: Option<&str>| match date {
        Some(d) => format!("---\ntitle: \"{title}\"\ndate: {d}\n---\nText\n"),
        None => format!("---\ntitle: \"{title}\"\n---\nText\n"),
    };
    // The sample has phat-dong of 2022-03-10 (in its front matter and its name).
    write(project.path(), "data/news/2023-01-16-quyet-dinh.md", &post("Quyết định khen thưởng", None));
    // `date:` wins over the file name.
    write(project.path(), "data/news/2022-01-01-so-ket.md", &post("Sơ kết 6 tháng", Some("2022-07-15")));
    // No date in the name: the front matter gives it.
    write(project.path(), "data/news/huong-dan.md", &post("Hướng dẫn báo cáo", Some("2022-04-02")));
    // The same date: ordered by slug.
    write(project.path(), "data/news/2023-01-16-bao-cao.md", &post("Báo cáo", None));
    let site = build_site(project.path());
    let newest_first = ["bao-cao", "quyet-dinh", "so-ket", "huong-dan", "phat-dong"];

    let list = read(&site, "news/index.html");
    assert_eq!(news_links(&list, "../news/"), newest_first);
    for date in ["16/01/2023", "15/07/2022", "02/04/2022", "10/03/2022"] {
        assert!(list.contains(&format!(">{date}</time>")), "{date} on the news page");
    }
    assert!(list.contains("datetime=\"2022-07-15\""), "the front matter's date wins over the file name's");
    assert!(!list.contains("01/01/2022"), "the file name's date is not used when date: is set");
    let post_page = read(&site, "news/so-ket/index.html");
    assert!(post_page.contains("15/07/2022"), "the post shows its date");

    // The overview shows the latest five, newest first.
    assert_eq!(news_links(&read(&site, "index.html"), "news/"), newest_first);
    // The feed: newest first, each with its date.
    let feed = read(&site, "feed.xml");
    let entries: Vec<&str> = feed.split("<entry>").skip(1).collect();
    let slugs: Vec<String> =
        entries.iter().map(|e| e.split("news/").nth(1).unwrap().split('/').next().unwrap().to_string()).collect();
    assert_eq!(slugs, newest_first);
    assert!(entries[2].contains("<updated>2022-07-15T00:00:00Z</updated>"), "{}", entries[2]);
    assert!(entries[3].contains("<updated>2022-04-02T00:00:00Z</updated>"), "{}", entries[3]);
}

#[test]
fn the_overview_lists_only_the_five_latest_news() {
    let project = sample();
    for day in 1..=6 {
        write(
            project.path(),
            &format!("data/news/2023-02-0{day}-tin-{day}.md"),
            &format!("---\ntitle: \"Tin {day}\"\n---\nText\n"),
        );
    }
    let site = build_site(project.path());
    assert_eq!(news_links(&read(&site, "index.html"), "news/"), ["tin-6", "tin-5", "tin-4", "tin-3", "tin-2"]);
    assert_eq!(news_links(&read(&site, "news/index.html"), "../news/").len(), 7, "the news page lists them all");
}

// ----- usage errors (docs/commands.md, "Exit status") -----

const NO_DATA: &str = ": error: no data/ folder here — run podium in a project folder (one that holds data/site.yaml …) or name it: podium build PATH\n";

#[test]
fn a_folder_without_data_is_a_usage_error_for_every_command() {
    let empty = tempfile::tempdir().unwrap();
    let dir = path(empty.path());
    for args in [
        vec!["build", "--lang", "en", dir],
        vec!["check", "--lang", "en", dir],
        vec!["explain", "ldld-long-xuyen", "--project", dir, "--lang", "en"],
    ] {
        let out = run(&args);
        assert_status(&out, 2);
        assert_eq!(stderr(&out), format!("{dir}{NO_DATA}"), "{args:?}");
        assert_eq!(stdout(&out), "");
    }
    assert_eq!(fs::read_dir(empty.path()).unwrap().count(), 0, "nothing was written");
    // Without PROJECT: the current folder.
    let out = podium(&["build", "--lang", "en"]).current_dir(empty.path()).output().unwrap();
    assert_status(&out, 2);
    assert_eq!(stderr(&out), format!(".{NO_DATA}"));
}

#[test]
fn a_project_folder_that_does_not_exist_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("thi-dua");
    for command in ["build", "check"] {
        let out = run(&[command, path(&missing), "--lang", "en"]);
        assert_status(&out, 2);
        assert_eq!(
            stderr(&out),
            format!(
                "{}: error: there is no such folder — check the project folder's name and where it is (podium build PATH), or run podium inside it\n",
                missing.display()
            )
        );
    }
    assert!(!missing.exists(), "the build did not create it");
}

#[test]
fn a_source_date_epoch_that_is_not_a_number_is_a_usage_error() {
    let project = sample();
    for bad in ["abc", "1.5e9", "2023-07-01", "12 34"] {
        let out =
            podium(&["build", "--lang", "en", path(project.path())]).env("SOURCE_DATE_EPOCH", bad).output().unwrap();
        assert_status(&out, 2);
        assert_eq!(
            stderr(&out),
            format!(
                "error: SOURCE_DATE_EPOCH=`{bad}` is not a whole number of seconds since 1970-01-01 — set it to e.g. $(git log -1 --format=%ct) or unset it\n"
            )
        );
        assert!(!project.path().join("site").exists());
    }
    // `check` and `explain` do not use the date.
    let out =
        podium(&["check", "--lang", "en", path(project.path())]).env("SOURCE_DATE_EPOCH", "abc").output().unwrap();
    assert_status(&out, 0);
    let out = podium(&["explain", "ldld-an-phu", "--project", path(project.path())])
        .env("SOURCE_DATE_EPOCH", "abc")
        .output()
        .unwrap();
    assert_status(&out, 0);
}

#[test]
fn explain_refuses_an_unknown_unit_or_period_with_a_suggestion() {
    let project = sample();
    let p = path(project.path());
    let out = run(&["explain", "ldld-long-xuyn", "--project", p, "--lang", "en"]);
    assert_status(&out, 2);
    assert_eq!(
        stderr(&out),
        "error: unknown unit `ldld-long-xuyn` — did you mean `ldld-long-xuyen`? use an id from data/units.csv\n"
    );
    let out = run(&["explain", "ldld-long-xuyen", "--period", "2024", "--project", p, "--lang", "en"]);
    assert_status(&out, 2);
    assert_eq!(stderr(&out), "error: unknown period `2024` — did you mean `2022`? periods: 2022, 2023\n");
    assert_eq!(stdout(&out), "", "nothing is explained");
}

#[test]
fn explain_on_broken_data_reports_the_problems_like_check_and_exits_1() {
    let project = sample();
    let results = project.path().join("data/results.csv");
    let text = fs::read_to_string(&results).unwrap().replacen("ldld-long-xuyen,2022-01,", "ldld-long-xuyen,2022-1,", 1);
    fs::write(&results, text).unwrap();
    let check = run(&["check", "--lang", "en", path(project.path())]);
    assert_status(&check, 1);
    let out = run(&["explain", "ldld-long-xuyen", "--project", path(project.path()), "--lang", "en"]);
    assert_status(&out, 1);
    assert_eq!(stdout(&out), "", "no explanation from broken data");
    assert_eq!(stderr(&out), stderr(&check), "the same report as check");
    assert!(stderr(&out).contains("error: `2022-1` is not a month"), "{}", stderr(&out));
}

#[test]
fn explain_given_a_pooled_group_id_prints_the_groups_arithmetic() {
    let project = sample();
    let out = run(&["explain", "nhom-4", "--project", path(project.path())]);
    assert_status(&out, 0);
    assert_eq!(
        stdout(&out),
        "Nhóm 4 (nhom-4)\n\
         Năm 2022: Tổng chung: 10.025 − 517 = 9.508 / chỉ tiêu chung 8.000 = 118,85% ≥ 110% → 01 cá nhân và 08 tập thể hoặc cá nhân\n\
         6 tháng đầu năm 2023: Tổng chung: 5.460 − 365 = 5.095 / chỉ tiêu chung 4.500 = 113,22% ≥ 110% → 01 cá nhân và 08 tập thể hoặc cá nhân\n"
    );
    // A unit of the group prints the same arithmetic under its own name.
    let unit = run(&["explain", "van-phong", "--period", "2023", "--project", path(project.path())]);
    assert_eq!(
        stdout(&unit),
        "Văn phòng Liên đoàn Lao động tỉnh (van-phong), Nhóm 4\n\
         6 tháng đầu năm 2023: Tổng chung: 5.460 − 365 = 5.095 / chỉ tiêu chung 4.500 = 113,22% ≥ 110% → 01 cá nhân và 08 tập thể hoặc cá nhân\n"
    );
}

// ----- the warning cap (docs/commands.md, "podium build") -----

/// The sample with 16 units missing the as-of month (all that report but
/// ldld-long-xuyen) and `no_target` units without a 2023 target: with the
/// empty base_url, 17 + `no_target` warnings.
fn with_warnings(no_target: &[&str]) -> tempfile::TempDir {
    let project = sample();
    let keep = |file: &str, keep: &dyn Fn(&str) -> bool| {
        let path = project.path().join("data").join(file);
        let text: String =
            fs::read_to_string(&path).unwrap().lines().filter(|l| keep(l)).map(|l| format!("{l}\n")).collect();
        fs::write(&path, text).unwrap();
    };
    keep("results.csv", &|l| !l.contains(",2023-06,") || l.starts_with("ldld-long-xuyen,"));
    keep("targets.csv", &|l| !no_target.iter().any(|u| l.starts_with(&format!("{u},2023,"))));
    project
}

#[test]
fn build_prints_the_first_20_warnings_and_check_lists_them_all() {
    let project = with_warnings(&[
        "ldld-an-phu",
        "ldld-tri-ton",
        "cd-nganh-y-te",
        "ldld-phu-tan",
        "khoi-thi-dua-09",
        "khoi-thi-dua-10",
        "ldld-tan-chau",
    ]);
    let check = run(&["check", "--lang", "en", path(project.path())]);
    assert_status(&check, 0);
    let all: Vec<String> = stderr(&check).lines().map(String::from).collect();
    assert_eq!(all.len(), 25, "24 warnings and the count:\n{}", stderr(&check));
    assert!(all[..24].iter().all(|l| l.contains(": warning: ")), "{all:?}");
    assert_eq!(all[24], "0 errors, 24 warnings");

    let site = project.path().join("site");
    let out = run(&["build", "--lang", "en", path(project.path()), "-o", path(&site)]);
    assert_status(&out, 0);
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[..20], all[..20], "the first 20 warnings, as check sorts them");
    assert_eq!(lines[20], "… and 4 more warnings — run `podium check` to list them all");
    assert_eq!(lines[21], "0 errors, 24 warnings");
    assert!(lines[22].starts_with("built "), "{err}");
    assert_eq!(lines.len(), 23, "{err}");
    assert!(site.join("index.html").is_file(), "warnings do not stop the build");
}

#[test]
fn twenty_warnings_or_fewer_are_all_printed_by_build() {
    let project = with_warnings(&["ldld-an-phu", "ldld-tri-ton", "cd-nganh-y-te"]);
    let out = run(&["build", "--lang", "en", path(project.path()), "--quiet"]);
    assert_status(&out, 0);
    let err = stderr(&out);
    assert_eq!(err.lines().filter(|l| l.contains(": warning: ")).count(), 20, "{err}");
    assert!(!err.contains("more warning"), "{err}");
    assert!(err.ends_with("0 errors, 20 warnings\n"), "{err}");
}
