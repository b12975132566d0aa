//! What podium says on the terminal, in Vietnamese and English: every diagnostic,
//! hint and summary line is an entry of the catalogues messages/vi.ftl and
//! messages/en.ftl (Project Fluent), named by an id and filled with named
//! arguments. A [`Message`] keeps the id and the arguments; it is put into words
//! only when printed, in the language asked for.
//!
//! An entry's value is the message; its `.hint` attribute, if any, is the hint (how
//! to fix it) that follows ` — `. Write a message with [`msg!`](crate::msg!) and report it with
//! [`Diagnostics::err`](crate::error::Diagnostics::err) or `warn`:
//!
//! ```text
//! diags.err(loc, msg!("unit-unknown-group", group = g, suggestion = did_you_mean(g, ids), groups = first_of(&ids)));
//! // with, in en.ftl (and in its words in vi.ftl):
//! // unit-unknown-group = unknown group `{ $group }`
//! //     .hint = { $suggestion }groups in groups.yaml: { $groups }
//! ```
//!
//! ([`did_you_mean`] and [`first_of`] return arguments, put into words in the
//! message's language.) An argument is text, a whole number (plural forms select
//! on it: `{ $count -> [one] … *[other] … }`), another message, or
//! [`Arg::each`] for text written differently per language (a percentage).
//!
//! A message about a table names other places of it by arguments that are messages:
//! another line (`first = msg!("place-line", line = 12)`, "on line 12") and a table
//! (`msg!("place-table", file = "units.csv")`). When a workbook holds the table,
//! [`Sources::relocate`](crate::load::workbook::Sources::relocate) replaces them, with
//! [`Message::map_args`], by the row and the sheet ("in row 12", "the 'units' sheet";
//! [`TableNames::rename`](crate::load::workbook::TableNames::rename) names the tables in
//! a message written once the sources are let go of, as `podium explain`'s):
//! no code writes words that another part has to find and rewrite.
//! tests/messages.rs checks that every id used in the code is in both catalogues
//! with the same arguments, and that no entry is left unused.

use crate::model::Language;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::LazyLock;

/// The catalogues, as compiled into the program.
pub const VI: &str = include_str!("../messages/vi.ftl");
pub const EN: &str = include_str!("../messages/en.ftl");

/// A message of the catalogues: its id and its arguments.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Message {
    id: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// An argument of a message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Arg {
    /// Text, shown as it is.
    Text(String),
    /// A whole number: the catalogue may choose a plural form by it.
    Number(i64),
    /// A message of its own (a "did you mean" or a list), put into words in the same
    /// language as the message that holds it.
    Message(Message),
    /// Text written differently in each language (a percentage: `104.5%`, `104,5%`).
    Each { vi: String, en: String },
}

impl Arg {
    /// Text written by `write` for each language.
    pub fn each(write: impl Fn(Language) -> String) -> Arg {
        Arg::Each { vi: write(Language::Vi), en: write(Language::En) }
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}
impl From<&&str> for Arg {
    fn from(s: &&str) -> Arg {
        Arg::Text(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}
impl From<std::borrow::Cow<'_, str>> for Arg {
    fn from(s: std::borrow::Cow<'_, str>) -> Arg {
        Arg::Text(s.into_owned())
    }
}
impl From<Message> for Arg {
    fn from(m: Message) -> Arg {
        Arg::Message(m)
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        // Fluent holds numbers as f64: one it could not hold exactly is passed as text.
        if n.unsigned_abs() < 1 << 53 { Arg::Number(n) } else { Arg::Text(n.to_string()) }
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        i64::try_from(n).map_or_else(|_| Arg::Text(n.to_string()), Arg::from)
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Arg {
        Arg::Number(i64::from(n))
    }
}
impl From<u64> for Arg {
    fn from(n: u64) -> Arg {
        i64::try_from(n).map_or_else(|_| Arg::Text(n.to_string()), Arg::from)
    }
}
impl From<i32> for Arg {
    fn from(n: i32) -> Arg {
        Arg::Number(i64::from(n))
    }
}

/// A [`Message`]: `msg!("id", name = value, …)`; each value is text, a whole number
/// or another message.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::messages::Message::new($id)$(.arg(stringify!($name), $value))*
    };
}

impl Message {
    /// The message `id`, without arguments yet (see [`msg!`](crate::msg!)).
    pub fn new(id: &'static str) -> Message {
        Message { id, args: Vec::new() }
    }

    /// The message with one more argument.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Message {
        self.args.push((name, value.into()));
        self
    }

    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The argument `name`, if the message has it.
    pub fn get(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
    }

    /// The message with each argument that is itself a message, at any depth, replaced
    /// by `f` of it (its own arguments first): so a place the code wrote ("on line 12")
    /// can be written again once it is known where the line came from ("in row 12").
    pub fn map_args(self, f: &mut impl FnMut(Message) -> Message) -> Message {
        let args = self
            .args
            .into_iter()
            .map(|(name, arg)| match arg {
                Arg::Message(m) => {
                    let inner = m.map_args(f);
                    (name, Arg::Message(f(inner)))
                }
                other => (name, other),
            })
            .collect();
        Message { id: self.id, args }
    }

    /// The message in `lang`.
    pub fn text(&self, lang: Language) -> String {
        self.format(lang, None)
    }

    /// The hint (the entry's `.hint`) in `lang`; empty when the entry has none.
    pub fn hint(&self, lang: Language) -> String {
        self.format(lang, Some("hint"))
    }

