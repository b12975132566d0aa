//! Property tests (issue 4): figures survive a CSV round trip into the engine's
//! sums, and every ratio comparison the engine makes agrees, on random inputs,
//! with oracles that work another way than the engine (issue 16): thresholds
//! by decimal long division against the percentage's own digits, ratios by
//! continued fractions. The engine cross-multiplies; an oracle that did the
//! same would share its mistakes.
//!
//! Failing cases are kept in `tests/properties.proptest-regressions` and
//! replayed first on every run (see `config`).

use podium::error::Diagnostics;
use podium::load::table::{self, Known, MAX_VALUE};
use podium::load::{text, yaml};
use podium::model::{MetricIx, Month, Percent, PeriodIx, UnitIx};
use podium::rules::{compare, rank};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use std::cmp::Ordering;
use std::fmt::Write as _;

const CAMPAIGN: &str = "id: p\ntitle: \"P\"\nstarts: 2022-01-01\nends: 2022-12-31\nmetrics:\n  members_net:\n    label: \"Net\"\n    plus: [members_added]\n    minus: [members_lost]\n  unions_founded:\n    label: \"Founded\"\n    plus: [unions_founded]\nperiods:\n  - id: h1\n    from: 2022-01\n    to: 2022-06\n  - id: h2\n    from: 2022-07\n    to: 2022-12\n";
const GROUPS: &str = "groups:\n  - id: g\n    name: \"G\"\n    rule: { metric: members_net, qualify_at: \"100%\", awards: { collective: 1 } }\n";
const COLUMNS: [&str; 3] = ["members_added", "members_lost", "unions_founded"];

/// One unit's row for one month: [added, lost, founded].
#[derive(Debug, Clone)]
struct Row {
    unit: usize,
    month: u32,
    values: [i64; 3],
}

fn figure() -> impl Strategy<Value = i64> {
    prop_oneof![4 => 0..2_000i64, 1 => 0..=MAX_VALUE, 1 => Just(MAX_VALUE), 1 => Just(0i64)]
}

/// Rows for `units` units, each reporting a random subset of the twelve months, in random order.
fn rows(units: usize) -> impl Strategy<Value = Vec<Row>> {
    proptest::collection::vec((any::<u16>(), proptest::collection::vec(figure(), 36)), units).prop_flat_map(
        move |per_unit| {
            let mut rows = Vec::new();
            for (u, (mask, figs)) in per_unit.into_iter().enumerate() {
                for m in 0..12u32 {
                    if mask & (1 << m) != 0 {
                        let i = m as usize * 3;
                        rows.push(Row { unit: u, month: m + 1, values: [figs[i], figs[i + 1], figs[i + 2]] });
                    }
                }
            }
            Just(rows).prop_shuffle()
        },
    )
}

/// How a spreadsheet might write the file.
#[derive(Debug, Clone)]
struct Style {
    /// A permutation of unit, month and the three figure columns.
    order: Vec<usize>,
    extra_column: bool,
    crlf: bool,
    bom: bool,
    padded: bool,
}

fn style() -> impl Strategy<Value = Style> {
    (Just((0..5).collect::<Vec<usize>>()).prop_shuffle(), any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>())
        .prop_map(|(order, extra_column, crlf, bom, padded)| Style { order, extra_column, crlf, bom, padded })
}

