//! `podium template`: a workbook for the office to keep the tables in
//! (docs/formats.md, "Workbooks"), in the layout offices use: a sheet per month with a
//! row per unit. It opens on a sheet of instructions in Vietnamese ("Hướng dẫn"); then
//! `units`, `targets`, a sheet per month (`2023-06` …) and `nominations`. Inside a
//! project it holds the project's tables as they are (every month so far; with no
//! results yet, the campaign's first month with its units and empty figures to fill
//! in); outside one, the sheets with their header rows only.
//!
//! Header rows are frozen and locked (the sheets are protected without a password:
//! Review › Unprotect Sheet lifts it); cells below are free. Drop-down lists offer the
//! units' ids (from the `units` sheet, so a unit added there is offered too), the
//! periods, the groups and the kinds of award; figure cells accept whole numbers of 0
//! or more only.

use crate::model::{Month, Project};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, Formula, ProtectionOptions, Workbook,
    Worksheet, XlsxError,
};

/// The rows below the data that the drop-down lists and number checks still cover, for
/// the units and rows the office adds.
const SPARE_ROWS: u32 = 1000;

/// The instructions sheet, line by line (a heading is a line that ends with `:`).
const GUIDE: &[&str] = &[
    "Cách điền sổ thi đua cho podium",
    "",
    "Sổ này giữ các bảng của đợt thi đua: đơn vị, chỉ tiêu, kết quả từng tháng và danh sách đề nghị khen thưởng.",
    "Đặt sổ trong thư mục data/ của dự án (thay cho các tệp units.csv, targets.csv, results.csv, nominations.csv: mỗi bảng chỉ ở một nơi).",
    "",
    "Hằng tháng:",
    "1. Nhấp chuột phải vào thẻ trang của tháng trước › Move or Copy… › chọn Create a copy.",
    "2. Đổi tên trang mới theo tháng báo cáo, dạng 2023-07 (hoặc T7-2023).",
    "3. Ghi số liệu của tháng vào từng dòng đơn vị: chỉ ghi số nguyên từ 0 trở lên, không để trống (không có thì ghi 0).",
    "4. Lưu sổ (Excel Workbook .xlsx), rồi chạy podium build.",
    "",
    "Các trang:",
    "units: mỗi dòng một đơn vị. id là mã cố định (chữ thường không dấu, số và dấu gạch nối, ví dụ ldld-long-xuyen); group là mã nhóm trong groups.yaml.",
    "targets: chỉ tiêu của từng đơn vị theo từng kỳ; để trống ô nếu đơn vị không được giao chỉ tiêu.",
    "Trang tháng (2023-06, T6-2023 …): mỗi dòng một đơn vị, cột unit là mã đơn vị (chọn trong danh sách), các cột sau là số liệu của tháng.",
    "nominations: danh sách đề nghị khen thưởng; kind là tập thể hoặc cá nhân.",
    "",
    "Lưu ý:",
    "Không đổi tên, không xóa dòng tiêu đề (dòng 1) của mỗi trang: podium tìm các cột theo tên ở dòng này.",
    "Không gộp ô (Merge & Center) trong vùng số liệu, không ẩn trang có số liệu.",
    "Số phải ở dạng số: nếu Excel báo \"Number Stored as Text\" (tam giác xanh), chọn ô › Convert to Number.",
    "Công thức được phép, nhưng kết quả phải là số nguyên (dùng ROUND nếu cần); ô báo lỗi như #REF! sẽ bị podium từ chối.",
    "Trang tiêu đề được khóa để tránh sửa nhầm: Review › Unprotect Sheet để mở khóa (không có mật khẩu).",
    "",
    "podium kiểm tra toàn bộ sổ khi build: mỗi lỗi được báo kèm tên trang và ô, ví dụ data/thi-dua.xlsx › '2023-06'!C14.",
];

