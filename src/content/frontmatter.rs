//! Front matter: splitting it from the body and reading it, per kind, into [`FrontMatter`].
//! The only place that knows which fields each kind accepts.

use camino::Utf8Path;
use serde::Serialize;

use crate::config::{Config, PrintConfig, read_print};
use crate::diagnostics::{Diagnostic, Span, suggest};
use crate::fields::{Date, Located, Reader};
use crate::yaml::{self, Node, Value};

use super::Kind;

/// A file cut into its front matter and body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML text between the `---` lines.
    pub yaml: &'a str,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// The file line on which the body starts (1-based).
    pub body_line: u32,
}

/// Cuts `text` (already decoded, `\n` line ends) into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, (Span, &'static str, &'static str)> {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---").filter(|r| r.trim().is_empty()))
    else {
        let trimmed = text.trim_start();
        if trimmed.starts_with("---") {
            return Err((
                Span::new(1, 1),
                "front matter must start on the very first line with `---`",
                "remove the blank lines or spaces before the first `---`",
            ));
        }
        return Err((
            Span::new(1, 1),
            "the file has no front matter",
            "start the file with `---`, a line `title: 标题`, and `---`",
        ));
    };
    let mut offset = 0;
    for (line, l) in (2u32..).zip(rest.split_inclusive('\n')) {
        let content = l.trim_end_matches('\n').trim_end();
        if content == "---" || content == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + l.len()..];
            return Ok(Split {
                yaml,
                body,
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err((
        Span::new(1, 1),
        "the front matter is never closed",
        "add a line `---` after the last front-matter field",
    ))
}

/// Brand status (评定等级), in display order: 十佳 first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Status {
    /// 十佳.
    #[serde(rename = "十佳")]
    Top,
    /// 优秀.
    #[serde(rename = "优秀")]
    Excellent,
    /// 备案.
    #[serde(rename = "备案")]
    Filed,
    /// 培育.
    #[serde(rename = "培育")]
    Nurtured,
}

/// The four statuses as written.
pub const STATUSES: &[&str] = &["培育", "备案", "优秀", "十佳"];

impl Status {
    fn parse(s: &str) -> Option<Status> {
        match s.trim() {
            "十佳" => Some(Status::Top),
            "优秀" => Some(Status::Excellent),
            "备案" => Some(Status::Filed),
            "培育" => Some(Status::Nurtured),
            _ => None,
        }
    }

    /// As written in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Top => "十佳",
            Status::Excellent => "优秀",
            Status::Filed => "备案",
            Status::Nurtured => "培育",
        }
    }
}

/// A key number shown as a card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// What is counted.
    pub label: String,
    /// The number or text (`13`, `1万多`, `99.09%`).
    pub value: String,
    /// Unit, e.g. 名.
    pub unit: Option<String>,
}

/// One picture of a report's gallery.
#[derive(Debug, Clone, PartialEq)]
pub struct GalleryItem {
    /// Image path relative to the Markdown file.
    pub src: Located<String>,
    /// Caption.
    pub caption: Option<String>,
}

/// Brand fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BrandMeta {
    /// Brand name (default: title).
    pub name: Option<String>,
    /// Slogan / meaning.
    pub slogan: Option<String>,
    /// Logo image.
    pub logo: Option<Located<String>>,
    /// Matrix group.
    pub category: Option<String>,
    /// Status.
    pub status: Option<Status>,
    /// Year.
    pub year: Option<i64>,
    /// `brand_criteria` key → text, in the order written.
    pub standard: Vec<(String, String)>,
}

/// Report fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportMeta {
    /// Period, e.g. 2023年度.
    pub period: Option<String>,
    /// Pictures.
    pub gallery: Vec<GalleryItem>,
}

/// Unit profile fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitMeta {
    /// Name (default: title).
    pub name: Option<String>,
    /// 党委/党总支/党支部.
    pub org_type: Option<String>,
    /// Parent unit's name.
    pub parent: Option<String>,
    /// Secretary.
    pub secretary: Option<String>,
    /// Number of members.
    pub members: Option<i64>,
}

