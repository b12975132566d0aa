//! Issue 4's validation catalogue: every input problem podium must catch, each
//! as one mutation of the valid `basic` fixture. For each, `podium check`
//! must print exactly the expected lines (`file:line[:column]: error: what —
//! how to fix`), sorted by file and line, then `N errors, M warnings`, and exit
//! with 1 (errors, or warnings with --deny-warnings) or 0 (warnings only).
//!
//! These lines are the user interface: docs/troubleshooting.md quotes them.
//! To see what podium prints for every case: `CATALOGUE_PRINT=1 cargo test
//! --test catalogue -- --nocapture`.
//!
//! The fixture's language is Vietnamese: the cases run with `--lang en` and
//! compare English lines; every case runs again in the project's language and
//! what it prints is kept as the snapshot `catalogue__vietnamese` (issue 14).

mod common;

use common::*;
use std::fs;
use std::path::Path;

type Mutation = Box<dyn Fn(&Path) + Send + Sync>;

struct Case {
    name: &'static str,
    mutate: Mutation,
    deny_warnings: bool,
    /// The diagnostic lines, in the order printed.
    lines: &'static [&'static str],
    /// The last line.
    count: &'static str,
    status: i32,
}

fn case(name: &'static str, mutate: impl Fn(&Path) + Send + Sync + 'static) -> Case {
    Case { name, mutate: Box::new(mutate), deny_warnings: false, lines: &[], count: "", status: 1 }
}

