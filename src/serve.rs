//! `podium serve`: a preview of the site on this computer that follows the data.
//!
//! The site is rendered into memory (a map from path to bytes, replaced as a whole
//! after each successful build): `site/` and any build's output are never touched.
//! A small HTTP/1 server (axum on one tokio thread) serves that map and nothing else,
//! under the path of the site's `base_url`; a watcher (native events, or polling
//! where those are missing) rebuilds on every change to `data/` and `themes/`, and
//! open pages reload through server-sent events. When the data turns bad, the last
//! good site stays served with the problems shown over every page.
//!
//! Only served HTML pages change: a `<script>` (a file of the server's, not inline,
//! so that a theme's own Content-Security-Policy of `'self'` still admits it) and,
//! while there are problems, their list.

use crate::commands::{Failure, render_into, usage};
use crate::error::{Diagnostics, Location};
use crate::model::Language;
use crate::msg;
use crate::render::Sink;
use crate::render::escape;
use crate::render::text::Lang;
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, Method, Request, Response, StatusCode, header};
use notify::Watcher;
use std::collections::{BTreeMap, HashMap};
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// The port tried first when none is asked for; any free port when it is taken.
pub const PREFERRED_PORT: u16 = 4747;

/// Where the server's own files are, below the site's path.
const OWN: &str = "__podium/";

/// How long the files must be quiet after a change before the site is rebuilt.
const QUIET: Duration = Duration::from_millis(60);

/// The longest a rebuild waits for the changes to stop.
const QUIET_AT_MOST: Duration = Duration::from_secs(2);

/// How often the polling watcher looks at the files.
const POLL_EVERY: Duration = Duration::from_millis(300);

/// What `serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The project folder (holding `data/`).
    pub project: PathBuf,
    /// The address to listen on (loopback unless asked).
    pub bind: IpAddr,
    /// The port; `None`: [`PREFERRED_PORT`] if free, else any free one; `Some(0)`: any free one.
    pub port: Option<u16>,
    /// The published address, in place of site.yaml's `base_url` (checked by
    /// [`crate::commands::base_url_arg`]); its path is where the site is served.
    pub base_url: Option<String>,
    /// Poll the files instead of waiting for the system's change events.
    pub poll: bool,
    /// The language of the problems shown in the page (`--lang`); `None`: the site's.
    pub language: Option<Language>,
}

