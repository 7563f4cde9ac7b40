//! The pipeline in one place: site.yaml → content model → Markdown (parallel) → templates
//! (parallel) → sink. Never prints; returns a report or every diagnostic of the site.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use camino::{Utf8Path, Utf8PathBuf};
use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::exhibition::{self, Exhibition};
use crate::markdown::{self, Rendered, Resolver};
use crate::output::{self, Sink};
use crate::render::{Theme, context};

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
}

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
    /// How long each stage took, in order.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// A run that found errors: all of them, with warnings, sorted by file and line.
#[derive(Debug)]
pub struct Failure {
    /// Every diagnostic.
    pub diagnostics: Vec<Diagnostic>,
}

impl Failure {
    fn from(mut diags: Diagnostics, root: &Utf8Path) -> Failure {
        diags.sort();
        diags.attach_sources(|p| {
            std::fs::read(root.join(p))
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
        });
        Failure {
            diagnostics: diags.into_vec(),
        }
    }
}

/// A loaded site with its bodies rendered, ready for templates.
pub struct Loaded {
    /// The model.
    pub site: Site,
    /// Rendered body of each page, by page index.
    pub rendered: Vec<Rendered>,
    /// Rendered `_index.md` bodies, by section path.
    pub intros: std::collections::HashMap<String, String>,
    /// The theme.
    pub theme: Theme,
    /// Warnings so far.
    pub diags: Diagnostics,
    /// How long each stage took.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

struct SiteResolver<'a>(&'a Site);

