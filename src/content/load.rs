//! Loading: reads every content file that [`scan`](super::scan) finds, in parallel, and hands the
//! pages and `_index.md` files to [`assemble`]. [`read_one`] reads one file the same way, for
//! `serve`.

use std::collections::HashMap;

use camino::{Utf8Path, Utf8PathBuf};
use rayon::prelude::*;

use super::assemble::{SectionSources, assemble};
use super::frontmatter::{self, SectionMeta};
use super::{Asset, Kind, Page, Site, scan, source};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::urls;

/// Options of loading.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include drafts.
    pub drafts: bool,
}

/// A Markdown file found under `content/`.
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

impl Found {
    /// The Markdown file `rel` (relative to `content/`): a section's `_index.md` or a page.
    fn of(rel: &str) -> Found {
        let file = Utf8Path::new("content").join(rel);
        let name = rel.rsplit('/').next().unwrap_or(rel);
        if name == "_index.md" {
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
        }
    }
}

/// Reads and validates `content/` of the site at `root`.
pub fn load(
    root: &Utf8Path,
    config: Config,
    opts: &LoadOptions,
    diags: &mut Diagnostics,
) -> Option<Site> {
    if !root.join("content").is_dir() {
        diags.push(Diagnostic::error("content", None, "the site has no `content/` folder").with_hint("create `content/` and put Markdown files in it (`yanzhen init` writes an example site)"));
        return None;
    }
    let found = scan(root, "content");
    diags.extend(found.problems);
    let assets = found.assets.into_iter().map(|rel| Asset { rel }).collect();

    // Read and parse every file in parallel; results keep the walk's order.
    let parsed: Vec<(Option<Parsed>, Vec<Diagnostic>)> = found
        .markdown
        .par_iter()
        .map(|rel| parse_file(root, &Found::of(rel), &config))
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
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if !name.to_ascii_lowercase().ends_with(".md") {
        return (ReadOne::Asset, Vec::new());
    }
    let (parsed, ds) = parse_file(root, &Found::of(rel), config);
    let read = match parsed {
        Some(Parsed::Page(page)) if page.meta.draft && !opts.drafts => ReadOne::Draft,
        Some(Parsed::Page(page)) => ReadOne::Page(page),
        Some(Parsed::Index(dir, meta, body, file)) => ReadOne::Index(dir, meta, body, file),
        None => ReadOne::Failed,
    };
    (read, ds)
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
            let (meta, body, ds) = parse_index(file, &text);
            (
                Some(Parsed::Index(dir.clone(), meta, body, file.clone())),
                ds,
            )
        }
        Found::Page { rel, bundle, .. } => parse_page(file, rel, *bundle, &text, config),
    }
}

/// An `_index.md`: its front matter and body. It may omit front matter entirely.
fn parse_index(file: &Utf8Path, text: &str) -> (SectionMeta, String, Vec<Diagnostic>) {
    match frontmatter::split(text) {
        Ok(s) => {
            let (m, ds) = frontmatter::read_section(file, s.yaml);
            // The front matter's lines stay as blank lines (Markdown ignores them), so the intro's
            // positions count from the top of the file like a page's.
            let mut body = "\n".repeat(s.body_line as usize - 1);
            body.push_str(s.body);
            (m, body, ds)
        }
        Err(_) if !text.trim_start().starts_with("---") => {
            (SectionMeta::default(), text.to_string(), Vec::new())
        }
        Err((at, msg, hint)) => (
            SectionMeta::default(),
            String::new(),
            vec![Diagnostic::error(file, Some(at), msg).with_hint(hint)],
        ),
    }
}

/// A page: its front matter, and where it goes (section, slug, URL) from its path `rel`.
fn parse_page(
    file: &Utf8Path,
    rel: &str,
    bundle: bool,
    text: &str,
    config: &Config,
) -> (Option<Parsed>, Vec<Diagnostic>) {
    let split = match frontmatter::split(text) {
        Ok(s) => s,
        Err((at, msg, hint)) => {
            return (
                None,
                vec![Diagnostic::error(file, Some(at), msg).with_hint(hint)],
            );
        }
    };
    let place = Place::of(rel, bundle);
    let (result, mut ds) = frontmatter::read(file, split.yaml, place.folder_kind, config);
    let Some((kind, meta)) = result else {
        return (None, ds);
    };
    let slug = match &meta.slug {
        Some(s) => s.value.clone(),
        None => urls::slugify(&place.default_slug),
    };
    if slug.is_empty() || place.default_slug.is_empty() && meta.slug.is_none() {
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
    let url = if place.section.is_empty() {
        format!("{slug}/")
    } else {
        format!("{}/{slug}/", place.section)
    };
    let page = Page {
        file: file.to_path_buf(),
        rel: rel.to_string(),
        dir: place.dir,
        kind,
        meta,
        body: split.body.to_string(),
        body_line: split.body_line,
        section: place.section,
        slug,
        url,
        bundle,
    };
    (Some(Parsed::Page(Box::new(page))), ds)
}

/// Where a page's path puts it.
struct Place {
    /// The section it lists under.
    section: String,
    /// The slug its file (or bundle folder) name gives.
    default_slug: String,
    /// The folder its relative paths start from.
    dir: String,
    /// The kind its top-level folder implies.
    folder_kind: Kind,
}

impl Place {
    fn of(rel: &str, bundle: bool) -> Place {
        let (dir, stem) = rel.rsplit_once('/').unwrap_or(("", rel));
        let (section, default_slug) = if bundle {
            let (parent, folder) = dir.rsplit_once('/').unwrap_or(("", dir));
            (parent.to_string(), folder.to_string())
        } else {
            let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
            (dir.to_string(), stem.to_string())
        };
        let top = rel
            .split('/')
            .next()
            .filter(|_| rel.contains('/'))
            .unwrap_or("");
        Place {
            section,
            default_slug,
            dir: dir.to_string(),
            folder_kind: Kind::from_folder(top),
        }
    }
}
