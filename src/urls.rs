//! The site's public addresses. SPEC §4 and docs/site.md make them a contract (links
//! people have shared must keep working), so each kind is spelt here once, relative to
//! the site root: a page is a folder (`units/<unit>/`, written as `<folder>index.html`),
//! a download or feed is a file. The list of files to write, every link between pages,
//! the feed and the sitemap all take their addresses from these functions.

use crate::model::Month;

/// The overview.
pub const HOME: &str = "";
/// Every group with its leaders.
pub const GROUPS: &str = "groups/";
/// Every period's award announcement.
pub const AWARDS: &str = "awards/";
/// Every month with standings.
pub const MONTHS: &str = "months/";
/// The list of news posts.
pub const NEWS: &str = "news/";
/// Every unit A–Z, and the search's results page.
pub const UNITS: &str = "units/";
/// The search index's manifest, loaded as a script by the unit index.
pub const SEARCH_MANIFEST: &str = "data/search/index.js";
/// Everything computed, machine-readable.
pub const RESULTS_JSON: &str = "data/results.json";
/// Everything computed, as one workbook for spreadsheet programs.
pub const RESULTS_XLSX: &str = "data/results.xlsx";
pub const FEED: &str = "feed.xml";
pub const SITEMAP: &str = "sitemap.xml";
pub const NOT_FOUND: &str = "404.html";
/// Tells GitHub Pages to publish the files as they are.
pub const NOJEKYLL: &str = ".nojekyll";
/// The file a page's folder is written as.
pub const INDEX: &str = "index.html";

/// The folders at the site's root that the build writes: a page of `data/pages` or a
/// theme's static file may not take their names.
pub const FOLDERS: &[&str] = &["groups", "units", "awards", "months", "news", "data", "cards"];
/// The files at the site's root that the build writes.
pub const ROOT_FILES: &[&str] = &[INDEX, NOT_FOUND, FEED, SITEMAP, NOJEKYLL];

/// A group's ranking in the current period.
pub fn group(group: &str) -> String {
    format!("groups/{group}/")
}

/// A group's ranking in a period.
pub fn group_period(group: &str, period: &str) -> String {
    format!("groups/{group}/{period}/")
}

/// A unit's page.
pub fn unit(unit: &str) -> String {
    format!("units/{unit}/")
}

/// A period's award announcement.
pub fn awards_period(period: &str) -> String {
    format!("awards/{period}/")
}

/// The standings at the end of a month.
pub fn month(month: Month) -> String {
    format!("months/{month}/")
}

/// A file of the search index: the units whose words start with a prefix.
pub fn search_postings(n: usize) -> String {
    format!("data/search/p{n}.js")
}

/// A file of the search index: the names of a run of units in A–Z order.
pub fn search_records(n: usize) -> String {
    format!("data/search/r{n}.js")
}

/// A news post.
pub fn news_post(slug: &str) -> String {
    format!("news/{slug}/")
}

/// A page from `data/pages`.
pub fn page(slug: &str) -> String {
    format!("{slug}/")
}

/// A group's ranking of a period as a spreadsheet. Two (group, period) pairs can spell
/// one name (`q-x` + `2022`, `q` + `x-2022`): the loader refuses such ids.
pub fn ranking_csv(group: &str, period: &str) -> String {
    format!("data/ranking-{group}-{period}.csv")
}

/// A period's national shortlist as a spreadsheet.
pub fn shortlist_csv(period: &str) -> String {
    format!("data/shortlist-{period}.csv")
}

/// A group's ranking of a period as an Excel workbook, beside [`ranking_csv`].
pub fn ranking_xlsx(group: &str, period: &str) -> String {
    format!("data/ranking-{group}-{period}.xlsx")
}

/// A period's national shortlist as an Excel workbook, beside [`shortlist_csv`].
pub fn shortlist_xlsx(period: &str) -> String {
    format!("data/shortlist-{period}.xlsx")
}

