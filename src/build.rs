//! The pipeline in one place: site.yaml → content model → exhibition and Markdown bodies →
//! route table → templates → sink. `load` runs the stages up to the theme once; `emit` renders
//! every route, the books, the search index and the copied files into a sink. Never prints;
//! returns a report or every diagnostic of the site.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use camino::{Utf8Path, Utf8PathBuf};
use rayon::prelude::*;

use crate::bodies::Bodies;
use crate::check::Inspection;
use crate::config::Config;
use crate::content::{self, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Failure, Severity};
use crate::exhibition::Exhibition;
use crate::images::{self, Images};
use crate::output::{self, Sink, write_error};
use crate::render::{self, Inputs, Theme};
use crate::routes::Routes;

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Site root.
    pub root: PathBuf,
    /// Output folder (default: `output_dir` of site.yaml, relative to the root).
    pub output: Option<PathBuf>,
    /// Include drafts.
    pub drafts: bool,
    /// Override of `base_url`.
    pub base_url: Option<String>,
    /// Collections (by slug) whose PDF is written even when `print.pdf` is false.
    pub pdfs: Vec<String>,
}

/// How long each stage took, in order.
pub type Timings = Vec<(&'static str, Duration)>;

/// What a successful run did.
#[derive(Debug)]
pub struct Report {
    /// Pages rendered.
    pub pages: usize,
    /// Files written.
    pub files: usize,
    /// Where the site was written (none for `check`).
    pub output: Option<PathBuf>,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// What the inspection rules of `check` found (`build` counts them; `check` lists them).
    pub inspection: usize,
    /// How long each stage took, in order.
    pub timings: Timings,
    /// Raster images encoded by this run, and those taken from the cache.
    pub images: (usize, usize),
}

/// The outputs of the stages up to the theme: what `emit` renders. `serve` keeps one between
/// saves and redoes stages of it.
pub struct Built {
    /// The model.
    pub site: Site,
    /// Its derived exhibition model.
    pub ex: Exhibition,
    /// The rendered Markdown bodies.
    pub bodies: Bodies,
    /// The prepared raster images.
    pub images: Images,
    /// The theme.
    pub theme: Theme,
}

impl Built {
    /// What the templates are made from.
    pub fn inputs(&self) -> Inputs<'_> {
        Inputs::new(
            &self.site,
            &self.ex,
            &self.bodies,
            &self.images,
            &self.theme,
        )
    }
}

/// The bookkeeping of a run: the warnings so far and the stage timings.
pub struct Run {
    /// Warnings so far.
    pub diags: Diagnostics,
    /// How long each stage took.
    pub timings: Timings,
    clock: Instant,
}

impl Run {
    /// A run starting now.
    pub fn new() -> Run {
        Run {
            diags: Diagnostics::new(),
            timings: Timings::new(),
            clock: Instant::now(),
        }
    }

    /// Records that stage `name` ended now.
    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.timings.push((name, now - self.clock));
        self.clock = now;
    }
}

impl Default for Run {
    fn default() -> Self {
        Run::new()
    }
}

fn utf8_root(root: &std::path::Path) -> Result<Utf8PathBuf, Failure> {
    Utf8PathBuf::from_path_buf(root.to_path_buf()).map_err(|p| Failure {
        diagnostics: vec![
            Diagnostic::error(
                p.display().to_string(),
                None,
                "the site folder's path is not valid Unicode",
            )
            .with_hint("move the site to a folder whose name is valid text"),
        ],
    })
}

/// Reads and validates site.yaml, with the options' overrides.
fn read_config(root: &Utf8Path, opts: &Options, diags: &mut Diagnostics) -> Option<Config> {
    let Ok(bytes) = std::fs::read(root.join("site.yaml")) else {
        diags.push(Diagnostic::error("site.yaml", None, format!("no site.yaml in {root}")).with_hint("run yanzhen in the site's folder, pass --root DIR, or create a site with `yanzhen init DIR`"));
        return None;
    };
    let parsed = content::source::decode(Utf8Path::new("site.yaml"), &bytes)
        .map_err(|d| vec![d])
        .and_then(|t| Config::parse(Utf8Path::new("site.yaml"), &t));
    match parsed {
        Ok(mut config) => {
            if let Some(b) = &opts.base_url {
                config.base_url = crate::config::normalize_base_url(b);
            }
            Some(config)
        }
        Err(ds) => {
            diags.extend(ds);
            None
        }
    }
}

