//! Typed template contexts for the parts of pages that repeat thousands of
//! times (table rows), serialised straight into Tera values.

use crate::format::{NumberFormat, Text};
use serde::Serialize;

/// A figure as pages show it — "1.410", "117,50 %", or nothing — formatted only as
/// it is written: tables hold thousands of them. Tera receives the same text.
#[derive(Clone, Copy)]
pub struct Figure<'a> {
    pub nf: &'a NumberFormat,
    pub shown: Shown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Nothing,
    Int(i64),
    /// In hundredths of a percent.
    Percent(i64),
}

impl Figure<'_> {
    pub fn is_empty(&self) -> bool {
        self.shown == Shown::Nothing
    }

    /// Appends the figure's text (digits, separators, a minus sign, " %": nothing to escape).
    pub fn push_to<T: Text + ?Sized>(&self, out: &mut T) {
        match self.shown {
            Shown::Nothing => {}
            Shown::Int(n) => self.nf.push_int(out, n),
            Shown::Percent(h) => self.nf.push_percent(out, h),
        }
    }
}

impl std::fmt::Display for Figure<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = String::new();
        self.push_to(&mut s);
        f.write_str(&s)
    }
}

impl Serialize for Figure<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A link to a unit. Templates see `{id, name, short, href}`.
pub struct UnitRef<'a> {
    /// Index into the project's units.
    pub index: usize,
    pub unit: &'a crate::model::Unit,
    pub href: &'a str,
}

impl Serialize for UnitRef<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("UnitRef", 4)?;
        s.serialize_field("id", &self.unit.id)?;
        s.serialize_field("name", &self.unit.name)?;
        s.serialize_field("short", self.unit.display_short())?;
        s.serialize_field("href", self.href)?;
        s.end()
    }
}

/// One unit's result for a period, as shown in rankings, awards and unit pages.
#[derive(Serialize)]
pub struct Row<'a> {
    pub unit: UnitRef<'a>,
    pub rank: Option<u32>,
    pub value: Figure<'a>,
    pub target: Option<Figure<'a>>,
    pub percent: Figure<'a>,
    pub bar: i64,
    pub qualified: bool,
    pub has_target: bool,
    pub awards: String,
    pub explanation: &'a str,
    pub not_reported: Vec<&'a str>,
    /// Awards page: the names proposed. Shortlist: the group's name.
    pub names: Vec<NominationView<'a>>,
    pub group: &'a str,
}

/// Change of rank since the previous month. Templates see `{symbol, label, class}`:
/// `▲ 3`, "up 3 places", `up`.
pub struct Change<'a> {
    pub kind: ChangeKind,
    /// Places moved, for `Up` and `Down`.
    pub places: u32,
    pub words: &'a ChangeWords,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// No rank before or now.
    Unknown,
    /// The period's first month.
    New,
    Up,
    Down,
    Same,
}

/// The interface strings of rank changes (`change_up` is "tăng {n} bậc").
pub struct ChangeWords {
    pub up: String,
    pub down: String,
    pub same: String,
    pub new: String,
}

impl Change<'_> {
    pub fn class(&self) -> &'static str {
        match self.kind {
            ChangeKind::Unknown => "",
            ChangeKind::New => "new",
            ChangeKind::Up => "up",
            ChangeKind::Down => "down",
            ChangeKind::Same => "same",
        }
    }

    pub fn symbol(&self) -> String {
        match self.kind {
            ChangeKind::Unknown | ChangeKind::New => String::new(),
            ChangeKind::Up => format!("▲ {}", self.places),
            ChangeKind::Down => format!("▼ {}", self.places),
            ChangeKind::Same => "=".to_string(),
        }
    }

    pub fn label(&self) -> String {
        let n = self.places.to_string();
        match self.kind {
            ChangeKind::Unknown => String::new(),
            ChangeKind::New => self.words.new.clone(),
            ChangeKind::Up => super::text::fill(&self.words.up, &[("n", &n)]),
            ChangeKind::Down => super::text::fill(&self.words.down, &[("n", &n)]),
            ChangeKind::Same => self.words.same.clone(),
        }
    }
}

impl Serialize for Change<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Change", 3)?;
        s.serialize_field("symbol", &self.symbol())?;
        s.serialize_field("label", &self.label())?;
        s.serialize_field("class", self.class())?;
        s.end()
    }
}

/// A row of a unit's monthly table.
#[derive(Serialize)]
pub struct MonthlyRow<'a> {
    pub month: &'a str,
    pub href: &'a str,
    pub cells: Vec<Figure<'a>>,
    pub net: Figure<'a>,
    pub cumulative: Figure<'a>,
    pub percent: Figure<'a>,
    pub rank: Option<u32>,
    pub change: Change<'a>,
    pub reported: bool,
}

/// A row of the standings at the end of a month.
#[derive(Serialize)]
pub struct StandingRow<'a> {
    pub unit: UnitRef<'a>,
    pub rank: Option<u32>,
    pub change: Change<'a>,
    pub cumulative: Figure<'a>,
    pub target: Option<Figure<'a>>,
    pub percent: Figure<'a>,
    pub reported: bool,
}

#[derive(Serialize)]
pub struct NominationView<'a> {
    pub name: &'a str,
    pub title: &'a str,
    /// In the site's language.
    pub kind: &'a str,
    /// `collective` or `individual`, whatever the language.
    pub kind_id: &'static str,
}