fn write_results(rows: &[Row], s: &Style) -> Vec<u8> {
    let names = ["unit", "month", COLUMNS[0], COLUMNS[1], COLUMNS[2]];
    let nl = if s.crlf { "\r\n" } else { "\n" };
    let mut out = String::new();
    if s.bom {
        out.push('\u{feff}');
    }
    let mut header: Vec<&str> = s.order.iter().map(|&i| names[i]).collect();
    if s.extra_column {
        header.insert(1, "remark");
    }
    out.push_str(&header.join(","));
    out.push_str(nl);
    for r in rows {
        let cells: Vec<String> = s
            .order
            .iter()
            .map(|&i| match i {
                0 => format!("u{}", r.unit),
                1 => format!("2022-{:02}", r.month),
                n => {
                    let v = r.values[n - 2];
                    if s.padded { format!(" {v} ") } else { v.to_string() }
                }
            })
            .collect();
        let mut cells = cells;
        if s.extra_column {
            cells.insert(1, "\"a, \"\"quoted\"\" remark\"".to_string());
        }
        out.push_str(&cells.join(","));
        out.push_str(nl);
    }
    out.into_bytes()
}

fn units_csv(n: usize) -> String {
    let mut s = String::from("id,name,group\n");
    for u in 0..n {
        writeln!(s, "u{u},Unit {u},g").unwrap();
    }
    s
}