/// A part of a collection as written.
#[derive(Debug, Clone, PartialEq)]
pub struct PartMeta {
    /// Part title (empty for a flat `entries:` list).
    pub title: String,
    /// Entry paths relative to `content/`.
    pub entries: Vec<Located<String>>,
}

/// Collection fields.
#[derive(Debug, Clone, PartialEq)]
pub struct CollectionMeta {
    /// Subtitle.
    pub subtitle: Option<String>,
    /// 编者.
    pub compiler: Option<String>,
    /// Parts in book order.
    pub parts: Vec<PartMeta>,
    /// 编委会: lines of the editorial-board page (`主任：张某某`), printed in order.
    pub board: Vec<String>,
    /// Print settings (site defaults with this collection's overrides).
    pub print: PrintConfig,
}

/// Everything a content file's front matter says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    /// 标题.
    pub title: String,
    /// 发布时间.
    pub date: Option<Date>,
    /// 更新时间.
    pub updated: Option<Date>,
    /// Explicit slug.
    pub slug: Option<Located<String>>,
    /// Explicit summary.
    pub summary: Option<String>,
    /// 单位.
    pub unit: Option<String>,
    /// 党支部.
    pub branch: Option<String>,
    /// 地区.
    pub region: Option<String>,
    /// 作者 / 供稿.
    pub author: Vec<String>,
    /// 责任编辑.
    pub editors: Vec<String>,
    /// 来源.
    pub source: Option<String>,
    /// Source URL.
    pub source_url: Option<String>,
    /// Column slugs.
    pub columns: Vec<Located<String>>,
    /// 标签.
    pub tags: Vec<String>,
    /// Cover image.
    pub cover: Option<Located<String>>,
    /// Figure cards.
    pub figures: Vec<Figure>,
    /// Ordering weight.
    pub weight: Option<i64>,
    /// Draft.
    pub draft: bool,
    /// Brand fields, for brands.
    pub brand: Option<BrandMeta>,
    /// Report fields, for reports.
    pub report: Option<ReportMeta>,
    /// Unit fields, for units.
    pub unit_profile: Option<UnitMeta>,
    /// Collection fields, for collections.
    pub collection: Option<CollectionMeta>,
}

const COMMON: &[&str] = &[
    "title",
    "date",
    "updated",
    "slug",
    "summary",
    "unit",
    "branch",
    "region",
    "author",
    "editors",
    "source",
    "source_url",
    "columns",
    "tags",
    "cover",
    "figures",
    "weight",
    "draft",
    "kind",
];
const BRAND: &[&str] = &[
    "name", "slogan", "logo", "category", "status", "year", "standard",
];
const REPORT: &[&str] = &["period", "gallery"];
const UNIT: &[&str] = &["name", "type", "parent", "secretary", "members"];
const COLLECTION: &[&str] = &["subtitle", "compiler", "parts", "entries", "board", "print"];

/// The fields `kind` accepts.
pub fn allowed_keys(kind: Kind) -> Vec<&'static str> {
    let extra: &[&str] = match kind {
        Kind::Brand => BRAND,
        Kind::Report => REPORT,
        Kind::Unit => UNIT,
        Kind::Collection => COLLECTION,
        Kind::Case | Kind::Article => &[],
    };
    COMMON.iter().chain(extra).copied().collect()
}

