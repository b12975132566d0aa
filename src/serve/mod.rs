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
//!
//! This module starts the preview and runs the loop that rebuilds after each change;
//! `rebuild.rs` builds into memory, `watch.rs` watches the files, `server.rs` answers
//! the requests and `live.rs` adds the live-reload script and the problems to the pages.

mod live;
mod rebuild;
mod server;
mod watch;

pub use server::{content_type, site_path};

use crate::commands::{Failure, usage};
use crate::error::{Diagnostics, Location};
use crate::model::Language;
use crate::msg;
use crate::render::text::Lang;
use rebuild::{Builder, Served};
use server::{State, percent_decode, start_server};
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use watch::{Change, Watching};

/// The port tried first when none is asked for; any free port when it is taken.
pub const PREFERRED_PORT: u16 = 4747;

/// How long the files must be quiet after a change before the site is rebuilt.
const QUIET: Duration = Duration::from_millis(60);

/// The longest a rebuild waits for the changes to stop.
const QUIET_AT_MOST: Duration = Duration::from_secs(2);

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_path_comes_from_the_address() {
        assert_eq!(url_path("https://x.github.io/thi-dua"), "/thi-dua");
        assert_eq!(url_path("https://x.github.io/thi-dua/"), "/thi-dua");
        assert_eq!(url_path("https://example.org"), "");
        assert_eq!(url_path(""), "");
    }
}