impl Case {
    fn errors(mut self, count: &'static str, lines: &'static [&'static str]) -> Case {
        self.lines = lines;
        self.count = count;
        self.status = 1;
        self
    }
    fn warnings(mut self, count: &'static str, lines: &'static [&'static str]) -> Case {
        self.lines = lines;
        self.count = count;
        self.status = 0;
        self
    }
    fn deny_warnings(mut self) -> Case {
        self.deny_warnings = true;
        self.status = 1;
        self
    }
}

fn cases() -> Vec<Case> {
    vec![
        // ----- files and encoding -----
        case("missing file", |p| fs::remove_file(file(p, "targets.csv")).unwrap()).errors(
            "1 error, 0 warnings",
            &["data/targets.csv: error: file not found — create data/targets.csv (see docs/formats.md)"],
        ),
        case("unreadable file", |p| {
            fs::remove_file(file(p, "results.csv")).unwrap();
            fs::create_dir(file(p, "results.csv")).unwrap();
        })
        .errors(
            "1 error, 0 warnings",
            &["data/results.csv: error: cannot read the file: Is a directory (os error 21) — check that it is a file you may read (close it in the spreadsheet program, check its permissions)"],
        ),
        case("invalid UTF-8", |p| {
            write(p, "units.csv", b"id,name,short_name,group,kind\nalpha,Alpha City Federation,Alpha,nhom-1,city\nbeta,Li\xean \xf0o\xe0n Beta,Beta,nhom-1,district\ngamma,Gamma,Gamma,nhom-1,zone\noffice,Office,Office,nhom-4,department\n")
        })
        .errors(
            "1 error, 0 warnings",
            // The whole file reads as Vietnamese in Windows-1258: the message says so.
            &["data/units.csv:3:8: error: the file is saved in the Windows Vietnamese code page (Windows-1258), not UTF-8 — save it again from Excel as \"CSV UTF-8 (Comma delimited) (*.csv)\" (File › Save As › Save as type), not \"CSV (Comma delimited)\""],
        ),
        case("UTF-16", |p| {
            let text = fs::read_to_string(file(p, "results.csv")).unwrap();
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            write(p, "results.csv", bytes);
        })
        .errors(
            "1 error, 0 warnings",
            &["data/results.csv: error: the file is saved as UTF-16, not UTF-8 — save it as UTF-8: in Excel \"CSV UTF-8 (Comma delimited)\", not \"Unicode Text\""],
        ),
        // ----- YAML -----
        case("malformed YAML", |p| replace(p, "groups.yaml", "    name: \"Group 1\"\n", "    name: \"Group 1\n"))
            .errors(
                "1 error, 0 warnings",
                &["data/groups.yaml:3:11: error: malformed YAML: this quote is not closed on its line — end the quoted text with the same quote mark on the same line, e.g. title: \"Năm 2022\""],
            ),
        case("malformed YAML: colon in a value", |p| replace(p, "site.yaml", "title: \"Basic campaign results\"", "title: Results: 2022"))
            .errors(
                "1 error, 0 warnings",
                &["data/site.yaml:1:15: error: malformed YAML: mapping values are not allowed in this context — check the indentation (spaces, not tabs), the colons and the quotes around this place; put text containing \": \" or \" #\" in quotes"],
            ),
        case("malformed YAML: tab indentation", |p| replace(p, "campaign.yaml", "    label: \"Year 2022\"", "\tlabel: \"Year 2022\""))
            .errors(
                "1 error, 0 warnings",
                &["data/campaign.yaml:16:1: error: malformed YAML: this line is indented with a tab — indent with spaces only (two per level), like the lines around it"],
            ),
        case("duplicate YAML key", |p| replace(p, "groups.yaml", "      basis: unit\n", "      basis: unit\n      metric: unions_founded\n"))
            .errors(
                "1 error, 0 warnings",
                &["data/groups.yaml:7:7: error: duplicate key `metric` (first on line 5) — a key may appear only once in the same block: remove or merge one of them"],
            ),
        case("duplicate YAML key in metrics", |p| {
            replace(p, "campaign.yaml", "  unions_founded:\n", "  members_net:\n    label: \"Again\"\n    plus: [members_added]\n  unions_founded:\n")
        })
        .errors(
            "1 error, 0 warnings",
            &["data/campaign.yaml:11:3: error: duplicate key `members_net` (first on line 7) — a key may appear only once in the same block: remove or merge one of them"],
        ),
        case("duplicate YAML key in overall_target", |p| {
            replace(p, "campaign.yaml", "{ members_net: 500, unions_founded: 5 }", "{ members_net: 500, unions_founded: 5, members_net: 600 }")
        })
        .errors(
            "1 error, 0 warnings",
            &["data/campaign.yaml:19:60: error: duplicate key `members_net` (first on line 19) — a key may appear only once in the same block: remove or merge one of them"],
        ),
        case("unknown key", |p| replace(p, "groups.yaml", "qualify_at:", "qualify:")).errors(
            "1 error, 0 warnings",
            &["data/groups.yaml:7:7: error: unknown key `qualify` — did you mean `qualify_at`? allowed keys here: `metric`, `basis`, `qualify_at`, `awards`, `bonuses`"],
        ),
        case("unknown key in a mapping of awards", |p| replace(p, "groups.yaml", "add: { individual: 1 } }", "add: { individal: 1 } }"))
            .errors(
                "1 error, 0 warnings",
                &["data/groups.yaml:10:32: error: unknown key `individal` — did you mean `individual`? allowed keys here: `collective`, `individual`, `any`"],
            ),
        case("missing key", |p| replace(p, "site.yaml", "title: \"Basic campaign results\"\n", "")).errors(
            "1 error, 0 warnings",
            &["data/site.yaml:1:1: error: missing required key `title` — add `title:` to this block (see docs/formats.md)"],
        ),
        case("wrong type", |p| replace(p, "groups.yaml", "awards: { collective: 2, individual: 5 }", "awards: 7"))
            .errors(
                "1 error, 0 warnings",
                &["data/groups.yaml:8:15: error: groups[0].rule.awards: invalid type: integer `7`, expected a block of `key: value` lines — check the value's type (text, whole number, list or mapping) against docs/formats.md"],
            ),
        case("unknown language and relative base_url", |p| {
            replace(p, "site.yaml", "language: vi", "language: vn");
            replace(p, "site.yaml", "https://example.org/thi-dua", "example.org/thi-dua");
        })
        .errors(
            "2 errors, 0 warnings",
            &[
                "data/site.yaml:2:11: error: unknown language `vn` — write `language: vi` (Vietnamese) or `language: en` (English)",
                "data/site.yaml:3:11: error: base_url `example.org/thi-dua` is not an absolute http(s) address — write the full address, e.g. https://example.org/thi-dua, or leave it empty",
            ],
        ),
        case("share_card_units not a whole number of 0 or more", |p| {
            append(p, "site.yaml", "share_card_units: -5\n");
        })
        .errors(
            "1 error, 0 warnings",
            &["data/site.yaml:6:19: error: share_card_units: invalid type: integer `-5`, expected a whole number of 0 or more — check the value's type (text, whole number, list or mapping) against docs/formats.md"],
        ),
        case("share_card_units misspelt", |p| append(p, "site.yaml", "share_cards_units: 10\n")).errors(
            "1 error, 0 warnings",
            &["data/site.yaml:6:1: error: unknown key `share_cards_units` — did you mean `share_card_units`? allowed keys here: `title`, `description`, `language`, `base_url`, `theme`, `allow_html`, `footer`, `share_card_units`"],
        ),
        // ----- CSV columns -----
        case("missing column, with a suggestion", |p| replace(p, "results.csv", "members_lost", "member_lost")).errors(
            "1 error, 0 warnings",
            &["data/results.csv:1: error: missing column `members_lost` — did you mean `member_lost`? the header must include: unit,month,members_added,members_lost,unions_founded"],
        ),
        case("missing column in units.csv", |p| replace(p, "units.csv", ",group,", ",grp,")).errors(
            "1 error, 0 warnings",
            &["data/units.csv:1: error: missing column `group` — did you mean `grp`? the header must include: id,name,group"],
        ),
        case("column twice", |p| replace(p, "targets.csv", "unions_founded\n", "members_net\n")).errors(
            "1 error, 0 warnings",
            &["data/targets.csv:1:4: error: column `members_net` appears twice in the header — keep one of them"],
        ),
        case("a comma splits a cell", |p| replace(p, "units.csv", "beta,Beta District Federation,", "beta,Beta District, Federation,"))
            .errors(
                "1 error, 0 warnings",
                &["data/units.csv:3: error: this row has 6 cells but the header names 5 columns — put a cell that contains a comma in double quotes, e.g. \"Công ty A, chi nhánh B\", or let the spreadsheet program save the file"],
            ),
        case("Windows line ends: lines are counted as a spreadsheet shows them", |p| {
            for f in ["units.csv", "results.csv"] {
                let text = fs::read_to_string(file(p, f)).unwrap();
                write(p, f, text.replace('\n', "\r\n"));
            }
            replace(p, "units.csv", "alpha,Alpha City Federation,Alpha,nhom-1", "alpha,Alpha City Federation,Alpha,nhom1");
            replace(p, "results.csv", "gamma,2022-02,30,1,0", "gamma,2022-02,30,1,z");
        })
        .errors(
            "2 errors, 0 warnings",
            &[
                "data/results.csv:9:5: error: `z` is not a whole number — write digits only, without dots, commas or spaces, e.g. 1410",
                "data/units.csv:2:4: error: unknown group `nhom1` — did you mean `nhom-1`? groups in groups.yaml: nhom-1, nhom-4",
            ],
        ),
        case("theme not found", |p| append(p, "site.yaml", "theme: xanh\n")).errors(
            "1 error, 0 warnings",
            &["data/site.yaml:6:8: error: theme `xanh` not found: there is no folder themes/xanh/ — create the folder or write `theme: default`"],
        ),
        // ----- ids -----
        case("duplicate unit id", |p| append(p, "units.csv", "beta,Beta again,Beta,nhom-1,district\n")).errors(
            "1 error, 0 warnings",
            &["data/units.csv:6:1: error: duplicate unit id `beta` (first on line 3) — every unit needs its own id: remove the repeated row or rename one"],
        ),
        case("ids that are not slugs", |p| {
            append(p, "units.csv", &format!("../x,X,X,nhom-1,c\nlong xuyen,X,X,nhom-1,c\nLongXuyen,X,X,nhom-1,c\n{},X,X,nhom-1,c\n", "a".repeat(65)))
        })
        .errors(
            "4 errors, 0 warnings",
            &[
                "data/units.csv:6:1: error: unit id `../x` is not a valid slug — use lower-case letters a–z, digits and single hyphens, at most 64 characters, e.g. ldld-long-xuyen",
                "data/units.csv:7:1: error: unit id `long xuyen` is not a valid slug — use lower-case letters a–z, digits and single hyphens, at most 64 characters, e.g. ldld-long-xuyen",
                "data/units.csv:8:1: error: unit id `LongXuyen` is not a valid slug — use lower-case letters a–z, digits and single hyphens, at most 64 characters, e.g. ldld-long-xuyen",
                "data/units.csv:9:1: error: unit id `aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa` is not a valid slug — use lower-case letters a–z, digits and single hyphens, at most 64 characters, e.g. ldld-long-xuyen",
            ],
        ),
        case("a 64-character id is valid", |p| {
            let id = "b".repeat(64);
            append(p, "units.csv", &format!("{id},B,B,nhom-4,c\n"));
        })
        .warnings("0 errors, 0 warnings", &[]),
        case("unknown group", |p| replace(p, "units.csv", "gamma,Gamma Industrial Zones Union,Gamma,nhom-1", "gamma,Gamma Industrial Zones Union,Gamma,nhom1"))
            .errors(
                "1 error, 0 warnings",
                &["data/units.csv:4:4: error: unknown group `nhom1` — did you mean `nhom-1`? groups in groups.yaml: nhom-1, nhom-4"],
            ),
        case("duplicate group and period ids", |p| {
            append(p, "groups.yaml", "  - id: nhom-1\n    name: \"Group 1 again\"\n    rule: { metric: members_net, qualify_at: \"100%\", awards: { collective: 1 } }\n");
            append(p, "campaign.yaml", "  - id: \"2023\"\n    from: 2024-01\n    to: 2024-03\n");
        })
        .errors(
            "2 errors, 0 warnings",
            &[
                "data/campaign.yaml:27:9: error: duplicate period id `2023` — give every period its own id",
                "data/groups.yaml:21:9: error: duplicate group id `nhom-1` — give every group its own id",
            ],
        ),
        case("overlapping periods", |p| replace(p, "campaign.yaml", "    from: 2023-01", "    from: 2022-03")).errors(
            "1 error, 0 warnings",
            &["data/campaign.yaml:22:9: error: period `2023` (2022-03 to 2023-03) overlaps period `2022` (2022-01 to 2022-03) — a month may belong to one period only: correct `from` or `to`"],
        ),
        // ----- rows naming what does not exist -----
        case("unknown unit and period in targets", |p| append(p, "targets.csv", "alpah,2022,100,1\nbeta,2024,100,1\n")).errors(
            "2 errors, 0 warnings",
            &[
                "data/targets.csv:8:1: error: unknown unit `alpah` — did you mean `alpha`? use an id from units.csv, or add the unit there first",
                "data/targets.csv:9:2: error: unknown period `2024` — did you mean `2022`? periods in campaign.yaml: 2022, 2023",
            ],
        ),
        case("unknown unit in results", |p| append(p, "results.csv", "gama,2023-03,1,0,0\n")).errors(
            "1 error, 0 warnings",
            &["data/results.csv:20:1: error: unknown unit `gama` — did you mean `gamma`? use an id from units.csv, or add the unit there first"],
        ),
        case("duplicate rows", |p| {
            append(p, "targets.csv", "beta,2023,130,1\n");
            append(p, "results.csv", "beta,2022-02,5,0,0\n");
        })
        .errors(
            "2 errors, 0 warnings",
            &[
                "data/results.csv:20: error: a second row for `beta` in 2022-02 (first on line 6) — keep one row per unit and month: add the figures together or delete the repeated row",
                "data/targets.csv:8: error: a second target row for `beta` in period `2023` (first on line 5) — keep one row per unit and period",
            ],
        ),
        case("bad months", |p| append(p, "results.csv", "alpha,2023-6,1,0,0\nalpha,2022-07,1,0,0\nalpha,Jun-23,1,0,0\n")).errors(
            "3 errors, 0 warnings",
            &[
                "data/results.csv:20:2: error: `2023-6` is not a month — write the month as YYYY-MM: 2023-06",
                "data/results.csv:21:2: error: month 2022-07 falls in no period of the campaign — check the year, or extend a period in campaign.yaml",
                "data/results.csv:22:2: error: `Jun-23` is not a month — write the month as YYYY-MM: 2023-06; a spreadsheet turned it into a date: keep the table in a workbook (data/*.xlsx), where a date cell is read as its month, or format the column as Text",
            ],
        ),
        // ----- numbers -----
        case("bad figures", |p| replace(p, "results.csv", "alpha,2022-02,90,5,0", "alpha,2022-02,12a,-5,99999999999999999")).errors(
            "3 errors, 0 warnings",
            &[
                "data/results.csv:3:3: error: `12a` is not a whole number — write digits only, without dots, commas or spaces, e.g. 1410",
                "data/results.csv:3:4: error: `-5` is negative — figures are counts of 0 or more: put losses in their own column (e.g. members_lost)",
                "data/results.csv:3:5: error: `99999999999999999` is too large (at most 1000000000000) — check for a typo or extra digits",
            ],
        ),
        case("thousands separator and empty cell", |p| replace(p, "results.csv", "beta,2022-01,60,2,1", "beta,2022-01,\"1,060\",2,")).errors(
            "2 errors, 0 warnings",
            &[
                "data/results.csv:5:3: error: `1,060` is not a whole number — write digits only, without dots, commas or spaces, e.g. 1410",
                "data/results.csv:5:5: error: the cell is empty — write 0 when there is nothing to report",
            ],
        ),
        case("zero and negative targets", |p| replace(p, "targets.csv", "alpha,2023,150,2", "alpha,2023,0,-2")).errors(
            "2 errors, 0 warnings",
            &[
                "data/targets.csv:3:3: error: the members_net target is 0 — a target must be greater than 0: leave the cell empty for \"no target\"",
                "data/targets.csv:3:4: error: the unions_founded target `-2` is negative — a target must be greater than 0: leave the cell empty for \"no target\"",
            ],
        ),
        case("zero overall target", |p| replace(p, "campaign.yaml", "{ members_net: 400, unions_founded: 4 }", "{ members_net: 0, unions_founded: 4 }"))
            .errors(
                "1 error, 0 warnings",
                &["data/campaign.yaml:26:36: error: overall target for `members_net` is 0, but targets must be positive — write a whole number greater than 0, or remove it for \"no target\""],
            ),
        // ----- rules -----
        case("unknown metric in a rule", |p| replace(p, "groups.yaml", "metric: members_net", "metric: member_net")).errors(
            "1 error, 0 warnings",
            &["data/groups.yaml:5:15: error: unknown metric `member_net` in the rule of group `nhom-1` — did you mean `members_net`? metrics defined in campaign.yaml: members_net, unions_founded"],
        ),
        case("malformed percentages", |p| {
            replace(p, "groups.yaml", "qualify_at: \"100%\"", "qualify_at: \"abc\"");
            replace(p, "groups.yaml", "at: \"110%\"", "at: \"-5%\"");
        })
        .errors(
            "2 errors, 0 warnings",
            &[
                "data/groups.yaml:7:19: error: `abc` is not a percentage — write a number of percent from 0 up, with at most four decimals, e.g. \"110%\" or \"109.5%\"",
                "data/groups.yaml:10:17: error: `-5%` is not a percentage — write a number of percent from 0 up, with at most four decimals, e.g. \"110%\" or \"109.5%\"",
            ],
        ),
        case("decimal comma in a percentage", |p| replace(p, "groups.yaml", "at: \"110%\"", "at: \"110,5%\"")).errors(
            "1 error, 0 warnings",
            &["data/groups.yaml:10:17: error: `110,5%` is not a percentage — write the decimal with a dot: \"110.5%\""],
        ),
        case("two bonus levels at the same percentage", |p| replace(p, "groups.yaml", "at: \"120%\"", "at: \"110%\"")).errors(
            "1 error, 0 warnings",
            &["data/groups.yaml:11:17: error: two bonus levels at 110% in group `nhom-1` — merge them into one level"],
        ),
        case("bonus below qualify_at", |p| replace(p, "groups.yaml", "at: \"110%\"", "at: \"90%\"")).errors(
            "1 error, 0 warnings",
            &["data/groups.yaml:10:17: error: bonus level 90% is below qualify_at 100% in group `nhom-1` — a bonus applies only to units that qualify: raise `at` to at least qualify_at"],
        ),
        case("a pool with basis: unit", |p| replace(p, "groups.yaml", "awards: { collective: 2, individual: 5 }", "awards: { any: 7 }"))
            .errors(
                "1 error, 0 warnings",
                &["data/groups.yaml:8:17: error: group `nhom-1` gives an `any` pool with `basis: unit` — a pool of awards for either kind belongs to a whole group: use `basis: overall`, or split it into collective and individual"],
            ),
        case("a pool in a bonus with basis: unit", |p| {
            replace(p, "groups.yaml", "- { at: \"110%\", add: { individual: 1 } }\n        - { at: \"120%\"", "- { at: \"110%\", add: { any: 1 } }\n        - { at: \"120%\"")
        })
        .errors(
            "1 error, 0 warnings",
            &["data/groups.yaml:10:32: error: group `nhom-1` gives an `any` pool in its 110% bonus with `basis: unit` — a pool of awards for either kind belongs to a whole group: use `basis: overall`, or split it into collective and individual"],
        ),
        // ----- periods -----
        case("period ends before it starts", |p| replace(p, "campaign.yaml", "    to: 2023-03", "    to: 2022-12")).errors(
            "1 error, 0 warnings",
            &["data/campaign.yaml:25:9: error: period `2023` ends (2022-12) before it starts (2023-01) — correct `from` or `to`: a period runs from its first month to its last, inclusive"],
        ),
        case("campaign ends before it starts", |p| replace(p, "campaign.yaml", "ends: 2023-03-31", "ends: 2021-03-31")).errors(
            "1 error, 0 warnings",
            &["data/campaign.yaml:5:7: error: the campaign ends (2021-03-31) before it starts (2022-01-01) — swap `starts` and `ends` or correct the year"],
        ),
        // ----- nominations -----
        case("nominations over quota", |p| {
            append(p, "nominations.csv", "2022,beta,collective,C1,\n2022,beta,collective,C2,\n2022,beta,collective,C3,\n")
        })
        .errors(
            "1 error, 0 warnings",
            &["data/nominations.csv:8: error: one collective name too many for `beta` in period `2022`: it earned 2 collective + 6 individual — remove this row or move it to another kind the quota allows"],
        ),
        case("nomination of a unit that did not qualify", |p| append(p, "nominations.csv", "2022,gamma,individual,Pham Van D,\n"))
            .errors(
                "1 error, 0 warnings",
                &["data/nominations.csv:6: error: `gamma` did not qualify in period `2022` (95.00 %), so it has no award to propose (1 name(s) listed) — remove its rows for this period, or correct the figures if they are wrong"],
            ),
        case("nominations naming unknown periods, kinds and units", |p| {
            append(p, "nominations.csv", "2021,alpha,individual,X,\n2022,alpha,medal,Y,\n2022,office,individual,Z,\n2022,nhom-1,individual,W,\n2022,alpah,individual,V,\n")
        })
        .errors(
            "5 errors, 0 warnings",
            &[
                "data/nominations.csv:6:1: error: unknown period `2021` — did you mean `2022`? periods in campaign.yaml: 2022, 2023",
                "data/nominations.csv:7:3: error: unknown award kind `medal` — write `collective` (tập thể) or `individual` (cá nhân)",
                "data/nominations.csv:8:2: error: `office` belongs to `nhom-4`, whose awards are one pool for the whole group — write the group id `nhom-4` in the unit column",
                "data/nominations.csv:9:2: error: group `nhom-1` awards its units one by one — write the id of the unit that proposes the name",
                "data/nominations.csv:10:2: error: unknown unit `alpah` — did you mean `alpha`? use a unit id from units.csv (or the group id of a pooled group)",
            ],
        ),
        // ----- pages and news -----
        case("front matter that does not parse", |p| {
            write(p, "pages/about.md", "---\ntitle: \"About\nweight: 2\n---\nText\n");
            write(p, "pages/contact.md", "Contact us\n");
            write(p, "news/2022-04-01-news.md", "---\ntitle: News\ndate: 01/04/2022\n---\nText\n");
        })
        .errors(
            "3 errors, 0 warnings",
            &[
                "data/news/2022-04-01-news.md:3: error: `01/04/2022` is not a date — write it as YYYY-MM-DD",
                "data/pages/about.md:2:8: error: malformed YAML: this quote is not closed on its line — end the quoted text with the same quote mark on the same line, e.g. title: \"Năm 2022\"",
                "data/pages/contact.md:1: error: the front matter is missing — start the file with a line `---`, then `title: \"…\"`, then a line `---`, then the text",
            ],
        ),
        case("two pages or news posts at the same address", |p| {
            write(p, "news/2022-04-01-launch.md", "---\ntitle: Launch again\n---\nText\n");
            write(p, "pages/other.md", "---\ntitle: Other\nslug: about\n---\nText\n");
            write(p, "pages/groups.md", "---\ntitle: Groups\n---\nText\n");
        })
        .errors(
            "3 errors, 0 warnings",
            &[
                "data/news/2022-04-01-launch.md:1: error: `data/news/2022-03-10-launch.md` and `data/news/2022-04-01-launch.md` would both be published at the same address (launch) — rename one of the files or give one a different `slug:` in its front matter",
                "data/pages/groups.md:1: error: the page address `groups` is used by the site itself — rename the page: groups, units, awards, months, news, data, cards, assets, static are reserved",
                "data/pages/other.md:1: error: `data/pages/about.md` and `data/pages/other.md` would both be published at the same address (about) — rename one of the files or give one a different `slug:` in its front matter",
            ],
        ),
        // ----- every problem at once -----
        case("all problems of a run at once, sorted by file and line", |p| {
            replace(p, "units.csv", "office,Provincial", "Office,Provincial");
            replace(p, "results.csv", "gamma,2023-02,35,2,0", "gamma,2023-02,35,x,0");
            replace(p, "results.csv", "alpha,2022-01,80,5,1", "alpha,2022-1,80,5,1");
            replace(p, "targets.csv", "gamma,2022,100,1", "gamma,2022,0,1");
            replace(p, "groups.yaml", "at: \"120%\"", "at: \"12O%\"");
            replace(p, "site.yaml", "language: vi", "language: vn");
            append(p, "nominations.csv", "2022,alpha,award,X,\n");
            write(p, "pages/broken.md", "title: no front matter\n");
        })
        .errors(
            "8 errors, 0 warnings",
            &[
                "data/groups.yaml:11:17: error: `12O%` is not a percentage — write a number of percent from 0 up, with at most four decimals, e.g. \"110%\" or \"109.5%\"",
                "data/nominations.csv:6:3: error: unknown award kind `award` — write `collective` (tập thể) or `individual` (cá nhân)",
                "data/pages/broken.md:1: error: the front matter is missing — start the file with a line `---`, then `title: \"…\"`, then a line `---`, then the text",
                "data/results.csv:2:2: error: `2022-1` is not a month — write the month as YYYY-MM: 2022-01",
                "data/results.csv:18:4: error: `x` is not a whole number — write digits only, without dots, commas or spaces, e.g. 1410",
                "data/site.yaml:2:11: error: unknown language `vn` — write `language: vi` (Vietnamese) or `language: en` (English)",
                "data/targets.csv:6:3: error: the members_net target is 0 — a target must be greater than 0: leave the cell empty for \"no target\"",
                "data/units.csv:5:1: error: unit id `Office` is not a valid slug — use lower-case letters a–z, digits and single hyphens, at most 64 characters, e.g. ldld-long-xuyen",
            ],
        ),
        // ----- warnings -----
        case("warning: a unit with no target", |p| replace(p, "targets.csv", "gamma,2023,100,1\n", "")).warnings(
            "0 errors, 1 warning",
            &["data/targets.csv: warning: `gamma` has no members_net target for period `2023`: it is listed unranked and earns nothing — add its row to targets.csv if a target was assigned"],
        ),
        case("warning: the as-of month not reported", |p| replace(p, "results.csv", "beta,2023-03,40,4,1\n", "")).warnings(
            "0 errors, 1 warning",
            &["data/results.csv: warning: `beta` has not reported 2023-03 — add its row when the figures arrive; the site marks the month \"not reported\""],
        ),
        case("warning: a month ten times the usual figure", |p| replace(p, "results.csv", "alpha,2023-03,60,5,1", "alpha,2023-03,1000,5,1"))
            .warnings(
                "0 errors, 1 warning",
                &["data/results.csv:13: warning: members_added of `alpha` in 2023-03 is 1000, more than ten times its usual 90 — check for a typo (an extra digit?); if the figure is right, ignore this warning"],
            ),
        case("warning: a period with no results yet", |p| {
            let text = fs::read_to_string(file(p, "results.csv")).unwrap();
            write(p, "results.csv", text.lines().filter(|l| !l.contains(",2023-")).map(|l| format!("{l}\n")).collect::<String>());
        })
        .warnings(
            "0 errors, 1 warning",
            &["data/campaign.yaml:22:9: warning: period `2023` has no results yet (it starts in 2023-01, the data ends in 2022-03) — nothing to do if the period has not started; its pages show it as not started"],
        ),
        case("warning: a pooled group without an overall target", |p| {
            replace(p, "campaign.yaml", "overall_target: { members_net: 400, unions_founded: 4 }", "overall_target: { unions_founded: 4 }")
        })
        .warnings(
            "0 errors, 1 warning",
            &["data/campaign.yaml: warning: group `nhom-4` is judged on the campaign total, but period `2023` has no overall_target for members_net: the group earns nothing — add `members_net: …` to the period's overall_target if the level above assigned one"],
        ),
        case("warning: base_url empty", |p| replace(p, "site.yaml", "\"https://example.org/thi-dua\"", "\"\"")).warnings(
            "0 errors, 1 warning",
            &["data/site.yaml:3:1: warning: base_url is empty, so feed.xml and sitemap.xml cannot give absolute addresses — set `base_url:` to the address where the site is published, e.g. https://example.org/thi-dua (ignore this for a site read only from disk)"],
        ),
        case("--deny-warnings turns warnings into failure", |p| {
            replace(p, "site.yaml", "\"https://example.org/thi-dua\"", "\"\"");
            replace(p, "targets.csv", "gamma,2023,100,1\n", "");
        })
        .warnings(
            "0 errors, 2 warnings",
            &[
                "data/site.yaml:3:1: warning: base_url is empty, so feed.xml and sitemap.xml cannot give absolute addresses — set `base_url:` to the address where the site is published, e.g. https://example.org/thi-dua (ignore this for a site read only from disk)",
                "data/targets.csv: warning: `gamma` has no members_net target for period `2023`: it is listed unranked and earns nothing — add its row to targets.csv if a target was assigned",
            ],
        )
        .deny_warnings(),
    ]
}

/// Runs one case; returns a description of what differs, if anything.
fn check_case(c: &Case) -> Option<String> {
    let dir = copy_fixture("basic");
    (c.mutate)(dir.path());
    let mut args = vec!["check", path(dir.path()), "--lang", "en"];
    if c.deny_warnings {
        args.push("--deny-warnings");
    }
    let out = run(&args);
    let err = stderr(&out);
    if std::env::var_os("CATALOGUE_PRINT").is_some() {
        println!("== {} (exit {:?})\n{err}", c.name, out.status.code());
    }
    let mut expected: Vec<&str> = c.lines.to_vec();
    expected.push(c.count);
    let actual: Vec<&str> = err.lines().collect();
    let mut problems = Vec::new();
    if actual != expected {
        problems.push(format!(
            "stderr:\n  expected:\n    {}\n  actual:\n    {}",
            expected.join("\n    "),
            actual.join("\n    ")
        ));
    }
    if out.status.code() != Some(c.status) {
        problems.push(format!("exit status {:?}, expected {}", out.status.code(), c.status));
    }
    let ok_line = stdout(&out).starts_with("ok: ");
    if ok_line != (c.status == 0) {
        problems.push(format!("stdout: {:?}", stdout(&out)));
    }
    // A check writes nothing: no site/ appears in the project.
    if dir.path().join("site").exists() {
        problems.push("check wrote a site/ folder".into());
    }
    (!problems.is_empty()).then(|| format!("case `{}`:\n{}", c.name, problems.join("\n")))
}

#[test]
fn the_basic_fixture_is_valid() {
    let out = run(&["check", path(&fixture("basic")), "--lang", "en"]);
    assert_eq!(stderr(&out), "0 errors, 0 warnings\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn every_catalogue_entry_prints_its_exact_message() {
    let cases = cases();
    let failures = on_two_threads(&cases, check_case);
    assert!(failures.is_empty(), "{} of {} cases differ:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}

/// What a case prints in the project's language (Vietnamese), under its name.
fn vietnamese(c: &Case) -> String {
    let dir = copy_fixture("basic");
    (c.mutate)(dir.path());
    let mut args = vec!["check", path(dir.path())];
    if c.deny_warnings {
        args.push("--deny-warnings");
    }
    let out = run(&args);
    format!("== {} (exit {})\n{}{}", c.name, out.status.code().unwrap_or(-1), stderr(&out), stdout(&out))
}

#[test]
fn every_catalogue_entry_in_vietnamese() {
    let cases = cases();
    let said: Vec<String> = cases.iter().map(vietnamese).collect();
    // The same number of lines as in English: one line per problem, then the count.
    for (c, text) in cases.iter().zip(&said) {
        let lines = text.lines().count() - 1 - usize::from(c.status == 0);
        assert_eq!(lines, c.lines.len() + 1, "{text}");
        assert!(!text.contains(": error: ") && !text.contains(" errors, "), "{text}");
    }
    insta::assert_snapshot!("vietnamese", said.join("\n"));
}

#[test]
fn a_build_reports_the_same_problems_and_writes_nothing() {
    let dir = copy_fixture("basic");
    replace(dir.path(), "results.csv", "alpha,2022-02,90,5,0", "alpha,2022-02,12a,5,0");
    let out = run(&["build", path(dir.path()), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "data/results.csv:3:3: error: `12a` is not a whole number — write digits only, without dots, commas or spaces, e.g. 1410\n1 error, 0 warnings\n"
    );
    assert!(!dir.path().join("site").exists());
    let parent = dir.path();
    let leftovers: Vec<_> = fs::read_dir(parent).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
    assert!(leftovers.iter().all(|n| n == "data"), "only data/ is there: {leftovers:?}");
}

#[test]
fn warnings_are_printed_by_build_and_fail_it_with_deny_warnings() {
    let dir = copy_fixture("basic");
    replace(dir.path(), "targets.csv", "gamma,2023,100,1\n", "");
    let site = dir.path().join("site");
    let out = run(&["build", path(dir.path()), "-o", path(&site), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("data/targets.csv: warning: `gamma` has no members_net target"), "{}", stderr(&out));
    assert!(site.join("index.html").is_file());
    let fresh = dir.path().join("fresh");
    let out = run(&["build", path(dir.path()), "-o", path(&fresh), "--deny-warnings", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).ends_with("0 errors, 1 warning\n"), "{}", stderr(&out));
    assert!(!fresh.exists(), "a build failed by --deny-warnings writes nothing");
}
