//! Discovery: the one walk over a folder of the site's sources (`content/`, `static/`). It skips
//! hidden files and editors' temporary files, and says which files are Markdown; it reads none
//! of them.

use camino::Utf8Path;

use crate::diagnostics::Diagnostic;

/// The files under a folder, relative to it with `/` between segments, in walk order: the
/// entries of each folder sorted by file name, a folder's files right after its name.
#[derive(Debug, Default)]
pub struct Scan {
    /// Files whose name ends in `.md` (any case).
    pub markdown: Vec<String>,
    /// Every other file.
    pub assets: Vec<String>,
    /// Entries that could not be read, and file names that are not valid Unicode (left out).
    pub problems: Vec<Diagnostic>,
}

/// Skips hidden files and editors' temporary and backup files.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name.starts_with("~$")
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
        // Editors' temporary and lock files: vim's write test, Kate, JetBrains, browsers'
        // partial downloads, vim's second swap file.
        || name == "4913"
        || name.ends_with(".kate-swp")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name.ends_with(".crdownload")
        || name.ends_with(".part")
        || name.ends_with(".swo")
}

/// Walks `root/folder` (e.g. `content`), leaving out the files and folders [`is_ignored`] names.
/// A folder that does not exist holds nothing. Problems name paths relative to `root`.
///
/// `load` finds the content files with it; it is meant to be the only walker of the site's
/// sources, so that `build` (copying `static/`) and `serve` (its rescan of `content/`) see the
/// same files as `load`.
pub fn scan(root: &Utf8Path, folder: &str) -> Scan {
    let dir = root.join(folder);
    let mut found = Scan::default();
    if !dir.is_dir() {
        return found;
    }
    let walker = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_str().is_some_and(is_ignored));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                found.problems.push(Diagnostic::error(
                    rel_to_root(root, &p),
                    None,
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(path) = Utf8Path::from_path(entry.path()) else {
            found.problems.push(
                Diagnostic::error(
                    entry.path().to_string_lossy().into_owned(),
                    None,
                    "the file name is not valid Unicode",
                )
                .with_hint("rename the file"),
            );
            continue;
        };
        let rel = path
            .strip_prefix(&dir)
            .unwrap_or(path)
            .as_str()
            .replace('\\', "/");
        if let Some(bad) = unsafe_prefix(&rel) {
            let shown = format!("{folder}/{bad}");
            if !found.problems.iter().any(|d| d.path.as_str() == shown) {
                found.problems.push(
                    Diagnostic::error(
                        shown.as_str(),
                        None,
                        "this name cannot be part of a web address or a Windows path",
                    )
                    .with_hint("rename it without < > : \" | ? * \\ or control characters"),
                );
            }
            continue;
        }
        let name = path.file_name().unwrap_or("");
        if name.to_ascii_lowercase().ends_with(".md") {
            found.markdown.push(rel);
        } else {
            found.assets.push(rel);
        }
    }
    found
}

/// The path up to and including the first segment of `rel` whose name holds a character that is
/// unsafe in a URL or on Windows (`<>:"|?*\`, control characters), if any.
fn unsafe_prefix(rel: &str) -> Option<&str> {
    let mut end = 0;
    for seg in rel.split('/') {
        end += seg.len();
        if seg
            .chars()
            .any(|c| c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*' | '\\'))
        {
            return Some(&rel[..end]);
        }
        end += 1;
    }
    None
}

fn rel_to_root(root: &Utf8Path, p: &str) -> String {
    p.strip_prefix(root.as_str())
        .unwrap_or(p)
        .trim_start_matches('/')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_unsafe_in_urls_or_on_windows_are_found() {
        assert_eq!(
            unsafe_prefix("javascript:alert(1)/a.md"),
            Some("javascript:alert(1)")
        );
        assert_eq!(unsafe_prefix("cases/a\\b.md"), Some("cases/a\\b.md"));
        assert_eq!(unsafe_prefix("cases/x<y>/z/a.md"), Some("cases/x<y>"));
        assert_eq!(unsafe_prefix("cases/党建 案例/a.md"), None);
    }

    #[test]
    fn editor_temp_files_are_ignored() {
        assert!(is_ignored(".a.md.swp"));
        assert!(is_ignored("a.md~"));
        assert!(is_ignored("~$文档.md"));
        assert!(!is_ignored("a.md"));
    }
}
