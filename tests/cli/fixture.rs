//! A site in a temporary folder, and the real `yanzhen` binary run on it.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Fixture {
    dir: tempfile::TempDir,
}

pub struct Output {
    pub code: i32,
    #[allow(dead_code)]
    pub stdout: String,
    pub stderr: String,
}

pub const SITE_YAML: &str = "title: 测试党建网\nsubtitle: 副标题\ncolumns:\n  - {slug: show-brands, title: \"SHOW!党建品牌\"}\n  - {slug: other-hills, title: 他山之石}\nmenu:\n  - {title: 首页, url: /}\n  - {section: cases}\n  - {column: show-brands}\nfooter: 测试工委 主办\n";

impl Fixture {
    pub fn new() -> Self {
        Fixture {
            dir: tempfile::Builder::new()
                .prefix("yanzhen-test")
                .tempdir()
                .expect("temp dir"),
        }
    }

    /// A small valid site: site.yaml, one case.
    pub fn site() -> Self {
        Fixture::new().file("site.yaml", SITE_YAML).file(
            "content/cases/a.md",
            "---\ntitle: 案例甲\ndate: 2024-05-01\nunit: 市税务局\n---\n\n正文。\n",
        )
    }

    pub fn file(self, path: &str, text: &str) -> Self {
        self.bytes(path, text.as_bytes())
    }

    pub fn bytes(self, path: &str, bytes: &[u8]) -> Self {
        let p = self.dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
        self
    }

    /// Writes a file of an existing fixture.
    pub fn write(&self, path: &str, text: &str) {
        let p = self.dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn remove(&self, path: &str) {
        std::fs::remove_file(self.path(path)).unwrap();
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    pub fn read(&self, p: &str) -> String {
        std::fs::read_to_string(self.path(p)).unwrap_or_else(|e| panic!("cannot read {p}: {e}"))
    }

    pub fn exists(&self, p: &str) -> bool {
        self.path(p).exists()
    }

    /// Runs `yanzhen ARGS` with the site as working directory.
    pub fn run(&self, args: &[&str]) -> Output {
        let out = Command::new(env!("CARGO_BIN_EXE_yanzhen"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("run yanzhen");
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs `build` and asserts it succeeded.
    pub fn build_ok(&self, args: &[&str]) -> Output {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert_eq!(out.code, 0, "build failed:\n{}", out.stderr);
        out
    }
}

/// Every file under `dir`, as (relative path, bytes), sorted.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.push((rel, std::fs::read(e.path()).unwrap()));
        }
    }
    files
}

/// Every `href="…"` and `src="…"` value in an HTML text, except a `<base href>` (the 404 page's
/// links resolve from the site root wherever the server shows it).
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            let is_base = rest[..i].ends_with("<base ");
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            if !is_base {
                out.push(rest[..end].replace("&amp;", "&"));
            }
            rest = &rest[end..];
        }
    }
    out
}
