//! Reading a page's front matter. [`read`] settles the kind, hands every field to the reader of
//! the common fields or to the reader of the kind's own fields, then checks what is required.

use camino::Utf8Path;

use crate::config::{Config, read_print};
use crate::diagnostics::{Diagnostic, Severity, Span, suggest};
use crate::fields::Reader;
use crate::yaml::{self, Key, Node, Value};

use super::{
    BrandMeta, CollectionMeta, Figure, FrontMatter, GalleryItem, PartMeta, ReportMeta, STATUSES,
    Status, UnitMeta, allowed_keys,
};
use crate::content::Kind;

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
    let kind = read_kind(&mut r, &node, folder_kind);
    let mut fm = FrontMatter::default();
    let mut own = Own::new(kind, config);
    let what = format!("the front matter of a {}", kind.name());
    for (key, v) in r.map(&node, &what, &allowed_keys(kind)) {
        if !read_common(&mut r, &mut fm, &key.name, v, config) {
            own.read(&mut r, key, v, config);
        }
    }
    require_common(&mut r, &node, kind);
    own.finish(&mut r, &node, &mut fm);
    let ok = !r.diags.iter().any(|d| d.severity == Severity::Error);
    (ok.then_some((kind, fm)), r.diags)
}

/// The `kind:` field if it names a kind, else the folder's kind.
fn read_kind(r: &mut Reader, node: &Node, folder_kind: Kind) -> Kind {
    if let Value::Map(entries) = &node.value
        && let Some((_, v)) = entries.iter().find(|(k, _)| k.name == "kind")
        && let Some(k) = r.string(v, "kind")
    {
        match Kind::parse(&k) {
            Some(k) => return k,
            None => r.error(
                v.at,
                format!("unknown kind `{k}`"),
                Some(suggest(&k, Kind::NAMES)),
            ),
        }
    }
    folder_kind
}

/// Reads one of the fields every kind accepts; `false` if `name` is not one of them.
fn read_common(
    r: &mut Reader,
    fm: &mut FrontMatter,
    name: &str,
    v: &Node,
    config: &Config,
) -> bool {
    match name {
        "title" => read_title(r, fm, v),
        "date" => fm.date = r.date(v, name),
        "updated" => fm.updated = r.date(v, name),
        "slug" => read_slug(r, fm, v),
        "summary" => fm.summary = r.string(v, name),
        "unit" => fm.unit = r.string(v, name),
        "branch" => fm.branch = r.string(v, name),
        "region" => fm.region = r.string(v, name),
        "author" => fm.author = texts(r, v, name),
        "editors" => fm.editors = texts(r, v, name),
        "source" => fm.source = r.string(v, name),
        "source_url" => fm.source_url = r.link_url(v, name),
        "columns" => read_columns(r, fm, v, config),
        "tags" => {
            fm.tags = r
                .strings(v, name, true)
                .into_iter()
                .map(|l| l.value.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect()
        }
        "cover" => fm.cover = r.located_string(v, name),
        "figures" => fm.figures = read_figures(r, v),
        "weight" => fm.weight = r.int(v, name),
        "draft" => fm.draft = r.bool(v, name).unwrap_or(false),
        "kind" => {}
        _ => return false,
    }
    true
}

/// A list of texts (`author`, `editors`, `board`); one text is a list of one.
fn texts(r: &mut Reader, v: &Node, name: &str) -> Vec<String> {
    r.strings(v, name, true)
        .into_iter()
        .map(|l| l.value)
        .collect()
}

fn read_title(r: &mut Reader, fm: &mut FrontMatter, v: &Node) {
    let empty = match r.string(v, "title") {
        Some(t) => {
            let empty = t.trim().is_empty();
            fm.title = t;
            empty
        }
        None => v.value == Value::Null,
    };
    if empty {
        r.error(
            v.at,
            "`title` is empty",
            Some("write the title after `title: `".into()),
        );
    }
}

fn read_slug(r: &mut Reader, fm: &mut FrontMatter, v: &Node) {
    fm.slug = r.located_string(v, "slug");
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

/// `columns:` must name columns declared in site.yaml.
fn read_columns(r: &mut Reader, fm: &mut FrontMatter, v: &Node, config: &Config) {
    fm.columns = r.strings(v, "columns", true);
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
                    r.path,
                    Some(c.at),
                    format!("column `{}` is not declared in site.yaml", c.value),
                )
                .with_hint(hint),
            );
        }
    }
}

/// Every kind needs a `title`; cases, reports and articles also a `date`.
fn require_common(r: &mut Reader, node: &Node, kind: Kind) {
    let at_top = Span::new(1, 1);
    if !has_key(node, "title") {
        r.diags.push(
            Diagnostic::error(r.path, Some(at_top), "the front matter has no `title`")
                .with_hint("add a line `title: 标题`"),
        );
    }
    if matches!(kind, Kind::Case | Kind::Report | Kind::Article) && !has_key(node, "date") {
        r.diags.push(
            Diagnostic::error(
                r.path,
                Some(at_top),
                format!("a {} needs a `date`", kind.name()),
            )
            .with_hint("add a line `date: 2024-05-20`"),
        );
    }
}

fn has_key(node: &Node, name: &str) -> bool {
    matches!(&node.value, Value::Map(e) if e.iter().any(|(k, _)| k.name == name))
}

/// The fields of the kind's own, collected while the front matter is read.
enum Own {
    /// Cases and articles have none.
    None,
    Brand {
        meta: BrandMeta,
        status_given: bool,
    },
    Report(ReportMeta),
    Unit(UnitMeta),
    Collection {
        meta: CollectionMeta,
        /// Where `parts` or `entries` was given, to refuse the other one.
        parts_key: Option<Span>,
    },
}

