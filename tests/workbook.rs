//! Issue 14: workbooks as input, CSV as Excel writes it, and `podium template`.
//! The sample's tables are written as a workbook (months as real date cells) and must
//! build the same results.json as the CSV files; a `;`-separated export builds the same
//! site; every bad-workbook case prints its exact lines (sheet and cell), exits 1 and
//! writes nothing; the template, filled in, builds.

mod common;

use common::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use std::fs;
use std::path::Path;

/// A cell as a test writes it.
#[derive(Clone, Debug)]
enum Cell {
    Text(String),
    Number(f64),
    Date(u16, u8, u8),
    /// A formula whose cached value is this error (`#REF!`).
    Error(&'static str),
    Empty,
}

/// The sample's CSV tables, cell by cell, as a spreadsheet user would type them.
struct Tables {
    sheets: Vec<(String, Vec<Vec<Cell>>)>,
}

fn csv_rows(rel: &str) -> Vec<Vec<String>> {
    let text = fs::read_to_string(repo().join(rel)).unwrap().replace('\r', "");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
}

impl Tables {
    fn sample() -> Tables {
        let mut sheets = Vec::new();
        for name in ["units", "targets", "results", "nominations"] {
            let rows = csv_rows(&format!("data/{name}.csv"));
            let cells = rows
                .iter()
                .enumerate()
                .map(|(r, row)| {
                    row.iter()
                        .enumerate()
                        .map(|(c, v)| match (name, r, c) {
                            (_, 0, _) => Cell::Text(v.clone()),
                            _ if v.is_empty() => Cell::Empty,
                            // A month is a date cell; figures and periods are numbers.
                            ("results", _, 1) => {
                                let (y, m) = v.split_once('-').unwrap();
                                Cell::Date(y.parse().unwrap(), m.parse().unwrap(), 1)
                            }
                            ("results", _, 2..) | ("targets", _, 1..) => Cell::Number(v.parse().unwrap()),
                            ("nominations", _, 0) => Cell::Number(v.parse().unwrap()),
                            _ => Cell::Text(v.clone()),
                        })
                        .collect()
                })
                .collect();
            sheets.push((name.to_string(), cells));
        }
        Tables { sheets }
    }

    fn sheet(&mut self, name: &str) -> &mut Vec<Vec<Cell>> {
        &mut self.sheets.iter_mut().find(|(n, _)| n == name).unwrap().1
    }

    /// Sets the cell at a spreadsheet row (1-based) and column (0-based).
    fn set(&mut self, sheet: &str, row: usize, col: usize, cell: Cell) {
        self.sheet(sheet)[row - 1][col] = cell;
    }

    fn write(&self, path: &Path, edit: impl Fn(&str, &mut rust_xlsxwriter::Worksheet)) {
        let mut book = Workbook::new();
        let date = Format::new().set_num_format("yyyy-mm");
        for (name, rows) in &self.sheets {
            let ws = book.add_worksheet().set_name(name).unwrap();
            for (r, row) in rows.iter().enumerate() {
                let r = r as u32;
                for (c, cell) in row.iter().enumerate() {
                    let c = c as u16;
                    match cell {
                        Cell::Text(s) => ws.write_string(r, c, s).map(|_| ()),
                        Cell::Number(n) => ws.write_number(r, c, *n).map(|_| ()),
                        Cell::Date(y, m, d) => ws
                            .write_datetime_with_format(r, c, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date)
                            .map(|_| ()),
                        Cell::Error(e) => ws.write_formula(r, c, Formula::new("=A1/0").set_result(*e)).map(|_| ()),
                        Cell::Empty => Ok(()),
                    }
                    .unwrap();
                }
            }
            edit(name, ws);
        }
        book.save(path).unwrap();
    }
}

/// A copy of the sample project whose tables are in `data/thi-dua.xlsx` (CSV files removed).
fn workbook_project(tables: &Tables, edit: impl Fn(&str, &mut rust_xlsxwriter::Worksheet)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("data"), &dir.path().join("data"));
    for t in ["units", "targets", "results", "nominations"] {
        fs::remove_file(dir.path().join(format!("data/{t}.csv"))).unwrap();
    }
    tables.write(&dir.path().join("data/thi-dua.xlsx"), edit);
    dir
}

fn sample_json() -> serde_json::Value {
    let out = tempfile::tempdir().unwrap();
    build(&repo(), &out.path().join("site"));
    results_json(&out.path().join("site"))
}

