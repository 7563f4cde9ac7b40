//! The site model: discovery of `content/` (walkdir), pages of every kind, sections, columns,
//! collections, URLs and ordering, all validated. Never renders or writes.

pub mod frontmatter;
pub mod source;

use std::collections::{BTreeMap, HashMap};

use camino::{Utf8Path, Utf8PathBuf};
use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Config, MenuItem};
use crate::diagnostics::{Diagnostic, Diagnostics, Span, did_you_mean};
use crate::urls::{self, resolve_path};
use frontmatter::{FrontMatter, SectionMeta, SortBy};

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
    pub asset_set: std::collections::HashSet<String>,
    /// Pages of each column, newest first.
    pub columns: BTreeMap<String, Vec<usize>>,
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
        self.collections.iter().find(|c| c.page == i)
    }
}

/// Options of loading.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include drafts.
    pub drafts: bool,
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

enum Found {
    Page {
        file: Utf8PathBuf,
        rel: String,
        bundle: bool,
    },
    Index {
        file: Utf8PathBuf,
        dir: String,
    },
}

/// Skips hidden files and editors' temporary and backup files.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name.starts_with("~$")
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

/// Reads and validates `content/` of the site at `root`.
pub fn load(
    root: &Utf8Path,
    config: Config,
    opts: &LoadOptions,
    diags: &mut Diagnostics,
) -> Option<Site> {
    let content = root.join("content");
    let mut found = Vec::new();
    let mut assets = Vec::new();
    if content.is_dir() {
        let walker = walkdir::WalkDir::new(&content)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_str().is_some_and(is_ignored));
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let p = e
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default();
                    diags.push(Diagnostic::error(
                        rel_to_root(root, &p),
                        None,
                        format!("cannot read: {e}"),
                    ));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let Some(path) = Utf8Path::from_path(entry.path()) else {
                diags.push(
                    Diagnostic::error(
                        entry.path().to_string_lossy().into_owned(),
                        None,
                        "the file name is not valid Unicode",
                    )
                    .with_hint("rename the file"),
                );
                continue;
            };
            let rel = path
                .strip_prefix(&content)
                .unwrap_or(path)
                .as_str()
                .replace('\\', "/");
            let file = path.strip_prefix(root).unwrap_or(path).to_path_buf();
            let name = path.file_name().unwrap_or("");
            if !name.to_ascii_lowercase().ends_with(".md") {
                assets.push(Asset { rel });
            } else if name == "_index.md" {
                let dir = rel
                    .rsplit_once('/')
                    .map_or(String::new(), |(d, _)| d.to_string());
                found.push(Found::Index { file, dir });
            } else {
                found.push(Found::Page {
                    file,
                    rel,
                    bundle: name == "index.md",
                });
            }
        }
    } else {
        diags.push(Diagnostic::error("content", None, "the site has no `content/` folder").with_hint("create `content/` and put Markdown files in it (`yanzhen init` writes an example site)"));
        return None;
    }

    // Read and parse every file in parallel; results keep the walk's order.
    let parsed: Vec<(Option<Parsed>, Vec<Diagnostic>)> = found
        .par_iter()
        .map(|f| parse_file(root, f, &config))
        .collect();
    let mut pages = Vec::new();
    let mut section_meta: SectionSources = HashMap::new();
    for (p, ds) in parsed {
        diags.extend(ds);
        match p {
            Some(Parsed::Page(page)) => {
                if page.meta.draft && !opts.drafts {
                    continue;
                }
                pages.push(*page);
            }
            Some(Parsed::Index(dir, meta, body, file)) => {
                section_meta.insert(dir, (meta, body, file));
            }
            None => {}
        }
    }

    Some(assemble(root, config, pages, section_meta, assets, diags))
}

/// What `_index.md` files hold, by section path: front matter, body and the file.
pub type SectionSources = HashMap<String, (SectionMeta, String, Utf8PathBuf)>;

