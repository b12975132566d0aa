//! The values pages show, shared by several page kinds: rows of rankings and
//! standings, periods, nominations. Each page kind's own view (the struct its
//! template compiles against) is in that kind's module. Tera receives the same
//! values serialised.

use super::frame::{Frame, List, Opt};
use crate::format::{NumberFormat, Text};
use crate::model::AwardKind;
use crate::rules::PeriodStatus;
use askama::PrimitiveType;
use askama::filters::Safe;
use serde::Serialize;

/// A figure as pages show it — "1.410", "117,50 %", or nothing — formatted only as
/// it is written: tables hold thousands of them. Tera receives the same text. In a
/// condition, a figure is true unless it is nothing.
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

impl Figure<'_> {
    fn write_to(&self, f: &mut dyn std::fmt::Write) -> std::fmt::Result {
        // Made on the stack and written at once: tables hold thousands of figures, and
        // each write to a page goes through its escaper.
        let mut out = StackText::new();
        self.push_to(&mut out);
        out.write(f, || {
            let mut s = String::new();
            self.push_to(&mut s);
            s
        })
    }
}

/// Display for the types that write themselves (`write_to`), and askama's
/// `FastWritable`: the compiled templates write them straight through the escaper,
/// without a `fmt::Formatter` (tables hold thousands of figures).
macro_rules! writes_itself {
    ($($ty:ty),*) => {$(
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.write_to(f)
            }
        }

        impl askama::FastWritable for $ty {
            fn write_into(&self, dest: &mut dyn std::fmt::Write, _: &dyn askama::Values) -> askama::Result<()> {
                Ok(self.write_to(dest)?)
            }
        }
    )*};
}

writes_itself!(Figure<'_>, ChangeSymbol, ChangeLabel<'_>, Sign);

/// Short text made on the stack, to be written in one piece: up to 64 bytes (an i64
/// with its separators, a sign and " %" takes under 40). Longer text is made again
/// on the heap.
struct StackText {
    buf: [u8; 64],
    len: usize,
    /// A piece did not fit: the text is incomplete.
    overflow: bool,
}

impl StackText {
    fn new() -> StackText {
        StackText { buf: [0; 64], len: 0, overflow: false }
    }

    /// Writes the text, or `long()` when it did not fit.
    fn write(&self, f: &mut dyn std::fmt::Write, long: impl FnOnce() -> String) -> std::fmt::Result {
        // Only whole UTF-8 strings were pushed.
        match std::str::from_utf8(&self.buf[..self.len]) {
            Ok(s) if !self.overflow => f.write_str(s),
            _ => f.write_str(&long()),
        }
    }
}

impl Text for StackText {
    fn push_text(&mut self, s: &str) {
        match self.buf.get_mut(self.len..self.len + s.len()) {
            Some(room) if !self.overflow => {
                room.copy_from_slice(s.as_bytes());
                self.len += s.len();
            }
            _ => self.overflow = true,
        }
    }
}

impl PrimitiveType for Figure<'_> {
    type Value = bool;

    fn get(&self) -> bool {
        !self.is_empty()
    }
}

impl Serialize for Figure<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// What pages say about a period.
#[derive(Serialize)]
pub struct PeriodInfo {
    pub id: String,
    pub label: String,
    pub from: String,
    pub to: String,
    /// Serialised `not_started`, `in_progress` or `complete`, whatever the language.
    pub status: PeriodStatus,
    pub status_label: String,
    /// The last month counted, or empty before the period has figures.
    pub counted_to: String,
    pub decision: String,
    pub provisional: bool,
    pub awards_href: String,
}

/// A period as a tab or a list entry: the period, and a link to its page in this list.
#[derive(Serialize)]
pub struct PeriodTab<'a> {
    #[serde(flatten)]
    pub info: &'a PeriodInfo,
    pub href: String,
    /// The page being shown is this period's.
    pub current: bool,
}

impl std::ops::Deref for PeriodTab<'_> {
    type Target = PeriodInfo;

    fn deref(&self) -> &PeriodInfo {
        self.info
    }
}

