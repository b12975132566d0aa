//! The unit search: the A–Z order of units (Vietnamese collation), the folding that
//! lets `chau doc` find "Châu Đốc", and the index files the unit index page loads as
//! scripts (so that search works from `file://`, where browsers refuse `fetch`).
//!
//! The index is split so that one query loads little, whatever the size of the site:
//! - `data/search/index.js`, the manifest: the posting shards (by word prefix) and their
//!   sizes, the words too common to index, the groups;
//! - `data/search/p<N>.js`: for each indexed word of a prefix, the A–Z positions of the
//!   units whose name, short name, id or group name has that word;
//! - `data/search/r<N>.js`: the names, ids and groups of [`RECORDS_PER_CHUNK`] units in
//!   A–Z order, loaded only for the matches shown.
//!
//! `themes/default/static/assets/search.js` reads them; its folding must stay that of
//! [`fold`] (tools/site-check/search-check.mjs compares them).

use crate::model::{GroupIx, IndexVec, Project, UnitIx};
use crate::urls;
use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::fmt::Write as _;

/// Units per record file.
pub const RECORDS_PER_CHUNK: usize = 32;
/// A posting file is split by longer prefixes until it is at most this large, unless a
/// single word is larger.
const SHARD_BYTES: usize = 32 * 1024;
/// A word whose postings alone are larger than this is not indexed: it is in a large
/// share of all units and narrows a search down little. search.js checks it on the
/// records of the matches found by the other words.
const STOPWORD_BYTES: usize = 96 * 1024;

/// The Vietnamese collator: `Đ` after `D`, `Ă`, `Â` after `A`, tones after the base letter.
pub fn collator() -> CollatorBorrowed<'static> {
    Collator::try_new(icu_locale_core::locale!("vi").into(), CollatorOptions::default())
        .expect("the Vietnamese collation is compiled in")
}

/// The units in A–Z order of their names (ties by id, then file order): a unit's
/// position in this list is its number in the search index.
pub fn az_order(project: &Project) -> Vec<UnitIx> {
    let collator = collator();
    let mut keys: Vec<(Vec<u8>, UnitIx)> = project
        .units
        .par_iter()
        .enumerate()
        .map(|(i, u)| {
            let mut key = Vec::with_capacity(64);
            let Ok(()) = collator.write_sort_key_to(u.name.as_str(), &mut key);
            (key, UnitIx::new(i))
        })
        .collect();
    keys.par_sort_unstable_by(|(ka, a), (kb, b)| {
        ka.cmp(kb).then_with(|| project.units[*a].id.cmp(&project.units[*b].id)).then(a.cmp(b))
    });
    keys.into_iter().map(|(_, u)| u).collect()
}

/// Text as search compares it: canonical decomposition, tone and other combining marks
/// (U+0300–U+036F) dropped, `đ`/`Đ` as `d`, lower case. NFC and NFD input fold alike.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

fn fold_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            unicode_normalization::char::decompose_canonical(c, |d| match d {
                '\u{300}'..='\u{36f}' => {}
                'đ' | 'Đ' => out.push('d'),
                d if d.is_ascii() => out.push(d.to_ascii_lowercase()),
                d => out.extend(d.to_lowercase()),
            });
        }
    }
}

