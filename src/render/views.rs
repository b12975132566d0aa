//! Typed template contexts for the parts of pages that repeat thousands of
//! times (table rows), serialised straight into Tera values.

use serde::Serialize;

/// A link to a unit.
#[derive(Serialize)]
pub struct UnitRef<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub short: &'a str,
    pub href: String,
}

/// One unit's result for a period, as shown in rankings, awards and unit pages.
#[derive(Serialize)]
pub struct Row<'a> {
    pub unit: UnitRef<'a>,
    pub rank: Option<u32>,
    pub value: String,
    pub target: Option<String>,
    pub percent: String,
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

/// Change of rank since the previous month.
#[derive(Serialize)]
pub struct Change {
    pub symbol: String,
    pub label: String,
    pub class: &'static str,
}

/// A row of a unit's monthly table.
#[derive(Serialize)]
pub struct MonthlyRow {
    pub month: String,
    pub href: String,
    pub cells: Vec<String>,
    pub net: String,
    pub cumulative: String,
    pub percent: String,
    pub rank: Option<u32>,
    pub change: Change,
    pub reported: bool,
}

/// A row of the standings at the end of a month.
#[derive(Serialize)]
pub struct StandingRow<'a> {
    pub unit: UnitRef<'a>,
    pub rank: Option<u32>,
    pub change: Change,
    pub cumulative: String,
    pub target: Option<String>,
    pub percent: String,
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
    pub monthly: Vec<MonthlyRow>,
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
