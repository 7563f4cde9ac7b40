//! `site.yaml` → [`Config`], validated strictly: an unknown key is an error naming key and line.
//! Knows nothing of content; references into content (menu sections) are checked by `content`.

use camino::Utf8Path;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, suggest};
use crate::fields::{Located, Period, Reader};
use crate::yaml::{self, Node, Value};

mod addresses;
mod images;
mod tiers;
pub use addresses::normalize_base_url;
pub use images::{ImageFormat, ImagesConfig};

/// The site configuration.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    /// Site title.
    pub title: String,
    /// Subtitle shown under the title.
    pub subtitle: Option<String>,
    /// Path prefix or absolute URL the site is published under, always ending in `/`.
    pub base_url: String,
    /// Scheme and host the site is served from (`http://10.1.2.3`), for feeds and the sitemap.
    pub site_url: Option<String>,
    /// UI language.
    pub language: Language,
    /// Output folder, relative to the site root.
    pub output_dir: String,
    /// Theme name; `default` is built in.
    pub theme: String,
    /// Declared columns (栏目).
    pub columns: Vec<Column>,
    /// Top navigation.
    pub menu: Vec<MenuItem>,
    /// The judging standard of brands (四有 by default).
    pub brand_criteria: Vec<Criterion>,
    /// The tiers a unit may hold, in order.
    pub unit_tiers: Vec<String>,
    /// Footer line.
    pub footer: Option<String>,
    /// Link style.
    pub links: LinkStyle,
    /// Markdown options.
    pub markdown: MarkdownConfig,
    /// Casebook defaults.
    pub print: PrintConfig,
    /// How raster images are prepared.
    pub images: ImagesConfig,
}

/// UI language of the generated site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Language {
    /// 简体中文.
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en")]
    En,
}

/// A declared column (栏目).
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// URL segment.
    pub slug: String,
    /// Display title.
    pub title: String,
    /// Optional description.
    pub description: Option<String>,
    /// How often a page must appear in it (`14d`, `6m`); `check` warns when none did.
    pub update_within: Option<Period>,
}

/// One entry of the top navigation.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum MenuItem {
    /// A fixed link; `url` is site-relative (`/cases/`) or absolute.
    Link {
        /// Label.
        title: String,
        /// Target.
        url: String,
    },
    /// A declared column.
    Column {
        /// Column slug.
        slug: String,
        /// Label override.
        title: Option<String>,
    },
    /// A content section (top-level folder).
    Section {
        /// Section path.
        name: Located<String>,
        /// Label override.
        title: Option<String>,
    },
}

impl Serialize for Located<String> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

/// One row of the brand criteria.
#[derive(Debug, Clone, Serialize)]
pub struct Criterion {
    /// Key used in a brand's `standard` map.
    pub key: String,
    /// Label, e.g. 有主题.
    pub label: String,
}

/// How links are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkStyle {
    /// Links name `index.html`: works from `file://`.
    Portable,
    /// Directory links: for sites that are only served.
    Pretty,
}

/// Markdown options.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MarkdownConfig {
    /// Keep raw HTML as is instead of sanitising it.
    pub unsafe_html: bool,
}

/// Casebook options (site defaults; a collection may override them).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrintConfig {
    /// A4, B5 or 16K.
    pub paper: String,
    /// Whether `build` also writes the PDFs.
    pub pdf: bool,
    /// `book` or `gbt9704`.
    pub style: String,
    /// Font families and folder.
    pub fonts: FontsConfig,
}

/// Fonts for the casebook.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FontsConfig {
    /// Body family.
    pub serif: Option<String>,
    /// Heiti family.
    pub sans: Option<String>,
    /// Kaiti family.
    pub kai: Option<String>,
    /// Fangsong family.
    pub fang: Option<String>,
    /// Extra fonts folder, relative to the site root.
    pub fonts_dir: Option<String>,
}

impl Default for PrintConfig {
    fn default() -> Self {
        PrintConfig {
            paper: "A4".into(),
            pdf: false,
            style: "book".into(),
            fonts: FontsConfig::default(),
        }
    }
}

