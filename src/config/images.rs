//! The `images:` block of site.yaml: how photos are resized and encoded. Kept apart from
//! `config.rs` so each stays short; read as strictly as the rest of the file.

use serde::Serialize;

use crate::diagnostics::suggest;
use crate::fields::Reader;
use crate::yaml::{Node, Value};

/// How raster images are prepared (`images:` in site.yaml).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ImagesConfig {
    /// Widths of the responsive variants, ascending, never upscaled.
    pub widths: Vec<u32>,
    /// Encoder quality, 1–100.
    pub quality: u8,
    /// Encoding of photos.
    pub format: ImageFormat,
    /// Publish the original (metadata stripped, orientation applied) beside the variants.
    pub publish_originals: bool,
    /// Images of more pixels than this many millions are refused before decoding.
    pub max_megapixels: u32,
}

/// The encoding of photos (opaque images).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ImageFormat {
    /// Baseline JPEG.
    #[serde(rename = "jpeg")]
    Jpeg,
    /// Lossy WebP.
    #[serde(rename = "webp")]
    Webp,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            widths: vec![480, 960, 1600],
            quality: 80,
            format: ImageFormat::Jpeg,
            publish_originals: false,
            max_megapixels: 50,
        }
    }
}

const FIELDS: &[&str] = &[
    "widths",
    "quality",
    "format",
    "publish_originals",
    "max_megapixels",
];

/// Reads `images:`; every wrong value is reported with its position and leaves the default.
pub(super) fn read_images(r: &mut Reader, v: &Node) -> ImagesConfig {
    let mut c = ImagesConfig::default();
    for (k, fv) in r.map(v, "images", FIELDS) {
        match k.name.as_str() {
            "widths" => {
                if let Some(w) = read_widths(r, fv) {
                    c.widths = w;
                }
            }
            "quality" => {
                if let Some(q) = ranged(r, fv, "quality", 1, 100) {
                    c.quality = q as u8;
                }
            }
            "format" => match r.string(fv, "format").as_deref() {
                Some("jpeg") | Some("jpg") => c.format = ImageFormat::Jpeg,
                Some("webp") => c.format = ImageFormat::Webp,
                Some(other) => r.error(
                    fv.at,
                    format!("unknown image format `{other}`"),
                    Some(suggest(other, &["jpeg", "webp"])),
                ),
                None => {}
            },
            "publish_originals" => {
                c.publish_originals = r.bool(fv, "publish_originals").unwrap_or(false);
            }
            _ => {
                if let Some(m) = ranged(r, fv, "max_megapixels", 1, 1000) {
                    c.max_megapixels = m as u32;
                }
            }
        }
    }
    c
}

/// A whole number between `lo` and `hi`.
fn ranged(r: &mut Reader, v: &Node, field: &str, lo: i64, hi: i64) -> Option<i64> {
    let n = r.int(v, field)?;
    if (lo..=hi).contains(&n) {
        Some(n)
    } else {
        r.error(
            v.at,
            format!("`{field}` must be between {lo} and {hi}, found {n}"),
            None,
        );
        None
    }
}

/// `widths: [480, 960, 1600]`: one to eight widths of 16 to 8192 pixels, sorted and deduplicated.
fn read_widths(r: &mut Reader, v: &Node) -> Option<Vec<u32>> {
    let Value::Seq(items) = &v.value else {
        r.error(
            v.at,
            "`widths` must be a list of pixel widths",
            Some("e.g. `widths: [480, 960, 1600]`".into()),
        );
        return None;
    };
    let mut out = Vec::new();
    for item in items {
        out.push(ranged(r, item, "widths", 16, 8192)? as u32);
    }
    if out.is_empty() || out.len() > 8 {
        r.error(
            v.at,
            "`widths` must list one to eight widths",
            Some("e.g. `widths: [480, 960, 1600]`".into()),
        );
        return None;
    }
    out.sort_unstable();
    out.dedup();
    Some(out)
}

#[cfg(test)]
mod tests {
    use camino::Utf8Path;

    use super::{ImageFormat, ImagesConfig};
    use crate::config::Config;

    #[test]
    fn images_block_is_read_and_defaults_hold() {
        let c = Config::parse(Utf8Path::new("site.yaml"), "title: T\n").unwrap();
        assert_eq!(c.images, ImagesConfig::default());
        let c = Config::parse(
            Utf8Path::new("site.yaml"),
            "title: T\nimages: {widths: [960, 320], quality: 70, format: webp, publish_originals: true, max_megapixels: 20}\n",
        )
        .unwrap();
        assert_eq!(c.images.widths, [320, 960]);
        assert_eq!(c.images.quality, 70);
        assert_eq!(c.images.format, ImageFormat::Webp);
        assert!(c.images.publish_originals);
        assert_eq!(c.images.max_megapixels, 20);
    }

    #[test]
    fn wrong_images_settings_are_errors_with_positions() {
        let errs = Config::parse(
            Utf8Path::new("site.yaml"),
            "title: T\nimages:\n  quality: 0\n  format: png\n  widht: 3\n",
        )
        .unwrap_err();
        let mut errs = errs;
        errs.sort_by_key(|d| d.at);
        let lines: Vec<String> = errs.iter().map(|d| d.location()).collect();
        assert_eq!(lines, ["site.yaml:3:12", "site.yaml:4:11", "site.yaml:5:3"]);
        assert!(errs[1].message.contains("`png`"), "{errs:?}");
    }
}
