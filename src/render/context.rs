//! The data each template sees, assembled from the site model and the rendered bodies. Every
//! link is computed here, relative to the page it goes into.

use serde::Serialize;

use crate::config::{Language, LinkStyle, MenuItem};
use crate::content::{Kind, Page, Site};
use crate::exhibition::Exhibition;
use crate::markdown::{Rendered, TocEntry};
use crate::urls;

/// UI strings of the theme.
#[derive(Debug, Serialize)]
pub struct Ui {
    home: &'static str,
    skip: &'static str,
    menu: &'static str,
    breadcrumbs: &'static str,
    unit: &'static str,
    branch: &'static str,
    region: &'static str,
    source: &'static str,
    date: &'static str,
    updated: &'static str,
    editors: &'static str,
    author: &'static str,
    toc: &'static str,
    tags: &'static str,
    prev: &'static str,
    next: &'static str,
    none_prev: &'static str,
    none_next: &'static str,
    figures: &'static str,
    slogan: &'static str,
    status: &'static str,
    category: &'static str,
    year: &'static str,
    criteria: &'static str,
    gallery: &'static str,
    period: &'static str,
    org_type: &'static str,
    parent: &'static str,
    secretary: &'static str,
    members: &'static str,
    compiler: &'static str,
    contents: &'static str,
    preface: &'static str,
    page_n: &'static str,
    pages: &'static str,
    prev_page: &'static str,
    next_page: &'static str,
    latest: &'static str,
    more: &'static str,
    font_size: &'static str,
    font_large: &'static str,
    font_medium: &'static str,
    font_small: &'static str,
    contrast: &'static str,
    empty: &'static str,
    collections: &'static str,
    entries: &'static str,
    search: &'static str,
    search_placeholder: &'static str,
    search_submit: &'static str,
    search_kinds: &'static str,
    search_all: &'static str,
    search_count: &'static str,
    search_none: &'static str,
    search_more: &'static str,
    search_loading: &'static str,
    search_noscript: &'static str,
    related: &'static str,
    related_brand: &'static str,
    in_collection: &'static str,
    filter: &'static str,
    all: &'static str,
    shown: &'static str,
    no_match: &'static str,
    reset: &'static str,
    brand_count: &'static str,
    featured: &'static str,
    not_found: &'static str,
    not_found_text: &'static str,
    back_home: &'static str,
    feed: &'static str,
    tag_index: &'static str,
    unit_index: &'static str,
    year_index: &'static str,
    site_figures: &'static str,
    unit_brands: &'static str,
    unit_cases: &'static str,
    unit_reports: &'static str,
    unit_others: &'static str,
    unit_page: &'static str,
    entries_n: &'static str,
    book_open: &'static str,
    book_close: &'static str,
    explore: &'static str,
}

static ZH: Ui = Ui {
    home: "首页",
    skip: "跳到正文",
    menu: "主导航",
    breadcrumbs: "当前位置",
    unit: "单位",
    branch: "党支部",
    region: "地区",
    source: "来源",
    date: "发布时间",
    updated: "更新时间",
    editors: "责任编辑",
    author: "供稿",
    toc: "目录",
    tags: "标签",
    prev: "上一篇",
    next: "下一篇",
    none_prev: "没有了",
    none_next: "没有了",
    figures: "关键数据",
    slogan: "品牌释义",
    status: "评定等级",
    category: "类别",
    year: "年度",
    criteria: "创建标准",
    gallery: "活动图集",
    period: "时段",
    org_type: "组织类型",
    parent: "上级党组织",
    secretary: "书记",
    members: "党员人数",
    compiler: "编者",
    contents: "目录",
    preface: "前言",
    page_n: "第 {n} 页",
    pages: "分页",
    prev_page: "上一页",
    next_page: "下一页",
    latest: "最新内容",
    more: "更多",
    font_size: "字号",
    font_large: "大",
    font_medium: "中",
    font_small: "小",
    contrast: "高对比度",
    empty: "暂无内容",
    collections: "案例汇编",
    entries: "篇",
    search: "搜索",
    search_placeholder: "搜索案例、品牌、纪实",
    search_submit: "搜索",
    search_kinds: "按类型筛选",
    search_all: "全部",
    search_count: "找到 {n} 条结果",
    search_none: "没有找到相关内容，请换个说法试试",
    search_more: "显示更多结果",
    search_loading: "正在检索……",
    search_noscript: "站内搜索需要启用浏览器的 JavaScript。",
    related: "相关内容",
    related_brand: "相关案例与纪实",
    in_collection: "在《{name}》中",
    filter: "筛选品牌",
    all: "全部",
    shown: "当前显示 {n} 个品牌",
    no_match: "没有符合条件的品牌，请调整筛选条件。",
    reset: "重置",
    brand_count: "{n} 个品牌",
    featured: "品牌风采",
    not_found: "页面不存在",
    not_found_text: "您访问的页面不存在或已被移动。可以返回首页，或从下面的栏目继续浏览。",
    back_home: "返回首页",
    feed: "订阅",
    tag_index: "标签",
    unit_index: "单位",
    year_index: "年度",
    site_figures: "数据概览",
    unit_brands: "党建品牌",
    unit_cases: "典型案例",
    unit_reports: "活动纪实",
    unit_others: "其他内容",
    unit_page: "单位主页",
    entries_n: "{n} 篇",
    book_open: "在《",
    book_close: "》中：",
    explore: "浏览",
};

