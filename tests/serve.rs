//! Issue 15: `podium serve`. Each test starts the real binary on a free port (`--port 0`,
//! the address read from what it prints) and talks to it with a plain HTTP/1.1 client
//! over `TcpStream`, as a browser would: pages, the live-reload event stream, broken
//! data shown over the last good site, requests for paths outside the site.
//! Nothing here waits a fixed time: every wait polls, with a generous deadline.

mod common;

use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long anything may take before a test gives up (a loaded CI machine is slow).
const PATIENCE: Duration = Duration::from_secs(90);

/// A running `podium serve`; stopped when dropped.
struct Server {
    child: Child,
    /// The address it printed, e.g. `http://127.0.0.1:41234/thi-dua/`.
    url: String,
    addr: SocketAddr,
    /// Everything it printed on stderr so far.
    stderr: Arc<Mutex<String>>,
    /// … and on stdout.
    stdout: Arc<Mutex<String>>,
}

impl Server {
    fn start(args: &[&str], dir: Option<&Path>, env: &[(&str, &str)]) -> Server {
        let mut cmd = podium(args);
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).stdin(Stdio::null());
        if let Some(dir) = dir {
            cmd.current_dir(dir);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("podium serve starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        let stdout = Arc::new(Mutex::new(String::new()));
        let printed = stdout.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                printed.lock().unwrap().push_str(&format!("{line}\n"));
                let _ = tx.send(line);
            }
        });
        let started = Instant::now();
        let url = loop {
            let left = PATIENCE.saturating_sub(started.elapsed());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(i) = line.find("http://") {
                        break line[i..].split_whitespace().next().unwrap().to_string();
                    }
                }
                Err(_) => {
                    let _ = child.kill();
                    panic!("podium serve printed no address; stderr:\n{}", stderr.lock().unwrap());
                }
            }
        };
        let host = url.trim_start_matches("http://").split('/').next().unwrap();
        let addr: SocketAddr = host.parse().expect("an IP address and a port");
        Server { child, url, addr, stderr, stdout }
    }

    /// The path part of the printed address (the site's root), e.g. `/thi-dua/`.
    fn root(&self) -> String {
        let rest = self.url.trim_start_matches("http://");
        rest[rest.find('/').unwrap()..].to_string()
    }

    fn get(&self, path: &str) -> Reply {
        get(self.addr, path)
    }

    /// Asks for `path` until `ok` holds for the reply; panics with the last reply after PATIENCE.
    fn wait_for(&self, path: &str, what: &str, ok: impl Fn(&Reply) -> bool) -> Reply {
        let started = Instant::now();
        loop {
            let reply = self.get(path);
            if ok(&reply) {
                return reply;
            }
            if started.elapsed() > PATIENCE {
                panic!(
                    "{what}: still not so after {PATIENCE:?}; {path} answered {}:\n{}\nstderr:\n{}",
                    reply.status,
                    reply.body,
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    /// Header lines, names in lower case.
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 GET with the path sent exactly as given (no normalisation).
fn get(addr: SocketAddr, path: &str) -> Reply {
    let mut stream = TcpStream::connect_timeout(&addr, PATIENCE).expect("the server accepts");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("a whole answer");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split_whitespace().nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Reply { status, headers, body: body.to_string() }
}

/// The live-reload event stream of a served site, read on a thread.
struct Events {
    text: Arc<Mutex<String>>,
}

impl Events {
    fn open(server: &Server) -> Events {
        let mut stream = TcpStream::connect(server.addr).unwrap();
        let path = format!("{}__podium/events", server.root());
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n", server.addr).unwrap();
        let text = Arc::new(Mutex::new(String::new()));
        let sink = text.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stream.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let events = Events { text };
        events.wait_for("event: hello", 1);
        events
    }

    /// Waits until `what` was received `count` times; returns when it was.
    fn wait_for(&self, what: &str, count: usize) -> Instant {
        let started = Instant::now();
        loop {
            let text = self.text.lock().unwrap().clone();
            if text.matches(what).count() >= count {
                return Instant::now();
            }
            if started.elapsed() > PATIENCE {
                panic!("the event stream did not send {what:?} {count} times; it sent:\n{text}");
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

/// A copy of the `basic` fixture (its base_url is https://example.org/thi-dua).
fn basic() -> tempfile::TempDir {
    copy_fixture("basic")
}

/// Serves `project` on a free port, its messages in English.
fn serve(project: &Path, more: &[&str]) -> Server {
    let mut args = vec!["--lang", "en", "serve", path(project), "--port", "0"];
    args.extend_from_slice(more);
    Server::start(&args, None, &[])
}

/// The unit page that shows alpha's January figure.
const ALPHA: &str = "units/alpha/";

#[test]
fn a_change_to_the_data_reloads_the_page_and_broken_data_is_shown_over_the_last_good_site() {
    let project = basic();
    // A site built before: serve must leave it as it is.
    build(project.path(), &project.path().join("site"));
    let site_before = tree(&project.path().join("site"));
    let entries_before = top_entries(project.path());

    let server = serve(project.path(), &[]);
    assert!(server.url.starts_with("http://127.0.0.1:"), "loopback by default: {}", server.url);
    // Served under the path of site.yaml's base_url.
    assert_eq!(server.root(), "/thi-dua/");
    let home = server.get("/thi-dua/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(home.body.contains("<title>Basic campaign results</title>"), "{}", home.body);
    assert!(home.body.contains("<script src=\"/thi-dua/__podium/live.js\""), "{}", home.body);
    assert!(!home.body.contains("podium-serve-problems"));
    let unit = server.get(&format!("/thi-dua/{ALPHA}"));
    assert!(unit.body.contains(">80<"), "{}", unit.body);
    assert!(!unit.body.contains(">777<"));

    // A changed figure: a reload event, then the page shows it.
    let events = Events::open(&server);
    let saved = Instant::now();
    replace(project.path(), "results.csv", "alpha,2022-01,80,", "alpha,2022-01,777,");
    let reloaded = events.wait_for("event: reload", 1);
    eprintln!("save → reload event: {} ms", (reloaded - saved).as_millis());
    server.wait_for(&format!("/thi-dua/{ALPHA}"), "the new figure is served", |r| r.body.contains(">777<"));

    // Broken data: the problems, as `podium check` prints them, over the last good site.
    append(project.path(), "results.csv", "alpha,2022-13,1,0,0\n");
    let problem = "data/results.csv:20:2: error: `2022-13` is not a month — write the month as YYYY-MM, e.g. 2023-06";
    let broken = server
        .wait_for(&format!("/thi-dua/{ALPHA}"), "the problems are shown", |r| r.body.contains("podium-serve-problems"));
    events.wait_for("event: reload", 2);
    assert_eq!(broken.status, 200);
    assert!(broken.body.contains(problem), "{}", broken.body);
    assert!(broken.body.contains("1 error, 0 warnings"), "{}", broken.body);
    assert!(broken.body.contains(">777<"), "the last good site stays served:\n{}", broken.body);
    assert!(server.get("/thi-dua/").body.contains("podium-serve-problems"), "every page shows them");
    assert_eq!(server.get("/thi-dua/__podium/serve.css").status, 200);
    until("the terminal shows them too", || server.stderr().contains(problem));

    // Fixed: the problems go, the site follows the data again, and the page reloads.
    replace(project.path(), "results.csv", "alpha,2022-13,1,0,0\n", "");
    replace(project.path(), "results.csv", "alpha,2022-01,777,", "alpha,2022-01,778,");
    let fixed = server.wait_for(&format!("/thi-dua/{ALPHA}"), "the fixed data is served", |r| {
        r.body.contains(">778<") && !r.body.contains("podium-serve-problems")
    });
    assert_eq!(fixed.status, 200);
    events.wait_for("event: reload", 3);

    // Serve wrote nothing into the project: site/ is as it was, no new folder.
    drop(server);
    assert_same_tree(&site_before, &tree(&project.path().join("site")), "site/ after serve");
    assert_eq!(top_entries(project.path()), entries_before);
    // And a build afterwards has no trace of the preview's script or panel.
    let out = tempfile::tempdir().unwrap();
    build(project.path(), out.path());
    for (name, bytes) in tree(out.path()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("__podium") && !text.contains("podium-serve"), "{name} has the preview's script");
    }
}

/// The names in a folder, sorted.
fn top_entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn only_the_site_is_served() {
    let project = basic();
    let server = serve(project.path(), &[]);
    let secret = project.path().join("data/site.yaml");
    let secret = path(&secret);
    for attempt in [
        "/../../../../etc/passwd".to_string(),
        "/thi-dua/../../../../etc/passwd".into(),
        "/thi-dua/../data/site.yaml".into(),
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd".into(),
        "/thi-dua/%2e%2e/data/site.yaml".into(),
        "/thi-dua/%2E%2E%2fdata%2fsite.yaml".into(),
        "/thi-dua/..%2f..%2f..%2fetc%2fpasswd".into(),
        "/thi-dua/..%5c..%5cetc%5cpasswd".into(),
        "/thi-dua/\\..\\..\\etc\\passwd".into(),
        "//etc/passwd".into(),
        "/thi-dua//etc/passwd".into(),
        format!("/thi-dua/{secret}"),
        format!("/thi-dua//{secret}"),
        "/thi-dua/index.html%00.css".into(),
        "/thi-dua/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd".into(),
        "/thi-dua/%e0%80%ae%e0%80%ae/etc/passwd".into(),
        "/thi-dua/%zz".into(),
    ] {
        let reply = server.get(&attempt);
        assert!(matches!(reply.status, 400 | 404), "{attempt}: {}", reply.status);
        assert!(!reply.body.contains("root:") && !reply.body.contains("title: \"Basic"), "{attempt}: {}", reply.body);
    }
    // No folder listing: a folder without index.html is not found.
    assert_eq!(server.get("/thi-dua/assets/").status, 404);
    // The site's own 404 page, with the status 404.
    let missing = server.get("/thi-dua/no/such/page/");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body, server.get("/thi-dua/404.html").body);
    assert!(missing.body.contains("<title>") && missing.body.contains("__podium/live.js"), "{}", missing.body);
    // A folder asked for without its final `/` is sent to it (its relative links need it).
    let folder = server.get("/thi-dua/units");
    assert_eq!((folder.status, folder.header("location")), (301, Some("/thi-dua/units/")));
    // The server's root leads to the site.
    let root = server.get("/");
    assert_eq!((root.status, root.header("location")), (302, Some("/thi-dua/")));
    // Content types.
    for (file, kind) in [
        ("assets/style.css", "text/css; charset=utf-8"),
        ("assets/favicon.svg", "image/svg+xml"),
        ("assets/search.js", "text/javascript; charset=utf-8"),
        ("data/results.json", "application/json"),
        ("data/results.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("feed.xml", "application/xml; charset=utf-8"),
        ("cards/home.png", "image/png"),
    ] {
        let reply = server.get(&format!("/thi-dua/{file}"));
        assert_eq!((reply.status, reply.header("content-type")), (200, Some(kind)), "{file}");
    }
    // Other methods are refused.
    let mut stream = TcpStream::connect(server.addr).unwrap();
    write!(stream, "DELETE /thi-dua/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 405"), "{answer}");
}

#[test]
fn it_listens_on_loopback_only_unless_asked() {
    let project = basic();
    let server = serve(project.path(), &[]);
    assert_eq!(server.addr.ip().to_string(), "127.0.0.1");
    // Bound to 127.0.0.1 itself, not to every address: another loopback address of the
    // same machine (Linux answers for all of 127/8) finds nothing listening.
    if cfg!(target_os = "linux") {
        let other = SocketAddr::from(([127, 0, 0, 2], server.addr.port()));
        assert!(TcpStream::connect_timeout(&other, Duration::from_secs(5)).is_err(), "listening beyond 127.0.0.1");
    }
    // A network address of this machine (when it has one) finds nothing listening either.
    if let Some(ip) = std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|s| s.connect("192.0.2.1:9").and_then(|_| s.local_addr()))
        .ok()
        .map(|a| a.ip())
        .filter(|ip| !ip.is_loopback() && !ip.is_unspecified())
    {
        let there = SocketAddr::new(ip, server.addr.port());
        assert!(TcpStream::connect_timeout(&there, Duration::from_secs(5)).is_err(), "reachable at {there}");
    }
    drop(server);
    // Asked for every interface, it says so, and answers on another loopback address.
    let all = serve(project.path(), &["--bind", "0.0.0.0"]);
    if cfg!(target_os = "linux") {
        let other = SocketAddr::from(([127, 0, 0, 2], all.addr.port()));
        assert_eq!(get(other, "/thi-dua/").status, 200);
    }
}

#[test]
fn data_broken_from_the_start_shows_its_problems_until_fixed() {
    let project = basic();
    replace(project.path(), "results.csv", "alpha,2022-01,80,", "alpha,2022-1,80,");
    let server = serve(project.path(), &["--poll"]);
    let page = server.get("/thi-dua/");
    assert_eq!(page.status, 500);
    assert!(page.body.contains("data/results.csv:2:2: error: `2022-1` is not a month"), "{}", page.body);
    assert!(page.body.contains("__podium/live.js"), "it reloads by itself when fixed");
    let events = Events::open(&server);
    replace(project.path(), "results.csv", "alpha,2022-1,80,", "alpha,2022-01,80,");
    events.wait_for("event: reload", 1);
    let fixed = server.wait_for("/thi-dua/", "the site is served once fixed", |r| r.status == 200);
    assert!(fixed.body.contains("<title>Basic campaign results</title>"));
}

#[test]
fn polling_sees_a_file_replaced_as_office_programs_save() {
    let project = basic();
    let server = serve(project.path(), &["--poll"]);
    until("it says it polls", || server.stderr().contains("0,3 giây"));
    let events = Events::open(&server);
    // Written beside, then renamed over the old file (as Excel and LibreOffice save).
    let csv = project.path().join("data/results.csv");
    let text = std::fs::read_to_string(&csv).unwrap().replacen("alpha,2022-01,80,", "alpha,2022-01,555,", 1);
    let temp = project.path().join("data/~results.tmp");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, &csv).unwrap();
    events.wait_for("event: reload", 1);
    server.wait_for(&format!("/thi-dua/{ALPHA}"), "the new figure is served", |r| r.body.contains(">555<"));
}

#[test]
fn base_url_chooses_where_the_preview_is_served_and_what_a_build_links_to() {
    let project = basic();
    // No address: served at the root, with links to index.html as on disk.
    let server = serve(project.path(), &["--base-url", ""]);
    assert_eq!(server.root(), "/");
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("units/index.html"), "{}", home.body);
    drop(server);
    // Another address: served under its path, links and feed at this server.
    let server = serve(project.path(), &["--base-url", "https://example.github.io/dot-2/"]);
    assert_eq!(server.root(), "/dot-2/");
    let feed = server.get("/dot-2/feed.xml");
    assert!(feed.body.contains(&format!("http://{}/dot-2/", server.addr)), "{}", feed.body);
    assert_eq!(server.get("/thi-dua/").status, 404);
    drop(server);
    // `build --base-url` replaces site.yaml's address in the site.
    let out = tempfile::tempdir().unwrap();
    run_ok(&["build", path(project.path()), "-o", path(out.path()), "-q", "--base-url", "https://x.github.io/thi-dua"]);
    let feed = std::fs::read_to_string(out.path().join("feed.xml")).unwrap();
    assert!(feed.contains("https://x.github.io/thi-dua/") && !feed.contains("example.org"), "{feed}");
    // Not an address: a usage error.
    let bad = run(&["--lang", "en", "build", path(project.path()), "--base-url", "example.org/x"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("error: --base-url `example.org/x` is not an absolute http(s) address"));
}

#[test]
fn podium_alone_previews_the_project_it_is_in_and_prints_the_help_elsewhere() {
    let elsewhere = tempfile::tempdir().unwrap();
    let out = podium(&[]).current_dir(elsewhere.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("Usage: podium"), "{}", stderr(&out));
    assert!(stderr(&out).contains("serve"), "{}", stderr(&out));

    // In a project: the preview, in the site's language, with how to stop it. No browser
    // can be found here (no PATH), which it says without stopping.
    let project = basic();
    let server = Server::start(&[], Some(project.path()), &[("PATH", "")]);
    assert!(server.url.starts_with("http://127.0.0.1:") && server.url.ends_with("/thi-dua/"), "{}", server.url);
    assert_eq!(server.get("/thi-dua/").status, 200);
    until("it said how to stop it", || server.stdout().contains("Nhấn Ctrl+C để dừng."));
    until("it said it could not open a browser", || server.stderr().contains("không mở được trình duyệt"));
}

/// Waits until `done` holds; panics after PATIENCE.
fn until(what: &str, done: impl Fn() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < PATIENCE, "{what}: still not so after {PATIENCE:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_save_that_changes_nothing_reloads_nothing() {
    let project = basic();
    let server = serve(project.path(), &[]);
    let events = Events::open(&server);
    let built = |s: &Server| s.stderr().matches("Đã dựng").count();
    until("the first build is reported", || built(&server) == 1);
    // Saved again as it was (an editor's save, an office program's lock file).
    let csv = project.path().join("data/results.csv");
    std::fs::write(&csv, std::fs::read(&csv).unwrap()).unwrap();
    std::fs::write(project.path().join("data/~$results.xlsx"), "lock").unwrap();
    until("the site is rebuilt", || built(&server) == 2);
    // A real change after it: one reload, the first.
    replace(project.path(), "results.csv", "alpha,2022-01,80,", "alpha,2022-01,81,");
    until("the site is rebuilt again", || built(&server) >= 3);
    events.wait_for("event: reload", 1);
    let page = server.wait_for(&format!("/thi-dua/{ALPHA}"), "the new figure is served", |r| r.body.contains(">81<"));
    // The pages count the site's changes: this is the first.
    assert!(page.body.contains("data-generation=\"1\""), "{}", page.body);
}
