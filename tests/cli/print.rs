//! The casebook: the print edition (HTML) and the bound book (PDF), checked with poppler-utils
//! (pdfinfo, pdffonts, pdftotext, pdfimages) and lopdf.

use crate::fixture::{Fixture, SITE_YAML, links};

/// A 1×1 PNG.
const PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0,
    0, 0, 31, 21, 196, 137, 0, 0, 0, 13, 73, 68, 65, 84, 120, 218, 99, 100, 248, 207, 80, 15, 0, 3,
    134, 1, 128, 90, 52, 125, 107, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 20\" width=\"40\" height=\"20\"><rect width=\"40\" height=\"20\" fill=\"#c8161d\"/></svg>";

fn entry(title: &str, unit: &str, date: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\nunit: {unit}\n---\n\n{body}\n")
}

fn long_body(n: usize) -> String {
    let mut s = String::new();
    for k in 1..=n {
        s.push_str(&format!(
            "## {}、第{k}部分\n\n{}\n\n",
            ["一", "二", "三", "四", "五", "六"][(k - 1) % 6],
            "支部坚持把党建工作和业务工作同谋划、同部署、同落实，推动党员在岗位上亮身份、作表率。"
                .repeat(6)
        ));
    }
    s
}

/// A collection of five entries in two parts, with a preface, an editorial board, a table, a
/// footnote, pictures (SVG and PNG) and a link from one entry to another.
fn book_site(print_yaml: &str) -> Fixture {
    Fixture::new()
        .file("site.yaml", &format!("{SITE_YAML}{print_yaml}"))
        .file(
            "content/cases/a.md",
            &entry(
                "建强“头雁”队伍",
                "市税务局",
                "2024-05-20",
                &format!(
                    "## 一、背景和起因\n\n正文[^1]，另见[后一篇](b.md)。\n\n### （一）选好头雁\n\n**（一）强化政治引领。**加粗的小标题。\n\n| 项目 | 数量 |\n| --- | ---: |\n| 党员 | 36 |\n\n![党员在窗口服务](p.svg)\n\n![服务窗口照片](q.png)\n\n[^1]: 这是一个脚注。\n\n{}",
                    long_body(3)
                ),
            ),
        )
        .file("content/cases/p.svg", SVG)
        .bytes("content/cases/q.png", PNG)
        .file(
            "content/cases/b.md",
            &entry("一网通办暖民心", "市政务服务局", "2024-06-01", &long_body(5)),
        )
        .file(
            "content/cases/c.md",
            &entry("医保结算零跑腿", "市医保局", "2024-07-01", "短的正文。"),
        )
        .file(
            "content/cases/d.md",
            &entry("就业驿站在身边", "市人社局", "2024-08-01", &long_body(2)),
        )
        .file(
            "content/cases/e.md",
            &entry("科技特派员进企业", "市科技局", "2024-09-01", "短的正文。"),
        )
        .file(
            "content/collections/book.md",
            "---\ntitle: 典型案例汇编\nsubtitle: 一支部一品牌\ncompiler: 市直机关工委 编\ndate: 2024-12-31\nboard:\n  - 主　任：张某某\n  - 委　员：李某某　王某某\nparts:\n  - title: 第一篇 强基固本\n    entries: [cases/a.md, cases/b.md, cases/c.md]\n  - title: 第二篇 为民服务\n    entries: [cases/d.md, cases/e.md]\n---\n\n这是前言。本书收录五个案例。\n",
        )
}

const TITLES: [&str; 5] = [
    "建强“头雁”队伍",
    "一网通办暖民心",
    "医保结算零跑腿",
    "就业驿站在身边",
    "科技特派员进企业",
];