static EN: Ui = Ui {
    home: "Home",
    skip: "Skip to content",
    menu: "Main navigation",
    breadcrumbs: "You are here",
    unit: "Unit",
    branch: "Party branch",
    region: "Region",
    source: "Source",
    date: "Published",
    updated: "Updated",
    editors: "Editors",
    author: "Author",
    toc: "Contents",
    tags: "Tags",
    prev: "Previous",
    next: "Next",
    none_prev: "None",
    none_next: "None",
    figures: "Key figures",
    slogan: "Slogan",
    status: "Status",
    category: "Category",
    year: "Year",
    criteria: "Criteria",
    gallery: "Gallery",
    period: "Period",
    org_type: "Type",
    parent: "Parent organisation",
    secretary: "Secretary",
    members: "Members",
    compiler: "Compiled by",
    contents: "Contents",
    preface: "Preface",
    page_n: "Page {n}",
    pages: "Pages",
    prev_page: "Previous page",
    next_page: "Next page",
    latest: "Latest",
    more: "More",
    font_size: "Text size",
    font_large: "L",
    font_medium: "M",
    font_small: "S",
    contrast: "High contrast",
    empty: "Nothing yet",
    collections: "Collections",
    entries: "entries",
    search: "Search",
    search_placeholder: "Search this site",
    search_submit: "Search",
    search_kinds: "Filter by kind",
    search_all: "All",
    search_count: "{n} results",
    search_none: "Nothing found; try other words",
    search_more: "More results",
    search_loading: "Searching…",
    search_noscript: "Search needs JavaScript.",
    related: "Related",
    related_brand: "Related cases and reports",
    in_collection: "In “{name}”",
    filter: "Filter brands",
    all: "All",
    shown: "{n} brands shown",
    no_match: "No brand matches; change the filter.",
    reset: "Reset",
    brand_count: "{n} brands",
    featured: "Featured brands",
    not_found: "Page not found",
    not_found_text: "The page does not exist or has moved. Go back home or browse the sections below.",
    back_home: "Back to the home page",
    feed: "Feed",
    tag_index: "Tags",
    unit_index: "Units",
    year_index: "Years",
    site_figures: "At a glance",
    unit_brands: "Brands",
    unit_cases: "Cases",
    unit_reports: "Reports",
    unit_others: "Other pages",
    unit_page: "Unit page",
    entries_n: "{n}",
    book_open: "In “",
    book_close: "”: ",
    explore: "Browse",
};

/// The UI strings of the site's language.
fn ui(site: &Site) -> &'static Ui {
    match site.config.language {
        Language::ZhCn => &ZH,
        Language::En => &EN,
    }
}

/// A labelled link.
#[derive(Debug, Serialize)]
pub struct Link {
    /// Label.
    pub title: String,
    /// Relative href (empty for the current page).
    pub href: String,
    /// Whether it is the current place.
    pub active: bool,
}

/// Links from one page.
pub struct Linker<'a> {
    /// The site path of the page (`cases/a/`).
    pub from: &'a str,
    portable: bool,
}

impl<'a> Linker<'a> {
    /// Links from the page at site path `from`.
    pub fn new(site: &Site, from: &'a str) -> Self {
        Linker {
            from,
            portable: site.config.links == LinkStyle::Portable,
        }
    }

