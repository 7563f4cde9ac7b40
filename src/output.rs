//! The only writer of the output folder. Files go through a [`Sink`]: [`Disk`] for `build`, which
//! writes into a staging folder beside the output and swaps it in only when the whole build
//! succeeded (a failed or killed build leaves the previous output untouched), or [`Memory`] for
//! `check` and `serve`.
//!
//! Before writing, [`prepare`] refuses outputs that could destroy the user's files: the site root,
//! a folder holding `content/` or `site.yaml`, a folder inside the site's sources, or a folder
//! holding files that no earlier build wrote (tracked in a manifest kept beside the output, so the
//! deployable folder holds only the site).

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostics::Diagnostic;

/// Name of the manifest earlier versions kept inside the output (one written file per line);
/// still read, so their outputs are recognised. The manifest now lives beside the output, as
/// `.NAME.yanzhen-manifest` ([`manifest_path`]).
pub const MANIFEST: &str = ".yanzhen-manifest";

/// Where the manifest of `output` lives: beside it, never in what gets deployed.
pub fn manifest_path(output: &Path) -> PathBuf {
    with_suffix(output, "yanzhen-manifest")
}

/// Where rendered files go.
pub trait Sink: Sync {
    /// Writes `bytes` at the site path `path` (`cases/a/index.html`).
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()>;
    /// Copies the file `from` to the site path `path`.
    fn copy(&self, path: &str, from: &Path) -> io::Result<()> {
        self.write(path, &std::fs::read(from)?)
    }
}