#[rustfmt::skip]
const KEYS: &[&str] = &[
    "title",
    "subtitle",
    "base_url",
    "site_url",
    "language",
    "output_dir",
    "theme",
    "columns",
    "menu",
    "brand_criteria",
    "unit_tiers",
    "footer",
    "links",
    "markdown",
    "print",
    "images",
];
/// Accepted paper names.
pub const PAPERS: &[&str] = &["A4", "B5", "16K"];
/// Accepted print styles.
pub const STYLES: &[&str] = &["book", "gbt9704"];

fn default_criteria() -> Vec<Criterion> {
    [
        ("theme", "有主题"),
        ("connotation", "有内涵"),
        ("feature", "有特色"),
        ("effect", "有效果"),
    ]
    .into_iter()
    .map(|(k, l)| Criterion {
        key: k.into(),
        label: l.into(),
    })
    .collect()
}

/// `language:`: `zh-CN` (or `zh`) or `en`; anything else is reported and leaves `language` as is.
fn read_language(r: &mut Reader, v: &Node, language: &mut Language) {
    match r.string(v, "language").as_deref() {
        Some("zh-CN") | Some("zh") | None => *language = Language::ZhCn,
        Some("en") => *language = Language::En,
        Some(other) => r.error(
            v.at,
            format!("unknown language `{other}`"),
            Some(suggest(other, &["zh-CN", "en"])),
        ),
    }
}

/// `links:`: `portable` or `pretty`; anything else is reported and leaves `links` as is.
fn read_links(r: &mut Reader, v: &Node, links: &mut LinkStyle) {
    match r.string(v, "links").as_deref() {
        Some("portable") | None => *links = LinkStyle::Portable,
        Some("pretty") => *links = LinkStyle::Pretty,
        Some(other) => r.error(
            v.at,
            format!("unknown link style `{other}`"),
            Some(suggest(other, &["portable", "pretty"])),
        ),
    }
}

impl Config {
    /// Reads and validates `site.yaml` text. `path` is how the file is named in messages.
    pub fn parse(path: &Utf8Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
        let node = match yaml::parse(text) {
            Ok(n) => n,
            Err(e) => {
                return Err(vec![Diagnostic::error(path, Some(e.at), format!("invalid YAML: {}", e.message))
                    .with_hint("check the indentation and that every `key: value` has a space after the colon")]);
            }
        };
        let mut r = Reader::new(path, 0);
        let mut c = Config::defaults();
        if !matches!(node.value, Value::Map(_)) {
            r.error(
                node.at,
                "site.yaml must be a mapping of `key: value` lines",
                Some("start with `title: 网站名称`".into()),
            );
        }
        for (key, v) in r.map(&node, "site.yaml", KEYS) {
            c.read_key(&mut r, &key.name, v);
        }
        if c.title.trim().is_empty() {
            r.error(
                node.at,
                "site.yaml has no `title`",
                Some("add a line `title: 网站名称`".into()),
            );
        }
        c.check_menu_columns(&mut r, &node);
        if r.diags
            .iter()
            .any(|d| d.severity == crate::diagnostics::Severity::Error)
        {
            Err(r.diags)
        } else {
            Ok(c)
        }
    }

    /// What a site.yaml with only a title means.
    fn defaults() -> Config {
        Config {
            title: String::new(),
            subtitle: None,
            base_url: "/".into(),
            site_url: None,
            language: Language::ZhCn,
            output_dir: "public".into(),
            theme: "default".into(),
            columns: Vec::new(),
            menu: Vec::new(),
            brand_criteria: default_criteria(),
            unit_tiers: tiers::default_tiers(),
            footer: None,
            links: LinkStyle::Portable,
            markdown: MarkdownConfig::default(),
            print: PrintConfig::default(),
            images: ImagesConfig::default(),
        }
    }

