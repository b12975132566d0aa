//! The explanation a decision carries: the exact terms and comparison the
//! engine used, rendered into words in the site's language.

use crate::format::{NumberFormat, percent_hundredths};
use crate::model::{Awards, Percent};

/// Words an explanation needs, taken from the language catalogue by the caller.
#[derive(Debug, Clone, Default)]
pub struct Words {
    pub of_target: String,
    pub no_target: String,
    pub not_qualified: String,
    pub collective: String,
    pub individual: String,
    pub any: String,
    pub campaign_total: String,
    pub nothing: String,
    pub not_started: String,
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
    /// e.g. `1,478 − 68 = 1,410 of target 1,200 = 117.50 % ≥ 110 % → 2 collective + 6 individual`.
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
                s.push_str(&w.of_target);
                s.push(' ');
                s.push_str(&nf.int(target));
                s.push_str(" = ");
                s.push_str(&self.percent_text(nf, target));
                match verdict {
                    Verdict::Below { qualify_at } => {
                        s.push_str(&format!(" < {} % → {}", qualify_at.plain(nf.decimal), w.not_qualified));
                    }
                    Verdict::Reached { at, awards } => {
                        s.push_str(&format!(" ≥ {} % → {}", at.plain(nf.decimal), awards_text(awards, w)));
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
        format!("{}{}{:0width$} %", nf.int(int as i64), nf.decimal, frac, width = decimals as usize)
    }
}

/// "2 collective + 6 individual", "1 individual + 8 either kind", or the word for nothing.
pub fn awards_text(a: &Awards, w: &Words) -> String {
    counts_text([a.collective, a.individual, a.any].map(u64::from), w)
}

/// [`awards_text`] for counts of collective, individual and pooled awards
/// added up over many units (wider than one unit's [`Awards`]).
pub fn counts_text([collective, individual, any]: [u64; 3], w: &Words) -> String {
    let mut parts = Vec::new();
    if collective > 0 {
        parts.push(format!("{collective} {}", w.collective));
    }
    if individual > 0 {
        parts.push(format!("{individual} {}", w.individual));
    }
    if any > 0 {
        parts.push(format!("{any} {}", w.any));
    }
    if parts.is_empty() { w.nothing.clone() } else { parts.join(" + ") }
}
