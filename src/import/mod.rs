//! `yanzhen import`: a branch's Word (.docx) submission becomes a page bundle
//! `content/SECTION/SLUG/index.md` with its pictures beside it, so that the clerk who compiles
//! the 汇编 no longer retypes it. Front matter is guessed from how such files look and every
//! guess is marked `# 请核对`; a date is never invented.
//!
//! Stages: [`archive`] (what the file is; the zip read within limits) → [`docx`] (the XML → a
//! small [`model`], through `parts` and `body`) → [`guess`] (front matter) → [`markdown`] (the
//! body) → `bundle` (written into a hidden folder beside its place and renamed into it, so a
//! failed import leaves nothing behind).
//! Writes only under `content/`; the library never prints.

pub mod archive;
mod body;
mod bundle;
pub mod docx;
pub mod guess;
pub mod legacy;
pub mod markdown;
pub mod model;
mod parts;

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::urls;
use archive::{ArchiveError, Container, Package};
use guess::Guesses;

/// The kinds a Word file can become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    /// 典型案例, in `content/cases/`.
    Case,
    /// 活动纪实, in `content/reports/`.
    Report,
    /// 文章, in `content/articles/`.
    Article,
}

impl ImportKind {
    /// `case`, `report` or `article`.
    pub fn from_name(name: &str) -> Option<ImportKind> {
        match name {
            "case" => Some(ImportKind::Case),
            "report" => Some(ImportKind::Report),
            "article" => Some(ImportKind::Article),
            _ => None,
        }
    }

    /// The section folder under `content/`.
    pub fn section(self) -> &'static str {
        match self {
            ImportKind::Case => "cases",
            ImportKind::Report => "reports",
            ImportKind::Article => "articles",
        }
    }
}

/// What to import and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site root (holds `site.yaml`).
    pub root: PathBuf,
    /// The Word files.
    pub files: Vec<PathBuf>,
    /// What they become.
    pub kind: ImportKind,
    /// The slug (only with one file); default: from the file name.
    pub slug: Option<String>,
    /// Replace an existing bundle.
    pub force: bool,
    /// Write nothing; the Markdown is returned.
    pub dry_run: bool,
}

/// One guessed front-matter field, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// `title`, `date`, ...
    pub name: &'static str,
    /// The value as written.
    pub value: String,
    /// Where it came from.
    pub from: String,
}

/// One imported file.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The Word file.
    pub source: PathBuf,
    /// The page, relative to the site root (`content/cases/SLUG/index.md`).
    pub page: String,
    /// The image files written beside it.
    pub images: Vec<String>,
    /// The page's text.
    pub markdown: String,
    /// The fields it guessed.
    pub guessed: Vec<Field>,
    /// Fields it did not find (`date`, `unit`), left commented out.
    pub missing: Vec<&'static str>,
    /// Converted from an old format by LibreOffice.
    pub converted: bool,
    /// An existing bundle was replaced (`--force`).
    pub replaced: bool,
    /// Things the user should look at (images without a caption, ...).
    pub notes: Vec<String>,
}

