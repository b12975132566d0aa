//! The progress chart: cumulative value against the target line, as inline
//! SVG drawn at build time (no script needed), with a text alternative.

use crate::format::NumberFormat;
use crate::render::escape::html_into;

/// The x axis of a period's charts: the number of months and the markup of their
/// labels, the same on every unit page of the period.
pub struct Axis {
    months: i64,
    ticks: String,
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
        let mut ticks = Vec::new();
        let mut num = itoa::Buffer::new();
        for (i, m) in labels.iter().enumerate() {
            if i as i64 % step == 0 || i as i64 == n - 1 {
                ticks.extend_from_slice(b"<text class=\"tick\" x=\"");
                ticks.extend_from_slice(num.format(x(n, i as i64)).as_bytes());
                ticks.extend_from_slice(b"\" y=\"");
                ticks.extend_from_slice(num.format(H - BOTTOM + 18).as_bytes());
                ticks.extend_from_slice(b"\" text-anchor=\"middle\">");
                html_into(&mut ticks, m);
                ticks.extend_from_slice(b"</text>");
            }
        }
        Axis { months: n, ticks: String::from_utf8(ticks).unwrap_or_default() }
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

impl Chart<'_> {
    /// The chart's markup, with its numbers in the site's format.
    pub fn svg(&self, nf: &NumberFormat) -> String {
        let n = self.axis.months;
        let max = self.values.iter().copied().chain(self.target).max().unwrap_or(0).max(1);
        let min = self.values.iter().copied().min().unwrap_or(0).min(0);
        let span = max - min;
        let plot_h = H - TOP - BOTTOM;
        let y = |v: i64| TOP + plot_h - (i128::from(plot_h) * i128::from(v - min) / i128::from(span)) as i64;
        let mut s: Vec<u8> = Vec::with_capacity(2048);
        let mut num = itoa::Buffer::new();
        let put = |s: &mut Vec<u8>, parts: &[&str]| parts.iter().for_each(|p| s.extend_from_slice(p.as_bytes()));
        put(&mut s, &["<svg class=\"chart\" viewBox=\"0 0 640 260\" role=\"img\" aria-labelledby=\""]);
        put(&mut s, &[self.id, "-t ", self.id, "-d\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"", self.id]);
        put(&mut s, &["-t\">"]);
        html_into(&mut s, self.title);
        put(&mut s, &["</title><desc id=\"", self.id, "-d\">"]);
        html_into(&mut s, self.desc);
        put(&mut s, &["</desc>"]);
        // Axes and a zero line.
        let zero = y(0);
        put(&mut s, &["<line class=\"axis\" x1=\"56\" y1=\"", num.format(zero), "\" x2=\"624\" y2=\""]);
        put(&mut s, &[num.format(zero), "\"/><text class=\"tick\" x=\"50\" y=\""]);
        put(&mut s, &[num.format(zero + 4)]);
        put(&mut s, &["\" text-anchor=\"end\">"]);
        nf.push_int(&mut s, 0);
        put(&mut s, &["</text>"]);
        // The target line and its value on the axis; the page's legend names it.
        if let Some(t) = self.target {
            let ty = y(t);
            put(&mut s, &["<line class=\"target\" x1=\"56\" y1=\"", num.format(ty), "\" x2=\"624\" y2=\""]);
            put(&mut s, &[num.format(ty), "\"/><text class=\"tick\" x=\"50\" y=\""]);
            put(&mut s, &[num.format(ty + 4)]);
            put(&mut s, &["\" text-anchor=\"end\">"]);
            nf.push_int(&mut s, t);
            put(&mut s, &["</text>"]);
        }
        s.extend_from_slice(self.axis.ticks.as_bytes());
        if !self.values.is_empty() {
            put(&mut s, &["<polyline class=\"line\" points=\""]);
            for (i, v) in self.values.iter().enumerate() {
                if i > 0 {
                    put(&mut s, &[" "]);
                }
                put(&mut s, &[num.format(x(n, i as i64)), ","]);
                put(&mut s, &[num.format(y(*v))]);
            }
            put(&mut s, &["\"/>"]);
            for (i, v) in self.values.iter().enumerate() {
                put(&mut s, &["<circle class=\"dot\" cx=\"", num.format(x(n, i as i64)), "\" cy=\""]);
                put(&mut s, &[num.format(y(*v)), "\" r=\"3\"/>"]);
            }
            let last = self.values.len() as i64 - 1;
            let lv = self.values[last as usize];
            put(&mut s, &["<text class=\"value-label\" x=\"", num.format(x(n, last)), "\" y=\""]);
            put(&mut s, &[num.format(y(lv) - 8), "\" text-anchor=\"", if last > n / 2 { "end" } else { "start" }]);
            put(&mut s, &["\">"]);
            nf.push_int(&mut s, lv);
            put(&mut s, &["</text>"]);
        }
        put(&mut s, &["</svg>"]);
        // Text and markup only, every piece UTF-8.
        String::from_utf8(s).unwrap_or_default()
    }
}
