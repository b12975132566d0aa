//! Issue 13: an Excel workbook beside every CSV download, and data/results.xlsx.
//! Every .xlsx of the built sample site and of every fixture is opened with
//! calamine (as a reader's spreadsheet program would read it) and compared with the
//! CSV beside it: the same rows, numbers as numbers, percentages as the ratio the
//! CSV's text says, yes/no as booleans, text unchanged. The raw sheet XML shows the
//! frozen bold header and the autofilter; the last sheet says what the data is.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A built site: its folder and how it was built.
struct Built {
    _tmp: tempfile::TempDir,
    site: PathBuf,
    /// The project's language (`vi` or `en`) and base_url.
    lang: String,
    base_url: String,
}

fn build_project(project: &Path) -> Built {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    build(project, &site);
    let yaml = std::fs::read_to_string(project.join("data/site.yaml")).unwrap();
    let field = |key: &str| {
        yaml.lines()
            .find_map(|l| l.strip_prefix(key))
            .map(|v| v.trim().trim_matches('"').to_string())
            .unwrap_or_default()
    };
    let lang = match field("language:").as_str() {
        "" => "vi".to_string(),
        l => l.to_string(),
    };
    Built { _tmp: tmp, site, lang, base_url: field("base_url:") }
}

/// The sample project and every fixture.
fn projects() -> Vec<PathBuf> {
    let mut all = vec![repo()];
    let mut fixtures: Vec<PathBuf> =
        std::fs::read_dir(repo().join("tests/fixtures")).unwrap().map(|e| e.unwrap().path()).collect();
    fixtures.sort();
    all.extend(fixtures);
    all
}

/// The rows of a CSV download (its byte-order mark removed).
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    r.records().map(|rec| rec.unwrap().iter().map(str::to_string).collect()).collect()
}

/// Every sheet of a workbook, in order: its name and its rows (from A1).
fn sheets(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            assert!(matches!(range.start(), Some((0, 0)) | None), "{name} starts at A1");
            let rows = range.rows().map(<[Data]>::to_vec).collect();
            (name, rows)
        })
        .collect()
}

/// A part of the workbook's zip, as text.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap_or_else(|e| panic!("{}: {name}: {e}", path.display())).read_to_string(&mut text).unwrap();
    text
}

