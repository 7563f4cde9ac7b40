//! `yanzhen check` as a website inspection: site health, wording, punctuation; its text, JSON
//! and HTML outputs; `--strict`; and `build` pointing to it.

use crate::browser;
use crate::fixture::{Fixture, Output};

const SITE: &str = "title: 检查测试网\ncolumns:\n  - {slug: news, title: 工作动态, update_within: 14d}\n  - {slug: policy, title: 政策文件}\nsite_url: http://10.1.2.3\n";

fn page(title: &str, date: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\ncolumns: [news]\n---\n\n{body}\n")
}

/// A 1×1 PNG.
const PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0,
    0, 0, 31, 21, 196, 137, 0, 0, 0, 13, 73, 68, 65, 84, 120, 218, 99, 100, 248, 207, 80, 15, 0, 3,
    134, 1, 128, 90, 52, 125, 107, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

/// A site with one article in column `news`.
fn site(body: &str) -> Fixture {
    Fixture::new()
        .file("site.yaml", SITE)
        .file("content/articles/a.md", &page("文章甲", "2025-06-20", body))
}

fn check(site: &Fixture, args: &[&str]) -> Output {
    let mut all = vec!["check", "--today", "2025-06-30"];
    all.extend_from_slice(args);
    let out = site.run(&all);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    out
}

