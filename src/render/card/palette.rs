//! The colours a card is drawn in: the theme's, read from its `style.css`.

/// The theme's colours, as `#rrggbb` (or `#rgb`).
#[derive(Debug, Clone)]
pub struct Palette {
    pub ink: String,
    pub muted: String,
    pub line: String,
    pub bg: String,
    pub soft: String,
    pub accent: String,
    pub ok: String,
    pub ok_bg: String,
    pub warn: String,
    pub warn_bg: String,
    pub track: String,
}

impl Palette {
    /// The colours of the default theme's `style.css`, replaced by those `css` gives
    /// for the same custom properties (`--accent: #0b4f8a;`); a value that is not a
    /// hex colour is ignored.
    pub fn from_css(css: &str) -> Palette {
        let mut p = Palette {
            ink: "#1a1d21".into(),
            muted: "#4f5863".into(),
            line: "#d5dae0".into(),
            bg: "#ffffff".into(),
            soft: "#f3f5f8".into(),
            accent: "#0b4f8a".into(),
            ok: "#155d27".into(),
            ok_bg: "#e8f5ec".into(),
            warn: "#7a4a00".into(),
            warn_bg: "#fff4e0".into(),
            track: "#dde3ea".into(),
        };
        for (name, slot) in [
            ("ink", &mut p.ink),
            ("muted", &mut p.muted),
            ("line", &mut p.line),
            ("bg", &mut p.bg),
            ("soft", &mut p.soft),
            ("accent", &mut p.accent),
            ("ok", &mut p.ok),
            ("ok-bg", &mut p.ok_bg),
            ("warn", &mut p.warn),
            ("warn-bg", &mut p.warn_bg),
            ("track", &mut p.track),
        ] {
            if let Some(c) = css_colour(css, name) {
                *slot = c;
            }
        }
        p
    }
}

/// The first value of the custom property `--name` in `css`, when it is a hex colour.
fn css_colour(css: &str, name: &str) -> Option<String> {
    let key = format!("--{name}:");
    let at = css.find(&key)? + key.len();
    let value = css[at..].split([';', '}']).next()?.trim();
    let hex = value.strip_prefix('#')?;
    (matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| value.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::card::Painter;
    use crate::render::card::tests::unit_card;

    #[test]
    fn the_colours_are_the_themes() {
        let css = ":root {\n  --ink: #000;\n  --accent: #AA0011;\n  --ok: green;\n  --line: #12345;\n}";
        let p = Palette::from_css(css);
        assert_eq!((p.ink.as_str(), p.accent.as_str()), ("#000", "#aa0011"));
        // Not a hex colour: the default theme's stays.
        assert_eq!((p.ok.as_str(), p.line.as_str()), ("#155d27", "#d5dae0"));
        let svg = Painter::new(p, "T").svg(&unit_card("U"));
        assert!(svg.contains("fill=\"#aa0011\""), "{svg}");
        // The default theme's style.css gives the colours written here.
        let theme =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/assets/style.css"));
        let from_theme = Palette::from_css(&theme.unwrap());
        let built_in = Palette::from_css("");
        assert_eq!(format!("{from_theme:?}"), format!("{built_in:?}"));
    }
}
