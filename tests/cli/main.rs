//! Runs the real `yanzhen` binary on fixture sites and looks at what it wrote.

mod browser;
mod check;
mod deploy;
mod dist;
mod exhibition;
mod fixture;
mod images;
mod import;
mod print;
mod search;
mod serve;
mod stats;
mod xss;

use fixture::{Fixture, SITE_YAML, links, snapshot};

fn case(title: &str, date: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\nunit: 市税务局\n---\n\n{title}的正文。\n")
}

#[test]
fn case_page_shows_meta_line_figures_toc_tags_and_prev_next() {
    let site = Fixture::site()
        .file(
            "content/cases/b.md",
            "---\ntitle: 案例乙\ndate: 2024-06-01\nunit: 市政务服务局\nbranch: 第一党支部\nsource: 市直机关工委\neditors: [张某某, 李某某]\ntags: [三会一课, 先锋岗]\nfigures:\n  - {label: 党员, value: 13, unit: 名}\n  - {label: 满意率, value: \"99.09%\"}\n---\n\n## 一、背景和起因\n\n**（一）加强支部建设。**正文\n\n## 二、主要做法\n\n**“头雁”**行动\n",
        )
        .file("content/cases/c.md", &case("案例丙", "2024-04-01"));
    site.build_ok(&[]);
    let html = site.read("public/cases/b/index.html");
    for needle in [
        "单位：<a href=\"../../units/市政务服务局/index.html\">市政务服务局</a> · 第一党支部",
        "来源：市直机关工委",
        "发布时间：<time datetime=\"2024-06-01\">2024-06-01</time>",
        "责任编辑：张某某、李某某",
        "<span class=\"figure-value\">13<small>名</small></span><span class=\"figure-label\">党员</span>",
        "99.09%",
        "<a href=\"#一背景和起因\">一、背景和起因</a>",
        "<h2 id=\"二主要做法\">二、主要做法</h2>",
        "<strong>（一）加强支部建设。</strong>正文",
        "<strong>“头雁”</strong>行动",
        "<a class=\"tag\" href=\"../../tags/三会一课/index.html\" rel=\"tag\">三会一课</a>",
        // Newest first: b (06-01) is first, then a (05-01), then c (04-01).
        "上一篇：没有了",
        "下一篇：<a href=\"../a/index.html\" rel=\"next\">案例甲</a>",
    ] {
        assert!(html.contains(needle), "missing {needle:?} in\n{html}");
    }
    let a = site.read("public/cases/a/index.html");
    assert!(
        a.contains("上一篇：<a href=\"../b/index.html\" rel=\"prev\">案例乙</a>"),
        "{a}"
    );
    assert!(
        a.contains("下一篇：<a href=\"../c/index.html\" rel=\"next\">案例丙</a>"),
        "{a}"
    );
    assert!(
        a.contains(
            "<a href=\"../../index.html\">首页</a></li><li><a href=\"../index.html\">典型案例</a>"
        ),
        "breadcrumbs: {a}"
    );
}

