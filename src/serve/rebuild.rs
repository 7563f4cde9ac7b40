//! Incremental rebuilds: keeps the loaded site between saves and, for a change, redoes only the
//! stages and routes it touches.
//!
//! A content edit re-reads only the changed files, reassembles the model (sections, columns,
//! collections: cheap), renders the Markdown of the changed pages and then renders only the
//! routes whose [`Deps`] name a changed page or whose list of pages differs from the last
//! render. Markdown of other pages is rendered again only when a page or image that links may
//! point at disappeared or moved. Any error drops the kept model, so the next change reads the
//! whole site again: the kept model is always one that built without errors.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use camino::{Utf8Path, Utf8PathBuf};
use rayon::prelude::*;

use super::classify::{Change, Stage};
use super::fingerprint::{FxMap, fingerprint};
use crate::bodies::{self, Bodies};
use crate::build::{self, Built, Options};
use crate::content::{self, LoadOptions, Page, ReadOne, SectionSources, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use crate::exhibition::Exhibition;
use crate::markdown::Rendered;
use crate::output::Memory;
use crate::routes::{Deps, Routes};

/// Files to change in the served site.
#[derive(Debug, Default)]
pub struct Patch {
    /// Files to write (site path → bytes).
    pub write: Vec<(String, Vec<u8>)>,
    /// Site paths to remove.
    pub remove: Vec<String>,
}

/// What a rebuild did.
#[derive(Debug)]
pub enum Outcome {
    /// Nothing the site shows changed.
    Unchanged,
    /// The site changed.
    Built {
        /// The files.
        patch: Patch,
        /// Routes rendered.
        rendered: usize,
        /// Pages in the site.
        pages: usize,
        /// Warnings of the files read.
        warnings: Vec<Diagnostic>,
        /// How long it took.
        elapsed: Duration,
        /// How long each stage took, in order.
        timings: Vec<(&'static str, Duration)>,
    },
    /// The site has errors; the served site stays as it was.
    Failed(Vec<Diagnostic>),
}

/// The state kept between rebuilds.
pub struct Builder {
    opts: Options,
    kept: Option<Built>,
    /// Route output path → fingerprint of its [`Deps`], as last served.
    routes: FxMap<u64>,
    /// Site paths of the files copied as they are, as last served.
    assets: HashSet<String>,
    /// Warnings of the files the rebuild under way read again.
    warnings: Vec<Diagnostic>,
    /// The route table while the model's structure stays the same.
    cache: Option<RouteCache>,
    /// Stage timings of the rebuild under way.
    timings: Vec<(&'static str, Duration)>,
    clock: Instant,
}

/// The route table of the kept model and which routes show each page; valid while the model's
/// structure (everything but page bodies) stays the same.
struct RouteCache {
    routes: Routes,
    /// Routes showing each page, by page index; built on the first body-only edit.
    by_page: Option<Vec<Vec<usize>>>,
    /// Routes showing every page.
    all: Vec<usize>,
}

/// What changed in the model, for choosing routes.
#[derive(Default)]
struct Dirty {
    all: bool,
    pages: HashSet<String>,
}

impl Builder {
    /// A builder for the site `opts` names; nothing is read until [`Builder::rebuild`].
    pub fn new(opts: Options) -> Builder {
        Builder {
            opts,
            kept: None,
            routes: FxMap::default(),
            assets: HashSet::new(),
            cache: None,
            warnings: Vec::new(),
            timings: Vec::new(),
            clock: Instant::now(),
        }
    }

    /// The theme site.yaml names, once the site has been read.
    /// The search page and index of the kept site (`search/…` path → bytes), built after a
    /// rebuild has been served so that a one-page edit's reload is not held up by the index of the
    /// whole site.
    pub fn search_files(&self) -> Vec<(String, Vec<u8>)> {
        let Some(built) = self.kept.as_ref() else {
            return Vec::new();
        };
        let sink = Memory::default();
        if !build::write_search_index(built, &sink).is_empty() {
            return Vec::new();
        }
        sink.files
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_iter()
            .collect()
    }

    /// Name of the theme of the kept site.
    pub fn theme_name(&self) -> Option<&str> {
        self.kept.as_ref().map(|b| b.site.config.theme.as_str())
    }

    fn lap(&mut self, stage: &'static str) {
        self.timings.push((stage, self.clock.elapsed()));
        self.clock = Instant::now();
    }

    /// Redoes what `change` asks for.
    pub fn rebuild(&mut self, change: &Change) -> Outcome {
        let started = Instant::now();
        self.timings.clear();
        self.clock = started;
        if self.kept.is_none() || change.stage == Stage::Config {
            return self.full(started);
        }
        let result = match change.stage {
            Stage::Nothing => return Outcome::Unchanged,
            Stage::Static => Ok((Dirty::default(), true)),
            Stage::Content => self.content(&change.content).map(|d| (d, change.assets)),
            Stage::Theme => self.theme().map(|()| {
                let all = Dirty {
                    all: true,
                    ..Dirty::default()
                };
                (all, true)
            }),
            Stage::Config => unreachable!("handled above"),
        };
        match result {
            Ok((dirty, assets)) => {
                let warnings = std::mem::take(&mut self.warnings);
                self.render(&dirty, assets, warnings, started)
            }
            Err(diags) => self.fail(diags),
        }
    }

    /// Reads and renders everything.
    pub fn full(&mut self, started: Instant) -> Outcome {
        self.kept = None;
        self.cache = None;
        self.timings.clear();
        self.clock = started;
        match build::load(&self.opts) {
            Ok((built, run)) => {
                self.lap("read and markdown");
                let warnings = run.diags.items().to_vec();
                self.kept = Some(built);
                let all = Dirty {
                    all: true,
                    ..Dirty::default()
                };
                self.render(&all, true, warnings, started)
            }
            Err(f) => Outcome::Failed(f.diagnostics),
        }
    }

    fn fail(&mut self, diags: Diagnostics) -> Outcome {
        self.kept = None;
        self.cache = None;
        let root = Utf8PathBuf::from_path_buf(self.opts.root.clone()).unwrap_or_default();
        Outcome::Failed(Failure::from(diags, &root).diagnostics)
    }

    fn theme(&mut self) -> Result<(), Diagnostics> {
        let Some(built) = self.kept.as_mut() else {
            return Err(Diagnostics::new());
        };
        match crate::render::load_theme(&built.site) {
            Ok(t) => {
                built.theme = t;
                Ok(())
            }
            Err(ds) => {
                let mut d = Diagnostics::new();
                d.extend(ds);
                Err(d)
            }
        }
    }

    /// Re-reads the changed content files and reassembles the model.
    fn content(
        &mut self,
        changed: &std::collections::BTreeSet<String>,
    ) -> Result<Dirty, Diagnostics> {
        let Some(Built {
            site,
            ex,
            bodies:
                Bodies {
                    pages: rendered,
                    mut intros,
                },
            theme,
        }) = self.kept.take()
        else {
            return Err(Diagnostics::new());
        };
        let root = site.root.clone();
        let content_dir = root.join("content");
        let opts = LoadOptions {
            drafts: self.opts.drafts,
        };
        let index_files: HashSet<String> = site
            .sections
            .values()
            .filter_map(|s| s.file.as_ref())
            .filter_map(|f| {
                f.strip_prefix("content")
                    .ok()
                    .map(|r| r.as_str().to_string())
            })
            .collect();
        // Fast path: only files the model already has were modified.
        let known = |rel: &String| {
            (site.by_rel.contains_key(rel) || index_files.contains(rel))
                && content_dir.join(rel).is_file()
        };
        let mut reread: Vec<String>;
        let mut removed: HashSet<String> = HashSet::new();
        let mut assets = site.assets.clone();
        let mut assets_removed = false;
        let walked = !changed.iter().all(known);
        if !walked {
            reread = changed.iter().cloned().collect();
        } else {
            let (md, found_assets) = walk(&content_dir);
            let md_set: HashSet<&String> = md.iter().collect();
            for p in &site.pages {
                if !md_set.contains(&p.rel) {
                    removed.insert(p.rel.clone());
                }
            }
            for f in &index_files {
                if !md_set.contains(f) {
                    removed.insert(f.clone());
                }
            }
            reread = md
                .iter()
                .filter(|r| {
                    changed.contains(*r)
                        || !(site.by_rel.contains_key(*r) || index_files.contains(*r))
                })
                .cloned()
                .collect();
            let new_assets: HashSet<&String> = found_assets.iter().collect();
            assets_removed = site.asset_set.iter().any(|a| !new_assets.contains(a));
            assets = found_assets
                .into_iter()
                .map(|rel| content::Asset { rel })
                .collect();
        }
        reread.sort();

        let mut diags = Diagnostics::new();
        let mut new_pages: HashMap<String, Page> = HashMap::new();
        let mut section_meta: SectionSources = HashMap::new();
        for s in site.sections.values() {
            if let Some(f) = &s.file {
                section_meta.insert(s.path.clone(), (s.meta.clone(), s.body.clone(), f.clone()));
            }
        }
        let mut dirty = Dirty::default();
        for rel in &reread {
            let (read, ds) = content::read_one(&root, rel, &site.config, &opts);
            diags.extend(ds);
            match read {
                ReadOne::Page(p) => {
                    new_pages.insert(rel.clone(), *p);
                }
                ReadOne::Index(dir, meta, body, file) => {
                    section_meta.insert(dir, (meta, body, file));
                    dirty.all = true;
                }
                ReadOne::Draft => {
                    if site.by_rel.contains_key(rel) {
                        removed.insert(rel.clone());
                    }
                }
                ReadOne::Asset | ReadOne::Failed => {}
            }
        }
        for rel in &removed {
            if index_files.contains(rel) {
                let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
                section_meta.remove(dir);
                dirty.all = true;
            }
        }

        // Apply the changes to the pages, keeping rendered bodies with their pages: in place
        // when pages were only modified, else by merging in file order. The model is
        // reassembled unless only bodies changed (assembling reads no body).
        let mut site = site;
        let mut rendered = rendered;
        let mut fresh = Vec::new();
        let mut moved = false;
        let mut reassemble = walked || dirty.all;
        let same_place =
            |a: &Page, b: &Page| a.meta == b.meta && a.url == b.url && a.kind == b.kind;
        let same =
            |a: &Page, b: &Page| same_place(a, b) && a.body == b.body && a.body_line == b.body_line;
        if removed.is_empty() && new_pages.keys().all(|r| site.by_rel.contains_key(r)) {
            for (rel, np) in new_pages.drain() {
                let i = site.by_rel[&rel];
                if same(&site.pages[i], &np) {
                    continue;
                }
                reassemble |= !same_place(&site.pages[i], &np);
                moved |= site.pages[i].url != np.url;
                site.pages[i] = np;
                rendered[i] = Rendered::default();
                fresh.push(i);
            }
        } else {
            reassemble = true;
            let pages = std::mem::take(&mut site.pages);
            let mut pairs: Vec<(Page, Rendered, bool)> = Vec::with_capacity(pages.len() + 1);
            for (p, r) in pages.into_iter().zip(rendered) {
                if removed.contains(&p.rel) {
                    dirty.pages.insert(p.rel.clone());
                    continue;
                }
                match new_pages.remove(&p.rel) {
                    Some(np) if !same(&p, &np) => {
                        moved |= p.url != np.url;
                        pairs.push((np, Rendered::default(), true));
                    }
                    _ => pairs.push((p, r, false)),
                }
            }
            for (_, p) in new_pages.drain() {
                pairs.push((p, Rendered::default(), true));
            }
            pairs.sort_by(|a, b| a.0.file.cmp(&b.0.file));
            rendered = Vec::with_capacity(pairs.len());
            for (k, (p, r, f)) in pairs.into_iter().enumerate() {
                if f {
                    fresh.push(k);
                }
                site.pages.push(p);
                rendered.push(r);
            }
        }
        self.lap("read changed files");
        let (site, ex) = if reassemble {
            self.cache = None;
            let Site { config, pages, .. } = site;
            let site = content::assemble(&root, config, pages, section_meta, assets, &mut diags);
            let ex = Exhibition::new(&site);
            (site, ex)
        } else {
            (site, ex)
        };
        self.lap("assemble model");

        // Markdown: the changed pages; every page when a link target may have gone.
        if !removed.is_empty() || moved || assets_removed {
            let all: Vec<(Rendered, Vec<Diagnostic>)> = (0..site.pages.len())
                .into_par_iter()
                .map(|i| bodies::render_page(&site, i))
                .collect();
            for (i, (r, ds)) in all.into_iter().enumerate() {
                diags.extend(ds);
                if r.html != rendered[i].html {
                    dirty.pages.insert(site.pages[i].rel.clone());
                }
                rendered[i] = r;
            }
        } else {
            let results: Vec<(usize, (Rendered, Vec<Diagnostic>))> = fresh
                .par_iter()
                .map(|&i| (i, bodies::render_page(&site, i)))
                .collect();
            for (i, (r, ds)) in results {
                diags.extend(ds);
                rendered[i] = r;
            }
        }
        for &i in &fresh {
            dirty.pages.insert(site.pages[i].rel.clone());
        }
        if dirty.all {
            intros.clear();
            for s in site.sections.values() {
                if let Some((html, ds)) = bodies::render_intro(&site, s) {
                    diags.extend(ds);
                    intros.insert(s.path.clone(), html);
                }
            }
        }
        self.lap("markdown");
        if diags.has_errors() {
            return Err(diags);
        }
        // Warnings of the files read again (the others' were shown when they were read).
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
        self.warnings = Failure::from(warned, &root).diagnostics;
        self.kept = Some(Built {
            site,
            ex,
            bodies: Bodies {
                pages: rendered,
                intros,
            },
            theme,
        });
        Ok(dirty)
    }

    /// Renders the routes `dirty` touches (and the copied files if `assets`) into a patch.
    fn render(
        &mut self,
        dirty: &Dirty,
        assets: bool,
        warnings: Vec<Diagnostic>,
        started: Instant,
    ) -> Outcome {
        let Some(built) = self.kept.as_ref() else {
            return self.fail(Diagnostics::new());
        };
        let site = &built.site;
        let anything = dirty.all || !dirty.pages.is_empty();
        // While only page bodies change, the route table and the fingerprints stay as they are:
        // the routes to render are those that show a changed page.
        let cache = match self.cache.take() {
            Some(mut cache) if !dirty.all => {
                let by_page = cache.by_page.get_or_insert_with(|| {
                    let mut by_page = vec![Vec::new(); site.pages.len()];
                    for k in 0..cache.routes.len() {
                        if let Deps::Pages { pages, .. } = cache.routes.deps(site, k) {
                            for rel in pages {
                                if let Some(i) = site.index_of(rel) {
                                    by_page[i].push(k);
                                }
                            }
                        }
                    }
                    by_page
                });
                let mut selected = vec![false; cache.routes.len()];
                for rel in &dirty.pages {
                    if let Some(i) = site.index_of(rel) {
                        for &k in &by_page[i] {
                            selected[k] = true;
                        }
                    }
                }
                if anything {
                    for &k in &cache.all {
                        selected[k] = true;
                    }
                }
                (cache, selected, None)
            }
            _ => {
                let routes = Routes::new(site, &built.ex);
                // Path, fingerprint, whether it shows a changed page, whether it shows all.
                let old = &self.routes;
                let rows: Vec<(String, u64, bool, bool)> = (0..routes.len())
                    .into_par_iter()
                    .map(|k| {
                        let path = routes.path(site, k);
                        let deps = routes.deps(site, k);
                        let fp = fingerprint(&deps);
                        let (shows, every) = match &deps {
                            Deps::All => (anything, true),
                            Deps::Pages { pages, .. } => {
                                (pages.iter().any(|p| dirty.pages.contains(*p)), false)
                            }
                        };
                        let chosen = dirty.all || shows || old.get(&path) != Some(&fp);
                        (path, fp, chosen, every)
                    })
                    .collect();
                let mut table: FxMap<u64> =
                    FxMap::with_capacity_and_hasher(rows.len(), Default::default());
                let mut selected = Vec::with_capacity(rows.len());
                let mut all = Vec::new();
                for (k, (path, fp, chosen, every)) in rows.into_iter().enumerate() {
                    if every {
                        all.push(k);
                    }
                    selected.push(chosen);
                    table.insert(path, fp);
                }
                let cache = RouteCache {
                    routes,
                    by_page: None,
                    all,
                };
                (cache, selected, Some(table))
            }
        };
        let (cache, selected, table) = cache;
        let sink = Memory::default();
        self.timings.push(("route table", self.clock.elapsed()));
        self.clock = Instant::now();
        let mut errors =
            crate::render::route::render_routes(&cache.routes, &built.inputs(), &sink, |k| {
                selected[k]
            });
        let asset_sink = Memory::default();
        if assets {
            errors.extend(crate::assets::write_assets(site, &built.theme, &asset_sink));
        }
        if !errors.is_empty() {
            let mut d = Diagnostics::new();
            d.extend(errors);
            return self.fail(d);
        }
        let pages = site.pages.len();
        self.cache = Some(cache);
        self.lap("templates");
        let rendered = selected.iter().filter(|s| **s).count();
        let mut patch = Patch::default();
        if let Some(table) = table {
            for old in self.routes.keys() {
                if !table.contains_key(old) {
                    patch.remove.push(old.clone());
                }
            }
            self.routes = table;
        }
        if assets {
            let files = asset_sink
                .files
                .into_inner()
                .unwrap_or_else(|e| e.into_inner());
            let new: HashSet<String> = files.keys().cloned().collect();
            for old in &self.assets {
                if !new.contains(old) && !self.routes.contains_key(old) {
                    patch.remove.push(old.clone());
                }
            }
            self.assets = new;
            patch.write.extend(files);
        }
        // Routes after assets, as `build` writes them.
        let files = sink.files.into_inner().unwrap_or_else(|e| e.into_inner());
        patch.write.extend(files);
        if patch.write.is_empty() && patch.remove.is_empty() {
            return Outcome::Unchanged;
        }
        Outcome::Built {
            patch,
            rendered,
            pages,
            warnings,
            elapsed: started.elapsed(),
            timings: std::mem::take(&mut self.timings),
        }
    }
}

/// The Markdown files and the other files under `content/`, relative to it, as `load` finds them.
fn walk(content_dir: &Utf8Path) -> (Vec<String>, Vec<String>) {
    let mut md = Vec::new();
    let mut assets = Vec::new();
    let walker = walkdir::WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !e.file_name().to_str().is_some_and(content::is_ignored)
        });
    for entry in walker.flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(content_dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.to_ascii_lowercase().ends_with(".md") {
            md.push(rel);
        } else {
            assets.push(rel);
        }
    }
    (md, assets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::classify::classify;

    fn write(root: &std::path::Path, path: &str, text: &str) {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn case(title: &str, date: &str, body: &str) -> String {
        format!("---\ntitle: {title}\ndate: {date}\n---\n\n{body}\n")
    }

    fn change(paths: &[&str]) -> Change {
        let paths: Vec<&Utf8Path> = paths.iter().map(|p| Utf8Path::new(*p)).collect();
        classify(&paths, Some("default"))
    }

    fn written(o: &Outcome) -> Vec<&str> {
        match o {
            Outcome::Built { patch, .. } => {
                let mut v: Vec<&str> = patch
                    .write
                    .iter()
                    .map(|(p, _)| p.as_str())
                    .filter(|p| p.ends_with(".html"))
                    .collect();
                v.sort();
                v
            }
            other => panic!("expected a build, got {other:?}"),
        }
    }

    #[test]
    fn one_page_edit_renders_that_page_its_neighbours_and_its_lists_only() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "site.yaml", "title: T\n");
        write(
            root,
            "content/cases/a.md",
            &case("甲", "2024-01-03", "甲文。"),
        );
        write(
            root,
            "content/cases/b.md",
            &case("乙", "2024-01-02", "乙文。"),
        );
        write(
            root,
            "content/cases/c.md",
            &case("丙", "2024-01-01", "丙文。"),
        );
        write(
            root,
            "content/reports/r.md",
            &case("纪实", "2024-01-01", "纪实。"),
        );
        let mut b = Builder::new(Options {
            root: root.to_path_buf(),
            ..Options::default()
        });
        let first = b.full(Instant::now());
        let all = written(&first).len();
        // The search page is a route like the others; its index files follow after the reload.
        assert_eq!(all, 14, "{:?}", written(&first));
        // Routes that show something of every page (the brand matrix, the indexes, the 404 page)
        // render again on every content change.
        let whole_site = [
            "404.html",
            "brands/index.html",
            "tags/index.html",
            "units/index.html",
            "years/index.html",
        ];
        let with_whole_site = |pages: &[&str]| {
            let mut v: Vec<String> = pages
                .iter()
                .chain(&whole_site)
                .map(|s| s.to_string())
                .collect();
            v.sort();
            v
        };

        // The body of c (the last case) changes: c, its previous page b, the case list, home.
        write(
            root,
            "content/cases/c.md",
            &case("丙", "2024-01-01", "丙文，改过。"),
        );
        let o = b.rebuild(&change(&["content/cases/c.md"]));
        assert_eq!(
            written(&o),
            with_whole_site(&[
                "cases/b/index.html",
                "cases/c/index.html",
                "cases/index.html",
                "index.html",
                "years/2024/index.html",
            ])
        );

        // Saving without a change changes nothing.
        let o = b.rebuild(&change(&["content/cases/c.md"]));
        assert!(matches!(o, Outcome::Unchanged), "{o:?}");

        // A new date moves c to the top: every case page's neighbours change, reports do not.
        write(
            root,
            "content/cases/c.md",
            &case("丙", "2024-02-01", "丙文，改过。"),
        );
        let o = b.rebuild(&change(&["content/cases/c.md"]));
        assert_eq!(
            written(&o),
            with_whole_site(&[
                "cases/a/index.html",
                "cases/b/index.html",
                "cases/c/index.html",
                "cases/index.html",
                "index.html",
                "years/2024/index.html",
            ])
        );

        // A deleted page is removed; a broken page fails and the next save reads everything.
        std::fs::remove_file(root.join("content/cases/b.md")).unwrap();
        let o = b.rebuild(&change(&["content/cases/b.md"]));
        match &o {
            Outcome::Built { patch, .. } => {
                assert_eq!(patch.remove, ["cases/b/index.html"]);
            }
            other => panic!("{other:?}"),
        }
        write(root, "content/cases/a.md", "---\ntitel: 甲\n---\n");
        let o = b.rebuild(&change(&["content/cases/a.md"]));
        match &o {
            Outcome::Failed(ds) => assert!(
                ds.iter().any(|d| d.location() == "content/cases/a.md:2:1"),
                "{ds:?}"
            ),
            other => panic!("{other:?}"),
        }
        write(
            root,
            "content/cases/a.md",
            &case("甲", "2024-01-03", "甲文。"),
        );
        let o = b.rebuild(&change(&["content/cases/a.md"]));
        assert_eq!(written(&o).len(), 13, "{:?}", written(&o));
    }
}