impl Resolver for SiteResolver<'_> {
    fn page_url(&self, rel: &str) -> Option<String> {
        self.0.by_rel.get(rel).map(|&i| self.0.pages[i].url.clone())
    }
    fn asset_exists(&self, rel: &str) -> bool {
        self.0.asset_set.contains(rel)
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

/// Reads the configuration, the content and the theme, and renders every Markdown body.
pub fn load(opts: &Options) -> Result<Loaded, Failure> {
    let root = utf8_root(&opts.root)?;
    let mut diags = Diagnostics::new();
    let config_path = root.join("site.yaml");
    let bytes = match std::fs::read(&config_path) {
        Ok(b) => b,
        Err(_) => {
            diags.push(Diagnostic::error("site.yaml", None, format!("no site.yaml in {root}")).with_hint("run yanzhen in the site's folder, pass --root DIR, or create a site with `yanzhen init DIR`"));
            return Err(Failure::from(diags, &root));
        }
    };
    let mut config = match content::source::decode(Utf8Path::new("site.yaml"), &bytes)
        .map_err(|d| vec![d])
        .and_then(|t| Config::parse(Utf8Path::new("site.yaml"), &t))
    {
        Ok(c) => c,
        Err(ds) => {
            diags.extend(ds);
            return Err(Failure::from(diags, &root));
        }
    };
    if let Some(b) = &opts.base_url {
        config.base_url = crate::config::normalize_base_url(b);
    }
    let theme_name = config.theme.clone();
    let mut timings = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |name: &'static str| {
        timings.push((name, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    let Some(site) = content::load(
        &root,
        config,
        &content::LoadOptions {
            drafts: opts.drafts,
        },
        &mut diags,
    ) else {
        return Err(Failure::from(diags, &root));
    };

    lap("read content");
    let resolver = SiteResolver(&site);
    let portable = site.config.links == crate::config::LinkStyle::Portable;
    let unsafe_html = site.config.markdown.unsafe_html;
    let results: Vec<(Rendered, Vec<Diagnostic>)> = site
        .pages
        .par_iter()
        .map(|p| {
            let input = markdown::Input {
                file: &p.file,
                text: &p.body,
                first_line: p.body_line,
                dir: &p.dir,
                url: &p.url,
                portable,
                unsafe_html,
            };
            guarded(&p.file, || markdown::render(&input, &resolver))
        })
        .collect();
    let mut rendered = Vec::with_capacity(results.len());
    for (r, ds) in results {
        rendered.push(r);
        diags.extend(ds);
    }
    let mut intros = std::collections::HashMap::new();
    for s in site.sections.values() {
        if let Some(file) = &s.file
            && !s.body.trim().is_empty()
        {
            let input = markdown::Input {
                file,
                text: &s.body,
                first_line: 1,
                dir: &s.path,
                url: &s.url,
                portable,
                unsafe_html,
            };
            let (r, ds) = guarded(file, || markdown::render(&input, &resolver));
            diags.extend(ds);
            intros.insert(s.path.clone(), r.html);
        }
    }
    lap("markdown");
    let theme = match Theme::load(&root, &theme_name) {
        Ok(t) => Some(t),
        Err(ds) => {
            diags.extend(ds);
            None
        }
    };
    match theme {
        Some(mut theme) if !diags.has_errors() => {
            theme.set_globals(context::globals(&site));
            lap("theme");
            Ok(Loaded {
                site,
                rendered,
                intros,
                theme,
                diags,
                timings,
            })
        }
        _ => Err(Failure::from(diags, &root)),
    }
}

/// Runs `f`; a panic becomes an error of `file` instead of taking the build down.
fn guarded<T: Default>(
    file: &Utf8Path,
    f: impl FnOnce() -> (T, Vec<Diagnostic>),
) -> (T, Vec<Diagnostic>) {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(_) => (T::default(), vec![Diagnostic::error(file, None, "yanzhen failed on this file (an internal error); the rest of the site was built").with_hint("please report this file to the yanzhen developers")]),
    }
}

enum Job<'a> {
    Home,
    Exhibit(crate::render::exhibit::Route),
    Page {
        i: usize,
        prev: Option<usize>,
        next: Option<usize>,
    },
    List {
        spec: &'a ListJob,
        n: usize,
    },
}

struct ListJob {
    base: String,
    title: String,
    description: Option<String>,
    intro: String,
    crumbs: Vec<(String, Option<String>)>,
    items: Vec<usize>,
    per_page: usize,
}

impl ListJob {
    fn total(&self) -> usize {
        self.items.len().div_ceil(self.per_page).max(1)
    }
}

/// Renders every route of a loaded site into `sink` and copies the static files.
pub fn write_site(loaded: &Loaded, sink: &dyn Sink) -> Vec<Diagnostic> {
    let site = &loaded.site;
    let ex = Exhibition::new(site);
    let mut lists = Vec::new();
    for s in site
        .sections
        .values()
        .filter(|s| !s.path.is_empty() && !exhibition::REPLACED_SECTIONS.contains(&s.path.as_str()))
    {
        let mut crumbs = Vec::new();
        let mut acc = String::new();
        let parts: Vec<&str> = s.path.split('/').collect();
        for (k, seg) in parts.iter().enumerate() {
            acc.push_str(seg);
            acc.push('/');
            if k + 1 < parts.len() {
                let t = site
                    .sections
                    .get(acc.trim_end_matches('/'))
                    .map(|x| x.title())
                    .unwrap_or_else(|| seg.to_string());
                crumbs.push((t, Some(acc.clone())));
            }
        }
        crumbs.push((s.title(), None));
        lists.push(ListJob {
            base: s.url.clone(),
            title: s.title(),
            description: s.meta.description.clone(),
            intro: loaded.intros.get(&s.path).cloned().unwrap_or_default(),
            crumbs,
            items: s.pages.clone(),
            per_page: s.meta.paginate,
        });
    }
    for c in &site.config.columns {
        lists.push(ListJob {
            base: format!("columns/{}/", c.slug),
            title: c.title.clone(),
            description: c.description.clone(),
            intro: String::new(),
            crumbs: vec![(c.title.clone(), None)],
            items: site.columns.get(&c.slug).cloned().unwrap_or_default(),
            per_page: 20,
        });
    }
    for t in crate::render::exhibit::listings(site, &ex) {
        lists.push(ListJob {
            base: t.path,
            title: t.title,
            description: None,
            intro: String::new(),
            crumbs: t.crumbs,
            items: t.pages,
            per_page: 20,
        });
    }
    let mut jobs = vec![Job::Home];
    let mut sitemap: Vec<(String, Option<String>)> = vec![(String::new(), None)];
    for l in &lists {
        for n in 1..=l.total() {
            sitemap.push((context::list_page_path(&l.base, n), None));
        }
    }
    for route in crate::render::exhibit::routes(site, &ex) {
        if let Some(p) = route.sitemap_path() {
            sitemap.push((p, None));
        }
        jobs.push(Job::Exhibit(route));
    }
    for p in &site.pages {
        sitemap.push((
            p.url.clone(),
            p.meta.updated.or(p.meta.date).map(|d| d.ymd()),
        ));
    }
    jobs.push(Job::Exhibit(crate::render::exhibit::Route::Sitemap(
        sitemap,
    )));
    for s in site.sections.values() {
        for (k, &i) in s.pages.iter().enumerate() {
            let prev = k.checked_sub(1).map(|k| s.pages[k]);
            let next = s.pages.get(k + 1).copied();
            jobs.push(Job::Page { i, prev, next });
        }
    }
    for l in &lists {
        for n in 1..=l.total() {
            jobs.push(Job::List { spec: l, n });
        }
    }

    let mut errors: Vec<Diagnostic> =
        jobs.par_iter()
            .filter_map(|job| {
                catch_unwind(AssertUnwindSafe(|| render_job(loaded, &ex, sink, job)))
                    .unwrap_or_else(|_| {
                        Some(
                            Diagnostic::error(
                                "(templates)",
                                None,
                                "yanzhen failed while rendering a page (an internal error)",
                            )
                            .with_hint("please report this to the yanzhen developers"),
                        )
                    })
            })
            .collect();
    errors.extend(write_assets(loaded, sink));
    errors
}

fn render_job(loaded: &Loaded, ex: &Exhibition, sink: &dyn Sink, job: &Job) -> Option<Diagnostic> {
    let site = &loaded.site;
    let (path, result) = match job {
        Job::Home => (
            "index.html".to_string(),
            loaded
                .theme
                .render("home.html", &context::home(site, &loaded.rendered, ex)),
        ),
        Job::Exhibit(route) => crate::render::exhibit::render(loaded, ex, route),
        Job::Page { i, prev, next } => {
            let p = &site.pages[*i];
            let ctx = context::page(site, &loaded.rendered, ex, *i, *prev, *next);
            (
                format!("{}index.html", p.url),
                loaded
                    .theme
                    .render("page.html", &ctx)
                    .map_err(|d| d.with_hint(format!("while rendering {}", p.file))),
            )
        }
        Job::List { spec, n } => {
            let start = (n - 1) * spec.per_page;
            let items = &spec.items
                [start.min(spec.items.len())..(start + spec.per_page).min(spec.items.len())];
            let ls = context::ListSpec {
                base: &spec.base,
                title: spec.title.clone(),
                description: spec.description.clone(),
                intro: spec.intro.clone(),
                crumbs: spec.crumbs.clone(),
                total_pages: spec.total(),
                count: spec.items.len(),
            };
            let ctx = context::list(site, &loaded.rendered, &ls, *n, items);
            (
                format!("{}index.html", context::list_page_path(&spec.base, *n)),
                loaded.theme.render("list.html", &ctx),
            )
        }
    };
    match result {
        Ok(html) => sink
            .write(&path, html.as_bytes())
            .err()
            .map(|e| write_error(&path, e)),
        Err(d) => Some(d),
    }
}

/// Theme assets, the highlight stylesheet, static/ and content assets.
fn write_assets(loaded: &Loaded, sink: &dyn Sink) -> Vec<Diagnostic> {
    let site = &loaded.site;
    let mut errors = Vec::new();
    for (name, bytes) in &loaded.theme.assets {
        if let Err(e) = sink.write(&format!("assets/{name}"), bytes) {
            errors.push(write_error(name, e));
        }
    }
    if let Err(e) = sink.write(
        "assets/highlight.css",
        markdown::highlight::stylesheet().as_bytes(),
    ) {
        errors.push(write_error("assets/highlight.css", e));
    }
    let mut copies: Vec<(String, PathBuf)> = site
        .assets
        .iter()
        .map(|a| {
            (
                a.rel.clone(),
                site.root.join("content").join(&a.rel).into_std_path_buf(),
            )
        })
        .collect();
    let static_dir = site.root.join("static");
    if static_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&static_dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(&static_dir)
                    .unwrap_or(entry.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                if !rel.split('/').any(content::is_ignored) {
                    copies.push((rel, entry.path().to_path_buf()));
                }
            }
        }
    }
    errors.par_extend(
        copies
            .par_iter()
            .filter_map(|(rel, from)| sink.copy(rel, from).err().map(|e| write_error(rel, e))),
    );
    errors
}

