//! The HTTP server: one tokio thread, and the answer to each request — a file of the
//! site (a page with the live-reload script added), a redirect, or the site's 404 page.

use super::live::{LIVE_JS, OWN, SERVE_CSS, addition, events, no_site_page, rfind_ascii_ci};
use super::rebuild::Served;
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, Method, Request, Response, StatusCode, header};
use std::net::TcpListener;
use std::sync::{Arc, RwLock};

/// What the server's requests share.
pub(super) struct State {
    pub(super) served: RwLock<Arc<Served>>,
    /// The path the site is served under, decoded, ending in `/`.
    pub(super) prefix: String,
    /// The same, as written in the address.
    pub(super) path: String,
    /// The generation of each change, to the pages' event streams.
    pub(super) events: tokio::sync::broadcast::Sender<u64>,
}

/// Starts the server on its own thread.
pub(super) fn start_server(listener: TcpListener, state: Arc<State>) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_io().enable_time().build()?;
    let listener = {
        let _guard = runtime.enter();
        tokio::net::TcpListener::from_std(listener)?
    };
    std::thread::Builder::new().name("podium-serve".into()).spawn(move || {
        let app = axum::Router::new().fallback(move |request: Request<Body>| {
            let state = state.clone();
            async move { respond(&state, &request) }
        });
        runtime.block_on(async move {
            let _ = axum::serve(listener, app).await;
        });
    })?;
    Ok(())
}

/// Answers one request.
fn respond(state: &Arc<State>, request: &Request<Body>) -> Response<Body> {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
        r.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let raw = request.uri().path();
    let Some(path) = site_path(raw) else {
        return plain(StatusCode::BAD_REQUEST, "400 Bad Request\n");
    };
    let served = state.served.read().unwrap_or_else(|p| p.into_inner()).clone();
    let Some(rest) = path.strip_prefix(state.prefix.as_str()) else {
        // The root of the server, or the site's path without its final `/`: to the site.
        if path == "/" || path == state.prefix.trim_end_matches('/') {
            return redirect(StatusCode::FOUND, &state.path);
        }
        return not_found(state, &served);
    };
    if rest.starts_with('/') || rest.contains("//") {
        return not_found(state, &served);
    }
    if let Some(own) = rest.strip_prefix(OWN) {
        return match own {
            "live.js" => file(StatusCode::OK, "live.js", Bytes::from_static(LIVE_JS.as_bytes())),
            "serve.css" => file(StatusCode::OK, "serve.css", Bytes::from_static(SERVE_CSS.as_bytes())),
            "events" => events(state, served.generation),
            _ => not_found(state, &served),
        };
    }
    let Some(files) = &served.files else {
        // No good build yet: every page shows the problems.
        return match &served.problems {
            Some(problems) if rest.is_empty() || rest.ends_with('/') || rest.ends_with(".html") => {
                let page = no_site_page(state, &served, problems);
                file(StatusCode::INTERNAL_SERVER_ERROR, "index.html", Bytes::from(page))
            }
            _ => plain(StatusCode::NOT_FOUND, "404 Not Found\n"),
        };
    };
    let key = if rest.is_empty() || rest.ends_with('/') { format!("{rest}index.html") } else { rest.to_string() };
    match files.get(&key) {
        Some(bytes) => page_or_file(state, &served, StatusCode::OK, &key, bytes),
        // A folder asked for without its final `/`: to the folder, so that its relative links work.
        None if files.contains_key(&format!("{key}/index.html")) => {
            redirect(StatusCode::MOVED_PERMANENTLY, &format!("{raw}/"))
        }
        None => not_found(state, &served),
    }
}

/// The site's 404 page (with the status 404), or a plain answer when it has none.
fn not_found(state: &Arc<State>, served: &Served) -> Response<Body> {
    match served.files.as_ref().and_then(|f| f.get(crate::urls::NOT_FOUND)) {
        Some(bytes) => page_or_file(state, served, StatusCode::NOT_FOUND, crate::urls::NOT_FOUND, bytes),
        None => plain(StatusCode::NOT_FOUND, "404 Not Found\n"),
    }
}

/// A file of the site; an HTML page with the live-reload script (and the problems) added.
fn page_or_file(state: &Arc<State>, served: &Served, status: StatusCode, path: &str, bytes: &Bytes) -> Response<Body> {
    if !path.ends_with(".html") {
        return file(status, path, bytes.clone());
    }
    let added = addition(state, served);
    let cut = rfind_ascii_ci(bytes, b"</body").unwrap_or(bytes.len());
    let mut page = Vec::with_capacity(bytes.len() + added.len());
    page.extend_from_slice(&bytes[..cut]);
    page.extend_from_slice(added.as_bytes());
    page.extend_from_slice(&bytes[cut..]);
    file(status, path, Bytes::from(page))
}

fn file(status: StatusCode, path: &str, bytes: Bytes) -> Response<Body> {
    let mut r = Response::new(Body::from(bytes));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(path)));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    r
}

fn plain(status: StatusCode, text: &'static str) -> Response<Body> {
    file(status, "error.txt", Bytes::from_static(text.as_bytes()))
}

fn redirect(status: StatusCode, to: &str) -> Response<Body> {
    let mut r = plain(status, "");
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// The content type of a file of the site, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pdf" => "application/pdf",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// The decoded path of a request, when it is one the site may have: `None` (400) for a
/// bad `%` escape, bytes that are not UTF-8 (overlong forms included), a NUL or other
/// control character, a backslash, or a `.` or `..` segment.
pub fn site_path(raw: &str) -> Option<String> {
    let path = percent_decode(raw)?;
    let bad_char = path.chars().any(|c| c == '\\' || c.is_control());
    let bad_segment = path.split('/').any(|s| s == "." || s == "..");
    (path.starts_with('/') && !bad_char && !bad_segment).then_some(path)
}

/// Decodes `%XX` escapes; `None` for a broken escape or bytes that are not UTF-8.
pub(super) fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_outside_the_site_are_refused() {
        assert_eq!(site_path("/").as_deref(), Some("/"));
        assert_eq!(site_path("/units/an-giang/").as_deref(), Some("/units/an-giang/"));
        assert_eq!(site_path("/thi-%C4%91ua/").as_deref(), Some("/thi-đua/"));
        for bad in [
            "/../etc/passwd",
            "/a/../../b",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc",
            "/..%2f..%2fetc",
            "/a/./b",
            "/%5c..%5cetc",
            "/\\..\\etc",
            "/a%00b",
            "/%c0%ae%c0%ae/etc",
            "/%e0%80%ae/",
            "/%zz",
            "/%4",
            "relative",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("a/b.XLSX"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assert_eq!(content_type("fonts/x.woff2"), "font/woff2");
        assert_eq!(content_type(".nojekyll"), "application/octet-stream");
        assert_eq!(content_type("Makefile"), "application/octet-stream");
    }
}