/// Builds the site model from files already read: checks URLs and images, forms sections,
/// collections and columns. [`load`] calls it after reading every file; `serve` calls it after
/// re-reading only the files that changed. `pages` must be in file-path order.
pub fn assemble(
    root: &Utf8Path,
    config: Config,
    pages: Vec<Page>,
    section_meta: SectionSources,
    assets: Vec<Asset>,
    diags: &mut Diagnostics,
) -> Site {
    // URLs must be unique, compared case-insensitively.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        let key = page.url.to_lowercase();
        let top = page.url.split('/').next().unwrap_or("");
        if page.section.is_empty() && RESERVED.contains(&top) {
            diags.push(
                Diagnostic::error(
                    &page.file,
                    page.meta
                        .slug
                        .as_ref()
                        .map(|s| s.at)
                        .or(Some(Span::new(1, 1))),
                    format!("the URL `/{}` is used by yanzhen itself", page.url),
                )
                .with_hint("give the page another `slug:` or move it into a folder"),
            );
        }
        if let Some(&j) = seen.get(&key) {
            let other = &pages[j];
            diags.push(
                Diagnostic::error(
                    &page.file,
                    Some(page.meta.slug.as_ref().map_or(Span::new(1, 1), |s| s.at)),
                    format!("the URL `/{}` is already used by {}", page.url, other.file),
                )
                .with_hint("give one of them another `slug:` (URLs are compared without case)"),
            );
        } else {
            seen.insert(key, i);
        }
    }

    let by_rel: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.rel.clone(), i))
        .collect();
    let asset_set: std::collections::HashSet<String> =
        assets.iter().map(|a| a.rel.clone()).collect();

    // Images named in front matter must exist.
    for page in &pages {
        let mut images: Vec<(&str, &crate::fields::Located<String>)> = Vec::new();
        if let Some(c) = &page.meta.cover {
            images.push(("cover", c));
        }
        if let Some(b) = &page.meta.brand
            && let Some(l) = &b.logo
        {
            images.push(("logo", l));
        }
        if let Some(r) = &page.meta.report {
            images.extend(r.gallery.iter().map(|g| ("gallery", &g.src)));
        }
        for (field, img) in images {
            check_image(page, field, img, &asset_set, diags);
        }
    }

    // Sections: every folder that holds pages, plus folders with an `_index.md`.
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        section_entry(&mut sections, &page.section).pages.push(i);
    }
    for (dir, (meta, body, file)) in section_meta {
        let s = section_entry(&mut sections, &dir);
        s.meta = meta;
        s.body = body;
        s.file = Some(file);
    }
    for s in sections.values_mut() {
        sort_pages(&mut s.pages, &pages, s.meta.sort_by);
    }

    // Menu sections must exist.
    for item in &config.menu {
        if let MenuItem::Section { name, .. } = item
            && !sections.contains_key(name.value.trim_matches('/'))
        {
            let names: Vec<&str> = sections
                .keys()
                .map(String::as_str)
                .filter(|s| !s.is_empty())
                .collect();
            let hint = match did_you_mean(&name.value, names.iter().copied()) {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!(
                    "sections are the folders under content/: {}",
                    names.join(", ")
                ),
            };
            diags.push(
                Diagnostic::error(
                    "site.yaml",
                    Some(name.at),
                    format!(
                        "menu names section `{}`, but content/ has no such folder",
                        name.value
                    ),
                )
                .with_hint(hint),
            );
        }
    }

    // Collections.
    let mut collections = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let Some(meta) = &page.meta.collection else {
            continue;
        };
        let mut parts = Vec::new();
        for part in &meta.parts {
            let mut entries = Vec::new();
            for e in &part.entries {
                let key = e
                    .value
                    .trim()
                    .trim_start_matches("content/")
                    .trim_start_matches('/')
                    .to_string();
                match by_rel.get(&key) {
                    Some(&j) if j == i => diags.push(Diagnostic::error(
                        &page.file,
                        Some(e.at),
                        "a collection cannot contain itself",
                    )),
                    Some(&j) => entries.push(j),
                    None => {
                        let hint = match did_you_mean(&key, by_rel.keys().map(String::as_str)) {
                            Some(c) => format!("did you mean `{c}`?"),
                            None => {
                                "entries are paths relative to content/, e.g. `cases/example.md`"
                                    .to_string()
                            }
                        };
                        let drafted = root.join("content").join(&key).is_file();
                        let msg = if drafted {
                            format!(
                                "collection entry `{}` is a draft, or could not be read",
                                e.value
                            )
                        } else {
                            format!("collection entry `{}` does not exist", e.value)
                        };
                        let hint = if drafted {
                            "build with --drafts, or remove `draft: true` from it".to_string()
                        } else {
                            hint
                        };
                        diags.push(Diagnostic::error(&page.file, Some(e.at), msg).with_hint(hint));
                    }
                }
            }
            parts.push(Part {
                title: part.title.clone(),
                entries,
            });
        }
        collections.push(Collection { page: i, parts });
    }

    // Columns: pages that joined each declared column, newest first.
    let mut columns: BTreeMap<String, Vec<usize>> = config
        .columns
        .iter()
        .map(|c| (c.slug.clone(), Vec::new()))
        .collect();
    for (i, page) in pages.iter().enumerate() {
        for c in &page.meta.columns {
            // Pages come in index order: a repeated column of this page is the list's last.
            if let Some(list) = columns.get_mut(&c.value)
                && list.last() != Some(&i)
            {
                list.push(i);
            }
        }
    }
    for list in columns.values_mut() {
        sort_pages(list, &pages, SortBy::Date);
    }

    Site {
        root: root.to_path_buf(),
        config,
        pages,
        sections,
        collections,
        assets,
        by_rel,
        asset_set,
        columns,
    }
}

