//! Share cards: the 1200 × 630 PNG images a link preview shows (`og:image`) when a
//! page's address is shared in Zalo or Facebook. What a card says is decided by the
//! page builders ([`CardText`]); this module lays it out (wrapping and shrinking long
//! names to fit, never overflowing), writes it as SVG with the compiled template
//! `src/render/templates/card.svg`, draws it with resvg and encodes the PNG.
//!
//! The text is drawn with the Noto Sans subset embedded in podium (`fonts/`), the only
//! fonts resvg is given: no system font is read, so a card is the same on every machine,
//! and the same input gives the same bytes.
//!
//! This module holds what a card says and the [`Painter`], which places it and draws
//! it; `layout.rs` measures and fits the text, `palette.rs` reads the theme's colours,
//! `encode.rs` makes the PNG.

mod encode;
mod layout;
mod palette;

pub use palette::Palette;

use askama::Template;
use encode::encode;
use layout::{Face, subject_height};
use resvg::{tiny_skia, usvg};
use std::sync::Arc;

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

static REGULAR: &[u8] = include_bytes!("../fonts/NotoSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/NotoSans-Bold.ttf");
/// The family name of both embedded fonts.
const FAMILY: &str = "Noto Sans";

/// Left and right margin.
const MARGIN: i32 = 60;
/// The width text may take between the margins.
const INNER: i32 = WIDTH as i32 - 2 * MARGIN;
/// Height of the band at the top that holds the site title.
const BAND: i32 = 120;

/// What a card says, in the site's language; [`Painter`] lays it out.
#[derive(Debug, Clone, Default)]
pub struct CardText {
    /// A short line above the subject: "Nhóm 2 · Năm 2023".
    pub kicker: String,
    /// What the card is about, large: a unit's or a group's name, the campaign.
    pub subject: String,
    pub body: Body,
    /// "Số liệu đến hết tháng 06/2023", at the bottom left.
    pub footer: String,
    /// A badge at the bottom right ("Tạm tính", "Chính thức"), or empty.
    pub status: String,
    /// The badge is the official one (green), else provisional (amber).
    pub decided: bool,
}

/// The middle of a card.
#[derive(Debug, Clone)]
pub enum Body {
    /// A key figure ("112,50 %") with a note beside it ("1.410 / chỉ tiêu 1.200"), a
    /// progress bar (whole percent, 0–100) and a line of facts ("Hạng 2/14 · Đạt …").
    Figure { figure: String, note: String, bar: Option<i64>, good: bool, facts: Vec<Fact> },
    /// A ranking's first rows: rank, name, percentage.
    Leaders(Vec<[String; 3]>),
}

impl Default for Body {
    fn default() -> Body {
        Body::Figure { figure: String::new(), note: String::new(), bar: None, good: false, facts: Vec::new() }
    }
}

/// A part of a card's line of facts.
#[derive(Debug, Clone)]
pub struct Fact {
    pub text: String,
    pub tone: Tone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Ink,
    /// Good news (qualified, awards): green, with a check mark.
    Ok,
    Muted,
}

