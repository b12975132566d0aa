//! The names that say what a workbook holds: a sheet's name, the table or the month it
//! stands for (or a month podium cannot read), and a file's name, whether it is a
//! workbook.

use crate::model::Month;

/// The sheet names of each table (in [`TABLES`](super::TABLES) order), compared without
/// regard to case: the CSV file's name, and the Vietnamese name with and without its
/// diacritics.
pub const SHEET_NAMES: [[&str; 3]; 4] = [
    ["units", "don-vi", "đơn vị"],
    ["targets", "chi-tieu", "chỉ tiêu"],
    ["results", "ket-qua", "kết quả"],
    ["nominations", "de-nghi", "đề nghị"],
];

/// The table a sheet's name stands for, if any.
pub fn table_of_sheet(name: &str) -> Option<usize> {
    let n = crate::load::text::nfc(name.trim().to_lowercase());
    SHEET_NAMES.iter().position(|names| names.contains(&n.as_str()))
}

/// The month a sheet's name stands for: `2023-06`, `T6-2023`, `T06-2023`, `Tháng 6-2023`.
pub fn month_of_sheet(name: &str) -> Option<Month> {
    let n = crate::load::text::nfc(name.trim().to_lowercase());
    if let Some(m) = Month::parse(&n) {
        return Some(m);
    }
    let rest = ["tháng ", "thang ", "t"].iter().find_map(|p| n.strip_prefix(p))?;
    let (m, y) = rest.trim_start().split_once('-')?;
    let ok =
        |s: &str, len: std::ops::RangeInclusive<usize>| len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !ok(m, 1..=2) || !ok(y, 4..=4) {
        return None;
    }
    Month::parse(&format!("{y}-{m:0>2}"))
}

/// Whether a sheet's name that [`month_of_sheet`] does not read still looks like a month:
/// `T13-2023`, `T6`, `Tháng 6`, `Jun-23`, `June 2023`, `2023-6`, `2023-6a`, `6-2023`, `06/2023`.
/// (Not a name that merely holds a year, such as `Tổng hợp 2023`.)
pub fn looks_like_month(name: &str) -> bool {
    let n = crate::load::text::nfc(name.trim().to_lowercase());
    let digit_at = |s: &str| s.trim_start().starts_with(|c: char| c.is_ascii_digit());
    // Tháng 6, T6-2023, T13-2023, T6
    if ["tháng", "thang"].iter().any(|p| n.strip_prefix(p).is_some_and(digit_at))
        || n.strip_prefix('t').is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    {
        return true;
    }
    // Jun-23, June 2023, thg 6: a month's name, then a number.
    const NAMES: [&str; 13] =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "thg"];
    if let Some(rest) = NAMES.iter().find_map(|m| n.strip_prefix(m)) {
        let rest = rest.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
        if rest.trim_start_matches([' ', '-', '/', '_']).starts_with(|c: char| c.is_ascii_digit()) {
            return true;
        }
    }
    // 2023-6, 2023-6a, 2023.06, 6-2023, 06/2023: a year and a month's number side by side.
    let parts: Vec<&str> = n.split(['-', '/', '.', ' ', '_']).filter(|p| !p.is_empty()).collect();
    if let [a, b, ..] = parts.as_slice() {
        let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
        let (da, db) = (digits(a), digits(b));
        let year_then_month = da == 4 && a.len() == 4 && (1..=2).contains(&db);
        let month_then_year = (1..=2).contains(&da) && a.len() == da && db == 4;
        return year_then_month || month_then_year;
    }
    false
}

/// A workbook's file name: `.xlsx`, `.xlsm`, `.xls` or `.ods`, but not the lock file
/// Excel keeps beside a workbook it has open (`~$thi-dua.xlsx`).
pub fn is_workbook_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    !name.starts_with("~$") && [".xlsx", ".xlsm", ".xls", ".ods"].iter().any(|e| lower.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_stand_for_tables_and_months() {
        assert_eq!(table_of_sheet("results"), Some(2));
        assert_eq!(table_of_sheet(" Kết quả "), Some(2));
        assert_eq!(table_of_sheet("ĐƠN VỊ"), Some(0));
        assert_eq!(table_of_sheet("de-nghi"), Some(3));
        assert_eq!(table_of_sheet("Hướng dẫn"), None);
        let m = |s: &str| month_of_sheet(s).map(|m| m.to_string());
        assert_eq!(m("2023-06").as_deref(), Some("2023-06"));
        assert_eq!(m("T6-2023").as_deref(), Some("2023-06"));
        assert_eq!(m("t06-2023").as_deref(), Some("2023-06"));
        assert_eq!(m("Tháng 12-2022").as_deref(), Some("2022-12"));
        assert_eq!(m("T13-2023"), None);
        assert_eq!(m("T6-23"), None);
        assert_eq!(m("2023-6"), None);
        // Such names are not read, but they look like months: podium says so.
        for name in
            ["Jun-23", "T13-2023", "2023-6a", "2023-6", "T6", "Tháng 6", "thang6-23", "June 2023", "6-2023", "06/2023"]
        {
            assert!(looks_like_month(name), "{name}");
        }
        for name in
            ["Hướng dẫn", "Tổng hợp 2023", "Sheet1", "Tabelle", "thông tin", "2023", "Báo cáo quý 2-2023", "units-2023"]
        {
            assert!(!looks_like_month(name), "{name}");
        }
    }

    #[test]
    fn workbook_names_skip_excel_lock_files() {
        assert!(is_workbook_name("thi-dua.xlsx"));
        assert!(is_workbook_name("THI-DUA.XLSX"));
        assert!(is_workbook_name("a.ods"));
        assert!(!is_workbook_name("~$thi-dua.xlsx"));
        assert!(!is_workbook_name("results.csv"));
    }
}