    /// Reads the top-level key `name` (one of [`KEYS`]).
    fn read_key(&mut self, r: &mut Reader, name: &str, v: &Node) {
        match name {
            "title" => {
                if let Some(t) = r.string(v, "title") {
                    self.title = t;
                }
            }
            "subtitle" => self.subtitle = r.string(v, "subtitle"),
            "base_url" => {
                if let Some(u) = r.string(v, "base_url") {
                    self.base_url = normalize_base_url(&u);
                }
            }
            "site_url" => self.site_url = addresses::read_site_url(r, v),
            "language" => read_language(r, v, &mut self.language),
            "output_dir" => {
                if let Some(o) = r.string_if(v, "output_dir", crate::urls::is_inside, OUTPUT_HINT) {
                    self.output_dir = o;
                }
            }
            "theme" => {
                if let Some(t) = r.string_if(v, "theme", crate::urls::is_valid_slug, THEME_HINT) {
                    self.theme = t;
                }
            }
            "columns" => self.columns = read_columns(r, v),
            "menu" => self.menu = read_menu(r, v),
            "brand_criteria" => self.brand_criteria = read_criteria(r, v),
            "unit_tiers" => self.unit_tiers = tiers::read_tiers(r, v),
            "footer" => self.footer = r.string(v, "footer"),
            "links" => read_links(r, v, &mut self.links),
            "markdown" => {
                for (k, mv) in r.map(v, "markdown", &["unsafe_html"]) {
                    if k.name == "unsafe_html" {
                        self.markdown.unsafe_html = r.bool(mv, "unsafe_html").unwrap_or(false);
                    }
                }
            }
            "print" => self.print = read_print(r, v, PrintConfig::default()),
            "images" => self.images = images::read_images(r, v),
            _ => unreachable!("filtered by map()"),
        }
    }

    /// Menu entries that name columns must name declared ones.
    fn check_menu_columns(&self, r: &mut Reader, node: &Node) {
        let slugs: Vec<&str> = self.columns.iter().map(|c| c.slug.as_str()).collect();
        let mut menu_errors = Vec::new();
        if let Value::Map(entries) = &node.value
            && let Some((_, menu)) = entries.iter().find(|(k, _)| k.name == "menu")
            && let Value::Seq(items) = &menu.value
        {
            for (item, node) in self.menu.iter().zip(items) {
                if let MenuItem::Column { slug, .. } = item
                    && !slugs.contains(&slug.as_str())
                {
                    menu_errors.push((
                        node.at,
                        format!(
                            "menu names column `{slug}`, which is not declared under `columns`"
                        ),
                        suggest(slug, &slugs),
                    ));
                }
            }
        }
        for (at, msg, hint) in menu_errors {
            r.error(at, msg, Some(hint));
        }
    }

    /// The column with this slug.
    pub fn column(&self, slug: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.slug == slug)
    }
}

const COLUMN_KEYS: &[&str] = &["slug", "title", "description", "update_within"];

fn read_columns(r: &mut Reader, v: &Node) -> Vec<Column> {
    let Value::Seq(items) = &v.value else {
        if v.value != Value::Null {
            r.error(
                v.at,
                "`columns` must be a list",
                Some("e.g. `columns: [{slug: show-brands, title: \"SHOW!党建品牌\"}]`".into()),
            );
        }
        return Vec::new();
    };
    let mut out: Vec<Column> = Vec::new();
    for item in items {
        let (mut slug, mut title, mut description, mut update_within) = (None, None, None, None);
        for (k, fv) in r.map(item, "a column", COLUMN_KEYS) {
            match k.name.as_str() {
                "slug" => slug = r.string(fv, "slug"),
                "title" => title = r.string(fv, "title"),
                "update_within" => update_within = r.period(fv, "update_within"),
                _ => description = r.string(fv, "description"),
            }
        }
        let Some(slug) = slug else {
            r.error(
                item.at,
                "a column needs a `slug`",
                Some("e.g. `- {slug: show-brands, title: \"SHOW!党建品牌\"}`".into()),
            );
            continue;
        };
        if !crate::urls::is_valid_slug(&slug) {
            r.error(
                item.at,
                format!("column slug `{slug}` cannot be used in a URL"),
                Some("use letters, digits and `-`".into()),
            );
        }
        if out.iter().any(|c| c.slug.eq_ignore_ascii_case(&slug)) {
            r.error(item.at, format!("column `{slug}` is declared twice"), None);
            continue;
        }
        let title = title.unwrap_or_else(|| slug.clone());
        out.push(Column {
            slug,
            title,
            description,
            update_within,
        });
    }
    out
}

const OUTPUT_HINT: &str = "name a folder inside the site, e.g. `output_dir: public`; to write elsewhere, give `-o FOLDER` to `yanzhen build`";
const THEME_HINT: &str = "write the name of a folder in themes/ only, e.g. `theme: default`";