impl CardText {
    /// The card's text in one line, for `og:image:alt`.
    pub fn alt(&self) -> String {
        let mut parts: Vec<String> = vec![self.subject.clone()];
        if !self.kicker.is_empty() {
            parts.push(self.kicker.clone());
        }
        match &self.body {
            Body::Figure { figure, note, facts, .. } => {
                let head =
                    [figure.as_str(), note.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>();
                if !head.is_empty() {
                    parts.push(head.join(" "));
                }
                parts.extend(facts.iter().map(|f| f.text.clone()));
            }
            Body::Leaders(rows) => parts.extend(rows.iter().map(|[r, n, p]| format!("{r}. {n} {p}"))),
        }
        if !self.footer.is_empty() {
            parts.push(self.footer.clone());
        }
        parts.join(" · ")
    }
}

/// Draws cards: the fonts, loaded once per build, the theme's colours, and what every
/// card of the site shares (the background and the band with the site title), drawn once.
pub struct Painter {
    options: usvg::Options<'static>,
    regular: Face,
    bold: Face,
    palette: Palette,
    /// The site title's lines in the band.
    title: Vec<TextEl>,
    /// The band drawn, which each card is drawn over; or why it could not be.
    base: Result<tiny_skia::Pixmap, String>,
}

impl Painter {
    pub fn new(palette: Palette, site_title: &str) -> Painter {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        db.set_sans_serif_family(FAMILY);
        let options = usvg::Options {
            font_family: FAMILY.to_string(),
            fontdb: Arc::new(db),
            // A card references no file: nothing is read from disk or from the web.
            image_href_resolver: usvg::ImageHrefResolver {
                resolve_data: Box::new(|_, _, _| None),
                resolve_string: Box::new(|_, _| None),
            },
            ..usvg::Options::default()
        };
        let mut painter = Painter {
            options,
            regular: Face::new(REGULAR),
            bold: Face::new(BOLD),
            palette,
            title: Vec::new(),
            base: Err(String::new()),
        };
        // The band: the logo and the site title, on one line or two.
        let title = painter.clean(site_title);
        let title_x = MARGIN + 84;
        let title_w = WIDTH as i32 - MARGIN - title_x;
        let (lines, size) = painter.fit_block(&painter.bold, &title, title_w, (&[34, 32, 30], &[28, 26, 24]), 2);
        let gap = size * 6 / 5;
        let first = BAND / 2 - gap * (lines.len() as i32 - 1) / 2 + size * 36 / 100;
        let bg = painter.palette.bg.clone();
        painter.title = lines
            .into_iter()
            .enumerate()
            .map(|(i, line)| TextEl::new(title_x, first + gap * i as i32, size, true, &bg, line))
            .collect();
        let base = painter.layers(&CardText::default(), true, false);
        painter.base = painter.draw(&base, None);
        painter
    }

    /// The card as PNG bytes: drawn over the band, which is the same on every card.
    pub fn png(&self, card: &CardText) -> Result<Vec<u8>, String> {
        let base = self.base.as_ref().map_err(String::clone)?;
        let pixmap = self.draw(&self.layers(card, false, true), Some(base))?;
        Ok(encode(pixmap.data()))
    }

    /// Draws `svg` over a copy of `under` (or over nothing).
    fn draw(&self, svg: &str, under: Option<&tiny_skia::Pixmap>) -> Result<tiny_skia::Pixmap, String> {
        let tree = usvg::Tree::from_str(svg, &self.options).map_err(|e| format!("share card: {e}"))?;
        let mut pixmap = match under {
            Some(p) => p.clone(),
            None => tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("share card: no pixmap")?,
        };
        resvg::render(&tree, tiny_skia::Transform::identity(), &mut pixmap.as_mut());
        Ok(pixmap)
    }

    /// The whole card as SVG: every text placed, wrapped and sized to fit.
    pub fn svg(&self, card: &CardText) -> String {
        self.layers(card, true, true)
    }

