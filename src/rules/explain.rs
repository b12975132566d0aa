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
    pub no_data: String,
    pub collective: String,
    pub individual: String,
    pub any: String,
    pub campaign_total: String,
    pub nothing: String,
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
}

impl Explanation {
    /// e.g. `1,478 − 68 = 1,410 of target 1,200 = 117.50 % ≥ 110 % → 2 collective + 6 individual`.
    pub fn text(&self, nf: &NumberFormat, w: &Words) -> String {
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
                s.push_str(&nf.percent(percent_hundredths(self.value, target)));
                match verdict {
                    Verdict::Below { qualify_at } => {
                        s.push_str(&format!(" < {} % → {}", qualify_at.plain(nf.decimal), w.not_qualified));
                    }
                    Verdict::Reached { at, awards } => {
                        s.push_str(&format!(" ≥ {} % → {}", at.plain(nf.decimal), awards_text(awards, w)));
                    }
                    Verdict::NoTarget => {}
                }
            }
        }
        s
    }
}

/// "2 collective + 6 individual", "8 any + 1 individual", or the word for nothing.
pub fn awards_text(a: &Awards, w: &Words) -> String {
    let mut parts = Vec::new();
    if a.any > 0 {
        parts.push(format!("{} {}", a.any, w.any));
    }
    if a.collective > 0 {
        parts.push(format!("{} {}", a.collective, w.collective));
    }
    if a.individual > 0 {
        parts.push(format!("{} {}", a.individual, w.individual));
    }
    if parts.is_empty() { w.nothing.clone() } else { parts.join(" + ") }
}
