//! A route to bytes: the one dispatch from [`Route`] to the context builder and template that
//! make it, and the parallel loop that renders a selection of routes into a sink. A panic or a
//! template error names the route's source file.

use std::panic::{AssertUnwindSafe, catch_unwind};

use camino::Utf8PathBuf;
use rayon::prelude::*;

use super::{Inputs, feeds, indexes, lists, page};
use crate::diagnostics::Diagnostic;
use crate::output::{Sink, write_error};
use crate::routes::{Route, Routes, column_path};

/// Renders the routes `k` of `routes` for which `select(k)` holds into `sink`; returns the
/// errors of all of them.
pub fn render_routes(
    routes: &Routes,
    inp: &Inputs,
    sink: &dyn Sink,
    select: impl Fn(usize) -> bool + Sync,
) -> Vec<Diagnostic> {
    (0..routes.len())
        .into_par_iter()
        .filter(|&k| select(k))
        .flat_map_iter(|k| {
            let rendered = catch_unwind(AssertUnwindSafe(|| render_route(routes, inp, k)))
                .unwrap_or_else(|_| {
                    Err(vec![Diagnostic::internal(
                        source(routes, inp, k),
                        "yanzhen failed while rendering this page (an internal error)",
                    )])
                });
            let path = routes.path(inp.site, k);
            match rendered {
                Ok(bytes) => sink
                    .write(&path, bytes.as_bytes())
                    .err()
                    .map(|e| write_error(&path, e))
                    .into_iter()
                    .collect(),
                Err(ds) => ds,
            }
        })
        .collect()
}

/// The file route `k` comes from: the page's or section's Markdown, else the template.
pub fn source(routes: &Routes, inp: &Inputs, k: usize) -> Utf8PathBuf {
    let site = inp.site;
    let content = match routes.get(k) {
        Route::Page { i, .. } => Some(site.pages[i].file.clone()),
        Route::PrintHtml(c) => Some(site.pages[site.collections[c].page].file.clone()),
        Route::List { plan, .. } => match &routes.lists[plan].source {
            crate::routes::ListSource::Section(path) => site.sections[path]
                .file
                .clone()
                .or_else(|| Some(Utf8PathBuf::from(format!("content/{path}")))),
            crate::routes::ListSource::Column(_) => Some("site.yaml".into()),
            _ => None,
        },
        _ => None,
    };
    content.unwrap_or_else(|| inp.theme.source(template(routes.get(k))))
}

/// The template that renders a route (the feeds and sitemap are written without one).
fn template(route: Route) -> &'static str {
    match route {
        Route::Home => "home.html",
        Route::Page { .. } => "page.html",
        Route::List { .. } => "list.html",
        Route::PrintHtml(_) => "print.html",
        Route::BrandMatrix => "brands.html",
        Route::UnitIndex | Route::TagIndex | Route::YearIndex => "terms.html",
        Route::NotFound => "404.html",
        Route::Stats => "stats.html",
        Route::Search => "search.html",
        Route::Feed(_) | Route::Sitemap => "base.html",
    }
}

/// The text of route `k`.
fn render_route(routes: &Routes, inp: &Inputs, k: usize) -> Result<String, Vec<Diagnostic>> {
    let route = routes.get(k);
    let ctx = match route {
        Route::Feed(c) => return Ok(feed(inp, c)),
        Route::Sitemap => return Ok(feeds::sitemap(inp.site, &routes.sitemap)),
        Route::PrintHtml(c) => super::print_context(inp, c)?,
        Route::Home => lists::home(inp),
        Route::Page { i, prev, next } => page::page(inp, i, prev, next),
        Route::List { plan, n } => lists::list(inp, &routes.lists[plan], n),
        Route::BrandMatrix => indexes::matrix(inp),
        Route::UnitIndex => indexes::unit_index(inp),
        Route::TagIndex => indexes::tag_index(inp),
        Route::YearIndex => indexes::year_index(inp),
        Route::NotFound => indexes::not_found(inp),
        Route::Stats => super::stats::stats(inp),
        Route::Search => lists::search(inp),
    };
    inp.theme.render(template(route), &ctx).map_err(|d| {
        let hint = format!("while rendering {}", source(routes, inp, k));
        vec![d.with_hint(hint)]
    })
}

/// A column's feed, or the site's (`None`).
fn feed(inp: &Inputs, c: Option<usize>) -> String {
    let site = inp.site;
    let (path, page, title, subtitle, pages) = match c {
        Some(c) => {
            let col = &site.config.columns[c];
            let page = column_path(site, c);
            (
                format!("{page}atom.xml"),
                page,
                format!("{} - {}", col.title, site.config.title),
                col.description.clone(),
                site.columns.get(&col.slug).cloned().unwrap_or_default(),
            )
        }
        None => (
            "atom.xml".to_string(),
            String::new(),
            site.config.title.clone(),
            site.config.subtitle.clone(),
            crate::exhibition::feed_pages(site, crate::routes::FEED_ENTRIES),
        ),
    };
    let spec = feeds::FeedSpec {
        title: &title,
        subtitle: subtitle.as_deref(),
        page: &page,
        path: &path,
    };
    feeds::atom(site, inp.bodies, &spec, &pages)
}
