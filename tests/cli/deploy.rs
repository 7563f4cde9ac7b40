//! What a real deployment found (issue: "Exhibition, second pass"): the 404 page under a
//! sub-path served by a real web server, feeds and the sitemap read by strict parsers, the icon,
//! the description, the menu, the manifest kept out of the deployable output, and the layout
//! shifts of the brand matrix, all on built files or in headless Chromium.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use crate::browser::{self, Browser};
use crate::fixture::{Fixture, SITE_YAML};

/// A web server like an administrator's nginx for a site published under `/dangjian/`: the
/// output's files under that prefix, `404.html` (status 404) for anything else. Runs until the
/// test process ends.
fn serve_under_sub_path(public: &Path) -> SocketAddr {
    let public: PathBuf = public.to_path_buf();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            let app = axum::Router::new().fallback(move |uri: axum::http::Uri| {
                let public = public.clone();
                async move { answer(&public, uri.path()) }
            });
            axum::serve(listener, app).await.unwrap();
        });
    });
    rx.recv().unwrap()
}

/// The file at request path `path` (`/dangjian/cases/a/` → `cases/a/index.html`), or the 404 page.
fn answer(public: &Path, path: &str) -> axum::response::Response {
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;
    let rel = path
        .strip_prefix("/dangjian/")
        .filter(|r| !r.split('/').any(|s| s == ".."))
        .map(|r| {
            if r.is_empty() || r.ends_with('/') {
                format!("{r}index.html")
            } else {
                r.to_string()
            }
        });
    let file = rel.map(|r| public.join(r)).filter(|f| f.is_file());
    let (status, file) = match file {
        Some(f) => (StatusCode::OK, f),
        None => (StatusCode::NOT_FOUND, public.join("404.html")),
    };
    let ctype = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    };
    (
        status,
        [(header::CONTENT_TYPE, ctype)],
        std::fs::read(file).unwrap(),
    )
        .into_response()
}

#[test]
fn the_404_page_keeps_its_styles_below_the_top_folder_under_a_sub_path() {
    let site = Fixture::site();
    site.build_ok(&["--base-url", "/dangjian/"]);
    let html = site.read("public/404.html");
    // <base> comes before any URL in <head>, or the browser resolves those against the page.
    let base = html.find("<base href=\"/dangjian/\">").expect("a <base>");
    let first_url = html
        .find(" href=\"")
        .unwrap()
        .min(html.find(" src=\"").unwrap());
    assert!(base < first_url, "{html}");

    let addr = serve_under_sub_path(&site.path("public"));
    let browser = Browser::start();
    let tab = browser.open(&format!("http://{addr}/dangjian/cases/nope/deeper/"));
    let sheet = browser::eval(&tab, "document.styleSheets[0].href");
    assert_eq!(sheet, format!("http://{addr}/dangjian/assets/yanzhen.css"));
    // The stylesheet applied: the header is party red, not the browser's default.
    let bg = browser::eval(
        &tab,
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor",
    );
    assert_eq!(bg, "rgb(181, 18, 27)");
    let home = browser::eval(&tab, "document.querySelector('.not-found .button').href");
    assert_eq!(home, format!("http://{addr}/dangjian/index.html"));
}

/// Every `<tag>` text of an XML document, parsed strictly.
fn texts(xml: &str, tag: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}:\n{xml}"));
    doc.descendants()
        .filter(|n| n.tag_name().name() == tag)
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

#[test]
fn feeds_and_the_sitemap_use_absolute_urls_from_site_url() {
    let site = Fixture::new()
        .file(
            "site.yaml",
            &format!("{SITE_YAML}base_url: /dangjian/\nsite_url: http://10.1.2.3\n"),
        )
        .file(
            "content/cases/a.md",
            "---\ntitle: 案例甲\ndate: 2024-05-01\ncolumns: [show-brands]\n---\n\n正文。\n",
        );
    let out = site.build_ok(&[]);
    assert!(!out.stderr.contains("site_url"), "{}", out.stderr);
    for feed in ["public/atom.xml", "public/columns/show-brands/atom.xml"] {
        let ids = texts(&site.read(feed), "id");
        assert!(ids.len() >= 2, "{ids:?}");
        for id in ids {
            assert!(id.starts_with("http://10.1.2.3/dangjian/"), "{feed}: {id}");
        }
    }
    let locs = texts(&site.read("public/sitemap.xml"), "loc");
    assert!(
        locs.contains(&"http://10.1.2.3/dangjian/cases/a/".to_string()),
        "{locs:?}"
    );
    assert!(
        locs.iter()
            .all(|l| l.starts_with("http://10.1.2.3/dangjian/")),
        "{locs:?}"
    );
    // An absolute base_url does the same without site_url.
    site.write(
        "site.yaml",
        &format!("{SITE_YAML}base_url: https://dj.example.cn/\n"),
    );
    site.build_ok(&[]);
    let locs = texts(&site.read("public/sitemap.xml"), "loc");
    assert!(
        locs.iter().all(|l| l.starts_with("https://dj.example.cn/")),
        "{locs:?}"
    );
}

