//! The old binary formats (.doc, .wps, and RTF saved as .doc): converted to .docx by LibreOffice
//! when `soffice` is installed, in a private temporary folder with its own profile so that a
//! running LibreOffice is left alone; otherwise the user is told to save the file as .docx.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long a conversion may take.
const TIMEOUT: Duration = Duration::from_secs(180);

/// `soffice` (or `libreoffice`) on PATH.
pub fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["soffice", "libreoffice", "soffice.exe"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// A temporary folder removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> std::io::Result<TempDir> {
        let base = std::env::temp_dir();
        for n in 0..1000u32 {
            let p = base.join(format!("yanzhen-import-{}-{n}", std::process::id()));
            match std::fs::create_dir(&p) {
                Ok(()) => return Ok(TempDir(p)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other("no free temporary folder name"))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Converts `bytes` (of a file whose extension was `ext`) to .docx with `soffice`.
pub fn convert(soffice: &Path, bytes: &[u8], ext: &str) -> Result<Vec<u8>, String> {
    let tmp = TempDir::new().map_err(|e| format!("cannot create a temporary folder: {e}"))?;
    let ext = if ext.is_empty() { "doc" } else { ext };
    let input = tmp.0.join(format!("input.{ext}"));
    std::fs::write(&input, bytes).map_err(|e| format!("cannot write a temporary file: {e}"))?;
    let out_dir = tmp.0.join("out");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        tmp.0
            .join("profile")
            .display()
            .to_string()
            .replace(' ', "%20")
    );
    let mut child = Command::new(soffice)
        .arg(profile)
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
        ])
        .arg(&out_dir)
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", soffice.display()))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "LibreOffice did not finish within {} s",
                    TIMEOUT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => return Err(format!("waiting for LibreOffice: {e}")),
        }
    }
    std::fs::read(out_dir.join("input.docx")).map_err(|_| {
        "LibreOffice could not convert it (a damaged or password-protected file?)".into()
    })
}
