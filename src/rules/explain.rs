//! The explanation a decision carries: the exact terms and comparison the
//! engine used, rendered into words in the site's language.

use crate::format::{NumberFormat, percent_hundredths};
use crate::model::{Awards, Percent};

/// Words an explanation needs, taken from the language catalogue by the caller.
#[derive(Debug, Clone, Default)]
pub struct Words {
    pub of_target: String,
    /// Instead of `of_target` when the value is the total of all units.
    pub of_overall_target: String,
    pub no_target: String,
    pub not_qualified: String,
    pub collective: String,
    pub individual: String,
    pub any: String,
    pub campaign_total: String,
    pub nothing: String,
    pub not_started: String,
    /// Between the kinds of an award count ("02 tập thể, 05 cá nhân và …"), and
    /// before the last one: ", " and " và " in Vietnamese, " + " in English.
    pub awards_join: String,
    pub awards_join_last: String,
}

/// How a result was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// No target: unranked, no awards.
    NoTarget,
    /// Below `qualify_at`.
    Below { qualify_at: Percent },
    /// Reached `at` (qualify_at or the highest bonus level reached).
    Reached { at: Percent, awards: Awards },
    /// The period has no month of figures yet: nothing is decided.
    NotStarted,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// Sums of the metric's plus columns and minus columns over the counted months.
    pub plus: Vec<i64>,
    pub minus: Vec<i64>,
    pub value: i64,
    pub target: Option<i64>,
    /// True for a `basis: overall` group: the value is the campaign total.
    pub campaign_total: bool,
    pub verdict: Verdict,
    /// The lowest threshold not reached (qualify_at, or the next bonus level), if any.
    pub missed: Option<Percent>,
}

impl Explanation {
    /// e.g. `1,478 − 68 = 1,410 of target 1,200 = 117.50 % ≥ 110 % → 2 collective + 6 individual`
    /// (vi: `1.478 − 68 = 1.410 / chỉ tiêu 1.200 = 117,50% ≥ 110% → 02 tập thể và 06 cá nhân`).
    pub fn text(&self, nf: &NumberFormat, w: &Words) -> String {
        if self.verdict == Verdict::NotStarted {
            return w.not_started.clone();
        }
        let mut s = String::new();
        if self.campaign_total {
            s.push_str(&w.campaign_total);
            s.push_str(": ");
        }
        let terms = self.plus.len() + self.minus.len();
        if terms > 1 {
            for (i, v) in self.plus.iter().enumerate() {
                if i > 0 {
                    s.push_str(" + ");
                }
                s.push_str(&nf.int(*v));
            }
            if self.plus.is_empty() {
                s.push('0');
            }
            for v in &self.minus {
                s.push_str(" − ");
                s.push_str(&nf.int(*v));
            }
            s.push_str(" = ");
        }
        s.push_str(&nf.int(self.value));
        match (&self.verdict, self.target) {
            (Verdict::NoTarget, _) | (_, None) => {
                s.push_str(", ");
                s.push_str(&w.no_target);
            }
            (verdict, Some(target)) => {
                s.push(' ');
                s.push_str(if self.campaign_total { &w.of_overall_target } else { &w.of_target });
                s.push(' ');
                s.push_str(&nf.int(target));
                s.push_str(" = ");
                s.push_str(&self.percent_text(nf, target));
                match verdict {
                    Verdict::Below { qualify_at } => {
                        let at = qualify_at.plain(nf.decimal);
                        s.push_str(&format!(" < {at}{} → {}", nf.percent_sign, w.not_qualified));
                    }
                    Verdict::Reached { at, awards } => {
                        let at = at.plain(nf.decimal);
                        s.push_str(&format!(" ≥ {at}{} → {}", nf.percent_sign, awards_text(awards, nf, w)));
                    }
                    Verdict::NoTarget | Verdict::NotStarted => {}
                }
            }
        }
        s
    }
}

