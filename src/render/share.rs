//! What a shared link shows (Zalo, Facebook, search results): each page's description
//! (`<meta name="description">`, `og:description`), the image of its preview
//! (`og:image`), and the share cards (`cards/*.png`): which cards the site has, what
//! each says and which one a page shows. The cards are drawn by [`super::card`].

use super::RenderError;
use super::card::{Body, CardText, Fact, HEIGHT, Tone, WIDTH};
use super::frame::Opt;
use super::site::Site;
use crate::error::{Diagnostics, Location};
use crate::model::{GroupIx, PeriodIx, UnitIx};
use crate::rules::PeriodOutcome;
use crate::rules::explain::{awards_text, counts_text};
use crate::urls;
use pulldown_cmark::{Event, Tag, TagEnd};
use serde::Serialize;

/// A share card of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Card {
    /// The campaign in the current period: the overview's card, and that of the pages
    /// that have none of their own.
    Home,
    /// A group in the current period.
    Group(GroupIx),
    /// A period's awards.
    Awards(PeriodIx),
    /// A unit in the current period.
    Unit(UnitIx),
}

/// The image of a page's link preview (`og:image`): an absolute address, so there is
/// one only when `base_url` is set.
#[derive(Serialize, Default, Debug, Clone)]
pub struct ShareImage {
    pub url: String,
    /// The card's text in one line (`og:image:alt`).
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

/// Text taken from a page or a news post for its description is cut at about this
/// many characters (search engines show about 160).
const EXCERPT_CHARS: usize = 160;

impl Site<'_> {
    /// Every card of the site, in the order of its files: the overview, each group, each
    /// period's awards, and each unit while the project has at most
    /// `share_card_units` units (site.yaml).
    pub(super) fn cards(&self) -> Vec<Card> {
        let p = self.project;
        let mut cards = vec![Card::Home];
        cards.extend(p.groups.ixs().map(Card::Group));
        cards.extend(p.campaign.periods.ixs().map(Card::Awards));
        if self.unit_cards() {
            cards.extend(p.units.ixs().map(Card::Unit));
        }
        cards
    }

    /// Units have cards of their own: the project has no more units than `share_card_units`.
    fn unit_cards(&self) -> bool {
        self.project.units.len() <= self.project.site.share_card_units
    }

    /// The card a unit's page shows: its own, or its group's when units have none.
    pub(super) fn unit_card(&self, u: UnitIx) -> Card {
        if self.unit_cards() { Card::Unit(u) } else { Card::Group(self.project.units[u].group) }
    }

    /// Where a card is written, from the site root.
    pub(super) fn card_path(&self, card: Card) -> String {
        let p = self.project;
        match card {
            Card::Home => urls::CARD_HOME.to_string(),
            Card::Group(g) => urls::card_group(&p.groups[g].id),
            Card::Awards(pi) => urls::card_awards(&p.campaign.periods[pi].id),
            Card::Unit(u) => urls::card_unit(&p.units[u].id),
        }
    }

    /// The preview image of a page that shows `card`: none without `base_url`, since
    /// link previews need an absolute address.
    pub(super) fn share_image(&self, card: Card) -> Opt<ShareImage> {
        let base = &self.project.site.base_url;
        if base.is_empty() {
            return Opt::none();
        }
        Opt::some(ShareImage {
            url: format!("{base}/{}", self.card_path(card)),
            alt: self.card_text(card).alt(),
            width: WIDTH,
            height: HEIGHT,
        })
    }

    /// A card as PNG bytes.
    pub(super) fn card_png(&self, card: Card) -> Result<Vec<u8>, RenderError> {
        self.painter.png(&self.card_text(card)).map_err(|e| {
            let mut d = Diagnostics::new();
            d.err(Location::file(self.card_path(card)), crate::msg!("card-failed", error = e));
            RenderError::Template(d)
        })
    }

    /// What a card says.
    pub(super) fn card_text(&self, card: Card) -> CardText {
        match card {
            Card::Home => self.home_card(),
            Card::Group(g) => self.group_card(g),
            Card::Awards(pi) => self.awards_card(pi),
            Card::Unit(u) => self.unit_card_text(u),
        }
    }

    /// A card's bottom line for period `pi`: the last month counted and the period's status.
    fn card_footer(&self, pi: PeriodIx, card: &mut CardText) {
        let l = self.lang;
        let info = self.period_info(pi);
        card.footer = if info.counted_to.is_empty() {
            l.t("card_no_data").to_string()
        } else {
            format!("{} {}", l.t("as_of"), info.counted_to)
        };
        card.decided = !info.provisional;
        card.status = l.t(if info.provisional { "badge_provisional" } else { "badge_decided" }).to_string();
    }