#[test]
fn brand_page_shows_slogan_status_logo_and_criteria() {
    let site = Fixture::site()
        .file(
            "content/brands/hongse.md",
            "---\ntitle: 红色税韵\nslogan: 税收为民 红色引领\nstatus: 十佳\ncategory: 机关效能\nyear: 2023\nunit: 市税务局\nlogo: logos/hongse.svg\ncolumns: [show-brands]\nstandard:\n  theme: 以党建引领纳税服务\n  effect: 满意率持续提升\n---\n\n品牌介绍。\n",
        )
        .file("content/brands/logos/hongse.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    site.build_ok(&[]);
    let html = site.read("public/brands/hongse/index.html");
    for needle in [
        "<p class=\"slogan\">税收为民 红色引领</p>",
        "<span class=\"status status-十佳\">十佳</span>",
        "src=\"../logos/hongse.svg\"",
        "<th scope=\"row\">有主题</th><td>以党建引领纳税服务</td>",
        "<th scope=\"row\">有内涵</th><td>—</td>",
        "<th scope=\"row\">有效果</th><td>满意率持续提升</td>",
        "<dd>机关效能</dd>",
        "<dd>2023</dd>",
    ] {
        assert!(html.contains(needle), "missing {needle:?} in\n{html}");
    }
    assert!(site.exists("public/brands/logos/hongse.svg"));
    let column = site.read("public/columns/show-brands/index.html");
    assert!(column.contains("红色税韵"), "{column}");
}

#[test]
fn five_criteria_from_site_yaml_give_five_rows() {
    let yaml = format!(
        "{SITE_YAML}brand_criteria:\n  - {{key: theme, label: 有主题}}\n  - {{key: connotation, label: 有内涵}}\n  - {{key: feature, label: 有特色}}\n  - {{key: effect, label: 有效果}}\n  - {{key: carrier, label: 有载体}}\n"
    );
    let site = Fixture::site().file("site.yaml", &yaml).file(
        "content/brands/x.md",
        "---\ntitle: X\nstatus: 培育\nunit: U\nstandard: {carrier: 载体说明}\n---\n",
    );
    site.build_ok(&[]);
    let html = site.read("public/brands/x/index.html");
    assert_eq!(html.matches("<th scope=\"row\">").count(), 5, "{html}");
    assert!(html.contains("<th scope=\"row\">有载体</th><td>载体说明</td>"));
}

#[test]
fn report_unit_article_and_collection_render_their_fields() {
    let site = Fixture::site()
        .file("content/reports/r.md", "---\ntitle: 主题党日纪实\ndate: 2024-07-01\nperiod: 2024年度\ngallery:\n  - {src: img/1.svg, caption: 重温入党誓词}\n---\n\n纪实正文。\n")
        .file("content/reports/img/1.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .file("content/units/tax.md", "---\ntitle: 市税务局机关党委\nname: 市税务局\ntype: 党委\nparent: 市直机关工委\nsecretary: 王某某\nmembers: 120\n---\n")
        .file("content/articles/n.md", "---\ntitle: 通知\ndate: 2024-01-02\n---\n\n通知正文。\n")
        .file(
            "content/collections/book.md",
            "---\ntitle: 典型案例汇编\nsubtitle: 2024年度\ncompiler: 市直机关工委 编\nparts:\n  - title: 第一篇\n    entries: [cases/a.md]\n  - title: 第二篇\n    entries: [reports/r.md]\n---\n\n这是前言。\n",
        );
    site.build_ok(&[]);
    let r = site.read("public/reports/r/index.html");
    assert!(r.contains("src=\"../img/1.svg\""), "{r}");
    assert!(r.contains("<figcaption>重温入党誓词</figcaption>"), "{r}");
    let u = site.read("public/units/tax/index.html");
    for needle in [
        "<dd>党委</dd>",
        "<dd>市直机关工委</dd>",
        "<dd>王某某</dd>",
        "<dd>120</dd>",
    ] {
        assert!(u.contains(needle), "missing {needle:?} in\n{u}");
    }
    assert!(
        site.read("public/articles/n/index.html")
            .contains("通知正文。")
    );
    let c = site.read("public/collections/book/index.html");
    for needle in [
        "市直机关工委 编",
        "这是前言。",
        "<h3>第一篇</h3>",
        "<li value=\"1\"><a href=\"../../cases/a/index.html\">案例甲</a>",
        "<li value=\"2\"><a href=\"../../reports/r/index.html\">主题党日纪实</a>",
    ] {
        assert!(c.contains(needle), "missing {needle:?} in\n{c}");
    }
}

#[test]
fn sections_paginate_by_twenty_and_by_paginate() {
    let mut site = Fixture::new().file("site.yaml", SITE_YAML).file(
        "content/reports/_index.md",
        "---\ntitle: 活动纪实\npaginate: 10\n---\n",
    );
    for i in 0..25 {
        site = site.file(
            &format!("content/cases/c{i:02}.md"),
            &case(&format!("案例{i:02}"), &format!("2024-01-{:02}", i + 1)),
        );
        site = site.file(
            &format!("content/reports/r{i:02}.md"),
            &case(&format!("纪实{i:02}"), &format!("2023-02-{:02}", i + 1)),
        );
    }
    site.build_ok(&[]);
    let first = site.read("public/cases/index.html");
    assert_eq!(first.matches("<li>\n      <h2>").count(), 20, "{first}");
    assert!(first.contains("案例24"), "newest first");
    let second = site.read("public/cases/page/2/index.html");
    assert_eq!(second.matches("<li>\n      <h2>").count(), 5);
    assert!(second.contains("案例00"));
    assert!(
        second.contains("href=\"../../index.html\" rel=\"prev\""),
        "{second}"
    );
    assert!(!site.exists("public/cases/page/3/index.html"));
    assert!(site.exists("public/reports/page/3/index.html"));
    assert!(!site.exists("public/reports/page/4/index.html"));
}

/// Every relative link of every HTML file must name a file of the output.
fn assert_links_resolve(root: &std::path::Path, pretty: bool) -> usize {
    let mut checked = 0;
    for (rel, bytes) in snapshot(root) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let dir = std::path::Path::new(&rel).parent().unwrap().to_path_buf();
        for link in links(&html) {
            if link.contains("://") || link.starts_with('#') || link.starts_with("mailto:") {
                continue;
            }
            assert!(!link.starts_with('/'), "{rel}: site-absolute link {link}");
            let path = link.split('#').next().unwrap();
            let mut target = root.join(&dir).join(path);
            if pretty && (path.ends_with('/') || path.is_empty()) {
                target = target.join("index.html");
            }
            assert!(
                !pretty || !path.ends_with("index.html"),
                "{rel}: pretty links name directories: {link}"
            );
            assert!(
                target.is_file(),
                "{rel}: link {link} → {} does not exist",
                target.display()
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_link_resolves_under_a_sub_path_and_from_disk() {
    let site = Fixture::site()
        .file("content/cases/b.md", "---\ntitle: 乙\ndate: 2024-01-01\n---\n\n见[甲](a.md)与[品牌](../brands/x.md#品牌介绍)，[首页](/)。\n\n![图](p.svg)\n")
        .file("content/cases/p.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .file("content/brands/x.md", "---\ntitle: X\nstatus: 优秀\nunit: U\n---\n\n## 品牌介绍\n")
        .file("static/favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    site.build_ok(&["--base-url", "/dangjian/"]);
    let n = assert_links_resolve(&site.path("public"), false);
    assert!(n > 30, "only {n} links checked");
    let b = site.read("public/cases/b/index.html");
    assert!(b.contains("href=\"../a/index.html\""), "{b}");
    assert!(
        b.contains("href=\"../../brands/x/index.html#%E5%93%81%E7%89%8C%E4%BB%8B%E7%BB%8D\""),
        "{b}"
    );
    assert!(b.contains("src=\"../p.svg\""), "{b}");
    assert!(site.exists("public/favicon.svg"));
}

#[test]
fn pretty_links_name_directories() {
    let site = Fixture::new()
        .file("site.yaml", &format!("{SITE_YAML}links: pretty\n"))
        .file("content/cases/a.md", &case("甲", "2024-01-01"))
        .file("content/cases/b.md", &case("乙", "2024-01-02"));
    site.build_ok(&[]);
    assert!(assert_links_resolve(&site.path("public"), true) > 10);
    let b = site.read("public/cases/b/index.html");
    assert!(b.contains("href=\"../a/\""), "{b}");
    assert!(!b.contains("index.html\""), "{b}");
}

#[test]
fn malformed_inputs_are_all_reported_with_path_line_and_hint() {
    let site = Fixture::new()
        .file("site.yaml", SITE_YAML)
        // Missing required field (date of a case) and a wrong type.
        .file("content/cases/a.md", "---\ntitle: [1, 2]\nunit: X\n---\n")
        // Unknown field with a near miss.
        .file("content/cases/b.md", "---\ntitel: 乙\ntitle: 乙\ndate: 2024-01-01\n---\n")
        // Undeclared column.
        .file("content/cases/c.md", "---\ntitle: 丙\ndate: 2024-01-01\ncolumns: [show-brand]\n---\n")
        // Unknown status.
        .file("content/brands/d.md", "---\ntitle: 丁\nunit: U\nstatus: 十佳品牌\n---\n")
        // Missing collection entry.
        .file("content/collections/e.md", "---\ntitle: 戊\nentries:\n  - cases/nope.md\n---\n")
        // Missing image in front matter and in the body.
        .file("content/cases/f.md", "---\ntitle: 己\ndate: 2024-01-01\ncover: nope.jpg\n---\n\n正文\n\n![图](missing.png)\n")
        // Duplicate URL, compared case-insensitively.
        .file("content/cases/G.md", "---\ntitle: 庚\ndate: 2024-01-01\n---\n")
        .file("content/cases/h.md", "---\ntitle: 辛\ndate: 2024-01-01\nslug: G\n---\n")
        // Bad date.
        .file("content/cases/i.md", "---\ntitle: 壬\ndate: 2024-02-30\n---\n");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let e = &out.stderr;
    for (loc, words) in [
        ("content/cases/a.md:2:8:", "`title` must be text"),
        ("content/cases/a.md:1:1:", "needs a `date`"),
        ("content/cases/b.md:2:1:", "unknown field `titel`"),
        (
            "content/cases/c.md:4:11:",
            "column `show-brand` is not declared",
        ),
        (
            "content/brands/d.md:4:9:",
            "unknown brand status `十佳品牌`",
        ),
        (
            "content/collections/e.md:4:5:",
            "collection entry `cases/nope.md` does not exist",
        ),
        (
            "content/cases/f.md:4:8:",
            "`cover` image `nope.jpg` does not exist",
        ),
        (
            "content/cases/f.md:9:1:",
            "image `missing.png` does not exist",
        ),
        (
            "content/cases/h.md:4:7:",
            "is already used by content/cases/G.md",
        ),
        ("content/cases/i.md:3:7:", "not a valid date"),
    ] {
        let line = e
            .lines()
            .find(|l| l.starts_with(loc))
            .unwrap_or_else(|| panic!("no error at {loc} in\n{e}"));
        assert!(
            line.contains(words),
            "{loc}: expected {words:?}, got {line:?}"
        );
    }
    assert!(e.contains("hint: did you mean `title`?"), "{e}");
    assert!(e.contains("hint: did you mean `show-brands`?"), "{e}");
    assert!(e.contains("hint: did you mean `十佳`?"), "{e}");
    assert!(
        e.contains(" 2 | title: [1, 2]\n"),
        "the offending line is shown: {e}"
    );
    assert!(
        !site.exists("public"),
        "a failed build must not leave output"
    );
}

#[test]
fn site_yaml_typos_are_errors() {
    let site = Fixture::new()
        .file("site.yaml", "title: T\nbase_ulr: /x/\n")
        .file("content/a.md", "---\ntitle: a\ndate: 2024-01-01\n---\n");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("site.yaml:2:1: error: unknown field `base_ulr`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("did you mean `base_url`?"),
        "{}",
        out.stderr
    );
}

#[test]
fn bom_and_crlf_build_the_same_as_lf() {
    let text = "---\ntitle: 案例\ndate: 2024-05-01\ntags: [三会一课]\n---\n\n## 一、背景\n\n第一段。\n\n- 列表\n";
    let lf = Fixture::new()
        .file("site.yaml", SITE_YAML)
        .file("content/cases/a.md", text);
    let crlf = Fixture::new()
        .bytes(
            "site.yaml",
            format!("\u{feff}{}", SITE_YAML.replace('\n', "\r\n")).as_bytes(),
        )
        .bytes(
            "content/cases/a.md",
            format!("\u{feff}{}", text.replace('\n', "\r\n")).as_bytes(),
        );
    lf.build_ok(&[]);
    crlf.build_ok(&[]);
    assert_eq!(snapshot(&lf.path("public")), snapshot(&crlf.path("public")));
    // Lines still count from the top of the file with CRLF.
    let bad = Fixture::new().file("site.yaml", SITE_YAML).bytes(
        "content/cases/a.md",
        "\u{feff}---\r\ntitle: a\r\ndate: 2024-01-01\r\nfoo: 1\r\n---\r\n".as_bytes(),
    );
    let out = bad.run(&["build"]);
    assert!(
        out.stderr.contains("content/cases/a.md:4:1:"),
        "{}",
        out.stderr
    );
}

#[test]
fn other_encodings_are_named() {
    let (gbk, _, _) = encoding_rs_gbk("---\ntitle: 党建\ndate: 2024-01-01\n---\n");
    let site = Fixture::new()
        .file("site.yaml", SITE_YAML)
        .bytes("content/cases/a.md", &gbk);
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("content/cases/a.md:2:8: error: the file is not UTF-8; it looks like GBK"),
        "{}",
        out.stderr
    );
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "---\ntitle: 党建\n---\n".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let site = Fixture::new()
        .file("site.yaml", SITE_YAML)
        .bytes("content/cases/a.md", &utf16);
    let out = site.run(&["build"]);
    assert!(
        out.stderr
            .contains("content/cases/a.md: error: the file is encoded in UTF-16"),
        "{}",
        out.stderr
    );
}

/// GBK bytes for `text` (all characters used here are in GB2312).
fn encoding_rs_gbk(text: &str) -> (Vec<u8>, (), ()) {
    let table = [('党', [0xB5, 0xB3]), ('建', [0xBD, 0xA8])];
    let mut out = Vec::new();
    for c in text.chars() {
        match table.iter().find(|(k, _)| *k == c) {
            Some((_, b)) => out.extend(b),
            None => out.push(c as u8),
        }
    }
    (out, (), ())
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let site = Fixture::site().file("content/cases/b.md", &case("乙", "2024-02-01"));
    site.build_ok(&[]);
    let before = snapshot(&site.path("public"));
    let site = site.file(
        "content/cases/b.md",
        "---\ntitle: 乙\ndate: 2024-02-01\nstatus: x\n---\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1);
    assert_eq!(snapshot(&site.path("public")), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("yanzhen-") && n != ".public.yanzhen-manifest")
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn a_rebuild_removes_pages_that_are_gone() {
    let site = Fixture::site().file("content/cases/b.md", &case("乙", "2024-02-01"));
    site.build_ok(&[]);
    assert!(site.exists("public/cases/b/index.html"));
    site.remove("content/cases/b.md");
    site.build_ok(&[]);
    assert!(!site.exists("public/cases/b/index.html"));
    assert!(site.exists("public/cases/a/index.html"));
}

#[test]
fn dangerous_output_folders_are_refused() {
    let site = Fixture::site();
    for (args, words) in [
        (vec!["build", "-o", "."], "is the site root"),
        (vec!["build", "-o", ".."], "contains the site"),
        (
            vec!["build", "-o", "content/out"],
            "inside the site's content/ folder",
        ),
    ] {
        let out = site.run(&args);
        assert_eq!(out.code, 1, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(words), "{args:?}: {}", out.stderr);
    }
    let site = site.file("other/site.yaml", "title: 另一个\n");
    let out = site.run(&["build", "-o", "other"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("looks like a site"), "{}", out.stderr);
    assert_eq!(site.read("other/site.yaml"), "title: 另一个\n");
    let site = site.file("mine/notes.txt", "我的笔记");
    let out = site.run(&["build", "-o", "mine"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("holds files yanzhen did not write: notes.txt"),
        "{}",
        out.stderr
    );
    assert_eq!(site.read("mine/notes.txt"), "我的笔记");
    // A file added by hand to an earlier build is kept, and the build refuses.
    site.build_ok(&[]);
    let site = site.file("public/added.html", "x");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("added.html"), "{}", out.stderr);
    assert!(site.exists("public/added.html"));
}

#[test]
fn content_is_never_written() {
    let site = Fixture::site().file(
        "content/cases/p.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let before = snapshot(&site.path("content"));
    site.build_ok(&[]);
    site.build_ok(&[]);
    assert_eq!(snapshot(&site.path("content")), before);
}

#[test]
fn two_builds_are_byte_identical() {
    let mut site = Fixture::site().file(
        "content/brands/b.md",
        "---\ntitle: 品牌\nstatus: 备案\nunit: U\n---\n",
    );
    for i in 0..30 {
        site = site.file(
            &format!("content/reports/r{i}.md"),
            &case(&format!("纪实{i}"), "2024-03-03"),
        );
    }
    site.build_ok(&["-o", "one"]);
    site.build_ok(&["-o", "two"]);
    assert_eq!(snapshot(&site.path("one")), snapshot(&site.path("two")));
}

#[test]
fn check_writes_nothing_and_reports_like_build() {
    let site = Fixture::site();
    let out = site.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!site.exists("public"));
    let site = site.file("content/cases/x.md", "---\ntitle: x\n---\n");
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("content/cases/x.md:1:1: error: a case needs a `date`"),
        "{}",
        out.stderr
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = Fixture::site().file(
        "content/cases/d.md",
        "---\ntitle: 草稿\ndate: 2024-01-01\ndraft: true\n---\n",
    );
    site.build_ok(&[]);
    assert!(!site.exists("public/cases/d/index.html"));
    site.build_ok(&["--drafts"]);
    assert!(site.exists("public/cases/d/index.html"));
}

#[test]
fn raw_html_is_sanitised_unless_allowed() {
    let body = "---\ntitle: a\ndate: 2024-01-01\n---\n\n<script>alert(1)</script>\n\n<b onclick=\"x()\">粗</b>\n";
    let site = Fixture::new()
        .file("site.yaml", SITE_YAML)
        .file("content/cases/a.md", body);
    site.build_ok(&[]);
    let html = site.read("public/cases/a/index.html");
    assert!(
        !html.contains("alert(1)") && !html.contains("onclick"),
        "{html}"
    );
    let site = Fixture::new()
        .file(
            "site.yaml",
            &format!("{SITE_YAML}markdown:\n  unsafe_html: true\n"),
        )
        .file("content/cases/a.md", body);
    site.build_ok(&[]);
    assert!(
        site.read("public/cases/a/index.html")
            .contains("<script>alert(1)</script>")
    );
}

#[test]
fn front_matter_values_are_escaped() {
    let site = Fixture::new().file("site.yaml", SITE_YAML).file(
        "content/cases/a.md",
        "---\ntitle: \"<script>x</script>标题\"\ndate: 2024-01-01\nunit: \"A & B\"\n---\n",
    );
    site.build_ok(&[]);
    let html = site.read("public/cases/a/index.html");
    assert!(!html.contains("<script>x"), "{html}");
    assert!(
        html.contains("&lt;script&gt;x&lt;&#x2f;script&gt;标题")
            || html.contains("&lt;script&gt;x&lt;/script&gt;标题"),
        "{html}"
    );
}

#[test]
fn a_theme_overrides_the_built_in_one_file_by_file() {
    let site = Fixture::site()
        .file("site.yaml", &format!("{SITE_YAML}theme: mine\n"))
        .file("themes/mine/templates/page.html", "{% extends \"base.html\" %}{% block content %}<p class=\"mine\">{{ page.title }}</p>{% endblock content %}")
        .file("themes/mine/static/extra.css", "p{}");
    site.build_ok(&[]);
    let html = site.read("public/cases/a/index.html");
    assert!(html.contains("<p class=\"mine\">案例甲</p>"), "{html}");
    assert!(
        html.contains("class=\"site-header\""),
        "base.html still built in"
    );
    assert!(site.exists("public/assets/extra.css"));
    assert!(site.exists("public/assets/yanzhen.css"));
    let broken = site.file("themes/mine/templates/page.html", "{% if %}");
    let out = broken.run(&["build"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("themes/mine/templates/page.html"),
        "{}",
        out.stderr
    );
}

#[test]
fn init_writes_a_site_that_builds_and_new_writes_every_kind() {
    let dir = Fixture::new();
    let out = dir.run(&["init", "site"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = dir.run(&["build", "--root", "site"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(dir.exists("site/public/cases/example-case/index.html"));
    assert!(dir.exists("site/public/collections/example-collection/index.html"));
    for (kind, path) in [
        ("case", "cases/new-case.md"),
        ("brand", "brands/new-brand.md"),
        ("report", "reports/new-report"),
        ("article", "articles/a.md"),
        ("unit", "units/u.md"),
        ("collection", "collections/c.md"),
        ("brand", "cases/brand-in-cases.md"),
    ] {
        let out = dir.run(&["new", kind, path, "--root", "site"]);
        assert_eq!(out.code, 0, "{kind}: {}", out.stderr);
    }
    let text = dir.read("site/content/brands/new-brand.md");
    assert!(
        text.contains("status: 培育") && text.contains("# 评定等级"),
        "{text}"
    );
    assert!(
        dir.read("site/content/cases/brand-in-cases.md")
            .contains("kind: brand")
    );
    let out = dir.run(&["build", "--root", "site"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(dir.exists("site/public/reports/new-report/index.html"));
    let out = dir.run(&["new", "case", "cases/new-case.md", "--root", "site"]);
    assert_eq!(out.code, 1, "never overwrites");
    let out = dir.run(&["init", "site"]);
    assert_eq!(out.code, 1, "never overwrites a site");
}

#[test]
fn bad_command_lines_exit_2() {
    let site = Fixture::site();
    assert_eq!(site.run(&["bild"]).code, 2);
    assert_eq!(site.run(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(site.run(&["new", "poem", "x.md"]).code, 2);
}

#[test]
fn missing_site_yaml_is_explained() {
    let dir = Fixture::new();
    let out = dir.run(&["build"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("no site.yaml"), "{}", out.stderr);
}

#[test]
fn no_input_makes_it_panic() {
    let inputs: &[&[u8]] = &[
        b"---\n---\n",
        b"---\ntitle: \n---\n",
        b"---\n: :\n---\n",
        b"---\ntitle: a\ndate: 2024-01-01\n---\n\n[x](",
        b"---\ntitle: a\ndate: 99999-01-01\n---\n",
        b"---\n- a\n- b\n---\n",
        b"---\ntitle: a\ndate: 2024-01-01\nfigures: [1, 2]\ngallery: x\n---\n",
        b"---\ntitle: &a [*a]\n---\n",
        b"\xff\xfe\x00",
        b"",
        b"---",
        b"---\ntitle: a\ndate: 2024-01-01\n---\n\n| a |\n|---|\n| \xe5 |\n",
        b"---\ntitle: a\ndate: 2024-01-01\n---\n\n```rust\nfn main() {\n```\n\n![](../../../../etc/passwd)\n",
    ];
    for input in inputs {
        let site = Fixture::new()
            .file("site.yaml", SITE_YAML)
            .bytes("content/cases/x.md", input);
        let out = site.run(&["build"]);
        assert!(
            out.code == 0 || out.code == 1,
            "input {:?} exited {}: {}",
            String::from_utf8_lossy(input),
            out.code,
            out.stderr
        );
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
        if out.code == 1 {
            assert!(
                out.stderr.contains("content/cases/x.md"),
                "input {:?}: {}",
                String::from_utf8_lossy(input),
                out.stderr
            );
        }
    }
}

#[test]
fn cjk_friendly_emphasis_conformance() {
    struct NoSite;
    impl yanzhen::markdown::Resolver for NoSite {
        fn page_url(&self, _: &str) -> Option<String> {
            None
        }
        fn asset_exists(&self, _: &str) -> bool {
            false
        }
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cjk-emphasis/");
    let input = std::fs::read_to_string(format!("{dir}strong.md")).unwrap();
    let expected = std::fs::read_to_string(format!("{dir}strong.expected.html")).unwrap();
    let md = yanzhen::markdown::Input {
        file: camino::Utf8Path::new("strong.md"),
        text: &input,
        first_line: 1,
        dir: "",
        url: "",
        portable: true,
        unsafe_html: true,
    };
    let (rendered, _) = yanzhen::markdown::render(&md, &NoSite);
    let ours = emphasis_by_paragraph(&rendered.html);
    let theirs = emphasis_by_paragraph(&expected);
    assert_eq!(ours.len(), theirs.len(), "paragraph count");
    let mut checked = 0;
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert_eq!(a, b, "paragraph {i} differs");
        checked += b.len();
    }
    assert!(checked > 50, "only {checked} emphasis elements compared");
}

/// For each `<p>`: the `<strong>`/`<em>` elements in order, with the plain text they wrap.
fn emphasis_by_paragraph(html: &str) -> Vec<Vec<(String, String)>> {
    let mut out = Vec::new();
    for p in html.split("<p>").skip(1) {
        let p = &p[..p.find("</p>").unwrap_or(p.len())];
        let mut found = Vec::new();
        let mut stack: Vec<(String, usize)> = Vec::new();
        let mut text = String::new();
        let mut rest = p;
        while let Some(lt) = rest.find('<') {
            text.push_str(&unescape(&rest[..lt]));
            let gt = rest[lt..]
                .find('>')
                .map(|g| lt + g)
                .unwrap_or(rest.len() - 1);
            let tag = &rest[lt + 1..gt];
            let name = tag
                .trim_start_matches('/')
                .split_whitespace()
                .next()
                .unwrap_or("");
            if name == "strong" || name == "em" {
                if tag.starts_with('/') {
                    if let Some((n, start)) = stack.pop() {
                        found.push((n, text[start..].to_string()));
                    }
                } else {
                    stack.push((name.to_string(), text.len()));
                }
            }
            rest = &rest[gt + 1..];
        }
        found.sort();
        out.push(found);
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn a_killed_build_leaves_either_the_old_or_the_new_output_whole() {
    let mut site = Fixture::site();
    for i in 0..400 {
        site = site.file(
            &format!("content/reports/r{i:03}.md"),
            &format!(
                "---\ntitle: 纪实{i}\ndate: 2024-03-03\n---\n\n{}\n",
                "正文内容。".repeat(200)
            ),
        );
    }
    site.build_ok(&[]);
    let old = snapshot(&site.path("public"));
    site.write(
        "content/cases/a.md",
        "---\ntitle: 改过的案例甲\ndate: 2024-05-01\n---\n\n新的正文。\n",
    );
    site.build_ok(&["-o", "expected-new"]);
    let new = snapshot(&site.path("expected-new"));
    assert_ne!(old, new);
    let mut outcomes = (0, 0);
    for delay_ms in [1, 5, 10, 20, 40, 80, 120, 200, 400] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_yanzhen"))
            .arg("build")
            .current_dir(site.root())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // Whatever moment the kill hit, the output is one whole site.
        let now = snapshot(&site.path("public"));
        if now == old {
            outcomes.0 += 1;
        } else {
            assert!(
                now == new,
                "after a kill at {delay_ms} ms the output is neither the old nor the new site"
            );
            outcomes.1 += 1;
            // Back to the old site for the next round.
            let restored = site.path("public");
            std::fs::remove_dir_all(&restored).unwrap();
            std::fs::rename(site.path("expected-new"), site.path("keep-new")).unwrap();
            site.write(
                "content/cases/a.md",
                "---\ntitle: 案例甲\ndate: 2024-05-01\nunit: 市税务局\n---\n\n正文。\n",
            );
            let out = site.run(&["build"]);
            assert_eq!(out.code, 0, "{}", out.stderr);
            assert_eq!(snapshot(&site.path("public")), old);
            std::fs::rename(site.path("keep-new"), site.path("expected-new")).unwrap();
            site.write(
                "content/cases/a.md",
                "---\ntitle: 改过的案例甲\ndate: 2024-05-01\n---\n\n新的正文。\n",
            );
        }
    }
    assert_eq!(outcomes.0 + outcomes.1, 9);
    assert!(
        outcomes.0 >= 1,
        "a kill at 1 ms must leave the old site: {outcomes:?}"
    );
    eprintln!(
        "kills that left the old site: {}, the new site: {}",
        outcomes.0, outcomes.1
    );
}

#[test]
fn the_font_size_and_contrast_switches_persist_across_pages_from_file_urls() {
    let site = Fixture::site().file("content/cases/b.md", &case("乙", "2024-02-01"));
    site.build_ok(&[]);
    let browser = browser::Browser::start();
    let tab = browser.open(&browser::file_url(&site.path("public/cases/a/index.html")));
    assert_eq!(
        browser::eval(&tab, "document.documentElement.getAttribute('data-font')"),
        serde_json::Value::Null
    );
    tab.find_element("button[data-font=large]")
        .unwrap()
        .click()
        .unwrap();
    tab.find_element("button[data-contrast]")
        .unwrap()
        .click()
        .unwrap();
    assert_eq!(
        browser::eval(&tab, "document.documentElement.getAttribute('data-font')"),
        "large"
    );
    let size = |tab: &browser::Tab| {
        browser::eval(
            tab,
            "parseFloat(getComputedStyle(document.documentElement).fontSize)",
        )
        .as_f64()
        .unwrap()
    };
    assert!(size(&tab) > 17.0, "the large size applies: {}", size(&tab));
    // Follow a real link to another page: the choice is still there.
    tab.find_element("a[rel=prev], a[rel=next]")
        .unwrap()
        .click()
        .unwrap();
    tab.wait_until_navigated().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let url = browser::eval(&tab, "location.href");
    assert!(
        url.as_str().unwrap().contains("/cases/b/index.html"),
        "{url}"
    );
    assert_eq!(
        browser::eval(&tab, "document.documentElement.getAttribute('data-font')"),
        "large"
    );
    assert_eq!(
        browser::eval(
            &tab,
            "document.documentElement.getAttribute('data-contrast')"
        ),
        "high"
    );
    assert_eq!(
        browser::eval(
            &tab,
            "document.querySelector('button[data-font=large]').getAttribute('aria-pressed')"
        ),
        "true"
    );
}

#[test]
fn build_skips_editor_temporary_files_as_serve_does() {
    let site = Fixture::site()
        .file("content/cases/a.md.kate-swp", "swap")
        .file("content/cases/4913", "vim's write test")
        .file("content/cases/photo.jpg.part", "partial download")
        .file("content/cases/notes.md.swo", "swap")
        .file("static/report.pdf.crdownload", "partial download")
        .file("content/cases/kept.txt", "a real attachment");
    site.build_ok(&[]);
    for skipped in [
        "public/cases/a.md.kate-swp",
        "public/cases/4913",
        "public/cases/photo.jpg.part",
        "public/cases/notes.md.swo",
        "public/report.pdf.crdownload",
    ] {
        assert!(!site.exists(skipped), "{skipped} was copied");
    }
    assert!(site.exists("public/cases/kept.txt"));
}
