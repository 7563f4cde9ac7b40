//! The front matter of a section's `_index.md`: title, description, ordering, pagination.

use camino::Utf8Path;

use crate::diagnostics::{Diagnostic, suggest};
use crate::fields::{Period, Reader};
use crate::yaml;

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
    /// How often a page must appear in it (`14d`, `6m`); `check` warns when none did.
    pub update_within: Option<Period>,
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
            update_within: None,
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
        &[
            "title",
            "description",
            "sort_by",
            "paginate",
            "weight",
            "update_within",
        ],
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
            "update_within" => meta.update_within = r.period(v, "update_within"),
            _ => meta.weight = r.int(v, "weight"),
        }
    }
    (meta, r.diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_takes_an_update_period() {
        let path = Utf8Path::new("content/news/_index.md");
        let (meta, ds) = read_section(path, "title: 新闻\nupdate_within: 14d\n");
        assert!(ds.is_empty(), "{ds:?}");
        assert_eq!(meta.update_within, Some(Period::Days(14)));
    }

    #[test]
    fn a_wrong_period_is_an_error_at_its_file_line() {
        let path = Utf8Path::new("content/news/_index.md");
        let (meta, ds) = read_section(path, "title: 新闻\nupdate_within: 2 weeks\n");
        assert_eq!(meta.update_within, None);
        assert_eq!(ds.len(), 1);
        assert_eq!(ds[0].location(), "content/news/_index.md:3:16");
        assert!(ds[0].hint.as_deref().unwrap().contains("14d"));
    }
}