/// A link to a unit: `{id, name, short, href, abbreviated}`. Shown in every row of
/// every table, so its text is escaped once per build ([`UnitHtml`]); Tera receives
/// the text as it is and escapes it itself.
pub struct UnitRef<'a> {
    pub id: Safe<&'a str>,
    pub name: Safe<&'a str>,
    /// The short name, or the name when there is none.
    pub short: Safe<&'a str>,
    pub href: Safe<&'a str>,
    /// The unit has a short name other than its name.
    pub abbreviated: bool,
    unit: &'a crate::model::Unit,
    raw_href: &'a str,
}

/// A unit's id, names and link, escaped for HTML.
pub struct UnitHtml {
    id: String,
    name: String,
    short: String,
    href: String,
}

impl UnitHtml {
    pub fn new(unit: &crate::model::Unit, href: &str) -> UnitHtml {
        use super::escape::html;
        UnitHtml { id: html(&unit.id), name: html(&unit.name), short: html(unit.display_short()), href: html(href) }
    }
}

impl<'a> UnitRef<'a> {
    pub fn new(unit: &'a crate::model::Unit, href: &'a str, html: &'a UnitHtml) -> UnitRef<'a> {
        UnitRef {
            id: Safe(&html.id),
            name: Safe(&html.name),
            short: Safe(&html.short),
            href: Safe(&html.href),
            abbreviated: unit.display_short() != unit.name,
            unit,
            raw_href: href,
        }
    }
}

impl Serialize for UnitRef<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("UnitRef", 5)?;
        s.serialize_field("id", &self.unit.id)?;
        s.serialize_field("name", &self.unit.name)?;
        s.serialize_field("short", self.unit.display_short())?;
        s.serialize_field("href", self.raw_href)?;
        s.serialize_field("abbreviated", &self.abbreviated)?;
        s.end()
    }
}

/// One unit's result for a period, as shown in rankings, awards and unit pages.
#[derive(Serialize)]
pub struct Row<'a> {
    pub unit: UnitRef<'a>,
    pub rank: Opt<u32>,
    pub value: Figure<'a>,
    /// Nothing when the unit has no target.
    pub target: Figure<'a>,
    pub percent: Figure<'a>,
    pub bar: i64,
    pub qualified: bool,
    pub has_target: bool,
    pub awards: String,
    pub explanation: &'a str,
    pub not_reported: List<&'a str>,
    /// `not_reported`, joined with ", ".
    pub not_reported_text: String,
    /// Awards page: the names proposed, in file order, and by kind.
    pub names: List<NominationView<'a>>,
    pub nominees: Names<'a>,
    /// Shortlist: the group's name.
    pub group: &'a str,
}

/// Change of rank since the previous month: `{symbol, label, class}` — `▲ 3`,
/// "up 3 places", `up`.
#[derive(Serialize)]
pub struct Change<'a> {
    pub symbol: ChangeSymbol,
    pub label: ChangeLabel<'a>,
    pub class: &'static str,
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

impl<'a> Change<'a> {
    pub fn new(kind: ChangeKind, places: u32, words: &'a ChangeWords) -> Change<'a> {
        let class = match kind {
            ChangeKind::Unknown => "",
            ChangeKind::New => "new",
            ChangeKind::Up => "up",
            ChangeKind::Down => "down",
            ChangeKind::Same => "same",
        };
        Change { symbol: ChangeSymbol { kind, places }, label: ChangeLabel { kind, places, words }, class }
    }
}

/// `▲ 3`, `▼ 2`, `=`, or nothing (a new or unranked row); true unless nothing.
#[derive(Clone, Copy)]
pub struct ChangeSymbol {
    kind: ChangeKind,
    places: u32,
}

impl ChangeSymbol {
    fn write_to(&self, f: &mut dyn std::fmt::Write) -> std::fmt::Result {
        match self.kind {
            ChangeKind::Unknown | ChangeKind::New => Ok(()),
            ChangeKind::Up | ChangeKind::Down => {
                let mut n = itoa::Buffer::new();
                let mut out = StackText::new();
                let arrow = if self.kind == ChangeKind::Up { "▲ " } else { "▼ " };
                out.push_text(arrow);
                out.push_text(n.format(self.places));
                out.write(f, || format!("{arrow}{}", self.places))
            }
            ChangeKind::Same => f.write_str("="),
        }
    }
}

impl PrimitiveType for ChangeSymbol {
    type Value = bool;

