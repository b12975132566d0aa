//! Interface strings, labels and number formats for one language.

use crate::format::NumberFormat;
use crate::model::{Date, Language, Month};
use crate::rules::explain::Words;
use std::collections::BTreeMap;

/// Everything language-dependent that rendering needs.
pub struct Lang {
    pub language: Language,
    pub nf: NumberFormat,
    pub strings: BTreeMap<String, String>,
    pub words: Words,
    month_names: Vec<String>,
}

impl Lang {
    pub fn new(language: Language, strings: BTreeMap<String, String>) -> Lang {
        let get = |k: &str| strings.get(k).cloned().unwrap_or_default();
        let words = Words {
            of_target: get("of_target"),
            of_overall_target: get("of_overall_target"),
            no_target: get("no_target"),
            not_qualified: get("not_qualified"),
            collective: get("collective"),
            individual: get("individual"),
            any: get("any"),
            campaign_total: get("campaign_total"),
            nothing: get("nothing"),
            not_started: get("status_not_started"),
            awards_join: get("awards_join"),
            awards_join_last: get("awards_join_last"),
        };
        let month_names = get("month_names").split(',').map(|s| s.trim().to_string()).collect();
        Lang { language, nf: NumberFormat::for_language(language), strings, words, month_names }
    }

    /// The interface string for `key` (the key itself if a theme removed it).
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key).map_or(key, String::as_str)
    }

    /// The string for `key` with `{name}` placeholders filled.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.t(key), args)
    }

    fn month_name(&self, m: u32) -> &str {
        self.month_names.get(m as usize - 1).map_or("", String::as_str)
    }

    /// "tháng 06/2023" / "June 2023".
    pub fn month(&self, m: Month) -> String {
        let mm = format!("{:02}", m.month());
        let y = m.year().to_string();
        fill(self.t("month_label"), &[("m", &mm), ("y", &y), ("month_name", self.month_name(m.month()))])
    }

    /// "Tháng 06/2023" / "June 2023": a month standing alone, as a link or a list item.
    pub fn month_alone(&self, m: Month) -> String {
        let label = self.month(m);
        let mut chars = label.chars();
        chars.next().map_or(String::new(), |first| first.to_uppercase().chain(chars).collect())
    }

    /// "06/2023" / "June 2023": a month in a table's month column.
    pub fn month_short(&self, m: Month) -> String {
        let mm = format!("{:02}", m.month());
        let y = m.year().to_string();
        fill(self.t("month_short"), &[("m", &mm), ("y", &y), ("month_name", self.month_name(m.month()))])
    }

    /// "10/03/2022" / "10 March 2022".
    pub fn date(&self, d: Date) -> String {
        let (dd, mm, y) = (format!("{:02}", d.day), format!("{:02}", d.month), d.year.to_string());
        fill(self.t("date_format"), &[("d", &dd), ("m", &mm), ("y", &y), ("month_name", self.month_name(d.month))])
    }

    pub fn int(&self, n: i64) -> String {
        self.nf.int(n)
    }
}

/// Replaces `{name}` placeholders in one pass; a placeholder with no argument stays as it is,
/// and text inside an argument is never read as a placeholder.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + args.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn fill_replaces_named_placeholders_once() {
        assert_eq!(fill("tăng {n} bậc", &[("n", "3")]), "tăng 3 bậc");
        assert_eq!(fill("{a}{b}{a}", &[("a", "1"), ("b", "2")]), "121");
        // Unknown names and lone braces stay; a value is never read as a placeholder.
        assert_eq!(fill("{x} {n} { } {", &[("n", "{x}")]), "{x} {x} { } {");
        assert_eq!(fill("Trang {n} / {total}", &[("total", "7"), ("n", "2")]), "Trang 2 / 7");
    }
}