impl ServeOptions {
    /// Serving the project in `project` on the loopback address, with nothing else asked.
    pub fn new(project: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions {
            project: project.into(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: None,
            base_url: None,
            poll: false,
            language: None,
        }
    }
}

/// What `serve` tells its caller as it goes (the command line prints it).
pub enum Note<'a> {
    /// The problems of a build (every build, even when there are none).
    Diagnostics(&'a Diagnostics),
    /// A build failed for a reason that is not in the diagnostics (a template, a usage error).
    Failed(&'a Failure),
    /// The server listens at `url`; `text` says so in the site's language, with how to stop.
    Listening { url: String, text: String },
    /// A line to print, in the site's language.
    Say(String),
}

/// Serves the project until the process ends. Returns only when it cannot start: no
/// project there (a usage error), or the address cannot be listened on.
pub fn serve(options: &ServeOptions, report: &mut dyn FnMut(Note<'_>)) -> Failure {
    let dir = options.project.as_path();
    let listener = match listen(options.bind, options.port) {
        Ok(l) => l,
        Err(f) => return f,
    };
    let local = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            let address = options.bind.to_string();
            return usage(Location::file(""), msg!("serve-listen-failed", address = address, error = e.to_string()));
        }
    };
    // The published address says where the site is served: its path, at this server.
    let published = match &options.base_url {
        Some(b) => b.clone(),
        None => crate::load::site_quietly(dir).map(|s| s.base_url).unwrap_or_default(),
    };
    let path = url_path(&published);
    let host = match local.ip() {
        ip if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        ip => ip,
    };
    let origin = format!("http://{}", SocketAddr::new(host, local.port()));
    // A site with an address is previewed at this server's (its feed, sitemap, share
    // images and 404 page link here); one without stays without.
    let base_url = if published.is_empty() { options.base_url.clone() } else { Some(format!("{origin}{path}")) };
    let prefix = percent_decode(&path).unwrap_or_else(|| path.clone()) + "/";
    let url = format!("{origin}{path}/");

    let mut builder =
        Builder { dir: dir.to_path_buf(), base_url, lang: strings_of(dir), language: options.language, last: None };
    let (served, failure) = builder.build(report);
    if let Some(f @ Failure::Usage(_)) = failure {
        return f;
    }
    let state = Arc::new(State {
        served: RwLock::new(Arc::new(served)),
        prefix,
        path: format!("{path}/"),
        events: tokio::sync::broadcast::channel(16).0,
    });
    let (tx, rx) = mpsc::channel();
    let (mut watching, polling) = match Watching::start(dir, options.poll, tx) {
        Ok(w) => w,
        Err(e) => {
            return usage(Location::file(dir.display().to_string()), msg!("serve-watch-failed", error = e.to_string()));
        }
    };
    if let Err(e) = start_server(listener, state.clone()) {
        return usage(Location::file(""), msg!("serve-start-failed", error = e.to_string()));
    }
    let lang = &builder.lang;
    let mut text = lang.fill("serve_address", &[("url", &url)]);
    if local.ip().is_unspecified() {
        text.push_str(&format!(" ({})", lang.fill("serve_all_interfaces", &[("port", &local.port().to_string())])));
    }
    text.push('\n');
    text.push_str(lang.t("serve_stop"));
    if let Some(why) = polling {
        report(Note::Say(format!("{} ({why})", lang.t("serve_polling"))));
    }
    report(Note::Listening { url, text });

    // Rebuild on every change, once the files have been quiet for a moment.
    let mut pending = None;
    loop {
        let Some(first) = pending.take().or_else(|| rx.recv().ok()) else {
            return usage(Location::file(""), msg!("serve-watcher-stopped"));
        };
        let started = Instant::now();
        let mut changes = vec![first];
        loop {
            match rx.recv_timeout(QUIET) {
                Ok(c) => changes.push(c),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            if started.elapsed() > QUIET_AT_MOST {
                break;
            }
        }
        let relevant = changes.iter().any(|c| match c {
            Change::Paths(paths) => paths.iter().any(|p| watching.concerns(p)),
            Change::Unknown => true,
        });
        if !relevant {
            continue;
        }
        let paths: Vec<&PathBuf> = changes
            .iter()
            .flat_map(|c| match c {
                Change::Paths(p) => p.as_slice(),
                Change::Unknown => &[],
            })
            .collect();
        watching.refresh(&paths);
        let (served, failure) = builder.build(report);
        // Files still being written fail to load: when more changes came meanwhile, the
        // next build says whether the data is really broken.
        if failure.is_some()
            && let Ok(next) = rx.try_recv()
        {
            pending = Some(next);
            continue;
        }
        let mut current = state.served.write().unwrap_or_else(|p| p.into_inner());
        if served.same_as(&current) {
            continue;
        }
        let generation = current.generation + 1;
        *current = Arc::new(Served { generation, ..served });
        drop(current);
        let _ = state.events.send(generation);
    }
}

/// Binds the listening socket: the port asked for, or the preferred one, or any.
fn listen(bind: IpAddr, port: Option<u16>) -> Result<TcpListener, Failure> {
    let bound = match port {
        Some(p) => TcpListener::bind((bind, p)),
        None => TcpListener::bind((bind, PREFERRED_PORT)).or_else(|_| TcpListener::bind((bind, 0))),
    };
    bound.map_err(|e| {
        let port = port.unwrap_or(0);
        let address = SocketAddr::new(bind, port).to_string();
        usage(Location::file(""), msg!("serve-listen-failed", address = address, error = e.to_string()))
    })
}

/// The path of an address, without its final `/`: `https://x.github.io/thi-dua/` → `/thi-dua`.
fn url_path(url: &str) -> String {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).unwrap_or("");
    match rest.find('/') {
        Some(i) => rest[i..].trim_end_matches('/').to_string(),
        None => String::new(),
    }
}

/// The interface strings for the serve's own messages: the theme's in the site's
/// language when they can be read, else the built-in ones (Vietnamese without a site.yaml).
pub fn strings_of(dir: &Path) -> Lang {
    let site = crate::load::site_quietly(dir);
    let language = site.as_ref().map_or(Language::Vi, |s| s.language);
    let theme = site.as_ref().map_or("default", |s| s.theme.as_str());
    let strings = crate::load::theme::load(dir, theme, language, &mut Diagnostics::new())
        .map(|t| t.strings)
        .unwrap_or_else(|| builtin_strings(language));
    Lang::new(language, strings)
}

fn builtin_strings(language: Language) -> BTreeMap<String, String> {
    let name = format!("i18n/{}.yaml", language.code());
    crate::load::theme::DEFAULT_FILES
        .iter()
        .find(|(path, _)| *path == name)
        .and_then(|(_, bytes)| serde_yaml::from_slice(bytes).ok())
        .unwrap_or_default()
}

/// Builds the site again and again, keeping the last good one.
struct Builder {
    dir: PathBuf,
    base_url: Option<String>,
    /// The strings of the last good build (or of the theme, before any).
    lang: Lang,
    /// `--lang`: the language of the problems, over the site's.
    language: Option<Language>,
    /// The files of the last good build.
    last: Option<Arc<HashMap<String, Bytes>>>,
}

impl Builder {
    /// Builds; returns what to serve now, and why the build failed, if it did.
    fn build(&mut self, report: &mut dyn FnMut(Note<'_>)) -> (Served, Option<Failure>) {
        let started = Instant::now();
        let memory = Memory::new(self.last.clone());
        let mut diagnostics = Diagnostics::new();
        let built = render_into(
            &self.dir,
            self.base_url.as_deref(),
            &mut |d| {
                diagnostics = d.clone();
                report(Note::Diagnostics(d));
            },
            &memory,
        );
        match built {
            Ok(rendered) => {
                self.lang = rendered.lang;
                let files = match memory.into_files() {
                    // Nothing changed: the same files, so that no page reloads.
                    None => self.last.clone().unwrap_or_default(),
                    Some(files) => Arc::new(files),
                };
                self.last = Some(files.clone());
                let (pages, ms) = (rendered.stats.pages.to_string(), started.elapsed().as_millis().to_string());
                report(Note::Say(self.lang.fill("serve_built", &[("pages", &pages), ("ms", &ms)])));
                (Served { files: Some(files), problems: None, generation: 0 }, None)
            }
            Err(failure) => {
                if !matches!(failure, Failure::Invalid) {
                    report(Note::Failed(&failure));
                }
                self.lang = strings_of(&self.dir);
                // In the site's language, as the terminal says them (unless --lang says otherwise).
                let language = self.language.unwrap_or(self.lang.language);
                let mut lines: Vec<String> = diagnostics.sorted().iter().map(|d| d.render(language)).collect();
                match &failure {
                    Failure::Invalid => {
                        let (e, w) = (diagnostics.error_count(), diagnostics.warning_count());
                        lines.push(msg!("summary-counts", errors = e, warnings = w).text(language));
                    }
                    other => lines.push(other.render(language)),
                }
                let key = if self.last.is_some() { "serve_problems" } else { "serve_no_site" };
                report(Note::Say(self.lang.t(key).to_string()));
                let problems = Problems { lines, note: self.lang.t(key).to_string(), lang: self.lang.language.code() };
                (Served { files: self.last.clone(), problems: Some(Arc::new(problems)), generation: 0 }, Some(failure))
            }
        }
    }
}

/// A render's files, kept in memory. A file whose bytes are those of the previous
/// build shares them: a rebuild holds only what changed, besides the previous site.
struct Memory {
    previous: Option<Arc<HashMap<String, Bytes>>>,
    paths: Mutex<Vec<String>>,
    files: Mutex<Vec<Option<Bytes>>>,
    /// Files new or different from the previous build's.
    changed: AtomicUsize,
}

impl Memory {
    fn new(previous: Option<Arc<HashMap<String, Bytes>>>) -> Memory {
        Memory { previous, paths: Mutex::default(), files: Mutex::default(), changed: AtomicUsize::new(0) }
    }

