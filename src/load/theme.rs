//! The theme: built-in default files (compiled into the binary) overridden
//! file by file from the project's `themes/<name>/`.

use crate::error::{Diagnostics, Location};
use crate::load::text;
use crate::model::Language;
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
    "static/assets/style.css",
    "static/assets/favicon.svg",
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
    let mut strings: BTreeMap<String, String> =
        serde_yaml::from_str(i18n_default.as_deref().unwrap_or_default()).unwrap_or_default();

    let rel_root = format!("themes/{name}");
    let root = dir.join(&rel_root);
    if !root.is_dir() {
        if name != "default" {
            let site = std::fs::read_to_string(dir.join(crate::load::yaml::SITE)).unwrap_or_default();
            let (line, column) = text::Locator::new(&site).pos_or(1, "theme", name, 1);
            diags.error(
                Location::at(crate::load::yaml::SITE, line, column),
                format!("theme `{name}` not found: there is no folder {rel_root}/"),
                "create the folder or write `theme: default`",
            );
            return None;
        }
        return Some(Theme { templates, statics, strings, own_statics: BTreeSet::new() });
    }
    let mut own_statics = BTreeSet::new();
    // Symbolic links are followed only where they lead inside the project (see `text::Inside`).
    let inside = text::Inside::new(dir);
    if !inside.folder(dir, &rel_root, diags) {
        return Some(Theme { templates, statics, strings, own_statics });
    }
    let mut skipped = Diagnostics::new();
    let walk = walkdir::WalkDir::new(&root).follow_links(true).sort_by_file_name().into_iter().filter_entry(|e| {
        !e.path_is_symlink() || e.depth() == 0 || inside.link(e.path(), &project_path(dir, e.path()), &mut skipped)
    });
    let (mut entries, mut failed) = (Vec::new(), Vec::new());
    for entry in walk {
        match entry {
            Ok(e) => entries.push(e),
            Err(e) => failed.push(e),
        }
    }
    // A link that leads nowhere, or back into a folder above it.
    for e in failed {
        let Some(path) = e.path() else {
            continue;
        };
        let rel = project_path(dir, path);
        if e.loop_ancestor().is_some() {
            skipped.warning(
                Location::file(rel),
                "skipped: this symbolic link leads back into a folder above it",
                "remove the link",
            );
        } else if inside.entry(path, &rel, &mut skipped) {
            // Not a link (`entry` warns about one): a file or folder podium may not read.
            skipped.error(Location::file(rel), format!("cannot read the file: {e}"), "");
        }
    }
    diags.extend(skipped);
    for entry in entries {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&root) else {
            continue;
        };
        let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        let rel = rel.join("/");
        let project_rel = format!("{rel_root}/{rel}");
        if let Some(t) = rel.strip_prefix("templates/") {
            if let Some(src) = text::read_text(dir, &project_rel, diags) {
                templates.insert(t.to_string(), (src, project_rel));
            }
        } else if let Some(s) = rel.strip_prefix("static/") {
            match std::fs::read(entry.path()) {
                Ok(b) => {
                    statics.insert(s.to_string(), b);
                    own_statics.insert(s.to_string());
                }
                Err(e) => diags.error(Location::file(&project_rel), format!("cannot read the file: {e}"), ""),
            }
        } else if rel == format!("i18n/{}.yaml", language.code())
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
                diags.error(
                    Location::at(&project_rel, line, column),
                    format!("unknown interface string `{k}`"),
                    format!(
                        "{}the keys are those of themes/default/i18n/{}.yaml",
                        crate::error::did_you_mean(&k, strings.keys().map(String::as_str)),
                        language.code()
                    ),
                );
            }
            if unknown > UNKNOWN_LISTED {
                diags.error(
                    Location::file(&project_rel),
                    format!(
                        "{} more unknown interface strings ({UNKNOWN_LISTED} are listed)",
                        unknown - UNKNOWN_LISTED
                    ),
                    format!("the keys are those of themes/default/i18n/{}.yaml", language.code()),
                );
            }
        }
    }
    Some(Theme { templates, statics, strings, own_statics })
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
}
