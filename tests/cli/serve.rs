//! `yanzhen serve`: the real binary on a fixture, on a free port; edits, additions, renames,
//! deletions and broken files, watched through HTTP with bounded waits.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::browser::{self, Browser};
use crate::fixture::Fixture;

/// How long anything may take on a loaded machine before a test gives up.
const PATIENCE: Duration = Duration::from_secs(60);

struct Server {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn start(site: &Fixture, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_yanzhen"))
            .args(["serve", "--port", "0"])
            .args(extra)
            .current_dir(site.root())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start yanzhen serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let pipe = child.stderr.take().unwrap();
        let log = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { break };
                if let Some(rest) = line.strip_prefix("serving at http://") {
                    let addr = rest.split('/').next().unwrap();
                    let port: u16 = addr.rsplit(':').next().unwrap().parse().unwrap();
                    let _ = tx.send(port);
                }
                let mut log = log.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let port = match rx.recv_timeout(PATIENCE) {
            Ok(p) => p,
            Err(_) => {
                let _ = child.kill();
                panic!("serve did not start:\n{}", stderr.lock().unwrap());
            }
        };
        Server {
            child,
            port,
            stderr,
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        request(self.port, path, &format!("127.0.0.1:{}", self.port))
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until `path` answers with `status` and a body for which `ok` holds.
    fn wait(&self, path: &str, status: u16, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let (s, body) = self.get(path);
            if s == status && ok(&body) {
                return body;
            }
            if Instant::now() > deadline {
                panic!(
                    "{path}: still {s} after {PATIENCE:?}:\n{body}\n--- stderr:\n{}",
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A raw HTTP/1.1 GET, so the path reaches the server exactly as written.
fn request(port: u16, path: &str, host: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

fn case(title: &str, date: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\nunit: 市税务局\n---\n\n{title}的正文。\n")
}

fn two_cases() -> Fixture {
    Fixture::site().file("content/cases/b.md", &case("案例乙", "2024-06-01"))
}

#[test]
fn serve_shows_edits_additions_renames_and_deletions() {
    let site = two_cases();
    let server = Server::start(&site, &[]);
    let page = server.wait("/cases/a/", 200, |b| b.contains("案例甲"));
    assert!(page.contains("/__yanzhen/events"), "reload script: {page}");
    server.wait("/cases/b/", 200, |b| b.contains("下一篇"));

    // An edit shows on the page, in its section list and on the next page's "previous" link.
    site.write("content/cases/a.md", &case("案例甲（修改）", "2024-05-01"));
    server.wait("/cases/a/", 200, |b| b.contains("案例甲（修改）"));
    server.wait("/cases/", 200, |b| b.contains("案例甲（修改）"));
    server.wait("/cases/b/", 200, |b| b.contains("案例甲（修改）"));
    server.wait("/", 200, |b| b.contains("案例甲（修改）"));

    // An atomic save: a temp file renamed over the page.
    site.write(
        "content/cases/.a.md.tmp",
        &case("案例甲（原子保存）", "2024-05-01"),
    );
    std::fs::rename(
        site.path("content/cases/.a.md.tmp"),
        site.path("content/cases/a.md"),
    )
    .unwrap();
    server.wait("/cases/a/", 200, |b| b.contains("案例甲（原子保存）"));

    // An added page appears, and in its list.
    site.write("content/cases/c.md", &case("案例丙", "2024-07-01"));
    server.wait("/cases/c/", 200, |b| b.contains("案例丙的正文"));
    server.wait("/cases/", 200, |b| b.contains("案例丙"));

    // A renamed page moves.
    std::fs::rename(
        site.path("content/cases/b.md"),
        site.path("content/cases/d.md"),
    )
    .unwrap();
    server.wait("/cases/d/", 200, |b| b.contains("案例乙"));
    server.wait("/cases/b/", 404, |b| b.contains("页面不存在"));

    // A deleted page disappears, from its list too.
    site.remove("content/cases/c.md");
    server.wait("/cases/c/", 404, |_| true);
    server.wait("/cases/", 200, |b| {
        !b.contains("案例丙") && b.contains("案例乙")
    });

    // A new folder with a page bundle in it.
    std::fs::create_dir_all(site.path("content/reports/r1")).unwrap();
    site.write(
        "content/reports/r1/index.md",
        "---\ntitle: 主题党日纪实\ndate: 2024-03-01\n---\n\n活动正文。\n",
    );
    server.wait("/reports/r1/", 200, |b| b.contains("活动正文"));
    server.wait("/reports/", 200, |b| b.contains("主题党日纪实"));

    // Editors' temp files are not pages.
    site.write("content/cases/a.md~", "not a page");
    site.write("content/cases/.a.md.swp", "not a page");
    site.write("content/cases/e.md", &case("案例戊", "2024-02-01"));
    server.wait("/cases/e/", 200, |_| true);
    assert_eq!(server.get("/cases/a.md~").0, 404);
    assert!(!server.stderr().contains("error"), "{}", server.stderr());
}

#[test]
fn serve_overlays_errors_keeps_the_last_good_site_and_clears_when_fixed() {
    let site = two_cases();
    let server = Server::start(&site, &[]);
    server.wait("/cases/a/", 200, |b| b.contains("案例甲"));
    assert!(!server.get("/cases/a/").1.contains("yanzhen-overlay"));

    site.write(
        "content/cases/a.md",
        "---\ntitel: 案例甲（坏）\ndate: 2024-05-01\n---\n\n正文。\n",
    );
    // Every page carries the overlay; the page keeps its last good content.
    let page = server.wait("/cases/b/", 200, |b| b.contains("yanzhen-overlay"));
    assert!(page.contains("content/cases/a.md:2:1"), "{page}");
    assert!(
        page.contains("titel: 案例甲（坏）"),
        "offending line: {page}"
    );
    assert!(page.contains("hint: did you mean `title`?"), "{page}");
    assert!(page.contains("网站生成出错"), "{page}");
    let a = server.get("/cases/a/").1;
    assert!(
        a.contains("yanzhen-overlay") && a.contains("<h1>案例甲</h1>"),
        "{a}"
    );
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.0, 404);
    assert!(missing.1.contains("yanzhen-overlay"));
    // The terminal shows the same.
    let deadline = Instant::now() + PATIENCE;
    while !server.stderr().contains("content/cases/a.md:2:1: error") {
        assert!(Instant::now() < deadline, "{}", server.stderr());
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        server.stderr().contains(" 2 | titel: 案例甲（坏）"),
        "{}",
        server.stderr()
    );

    // A second, unrelated error is listed too; fixing one leaves the other.
    site.write(
        "content/cases/b.md",
        "---\ntitle: 案例乙\ndate: 2024-13-01\n---\n",
    );
    server.wait("/", 200, |b| b.contains("content/cases/b.md:3"));
    site.write(
        "content/cases/a.md",
        &case("案例甲（已修正）", "2024-05-01"),
    );
    let home = server.wait("/", 200, |b| !b.contains("content/cases/a.md:2"));
    assert!(home.contains("content/cases/b.md:3"), "{home}");
    site.write("content/cases/b.md", &case("案例乙", "2024-06-01"));
    let page = server.wait("/cases/a/", 200, |b| !b.contains("yanzhen-overlay"));
    assert!(page.contains("案例甲（已修正）"), "{page}");
}

#[test]
fn serve_reloads_templates_site_yaml_and_static_files() {
    let site = two_cases();
    let server = Server::start(&site, &[]);
    server.wait("/", 200, |b| b.contains("测试党建网"));

    site.write(
        "site.yaml",
        &crate::fixture::SITE_YAML.replace("测试党建网", "改名后的党建网"),
    );
    server.wait("/cases/a/", 200, |b| b.contains("改名后的党建网"));

    site.write(
        "themes/default/templates/home.html",
        "{% extends \"base.html\" %}{% block content %}<p>自定义首页模板</p>{% endblock %}",
    );
    server.wait("/", 200, |b| b.contains("自定义首页模板"));

    // A broken template: overlay naming the file; fixing it clears it.
    site.write(
        "themes/default/templates/home.html",
        "{% extends \"base.html\" %}{% block content %}<p>坏</p>",
    );
    server.wait("/cases/a/", 200, |b| {
        b.contains("yanzhen-overlay") && b.contains("themes/default/templates/home.html")
    });
    site.remove("themes/default/templates/home.html");
    server.wait("/", 200, |b| {
        !b.contains("yanzhen-overlay") && !b.contains("自定义首页模板")
    });

    site.write("static/files/notice.txt", "通知");
    server.wait("/files/notice.txt", 200, |b| b == "通知");
    site.remove("static/files/notice.txt");
    server.wait("/files/notice.txt", 404, |_| true);
}

#[test]
fn serve_refuses_paths_outside_the_site_and_foreign_hosts() {
    let site = Fixture::site().file("secret.txt", "secret");
    let server = Server::start(&site, &[]);
    server.wait("/cases/a/", 200, |_| true);
    for path in [
        "/../secret.txt",
        "/cases/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/cases%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/cases\\..\\..\\secret.txt",
        "/index.html%00.txt",
        "//etc/passwd",
    ] {
        let (status, body) = server.get(path);
        assert!(status == 400 || status == 404, "{path}: {status}\n{body}");
        assert!(
            !body.contains("secret") || body.contains("页面不存在"),
            "{path}: {body}"
        );
    }
    assert_eq!(server.get("/secret.txt").0, 404);
    assert_eq!(server.get("/site.yaml").0, 404);
    assert_eq!(server.get("/content/cases/a.md").0, 404);
    // Directory URLs serve their index.html; without the slash they redirect.
    assert!(server.get("/cases/a/").1.contains("案例甲"));
    assert!(server.get("/cases/a/index.html").1.contains("案例甲"));
    assert_eq!(server.get("/cases/a").0, 301);

    // DNS rebinding: a page of another name must not read the preview.
    for host in ["evil.example", "evil.example:80", "127.0.0.1.evil.example"] {
        let (status, _) = request(server.port, "/", host);
        assert_eq!(status, 403, "Host: {host}");
    }
    for host in [
        "localhost",
        &format!("localhost:{}", server.port),
        "[::1]:1111",
    ] {
        let (status, _) = request(server.port, "/", host);
        assert_eq!(status, 200, "Host: {host}");
    }
}

#[test]
fn build_output_never_carries_the_reload_script() {
    let site = two_cases();
    site.build_ok(&[]);
    for (path, bytes) in crate::fixture::snapshot(&site.path("public")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("__yanzhen"), "{path} has the serve script");
    }
}

#[test]
fn serve_with_poll_sees_edits() {
    let site = two_cases();
    let server = Server::start(&site, &["--poll"]);
    server.wait("/cases/a/", 200, |b| b.contains("案例甲"));
    site.write("content/cases/a.md", &case("案例甲（轮询）", "2024-05-01"));
    server.wait("/cases/a/", 200, |b| b.contains("案例甲（轮询）"));
}

#[test]
fn browser_page_reloads_itself_and_shows_the_overlay() {
    let site = two_cases();
    let server = Server::start(&site, &[]);
    server.wait("/cases/a/", 200, |_| true);
    let browser = Browser::start();
    let tab = browser.open(&format!("http://127.0.0.1:{}/cases/a/", server.port));
    let until = |what: &str, js: &str| {
        let deadline = Instant::now() + PATIENCE;
        while browser::eval(&tab, js) != serde_json::Value::Bool(true) {
            assert!(
                Instant::now() < deadline,
                "browser: {what} did not happen\n{}",
                server.stderr()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    until(
        "the page loaded",
        "document.querySelector('h1') !== null && document.querySelector('h1').textContent === '案例甲'",
    );
    // A marker on the window survives until the page reloads itself.
    browser::eval(&tab, "window.__notReloaded = true");
    // Wait until the page's reload channel is open before editing.
    until(
        "the reload channel opened",
        "window.__yanzhenLive !== undefined && window.__yanzhenLive.readyState === 1",
    );
    site.write(
        "content/cases/a.md",
        &case("案例甲（浏览器）", "2024-05-01"),
    );
    until(
        "the page reloaded with the edit",
        "window.__notReloaded === undefined && document.querySelector('h1').textContent === '案例甲（浏览器）'",
    );
    site.write("content/cases/a.md", "---\ntitel: 坏\n---\n");
    until(
        "the overlay appeared",
        "document.getElementById('yanzhen-overlay') !== null && document.getElementById('yanzhen-overlay').textContent.includes('content/cases/a.md:2:1')",
    );
    site.write(
        "content/cases/a.md",
        &case("案例甲（已修正）", "2024-05-01"),
    );
    until(
        "the overlay cleared",
        "document.getElementById('yanzhen-overlay') === null && document.querySelector('h1').textContent === '案例甲（已修正）'",
    );
}

#[test]
fn serve_starts_on_a_broken_site_and_shows_it_once_fixed() {
    let site = Fixture::site().file("content/cases/a.md", "---\ntitle: [甲\n---\n");
    let server = Server::start(&site, &[]);
    let (status, page) = server.get("/cases/a/");
    assert_eq!(status, 404, "{page}");
    assert!(
        page.contains("yanzhen-overlay") && page.contains("content/cases/a.md:2"),
        "{page}"
    );
    site.write("content/cases/a.md", &case("案例甲", "2024-05-01"));
    let page = server.wait("/cases/a/", 200, |b| b.contains("案例甲的正文"));
    assert!(!page.contains("yanzhen-overlay"), "{page}");
}

#[test]
fn serve_on_another_address_warns_and_answers_any_host() {
    let site = Fixture::site();
    let server = Server::start(&site, &["--bind", "0.0.0.0"]);
    assert!(
        server.stderr().contains("warning: listening on 0.0.0.0"),
        "{}",
        server.stderr()
    );
    let (status, _) = request(server.port, "/", "preview.example:1111");
    assert_eq!(status, 200);
}

#[test]
fn serve_burst_of_saves_ends_with_the_latest() {
    let site = two_cases();
    let server = Server::start(&site, &[]);
    server.wait("/cases/a/", 200, |b| b.contains("案例甲"));
    for n in 0..30 {
        site.write(
            "content/cases/a.md",
            &case(&format!("版本{n}"), "2024-05-01"),
        );
    }
    server.wait("/cases/a/", 200, |b| b.contains("<h1>版本29</h1>"));
    server.wait("/cases/", 200, |b| {
        b.contains("版本29") && !b.contains("版本28")
    });
}

#[test]
fn serve_prints_warnings_of_an_edited_page() {
    let site = two_cases();
    let server = Server::start(&site, &[]);
    server.wait("/cases/a/", 200, |_| true);
    site.write(
        "content/cases/a.md",
        "---\ntitle: 案例甲\ndate: 2024-05-01\ncover: https://example.com/a.jpg\n---\n\n正文。\n",
    );
    let deadline = Instant::now() + PATIENCE;
    while !server
        .stderr()
        .contains("content/cases/a.md:4:8: warning: `cover` loads an image from another site")
    {
        assert!(Instant::now() < deadline, "{}", server.stderr());
        std::thread::sleep(Duration::from_millis(50));
    }
    // A warning is not an error: the page is rebuilt and shows no overlay.
    let page = server.wait("/cases/a/", 200, |b| b.contains("正文。"));
    assert!(!page.contains("yanzhen-overlay"), "{page}");
}

#[test]
fn serve_has_the_search_page_and_an_index_that_follows_edits() {
    let site = two_cases();
    let server = Server::start(&site, &[]);
    server.wait("/search/", 200, |b| b.contains("search.js"));
    server.wait("/search/index.js", 200, |b| b.contains("乙"));
    site.write(
        "content/cases/c.md",
        &case("新增的先锋岗案例", "2024-09-09"),
    );
    server.wait("/search/index.js", 200, |b| b.contains("新增的先锋岗案例"));
}

#[test]
fn serve_typesets_a_casebook_pdf_when_it_is_asked_for() {
    let site = two_cases().file("site.yaml", &format!("{}print:\n  pdf: true\n", crate::fixture::SITE_YAML)).file(
        "content/collections/book.md",
        "---\ntitle: 案例汇编\ndate: 2024-07-01\nentries: [cases/a.md, cases/b.md]\n---\n\n前言。\n",
    );
    let server = Server::start(&site, &[]);
    let page = server.wait("/collections/book/", 200, |b| b.contains("案例汇编"));
    assert!(page.contains("book.pdf"), "{page}");
    let (status, body) = server.get("/collections/book/book.pdf");
    if cfg!(feature = "pdf") {
        assert_eq!(status, 200, "{body}");
        assert!(
            body.starts_with("%PDF-"),
            "{}",
            &body[..body.len().min(200)]
        );
    } else {
        // Without PDF support the preview says so instead of a bare 404.
        assert_eq!(status, 500, "{body}");
        assert!(body.contains("without PDF support"), "{body}");
    }
    // A path that is no book's PDF is still a 404.
    assert_eq!(server.get("/collections/book/other.pdf").0, 404);
}