    /// The card's SVG: the band (`band`), what the card says (`text`), or both.
    fn layers(&self, card: &CardText, band: bool, text: bool) -> String {
        let p = &self.palette;
        let mut texts = Vec::new();
        let mut rects = Vec::new();
        let mut checks = Vec::new();

        // The body, from the bottom up, then the subject in the room left above it.
        let (body_texts, body_rects, body_checks) = (texts.len(), rects.len(), checks.len());
        let subject_bottom = match &card.body {
            Body::Figure { figure, note, bar, good, facts } => {
                let figure_y = 450;
                let mut bottom = figure_y - 92;
                let figure = self.clean(figure);
                let note = self.clean(note);
                let note_x = if figure.is_empty() {
                    MARGIN
                } else {
                    let (line, size) = self.fit_line(&self.bold, &figure, INNER, &[88, 80, 72, 64]);
                    let colour = if *good { &p.ok } else { &p.accent };
                    let w = self.bold.width(&line, size);
                    texts.push(TextEl::new(MARGIN, figure_y, size, true, colour, line));
                    MARGIN + w + 24
                };
                if !note.is_empty() && WIDTH as i32 - MARGIN - note_x >= 160 {
                    let sizes: &[i32] = if figure.is_empty() { &[48, 44, 40, 36] } else { &[32, 30, 28, 26] };
                    let (line, size) = self.fit_line(&self.regular, &note, WIDTH as i32 - MARGIN - note_x, sizes);
                    texts.push(TextEl::new(note_x, figure_y, size, false, &p.muted, line));
                    if figure.is_empty() {
                        bottom = figure_y - 56;
                    }
                }
                if let Some(bar) = bar {
                    let fill = if *bar >= 100 { &p.ok } else { &p.accent };
                    rects.push(RectEl { x: MARGIN, y: 474, w: INNER, h: 18, rx: 9, fill: p.track.clone() });
                    let w = INNER * (*bar).clamp(0, 100) as i32 / 100;
                    if w > 0 {
                        rects.push(RectEl { x: MARGIN, y: 474, w: w.max(18), h: 18, rx: 9, fill: fill.clone() });
                    }
                }
                self.facts(facts, 540, &mut texts, &mut checks);
                bottom - 18
            }
            Body::Leaders(rows) => {
                let top = 380;
                for (i, [rank, name, pct]) in rows.iter().take(3).enumerate() {
                    let y = top + 62 * i as i32;
                    rects.push(RectEl { x: MARGIN, y: y + 16, w: INNER, h: 2, rx: 0, fill: p.line.clone() });
                    let rank = self.clean(rank);
                    let pct = self.clean(pct);
                    let pct_w = self.bold.width(&pct, 38);
                    texts.push(TextEl::new(MARGIN, y, 38, true, &p.accent, rank));
                    let name_w = INNER - 64 - pct_w - 24;
                    let (line, size) = self.fit_line(&self.regular, &self.clean(name), name_w, &[38, 34, 30]);
                    texts.push(TextEl::new(MARGIN + 64, y, size, false, &p.ink, line));
                    let mut t = TextEl::new(WIDTH as i32 - MARGIN, y, 38, true, &p.ink, pct);
                    t.anchor = "end";
                    texts.push(t);
                }
                top - 38 - 22
            }
        };

        let subject = self.clean(&card.subject);
        let top = 206;
        let room = subject_bottom - top;
        let (lines, size) = self.fit_subject(&subject, room);
        let gap = size * 118 / 100;
        // The room the subject leaves: a quarter above it, a quarter between it and the
        // body (moved up), half between the body and the footer.
        let slack = (room - subject_height(lines.len(), size)).max(0);
        let down = slack / 4;
        for t in &mut texts[body_texts..] {
            t.y -= slack / 2;
        }
        for r in &mut rects[body_rects..] {
            r.y -= slack / 2;
        }
        for c in &mut checks[body_checks..] {
            c.1 -= slack / 2;
        }
        let kicker = self.clean(&card.kicker);
        if !kicker.is_empty() {
            let (line, size) = self.fit_line(&self.regular, &kicker, INNER, &[32, 30, 28, 26]);
            texts.push(TextEl::new(MARGIN, 186 + down, size, false, &p.muted, line));
        }
        for (i, line) in lines.into_iter().enumerate() {
            let mut t = TextEl::new(MARGIN, top + down + size + gap * i as i32, size, true, &p.ink, line);
            t.class = "subject";
            texts.push(t);
        }

        // The footer: the as-of month, and the status badge.
        let mut footer_w = INNER;
        let status = self.clean(&card.status);
        if !status.is_empty() {
            let w = self.bold.width(&status, 26) + 36;
            let (fg, bg) = if card.decided { (&p.ok, &p.ok_bg) } else { (&p.warn, &p.warn_bg) };
            let x = WIDTH as i32 - MARGIN - w;
            rects.push(RectEl { x, y: 566, w, h: 44, rx: 22, fill: bg.clone() });
            texts.push(TextEl::new(x + 18, 597, 26, true, fg, status));
            footer_w = x - MARGIN - 24;
        }
        let footer = self.clean(&card.footer);
        if !footer.is_empty() {
            let (line, size) = self.fit_line(&self.regular, &footer, footer_w, &[28, 26, 24]);
            texts.push(TextEl::new(MARGIN, 597, size, false, &p.muted, line));
        }

        let view = CardSvg {
            width: WIDTH,
            height: HEIGHT,
            band_height: BAND,
            family: FAMILY,
            p,
            band,
            title: &self.title,
            text,
            rects,
            texts,
            checks,
        };
        // Rendering into a String cannot fail: every value is a number or text.
        view.render().unwrap_or_default()
    }

