//! The progress chart: cumulative value against the target line, as inline
//! SVG drawn at build time (no script needed), with a text alternative. The
//! numbers are placed here; the markup is the compiled template
//! `src/render/templates/chart.svg`.

use crate::format::NumberFormat;
use askama::Template;

/// The x axis of a period's charts: the number of months and their labels, the same
/// on every unit page of the period.
pub struct Axis {
    months: i64,
    /// The labelled months: x position and label.
    ticks: Vec<(i64, String)>,
    /// Where the labels stand.
    tick_y: i64,
}

impl Axis {
    /// `labels`: short labels, one per month of the period.
    pub fn new(labels: &[String]) -> Axis {
        let n = labels.len().max(1) as i64;
        // Month labels: all when few, else every third.
        let step = if n > 12 {
            3
        } else if n > 6 {
            2
        } else {
            1
        };
        let ticks = labels
            .iter()
            .enumerate()
            .filter(|&(i, _)| i as i64 % step == 0 || i as i64 == n - 1)
            .map(|(i, m)| (x(n, i as i64), m.clone()))
            .collect();
        Axis { months: n, ticks, tick_y: H - BOTTOM + 18 }
    }
}

pub struct Chart<'a> {
    pub axis: &'a Axis,
    /// Cumulative values for the months counted so far (may be fewer than the axis has).
    pub values: Vec<i64>,
    pub target: Option<i64>,
    pub title: &'a str,
    pub desc: &'a str,
    pub id: &'a str,
}

const W: i64 = 640;
const H: i64 = 260;
const LEFT: i64 = 56;
const RIGHT: i64 = 16;
const TOP: i64 = 28;
const BOTTOM: i64 = 40;

/// The x position of month `i` of `n`.
fn x(n: i64, i: i64) -> i64 {
    let plot_w = W - LEFT - RIGHT;
    LEFT + if n > 1 { plot_w * i / (n - 1) } else { plot_w / 2 }
}

/// What `chart.svg` draws, placed and formatted.
#[derive(Template)]
#[template(path = "chart.svg")]
pub struct ChartView<'a> {
    id: &'a str,
    title: &'a str,
    desc: &'a str,
    axis: &'a Axis,
    /// The height of zero, and its label.
    zero: i64,
    zero_label: String,
    /// The target line's height and label.
    target: Option<(i64, String)>,
    /// One point per month counted.
    points: Vec<(i64, i64)>,
    /// The last point, labelled with its value.
    last: Option<LastPoint>,
}

struct LastPoint {
    x: i64,
    y: i64,
    /// `end` past the middle of the axis, so that the label stays inside.
    anchor: &'static str,
    label: String,
}

impl Chart<'_> {
    /// The chart's markup, with its numbers in the site's format.
    pub fn svg(&self, nf: &NumberFormat) -> String {
        let n = self.axis.months;
        let max = self.values.iter().copied().chain(self.target).max().unwrap_or(0).max(1);
        let min = self.values.iter().copied().min().unwrap_or(0).min(0);
        let span = max - min;
        let plot_h = H - TOP - BOTTOM;
        let y = |v: i64| TOP + plot_h - (i128::from(plot_h) * i128::from(v - min) / i128::from(span)) as i64;
        let points: Vec<(i64, i64)> = self.values.iter().enumerate().map(|(i, v)| (x(n, i as i64), y(*v))).collect();
        let last = self.values.last().map(|&v| {
            let i = self.values.len() as i64 - 1;
            LastPoint { x: x(n, i), y: y(v), anchor: if i > n / 2 { "end" } else { "start" }, label: nf.int(v) }
        });
        let view = ChartView {
            id: self.id,
            title: self.title,
            desc: self.desc,
            axis: self.axis,
            zero: y(0),
            zero_label: nf.int(0),
            target: self.target.map(|t| (y(t), nf.int(t))),
            points,
            last,
        };
        // Rendering into a String cannot fail: every value is a number or text.
        view.render().unwrap_or_default()
    }
}
