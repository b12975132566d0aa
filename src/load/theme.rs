//! The theme: built-in default files (compiled into the binary) overridden
//! file by file from the project's `themes/<name>/`.

use crate::error::{Diagnostics, Location};
use crate::load::text;
use crate::messages::did_you_mean;
use crate::model::Language;
use crate::msg;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)) as &[u8])),*]
    };
}

/// The default theme, relative to `themes/default/`.
pub const DEFAULT_FILES: &[(&str, &[u8])] = embed!(
    "templates/base.html",
    "templates/index.html",
    "templates/group.html",
    "templates/unit.html",
    "templates/awards.html",
    "templates/month.html",
    "templates/news_list.html",
    "templates/news_post.html",
    "templates/page.html",
    "templates/404.html",
    "templates/status.html",
    "templates/rule.html",
    "templates/names.html",
    "templates/pager.html",
    "templates/pager_top.html",
    "templates/period_tabs.html",
    "templates/unit_name.html",
    "templates/group_card.html",
    "templates/units.html",
    "static/assets/style.css",
    "static/assets/favicon.svg",
    "static/assets/search.js",
    "i18n/vi.yaml",
    "i18n/en.yaml",
);

/// Templates, static files and interface strings, ready to render.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Template name (e.g. `unit.html`) → source, with the file it came from.
    pub templates: BTreeMap<String, (String, String)>,
    /// Path in the site (e.g. `assets/style.css`) → bytes.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// The static paths that come from the project's theme folder (not built in).
    pub own_statics: BTreeSet<String>,
    /// Interface strings of the site's language.
    pub strings: BTreeMap<String, String>,
}

/// At most this many unknown interface strings are listed; the rest are counted.
const UNKNOWN_LISTED: usize = 20;

/// Where a template built into podium says it came from.
const BUILTIN: &str = "(built-in) themes/default/";

impl Theme {
    /// Whether template `name` is the built-in default (the theme does not override it).
    pub fn is_builtin(&self, name: &str) -> bool {
        self.templates.get(name).is_some_and(|(_, origin)| origin.starts_with(BUILTIN))
    }
}

/// Loads the theme named in site.yaml for `language`.
pub fn load(dir: &Path, name: &str, language: Language, diags: &mut Diagnostics) -> Option<Theme> {
    let mut templates = BTreeMap::new();
    let mut statics = BTreeMap::new();
    let mut i18n_default = None;
    for (path, bytes) in DEFAULT_FILES {
        let origin = format!("{BUILTIN}{path}");
        if let Some(t) = path.strip_prefix("templates/") {
            templates.insert(t.to_string(), (String::from_utf8_lossy(bytes).into_owned(), origin));
        } else if let Some(s) = path.strip_prefix("static/") {
            statics.insert(s.to_string(), bytes.to_vec());
        } else if *path == format!("i18n/{}.yaml", language.code()) {
            i18n_default = Some(String::from_utf8_lossy(bytes).into_owned());
        }
    }
    let strings: BTreeMap<String, String> =
        serde_yaml::from_str(i18n_default.as_deref().unwrap_or_default()).unwrap_or_default();

    let rel_root = format!("themes/{name}");
    let root = dir.join(&rel_root);
    if !root.is_dir() {
        if name != "default" {
            let site = std::fs::read_to_string(dir.join(crate::load::yaml::SITE)).unwrap_or_default();
            let (line, column) = text::Locator::new(&site).pos_or(1, "theme", name, 1);
            diags.err(
                Location::at(crate::load::yaml::SITE, line, column),
                msg!("theme-not-found", name = name, folder = &rel_root),
            );
            return None;
        }
        return Some(Theme { templates, statics, strings, own_statics: BTreeSet::new() });
    }
    let theme = Theme { templates, statics, strings, own_statics: BTreeSet::new() };
    // Symbolic links are followed only where they lead inside the project (see `text::Inside`).
    let inside = text::Inside::new(dir);
    if !inside.folder(dir, &rel_root, diags) {
        return Some(theme);
    }
    let mut skipped = Diagnostics::new();
    let walk = walkdir::WalkDir::new(&root).follow_links(true).into_iter().filter_entry(|e| {
        !e.path_is_symlink() || e.depth() == 0 || inside.link(e.path(), &project_path(dir, e.path()), &mut skipped)
    });
    // The theme's files, relative to its folder, as the file system lists them.
    let (mut files, mut failed) = (Vec::new(), Vec::new());
    for entry in walk {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                if let Ok(rel) = e.path().strip_prefix(&root) {
                    let parts: Vec<String> =
                        rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                    files.push(parts.join("/"));
                }
            }
            Ok(_) => {}
            Err(e) => failed.push(e),
        }
    }
    // A link that leads nowhere, or back into a folder above it. (Sorted: the messages do
    // not depend on the order of the listing.)
    failed.sort_by(|a, b| a.path().cmp(&b.path()));
    for e in failed {
        let Some(path) = e.path() else {
            continue;
        };
        let rel = project_path(dir, path);
        if e.loop_ancestor().is_some() {
            skipped.warn(Location::file(rel), msg!("link-loop"));
        } else if inside.entry(path, &rel, &mut skipped) {
            // Not a link (`entry` warns about one): a file or folder podium may not read.
            skipped.err(Location::file(rel), msg!("theme-file-unreadable", error = e.to_string()));
        }
    }
    diags.extend(skipped);
    let mut theme = theme;
    override_files(&mut theme, dir, &rel_root, &files, language, diags);
    Some(theme)
}

