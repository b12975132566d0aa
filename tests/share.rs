//! Issue 13, link sharing: every page has a description of its own and the Open Graph
//! and Twitter card tags of a link preview; the share cards are 1200 × 630 PNG files,
//! the same bytes on every build; a unit's page shows its own card while the project
//! has at most `share_card_units` units, its group's beyond.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// The `<meta>` tags of a page's head: `name` or `property` → `content`, unescaped.
fn metas(html: &str) -> BTreeMap<String, String> {
    let head = &html[..html.find("</head>").expect("a head")];
    let mut out = BTreeMap::new();
    for tag in head.split("<meta ").skip(1) {
        let tag = &tag[..tag.find('>').unwrap()];
        let attr = |name: &str| {
            let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
            Some(unescape(&tag[start..start + tag[start..].find('"')?]))
        };
        if let (Some(key), Some(content)) = (attr("name").or_else(|| attr("property")), attr("content")) {
            assert!(out.insert(key.clone(), content).is_none(), "{key} twice");
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// A PNG's width and height, read from its IHDR chunk after checking the signature,
/// then the whole image decoded.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    let (w, h) = (be(&bytes[16..20]), be(&bytes[20..24]));
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().expect("a valid PNG");
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut pixels).expect("the image decodes");
    assert_eq!((frame.width, frame.height), (w, h));
    (w, h)
}

/// Every page kind of the basic fixture (base_url set): its file.
const PAGES: &[&str] = &[
    "index.html",
    "groups/index.html",
    "groups/nhom-1/index.html",
    "groups/nhom-1/2022/index.html",
    "groups/nhom-4/index.html",
    "units/alpha/index.html",
    "units/beta/index.html",
    "units/office/index.html",
    "awards/index.html",
    "awards/2022/index.html",
    "months/index.html",
    "months/2023-03/index.html",
    "news/index.html",
    "news/launch/index.html",
    "about/index.html",
];

fn built(project: &Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(project, &site);
    (out, site)
}

#[test]
fn every_page_has_its_own_description_and_a_link_preview() {
    let (_out, site) = built(&fixture("basic"));
    let base = "https://example.org/thi-dua";
    let mut descriptions = BTreeMap::new();
    for page in PAGES {
        let html = read(&site, page);
        let m = metas(&html);
        let description = m.get("description").unwrap_or_else(|| panic!("{page}: no description"));
        assert!(description.chars().count() >= 30, "{page}: {description:?}");
        assert_ne!(description, "A small fixture project for podium's tests", "{page}: the site's description");
        assert!(!description.contains('<') && !description.contains('{'), "{page}: {description:?}");
        if let Some(other) = descriptions.insert(description.clone(), page) {
            panic!("{page} and {other} have the same description: {description}");
        }
        assert_eq!(m.get("og:description"), Some(description), "{page}");
        let title = html.split("<title>").nth(1).unwrap().split("</title>").next().unwrap();
        assert!(unescape(title).starts_with(&m["og:title"]), "{page}: {title} / {}", m["og:title"]);
        assert_eq!(m["og:site_name"], "Basic campaign results");
        assert_eq!(m["og:locale"], "vi_VN");
        assert_eq!(m["og:type"], if page.starts_with("news/launch") { "article" } else { "website" }, "{page}");
        let dir = page.strip_suffix("index.html").unwrap();
        assert_eq!(m["og:url"], format!("{base}/{dir}"), "{page}");
        assert!(html.contains(&format!("<link rel=\"canonical\" href=\"{base}/{dir}\">")), "{page}");
        // The image: a card of the site, at its absolute address.
        let image = m["og:image"].strip_prefix(&format!("{base}/")).unwrap_or_else(|| panic!("{page}: {m:?}"));
        assert!(image.starts_with("cards/") && image.ends_with(".png"), "{page}: {image}");
        let card = fs::read(site.join(image)).unwrap_or_else(|e| panic!("{page}: {image}: {e}"));
        assert_eq!(png_size(&card), (1200, 630), "{image}");
        assert_eq!((m["og:image:width"].as_str(), m["og:image:height"].as_str()), ("1200", "630"));
        assert_eq!(m["og:image:type"], "image/png");
        assert!(m["og:image:alt"].len() > 10, "{page}");
        assert_eq!(m["twitter:card"], "summary_large_image");
    }
    // The images pages show.
    let image = |page: &str| metas(&read(&site, page))["og:image"].clone();
    assert_eq!(image("index.html"), format!("{base}/cards/home.png"));
    assert_eq!(image("groups/nhom-1/2022/index.html"), format!("{base}/cards/groups/nhom-1.png"));
    assert_eq!(image("awards/2022/index.html"), format!("{base}/cards/awards/2022.png"));
    assert_eq!(image("units/alpha/index.html"), format!("{base}/cards/units/alpha.png"));
    // The 404 page says nothing to share and stays out of search engines.
    let not_found = read(&site, "404.html");
    assert!(!not_found.contains("name=\"description\"") && !not_found.contains("og:"), "{not_found}");
    assert!(not_found.contains("noindex"));
}

#[test]
fn a_description_says_what_its_page_shows() {
    let (_out, site) = built(&fixture("basic"));
    let description = |page: &str| metas(&read(&site, page))["description"].clone();
    // A unit: its rank, percentage and awards in the current period, as its page shows
    // them (the page lists the periods latest first).
    for (unit, qualified) in [("alpha", true), ("beta", false)] {
        let html = read(&site, &format!("units/{unit}/index.html"));
        let current = html.split("<section class=\"period\">").nth(1).unwrap();
        let between = |from: &str, to: &str| current.split(from).nth(1).unwrap().split(to).next().unwrap().to_string();
        let percent = between("<span class=\"pct-big\">", "<");
        let rank = between(">Xếp hạng trong nhóm</dt>\n      <dd><a href=\"", "</a>");
        let rank = rank.split('>').nth(1).unwrap().replace(" / ", "/");
        let verdict = if qualified {
            format!("đạt, khen thưởng {}", between("<dd><strong>", "</strong>"))
        } else {
            assert!(current.contains("<dd>Chưa đạt</dd>"), "{current}");
            "chưa đạt".to_string()
        };
        assert_eq!(
            description(&format!("units/{unit}/index.html")),
            format!(
                "Group 1, First quarter 2023: hạng {rank} · hoàn thành {percent} chỉ tiêu · {verdict}. Số liệu đến hết tháng 03/2023."
            )
        );
    }
    assert_eq!(
        description("units/alpha/index.html"),
        "Group 1, First quarter 2023: hạng 1/3 · hoàn thành 103,33% chỉ tiêu · đạt, khen thưởng 02 tập thể và 05 cá nhân. Số liệu đến hết tháng 03/2023."
    );
    // A unit of a pooled group: the group's result.
    assert!(
        description("units/office/index.html")
            .starts_with("Group 4, First quarter 2023: khen thưởng tính chung cho cả nhóm · nhóm hoàn thành ")
    );
    // A ranking: its leader; a past period: as it ended.
    assert_eq!(
        description("groups/nhom-1/2022/index.html"),
        "Group 1, Year 2022: xếp hạng 3 đơn vị theo tỷ lệ hoàn thành chỉ tiêu · dẫn đầu: Alpha City Federation (120,00%). Số liệu đến hết tháng 03/2022."
    );
    assert!(
        description("index.html")
            .starts_with("Xếp hạng 4 đơn vị trong 2 nhóm thi đua và khen thưởng, số liệu đến hết tháng 03/2023")
    );
    assert_eq!(description("news/launch/index.html"), "The federation launches the 2022–2023 drive.");
    assert!(description("awards/2022/index.html").starts_with("Year 2022: 2 đơn vị đạt chỉ tiêu; tổng số bằng khen: "));
}

#[test]
fn a_page_without_text_of_its_own_falls_back_to_the_site_description() {
    let project = copy_fixture("basic");
    write(project.path(), "pages/contacts.md", "---\ntitle: \"Contacts\"\n---\n## Only a heading\n");
    write(project.path(), "pages/people.md", "---\ntitle: \"People\"\n---\n# Staff\n\n- Ms A, chair\n- Mr B\n");
    let long = "word ".repeat(60);
    write(project.path(), "pages/long.md", format!("---\ntitle: \"Long\"\n---\n{long}\n"));
    let (_out, site) = built(project.path());
    let description = |page: &str| metas(&read(&site, page))["description"].clone();
    assert_eq!(description("contacts/index.html"), "A small fixture project for podium's tests");
    assert_eq!(description("people/index.html"), "Ms A, chair Mr B");
    let cut = description("long/index.html");
    assert!(cut.ends_with("word…") && cut.chars().count() <= 161, "{cut}");
}

#[test]
fn without_base_url_the_tags_that_need_an_absolute_address_are_left_out() {
    let project = copy_fixture("basic");
    replace(project.path(), "site.yaml", "\"https://example.org/thi-dua\"", "\"\"");
    let (_out, site) = built(project.path());
    for page in PAGES {
        let m = metas(&read(&site, page));
        for key in ["og:url", "og:image", "og:image:width", "og:image:height", "og:image:alt", "og:image:type"] {
            assert!(!m.contains_key(key), "{page}: {key}");
        }
        assert_eq!(m["twitter:card"], "summary", "{page}");
        for key in ["description", "og:description", "og:title", "og:type", "og:site_name", "og:locale"] {
            assert!(!m[key].is_empty(), "{page}: {key}");
        }
    }
    // The cards are still drawn, for readers to download and post.
    assert_eq!(png_size(&fs::read(site.join("cards/units/alpha.png")).unwrap()), (1200, 630));
}

#[test]
fn units_have_cards_of_their_own_up_to_share_card_units() {
    let project = copy_fixture("basic");
    let base = "https://example.org/thi-dua";
    // Four units: a limit of four keeps their cards, three gives them their group's.
    for (limit, own) in [(4, true), (3, false)] {
        write(
            project.path(),
            "site.yaml",
            format!(
                "{}share_card_units: {limit}\n",
                fs::read_to_string(fixture("basic").join("data/site.yaml")).unwrap()
            ),
        );
        let (_out, site) = built(project.path());
        let mut cards: Vec<String> = tree(&site.join("cards")).into_keys().collect();
        cards.sort();
        let mut expected =
            vec!["awards/2022.png", "awards/2023.png", "groups/nhom-1.png", "groups/nhom-4.png", "home.png"];
        if own {
            expected.extend(["units/alpha.png", "units/beta.png", "units/gamma.png", "units/office.png"]);
        }
        expected.sort();
        assert_eq!(cards, expected, "limit {limit}");
        let image = |unit: &str| metas(&read(&site, &format!("units/{unit}/index.html")))["og:image"].clone();
        let alt = |unit: &str| metas(&read(&site, &format!("units/{unit}/index.html")))["og:image:alt"].clone();
        if own {
            assert_eq!(image("alpha"), format!("{base}/cards/units/alpha.png"));
            assert_eq!(image("office"), format!("{base}/cards/units/office.png"));
            assert!(alt("alpha").starts_with("Alpha City Federation · "), "{}", alt("alpha"));
        } else {
            assert_eq!(image("alpha"), format!("{base}/cards/groups/nhom-1.png"));
            assert_eq!(image("office"), format!("{base}/cards/groups/nhom-4.png"));
            assert!(alt("alpha").starts_with("Group 1 · "), "{}", alt("alpha"));
        }
        for card in &cards {
            assert_eq!(png_size(&fs::read(site.join("cards").join(card)).unwrap()), (1200, 630), "{card}");
        }
        // Cards are files to link to, not pages: the sitemap has none.
        assert!(!read(&site, "sitemap.xml").contains("cards/"));
    }
}

#[test]
fn cards_are_the_same_bytes_on_every_build_and_small() {
    let (_a, first) = built(&repo());
    let (_b, second) = built(&repo());
    let (a, b) = (tree(&first.join("cards")), tree(&second.join("cards")));
    assert!(a.len() > 20, "the sample's cards: {:?}", a.keys());
    assert_same_tree(&a, &b, "the sample's cards");
    for (name, bytes) in &a {
        assert_eq!(png_size(bytes), (1200, 630), "{name}");
        assert!(bytes.len() < 60 * 1024, "{name}: {} bytes", bytes.len());
    }
}

#[test]
fn hostile_names_are_escaped_in_descriptions_and_tags_and_drawn_on_cards() {
    let project = copy_fixture("escaping");
    let (_out, site) = built(project.path());
    let html = read(&site, "units/script/index.html");
    let head = &html[..html.find("</head>").unwrap()];
    assert!(!head.contains("<script") && !head.contains("<b>"), "{head}");
    let m = metas(&html);
    // The group's name reaches the description and the card's text as it was written.
    assert!(m["description"].starts_with("<script>alert(1)</script> Group, "), "{m:?}");
    assert!(m["og:image:alt"].starts_with("<script>alert(1)</script> Unit · <script>alert(1)</script> Group"), "{m:?}");
    assert_eq!(m["og:title"], "<script>alert(1)</script> Unit");
    assert!(head.contains("content=\"&lt;script&gt;alert(1)&lt;/script&gt; Group, "), "{head}");
    assert!(head.contains(
        "<meta property=\"og:site_name\" content=\"Results &lt;script&gt;alert(&#39;site&#39;)&lt;/script&gt;\">"
    ));
    // Quotes cannot end an attribute early.
    let quoted = metas(&read(&site, "units/quote/index.html"));
    assert_eq!(quoted["og:title"], "Unit \"quoted\" & <b>bold</b>");
    for card in ["units/script.png", "units/quote.png", "groups/g.png", "home.png"] {
        assert_eq!(png_size(&fs::read(site.join("cards").join(card)).unwrap()), (1200, 630), "{card}");
    }
}