    fn format(&self, lang: Language, attribute: Option<&str>) -> String {
        let bundle = bundle(lang);
        let Some(entry) = bundle.get_message(self.id) else {
            // tests/messages.rs makes sure this never happens; the id still says what went wrong.
            return if attribute.is_some() { String::new() } else { self.id.to_string() };
        };
        let pattern = match attribute {
            None => entry.value(),
            Some(a) => entry.get_attribute(a).map(|a| a.value()),
        };
        let Some(pattern) = pattern else {
            return String::new();
        };
        let mut args = FluentArgs::with_capacity(self.args.len());
        for (name, value) in &self.args {
            let value = match value {
                Arg::Text(s) => FluentValue::from(s.as_str()),
                Arg::Number(n) => FluentValue::from(*n),
                Arg::Message(m) => FluentValue::from(m.text(lang)),
                Arg::Each { vi, en } => FluentValue::from(match lang {
                    Language::Vi => vi.as_str(),
                    Language::En => en.as_str(),
                }),
            };
            args.set(*name, value);
        }
        let mut errors = Vec::new();
        bundle.format_pattern(pattern, Some(&args), &mut errors).into_owned()
    }
}

fn bundle(lang: Language) -> &'static FluentBundle<FluentResource> {
    static BUNDLES: LazyLock<[FluentBundle<FluentResource>; 2]> =
        LazyLock::new(|| [make_bundle("vi", VI), make_bundle("en", EN)]);
    match lang {
        Language::Vi => &BUNDLES[0],
        Language::En => &BUNDLES[1],
    }
}

fn make_bundle(code: &str, source: &'static str) -> FluentBundle<FluentResource> {
    let resource = FluentResource::try_new(source.to_string())
        .unwrap_or_else(|(_, errors)| panic!("messages/{code}.ftl does not parse: {errors:?}"));
    let langid: unic_langid::LanguageIdentifier = code.parse().expect("a language code");
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // Fluent wraps each argument in Unicode isolation marks by default; podium prints
    // plain text (and shows such marks as escapes, see `error::visible`).
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).unwrap_or_else(|errors| panic!("messages/{code}.ftl: {errors:?}"));
    bundle
}

/// "did you mean `x`? " when `word` looks like a typo of one of `candidates`, else
/// nothing: the start of a hint.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Arg {
    match crate::error::suggest(word, candidates) {
        Some(c) => Arg::Message(msg!("did-you-mean", word = c)),
        None => Arg::Text(String::new()),
    }
}

/// A list for a message, `, `-separated: its first [`crate::error::SHOWN`] items, and
/// how many there are when there are more (a hostile file can name tens of thousands).
pub fn first_of<S: AsRef<str>>(items: &[S]) -> Arg {
    let shown: Vec<&str> = items.iter().take(crate::error::SHOWN).map(AsRef::as_ref).collect();
    if items.len() > crate::error::SHOWN {
        Arg::Message(msg!("list-more", list = shown.join(", "), count = items.len()))
    } else {
        Arg::Text(shown.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_plain_text_with_plural_forms() {
        let m = msg!("summary-counts", errors = 1usize, warnings = 2usize);
        assert_eq!(m.text(Language::En), "1 error, 2 warnings");
        assert_eq!(m.text(Language::Vi), "1 lỗi, 2 cảnh báo");
        let m = msg!("summary-counts", errors = 0usize, warnings = 1usize);
        assert_eq!(m.text(Language::En), "0 errors, 1 warning");
        // No isolation marks around arguments.
        let m = msg!("did-you-mean", word = "x");
        assert_eq!(m.text(Language::En), "did you mean `x`? ");
    }

    #[test]
    fn lists_say_how_many_there_are_in_each_language() {
        let items: Vec<String> = (0..25).map(|i| i.to_string()).collect();
        let m = Message::new("list-test").arg("list", first_of(&items));
        let Arg::Message(inner) = &m.args[0].1 else { panic!("a long list is a message") };
        assert!(inner.text(Language::En).ends_with("19, … (25 in all)"));
        assert!(inner.text(Language::Vi).ends_with("19, … (tất cả 25)"));
        assert_eq!(first_of(&["a", "b"]), Arg::Text("a, b".into()));
    }

    #[test]
    fn arguments_that_are_messages_can_be_rewritten_at_any_depth() {
        let line = |n: usize| msg!("place-line", line = n);
        let m = msg!("did-you-mean", word = msg!("list-more", list = line(2), count = line(3)));
        let seen = std::cell::RefCell::new(Vec::new());
        let m = m.map_args(&mut |inner| {
            seen.borrow_mut().push(inner.id());
            match (inner.id(), inner.get("line")) {
                ("place-line", Some(Arg::Number(n))) => msg!("place-row", row = *n + 10),
                _ => inner,
            }
        });
        assert_eq!(seen.into_inner(), ["place-line", "place-line", "list-more"]);
        assert_eq!(m.text(Language::En), "did you mean `in row 12, … (in row 13 in all)`? ");
        assert_eq!(m.get("word").map(|_| ()), Some(()));
        assert_eq!(m.get("nothing"), None);
    }

    #[test]
    fn large_numbers_stay_exact() {
        assert_eq!(Arg::from(9_007_199_254_740_993_i64), Arg::Text("9007199254740993".into()));
        assert_eq!(Arg::from(14usize), Arg::Number(14));
    }
}
