//! Front matter: splitting it from the body and reading it, per kind, into [`FrontMatter`].
//! The only place that knows which fields each kind accepts.

mod read;
mod section;

use serde::Serialize;

use crate::config::PrintConfig;
use crate::diagnostics::Span;
use crate::fields::{Date, Located};

use super::Kind;
pub use read::read;
pub use section::{SectionMeta, SortBy, read_section};

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
    /// The brand's short mark (one or two characters), shown when it has no logo.
    pub short: Option<String>,
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
    /// Tier, one of site.yaml's `unit_tiers` (标杆院系, 样板支部, …).
    pub tier: Option<String>,
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
    "name", "slogan", "short", "logo", "category", "status", "year", "standard",
];
const REPORT: &[&str] = &["period", "gallery"];
const UNIT: &[&str] = &["name", "type", "parent", "secretary", "members", "tier"];
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
}