impl Own {
    fn new(kind: Kind, config: &Config) -> Own {
        match kind {
            Kind::Case | Kind::Article => Own::None,
            Kind::Brand => Own::Brand {
                meta: BrandMeta::default(),
                status_given: false,
            },
            Kind::Report => Own::Report(ReportMeta::default()),
            Kind::Unit => Own::Unit(UnitMeta::default()),
            Kind::Collection => Own::Collection {
                meta: CollectionMeta {
                    subtitle: None,
                    compiler: None,
                    parts: Vec::new(),
                    board: Vec::new(),
                    print: config.print.clone(),
                },
                parts_key: None,
            },
        }
    }

    /// Reads one field of the kind's own (the keys were checked against the kind already).
    fn read(&mut self, r: &mut Reader, key: &Key, v: &Node, config: &Config) {
        match self {
            Own::None => unreachable!("filtered by map()"),
            Own::Brand { meta, status_given } => read_brand(r, meta, status_given, key, v, config),
            Own::Report(meta) => read_report(r, meta, key, v),
            Own::Unit(meta) => read_unit(r, meta, key, v, config),
            Own::Collection { meta, parts_key } => {
                read_collection(r, meta, parts_key, key, v, config)
            }
        }
    }

    /// Checks what the kind requires and stores its fields in `fm`.
    fn finish(self, r: &mut Reader, node: &Node, fm: &mut FrontMatter) {
        let at_top = Span::new(1, 1);
        match self {
            Own::None => {}
            Own::Brand { meta, status_given } => {
                if !status_given {
                    r.diags.push(
                        Diagnostic::error(r.path, Some(at_top), "a brand needs a `status`")
                            .with_hint(format!(
                                "add `status:` with one of {}",
                                STATUSES.join(", ")
                            )),
                    );
                }
                if !has_key(node, "unit") {
                    r.diags.push(
                        Diagnostic::error(r.path, Some(at_top), "a brand needs a `unit`")
                            .with_hint("add a line `unit: 单位名称`"),
                    );
                }
                fm.brand = Some(meta);
            }
            Own::Report(meta) => fm.report = Some(meta),
            Own::Unit(meta) => fm.unit_profile = Some(meta),
            Own::Collection { meta, .. } => {
                if meta.parts.iter().all(|p| p.entries.is_empty()) {
                    r.diags.push(Diagnostic::warning(r.path, Some(at_top), "this collection has no entries").with_hint("list pages under `parts:` or `entries:`, e.g. `entries: [cases/example.md]`"));
                }
                fm.collection = Some(meta);
            }
        }
    }
}

fn read_brand(
    r: &mut Reader,
    brand: &mut BrandMeta,
    status_given: &mut bool,
    key: &Key,
    v: &Node,
    config: &Config,
) {
    let name = key.name.as_str();
    match name {
        "name" => brand.name = r.string(v, name),
        "slogan" => brand.slogan = r.string(v, name),
        "short" => brand.short = r.string(v, name),
        "logo" => brand.logo = r.located_string(v, name),
        "category" => brand.category = r.string(v, name),
        "status" => {
            *status_given = true;
            brand.status = read_status(r, v);
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
        _ => unreachable!("filtered by map()"),
    }
}

/// A brand's `status:`; a value that contains a status (`十佳品牌`) is offered that status.
fn read_status(r: &mut Reader, v: &Node) -> Option<Status> {
    let s = r.string(v, "status")?;
    let status = Status::parse(&s);
    if status.is_none() {
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
    status
}

fn read_report(r: &mut Reader, report: &mut ReportMeta, key: &Key, v: &Node) {
    match key.name.as_str() {
        "period" => report.period = r.string(v, "period"),
        "gallery" => report.gallery = read_gallery(r, v),
        _ => unreachable!("filtered by map()"),
    }
}

fn read_unit(r: &mut Reader, unit: &mut UnitMeta, key: &Key, v: &Node, config: &Config) {
    let name = key.name.as_str();
    match name {
        "tier" => unit.tier = read_tier(r, v, config),
        "name" => unit.name = r.string(v, name),
        "type" => unit.org_type = r.string(v, name),
        "parent" => unit.parent = r.string(v, name),
        "secretary" => unit.secretary = r.string(v, name),
        "members" => unit.members = r.int(v, name),
        _ => unreachable!("filtered by map()"),
    }
}

/// `tier:` of a unit: one of site.yaml's `unit_tiers`.
fn read_tier(r: &mut Reader, v: &Node, config: &Config) -> Option<String> {
    let t = r.string(v, "tier")?;
    let t = t.trim().to_string();
    if config.unit_tiers.contains(&t) {
        return Some(t);
    }
    let tiers: Vec<&str> = config.unit_tiers.iter().map(String::as_str).collect();
    r.error(
        v.at,
        format!("unknown unit tier `{t}`"),
        Some(format!(
            "{} (tiers are declared under `unit_tiers` in site.yaml)",
            suggest(&t, &tiers)
        )),
    );
    None
}

fn read_collection(
    r: &mut Reader,
    collection: &mut CollectionMeta,
    parts_key: &mut Option<Span>,
    key: &Key,
    v: &Node,
    config: &Config,
) {
    let name = key.name.as_str();
    match name {
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
                return;
            }
            *parts_key = Some(key.at);
            collection.parts = if name == "parts" {
                read_parts(r, v)
            } else {
                vec![PartMeta {
                    title: String::new(),
                    entries: r.strings(v, "entries", false),
                }]
            };
        }
        "board" => collection.board = texts(r, v, name),
        "print" => collection.print = read_print(r, v, config.print.clone()),
        _ => unreachable!("filtered by map()"),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::frontmatter::Status;

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
