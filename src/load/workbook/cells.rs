//! A cell's value, whichever reader gave it, and the text it becomes for the loader:
//! what only a workbook can get wrong (a number stored as text, a decimal where a count
//! is needed, a formula's error, a date where no date belongs) is reported here.

use super::sheet::{Feed, Role};
use crate::error::{Diagnostics, forbidden};
use crate::messages::Message;
use crate::model::Month;
use crate::msg;
use calamine::{Data, DataRef};

/// A cell's value, whichever reader gave it.
pub(super) enum Value {
    Empty,
    Text(String),
    Int(i64),
    Number(f64),
    Bool(bool),
    Date(u16, u8, u8),
    /// A date or a duration as ISO 8601 text (.ods).
    DateText(String),
    Error(String),
}

impl From<DataRef<'_>> for Value {
    fn from(d: DataRef<'_>) -> Value {
        match d {
            DataRef::Empty => Value::Empty,
            DataRef::String(s) => Value::Text(s),
            DataRef::SharedString(s) => Value::Text(s.to_string()),
            DataRef::Int(i) => Value::Int(i),
            DataRef::Float(f) => Value::Number(f),
            DataRef::Bool(b) => Value::Bool(b),
            DataRef::DateTime(dt) if dt.is_datetime() => {
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                Value::Date(y, m, d)
            }
            DataRef::DateTime(dt) => Value::Number(dt.as_f64()),
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::DateText(s),
            DataRef::Error(e) => Value::Error(e.to_string()),
        }
    }
}

impl From<&Data> for Value {
    fn from(d: &Data) -> Value {
        match d {
            Data::Empty => Value::Empty,
            Data::String(s) => Value::Text(s.clone()),
            Data::Int(i) => Value::Int(*i),
            Data::Float(f) => Value::Number(*f),
            Data::Bool(b) => Value::Bool(*b),
            Data::DateTime(dt) if dt.is_datetime() => {
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                Value::Date(y, m, d)
            }
            Data::DateTime(dt) => Value::Number(dt.as_f64()),
            Data::DateTimeIso(s) | Data::DurationIso(s) => Value::DateText(s.clone()),
            Data::Error(e) => Value::Error(e.to_string()),
        }
    }
}

impl Feed<'_> {
    /// The text of one cell for the loader; reports what only a workbook can get wrong.
    pub(super) fn cell(&mut self, v: Value, role: Role, r: u32, c: u32, diags: &mut Diagnostics) -> String {
        let flag = |this: &mut Self, m: Message, diags: &mut Diagnostics| {
            diags.err(this.at(r, c), m);
            this.part.flagged.insert((this.ix, r + 1, c + 1));
        };
        match (v, role) {
            (Value::Empty, _) => String::new(),
            (Value::Error(e), _) => {
                flag(self, msg!("cell-formula-error", error = &e), diags);
                e
            }
            (Value::Bool(b), _) => if b { "TRUE" } else { "FALSE" }.to_string(),
            (Value::Int(i), Role::Month) => {
                flag(self, msg!("cell-number-not-month", number = i.to_string()), diags);
                i.to_string()
            }
            (Value::Number(f), Role::Month) => {
                flag(self, msg!("cell-number-not-month", number = number(f)), diags);
                number(f)
            }
            (Value::Int(i), _) => i.to_string(),
            (Value::Number(f), Role::Figure) if f.fract() != 0.0 && f.is_finite() => {
                flag(self, msg!("cell-decimal", value = number(f)), diags);
                number(f)
            }
            (Value::Number(f), _) => number(f),
            (Value::Date(y, m, _), Role::Month) => format!("{y:04}-{m:02}"),
            (Value::DateText(s), Role::Month) => match s.get(..7).and_then(Month::parse) {
                Some(m) if s.len() == 7 || s.as_bytes()[7] == b'-' => m.to_string(),
                _ => s,
            },
            (Value::Date(y, m, d), role) => {
                let date = format!("{y:04}-{m:02}-{d:02}");
                flag(self, date_not_value(&date, role), diags);
                date
            }
            (Value::DateText(s), role) => {
                flag(self, date_not_value(&s, role), diags);
                s
            }
            (Value::Text(s), role) => {
                let s = self.clean(s, r, c, diags);
                if role == Role::Figure && numeric_text(&s) {
                    flag(self, msg!("cell-number-as-text", value = s.trim()), diags);
                }
                s
            }
        }
    }

    /// Text as the CSV reading leaves it: one line, no control character, NFC.
    fn clean(&mut self, s: String, r: u32, c: u32, diags: &mut Diagnostics) -> String {
        let s = if memchr::memchr2(b'\n', b'\r', s.as_bytes()).is_some() {
            s.replace("\r\n", " ").replace(['\n', '\r'], " ")
        } else {
            s
        };
        let s = if let Some(bad) = s.chars().find(|&ch| forbidden(ch)) {
            let code = format!("U+{:04X}", u32::from(bad));
            diags.err(self.at(r, c), msg!("cell-control-character", code = code));
            s.chars().filter(|&ch| !forbidden(ch)).collect()
        } else {
            s
        };
        crate::load::text::nfc(s)
    }
}

/// A number cell's value as typed: `12`, `12.5`; a whole number beyond 2^53 in full digits.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else if f.fract() == 0.0 {
        format!("{f:.0}")
    } else {
        format!("{f}")
    }
}

/// Whether text is a number a spreadsheet would have read as one: `1410`, `1.410`, `-5`.
fn numeric_text(s: &str) -> bool {
    let t = s.trim();
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    t.starts_with(|c: char| c.is_ascii_digit()) && t.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
}

/// A date in a cell that should hold a figure or text.
fn date_not_value(date: &str, role: Role) -> Message {
    if role == Role::Figure {
        msg!("cell-date-not-number", date = date)
    } else {
        msg!("cell-date-not-text", date = date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(number(12.0), "12");
        assert_eq!(number(-5.0), "-5");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(1e20), "100000000000000000000");
        assert!(numeric_text(" 1410 "));
        assert!(numeric_text("1.410"));
        assert!(numeric_text("-5"));
        assert!(!numeric_text("12a"));
        assert!(!numeric_text("n/a"));
        assert!(!numeric_text(""));
    }
}