/// The CSV's formula neutralisation (docs/site.md, "CSV downloads").
fn csv_text(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

const INT_COLUMNS: &[&str] = &["rank", "value", "target", "collective", "individual", "any"];
const BOOL_COLUMNS: &[&str] = &["qualified", "provisional"];

/// Asserts that the xlsx cell `got` holds what the CSV's text `want` says, in column `column`.
fn assert_cell(got: &Data, want: &str, column: &str, at: &str) {
    if want.is_empty() {
        assert!(
            matches!(got, Data::Empty) || got == &Data::String(String::new()),
            "{at} ({column}): empty in the CSV, {got:?} in the workbook"
        );
        return;
    }
    if INT_COLUMNS.contains(&column) {
        let n: i64 = want.parse().unwrap_or_else(|_| panic!("{at}: {column} {want:?} is a whole number"));
        match got {
            Data::Float(x) => assert!(*x == n as f64, "{at} ({column}): {x} in the workbook, {n} in the CSV"),
            Data::Int(x) => assert_eq!(*x, n, "{at} ({column})"),
            other => panic!("{at} ({column}): {other:?} is not a number ({want} in the CSV)"),
        }
    } else if column == "percent" {
        let Data::Float(ratio) = got else { panic!("{at} ({column}): {got:?} is not a number ({want} in the CSV)") };
        // The CSV's text is exact: two decimals of a percent.
        let (int, frac) = want.trim_start_matches('-').split_once('.').expect("two decimals");
        let hundredths = (int.parse::<i64>().unwrap() * 100 + frac.parse::<i64>().unwrap())
            * if want.starts_with('-') { -1 } else { 1 };
        assert!(
            *ratio == hundredths as f64 / 10_000.0,
            "{at} ({column}): the cell holds {ratio}, the CSV says {want} %"
        );
        assert_eq!(format!("{:.2}", ratio * 100.0), want, "{at} ({column}): shown with two decimals");
    } else if BOOL_COLUMNS.contains(&column) {
        let b = match want {
            "true" => true,
            "false" => false,
            other => panic!("{at}: {column} {other:?}"),
        };
        assert_eq!(got, &Data::Bool(b), "{at} ({column})");
    } else {
        let Data::String(s) = got else { panic!("{at} ({column}): {got:?} is not text ({want:?} in the CSV)") };
        // The workbook's text is the data's own: a cell is never read as a formula.
        assert_eq!(csv_text(s), want, "{at} ({column})");
    }
}

/// The header row as text.
fn header(rows: &[Vec<Data>]) -> Vec<String> {
    rows[0]
        .iter()
        .map(|c| match c {
            Data::String(s) => s.clone(),
            other => panic!("a header cell is {other:?}"),
        })
        .collect()
}

/// Asserts that a data sheet holds the rows of the CSV, the header included.
fn assert_same_as_csv(rows: &[Vec<Data>], csv: &[Vec<String>], what: &str) {
    assert_eq!(header(rows), csv[0], "{what}: the header row is the CSV's");
    assert_eq!(rows.len(), csv.len(), "{what}: as many rows as the CSV");
    for (i, (got, want)) in rows.iter().zip(csv).enumerate().skip(1) {
        assert_eq!(got.len(), want.len(), "{what} row {i}");
        for ((g, w), column) in got.iter().zip(want).zip(&csv[0]) {
            assert_cell(g, w, column, &format!("{what} row {}", i + 1));
        }
    }
}

/// The fonts and cell formats of a workbook: whether each cell style is bold, and its
/// number format.
fn styles(path: &Path) -> Vec<(bool, String)> {
    let xml = part(path, "xl/styles.xml");
    let between = |s: &str, a: &str, b: &str| -> String {
        s.split_once(a).and_then(|(_, r)| r.split_once(b)).map(|(m, _)| m.to_string()).unwrap_or_default()
    };
    let attr = |s: &str, name: &str| between(s, &format!("{name}=\""), "\"");
    let fonts: Vec<bool> =
        between(&xml, "<fonts", "</fonts>").split("<font>").skip(1).map(|f| f.contains("<b/>")).collect();
    let num_fmts: BTreeMap<String, String> = between(&xml, "<numFmts", "</numFmts>")
        .split("<numFmt ")
        .skip(1)
        .map(|f| (attr(f, "numFmtId"), attr(f, "formatCode")))
        .collect();
    between(&xml, "<cellXfs", "</cellXfs>")
        .split("<xf ")
        .skip(1)
        .map(|xf| {
            let font: usize = attr(xf, "fontId").parse().unwrap();
            let id = attr(xf, "numFmtId");
            (fonts[font], num_fmts.get(&id).cloned().unwrap_or(id))
        })
        .collect()
}

/// Asserts that sheet `n` (from 1) has a frozen header row of bold cells, an
/// autofilter over its columns, and that its int and percent columns have number formats.
fn assert_sheet_layout(path: &Path, n: usize, columns: &[String], what: &str) {
    let xml = part(path, &format!("xl/worksheets/sheet{n}.xml"));
    assert!(
        xml.contains(r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#),
        "{what}: the header row is frozen"
    );
    assert!(xml.contains("<autoFilter ref=\"A1:"), "{what}: an autofilter");
    let styles = styles(path);
    let style_of = |cell: &str| -> usize {
        let at = xml.find(&format!("<c r=\"{cell}\"")).unwrap_or_else(|| panic!("{what}: no cell {cell}"));
        let c = &xml[at..at + xml[at..].find('>').unwrap()];
        c.split_once(" s=\"").map_or(0, |(_, r)| r.split('"').next().unwrap().parse().unwrap())
    };
    let letters = |i: usize| ((b'A' + i as u8) as char).to_string();
    for (i, column) in columns.iter().enumerate() {
        assert!(styles[style_of(&format!("{}1", letters(i)))].0, "{what}: the header {column} is bold");
    }
    // Column formats: `<col min max style>`; a number cell without its own style takes them.
    for (i, column) in columns.iter().enumerate() {
        let col = xml
            .split("<col ")
            .skip(1)
            .find(|c| {
                let min: usize = c.split("min=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
                let max: usize = c.split("max=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
                (min..=max).contains(&(i + 1))
            })
            .unwrap_or_else(|| panic!("{what}: column {column} has a width"));
        let style: usize = col.split("style=\"").nth(1).map_or(0, |r| r.split('"').next().unwrap().parse().unwrap());
        let width: f64 = col.split("width=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        assert!(width >= column.chars().count() as f64, "{what}: column {column} is {width} wide");
        let format = &styles[style].1;
        if INT_COLUMNS.contains(&column.as_str()) {
            assert_eq!(format, "#,##0", "{what}: {column}");
        } else if column == "percent" {
            assert_eq!(format, "0.00%", "{what}: {column}");
        }
    }
}

/// The About sheet's label → value lines (up to the first empty row).
fn about_lines(rows: &[Vec<Data>]) -> BTreeMap<String, String> {
    rows.iter()
        .take_while(|r| !r.iter().all(|c| matches!(c, Data::Empty)))
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .collect()
}

/// What the About sheet must say: its name, the page's address, the campaign.
fn assert_about(b: &Built, sheet: &(String, Vec<Vec<Data>>), page: &str, columns: &[String], what: &str) {
    let (name, rows) = sheet;
    let (about, page_label, campaign_label) = if b.lang == "en" {
        ("About", "Page address", "Campaign")
    } else {
        ("Giới thiệu", "Địa chỉ trang", "Đợt thi đua")
    };
    assert_eq!(name, about, "{what}: the last sheet");
    let lines = about_lines(rows);
    let address = if b.base_url.is_empty() {
        format!("{page}index.html")
    } else {
        format!("{}/{page}", b.base_url.trim_end_matches('/'))
    };
    assert_eq!(lines.get(page_label), Some(&address), "{what}: the page's address, in {lines:?}");
    let json = results_json(&b.site);
    assert_eq!(lines.get(campaign_label).map(String::as_str), json["campaign"]["title"].as_str(), "{what}");
    // Every column of the data sheets is explained, in the site's language.
    let explained: BTreeMap<String, String> =
        rows.iter().skip(lines.len() + 2).map(|r| (r[0].to_string(), r[1].to_string())).collect();
    for column in columns {
        let meaning = explained.get(column).unwrap_or_else(|| panic!("{what}: column {column} is not explained"));
        assert!(!meaning.is_empty() && !meaning.starts_with("xlsx_"), "{what}: {column}: {meaning:?}");
    }
}

#[test]
fn every_csv_has_a_workbook_with_the_same_rows_typed() {
    for project in projects() {
        let b = build_project(&project);
        let data = b.site.join("data");
        let mut csvs: Vec<PathBuf> = std::fs::read_dir(&data)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "csv"))
            .collect();
        csvs.sort();
        assert!(!csvs.is_empty(), "{}", project.display());
        let xlsx_count = std::fs::read_dir(&data)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|e| e == "xlsx"))
            .count();
        // One beside each CSV, and results.xlsx.
        assert_eq!(xlsx_count, csvs.len() + 1, "{}", project.display());
        for csv in csvs {
            let xlsx = csv.with_extension("xlsx");
            let what = format!("{} {}", project.file_name().unwrap().to_string_lossy(), xlsx.display());
            let sheets = sheets(&xlsx);
            assert_eq!(sheets.len(), 2, "{what}: the data and the About sheet");
            let csv_rows = csv_rows(&csv);
            assert_same_as_csv(&sheets[0].1, &csv_rows, &what);
            assert_sheet_layout(&xlsx, 1, &csv_rows[0], &what);
            // The page the data belongs to.
            let stem = xlsx.file_stem().unwrap().to_string_lossy().into_owned();
            let json = results_json(&b.site);
            let page = if let Some(period) = stem.strip_prefix("shortlist-") {
                format!("awards/{period}/")
            } else {
                let rest = stem.strip_prefix("ranking-").unwrap();
                let (g, p) = json["periods"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .flat_map(|p| {
                        p["groups"].as_array().unwrap().iter().map(move |g| {
                            (g["id"].as_str().unwrap().to_string(), p["id"].as_str().unwrap().to_string())
                        })
                    })
                    .find(|(g, p)| rest == format!("{g}-{p}"))
                    .expect("the group and period of the file");
                format!("groups/{g}/{p}/")
            };
            assert_about(&b, &sheets[1], &page, &csv_rows[0], &what);
        }
    }
}

#[test]
fn results_xlsx_holds_every_ranking_the_totals_and_the_nominations() {
    for project in projects() {
        let b = build_project(&project);
        let path = b.site.join("data/results.xlsx");
        let what = format!("{} results.xlsx", project.file_name().unwrap().to_string_lossy());
        let json = results_json(&b.site);
        let sheets = sheets(&path);
        assert_eq!(sheets.len(), 4, "{what}: results, periods, nominations, About");

        // The long sheet: every ranking CSV in turn, after its period and group, with
        // results.json's level and not_reported.
        let results = &sheets[0].1;
        let head = header(results);
        assert_eq!(
            head,
            [
                "period",
                "group",
                "group_name",
                "rank",
                "unit",
                "name",
                "value",
                "target",
                "percent",
                "qualified",
                "collective",
                "individual",
                "any",
                "level",
                "not_reported",
                "explanation"
            ]
        );
        let col = |name: &str| head.iter().position(|h| h == name).unwrap();
        let mut at = 1;
        for period in json["periods"].as_array().unwrap() {
            let pid = period["id"].as_str().unwrap();
            for group in period["groups"].as_array().unwrap() {
                let gid = group["id"].as_str().unwrap();
                let csv = csv_rows(&b.site.join(format!("data/ranking-{gid}-{pid}.csv")));
                let entries: Vec<&Value> = group["ranking"].as_array().unwrap().iter().collect();
                for (i, want) in csv.iter().enumerate().skip(1) {
                    let got = &results[at];
                    let here = format!("{what} row {} ({pid}, {gid})", at + 1);
                    assert_eq!(got[col("period")], Data::String(pid.into()), "{here}");
                    assert_eq!(got[col("group")], Data::String(gid.into()), "{here}");
                    assert_eq!(got[col("group_name")].to_string(), group["name"].as_str().unwrap(), "{here}");
                    for (c, name) in csv[0].iter().enumerate() {
                        assert_cell(&got[col(name)], &want[c], name, &here);
                    }
                    // The pooled group's total row has no level and no months.
                    let (level, months) = match entries.get(i - 1) {
                        Some(e) => (
                            e["level"].as_str().unwrap_or("").to_string(),
                            e["not_reported"]
                                .as_array()
                                .unwrap()
                                .iter()
                                .map(|m| m.as_str().unwrap())
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                        None => (String::new(), String::new()),
                    };
                    match &got[col("level")] {
                        Data::Float(x) => assert_eq!(level.parse::<f64>().unwrap(), *x, "{here}: level"),
                        Data::Empty => assert_eq!(level, "", "{here}: level"),
                        other => panic!("{here}: level {other:?}"),
                    }
                    assert_cell(&got[col("not_reported")], &months, "not_reported", &here);
                    at += 1;
                }
            }
        }
        assert_eq!(at, results.len(), "{what}: no other rows");
        assert_sheet_layout(&path, 1, &head, &what);

        // Each period's totals, one row per metric.
        let periods = &sheets[1].1;
        let head = header(periods);
        let col = |name: &str| head.iter().position(|h| h == name).unwrap();
        let mut at = 1;
        for period in json["periods"].as_array().unwrap() {
            for total in period["totals"].as_array().unwrap() {
                let got = &periods[at];
                let here = format!("{what} periods row {}", at + 1);
                for key in ["id", "label", "from", "to", "decision"] {
                    let name = if key == "id" { "period" } else { key };
                    assert_cell(&got[col(name)], &csv_text(period[key].as_str().unwrap()), name, &here);
                }
                assert_cell(&got[col("counted_to")], period["counted_to"].as_str().unwrap_or(""), "counted_to", &here);
                assert_cell(&got[col("provisional")], &period["provisional"].to_string(), "provisional", &here);
                assert_cell(&got[col("value")], &total["value"].to_string(), "value", &here);
                let target = total["target"].as_i64().map(|t| t.to_string()).unwrap_or_default();
                assert_cell(&got[col("target")], &target, "target", &here);
                assert_cell(&got[col("percent")], total["percent"].as_str().unwrap_or(""), "percent", &here);
                at += 1;
            }
        }
        assert_eq!(at, periods.len(), "{what}: one row per period and metric");
        assert_sheet_layout(&path, 2, &head, &what);

        // The nominations, period by period in file order.
        let nominations = &sheets[2].1;
        let head = header(nominations);
        assert_eq!(head, ["period", "holder", "kind", "nominee", "title"]);
        let mut at = 1;
        for period in json["periods"].as_array().unwrap() {
            for n in period["nominations"].as_array().unwrap() {
                let got = &nominations[at];
                let here = format!("{what} nominations row {}", at + 1);
                assert_cell(&got[0], period["id"].as_str().unwrap(), "period", &here);
                // results.json's text is the data's own: as the CSV would write it.
                assert_cell(&got[1], &csv_text(n["holder"].as_str().unwrap()), "holder", &here);
                let kind = match (n["kind"].as_str().unwrap(), b.lang.as_str()) {
                    ("collective", "en") => "collective",
                    ("individual", "en") => "individual",
                    ("collective", _) => "tập thể",
                    (_, _) => "cá nhân",
                };
                assert_cell(&got[2], kind, "kind", &here);
                assert_cell(&got[3], &csv_text(n["name"].as_str().unwrap()), "nominee", &here);
                assert_cell(&got[4], &csv_text(n["title"].as_str().unwrap()), "title", &here);
                at += 1;
            }
        }
        assert_eq!(at, nominations.len(), "{what}: every nomination");
        let columns: Vec<String> = sheets[..3].iter().flat_map(|(_, rows)| header(rows)).collect();
        assert_about(&b, &sheets[3], "", &columns, &what);
    }
}

#[test]
fn the_workbooks_date_is_the_build_date_or_the_datas() {
    let created = |site: &Path| {
        let core = part(&site.join("data/results.xlsx"), "docProps/core.xml");
        core.split("<dcterms:created xsi:type=\"dcterms:W3CDTF\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_string()
    };
    // SOURCE_DATE_EPOCH 1688169600 is 2023-07-01.
    let b = build_project(&fixture("basic"));
    assert_eq!(created(&b.site), "2023-07-01T00:00:00Z");
    // Without it, the newest date of the data: the end of the as-of month 2023-03.
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let out = podium(&["build", path(&fixture("basic")), "-o", path(&site), "--quiet"])
        .env("SOURCE_DATE_EPOCH", "")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(created(&site), "2023-03-31T00:00:00Z");
    // Every zip entry has the same fixed time (zip's earliest, 1980-01-01), not the clock's.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(site.join("data/results.xlsx")).unwrap()).unwrap();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).unwrap();
        assert_eq!(entry.last_modified(), Some(zip::DateTime::default()), "{:?}", entry.name());
    }
}

#[test]
fn the_pages_link_the_workbooks_and_the_sitemap_does_not() {
    // The basic fixture is in Vietnamese.
    let b = build_project(&fixture("basic"));
    let json = results_json(&b.site);
    let pid = json["periods"][0]["id"].as_str().unwrap();
    let gid = json["periods"][0]["groups"][0]["id"].as_str().unwrap();
    let ranking = read(&b.site, &format!("groups/{gid}/{pid}/index.html"));
    assert!(
        ranking.contains(&format!(
            r#"<a href="../../../data/ranking-{gid}-{pid}.xlsx" download>Tải bảng xếp hạng (Excel)</a>"#
        )),
        "{ranking}"
    );
    let index = read(&b.site, "index.html");
    assert!(index.contains(r#"<a href="data/results.xlsx" download>Bảng tính (Excel)</a>"#), "{index}");
    let sitemap = read(&b.site, "sitemap.xml");
    assert!(!sitemap.contains(".xlsx") && !sitemap.contains(".csv"), "{sitemap}");
    // The awards page of a period with a national allocation links the shortlist's.
    let awards: Vec<String> = json["periods"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| !p["national_awards"].is_null() && !p["national_shortlist"].as_array().unwrap().is_empty())
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    assert!(!awards.is_empty(), "the fixture has a national shortlist");
    for pid in awards {
        let page = read(&b.site, &format!("awards/{pid}/index.html"));
        assert!(
            page.contains(&format!(
                r#"<a href="../../data/shortlist-{pid}.xlsx" download>Tải danh sách đơn vị đạt (Excel)</a>"#
            )),
            "{page}"
        );
    }
}

#[test]
fn without_a_temporary_folder_the_build_fails_and_says_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let missing = tmp.path().join("no-such-folder");
    let out = podium(&["build", path(&fixture("basic")), "-o", path(&site), "--quiet"])
        .env("TMPDIR", &missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let message = stderr(&out);
    assert!(
        message.contains(&format!("no temporary file can be made in {}", missing.display()))
            && message.contains("— set TMPDIR to a folder you may write to"),
        "{message}"
    );
    // All or nothing: no site was written.
    assert!(!site.exists());
}
