//! Site health as an inspector counts it: columns and sections with no published page
//! (空白栏目) or none within their `update_within` period; a publication date after today, an
//! `updated` before `date`; two pages of one section with the same title; images without alt.

use std::collections::HashMap;

use camino::Utf8PathBuf;
use serde::Serialize;

use super::text::{Scan, Source};
use super::{Finding, Options, at_text, bare};
use crate::content::{Page, Site};
use crate::fields::{Date, Period};

/// Whether a column or section is kept up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Has pages, updated in its period (or has no period).
    Ok,
    /// No published page.
    Empty,
    /// No page within `update_within`.
    Stale,
}

impl Status {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Status::Ok => "正常",
            Status::Empty => "空白",
            Status::Stale => "未按期更新",
        }
    }
}

/// One row of the table of columns and sections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnRow {
    /// `column` or `section`.
    pub kind: &'static str,
    /// Column slug or section path.
    pub name: String,
    /// Display title.
    pub title: String,
    /// Published pages.
    pub pages: usize,
    /// The newest `updated` or `date` of its pages.
    pub last_update: Option<Date>,
    /// Its period, if any.
    pub update_within: Option<Period>,
    /// Status.
    pub status: Status,
    /// Where it is declared.
    #[serde(skip)]
    file: Utf8PathBuf,
    #[serde(skip)]
    at: Option<(u32, String, usize, usize)>,
}

/// The day a page was last touched: `updated`, else `date`.
fn touched(p: &Page) -> Option<Date> {
    p.meta.updated.max(p.meta.date)
}

fn day(d: Date) -> (i16, i8, i8) {
    (d.year, d.month, d.day)
}

fn status(pages: &[&Page], within: Option<Period>, today: Date) -> (Option<Date>, Status) {
    let last = pages.iter().filter_map(|p| touched(p)).max();
    let status = match (pages.is_empty(), within) {
        (true, _) => Status::Empty,
        (false, Some(w)) if last.is_none_or(|l| day(l) < day(w.start(today))) => Status::Stale,
        _ => Status::Ok,
    };
    (last, status)
}

/// The line of `needle` in `text` (first match): (line, its text, byte offset, length).
fn locate(text: &str, first_line: u32, needle: &str) -> Option<(u32, String, usize, usize)> {
    (first_line..).zip(text.lines()).find_map(|(n, l)| {
        l.find(needle)
            .map(|at| (n, l.to_string(), at, needle.len()))
    })
}

/// Every declared column and every section, with its status on `today`.
pub(crate) fn columns(site: &Site, today: Date) -> Vec<ColumnRow> {
    let yaml = std::fs::read_to_string(site.root.join("site.yaml")).unwrap_or_default();
    let mut rows = Vec::new();
    for c in &site.config.columns {
        let pages: Vec<&Page> = site
            .columns
            .get(&c.slug)
            .into_iter()
            .flatten()
            .map(|&i| &site.pages[i])
            .filter(|p| !p.meta.draft)
            .collect();
        let (last_update, status) = status(&pages, c.update_within, today);
        rows.push(ColumnRow {
            kind: "column",
            name: c.slug.clone(),
            title: c.title.clone(),
            pages: pages.len(),
            last_update,
            update_within: c.update_within,
            status,
            file: "site.yaml".into(),
            at: locate(&yaml, 1, &c.slug),
        });
    }
    for (path, s) in site.sections.iter().filter(|(p, _)| !p.is_empty()) {
        let inside = format!("{path}/");
        let pages: Vec<&Page> = site
            .pages
            .iter()
            .filter(|p| !p.meta.draft && (p.section == *path || p.section.starts_with(&inside)))
            .collect();
        let (last_update, status) = status(&pages, s.meta.update_within, today);
        let file = s
            .file
            .clone()
            .unwrap_or_else(|| format!("content/{path}/").into());
        let at = s.file.as_ref().and_then(|f| {
            let text = std::fs::read_to_string(site.root.join(f)).ok()?;
            locate(&text, 1, "update_within").or_else(|| locate(&text, 1, "title"))
        });
        rows.push(ColumnRow {
            kind: "section",
            name: path.clone(),
            title: s.title(),
            pages: pages.len(),
            last_update,
            update_within: s.meta.update_within,
            status,
            file,
            at,
        });
    }
    rows
}

