//! Site search: the index files, the header box, and the search page driven in headless Chromium
//! from `file://`.

use std::time::{Duration, Instant};

use crate::browser::{self, Browser, Tab};
use crate::fixture::Fixture;

/// A site whose pages hold the phrases users search for, some of them only as fragments, and one
/// page that holds every character pair of 三会一课 without the phrase itself.
fn search_site() -> Fixture {
    Fixture::site()
        .file(
            "content/cases/sanhui.md",
            "---\ntitle: 严格落实三会一课制度\ndate: 2024-03-01\nunit: 市委组织部\ntags: [组织生活]\n---\n\n支部坚持三会一课，每月开展主题党日活动。\n\n主题党日由支部书记带头讲党课。\n",
        )
        .file(
            "content/cases/xianfeng.md",
            "---\ntitle: 设立党员先锋岗\ndate: 2024-02-01\nunit: 市政务服务局\nbranch: 窗口党支部\n---\n\n张建国同志在先锋岗上服务群众，群众满意率达到99.09%。\n",
        )
        .file(
            "content/brands/b.md",
            "---\ntitle: “红色税韵”品牌\nstatus: 优秀\nunit: 市税务局\n---\n\n品牌以党员先锋岗为抓手，擦亮服务窗口。\n",
        )
        .file(
            "content/reports/r.md",
            "---\ntitle: 组织生活纪实\ndate: 2024-01-10\n---\n\n会一会三会，再上一课。\n",
        )
        .file(
            "content/articles/g.md",
            "---\ntitle: 标准化工作通知\ndate: 2024-01-05\n---\n\n执行GB/T 19001标准，圆周率取3.14，档案编号１２３４５。\n",
        )
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Waits until the search page has shown the results of its query.
fn wait_done(tab: &Tab) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let state = browser::eval(
            tab,
            "(document.getElementById('search') || document.body).getAttribute('data-state')",
        );
        if state == "done" {
            return;
        }
        assert!(Instant::now() < deadline, "search never finished: {state}");
        std::thread::sleep(Duration::from_millis(30));
    }
}

/// The result links and the status line of the current search page.
fn results(tab: &Tab) -> (Vec<String>, String) {
    let v = browser::eval(
        tab,
        "JSON.stringify([Array.from(document.querySelectorAll('.search-hit h2 a')).map(a => a.getAttribute('href')), document.querySelector('.search-status').textContent])",
    );
    let (links, status): (Vec<String>, String) = serde_json::from_str(v.as_str().unwrap()).unwrap();
    (links, status)
}

