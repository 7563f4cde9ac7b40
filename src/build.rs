//! The pipeline in one place: site.yaml → content model → Markdown (parallel) → templates
//! (parallel) → sink. Never prints; returns a report or every diagnostic of the site.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use camino::{Utf8Path, Utf8PathBuf};
use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Failure, Severity};
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
    /// Collections (by slug) whose PDF is written even when `print.pdf` is false.
    pub pdfs: Vec<String>,
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
    let results: Vec<(Rendered, Vec<Diagnostic>)> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| render_page(&site, i))
        .collect();
    let mut rendered = Vec::with_capacity(results.len());
    for (r, ds) in results {
        rendered.push(r);
        diags.extend(ds);
    }
    let mut intros = std::collections::HashMap::new();
    for s in site.sections.values() {
        if let Some((html, ds)) = render_intro(&site, s) {
            diags.extend(ds);
            intros.insert(s.path.clone(), html);
        }
    }
    lap("markdown");
    let theme = match load_theme(&site) {
        Ok(t) => Some(t),
        Err(ds) => {
            diags.extend(ds);
            None
        }
    };
    match theme {
        Some(theme) if !diags.has_errors() => {
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

/// Renders the Markdown body of page `i`; links and images are checked against `site`.
pub fn render_page(site: &Site, i: usize) -> (Rendered, Vec<Diagnostic>) {
    let p = &site.pages[i];
    let input = markdown::Input {
        file: &p.file,
        text: &p.body,
        first_line: p.body_line,
        dir: &p.dir,
        url: &p.url,
        portable: site.config.links == crate::config::LinkStyle::Portable,
        unsafe_html: site.config.markdown.unsafe_html,
    };
    guarded(&p.file, || markdown::render(&input, &SiteResolver(site)))
}

/// Renders the body of a section's `_index.md`, if it has one that is not empty.
pub fn render_intro(site: &Site, s: &content::Section) -> Option<(String, Vec<Diagnostic>)> {
    let file = s.file.as_ref().filter(|_| !s.body.trim().is_empty())?;
    let input = markdown::Input {
        file,
        text: &s.body,
        first_line: 1,
        dir: &s.path,
        url: &s.url,
        portable: site.config.links == crate::config::LinkStyle::Portable,
        unsafe_html: site.config.markdown.unsafe_html,
    };
    let (r, ds) = guarded(file, || markdown::render(&input, &SiteResolver(site)));
    Some((r.html, ds))
}

/// Loads the theme that site.yaml names, with the site's globals set.
pub fn load_theme(site: &Site) -> Result<Theme, Vec<Diagnostic>> {
    let mut theme = Theme::load(&site.root, &site.config.theme)?;
    theme.set_globals(context::globals(site));
    Ok(theme)
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

enum Job {
    Home,
    Exhibit(crate::render::exhibit::Route),
    Page {
        i: usize,
        prev: Option<usize>,
        next: Option<usize>,
    },
    List {
        spec: usize,
        n: usize,
    },
    /// The print edition of a collection (`collections/SLUG/print/`).
    PrintHtml(usize),
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

    fn slice(&self, n: usize) -> &[usize] {
        let start = (n - 1) * self.per_page;
        &self.items[start.min(self.items.len())..(start + self.per_page).min(self.items.len())]
    }
}

/// What a route shows, so that `serve` renders again only the routes an edit touches. Every kind
/// of route declares it in [`Routes::deps`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Deps<'a> {
    /// Shows something of every page (the home page's counts; feeds, search index).
    All,
    /// Shows these pages (by `rel`; `""` for an empty place such as "no previous page"), in this
    /// order, and these numbers about its place (page count of a list, entries): when any page
    /// changes, or the list or a number differs, the route is rendered again.
    Pages {
        /// The pages shown.
        pages: Vec<&'a str>,
        /// Other numbers that shape the route.
        shape: Vec<usize>,
    },
}

/// Every route of a loaded site: what is rendered at each output path and what it shows.
pub struct Routes {
    lists: Vec<ListJob>,
    jobs: Vec<Job>,
    /// Tags, units, years, related pages and collection places, computed once per model.
    ex: Exhibition,
}

impl Routes {
    /// The routes of `loaded`: home, pages with previous/next, section and column lists.
    pub fn new(loaded: &Loaded) -> Routes {
        let site = &loaded.site;
        let ex = Exhibition::new(site);
        let mut lists = Vec::new();
        for s in site.sections.values().filter(|s| {
            !s.path.is_empty() && !exhibition::REPLACED_SECTIONS.contains(&s.path.as_str())
        }) {
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
        for (spec, l) in lists.iter().enumerate() {
            for n in 1..=l.total() {
                jobs.push(Job::List { spec, n });
            }
        }
        jobs.extend((0..site.collections.len()).map(Job::PrintHtml));
        Routes { lists, jobs, ex }
    }

    /// Number of routes.
    pub fn len(&self) -> usize {
        self.jobs.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }

    /// The output path of route `k` (`cases/a/index.html`).
    pub fn path(&self, loaded: &Loaded, k: usize) -> String {
        match &self.jobs[k] {
            Job::Home => "index.html".to_string(),
            Job::Page { i, .. } => format!("{}index.html", loaded.site.pages[*i].url),
            Job::List { spec, n } => format!(
                "{}index.html",
                context::list_page_path(&self.lists[*spec].base, *n)
            ),
            Job::PrintHtml(c) => {
                crate::print::html_path(&loaded.site, &loaded.site.collections[*c])
            }
            Job::Exhibit(route) => route.path(&loaded.site),
        }
    }

    /// What route `k` shows.
    pub fn deps<'a>(&self, loaded: &'a Loaded, k: usize) -> Deps<'a> {
        let pages = &loaded.site.pages;
        let rel = |i: Option<usize>| i.map_or("", |i| pages[i].rel.as_str());
        match &self.jobs[k] {
            // The matrix, indexes, feeds, sitemap and 404 show many pages.
            Job::Home | Job::Exhibit(_) => Deps::All,
            Job::Page { i, prev, next } => {
                let mut shown = vec![rel(Some(*i)), rel(*prev), rel(*next)];
                if let Some(c) = loaded.site.collections.iter().find(|c| c.page == *i) {
                    book_order(c, &rel, &mut shown);
                }
                Deps::Pages {
                    pages: shown,
                    shape: Vec::new(),
                }
            }
            Job::List { spec, n } => {
                let l = &self.lists[*spec];
                Deps::Pages {
                    pages: l.slice(*n).iter().map(|&i| rel(Some(i))).collect(),
                    shape: vec![l.total(), l.items.len()],
                }
            }
            Job::PrintHtml(c) => {
                // The whole book: the collection page and every entry's body.
                let c = &loaded.site.collections[*c];
                let mut shown = vec![rel(Some(c.page))];
                book_order(c, &rel, &mut shown);
                Deps::Pages {
                    pages: shown,
                    shape: Vec::new(),
                }
            }
        }
    }

    /// Renders the routes for which `select(k)` holds into `sink`; returns the errors.
    pub fn render(
        &self,
        loaded: &Loaded,
        sink: &dyn Sink,
        select: impl Fn(usize) -> bool + Sync,
    ) -> Vec<Diagnostic> {
        (0..self.jobs.len())
            .into_par_iter()
            .filter(|&k| select(k))
            .filter_map(|k| {
                catch_unwind(AssertUnwindSafe(|| self.render_one(loaded, sink, k))).unwrap_or_else(
                    |_| {
                        Some(
                            Diagnostic::error(
                                "(templates)",
                                None,
                                "yanzhen failed while rendering a page (an internal error)",
                            )
                            .with_hint("please report this to the yanzhen developers"),
                        )
                    },
                )
            })
            .collect()
    }

    fn render_one(&self, loaded: &Loaded, sink: &dyn Sink, k: usize) -> Option<Diagnostic> {
        let site = &loaded.site;
        let path = self.path(loaded, k);
        let result = match &self.jobs[k] {
            Job::Home => loaded.theme.render(
                "home.html",
                &context::home(site, &loaded.rendered, &self.ex),
            ),
            Job::Exhibit(route) => crate::render::exhibit::render(loaded, &self.ex, route).1,
            Job::Page { i, prev, next } => {
                let p = &site.pages[*i];
                let ctx = context::page(site, &loaded.rendered, &self.ex, *i, *prev, *next);
                loaded
                    .theme
                    .render("page.html", &ctx)
                    .map_err(|d| d.with_hint(format!("while rendering {}", p.file)))
            }
            Job::List { spec, n } => {
                let spec = &self.lists[*spec];
                let ls = context::ListSpec {
                    base: &spec.base,
                    title: spec.title.clone(),
                    description: spec.description.clone(),
                    intro: spec.intro.clone(),
                    crumbs: spec.crumbs.clone(),
                    total_pages: spec.total(),
                    count: spec.items.len(),
                };
                let ctx = context::list(site, &loaded.rendered, &ls, *n, spec.slice(*n));
                loaded.theme.render("list.html", &ctx)
            }
            Job::PrintHtml(c) => {
                crate::print::html::render(site, &loaded.theme, &site.collections[*c])
                    .map_err(|ds| ds.into_iter().next().expect("an error"))
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
}

/// Appends a collection's entries in book order, each part closed by `""`, so that a moved entry
/// or a changed part changes the dependencies of the routes that show the book.
fn book_order<'a>(
    c: &content::Collection,
    rel: &impl Fn(Option<usize>) -> &'a str,
    shown: &mut Vec<&'a str>,
) {
    for part in &c.parts {
        shown.extend(part.entries.iter().map(|&e| rel(Some(e))));
        shown.push("");
    }
}

/// Renders every route of a loaded site into `sink` and copies the static files.
pub fn write_site(loaded: &Loaded, sink: &dyn Sink) -> Vec<Diagnostic> {
    write_site_with(loaded, sink, &[])
}

/// [`write_site`], also writing the PDFs of the collections in `pdfs` (by slug).
pub fn write_site_with(loaded: &Loaded, sink: &dyn Sink, pdfs: &[String]) -> Vec<Diagnostic> {
    let site = &loaded.site;
    let mut books = Vec::new();
    for (k, c) in site.collections.iter().enumerate() {
        let slug = &site.pages[c.page].slug;
        // Without PDF support only an explicit `print SLUG` fails; `print.pdf` is a warning.
        let wanted = cfg!(feature = "pdf") && crate::print::settings(site, c).pdf;
        if wanted || pdfs.contains(slug) {
            books.push(k);
        }
    }
    // The pages, the books and the search index are independent: built side by side, the
    // sequential parts of one (the route table, merging the index) overlap the others' work.
    let ((mut errors, book_errors), search_errors) = rayon::join(
        || {
            rayon::join(
                || Routes::new(loaded).render(loaded, sink, |_| true),
                || {
                    books
                        .par_iter()
                        .flat_map(|&k| print_pdf(loaded, sink, k))
                        .collect::<Vec<Diagnostic>>()
                },
            )
        },
        || write_search(loaded, sink),
    );
    errors.extend(book_errors);
    errors.extend(search_errors);
    errors.extend(write_assets(loaded, sink));
    errors
}

/// The search page and its index (`search/index.html`, `search/*.js`).
pub fn write_search(loaded: &Loaded, sink: &dyn Sink) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    match loaded
        .theme
        .render("search.html", &context::search(&loaded.site))
    {
        Ok(html) => {
            if let Err(e) = sink.write("search/index.html", html.as_bytes()) {
                errors.push(write_error("search/index.html", e));
            }
        }
        Err(d) => errors.push(d),
    }
    let index = crate::search::index(&loaded.site, &loaded.rendered);
    let (path, bytes) = &index.index;
    if let Err(e) = sink.write(path, bytes) {
        errors.push(write_error(path, e));
    }
    errors.par_extend((0..index.shards()).into_par_iter().filter_map(|n| {
        let (path, bytes) = index.shard(n);
        sink.write(&path, &bytes)
            .err()
            .map(|e| write_error(&path, e))
    }));
    errors
}

#[cfg(feature = "pdf")]
fn print_pdf(loaded: &Loaded, sink: &dyn Sink, k: usize) -> Vec<Diagnostic> {
    let site = &loaded.site;
    let path = crate::print::pdf_path(site, &site.collections[k]);
    let result = catch_unwind(AssertUnwindSafe(|| crate::print::pdf::book(site, k)))
        .unwrap_or_else(|_| {
            let file = &site.pages[site.collections[k].page].file;
            Err(vec![
                Diagnostic::error(
                    file,
                    None,
                    "yanzhen failed while typesetting this book (an internal error)",
                )
                .with_hint("please report this to the yanzhen developers"),
            ])
        });
    match result {
        Ok(bytes) => sink
            .write(&path, &bytes)
            .err()
            .map(|e| write_error(&path, e))
            .into_iter()
            .collect(),
        Err(ds) => ds,
    }
}

#[cfg(not(feature = "pdf"))]
fn print_pdf(loaded: &Loaded, _: &dyn Sink, k: usize) -> Vec<Diagnostic> {
    let site = &loaded.site;
    let c = &site.collections[k];
    vec![
        Diagnostic::error(
            &site.pages[c.page].file,
            None,
            "this yanzhen was built without PDF support",
        )
        .with_hint("build yanzhen with its default features (`cargo build --release`), or set `print.pdf: false`"),
    ]
}

/// Theme assets, the highlight stylesheet, static/ and content assets.
pub fn write_assets(loaded: &Loaded, sink: &dyn Sink) -> Vec<Diagnostic> {
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
    let errors = write_site_with(&loaded, &disk, &opts.pdfs);
    let mut timings = loaded.timings;
    timings.push(("templates and writing", started.elapsed()));
    let mut diags = loaded.diags;
    if !cfg!(feature = "pdf") {
        for c in &loaded.site.collections {
            if crate::print::settings(&loaded.site, c).pdf {
                diags.push(Diagnostic::warning(&loaded.site.pages[c.page].file, None, "`print.pdf` is true, but this yanzhen was built without PDF support: no PDF was written").with_hint("build yanzhen with its default features"));
            }
        }
    }
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

/// `yanzhen print SLUG`: builds the site with the PDF of collection `slug` (whatever its
/// `print.pdf` says).
pub fn print(opts: &Options, slug: &str) -> Result<Report, Failure> {
    let loaded = load(opts)?;
    if crate::print::find(&loaded.site, slug).is_none() {
        let root = loaded.site.root.clone();
        let slugs = crate::print::slugs(&loaded.site);
        let names: Vec<&str> = slugs.iter().map(String::as_str).collect();
        let hint = match crate::diagnostics::did_you_mean(slug, names.iter().copied()) {
            Some(h) => format!("did you mean `{h}`?"),
            None if slugs.is_empty() => {
                "this site has no collections: add one under content/collections/".into()
            }
            None => format!("collections of this site: {}", slugs.join(", ")),
        };
        let mut diags = loaded.diags;
        diags.push(
            Diagnostic::error(
                "content/collections",
                None,
                format!("no collection `{slug}`"),
            )
            .with_hint(hint),
        );
        return Err(Failure::from(diags, &root));
    }
    let mut opts = opts.clone();
    opts.pdfs.push(slug.to_string());
    build(&opts)
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