/// The front matter of a file, or its problems. `folder_kind` is the kind implied by the
/// top-level folder; a `kind:` field overrides it. Returns the kind used.
pub fn read(
    path: &Utf8Path,
    yaml_text: &str,
    folder_kind: Kind,
    config: &Config,
) -> (Option<(Kind, FrontMatter)>, Vec<Diagnostic>) {
    let node = match yaml::parse(yaml_text) {
        Ok(n) => n,
        Err(e) => {
            let d = Diagnostic::error(path, Some(e.at.shifted(1)), format!("invalid YAML in front matter: {}", e.message))
                .with_hint("check the indentation, and quote values that contain `: `, `#` or start with `[`, `{`, `*`, `&`");
            return (None, vec![d]);
        }
    };
    let mut r = Reader::new(path, 1);
    if !matches!(node.value, Value::Map(_) | Value::Null) {
        r.error(
            node.at,
            "front matter must be `key: value` lines",
            Some("e.g. `title: 标题`".into()),
        );
        return (None, r.diags);
    }
    // The kind decides which keys are allowed, so read it first.
    let mut kind = folder_kind;
    if let Value::Map(entries) = &node.value
        && let Some((_, v)) = entries.iter().find(|(k, _)| k.name == "kind")
        && let Some(k) = r.string(v, "kind")
    {
        match Kind::parse(&k) {
            Some(k) => kind = k,
            None => r.error(
                v.at,
                format!("unknown kind `{k}`"),
                Some(suggest(&k, Kind::NAMES)),
            ),
        }
    }
    let allowed = allowed_keys(kind);
    let mut fm = FrontMatter::default();
    let mut has_title = false;
    let mut brand = BrandMeta::default();
    let mut report = ReportMeta::default();
    let mut unit = UnitMeta::default();
    let mut collection = CollectionMeta {
        subtitle: None,
        compiler: None,
        parts: Vec::new(),
        board: Vec::new(),
        print: config.print.clone(),
    };
    let mut status_given = false;
    let mut parts_key: Option<Span> = None;
    for (key, v) in r.map(
        &node,
        &format!("the front matter of a {}", kind.name()),
        &allowed,
    ) {
        let name = key.name.as_str();
        match name {
            "title" => {
                if let Some(t) = r.string(v, name) {
                    has_title = !t.trim().is_empty();
                    if !has_title {
                        r.error(
                            v.at,
                            "`title` is empty",
                            Some("write the title after `title: `".into()),
                        );
                    }
                    fm.title = t;
                } else if v.value == Value::Null {
                    r.error(
                        v.at,
                        "`title` is empty",
                        Some("write the title after `title: `".into()),
                    );
                }
            }
            "date" => fm.date = r.date(v, name),
            "updated" => fm.updated = r.date(v, name),
            "slug" => {
                fm.slug = r.located_string(v, name);
                if let Some(s) = &fm.slug
                    && !crate::urls::is_valid_slug(&s.value)
                {
                    r.error(
                        v.at,
                        format!("`slug` `{}` cannot be used as a URL segment", s.value),
                        Some(format!("try `{}`", crate::urls::slugify(&s.value))),
                    );
                }
            }
            "summary" => fm.summary = r.string(v, name),
            "unit" => fm.unit = r.string(v, name),
            "branch" => fm.branch = r.string(v, name),
            "region" => fm.region = r.string(v, name),
            "author" => {
                fm.author = r
                    .strings(v, name, true)
                    .into_iter()
                    .map(|l| l.value)
                    .collect()
            }
            "editors" => {
                fm.editors = r
                    .strings(v, name, true)
                    .into_iter()
                    .map(|l| l.value)
                    .collect()
            }
            "source" => fm.source = r.string(v, name),
            "source_url" => fm.source_url = r.string(v, name),
            "columns" => {
                fm.columns = r.strings(v, name, true);
                let slugs: Vec<&str> = config.columns.iter().map(|c| c.slug.as_str()).collect();
                for c in &fm.columns {
                    if !slugs.contains(&c.value.as_str()) {
                        let hint = if slugs.is_empty() {
                            "declare it under `columns:` in site.yaml".to_string()
                        } else {
                            format!(
                                "{} (or declare it under `columns:` in site.yaml)",
                                suggest(&c.value, &slugs)
                            )
                        };
                        r.diags.push(
                            Diagnostic::error(
                                path,
                                Some(c.at),
                                format!("column `{}` is not declared in site.yaml", c.value),
                            )
                            .with_hint(hint),
                        );
                    }
                }
            }
            "tags" => {
                fm.tags = r
                    .strings(v, name, true)
                    .into_iter()
                    .map(|l| l.value.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect()
            }
            "cover" => fm.cover = r.located_string(v, name),
            "figures" => fm.figures = read_figures(&mut r, v),
            "weight" => fm.weight = r.int(v, name),
            "draft" => fm.draft = r.bool(v, name).unwrap_or(false),
            "kind" => {}
            "name" if kind == Kind::Brand => brand.name = r.string(v, name),
            "name" => unit.name = r.string(v, name),
            "slogan" => brand.slogan = r.string(v, name),
            "logo" => brand.logo = r.located_string(v, name),
            "category" => brand.category = r.string(v, name),
            "status" => {
                status_given = true;
                if let Some(s) = r.string(v, name) {
                    match Status::parse(&s) {
                        Some(st) => brand.status = Some(st),
                        None => {
                            let near = STATUSES
                                .iter()
                                .find(|x| s.contains(**x))
                                .map(|x| format!("did you mean `{x}`?"));
                            r.error(
                                v.at,
                                format!("unknown brand status `{s}`"),
                                Some(near.unwrap_or_else(|| suggest(&s, STATUSES))),
                            );
                        }
                    }
                }
            }
            "year" => brand.year = r.int(v, name),
            "standard" => {
                let keys: Vec<&str> = config
                    .brand_criteria
                    .iter()
                    .map(|c| c.key.as_str())
                    .collect();
                for (k, sv) in r.map(v, "`standard`", &keys) {
                    if let Some(text) = r.string(sv, &k.name) {
                        brand.standard.push((k.name.clone(), text));
                    }
                }
            }
            "period" => report.period = r.string(v, name),
            "gallery" => report.gallery = read_gallery(&mut r, v),
            "type" => unit.org_type = r.string(v, name),
            "parent" => unit.parent = r.string(v, name),
            "secretary" => unit.secretary = r.string(v, name),
            "members" => unit.members = r.int(v, name),
            "subtitle" => collection.subtitle = r.string(v, name),
            "compiler" => collection.compiler = r.string(v, name),
            "parts" | "entries" => {
                if let Some(first) = parts_key {
                    r.error(
                        key.at,
                        "give either `parts` or `entries`, not both",
                        Some(format!(
                            "the other one is on line {}",
                            first.shifted(1).line
                        )),
                    );
                    continue;
                }
                parts_key = Some(key.at);
                collection.parts = if name == "parts" {
                    read_parts(&mut r, v)
                } else {
                    vec![PartMeta {
                        title: String::new(),
                        entries: r.strings(v, "entries", false),
                    }]
                };
            }
            "board" => {
                collection.board = r
                    .strings(v, name, true)
                    .into_iter()
                    .map(|l| l.value)
                    .collect()
            }
            "print" => collection.print = read_print(&mut r, v, config.print.clone()),
            _ => unreachable!("filtered by map()"),
        }
    }
    let at_top = Span::new(1, 1);
    if !has_title && !has_key(&node, "title") {
        r.diags.push(
            Diagnostic::error(path, Some(at_top), "the front matter has no `title`")
                .with_hint("add a line `title: 标题`"),
        );
    }
    if matches!(kind, Kind::Case | Kind::Report | Kind::Article)
        && fm.date.is_none()
        && !has_key(&node, "date")
    {
        r.diags.push(
            Diagnostic::error(
                path,
                Some(at_top),
                format!("a {} needs a `date`", kind.name()),
            )
            .with_hint("add a line `date: 2024-05-20`"),
        );
    }
    match kind {
        Kind::Brand => {
            if !status_given {
                r.diags.push(
                    Diagnostic::error(path, Some(at_top), "a brand needs a `status`")
                        .with_hint(format!("add `status:` with one of {}", STATUSES.join(", "))),
                );
            }
            if fm.unit.is_none() && !has_key(&node, "unit") {
                r.diags.push(
                    Diagnostic::error(path, Some(at_top), "a brand needs a `unit`")
                        .with_hint("add a line `unit: 单位名称`"),
                );
            }
            fm.brand = Some(brand);
        }
        Kind::Report => fm.report = Some(report),
        Kind::Unit => fm.unit_profile = Some(unit),
        Kind::Collection => {
            if collection.parts.iter().all(|p| p.entries.is_empty()) {
                r.diags.push(Diagnostic::warning(path, Some(at_top), "this collection has no entries").with_hint("list pages under `parts:` or `entries:`, e.g. `entries: [cases/example.md]`"));
            }
            fm.collection = Some(collection);
        }
        Kind::Case | Kind::Article => {}
    }
    let ok = !r
        .diags
        .iter()
        .any(|d| d.severity == crate::diagnostics::Severity::Error);
    (ok.then_some((kind, fm)), r.diags)
}

fn has_key(node: &Node, name: &str) -> bool {
    matches!(&node.value, Value::Map(e) if e.iter().any(|(k, _)| k.name == name))
}

fn read_figures(r: &mut Reader, v: &Node) -> Vec<Figure> {
    let Value::Seq(items) = &v.value else {
        if v.value != Value::Null {
            r.error(
                v.at,
                "`figures` must be a list",
                Some("e.g. `figures: [{label: 党员, value: 13, unit: 名}]`".into()),
            );
        }
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let (mut label, mut value, mut unit) = (None, None, None);
        for (k, fv) in r.map(item, "a figure", &["label", "value", "unit"]) {
            match k.name.as_str() {
                "label" => label = r.string(fv, "label"),
                "value" => value = r.string(fv, "value"),
                _ => unit = r.string(fv, "unit"),
            }
        }
        match (label, value) {
            (Some(label), Some(value)) => out.push(Figure { label, value, unit }),
            _ => r.error(
                item.at,
                "a figure needs `label` and `value`",
                Some("e.g. `- {label: 党员, value: 13, unit: 名}`".into()),
            ),
        }
    }
    out
}

fn read_gallery(r: &mut Reader, v: &Node) -> Vec<GalleryItem> {
    let Value::Seq(items) = &v.value else {
        if v.value != Value::Null {
            r.error(
                v.at,
                "`gallery` must be a list",
                Some("e.g. `gallery: [{src: images/a.jpg, caption: 说明}]`".into()),
            );
        }
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let (mut src, mut caption) = (None, None);
        for (k, fv) in r.map(item, "a gallery picture", &["src", "caption"]) {
            if k.name == "src" {
                src = r.located_string(fv, "src");
            } else {
                caption = r.string(fv, "caption");
            }
        }
        match src {
            Some(src) => out.push(GalleryItem { src, caption }),
            None => r.error(
                item.at,
                "a gallery picture needs `src`",
                Some("e.g. `- {src: images/a.jpg, caption: 说明}`".into()),
            ),
        }
    }
    out
}

fn read_parts(r: &mut Reader, v: &Node) -> Vec<PartMeta> {
    let Value::Seq(items) = &v.value else {
        r.error(
            v.at,
            "`parts` must be a list",
            Some("e.g. `parts: [{title: 第一部分, entries: [cases/a.md]}]`".into()),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let (mut title, mut entries) = (None, Vec::new());
        for (k, fv) in r.map(item, "a part", &["title", "entries"]) {
            if k.name == "title" {
                title = r.string(fv, "title");
            } else {
                entries = r.strings(fv, "entries", false);
            }
        }
        match title {
            Some(title) => out.push(PartMeta { title, entries }),
            None => r.error(
                item.at,
                "a part needs a `title`",
                Some("e.g. `- {title: 第一部分, entries: [cases/a.md]}`".into()),
            ),
        }
    }
    out
}

/// Fields of a section's `_index.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionMeta {
    /// Title.
    pub title: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Ordering.
    pub sort_by: SortBy,
    /// Pages per list page.
    pub paginate: usize,
    /// Order among sections.
    pub weight: Option<i64>,
}

/// How a section's list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    /// Newest first.
    Date,
    /// Lightest first.
    Weight,
    /// Pinyin order.
    Title,
}