/// The template workbook: the project's tables (or only their headers without a project).
pub fn template(project: Option<&Project>) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let header =
        Format::new().set_bold().set_background_color("D9E1F2").set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
    let free = Format::new().set_unlocked();
    let text = Format::new().set_unlocked().set_num_format("@");

    let guide = book.add_worksheet().set_name("Hướng dẫn")?;
    guide.set_column_width(0, 120)?;
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    for (i, line) in GUIDE.iter().enumerate() {
        let row = i as u32;
        match (i, line.ends_with(':')) {
            (0, _) => guide.write_string_with_format(row, 0, *line, &title)?,
            (_, true) => guide.write_string_with_format(row, 0, *line, &bold)?,
            _ => guide.write_string(row, 0, *line)?,
        };
    }

    let units: Vec<&crate::model::Unit> = project.map(|p| p.units.iter().collect()).unwrap_or_default();
    let last_unit_row = units.len() as u32 + SPARE_ROWS;
    let unit_list = Formula::new(format!("=units!$A$2:$A${}", last_unit_row + 1));
    let unit_rule = || -> Result<DataValidation, XlsxError> {
        DataValidation::new()
            .allow_list_formula(unit_list.clone())
            .set_error_title("Mã đơn vị không có")?
            .set_error_message("Chọn mã đơn vị trong danh sách (trang units), hoặc thêm đơn vị vào trang units trước.")
    };
    let figure_rule = || -> Result<DataValidation, XlsxError> {
        DataValidation::new()
            .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
            .set_error_title("Số liệu không hợp lệ")?
            .set_error_message("Ghi số nguyên từ 0 trở lên (không có thì ghi 0).")
    };
    let periods: Vec<&str> =
        project.map(|p| p.campaign.periods.iter().map(|x| x.id.as_str()).collect()).unwrap_or_default();
    let period_rule = || -> Option<DataValidation> {
        (!periods.is_empty())
            .then(|| DataValidation::new().allow_list_strings(&periods).ok())
            .flatten()
            .map(|v| v.set_error_style(DataValidationErrorStyle::Stop))
    };

    // units
    let sheet = book.add_worksheet_with_constant_memory()?.set_name("units")?;
    let cols = ["id", "name", "short_name", "group", "kind"];
    start(sheet, &cols, &header, &text, &[16.0, 50.0, 24.0, 12.0, 16.0])?;
    for (i, u) in units.iter().enumerate() {
        let r = i as u32 + 1;
        let group = project.map(|p| p.groups[u.group].id.as_str()).unwrap_or("");
        for (c, v) in [u.id.as_str(), &u.name, &u.short_name, group, &u.kind].iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string_with_format(r, c as u16, *v, &text)?;
            }
        }
    }
    if let Some(p) = project {
        let groups: Vec<&str> = p.groups.iter().map(|g| g.id.as_str()).collect();
        if let Ok(v) = DataValidation::new().allow_list_strings(&groups) {
            sheet.add_data_validation(1, 3, last_unit_row, 3, &v)?;
        }
    }
    protect(sheet)?;

    // targets
    let metrics: Vec<&str> =
        project.map(|p| p.campaign.metrics.iter().map(|m| m.id.as_str()).collect()).unwrap_or_default();
    let sheet = book.add_worksheet_with_constant_memory()?.set_name("targets")?;
    let mut cols = vec!["unit", "period"];
    cols.extend(&metrics);
    start(sheet, &cols, &header, &free, &[16.0, 10.0])?;
    let mut r = 1;
    if let Some(p) = project {
        for (u, unit) in p.units.iter_enumerated() {
            for (pi, period) in p.campaign.periods.iter_enumerated() {
                let values = &p.targets[u][pi];
                if values.iter().all(Option::is_none) {
                    continue;
                }
                sheet.write_string_with_format(r, 0, &unit.id, &text)?;
                sheet.write_string_with_format(r, 1, &period.id, &text)?;
                for (m, v) in values.iter().enumerate() {
                    if let Some(v) = v {
                        sheet.write_number_with_format(r, 2 + m as u16, *v as f64, &free)?;
                    }
                }
                r += 1;
            }
        }
    }
    let last = r + SPARE_ROWS;
    sheet.add_data_validation(1, 0, last, 0, &unit_rule()?)?;
    if let Some(v) = period_rule() {
        sheet.add_data_validation(1, 1, last, 1, &v)?;
    }
    if !metrics.is_empty() {
        let v = DataValidation::new()
            .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(1))
            .set_error_title("Chỉ tiêu không hợp lệ")?
            .set_error_message("Chỉ tiêu là số nguyên lớn hơn 0; để trống ô nếu không giao chỉ tiêu.")?;
        sheet.add_data_validation(1, 2, last, 1 + metrics.len() as u16, &v)?;
    }
    protect(sheet)?;

    // A sheet per month.
    let columns: Vec<&str> =
        project.map(|p| p.campaign.columns.iter().map(String::as_str).collect()).unwrap_or_default();
    let months: Vec<Month> = match project {
        Some(p) => match p.as_of {
            Some(as_of) => {
                p.results.first.through(as_of).filter(|&m| p.units.ixs().any(|u| p.results.is_reported(u, m))).collect()
            }
            None => vec![p.campaign.month_span().0],
        },
        None => Vec::new(),
    };
    let month_sheets: Vec<Option<Month>> =
        if months.is_empty() { vec![None] } else { months.into_iter().map(Some).collect() };
    for month in month_sheets {
        // Without a project, a sheet named like a month would be read: the example is `results`-free.
        let name = month.map_or_else(|| "2023-01".to_string(), |m| m.to_string());
        // Written row by row, without keeping the cells: a campaign may have 100,000 units.
        let sheet = book.add_worksheet_with_constant_memory()?.set_name(&name)?;
        let mut cols = vec!["unit"];
        cols.extend(&columns);
        start(sheet, &cols, &header, &free, &[16.0])?;
        for (i, u) in units.iter().enumerate() {
            let r = i as u32 + 1;
            sheet.write_string_with_format(r, 0, &u.id, &text)?;
            // `units` is the project's units in index order.
            let ui = crate::model::UnitIx::new(i);
            if let (Some(p), Some(m)) = (project, month)
                && p.results.is_reported(ui, m)
            {
                for (c, v) in p.results.row(ui, m).iter().enumerate() {
                    sheet.write_number_with_format(r, 1 + c as u16, *v as f64, &free)?;
                }
            }
        }
        sheet.add_data_validation(1, 0, last_unit_row, 0, &unit_rule()?)?;
        if !columns.is_empty() {
            sheet.add_data_validation(1, 1, last_unit_row, columns.len() as u16, &figure_rule()?)?;
        }
        protect(sheet)?;
    }

    // nominations
    let sheet = book.add_worksheet_with_constant_memory()?.set_name("nominations")?;
    start(sheet, &["period", "unit", "kind", "name", "title"], &header, &text, &[10.0, 16.0, 12.0, 30.0, 40.0])?;
    let mut r = 1;
    if let Some(p) = project {
        for n in &p.nominations {
            let holder = match n.holder {
                crate::model::Holder::Unit(u) => p.units[u].id.as_str(),
                crate::model::Holder::Group(g) => p.groups[g].id.as_str(),
            };
            let kind = match n.kind {
                crate::model::AwardKind::Collective => "tập thể",
                crate::model::AwardKind::Individual => "cá nhân",
            };
            for (c, v) in [p.campaign.periods[n.period].id.as_str(), holder, kind, &n.name, &n.title].iter().enumerate()
            {
                if !v.is_empty() {
                    sheet.write_string_with_format(r, c as u16, *v, &text)?;
                }
            }
            r += 1;
        }
    }
    let last = r + SPARE_ROWS;
    if let Some(v) = period_rule() {
        sheet.add_data_validation(1, 0, last, 0, &v)?;
    }
    let kinds = DataValidation::new().allow_list_strings(&["tập thể", "cá nhân"])?;
    sheet.add_data_validation(1, 2, last, 2, &kinds)?;
    protect(sheet)?;

    book.worksheet_from_index(0)?.set_active(true);
    book.save_to_buffer()
}

/// The header row (bold, frozen) and the columns' widths and formats.
fn start(
    sheet: &mut Worksheet,
    cols: &[&str],
    header: &Format,
    body: &Format,
    widths: &[f64],
) -> Result<(), XlsxError> {
    for (c, name) in cols.iter().enumerate() {
        let c = c as u16;
        sheet.set_column_format(c, body)?;
        sheet.set_column_width(c, widths.get(c as usize).copied().unwrap_or(14.0))?;
        sheet.write_string_with_format(0, c, *name, header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Locks the header row: cells below are unlocked by their columns' format; rows may be
/// added, deleted, sorted and filtered.
fn protect(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    let options = ProtectionOptions {
        insert_rows: true,
        delete_rows: true,
        format_cells: true,
        format_columns: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    };
    sheet.protect_with_options(&options);
    Ok(())
}