    /// The line of facts at baseline `y`, its parts separated by " · ", shrunk to fit.
    fn facts(&self, facts: &[Fact], y: i32, texts: &mut Vec<TextEl>, checks: &mut Vec<(i32, i32, String)>) {
        let facts: Vec<(String, Tone)> =
            facts.iter().map(|f| (self.clean(&f.text), f.tone)).filter(|(t, _)| !t.is_empty()).collect();
        if facts.is_empty() {
            return;
        }
        let p = &self.palette;
        let sep = "  ·  ";
        let check_w = |size: i32| size + 8;
        let total = |size: i32| -> i32 {
            facts
                .iter()
                .enumerate()
                .map(|(i, (t, tone))| {
                    let sep_w = if i > 0 { self.regular.width(sep, size) } else { 0 };
                    sep_w + self.bold.width(t, size) + if *tone == Tone::Ok { check_w(size) } else { 0 }
                })
                .sum()
        };
        let sizes = [36, 34, 32, 30, 28, 26];
        let size = sizes.iter().copied().find(|&s| total(s) <= INNER).unwrap_or(26);
        let mut x = MARGIN;
        for (i, (text, tone)) in facts.into_iter().enumerate() {
            if i > 0 {
                let w = self.regular.width(sep, size);
                texts.push(TextEl::new(x, y, size, false, &p.muted, sep.to_string()));
                x += w;
            }
            let colour = match tone {
                Tone::Ink => &p.ink,
                Tone::Ok => &p.ok,
                Tone::Muted => &p.muted,
            };
            if tone == Tone::Ok {
                checks.push((x, y - size * 7 / 10, colour.clone()));
                x += check_w(size);
            }
            let room = WIDTH as i32 - MARGIN - x;
            if room < size {
                break;
            }
            let line = self.ellipsize(&self.bold, &text, size, room);
            let w = self.bold.width(&line, size);
            texts.push(TextEl::new(x, y, size, true, colour, line));
            x += w;
        }
    }
}

/// A text element of a card.
struct TextEl {
    x: i32,
    y: i32,
    size: i32,
    bold: bool,
    fill: String,
    anchor: &'static str,
    /// `subject` for the lines of the subject (the tests find them by it), else empty.
    class: &'static str,
    text: String,
}

impl TextEl {
    fn new(x: i32, y: i32, size: i32, bold: bool, fill: &str, text: String) -> TextEl {
        TextEl { x, y, size, bold, fill: fill.to_string(), anchor: "start", class: "", text }
    }
}

struct RectEl {
    x: i32,
    y: i32,
    w: i32,
    h: i32,
    rx: i32,
    fill: String,
}

/// What `card.svg` draws, placed.
#[derive(Template)]
#[template(path = "card.svg")]
struct CardSvg<'a> {
    width: u32,
    height: u32,
    band_height: i32,
    family: &'a str,
    p: &'a Palette,
    /// Draw the background and the band with the site title.
    band: bool,
    title: &'a [TextEl],
    /// Draw what the card says.
    text: bool,
    rects: Vec<RectEl>,
    texts: Vec<TextEl>,
    /// Check marks: left, top, colour.
    checks: Vec<(i32, i32, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn painter() -> Painter {
        Painter::new(Palette::from_css(""), "Kết quả thi đua")
    }

    pub(super) fn unit_card(name: &str) -> CardText {
        CardText {
            kicker: "Nhóm 1 · 6 tháng đầu năm 2023".into(),
            subject: name.into(),
            body: Body::Figure {
                figure: "112,50 %".into(),
                note: "1.410 / chỉ tiêu 1.200".into(),
                bar: Some(100),
                good: true,
                facts: vec![
                    Fact { text: "Hạng 2/14".into(), tone: Tone::Ink },
                    Fact { text: "Đạt: 2 tập thể + 6 cá nhân".into(), tone: Tone::Ok },
                ],
            },
            footer: "Số liệu đến hết tháng 06/2023".into(),
            status: "Tạm tính".into(),
            decided: false,
        }
    }

    /// Every text of a card's SVG with its left edge, baseline, size and width as measured.
    fn placed(painter: &Painter, svg: &str) -> Vec<(String, i32, i32, i32, i32)> {
        let doc = roxml(svg);
        doc.into_iter()
            .map(|(attrs, text)| {
                let num = |k: &str| attrs.iter().find(|(n, _)| n == k).map_or(0, |(_, v)| v.parse().unwrap());
                let bold = attrs.iter().any(|(n, v)| n == "font-weight" && v == "700");
                let end = attrs.iter().any(|(n, v)| n == "text-anchor" && v == "end");
                let face = if bold { &painter.bold } else { &painter.regular };
                let (size, w) = (num("font-size"), face.width(&text, num("font-size")));
                let x = if end { num("x") - w } else { num("x") };
                (text, x, num("y"), size, w)
            })
            .collect()
    }

    /// The `<text>` elements of an SVG: their attributes and their text, unescaped.
    fn roxml(svg: &str) -> Vec<(Vec<(String, String)>, String)> {
        let tree = usvg::roxmltree::Document::parse(svg).expect("the card is well-formed XML");
        tree.descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| {
                let attrs = n.attributes().map(|a| (a.name().to_string(), a.value().to_string())).collect();
                (attrs, n.text().unwrap_or_default().to_string())
            })
            .collect()
    }