/// Reads the configuration, the content and the theme, derives the exhibition and renders
/// every Markdown body.
pub fn load(opts: &Options) -> Result<(Built, Run), Failure> {
    let root = utf8_root(&opts.root)?;
    let mut diags = Diagnostics::new();
    let Some(config) = read_config(&root, opts, &mut diags) else {
        return Err(Failure::from(diags, &root));
    };
    let mut run = Run::new();
    run.diags = diags;
    let load = content::LoadOptions {
        drafts: opts.drafts,
    };
    let Some(site) = content::load(&root, config, &load, &mut run.diags) else {
        return Err(Failure::from(run.diags, &root));
    };
    run.lap("read content");
    run.diags.extend(site.config.address_warning());
    let (images, ds) = images::prepare(&site);
    run.diags.extend(ds);
    run.lap("images");
    let (bodies, ds) = Bodies::render_all(&site, &images);
    run.diags.extend(ds);
    run.lap("markdown");
    let theme = render::load_theme(&site).map_err(|ds| run.diags.extend(ds));
    match theme {
        Ok(theme) if !run.diags.has_errors() => {
            run.lap("theme");
            let ex = Exhibition::new(&site);
            let built = Built {
                site,
                ex,
                bodies,
                images,
                theme,
            };
            Ok((built, run))
        }
        _ => Err(Failure::from(run.diags, &root)),
    }
}

/// Renders every route of a built site into `sink`, with the books that `print.pdf` asks for
/// and those in `pdfs` (by slug), the search index and the copied files.
pub fn emit(built: &Built, sink: &dyn Sink, pdfs: &[String]) -> Vec<Diagnostic> {
    let site = &built.site;
    let books: Vec<usize> = (0..site.collections.len())
        .filter(|&k| {
            let c = &site.collections[k];
            // Without PDF support only an explicit `print SLUG` fails; `print.pdf` is a warning.
            let wanted = cfg!(feature = "pdf") && crate::print::settings(site, c).pdf;
            wanted || pdfs.contains(&site.pages[c.page].slug)
        })
        .collect();
    let inputs = built.inputs();
    // The pages, the books and the search index are independent: built side by side, the
    // sequential parts of one (the route table, merging the index) overlap the others' work.
    let ((mut errors, book_errors), search_errors) = rayon::join(
        || {
            rayon::join(
                || {
                    let routes = Routes::new(site, &built.ex);
                    render::route::render_routes(&routes, &inputs, sink, |_| true)
                },
                || {
                    books
                        .par_iter()
                        .flat_map_iter(|&k| write_book(site, &built.images, sink, k))
                        .collect::<Vec<Diagnostic>>()
                },
            )
        },
        || write_search_index(built, sink),
    );
    errors.extend(book_errors);
    errors.extend(search_errors);
    errors.extend(crate::assets::write_assets(
        site,
        &built.theme,
        &built.images,
        sink,
    ));
    errors.extend(built.images.write(sink));
    errors
}

/// The PDF of collection `k`, written at its path.
/// Typesets collection `k`'s PDF into `sink` (also `serve`'s, on request).
pub fn write_book(site: &Site, images: &Images, sink: &dyn Sink, k: usize) -> Vec<Diagnostic> {
    let path = crate::routes::pdf_path(site, &site.collections[k]);
    match crate::print::pdf_file(site, images, k) {
        Ok(bytes) => sink
            .write(&path, &bytes)
            .err()
            .map(|e| write_error(&path, e))
            .into_iter()
            .collect(),
        Err(ds) => ds,
    }
}

/// The search index (`search/index.js` and the text shards).
pub fn write_search_index(built: &Built, sink: &dyn Sink) -> Vec<Diagnostic> {
    let index = crate::search::index(&built.site, &built.bodies.pages);
    let (path, bytes) = &index.index;
    let mut errors: Vec<Diagnostic> = sink
        .write(path, bytes)
        .err()
        .map(|e| write_error(path, e))
        .into_iter()
        .collect();
    errors.par_extend((0..index.shards()).into_par_iter().filter_map(|n| {
        let (path, bytes) = index.shard(n);
        sink.write(&path, &bytes)
            .err()
            .map(|e| write_error(&path, e))
    }));
    errors
}

/// Where the output goes for these options.
fn output_dir(opts: &Options, site: &Site) -> PathBuf {
    match &opts.output {
        Some(o) => o.clone(),
        None => opts.root.join(&site.config.output_dir),
    }
}

/// Warnings for `print.pdf` asked of a yanzhen without PDF support.
fn pdf_warnings(site: &Site) -> Vec<Diagnostic> {
    if cfg!(feature = "pdf") {
        return Vec::new();
    }
    site.collections
        .iter()
        .filter(|c| crate::print::settings(site, c).pdf)
        .map(|c| Diagnostic::warning(&site.pages[c.page].file, None, "`print.pdf` is true, but this yanzhen was built without PDF support: no PDF was written").with_hint("build yanzhen with its default features"))
        .collect()
}

