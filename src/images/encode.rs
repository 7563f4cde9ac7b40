//! Making the published files of one decoded image: resizing with `fast_image_resize` (SIMD
//! Lanczos3) and encoding with `jpeg-encoder` (photos), the `png` encoder of `image` (images
//! with transparency) or libwebp (`format: webp`). Encoders are given pixels only, so no EXIF,
//! GPS, XMP, IPTC or comment can reach a variant. Animated GIFs keep their frames and lose
//! their comment and application blocks (except the loop count).

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{PixelType, Resizer};
use image::{DynamicImage, ImageEncoder};

use crate::config::ImageFormat;

/// The encoding of one variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encoding {
    /// JPEG of the given quality.
    Jpeg(u8),
    /// Lossy WebP of the given quality.
    Webp(u8),
    /// Lossless PNG.
    Png,
}

impl Encoding {
    /// The encoding of an image with or without transparency under the site's settings.
    pub(super) fn of(alpha: bool, format: ImageFormat, quality: u8) -> Encoding {
        match (alpha, format) {
            (_, ImageFormat::Webp) => Encoding::Webp(quality),
            (true, ImageFormat::Jpeg) => Encoding::Png,
            (false, ImageFormat::Jpeg) => Encoding::Jpeg(quality),
        }
    }

    /// The file extension.
    pub(super) fn ext(self) -> &'static str {
        match self {
            Encoding::Jpeg(_) => "jpg",
            Encoding::Webp(_) => "webp",
            Encoding::Png => "png",
        }
    }
}

/// `image` scaled to `width` (never wider than it is), keeping its aspect ratio.
pub(super) fn resize(image: &DynamicImage, width: u32) -> Result<DynamicImage, String> {
    let (w, h) = (image.width(), image.height());
    if width >= w {
        return Ok(image.clone());
    }
    let height = scaled_height(w, h, width);
    let (pixel, bytes): (PixelType, &[u8]) = match image {
        DynamicImage::ImageRgb8(b) => (PixelType::U8x3, b.as_raw()),
        DynamicImage::ImageRgba8(b) => (PixelType::U8x4, b.as_raw()),
        _ => return Err("unexpected pixel layout".into()),
    };
    let src = ImageRef::new(w, h, bytes, pixel).map_err(|e| e.to_string())?;
    let mut dst = Image::new(width, height, pixel);
    Resizer::new()
        .resize(&src, &mut dst, None)
        .map_err(|e| e.to_string())?;
    let buf = dst.into_vec();
    let out = match pixel {
        PixelType::U8x3 => image::RgbImage::from_raw(width, height, buf).map(DynamicImage::from),
        _ => image::RgbaImage::from_raw(width, height, buf).map(DynamicImage::from),
    };
    out.ok_or_else(|| "resized buffer of the wrong size".into())
}

/// The height of a `w` × `h` image scaled to `width`, at least one pixel.
pub(super) fn scaled_height(w: u32, h: u32, width: u32) -> u32 {
    ((u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w)).max(1) as u32
}

/// The bytes of `image` in `enc`, with no metadata at all.
pub(super) fn encode(image: &DynamicImage, enc: Encoding) -> Result<Vec<u8>, String> {
    let (w, h) = (image.width(), image.height());
    let mut out = Vec::new();
    match (enc, image) {
        (Encoding::Jpeg(q), _) => {
            let rgb;
            let raw: &[u8] = match image {
                DynamicImage::ImageRgb8(b) => b.as_raw(),
                other => {
                    rgb = other.to_rgb8();
                    rgb.as_raw()
                }
            };
            let (w16, h16) = (
                u16::try_from(w).map_err(|_| "too wide for JPEG")?,
                u16::try_from(h).map_err(|_| "too tall for JPEG")?,
            );
            let mut e = jpeg_encoder::Encoder::new(&mut out, q);
            e.set_optimized_huffman_tables(true);
            e.encode(raw, w16, h16, jpeg_encoder::ColorType::Rgb)
                .map_err(|e| e.to_string())?;
        }
        (Encoding::Webp(q), DynamicImage::ImageRgba8(b)) => {
            out = webp::Encoder::from_rgba(b.as_raw(), w, h)
                .encode(f32::from(q))
                .to_vec();
        }
        (Encoding::Webp(q), DynamicImage::ImageRgb8(b)) => {
            out = webp::Encoder::from_rgb(b.as_raw(), w, h)
                .encode(f32::from(q))
                .to_vec();
        }
        (Encoding::Png, _) | (Encoding::Webp(_), _) => {
            let rgba = image.to_rgba8();
            image::codecs::png::PngEncoder::new(&mut out)
                .write_image(rgba.as_raw(), w, h, image::ExtendedColorType::Rgba8)
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(out)
}

/// The GIF `bytes` without comment, plain-text and application blocks (the NETSCAPE loop count
/// stays), or `None` when the file does not parse as GIF.
pub(super) fn strip_gif(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    let head = bytes.get(..13)?;
    out.extend_from_slice(head);
    let mut i = 13;
    if head[10] & 0x80 != 0 {
        let table = 3 << ((head[10] & 7) + 1);
        out.extend_from_slice(bytes.get(i..i + table)?);
        i += table;
    }
    loop {
        match *bytes.get(i)? {
            0x3B => {
                out.push(0x3B);
                return Some(out);
            }
            0x2C => {
                let desc = bytes.get(i..i + 10)?;
                let mut end = i + 10;
                if desc[9] & 0x80 != 0 {
                    end += 3 << ((desc[9] & 7) + 1);
                }
                end += 1; // LZW minimum code size
                end = sub_blocks_end(bytes, end)?;
                out.extend_from_slice(bytes.get(i..end)?);
                i = end;
            }
            0x21 => {
                let label = *bytes.get(i + 1)?;
                let end = sub_blocks_end(bytes, i + 2)?;
                let keep = match label {
                    0xF9 => true,
                    0xFF => bytes.get(i + 3..i + 14) == Some(b"NETSCAPE2.0"),
                    _ => false,
                };
                if keep {
                    out.extend_from_slice(bytes.get(i..end)?);
                }
                i = end;
            }
            _ => return None,
        }
    }
}

/// The offset after the data sub-blocks starting at `i` (ended by a zero-length block).
fn sub_blocks_end(bytes: &[u8], mut i: usize) -> Option<usize> {
    loop {
        let n = *bytes.get(i)? as usize;
        i += 1 + n;
        if n == 0 {
            return Some(i);
        }
    }
}

/// Whether the GIF `bytes` hold more than one frame.
pub(super) fn is_animated_gif(bytes: &[u8]) -> bool {
    use image::AnimationDecoder;
    image::codecs::gif::GifDecoder::new(std::io::Cursor::new(bytes))
        .map(|d| d.into_frames().take(2).count() > 1)
        .unwrap_or(false)
}
