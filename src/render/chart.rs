//! The progress chart: cumulative value against the target line, as inline
//! SVG drawn at build time (no script needed), with a text alternative.

use crate::render::escape::html;
use std::fmt::Write;

pub struct Chart<'a> {
    /// Short labels for the x axis, one per month of the period.
    pub months: &'a [String],
    /// Cumulative values for the months counted so far (may be fewer than `months`).
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

impl Chart<'_> {
    pub fn svg(&self, fmt: impl Fn(i64) -> String) -> String {
        let n = self.months.len().max(1) as i64;
        let max = self.values.iter().copied().chain(self.target).max().unwrap_or(0).max(1);
        let min = self.values.iter().copied().min().unwrap_or(0).min(0);
        let span = max - min;
        let plot_w = W - LEFT - RIGHT;
        let plot_h = H - TOP - BOTTOM;
        let x = |i: i64| LEFT + if n > 1 { plot_w * i / (n - 1) } else { plot_w / 2 };
        let y = |v: i64| TOP + plot_h - (i128::from(plot_h) * i128::from(v - min) / i128::from(span)) as i64;
        let mut s = String::with_capacity(2048);
        let _ = write!(
            s,
            "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" xmlns=\"http://www.w3.org/2000/svg\">\
             <title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
            html(self.title),
            html(self.desc),
            id = self.id
        );
        // Axes and a zero line.
        let _ = write!(s, "<line class=\"axis\" x1=\"{LEFT}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", y(0), W - RIGHT, y(0));
        let _ = write!(
            s,
            "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            LEFT - 6,
            y(0) + 4,
            fmt(0)
        );
        // The target line and its value on the axis; the page's legend names it.
        if let Some(t) = self.target {
            let _ = write!(
                s,
                "<line class=\"target\" x1=\"{LEFT}\" y1=\"{ty}\" x2=\"{}\" y2=\"{ty}\"/>\
                 <text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                W - RIGHT,
                LEFT - 6,
                y(t) + 4,
                fmt(t),
                ty = y(t)
            );
        }
        // Month labels: all when few, else every third.
        let step = if n > 12 {
            3
        } else if n > 6 {
            2
        } else {
            1
        };
        for (i, m) in self.months.iter().enumerate() {
            if i as i64 % step == 0 || i as i64 == n - 1 {
                let _ = write!(
                    s,
                    "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                    x(i as i64),
                    H - BOTTOM + 18,
                    html(m)
                );
            }
        }
        if !self.values.is_empty() {
            // The repeated parts are written with itoa: a unit page has two charts.
            let mut num = itoa::Buffer::new();
            s.push_str("<polyline class=\"line\" points=\"");
            for (i, v) in self.values.iter().enumerate() {
                if i > 0 {
                    s.push(' ');
                }
                s.push_str(num.format(x(i as i64)));
                s.push(',');
                s.push_str(num.format(y(*v)));
            }
            s.push_str("\"/>");
            for (i, v) in self.values.iter().enumerate() {
                s.push_str("<circle class=\"dot\" cx=\"");
                s.push_str(num.format(x(i as i64)));
                s.push_str("\" cy=\"");
                s.push_str(num.format(y(*v)));
                s.push_str("\" r=\"3\"/>");
            }
            let last = self.values.len() as i64 - 1;
            let lv = self.values[last as usize];
            let _ = write!(
                s,
                "<text class=\"value-label\" x=\"{}\" y=\"{}\" text-anchor=\"{}\">{}</text>",
                x(last),
                y(lv) - 8,
                if last > n / 2 { "end" } else { "start" },
                fmt(lv)
            );
        }
        s.push_str("</svg>");
        s
    }
}