    /// The relative href of a site path.
    pub fn to(&self, site_path: &str) -> String {
        urls::relative(self.from, site_path, self.portable)
    }
}

/// The values that are the same on every page, set once as Tera's global context.
pub fn globals(site: &Site) -> tera::Context {
    let mut ctx = tera::Context::new();
    let c = &site.config;
    ctx.insert(
        "site",
        &serde_json::json!({
            "title": c.title, "subtitle": c.subtitle, "footer": c.footer,
        }),
    );
    ctx.insert(
        "lang",
        match c.language {
            Language::ZhCn => "zh-CN",
            Language::En => "en",
        },
    );
    ctx.insert(
        "ui",
        match c.language {
            Language::ZhCn => &ZH,
            Language::En => &EN,
        },
    );
    ctx
}

/// The values every template gets that depend on the page.
pub fn common(
    site: &Site,
    link: &Linker,
    title: &str,
    crumbs: &[(String, Option<String>)],
) -> tera::Context {
    let mut ctx = tera::Context::new();
    let c = &site.config;
    ctx.insert("title", title);
    ctx.insert("home", &link.to(""));
    ctx.insert(
        "assets",
        &link
            .to("assets/")
            .trim_end_matches("index.html")
            .to_string(),
    );
    ctx.insert("menu", &menu(site, link));
    ctx.insert("search_href", &link.to("search/"));
    let mut bc = vec![Link {
        title: match c.language {
            Language::ZhCn => ZH.home,
            Language::En => EN.home,
        }
        .to_string(),
        href: link.to(""),
        active: false,
    }];
    for (t, p) in crumbs {
        bc.push(Link {
            title: t.clone(),
            href: p.as_deref().map(|p| link.to(p)).unwrap_or_default(),
            active: p.is_none(),
        });
    }
    ctx.insert("breadcrumbs", &bc);
    ctx.insert(
        "indexes",
        &Indexes {
            brands: link.to("brands/"),
            units: link.to("units/"),
            tags: link.to("tags/"),
            years: link.to("years/"),
            feed: link.to("atom.xml"),
        },
    );
    ctx
}

/// Links to the exhibition's indexes, in every page's footer.
#[derive(Serialize)]
struct Indexes {
    brands: String,
    units: String,
    tags: String,
    years: String,
    feed: String,
}

fn menu(site: &Site, link: &Linker) -> Vec<Link> {
    let current_top = link.from.split('/').next().unwrap_or("");
    site.config
        .menu
        .iter()
        .map(|item| {
            let (title, path) = match item {
                MenuItem::Link { title, url } => (title.clone(), url.clone()),
                MenuItem::Column { slug, title } => {
                    let t = title
                        .clone()
                        .or_else(|| site.config.column(slug).map(|c| c.title.clone()))
                        .unwrap_or_else(|| slug.clone());
                    (t, format!("/columns/{slug}/"))
                }
                MenuItem::Section { name, title } => {
                    let key = name.value.trim_matches('/');
                    let t = title
                        .clone()
                        .or_else(|| site.sections.get(key).map(|s| s.title()))
                        .unwrap_or_else(|| key.to_string());
                    (t, format!("/{key}/"))
                }
            };
            if path.contains("://") {
                return Link {
                    title,
                    href: path,
                    active: false,
                };
            }
            let site_path = path.trim_start_matches('/');
            let active = if site_path.is_empty() {
                link.from.is_empty()
            } else if let Some(col) = site_path.strip_prefix("columns/") {
                link.from.starts_with("columns/")
                    && link
                        .from
                        .starts_with(&format!("columns/{}", col.trim_end_matches('/')))
            } else {
                site_path.split('/').next() == Some(current_top)
            };
            Link {
                title,
                href: link.to(site_path),
                active,
            }
        })
        .collect()
}

/// One entry of a list.
#[derive(Debug, Serialize)]
pub struct Item {
    title: String,
    href: String,
    date: Option<String>,
    unit: Option<String>,
    summary: String,
    kind: Kind,
    kind_label: &'static str,
    status: Option<&'static str>,
}

/// A list entry for page `i`.
pub fn item(site: &Site, rendered: &[Rendered], link: &Linker, i: usize) -> Item {
    let p = &site.pages[i];
    Item {
        title: p.meta.title.clone(),
        href: link.to(&p.url),
        date: p.meta.date.map(|d| d.ymd()),
        unit: p.meta.unit.clone(),
        summary: summary_of(p, &rendered[i]),
        kind: p.kind,
        kind_label: p.kind.label(),
        status: p
            .meta
            .brand
            .as_ref()
            .and_then(|b| b.status)
            .map(|s| s.as_str()),
    }
}

