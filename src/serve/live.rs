//! What serving adds to the site: the live-reload script and its stream of change
//! events, and the data's problems shown over every page.

use super::rebuild::Served;
use super::server::State;
use crate::render::escape;
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, Response, header};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

/// Where the server's own files are, below the site's path.
pub(super) const OWN: &str = "__podium/";

/// The problems of the data, as shown over the pages.
#[derive(PartialEq, Eq)]
pub(super) struct Problems {
    /// The lines `podium check` prints.
    pub(super) lines: Vec<String>,
    /// What the page shows above them.
    pub(super) note: String,
    /// The language code, for the page shown when there is no site yet.
    pub(super) lang: &'static str,
}

impl Problems {
    /// The panel shown over a page (every text escaped).
    fn panel(&self) -> String {
        let mut html = String::from("<div id=\"podium-serve-problems\" role=\"alert\"><p>");
        html.push_str(&escape::html(&self.note));
        html.push_str("</p><pre>");
        for line in &self.lines {
            html.push_str(&escape::html(line));
            html.push('\n');
        }
        html.push_str("</pre></div>");
        html
    }
}

/// What a served page gets before its `</body>`: the problems, the live-reload script.
pub(super) fn addition(state: &State, served: &Served) -> String {
    let mut html = String::new();
    let href = escape::html(&state.path);
    if let Some(problems) = &served.problems {
        html.push_str(&format!("<link rel=\"stylesheet\" href=\"{href}{OWN}serve.css\">"));
        html.push_str(&problems.panel());
    }
    html.push_str(&format!("<script src=\"{href}{OWN}live.js\" data-generation=\"{}\"></script>", served.generation));
    html
}

/// The page served when no build has succeeded yet.
pub(super) fn no_site_page(state: &State, served: &Served, problems: &Problems) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>podium</title>\n</head>\n<body>\n{}\n</body>\n</html>\n",
        problems.lang,
        addition(state, served)
    )
}

/// The position of the last `needle` (ASCII, lower-case) in `hay`, in any case.
pub(super) fn rfind_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=hay.len().checked_sub(needle.len())?).rev().find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The stream of change events for one page.
pub(super) fn events(state: &Arc<State>, generation: u64) -> Response<Body> {
    let receiver = state.events.subscribe();
    let hello = format!("retry: 1000\nevent: hello\ndata: {generation}\n\n");
    let stream = futures_util::stream::unfold((receiver, Some(hello)), |(mut receiver, hello)| async move {
        if let Some(hello) = hello {
            return Some((Ok::<Bytes, Infallible>(Bytes::from(hello)), (receiver, None)));
        }
        let text = match tokio::time::timeout(Duration::from_secs(20), receiver.recv()).await {
            Ok(Ok(g)) => format!("event: reload\ndata: {g}\n\n"),
            // Fell behind: the page is out of date anyway.
            Ok(Err(tokio::sync::broadcast::error::RecvError::Lagged(_))) => "event: reload\ndata: lagged\n\n".into(),
            Ok(Err(tokio::sync::broadcast::error::RecvError::Closed)) => return None,
            // A comment now and then keeps the connection open through proxies.
            Err(_) => ": still here\n\n".into(),
        };
        Some((Ok(Bytes::from(text)), (receiver, None)))
    });
    let mut r = Response::new(Body::from_stream(stream));
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The script served pages load: reloads the page when the site changes.
pub(super) const LIVE_JS: &str = r#"// podium serve: reloads the page when the site is rebuilt (never part of a built site).
(function () {
  var me = document.currentScript;
  if (!me || !window.EventSource) return;
  var shown = me.getAttribute("data-generation");
  var url = me.src.replace(/live\.js(\?.*)?$/, "events");
  var events = null;
  function check(e) {
    if (e.data !== shown) {
      events.close();
      location.reload();
    }
  }
  function listen() {
    events = new EventSource(url);
    events.addEventListener("hello", check);
    events.addEventListener("reload", check);
  }
  // A hidden tab lets go of its connection (a browser opens only a few to one
  // server); shown again, it learns at once whether the site changed meanwhile.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden && events) {
      events.close();
      events = null;
    } else if (!document.hidden && !events) {
      listen();
    }
  });
  if (!document.hidden) listen();
})();
"#;

/// The look of the problems shown over a served page.
pub(super) const SERVE_CSS: &str = r#"/* podium serve: the data's problems over the page (never part of a built site). */
#podium-serve-problems {
  position: fixed; left: 0; right: 0; bottom: 0; z-index: 2147483647;
  max-height: 60vh; overflow: auto; box-sizing: border-box;
  margin: 0; padding: 0.75rem 1rem; border-top: 4px solid #b00020;
  background: #fff; color: #1a1a1a; font: 1rem/1.4 system-ui, sans-serif;
  box-shadow: 0 -2px 12px rgba(0, 0, 0, 0.3);
}
#podium-serve-problems p { margin: 0 0 0.5rem; font-weight: bold; color: #b00020; }
#podium-serve-problems pre {
  margin: 0; white-space: pre-wrap; overflow-wrap: anywhere;
  font: 0.875rem/1.4 ui-monospace, monospace;
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        assert_eq!(rfind_ascii_ci(b"<body></BODY>", b"</body"), Some(6));
        assert_eq!(rfind_ascii_ci(b"x", b"</body"), None);
    }

    #[test]
    fn problems_are_escaped_in_the_panel() {
        let p = Problems { lines: vec!["data/a.csv:1:2: error: <b>&".into()], note: "n<".into(), lang: "vi" };
        let html = p.panel();
        assert!(html.contains("data/a.csv:1:2: error: &lt;b&gt;&amp;"), "{html}");
        assert!(html.contains("n&lt;"), "{html}");
    }
}