#[test]
fn without_a_host_feeds_use_tag_ids_no_sitemap_is_written_and_build_warns_once() {
    let site = Fixture::site();
    site.build_ok(&["--base-url", "/dangjian/"]);
    // build counts its warnings; check shows them.
    let out = site.run(&["check", "--base-url", "/dangjian/"]);
    let shown = format!("{}{}", out.stdout, out.stderr);
    assert_eq!(shown.matches("no `site_url`").count(), 1, "{shown}");
    assert!(!site.exists("public/sitemap.xml"));
    let atom = site.read("public/atom.xml");
    let ids = texts(&atom, "id");
    assert!(ids.len() >= 2, "{ids:?}");
    for id in &ids {
        // RFC 4151: tag:AUTHORITY,DATE:SPECIFIC, an absolute IRI without spaces.
        let rest = id.strip_prefix("tag:").unwrap_or_else(|| panic!("{id}"));
        let (tagging, specific) = rest.split_once(':').unwrap();
        let (authority, date) = tagging.split_once(',').unwrap();
        assert!(authority.contains('.') && date.chars().all(|c| c.is_ascii_digit() || c == '-'));
        assert!(specific.contains("/dangjian/") && !id.contains(' '), "{id}");
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "ids must differ: {ids:?}");
    // No page links to a sitemap that is not there.
    assert!(!site.read("public/index.html").contains("sitemap.xml"));
}

#[test]
fn brand_marks_skip_quotes_and_digits_or_use_the_brands_short_name() {
    let brand = |name: &str, extra: &str| {
        format!("---\ntitle: {name}\nstatus: 十佳\nunit: 市税务局\n{extra}---\n\n正文。\n")
    };
    let site = Fixture::site()
        .file("content/brands/a.md", &brand("“宣”锋引领", ""))
        .file("content/brands/b.md", &brand("12319市民好帮手", ""))
        .file("content/brands/c.md", &brand("红色税韵", "short: 税\n"));
    site.build_ok(&[]);
    for page in ["public/brands/index.html", "public/index.html"] {
        let html = site.read(page);
        let marks: Vec<&str> = html
            .split("brand-tile-mark\" aria-hidden=\"true\">")
            .skip(1)
            .map(|s| &s[..s.find('<').unwrap()])
            .collect();
        let mut sorted = marks.clone();
        sorted.sort();
        assert_eq!(sorted, ["宣", "市", "税"], "{page}: {marks:?}");
    }
}

#[test]
fn every_page_links_its_icon_relatively_and_describes_itself() {
    let site = Fixture::site().file(
        "content/cases/b.md",
        "---\ntitle: 案例乙\ndate: 2024-06-01\nsummary: 支部把“三会一课”落到实处。\n---\n\n```rust\nfn main() {}\n```\n",
    );
    site.build_ok(&[]);
    let home = site.read("public/index.html");
    assert!(
        home.contains("<link rel=\"icon\" href=\"assets/favicon.svg\">"),
        "{home}"
    );
    assert!(site.exists("public/assets/favicon.svg"));
    assert!(home.contains("<meta name=\"description\" content=\"副标题\">"));
    assert!(home.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"测试党建网\" href=\"atom.xml\">"
    ));
    let b = site.read("public/cases/b/index.html");
    assert!(b.contains("<link rel=\"icon\" href=\"../../assets/favicon.svg\">"));
    assert!(b.contains("<meta name=\"description\" content=\"支部把“三会一课”落到实处。\">"));
    // The highlight sheet only where there is highlighted code.
    assert!(b.contains("highlight.css"));
    assert!(
        !site
            .read("public/cases/a/index.html")
            .contains("highlight.css")
    );
    assert!(!home.contains("highlight.css"));
    // A site's own icon wins.
    site.write("static/favicon.ico", "ico");
    site.build_ok(&[]);
    let a = site.read("public/cases/a/index.html");
    assert!(
        a.contains("<link rel=\"icon\" href=\"../../favicon.ico\">"),
        "{a}"
    );
}