/// The summary of a page: its own, else the first paragraph's.
pub fn summary_of(p: &Page, r: &Rendered) -> String {
    p.meta.summary.clone().unwrap_or_else(|| r.summary.clone())
}

#[derive(Debug, Serialize)]
struct Image {
    href: String,
    caption: Option<String>,
}

#[derive(Debug, Serialize)]
struct Criterion {
    label: String,
    text: Option<String>,
}

/// The context of page `i`.
pub fn page(
    site: &Site,
    rendered: &[Rendered],
    ex: &Exhibition,
    i: usize,
    prev: Option<usize>,
    next: Option<usize>,
) -> tera::Context {
    let p = &site.pages[i];
    let r = &rendered[i];
    let link = Linker::new(site, &p.url);
    let mut crumbs = Vec::new();
    if let Some(section) = site.sections.get(&p.section)
        && !p.section.is_empty()
    {
        crumbs.push((section.title(), Some(section.url.clone())));
    }
    crumbs.push((p.meta.title.clone(), None));
    let mut ctx = common(site, &link, &p.meta.title, &crumbs);
    let asset = |rel: &str| {
        p.resolve(rel)
            .map(|path| link.to(&path))
            .unwrap_or_default()
    };
    let m = &p.meta;
    let brand = m.brand.as_ref().map(|b| {
        let criteria: Vec<Criterion> = site
            .config
            .brand_criteria
            .iter()
            .map(|c| Criterion {
                label: c.label.clone(),
                text: b
                    .standard
                    .iter()
                    .find(|(k, _)| *k == c.key)
                    .map(|(_, t)| t.clone()),
            })
            .collect();
        serde_json::json!({
            "name": b.name.clone().unwrap_or_else(|| m.title.clone()),
            "slogan": b.slogan, "logo": b.logo.as_ref().map(|l| asset(&l.value)),
            "category": b.category, "status": b.status.map(|s| s.as_str()), "year": b.year,
            "criteria": criteria,
        })
    });
    let gallery: Vec<Image> = m
        .report
        .iter()
        .flat_map(|r| &r.gallery)
        .map(|g| Image {
            href: asset(&g.src.value),
            caption: g.caption.clone(),
        })
        .collect();
    let unit = m.unit_profile.as_ref().map(|u| serde_json::json!({
        "name": u.name.clone().unwrap_or_else(|| m.title.clone()), "type": u.org_type, "parent": u.parent,
        "secretary": u.secretary, "members": u.members,
    }));
    let collection = site.collections.iter().find(|c| c.page == i).map(|c| {
        let mut n = 0;
        let parts: Vec<serde_json::Value> = c
            .parts
            .iter()
            .map(|part| {
                let entries: Vec<serde_json::Value> = part
                    .entries
                    .iter()
                    .map(|&e| {
                        n += 1;
                        let ep = &site.pages[e];
                        serde_json::json!({"n": n, "title": ep.meta.title, "href": link.to(&ep.url), "unit": ep.meta.unit, "date": ep.meta.date.map(|d| d.ymd())})
                    })
                    .collect();
                serde_json::json!({"title": part.title, "entries": entries})
            })
            .collect();
        let cm = m.collection.as_ref();
        let pdf = cm.is_some_and(|c| c.print.pdf).then(|| link.to(&crate::print::pdf_path(site, c)));
        serde_json::json!({"subtitle": cm.and_then(|c| c.subtitle.clone()), "compiler": cm.and_then(|c| c.compiler.clone()), "parts": parts, "count": n, "print_href": link.to(&format!("{}print/", p.url)), "pdf_href": pdf})
    });
    let toc: &[TocEntry] = if r.toc.len() >= 2 { &r.toc } else { &[] };
    let view = PageView {
        title: &m.title,
        kind: p.kind,
        kind_label: p.kind.label(),
        date: m.date.map(|d| d.ymd()),
        date_cn: m.date.map(|d| d.chinese()),
        updated: m.updated.map(|d| d.ymd()),
        unit: m.unit.as_deref(),
        branch: m.branch.as_deref(),
        region: m.region.as_deref(),
        authors: &m.author,
        editors: &m.editors,
        source: m.source.as_deref(),
        source_url: m.source_url.as_deref(),
        tags: &m.tags,
        figures: &m.figures,
        cover: m.cover.as_ref().map(|c| asset(&c.value)),
        toc,
        content: &r.html,
        summary: summary_of(p, r),
        brand,
        gallery,
        unit_profile: unit,
        collection,
    };
    ctx.insert("page", &view);
    let nav = |j: Option<usize>| {
        j.map(|j| serde_json::json!({"title": site.pages[j].meta.title, "href": link.to(&site.pages[j].url)}))
    };
    ctx.insert("prev", &nav(prev));
    ctx.insert("next", &nav(next));
    exhibit_page(site, rendered, ex, &link, i, &mut ctx);
    ctx
}