/// Lays the theme's own `files` (relative to `rel_root`) over the built-in ones. The
/// result does not depend on the order of `files`: everything is kept by name.
fn override_files(
    theme: &mut Theme,
    dir: &Path,
    rel_root: &str,
    files: &[String],
    language: Language,
    diags: &mut Diagnostics,
) {
    let Theme { templates, statics, strings, own_statics } = theme;
    for rel in files {
        let project_rel = format!("{rel_root}/{rel}");
        if let Some(t) = rel.strip_prefix("templates/") {
            if let Some(src) = text::read_text(dir, &project_rel, diags) {
                unescaped_output(&project_rel, &src, diags);
                templates.insert(t.to_string(), (src, project_rel));
            }
        } else if let Some(s) = rel.strip_prefix("static/") {
            match std::fs::read(dir.join(&project_rel)) {
                Ok(b) => {
                    statics.insert(s.to_string(), b);
                    own_statics.insert(s.to_string());
                }
                Err(e) => diags.err(Location::file(&project_rel), msg!("theme-file-unreadable", error = e.to_string())),
            }
        } else if *rel == format!("i18n/{}.yaml", language.code())
            && let Some(src) = text::read_text(dir, &project_rel, diags)
        {
            let own: Option<BTreeMap<String, String>> = crate::load::yaml::parse(&project_rel, &src, diags);
            let loc = text::Locator::new(&src);
            let mut unknown = 0;
            for (k, v) in own.unwrap_or_default() {
                if let Some(slot) = strings.get_mut(&k) {
                    *slot = v;
                    continue;
                }
                // Each is looked for from the top of the file: list a few, count the rest.
                unknown += 1;
                if unknown > UNKNOWN_LISTED {
                    continue;
                }
                let (line, column) = loc.pos_or(1, &k, "", 1);
                diags.err(
                    Location::at(&project_rel, line, column),
                    msg!(
                        "theme-unknown-string",
                        key = &k,
                        suggestion = did_you_mean(&k, strings.keys().map(String::as_str)),
                        language = language.code()
                    ),
                );
            }
            if unknown > UNKNOWN_LISTED {
                diags.err(
                    Location::file(&project_rel),
                    msg!(
                        "theme-unknown-strings-more",
                        count = unknown - UNKNOWN_LISTED,
                        listed = UNKNOWN_LISTED,
                        language = language.code()
                    ),
                );
            }
        }
    }
}

/// The values a template may print unescaped: HTML podium has made itself (a page's
/// sanitised Markdown, the SVG chart, the stylesheet) and the theme's own interface strings.
const SAFE_HTML: &[&str] = &["body", "chart", "css"];

/// Warns where a theme template turns Tera's HTML escaping off (`| safe`, `{% autoescape
/// false %}`, `{% filter safe %}`) for anything but [`SAFE_HTML`] or `t.…`: text from the
/// data printed that way reaches readers as markup. A warning, not an error: the template
/// is the theme author's, and may print a value of its own making.
fn unescaped_output(file: &str, src: &str, diags: &mut Diagnostics) {
    for (l, line) in src.lines().enumerate() {
        let mut from = 0;
        while let Some(found) = line[from..].find("safe").map(|i| from + i) {
            from = found + 4;
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            if word(line[..found].chars().next_back()) || word(line[from..].chars().next()) {
                continue;
            }
            let before = line[..found].trim_end();
            let message = if let Some(expr) = before.strip_suffix('|') {
                // The value the filters apply to: from the start of the `{{ … }}` to its first filter.
                let expr = expr.rfind("{{").map_or(expr, |i| &expr[i + 2..]);
                let value = expr.split('|').next().unwrap_or_default().trim();
                let name = value.rsplit('.').next().unwrap_or(value);
                if SAFE_HTML.contains(&name) || value.starts_with("t.") {
                    continue;
                }
                msg!("theme-safe-value", value = value)
            } else if before.ends_with("filter") {
                msg!("theme-safe-block")
            } else {
                continue;
            };
            let column = line[..found].chars().count() + 1;
            diags.warn(Location::at(file, l + 1, column), message);
        }
        if let Some(i) = line.find("autoescape false") {
            diags.warn(Location::at(file, l + 1, line[..i].chars().count() + 1), msg!("theme-autoescape-false"));
        }
    }
}