proptest! {
    #![proptest_config(config(256))]

    /// Random results rows, written the ways a spreadsheet might, read back exactly.
    #[test]
    fn results_csv_round_trip((n, rows, s) in (1usize..6).prop_flat_map(|n| (Just(n), rows(n), style()))) {
        let mut d = Diagnostics::new();
        let campaign = yaml::campaign(CAMPAIGN, &mut d).unwrap();
        let groups = yaml::groups(GROUPS, &campaign, &mut d).unwrap();
        let (units, ids) = table::units(&units_csv(n), &groups, &mut d);
        let known = Known { units: ids, periods: ["h1".into(), "h2".into()].into(), all_periods_valid: true };
        let text = text::decode("data/results.csv", write_results(&rows, &s), &mut d).unwrap();
        let (results, as_of) = table::results(&text, &campaign, &units, &known, &mut d);
        prop_assert!(d.is_empty(), "{:?}", d.sorted());
        prop_assert_eq!(as_of, rows.iter().map(|r| Month::from_ym(2022, r.month)).max());
        // The file's column order does not matter: results are stored in the campaign's order.
        let order: Vec<usize> = COLUMNS.iter().map(|c| campaign.columns.iter().position(|x| x == c).unwrap()).collect();
        for u in 0..n {
            for m in 1..=12 {
                let month = Month::from_ym(2022, m);
                match rows.iter().find(|r| r.unit == u && r.month == m) {
                    Some(r) => {
                        prop_assert!(results.is_reported(UnitIx::new(u), month));
                        let row = results.row(UnitIx::new(u), month);
                        for (k, &c) in order.iter().enumerate() {
                            prop_assert_eq!(row[c], r.values[k]);
                        }
                    }
                    None => {
                        prop_assert!(!results.is_reported(UnitIx::new(u), month));
                        prop_assert!(results.row(UnitIx::new(u), month).iter().all(|&v| v == 0));
                    }
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(config(24))]

    /// The same, through files on disk, the whole loader and the engine: each
    /// unit's value per period is Σ added − Σ lost of its months.
    #[test]
    fn engine_sums_match_the_csv_rows((n, rows, s) in (1usize..5).prop_flat_map(|n| (Just(n), rows(n), style()))) {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        std::fs::write(data.join("site.yaml"), "title: \"P\"\nbase_url: \"https://example.org\"\n").unwrap();
        std::fs::write(data.join("campaign.yaml"), CAMPAIGN).unwrap();
        std::fs::write(data.join("groups.yaml"), GROUPS).unwrap();
        std::fs::write(data.join("units.csv"), units_csv(n)).unwrap();
        let mut targets = String::from("unit,period,members_net\n");
        for u in 0..n {
            writeln!(targets, "u{u},h1,{}\nu{u},h2,{}", u + 1, 1000 * (u + 1)).unwrap();
        }
        std::fs::write(data.join("targets.csv"), targets).unwrap();
        std::fs::write(data.join("results.csv"), write_results(&rows, &s)).unwrap();
        let (project, d) = podium::load::load(dir.path());
        prop_assert!(!d.has_errors(), "{:?}", d.sorted());
        let project = project.unwrap();
        let outcome = podium::rules::evaluate(&project);
        for (p, months) in [(0usize, 1..=6u32), (1, 7..=12)] {
            let mut total = 0i64;
            for u in 0..n {
                let expected: i64 = rows
                    .iter()
                    .filter(|r| r.unit == u && months.contains(&r.month))
                    .map(|r| r.values[0] - r.values[1])
                    .sum();
                let started = rows.iter().any(|r| r.month >= *months.start());
                let got = outcome.periods[PeriodIx::new(p)].units[UnitIx::new(u)].value;
                prop_assert_eq!(got, if started { expected } else { 0 }, "unit u{} period {}", u, p);
                total += got;
            }
            prop_assert_eq!(outcome.periods[PeriodIx::new(p)].totals[MetricIx::new(0)].value, total);
        }
    }
}

/// The runner's settings: `cases` random cases (or `PROPTEST_CASES`, when set;
/// 0 replays the committed failures only) after the failures already found,
/// which are read from and written to `tests/properties.proptest-regressions`
/// (committed, so that everyone replays them).
fn config(cases: u32) -> ProptestConfig {
    let default = ProptestConfig::default();
    ProptestConfig {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() { default.cases } else { cases },
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..default
    }
}

/// Whether value / target ≥ `percent` (a percentage as a user writes it:
/// "110%", "109.99 %"), decided by decimal long division: the digits of
/// value × 100 / target, one at a time, cut after four decimals, are compared
/// with the percentage's own digits as text. A percentage has at most four
/// decimals, so the cut-off value reaches it exactly when the whole value does.
fn reaches_by_long_division(value: i64, target: i64, percent: &str) -> bool {
    assert!(target > 0);
    if value < 0 {
        return false; // a negative ratio is below every percentage (they are ≥ 0)
    }
    // value × 10^6 / target, digit by digit: ×100 for percent, four decimals.
    let dividend = format!("{value}000000");
    let (mut quotient, mut rest) = (String::new(), 0u64);
    for d in dividend.bytes() {
        rest = rest * 10 + u64::from(d - b'0');
        quotient.push(char::from(b'0' + (rest / target as u64) as u8));
        rest %= target as u64;
    }
    let quotient = quotient.trim_start_matches('0');
    let quotient = format!("{quotient:0>5}"); // at least one integer digit and four decimals
    let (int, frac) = quotient.split_at(quotient.len() - 4);
    // The percentage's digits: "110.5 %" → ("110", "5000").
    let p = percent.trim().trim_end_matches('%').trim();
    let (p_int, p_frac) = p.split_once('.').unwrap_or((p, ""));
    let p_int = match p_int.trim_start_matches('0') {
        "" => "0",
        digits => digits,
    };
    let p_frac = format!("{p_frac:0<4}");
    // Digit strings without leading zeros: longer is larger, then in dictionary order.
    (int.len(), int, frac) >= (p_int.len(), p_int, p_frac.as_str())
}

/// Orders the fractions p/q and r/s (q, s > 0) by their continued fractions,
/// never multiplying one's numerator by the other's denominator: by the whole
/// parts, then by what is left, whose order is that of their reciprocals, reversed.
fn cmp_fractions(p: i128, q: i128, r: i128, s: i128) -> Ordering {
    let (a, b) = (p.div_euclid(q), r.div_euclid(s));
    if a != b {
        return a.cmp(&b);
    }
    match (p.rem_euclid(q), r.rem_euclid(s)) {
        (0, 0) => Ordering::Equal,
        (0, _) => Ordering::Less,
        (_, 0) => Ordering::Greater,
        // p'/q < r'/s  ⇔  q/p' > s/r'
        (p2, r2) => cmp_fractions(s, r2, q, p2),
    }
}

#[test]
fn the_oracles_agree_with_worked_examples() {
    // docs/rules.md §2.
    assert!(reaches_by_long_division(360, 300, "120%"));
    assert!(reaches_by_long_division(495, 450, "110%"));
    assert!(!reaches_by_long_division(10_999, 10_000, "110%"));
    assert!(reaches_by_long_division(10_999, 10_000, "109.99%"));
    assert!(reaches_by_long_division(1, 3, "33.3333%"));
    assert!(!reaches_by_long_division(1, 3, "33.3334%"));
    assert!(!reaches_by_long_division(21_999, 20_000, "110%"));
    assert!(reaches_by_long_division(0, 7, "0%"));
    assert!(!reaches_by_long_division(-1, 7, "0%"));
    assert!(reaches_by_long_division(1_000_000_000_000, 1, "999999999.9999%"));
    // 120/100 and 240/200 are equal; 1/3 < 0.34; −1/2 < −1/3.
    assert_eq!(cmp_fractions(120, 100, 240, 200), Ordering::Equal);
    assert_eq!(cmp_fractions(1, 3, 34, 100), Ordering::Less);
    assert_eq!(cmp_fractions(-1, 2, -1, 3), Ordering::Less);
    assert_eq!(cmp_fractions(7, 3, 2, 1), Ordering::Greater);
    assert_eq!(cmp_fractions(355, 113, 22, 7), Ordering::Less);
}

/// Writes a percentage (in ten-thousandths) the ways a user might.
fn percent_text(scaled: i64, style: u8) -> String {
    let (int, frac) = (scaled / 10_000, scaled % 10_000);
    let mut s = int.to_string();
    if frac != 0 {
        let digits = format!("{frac:04}");
        s.push('.');
        s.push_str(digits.trim_end_matches('0'));
    } else if style & 4 != 0 {
        s.push_str(".0");
    }
    match style & 3 {
        0 => s,
        1 => format!("{s}%"),
        2 => format!("{s} %"),
        _ => format!(" {s}% "),
    }
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn percent_parses_exactly(scaled in 0i64..=9_999_999_999_999, style in 0u8..8) {
        prop_assert_eq!(Percent::parse(&percent_text(scaled, style)).map(Percent::scaled), Some(scaled));
    }

    #[test]
    fn reached_by_agrees_with_long_division(
        random in -12 * MAX_VALUE..=12 * MAX_VALUE,
        target in prop_oneof![1..=1000i64, 1..=MAX_VALUE],
        scaled in prop_oneof![0i64..=3_000_000, 0i64..=9_999_999_999_999],
        near in proptest::option::of((-2i64..=2, any::<bool>())),
    ) {
        // Half the values sit right at the threshold (±2), where a rounding error would
        // show; with a target that is a multiple of 1 000 000, exactly on it.
        let target = match near {
            Some((_, true)) => 1_000_000 * (target % 1000 + 1),
            _ => target,
        };
        let value = match near {
            Some((d, _)) => {
                let least = (i128::from(target) * i128::from(scaled) + 999_999).div_euclid(1_000_000);
                i64::try_from(least).unwrap_or(i64::MAX - 2) + d
            }
            None => random,
        };
        let text = percent_text(scaled, 1);
        let p = Percent::parse(&text).unwrap();
        prop_assert_eq!(p.reached_by(value, target), reaches_by_long_division(value, target, &text), "{} / {} ≥ {}", value, target, text);
    }

    /// The smallest value that reaches a threshold reaches it; one less does not.
    #[test]
    fn thresholds_are_inclusive_and_exact(
        target in prop_oneof![1..=MAX_VALUE, (1i64..1000).prop_map(|k| k * 1_000_000), (1i64..1000).prop_map(|k| k * 100)],
        scaled in prop_oneof![1i64..=3_000_000, (1i64..=300).prop_map(|w| w * 10_000)],
    ) {
        let text = percent_text(scaled, 1);
        let p = Percent::parse(&text).unwrap();
        let need = i128::from(target) * i128::from(scaled);
        let least = (need + 999_999).div_euclid(1_000_000); // ⌈target × percent⌉
        let least = i64::try_from(least).unwrap();
        // The oracle confirms that `least` is the boundary, then the engine must agree.
        prop_assert!(reaches_by_long_division(least, target, &text) && !reaches_by_long_division(least - 1, target, &text));
        prop_assert!(p.reached_by(least, target));
        prop_assert!(!p.reached_by(least - 1, target));
    }

    #[test]
    fn compare_agrees_with_continued_fractions(
        a in (-12 * MAX_VALUE..=12 * MAX_VALUE, 1..=MAX_VALUE),
        b in (-12 * MAX_VALUE..=12 * MAX_VALUE, 1..=MAX_VALUE),
    ) {
        let (va, ta) = (i128::from(a.0), i128::from(a.1));
        let (vb, tb) = (i128::from(b.0), i128::from(b.1));
        // a first (Less) when its ratio is higher, or equal with a higher value.
        let expected = cmp_fractions(vb, tb, va, ta).then(vb.cmp(&va));
        prop_assert_eq!(compare(a, b), expected);
        prop_assert_eq!(compare(b, a), expected.reverse());
    }

    /// Equal ratios written with different numbers: the larger value ranks first.
    #[test]
    fn equal_ratios_order_by_value(v in -1_000_000i64..1_000_000, t in 1i64..1_000_000, k in 2i64..1000) {
        let expected = if v > 0 { Ordering::Less } else if v < 0 { Ordering::Greater } else { Ordering::Equal };
        prop_assert_eq!(compare((v * k, t * k), (v, t)), expected);
    }

    /// Ranks are 1 + the number of strictly better entries (shared ranks, 1 2 2 4),
    /// ties keep their input order, and entries without target come last, unranked.
    #[test]
    fn rank_matches_a_counting_definition(
        entries in proptest::collection::vec((-20i64..60, prop_oneof![4 => (1i64..6).prop_map(Some), 1 => Just(None)]), 0..30)
    ) {
        let input: Vec<(usize, i64, Option<i64>)> = entries.iter().enumerate().map(|(i, &(v, t))| (i, v, t)).collect();
        let out = rank(&input);
        prop_assert_eq!(out.len(), input.len());
        let better = |a: &(usize, i64, Option<i64>), b: &(usize, i64, Option<i64>)| {
            // a strictly better than b: a higher ratio, or the same ratio and a higher value.
            let (va, ta, vb, tb) = (i128::from(a.1), i128::from(a.2.unwrap()), i128::from(b.1), i128::from(b.2.unwrap()));
            cmp_fractions(va, ta, vb, tb).then(va.cmp(&vb)) == Ordering::Greater
        };
        let ranked: Vec<&(usize, i64, Option<i64>)> = input.iter().filter(|e| e.2.is_some()).collect();
        for (pos, (key, r)) in out.iter().enumerate() {
            let e = &input[*key];
            match e.2 {
                None => {
                    prop_assert_eq!(*r, None);
                    prop_assert!(pos >= ranked.len(), "unranked entries come last");
                }
                Some(_) => {
                    let expected = 1 + ranked.iter().filter(|f| better(f, e)).count() as u32;
                    prop_assert_eq!(*r, Some(expected));
                }
            }
        }
        // Order: by rank; within a rank (an exact tie), in input order; unranked in input order.
        for w in out.windows(2) {
            let ((ka, ra), (kb, rb)) = (w[0], w[1]);
            match (ra, rb) {
                (Some(x), Some(y)) => prop_assert!(x < y || (x == y && ka < kb)),
                (None, None) => prop_assert!(ka < kb),
                (Some(_), None) => {}
                (None, Some(_)) => prop_assert!(false, "a ranked entry after an unranked one"),
            }
        }
    }
}