fn write_error(path: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(path, None, format!("cannot write the output file: {e}"))
}

/// Where the output goes for these options.
fn output_dir(opts: &Options, loaded: &Loaded) -> PathBuf {
    match &opts.output {
        Some(o) => o.clone(),
        None => opts.root.join(&loaded.site.config.output_dir),
    }
}

/// `yanzhen build`.
pub fn build(opts: &Options) -> Result<Report, Failure> {
    let loaded = load(opts)?;
    let root = loaded.site.root.clone();
    let out = output_dir(opts, &loaded);
    let disk = match output::prepare(&opts.root, &out) {
        Ok(d) => d,
        Err(d) => {
            let mut diags = loaded.diags;
            diags.push(d);
            return Err(Failure::from(diags, &root));
        }
    };
    let started = std::time::Instant::now();
    let errors = write_site(&loaded, &disk);
    let mut timings = loaded.timings;
    timings.push(("templates and writing", started.elapsed()));
    let mut diags = loaded.diags;
    if !errors.is_empty() {
        disk.abandon();
        diags.extend(errors);
        return Err(Failure::from(diags, &root));
    }
    let files = disk.count();
    let started = std::time::Instant::now();
    match disk.commit() {
        Ok(path) => {
            timings.push(("swap in", started.elapsed()));
            Ok(Report {
                pages: loaded.site.pages.len(),
                files,
                output: Some(path),
                warnings: warnings(diags, &root),
                timings,
            })
        }
        Err(e) => {
            diags.push(Diagnostic::error(
                out.display().to_string(),
                None,
                format!("cannot move the new site into place: {e}"),
            ));
            Err(Failure::from(diags, &root))
        }
    }
}

/// `yanzhen check`: everything `build` does, writing nothing.
pub fn check(opts: &Options) -> Result<Report, Failure> {
    let loaded = load(opts)?;
    let root = loaded.site.root.clone();
    let sink = output::Memory::default();
    let started = std::time::Instant::now();
    let errors = write_site(&loaded, &sink);
    let mut timings = loaded.timings;
    timings.push(("templates", started.elapsed()));
    let mut diags = loaded.diags;
    if !errors.is_empty() {
        diags.extend(errors);
        return Err(Failure::from(diags, &root));
    }
    let files = sink.files.lock().map(|f| f.len()).unwrap_or(0);
    Ok(Report {
        pages: loaded.site.pages.len(),
        files,
        output: None,
        warnings: warnings(diags, &root),
        timings,
    })
}

fn warnings(diags: Diagnostics, root: &Utf8Path) -> Vec<Diagnostic> {
    let f = Failure::from(diags, root);
    f.diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect()
}
