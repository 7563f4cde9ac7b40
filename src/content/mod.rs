//! The site model: pages of every kind, sections, columns and collections, with their URLs,
//! all validated. Never renders or writes. The model is built in steps, one file each:
//! [`scan`] finds the files, [`load`] reads them, [`assemble`] checks them and forms the
//! sections, collections and columns; [`order`](sort_pages) orders pages.

mod assemble;
pub mod frontmatter;
mod load;
mod order;
mod scan;
pub mod source;

use std::collections::{BTreeMap, HashMap, HashSet};

use camino::Utf8PathBuf;
use serde::Serialize;

use crate::config::Config;
use crate::urls::resolve_path;
use frontmatter::{FrontMatter, SectionMeta};

pub use assemble::{SectionSources, assemble};
pub use load::{LoadOptions, ReadOne, load, read_one};
pub use order::{newest_first, pinyin_key, sort_pages};
pub use scan::{Scan, is_ignored, scan};

/// What a content file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// 典型案例.
    Case,
    /// 党建品牌.
    Brand,
    /// 活动纪实.
    Report,
    /// 文章.
    Article,
    /// 单位/党组织.
    Unit,
    /// 汇编.
    Collection,
}

impl Kind {
    /// Names as written in `kind:`.
    pub const NAMES: &'static [&'static str] =
        &["case", "brand", "report", "article", "unit", "collection"];

    /// Parses a `kind:` value.
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s.trim() {
            "case" => Kind::Case,
            "brand" => Kind::Brand,
            "report" => Kind::Report,
            "article" => Kind::Article,
            "unit" => Kind::Unit,
            "collection" => Kind::Collection,
            _ => return None,
        })
    }

    /// The kind implied by a top-level folder.
    pub fn from_folder(top: &str) -> Kind {
        match top {
            "cases" => Kind::Case,
            "brands" => Kind::Brand,
            "reports" => Kind::Report,
            "units" => Kind::Unit,
            "collections" => Kind::Collection,
            _ => Kind::Article,
        }
    }

    /// English name.
    pub fn name(self) -> &'static str {
        Kind::NAMES[self as usize]
    }

    /// Chinese label.
    pub fn label(self) -> &'static str {
        ["案例", "品牌", "纪实", "文章", "单位", "汇编"][self as usize]
    }
}

/// One content page.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file, relative to the site root (`content/cases/a.md`).
    pub file: Utf8PathBuf,
    /// The file relative to `content/` (`cases/a.md`), as collections name it.
    pub rel: String,
    /// The folder the file's relative paths start from, relative to `content/`.
    pub dir: String,
    /// Kind.
    pub kind: Kind,
    /// Front matter.
    pub meta: FrontMatter,
    /// Markdown body.
    pub body: String,
    /// File line on which the body starts.
    pub body_line: u32,
    /// Section path (`cases`, `` for the root).
    pub section: String,
    /// Last URL segment.
    pub slug: String,
    /// Site path of the page, ending in `/` (`cases/a/`).
    pub url: String,
    /// Whether it is a page bundle (`folder/index.md`).
    pub bundle: bool,
}

impl Page {
    /// The site path of a file named relative to this page's Markdown file, or `None` if it
    /// escapes `content/`.
    pub fn resolve(&self, relative: &str) -> Option<String> {
        resolve_path(&self.dir, relative)
    }
}

/// A folder of pages.
#[derive(Debug, Clone)]
pub struct Section {
    /// Path relative to `content/` (`cases`).
    pub path: String,
    /// Site path of the list (`cases/`).
    pub url: String,
    /// `_index.md` fields.
    pub meta: SectionMeta,
    /// The `_index.md` body.
    pub body: String,
    /// `_index.md`, if any.
    pub file: Option<Utf8PathBuf>,
    /// Pages, in list order.
    pub pages: Vec<usize>,
}

impl Section {
    /// Display title: `_index.md`'s, else a known name, else the folder name.
    pub fn title(&self) -> String {
        if let Some(t) = &self.meta.title {
            return t.clone();
        }
        let last = self.path.rsplit('/').next().unwrap_or(&self.path);
        match last {
            "cases" => "典型案例",
            "brands" => "党建品牌",
            "reports" => "活动纪实",
            "units" => "单位风采",
            "collections" => "案例汇编",
            "articles" => "工作动态",
            other => other,
        }
        .to_string()
    }
}

/// A collection with its entries resolved to pages.
#[derive(Debug, Clone)]
pub struct Collection {
    /// The collection's page.
    pub page: usize,
    /// Parts in book order.
    pub parts: Vec<Part>,
}

/// A resolved part.
#[derive(Debug, Clone)]
pub struct Part {
    /// Title (empty for a flat list).
    pub title: String,
    /// Pages in order.
    pub entries: Vec<usize>,
}

/// A file under `content/` that is not Markdown, copied to the output as is.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to `content/`.
    pub rel: String,
}

/// The whole validated site model.
#[derive(Debug)]
pub struct Site {
    /// Site root.
    pub root: Utf8PathBuf,
    /// Configuration.
    pub config: Config,
    /// Pages, ordered by file path.
    pub pages: Vec<Page>,
    /// Sections by path.
    pub sections: BTreeMap<String, Section>,
    /// Collections.
    pub collections: Vec<Collection>,
    /// Content assets.
    pub assets: Vec<Asset>,
    /// Page index by `rel`.
    pub by_rel: HashMap<String, usize>,
    /// Content-relative paths of assets, for image checks.
    pub asset_set: HashSet<String>,
    /// Pages of each column, newest first.
    pub columns: BTreeMap<String, Vec<usize>>,
    /// Index into `collections` by the collection's own page.
    collection_of_page: HashMap<usize, usize>,
}

impl Site {
    /// The page whose file is `rel` (relative to `content/`).
    pub fn page_by_rel(&self, rel: &str) -> Option<&Page> {
        self.by_rel.get(rel).map(|&i| &self.pages[i])
    }

    /// The index of the page whose file is `rel`.
    pub fn index_of(&self, rel: &str) -> Option<usize> {
        self.by_rel.get(rel).copied()
    }

    /// The collection whose own page is page `i`, if it is one.
    pub fn collection_of_page(&self, i: usize) -> Option<&Collection> {
        self.collection_of_page
            .get(&i)
            .map(|&c| &self.collections[c])
    }
}

/// Names under the output root that yanzhen itself uses.
pub const RESERVED: &[&str] = &[
    "assets",
    "brands",
    "units",
    "search",
    "tags",
    "years",
    "columns",
    "page",
    "404.html",
    "sitemap.xml",
    "atom.xml",
];