/// A tag of a page and its listing.
#[derive(Serialize)]
struct TagLink<'a> {
    name: &'a str,
    href: Option<String>,
}

/// A related page, as the page shows it.
#[derive(Serialize)]
struct Related<'a> {
    title: &'a str,
    href: String,
    date: Option<String>,
    unit: Option<&'a str>,
    kind_label: &'static str,
}

/// What the exhibition adds to page `i`: linked tags and unit, the strips along each collection
/// it is in, related pages, and on a unit profile the unit's brands, cases and reports.
fn exhibit_page(
    site: &Site,
    rendered: &[Rendered],
    ex: &Exhibition,
    link: &Linker,
    i: usize,
    ctx: &mut tera::Context,
) {
    let p = &site.pages[i];
    let ui = ui(site);
    let tags: Vec<TagLink> = p
        .meta
        .tags
        .iter()
        .map(|t| TagLink {
            name: t,
            href: ex.tag_path(t).map(|x| link.to(x)),
        })
        .collect();
    ctx.insert("tag_links", &tags);
    let unit_href = p
        .meta
        .unit
        .as_deref()
        .and_then(|u| ex.unit(u))
        .filter(|u| u.profile != Some(i))
        .map(|u| link.to(&u.term.path));
    ctx.insert("unit_href", &unit_href);
    let nav = |j: Option<usize>| {
        j.map(|j| serde_json::json!({"title": site.pages[j].meta.title, "href": link.to(&site.pages[j].url)}))
    };
    let places = ex.places(i);
    let books: Vec<serde_json::Value> = places
        .into_iter()
        .map(|(c, prev, next)| {
            let cp = &site.pages[site.collections[c].page];
            serde_json::json!({
                "label": ui.in_collection.replace("{name}", &cp.meta.title),
                "title": cp.meta.title, "href": link.to(&cp.url),
                "prev": nav(prev), "next": nav(next),
            })
        })
        .collect();
    ctx.insert("books", &books);
    let (kinds, label): (&[Kind], &str) = match p.kind {
        Kind::Brand => (&[Kind::Case, Kind::Report], ui.related_brand),
        Kind::Unit | Kind::Collection => (&[], ""),
        _ => (&[], ui.related),
    };
    let related: Vec<Related> = if label.is_empty() {
        Vec::new()
    } else {
        ex.related(site, i, kinds, 6)
            .into_iter()
            .map(|j| {
                let q = &site.pages[j];
                Related {
                    title: &q.meta.title,
                    href: link.to(&q.url),
                    date: q.meta.date.map(|d| d.ymd()),
                    unit: q.meta.unit.as_deref(),
                    kind_label: q.kind.label(),
                }
            })
            .collect()
    };
    ctx.insert(
        "related",
        &serde_json::json!({"label": label, "items": related}),
    );
    let listing = ex.unit_of_profile(i).map(|u| {
        let groups = [
            (Kind::Brand, ui.unit_brands),
            (Kind::Case, ui.unit_cases),
            (Kind::Report, ui.unit_reports),
        ];
        let mut out: Vec<serde_json::Value> = groups
            .iter()
            .map(|(k, label)| {
                let items: Vec<Item> = u
                    .term
                    .pages
                    .iter()
                    .filter(|&&j| site.pages[j].kind == *k)
                    .map(|&j| item(site, rendered, link, j))
                    .collect();
                serde_json::json!({"label": label, "items": items})
            })
            .collect();
        let others: Vec<Item> = u
            .term
            .pages
            .iter()
            .filter(|&&j| !matches!(site.pages[j].kind, Kind::Brand | Kind::Case | Kind::Report))
            .map(|&j| item(site, rendered, link, j))
            .collect();
        out.push(serde_json::json!({"label": ui.unit_others, "items": others}));
        out
    });
    ctx.insert("unit_listing", &listing);
}