/// Runs `check` and `build` on a broken project: both exit 1 with exactly these error
/// lines (warnings aside), and the build writes nothing.
fn assert_errors(project: &Path, expected: &[&str]) {
    let out = run(&["--lang", "en", "check", path(project)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let errors: Vec<String> = stderr(&out)
        .lines()
        .filter(|l| l.contains(": error: "))
        .map(|l| l.replace(&format!("{}/", path(project)), ""))
        .collect();
    assert_eq!(errors, expected, "\nall output:\n{}", stderr(&out));
    let site = project.join("site");
    let out = run(&["--lang", "en", "build", path(project), "-o", path(&site), "-q"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!site.exists(), "a failed build wrote nothing");
}

#[test]
fn the_sample_as_a_workbook_builds_the_same_results() {
    let dir = workbook_project(&Tables::sample(), |_, _| {});
    let site = dir.path().join("site");
    build(dir.path(), &site);
    assert_eq!(results_json(&site), sample_json());
}

#[test]
fn an_excel_lock_file_beside_the_workbook_is_ignored() {
    let dir = workbook_project(&Tables::sample(), |_, _| {});
    fs::write(dir.path().join("data/~$thi-dua.xlsx"), b"\x00locked by Lan").unwrap();
    let site = dir.path().join("site");
    build(dir.path(), &site);
    assert_eq!(results_json(&site), sample_json());
}

#[test]
fn a_semicolon_separated_export_builds_the_same_site() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("data"), &dir.path().join("data"));
    for t in ["units", "targets", "results", "nominations"] {
        let rel = format!("data/{t}.csv");
        let mut w = csv::WriterBuilder::new().delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(Vec::new());
        for row in csv_rows(&rel) {
            w.write_record(&row).unwrap();
        }
        // As Excel saves "CSV UTF-8": with a byte-order mark.
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(w.into_inner().unwrap());
        fs::write(dir.path().join(&rel), bytes).unwrap();
    }
    assert!(
        fs::read_to_string(dir.path().join("data/results.csv")).unwrap().contains("ldld-long-xuyen;2022-01;66;2;1\r\n")
    );
    let (a, b) = (dir.path().join("site"), dir.path().join("sample"));
    build(dir.path(), &a);
    build(&repo(), &b);
    assert_same_tree(&tree(&a), &tree(&b), "the ;-separated sample");
}

#[test]
fn a_month_as_excel_shows_it_in_csv_is_refused_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("data"), &dir.path().join("data"));
    replace(dir.path(), "results.csv", "ldld-long-xuyen,2022-01,", "ldld-long-xuyen,Jan-22,");
    assert_errors(
        dir.path(),
        &[
            "data/results.csv:2:2: error: `Jan-22` is not a month — write the month as YYYY-MM: 2022-01; a spreadsheet turned it into a date: keep the table in a workbook (data/*.xlsx), where a date cell is read as its month, or format the column as Text",
        ],
    );
}

#[test]
fn a_semicolon_header_that_names_no_column_says_so() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("data"), &dir.path().join("data"));
    replace(dir.path(), "nominations.csv", "period,unit,kind,name,title", "dot;don_vi;loai;ten;chuc_danh");
    let out = run(&["--lang", "en", "check", path(dir.path())]);
    assert!(stderr(&out).contains("data/nominations.csv:1: error: missing column `period` — the header must include: period,unit,kind,name (this file uses ; between fields; its header was read with ; between fields)"), "{}", stderr(&out));
}

#[test]
fn cells_only_a_workbook_can_get_wrong_are_each_reported_at_their_cell() {
    let mut t = Tables::sample();
    // results: C2 a number stored as text, D3 a decimal, E4 a formula giving #REF!,
    // C5 a date, B6 a plain number where the month belongs.
    t.set("results", 2, 2, Cell::Text("66".into()));
    t.set("results", 3, 3, Cell::Number(2.5));
    t.set("results", 4, 4, Cell::Error("#REF!"));
    t.set("results", 5, 2, Cell::Date(2022, 3, 4));
    t.set("results", 6, 1, Cell::Number(44713.0));
    // targets: a #VALUE! target; units: a name with a control character.
    t.set("targets", 3, 2, Cell::Error("#VALUE!"));
    t.set("units", 2, 1, Cell::Text("Liên đoàn\u{1b} Long Xuyên".into()));
    let dir = workbook_project(&t, |_, _| {});
    assert_errors(
        dir.path(),
        &[
            "data/thi-dua.xlsx › 'results'!C2: error: `66` is a number stored as text — podium reads figures from number cells only: select the cells, click the warning sign › Convert to Number (or format them as Number and type them again)",
            "data/thi-dua.xlsx › 'results'!D3: error: `2.5` is not a whole number — figures are counts: type a whole number; if a formula computes it, round it with ROUND",
            "data/thi-dua.xlsx › 'results'!E4: error: the formula in this cell gives #REF! — correct the formula (#REF! means it points at cells that were deleted), or type the figure",
            "data/thi-dua.xlsx › 'results'!C5: error: this cell holds the date 2022-03-04, not a number — the spreadsheet turned what was typed into a date: format the cell as Number and type it again",
            "data/thi-dua.xlsx › 'results'!B6: error: this cell holds the number 44713, not a month — type the month as a date (1/6/2023) or as text 2023-06",
            "data/thi-dua.xlsx › 'targets'!C3: error: the formula in this cell gives #VALUE! — correct the formula (#REF! means it points at cells that were deleted), or type the figure",
            "data/thi-dua.xlsx › 'units'!B2: error: this cell holds an invisible control character (U+001B) — type the cell again (text copied from a PDF or a web page often brings such characters)",
        ],
    );
}