#[test]
fn the_print_edition_is_one_paged_document_with_links_inside_it() {
    let site = book_site("");
    site.build_ok(&[]);
    let html = site.read("public/collections/book/print/index.html");
    for needle in [
        "@page { size: A4; }",
        "@page :left { @top-left { content: \"典型案例汇编\"; } }",
        // One named page per entry, carrying its running title.
        "{ @top-right { content: \"建强“头雁”队伍\"; } }",
        "<h2>编委会</h2>",
        "<h2>前言</h2>",
        "这是前言。",
        "<h2>目录</h2>",
        "<section class=\"part\" id=\"part-2\"><h2>第二篇 为民服务</h2></section>",
        "<td class=\"align-right\">36</td>",
    ] {
        assert!(html.contains(needle), "missing {needle:?} in\n{html}");
    }
    let css = site.read("public/assets/print.css");
    for needle in [
        "@page :left",
        "@page :right",
        "@bottom-right { content: \"— \" counter(page) \" —\"",
        ".front, .part, .entry { break-before: page; }",
    ] {
        assert!(css.contains(needle), "missing {needle:?} in print.css");
    }
    // Every entry is an article on its own named page, listed in the contents by anchor.
    let articles = html.matches("<article class=\"entry\"").count();
    assert_eq!(articles, 5);
    assert_eq!(html.matches("style=\"page: e-").count(), 5);
    for t in TITLES {
        assert!(
            html.contains(&format!("\">{t}</a></li>")),
            "{t} not in contents"
        );
    }
    // The link from a to b points inside the document; heading ids are unique.
    let anchors: Vec<String> = links(&html)
        .into_iter()
        .filter(|l| l.starts_with('#'))
        .collect();
    let b_anchor = html
        .split("<article class=\"entry\" id=\"")
        .nth(2)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    assert!(
        html.contains(&format!("<a href=\"#{b_anchor}\">后一篇</a>")),
        "{html}"
    );
    for a in &anchors {
        let id = &a[1..];
        assert!(
            id.is_empty() || html.contains(&format!("id=\"{id}\"")),
            "anchor {a} has no target"
        );
    }
    let mut ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "ids are unique");
    // Pictures load from the print page's place in the site; every relative link resolves.
    assert!(html.contains("src=\"../../../cases/p.svg\""), "{html}");
    let dir = site.path("public/collections/book/print");
    let mut relative = 0;
    for l in links(&html) {
        if !l.starts_with('#') && !l.contains("://") {
            assert!(dir.join(&l).is_file(), "{l} does not resolve");
            relative += 1;
        }
    }
    assert!(relative >= 4, "{relative} relative links");
    assert!(site.exists("public/cases/p.svg"));
    // The collection page links to it (and to no PDF, which this build does not write).
    let page = site.read("public/collections/book/index.html");
    assert!(
        page.contains("<a href=\"print/index.html\">打印</a>"),
        "{page}"
    );
    assert!(!page.contains(".pdf"), "{page}");
    assert!(!site.exists("public/collections/book/book.pdf"));
}

#[test]
fn a_running_title_cannot_break_out_of_the_print_style() {
    let site = Fixture::site().file(
        "content/collections/x.md",
        "---\ntitle: \"汇编\\\"; } </style><script>alert(1)</script>\"\nentries: [cases/a.md]\n---\n",
    );
    site.build_ok(&[]);
    let html = site.read("public/collections/x/print/index.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(
        html.contains("content: \"汇编\\22 ; } \\3c \\2f style\\3e "),
        "{html}"
    );
}

#[cfg(feature = "pdf")]
mod pdf {
    use super::*;
    use std::process::Command;