/// A group's overall (pooled) result.
#[derive(Serialize)]
pub struct Overall {
    pub value: String,
    pub target: Option<String>,
    pub percent: String,
    pub bar: i64,
    pub qualified: bool,
    pub awards: String,
    pub explanation: String,
}

/// A labelled link.
#[derive(Serialize)]
pub struct Link {
    pub label: String,
    pub href: String,
    pub current: bool,
}

/// A results column of the unit's metric, as a monthly table heading.
#[derive(Serialize)]
pub struct ColumnView<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub sign: &'static str,
}

/// A metric's value for a unit and period.
#[derive(Serialize)]
pub struct MetricView<'a> {
    pub label: &'a str,
    pub value: String,
    pub target: Option<String>,
    pub percent: String,
}

/// Everything a unit page shows about one period.
#[derive(Serialize)]
pub struct UnitPeriod<'a> {
    pub info: &'a super::PeriodInfo,
    pub started: bool,
    pub result: Row<'a>,
    pub rank: Option<u32>,
    pub ranked_of: usize,
    pub group_href: String,
    pub monthly: Vec<MonthlyRow<'a>>,
    pub chart: Option<String>,
    pub metrics: Vec<MetricView<'a>>,
    pub nominations: Vec<NominationView<'a>>,
    pub pool: Option<Overall>,
    pub reported_any: bool,
}

/// A group's rows on one page of a month's standings.
#[derive(Serialize)]
pub struct StandingSection<'a> {
    pub name: &'a str,
    pub href: String,
    pub pooled: bool,
    pub rows: Vec<StandingRow<'a>>,
    /// A pooled group's campaign total at that month.
    pub overall: Option<MetricView<'a>>,
}

/// A group's qualifying units (or its pool) on one page of an award announcement.
#[derive(Serialize)]
pub struct AwardSection<'a> {
    pub name: &'a str,
    pub href: String,
    pub pooled: bool,
    pub units: Vec<Row<'a>>,
    pub overall: Option<Overall>,
    pub pool_names: Vec<NominationView<'a>>,
}

/// The site-wide values every page's frame (base.html) shows; Tera gets them as globals.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub footer: &'a str,
    pub lang: &'static str,
}

/// An entry of the main navigation.
#[derive(Serialize)]
pub struct NavItem {
    pub key: String,
    pub label: String,
    pub href: String,
}

/// Position in a paginated list.
#[derive(Serialize)]
pub struct Pager {
    pub page: usize,
    pub pages: usize,
    /// "Trang 2 / 7".
    pub pagination: String,
    pub prev_href: Option<String>,
    pub next_href: Option<String>,
}

/// A link to a month's standings.
#[derive(Serialize)]
pub struct MonthLink {
    pub label: String,
    pub href: String,
}

/// The unit a unit page is about.
#[derive(Serialize)]
pub struct UnitHead<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub short: &'a str,
    pub kind: &'a str,
}

/// The group a unit page links to.
#[derive(Serialize)]
pub struct GroupLink<'a> {
    pub name: &'a str,
    pub href: String,
    pub pooled: bool,
}

/// The group a ranking page is about.
#[derive(Serialize)]
pub struct GroupHead<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub pooled: bool,
    pub metric: &'a str,
}

/// The context of `unit.html`.
#[derive(Serialize)]
pub struct UnitPage<'a> {
    pub section: &'static str,
    pub title: &'a str,
    pub unit: UnitHead<'a>,
    pub group: GroupLink<'a>,
    pub metric: &'a str,
    pub columns: Vec<ColumnView<'a>>,
    pub periods: Vec<UnitPeriod<'a>>,
}

/// The context of `month.html` for one page of a month's standings.
#[derive(Serialize)]
pub struct MonthPage<'a> {
    pub section: &'static str,
    pub title: String,
    pub month: String,
    pub period: &'a super::PeriodInfo,
    pub groups: Vec<StandingSection<'a>>,
    pub prev: Option<MonthLink>,
    pub next: Option<MonthLink>,
    #[serde(flatten)]
    pub pager: Pager,
}

/// The context of `group.html` for one page of a group's ranking in a period.
#[derive(Serialize)]
pub struct GroupPage<'a> {
    pub section: &'static str,
    pub title: String,
    pub group: GroupHead<'a>,
    pub period: &'a super::PeriodInfo,
    pub periods: Vec<Link>,
    pub rule: Vec<String>,
    pub rows: Vec<Row<'a>>,
    pub members: Vec<Row<'a>>,
    pub overall: Option<Overall>,
    pub csv_href: String,
    #[serde(flatten)]
    pub pager: Pager,
}

/// `awards.html` for one page of a period's awards (the awards index has its own context).
#[derive(Serialize)]
pub struct AwardsPage<'a> {
    pub section: &'static str,
    pub title: String,
    pub period: &'a super::PeriodInfo,
    pub periods: Vec<Link>,
    pub groups: Vec<AwardSection<'a>>,
    /// The awards of the whole period, all groups together.
    pub total: String,
    /// The national allocation, when the period has one.
    pub national: Option<String>,
    /// The first rows of the national shortlist (on page 1 only).
    pub shortlist: Vec<Row<'a>>,
    pub shortlist_total: usize,
    pub shortlist_csv_href: String,
    #[serde(flatten)]
    pub pager: Pager,
}