/// The findings of the table: empty and stale columns and sections.
pub(crate) fn column_findings(rows: &[ColumnRow], today: Date) -> Vec<Finding> {
    let mut out = Vec::new();
    for row in rows.iter().filter(|r| r.status != Status::Ok) {
        let what = if row.kind == "column" {
            "栏目"
        } else {
            "分区"
        };
        let (rule, message, fix) = match (row.status, row.kind) {
            (Status::Empty, kind) => (
                if kind == "column" {
                    "empty-column"
                } else {
                    "empty-section"
                },
                format!("{what}“{}”（{}）没有已发布的页面", row.title, row.name),
                format!("发布内容，或撤下这个{what}"),
            ),
            (_, kind) => {
                let within = row.update_within.map(|w| w.to_string()).unwrap_or_default();
                let start = row
                    .update_within
                    .map(|w| w.start(today).ymd())
                    .unwrap_or_default();
                let last = row
                    .last_update
                    .map_or_else(|| "没有日期".into(), |d| d.ymd());
                (
                    if kind == "column" {
                        "stale-column"
                    } else {
                        "stale-section"
                    },
                    format!(
                        "{what}“{}”（{}）最近更新于 {last}，超出 update_within: {within}",
                        row.title, row.name
                    ),
                    format!("在 {start} 之后发布新内容，或调整 update_within"),
                )
            }
        };
        let mut f = match &row.at {
            Some((line, text, at, len)) => at_text(rule, &row.file, *line, text, *at, *len),
            None => bare(rule, &row.file),
        };
        f.message = message;
        f.suggestion = Some(fix);
        out.push(f);
    }
    out
}

/// A date after today; an `updated` before `date`.
pub(crate) fn dates(page: &Page, source: &Source, today: Date) -> Vec<Finding> {
    let mut out = Vec::new();
    let at = |rule, key: &str| match source.key(key) {
        Some((n, line, at)) => at_text(rule, &page.file, n, line, at, line.len() - at),
        None => bare(rule, &page.file),
    };
    if let Some(d) = page.meta.date.filter(|d| day(*d) > day(today)) {
        let mut f = at("future-date", "date");
        f.message = format!("发布日期 {} 在今天（{}）之后", d.ymd(), today.ymd());
        f.suggestion = Some("写实际的发布日期；预先写好的稿件请加 `draft: true`".into());
        out.push(f);
    }
    if let (Some(d), Some(u)) = (page.meta.date, page.meta.updated)
        && u < d
    {
        let mut f = at("updated-before-date", "updated");
        f.message = format!("更新日期 {} 早于发布日期 {}", u, d);
        f.suggestion = Some("核对 `date` 和 `updated`：更新不会早于发布".into());
        out.push(f);
    }
    out
}

/// Images without alt text.
pub(crate) fn images(page: &Page, scan: &Scan) -> Vec<Finding> {
    scan.bare_images
        .iter()
        .map(|b| {
            let mut f = at_text("image-alt", &page.file, b.line, b.line_text, b.at, b.len);
            f.message = "图片没有替代文字（alt），读屏软件无法朗读".into();
            f.suggestion = Some("在方括号里写图片说明，如 ![支部书记讲党课](photo.jpg)".into());
            f
        })
        .collect()
}

/// Pages of one section with the same title: every one after the first.
pub(crate) fn duplicate_titles(site: &Site, opts: &Options) -> Vec<Finding> {
    if !opts.runs("duplicate-title") {
        return Vec::new();
    }
    let mut first: HashMap<(&str, &str), &Page> = HashMap::new();
    let mut out = Vec::new();
    for page in site.pages.iter().filter(|p| !p.meta.draft) {
        let key = (page.section.as_str(), page.meta.title.trim());
        let Some(earlier) = first.get(&key) else {
            first.insert(key, page);
            continue;
        };
        let source = Source::read(site, page);
        let mut f = match source.key("title") {
            Some((n, line, at)) => {
                at_text("duplicate-title", &page.file, n, line, at, line.len() - at)
            }
            None => bare("duplicate-title", &page.file),
        };
        f.message = format!("标题“{}”与 {} 重复", key.1, earlier.file);
        f.suggestion = Some("改一个标题，或删去重复的页面".into());
        out.push(f);
    }
    out
}