fn search(tab: &Tab, site: &Fixture, q: &str) -> (Vec<String>, String) {
    let url = format!(
        "{}?q={}",
        browser::file_url(&site.path("public/search/index.html")),
        percent(q)
    );
    tab.navigate_to(&url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_done(tab);
    results(tab)
}

#[test]
fn the_index_is_a_script_with_every_page_and_text_shards() {
    let site = search_site();
    site.build_ok(&[]);
    let index = site.read("public/search/index.js");
    assert!(index.starts_with("YanzhenSearch.index({"), "{index}");
    for needle in [
        "\"../cases/sanhui/index.html\",\"严格落实三会一课制度\",\"case\",\"2024-03-01\",\"市委组织部\"",
        "\"../brands/b/index.html\"",
        "\"会一\":",
        "\"gb\":",
        "\"12\":",
    ] {
        assert!(index.contains(needle), "missing {needle} in {index}");
    }
    assert!(!index.contains("fetch("));
    let shard = site.read("public/search/text-0.js");
    assert!(shard.starts_with("YanzhenSearch.shard(0,["), "{shard}");
    assert!(shard.contains("张建国同志在先锋岗上服务群众"), "{shard}");
    let page = site.read("public/search/index.html");
    // Deferred: the index loads without holding up the first paint.
    assert!(page.contains("<script src=\"../assets/search.js\" defer></script>"));
    assert!(page.contains("<script src=\"index.js\" defer></script>"));
    assert!(site.exists("public/assets/search.js"));
}

#[test]
fn every_page_has_a_search_box_that_links_to_the_search_page_relatively() {
    let site = search_site();
    site.build_ok(&[]);
    for (page, action) in [
        ("public/index.html", "search/index.html"),
        ("public/cases/sanhui/index.html", "../../search/index.html"),
        ("public/cases/index.html", "../search/index.html"),
        ("public/search/index.html", "index.html"),
    ] {
        let html = site.read(page);
        let form = format!(
            "<form class=\"site-search\" role=\"search\" action=\"{action}\" method=\"get\"><input type=\"search\" name=\"q\""
        );
        assert!(html.contains(&form), "{page}: no {form} in\n{html}");
    }
}

#[test]
fn chinese_substrings_find_their_pages_from_file_urls() {
    let site = search_site();
    site.build_ok(&[]);
    let browser = Browser::start();
    let tab = browser.inner.new_tab().unwrap();
    for (q, want) in [
        // The whole phrase; the report holds 三会, 会一 and 一课 apart and must not match.
        ("三会一课", vec!["../cases/sanhui/index.html"]),
        // Fragments a word segmenter would not index.
        (
            "会一",
            vec!["../cases/sanhui/index.html", "../reports/r/index.html"],
        ),
        ("题党", vec!["../cases/sanhui/index.html"]),
        ("主题党日", vec!["../cases/sanhui/index.html"]),
        ("建国", vec!["../cases/xianfeng/index.html"]),
        // A title hit ranks before a body hit.
        (
            "先锋岗",
            vec!["../cases/xianfeng/index.html", "../brands/b/index.html"],
        ),
        // Latin and numbers, case- and width-folded.
        ("gb/t", vec!["../articles/g/index.html"]),
        ("GB/T 3.14", vec!["../articles/g/index.html"]),
        ("12345", vec!["../articles/g/index.html"]),
        ("99.09%", vec!["../cases/xianfeng/index.html"]),
        // A single character searches titles (and units, branches, tags, summaries).
        ("甲", vec!["../cases/a/index.html"]),
        // Fields other than the body.
        ("窗口党支部", vec!["../cases/xianfeng/index.html"]),
        // A title hit (the report) before a tag hit (the case).
        (
            "组织生活",
            vec!["../reports/r/index.html", "../cases/sanhui/index.html"],
        ),
    ] {
        let (links, status) = search(&tab, &site, q);
        assert_eq!(links, want, "query {q}");
        assert_eq!(status, format!("找到 {} 条结果", want.len()), "query {q}");
    }
    let (links, status) = search(&tab, &site, "不存在的内容");
    assert!(links.is_empty());
    assert_eq!(status, "没有找到相关内容，请换个说法试试");

    // The hit is highlighted in the excerpt and the title, and the link opens the page.
    search(&tab, &site, "会一");
    let marks = browser::eval(
        &tab,
        "Array.from(document.querySelectorAll('.search-hit:first-child mark')).map(m => m.textContent).join(',')",
    );
    assert_eq!(marks, "会一,会一");
    let excerpt = browser::eval(
        &tab,
        "document.querySelector('.search-excerpt').textContent",
    );
    assert_eq!(
        excerpt,
        "支部坚持三会一课，每月开展主题党日活动。 主题党日由支部书记带头讲党课。"
    );
    tab.find_element(".search-hit h2 a")
        .unwrap()
        .click()
        .unwrap();
    tab.wait_until_navigated().unwrap();
    let url = browser::eval(&tab, "location.href");
    assert!(
        url.as_str().unwrap().ends_with("/cases/sanhui/index.html"),
        "{url}"
    );
}

#[test]
fn kind_filters_narrow_the_results_and_show_counts() {
    let site = search_site();
    site.build_ok(&[]);
    let browser = Browser::start();
    let tab = browser.inner.new_tab().unwrap();
    let (links, _) = search(&tab, &site, "党员");
    assert_eq!(
        links,
        vec!["../cases/xianfeng/index.html", "../brands/b/index.html"]
    );
    let counts = browser::eval(
        &tab,
        "Array.from(document.querySelectorAll('.search-kinds button:not([hidden])')).map(b => b.textContent.replace(/\\s+/g, '')).join(',')",
    );
    // Kinds without results are no choice and are not shown.
    assert_eq!(counts, "全部2,案例1,品牌1");
    tab.find_element(".search-kinds button[data-kind=brand]")
        .unwrap()
        .click()
        .unwrap();
    let (links, status) = results(&tab);
    assert_eq!(links, vec!["../brands/b/index.html"]);
    assert_eq!(status, "找到 1 条结果");
    // The filter is in the address, so the link can be shared.
    let url = browser::eval(&tab, "location.search");
    assert_eq!(url, format!("?q={}&kind=brand", percent("党员")));
    tab.reload(false, None)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_done(&tab);
    assert_eq!(results(&tab).0, vec!["../brands/b/index.html"]);
}

#[test]
fn the_header_box_searches_from_any_page() {
    let site = search_site();
    site.build_ok(&[]);
    let browser = Browser::start();
    let tab = browser.open(&browser::file_url(&site.path("public/cases/a/index.html")));
    tab.find_element(".site-search input[name=q]")
        .unwrap()
        .type_into("先锋岗")
        .unwrap();
    tab.press_key("Enter").unwrap();
    tab.wait_until_navigated().unwrap();
    wait_done(&tab);
    let (links, _) = results(&tab);
    assert_eq!(
        links,
        vec!["../cases/xianfeng/index.html", "../brands/b/index.html"]
    );
    assert_eq!(
        browser::eval(&tab, "document.querySelector('.search-form input').value"),
        "先锋岗"
    );
}

#[test]
fn a_large_site_is_split_into_shards_that_load_only_when_needed() {
    // About 3 MB of text: several shards. A rare word needs one of them.
    let mut site = Fixture::site();
    let filler = "党员干部扎实推进党员志愿服务，有力促进了中心工作提质增效。".repeat(80);
    for i in 0..400 {
        let extra = if i == 123 {
            "独一无二的测试词"
        } else {
            ""
        };
        site = site.file(
            &format!("content/articles/p{i}.md"),
            &format!("---\ntitle: 文章{i}\ndate: 2024-01-01\n---\n\n{filler}{extra}\n"),
        );
    }
    site.build_ok(&[]);
    assert!(
        site.exists("public/search/text-2.js"),
        "expected several shards"
    );
    let browser = Browser::start();
    let tab = browser.inner.new_tab().unwrap();
    let (links, _) = search(&tab, &site, "一无二的测");
    assert_eq!(links, vec!["../articles/p123/index.html"]);
    assert_eq!(
        browser::eval(&tab, "YanzhenSearch.loadedShards()"),
        serde_json::json!(1)
    );
    let (links, status) = search(&tab, &site, "志愿服务");
    assert_eq!(links.len(), 20, "the first twenty are shown");
    assert_eq!(status, "找到 400 条结果");
    tab.find_element(".search-more").unwrap().click().unwrap();
    let (links, _) = results(&tab);
    assert_eq!(links.len(), 40);
}

/// The search budget on a built site (not a pass/fail test): `bash bench/search.sh` builds the
/// 10,000-page benchmark corpus and runs this with `YANZHEN_SEARCH_SITE` set to the output.
/// Prints the index size, the time to load the search page, and per query the time of the first
/// run (loading the text shards it needs), of a second run, and the text shards loaded by then.
#[test]
#[ignore = "a measurement; run by bench/search.sh"]
fn search_budget() {
    let Ok(out) = std::env::var("YANZHEN_SEARCH_SITE") else {
        panic!("set YANZHEN_SEARCH_SITE to a built site (bench/search.sh does)");
    };
    let dir = std::path::Path::new(&out).join("search");
    let size = |name: &str| {
        std::fs::metadata(dir.join(name))
            .map(|m| m.len())
            .unwrap_or(0)
    };
    let shards = (0..)
        .take_while(|n| dir.join(format!("text-{n}.js")).exists())
        .count();
    let text: u64 = (0..shards).map(|n| size(&format!("text-{n}.js"))).sum();
    println!(
        "index.js {:.2} MB; {shards} text shards, {:.2} MB in all ({:.2} MB the largest)",
        size("index.js") as f64 / 1e6,
        text as f64 / 1e6,
        (0..shards)
            .map(|n| size(&format!("text-{n}.js")))
            .max()
            .unwrap_or(0) as f64
            / 1e6
    );
    let browser = Browser::start();
    let tab = browser.inner.new_tab().unwrap();
    let page = browser::file_url(&dir.join("index.html"));
    let mut loads = Vec::new();
    for _ in 0..3 {
        tab.navigate_to(&page)
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        while browser::eval(
            &tab,
            "document.getElementById('search').getAttribute('data-state')",
        ) != "ready"
        {
            assert!(Instant::now() < deadline, "the search page never got ready");
            std::thread::sleep(Duration::from_millis(20));
        }
        let ms = browser::eval(
            &tab,
            "Number(document.getElementById('search').getAttribute('data-ready-ms'))",
        );
        loads.push(ms.as_f64().unwrap());
    }
    println!(
        "search page ready (index loaded and parsed) after {loads:?} ms from navigation start"
    );
    let time = |q: &str| {
        let js = format!(
            "new Promise(r => {{ const t = performance.now(); YanzhenSearch.run({}, res => r(JSON.stringify([performance.now() - t, res.count]))); }})",
            serde_json::to_string(q).unwrap()
        );
        let v = tab.evaluate(&js, true).unwrap().value.unwrap();
        let v: serde_json::Value = serde_json::from_str(v.as_str().unwrap()).unwrap();
        (v[0].as_f64().unwrap(), v[1].as_u64().unwrap())
    };
    println!(
        "{:<16}{:>10}{:>14}{:>14}{:>10}",
        "query", "results", "first ms", "again ms", "shards"
    );
    for q in [
        "铜陵市生态环境局",
        "三会一课",
        "示范岗",
        "主题党日",
        "题党",
        "志愿服务队",
        "7379",
        "办结率达95%",
        "铜",
        "党员 志愿服务",
        "党员",
        "不存在的词语",
    ] {
        let (first, n) = time(q);
        let shards = browser::eval(&tab, "YanzhenSearch.loadedShards()")
            .as_u64()
            .unwrap_or(0);
        let (again, _) = time(q);
        println!("{q:<16}{n:>10}{first:>14.1}{again:>14.1}{shards:>10}");
    }
    // The whole page: query from the address, results rendered, all shards already cached by
    // the browser's memory cache or not — as a user sees it.
    for q in ["三会一课", "党员"] {
        let url = format!("{page}?q={}", percent(q));
        tab.navigate_to(&url)
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        wait_done(&tab);
        let ms = browser::eval(
            &tab,
            "document.getElementById('search').getAttribute('data-ms')",
        );
        let shown = browser::eval(&tab, "document.querySelectorAll('.search-hit').length");
        println!("page ?q={q}: results shown {ms} ms after the query started ({shown} rendered)");
    }
}

#[test]
fn pretty_links_in_the_index_name_directories() {
    let site = search_site().file(
        "site.yaml",
        &format!("{}links: pretty\n", crate::fixture::SITE_YAML),
    );
    site.build_ok(&[]);
    let index = site.read("public/search/index.js");
    assert!(index.contains("[\"../cases/sanhui/\","), "{index}");
    assert!(!index.contains("index.html"), "{index}");
    let html = site.read("public/cases/sanhui/index.html");
    assert!(html.contains("action=\"../../search/\""), "{html}");
}

#[test]
fn filters_cover_every_kind_in_the_results_and_each_result_shows_why_it_matched() {
    let site = search_site()
        .file(
            "content/units/zuzhibu.md",
            "---\ntitle: 市委组织部机关党委\nname: 市委组织部\ntype: 党委\n---\n\n机关党委下设支部五个。\n",
        )
        .file(
            "content/collections/c.md",
            "---\ntitle: 市委组织部案例汇编\ndate: 2024-06-01\nentries: [cases/sanhui.md]\n---\n\n前言。\n",
        );
    site.build_ok(&[]);
    let browser = Browser::start();
    let tab = browser.inner.new_tab().unwrap();
    // The case matches by its unit only: neither its title nor its text holds the query.
    let (links, _) = search(&tab, &site, "市委组织部");
    assert_eq!(links.len(), 3, "{links:?}");
    let counts = browser::eval(
        &tab,
        "JSON.stringify(Array.from(document.querySelectorAll('.search-kinds button:not([hidden])')).map(b => [b.getAttribute('data-kind'), Number(b.querySelector('.n').textContent)]))",
    );
    let counts: Vec<(String, usize)> = serde_json::from_str(counts.as_str().unwrap()).unwrap();
    assert_eq!(
        counts,
        [
            ("".into(), 3),
            ("case".into(), 1),
            ("unit".into(), 1),
            ("collection".into(), 1)
        ]
    );
    let total: usize = counts.iter().skip(1).map(|(_, n)| n).sum();
    assert_eq!(total, counts[0].1, "the kind buttons add up to all results");
    let unmarked = browser::eval(
        &tab,
        "Array.from(document.querySelectorAll('.search-hit')).filter(h => !h.querySelector('h2 mark, .search-excerpt mark')).map(h => h.querySelector('h2').textContent).join('|')",
    );
    assert_eq!(unmarked, "", "every result shows the query highlighted");
}

#[test]
fn results_arriving_shift_nothing_on_the_page() {
    let site = search_site();
    site.build_ok(&[]);
    let browser = Browser::start();
    let url = format!(
        "{}?q={}",
        browser::file_url(&site.path("public/search/index.html")),
        percent("党")
    );
    let tab = browser::open_watched(&browser, &url, &browser::first_positions(&[".site-footer"]));
    wait_done(&tab);
    // The footer starts below the fold from the first layout, so results arriving above it move
    // nothing in view.
    let first = browser::eval(
        &tab,
        "JSON.stringify([window.__first['.site-footer'][0], innerHeight])",
    );
    let (top, height): (f64, f64) = serde_json::from_str(first.as_str().unwrap()).unwrap();
    assert!(top >= height, "footer at {top} in a {height} px window");
    let v = browser::eval_await(
        &tab,
        "new Promise(done => { let s = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) s += e.value; }).observe({type: 'layout-shift', buffered: true}); setTimeout(() => done(String(s)), 300); })",
    );
    let cls: f64 = v.as_str().unwrap().parse().unwrap();
    assert!(cls < 0.01, "layout shift {cls}");
}
