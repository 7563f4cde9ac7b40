//! Incremental rebuilds: keeps the loaded site between saves and, for a change, redoes only the
//! stages and routes it touches.
//!
//! A content edit re-reads only the changed files, reassembles the model (sections, columns,
//! collections: cheap), renders the Markdown of the changed pages and then renders only the
//! routes whose [`Deps`] name a changed page or whose list of pages differs from the last
//! render. Markdown of other pages is rendered again only when a page or image that links may
//! point at disappeared or moved. Any error drops the kept model, so the next change reads the
//! whole site again: the kept model is always one that built without errors.

use std::collections::{BTreeSet, HashSet};
use std::time::{Duration, Instant};

use camino::Utf8PathBuf;
use rayon::prelude::*;

use super::classify::{Change, Stage};
use super::fingerprint::{FxMap, fingerprint};
use super::reread::{self, Dirty};
use crate::build::{self, Built, Options};
use crate::content::LoadOptions;
use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
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

impl Builder {
    /// A builder for the site `opts` names; nothing is read until [`Builder::rebuild`].
    pub fn new(opts: Options) -> Builder {
        Builder {
            opts,
            kept: None,
            routes: FxMap::default(),
            assets: HashSet::new(),
            cache: None,
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

    /// The site paths of the kept site's casebook PDFs, which `serve` typesets on request.
    pub fn pdf_paths(&self) -> Vec<String> {
        self.kept.as_ref().map_or_else(Vec::new, |b| {
            let site = &b.site;
            site.collections
                .iter()
                .map(|c| crate::routes::pdf_path(site, c))
                .collect()
        })
    }

    /// Typesets the casebook PDF at site path `path` of the kept site: its bytes, or the errors;
    /// `None` if no collection has this PDF.
    pub fn pdf(&self, path: &str) -> Option<Result<Vec<u8>, Vec<crate::diagnostics::Diagnostic>>> {
        let built = self.kept.as_ref()?;
        let site = &built.site;
        let k = (0..site.collections.len())
            .find(|&k| crate::routes::pdf_path(site, &site.collections[k]) == path)?;
        let sink = Memory::default();
        let errors = build::write_book(site, &built.images, &sink, k);
        if !errors.is_empty() {
            return Some(Err(errors));
        }
        let mut files = sink.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.remove(path).map(Ok)
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
        let built = match self.kept.take() {
            Some(built) if change.stage != Stage::Config => built,
            _ => return self.full(started),
        };
        let result = match change.stage {
            Stage::Nothing => {
                self.kept = Some(built);
                return Outcome::Unchanged;
            }
            Stage::Static => Ok((built, Dirty::default(), Vec::new(), true)),
            Stage::Content => self
                .content(built, &change.content)
                .map(|(built, dirty, warnings)| (built, dirty, warnings, change.assets)),
            Stage::Theme => {
                theme(built).map(|built| (built, Dirty::everything(), Vec::new(), true))
            }
            Stage::Config => unreachable!("handled above"),
        };
        match result {
            Ok((built, dirty, warnings, assets)) => {
                self.render(built, &dirty, assets, warnings, started)
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
                self.render(built, &Dirty::everything(), true, warnings, started)
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

    /// Re-reads the changed content files into `built` and reassembles the model if needed;
    /// gives the site, what changed and the warnings of the files read again.
    fn content(
        &mut self,
        built: Built,
        changed: &BTreeSet<String>,
    ) -> Result<(Built, Dirty, Vec<Diagnostic>), Diagnostics> {
        let opts = LoadOptions {
            drafts: self.opts.drafts,
        };
        let done = reread::run(built, changed, &opts, &mut |stage| self.lap(stage))?;
        if done.reassembled {
            self.cache = None;
        }
        Ok((done.built, done.dirty, done.warnings))
    }

    /// Renders the routes `dirty` touches (and the copied files if `assets`) of `built` into a
    /// patch, and keeps `built` if that succeeds.
    fn render(
        &mut self,
        built: Built,
        dirty: &Dirty,
        assets: bool,
        warnings: Vec<Diagnostic>,
        started: Instant,
    ) -> Outcome {
        let site = &built.site;
        // While only page bodies change, the route table and the fingerprints stay as they are:
        // the routes to render are those that show a changed page.
        let (cache, selected, table) = match self.cache.take() {
            Some(mut cache) if !dirty.all => {
                let selected = select_cached(&mut cache, &built, dirty);
                (cache, selected, None)
            }
            _ => {
                let (cache, selected, table) = select_fresh(&built, &self.routes, dirty);
                (cache, selected, Some(table))
            }
        };
        let sink = Memory::default();
        self.lap("route table");
        let mut errors =
            crate::render::route::render_routes(&cache.routes, &built.inputs(), &sink, |k| {
                selected[k]
            });
        let asset_sink = Memory::default();
        if assets {
            errors.extend(crate::assets::write_assets(
                site,
                &built.theme,
                &built.images,
                &asset_sink,
            ));
            errors.extend(built.images.write(&asset_sink));
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
        let patch = self.patch(table, assets.then_some(asset_sink), sink);
        self.kept = Some(built);
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

    /// The patch of a render: what `assets` (if copied) and `routes` wrote, and the files no
    /// longer in the new route `table` (if one was made) or among the copied files.
    fn patch(
        &mut self,
        table: Option<FxMap<u64>>,
        assets: Option<Memory>,
        routes: Memory,
    ) -> Patch {
        let mut patch = Patch::default();
        if let Some(table) = table {
            for old in self.routes.keys() {
                if !table.contains_key(old) {
                    patch.remove.push(old.clone());
                }
            }
            self.routes = table;
        }
        if let Some(assets) = assets {
            let files = assets.files.into_inner().unwrap_or_else(|e| e.into_inner());
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
        let files = routes.files.into_inner().unwrap_or_else(|e| e.into_inner());
        patch.write.extend(files);
        patch
    }
}

/// Loads the theme of `built`'s site again.
fn theme(mut built: Built) -> Result<Built, Diagnostics> {
    match crate::render::load_theme(&built.site) {
        Ok(t) => {
            built.theme = t;
            Ok(built)
        }
        Err(ds) => {
            let mut d = Diagnostics::new();
            d.extend(ds);
            Err(d)
        }
    }
}

/// The routes to render while the model's structure is that of `cache`: those that show a page
/// `dirty` names, and, if anything changed, those that show every page.
fn select_cached(cache: &mut RouteCache, built: &Built, dirty: &Dirty) -> Vec<bool> {
    let site = &built.site;
    let anything = dirty.all || !dirty.pages.is_empty();
    let routes = &cache.routes;
    let by_page = cache.by_page.get_or_insert_with(|| {
        let mut by_page = vec![Vec::new(); site.pages.len()];
        for k in 0..routes.len() {
            if let Deps::Pages { pages, .. } = routes.deps(site, &built.ex, k) {
                for rel in pages {
                    if let Some(i) = site.index_of(rel) {
                        by_page[i].push(k);
                    }
                }
            }
        }
        by_page
    });
    let mut selected = vec![false; routes.len()];
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
    selected
}

/// A new route table of `built` and the routes to render: those that show a page `dirty` names,
/// every one if `dirty.all`, and those whose fingerprint differs from the `old` table's. Gives
/// the cache, the selection and the new table of fingerprints.
fn select_fresh(
    built: &Built,
    old: &FxMap<u64>,
    dirty: &Dirty,
) -> (RouteCache, Vec<bool>, FxMap<u64>) {
    let site = &built.site;
    let anything = dirty.all || !dirty.pages.is_empty();
    let routes = Routes::new(site, &built.ex);
    // Path, fingerprint, whether it shows a changed page, whether it shows all.
    let rows: Vec<(String, u64, bool, bool)> = (0..routes.len())
        .into_par_iter()
        .map(|k| {
            let path = routes.path(site, k);
            let deps = routes.deps(site, &built.ex, k);
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
    let mut table: FxMap<u64> = FxMap::with_capacity_and_hasher(rows.len(), Default::default());
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
    (cache, selected, table)
}

#[cfg(test)]
#[path = "rebuild_tests.rs"]
mod tests;