/// (rule, line, col, suggestion) of every finding, from the JSON output.
fn findings(out: &Output) -> Vec<(String, u64, u64, String)> {
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["col"].as_u64().unwrap_or(0),
                f["suggestion"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn rules(out: &Output) -> Vec<String> {
    findings(out).into_iter().map(|f| f.0).collect()
}

#[test]
fn an_empty_column_and_a_stale_column_as_of_today() {
    let site = site("正文。");
    let out = check(&site, &["--format", "json"]);
    assert_eq!(rules(&out), ["empty-column"], "{}", out.stdout);
    let text = check(&site, &[]).stdout;
    assert!(
        text.contains("== 空白栏目（empty-column）：1 处 =="),
        "{text}"
    );
    assert!(
        text.contains(
            "site.yaml:4:12: warning[empty-column]: 栏目“政策文件”（policy）没有已发布的页面"
        ),
        "{text}"
    );
    // Three weeks later the news column has had nothing new for more than 14 days.
    let out = site.run(&["check", "--today", "2025-07-21", "--format", "json"]);
    assert_eq!(
        rules(&out),
        ["empty-column", "stale-column"],
        "{}",
        out.stdout
    );
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let news = &doc["columns"][0];
    assert_eq!(news["status"], "stale");
    assert_eq!(news["last_update"], "2025-06-20");
    assert!(
        doc["findings"][1]["suggestion"]
            .as_str()
            .unwrap()
            .contains("2025-07-07")
    );
}

#[test]
fn a_stale_section_by_its_own_period() {
    let site = site("正文。").file(
        "content/articles/_index.md",
        "---\ntitle: 文章\nupdate_within: 1m\n---\n",
    );
    let out = site.run(&[
        "check",
        "--today",
        "2025-08-01",
        "--format",
        "json",
        "--skip",
        "stale-column",
    ]);
    let f = findings(&out);
    assert_eq!(f[1].0, "stale-section", "{}", out.stdout);
    assert_eq!((f[1].1, f[1].2), (3, 1));
    assert!(f[1].3.contains("2025-07-01"), "{f:?}");
}

#[test]
fn a_future_date_and_an_updated_before_date() {
    let site = site("正文。").file(
        "content/articles/b.md",
        "---\ntitle: 文章乙\ndate: 2025-07-01\nupdated: 2025-06-01\n---\n\n正文。\n",
    );
    let out = check(&site, &["--format", "json", "--skip", "empty-column"]);
    let f = findings(&out);
    assert_eq!(f.len(), 2, "{}", out.stdout);
    assert_eq!((f[0].0.as_str(), f[0].1, f[0].2), ("future-date", 3, 7));
    assert_eq!(
        (f[1].0.as_str(), f[1].1, f[1].2),
        ("updated-before-date", 4, 10)
    );
}

#[test]
fn every_punctuation_case_with_its_fix() {
    let body = "支部召开会议,学习文件。\n要求如下:一是学习;二是落实?\n会议(扩大)召开。\n他说\"不忘初心\"。\n会议结束。。\n党员、干部,群众都参加。\n时间 10:30, English, (note) and \"quoted\" stay.";
    let site = site(body);
    let out = check(&site, &["--format", "json", "--skip", "health"]);
    let got = findings(&out);
    let want = [
        ("half-width-punct", 7, 7, "，"),
        ("half-width-punct", 8, 5, "："),
        ("half-width-punct", 8, 10, "；"),
        ("half-width-punct", 8, 15, "？"),
        ("half-width-punct", 9, 3, "（扩大）"),
        ("straight-quotes", 10, 3, "“不忘初心”"),
        ("double-period", 11, 5, "只保留一个“。”；表示省略用“……”"),
        ("mixed-series", 12, 6, "、"),
    ];
    let want: Vec<(String, u64, u64, String)> = want
        .iter()
        .map(|(r, l, c, s)| (r.to_string(), *l, *c, s.to_string()))
        .collect();
    assert_eq!(got, want, "{}", out.stdout);
}

#[test]
fn builtin_and_site_rules_and_a_rule_switched_off() {
    let body = "我们要再接再励，按步就班地推进，不能迫不急待。\n坚持以人民为中心的发展思想，十八大以来成绩显著。";
    let site = site(body).file(
        "wording.yaml",
        "# 本站表述规则\n- {wrong: 以人民为中心的发展思想, right: 以人民为中心的发展思想（全称请核对）, note: 请核对提法}\n- {pattern: '十八大以来', message: 应写作“党的十八大以来”}\n- disable: 按步就班\n- disable: half-width-punct\n",
    );
    let out = check(&site, &["--format", "json", "--skip", "health"]);
    let got: Vec<(String, u64, u64)> = findings(&out)
        .into_iter()
        .map(|f| (f.0, f.1, f.2))
        .collect();
    let want = [
        ("typo", 7, 4),
        ("typo", 7, 19),
        ("wording", 8, 3),
        ("wording", 8, 15),
    ];
    let want: Vec<(String, u64, u64)> = want
        .iter()
        .map(|(r, l, c)| (r.to_string(), *l, *c))
        .collect();
    assert_eq!(got, want, "{}", out.stdout);
    let text = check(&site, &["--skip", "health"]).stdout;
    assert!(text.contains("“再接再励”应为“再接再厉”"), "{text}");
    assert!(
        text.contains("“十八大以来”：应写作“党的十八大以来”"),
        "{text}"
    );
    assert!(!text.contains("按步就班”应为"), "{text}");
}

#[test]
fn carets_land_under_the_chinese_characters() {
    let site = site("一二三再接再励，四五。");
    let text = check(&site, &["--skip", "health"]).stdout;
    let want = "content/articles/a.md:7:4: warning[typo]: “再接再励”应为“再接再厉”\n 7 | 一二三再接再励，四五。\n   | \u{3000}\u{3000}\u{3000}^^^^^^^^\n  建议: 再接再厉\n";
    assert!(text.contains(want), "{text}");
}

#[test]
fn text_in_code_urls_and_front_matter_keys_is_not_checked() {
    let body = "```\n再接再励,代码(里面)\n```\n\n    再接再励,缩进代码\n\n`再接再励,行内` 与 [链接](https://example.org/再接再励,x) 与 <span title=\"再接再励\">字</span>\n";
    let site = site(body).file(
        "content/articles/b.md",
        "---\ntitle: 正常标题\ndate: 2025-06-01\nsource_url: https://example.org/a,b(c)\n---\n\n正文。\n",
    );
    let out = check(&site, &["--format", "json", "--skip", "health"]);
    assert_eq!(findings(&out), [], "{}", out.stdout);
    let out = check(
        &site,
        &["--format", "json", "--skip", "health", "--external"],
    );
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let urls: Vec<&str> = doc["external"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        urls,
        [
            "https://example.org/再接再励,x",
            "https://example.org/a,b(c)"
        ]
    );
}

#[test]
fn images_without_alt_and_duplicate_titles() {
    let site = site("![](a.png)\n\n![有说明](b.png)")
        .bytes("content/articles/a.png", PNG)
        .bytes("content/articles/b.png", PNG)
        .file(
            "content/articles/c.md",
            &page("文章甲", "2025-06-21", "正文。"),
        );
    let out = check(&site, &["--format", "json", "--skip", "empty-column"]);
    let f = findings(&out);
    let got: Vec<(&str, u64, u64)> = f.iter().map(|f| (f.0.as_str(), f.1, f.2)).collect();
    assert_eq!(
        got,
        [("duplicate-title", 2, 8), ("image-alt", 7, 1)],
        "{}",
        out.stdout
    );
}

#[test]
fn the_json_output_is_exact() {
    let site = Fixture::new()
        .file(
            "site.yaml",
            "title: 检查测试网\ncolumns:\n  - {slug: policy, title: 政策文件}\nsite_url: http://10.1.2.3\n",
        )
        .file(
            "content/articles/a.md",
            "---\ntitle: 甲\ndate: 2025-06-20\n---\n\n支部会议再接再励,继续前进。\n",
        );
    let out = check(&site, &["--format", "json"]);
    let want = include_str!("check_exact.json");
    assert_eq!(out.stdout, want);
}

#[test]
fn strict_fails_on_warnings_and_a_bad_wording_yaml_is_an_error() {
    let site = site("再接再励。");
    assert_eq!(
        site.run(&["check", "--today", "2025-06-30", "--strict"])
            .code,
        1
    );
    let clean = site.file("wording.yaml", "- disable: typo\n");
    let out = clean.run(&[
        "check",
        "--today",
        "2025-06-30",
        "--strict",
        "--skip",
        "empty-column",
    ]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    clean.write(
        "wording.yaml",
        "- {wrong: 甲}\n- {pattern: '(', message: x}\n",
    );
    let out = clean.run(&["check"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("wording.yaml:1:3: error: the rule for `甲` has no `right`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("wording.yaml:2:13: error: `pattern` is not a valid regular expression"),
        "{}",
        out.stderr
    );
}

#[test]
fn build_counts_the_warnings_and_points_to_check() {
    let mut body = String::new();
    for _ in 0..500 {
        body.push_str("再接再励,继续前进。\n");
    }
    let site = site(&body);
    let out = site.build_ok(&[]);
    // 500 typos, 500 commas, the empty column, and the news column stale as of today.
    assert!(
        out.stderr
            .contains("1002 warnings: run `yanzhen check` to see them"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.lines().count() < 5, "{}", out.stderr);
}

#[test]
fn the_html_report_opens_offline_and_its_counts_match_the_json() {
    let body =
        "支部会议再接再励,继续前进。\n他说\"不忘初心\"。\n![](x.png)\n<script>alert(1)</script>";
    let site = site(body).bytes("content/articles/x.png", PNG);
    let out = check(&site, &["--format", "json", "--report", "report.html"]);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let html = site.read("report.html");
    assert!(
        !html.contains("<script"),
        "the report has no script and escapes the text"
    );
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http"),
        "self-contained"
    );
    let b = browser::Browser::start();
    let (tab, errors) = browser::watched_tab(&b);
    tab.navigate_to(&browser::file_url(&site.path("report.html")))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let total = browser::eval(&tab, "Number(document.getElementById('total').textContent)");
    assert_eq!(total, doc["total"]);
    let shown = browser::eval(
        &tab,
        "JSON.stringify(Array.from(document.querySelectorAll('#counts tr[data-rule]')).map(r => [r.dataset.rule, Number(r.cells[2].textContent)]))",
    );
    let want: Vec<(String, u64)> = doc["counts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["count"].as_u64().unwrap() > 0)
        .map(|c| {
            (
                c["rule"].as_str().unwrap().to_string(),
                c["count"].as_u64().unwrap(),
            )
        })
        .collect();
    let shown: Vec<(String, u64)> = serde_json::from_str(shown.as_str().unwrap()).unwrap();
    assert_eq!(shown, want);
    let bars = browser::eval(&tab, "document.querySelectorAll('svg rect').length");
    assert_eq!(bars.as_u64().unwrap() as usize, want.len());
    let items = browser::eval(&tab, "document.querySelectorAll('ol.findings > li').length");
    assert_eq!(items, doc["total"]);
    assert!(
        errors.lock().unwrap().is_empty(),
        "{:?}",
        errors.lock().unwrap()
    );
}
