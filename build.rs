//! Cargo build script: records the git commit the binary is built from, for `yanzhen --version`.
//!
//! It runs `git` on the local repository only (no network). Outside a git checkout (a source
//! tarball) the commit is taken from the `YANZHEN_COMMIT` environment variable, else "unknown".

use std::path::Path;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (out.status.success() && !text.is_empty()).then(|| text.to_owned())
}

fn main() {
    println!("cargo:rerun-if-env-changed=YANZHEN_COMMIT");
    println!("cargo:rerun-if-changed=build.rs");
    let commit = std::env::var("YANZHEN_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(|| git(&["rev-parse", "--short=12", "HEAD"]));
    if commit.is_some() {
        // Build again when HEAD moves: HEAD itself, the branch it names, and packed refs.
        let mut watched = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
        watched.extend(git(&["symbolic-ref", "-q", "HEAD"]));
        for name in watched {
            if let Some(path) = git(&["rev-parse", "--git-path", &name])
                && Path::new(&path).exists()
            {
                println!("cargo:rerun-if-changed={path}");
            }
        }
    }
    let commit = commit.unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=YANZHEN_COMMIT={commit}");
}