    /// The files; `None` when they are the previous build's, all and only.
    fn into_files(self) -> Option<HashMap<String, Bytes>> {
        let paths = self.paths.into_inner().unwrap_or_else(|p| p.into_inner());
        let files = self.files.into_inner().unwrap_or_else(|p| p.into_inner());
        let same = self.changed.into_inner() == 0 && self.previous.as_ref().is_some_and(|p| p.len() == paths.len());
        (!same).then(|| paths.into_iter().zip(files).filter_map(|(p, f)| Some((p, f?))).collect())
    }

    /// The previous build's bytes of `path`, when they are `bytes`; counts a change otherwise.
    fn previous(&self, path: &str, bytes: &[u8]) -> Option<Bytes> {
        let old = self.previous.as_ref().and_then(|p| p.get(path)).filter(|old| old.as_ref() == bytes).cloned();
        if old.is_none() {
            self.changed.fetch_add(1, Ordering::Relaxed);
        }
        old
    }

    fn keep(&self, file: usize, bytes: Bytes) {
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(slot) = files.get_mut(file) {
            *slot = Some(bytes);
        }
    }
}

impl Sink for Memory {
    fn plan(&self, paths: &[&str]) {
        *self.paths.lock().unwrap_or_else(|p| p.into_inner()) = paths.iter().map(|p| p.to_string()).collect();
        *self.files.lock().unwrap_or_else(|p| p.into_inner()) = vec![None; paths.len()];
    }

