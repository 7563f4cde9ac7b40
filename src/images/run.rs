//! One run of the image stage over a site: which files, which widths each needs (gallery
//! thumbnails and logos get twice their display size), the work in parallel under a memory
//! budget, the cache lookups and pruning, and the warnings and errors the stage reports itself
//! (GPS positions in `content/` and `static/`, broken images named in front matter).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};

use rayon::prelude::*;

use super::cache::{self, Cache, Known, Meta};
use super::decode::{self, Problem};
use super::encode::{self, Encoding};
use super::{Images, LOGO_WIDTHS, PRINT_WIDTH, Prepared, THUMB_WIDTH, Variant, is_raster};
use crate::config::ImagesConfig;
use crate::content::{Page, Site};
use crate::diagnostics::Diagnostic;

/// Bytes of decoded pixels the stage may hold at once, whatever the number of threads: an image
/// waits for room before it is decoded (one larger than the budget runs alone).
const BUDGET: u64 = 192 << 20;

/// A counting semaphore over bytes.
struct Budget {
    free: Mutex<u64>,
    freed: Condvar,
}

impl Budget {
    fn take(&self, want: u64) -> u64 {
        let want = want.min(BUDGET);
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free < want {
            free = self.freed.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= want;
        want
    }

    fn give(&self, n: u64) {
        *self.free.lock().unwrap_or_else(|e| e.into_inner()) += n;
        self.freed.notify_all();
    }
}

/// The outcome of one source.
struct Done {
    rel: String,
    result: Result<Prepared, Problem>,
    gps: bool,
    encoded: bool,
    key: Option<String>,
}

/// Prepares every raster image under `content/` (cached in `.yanzhen-cache/` at the site root),
/// prunes the cache, and returns the images with the stage's diagnostics.
pub fn prepare(site: &Site) -> (Images, Vec<Diagnostic>) {
    let root = site.root.as_std_path().to_path_buf();
    let settings = site.config.images.clone();
    let cache = Cache::new(&root);
    let extra = role_widths(&site.pages);
    let budget = Budget {
        free: Mutex::new(BUDGET),
        freed: Condvar::new(),
    };
    let sources: Vec<&str> = site
        .assets
        .iter()
        .map(|a| a.rel.as_str())
        .filter(|r| is_raster(r))
        .collect();
    let done: Vec<Done> = sources
        .par_iter()
        .map(|rel| {
            let widths = widths_for(&settings, extra.get(*rel));
            one(&root, &cache, &settings, &widths, rel, &budget)
        })
        .collect();
    let mut diags = Vec::new();
    let mut images = Images {
        settings,
        root: root.clone(),
        ..Images::default()
    };
    let mut used = HashSet::new();
    for d in done {
        if d.gps {
            diags.push(gps_warning(&format!("content/{}", d.rel)));
        }
        images.encoded += usize::from(d.encoded);
        images.reused += usize::from(d.result.is_ok() && !d.encoded);
        used.extend(d.key);
        images.by_rel.insert(d.rel, d.result);
    }
    // A casebook's files stay while their source does.
    for p in images.by_rel.values().filter_map(|r| r.as_ref().ok()) {
        used.insert(cache::key(&p.hash, &print_settings(&images.settings)));
    }
    cache.prune(&used, &sources.iter().map(|s| s.to_string()).collect());
    diags.extend(static_gps(&root));
    diags.extend(front_matter_problems(site, &images));
    (images, diags)
}

/// Extra widths by content path: thumbnails for gallery pictures, two logo sizes for logos.
fn role_widths(pages: &[Page]) -> HashMap<String, Vec<u32>> {
    let mut out: HashMap<String, Vec<u32>> = HashMap::new();
    for p in pages {
        if let Some(b) = &p.meta.brand
            && let Some(rel) = b.logo.as_ref().and_then(|l| p.resolve(l.value.trim()))
        {
            out.entry(rel).or_default().extend(LOGO_WIDTHS);
        }
        for g in p.meta.report.iter().flat_map(|r| &r.gallery) {
            if let Some(rel) = p.resolve(g.src.value.trim()) {
                out.entry(rel).or_default().push(THUMB_WIDTH);
            }
        }
    }
    out
}

/// The configured widths and the extra ones of `rel`, ascending.
fn widths_for(settings: &ImagesConfig, extra: Option<&Vec<u32>>) -> Vec<u32> {
    let set: BTreeSet<u32> = settings
        .widths
        .iter()
        .chain(extra.into_iter().flatten())
        .copied()
        .collect();
    set.into_iter().collect()
}

/// The text of the settings an entry depends on.
fn web_settings(s: &ImagesConfig, widths: &[u32]) -> String {
    format!(
        "web widths={widths:?} q={} format={:?} originals={}",
        s.quality, s.format, s.publish_originals
    )
}

fn print_settings(s: &ImagesConfig) -> String {
    format!("print width={PRINT_WIDTH} q={}", s.quality.max(85))
}

/// The content hash and GPS flag of `rel`, from the memo when its size and time are unchanged,
/// with the bytes when they had to be read.
fn identify(
    cache: &Cache,
    path: &Path,
    rel: &str,
) -> Result<(String, bool, Option<Vec<u8>>), Problem> {
    let stat = cache::stat(path);
    if let Some((len, mtime)) = stat
        && let Some(k) = cache.known(rel, len, mtime)
    {
        return Ok((k.hash, k.gps, None));
    }
    let bytes = read(path, rel)?;
    let hash = cache::sha256(&bytes);
    let gps = has_gps(&bytes);
    if let Some((len, mtime)) = stat {
        let known = Known {
            len,
            mtime,
            hash: hash.clone(),
            gps,
        };
        cache.remember(rel, known);
    }
    Ok((hash, gps, Some(bytes)))
}

fn read(path: &Path, rel: &str) -> Result<Vec<u8>, Problem> {
    std::fs::read(path).map_err(|e| Problem {
        message: format!("`{rel}` cannot be read: {e}"),
        hint: None,
    })
}

/// Prepares one source.
fn one(
    root: &Path,
    cache: &Cache,
    settings: &ImagesConfig,
    widths: &[u32],
    rel: &str,
    budget: &Budget,
) -> Done {
    let path = root.join("content").join(rel);
    let mut done = Done {
        rel: rel.to_string(),
        result: Err(Problem {
            message: String::new(),
            hint: None,
        }),
        gps: false,
        encoded: false,
        key: None,
    };
    let (hash, gps, bytes) = match identify(cache, &path, rel) {
        Ok(x) => x,
        Err(p) => {
            done.result = Err(p);
            return done;
        }
    };
    done.gps = gps;
    let key = cache::key(&hash, &web_settings(settings, widths));
    let name = Naming::new(rel, &key);
    if let Some(entry) = cache.load(&key) {
        done.result = Ok(name.prepared(entry, &hash, &path));
        done.key = Some(key);
        return done;
    }
    let made = bytes
        .map_or_else(|| read(&path, rel), Ok)
        .and_then(|b| make(&b, rel, settings, widths, budget));
    done.result = made.and_then(|(meta, files)| {
        let entry = cache.store(&key, &meta, &files).map_err(|e| Problem {
            message: format!("cannot write the image cache for `{rel}`: {e}"),
            hint: Some(format!("check that {} can be written", cache::DIR)),
        })?;
        Ok(name.prepared(entry, &hash, &path))
    });
    done.encoded = done.result.is_ok();
    done.key = Some(key);
    done
}

/// How the files of one source are named in the output.
struct Naming {
    /// `cases/a/photo`.
    stem: String,
    /// The original's extension.
    ext: String,
    /// The first 8 hex digits of the key.
    hash8: String,
}

impl Naming {
    fn new(rel: &str, key: &str) -> Naming {
        let (stem, ext) = rel.rsplit_once('.').unwrap_or((rel, ""));
        Naming {
            stem: stem.to_string(),
            ext: ext.to_string(),
            hash8: key[..8].to_string(),
        }
    }

