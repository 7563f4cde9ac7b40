//! The bound book: the generated Typst source compiled with Typst as a library and exported to
//! PDF. The fonts that ship with yanzhen are embedded in the binary, so the book comes out the
//! same on every machine; site.yaml may add a fonts folder and name other families (which may
//! also be installed system fonts). Typst's warnings are errors: a book with an unknown font or a
//! missing glyph is never written.

use std::collections::HashMap;
use std::sync::OnceLock;

use camino::{Utf8Path, Utf8PathBuf};
use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{DiagSpanKind, FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::{FontPath, FontSource, FontStore};
use typst_layout::PagedDocument;

use super::{Families, Source as BookSource};
use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::images::Images;

/// Families of the bundled fonts: serif, sans (bold), kai.
pub const BUNDLED_SERIF: &str = "Noto Serif CJK SC";
/// Heiti.
pub const BUNDLED_SANS: &str = "Noto Sans CJK SC";
/// Kaiti.
pub const BUNDLED_KAI: &str = "Yanzhen Kai";

fn bundled() -> &'static [(Font, FontInfo)] {
    static FONTS: OnceLock<Vec<(Font, FontInfo)>> = OnceLock::new();
    FONTS.get_or_init(|| {
        super::BUNDLED_FONTS
            .iter()
            .filter(|(name, _)| !name.ends_with(".txt"))
            .flat_map(|(_, data)| Font::iter(Bytes::new(*data)))
            .map(|f| {
                let info = f.info().clone();
                (f, info)
            })
            .collect()
    })
}

/// The fonts of one book: the bundled ones, then `fonts_dir`, then (only when site.yaml names a
/// family found in neither) the system's.
pub struct Fonts {
    store: FontStore,
    /// One bit per code point: whether some font has a glyph for it.
    covered: Vec<u64>,
}

impl Fonts {
    /// Loads the fonts for `site`'s print settings; errors name families that no font has.
    pub fn load(
        site: &Site,
        fonts: &crate::config::FontsConfig,
        file: &Utf8Path,
    ) -> Result<(Fonts, Families), Vec<Diagnostic>> {
        let mut found = Found::with_bundled();
        let mut diags = Vec::new();
        if let Some(dir) = &fonts.fonts_dir {
            diags.extend(found.add_dir(site, dir, file));
        }
        let wanted = [&fonts.serif, &fonts.sans, &fonts.kai, &fonts.fang];
        found.add_system(&wanted);
        diags.extend(found.missing(&wanted, file));
        if !diags.is_empty() {
            return Err(diags);
        }
        let covered = found.coverage();
        let fonts_of_book = Fonts {
            store: found.store,
            covered,
        };
        Ok((fonts_of_book, families(fonts)))
    }

    /// Whether some font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.covered[c as usize >> 6] & (1 << (c as u32 & 63)) != 0
    }
}

/// The fonts gathered for a book so far: the store Typst reads, and what each font is.
struct Found {
    store: FontStore,
    infos: Vec<FontInfo>,
}

impl Found {
    /// The bundled fonts only.
    fn with_bundled() -> Self {
        let mut found = Found {
            store: FontStore::new(),
            infos: Vec::new(),
        };
        for (font, info) in bundled() {
            found.push(font.clone(), info.clone());
        }
        found
    }

    /// Adds one font.
    fn push(&mut self, source: impl FontSource, info: FontInfo) {
        self.infos.push(info.clone());
        self.store.push((source, info));
    }

    /// Whether some font is of the family `fam` (ASCII case ignored).
    fn has(&self, fam: &str) -> bool {
        self.infos
            .iter()
            .any(|i| i.family.eq_ignore_ascii_case(fam))
    }

    /// Adds the fonts of the site's folder `dir`; an error if that folder does not exist.
    fn add_dir(&mut self, site: &Site, dir: &str, file: &Utf8Path) -> Option<Diagnostic> {
        let path = site.root.join(dir);
        if !path.is_dir() {
            return Some(
                Diagnostic::error(
                    file,
                    None,
                    format!("the fonts folder `{dir}` does not exist"),
                )
                .with_hint("`print.fonts.fonts_dir` is relative to the site's folder"),
            );
        }
        for (p, info) in scan(path.as_std_path()) {
            self.push(p, info);
        }
        None
    }

