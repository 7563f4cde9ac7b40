//! The rendered Markdown bodies: the stage between the site model and the templates. Every
//! page's body and every section intro is rendered here once, in parallel; templates, feeds and
//! search read the result. Knows nothing of Tera, routes or the sink.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use camino::Utf8Path;
use rayon::prelude::*;

use crate::config::LinkStyle;
use crate::content::{Page, Section, Site};
use crate::diagnostics::Diagnostic;
use crate::images::Images;
use crate::markdown::{self, ImageFacts, ImageProblem, Rendered, Resolver};

/// The rendered bodies of a site.
#[derive(Debug, Default)]
pub struct Bodies {
    /// Rendered body of each page, by page index.
    pub pages: Vec<Rendered>,
    /// Rendered `_index.md` bodies, by section path.
    pub intros: HashMap<String, String>,
}

impl Bodies {
    /// Renders every page body and section intro of `site`; returns them with every diagnostic.
    pub fn render_all(site: &Site, images: &Images) -> (Bodies, Vec<Diagnostic>) {
        let results: Vec<(Rendered, Vec<Diagnostic>)> = (0..site.pages.len())
            .into_par_iter()
            .map(|i| render_page(site, images, i))
            .collect();
        let mut diags = Vec::new();
        let mut pages = Vec::with_capacity(results.len());
        for (r, ds) in results {
            pages.push(r);
            diags.extend(ds);
        }
        let mut intros = HashMap::new();
        for s in site.sections.values() {
            if let Some((html, ds)) = render_intro(site, images, s) {
                diags.extend(ds);
                intros.insert(s.path.clone(), html);
            }
        }
        (Bodies { pages, intros }, diags)
    }

    /// The summary of page `i`: its own, else its first paragraph's.
    pub fn summary(&self, site: &Site, i: usize) -> String {
        summary_of(&site.pages[i], &self.pages[i])
    }

    /// The rendered intro of the section at `path` (empty when it has none).
    pub fn intro(&self, path: &str) -> &str {
        self.intros.get(path).map_or("", String::as_str)
    }
}

/// The summary of page `p` whose body rendered as `r`: its own, else its first paragraph's.
pub fn summary_of(p: &Page, r: &Rendered) -> String {
    p.meta.summary.clone().unwrap_or_else(|| r.summary.clone())
}

/// Resolves the links and images of Markdown against the site model and its prepared images.
pub struct SiteResolver<'a> {
    /// The site.
    pub site: &'a Site,
    /// Its prepared raster images.
    pub images: &'a Images,
    /// Whether the body's first picture is the page's first (the page has no cover).
    pub eager_first: bool,
}

impl Resolver for SiteResolver<'_> {
    fn page_url(&self, rel: &str) -> Option<String> {
        self.site.page_by_rel(rel).map(|p| p.url.clone())
    }
    fn asset_exists(&self, rel: &str) -> bool {
        self.site.asset_set.contains(rel)
    }
    fn image(&self, rel: &str) -> Option<Result<ImageFacts, ImageProblem>> {
        image_facts(self.images, rel)
    }
    fn first_image_eager(&self) -> bool {
        self.eager_first
    }
}

/// What the Markdown needs of the prepared image `rel`, or why it cannot be used.
pub fn image_facts(images: &Images, rel: &str) -> Option<Result<ImageFacts, ImageProblem>> {
    Some(match images.get(rel)? {
        Ok(p) => Ok(ImageFacts {
            width: p.width,
            height: p.height,
            src: p.main().rel.clone(),
            srcset: p
                .variants
                .iter()
                .map(|v| (v.rel.clone(), v.width))
                .collect(),
        }),
        Err(problem) => Err((problem.message.clone(), problem.hint.clone())),
    })
}

/// Whether links name `index.html` (the site's `links: portable`).
pub fn portable(site: &Site) -> bool {
    site.config.links == LinkStyle::Portable
}

/// The Markdown input of `text` from `file` (whose body starts at `first_line`), with relative
/// paths starting at `dir` and links made relative to the site path `url`.
pub fn input<'a>(
    site: &Site,
    file: &'a Utf8Path,
    text: &'a str,
    first_line: u32,
    dir: &'a str,
    url: &'a str,
) -> markdown::Input<'a> {
    markdown::Input {
        file,
        text,
        first_line,
        dir,
        url,
        portable: portable(site),
        unsafe_html: site.config.markdown.unsafe_html,
    }
}

/// Renders the Markdown body of page `i`; links and images are checked against `site`.
pub fn render_page(site: &Site, images: &Images, i: usize) -> (Rendered, Vec<Diagnostic>) {
    let p = &site.pages[i];
    let input = input(site, &p.file, &p.body, p.body_line, &p.dir, &p.url);
    let resolver = SiteResolver {
        site,
        images,
        eager_first: p.meta.cover.is_none(),
    };
    guarded(&p.file, || markdown::render(&input, &resolver))
}

/// Renders the body of a section's `_index.md`, if it has one that is not empty.
pub fn render_intro(
    site: &Site,
    images: &Images,
    s: &Section,
) -> Option<(String, Vec<Diagnostic>)> {
    let file = s.file.as_ref().filter(|_| !s.body.trim().is_empty())?;
    let input = input(site, file, &s.body, 1, &s.path, &s.url);
    let resolver = SiteResolver {
        site,
        images,
        eager_first: false,
    };
    let (r, ds) = guarded(file, || markdown::render(&input, &resolver));
    Some((r.html, ds))
}

/// Runs `f`; a panic becomes an error of `file` instead of taking the build down.
fn guarded<T: Default>(
    file: &Utf8Path,
    f: impl FnOnce() -> (T, Vec<Diagnostic>),
) -> (T, Vec<Diagnostic>) {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(_) => (
            T::default(),
            vec![Diagnostic::internal(
                file,
                "yanzhen failed on this file (an internal error); the rest of the site was built",
            )],
        ),
    }
}
