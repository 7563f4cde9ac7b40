//! The numbers at a glance: `/stats/` (数据统计) with its SVG charts and data tables, the home
//! page's key figures, and unit tiers declared in site.yaml.

use crate::browser::{self, Browser};
use crate::fixture::{Fixture, SITE_YAML};

fn brand(name: &str, status: &str, category: &str, year: u32) -> String {
    format!(
        "---\ntitle: {name}\nstatus: {status}\nunit: 市税务局\ncategory: {category}\nyear: {year}\n---\n\n正文。\n"
    )
}

fn page(title: &str, date: &str, unit: &str, figures: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\nunit: {unit}\n{figures}---\n\n正文。\n")
}

fn unit(name: &str, tier: &str) -> String {
    format!("---\ntitle: {name}党委\nname: {name}\ntype: 党委\n{tier}---\n\n概况。\n")
}

fn stats_site() -> Fixture {
    Fixture::new()
        .file("site.yaml", &format!("{SITE_YAML}unit_tiers: [示范党委, 样板支部]\n"))
        .file("content/brands/a.md", &brand("红色税韵", "十佳", "窗口服务", 2023))
        .file("content/brands/b.md", &brand("先锋税务", "十佳", "窗口服务", 2024))
        .file("content/brands/c.md", &brand("税月如歌", "优秀", "机关效能", 2024))
        .file("content/brands/d.md", &brand("无类品牌", "培育", "", 2024))
        .file("content/cases/a.md", &page("案例一", "2023-05-01", "市税务局", "figures:\n  - {label: 党员, value: 13, unit: 名}\n  - {label: 满意率, value: \"99.09%\"}\n"))
        .file("content/cases/b.md", &page("案例二", "2024-05-01", "市税务局", "figures:\n  - {label: 党员, value: \"1,200\", unit: 名}\n"))
        .file("content/cases/c.md", &page("案例三", "2024-06-01", "市档案馆", ""))
        .file("content/reports/r.md", &page("纪实一", "2024-07-01", "市税务局", ""))
        .file("content/units/shuiwu.md", &unit("市税务局", "tier: 示范党委\n"))
        .file("content/units/dangan.md", &unit("市档案馆", "tier: 样板支部\n"))
        .file("content/units/gongwei.md", &unit("市直机关工委", ""))
}

/// The rows of the data table of the stats block `id`, each as `name=cell,cell`.
fn table(html: &str, id: &str) -> Vec<String> {
    let block = &html[html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no {id}"))..];
    let body = &block[block.find("<tbody>").unwrap() + 7..block.find("</tbody>").unwrap()];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            let cells: Vec<&str> = row
                .split('>')
                .filter_map(|s| s.strip_suffix("</th").or_else(|| s.strip_suffix("</td")))
                .collect();
            format!("{}={}", cells[0], cells[1..].join(","))
        })
        .collect()
}

#[test]
fn the_stats_page_counts_brands_pages_years_tiers_and_figures() {
    let site = stats_site();
    site.build_ok(&[]);
    let html = site.read("public/stats/index.html");
    assert_eq!(
        table(&html, "by-status"),
        ["十佳=2", "优秀=1", "备案=0", "培育=1"]
    );
    assert_eq!(
        table(&html, "by-category"),
        ["窗口服务=2", "机关效能=1", "其他=1"]
    );
    assert_eq!(table(&html, "top-by-year"), ["2023年=1", "2024年=1"]);
    assert_eq!(
        table(&html, "by-unit"),
        ["市税务局=2,1,3", "市档案馆=1,0,1"]
    );
    assert_eq!(table(&html, "by-year"), ["2023=1,0,1", "2024=2,1,3"]);
    assert_eq!(
        table(&html, "by-tier"),
        ["示范党委=1", "样板支部=1", "其他=1"]
    );
    // Plain numbers are added up by label and unit; a percentage is not.
    assert_eq!(table(&html, "figures"), ["党员=1213 名,2"]);
    // Each chart is well-formed SVG whose labels are text in the page's fonts, painted by classes.
    let svgs: Vec<&str> = html
        .split("<svg ")
        .skip(1)
        .map(|s| &s[..s.find("</svg>").unwrap()])
        .collect();
    assert_eq!(svgs.len(), 6);
    for svg in &svgs {
        let xml = format!("<svg {svg}</svg>");
        roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
        assert!(
            !svg.contains("style=") && !svg.contains("fill=\"#"),
            "{svg}"
        );
    }
    assert!(html.contains(">市税务局</text>") && html.contains(">窗口服务</text>"));
    // The home page shows the same key figures and links to the page.
    let home = site.read("public/index.html");
    assert!(
        home.contains("<a href=\"stats/index.html\">查看数据统计</a>"),
        "{home}"
    );
    assert!(home.contains(
        "<span class=\"figure-value\">2</span><span class=\"figure-label\">十佳品牌</span>"
    ));
    assert!(
        site.read("public/cases/a/index.html")
            .contains("<a href=\"../../stats/index.html\">数据统计</a>")
    );
}

#[test]
fn charts_take_the_themes_colours_in_high_contrast_mode_too() {
    let site = stats_site();
    site.build_ok(&[]);
    let browser = Browser::start();
    let tab = browser.open(&browser::file_url(&site.path("public/stats/index.html")));
    let fill = "getComputedStyle(document.querySelector('#by-status rect.chart-s0')).fill";
    assert_eq!(browser::eval(&tab, fill), "rgb(181, 18, 27)");
    tab.find_element("button[data-contrast]")
        .unwrap()
        .click()
        .unwrap();
    assert_eq!(browser::eval(&tab, fill), "rgb(138, 0, 0)");
    let font = browser::eval(
        &tab,
        "getComputedStyle(document.querySelector('.chart text')).fontFamily",
    );
    assert_eq!(
        font,
        browser::eval(&tab, "getComputedStyle(document.body).fontFamily"),
        "chart labels use the page's fonts"
    );
}

#[test]
fn a_units_tier_shows_on_its_page_and_in_the_unit_index() {
    let site = stats_site();
    site.build_ok(&[]);
    let page = site.read("public/units/shuiwu/index.html");
    assert!(
        page.contains("<dt>创建层级</dt><dd><span class=\"tier\">示范党委</span></dd>"),
        "{page}"
    );
    let index = site.read("public/units/index.html");
    assert!(
        index.contains("<p class=\"unit-tier\"><span class=\"tier\">样板支部</span></p>"),
        "{index}"
    );
}

#[test]
fn an_undeclared_tier_is_an_error_with_its_place_and_a_hint() {
    let site = stats_site().file(
        "content/units/keji.md",
        &unit("市科技局", "tier: 样版支部\n"),
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("content/units/keji.md:5:7"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("unknown unit tier `样版支部`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("did you mean `样板支部`?"),
        "{}",
        out.stderr
    );
}