    /// The prepared image of a cache entry.
    fn prepared(&self, entry: cache::Entry, hash: &str, source: &Path) -> Prepared {
        let (w, h) = (entry.meta.width, entry.meta.height);
        let mut variants = Vec::new();
        let mut original = None;
        for (name, file) in entry.files {
            let (base, ext) = name.rsplit_once('.').unwrap_or((&name, ""));
            if base == "original" {
                original = Some(Variant {
                    rel: format!("{}.{}", self.stem, self.ext),
                    width: w,
                    height: h,
                    file,
                });
            } else if let Ok(width) = base.parse::<u32>() {
                variants.push(Variant {
                    rel: format!("{}-{}-{width}.{ext}", self.stem, self.hash8),
                    width,
                    height: encode::scaled_height(w, h, width),
                    file,
                });
            }
        }
        variants.sort_by_key(|v| v.width);
        Prepared {
            width: w,
            height: h,
            variants,
            original,
            hash: hash.to_string(),
            source: source.to_path_buf(),
        }
    }
}

/// The widths to make of an image `w` pixels wide: the asked ones narrower than it, and its own
/// width when some asked width reaches it (never upscaled).
fn fitting(widths: &[u32], w: u32) -> Vec<u32> {
    let mut out: Vec<u32> = widths.iter().copied().filter(|&x| x < w).collect();
    if out.len() < widths.len() || out.is_empty() {
        out.push(w);
    }
    out
}

type Files = Vec<(String, Vec<u8>)>;

/// Decodes `bytes` and encodes its variants (and original); the decoded pixels count against the
/// budget while they live.
fn make(
    bytes: &[u8],
    rel: &str,
    settings: &ImagesConfig,
    widths: &[u32],
    budget: &Budget,
) -> Result<(Meta, Files), Problem> {
    let format = decode::sniff(bytes, rel)?;
    let (w, h) = decode::check_header(bytes, format, rel, settings.max_megapixels)?;
    if format == image::ImageFormat::Gif && encode::is_animated_gif(bytes) {
        let stripped = encode::strip_gif(bytes).ok_or_else(|| Problem {
            message: format!("`{rel}` is a damaged GIF"),
            hint: Some("save it again from the program that made it".into()),
        })?;
        let meta = Meta {
            width: w,
            height: h,
            kind: "animated".into(),
        };
        let mut files = vec![(format!("{w}.gif"), stripped.clone())];
        if settings.publish_originals {
            files.push(("original.gif".into(), stripped));
        }
        return Ok((meta, files));
    }
    let held = budget.take(u64::from(w) * u64::from(h) * 8);
    let result = encode_all(bytes, format, rel, settings, widths);
    budget.give(held);
    result
}

fn encode_all(
    bytes: &[u8],
    format: image::ImageFormat,
    rel: &str,
    settings: &ImagesConfig,
    widths: &[u32],
) -> Result<(Meta, Files), Problem> {
    let d = decode::decode(bytes, format, rel, settings.max_megapixels)?;
    let (w, h) = (d.image.width(), d.image.height());
    let enc = Encoding::of(d.alpha, settings.format, settings.quality);
    let failed = |e: String| Problem {
        message: format!("`{rel}` could not be encoded: {e}"),
        hint: None,
    };
    let mut files = Vec::new();
    for width in fitting(widths, w) {
        let small = encode::resize(&d.image, width).map_err(failed)?;
        let out = encode::encode(&small, enc).map_err(failed)?;
        files.push((format!("{width}.{}", enc.ext()), out));
    }
    if settings.publish_originals {
        let (orig_enc, ext) = match format {
            image::ImageFormat::Png => (Encoding::Png, "png"),
            image::ImageFormat::WebP => (Encoding::Webp(95), "webp"),
            image::ImageFormat::Gif => (Encoding::Png, "gif"),
            _ => (Encoding::Jpeg(95), "jpg"),
        };
        let out = if ext == "gif" {
            encode::strip_gif(bytes).unwrap_or_default()
        } else {
            encode::encode(&d.image, orig_enc).map_err(failed)?
        };
        files.push((format!("original.{ext}"), out));
    }
    let kind = if d.alpha { "alpha" } else { "photo" };
    let meta = Meta {
        width: w,
        height: h,
        kind: kind.into(),
    };
    Ok((meta, files))
}

/// The casebook file of `p` and whether it had to be encoded now.
pub(super) fn print_variant(
    root: &Path,
    settings: &ImagesConfig,
    rel: &str,
    p: &Prepared,
) -> Result<(PathBuf, bool), Problem> {
    let cache = Cache::new(root);
    let key = cache::key(&p.hash, &print_settings(settings));
    if let Some(entry) = cache.load(&key)
        && let Some((_, file)) = entry.files.into_iter().next()
    {
        return Ok((file, false));
    }
    let bytes = read(&p.source, rel)?;
    let format = decode::sniff(&bytes, rel)?;
    let d = decode::decode(&bytes, format, rel, settings.max_megapixels)?;
    let enc = if d.alpha {
        Encoding::Png
    } else {
        Encoding::Jpeg(settings.quality.max(85))
    };
    let failed = |e: String| Problem {
        message: format!("`{rel}` could not be encoded: {e}"),
        hint: None,
    };
    let small = encode::resize(&d.image, PRINT_WIDTH).map_err(failed)?;
    let out = encode::encode(&small, enc).map_err(failed)?;
    let meta = Meta {
        width: d.image.width(),
        height: d.image.height(),
        kind: "print".into(),
    };
    let entry = cache
        .store(&key, &meta, &[(format!("print.{}", enc.ext()), out)])
        .map_err(|e| failed(e.to_string()))?;
    Ok((entry.files[0].1.clone(), true))
}

/// Whether the image `bytes` carry a GPS position in their EXIF.
pub(super) fn has_gps(bytes: &[u8]) -> bool {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)) else {
        return false;
    };
    exif.fields()
        .any(|f| matches!(f.tag, exif::Tag::GPSLatitude | exif::Tag::GPSLongitude))
}