    #[test]
    fn long_names_wrap_or_shrink_and_never_leave_the_card() {
        let painter = painter();
        let long = "Công đoàn cơ sở Công ty Trách nhiệm hữu hạn Một thành viên Xổ số kiến thiết An Giang";
        let long_title = Painter::new(Palette::from_css(""), &long.repeat(2));
        let names = ["Nhóm 1".to_string(), long.to_string(), format!("{long} {long} {long}"), "Đoànviên".repeat(30)];
        for name in &names {
            let svg = long_title.svg(&unit_card(name));
            let texts = placed(&long_title, &svg);
            for (text, x, y, size, w) in &texts {
                assert!(*x >= MARGIN && x + w <= WIDTH as i32 - MARGIN, "{text:?} at {x} is {w} wide");
                assert!(*y - size >= 0 && *y + size / 4 <= HEIGHT as i32, "{text:?} at {y}");
            }
            // The subject's lines, in order, hold the whole name, or its start and "…".
            let subject: Vec<String> = roxml(&svg)
                .into_iter()
                .filter(|(attrs, _)| attrs.iter().any(|(n, v)| n == "class" && v == "subject"))
                .map(|(_, t)| t)
                .collect();
            let joined = subject.join(" ");
            let words = |s: &str| s.replace(' ', "");
            if joined.ends_with('…') {
                assert!(words(name).starts_with(&words(joined.trim_end_matches('…'))), "{joined}");
            } else {
                assert_eq!(words(&joined), words(name));
            }
            assert!(subject.len() <= 3, "{subject:?}");
        }
        // A short name stays large; a long one is drawn smaller, on more lines.
        let size_of = |name: &str| {
            let svg = painter.svg(&unit_card(name));
            let subject = roxml(&svg).into_iter().find(|(a, _)| a.iter().any(|(n, v)| n == "class" && v == "subject"));
            let attrs = subject.unwrap().0;
            attrs.iter().find(|(n, _)| n == "font-size").unwrap().1.parse::<i32>().unwrap()
        };
        assert_eq!(size_of("Nhóm 1"), 64);
        // Two lines are balanced: no lone word on the second.
        let svg = painter.svg(&unit_card("Liên đoàn Lao động thành phố Long Xuyên"));
        let lines: Vec<String> = roxml(&svg)
            .into_iter()
            .filter(|(attrs, _)| attrs.iter().any(|(n, v)| n == "class" && v == "subject"))
            .map(|(_, t)| t)
            .collect();
        assert_eq!(lines, ["Liên đoàn Lao động", "thành phố Long Xuyên"]);
        assert!(size_of(&format!("{long} {long}")) < 64);
    }

