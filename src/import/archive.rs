//! The container of a Word file: tells a .docx (a zip) from the old binary formats, a
//! password-protected document, a truncated download or something else entirely, and reads the
//! parts of a .docx within fixed limits so that a zip bomb is refused before it is inflated.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use zip::ZipArchive;

/// Most entries a .docx may have (a long report with many photos has a few hundred).
pub const MAX_ENTRIES: usize = 5_000;
/// Largest size of one entry, inflated.
pub const MAX_ENTRY_BYTES: u64 = 64 << 20;
/// Largest size of all the entries read from one file, inflated.
pub const MAX_TOTAL_BYTES: u64 = 256 << 20;
/// Largest Word file read at all.
pub const MAX_FILE_BYTES: u64 = 200 << 20;

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// A zip archive (a .docx, or another Office Open XML file).
    Zip,
    /// An OLE compound file holding an encrypted Office Open XML package: a password.
    Encrypted,
    /// An OLE compound file of the old binary formats (.doc, .wps).
    Legacy,
    /// Rich text, which Word also saves under the name .doc.
    Rtf,
    /// Anything else.
    Unknown,
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Tells what kind of container `bytes` are.
pub fn sniff(bytes: &[u8]) -> Container {
    if bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(b"PK\x05\x06")
        || bytes.starts_with(b"PK\x07\x08")
    {
        Container::Zip
    } else if bytes.starts_with(&OLE_MAGIC) {
        // An encrypted .docx is a compound file whose directory names the stream
        // "EncryptedPackage" (UTF-16LE); a .doc or .wps has "WordDocument" or "WpsContent".
        let name: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if bytes.windows(name.len()).any(|w| w == name.as_slice()) {
            Container::Encrypted
        } else {
            Container::Legacy
        }
    } else if bytes.starts_with(b"{\\rtf") {
        Container::Rtf
    } else {
        Container::Unknown
    }
}

/// Why a .docx could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArchiveError {
    /// Starts like a zip but its directory cannot be read: truncated or damaged.
    Damaged(String),
    /// Too many entries, or an entry or the whole too large when inflated.
    TooLarge(String),
    /// A required part is missing: a zip, but not a Word document.
    NotWord,
    /// An entry is encrypted with a zip password.
    Encrypted,
}

/// An opened .docx whose parts are read on demand, within the limits.
pub struct Package {
    zip: ZipArchive<Cursor<Vec<u8>>>,
    read_total: u64,
    names: BTreeMap<String, usize>,
}

