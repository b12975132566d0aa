//! Text on a card: the embedded fonts measured, and long text wrapped, balanced,
//! shrunk or cut to fit its room, never overflowing.

use super::{INNER, Painter};
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};

/// One embedded font, for measuring text.
pub(super) struct Face {
    charmap: Charmap<'static>,
    metrics: GlyphMetrics<'static>,
}

impl Face {
    pub(super) fn new(data: &'static [u8]) -> Face {
        // The embedded fonts are read in a test: they always parse.
        let font = FontRef::new(data).unwrap_or_else(|e| panic!("embedded font: {e}"));
        Face { charmap: font.charmap(), metrics: font.glyph_metrics(Size::new(1.0), LocationRef::default()) }
    }

    fn has(&self, c: char) -> bool {
        self.charmap.map(c).is_some()
    }

    /// The width of `text` at `size` px: the sum of the advances (without kerning,
    /// which narrows text: the true width is never larger).
    pub(super) fn width(&self, text: &str, size: i32) -> i32 {
        let em: f32 = text
            .chars()
            .filter_map(|c| self.charmap.map(c))
            .map(|g| self.metrics.advance_width(g).unwrap_or(0.0))
            .sum();
        (em * size as f32).ceil() as i32
    }
}

impl Painter {
    /// The subject in at most three lines, as large as fits in `room` px of height.
    /// Wrapped lines are balanced: as even as the same number of lines allows.
    pub(super) fn fit_subject(&self, text: &str, room: i32) -> (Vec<String>, i32) {
        let height = subject_height;
        for (size, max) in [(64, 2), (58, 2), (52, 2), (48, 3), (44, 3), (40, 3), (36, 3), (32, 3)] {
            if let Some(lines) = wrap(&self.bold, text, size, INNER, max)
                && height(lines.len(), size) <= room
            {
                return (balance(&self.bold, text, size, lines), size);
            }
        }
        let size = 32;
        let fit = (1..=3).rev().find(|&n| height(n, size) <= room).unwrap_or(1);
        (self.clip_lines(&self.bold, text, size, INNER, fit), size)
    }

    /// Text in at most `max` lines: on one line at the first size of `one` that fits,
    /// else wrapped at the first size of `more` that fits, else cut with "…".
    pub(super) fn fit_block(
        &self,
        face: &Face,
        text: &str,
        width: i32,
        sizes: (&[i32], &[i32]),
        max: usize,
    ) -> (Vec<String>, i32) {
        let (one, more) = sizes;
        if let Some(&size) = one.iter().find(|&&s| face.width(text, s) <= width) {
            return (vec![text.to_string()], size);
        }
        for &size in more {
            if let Some(lines) = wrap(face, text, size, width, max) {
                return (lines, size);
            }
        }
        let size = more.last().copied().unwrap_or(24);
        (self.clip_lines(face, text, size, width, max), size)
    }

    /// One line at the first of `sizes` that fits, else at the last, cut with "…".
    pub(super) fn fit_line(&self, face: &Face, text: &str, width: i32, sizes: &[i32]) -> (String, i32) {
        match sizes.iter().find(|&&s| face.width(text, s) <= width) {
            Some(&size) => (text.to_string(), size),
            None => {
                let size = sizes.last().copied().unwrap_or(24);
                (self.ellipsize(face, text, size, width), size)
            }
        }
    }

    /// The first `max` lines of `text` wrapped at `width`, the last cut with "…" when text is left over.
    fn clip_lines(&self, face: &Face, text: &str, size: i32, width: i32, max: usize) -> Vec<String> {
        let mut lines = wrap(face, text, size, width, usize::MAX).unwrap_or_default();
        if lines.len() > max {
            let rest = lines[max - 1..].join(" ");
            lines.truncate(max - 1);
            lines.push(self.ellipsize(face, &format!("{rest}…"), size, width));
        }
        lines
    }

    /// `text`, cut at the end and marked with "…" until it is no wider than `width`.
    pub(super) fn ellipsize(&self, face: &Face, text: &str, size: i32, width: i32) -> String {
        if face.width(text, size) <= width {
            return text.to_string();
        }
        let mut chars: Vec<char> = text.trim_end_matches('…').chars().collect();
        while !chars.is_empty() {
            chars.pop();
            let cut: String = chars.iter().collect();
            let candidate = format!("{}…", cut.trim_end());
            if face.width(&candidate, size) <= width {
                return candidate;
            }
        }
        "…".to_string()
    }

    /// `text` with its spaces collapsed and only the characters the fonts draw. The minus
    /// sign numbers are written with (U+2212), which this Noto Sans lacks, is drawn as an
    /// en dash, its look-alike.
    pub(super) fn clean(&self, text: &str) -> String {
        let kept: String = text
            .chars()
            .map(|c| match c {
                '−' if !self.regular.has(c) => '–',
                c if c.is_whitespace() => ' ',
                c => c,
            })
            .filter(|&c| c == ' ' || (self.regular.has(c) && self.bold.has(c)))
            .collect();
        kept.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
    }
}

/// `lines` (`text` wrapped at the full width) wrapped again at the narrowest width that
/// still takes no more lines, so that a last line does not hold a single word.
fn balance(face: &Face, text: &str, size: i32, lines: Vec<String>) -> Vec<String> {
    let n = lines.len();
    // A word as wide as a line was cut: no narrower width can do without cutting.
    let widest = text.split(' ').map(|w| face.width(w, size)).max().unwrap_or(0);
    if n < 2 || widest > INNER {
        return lines;
    }
    // Never narrower than the widest word, so that no word is cut.
    let (mut narrow, mut wide) = ((INNER / n as i32).max(widest) - 1, INNER);
    // `wide` always wraps into n lines; look for the narrowest that does.
    while wide - narrow > 4 {
        let mid = (narrow + wide) / 2;
        if wrap(face, text, size, mid, n).is_some() { wide = mid } else { narrow = mid }
    }
    wrap(face, text, size, wide, n).unwrap_or(lines)
}

/// The height the subject takes in `lines` lines at `size` px: the first line's
/// ascent (with the marks above Vietnamese capitals), the line gaps, the last descent.
pub(super) fn subject_height(lines: usize, size: i32) -> i32 {
    size + size * 118 / 100 * (lines as i32 - 1) + size / 4
}

/// `text` broken at spaces into lines no wider than `width` (a word wider than a line
/// is cut between characters), or `None` when that takes more than `max` lines.
fn wrap(face: &Face, text: &str, size: i32, width: i32, max: usize) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if face.width(&candidate, size) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A word too long for a line of its own is cut.
        for c in word.chars() {
            line.push(c);
            if face.width(&line, size) > width && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::take(&mut line));
                line.push(c);
            }
        }
        if lines.len() > max {
            return None;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    (lines.len() <= max).then_some(lines)
}

#[cfg(test)]
mod tests {
    use crate::render::card::tests::painter;

    #[test]
    fn characters_the_font_lacks_are_left_out() {
        let painter = painter();
        assert_eq!(painter.clean("  Tổ\tchức  Ωmega 中文 ✔ x\u{7}y  "), "Tổ chức mega xy");
        assert_eq!(painter.clean("ơ ư Ạ ỹ ₫ – — “” … ·"), "ơ ư Ạ ỹ ₫ – — “” … ·");
        // A negative figure keeps its sign.
        assert_eq!(painter.clean("−12,50 %"), "–12,50 %");
    }
}