/// What `page.html` sees as `page`; borrows from the model so the body is copied once.
#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    kind: Kind,
    kind_label: &'static str,
    date: Option<String>,
    date_cn: Option<String>,
    updated: Option<String>,
    unit: Option<&'a str>,
    branch: Option<&'a str>,
    region: Option<&'a str>,
    authors: &'a [String],
    editors: &'a [String],
    source: Option<&'a str>,
    source_url: Option<&'a str>,
    tags: &'a [String],
    figures: &'a [crate::content::frontmatter::Figure],
    cover: Option<String>,
    toc: &'a [TocEntry],
    content: &'a str,
    summary: String,
    brand: Option<serde_json::Value>,
    gallery: Vec<Image>,
    unit_profile: Option<serde_json::Value>,
    collection: Option<serde_json::Value>,
}

/// A pager: page `n` (1-based) of `total`, for a list at site path `base`.
#[derive(Debug, Serialize)]
pub struct Pager {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<Link>,
}

/// The page numbers a pager shows on page `n` of `total`: the first, the last, and two either
/// side of `n`; `None` marks a gap. Bounded, so a long list costs linear work, not quadratic.
pub fn pager_window(n: usize, total: usize) -> Vec<Option<usize>> {
    let mut pages: Vec<usize> = [1, total]
        .into_iter()
        .chain(n.saturating_sub(2)..=n + 2)
        .filter(|&k| k >= 1 && k <= total)
        .collect();
    pages.sort_unstable();
    pages.dedup();
    let mut out = Vec::with_capacity(pages.len() + 2);
    let mut last = 0;
    for k in pages {
        if k > last + 1 {
            out.push(None);
        }
        out.push(Some(k));
        last = k;
    }
    out
}

/// The site path of page `n` of the list at `base`.
pub fn list_page_path(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// The context of one page of a list (section or column).
pub fn list(
    site: &Site,
    rendered: &[Rendered],
    spec: &ListSpec,
    n: usize,
    items: &[usize],
) -> tera::Context {
    let path = list_page_path(spec.base, n);
    let link = Linker::new(site, &path);
    let mut crumbs = spec.crumbs.clone();
    if n > 1 {
        let last = crumbs.pop().map(|(t, _)| t).unwrap_or_default();
        crumbs.push((last, Some(spec.base.to_string())));
        crumbs.push((format!("第 {n} 页"), None));
    }
    let mut ctx = common(site, &link, &spec.title, &crumbs);
    let entries: Vec<Item> = items
        .iter()
        .map(|&i| item(site, rendered, &link, i))
        .collect();
    let pager = Pager {
        current: n,
        total: spec.total_pages,
        prev: (n > 1).then(|| link.to(&list_page_path(spec.base, n - 1))),
        next: (n < spec.total_pages).then(|| link.to(&list_page_path(spec.base, n + 1))),
        pages: pager_window(n, spec.total_pages)
            .into_iter()
            .map(|k| match k {
                Some(k) => Link {
                    title: k.to_string(),
                    href: link.to(&list_page_path(spec.base, k)),
                    active: k == n,
                },
                None => Link {
                    title: "…".to_string(),
                    href: String::new(),
                    active: false,
                },
            })
            .collect(),
    };
    ctx.insert("list", &serde_json::json!({
        "title": spec.title, "description": spec.description, "intro": if n == 1 { spec.intro.as_str() } else { "" },
        "items": entries, "count": spec.count,
    }));
    ctx.insert("pager", &pager);
    if spec.base.starts_with("columns/") {
        ctx.insert("feed", &link.to(&format!("{}atom.xml", spec.base)));
    }
    ctx
}

/// What a list is, apart from its entries.
pub struct ListSpec<'a> {
    /// Site path of its first page.
    pub base: &'a str,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Intro HTML (from `_index.md`).
    pub intro: String,
    /// Breadcrumbs after 首页.
    pub crumbs: Vec<(String, Option<String>)>,
    /// Number of list pages.
    pub total_pages: usize,
    /// Number of entries.
    pub count: usize,
}