    /// Adds the installed fonts of the `wanted` families, reading them only when some wanted
    /// family is still missing.
    fn add_system(&mut self, wanted: &[&Option<String>]) {
        if !wanted
            .iter()
            .any(|w| w.as_deref().is_some_and(|f| !self.has(f)))
        {
            return;
        }
        for (p, info) in system() {
            if wanted.iter().any(|w| {
                w.as_deref()
                    .is_some_and(|f| info.family.eq_ignore_ascii_case(f))
            }) {
                self.push(p, info);
            }
        }
    }

    /// One error for each `wanted` family that no font has, listing the families found.
    fn missing(&self, wanted: &[&Option<String>], file: &Utf8Path) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        for f in wanted.iter().filter_map(|w| w.as_deref()) {
            if !self.has(f) {
                let mut known: Vec<&str> = self.infos.iter().map(|i| i.family.as_str()).collect();
                known.dedup();
                diags.push(
                    Diagnostic::error(file, None, format!("no font of the family `{f}`"))
                        .with_hint(format!(
                            "families found: {}; put the font files in `print.fonts.fonts_dir` or install them",
                            known.join(", ")
                        )),
                );
            }
        }
        diags
    }

    /// One bit per code point: whether some font has a glyph for it.
    fn coverage(&self) -> Vec<u64> {
        let mut covered = vec![0u64; (char::MAX as usize >> 6) + 1];
        for info in &self.infos {
            for c in info.coverage.iter() {
                if let Some(word) = covered.get_mut(c as usize >> 6) {
                    *word |= 1 << (c & 63);
                }
            }
        }
        covered
    }
}

/// The families the book asks for, per role: the one site.yaml names, then the bundled default,
/// then the bundled serif.
fn families(fonts: &crate::config::FontsConfig) -> Families {
    let chain = |named: &Option<String>, default: &str| {
        let mut v: Vec<String> = named.iter().cloned().collect();
        v.push(default.to_string());
        v.push(BUNDLED_SERIF.to_string());
        v.dedup();
        v
    };
    Families {
        serif: chain(&fonts.serif, BUNDLED_SERIF),
        sans: chain(&fonts.sans, BUNDLED_SANS),
        kai: chain(&fonts.kai, BUNDLED_KAI),
        fang: chain(&fonts.fang, fonts.serif.as_deref().unwrap_or(BUNDLED_SERIF)),
    }
}

fn scan(dir: &std::path::Path) -> Vec<(FontPath, FontInfo)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let path = entry.path();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if !entry.file_type().is_file() || !["ttf", "otf", "ttc", "otc"].contains(&ext.as_str()) {
            continue;
        }
        let Ok(data) = std::fs::read(path) else {
            continue;
        };
        for (index, info) in FontInfo::iter(&data).enumerate() {
            out.push((
                FontPath {
                    path: path.to_path_buf(),
                    index: index as u32,
                },
                info,
            ));
        }
    }
    out
}

/// Installed fonts, from the usual folders (read only when site.yaml names a family that neither
/// the bundled fonts nor `fonts_dir` have).
fn system() -> Vec<(FontPath, FontInfo)> {
    let mut dirs: Vec<std::path::PathBuf> = vec![
        "/usr/share/fonts".into(),
        "/usr/local/share/fonts".into(),
        "/Library/Fonts".into(),
        "/System/Library/Fonts".into(),
        "C:\\Windows\\Fonts".into(),
    ];
    if let Some(home) = std::env::var_os("HOME") {
        let home = std::path::PathBuf::from(home);
        dirs.push(home.join(".fonts"));
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join("Library/Fonts"));
    }
    if let Some(local) = std::env::var_os("LOCALAPPDATA") {
        dirs.push(std::path::PathBuf::from(local).join("Microsoft\\Windows\\Fonts"));
    }
    dirs.iter()
        .filter(|d| d.is_dir())
        .flat_map(|d| scan(d))
        .collect()
}

struct BookWorld<'a> {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: &'a Fonts,
    main: FileId,
    source: Source,
    root: Utf8PathBuf,
    images: &'a Images,
    files: std::sync::Mutex<HashMap<FileId, FileResult<Bytes>>>,
}

fn file_id(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("a valid virtual path"),
    )
    .intern()
}