/// Keeps files in memory.
#[derive(Debug, Default)]
pub struct Memory {
    /// Site path → bytes.
    pub files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Sink for Memory {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// Writes into a staging folder; [`Disk::commit`] swaps it in.
#[derive(Debug)]
pub struct Disk {
    output: PathBuf,
    staging: PathBuf,
    written: Mutex<Vec<String>>,
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    path.with_file_name(format!(".{name}.{suffix}"))
}

fn safe_rel(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..")
}

impl Sink for Disk {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let target = self.target(path)?;
        std::fs::write(&target, bytes)?;
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(path.to_string());
        Ok(())
    }

    fn copy(&self, path: &str, from: &Path) -> io::Result<()> {
        let target = self.target(path)?;
        std::fs::copy(from, &target)?;
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(path.to_string());
        Ok(())
    }
}

impl Disk {
    fn target(&self, path: &str) -> io::Result<PathBuf> {
        if !safe_rel(path) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output: {path}"),
            ));
        }
        let target = self.staging.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        Ok(target)
    }

    /// Number of files written so far.
    pub fn count(&self) -> usize {
        self.written.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Writes the manifest and swaps the staging folder in place of the output.
    pub fn commit(self) -> io::Result<PathBuf> {
        let mut written = self.written.into_inner().unwrap_or_else(|e| e.into_inner());
        written.sort();
        written.dedup();
        let manifest = manifest_path(&self.output);
        // Until the swap, the manifest lists the old files and the new ones, so a build killed
        // in between leaves an output that is still recognised as ours.
        let mut both: Vec<String> = listed(&self.output).into_iter().collect();
        both.extend(written.iter().cloned());
        both.sort();
        both.dedup();
        write_manifest(&manifest, &both)?;
        let old = with_suffix(&self.output, "yanzhen-old");
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        if self.output.exists() {
            if exchange(&self.staging, &self.output).is_ok() {
                // One atomic step: the output is the new site, the staging folder the old one.
                std::fs::rename(&self.staging, &old)?;
            } else {
                std::fs::rename(&self.output, &old)?;
                if let Err(e) = std::fs::rename(&self.staging, &self.output) {
                    // Put the previous output back.
                    let _ = std::fs::rename(&old, &self.output);
                    return Err(e);
                }
            }
        } else {
            std::fs::rename(&self.staging, &self.output)?;
        }
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        write_manifest(&manifest, &written)?;
        Ok(self.output)
    }

    /// Removes the staging folder; the output stays as it was.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

/// Checks that `output` may be (re)written for the site at `root`, and opens a staging folder.
pub fn prepare(root: &Path, output: &Path) -> Result<Disk, Diagnostic> {
    let given = output;
    let root = std::fs::canonicalize(root).map_err(|e| {
        Diagnostic::error(
            root.display().to_string(),
            None,
            format!("cannot open the site folder: {e}"),
        )
    })?;
    let output = resolve_output(given)?;
    check_place(&root, &output).map_err(|r| r.at(given))?;
    if output.exists() {
        check_contents(&output).map_err(|r| r.at(given))?;
    }
    let staging = open_staging(&output)?;
    Ok(Disk {
        output,
        staging,
        written: Mutex::new(Vec::new()),
    })
}

/// Why an output folder is refused: the message and what to do instead.
struct Refusal {
    msg: String,
    hint: &'static str,
}

impl Refusal {
    /// A refusal with `msg` and `hint`.
    fn new(msg: impl Into<String>, hint: &'static str) -> Self {
        Refusal {
            msg: msg.into(),
            hint,
        }
    }

    /// The error, reported against the output path as the user gave it.
    fn at(self, given: &Path) -> Diagnostic {
        Diagnostic::error(given.display().to_string(), None, self.msg)
            .with_hint(self.hint.to_string())
    }
}

/// The absolute, canonical output path; a folder not yet there gets its parent created (and
/// canonicalised) so the checks compare real paths.
fn resolve_output(given: &Path) -> Result<PathBuf, Diagnostic> {
    let output = absolute(given);
    if output.exists() {
        return Ok(std::fs::canonicalize(&output).unwrap_or(output));
    }
    let Some(name) = output.file_name().map(|n| n.to_os_string()) else {
        return Err(Refusal::new(
            "the output folder cannot be a file-system root",
            "choose a folder such as public/",
        )
        .at(given));
    };
    let parent = output
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/"));
    std::fs::create_dir_all(&parent).map_err(|e| {
        Diagnostic::error(
            parent.display().to_string(),
            None,
            format!("cannot create the output's parent folder: {e}"),
        )
    })?;
    Ok(std::fs::canonicalize(&parent).unwrap_or(parent).join(name))
}

/// Refuses an output that is a file-system root, the site root, a folder holding the site, or a
/// folder inside the site's sources.
fn check_place(root: &Path, output: &Path) -> Result<(), Refusal> {
    if output.parent().is_none() {
        return Err(Refusal::new(
            "the output folder cannot be a file-system root",
            "choose a folder such as public/",
        ));
    }
    if output == root {
        return Err(Refusal::new(
            "the output folder is the site root; building would overwrite the site",
            "use the default `public/` or another folder with -o",
        ));
    }
    if root.starts_with(output) {
        return Err(Refusal::new(
            "the output folder contains the site; building would delete it",
            "choose a folder inside or beside the site, such as public/",
        ));
    }
    for src in ["content", "static", "themes"] {
        if output.starts_with(root.join(src)) {
            return Err(Refusal::new(
                format!("the output folder is inside the site's {src}/ folder"),
                "choose a folder such as public/",
            ));
        }
    }
    Ok(())
}

/// Refuses an existing output that is not a folder, looks like a site, or holds files that no
/// earlier build wrote.
fn check_contents(output: &Path) -> Result<(), Refusal> {
    if !output.is_dir() {
        return Err(Refusal::new(
            "the output path exists and is not a folder",
            "remove it or choose another -o",
        ));
    }
    if output.join("content").exists() || output.join("site.yaml").exists() {
        return Err(Refusal::new(
            "the output folder holds `content/` or `site.yaml`: it looks like a site, not a build",
            "choose another folder with -o",
        ));
    }
    let foreign = foreign_files(output);
    if foreign.is_empty() {
        return Ok(());
    }
    let shown: Vec<String> = foreign.iter().take(5).cloned().collect();
    let more = if foreign.len() > 5 {
        format!(" and {} more", foreign.len() - 5)
    } else {
        String::new()
    };
    Err(Refusal::new(
        format!(
            "the output folder holds files yanzhen did not write: {}{more}",
            shown.join(", ")
        ),
        "move those files into static/ (copied on every build), or delete them, or choose another -o",
    ))
}

/// A fresh, empty staging folder beside `output`; one left by a killed build is removed first.
fn open_staging(output: &Path) -> Result<PathBuf, Diagnostic> {
    let staging = with_suffix(output, "yanzhen-staging");
    if staging.exists() {
        // Left by a killed build; it is ours by name.
        std::fs::remove_dir_all(&staging).map_err(|e| {
            Diagnostic::error(
                staging.display().to_string(),
                None,
                format!("cannot remove a stale staging folder: {e}"),
            )
        })?;
    }
    std::fs::create_dir_all(&staging).map_err(|e| {
        Diagnostic::error(
            staging.display().to_string(),
            None,
            format!("cannot create the staging folder: {e}"),
        )
    })?;
    Ok(staging)
}

/// Swaps two folders atomically (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no atomic exchange",
    ))
}

fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    }
}

/// Writes a manifest through a temporary file, so it is whole or not there.
fn write_manifest(path: &Path, files: &[String]) -> io::Result<()> {
    let mut text = files.join("\n");
    text.push('\n');
    let tmp = path.with_extension("yanzhen-tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

/// The files the manifest of `output` lists: the one beside it, and the one an earlier version
/// left inside it.
fn listed(output: &Path) -> HashSet<String> {
    [manifest_path(output), output.join(MANIFEST)]
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .flat_map(|m| m.lines().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// Files under `output` that are not listed in its manifest (every file if there is none).
fn foreign_files(output: &Path) -> Vec<String> {
    let listed = listed(output);
    let mut foreign = Vec::new();
    for entry in walkdir::WalkDir::new(output)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(output)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if rel == MANIFEST || listed.contains(&rel) {
            continue;
        }
        foreign.push(rel);
    }
    foreign
}

/// The error of a file that could not be written at site path `path`.
pub fn write_error(path: &str, e: io::Error) -> Diagnostic {
    Diagnostic::error(path, None, format!("cannot write the output file: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_escape_are_refused() {
        assert!(safe_rel("a/b/index.html"));
        assert!(!safe_rel("../x"));
        assert!(!safe_rel("/etc/passwd"));
        assert!(!safe_rel("a//b"));
    }
}