    fn get(&self) -> bool {
        !matches!(self.kind, ChangeKind::Unknown | ChangeKind::New)
    }
}

impl Serialize for ChangeSymbol {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The change in words, for screen readers: "tăng 3 bậc".
#[derive(Clone, Copy)]
pub struct ChangeLabel<'a> {
    kind: ChangeKind,
    places: u32,
    words: &'a ChangeWords,
}

impl ChangeLabel<'_> {
    fn write_to(&self, f: &mut dyn std::fmt::Write) -> std::fmt::Result {
        let parts = match self.kind {
            ChangeKind::Unknown => return Ok(()),
            ChangeKind::New => return f.write_str(&self.words.new),
            ChangeKind::Same => return f.write_str(&self.words.same),
            ChangeKind::Up => &self.words.up,
            ChangeKind::Down => &self.words.down,
        };
        // "tăng {n} bậc" with the number put in, written at once (a row of every standings
        // table has one).
        let mut n = itoa::Buffer::new();
        let n = n.format(self.places);
        let mut out = StackText::new();
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                out.push_text(n);
            }
            out.push_text(part);
        }
        out.write(f, || parts.join(n))
    }
}

impl Serialize for ChangeLabel<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The interface strings of rank changes (`change_up` is "tăng {n} bậc"), the two that
/// hold a number split where it goes.
pub struct ChangeWords {
    pub up: Vec<String>,
    pub down: Vec<String>,
    pub same: String,
    pub new: String,
}

impl ChangeWords {
    pub fn new(up: &str, down: &str, same: &str, new: &str) -> ChangeWords {
        let split = |s: &str| s.split("{n}").map(str::to_string).collect();
        ChangeWords { up: split(up), down: split(down), same: same.to_string(), new: new.to_string() }
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
    pub rank: Opt<u32>,
    pub change: Change<'a>,
    pub reported: bool,
}

/// A row of the standings at the end of a month.
#[derive(Serialize)]
pub struct StandingRow<'a> {
    pub unit: UnitRef<'a>,
    pub rank: Opt<u32>,
    pub change: Change<'a>,
    pub cumulative: Figure<'a>,
    /// Nothing when the unit has no target.
    pub target: Figure<'a>,
    pub percent: Figure<'a>,
    pub reported: bool,
}

/// A name proposed for an award.
#[derive(Serialize, Clone, Copy)]
pub struct NominationView<'a> {
    pub name: &'a str,
    pub title: &'a str,
    /// In the site's language.
    pub kind: &'a str,
    /// Serialised `collective` or `individual`, whatever the language.
    pub kind_id: AwardKind,
}

/// The names proposed for one holder, by kind (the `names.html` partial shows them).
#[derive(Serialize, Default)]
pub struct Names<'a> {
    pub collective: List<NominationView<'a>>,
    pub individual: List<NominationView<'a>>,
    pub collective_count: usize,
    pub individual_count: usize,
    pub count: usize,
}

impl<'a> Names<'a> {
    pub fn new(all: &[NominationView<'a>]) -> Names<'a> {
        let (collective, individual): (Vec<_>, Vec<_>) = all.iter().partition(|n| n.kind_id == AwardKind::Collective);
        Names {
            collective_count: collective.len(),
            individual_count: individual.len(),
            count: all.len(),
            collective: List(collective),
            individual: List(individual),
        }
    }
}

/// A group's overall (pooled) result.
#[derive(Serialize, Default)]
pub struct Overall {
    pub value: String,
    /// Empty when the group has no overall target.
    pub target: String,
    pub percent: String,
    pub bar: i64,
    pub qualified: bool,
    pub awards: String,
    pub explanation: String,
}

/// A results column of the unit's metric, as a monthly table heading.
#[derive(Serialize)]
pub struct ColumnView<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub sign: Sign,
    /// The heading shown: the label, else "Added" / "Lost" (with the name when several).
    pub heading: String,
}

/// Whether a results column adds to its metric or subtracts from it. Serialised
/// (and shown) as `+` or `−`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sign {
    Plus,
    Minus,
}