#[test]
fn a_site_without_a_menu_gets_its_sections_and_columns() {
    let site = Fixture::new()
        .file(
            "site.yaml",
            "title: 测试党建网\ncolumns:\n  - {slug: other-hills, title: 他山之石}\n",
        )
        .file(
            "content/articles/n.md",
            "---\ntitle: 通知\ndate: 2024-01-01\n---\n\n正文。\n",
        )
        .file(
            "content/brands/b.md",
            "---\ntitle: 品牌\nstatus: 优秀\nunit: 市税务局\n---\n\n正文。\n",
        )
        .file(
            "content/cases/a.md",
            "---\ntitle: 案例\ndate: 2024-01-01\n---\n\n正文。\n",
        );
    site.build_ok(&[]);
    let html = site.read("public/cases/a/index.html");
    let nav = &html[html.find("<nav class=\"site-nav\"").expect("a menu")..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    let titles: Vec<&str> = nav
        .split("\">")
        .skip(1)
        .filter_map(|s| s.split_once("</a>").map(|(t, _)| t))
        .collect();
    assert_eq!(
        titles,
        ["首页", "典型案例", "党建品牌", "工作动态", "他山之石"],
        "{nav}"
    );
    assert!(
        nav.contains("aria-current=\"page\" class=\"active\">典型案例"),
        "{nav}"
    );
}

#[test]
fn the_manifest_is_kept_beside_the_output_not_in_it() {
    let site = Fixture::site();
    site.build_ok(&[]);
    assert!(!site.exists("public/.yanzhen-manifest"));
    let manifest = site.read(".public.yanzhen-manifest");
    assert!(
        manifest.lines().any(|l| l == "cases/a/index.html"),
        "{manifest}"
    );
    // The output is still recognised as ours, and a stranger's file in it still refused.
    site.build_ok(&[]);
    site.write("public/notes.txt", "mine");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("notes.txt"), "{}", out.stderr);
    std::fs::remove_file(site.path("public/notes.txt")).unwrap();
    // An output written by an earlier version, with the manifest inside, is recognised too.
    std::fs::rename(
        site.path(".public.yanzhen-manifest"),
        site.path("public/.yanzhen-manifest"),
    )
    .unwrap();
    site.build_ok(&[]);
    assert!(!site.exists("public/.yanzhen-manifest"));
    assert!(site.exists(".public.yanzhen-manifest"));
}

/// The layout shift Chromium measured on the open page (the sum of `layout-shift` entries).
fn layout_shift(tab: &browser::Tab) -> f64 {
    let v = browser::eval_await(
        tab,
        "new Promise(done => { let s = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) s += e.value; }).observe({type: 'layout-shift', buffered: true}); setTimeout(() => done(String(s)), 300); })",
    );
    v.as_str().unwrap().parse().unwrap()
}

#[test]
fn the_brand_matrix_and_the_menu_do_not_move_once_scripts_ran() {
    let brand = |n: usize, status: &str| {
        format!(
            "---\ntitle: 品牌{n}\nstatus: {status}\nunit: 市税务局\ncategory: 窗口服务\n---\n\n正文。\n"
        )
    };
    let mut site = Fixture::site();
    for n in 0..8 {
        site = site.file(
            &format!("content/brands/b{n}.md"),
            &brand(n, ["十佳", "优秀"][n % 2]),
        );
    }
    site.build_ok(&[]);
    let browser = Browser::start();
    let url = browser::file_url(&site.path("public/brands/index.html"));
    let watch = browser::first_positions(&[".matrix-filter", ".matrix-group"]);
    let tab = browser::open_watched(&browser, &url, &watch);
    // The filter panel has its place from the moment it is parsed (not once scripts ran), and
    // the cards below it stay where they were first laid out.
    let first = browser::eval(&tab, "JSON.stringify(window.__first)");
    let first: serde_json::Value = serde_json::from_str(first.as_str().unwrap()).unwrap();
    assert_eq!(first[".matrix-filter"][1], "flex", "{first}");
    let now = browser::eval(
        &tab,
        "document.querySelector('.matrix-group').getBoundingClientRect().top",
    );
    assert_eq!(first[".matrix-group"][0].as_f64(), now.as_f64(), "{first}");
    let cls = layout_shift(&tab);
    assert!(cls < 0.01, "layout shift {cls}");

    // On a phone, every menu item is in view: the menu wraps instead of scrolling.
    tab.call_method(
        headless_chrome::protocol::cdp::Emulation::SetDeviceMetricsOverride {
            width: 390,
            height: 844,
            device_scale_factor: 1.0,
            mobile: true,
            scale: None,
            screen_width: None,
            screen_height: None,
            position_x: None,
            position_y: None,
            dont_set_visible_size: None,
            screen_orientation: None,
            viewport: None,
            display_feature: None,
            device_posture: None,
        },
    )
    .unwrap();
    let outside = browser::eval(
        &tab,
        "Array.from(document.querySelectorAll('.site-nav a')).filter(a => { const r = a.getBoundingClientRect(); return r.width === 0 || r.left < 0 || r.right > document.documentElement.clientWidth; }).length",
    );
    assert_eq!(outside, 0);
}