    fn put(&self, file: usize, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let bytes = self.previous(path, bytes).unwrap_or_else(|| Bytes::copy_from_slice(bytes));
        self.keep(file, bytes);
        Ok(())
    }

    fn put_stream(
        &self,
        file: usize,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        let bytes = self.previous(path, &bytes).unwrap_or_else(|| Bytes::from(bytes));
        self.keep(file, bytes);
        Ok(())
    }

    fn abandon(&self) {}
}

/// The problems of the data, as shown over the pages.
#[derive(PartialEq, Eq)]
struct Problems {
    /// The lines `podium check` prints.
    lines: Vec<String>,
    /// What the page shows above them.
    note: String,
    /// The language code, for the page shown when there is no site yet.
    lang: &'static str,
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

/// What the server serves: the last good site (if any) and the problems of the last build.
struct Served {
    files: Option<Arc<HashMap<String, Bytes>>>,
    problems: Option<Arc<Problems>>,
    /// Counts the changes since the server started; pages reload when it moves on.
    generation: u64,
}

impl Served {
    /// Whether the pages would show the same as `other`'s.
    fn same_as(&self, other: &Served) -> bool {
        let files = match (&self.files, &other.files) {
            // A build that changed nothing keeps the previous files (see `Memory`).
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        files && self.problems == other.problems
    }
}

/// What the server's requests share.
struct State {
    served: RwLock<Arc<Served>>,
    /// The path the site is served under, decoded, ending in `/`.
    prefix: String,
    /// The same, as written in the address.
    path: String,
    /// The generation of each change, to the pages' event streams.
    events: tokio::sync::broadcast::Sender<u64>,
}

/// Starts the server on its own thread.
fn start_server(listener: TcpListener, state: Arc<State>) -> std::io::Result<()> {
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

/// What a served page gets before its `</body>`: the problems, the live-reload script.
fn addition(state: &State, served: &Served) -> String {
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
fn no_site_page(state: &State, served: &Served, problems: &Problems) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>podium</title>\n</head>\n<body>\n{}\n</body>\n</html>\n",
        problems.lang,
        addition(state, served)
    )
}

/// The position of the last `needle` (ASCII, lower-case) in `hay`, in any case.
fn rfind_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=hay.len().checked_sub(needle.len())?).rev().find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The stream of change events for one page.
fn events(state: &Arc<State>, generation: u64) -> Response<Body> {
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
fn percent_decode(raw: &str) -> Option<String> {
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

/// What the watcher saw.
enum Change {
    Paths(Vec<PathBuf>),
    /// Something changed, nobody knows what (the watcher lost track): rebuild.
    Unknown,
}

/// The file watcher and what it watches.
struct Watching {
    watcher: Box<dyn Watcher + Send>,
    dir: PathBuf,
    /// The project folder as the system names it (events may name it so: macOS).
    canonical: PathBuf,
    /// The folders watched with everything in them (`data/`, `themes/` once it exists).
    watched: Vec<PathBuf>,
}

impl Watching {
    fn new(watcher: Box<dyn Watcher + Send>, dir: &Path) -> Watching {
        let canonical = dunce::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        Watching { watcher, dir: dir.to_path_buf(), canonical, watched: Vec::new() }
    }

    /// Starts watching; says why it polls, when it does.
    fn start(dir: &Path, poll: bool, tx: mpsc::Sender<Change>) -> notify::Result<(Watching, Option<String>)> {
        let handler = move |event: notify::Result<notify::Event>| {
            let change = match event {
                Ok(e) if e.need_rescan() => Change::Unknown,
                Ok(e) if matches!(e.kind, notify::EventKind::Access(_)) => return,
                Ok(e) => Change::Paths(e.paths),
                Err(_) => Change::Unknown,
            };
            let _ = tx.send(change);
        };
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let why = if poll { Some("--poll".to_string()) } else { wsl_windows_drive(&dir) };
        if why.is_none() {
            let native = notify::RecommendedWatcher::new(handler.clone(), notify::Config::default())
                .map(|w| Watching::new(Box::new(w), &dir))
                .and_then(|mut w| w.watch_all().map(|_| w));
            match native {
                Ok(w) => return Ok((w, None)),
                Err(e) => return Watching::polling(&dir, handler, e.to_string()),
            }
        }
        Watching::polling(&dir, handler, why.unwrap_or_default())
    }

    fn polling(
        dir: &Path,
        handler: impl notify::EventHandler,
        why: String,
    ) -> notify::Result<(Watching, Option<String>)> {
        // The files' contents are compared too: the watcher reads times to the second
        // only, and a file saved twice in one second must still count.
        let config = notify::Config::default().with_poll_interval(POLL_EVERY).with_compare_contents(true);
        let watcher = notify::PollWatcher::new(handler, config)?;
        let mut w = Watching::new(Box::new(watcher), dir);
        w.watch_all()?;
        Ok((w, Some(why)))
    }

    /// Watches the project folder itself (to see `data/` or `themes/` come and go) and
    /// everything in `data/` and `themes/`.
    fn watch_all(&mut self) -> notify::Result<()> {
        self.watcher.watch(&self.dir, notify::RecursiveMode::NonRecursive)?;
        self.refresh(&[]);
        Ok(())
    }

    /// Watches `data/` and `themes/` when they are (again) there; `changed`: the paths
    /// that changed.
    fn refresh(&mut self, changed: &[&PathBuf]) {
        for name in ["data", "themes"] {
            let folder = self.dir.join(name);
            let present = folder.is_dir();
            let watched = self.watched.contains(&folder);
            let itself =
                changed.iter().any(|p| p.ends_with(name) && self.relative(p).is_some_and(|r| r == Path::new(name)));
            if present && !watched {
                if self.watcher.watch(&folder, notify::RecursiveMode::Recursive).is_ok() {
                    self.watched.push(folder);
                }
            } else if !present && watched {
                let _ = self.watcher.unwatch(&folder);
                self.watched.retain(|f| f != &folder);
            } else if present && itself {
                // A folder replaced by another of the same name (a checkout, a copy): watch anew.
                let _ = self.watcher.unwatch(&folder);
                if self.watcher.watch(&folder, notify::RecursiveMode::Recursive).is_err() {
                    self.watched.retain(|f| f != &folder);
                }
            }
        }
    }

    /// Whether a change at `path` can change the site: a file in `data/` or `themes/`
    /// (or the folders themselves), not an office program's lock file.
    fn concerns(&self, path: &Path) -> bool {
        let Some(rel) = self.relative(path) else {
            return false;
        };
        let top = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let lock = name.starts_with("~$") || name.starts_with(".~lock.") || name.starts_with(".#");
        (top == "data" || top == "themes") && !lock
    }
}

impl Watching {
    /// `path` relative to the project folder, when it is inside.
    fn relative<'a>(&self, path: &'a Path) -> Option<&'a Path> {
        path.strip_prefix(&self.dir).or_else(|_| path.strip_prefix(&self.canonical)).ok()
    }
}

/// On WSL, a project on a Windows drive (`/mnt/c/…`) gets no change events: poll there.
fn wsl_windows_drive(dir: &Path) -> Option<String> {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default().to_ascii_lowercase();
    (release.contains("microsoft") && dir.starts_with("/mnt/")).then(|| "WSL, /mnt/".to_string())
}

/// The script served pages load: reloads the page when the site changes.
const LIVE_JS: &str = r#"// podium serve: reloads the page when the site is rebuilt (never part of a built site).
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
const SERVE_CSS: &str = r#"/* podium serve: the data's problems over the page (never part of a built site). */
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
    fn the_site_path_comes_from_the_address() {
        assert_eq!(url_path("https://x.github.io/thi-dua"), "/thi-dua");
        assert_eq!(url_path("https://x.github.io/thi-dua/"), "/thi-dua");
        assert_eq!(url_path("https://example.org"), "");
        assert_eq!(url_path(""), "");
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