impl Default for SectionMeta {
    fn default() -> Self {
        SectionMeta {
            title: None,
            description: None,
            sort_by: SortBy::Date,
            paginate: 20,
            weight: None,
        }
    }
}

/// Reads the front matter of an `_index.md`.
pub fn read_section(path: &Utf8Path, yaml_text: &str) -> (SectionMeta, Vec<Diagnostic>) {
    let mut meta = SectionMeta::default();
    let node = match yaml::parse(yaml_text) {
        Ok(n) => n,
        Err(e) => {
            return (
                meta,
                vec![Diagnostic::error(
                    path,
                    Some(e.at.shifted(1)),
                    format!("invalid YAML in front matter: {}", e.message),
                )],
            );
        }
    };
    let mut r = Reader::new(path, 1);
    for (k, v) in r.map(
        &node,
        "a section's _index.md",
        &["title", "description", "sort_by", "paginate", "weight"],
    ) {
        match k.name.as_str() {
            "title" => meta.title = r.string(v, "title"),
            "description" => meta.description = r.string(v, "description"),
            "sort_by" => match r.string(v, "sort_by").as_deref() {
                Some("date") | None => meta.sort_by = SortBy::Date,
                Some("weight") => meta.sort_by = SortBy::Weight,
                Some("title") => meta.sort_by = SortBy::Title,
                Some(other) => r.error(
                    v.at,
                    format!("unknown `sort_by` `{other}`"),
                    Some(suggest(other, &["date", "weight", "title"])),
                ),
            },
            "paginate" => match r.int(v, "paginate") {
                Some(n) if n >= 1 => meta.paginate = n as usize,
                Some(_) => r.error(v.at, "`paginate` must be at least 1", None),
                None => {}
            },
            _ => meta.weight = r.int(v, "weight"),
        }
    }
    (meta, r.diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_finds_body_line() {
        let s = split("---\ntitle: a\n---\n正文\n").unwrap();
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.body, "正文\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn split_rejects_missing_or_unclosed() {
        assert!(split("正文").is_err());
        assert!(split("---\ntitle: a\n").is_err());
        assert!(split("\n---\ntitle: a\n---\n").is_err());
    }

    #[test]
    fn empty_body_is_fine() {
        let s = split("---\ntitle: a\n---").unwrap();
        assert_eq!(s.body, "");
    }

    fn cfg() -> Config {
        Config::parse(
            Utf8Path::new("site.yaml"),
            "title: T\ncolumns:\n  - {slug: show-brands, title: S}\n",
        )
        .unwrap()
    }

    #[test]
    fn brand_fields_are_read() {
        let (r, d) = read(
            Utf8Path::new("content/brands/a.md"),
            "title: 红色引擎\nstatus: 十佳\nunit: 市局\ncolumns: [show-brands]\nstandard:\n  theme: 主题\n",
            Kind::Brand,
            &cfg(),
        );
        assert!(d.is_empty(), "{d:?}");
        let (kind, fm) = r.unwrap();
        assert_eq!(kind, Kind::Brand);
        let b = fm.brand.unwrap();
        assert_eq!(b.status, Some(Status::Top));
        assert_eq!(b.standard, vec![("theme".to_string(), "主题".to_string())]);
    }

    #[test]
    fn problems_are_located_in_the_file() {
        let (r, d) = read(
            Utf8Path::new("content/brands/a.md"),
            "title: [1, 2]\nstatus: 十佳品牌\nunit: 市局\ncolumns: [show-brand]\nslogn: x\n",
            Kind::Brand,
            &cfg(),
        );
        assert!(r.is_none());
        let locs: Vec<String> = d.iter().map(|d| d.location()).collect();
        assert!(
            locs.contains(&"content/brands/a.md:2:8".to_string()),
            "{locs:?}"
        );
        let status = d.iter().find(|d| d.message.contains("status")).unwrap();
        assert_eq!(status.location(), "content/brands/a.md:3:9");
        assert_eq!(status.hint.as_deref(), Some("did you mean `十佳`?"));
        let col = d.iter().find(|d| d.message.contains("column")).unwrap();
        assert_eq!(col.location(), "content/brands/a.md:5:11");
        let unknown = d.iter().find(|d| d.message.contains("slogn")).unwrap();
        assert_eq!(unknown.hint.as_deref(), Some("did you mean `slogan`?"));
    }
}
