//! The files copied as they are: the theme's assets, the highlight stylesheet, `static/` (found by
//! the one walker, `content::scan`) and the non-Markdown files under `content/`, all written
//! through the sink.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::content::{self, Site};
use crate::diagnostics::Diagnostic;
use crate::images::Images;
use crate::markdown;
use crate::output::{Sink, write_error};
use crate::render::Theme;

/// Theme assets, the highlight stylesheet, static/ and content assets. Raster images of
/// `content/` are not copied: [`Images::write`] publishes their variants (and, with
/// `publish_originals`, their stripped originals) instead.
pub fn write_assets(
    site: &Site,
    theme: &Theme,
    images: &Images,
    sink: &dyn Sink,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (name, bytes) in &theme.assets {
        if let Err(e) = sink.write(&format!("assets/{name}"), bytes) {
            errors.push(write_error(name, e));
        }
    }
    // The print editions load the bundled fonts, so their headings print in the book's faces.
    if !site.collections.is_empty() {
        for (name, bytes) in crate::print::BUNDLED_FONTS {
            let path = format!("assets/fonts/{name}");
            if let Err(e) = sink.write(&path, bytes) {
                errors.push(write_error(&path, e));
            }
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
        .filter(|a| !images.handles(&a.rel))
        .map(|a| {
            (
                a.rel.clone(),
                site.root.join("content").join(&a.rel).into_std_path_buf(),
            )
        })
        .collect();
    let found = content::scan(&site.root, "static");
    errors.extend(found.problems);
    let static_dir = site.root.join("static");
    for rel in found.markdown.into_iter().chain(found.assets) {
        let from = static_dir.join(&rel).into_std_path_buf();
        copies.push((rel, from));
    }
    errors.par_extend(
        copies
            .par_iter()
            .filter_map(|(rel, from)| sink.copy(rel, from).err().map(|e| write_error(rel, e))),
    );
    errors
}