impl Explanation {
    /// The ratio with two decimals, rounded half up, unless that rounding would
    /// reach a threshold the value missed (109.995 % shown as "110.00 %" next to
    /// "< 110 %"): then with three or four decimals, cut off, not rounded.
    fn percent_text(&self, nf: &NumberFormat, target: i64) -> String {
        let rounded = percent_hundredths(self.value, target);
        let misleading = self.missed.is_some_and(|m| i128::from(rounded) * 100 >= i128::from(m.scaled()));
        if !misleading {
            return nf.percent(rounded);
        }
        // Cut off (never rounded) at a precision as fine as the threshold's, so it stays below it.
        let decimals: u32 = if self.missed.is_some_and(|m| m.scaled() % 10 != 0) { 4 } else { 3 };
        let scale = 10i128.pow(decimals);
        let cut = (i128::from(self.value) * 100 * scale).div_euclid(i128::from(target));
        let (int, frac) = (cut.div_euclid(scale), cut.rem_euclid(scale));
        format!("{}{}{:0width$}{}", nf.int(int as i64), nf.decimal, frac, nf.percent_sign, width = decimals as usize)
    }
}

/// "2 collective + 6 individual", "02 tập thể và 06 cá nhân", "1 individual + 8 collective
/// or individual", or the word for nothing.
pub fn awards_text(a: &Awards, nf: &NumberFormat, w: &Words) -> String {
    counts_text([a.collective, a.individual, a.any].map(u64::from), nf, w)
}

/// [`awards_text`] for counts of collective, individual and pooled awards
/// added up over many units (wider than one unit's [`Awards`]).
pub fn counts_text(counts: [u64; 3], nf: &NumberFormat, w: &Words) -> String {
    let kinds = [&w.collective, &w.individual, &w.any];
    let parts: Vec<String> =
        counts.iter().zip(kinds).filter(|(n, _)| **n > 0).map(|(n, kind)| format!("{} {kind}", nf.count(*n))).collect();
    let mut s = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            s.push_str(if i + 1 == parts.len() { &w.awards_join_last } else { &w.awards_join });
        }
        s.push_str(part);
    }
    if parts.is_empty() { w.nothing.clone() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;

    fn vi_words() -> Words {
        Words {
            of_target: "/ chỉ tiêu".into(),
            not_qualified: "chưa đạt".into(),
            collective: "tập thể".into(),
            individual: "cá nhân".into(),
            any: "tập thể hoặc cá nhân".into(),
            of_overall_target: "/ chỉ tiêu chung".into(),
            campaign_total: "Tổng chung".into(),
            nothing: "không có".into(),
            awards_join: ", ".into(),
            awards_join_last: " và ".into(),
            ..Default::default()
        }
    }

    #[test]
    fn vietnamese_counts_read_as_the_plan_writes_them() {
        // Seed §4.1: "Tặng bằng khen cho 02 tập thể và 05 cá nhân."
        let (nf, w) = (NumberFormat::for_language(Language::Vi), vi_words());
        assert_eq!(counts_text([2, 5, 0], &nf, &w), "02 tập thể và 05 cá nhân");
        assert_eq!(counts_text([0, 1, 8], &nf, &w), "01 cá nhân và 08 tập thể hoặc cá nhân");
        assert_eq!(counts_text([25, 44, 8], &nf, &w), "25 tập thể, 44 cá nhân và 08 tập thể hoặc cá nhân");
        assert_eq!(counts_text([0, 0, 1200], &nf, &w), "1.200 tập thể hoặc cá nhân");
        assert_eq!(counts_text([0, 0, 0], &nf, &w), "không có");
    }

    #[test]
    fn vietnamese_explanation_writes_percent_as_the_plan_does() {
        // Seed §4.1: "từ 10% trở lên": no space before the sign; decimal comma, thousands dot.
        let (nf, w) = (NumberFormat::for_language(Language::Vi), vi_words());
        let e = Explanation {
            plus: vec![1487],
            minus: vec![77],
            value: 1410,
            target: Some(1200),
            campaign_total: false,
            verdict: Verdict::Reached {
                at: Percent::parse("110%").unwrap(),
                awards: Awards { collective: 2, individual: 6, any: 0 },
            },
            missed: Percent::parse("120%"),
        };
        assert_eq!(e.text(&nf, &w), "1.487 − 77 = 1.410 / chỉ tiêu 1.200 = 117,50% ≥ 110% → 02 tập thể và 06 cá nhân");
        let e = Explanation {
            plus: vec![21_999],
            minus: vec![],
            value: 21_999,
            target: Some(20_000),
            campaign_total: true,
            verdict: Verdict::Below { qualify_at: Percent::parse("110%").unwrap() },
            missed: Percent::parse("110%"),
        };
        assert_eq!(e.text(&nf, &w), "Tổng chung: 21.999 / chỉ tiêu chung 20.000 = 109,995% < 110% → chưa đạt");
    }
}