    fn tool(name: &str, args: &[&str]) -> String {
        let out = Command::new(name)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{name} (poppler-utils) is needed for this test: {e}"));
        assert!(
            out.status.success(),
            "{name} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// The text of each page, by physical page number (index 0 is page 1).
    fn pages(pdf: &str) -> Vec<String> {
        let n = page_count(pdf);
        (1..=n)
            .map(|p| {
                let p = p.to_string();
                tool("pdftotext", &["-layout", "-f", &p, "-l", &p, pdf, "-"])
            })
            .collect()
    }

    fn page_count(pdf: &str) -> usize {
        tool("pdfinfo", &[pdf])
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    }

    fn squash(s: &str) -> String {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    }

    fn outline_titles(pdf: &str) -> Vec<String> {
        let doc = lopdf::Document::load(pdf).unwrap();
        let mut titles = Vec::new();
        let catalog = doc.catalog().unwrap();
        let outlines = catalog.get(b"Outlines").unwrap().as_reference().unwrap();
        let mut stack = vec![
            doc.get_dictionary(outlines)
                .unwrap()
                .get(b"First")
                .unwrap()
                .as_reference()
                .unwrap(),
        ];
        while let Some(id) = stack.pop() {
            let item = doc.get_dictionary(id).unwrap();
            let title = item.get(b"Title").unwrap().as_str().unwrap();
            titles.push(decode_pdf_string(title));
            if let Ok(next) = item.get(b"Next").and_then(|n| n.as_reference()) {
                stack.push(next);
            }
            if let Ok(first) = item.get(b"First").and_then(|n| n.as_reference()) {
                stack.push(first);
            }
        }
        titles
    }

    fn decode_pdf_string(b: &[u8]) -> String {
        if b.starts_with(&[0xFE, 0xFF]) {
            let units: Vec<u16> = b[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            String::from_utf8_lossy(b).into_owned()
        }
    }

    #[test]
    fn the_pdf_is_a_bound_book_with_page_numbered_contents() {
        let site = book_site("");
        let out = site.run(&["print", "book"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let pdf = site.path("public/collections/book/book.pdf");
        let pdf = pdf.to_str().unwrap();
        let text = pages(pdf);
        let n = text.len();
        assert!(n >= 16, "only {n} pages");
        assert_eq!(n % 2, 0, "a bound book has an even number of pages: {n}");

        // Every font is embedded (and subset).
        let fonts = tool("pdffonts", &[pdf]);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(rows.len() >= 3, "{fonts}");
        for row in &rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let emb = cols[cols.len() - 5];
            assert_eq!(emb, "yes", "font not embedded: {row}");
        }
        assert!(fonts.contains("NotoSerifCJK"), "{fonts}");
        assert!(fonts.contains("YanzhenKai"), "{fonts}");

        // The cover.
        assert!(squash(&text[0]).contains("典型案例汇编"), "{}", text[0]);
        assert!(squash(&text[0]).contains("二〇二四年十二月"), "{}", text[0]);
        assert!(!text[0].contains('—'), "no folio on the cover");

        // The contents page lists every entry with a page number.
        let toc_page = text
            .iter()
            .position(|t| squash(t).starts_with("目录"))
            .expect("a contents page");
        assert_eq!(toc_page % 2, 0, "contents on a right-hand page");
        let toc = &text[toc_page];
        assert!(toc.contains("第一篇 强基固本"), "{toc}");
        let mut last = 0;
        for title in TITLES {
            let line = toc
                .lines()
                .find(|l| squash(l).starts_with(&squash(title)))
                .unwrap_or_else(|| panic!("{title} not in the contents:\n{toc}"));
            assert!(
                line.contains("....") || line.contains(". . ."),
                "dot leaders: {line}"
            );
            let number: usize = line
                .split_whitespace()
                .last()
                .unwrap()
                .trim_start_matches(['.', '\u{2060}'])
                .parse()
                .unwrap_or_else(|_| panic!("no page number in {line:?}"));
            assert!(number > last, "numbers increase: {line}");
            last = number;
            // The first page after the contents where the title appears is the entry's first page:
            // a right-hand (odd) page whose folio is that number.
            let first = (toc_page + 1..n)
                .find(|&p| squash(&text[p]).contains(&squash(title)))
                .unwrap_or_else(|| panic!("{title} is in no page"));
            let physical = first + 1;
            assert_eq!(
                physical % 2,
                1,
                "{title} starts on page {physical}, a left-hand page"
            );
            assert!(
                squash(&text[first]).contains(&format!("—{number}—")),
                "{title}: the contents say {number}, its first page shows:\n{}",
                text[first]
            );
            // No running head on an entry's first page: the title appears once, as the title.
            assert_eq!(
                squash(&text[first]).matches(&squash(title)).count(),
                1,
                "{}",
                text[first]
            );
        }

        // Running heads and folios at the outer corner; blank versos are blank.
        let bbox = tool("pdftotext", &["-bbox", pdf, "-"]);
        let folio_x: Vec<Option<f64>> = bbox
            .split("<page ")
            .skip(1)
            .map(|page| {
                page.split("<word ")
                    .skip(1)
                    .filter(|w| w.contains('—'))
                    .map(|w| {
                        let s = w.split("xMin=\"").nth(1).unwrap();
                        s[..s.find('"').unwrap()].parse::<f64>().unwrap()
                    })
                    .last()
            })
            .collect();
        assert_eq!(folio_x.len(), n);
        let mut blanks = 0;
        let mut heads = 0;
        for (k, t) in text.iter().enumerate().skip(1) {
            let physical = k + 1;
            if t.trim().is_empty() {
                blanks += 1;
                assert_eq!(
                    physical % 2,
                    0,
                    "page {physical} is blank but a right-hand page"
                );
                continue;
            }
            let lines: Vec<&str> = t.lines().filter(|l| !l.trim().is_empty()).collect();
            // The folio sits at the outer corner: right on odd pages, left on even ones.
            let x = folio_x[k].unwrap_or_else(|| panic!("page {physical} has no folio: {t}"));
            if physical % 2 == 0 {
                assert!(x < 200.0, "even page {physical}: folio at x = {x}");
            } else {
                assert!(x > 400.0, "odd page {physical}: folio at x = {x}");
            }
            if physical % 2 == 0 {
                // A left-hand page with text continues a block: it carries the book title.
                assert_eq!(squash(lines[0]), "典型案例汇编", "page {physical}: {t}");
                heads += 1;
            }
        }
        assert!(blanks >= 2, "some entries need a blank verso: {blanks}");
        assert!(heads >= 2, "{heads} left-hand pages with text");
        let b_second = text
            .iter()
            .enumerate()
            .filter(|(_, t)| squash(t).contains("一网通办暖民心"))
            .map(|(k, _)| k + 1)
            .filter(|p| p % 2 == 1)
            .count();
        assert!(b_second >= 2, "odd pages of a long entry carry its title");

        // The content: table, footnote, figure caption, kaiti and heiti headings.
        let all: String = text.iter().map(|t| squash(t)).collect();
        for needle in [
            "这是一个脚注。",
            "党员在窗口服务",
            "服务窗口照片",
            "项目数量",
            "党员36",
            "主任：张某某",
            "这是前言。",
        ] {
            assert!(all.contains(needle), "missing {needle}");
        }
        let images = tool("pdfimages", &["-list", pdf]);
        assert!(
            images.lines().count() >= 3,
            "the PNG is in the book: {images}"
        );

        // Bookmarks for the parts and entries; title and language.
        let titles = outline_titles(pdf);
        for t in ["第一篇 强基固本", "第二篇 为民服务"]
            .iter()
            .chain(TITLES.iter())
        {
            assert!(titles.iter().any(|b| b == t), "no bookmark {t}: {titles:?}");
        }
        let info = tool("pdfinfo", &[pdf]);
        assert!(
            info.lines()
                .any(|l| l.starts_with("Title:") && l.trim_end().ends_with(" 典型案例汇编")),
            "{info}"
        );
        let doc = lopdf::Document::load(pdf).unwrap();
        let lang = doc
            .catalog()
            .unwrap()
            .get(b"Lang")
            .unwrap()
            .as_str()
            .unwrap();
        assert!(lang.starts_with(b"zh"), "{}", String::from_utf8_lossy(lang));
        let paper = info.lines().find(|l| l.starts_with("Page size:")).unwrap();
        assert!(paper.contains("595.276 x 841.89"), "A4: {paper}");
    }

    #[test]
    fn the_same_site_gives_the_same_pdf_bytes() {
        let a = book_site("");
        let b = book_site("");
        assert_eq!(a.run(&["print", "book"]).code, 0);
        assert_eq!(b.run(&["print", "book"]).code, 0);
        assert!(
            std::fs::read(a.path("public/collections/book/book.pdf")).unwrap()
                == std::fs::read(b.path("public/collections/book/book.pdf")).unwrap(),
            "the PDF depends only on the site"
        );
    }

    #[test]
    fn build_writes_the_pdf_when_print_pdf_is_true_on_b5_and_16k() {
        for (paper, size) in [("B5", "498.898 x 708.661"), ("16K", "524.409 x 737.008")] {
            let site = book_site(&format!("print:\n  paper: {paper}\n  pdf: true\n"));
            site.build_ok(&[]);
            let pdf = site.path("public/collections/book/book.pdf");
            let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
            assert!(info.contains(size), "{paper}: {info}");
            let page = site.read("public/collections/book/index.html");
            assert!(page.contains("<a href=\"book.pdf\">PDF</a>"), "{page}");
        }
    }

    #[test]
    fn gbt9704_sets_sixteen_point_type_in_a_156_by_225_area() {
        let site = book_site("print:\n  style: gbt9704\n");
        let out = site.run(&["print", "book"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let pdf = site.path("public/collections/book/book.pdf");
        let pdf = pdf.to_str().unwrap();
        assert!(tool("pdfinfo", &[pdf]).contains("595.276 x 841.89"));
        // Body lines (16 pt high) that end in an ideograph (punctuation at a line end is set half
        // width, which pdftotext does not see): full ones are 156 mm wide and hold 28 characters.
        let bbox = tool("pdftotext", &["-bbox-layout", pdf, "-"]);
        let mut full = Vec::new();
        for line in bbox.split("<line ").skip(1) {
            let line = &line[..line.find("</line>").unwrap()];
            let attr = |name: &str| -> f64 {
                let s = line.split(&format!("{name}=\"")).nth(1).unwrap();
                s[..s.find('"').unwrap()].parse().unwrap()
            };
            let words: String = line
                .split("</word>")
                .filter_map(|w| w.rsplit('>').next())
                .collect::<String>()
                .split_whitespace()
                .collect();
            let last = words.chars().last().unwrap_or(' ');
            let height = attr("yMax") - attr("yMin");
            let width_mm = (attr("xMax") - attr("xMin")) / 72.0 * 25.4;
            if height < 20.0 && ('\u{4e00}'..='\u{9fff}').contains(&last) && width_mm > 150.0 {
                full.push((width_mm, words.chars().count()));
            }
        }
        assert!(full.len() > 20, "{full:?}");
        for (w, _) in &full {
            assert!((154.0..=156.5).contains(w), "a line of {w:.1} mm");
        }
        let with_28 = full.iter().filter(|(_, n)| *n == 28).count();
        assert!(
            with_28 * 2 > full.len(),
            "most full lines hold 28 characters: {full:?}"
        );
    }

    #[test]
    fn a_character_no_font_has_is_an_error_naming_it_and_the_file() {
        let site = book_site("").file(
            "content/cases/e.md",
            &entry(
                "科技特派员进企业",
                "市科技局",
                "2024-09-01",
                "第一段。\n\n生僻字𪛖在这里。",
            ),
        );
        let out = site.run(&["print", "book"]);
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(
            out.stderr.contains("content/cases/e.md:9:1: error: the character `𪛖` (U+2A6D6) is in none of the book's fonts"),
            "{}",
            out.stderr
        );
        assert!(!site.exists("public/collections/book/book.pdf"));
    }

    #[test]
    fn typst_syntax_in_content_is_printed_not_run() {
        let site = book_site("").file(
            "content/cases/c.md",
            &entry(
                "'#set page(width: 1cm) 标题'",
                "'\"单位\" #panic(\"x\")'",
                "2024-07-01",
                "正文 #set text(size: 1pt) ] [ $x$ \\#place() `#eval(\"1\")` @ref *x*\n",
            ),
        );
        let out = site.run(&["print", "book"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let pdf = site.path("public/collections/book/book.pdf");
        let all: String = pages(pdf.to_str().unwrap()).concat();
        let all = squash(&all);
        for needle in [
            "#setpage(width:1cm)标题",
            "\"单位\"#panic(\"x\")",
            "正文#settext(size:1pt)][$x$#place()#eval(\"1\")@refx",
        ] {
            assert!(all.contains(needle), "{needle} not printed as text");
        }
    }

    #[test]
    fn an_entry_listed_twice_is_printed_twice() {
        let site = Fixture::site()
            .file(
                "content/cases/b.md",
                &entry("案例乙", "市人社局", "2024-02-01", "见[甲](a.md)。"),
            )
            .file(
                "content/collections/x.md",
                "---\ntitle: 汇编\nentries: [cases/a.md, cases/b.md, cases/a.md]\n---\n",
            );
        let out = site.run(&["print", "x"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let pdf = site.path("public/collections/x/x.pdf");
        let all: String = pages(pdf.to_str().unwrap())
            .iter()
            .map(|t| squash(t))
            .collect();
        assert_eq!(all.matches("正文。").count(), 2, "{all}");
    }

    #[test]
    fn an_unknown_collection_or_font_family_is_an_error() {
        let site = book_site("");
        let out = site.run(&["print", "bok"]);
        assert_eq!(out.code, 1);
        assert!(out.stderr.contains("no collection `bok`"), "{}", out.stderr);
        assert!(
            out.stderr.contains("did you mean `book`?"),
            "{}",
            out.stderr
        );
        let site = book_site("print:\n  fonts: {kai: 不存在的楷体}\n");
        let out = site.run(&["print", "book"]);
        assert_eq!(out.code, 1);
        assert!(
            out.stderr.contains("no font of the family `不存在的楷体`"),
            "{}",
            out.stderr
        );
    }

    #[test]
    fn fonts_dir_adds_families_that_site_yaml_can_name() {
        // Debian's fonts-noto-cjk (installed by CI): a family yanzhen does not ship.
        let font = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
        let site = book_site("print:\n  fonts: {sans: Noto Sans CJK JP, fonts_dir: myfonts}\n")
            .bytes(
                "myfonts/sans.ttc",
                &std::fs::read(font).expect("fonts-noto-cjk"),
            );
        let out = site.run(&["print", "book"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let pdf = site.path("public/collections/book/book.pdf");
        let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
        assert!(
            fonts.contains("NotoSansCJKjp-Regular"),
            "headings in the named family: {fonts}"
        );
        assert!(!fonts.contains("NotoSansCJKsc-Bold"), "{fonts}");
    }
}