/// One content file read on its own (see [`read_one`]).
pub enum ReadOne {
    /// A page.
    Page(Box<Page>),
    /// An `_index.md`: section path, front matter, body, file.
    Index(String, SectionMeta, String, Utf8PathBuf),
    /// A draft, left out without `--drafts`.
    Draft,
    /// Not Markdown: an asset, copied as is.
    Asset,
    /// It could not be read; the diagnostics say why.
    Failed,
}

/// Reads the content file `rel` (relative to `content/`) exactly as [`load`] would, for
/// rebuilding one file without reading the others.
pub fn read_one(
    root: &Utf8Path,
    rel: &str,
    config: &Config,
    opts: &LoadOptions,
) -> (ReadOne, Vec<Diagnostic>) {
    let file = Utf8Path::new("content").join(rel);
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let found = if !name.to_ascii_lowercase().ends_with(".md") {
        return (ReadOne::Asset, Vec::new());
    } else if name == "_index.md" {
        let dir = rel
            .rsplit_once('/')
            .map_or(String::new(), |(d, _)| d.to_string());
        Found::Index { file, dir }
    } else {
        Found::Page {
            file,
            rel: rel.to_string(),
            bundle: name == "index.md",
        }
    };
    let (parsed, ds) = parse_file(root, &found, config);
    let read = match parsed {
        Some(Parsed::Page(page)) if page.meta.draft && !opts.drafts => ReadOne::Draft,
        Some(Parsed::Page(page)) => ReadOne::Page(page),
        Some(Parsed::Index(dir, meta, body, file)) => ReadOne::Index(dir, meta, body, file),
        None => ReadOne::Failed,
    };
    (read, ds)
}

fn rel_to_root(root: &Utf8Path, p: &str) -> String {
    p.strip_prefix(root.as_str())
        .unwrap_or(p)
        .trim_start_matches('/')
        .to_string()
}

fn check_image(
    page: &Page,
    field: &str,
    img: &crate::fields::Located<String>,
    assets: &std::collections::HashSet<String>,
    diags: &mut Diagnostics,
) {
    let v = img.value.trim();
    if v.contains("://") || v.starts_with("data:") {
        diags.push(
            Diagnostic::warning(
                &page.file,
                Some(img.at),
                format!(
                    "`{field}` loads an image from another site: it will not show on an intranet"
                ),
            )
            .with_hint("save the image next to the Markdown file and name it by its file name"),
        );
        return;
    }
    match page.resolve(v) {
        Some(p) if assets.contains(&p) => {}
        _ => {
            let hint = match did_you_mean(
                v,
                assets.iter().filter_map(|a| {
                    a.strip_prefix(&format!("{}/", page.dir))
                        .or(if page.dir.is_empty() {
                            Some(a.as_str())
                        } else {
                            None
                        })
                }),
            ) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!(
                    "image paths are relative to the Markdown file's folder (content/{})",
                    page.dir
                ),
            };
            diags.push(
                Diagnostic::error(
                    &page.file,
                    Some(img.at),
                    format!("`{field}` image `{v}` does not exist"),
                )
                .with_hint(hint),
            );
        }
    }
}

fn section_entry<'a>(sections: &'a mut BTreeMap<String, Section>, path: &str) -> &'a mut Section {
    sections.entry(path.to_string()).or_insert_with(|| Section {
        path: path.to_string(),
        url: if path.is_empty() {
            String::new()
        } else {
            format!("{path}/")
        },
        meta: SectionMeta::default(),
        body: String::new(),
        file: None,
        pages: Vec::new(),
    })
}

/// Orders page indices: by date newest first, by weight, or by title in pinyin order; ties by
/// title then file, so every build orders the same way.
pub fn sort_pages(list: &mut [usize], pages: &[Page], by: SortBy) {
    match by {
        SortBy::Date => list.sort_by(|&a, &b| {
            let (pa, pb) = (&pages[a], &pages[b]);
            pb.meta
                .date
                .cmp(&pa.meta.date)
                .then_with(|| pa.meta.weight.cmp(&pb.meta.weight))
                .then_with(|| pa.rel.cmp(&pb.rel))
        }),
        SortBy::Weight => list.sort_by(|&a, &b| {
            let (pa, pb) = (&pages[a], &pages[b]);
            pa.meta
                .weight
                .unwrap_or(i64::MAX)
                .cmp(&pb.meta.weight.unwrap_or(i64::MAX))
                .then_with(|| pb.meta.date.cmp(&pa.meta.date))
                .then_with(|| pa.rel.cmp(&pb.rel))
        }),
        SortBy::Title => {
            let keys: HashMap<usize, String> = list
                .iter()
                .map(|&i| (i, pinyin_key(&pages[i].meta.title)))
                .collect();
            list.sort_by(|&a, &b| {
                keys[&a]
                    .cmp(&keys[&b])
                    .then_with(|| pages[a].rel.cmp(&pages[b].rel))
            });
        }
    }
}