/// The words of folded text: runs of letters and digits.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// The search index's files but the record files ([`records_file`], written page by page):
/// the manifest and the posting files, as (path, contents). `order` is the A–Z order;
/// `ix` is what page links end with (`index.html` for a site read from disk, else empty).
pub fn index_files(project: &Project, order: &[UnitIx], ix: &str) -> Vec<(String, Vec<u8>)> {
    let group_text: IndexVec<GroupIx, String> = project.groups.iter().map(|g| fold(&g.name)).collect();
    // Each unit's folded name, short name and id, by A–Z position.
    let texts: Vec<String> = order
        .par_iter()
        .map(|&u| {
            let unit = &project.units[u];
            let mut text = String::with_capacity(unit.name.len() + unit.short_name.len() + unit.id.len() + 2);
            for part in [&unit.name, &unit.short_name, &unit.id] {
                fold_into(part, &mut text);
                text.push(' ');
            }
            text
        })
        .collect();
    // Each unit's distinct words, its group's name included.
    let unit_words: Vec<Vec<&str>> = texts
        .par_iter()
        .zip(order.par_iter())
        .map(|(text, &u)| {
            let mut ws: Vec<&str> = words(text).chain(words(&group_text[project.units[u].group])).collect();
            ws.sort_unstable();
            ws.dedup();
            ws
        })
        .collect();
    // Each word's units, by A–Z position: visited in that order, so each list is sorted.
    // Only the distinct words are sorted then, not every (word, unit) pair.
    let mut postings: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
    for (pos, ws) in unit_words.iter().enumerate() {
        for &w in ws {
            postings.entry(w).or_default().push(pos as u32);
        }
    }
    let mut postings: Vec<(&str, Vec<u32>)> = postings.into_iter().collect();
    postings.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    // Postings in word order, encoded.
    let encoded: Vec<(&str, String)> = postings.into_par_iter().map(|(w, p)| (w, encode(p.into_iter()))).collect();
    drop(unit_words);
    let (stop, indexed): (Vec<_>, Vec<_>) = encoded.into_iter().partition(|(_, p)| p.len() > STOPWORD_BYTES);
    let mut shards = Vec::new();
    split_shards(&indexed, String::new(), 0, &mut shards);

    let mut files = Vec::with_capacity(shards.len() + 1);
    let mut manifest_shards = Vec::with_capacity(shards.len());
    for (n, shard) in shards.iter().enumerate() {
        let mut body = format!("podiumSearch.p({n},{{");
        for (i, (w, p)) in shard.words.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            write_json(&mut body, w);
            body.push_str(":\"");
            body.push_str(p);
            body.push('"');
        }
        body.push_str("});\n");
        manifest_shards.push((shard.key.clone(), u8::from(shard.exact), body.len()));
        files.push((urls::search_postings(n), body.into_bytes()));
    }
    let manifest = Manifest {
        v: 1,
        units: order.len(),
        chunk: RECORDS_PER_CHUNK,
        chunks: record_files(order.len()),
        stop: stop.iter().map(|(w, _)| *w).collect(),
        shards: manifest_shards,
        groups: project.groups.iter().map(|g| (g.name.as_str(), format!("{}{ix}", urls::group(&g.id)))).collect(),
        unit_href: format!("{}{ix}", urls::unit("{id}")),
    };
    let json = script_safe(serde_json::to_string(&manifest).expect("manifest serialises"));
    files.push((urls::SEARCH_MANIFEST.to_string(), format!("podiumSearch.m({json});\n").into_bytes()));
    files
}

/// Number of record files for `units` units.
pub fn record_files(units: usize) -> usize {
    units.div_ceil(RECORDS_PER_CHUNK)
}

/// Record file `n`: the name, short name, id and group number of units `32 n`… in A–Z order.
pub fn records_file(project: &Project, order: &[UnitIx], n: usize) -> Vec<u8> {
    let units = &order[n * RECORDS_PER_CHUNK..((n + 1) * RECORDS_PER_CHUNK).min(order.len())];
    let list: Vec<Record> = units
        .iter()
        .map(|&u| {
            let unit = &project.units[u];
            let short = if unit.short_name == unit.name { "" } else { unit.short_name.as_str() };
            Record(&unit.name, short, &unit.id, unit.group.index())
        })
        .collect();
    let json = script_safe(serde_json::to_string(&list).expect("records serialise"));
    format!("podiumSearch.r({n},{json});\n").into_bytes()
}

/// A unit in a record file: name, short name (empty when none or the same), id, group number.
#[derive(Serialize)]
struct Record<'a>(&'a str, &'a str, &'a str, usize);

#[derive(Serialize)]
struct Manifest<'a> {
    v: u32,
    units: usize,
    chunk: usize,
    chunks: usize,
    stop: Vec<&'a str>,
    /// `[prefix, exact, bytes]` per posting file, numbered by position. An exact file holds
    /// only the word equal to its key; the others every word starting with it.
    shards: Vec<(String, u8, usize)>,
    /// `[name, link]` per group, by number.
    groups: Vec<(&'a str, String)>,
    /// A unit's link, with `{id}` for its id.
    unit_href: String,
}

/// A posting file: the words starting with `key` (or, `exact`, equal to it).
struct Shard<'w> {
    key: String,
    exact: bool,
    words: Vec<(&'w str, &'w str)>,
}

/// Puts sorted (word, postings) pairs that all start with `key` (of `depth` characters)
/// into files of at most [`SHARD_BYTES`], split by ever longer prefixes: a small site has
/// one file (key `""`), a large one a file per prefix as long as it takes.
fn split_shards<'w>(words: &'w [(&'w str, String)], key: String, depth: usize, out: &mut Vec<Shard<'w>>) {
    let bytes: usize = words.iter().map(|(w, p)| w.len() + p.len() + 6).sum();
    let longer = words.iter().any(|(w, _)| w.chars().count() > depth);
    if bytes <= SHARD_BYTES || !longer {
        if !words.is_empty() {
            out.push(Shard { key, exact: false, words: words.iter().map(|(w, p)| (*w, p.as_str())).collect() });
        }
        return;
    }
    // The word equal to the prefix, if any, comes first (sorted) and gets a file of its own.
    let mut rest = match words.first() {
        Some((w, p)) if *w == key => {
            out.push(Shard { key: key.clone(), exact: true, words: vec![(*w, p.as_str())] });
            &words[1..]
        }
        _ => words,
    };
    while let Some((first, _)) = rest.first() {
        let longer_key: String = first.chars().take(depth + 1).collect();
        let end = rest.iter().position(|(w, _)| !w.starts_with(longer_key.as_str())).unwrap_or(rest.len());
        let (same, after) = rest.split_at(end);
        rest = after;
        split_shards(same, longer_key, depth + 1, out);
    }
}

/// Ascending positions as base-36 gaps joined by commas: `[3, 4, 40]` → `3,1,10`.
fn encode(list: impl ExactSizeIterator<Item = u32>) -> String {
    let mut out = String::with_capacity(list.len() * 3);
    let mut prev = 0;
    for (i, n) in list.enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_base36(&mut out, n - prev);
        prev = n;
    }
    out
}

