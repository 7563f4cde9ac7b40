//! Reading one source image safely: the format is sniffed from the bytes, the header's size is
//! checked against `max_megapixels` before any pixel is decoded (a decompression bomb fails
//! here, in microseconds), the decoder runs under [`image::Limits`], the EXIF orientation is
//! applied before the size is taken, and an embedded ICC profile is converted to sRGB.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// Why a source image cannot be used: a sentence for the message and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong, naming the image.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Problem {
    fn new(message: String, hint: &str) -> Problem {
        Problem {
            message,
            hint: Some(hint.to_string()),
        }
    }
}

/// A decoded image, oriented and in sRGB, with what the encoder needs to know about it.
pub(super) struct Decoded {
    /// 8-bit RGB or RGBA pixels.
    pub(super) image: DynamicImage,
    /// Whether some pixel is not fully opaque (then it stays PNG or WebP).
    pub(super) alpha: bool,
}

/// The raster formats yanzhen reads.
pub(super) fn sniff(bytes: &[u8], name: &str) -> Result<ImageFormat, Problem> {
    if is_heic(bytes) {
        return Err(Problem::new(
            format!("`{name}` is a HEIC/HEIF photo, which browsers and yanzhen cannot show"),
            "export it as JPEG: on an iPhone set Settings › Camera › Formats to “Most Compatible”, or open it and share it as JPEG",
        ));
    }
    match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif)) => {
            Ok(f)
        }
        Ok(other) => Err(Problem::new(
            format!("`{name}` is a {other:?} image, which yanzhen does not publish"),
            "save it as JPEG (photos) or PNG (drawings, logos)",
        )),
        Err(_) => Err(Problem::new(
            format!("`{name}` is not an image yanzhen can read (or it is damaged)"),
            "save it again as JPEG or PNG; yanzhen reads JPEG, PNG, WebP and GIF",
        )),
    }
}

/// Whether `bytes` start like an ISO-BMFF HEIF/HEIC/AVIF file (`....ftypheic`).
fn is_heic(bytes: &[u8]) -> bool {
    bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(
            &bytes[8..12],
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1"
        )
}

/// The decoder limits: the pixel budget of `max_megapixels`, and an allocation ceiling a little
/// above what such an image needs.
fn limits(max_megapixels: u32) -> Limits {
    let mut l = Limits::default();
    l.max_alloc = Some(u64::from(max_megapixels) * 1_000_000 * 4 + (64 << 20));
    l
}

/// The oriented width and height of an image of `format` in `bytes`, read from its header only;
/// fails when the header claims more than `max_megapixels`.
pub(super) fn check_header(
    bytes: &[u8],
    format: ImageFormat,
    name: &str,
    max_megapixels: u32,
) -> Result<(u32, u32), Problem> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits(max_megapixels));
    let decoder = reader.into_decoder().map_err(|e| damaged(name, &e))?;
    let (w, h) = decoder.dimensions();
    let pixels = u64::from(w) * u64::from(h);
    if pixels > u64::from(max_megapixels) * 1_000_000 {
        return Err(Problem::new(
            format!(
                "`{name}` is {w} × {h} pixels ({} megapixels), more than `images.max_megapixels` ({max_megapixels})",
                pixels / 1_000_000
            ),
            "scale the picture down before adding it, or raise `images: {max_megapixels: …}` in site.yaml",
        ));
    }
    Ok((w, h))
}

fn damaged(name: &str, e: &image::ImageError) -> Problem {
    let what = match e {
        image::ImageError::Limits(_) => "needs more memory than an image of its size may use",
        image::ImageError::Unsupported(_) => "uses a variant of its format that is not supported",
        _ => "is damaged or cut short",
    };
    Problem::new(
        format!("`{name}` {what}: {e}"),
        "open the picture on your computer; if it shows, save it again as JPEG, otherwise copy it from the phone again",
    )
}

/// Decodes, orients and converts to sRGB one image whose header passed [`check_header`].
pub(super) fn decode(
    bytes: &[u8],
    format: ImageFormat,
    name: &str,
    max_megapixels: u32,
) -> Result<Decoded, Problem> {
    if format == ImageFormat::Jpeg && !has_jpeg_end(bytes) {
        return Err(Problem::new(
            format!("`{name}` is cut short: the JPEG data does not end"),
            "copy the photo from the phone again; the file was not transferred completely",
        ));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits(max_megapixels));
    let mut decoder = reader.into_decoder().map_err(|e| damaged(name, &e))?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| damaged(name, &e))?;
    image.apply_orientation(orientation);
    let alpha = image.color().has_alpha() && {
        let rgba = image.to_rgba8();
        rgba.pixels().any(|p| p.0[3] != 255)
    };
    let mut image = if alpha {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    };
    if let Some(icc) = icc {
        to_srgb(&mut image, &icc);
    }
    Ok(Decoded { image, alpha })
}

/// Whether a JPEG ends with its end-of-image marker (trailing padding allowed).
fn has_jpeg_end(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    tail.windows(2).any(|w| w == [0xFF, 0xD9])
}

/// Converts the pixels of `image` from the ICC profile `icc` to sRGB; an unreadable or
/// non-RGB profile leaves the pixels as they are (they are then taken to be sRGB already).
fn to_srgb(image: &mut DynamicImage, icc: &[u8]) {
    use moxcms::{ColorProfile, DataColorSpace, Layout, TransformOptions};
    let Ok(source) = ColorProfile::new_from_slice(icc) else {
        return;
    };
    if source.color_space != DataColorSpace::Rgb {
        return;
    }
    let srgb = ColorProfile::new_srgb();
    let (layout, buf): (Layout, &mut [u8]) = match image {
        DynamicImage::ImageRgb8(b) => (Layout::Rgb, b.as_mut()),
        DynamicImage::ImageRgba8(b) => (Layout::Rgba, b.as_mut()),
        _ => return,
    };
    let Ok(t) = source.create_transform_8bit(layout, &srgb, layout, TransformOptions::default())
    else {
        return;
    };
    // Row bands through a small copy, so the conversion does not double the image in memory.
    let band = layout.channels() * 4096;
    let mut src = Vec::with_capacity(band);
    for chunk in buf.chunks_mut(band) {
        src.clear();
        src.extend_from_slice(chunk);
        let _ = t.transform(&src, chunk);
    }
}
