//! The theme's UI strings in every language the site can be written in, and the one place that
//! decides by [`Language`]: everything else asks the [`Ui`] of the site.

use serde::Serialize;

use crate::config::Language;
use crate::content::{Kind, Section};

const KIND_LABELS_ZH: [&str; 6] = ["案例", "品牌", "纪实", "文章", "单位", "汇编"];

const KIND_LABELS_EN: [&str; 6] = ["Case", "Brand", "Report", "Article", "Unit", "Collection"];

const SECTION_TITLES_EN: &[(&str, &str)] = &[
    ("cases", "Cases"),
    ("brands", "Brands"),
    ("reports", "Reports"),
    ("units", "Units"),
    ("collections", "Collections"),
    ("articles", "News"),
];

const SECTION_TITLES_ZH: &[(&str, &str)] = &[
    ("cases", "典型案例"),
    ("brands", "党建品牌"),
    ("reports", "活动纪实"),
    ("units", "单位风采"),
    ("collections", "案例汇编"),
    ("articles", "工作动态"),
];

/// UI strings of the theme, one per field, each named after the place the theme shows it
/// (templates read them as `ui.NAME`).
#[allow(missing_docs)]
#[derive(Debug, Serialize)]
pub struct Ui {
    pub home: &'static str,
    pub skip: &'static str,
    pub menu: &'static str,
    pub breadcrumbs: &'static str,
    pub unit: &'static str,
    pub branch: &'static str,
    pub region: &'static str,
    pub source: &'static str,
    pub date: &'static str,
    pub updated: &'static str,
    pub editors: &'static str,
    pub author: &'static str,
    pub toc: &'static str,
    pub tags: &'static str,
    pub prev: &'static str,
    pub next: &'static str,
    pub none_prev: &'static str,
    pub none_next: &'static str,
    pub figures: &'static str,
    pub slogan: &'static str,
    pub status: &'static str,
    pub category: &'static str,
    pub year: &'static str,
    pub criteria: &'static str,
    pub gallery: &'static str,
    pub period: &'static str,
    pub org_type: &'static str,
    pub parent: &'static str,
    pub secretary: &'static str,
    pub members: &'static str,
    pub compiler: &'static str,
    pub contents: &'static str,
    pub preface: &'static str,
    pub page_n: &'static str,
    pub pages: &'static str,
    pub prev_page: &'static str,
    pub next_page: &'static str,
    pub latest: &'static str,
    pub more: &'static str,
    pub font_size: &'static str,
    pub font_large: &'static str,
    pub font_medium: &'static str,
    pub font_small: &'static str,
    pub contrast: &'static str,
    pub empty: &'static str,
    pub collections: &'static str,
    pub entries: &'static str,
    pub search: &'static str,
    pub search_placeholder: &'static str,
    pub search_submit: &'static str,
    pub search_kinds: &'static str,
    pub search_all: &'static str,
    pub search_count: &'static str,
    pub search_none: &'static str,
    pub search_more: &'static str,
    pub search_loading: &'static str,
    pub search_noscript: &'static str,
    pub related: &'static str,
    pub related_brand: &'static str,
    pub in_collection: &'static str,
    pub filter: &'static str,
    pub all: &'static str,
    pub shown: &'static str,
    pub no_match: &'static str,
    pub reset: &'static str,
    pub brand_count: &'static str,
    pub featured: &'static str,
    pub not_found: &'static str,
    pub not_found_text: &'static str,
    pub back_home: &'static str,
    pub feed: &'static str,
    pub tag_index: &'static str,
    pub unit_index: &'static str,
    pub year_index: &'static str,
    pub site_figures: &'static str,
    pub unit_brands: &'static str,
    pub unit_cases: &'static str,
    pub unit_reports: &'static str,
    pub unit_others: &'static str,
    pub unit_page: &'static str,
    pub entries_n: &'static str,
    pub book_open: &'static str,
    pub book_close: &'static str,
    pub explore: &'static str,
    /// The brand matrix's title when `brands/` has no `_index.md` title.
    pub brands: &'static str,
    /// The matrix group of brands without a category.
    pub other: &'static str,
    /// Labels of the kinds, in the order of [`Kind::NAMES`].
    #[serde(skip)]
    pub kinds: [&'static str; 6],
    /// A year as a listing names it (`{y}年`).
    #[serde(skip)]
    pub year_name: &'static str,
    /// Default titles of the known sections, by folder name.
    #[serde(skip)]
    pub sections: &'static [(&'static str, &'static str)],
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
    brands: "党建品牌",
    other: "其他",
    kinds: KIND_LABELS_ZH,
    year_name: "{y}年",
    sections: SECTION_TITLES_ZH,
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
    brands: "Brands",
    other: "Other",
    kinds: KIND_LABELS_EN,
    year_name: "{y}",
    sections: SECTION_TITLES_EN,
};

/// The UI strings of `language`.
pub fn ui(language: Language) -> &'static Ui {
    match language {
        Language::ZhCn => &ZH,
        Language::En => &EN,
    }
}

/// The `lang` attribute of `language`.
pub fn lang_tag(language: Language) -> &'static str {
    match language {
        Language::ZhCn => "zh-CN",
        Language::En => "en",
    }
}

impl Ui {
    /// The label of a kind (`案例`).
    pub fn kind_label(&self, kind: Kind) -> &'static str {
        self.kinds[kind as usize]
    }

    /// A section's display title: its `_index.md` title, else a known folder's name, else the
    /// folder name.
    pub fn section_title(&self, s: &Section) -> String {
        if let Some(t) = &s.meta.title {
            return t.clone();
        }
        let last = s.path.rsplit('/').next().unwrap_or(&s.path);
        self.sections
            .iter()
            .find(|(k, _)| *k == last)
            .map_or(last, |(_, t)| t)
            .to_string()
    }

    /// The title of a year's listing (`2024年`).
    pub fn year_title(&self, y: &str) -> String {
        self.year_name.replace("{y}", y)
    }

    /// "Page n" of a list.
    pub fn page_label(&self, n: usize) -> String {
        self.page_n.replace("{n}", &n.to_string())
    }
}
