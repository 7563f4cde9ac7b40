//! Assembly: from pages and `_index.md` files already read to the checked site model. The steps
//! run in a fixed order, so that their problems are reported in the same order every time.

use std::collections::{BTreeMap, HashMap, HashSet};

use camino::{Utf8Path, Utf8PathBuf};

use super::frontmatter::{SectionMeta, SortBy};
use super::{Asset, Collection, Page, Part, RESERVED, Section, Site, sort_pages};
use crate::config::{Config, MenuItem};
use crate::diagnostics::{Diagnostic, Diagnostics, Span, did_you_mean};
use crate::fields::Located;

/// What `_index.md` files hold, by section path: front matter, body and the file.
pub type SectionSources = HashMap<String, (SectionMeta, String, Utf8PathBuf)>;

/// Builds the site model from files already read: checks URLs and images, forms sections,
/// collections and columns. [`load`](super::load) calls it after reading every file; `serve`
/// calls it after re-reading only the files that changed. `pages` must be in file-path order.
pub fn assemble(
    root: &Utf8Path,
    config: Config,
    pages: Vec<Page>,
    section_meta: SectionSources,
    assets: Vec<Asset>,
    diags: &mut Diagnostics,
) -> Site {
    check_urls(&pages, diags);
    let by_rel: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.rel.clone(), i))
        .collect();
    let asset_set: HashSet<String> = assets.iter().map(|a| a.rel.clone()).collect();
    check_images(&pages, &asset_set, diags);
    let sections = sections(&pages, section_meta);
    check_menu(&config, &sections, diags);
    let collections = collections(root, &pages, &by_rel, diags);
    let columns = columns(&config, &pages);
    let collection_of_page = collections
        .iter()
        .enumerate()
        .map(|(c, coll)| (coll.page, c))
        .collect();
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
        collection_of_page,
    }
}

/// URLs must be unique, compared case-insensitively, and stay clear of yanzhen's own.
fn check_urls(pages: &[Page], diags: &mut Diagnostics) {
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
}

/// Images named in front matter must exist.
fn check_images(pages: &[Page], assets: &HashSet<String>, diags: &mut Diagnostics) {
    for page in pages {
        let mut images: Vec<(&str, &Located<String>)> = Vec::new();
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
            check_image(page, field, img, assets, diags);
        }
    }
}

fn check_image(
    page: &Page,
    field: &str,
    img: &Located<String>,
    assets: &HashSet<String>,
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

/// Sections: every folder that holds pages, plus folders with an `_index.md`; pages in the
/// section's order.
fn sections(pages: &[Page], section_meta: SectionSources) -> BTreeMap<String, Section> {
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
        sort_pages(&mut s.pages, pages, s.meta.sort_by);
    }
    sections
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

/// Menu sections must exist.
fn check_menu(config: &Config, sections: &BTreeMap<String, Section>, diags: &mut Diagnostics) {
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
}

/// Collections, with their entries resolved to pages.
fn collections(
    root: &Utf8Path,
    pages: &[Page],
    by_rel: &HashMap<String, usize>,
    diags: &mut Diagnostics,
) -> Vec<Collection> {
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
                    None => diags.push(missing_entry(root, page, e, &key, by_rel)),
                }
            }
            parts.push(Part {
                title: part.title.clone(),
                entries,
            });
        }
        collections.push(Collection { page: i, parts });
    }
    collections
}

/// The problem with a collection entry `key` that names no page: a draft, or no file at all.
fn missing_entry(
    root: &Utf8Path,
    page: &Page,
    e: &Located<String>,
    key: &str,
    by_rel: &HashMap<String, usize>,
) -> Diagnostic {
    let drafted = root.join("content").join(key).is_file();
    let (msg, hint) = if drafted {
        (
            format!(
                "collection entry `{}` is a draft, or could not be read",
                e.value
            ),
            "build with --drafts, or remove `draft: true` from it".to_string(),
        )
    } else {
        let hint = match did_you_mean(key, by_rel.keys().map(String::as_str)) {
            Some(c) => format!("did you mean `{c}`?"),
            None => "entries are paths relative to content/, e.g. `cases/example.md`".to_string(),
        };
        (
            format!("collection entry `{}` does not exist", e.value),
            hint,
        )
    };
    Diagnostic::error(&page.file, Some(e.at), msg).with_hint(hint)
}

/// Columns: pages that joined each declared column, newest first.
fn columns(config: &Config, pages: &[Page]) -> BTreeMap<String, Vec<usize>> {
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
        sort_pages(list, pages, SortBy::Date);
    }
    columns
}
