//! Content edits on a kept site: which files to read again ([`plan`]), reading them
//! ([`read_changed`]), applying them to the pages while each page keeps its rendered body
//! ([`merge`]), reassembling the model when its structure may have changed, and rendering the
//! Markdown the edit may have changed ([`rerender`]).
//!
//! Markdown of pages that were not read again is rendered again only when a page or image that
//! links may point at disappeared or moved.

use std::collections::{BTreeSet, HashMap, HashSet};

use camino::{Utf8Path, Utf8PathBuf};
use rayon::prelude::*;

use crate::bodies::{self, Bodies};
use crate::build::Built;
use crate::content::{self, Asset, LoadOptions, Page, ReadOne, SectionSources, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use crate::exhibition::Exhibition;
use crate::images::Images;
use crate::markdown::Rendered;

/// What changed in the model, for choosing routes.
#[derive(Default)]
pub(super) struct Dirty {
    /// Every route may show something else.
    pub(super) all: bool,
    /// Pages (by path relative to `content/`) whose body or place changed.
    pub(super) pages: HashSet<String>,
}

impl Dirty {
    /// Everything may have changed.
    pub(super) fn everything() -> Dirty {
        Dirty {
            all: true,
            ..Dirty::default()
        }
    }
}

/// The kept site after a content edit.
pub(super) struct Reread {
    /// The site, its pages and bodies brought up to date.
    pub(super) built: Built,
    /// What changed.
    pub(super) dirty: Dirty,
    /// Warnings of the files read again.
    pub(super) warnings: Vec<Diagnostic>,
    /// The model was assembled again: its structure may have changed.
    pub(super) reassembled: bool,
}

/// Which content files to read again, and which are gone.
struct Plan {
    /// Markdown files to read again, relative to `content/`, sorted.
    reread: Vec<String>,
    /// Pages and `_index.md` files that are gone.
    removed: HashSet<String>,
    /// The `_index.md` files of the kept model, relative to `content/`.
    index_files: HashSet<String>,
    /// The files under `content/` that are copied as they are.
    assets: Vec<Asset>,
    /// A copied file that the kept model has is gone.
    assets_removed: bool,
    /// `content/` was walked: a file may have been added or removed.
    walked: bool,
}

/// What reading the planned files gave.
struct Read {
    /// The pages read, by path relative to `content/`.
    pages: HashMap<String, Page>,
    /// The `_index.md` sources of the model to assemble.
    sections: SectionSources,
    /// Diagnostics of the files read.
    diags: Diagnostics,
}

/// How applying the pages read went.
struct Merged {
    /// Indexes of the pages that changed, whose bodies are to be rendered.
    fresh: Vec<usize>,
    /// A page's URL changed.
    moved: bool,
    /// The model's structure may have changed: it is to be assembled again.
    reassemble: bool,
}

/// Re-reads the content files `changed` names (relative to `content/`) into `built`; `lap` is
/// called after each stage with its name.
pub(super) fn run(
    built: Built,
    changed: &BTreeSet<String>,
    opts: &LoadOptions,
    lap: &mut dyn FnMut(&'static str),
) -> Result<Reread, Diagnostics> {
    let Built {
        mut site,
        ex,
        mut bodies,
        images,
        theme,
    } = built;
    let root = site.root.clone();
    let mut dirty = Dirty::default();
    let mut plan = plan(&site, changed);
    let Read {
        pages,
        sections,
        mut diags,
    } = read_changed(&site, &mut plan, opts, &mut dirty);
    let merged = merge(&mut site, &mut bodies.pages, &plan, pages, &mut dirty);
    lap("read changed files");
    let everything = !plan.removed.is_empty() || merged.moved || plan.assets_removed;
    let (site, ex) = if merged.reassemble {
        reassemble(site, sections, plan.assets, &mut diags)
    } else {
        (site, ex)
    };
    lap("assemble model");
    // A changed photo is prepared again (the others come from the cache) and every page that
    // may show it is rendered again.
    let photos = changed.iter().any(|r| crate::images::is_raster(r));
    let images = if photos {
        let (images, ds) = crate::images::prepare(&site);
        diags.extend(ds);
        dirty.all = true;
        lap("images");
        images
    } else {
        images
    };
    rerender(
        &site,
        &images,
        &mut bodies,
        &merged,
        everything || photos,
        &mut dirty,
        &mut diags,
    );
    lap("markdown");
    if diags.has_errors() {
        return Err(diags);
    }
    let warnings = warnings_of(&diags, &plan.reread, &root);
    Ok(Reread {
        built: Built {
            site,
            ex,
            bodies,
            images,
            theme,
        },
        dirty,
        warnings,
        reassembled: merged.reassemble,
    })
}

/// Which files to read again for an edit of `changed`. When only files the model already has
/// were modified, those; else `content/` is walked to find what was added and what is gone.
fn plan(site: &Site, changed: &BTreeSet<String>) -> Plan {
    let content_dir = site.root.join("content");
    let index_files = index_files(site);
    let known = |rel: &String| {
        (site.by_rel.contains_key(rel) || index_files.contains(rel))
            && content_dir.join(rel).is_file()
    };
    let walked = !changed.iter().all(known);
    let mut plan = Plan {
        reread: Vec::new(),
        removed: HashSet::new(),
        index_files,
        assets: site.assets.clone(),
        assets_removed: false,
        walked,
    };
    if walked {
        plan_walked(site, changed, &mut plan);
    } else {
        plan.reread = changed.iter().cloned().collect();
    }
    plan.reread.sort();
    plan
}

/// The `_index.md` files of `site`, relative to `content/`.
fn index_files(site: &Site) -> HashSet<String> {
    site.sections
        .values()
        .filter_map(|s| s.file.as_ref())
        .filter_map(|f| {
            f.strip_prefix("content")
                .ok()
                .map(|r| r.as_str().to_string())
        })
        .collect()
}

/// Fills `plan` from a scan of `content/`: the files gone, the Markdown files that are new or
/// changed, and the copied files.
fn plan_walked(site: &Site, changed: &BTreeSet<String>, plan: &mut Plan) {
    let found = content::scan(&site.root, "content");
    let (md, found_assets) = (found.markdown, found.assets);
    let md_set: HashSet<&String> = md.iter().collect();
    for p in &site.pages {
        if !md_set.contains(&p.rel) {
            plan.removed.insert(p.rel.clone());
        }
    }
    for f in &plan.index_files {
        if !md_set.contains(f) {
            plan.removed.insert(f.clone());
        }
    }
    plan.reread = md
        .iter()
        .filter(|r| {
            changed.contains(*r) || !(site.by_rel.contains_key(*r) || plan.index_files.contains(*r))
        })
        .cloned()
        .collect();
    let new_assets: HashSet<&String> = found_assets.iter().collect();
    plan.assets_removed = site.asset_set.iter().any(|a| !new_assets.contains(a));
    plan.assets = found_assets.into_iter().map(|rel| Asset { rel }).collect();
}

/// Reads the files `plan` names. A page that became a draft joins `plan.removed`; a changed or
/// removed `_index.md` marks everything dirty.
fn read_changed(site: &Site, plan: &mut Plan, opts: &LoadOptions, dirty: &mut Dirty) -> Read {
    let mut diags = Diagnostics::new();
    let mut pages: HashMap<String, Page> = HashMap::new();
    let mut sections: SectionSources = HashMap::new();
    for s in site.sections.values() {
        if let Some(f) = &s.file {
            sections.insert(s.path.clone(), (s.meta.clone(), s.body.clone(), f.clone()));
        }
    }
    for rel in &plan.reread {
        let (read, ds) = content::read_one(&site.root, rel, &site.config, opts);
        diags.extend(ds);
        match read {
            ReadOne::Page(p) => {
                pages.insert(rel.clone(), *p);
            }
            ReadOne::Index(dir, meta, body, file) => {
                sections.insert(dir, (meta, body, file));
                dirty.all = true;
            }
            ReadOne::Draft => {
                if site.by_rel.contains_key(rel) {
                    plan.removed.insert(rel.clone());
                }
            }
            ReadOne::Asset | ReadOne::Failed => {}
        }
    }
    for rel in &plan.removed {
        if plan.index_files.contains(rel) {
            let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
            sections.remove(dir);
            dirty.all = true;
        }
    }
    Read {
        pages,
        sections,
        diags,
    }
}

/// Applies the pages read to `site.pages`, keeping each rendered body in `rendered` with its
/// page: in place when pages were only modified, else by merging in file order.
fn merge(
    site: &mut Site,
    rendered: &mut Vec<Rendered>,
    plan: &Plan,
    pages: HashMap<String, Page>,
    dirty: &mut Dirty,
) -> Merged {
    let mut merged = Merged {
        fresh: Vec::new(),
        moved: false,
        reassemble: plan.walked || dirty.all,
    };
    if plan.removed.is_empty() && pages.keys().all(|r| site.by_rel.contains_key(r)) {
        merge_in_place(site, rendered, pages, &mut merged);
    } else {
        merge_in_order(site, rendered, &plan.removed, pages, dirty, &mut merged);
    }
    merged
}

/// The page's front matter, URL and kind are unchanged: the model's structure stays the same
/// (assembling reads no body).
fn same_place(a: &Page, b: &Page) -> bool {
    a.meta == b.meta && a.url == b.url && a.kind == b.kind
}

/// Nothing of the page changed.
fn same(a: &Page, b: &Page) -> bool {
    same_place(a, b) && a.body == b.body && a.body_line == b.body_line
}

/// Replaces modified pages where they are.
fn merge_in_place(
    site: &mut Site,
    rendered: &mut [Rendered],
    pages: HashMap<String, Page>,
    merged: &mut Merged,
) {
    for (rel, np) in pages {
        let i = site.by_rel[&rel];
        if same(&site.pages[i], &np) {
            continue;
        }
        merged.reassemble |= !same_place(&site.pages[i], &np);
        merged.moved |= site.pages[i].url != np.url;
        site.pages[i] = np;
        rendered[i] = Rendered::default();
        merged.fresh.push(i);
    }
}

/// Drops the removed pages, replaces the changed ones and adds the new ones, in file order.
fn merge_in_order(
    site: &mut Site,
    rendered: &mut Vec<Rendered>,
    removed: &HashSet<String>,
    mut pages: HashMap<String, Page>,
    dirty: &mut Dirty,
    merged: &mut Merged,
) {
    merged.reassemble = true;
    let old = std::mem::take(&mut site.pages);
    let bodies = std::mem::take(rendered);
    let mut pairs: Vec<(Page, Rendered, bool)> = Vec::with_capacity(old.len() + 1);
    for (p, r) in old.into_iter().zip(bodies) {
        if removed.contains(&p.rel) {
            dirty.pages.insert(p.rel.clone());
            continue;
        }
        match pages.remove(&p.rel) {
            Some(np) if !same(&p, &np) => {
                merged.moved |= p.url != np.url;
                pairs.push((np, Rendered::default(), true));
            }
            _ => pairs.push((p, r, false)),
        }
    }
    for (_, p) in pages.drain() {
        pairs.push((p, Rendered::default(), true));
    }
    pairs.sort_by(|a, b| a.0.file.cmp(&b.0.file));
    rendered.reserve(pairs.len());
    for (k, (p, r, f)) in pairs.into_iter().enumerate() {
        if f {
            merged.fresh.push(k);
        }
        site.pages.push(p);
        rendered.push(r);
    }
}

/// Assembles the model again from its pages, and derives its exhibition.
fn reassemble(
    site: Site,
    sections: SectionSources,
    assets: Vec<Asset>,
    diags: &mut Diagnostics,
) -> (Site, Exhibition) {
    let Site {
        root,
        config,
        pages,
        ..
    } = site;
    let site = content::assemble(&root, config, pages, sections, assets, diags);
    let ex = Exhibition::new(&site);
    (site, ex)
}

/// Renders the Markdown of the fresh pages, or of every page when `everything` (a link target
/// may have gone), and the section intros when a section changed.
fn rerender(
    site: &Site,
    images: &Images,
    bodies: &mut Bodies,
    merged: &Merged,
    everything: bool,
    dirty: &mut Dirty,
    diags: &mut Diagnostics,
) {
    let rendered = &mut bodies.pages;
    if everything {
        let all: Vec<(Rendered, Vec<Diagnostic>)> = (0..site.pages.len())
            .into_par_iter()
            .map(|i| bodies::render_page(site, images, i))
            .collect();
        for (i, (r, ds)) in all.into_iter().enumerate() {
            diags.extend(ds);
            if r.html != rendered[i].html {
                dirty.pages.insert(site.pages[i].rel.clone());
            }
            rendered[i] = r;
        }
    } else {
        let results: Vec<(usize, (Rendered, Vec<Diagnostic>))> = merged
            .fresh
            .par_iter()
            .map(|&i| (i, bodies::render_page(site, images, i)))
            .collect();
        for (i, (r, ds)) in results {
            diags.extend(ds);
            rendered[i] = r;
        }
    }
    for &i in &merged.fresh {
        dirty.pages.insert(site.pages[i].rel.clone());
    }
    if dirty.all {
        bodies.intros.clear();
        for s in site.sections.values() {
            if let Some((html, ds)) = bodies::render_intro(site, images, s) {
                diags.extend(ds);
                bodies.intros.insert(s.path.clone(), html);
            }
        }
    }
}

/// The warnings of the files read again (the others' were shown when they were read).
fn warnings_of(diags: &Diagnostics, reread: &[String], root: &Utf8Path) -> Vec<Diagnostic> {
    let read_again: HashSet<Utf8PathBuf> = reread
        .iter()
        .map(|r| Utf8Path::new("content").join(r))
        .collect();
    let mut warned = Diagnostics::new();
    warned.extend(
        diags
            .items()
            .iter()
            .filter(|d| read_again.contains(&d.path))
            .cloned(),
    );
    Failure::from(warned, root).diagnostics
}
