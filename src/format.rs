//! Number and percent formats per language (pure; used by the engine's
//! explanations and by every rendered page).

use crate::model::Language;

#[derive(Debug, Clone, Copy)]
pub struct NumberFormat {
    pub thousands: char,
    pub decimal: char,
    /// What follows a percent's digits: "%" in Vietnamese, as the campaign plans
    /// write it ("từ 10% trở lên"); " %" in English.
    pub percent_sign: &'static str,
    /// Award counts are written with at least this many digits: Vietnamese
    /// administrative text writes "02 tập thể và 05 cá nhân".
    pub count_digits: usize,
}

impl NumberFormat {
    pub fn for_language(lang: Language) -> NumberFormat {
        match lang {
            Language::Vi => NumberFormat { thousands: '.', decimal: ',', percent_sign: "%", count_digits: 2 },
            Language::En => NumberFormat { thousands: ',', decimal: '.', percent_sign: " %", count_digits: 1 },
        }
    }

    /// 1410 → "1.410" (vi) or "1,410" (en); negative numbers use a true minus sign.
    pub fn int(&self, n: i64) -> String {
        let mut out = String::with_capacity(24);
        self.push_int(&mut out, n);
        out
    }

    /// A count of awards: 2 → "02" (vi) or "2" (en); 1234 → "1.234" / "1,234".
    pub fn count(&self, n: u64) -> String {
        let mut out = String::with_capacity(8);
        let digits = n.checked_ilog10().map_or(1, |l| l as usize + 1);
        for _ in digits..self.count_digits {
            out.push('0');
        }
        self.push_int(&mut out, i64::try_from(n).unwrap_or(i64::MAX));
        out
    }

    /// Appends [`NumberFormat::int`]'s text to `out`.
    pub fn push_int<T: Text + ?Sized>(&self, out: &mut T, n: i64) {
        let mut buf = itoa::Buffer::new();
        let digits = buf.format(n.unsigned_abs());
        if n < 0 {
            out.push_char('−');
        }
        // Digits in runs between the separators.
        let first = match digits.len() % 3 {
            0 => 3,
            r => r,
        };
        out.push_text(&digits[..first]);
        let mut at = first;
        while at < digits.len() {
            out.push_char(self.thousands);
            out.push_text(&digits[at..at + 3]);
            at += 3;
        }
    }

    /// A percent given in hundredths: 11750 → "117,50%" (vi) / "117.50 %" (en).
    pub fn percent(&self, hundredths: i64) -> String {
        let mut out = String::with_capacity(24);
        self.push_percent(&mut out, hundredths);
        out
    }

    /// Appends [`NumberFormat::percent`]'s text to `out`.
    pub fn push_percent<T: Text + ?Sized>(&self, out: &mut T, hundredths: i64) {
        if hundredths < 0 {
            out.push_char('−');
        }
        let h = hundredths.unsigned_abs();
        self.push_int(out, (h / 100) as i64);
        out.push_char(self.decimal);
        let cents = (h % 100) as u8;
        out.push_char(char::from(b'0' + cents / 10));
        out.push_char(char::from(b'0' + cents % 10));
        out.push_text(self.percent_sign);
    }
}

/// Where formatted text goes: a string, or the bytes of a page being written.
pub trait Text {
    fn push_text(&mut self, s: &str);
    fn push_char(&mut self, c: char) {
        self.push_text(c.encode_utf8(&mut [0; 4]));
    }
}

impl Text for String {
    fn push_text(&mut self, s: &str) {
        self.push_str(s);
    }
    fn push_char(&mut self, c: char) {
        self.push(c);
    }
}

impl Text for Vec<u8> {
    fn push_text(&mut self, s: &str) {
        self.extend_from_slice(s.as_bytes());
    }
}

/// value / target in hundredths of a percent, rounded half up (exact integer arithmetic).
pub fn percent_hundredths(value: i64, target: i64) -> i64 {
    debug_assert!(target > 0);
    let num = i128::from(value) * 10_000 * 2 + i128::from(target);
    let den = 2 * i128::from(target);
    num.div_euclid(den) as i64
}

/// The machine-readable percent string of results.json: two decimals, "117.50".
pub fn percent_plain(hundredths: i64) -> String {
    let sign = if hundredths < 0 { "-" } else { "" };
    let h = hundredths.unsigned_abs();
    format!("{sign}{}.{:02}", h / 100, h % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_per_language() {
        let vi = NumberFormat::for_language(Language::Vi);
        let en = NumberFormat::for_language(Language::En);
        assert_eq!(vi.int(1410), "1.410");
        assert_eq!(en.int(1410), "1,410");
        assert_eq!(en.int(1_234_567), "1,234,567");
        assert_eq!(en.int(999), "999");
        assert_eq!(en.int(-1200), "−1,200");
        assert_eq!(vi.percent(11750), "117,50%");
        assert_eq!(en.percent(11750), "117.50 %");
        assert_eq!(en.percent(123456), "1,234.56 %");
        assert_eq!(en.percent(-5), "−0.05 %");
        assert_eq!(vi.int(-1_000_000), "−1.000.000");
        assert_eq!(vi.int(100_000), "100.000");
        assert_eq!(vi.int(0), "0");
        let mut bytes = Vec::new();
        vi.push_percent(&mut bytes, -123_456);
        vi.push_int(&mut bytes, 12_345);
        assert_eq!(String::from_utf8(bytes).unwrap(), "−1.234,56%12.345");
    }

    #[test]
    fn award_counts_per_language() {
        let vi = NumberFormat::for_language(Language::Vi);
        let en = NumberFormat::for_language(Language::En);
        // As the plan writes them: "02 tập thể và 05 cá nhân", "tặng thêm 01 bằng khen".
        assert_eq!(vi.count(0), "00");
        assert_eq!(vi.count(2), "02");
        assert_eq!(vi.count(10), "10");
        assert_eq!(vi.count(1234), "1.234");
        assert_eq!(en.count(2), "2");
        assert_eq!(en.count(1234), "1,234");
    }

    #[test]
    fn percent_rounds_half_up() {
        assert_eq!(percent_hundredths(1410, 1200), 11750);
        assert_eq!(percent_hundredths(9508, 8000), 11885);
        // 1/8 = 12.5 % exactly; 1/3 = 33.333… → 33.33; 2/3 = 66.666… → 66.67
        assert_eq!(percent_hundredths(1, 8), 1250);
        assert_eq!(percent_hundredths(1, 3), 3333);
        assert_eq!(percent_hundredths(2, 3), 6667);
        // 0.005 % rounds up to 0.01 %: 1 / 20000
        assert_eq!(percent_hundredths(1, 20_000), 1);
        assert_eq!(percent_hundredths(-1, 3), -3333);
        assert_eq!(percent_plain(11750), "117.50");
        assert_eq!(percent_plain(-3333), "-33.33");
    }
}
