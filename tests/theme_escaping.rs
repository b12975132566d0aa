//! Issue 17: what `| safe` does in a theme template, as docs/site.md says: it prints a value
//! without escaping, so podium warns where a template uses it on anything but the HTML it
//! made itself.

mod common;

use common::*;
use std::fs;

#[test]
fn safe_on_data_text_is_warned_about_and_does_what_the_docs_say() {
    let project = copy_fixture("basic");
    let templates = project.path().join("themes/default/templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(
        templates.join("news_post.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ title | safe }}</h1>\n{{ body | safe }}\n{% endblock content %}\n",
    )
    .unwrap();
    let news = project.path().join("data/news/2022-03-10-launch.md");
    let text = fs::read_to_string(&news).unwrap();
    let (_, body) = text.split_once("\n---\n").unwrap();
    fs::write(&news, format!("---\ntitle: \"<em>Launch</em>\"\n---\n{body}")).unwrap();

    let out = run(&["check", "--lang", "en", path(project.path())]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "themes/default/templates/news_post.html:3:16: warning: `safe` prints `title` without escaping: text from the data would be published as HTML — remove `| safe`: podium escapes text for you; it is meant only for `body`, `chart` and `css`, which are HTML already"
        ),
        "{}",
        stderr(&out)
    );
    // `body | safe` (sanitised Markdown) is not warned about.
    assert_eq!(stderr(&out).matches("`safe` prints").count(), 1, "{}", stderr(&out));

    let site = project.path().join("site");
    build(project.path(), &site);
    let page = read(&site, "news/launch/index.html");
    assert!(page.contains("<h1><em>Launch</em></h1>"), "`| safe` prints the title as it is: {page}");
    // Without `| safe` the same title is escaped.
    fs::remove_file(templates.join("news_post.html")).unwrap();
    build(project.path(), &site);
    let page = read(&site, "news/launch/index.html");
    assert!(
        page.contains("&lt;em&gt;Launch&lt;&#x2F;em&gt;") || page.contains("&lt;em&gt;Launch&lt;/em&gt;"),
        "{page}"
    );
}