fn push_base36(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 8];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[i..]).expect("ASCII digits"));
}

fn write_json(out: &mut String, s: &str) {
    let _ = write!(out, "{}", script_safe(serde_json::Value::from(s).to_string()));
}

/// JSON as a script literal: U+2028 and U+2029, valid in JSON strings, end a line in
/// scripts of browsers older than ES2019.
fn script_safe(json: String) -> String {
    if json.contains(['\u{2028}', '\u{2029}']) {
        json.replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029")
    } else {
        json
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_tones_and_d_stroke_in_nfc_and_nfd() {
        let nfc = "Liên đoàn Lao động thành phố Châu Đốc";
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd(nfc).collect();
        assert_ne!(nfc, nfd);
        assert_eq!(fold(nfc), "lien doan lao dong thanh pho chau doc");
        assert_eq!(fold(&nfd), fold(nfc));
        assert_eq!(fold("CHÂU ĐỐC"), "chau doc");
        assert_eq!(fold("Ưu Ơn Ăn Ân Ê Ô"), "uu on an an e o");
        assert_eq!(words(&fold("ldld-chau-doc, Nhóm 1")).collect::<Vec<_>>(), ["ldld", "chau", "doc", "nhom", "1"]);
    }

    #[test]
    fn the_vietnamese_order_puts_d_stroke_after_d_and_tones_after_the_base_letter() {
        let c = collator();
        let mut names = ["Đồng Tháp", "Dương", "Bạ", "Bá", "Ba", "Bà", "Ăn", "An", "Ân", "Ơn", "Ôn", "On", "Ưu", "Uy"];
        names.sort_by(|a, b| c.compare(a, b));
        assert_eq!(
            names,
            ["An", "Ăn", "Ân", "Ba", "Bà", "Bá", "Bạ", "Dương", "Đồng Tháp", "On", "Ôn", "Ơn", "Uy", "Ưu"]
        );
    }

    #[test]
    fn text_from_data_stays_inside_its_string_literal() {
        let hostile = "A\"); alert(1); (\"\u{2028}</script>\\";
        let out = script_safe(serde_json::to_string(&Record(hostile, "", "a", 0)).unwrap());
        assert!(!out.contains('\u{2028}'));
        let back: (String, String, String, usize) = serde_json::from_str(&out).unwrap();
        assert_eq!(back.0, hostile);
    }

    #[test]
    fn gaps_are_base_36() {
        assert_eq!(encode([3, 4, 40].into_iter()), "3,1,10");
        assert_eq!(encode([0].into_iter()), "0");
        assert_eq!(encode([36 * 36 + 5].into_iter()), "105");
    }

    #[test]
    fn a_small_index_is_one_file() {
        let words = pairs(&[("an", 10), ("chau", 10), ("doc", 10)]);
        let mut shards = Vec::new();
        split_shards(&words, String::new(), 0, &mut shards);
        assert_eq!(shards.len(), 1);
        assert_eq!((shards[0].key.as_str(), shards[0].exact, shards[0].words.len()), ("", false, 3));
    }

    fn pairs(words: &[(&'static str, usize)]) -> Vec<(&'static str, String)> {
        words.iter().map(|&(w, n)| (w, "x".repeat(n))).collect()
    }

    #[test]
    fn large_prefixes_are_split_and_a_word_equal_to_a_prefix_has_its_own_file() {
        let words = pairs(&[("ca", 10), ("ch", 20_000), ("cha", 10), ("chau", 20_000), ("chi", 20_000), ("d", 5)]);
        let mut shards = Vec::new();
        split_shards(&words, String::new(), 0, &mut shards);
        let keys: Vec<(&str, bool, Vec<&str>)> =
            shards.iter().map(|s| (s.key.as_str(), s.exact, s.words.iter().map(|w| w.0).collect())).collect();
        assert_eq!(
            keys,
            [
                ("ca", false, vec!["ca"]),
                ("ch", true, vec!["ch"]),
                ("cha", false, vec!["cha", "chau"]),
                ("chi", false, vec!["chi"]),
                ("d", false, vec!["d"]),
            ]
        );
        // Every word is in exactly one file, and every file is small unless one word is not.
        let total: usize = shards.iter().map(|s| s.words.len()).sum();
        assert_eq!(total, words.len());
        for s in &shards {
            let bytes: usize = s.words.iter().map(|(w, p)| w.len() + p.len() + 6).sum();
            assert!(bytes <= SHARD_BYTES || s.words.len() == 1, "{}", s.key);
        }
    }
}