impl World for BookWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }
    fn main(&self) -> FileId {
        self.main
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            Ok(self.source.clone())
        } else {
            Err(FileError::NotSource)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main {
            return Ok(Bytes::from_string(self.source.clone()));
        }
        let mut cache = self.files.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(id)
            .or_insert_with(|| {
                let vpath = id.get().vpath().get_without_slash().to_string();
                // Only pictures under content/ can be read.
                if !vpath.starts_with("content/") || vpath.split('/').any(|s| s == "..") {
                    return Err(FileError::AccessDenied);
                }
                read_picture(&self.root, self.images, &vpath)
            })
            .clone()
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.store.font(index)
    }
    fn today(&self, _: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// Typesets `source` into PDF bytes. `collection_file` is named when a problem has no better place.
pub fn compile(
    site: &Site,
    images: &Images,
    fonts: &Fonts,
    source: &BookSource,
    collection_file: &Utf8Path,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let main = file_id("/book.typ");
    let world = BookWorld {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new((**fonts.store.book()).clone()),
        fonts,
        main,
        source: Source::new(main, source.text.clone()),
        root: site.root.clone(),
        images,
        files: Default::default(),
    };
    let warned = typst::compile::<PagedDocument>(&world);
    let convert = |d: &SourceDiagnostic| diagnostic(&world, source, collection_file, d);
    let mut problems: Vec<Diagnostic> = warned.warnings.iter().map(convert).collect();
    let doc = match warned.output {
        Ok(doc) => doc,
        Err(errors) => {
            problems.extend(errors.iter().map(convert));
            return Err(problems);
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(collection_file.to_string()),
        timestamp: None,
        ..Default::default()
    };
    typst_pdf::pdf(&doc, &options).map_err(|errors| errors.iter().map(convert).collect())
}

fn diagnostic(
    world: &BookWorld,
    source: &BookSource,
    collection_file: &Utf8Path,
    d: &SourceDiagnostic,
) -> Diagnostic {
    let (file, extra) = match d.span.get() {
        DiagSpanKind::Number { id, .. } if id == world.main => {
            let range = typst::WorldExt::range(world, d.span);
            let file = range
                .and_then(|r| source.file_at(r.start))
                .cloned()
                .unwrap_or_else(|| collection_file.to_path_buf());
            (file, String::new())
        }
        DiagSpanKind::Number { id, .. } | DiagSpanKind::Range { id, .. } => (
            collection_file.to_path_buf(),
            format!(" (in {})", id.get().vpath().get_without_slash()),
        ),
        DiagSpanKind::Detached => (collection_file.to_path_buf(), String::new()),
    };
    let what = match d.severity {
        Severity::Error => "typesetting the book failed",
        Severity::Warning => "typesetting the book gave a warning",
    };
    let mut out = Diagnostic::error(file, None, format!("{what}: {}{extra}", d.message));
    let hints: Vec<&str> = d.hints.iter().map(|h| h.v.as_str()).collect();
    if !hints.is_empty() {
        out = out.with_hint(hints.join("; "));
    }
    out
}

/// Loads the fonts, writes the source and typesets collection `ci`.
pub fn book(site: &Site, images: &Images, ci: usize) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let c = &site.collections[ci];
    let cp = &site.pages[c.page];
    let print = super::settings(site, c);
    let (fonts, families) = Fonts::load(site, &print.fonts, &cp.file)?;
    let ctx = super::BookContext::new(site, images, c, |ch| fonts.covers(ch));
    let source = super::source(site, ci, &families, &ctx)?;
    compile(site, images, &fonts, &source, &cp.file)
}

/// The bytes Typst gets for the picture `content/…` at `vpath`: a raster image is always its
/// print variant (size-checked, resized, without metadata); a file that is raster data under
/// another name is refused; anything else (SVG) is read as it is.
fn read_picture(root: &Utf8Path, images: &Images, vpath: &str) -> FileResult<Bytes> {
    let path = root.join(vpath);
    let rel = vpath.trim_start_matches("content/");
    if images.handles(rel) {
        let file = images
            .print_file(rel)
            .map_err(|p| FileError::Other(Some(p.message.into())))?;
        return std::fs::read(&file)
            .map(Bytes::new)
            .map_err(|e| FileError::from_io(e, &file));
    }
    let bytes = std::fs::read(&path).map_err(|e| FileError::from_io(e, path.as_std_path()))?;
    if crate::images::is_raster_data(&bytes) {
        return Err(FileError::Other(Some(
            format!("`{rel}` is a raster image under another name; rename it to .jpg or .png")
                .into(),
        )));
    }
    Ok(Bytes::new(bytes))
}