    /// A body that says the period has no figures yet.
    fn no_data_body(&self) -> Body {
        Body::Figure {
            figure: String::new(),
            note: self.lang.t("card_no_data").to_string(),
            bar: None,
            good: false,
            facts: Vec::new(),
        }
    }

    fn home_card(&self) -> CardText {
        let p = self.project;
        let l = self.lang;
        let pi = self.current;
        let po = &self.outcome.periods[pi];
        let mut card =
            CardText { kicker: p.campaign.issuer.clone(), subject: p.campaign.title.clone(), ..CardText::default() };
        // The first metric, the campaign's main one, against the period's overall target.
        card.body = match (po.counted_to, po.totals.iter_enumerated().next()) {
            (Some(_), Some((m, t))) => {
                let label = &p.campaign.metrics[m].label;
                let period = &p.campaign.periods[pi].label;
                let mut facts = vec![Fact { text: label.clone(), tone: Tone::Ink }];
                facts.push(Fact { text: period.clone(), tone: Tone::Muted });
                match t.target {
                    Some(target) => Body::Figure {
                        figure: self.percent(t.value, t.target),
                        note: l.fill("card_total_note", &[("value", &l.int(t.value)), ("target", &l.int(target))]),
                        bar: Some(Self::bar(t.value, t.target)),
                        good: t.value >= target,
                        facts,
                    },
                    None => Body::Figure { figure: l.int(t.value), note: String::new(), bar: None, good: false, facts },
                }
            }
            _ => self.no_data_body(),
        };
        self.card_footer(pi, &mut card);
        card
    }

    fn group_card(&self, g: GroupIx) -> CardText {
        let p = self.project;
        let l = self.lang;
        let pi = self.current;
        let po = &self.outcome.periods[pi];
        let units = self.members[g].len().to_string();
        let mut card = CardText {
            kicker: format!("{} · {}", p.campaign.periods[pi].label, l.fill("unit_count", &[("n", &units)])),
            subject: p.groups[g].name.clone(),
            ..CardText::default()
        };
        card.body = if po.counted_to.is_none() {
            self.no_data_body()
        } else if self.pooled(g) {
            self.pool_body(po, g)
        } else {
            let leaders: Vec<[String; 3]> = po.groups[g]
                .ranking
                .iter()
                .filter_map(|&u| po.units[u].rank.map(|rank| (u, rank)))
                .take(3)
                .map(|(u, rank)| {
                    let r = &po.units[u];
                    [rank.to_string(), p.units[u].display_short().to_string(), self.percent(r.value, r.target)]
                })
                .collect();
            if leaders.is_empty() {
                Body::Figure {
                    figure: String::new(),
                    note: l.t("card_unranked").to_string(),
                    bar: None,
                    good: false,
                    facts: Vec::new(),
                }
            } else {
                Body::Leaders(leaders)
            }
        };
        self.card_footer(pi, &mut card);
        card
    }

    /// A pooled group's result: its campaign total against the overall target, and its awards.
    fn pool_body(&self, po: &PeriodOutcome, g: GroupIx) -> Body {
        let l = self.lang;
        let Some(o) = &po.groups[g].overall else {
            return self.no_data_body();
        };
        let verdict = if o.qualified {
            Fact {
                text: l.fill("card_qualified", &[("awards", &awards_text(&o.awards, &l.nf, &l.words))]),
                tone: Tone::Ok,
            }
        } else {
            Fact { text: l.t("no").to_string(), tone: Tone::Muted }
        };
        let facts = vec![Fact { text: l.t("awards_pool").to_string(), tone: Tone::Ink }, verdict];
        let note = |target| l.fill("card_total_note", &[("value", &l.int(o.value)), ("target", &l.int(target))]);
        self.figure_body(o.value, o.target, note, o.qualified, facts)
    }

    /// A card's figure: the percentage of `target` with its bar and `note(target)`, or
    /// without a target the value itself.
    fn figure_body(
        &self,
        value: i64,
        target: Option<i64>,
        note: impl FnOnce(i64) -> String,
        good: bool,
        facts: Vec<Fact>,
    ) -> Body {
        let l = self.lang;
        match target {
            Some(t) => Body::Figure {
                figure: self.percent(value, target),
                note: note(t),
                bar: Some(Self::bar(value, target)),
                good,
                facts,
            },
            None => {
                Body::Figure { figure: l.int(value), note: l.t("no_target").to_string(), bar: None, good: false, facts }
            }
        }
    }

