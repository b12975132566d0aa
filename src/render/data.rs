//! Machine-readable outputs: results.json, per-group CSV, Atom feed, sitemap.

use crate::format::{percent_hundredths, percent_plain};
use crate::model::{AwardKind, Awards, Basis, GroupIx, IndexVec, PeriodIx, Project, UnitIx};
use crate::render::escape::csv_text;
use crate::render::text::Lang;
use crate::rules::{Outcome, PeriodStatus};
use serde::Serialize;

#[derive(Serialize)]
struct AwardsJson {
    collective: u32,
    individual: u32,
    any: u32,
}

impl From<Awards> for AwardsJson {
    fn from(a: Awards) -> Self {
        AwardsJson { collective: a.collective, individual: a.individual, any: a.any }
    }
}

#[derive(Serialize)]
struct RankingJson<'a> {
    rank: Option<u32>,
    unit: &'a str,
    name: &'a str,
    value: i64,
    target: Option<i64>,
    percent: Option<String>,
    qualified: bool,
    awards: AwardsJson,
    level: Option<String>,
    not_reported: Vec<String>,
    explanation: &'a str,
}

/// A sequence serialised from an iterator as it is written, never held in memory whole.
struct Lazy<I>(std::cell::Cell<Option<I>>);

impl<I> Lazy<I> {
    fn new(iter: I) -> Self {
        Lazy(std::cell::Cell::new(Some(iter)))
    }
}

impl<I> Serialize for Lazy<I>
where
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.take() {
            Some(iter) => serializer.collect_seq(iter),
            None => serializer.collect_seq(std::iter::empty::<I::Item>()),
        }
    }
}

/// Writes JSON with `<`, `>` and `&` escaped as `\u003c`, `\u003e`, `\u0026`: they only
/// occur inside strings, so the meaning is unchanged and no markup survives in the file.
/// serde_json writes in small pieces; they are gathered and scanned 64 KiB at a time.
struct NoMarkup<'o> {
    buf: Vec<u8>,
    out: &'o mut dyn std::io::Write,
}

impl<'o> NoMarkup<'o> {
    const CHUNK: usize = 64 * 1024;

    fn new(out: &'o mut dyn std::io::Write) -> Self {
        NoMarkup { buf: Vec::with_capacity(Self::CHUNK + 4096), out }
    }

    /// Writes what is gathered, escaped, to `out`.
    fn drain(&mut self) -> std::io::Result<()> {
        let buf = &self.buf;
        let mut start = 0;
        for i in memchr::memchr3_iter(b'<', b'>', b'&', buf) {
            let esc: &[u8] = match buf[i] {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                _ => b"\\u0026",
            };
            self.out.write_all(&buf[start..i])?;
            self.out.write_all(esc)?;
            start = i + 1;
        }
        self.out.write_all(&buf[start..])?;
        self.buf.clear();
        Ok(())
    }
}

impl std::io::Write for NoMarkup<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= Self::CHUNK {
            self.drain()?;
        }
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.drain()?;
        self.out.flush()
    }
}

#[derive(Serialize)]
struct OverallJson {
    value: i64,
    target: Option<i64>,
    percent: Option<String>,
    qualified: bool,
    awards: AwardsJson,
    explanation: String,
}

#[derive(Serialize)]
struct GroupJson<'a, R: Serialize> {
    id: &'a str,
    name: &'a str,
    metric: &'a str,
    basis: &'a str,
    ranking: R,
    overall: Option<OverallJson>,
}

#[derive(Serialize)]
struct TotalJson<'a> {
    metric: &'a str,
    value: i64,
    target: Option<i64>,
    percent: Option<String>,
}

#[derive(Serialize)]
struct ShortlistJson<'a> {
    rank: u32,
    unit: &'a str,
    group: &'a str,
    percent: Option<String>,
}