/// Imports every file of `opts`; each result is that file's page or the reason it failed.
pub fn import(opts: &Options) -> Vec<Result<Imported, Diagnostic>> {
    if opts.slug.is_some() && opts.files.len() > 1 {
        return vec![Err(Diagnostic::error(
            "yanzhen import",
            None,
            "--slug names one page, but several files were given",
        )
        .with_hint("import the files one by one, or leave --slug out"))];
    }
    if !opts.dry_run && !opts.root.join("site.yaml").is_file() {
        return vec![Err(Diagnostic::error(
            "site.yaml",
            None,
            format!("no site.yaml in {}", opts.root.display()),
        )
        .with_hint("run this inside a site, or pass --root DIR"))];
    }
    opts.files.iter().map(|f| import_one(opts, f)).collect()
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Imports one file: read, converted if old, parsed, guessed, written as Markdown and (unless
/// `--dry-run`) written into the site.
fn import_one(opts: &Options, file: &Path) -> Result<Imported, Diagnostic> {
    let name = display(file);
    let bytes = read_file(&name, file)?;
    let ext = file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let (bytes, converted) = as_docx(&name, bytes, &ext)?;
    let mut doc = read_doc(&name, bytes)?;
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let guesses = guess::guess_fields(&mut doc, &stem);

    let slug = choose_slug(opts, &name, &stem)?;
    let section = opts.kind.section();
    let page = format!("content/{section}/{slug}/index.md");

    let image_exts: Vec<String> = doc.images.iter().map(|i| i.ext.clone()).collect();
    let mut writer = markdown::Writer {
        image_exts: &image_exts,
        alts: vec![String::new(); doc.images.len()],
    };
    let body = writer.body(&doc.blocks, &doc.notes);
    let notes = image_notes(&writer.alts, &image_exts);
    let (front, guessed, missing) = front_matter(&guesses);
    let text = format!("---\n{front}---\n\n{body}");
    let images: Vec<(String, Vec<u8>)> = doc
        .images
        .into_iter()
        .enumerate()
        .map(|(i, img)| (markdown::image_name(i, &img.ext), img.bytes))
        .collect();
    let mut imported = Imported {
        source: file.to_path_buf(),
        page,
        images: images.iter().map(|(n, _)| n.clone()).collect(),
        markdown: text,
        guessed,
        missing,
        converted,
        replaced: false,
        notes,
    };
    if !opts.dry_run {
        imported.replaced =
            bundle::write_bundle(opts, section, &slug, &imported.markdown, &images)?;
    }
    Ok(imported)
}

/// An error about the file `name`, with a hint.
fn file_error(name: &str, msg: String, hint: &str) -> Diagnostic {
    Diagnostic::error(name, None, msg).with_hint(hint)
}

/// The bytes of `file`, refused past [`archive::MAX_FILE_BYTES`] before they are read.
fn read_file(name: &str, file: &Path) -> Result<Vec<u8>, Diagnostic> {
    let meta = std::fs::metadata(file)
        .map_err(|e| file_error(name, format!("cannot read: {e}"), "check the file name"))?;
    if meta.len() > archive::MAX_FILE_BYTES {
        return Err(file_error(
            name,
            format!(
                "the file is {} MiB; at most {} MiB is read",
                meta.len() >> 20,
                archive::MAX_FILE_BYTES >> 20
            ),
            "compress the pictures in Word (文件 › 压缩图片) and save again",
        ));
    }
    std::fs::read(file)
        .map_err(|e| file_error(name, format!("cannot read: {e}"), "check the file name"))
}

/// The file as a .docx: as it is, or converted by LibreOffice from an old format (then `true`);
/// encrypted and unknown files are refused. `ext` is the file's extension, lower-cased.
fn as_docx(name: &str, bytes: Vec<u8>, ext: &str) -> Result<(Vec<u8>, bool), Diagnostic> {
    match archive::sniff(&bytes) {
        Container::Zip => Ok((bytes, false)),
        Container::Encrypted => Err(file_error(
            name,
            "the document is password-protected (encrypted); it cannot be read".into(),
            "open it in Word, remove the password (文件 › 信息 › 保护文档 › 用密码进行加密, clear it), save, and import again",
        )),
        Container::Legacy | Container::Rtf => {
            let what = if ext == "wps" {
                "an old WPS document (.wps)"
            } else {
                "an old binary Word document (.doc), not a .docx"
            };
            let Some(soffice) = legacy::soffice() else {
                return Err(file_error(
                    name,
                    format!("{what}; yanzhen reads .docx only"),
                    "open it in Word or WPS and save it as .docx (另存为 › Word 文档 (*.docx)), or install LibreOffice so that yanzhen converts it",
                ));
            };
            let bytes = legacy::convert(&soffice, &bytes, ext).map_err(|e| {
                file_error(
                    name,
                    format!("{what}; converting it with LibreOffice failed: {e}"),
                    "open it in Word or WPS and save it as .docx (另存为 › Word 文档 (*.docx))",
                )
            })?;
            Ok((bytes, true))
        }
        Container::Unknown => Err(file_error(
            name,
            "not a Word document: the file does not start like a .docx".into(),
            "export the submission from Word or WPS as .docx (另存为 › Word 文档 (*.docx))",
        )),
    }
}

/// The document model of the .docx `bytes`, or why the file cannot be read.
fn read_doc(name: &str, bytes: Vec<u8>) -> Result<model::Doc, Diagnostic> {
    let mut package = Package::open(bytes).map_err(|e| archive_error(name, e))?;
    docx::read(&mut package).map_err(|e| match e {
        model::ReadError::Archive(e) => archive_error(name, e),
        model::ReadError::Xml(part, msg) => Diagnostic::error(
            name,
            None,
            format!("the document is damaged: {part} is not well-formed XML ({msg})"),
        )
        .with_hint("open it in Word and save it again"),
    })
}

/// The page's slug: `--slug` when it is a valid one, else from the file name `stem`.
fn choose_slug(opts: &Options, name: &str, stem: &str) -> Result<String, Diagnostic> {
    let Some(s) = &opts.slug else {
        return Ok(slug_from_stem(stem));
    };
    if !urls::is_valid_slug(s) || s.contains(['/', '\\']) || s != &s.to_lowercase() {
        return Err(
            Diagnostic::error(name, None, format!("`{s}` cannot be a slug"))
                .with_hint(format!("try `{}`", slug_from_stem(s))),
        );
    }
    Ok(s.clone())
}

/// What the user should look at in the images: a missing caption, a format browsers cannot show.
fn image_notes(alts: &[String], image_exts: &[String]) -> Vec<String> {
    let mut notes = Vec::new();
    for (i, alt) in alts.iter().enumerate() {
        if alt.is_empty() {
            notes.push(format!(
                "{}: 图片没有说明文字，请在 ![] 中补写 (no caption found: write the alt text)",
                markdown::image_name(i, &image_exts[i])
            ));
        }
        if matches!(
            image_exts[i].as_str(),
            "emf" | "wmf" | "tif" | "tiff" | "bin"
        ) {
            notes.push(format!(
                "{}: 浏览器不能显示这种格式，请换成 PNG 或 JPEG (browsers cannot show this format)",
                markdown::image_name(i, &image_exts[i])
            ));
        }
    }
    notes
}

fn archive_error(name: &str, e: ArchiveError) -> Diagnostic {
    let (msg, hint) = match e {
        ArchiveError::Damaged(m) => (
            format!("the file is truncated or damaged: not a complete .docx ({m})"),
            "ask the branch to send the file again, or open it in Word and save it again",
        ),
        ArchiveError::TooLarge(m) => (
            format!("refused: {m}; this looks like a zip bomb, not a Word document"),
            "a real submission is far smaller: ask the branch for the original file",
        ),
        ArchiveError::NotWord => (
            "a zip archive, but not a Word document (it has no word/document.xml)".into(),
            "export the submission from Word or WPS as .docx",
        ),
        ArchiveError::Encrypted => (
            "the document is password-protected (encrypted); it cannot be read".into(),
            "open it in Word, remove the password, save, and import again",
        ),
    };
    Diagnostic::error(name, None, msg).with_hint(hint)
}

/// The slug of a file name: ASCII lower-cased, Chinese characters in pinyin joined by `-`.
pub fn slug_from_stem(stem: &str) -> String {
    use pinyin::ToPinyin;
    let mut out = String::new();
    let mut last_was_pinyin = false;
    for c in stem.chars() {
        if let Some(p) = c.to_pinyin() {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            out.push_str(p.plain());
            last_was_pinyin = true;
        } else if c.is_ascii_alphanumeric() {
            if last_was_pinyin {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
            last_was_pinyin = false;
        } else if c == '_' || c == '.' {
            out.push(c);
            last_was_pinyin = false;
        } else {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            last_was_pinyin = false;
        }
    }
    let mut slug = urls::slugify(&out);
    while slug.contains("--") {
        slug = slug.replace("--", "-");
    }
    let mut slug: String = slug.chars().take(80).collect();
    slug = slug.trim_matches(['-', '.', '_']).to_string();
    if slug.is_empty() || !urls::is_valid_slug(&slug) {
        "import".into()
    } else {
        slug
    }
}

/// A YAML double-quoted string (JSON strings are valid YAML).
fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn front_matter(g: &Guesses) -> (String, Vec<Field>, Vec<&'static str>) {
    let mut lines: Vec<(String, String)> = Vec::new();
    let mut guessed = Vec::new();
    let mut missing = Vec::new();
    let mut field = |name: &'static str, yaml: String, shown: String, from: &str| {
        lines.push((format!("{name}: {yaml}"), format!("# 请核对：{from}")));
        guessed.push(Field {
            name,
            value: shown,
            from: from.to_string(),
        });
    };
    field(
        "title",
        yaml_str(&g.title.value),
        g.title.value.clone(),
        &g.title.from,
    );
    match &g.date {
        Some(d) => field("date", d.value.clone(), d.value.clone(), &d.from),
        None => {
            missing.push("date");
        }
    }
    match &g.unit {
        Some(u) => field("unit", yaml_str(&u.value), u.value.clone(), &u.from),
        None => missing.push("unit"),
    }
    if let Some(e) = &g.editors {
        let list: Vec<String> = e.value.iter().map(|n| yaml_str(n)).collect();
        field(
            "editors",
            format!("[{}]", list.join(", ")),
            e.value.join("、"),
            &e.from,
        );
    }
    if let Some(s) = &g.source {
        field("source", yaml_str(&s.value), s.value.clone(), &s.from);
    }
    if missing.contains(&"date") {
        lines.insert(
            1,
            (
                "# date:".into(),
                "# 请填写：文档中没有找到发布日期，格式 YYYY-MM-DD（如 2024-05-20），填好后去掉行首的 #".into(),
            ),
        );
    }
    if missing.contains(&"unit") {
        lines.push((
            "# unit:".into(),
            "# 单位（机关或组织名称）：文档中没有找到，请填写".into(),
        ));
    }
    let width = lines
        .iter()
        .map(|(l, _)| display_width(l))
        .max()
        .unwrap_or(0)
        + 2;
    let mut out = String::new();
    for (l, c) in lines {
        let pad = width.saturating_sub(display_width(&l));
        out.push_str(&format!("{l}{}{c}\n", " ".repeat(pad)));
    }
    (out, guessed, missing)
}

/// Terminal width of `s` (CJK characters count two), to line up the comments.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_from_file_names() {
        assert_eq!(slug_from_stem("Case_Report 2024"), "case_report-2024");
        assert_eq!(slug_from_stem("头雁工程"), "tou-yan-gong-cheng");
        assert_eq!(
            slug_from_stem("2024年头雁（定稿）"),
            "2024-nian-tou-yan-ding-gao"
        );
        assert_eq!(slug_from_stem("《》"), "import");
    }

    #[test]
    fn front_matter_marks_guesses_and_comments_out_a_missing_date() {
        let g = Guesses {
            title: guess::Guess {
                value: "标题: \"引号\"".into(),
                from: "标题样式".into(),
            },
            unit: None,
            date: None,
            editors: None,
            source: None,
        };
        let (text, guessed, missing) = front_matter(&g);
        assert!(text.starts_with("title: \"标题: \\\"引号\\\"\""), "{text}");
        assert!(text.contains("# 请核对：标题样式"), "{text}");
        assert!(text.contains("\n# date:"), "{text}");
        assert!(text.contains("# 请填写"), "{text}");
        assert_eq!(guessed.len(), 1);
        assert_eq!(missing, vec!["date", "unit"]);
    }
}