    fn awards_card(&self, pi: PeriodIx) -> CardText {
        let p = self.project;
        let l = self.lang;
        let po = &self.outcome.periods[pi];
        let per = &p.campaign.periods[pi];
        let mut card =
            CardText { kicker: l.t("awards_title").to_string(), subject: per.label.clone(), ..CardText::default() };
        card.body = if po.counted_to.is_none() {
            self.no_data_body()
        } else {
            let (qualified, total) = self.award_total(pi);
            let facts = vec![Fact {
                text: format!("{}: {}", l.t("awards_total"), counts_text(total, &l.nf, &l.words)),
                tone: Tone::Ink,
            }];
            Body::Figure {
                figure: qualified.to_string(),
                note: l.t("card_qualified_units").to_string(),
                bar: None,
                good: qualified > 0,
                facts,
            }
        };
        self.card_footer(pi, &mut card);
        card
    }

    fn unit_card_text(&self, u: UnitIx) -> CardText {
        let p = self.project;
        let l = self.lang;
        let pi = self.current;
        let po = &self.outcome.periods[pi];
        let unit = &p.units[u];
        let g = unit.group;
        let mut card = CardText {
            kicker: format!("{} · {}", p.groups[g].name, p.campaign.periods[pi].label),
            subject: unit.name.clone(),
            ..CardText::default()
        };
        card.body = if po.counted_to.is_none() {
            self.no_data_body()
        } else if self.pooled(g) {
            self.pool_body(po, g)
        } else {
            let r = &po.units[u];
            let mut facts = vec![match r.rank {
                Some(rank) => Fact {
                    text: l.fill("card_rank", &[("rank", &rank.to_string()), ("of", &po.groups[g].ranked.to_string())]),
                    tone: Tone::Ink,
                },
                None => Fact { text: l.t("card_unranked").to_string(), tone: Tone::Muted },
            }];
            if r.qualified {
                let awards = awards_text(&r.awards, &l.nf, &l.words);
                facts.push(Fact { text: l.fill("card_qualified", &[("awards", &awards)]), tone: Tone::Ok });
            } else if r.target.is_some() {
                facts.push(Fact { text: l.t("no").to_string(), tone: Tone::Muted });
            }
            let note = |target| format!("{} {} {}", l.int(r.value), l.t("of_target"), l.int(target));
            self.figure_body(r.value, r.target, note, r.qualified, facts)
        };
        self.card_footer(pi, &mut card);
        card
    }

    // ----- descriptions -----

    /// "{what}: {facts}." with the last month counted after it, or without facts "{what}."
    fn sentence(&self, what: &str, facts: &[String], counted_to: &str) -> String {
        let l = self.lang;
        let mut s = if facts.is_empty() {
            format!("{what}.")
        } else {
            l.fill("desc_sentence", &[("what", what), ("facts", &facts.join(" · "))])
        };
        if !counted_to.is_empty() {
            s.push(' ');
            s.push_str(&l.fill("desc_as_of", &[("month", counted_to)]));
        }
        s
    }

    /// A description, or the site's own when there is nothing to say, else the campaign's title.
    fn or_site(&self, description: String) -> String {
        let p = self.project;
        if !description.trim().is_empty() {
            description
        } else if !p.site.description.is_empty() {
            p.site.description.clone()
        } else {
            p.campaign.title.clone()
        }
    }

    /// "Trang 2 / 7" after a description of a list's later page.
    fn paged(&self, mut s: String, page: usize, pages: usize) -> String {
        if pages > 1 {
            s.push(' ');
            s.push_str(&self.lang.fill("pagination", &[("n", &page.to_string()), ("total", &pages.to_string())]));
            s.push('.');
        }
        s
    }

    pub(super) fn home_description(&self) -> String {
        let p = self.project;
        let l = self.lang;
        let units = p.units.len().to_string();
        let groups = p.groups.len().to_string();
        let args = [
            ("units", units.as_str()),
            ("groups", &groups),
            ("month", &self.frame.as_of),
            ("campaign", &p.campaign.title),
        ];
        if self.frame.as_of.is_empty() { l.fill("desc_home_no_data", &args) } else { l.fill("desc_home", &args) }
    }

    pub(super) fn groups_description(&self) -> String {
        let p = self.project;
        let groups = p.groups.len().to_string();
        let period = &p.campaign.periods[self.current].label;
        self.lang.fill("desc_groups", &[("groups", &groups), ("period", period)])
    }