#[derive(Serialize)]
struct NominationJson<'a> {
    holder: &'a str,
    kind: AwardKind,
    name: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct PeriodJson<'a, G: Serialize> {
    id: &'a str,
    label: &'a str,
    from: String,
    to: String,
    status: PeriodStatus,
    counted_to: Option<String>,
    decision: &'a str,
    provisional: bool,
    totals: Vec<TotalJson<'a>>,
    groups: Vec<G>,
    national_awards: Option<AwardsJson>,
    national_shortlist: Vec<ShortlistJson<'a>>,
    nominations: Vec<NominationJson<'a>>,
}

#[derive(Serialize)]
struct CampaignJson<'a> {
    id: &'a str,
    title: &'a str,
    issuer: &'a str,
    starts: String,
    ends: String,
}

#[derive(Serialize)]
struct ResultsJson<'a, P: Serialize> {
    as_of: Option<String>,
    campaign: CampaignJson<'a>,
    periods: Vec<P>,
}

fn pct(value: i64, target: Option<i64>) -> Option<String> {
    target.map(|t| percent_plain(percent_hundredths(value, t)))
}

/// `/data/results.json`: everything computed (SPEC §4), in a fixed key order.
/// `explanations[period][unit]` holds each unit's explanation text.
/// Writes results.json to `out` as it goes: at national scale the document is
/// hundreds of megabytes, and holding it whole would double the build's memory.
pub fn results_json(
    project: &Project,
    outcome: &Outcome,
    lang: &Lang,
    explanations: &IndexVec<PeriodIx, IndexVec<UnitIx, String>>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let c = &project.campaign;
    let periods = outcome
        .periods
        .iter()
        .map(|po| {
            let period = &c.periods[po.period];
            let groups = po
                .groups
                .iter()
                .map(|go| {
                    let g = &project.groups[go.group];
                    let ranking = Lazy::new(go.ranking.iter().map(|&u| {
                        let r = &po.units[u];
                        RankingJson {
                            rank: r.rank,
                            unit: &project.units[u].id,
                            name: &project.units[u].name,
                            value: r.value,
                            target: r.target,
                            percent: pct(r.value, r.target),
                            qualified: r.qualified,
                            awards: r.awards.into(),
                            level: r.level.map(|l| l.plain('.')),
                            not_reported: r.not_reported.iter().map(|m| m.to_string()).collect(),
                            explanation: &explanations[po.period][u],
                        }
                    }));
                    let overall = go.overall.as_ref().map(|o| OverallJson {
                        value: o.value,
                        target: o.target,
                        percent: pct(o.value, o.target),
                        qualified: o.qualified,
                        awards: o.awards.into(),
                        explanation: o.explanation.text(&lang.nf, &lang.words),
                    });
                    GroupJson {
                        id: &g.id,
                        name: &g.name,
                        metric: &c.metrics[g.rule.metric].id,
                        basis: match g.rule.basis {
                            Basis::Unit => "unit",
                            Basis::Overall => "overall",
                        },
                        ranking,
                        overall,
                    }
                })
                .collect();
            PeriodJson {
                id: &period.id,
                label: &period.label,
                from: period.from.to_string(),
                to: period.to.to_string(),
                status: po.status,
                counted_to: po.counted_to.map(|m| m.to_string()),
                decision: &period.decision,
                provisional: period.decision.is_empty(),
                totals: po
                    .totals
                    .iter_enumerated()
                    .map(|(m, t)| TotalJson {
                        metric: &c.metrics[m].id,
                        value: t.value,
                        target: t.target,
                        percent: pct(t.value, t.target),
                    })
                    .collect(),
                groups,
                national_awards: period.national_awards.map(Into::into),
                national_shortlist: po
                    .shortlist
                    .iter()
                    .map(|&(u, rank)| ShortlistJson {
                        rank,
                        unit: &project.units[u].id,
                        group: &project.groups[project.units[u].group].id,
                        percent: pct(po.units[u].value, po.units[u].target),
                    })
                    .collect(),
                nominations: project
                    .nominations
                    .iter()
                    .filter(|n| n.period == po.period)
                    .map(|n| NominationJson {
                        holder: match n.holder {
                            crate::model::Holder::Unit(u) => &project.units[u].id,
                            crate::model::Holder::Group(g) => &project.groups[g].id,
                        },
                        kind: n.kind,
                        name: &n.name,
                        title: &n.title,
                    })
                    .collect(),
            }
        })
        .collect();
    let doc = ResultsJson {
        as_of: outcome.as_of.map(|m| m.to_string()),
        campaign: CampaignJson {
            id: &c.id,
            title: &c.title,
            issuer: &c.issuer,
            starts: c.starts.to_string(),
            ends: c.ends.to_string(),
        },
        periods,
    };
    let mut w = NoMarkup::new(out);
    serde_json::to_writer_pretty(&mut w, &doc)?;
    std::io::Write::write_all(&mut w, b"\n")?;
    w.drain()
}