fn read_menu(r: &mut Reader, v: &Node) -> Vec<MenuItem> {
    let Value::Seq(items) = &v.value else {
        if v.value != Value::Null {
            r.error(
                v.at,
                "`menu` must be a list",
                Some("e.g. `menu: [{title: 首页, url: /}, {section: cases}]`".into()),
            );
        }
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let (mut title, mut url, mut column, mut section) = (None, None, None, None);
        for (k, fv) in r.map(item, "a menu entry", &["title", "url", "column", "section"]) {
            match k.name.as_str() {
                "title" => title = r.string(fv, "title"),
                "url" => url = r.link_url(fv, "url"),
                "column" => column = r.string(fv, "column"),
                _ => section = r.located_string(fv, "section"),
            }
        }
        match (url, column, section) {
            (Some(url), None, None) => match title {
                Some(title) => out.push(MenuItem::Link { title, url }),
                None => r.error(
                    item.at,
                    "a menu link needs a `title`",
                    Some("e.g. `{title: 首页, url: /}`".into()),
                ),
            },
            (None, Some(slug), None) => out.push(MenuItem::Column { slug, title }),
            (None, None, Some(name)) => out.push(MenuItem::Section { name, title }),
            _ => r.error(
                item.at,
                "a menu entry needs exactly one of `url`, `column` or `section`",
                Some(
                    "e.g. `{title: 首页, url: /}`, `{column: show-brands}` or `{section: cases}`"
                        .into(),
                ),
            ),
        }
    }
    out
}

fn read_criteria(r: &mut Reader, v: &Node) -> Vec<Criterion> {
    let Value::Seq(items) = &v.value else {
        r.error(
            v.at,
            "`brand_criteria` must be a list",
            Some("e.g. `- {key: theme, label: 有主题}`".into()),
        );
        return default_criteria();
    };
    let mut out: Vec<Criterion> = Vec::new();
    for item in items {
        let (mut key, mut label) = (None, None);
        for (k, fv) in r.map(item, "a brand criterion", &["key", "label"]) {
            if k.name == "key" {
                key = r.string(fv, "key");
            } else {
                label = r.string(fv, "label");
            }
        }
        match (key, label) {
            (Some(key), Some(label)) => {
                if out.iter().any(|c| c.key == key) {
                    r.error(item.at, format!("criterion `{key}` is given twice"), None);
                } else {
                    out.push(Criterion { key, label });
                }
            }
            _ => r.error(
                item.at,
                "a brand criterion needs `key` and `label`",
                Some("e.g. `- {key: theme, label: 有主题}`".into()),
            ),
        }
    }
    out
}

/// Reads a `print` mapping over `base` (site defaults, or site.yaml's for a collection).
pub fn read_print(r: &mut Reader, v: &Node, base: PrintConfig) -> PrintConfig {
    let mut p = base;
    for (k, fv) in r.map(v, "print", &["paper", "pdf", "style", "fonts"]) {
        match k.name.as_str() {
            "paper" => {
                if let Some(paper) = r.string(fv, "paper") {
                    match PAPERS.iter().find(|p| p.eq_ignore_ascii_case(&paper)) {
                        Some(known) => p.paper = (*known).into(),
                        None => r.error(
                            fv.at,
                            format!("unknown paper `{paper}`"),
                            Some(suggest(&paper, PAPERS)),
                        ),
                    }
                }
            }
            "pdf" => p.pdf = r.bool(fv, "pdf").unwrap_or(p.pdf),
            "style" => {
                if let Some(style) = r.string(fv, "style") {
                    if STYLES.contains(&style.as_str()) {
                        p.style = style;
                    } else {
                        r.error(
                            fv.at,
                            format!("unknown print style `{style}`"),
                            Some(suggest(&style, STYLES)),
                        );
                    }
                }
            }
            _ => {
                for (fk, ffv) in r.map(fv, "fonts", &["serif", "sans", "kai", "fang", "fonts_dir"])
                {
                    let val = r.string(ffv, &fk.name);
                    match fk.name.as_str() {
                        "serif" => p.fonts.serif = val,
                        "sans" => p.fonts.sans = val,
                        "kai" => p.fonts.kai = val,
                        "fang" => p.fonts.fang = val,
                        _ => p.fonts.fonts_dir = val,
                    }
                }
            }
        }
    }
    p
}

#[cfg(test)]
mod tests;
