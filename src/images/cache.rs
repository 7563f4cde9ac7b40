//! The image cache in `.yanzhen-cache/images/` at the site root. An entry is a folder named by
//! the key (a SHA-256 of the source bytes, the settings and [`PIPELINE`]) holding the encoded
//! files and a manifest written last, with each file's length and CRC-32: a truncated, corrupt
//! or half-written entry fails the check and is made again. Entries no build used are pruned.
//! A small index remembers the content hash of each source by size and modification time, so a
//! rebuild does not read unchanged photos at all; the key itself is always the content hash.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::UNIX_EPOCH;

use sha2::{Digest, Sha256};

/// Bumped whenever the pipeline's output for the same input changes.
pub(super) const PIPELINE: &str = "yanzhen-images 1";

/// Name of the cache folder at the site root.
pub const DIR: &str = ".yanzhen-cache";

/// What an entry holds besides its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Meta {
    /// Oriented width of the source.
    pub(super) width: u32,
    /// Oriented height of the source.
    pub(super) height: u32,
    /// `photo`, `alpha` or `animated`.
    pub(super) kind: String,
}

/// A verified entry: its facts and files (name in the entry → path).
#[derive(Debug, Clone)]
pub(super) struct Entry {
    /// The facts.
    pub(super) meta: Meta,
    /// File name in the entry → its path on disk.
    pub(super) files: Vec<(String, PathBuf)>,
}

/// The memo of a source's content hash and GPS flag, by path, size and modification time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Known {
    /// Size in bytes.
    pub(super) len: u64,
    /// Modification time in nanoseconds.
    pub(super) mtime: u128,
    /// SHA-256 of the bytes, hex.
    pub(super) hash: String,
    /// Whether the file carries a GPS position.
    pub(super) gps: bool,
}

/// The cache of one site.
#[derive(Debug)]
pub(super) struct Cache {
    dir: PathBuf,
    index: Mutex<HashMap<String, Known>>,
}

impl Cache {
    /// The cache of the site at `root` (nothing is created until something is stored).
    pub(super) fn new(root: &Path) -> Cache {
        let dir = root.join(DIR).join("images");
        let index = fs::read_to_string(dir.join("sources"))
            .map(|t| parse_index(&t))
            .unwrap_or_default();
        Cache {
            dir,
            index: Mutex::new(index),
        }
    }

    /// The memo of `rel` if its size and modification time are unchanged.
    pub(super) fn known(&self, rel: &str, len: u64, mtime: u128) -> Option<Known> {
        let index = self.index.lock().unwrap_or_else(|e| e.into_inner());
        index
            .get(rel)
            .filter(|k| k.len == len && k.mtime == mtime)
            .cloned()
    }

    /// Remembers what was learnt of `rel`.
    pub(super) fn remember(&self, rel: &str, known: Known) {
        let mut index = self.index.lock().unwrap_or_else(|e| e.into_inner());
        index.insert(rel.to_string(), known);
    }

    /// The entry of `key` if it is complete and intact.
    pub(super) fn load(&self, key: &str) -> Option<Entry> {
        let dir = self.dir.join(key);
        let text = fs::read_to_string(dir.join("entry")).ok()?;
        let mut lines = text.lines();
        if lines.next()? != PIPELINE {
            return None;
        }
        let mut size = lines.next()?.split(' ');
        let meta = Meta {
            width: size.next()?.parse().ok()?,
            height: size.next()?.parse().ok()?,
            kind: size.next()?.to_string(),
        };
        let mut files = Vec::new();
        for line in lines {
            let mut f = line.split(' ');
            let (name, len, crc) = (f.next()?, f.next()?, f.next()?);
            let path = dir.join(name);
            let bytes = fs::read(&path).ok()?;
            if bytes.len().to_string() != len || format!("{:08x}", crc32(&bytes)) != crc {
                return None;
            }
            files.push((name.to_string(), path));
        }
        Some(Entry { meta, files })
    }

    /// Stores the files of `key` and returns the entry; a concurrent or crashed writer never
    /// leaves a manifest that names missing or partial files.
    pub(super) fn store(
        &self,
        key: &str,
        meta: &Meta,
        files: &[(String, Vec<u8>)],
    ) -> io::Result<Entry> {
        let dir = self.dir.join(key);
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        let mut manifest = format!("{PIPELINE}\n{} {} {}\n", meta.width, meta.height, meta.kind);
        let mut out = Vec::new();
        for (name, bytes) in files {
            let path = dir.join(name);
            fs::write(&path, bytes)?;
            manifest.push_str(&format!("{name} {} {:08x}\n", bytes.len(), crc32(bytes)));
            out.push((name.clone(), path));
        }
        let tmp = dir.join("entry.tmp");
        fs::write(&tmp, manifest)?;
        fs::rename(&tmp, dir.join("entry"))?;
        Ok(Entry {
            meta: meta.clone(),
            files: out,
        })
    }

    /// Removes every entry not in `used` and writes the source index of `sources`; returns how
    /// many entries went.
    pub(super) fn prune(&self, used: &HashSet<String>, sources: &HashSet<String>) -> usize {
        let mut removed = 0;
        if let Ok(dir) = fs::read_dir(&self.dir) {
            for e in dir.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if e.path().is_dir()
                    && !used.contains(&name)
                    && fs::remove_dir_all(e.path()).is_ok()
                {
                    removed += 1;
                }
            }
        }
        let index = self.index.lock().unwrap_or_else(|e| e.into_inner());
        let mut lines: Vec<String> = index
            .iter()
            .filter(|(rel, _)| sources.contains(*rel))
            .map(|(rel, k)| {
                format!(
                    "{}\t{}\t{}\t{}\t{rel}",
                    k.len,
                    k.mtime,
                    k.hash,
                    u8::from(k.gps)
                )
            })
            .collect();
        lines.sort();
        if !lines.is_empty() && fs::create_dir_all(&self.dir).is_ok() {
            let tmp = self.dir.join("sources.tmp");
            if fs::write(&tmp, lines.join("\n") + "\n").is_ok() {
                let _ = fs::rename(&tmp, self.dir.join("sources"));
            }
        }
        removed
    }
}

fn parse_index(text: &str) -> HashMap<String, Known> {
    text.lines()
        .filter_map(|l| {
            let mut f = l.splitn(5, '\t');
            let known = Known {
                len: f.next()?.parse().ok()?,
                mtime: f.next()?.parse().ok()?,
                hash: f.next()?.to_string(),
                gps: f.next()? == "1",
            };
            Some((f.next()?.to_string(), known))
        })
        .collect()
}

/// The size and modification time (ns since the epoch) of `path`.
pub(super) fn stat(path: &Path) -> Option<(u64, u128)> {
    let m = fs::metadata(path).ok()?;
    let t = m
        .modified()
        .ok()?
        .duration_since(UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some((m.len(), t))
}

/// SHA-256 of `bytes`, hex.
pub(super) fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The key of a source of content hash `hash` prepared with `settings`.
pub(super) fn key(hash: &str, settings: &str) -> String {
    let mut h = Sha256::new();
    h.update(PIPELINE.as_bytes());
    h.update(b"\n");
    h.update(settings.as_bytes());
    h.update(b"\n");
    h.update(hash.as_bytes());
    hex(&h.finalize())[..32].to_string()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(bytes);
    h.finalize()
}