/// A group's ranking for one period as CSV (formula-like text neutralised).
/// `explanations[unit]` holds each unit's explanation text in this period.
pub fn ranking_csv(
    project: &Project,
    outcome: &Outcome,
    group: GroupIx,
    period: PeriodIx,
    lang: &Lang,
    explanations: &IndexVec<UnitIx, String>,
) -> Vec<u8> {
    let po = &outcome.periods[period];
    let go = &po.groups[group];
    // A byte-order mark so that spreadsheets open the Vietnamese text as UTF-8.
    let mut out = "\u{feff}".as_bytes().to_vec();
    out.reserve(go.ranking.len() * 160);
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
    let _ = w.write_record([
        "rank",
        "unit",
        "name",
        "value",
        "target",
        "percent",
        "qualified",
        "collective",
        "individual",
        "any",
        "explanation",
    ]);
    // Field by field: a national ranking has thousands of rows.
    let row = |w: &mut csv::Writer<Vec<u8>>,
               rank: Option<u32>,
               (id, name): (&str, &str),
               (value, target): (i64, Option<i64>),
               (qualified, awards): (bool, &Awards),
               explanation: &str| {
        let mut n = itoa::Buffer::new();
        let _ = w.write_field(rank.map_or("", |r| n.format(r)));
        let _ = w.write_field(&*csv_text(id));
        let _ = w.write_field(&*csv_text(name));
        let _ = w.write_field(n.format(value));
        let _ = w.write_field(target.map_or("", |t| n.format(t)));
        let _ = w.write_field(pct(value, target).unwrap_or_default());
        let _ = w.write_field(if qualified { "true" } else { "false" });
        let _ = w.write_field(n.format(awards.collective));
        let _ = w.write_field(n.format(awards.individual));
        let _ = w.write_field(n.format(awards.any));
        let _ = w.write_field(&*csv_text(explanation));
        let _ = w.write_record(None::<&[u8]>);
    };
    for &u in &go.ranking {
        let r = &po.units[u];
        let unit = &project.units[u];
        let awards = (r.qualified, &r.awards);
        row(&mut w, r.rank, (&unit.id, &unit.name), (r.value, r.target), awards, &explanations[u]);
    }
    if let Some(o) = &go.overall {
        let g = &project.groups[group];
        let explanation = o.explanation.text(&lang.nf, &lang.words);
        row(&mut w, None, (&g.id, &g.name), (o.value, o.target), (o.qualified, &o.awards), &explanation);
    }
    w.into_inner().unwrap_or_default()
}

/// The national shortlist of a period: every qualifying unit by % of target.
pub fn shortlist_csv(project: &Project, outcome: &Outcome, period: PeriodIx) -> Vec<u8> {
    let po = &outcome.periods[period];
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let _ = w.write_record(["rank", "unit", "name", "group", "value", "target", "percent"]);
    for &(u, rank) in &po.shortlist {
        let r = &po.units[u];
        let unit = &project.units[u];
        let _ = w.write_record([
            rank.to_string(),
            csv_text(&unit.id).into_owned(),
            csv_text(&unit.name).into_owned(),
            csv_text(&project.groups[unit.group].id).into_owned(),
            r.value.to_string(),
            r.target.map(|x| x.to_string()).unwrap_or_default(),
            pct(r.value, r.target).unwrap_or_default(),
        ]);
    }
    let mut out = "\u{feff}".as_bytes().to_vec();
    out.extend(w.into_inner().unwrap_or_default());
    out
}
