//! The typed campaign: what loading and validation produce, and what every
//! later stage reads. Once a value of these types exists it is valid: ids are
//! slugs, months are real months, percentages are exact.

pub use crate::ix::{GroupIx, IndexVec, MetricIx, PeriodIx, UnitIx};
use std::fmt;

/// A calendar month, stored as `year * 12 + (month - 1)` so months order and subtract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(u32);

impl Month {
    /// Parses exactly `YYYY-MM` (four-digit year, two-digit month 01–12).
    pub fn parse(text: &str) -> Option<Month> {
        let b = text.as_bytes();
        if b.len() != 7 || b[4] != b'-' || !b.iter().enumerate().all(|(i, c)| i == 4 || c.is_ascii_digit()) {
            return None;
        }
        let year: u32 = text[..4].parse().ok()?;
        let month: u32 = text[5..].parse().ok()?;
        if !(1..=12).contains(&month) || year < 1900 {
            return None;
        }
        Some(Month(year * 12 + month - 1))
    }
    pub fn from_ym(year: u32, month: u32) -> Month {
        Month(year * 12 + month - 1)
    }
    pub fn year(self) -> u32 {
        self.0 / 12
    }
    /// 1–12.
    pub fn month(self) -> u32 {
        self.0 % 12 + 1
    }
    pub fn next(self) -> Month {
        Month(self.0 + 1)
    }
    /// Number of months from `self` to `other` (other − self).
    pub fn offset_to(self, other: Month) -> i64 {
        i64::from(other.0) - i64::from(self.0)
    }
    pub fn plus(self, months: usize) -> Month {
        Month(self.0 + months as u32)
    }
    /// Every month from `self` to `to`, inclusive.
    pub fn through(self, to: Month) -> impl Iterator<Item = Month> {
        (self.0..=to.0).map(Month)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

/// A calendar date (for campaign dates and news posts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses exactly `YYYY-MM-DD`, checking the day exists.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        if !b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit()) {
            return None;
        }
        let year: u32 = text[..4].parse().ok()?;
        let month: u32 = text[5..7].parse().ok()?;
        let day: u32 = text[8..].parse().ok()?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }
    pub fn month(self) -> Month {
        Month::from_ym(self.year, self.month)
    }
    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i64 {
        let (y, m, d) = (i64::from(self.year), i64::from(self.month), i64::from(self.day));
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
    /// The date of a Unix timestamp (UTC).
    pub fn from_unix(seconds: i64) -> Date {
        let z = seconds.div_euclid(86_400) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u32;
        Date { year, month, day }
    }
    /// The last day of a month.
    pub fn end_of(month: Month) -> Date {
        Date { year: month.year(), month: month.month(), day: days_in_month(month.year(), month.month()) }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// An exact percentage, stored in ten-thousandths of a percent (`100%` is 1 000 000).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(i64);

impl Percent {
    pub const SCALE: i64 = 10_000;

    /// Parses `"110%"`, `"109.99%"` or `"110"`: a non-negative decimal with at most four decimals.
    pub fn parse(text: &str) -> Option<Percent> {
        let t = text.trim();
        let t = t.strip_suffix('%').unwrap_or(t).trim_end();
        let (int, frac) = match t.split_once('.') {
            Some((i, f)) => (i, f),
            None => (t, ""),
        };
        if int.is_empty() || int.len() > 9 || frac.len() > 4 {
            return None;
        }
        if !int.bytes().all(|c| c.is_ascii_digit()) || !frac.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        if t.contains('.') && frac.is_empty() {
            return None;
        }
        let int: i64 = int.parse().ok()?;
        let mut f: i64 = if frac.is_empty() { 0 } else { frac.parse().ok()? };
        for _ in frac.len()..4 {
            f *= 10;
        }
        Some(Percent(int * Self::SCALE + f))
    }
    pub fn from_whole(percent: i64) -> Percent {
        Percent(percent * Self::SCALE)
    }
    /// Percent × 10 000.
    pub fn scaled(self) -> i64 {
        self.0
    }
    /// `value / target ≥ self`, decided exactly: value × 100 × 10 000 ≥ target × scaled.
    pub fn reached_by(self, value: i64, target: i64) -> bool {
        debug_assert!(target > 0);
        i128::from(value) * 100 * i128::from(Self::SCALE) >= i128::from(target) * i128::from(self.0)
    }
    /// The decimal text without the `%` sign and without trailing zeros: "110", "109.99".
    pub fn plain(self, decimal_sep: char) -> String {
        let int = self.0 / Self::SCALE;
        let frac = self.0 % Self::SCALE;
        if frac == 0 {
            return int.to_string();
        }
        let digits = format!("{frac:04}");
        format!("{int}{decimal_sep}{}", digits.trim_end_matches('0'))
    }
}

/// The most awards of one kind that a rule (`awards`, a bonus's `add`) or a
/// period's `national_awards` may state. Checked when groups.yaml and
/// campaign.yaml are loaded, so that a quota (the base plus one bonus level) is
/// at most twice this, and no count or sum of counts can overflow.
pub const MAX_AWARDS: u32 = 10_000;

/// Award counts by kind: `any` is a pool either kind may use. Each count a
/// project states is at most [`MAX_AWARDS`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Awards {
    pub collective: u32,
    pub individual: u32,
    pub any: u32,
}

impl Awards {
    pub fn is_empty(&self) -> bool {
        self.collective == 0 && self.individual == 0 && self.any == 0
    }
    /// All kinds together, counted wide enough never to overflow.
    pub fn total(&self) -> u64 {
        u64::from(self.collective) + u64::from(self.individual) + u64::from(self.any)
    }
    /// The awards of both, kind by kind. The loader bounds every count by
    /// [`MAX_AWARDS`], so this cannot overflow; were that bound ever broken, the
    /// sum stops at `u32::MAX` instead of wrapping round to a small number.
    pub fn plus(self, other: Awards) -> Awards {
        Awards {
            collective: self.collective.saturating_add(other.collective),
            individual: self.individual.saturating_add(other.individual),
            any: self.any.saturating_add(other.any),
        }
    }
}

/// A kind of award a nomination asks for. Serialised as its [`AwardKind::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AwardKind {
    Collective,
    Individual,
}

