//! The page bundle written into the site without ever leaving half of it: the files go into a
//! hidden folder beside their place, which is then renamed into it; a bundle that is replaced
//! (`--force`) is moved aside first and removed last, and put back if the new one cannot go in.
//! Nothing is written outside `content/`, and a page is never overwritten without `--force`.

use std::path::{Path, PathBuf};

use super::Options;
use crate::diagnostics::Diagnostic;

/// Writes the bundle into a hidden folder beside its place, then renames it into place (with
/// `--force`, the old bundle is moved aside first and removed last). Returns whether a bundle
/// was replaced.
pub(super) fn write_bundle(
    opts: &Options,
    section: &str,
    slug: &str,
    text: &str,
    images: &[(String, Vec<u8>)],
) -> Result<bool, Diagnostic> {
    let page = format!("content/{section}/{slug}/index.md");
    let fail = |msg: String| Diagnostic::error(page.clone(), None, msg);
    let dir = section_dir(opts, section, &fail)?;
    let target = dir.join(slug);
    let exists = may_write(opts, &dir, section, slug, &page, &fail)?;
    let pid = std::process::id();
    let tmp = dir.join(format!(".{slug}.import-{pid}"));
    let _ = std::fs::remove_dir_all(&tmp);
    if let Err(e) = write_files(&tmp, text, images) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(fail(format!("cannot write: {e}; nothing was written")));
    }
    if exists {
        let old = dir.join(format!(".{slug}.replaced-{pid}"));
        replace(&tmp, &target, &old).map_err(fail)?;
    } else if let Err(e) = std::fs::rename(&tmp, &target) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(fail(format!(
            "cannot put the bundle in place: {e}; nothing was written"
        )));
    }
    Ok(exists)
}

/// `content/SECTION`, created if need be, and refused when it leads outside `content/` (whatever
/// links the folders are).
fn section_dir(
    opts: &Options,
    section: &str,
    fail: &impl Fn(String) -> Diagnostic,
) -> Result<PathBuf, Diagnostic> {
    let content = opts.root.join("content");
    let dir = content.join(section);
    std::fs::create_dir_all(&dir)
        .map_err(|e| fail(format!("cannot create content/{section}: {e}")))?;
    let canon_content = content
        .canonicalize()
        .map_err(|e| fail(format!("content/: {e}")))?;
    let canon_dir = dir
        .canonicalize()
        .map_err(|e| fail(format!("content/{section}: {e}")))?;
    if !canon_dir.starts_with(&canon_content) {
        return Err(fail(format!(
            "content/{section} leads outside content/; nothing was written"
        )));
    }
    Ok(dir)
}

/// Whether the page may be written into `dir`: never over a single-file page of that slug, over
/// a bundle only with `--force`, never over a folder that is not a bundle. Returns whether a
/// bundle is there to replace.
fn may_write(
    opts: &Options,
    dir: &Path,
    section: &str,
    slug: &str,
    page: &str,
    fail: &impl Fn(String) -> Diagnostic,
) -> Result<bool, Diagnostic> {
    let target = dir.join(slug);
    if dir.join(format!("{slug}.md")).exists() {
        return Err(Diagnostic::error(
            format!("content/{section}/{slug}.md"),
            None,
            "a page with this slug already exists; yanzhen import never overwrites it",
        )
        .with_hint("choose another name with --slug"));
    }
    let exists = target.exists();
    if exists && !opts.force {
        return Err(Diagnostic::error(
            page,
            None,
            "the page already exists; yanzhen import never overwrites it",
        )
        .with_hint("pass --force to replace it, or --slug to choose another name"));
    }
    if exists && !target.join("index.md").is_file() {
        return Err(fail(format!(
            "content/{section}/{slug} exists and is not a page bundle; not replaced"
        ))
        .with_hint("choose another name with --slug"));
    }
    Ok(exists)
}

/// Writes the images and `index.md` into the new folder `tmp`.
fn write_files(tmp: &Path, text: &str, images: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    std::fs::create_dir(tmp)?;
    for (name, bytes) in images {
        std::fs::write(tmp.join(name), bytes)?;
    }
    std::fs::write(tmp.join("index.md"), text)
}

/// Puts the bundle `tmp` in place of `target`: the old one moved aside to `old`, removed once the
/// new one is in; on failure the old one stays (or goes back) and `tmp` is removed.
fn replace(tmp: &Path, target: &Path, old: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(old);
    if let Err(e) = std::fs::rename(target, old) {
        let _ = std::fs::remove_dir_all(tmp);
        return Err(format!(
            "cannot move the old bundle aside: {e}; nothing was changed"
        ));
    }
    if let Err(e) = std::fs::rename(tmp, target) {
        let _ = std::fs::rename(old, target);
        let _ = std::fs::remove_dir_all(tmp);
        return Err(format!(
            "cannot put the new bundle in place: {e}; the old one was kept"
        ));
    }
    let _ = std::fs::remove_dir_all(old);
    Ok(())
}