    #[test]
    fn text_from_the_data_is_escaped_in_the_svg() {
        let hostile = "A <script>alert(1)</script> & \"B\" 'C' ]]> <!--";
        let painter = Painter::new(Palette::from_css(""), hostile);
        let mut card = unit_card(hostile);
        card.kicker = hostile.into();
        let svg = painter.svg(&card);
        assert!(!svg.contains("<script"), "{svg}");
        assert!(
            svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;B&quot; &#39;C&#39; ]]&gt; &lt;!--"),
            "{svg}"
        );
        // It parses, and the text reads as written.
        let texts: Vec<String> = roxml(&svg).into_iter().map(|(_, t)| t).collect();
        assert!(texts.iter().any(|t| t.starts_with("A <script>alert(1)</script> & \"B\"")), "{texts:?}");
        assert!(painter.png(&card).is_ok());
    }

    #[test]
    fn a_card_is_a_1200_by_630_png_and_the_same_input_gives_the_same_bytes() {
        let painter = painter();
        let png = painter.png(&unit_card("Liên đoàn Lao động thành phố Long Xuyên")).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        let mut reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), (WIDTH, HEIGHT));
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut pixels).unwrap();
        // Not blank: the band, the white body and the text's colours.
        assert!(pixels.iter().collect::<std::collections::HashSet<_>>().len() > 3);
        assert!(png.len() < 60 * 1024, "{} bytes", png.len());
        let again = self::painter().png(&unit_card("Liên đoàn Lao động thành phố Long Xuyên"));
        assert_eq!(again.unwrap(), png);
    }

    #[test]
    fn a_card_drawn_over_the_band_is_the_card_drawn_at_once() {
        let painter = painter();
        for card in [unit_card("Liên đoàn Lao động thành phố Long Xuyên"), CardText::default()] {
            let whole = painter.draw(&painter.svg(&card), None).unwrap();
            assert_eq!(painter.png(&card).unwrap(), encode(whole.data()));
        }
    }

    #[test]
    fn the_alt_text_says_what_the_card_shows() {
        let alt = unit_card("Long Xuyên").alt();
        assert_eq!(
            alt,
            "Long Xuyên · Nhóm 1 · 6 tháng đầu năm 2023 · 112,50 % 1.410 / chỉ tiêu 1.200 · Hạng 2/14 · Đạt: 2 tập thể + 6 cá nhân · Số liệu đến hết tháng 06/2023"
        );
        let leaders = CardText {
            subject: "Nhóm 1".into(),
            body: Body::Leaders(vec![["1".into(), "Các KCN".into(), "120,96 %".into()]]),
            ..CardText::default()
        };
        assert_eq!(leaders.alt(), "Nhóm 1 · 1. Các KCN 120,96 %");
    }
}