#[test]
fn the_loaders_messages_are_placed_at_the_cell_and_name_rows() {
    let mut t = Tables::sample();
    // A repeated row (row 3 repeats row 2), an unknown unit, a negative figure.
    let row2 = t.sheet("results")[1].clone();
    t.sheet("results")[2] = row2;
    t.set("results", 10, 0, Cell::Text("ldld-long-xuyenn".into()));
    t.set("results", 11, 3, Cell::Number(-5.0));
    let dir = workbook_project(&t, |_, _| {});
    assert_errors(
        dir.path(),
        &[
            "data/thi-dua.xlsx › 'results'!3:3: error: a second row for `ldld-long-xuyen` in 2022-01 (first in row 2) — keep one row per unit and month: add the figures together or delete the repeated row",
            "data/thi-dua.xlsx › 'results'!A10: error: unknown unit `ldld-long-xuyenn` — did you mean `ldld-long-xuyen`? use an id from the 'units' sheet, or add the unit there first",
            "data/thi-dua.xlsx › 'results'!D11: error: `-5` is negative — figures are counts of 0 or more: put losses in their own column (e.g. members_lost)",
        ],
    );
}

#[test]
fn merged_cells_across_data_are_refused_but_a_merged_title_is_not() {
    let t = Tables::sample();
    let dir = workbook_project(&t, |name, ws| {
        if name == "results" {
            ws.merge_range(4, 2, 5, 2, "", &Format::new()).unwrap();
        }
    });
    // One message for the range: not another for each cell the merge left empty.
    let errors = [
        "data/thi-dua.xlsx › 'results'!C5: error: cells C5:C6 are merged — unmerge them (Home › Merge & Center) and write the value in each cell: podium reads a merged range as one cell and the others as empty",
    ];
    assert_errors(dir.path(), &errors);

    // A title above the header, merged across the columns, is no data.
    let mut t = Tables::sample();
    let width = t.sheet("results")[0].len();
    t.sheet("results").insert(0, vec![Cell::Empty; width]);
    let dir = workbook_project(&t, |name, ws| {
        if name == "results" {
            ws.merge_range(0, 0, 0, 4, "Kết quả phát triển đoàn viên", &Format::new()).unwrap();
        }
    });
    let site = dir.path().join("site");
    build(dir.path(), &site);
    assert_eq!(results_json(&site), sample_json());
}

#[test]
fn a_hidden_sheet_that_holds_data_is_refused() {
    let t = Tables::sample();
    let dir = workbook_project(&t, |name, ws| {
        if name == "nominations" {
            ws.set_hidden(true);
        }
    });
    assert_errors(
        dir.path(),
        &[
            "data/thi-dua.xlsx › 'nominations': error: sheet 'nominations' is hidden: podium does not read hidden sheets — show it (right-click a sheet tab › Unhide) if it holds this month's data, or delete it if it is an old copy",
        ],
    );
}

#[test]
fn a_table_in_two_places_is_refused_naming_both() {
    let t = Tables::sample();
    let dir = workbook_project(&t, |_, _| {});
    fs::copy(repo().join("data/targets.csv"), dir.path().join("data/targets.csv")).unwrap();
    assert_errors(
        dir.path(),
        &[
            "data/thi-dua.xlsx › 'targets': error: the targets table is kept in two places: data/targets.csv and data/thi-dua.xlsx › 'targets' — keep it in one place: delete (or move out of data/) the one that is not up to date",
        ],
    );
}

#[test]
fn a_sheet_per_month_is_read_like_results() {
    // The office layout: results as one sheet per month (named both ways), a row per unit.
    let mut t = monthly(Tables::sample());
    let months = t.sheets.iter().filter(|(n, _)| n.starts_with("20") || n.starts_with('T')).count();
    assert_eq!(months, 18, "{:?}", t.sheets.iter().map(|(n, _)| n).collect::<Vec<_>>());
    let dir = workbook_project(&t, |_, _| {});
    let site = dir.path().join("site");
    build(dir.path(), &site);
    assert_eq!(results_json(&site), sample_json());

    // The same month twice is refused.
    let june = t.sheet("2023-06").clone();
    t.sheets.push(("T06-2023".into(), june));
    let dir = workbook_project(&t, |_, _| {});
    assert_errors(
        dir.path(),
        &[
            "data/thi-dua.xlsx › 'T06-2023': error: a second sheet for 2023-06 (the first is '2023-06') — keep one sheet per month: delete the old copy or correct the month in the sheet's name",
        ],
    );
}

