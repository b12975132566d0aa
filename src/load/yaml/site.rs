//! data/site.yaml: the site's title, description, language, address, theme and footer.

use super::{SITE, parse, place};
use crate::error::{Diagnostics, Location};
use crate::load::bounds::is_blank;
use crate::load::text::Locator;
use crate::model::{Language, Site, is_slug};
use crate::msg;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteYaml {
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    allow_html: Option<bool>,
    #[serde(default)]
    footer: Option<String>,
    #[serde(default)]
    share_card_units: Option<u64>,
}

/// Units have share cards of their own up to this many units unless site.yaml says otherwise.
pub const SHARE_CARD_UNITS: u64 = 2000;

pub fn site(text: &str, diags: &mut Diagnostics) -> Option<Site> {
    site_with(text, None, diags)
}

/// [`site`], with `base_url` (checked by the caller) in place of the file's: an empty
/// one in the file is then no warning (a malformed one is still an error in the file).
pub fn site_with(text: &str, base_url: Option<&str>, diags: &mut Diagnostics) -> Option<Site> {
    let raw: SiteYaml = parse(SITE, text, diags)?;
    let loc = Locator::new(text);
    let language = match raw.language.as_deref().map(str::trim).unwrap_or("vi") {
        "vi" | "" => Language::Vi,
        "en" => Language::En,
        other => {
            diags
                .err(place(SITE, loc.pos_or(1, "language", other, 1)), msg!("site-unknown-language", language = other));
            Language::Vi
        }
    };
    let written = raw.base_url.unwrap_or_default().trim().trim_end_matches('/').to_string();
    if written.is_empty() && base_url.is_none() {
        let place = loc.find_pos(1, "base_url", "").map_or(Location::file(SITE), |p| self::place(SITE, p));
        diags.warn(place, msg!("site-base-url-empty"));
    }
    if !(written.is_empty() || written.starts_with("https://") || written.starts_with("http://")) {
        diags.err(place(SITE, loc.pos_or(1, "base_url", &written, 1)), msg!("site-base-url-relative", url = &written));
    }
    let base_url = base_url.map_or(written, |b| b.trim_end_matches('/').to_string());
    let theme = raw.theme.unwrap_or_else(|| "default".into());
    if !is_slug(&theme) {
        diags.err(place(SITE, loc.pos_or(1, "theme", &theme, 1)), msg!("site-bad-theme", theme = &theme));
    }
    if is_blank(&raw.title) {
        diags.err(place(SITE, loc.pos_or(1, "title", "", 1)), msg!("site-title-empty"));
    }
    Some(Site {
        title: raw.title.trim().to_string(),
        description: raw.description.unwrap_or_default().trim().to_string(),
        language,
        base_url,
        theme,
        allow_html: raw.allow_html.unwrap_or(false),
        footer: raw.footer.unwrap_or_default().trim().to_string(),
        share_card_units: usize::try_from(raw.share_card_units.unwrap_or(SHARE_CARD_UNITS)).unwrap_or(usize::MAX),
    })
}