/// `path` relative to the project folder, with `/` between its parts, for messages.
fn project_path(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_does_not_depend_on_the_order_its_folder_is_listed_in() {
        let tmp = tempfile::tempdir().unwrap();
        let files: &[(&str, &[u8])] = &[
            ("templates/page.html", b"OWN PAGE"),
            ("templates/partials/card.html", b"CARD"),
            ("templates/broken.html", b"\xff\xfe not UTF-8"),
            ("static/assets/extra.css", b"body{}"),
            ("static/images/logo.png", b"PNG"),
            ("static/assets/style.css", b"own style"),
            // Same file names in different folders: each keeps its own place.
            ("static/print/style.css", b"print style"),
            ("templates/partials/page.html", b"PARTIAL PAGE"),
            ("i18n/vi.yaml", b"nav_news: \"Th\xc3\xb4ng b\xc3\xa1o\"\nfooter_note: x\n"),
            ("i18n/en.yaml", b"nav_news: \"Notices\"\n"),
            ("README.txt", b"not part of the theme"),
        ];
        for (rel, bytes) in files {
            let path = tmp.path().join("themes/own").join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
        let builtin = load(tmp.path(), "default", Language::Vi, &mut Diagnostics::new()).unwrap();
        let mut first: Option<(String, Vec<String>)> = None;
        for order in crate::load::listing_orders(&names) {
            let mut theme = builtin.clone();
            let mut diags = Diagnostics::new();
            override_files(&mut theme, tmp.path(), "themes/own", &order, Language::Vi, &mut diags);
            let shown = format!("{:?}", (&theme.templates, &theme.statics, &theme.strings));
            let messages: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
            match &first {
                None => {
                    assert_eq!(theme.templates["page.html"].0, "OWN PAGE");
                    assert_eq!(theme.statics["assets/style.css"], b"own style");
                    assert_eq!(theme.strings["nav_news"], "Thông báo");
                    assert_eq!(messages.len(), 2, "{messages:?}");
                    first = Some((shown, messages));
                }
                Some((shown0, messages0)) => {
                    assert_eq!(&shown, shown0, "the theme differs when listed as {order:?}");
                    assert_eq!(&messages, messages0, "messages differ when listed as {order:?}");
                }
            }
        }
    }

    #[test]
    fn both_catalogues_have_the_same_keys() {
        let get = |lang: &str| -> BTreeMap<String, String> {
            let (_, bytes) = DEFAULT_FILES.iter().find(|(p, _)| *p == format!("i18n/{lang}.yaml")).unwrap();
            serde_yaml::from_slice(bytes).unwrap()
        };
        let (vi, en) = (get("vi"), get("en"));
        let mut vi_keys: Vec<&String> = vi.keys().collect();
        let mut en_keys: Vec<&String> = en.keys().filter(|k| *k != "month_names").collect();
        vi_keys.sort();
        en_keys.sort();
        assert_eq!(vi_keys, en_keys);
    }

    #[test]
    fn templates_that_print_data_unescaped_are_warned_about() {
        let mut d = Diagnostics::new();
        let src = "<h1>{{ title | safe }}</h1>\n{{ body | safe }}{{ p.chart|safe }}{{ css | safe }}\n{{ t.intro | safe }} {{ unit.name | upper | safe }}\n{% filter safe %}{{ x }}{% endfilter %}{{ safety }}\n{% autoescape false %}{{ y }}{% endautoescape %}\n";
        unescaped_output("themes/x/templates/page.html", src, &mut d);
        let got: Vec<String> =
            d.sorted().iter().map(|x| format!("{}: {}", x.location, x.message(Language::En))).collect();
        assert_eq!(
            got,
            [
                "themes/x/templates/page.html:1:16: `safe` prints `title` without escaping: text from the data would be published as HTML",
                "themes/x/templates/page.html:3:45: `safe` prints `unit.name` without escaping: text from the data would be published as HTML",
                "themes/x/templates/page.html:4:11: `safe` prints `a block` without escaping: text from the data would be published as HTML",
                "themes/x/templates/page.html:5:4: `autoescape false` prints every value of its block without escaping: text from the data would be published as HTML",
            ]
        );
    }
}