/// `yanzhen build`.
pub fn build(opts: &Options) -> Result<Report, Failure> {
    let (built, run) = load(opts)?;
    write(opts, &built, run)
}

/// Writes a loaded site into the output folder, swapping it in whole or not at all.
fn write(opts: &Options, built: &Built, mut run: Run) -> Result<Report, Failure> {
    let site = &built.site;
    let root = site.root.clone();
    let out = output_dir(opts, site);
    let disk = match output::prepare(&opts.root, &out) {
        Ok(d) => d,
        Err(d) => {
            run.diags.push(d);
            return Err(Failure::from(run.diags, &root));
        }
    };
    let started = Instant::now();
    // The inspection only reads: it runs beside the templates, and `build` only counts it.
    let (errors, inspection) =
        rayon::join(|| emit(built, &disk, &opts.pdfs), || inspection_count(site));
    run.timings
        .push(("templates and writing", started.elapsed()));
    run.diags.extend(pdf_warnings(site));
    if !errors.is_empty() {
        disk.abandon();
        run.diags.extend(errors);
        return Err(Failure::from(run.diags, &root));
    }
    let files = disk.count();
    let started = Instant::now();
    match disk.commit() {
        Ok(path) => {
            run.timings.push(("swap in", started.elapsed()));
            Ok(Report {
                pages: site.pages.len(),
                files,
                output: Some(path),
                warnings: warnings(run.diags, &root),
                inspection,
                timings: run.timings,
                images: (built.images.encoded, built.images.reused),
            })
        }
        Err(e) => {
            run.diags.push(Diagnostic::error(
                out.display().to_string(),
                None,
                format!("cannot move the new site into place: {e}"),
            ));
            Err(Failure::from(run.diags, &root))
        }
    }
}

/// `yanzhen print SLUG`: builds the site with the PDF of collection `slug` (whatever its
/// `print.pdf` says). The site is loaded once.
pub fn print(opts: &Options, slug: &str) -> Result<Report, Failure> {
    let (built, mut run) = load(opts)?;
    if crate::print::find(&built.site, slug).is_none() {
        let slugs = crate::print::slugs(&built.site);
        let names: Vec<&str> = slugs.iter().map(String::as_str).collect();
        let hint = match crate::diagnostics::did_you_mean(slug, names.iter().copied()) {
            Some(h) => format!("did you mean `{h}`?"),
            None if slugs.is_empty() => {
                "this site has no collections: add one under content/collections/".into()
            }
            None => format!("collections of this site: {}", slugs.join(", ")),
        };
        run.diags.push(
            Diagnostic::error(
                "content/collections",
                None,
                format!("no collection `{slug}`"),
            )
            .with_hint(hint),
        );
        return Err(Failure::from(run.diags, &built.site.root));
    }
    let mut opts = opts.clone();
    opts.pdfs.push(slug.to_string());
    write(&opts, &built, run)
}

/// How many findings the inspection of `check` has (a broken `wording.yaml` counts its errors).
fn inspection_count(site: &Site) -> usize {
    match crate::check::inspect(site, &crate::check::Options::default()) {
        Ok(ins) => ins.findings.len(),
        Err(ds) => ds.len(),
    }
}

/// `yanzhen check`: everything `build` does, writing nothing, then the inspection of the site
/// (site health, wording, punctuation) with the build's own warnings among its findings.
pub fn check(
    opts: &Options,
    with: &crate::check::Options,
) -> Result<(Report, Inspection), Failure> {
    let (built, mut run) = load(opts)?;
    let root = built.site.root.clone();
    let sink = output::Memory::default();
    let started = Instant::now();
    let (errors, inspection) = rayon::join(
        || emit(&built, &sink, &[]),
        || crate::check::inspect(&built.site, with),
    );
    run.timings
        .push(("templates and inspection", started.elapsed()));
    run.diags.extend(errors);
    let mut inspection = match inspection {
        Ok(ins) if !run.diags.has_errors() => ins,
        Ok(_) => return Err(Failure::from(run.diags, &root)),
        Err(ds) => {
            run.diags.extend(ds);
            return Err(Failure::from(run.diags, &root));
        }
    };
    let files = sink.files.lock().map(|f| f.len()).unwrap_or(0);
    let warnings = warnings(run.diags, &root);
    inspection.add_warnings(&warnings);
    let report = Report {
        pages: built.site.pages.len(),
        files,
        output: None,
        inspection: inspection.findings.len(),
        warnings,
        timings: run.timings,
        images: (built.images.encoded, built.images.reused),
    };
    Ok((report, inspection))
}

fn warnings(diags: Diagnostics, root: &Utf8Path) -> Vec<Diagnostic> {
    let f = Failure::from(diags, root);
    f.diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect()
}