/// A sort key that orders Chinese text by pinyin (toneless, then tone), other text as is.
pub fn pinyin_key(text: &str) -> String {
    use pinyin::ToPinyin;
    let mut key = String::with_capacity(text.len() * 3);
    for c in text.chars() {
        match c.to_pinyin() {
            Some(p) => {
                key.push_str(p.plain());
                key.push_str(
                    p.with_tone_num_end()
                        .trim_start_matches(|ch: char| ch.is_ascii_alphabetic()),
                );
            }
            None => key.extend(c.to_lowercase()),
        }
        key.push(' ');
    }
    key
}

enum Parsed {
    Page(Box<Page>),
    Index(String, SectionMeta, String, Utf8PathBuf),
}

fn parse_file(
    root: &Utf8Path,
    found: &Found,
    config: &Config,
) -> (Option<Parsed>, Vec<Diagnostic>) {
    let file = match found {
        Found::Page { file, .. } | Found::Index { file, .. } => file,
    };
    let text = match std::fs::read(root.join(file)) {
        Ok(bytes) => match source::decode(file, &bytes) {
            Ok(t) => t,
            Err(d) => return (None, vec![d]),
        },
        Err(e) => {
            return (
                None,
                vec![Diagnostic::error(file, None, format!("cannot read: {e}"))],
            );
        }
    };
    match found {
        Found::Index { dir, .. } => {
            // An `_index.md` may omit front matter entirely.
            let (meta, body, ds) = match frontmatter::split(&text) {
                Ok(s) => {
                    let (m, ds) = frontmatter::read_section(file, s.yaml);
                    (m, s.body.to_string(), ds)
                }
                Err(_) if !text.trim_start().starts_with("---") => {
                    (SectionMeta::default(), text.clone(), Vec::new())
                }
                Err((at, msg, hint)) => (
                    SectionMeta::default(),
                    String::new(),
                    vec![Diagnostic::error(file, Some(at), msg).with_hint(hint)],
                ),
            };
            (
                Some(Parsed::Index(dir.clone(), meta, body, file.clone())),
                ds,
            )
        }
        Found::Page { rel, bundle, .. } => {
            let split = match frontmatter::split(&text) {
                Ok(s) => s,
                Err((at, msg, hint)) => {
                    return (
                        None,
                        vec![Diagnostic::error(file, Some(at), msg).with_hint(hint)],
                    );
                }
            };
            let (dir, stem) = rel
                .rsplit_once('/')
                .map_or(("", rel.as_str()), |(d, f)| (d, f));
            let (section, default_slug, page_dir) = if *bundle {
                let (parent, folder) = dir.rsplit_once('/').unwrap_or(("", dir));
                (parent.to_string(), folder.to_string(), dir.to_string())
            } else {
                let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
                (dir.to_string(), stem.to_string(), dir.to_string())
            };
            let top = rel
                .split('/')
                .next()
                .filter(|_| rel.contains('/'))
                .unwrap_or("");
            let (result, mut ds) =
                frontmatter::read(file, split.yaml, Kind::from_folder(top), config);
            let Some((kind, meta)) = result else {
                return (None, ds);
            };
            let slug = match &meta.slug {
                Some(s) => s.value.clone(),
                None => urls::slugify(&default_slug),
            };
            if slug.is_empty() || default_slug.is_empty() && meta.slug.is_none() {
                ds.push(
                    Diagnostic::error(
                        file,
                        Some(Span::new(1, 1)),
                        "cannot make a URL from this file name",
                    )
                    .with_hint("rename the file or add `slug: 英文或拼音`"),
                );
                return (None, ds);
            }
            let url = if section.is_empty() {
                format!("{slug}/")
            } else {
                format!("{section}/{slug}/")
            };
            let page = Page {
                file: file.clone(),
                rel: rel.clone(),
                dir: page_dir,
                kind,
                meta,
                body: split.body.to_string(),
                body_line: split.body_line,
                section,
                slug,
                url,
                bundle: *bundle,
            };
            (Some(Parsed::Page(Box::new(page))), ds)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_orders_chinese_titles() {
        let mut v = vec![pinyin_key("中国"), pinyin_key("安徽"), pinyin_key("北京")];
        v.sort();
        assert_eq!(
            v,
            vec![pinyin_key("安徽"), pinyin_key("北京"), pinyin_key("中国")]
        );
    }

    #[test]
    fn editor_temp_files_are_ignored() {
        assert!(is_ignored(".a.md.swp"));
        assert!(is_ignored("a.md~"));
        assert!(is_ignored("~$文档.md"));
        assert!(!is_ignored("a.md"));
    }
}