#[test]
fn files_that_are_not_workbooks_do_not_hurt() {
    let t = Tables::sample();
    let dir = workbook_project(&t, |_, _| {});
    let good = fs::read(dir.path().join("data/thi-dua.xlsx")).unwrap();
    fs::write(dir.path().join("data/thi-dua.xlsx"), &good[..good.len() / 2]).unwrap();
    let out = run(&["--lang", "en", "check", path(dir.path())]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("data/thi-dua.xlsx: error: this is not a workbook podium can read: it is not a zip archive, or it is cut short — open it in Excel or LibreOffice and save it again as an Excel Workbook (.xlsx)"),
        "{}",
        stderr(&out)
    );
    fs::write(dir.path().join("data/thi-dua.xlsx"), "unit,month\n").unwrap();
    let out = run(&["--lang", "en", "check", path(dir.path())]);
    assert!(stderr(&out).contains("data/thi-dua.xlsx: error: the file is not a workbook: it is neither an Excel (.xlsx, .xls) nor an OpenDocument (.ods) spreadsheet"), "{}", stderr(&out));

    // A zip bomb: a worksheet of 300 MB of spaces, a few hundred KB compressed, in a zip
    // calamine would otherwise open.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let mut reader = zip::ZipArchive::new(std::io::Cursor::new(good)).unwrap();
    for i in 0..reader.len() {
        let f = reader.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if name == "xl/sharedStrings.xml" {
            use std::io::Write;
            zip.start_file(name, opts).unwrap();
            let block = vec![b' '; 1 << 20];
            for _ in 0..300 {
                zip.write_all(&block).unwrap();
            }
        } else {
            zip.raw_copy_file(f).unwrap();
        }
    }
    let bomb = zip.finish().unwrap().into_inner();
    assert!(bomb.len() < 2 << 20);
    fs::write(dir.path().join("data/thi-dua.xlsx"), bomb).unwrap();
    let out = run(&["--lang", "en", "check", path(dir.path())]);
    assert_eq!(out.status.code(), Some(1));
    // Refused on the size its archive declares, before inflating; and only the workbook
    // is reported, not the tables it may have held.
    let printed = stderr(&out);
    let errors: Vec<&str> = printed.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        errors,
        [
            "data/thi-dua.xlsx: error: the workbook's part xl/sharedStrings.xml is 300 MB once uncompressed, more than podium reads (256 MB) — this is not an ordinary spreadsheet: if it is one, split its data into several workbooks"
        ]
    );
}

