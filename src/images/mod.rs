//! Every raster image of `content/` goes through this one pipeline before the Markdown is
//! rendered: its header is checked, it is decoded under limits, oriented by its EXIF tag,
//! converted to sRGB, resized to the configured widths (never upscaled) and encoded without any
//! metadata, into files named `NAME-HASH8-W.ext` from its content hash. The results are cached in
//! `.yanzhen-cache/` (see [`cache`]); the Markdown, the templates and the casebook ask this
//! stage for an image's size and files. Originals are not published unless `publish_originals`.

mod cache;
mod decode;
mod encode;
mod run;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::config::ImagesConfig;
use crate::diagnostics::Diagnostic;
use crate::output::{Sink, write_error};

pub use cache::DIR as CACHE_DIR;
pub use decode::Problem;
pub use run::prepare;

/// Extensions of the files this stage takes over from the plain copy of `content/`.
pub const RASTER: &[&str] = &["jpg", "jpeg", "png", "webp", "gif", "heic", "heif"];

/// Width of gallery thumbnails: twice the largest width the theme shows them at.
pub const THUMB_WIDTH: u32 = 720;
/// Widths of brand logos: twice the 72 px of cards and the 120 px of the brand page.
pub const LOGO_WIDTHS: [u32; 2] = [144, 240];
/// Width of the casebook's pictures: 300 dpi over the widest printed picture (80 % of a
/// 160 mm text block, 128 mm).
pub const PRINT_WIDTH: u32 = 1512;

/// Whether the content path `rel` names a raster image (by its extension).
pub fn is_raster(rel: &str) -> bool {
    let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    ext.is_some_and(|e| RASTER.contains(&e.as_str()))
}

/// Whether `bytes` are raster image data yanzhen or Typst could decode.
pub fn is_raster_data(bytes: &[u8]) -> bool {
    image::guess_format(bytes).is_ok()
}

/// One published file of an image.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Its path relative to `content/` (and to the output): `cases/a/photo-1a2b3c4d-960.jpg`.
    pub rel: String,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
    /// The cached file.
    file: PathBuf,
}

/// A prepared image: its oriented size and its published files.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Oriented width of the source.
    pub width: u32,
    /// Oriented height of the source.
    pub height: u32,
    /// The variants, narrowest first.
    pub variants: Vec<Variant>,
    /// The original, stripped of metadata, when `publish_originals` is on.
    pub original: Option<Variant>,
    /// The source bytes' content hash (for the print variant's key).
    hash: String,
    /// Where the source is.
    source: PathBuf,
}

impl Prepared {
    /// The narrowest variant at least `width` pixels wide, else the widest.
    pub fn fit(&self, width: u32) -> &Variant {
        self.variants
            .iter()
            .find(|v| v.width >= width)
            .or(self.variants.last())
            .expect("a prepared image has a variant")
    }

    /// The variant used as `src`: the widest of the configured widths.
    pub fn main(&self) -> &Variant {
        self.variants
            .last()
            .expect("a prepared image has a variant")
    }
}

/// The prepared images of a site, by content path.
#[derive(Debug, Default)]
pub struct Images {
    by_rel: HashMap<String, Result<Prepared, Problem>>,
    settings: ImagesConfig,
    root: PathBuf,
    /// How many images were encoded by this run (the rest came from the cache).
    pub encoded: usize,
    /// How many images came from the cache.
    pub reused: usize,
    print_encodes: AtomicUsize,
}

impl Images {
    /// The image at the content path `rel`, if it is a raster image of the site.
    pub fn get(&self, rel: &str) -> Option<&Result<Prepared, Problem>> {
        self.by_rel.get(rel)
    }

    /// Whether `rel` is a raster image this stage handles (its original is then not copied).
    pub fn handles(&self, rel: &str) -> bool {
        self.by_rel.contains_key(rel)
    }

    /// Writes every variant (and original, if published) into `sink`.
    pub fn write(&self, sink: &dyn Sink) -> Vec<Diagnostic> {
        use rayon::prelude::*;
        let files: Vec<&Variant> = self
            .by_rel
            .values()
            .filter_map(|r| r.as_ref().ok())
            .flat_map(|p| p.variants.iter().chain(&p.original))
            .collect();
        files
            .par_iter()
            .filter_map(|v| {
                sink.copy(&v.rel, &v.file)
                    .err()
                    .map(|e| write_error(&v.rel, e))
            })
            .collect()
    }

    /// The casebook file of the image `rel`: [`PRINT_WIDTH`] wide at most, without metadata;
    /// made on first use and cached like the web variants.
    pub fn print_file(&self, rel: &str) -> Result<PathBuf, Problem> {
        let p = match self.by_rel.get(rel) {
            Some(Ok(p)) => p,
            Some(Err(problem)) => return Err(problem.clone()),
            None => {
                return Err(Problem {
                    message: format!("`{rel}` is not an image of the site"),
                    hint: None,
                });
            }
        };
        let (path, encoded) = run::print_variant(&self.root, &self.settings, rel, p)?;
        if encoded {
            self.print_encodes.fetch_add(1, Ordering::Relaxed);
        }
        Ok(path)
    }
}