impl AwardKind {
    /// `collective` or `individual`, whatever the language (and the key of its name in
    /// the language catalogue).
    pub fn id(self) -> &'static str {
        match self {
            AwardKind::Collective => "collective",
            AwardKind::Individual => "individual",
        }
    }
}

impl fmt::Display for AwardKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl serde::Serialize for AwardKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Each unit against its own target; the quota belongs to each qualifying unit.
    Unit,
    /// The campaign total against the period's overall target; the quota belongs to the group.
    Overall,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bonus {
    pub at: Percent,
    pub add: Awards,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub metric: MetricIx,
    pub basis: Basis,
    pub qualify_at: Percent,
    pub awards: Awards,
    /// Sorted by `at`, ascending; the highest level reached applies.
    pub bonuses: Vec<Bonus>,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub description: String,
    pub rule: Rule,
}

#[derive(Debug, Clone)]
pub struct Metric {
    pub id: String,
    pub label: String,
    /// Indexes into [`Campaign::columns`].
    pub plus: Vec<usize>,
    pub minus: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Period {
    pub id: String,
    pub label: String,
    pub from: Month,
    pub to: Month,
    /// Per metric.
    pub overall_target: IndexVec<MetricIx, Option<i64>>,
    /// The decision that made the results official; empty = provisional.
    pub decision: String,
    pub national_awards: Option<Awards>,
}

impl Period {
    pub fn contains(&self, month: Month) -> bool {
        self.from <= month && month <= self.to
    }
}

#[derive(Debug, Clone)]
pub struct Campaign {
    pub id: String,
    pub title: String,
    pub issuer: String,
    pub starts: Date,
    pub ends: Date,
    pub description: String,
    pub metrics: IndexVec<MetricIx, Metric>,
    pub periods: IndexVec<PeriodIx, Period>,
    /// The results.csv columns that metrics read, in first-use order.
    pub columns: Vec<String>,
    /// A readable name per column (same order; empty when campaign.yaml gives none).
    pub column_labels: Vec<String>,
}

impl Campaign {
    pub fn metric_index(&self, id: &str) -> Option<MetricIx> {
        self.metrics.position(|m| m.id == id)
    }
    pub fn period_index(&self, id: &str) -> Option<PeriodIx> {
        self.periods.position(|p| p.id == id)
    }
    /// The first month of any period and the last month of any period.
    pub fn month_span(&self) -> (Month, Month) {
        let first = self.periods.iter().map(|p| p.from).min().unwrap_or(Month(0));
        let last = self.periods.iter().map(|p| p.to).max().unwrap_or(first);
        (first, last)
    }
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub group: GroupIx,
    pub kind: String,
}

impl Unit {
    pub fn display_short(&self) -> &str {
        if self.short_name.is_empty() { &self.name } else { &self.short_name }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Vi,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Vi => "vi",
            Language::En => "en",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Site {
    pub title: String,
    pub description: String,
    pub language: Language,
    /// Without a trailing slash; empty = relative links only.
    pub base_url: String,
    pub theme: String,
    pub allow_html: bool,
    pub footer: String,
    /// Units have share cards of their own while the project has at most this many;
    /// beyond, a unit's page shows its group's card.
    pub share_card_units: usize,
}

/// Monthly figures of every unit, stored densely: one slot per (unit, month, column)
/// over the campaign's month span.
#[derive(Debug, Clone)]
pub struct Results {
    pub first: Month,
    pub months: usize,
    pub columns: usize,
    values: Vec<i64>,
    /// results.csv line of each (unit, month) row; 0 = not reported.
    lines: Vec<u32>,
}

impl Results {
    pub fn new(units: usize, first: Month, months: usize, columns: usize) -> Results {
        Results { first, months, columns, values: vec![0; units * months * columns], lines: vec![0; units * months] }
    }
    fn slot(&self, unit: UnitIx, month: Month) -> Option<usize> {
        let off = self.first.offset_to(month);
        (off >= 0 && (off as usize) < self.months).then(|| unit.index() * self.months + off as usize)
    }
    /// Records a unit's row for a month, read from `line` of results.csv;
    /// returns false when the month is outside the span.
    pub fn set(&mut self, unit: UnitIx, month: Month, values: &[i64], line: usize) -> bool {
        let Some(slot) = self.slot(unit, month) else {
            return false;
        };
        self.lines[slot] = line.max(1) as u32;
        self.values[slot * self.columns..(slot + 1) * self.columns].copy_from_slice(values);
        true
    }
    pub fn is_reported(&self, unit: UnitIx, month: Month) -> bool {
        self.line(unit, month).is_some()
    }
    /// The results.csv line of the unit's row for the month.
    pub fn line(&self, unit: UnitIx, month: Month) -> Option<usize> {
        self.slot(unit, month).map(|s| self.lines[s] as usize).filter(|&l| l > 0)
    }
    /// The unit's figures for the month (zeros when not reported).
    pub fn row(&self, unit: UnitIx, month: Month) -> &[i64] {
        match self.slot(unit, month) {
            Some(s) => &self.values[s * self.columns..(s + 1) * self.columns],
            None => &[],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Holder {
    Unit(UnitIx),
    /// A pooled (`basis: overall`) group.
    Group(GroupIx),
}

#[derive(Debug, Clone)]
pub struct Nomination {
    pub period: PeriodIx,
    pub holder: Holder,
    pub kind: AwardKind,
    pub name: String,
    pub title: String,
    /// Line in nominations.csv, for messages.
    pub line: usize,
}

/// A Markdown document from data/pages or data/news.
#[derive(Debug, Clone)]
pub struct Document {
    pub slug: String,
    pub title: String,
    pub date: Option<Date>,
    pub summary: String,
    pub body: String,
    /// Path relative to the project, for messages.
    pub source: String,
    /// Order in navigation (pages), lower first.
    pub weight: i64,
    /// The line where the body starts in the source file.
    pub body_line: usize,
}

/// Everything a build needs, valid by construction.
#[derive(Debug, Clone)]
pub struct Project {
    pub site: Site,
    pub campaign: Campaign,
    pub groups: IndexVec<GroupIx, Group>,
    pub units: IndexVec<UnitIx, Unit>,
    /// `targets[unit][period][metric]`.
    pub targets: IndexVec<UnitIx, IndexVec<PeriodIx, IndexVec<MetricIx, Option<i64>>>>,
    pub results: Results,
    /// The latest month present in results.csv.
    pub as_of: Option<Month>,
    pub nominations: Vec<Nomination>,
    pub pages: Vec<Document>,
    /// Newest first.
    pub news: Vec<Document>,
    /// The tables that came from workbooks, to place messages about them at their cells
    /// (`commands::prepare` takes it once the messages are placed: it is not kept while
    /// the site renders).
    pub sources: crate::load::workbook::Sources,
}

impl Project {
    pub fn unit_index(&self, id: &str) -> Option<UnitIx> {
        self.units.position(|u| u.id == id)
    }
    pub fn group_index(&self, id: &str) -> Option<GroupIx> {
        self.groups.position(|g| g.id == id)
    }
    /// Units of a group, in units.csv order.
    pub fn units_of(&self, group: GroupIx) -> impl Iterator<Item = UnitIx> + '_ {
        self.units.iter_enumerated().filter(move |(_, u)| u.group == group).map(|(i, _)| i)
    }
    /// The period that contains the as-of month, else the latest period that has started,
    /// else the first period.
    pub fn current_period(&self) -> PeriodIx {
        let periods = &self.campaign.periods;
        if let Some(as_of) = self.as_of {
            if let Some(i) = periods.position(|p| p.contains(as_of)) {
                return i;
            }
            if let Some((i, _)) = periods.iter_enumerated().filter(|(_, p)| p.from <= as_of).max_by_key(|(_, p)| p.from)
            {
                return i;
            }
        }
        PeriodIx::new(0)
    }
}

/// Is `id` a valid public slug: `[a-z0-9]+(-[a-z0-9]+)*`, at most 64 characters.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_strictly() {
        assert_eq!(Month::parse("2022-01").map(|m| m.to_string()), Some("2022-01".into()));
        assert_eq!(Month::parse("2023-6"), None);
        assert_eq!(Month::parse("2023-13"), None);
        assert_eq!(Month::parse("2023-00"), None);
        assert_eq!(Month::parse("23-06-01"), None);
        assert_eq!(Month::parse("2022-12").unwrap().next().to_string(), "2023-01");
    }

    #[test]
    fn percent_parse_is_exact() {
        assert_eq!(Percent::parse("110%").unwrap().scaled(), 1_100_000);
        assert_eq!(Percent::parse("109.99%").unwrap().scaled(), 1_099_900);
        assert_eq!(Percent::parse(" 100 % ").unwrap().scaled(), 1_000_000);
        assert_eq!(Percent::parse("abc"), None);
        assert_eq!(Percent::parse("-5%"), None);
        assert_eq!(Percent::parse("1.23456%"), None);
        assert_eq!(Percent::parse("5.%"), None);
        assert_eq!(Percent::parse("109.99%").unwrap().plain(','), "109,99");
        assert_eq!(Percent::parse("110%").unwrap().plain('.'), "110");
    }

    #[test]
    fn percent_thresholds_are_inclusive_and_exact() {
        let p120 = Percent::parse("120%").unwrap();
        assert!(p120.reached_by(360, 300));
        assert!(!p120.reached_by(359, 300));
        let p110 = Percent::parse("110%").unwrap();
        // 10 999 / 10 000 = 109.99 % is not 110 %.
        assert!(!p110.reached_by(10_999, 10_000));
        assert!(p110.reached_by(11_000, 10_000));
        assert!(Percent::parse("109.99%").unwrap().reached_by(10_999, 10_000));
        // Negative net growth never qualifies for a positive threshold.
        assert!(!Percent::parse("1%").unwrap().reached_by(-5, 100));
    }

    #[test]
    fn percentages_of_ten_digits_or_more_are_refused() {
        // Nine digits before the point at most, so that no threshold overflows.
        assert_eq!(Percent::parse("999999999.9999%").map(Percent::scaled), Some(9_999_999_999_999));
        assert_eq!(Percent::parse("1000000000%"), None);
        assert_eq!(Percent::parse("99999999999999999999%"), None);
        assert_eq!(Percent::parse(".5%"), None);
        assert_eq!(Percent::parse("%"), None);
    }

    #[test]
    fn award_totals_are_counted_wide() {
        let a = Awards { collective: u32::MAX, individual: u32::MAX, any: 2 };
        assert_eq!(a.total(), 2 * u64::from(u32::MAX) + 2);
        assert_eq!(Awards { collective: 1, individual: 2, any: 3 }.total(), 6);
        assert!(Awards::default().is_empty());
        for one in [(1, 0, 0), (0, 1, 0), (0, 0, 1)] {
            assert!(!Awards { collective: one.0, individual: one.1, any: one.2 }.is_empty(), "{one:?}");
        }
        // Never wraps round to a small number.
        assert_eq!(a.plus(Awards { collective: 1, individual: 0, any: 0 }).collective, u32::MAX);
    }

    #[test]
    fn slugs() {
        assert!(is_slug("ldld-long-xuyen"));
        assert!(is_slug("nhom-1"));
        for bad in ["../x", "a b", "Abc", "a--b", "-a", "a-", "", &"a".repeat(65), "đ"] {
            assert!(!is_slug(bad), "{bad}");
        }
        assert!(is_slug(&"a".repeat(64)));
    }

    #[test]
    fn dates_round_trip_through_unix_days() {
        let d = Date::parse("2023-06-30").unwrap();
        assert_eq!(Date::from_unix(d.days_since_epoch() * 86_400), d);
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
    }
}