impl Sign {
    pub fn symbol(self) -> &'static str {
        match self {
            Sign::Plus => "+",
            Sign::Minus => "−",
        }
    }
}

impl Sign {
    fn write_to(&self, f: &mut dyn std::fmt::Write) -> std::fmt::Result {
        f.write_str(self.symbol())
    }
}

impl Serialize for Sign {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.symbol())
    }
}

/// A metric's value for a unit and period, or a campaign total.
#[derive(Serialize, Default)]
pub struct MetricView<'a> {
    pub label: &'a str,
    pub value: String,
    /// Empty when there is no target.
    pub target: String,
    /// Empty when there is no target.
    pub percent: String,
    /// Whole percent, 0–100, for a progress bar.
    pub bar: i64,
}

/// A link to a month's standings.
#[derive(Serialize, Default)]
pub struct MonthLink {
    pub label: String,
    pub href: String,
}

/// A group card of the overview and the groups index: its leaders or its pool.
#[derive(Serialize)]
pub struct GroupCard<'a> {
    pub name: &'a str,
    pub href: String,
    pub units: usize,
    /// "12 đơn vị".
    pub units_label: String,
    pub leaders: List<Row<'a>>,
    pub overall: Opt<Overall>,
}

/// Position in a paginated list: the pagination variables of `group.html`,
/// `awards.html` and `month.html`. Their views flatten it (Tera sees `page`, `pages` …
/// at the top) and reach it, and through it the [`Frame`], by `Deref` (askama does).
#[derive(Serialize)]
pub struct Pager<'a> {
    #[serde(skip)]
    pub frame: &'a Frame<'a>,
    pub page: usize,
    pub pages: usize,
    /// "Trang 2 / 7".
    pub pagination: String,
    pub prev_href: Opt<String>,
    pub next_href: Opt<String>,
}

impl<'a> Pager<'a> {
    /// A list that fits on one page.
    pub fn single(frame: &'a Frame<'a>) -> Pager<'a> {
        Pager { frame, page: 1, pages: 1, pagination: String::new(), prev_href: Opt::none(), next_href: Opt::none() }
    }
}

impl<'a> std::ops::Deref for Pager<'a> {
    type Target = Frame<'a>;

    fn deref(&self) -> &Frame<'a> {
        self.frame
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rank_change_in_words_longer_than_the_stack_buffer_is_written_whole() {
        let long = format!("moved up {{n}} places {}", "in the ranking of its group ".repeat(4));
        let words = ChangeWords::new(&long, "down {n}", "same", "new");
        let label = Change::new(ChangeKind::Up, 12, &words).label.to_string();
        assert_eq!(label, long.replace("{n}", "12"));
        assert!(label.len() > 64);
        assert_eq!(Change::new(ChangeKind::Down, 3, &words).label.to_string(), "down 3");
        assert_eq!(Change::new(ChangeKind::Up, 1234, &words).symbol.to_string(), "▲ 1234");
    }

    #[test]
    fn figures_are_written_in_the_site_format() {
        let nf = NumberFormat::for_language(crate::model::Language::Vi);
        let fig = |shown| Figure { nf: &nf, shown }.to_string();
        assert_eq!(fig(Shown::Int(-1_234_567_890_123)), "−1.234.567.890.123");
        assert_eq!(fig(Shown::Percent(11750)), "117,50%");
        assert_eq!(fig(Shown::Int(i64::MIN)), "−9.223.372.036.854.775.808");
        assert_eq!(fig(Shown::Nothing), "");
    }
}
