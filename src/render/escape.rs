//! Escaping for HTML/XML text and attributes, and CSV cells.

/// Escapes `& < > " '` for HTML or XML text and attribute values.
pub fn html(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len() + 8);
    html_into(&mut out, s);
    // Only ASCII bytes were replaced, by ASCII: the text is still UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// [`html`], appended to `out`: the same five replacements as Tera's autoescape.
pub fn html_into(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let entity: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(entity);
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

/// The escaper of the compiled templates (`askama.toml`): the same five replacements as
/// [`html_into`] and Tera's autoescape, so that both engines write the same bytes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Html;

impl askama::filters::Escaper for Html {
    fn write_escaped_str<W: std::fmt::Write>(&self, mut dest: W, s: &str) -> std::fmt::Result {
        let bytes = s.as_bytes();
        let mut start = 0;
        // Most values have nothing to escape: one table lookup per byte, one write.
        while let Some(i) = bytes[start..].iter().position(|&b| SPECIAL[b as usize]).map(|i| start + i) {
            let entity = match bytes[i] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            };
            dest.write_str(&s[start..i])?;
            dest.write_str(entity)?;
            start = i + 1;
        }
        dest.write_str(&s[start..])
    }
}

/// The bytes [`Html`] replaces.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t
};

/// A text cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the start)
/// is prefixed with an apostrophe so that it stays text.
pub fn csv_text(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            html("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn escapes_as_tera_does() {
        for s in ["", "plain", "a&b<c>d\"e'f", "Đà Nẵng & <Huế>", "&&''", "100 % / 2"] {
            let mut tera = Vec::new();
            tera::escape_html(s, &mut tera).unwrap();
            let mut ours = Vec::new();
            html_into(&mut ours, s);
            assert_eq!(String::from_utf8(ours).unwrap(), String::from_utf8(tera).unwrap(), "{s}");
        }
    }

    #[test]
    fn the_templates_escaper_writes_the_same() {
        use askama::filters::Escaper;
        let long = "Liên đoàn Lao động \"Châu Đốc\" & <An Giang> 'x' ".repeat(40);
        for s in ["", "&", "plain", "a&b<c>d\"e'f", "''\"\"&&<<>>", long.as_str(), &long[..long.len() - 1]] {
            let mut askama = String::new();
            Html.write_escaped_str(&mut askama, s).unwrap();
            let mut tera = Vec::new();
            tera::escape_html(s, &mut tera).unwrap();
            assert_eq!(askama.as_bytes(), tera.as_slice(), "{s}");
            assert_eq!(html(s), askama);
        }
    }

    #[test]
    fn neutralises_formulas() {
        assert_eq!(csv_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_text("+1"), "'+1");
        assert_eq!(csv_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_text("-2"), "'-2");
        assert_eq!(csv_text("Long Xuyên"), "Long Xuyên");
    }
}