    pub(super) fn group_description(&self, g: GroupIx, pi: PeriodIx, page: usize, pages: usize) -> String {
        let p = self.project;
        let l = self.lang;
        let po = &self.outcome.periods[pi];
        let what = format!("{}, {}", p.groups[g].name, p.campaign.periods[pi].label);
        let units = self.members[g].len().to_string();
        let mut facts = Vec::new();
        if self.pooled(g) {
            facts.push(l.fill("desc_pool", &[("units", &units)]));
            if po.counted_to.is_some() {
                facts.extend(self.pool_facts(po, g));
            }
        } else {
            facts.push(l.fill("desc_group", &[("units", &units)]));
            let ranking = &po.groups[g].ranking;
            let first = ranking.first().filter(|&&u| po.units[u].rank == Some(1));
            if let (Some(&u), Some(_)) = (first, po.counted_to) {
                let r = &po.units[u];
                let tied = ranking.iter().filter(|&&v| po.units[v].rank == Some(1)).count() - 1;
                let (name, percent) = (&p.units[u].name, self.percent(r.value, r.target));
                facts.push(if tied == 0 {
                    l.fill("desc_leader", &[("unit", name), ("percent", &percent)])
                } else {
                    l.fill("desc_leaders_tied", &[("unit", name), ("n", &tied.to_string()), ("percent", &percent)])
                });
            }
        }
        if po.counted_to.is_none() {
            facts.push(l.t("desc_no_data").to_string());
        }
        self.paged(self.sentence(&what, &facts, &self.period_info(pi).counted_to), page, pages)
    }

    /// A pooled group's total against the overall target, and its awards, in words.
    fn pool_facts(&self, po: &PeriodOutcome, g: GroupIx) -> Vec<String> {
        let l = self.lang;
        let Some(o) = &po.groups[g].overall else {
            return Vec::new();
        };
        let mut facts = Vec::new();
        if o.target.is_some() {
            facts.push(l.fill("desc_pool_result", &[("percent", &self.percent(o.value, o.target))]));
        }
        facts.push(if o.qualified {
            l.fill("desc_qualified", &[("awards", &awards_text(&o.awards, &l.nf, &l.words))])
        } else {
            l.t("not_qualified").to_string()
        });
        facts
    }

    /// The unit's result in the current period in one sentence: "Nhóm 1, Năm 2023: hạng
    /// 2/14 · hoàn thành 112,50 % chỉ tiêu · đạt, khen thưởng 2 tập thể + 6 cá nhân. …"
    pub(super) fn unit_description(&self, u: UnitIx) -> String {
        let p = self.project;
        let l = self.lang;
        let pi = self.current;
        let po = &self.outcome.periods[pi];
        let g = p.units[u].group;
        let what = format!("{}, {}", p.groups[g].name, p.campaign.periods[pi].label);
        let mut facts = Vec::new();
        if po.counted_to.is_none() {
            facts.push(l.t("desc_no_data").to_string());
        } else if self.pooled(g) {
            facts.push(l.t("desc_pool_unit").to_string());
            facts.extend(self.pool_facts(po, g));
        } else {
            let r = &po.units[u];
            facts.push(match r.rank {
                Some(rank) => {
                    l.fill("desc_rank", &[("rank", &rank.to_string()), ("of", &po.groups[g].ranked.to_string())])
                }
                None => l.t("unranked").to_string(),
            });
            match r.target {
                Some(_) => facts.push(l.fill("desc_percent", &[("percent", &self.percent(r.value, r.target))])),
                None => facts.push(l.fill("desc_value", &[("value", &l.int(r.value))])),
            }
            if r.qualified {
                facts.push(l.fill("desc_qualified", &[("awards", &awards_text(&r.awards, &l.nf, &l.words))]));
            } else if r.target.is_some() {
                facts.push(l.t("not_qualified").to_string());
            }
        }
        self.sentence(&what, &facts, &self.period_info(pi).counted_to)
    }

    pub(super) fn awards_index_description(&self) -> String {
        let labels: Vec<&str> = self.project.campaign.periods.iter().map(|p| p.label.as_str()).collect();
        self.lang.fill("desc_awards_index", &[("periods", &labels.join(", "))])
    }