fn gps_warning(file: &str) -> Diagnostic {
    Diagnostic::warning(file, None, "this photo carries the GPS position where it was taken")
        .with_hint("yanzhen strips it from the pictures it publishes; remove it from the file too (e.g. `exiftool -gps:all= FILE`), and never put such photos in static/, which is published as is")
}

/// A warning for each image under `static/` (published as is) that carries a GPS position.
fn static_gps(root: &Path) -> Vec<Diagnostic> {
    let dir = root.join("static");
    if !dir.is_dir() {
        return Vec::new();
    }
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && is_raster(&e.file_name().to_string_lossy()))
        .map(|e| e.into_path())
        .collect();
    files
        .par_iter()
        .filter(|p| std::fs::read(p).is_ok_and(|b| has_gps(&b)))
        .map(|p| {
            let rel = p
                .strip_prefix(root)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/");
            gps_warning(&rel)
        })
        .collect()
}

/// Errors for `cover`, `logo` and gallery pictures that name a broken image, at the field.
fn front_matter_problems(site: &Site, images: &Images) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in &site.pages {
        let m = &p.meta;
        let named = m
            .cover
            .iter()
            .chain(m.brand.iter().flat_map(|b| &b.logo))
            .chain(
                m.report
                    .iter()
                    .flat_map(|r| r.gallery.iter().map(|g| &g.src)),
            );
        for l in named {
            if let Some(Err(problem)) = p.resolve(l.value.trim()).and_then(|r| images.get(&r)) {
                out.push(
                    Diagnostic::error(&p.file, Some(l.at), problem.message.clone())
                        .with_hint_opt(problem.hint.clone()),
                );
            }
        }
    }
    out
}