/// The overview's share card: the image of a link preview (`og:image`), 1200 × 630 PNG.
pub const CARD_HOME: &str = "cards/home.png";

/// A group's share card (current period).
pub fn card_group(group: &str) -> String {
    format!("cards/groups/{group}.png")
}

/// A period's awards share card.
pub fn card_awards(period: &str) -> String {
    format!("cards/awards/{period}.png")
}

/// A unit's share card (current period).
pub fn card_unit(unit: &str) -> String {
    format!("cards/units/{unit}.png")
}

/// Page `n` (from 1) of a list split into pages, whose first page is the folder `first`.
pub fn paged(first: &str, n: usize) -> String {
    if n <= 1 { first.to_string() } else { format!("{first}page/{n}/") }
}

/// The file a page's folder is written as: `units/a/` → `units/a/index.html`.
pub fn file(folder: &str) -> String {
    format!("{folder}{INDEX}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_those_of_the_contract() {
        // docs/site.md, "Addresses".
        assert_eq!(group("nhom-1"), "groups/nhom-1/");
        assert_eq!(group_period("nhom-1", "2022"), "groups/nhom-1/2022/");
        assert_eq!(unit("ldld-long-xuyen"), "units/ldld-long-xuyen/");
        assert_eq!(awards_period("2022"), "awards/2022/");
        assert_eq!(month(Month::parse("2023-06").unwrap()), "months/2023-06/");
        assert_eq!(news_post("phat-dong"), "news/phat-dong/");
        assert_eq!(page("ke-hoach"), "ke-hoach/");
        assert_eq!(ranking_csv("nhom-1", "2022"), "data/ranking-nhom-1-2022.csv");
        assert_eq!(shortlist_csv("2022"), "data/shortlist-2022.csv");
        assert_eq!(paged(UNITS, 2), "units/page/2/");
        assert_eq!(search_postings(3), "data/search/p3.js");
        assert_eq!(search_records(0), "data/search/r0.js");
        assert_eq!(ranking_xlsx("nhom-1", "2022"), "data/ranking-nhom-1-2022.xlsx");
        assert_eq!(shortlist_xlsx("2022"), "data/shortlist-2022.xlsx");
        assert_eq!(RESULTS_XLSX, "data/results.xlsx");
        assert_eq!(CARD_HOME, "cards/home.png");
        assert_eq!(card_group("nhom-1"), "cards/groups/nhom-1.png");
        assert_eq!(card_awards("2022"), "cards/awards/2022.png");
        assert_eq!(card_unit("ldld-long-xuyen"), "cards/units/ldld-long-xuyen.png");
        assert_eq!(paged("groups/a/2022/", 1), "groups/a/2022/");
        assert_eq!(paged("groups/a/2022/", 3), "groups/a/2022/page/3/");
        assert_eq!(file(&unit("a")), "units/a/index.html");
        assert_eq!(file(HOME), "index.html");
    }

    #[test]
    fn the_root_folders_and_files_are_those_the_addresses_start_with() {
        let m = Month::parse("2023-06").unwrap();
        let folders = [
            GROUPS,
            AWARDS,
            MONTHS,
            NEWS,
            UNITS,
            RESULTS_JSON,
            SEARCH_MANIFEST,
            RESULTS_XLSX,
            RESULTS_JSON,
            &group("g"),
            &unit("u"),
            &month(m),
            &ranking_csv("g", "p"),
            CARD_HOME,
            &card_group("g"),
            &card_awards("p"),
            &card_unit("u"),
        ];
        for address in folders {
            let top = address.split('/').next().unwrap();
            assert!(FOLDERS.contains(&top), "{address}");
        }
        for f in [file(HOME).as_str(), NOT_FOUND, FEED, SITEMAP, NOJEKYLL] {
            assert!(ROOT_FILES.contains(&f), "{f}");
        }
    }
}