#[test]
fn the_template_filled_in_builds() {
    // In the sample project: the template holds its tables, so moved into data/ (and the
    // CSV files out) it builds the same results.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("data"), &dir.path().join("data"));
    let out = run(&["--lang", "en", "template", "--project", path(dir.path())]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("thi-dua.xlsx: 21 units, 18 month sheets"), "{}", stderr(&out));
    let again = run(&["--lang", "en", "template", "--project", path(dir.path())]);
    assert_eq!(again.status.code(), Some(2), "never replaces a file");
    for t in ["units", "targets", "results", "nominations"] {
        fs::remove_file(dir.path().join(format!("data/{t}.csv"))).unwrap();
    }
    fs::rename(dir.path().join("thi-dua.xlsx"), dir.path().join("data/thi-dua.xlsx")).unwrap();
    let site = dir.path().join("site");
    build(dir.path(), &site);
    assert_eq!(results_json(&site), sample_json());

    // Its first sheet explains it in Vietnamese; lists and checks guard the cells.
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(dir.path().join("data/thi-dua.xlsx")).unwrap();
    let names = book.sheet_names();
    assert_eq!(names[..3], ["Hướng dẫn", "units", "targets"]);
    assert_eq!(names.last().unwrap(), "nominations");
    let guide = book.worksheet_range("Hướng dẫn").unwrap();
    assert!(guide.rows().any(|r| r[0].to_string().contains("Hằng tháng")));
    let mut xml = String::new();
    use std::io::Read;
    zip::ZipArchive::new(fs::File::open(dir.path().join("data/thi-dua.xlsx")).unwrap())
        .unwrap()
        .by_name("xl/worksheets/sheet4.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains("<formula1>units!$A$2:$A$1022</formula1>"), "unit ids from the units sheet");
    assert!(xml.contains(r#"type="whole""#), "figures are whole numbers");
    assert!(xml.contains("<sheetProtection"), "the header row is locked");
    assert!(xml.contains(r#"state="frozen""#), "the header row is frozen");
}

#[test]
fn a_template_outside_a_project_has_the_headers_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = podium(&["--lang", "en", "template", "bang.xlsx"]).current_dir(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(dir.path().join("bang.xlsx")).unwrap();
    let units = book.worksheet_range("units").unwrap();
    let header: Vec<String> = units.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header, ["id", "name", "short_name", "group", "kind"]);
    assert_eq!(units.height(), 1, "headers only");
}

#[test]
fn a_workbook_libreoffice_wrote_loads() {
    // LibreOffice converts the sample's CSV files (months become dates, figures numbers).
    let Some(soffice) = ["/usr/bin/soffice", "/usr/local/bin/soffice"].into_iter().find(|p| Path::new(p).exists())
    else {
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("data"), &dir.path().join("data"));
    let data = dir.path().join("data");
    let profile = format!("-env:UserInstallation=file://{}/lo", path(dir.path()));
    let status = std::process::Command::new(soffice)
        .args([profile.as_str(), "--headless", "--convert-to", "xlsx", "results.csv", "targets.csv"])
        .current_dir(&data)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    // Two workbooks, one table each (their sheets are named after the CSV files).
    fs::remove_file(data.join("results.csv")).unwrap();
    fs::remove_file(data.join("targets.csv")).unwrap();
    let site = dir.path().join("site");
    build(dir.path(), &site);
    assert_eq!(results_json(&site), sample_json());
}

/// What `check` prints on `project`: its lines in the project's language (the sample's is
/// Vietnamese) and with `--lang en`, the project's folder left out.
fn check_lines(project: &Path) -> (Vec<String>, Vec<String>) {
    said(project, 1)
}

/// [`check_lines`] on a project for which `check` exits with `code`.
fn said(project: &Path, code: i32) -> (Vec<String>, Vec<String>) {
    let lines = |args: &[&str]| -> Vec<String> {
        let out = run(args);
        assert_eq!(out.status.code(), Some(code), "{}", stderr(&out));
        stderr(&out).lines().map(|l| l.replace(&format!("{}/", path(project)), "")).collect()
    };
    (lines(&["check", path(project)]), lines(&["--lang", "en", "check", path(project)]))
}

#[test]
fn a_workbooks_messages_speak_the_projects_language_and_name_rows_and_sheets() {
    let mut t = Tables::sample();
    // A row added to `units` (row 23) repeats the id of row 2; A10 of `results` names an unknown unit;
    // a sheet is named like a month podium cannot read.
    let row2 = t.sheet("units")[1].clone();
    t.sheet("units").push(row2);
    t.set("results", 10, 0, Cell::Text("ldld-long-xuyenn".into()));
    t.sheets.push(("Jun-23".into(), vec![vec![Cell::Text("unit".into())]]));
    let dir = workbook_project(&t, |_, _| {});
    let (vi, en) = check_lines(dir.path());
    assert_eq!(
        vi,
        [
            "data/site.yaml:3:1: cảnh báo: base_url đang để trống, nên feed.xml và sitemap.xml không ghi được địa chỉ đầy đủ — hãy đặt `base_url:` là địa chỉ nơi trang web được đăng, ví dụ https://example.org/thi-dua (bỏ qua cảnh báo này nếu trang chỉ được xem từ ổ đĩa)",
            "data/thi-dua.xlsx › 'Jun-23': cảnh báo: podium không đọc trang tính 'Jun-23': tên trang giống một tháng nhưng không đọc được là tháng nào — hãy đặt tên trang tháng theo tháng và năm đủ bốn chữ số: 2023-06, T6-2023 hoặc Tháng 6-2023; nếu trang không chứa kết quả của tháng nào, hãy đặt một tên không giống tháng",
            "data/thi-dua.xlsx › 'results'!A10: lỗi: không có đơn vị `ldld-long-xuyenn` — có phải là `ldld-long-xuyen` không? hãy dùng một mã đơn vị trong trang tính 'units', hoặc thêm đơn vị vào đó trước",
            "data/thi-dua.xlsx › 'units'!A23: lỗi: mã đơn vị `ldld-long-xuyen` bị trùng (lần đầu ở dòng 2) — mỗi đơn vị phải có một mã riêng: hãy xóa dòng lặp lại hoặc đổi mã của một đơn vị",
            "2 lỗi, 2 cảnh báo",
        ]
    );
    assert_eq!(
        en,
        [
            "data/site.yaml:3:1: warning: base_url is empty, so feed.xml and sitemap.xml cannot give absolute addresses — set `base_url:` to the address where the site is published, e.g. https://example.org/thi-dua (ignore this for a site read only from disk)",
            "data/thi-dua.xlsx › 'Jun-23': warning: sheet 'Jun-23' is not read: its name looks like a month, but not one podium can read — name a month's sheet by its month and its year in four digits: 2023-06, T6-2023 or Tháng 6-2023; if the sheet holds no month's results, give it a name that is not a month",
            "data/thi-dua.xlsx › 'results'!A10: error: unknown unit `ldld-long-xuyenn` — did you mean `ldld-long-xuyen`? use an id from the 'units' sheet, or add the unit there first",
            "data/thi-dua.xlsx › 'units'!A23: error: duplicate unit id `ldld-long-xuyen` (first in row 2) — every unit needs its own id: remove the repeated row or rename one",
            "2 errors, 2 warnings",
        ]
    );
}

#[test]
fn a_sheet_named_like_a_month_podium_cannot_read_is_named_in_a_warning() {
    // The sheet per month layout, with June's sheet named three ways podium cannot read.
    let mut t = Tables::sample();
    let results = t.sheet("results").clone();
    t.sheets.retain(|(n, _)| n != "results");
    let mut header = vec![Cell::Text("unit".into())];
    header.extend(results[0][2..].iter().cloned());
    let may: Vec<Vec<Cell>> = std::iter::once(header.clone())
        .chain(results[1..].iter().filter(|r| matches!(r[1], Cell::Date(2022, 1, _))).map(|r| {
            let mut line = vec![r[0].clone()];
            line.extend(r[2..].iter().cloned());
            line
        }))
        .collect();
    t.sheets.push(("2022-01".into(), may.clone()));
    for name in ["T13-2022", "2022-02 (2)", "Feb-22"] {
        t.sheets.push((name.into(), may.clone()));
    }
    t.sheets.push(("Hướng dẫn".into(), vec![vec![Cell::Text("Ghi số liệu mỗi tháng".into())]]));
    let dir = workbook_project(&t, |_, _| {});
    let out = run(&["--lang", "en", "check", path(dir.path())]);
    let warnings: Vec<String> = stderr(&out)
        .lines()
        .filter(|l| l.contains("is not read"))
        .map(|l| l.replace(&format!("{}/", path(dir.path())), ""))
        .map(|l| l[..l.find(" — ").unwrap()].to_string())
        .collect();
    assert_eq!(
        warnings,
        [
            "data/thi-dua.xlsx › '2022-02 (2)': warning: sheet '2022-02 (2)' is not read: its name looks like a month, but not one podium can read",
            "data/thi-dua.xlsx › 'Feb-22': warning: sheet 'Feb-22' is not read: its name looks like a month, but not one podium can read",
            "data/thi-dua.xlsx › 'T13-2022': warning: sheet 'T13-2022' is not read: its name looks like a month, but not one podium can read",
        ]
    );
}

#[test]
fn a_warning_about_a_table_names_its_sheet() {
    // The first target row (ldld-long-xuyen, 2022) left out: the unit is listed unranked.
    let mut t = Tables::sample();
    let removed = t.sheet("targets").remove(1);
    assert!(matches!(&removed[0], Cell::Text(u) if u == "ldld-long-xuyen"), "{removed:?}");
    assert!(matches!(removed[1], Cell::Number(p) if p == 2022.0), "{removed:?}");
    let dir = workbook_project(&t, |_, _| {});
    let out = run(&["--lang", "en", "check", path(dir.path())]);
    let said = stderr(&out).replace(&format!("{}/", path(dir.path())), "");
    let line = "data/thi-dua.xlsx › 'targets': warning: `ldld-long-xuyen` has no members_net target for period `2022`: it is listed unranked and earns nothing — add its row to the 'targets' sheet if a target was assigned";
    assert!(said.lines().any(|l| l == line), "{said}");
    let out = run(&["check", path(dir.path())]);
    assert!(
        stderr(&out).contains(" — hãy thêm dòng của đơn vị vào trang tính 'targets' nếu đã được giao chỉ tiêu\n"),
        "{}",
        stderr(&out)
    );
}

/// The sample with its results as one sheet per month (`T1-2022`, `2022-02`, … in month
/// order), a row per unit.
fn monthly(mut t: Tables) -> Tables {
    let results = t.sheet("results").clone();
    t.sheets.retain(|(n, _)| n != "results");
    for row in &results[1..] {
        if let Cell::Date(y, m, _) = row[1] {
            let name = if m % 2 == 0 { format!("{y}-{m:02}") } else { format!("T{m}-{y}") };
            if !t.sheets.iter().any(|(n, _)| *n == name) {
                let mut header = vec![Cell::Text("unit".into())];
                header.extend(results[0][2..].iter().cloned());
                t.sheets.push((name.clone(), vec![header]));
            }
            let mut line = vec![row[0].clone()];
            line.extend(row[2..].iter().cloned());
            t.sheet(&name).push(line);
        }
    }
    t
}

#[test]
fn month_sheets_read_side_by_side_report_each_cell_in_order() {
    // Month sheets are read on several threads at once: problems on several of them
    // (and in the tables before and after them) come out as one read after another
    // would give them, each at its sheet and cell, however many threads read.
    let mut t = monthly(Tables::sample());
    t.set("units", 3, 1, Cell::Date(2023, 1, 5));
    t.set("2022-02", 2, 1, Cell::Number(3.5));
    t.set("T5-2022", 4, 2, Cell::Text("12".into()));
    t.set("2022-12", 3, 1, Cell::Error("#REF!"));
    t.set("T5-2023", 2, 1, Cell::Number(0.25));
    t.set("2023-06", 5, 0, Cell::Text("khong-co".into()));
    t.set("nominations", 2, 2, Cell::Date(2022, 3, 1));
    let dir = workbook_project(&t, |_, _| {});
    let expected = [
        "data/thi-dua.xlsx › '2022-02'!B2: error: `3.5` is not a whole number — figures are counts: type a whole number; if a formula computes it, round it with ROUND",
        "data/thi-dua.xlsx › '2022-12'!B3: error: the formula in this cell gives #REF! — correct the formula (#REF! means it points at cells that were deleted), or type the figure",
        "data/thi-dua.xlsx › '2023-06'!A5: error: unknown unit `khong-co` — use an id from the 'units' sheet, or add the unit there first",
        "data/thi-dua.xlsx › 'T5-2022'!C4: error: `12` is a number stored as text — podium reads figures from number cells only: select the cells, click the warning sign › Convert to Number (or format them as Number and type them again)",
        "data/thi-dua.xlsx › 'T5-2023'!B2: error: `0.25` is not a whole number — figures are counts: type a whole number; if a formula computes it, round it with ROUND",
        "data/thi-dua.xlsx › 'nominations'!C2: error: this cell holds the date 2022-03-01, not text — the spreadsheet turned what was typed into a date: format the cell as Text and type it again",
        "data/thi-dua.xlsx › 'units'!B3: error: this cell holds the date 2023-01-05, not text — the spreadsheet turned what was typed into a date: format the cell as Text and type it again",
    ];
    assert_errors(dir.path(), &expected);
    let all = |threads: &str| {
        let out = podium(&["--lang", "en", "check", path(dir.path())]).env("RAYON_NUM_THREADS", threads).output();
        stderr(&out.unwrap())
    };
    let one = all("1");
    assert!(one.contains(expected[0]), "{one}");
    for threads in ["2", "3", "8"] {
        assert_eq!(all(threads), one, "{threads} threads");
    }
}

/// A copy of the sample project with its CSV tables, `edit`ed.
fn csv_project(edit: impl Fn(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("data"), &dir.path().join("data"));
    edit(dir.path());
    dir
}

/// Keeps the lines of a CSV file of the project for which `keep` (its 0-based index and
/// text) holds.
fn keep_lines(project: &Path, rel: &str, keep: impl Fn(usize, &str) -> bool) {
    let text = fs::read_to_string(project.join(rel)).unwrap();
    let kept: String = text.split_inclusive('\n').enumerate().filter(|(i, l)| keep(*i, l)).map(|(_, l)| l).collect();
    fs::write(project.join(rel), kept).unwrap();
}

/// The lines `check` prints about the results (the sample's empty base_url aside): in
/// the project's language (Vietnamese) and in English; `check` exits 0.
fn results_warnings(project: &Path) -> (Vec<String>, Vec<String>) {
    let (vi, en) = said(project, 0);
    let own = |lines: Vec<String>| lines.into_iter().filter(|l| !l.starts_with("data/site.yaml:")).collect();
    (own(vi), own(en))
}

#[test]
fn results_with_no_rows_yet_are_named_where_they_are_kept() {
    // A new campaign: the header is there, no month yet (and so no nomination).
    let mut sheet = Tables::sample();
    sheet.sheet("results").truncate(1);
    sheet.sheet("nominations").truncate(1);
    let dir = workbook_project(&sheet, |_, _| {});
    assert_eq!(
        results_warnings(dir.path()),
        (
            vec![
                "data/thi-dua.xlsx › 'results': cảnh báo: trang tính 'results' chưa có dòng kết quả nào — hãy thêm số liệu của tháng đầu tiên".to_string(),
                "0 lỗi, 2 cảnh báo".into(),
            ],
            vec![
                "data/thi-dua.xlsx › 'results': warning: there are no results in the 'results' sheet yet — add the first month's figures".to_string(),
                "0 errors, 2 warnings".into(),
            ]
        )
    );

    // The month sheets made ready with every unit's id, no figure typed yet.
    let mut months = monthly(Tables::sample());
    months.sheet("nominations").truncate(1);
    for (name, rows) in &mut months.sheets {
        if name.starts_with("20") || name.starts_with('T') {
            for row in &mut rows[1..] {
                row[1..].fill(Cell::Empty);
            }
        }
    }
    let dir = workbook_project(&months, |_, _| {});
    assert_eq!(
        results_warnings(dir.path()),
        (
            vec![
                "data/thi-dua.xlsx: cảnh báo: các trang tính theo tháng chưa có dòng kết quả nào — hãy thêm số liệu của tháng đầu tiên".to_string(),
                "0 lỗi, 2 cảnh báo".into(),
            ],
            vec![
                "data/thi-dua.xlsx: warning: there are no results in the month sheets yet — add the first month's figures".to_string(),
                "0 errors, 2 warnings".into(),
            ]
        )
    );

    // The CSV file is still named as itself.
    let dir = csv_project(|p| {
        keep_lines(p, "data/results.csv", |i, _| i == 0);
        keep_lines(p, "data/nominations.csv", |i, _| i == 0);
    });
    assert_eq!(
        results_warnings(dir.path()),
        (
            vec![
                "data/results.csv: cảnh báo: results.csv chưa có dòng kết quả nào — hãy thêm số liệu của tháng đầu tiên".to_string(),
                "0 lỗi, 2 cảnh báo".into(),
            ],
            vec![
                "data/results.csv: warning: there are no results in results.csv yet — add the first month's figures".to_string(),
                "0 errors, 2 warnings".into(),
            ]
        )
    );
}

#[test]
fn a_unit_that_has_not_reported_is_named_at_the_sheet_of_the_month() {
    // Two units have not reported June 2023, the latest month: one's row is gone, the
    // other's figures are still empty (a month sheet made ready with every unit's id).
    // They are sorted as ever, by unit (the English words).
    let gone = "ldld-tri-ton";
    let empty = "ldld-an-phu";
    let unit_is = |row: &[Cell], id: &str| matches!(&row[0], Cell::Text(u) if u == id);
    let mut months = monthly(Tables::sample());
    let june = months.sheet("2023-06");
    let before = june.len();
    june.retain(|row| !unit_is(row, gone));
    assert_eq!(june.len(), before - 1);
    let row = june.iter_mut().find(|row| unit_is(row, empty)).unwrap();
    row[1..].fill(Cell::Empty);
    let dir = workbook_project(&months, |_, _| {});
    let vi = |at: &str| {
        vec![
            format!(
                "{at}: cảnh báo: `{empty}` chưa báo cáo tháng 2023-06 — hãy thêm dòng của đơn vị khi có số liệu; trang web sẽ ghi tháng đó là \"chưa báo cáo\""
            ),
            format!(
                "{at}: cảnh báo: `{gone}` chưa báo cáo tháng 2023-06 — hãy thêm dòng của đơn vị khi có số liệu; trang web sẽ ghi tháng đó là \"chưa báo cáo\""
            ),
            "0 lỗi, 3 cảnh báo".to_string(),
        ]
    };
    let en = |at: &str| {
        vec![
            format!(
                "{at}: warning: `{empty}` has not reported 2023-06 — add its row when the figures arrive; the site marks the month \"not reported\""
            ),
            format!(
                "{at}: warning: `{gone}` has not reported 2023-06 — add its row when the figures arrive; the site marks the month \"not reported\""
            ),
            "0 errors, 3 warnings".to_string(),
        ]
    };
    assert_eq!(
        results_warnings(dir.path()),
        (vi("data/thi-dua.xlsx › '2023-06'"), en("data/thi-dua.xlsx › '2023-06'"))
    );

    // Results kept in one sheet: the warnings are at that sheet.
    let mut sheet = Tables::sample();
    let june_row = |row: &[Cell], id: &str| unit_is(row, id) && matches!(row[1], Cell::Date(2023, 6, _));
    let before = sheet.sheet("results").len();
    sheet.sheet("results").retain(|row| !june_row(row, gone) && !june_row(row, empty));
    assert_eq!(sheet.sheet("results").len(), before - 2);
    let dir = workbook_project(&sheet, |_, _| {});
    assert_eq!(
        results_warnings(dir.path()),
        (vi("data/thi-dua.xlsx › 'results'"), en("data/thi-dua.xlsx › 'results'"))
    );

    // In results.csv, at the file, as before.
    let dir = csv_project(|p| {
        keep_lines(p, "data/results.csv", |_, l| ![gone, empty].iter().any(|u| l.starts_with(&format!("{u},2023-06,"))))
    });
    assert_eq!(results_warnings(dir.path()), (vi("data/results.csv"), en("data/results.csv")));
}

#[test]
fn explain_names_the_sheet_that_holds_the_units() {
    let dir = workbook_project(&Tables::sample(), |_, _| {});
    let said = |args: &[&str]| {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        stderr(&out)
    };
    assert_eq!(
        said(&["--lang", "en", "explain", "ldld-long-xuyn", "--project", path(dir.path())]),
        "error: unknown unit `ldld-long-xuyn` — did you mean `ldld-long-xuyen`? use an id from the 'units' sheet\n"
    );
    assert_eq!(
        said(&["explain", "ldld-long-xuyn", "--project", path(dir.path())]),
        "lỗi: không có đơn vị `ldld-long-xuyn` — có phải là `ldld-long-xuyen` không? hãy dùng một mã đơn vị trong trang tính 'units'\n"
    );
    assert_eq!(
        said(&["--lang", "en", "explain", "ldld-long-xuyn", "--project", path(&repo())]),
        "error: unknown unit `ldld-long-xuyn` — did you mean `ldld-long-xuyen`? use an id from data/units.csv\n"
    );
}