/// The context of the home page.
pub fn home(site: &Site, rendered: &[Rendered], ex: &Exhibition) -> tera::Context {
    let link = Linker::new(site, "");
    let mut ctx = common(site, &link, &site.config.title, &[]);
    let sections: Vec<serde_json::Value> = site
        .sections
        .values()
        .filter(|s| {
            !s.path.is_empty()
                && !s.path.contains('/')
                && !s.pages.is_empty()
                && !crate::exhibition::REPLACED_SECTIONS.contains(&s.path.as_str())
                && !site.config.columns.iter().any(|c| c.title == s.title())
        })
        .map(|s| {
            let items: Vec<Item> = s.pages.iter().take(5).map(|&i| item(site, rendered, &link, i)).collect();
            serde_json::json!({"title": s.title(), "href": link.to(&s.url), "items": items, "count": s.pages.len()})
        })
        .collect();
    let columns: Vec<serde_json::Value> = site
        .config
        .columns
        .iter()
        .map(|c| {
            let pages = &site.columns[&c.slug];
            let items: Vec<Item> = pages.iter().take(5).map(|&i| item(site, rendered, &link, i)).collect();
            serde_json::json!({"title": c.title, "description": c.description, "href": link.to(&format!("columns/{}/", c.slug)), "items": items, "count": pages.len()})
        })
        .collect();
    let count = |k: Kind| site.pages.iter().filter(|p| p.kind == k).count();
    ctx.insert("sections", &sections);
    ctx.insert("columns", &columns);
    ctx.insert(
        "figures",
        &serde_json::json!([
            {"label": ui(site).unit_cases, "value": count(Kind::Case), "href": site.sections.contains_key("cases").then(|| link.to("cases/"))},
            {"label": ui(site).unit_brands, "value": count(Kind::Brand), "href": link.to("brands/")},
            {"label": ui(site).unit_reports, "value": count(Kind::Report), "href": site.sections.contains_key("reports").then(|| link.to("reports/"))},
            {"label": ui(site).unit_index, "value": ex.units.len(), "href": link.to("units/")},
        ]),
    );
    let featured: Vec<super::exhibit::Card> = crate::exhibition::featured_brands(site, 6)
        .into_iter()
        .map(|i| super::exhibit::card(site, &link, i))
        .collect();
    ctx.insert("featured", &featured);
    ctx.insert(
        "brands_href",
        &site
            .pages
            .iter()
            .any(|p| p.kind == Kind::Brand)
            .then(|| link.to("brands/")),
    );
    ctx
}

/// The context of the search page (`/search/`); the results are made by `search.js` in the
/// browser from `search/index.js`.
pub fn search(site: &Site) -> tera::Context {
    let link = Linker::new(site, "search/");
    let title = match site.config.language {
        Language::ZhCn => ZH.search,
        Language::En => EN.search,
    };
    let mut ctx = common(site, &link, title, &[(title.to_string(), None)]);
    let kinds: Vec<serde_json::Value> = [Kind::Case, Kind::Brand, Kind::Report, Kind::Article]
        .iter()
        .map(|k| serde_json::json!({"name": k.name(), "label": k.label()}))
        .collect();
    ctx.insert("kinds", &kinds);
    let labels: Vec<serde_json::Value> = [
        Kind::Case,
        Kind::Brand,
        Kind::Report,
        Kind::Article,
        Kind::Unit,
        Kind::Collection,
    ]
    .iter()
    .map(|k| serde_json::json!({"name": k.name(), "label": k.label()}))
    .collect();
    ctx.insert("kind_labels", &labels);
    ctx
}

#[cfg(test)]
mod tests {
    use super::pager_window;

    #[test]
    fn the_pager_shows_ends_and_neighbours_with_gaps() {
        let w = |n, t| -> Vec<String> {
            pager_window(n, t)
                .into_iter()
                .map(|k| k.map_or("…".to_string(), |k| k.to_string()))
                .collect()
        };
        assert_eq!(w(1, 1), ["1"]);
        assert_eq!(w(3, 5), ["1", "2", "3", "4", "5"]);
        assert_eq!(w(1, 10), ["1", "2", "3", "…", "10"]);
        assert_eq!(w(6, 12), ["1", "…", "4", "5", "6", "7", "8", "…", "12"]);
        assert_eq!(w(12, 12), ["1", "…", "10", "11", "12"]);
        assert_eq!(w(4, 10), ["1", "2", "3", "4", "5", "6", "…", "10"]);
    }
}