    pub(super) fn awards_description(&self, pi: PeriodIx, page: usize, pages: usize) -> String {
        let l = self.lang;
        let po = &self.outcome.periods[pi];
        let per = &self.project.campaign.periods[pi];
        let s = if po.counted_to.is_none() {
            self.sentence(&per.label, &[l.t("desc_no_data").to_string()], "")
        } else {
            let (qualified, total) = self.award_total(pi);
            let status = if per.decision.is_empty() {
                l.t("desc_provisional").to_string()
            } else {
                format!("{} {}.", l.t("decided"), per.decision)
            };
            let n = qualified.to_string();
            let counts = counts_text(total, &l.nf, &l.words);
            let head = l.fill("desc_awards", &[("period", &per.label), ("n", &n), ("total", &counts)]);
            format!("{head} {status}")
        };
        self.paged(s, page, pages)
    }

    pub(super) fn months_description(&self) -> String {
        let units = self.project.units.len().to_string();
        self.lang.fill("desc_months", &[("units", &units)])
    }

    pub(super) fn month_description(&self, pi: PeriodIx, month: &str, page: usize, pages: usize) -> String {
        let units = self.project.units.len().to_string();
        let period = &self.project.campaign.periods[pi].label;
        let s = self.lang.fill("desc_month", &[("month", month), ("period", period), ("units", &units)]);
        self.paged(s, page, pages)
    }

    pub(super) fn units_description(&self, page: usize, pages: usize) -> String {
        let units = self.lang.int(self.project.units.len() as i64);
        let period = &self.project.campaign.periods[self.current].label;
        let s = self.lang.fill("desc_units", &[("units", &units), ("period", period)]);
        self.paged(s, page, pages)
    }

    pub(super) fn news_description(&self) -> String {
        let latest = self.project.news.first().map_or("", |d| d.title.as_str());
        self.lang.fill("desc_news", &[("title", latest)])
    }

    /// A news post's or a page's description: its summary, else the text of its first paragraph.
    pub(super) fn document_description(&self, doc: &crate::model::Document) -> String {
        let text = if doc.summary.is_empty() { first_paragraph(&doc.body) } else { doc.summary.clone() };
        self.or_site(excerpt(&text, EXCERPT_CHARS))
    }
}

/// The plain text of the first paragraph of a Markdown body (links, emphasis and code
/// as their text; raw HTML tags left out, allowed or not), or, when it has none (a
/// list, a table), of all but its headings.
fn first_paragraph(body: &str) -> String {
    let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut text = String::new();
    let mut inside = false;
    for (event, _) in crate::load::docs::events(body, true) {
        match event {
            Event::Start(Tag::Paragraph) => inside = true,
            Event::End(TagEnd::Paragraph) if !text.trim().is_empty() => return words(&text),
            Event::End(TagEnd::Paragraph) => inside = false,
            Event::Text(t) | Event::Code(t) if inside => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if inside => text.push(' '),
            _ => {}
        }
    }
    let mut heading = false;
    for (event, _) in crate::load::docs::events(body, true) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = true,
            Event::End(TagEnd::Heading(_)) => heading = false,
            Event::Text(t) | Event::Code(t) if !heading => {
                text.push_str(&t);
                text.push(' ');
            }
            _ => {}
        }
        if text.len() > 4 * EXCERPT_CHARS {
            break;
        }
    }
    words(&text)
}

/// `text` cut at a space before `max` characters and marked with "…", when longer.
fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(at) if at > max / 2 => &cut[..at],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([' ', ',', ';', ':', '.', '–', '—', '-']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_cut_at_a_space_with_an_ellipsis() {
        assert_eq!(excerpt("ngắn", 160), "ngắn");
        let long = "Ban Thường vụ Liên đoàn Lao động tỉnh phát động đợt thi đua, ".repeat(5);
        let cut = excerpt(&long, 160);
        assert!(cut.chars().count() <= 161, "{cut}");
        assert!(cut.ends_with('…') && !cut.ends_with(",…") && !cut.ends_with(" …"), "{cut}");
        assert!(long.starts_with(cut.trim_end_matches('…')));
        // One word longer than the limit is cut inside.
        assert_eq!(excerpt(&"x".repeat(200), 10), format!("{}…", "x".repeat(10)));
    }

    #[test]
    fn the_first_paragraph_is_plain_text() {
        let body = "# Heading\n\nThe **first** [paragraph](../x/)\nwith `code`.\n\nThe second.";
        assert_eq!(first_paragraph(body), "The first paragraph with code.");
        assert_eq!(first_paragraph("## Contacts\n\n- Ms A\n- Mr B"), "Ms A Mr B");
        assert_eq!(first_paragraph(""), "");
        // Raw HTML's tags are left out, its text kept.
        assert_eq!(
            first_paragraph("<b>raw</b> text <a href=\"javascript:x()\" onclick=\"y()\">link</a>"),
            "raw text link"
        );
    }
}