impl Package {
    /// Opens the archive and checks the declared sizes of every entry before anything is
    /// inflated.
    pub fn open(bytes: Vec<u8>) -> Result<Package, ArchiveError> {
        let zip = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| ArchiveError::Damaged(e.to_string()))?;
        if zip.len() > MAX_ENTRIES {
            return Err(ArchiveError::TooLarge(format!(
                "{} entries (at most {MAX_ENTRIES})",
                zip.len()
            )));
        }
        let mut declared: u64 = 0;
        let mut names = BTreeMap::new();
        for i in 0..zip.len() {
            let entry = zip
                .by_index_data(i)
                .map_err(|e| ArchiveError::Damaged(e.to_string()))?;
            let size = entry.size();
            if size > MAX_ENTRY_BYTES {
                return Err(ArchiveError::TooLarge(format!(
                    "an entry declares {} MiB (at most {} MiB)",
                    size >> 20,
                    MAX_ENTRY_BYTES >> 20
                )));
            }
            declared = declared.saturating_add(size);
            if let Ok(name) = entry.name() {
                names.insert(name.trim_start_matches('/').to_string(), i);
            }
        }
        if declared > MAX_TOTAL_BYTES {
            return Err(ArchiveError::TooLarge(format!(
                "the entries declare {} MiB in all (at most {} MiB)",
                declared >> 20,
                MAX_TOTAL_BYTES >> 20
            )));
        }
        let mut package = Package {
            zip,
            read_total: 0,
            names,
        };
        if !package.has("word/document.xml") && package.main_part().is_none() {
            return Err(ArchiveError::NotWord);
        }
        Ok(package)
    }

    /// Whether the archive has an entry `name`.
    pub fn has(&self, name: &str) -> bool {
        self.names.contains_key(name)
    }

    /// The main document part as named by `[Content_Types].xml` is usually
    /// `word/document.xml`; some writers use another name (`word/document2.xml`).
    pub fn main_part(&mut self) -> Option<String> {
        if self.has("word/document.xml") {
            return Some("word/document.xml".into());
        }
        let types = self.read_text("[Content_Types].xml").ok()??;
        let doc = roxmltree::Document::parse(&types).ok()?;
        doc.descendants()
            .find(|n| {
                n.attribute("ContentType")
                    .is_some_and(|t| t.contains("wordprocessingml.document.main"))
            })
            .and_then(|n| n.attribute("PartName"))
            .map(|p| p.trim_start_matches('/').to_string())
            .filter(|p| self.has(p))
    }

    /// The inflated bytes of entry `name`, or `None` if there is none. The actual size is
    /// checked while inflating, whatever the entry declares.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ArchiveError> {
        let Some(&index) = self.names.get(name) else {
            return Ok(None);
        };
        let mut file = self.zip.by_index(index).map_err(|e| match e {
            zip::result::ZipError::UnsupportedArchive(m) if m.contains("assword") => {
                ArchiveError::Encrypted
            }
            e => ArchiveError::Damaged(e.to_string()),
        })?;
        if file.encrypted() {
            return Err(ArchiveError::Encrypted);
        }
        let declared = file.size();
        let room = MAX_TOTAL_BYTES.saturating_sub(self.read_total);
        let cap = declared.min(MAX_ENTRY_BYTES).min(room);
        let mut out = Vec::with_capacity(cap.min(1 << 20) as usize);
        (&mut file)
            .take(cap + 1)
            .read_to_end(&mut out)
            .map_err(|e| {
                // The zip reader itself stops at the declared size.
                if e.to_string().contains("larger than") {
                    ArchiveError::TooLarge(format!(
                        "{name} inflates to more than the {declared} bytes it declares"
                    ))
                } else {
                    ArchiveError::Damaged(format!("{name}: {e}"))
                }
            })?;
        let got = out.len() as u64;
        if got > cap {
            return Err(ArchiveError::TooLarge(if got > declared {
                format!("{name} inflates to more than the {declared} bytes it declares")
            } else {
                format!(
                    "{name} inflates past the limit of {} MiB",
                    MAX_ENTRY_BYTES.min(MAX_TOTAL_BYTES) >> 20
                )
            }));
        }
        self.read_total += got;
        Ok(Some(out))
    }

    /// Entry `name` as UTF-8 text.
    pub fn read_text(&mut self, name: &str) -> Result<Option<String>, ArchiveError> {
        match self.read(name)? {
            None => Ok(None),
            Some(bytes) => String::from_utf8(bytes)
                .map(Some)
                .map_err(|_| ArchiveError::Damaged(format!("{name} is not UTF-8"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn sniffs_containers() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Container::Zip);
        assert_eq!(sniff(&OLE_MAGIC), Container::Legacy);
        let mut enc = OLE_MAGIC.to_vec();
        enc.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(sniff(&enc), Container::Encrypted);
        assert_eq!(sniff(b"{\\rtf1"), Container::Rtf);
        assert_eq!(sniff(b"hello"), Container::Unknown);
    }

    #[test]
    fn an_entry_that_inflates_past_its_declared_size_is_refused() {
        let big = vec![b'a'; 200_000];
        let mut bytes = zip_of(&[("word/document.xml", b"<x/>"), ("word/media/a.png", &big)]);
        // Lie about the inflated size in the central directory: 200000 → 100.
        let needle = 200_000u32.to_le_bytes();
        let mut patched = 0;
        for i in 0..bytes.len() - 4 {
            if bytes[i..i + 4] == needle {
                bytes[i..i + 4].copy_from_slice(&100u32.to_le_bytes());
                patched += 1;
            }
        }
        assert!(patched >= 1);
        let mut p = Package::open(bytes).unwrap();
        match p.read("word/media/a.png") {
            Err(ArchiveError::TooLarge(m)) => assert!(m.contains("declares"), "{m}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn too_many_entries_are_refused_before_anything_is_read() {
        let names: Vec<String> = (0..=MAX_ENTRIES)
            .map(|i| format!("word/media/{i}.png"))
            .collect();
        let mut entries: Vec<(&str, &[u8])> =
            names.iter().map(|n| (n.as_str(), &b""[..])).collect();
        entries.push(("word/document.xml", b"<x/>"));
        assert!(matches!(
            Package::open(zip_of(&entries)),
            Err(ArchiveError::TooLarge(_))
        ));
    }

    #[test]
    fn a_zip_without_a_document_is_not_word() {
        let bytes = zip_of(&[("xl/workbook.xml", b"<x/>")]);
        assert!(matches!(Package::open(bytes), Err(ArchiveError::NotWord)));
    }
}
