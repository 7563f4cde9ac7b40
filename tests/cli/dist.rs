//! What the packages are made of: `--version`, and the man pages and completions that
//! `scripts/dist.sh` gets from the hidden `dist-files` subcommand.

use crate::fixture::Fixture;

#[test]
fn version_names_the_commit_and_pdf_support() {
    let out = Fixture::new().run(&["--version"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let line = out.stdout.trim();
    let prefix = concat!("yanzhen ", env!("CARGO_PKG_VERSION"), " (commit ");
    assert!(line.starts_with(prefix), "{line}");
    let commit = &line[prefix.len()..line.find(',').unwrap_or(prefix.len())];
    assert!(
        commit == "unknown"
            || (commit.len() == 12 && commit.chars().all(|c| c.is_ascii_hexdigit())),
        "commit {commit:?} in {line}"
    );
    let pdf = if cfg!(feature = "pdf") {
        "PDF: yes)"
    } else {
        "PDF: no ("
    };
    assert!(line.contains(pdf), "{line}");
}

#[test]
fn dist_files_are_man_pages_and_completions_of_the_public_commands() {
    let dir = Fixture::new();
    let out = dir.run(&["dist-files", "out"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let man = dir.read("out/man/yanzhen.1");
    assert!(
        man.starts_with(".ie \\n(.g .ds Aq") || man.contains(".TH yanzhen 1"),
        "{man}"
    );
    for sub in ["build", "check", "serve", "print", "init", "new", "import"] {
        assert!(
            man.contains(&format!("yanzhen\\-{sub}(1)")),
            "{sub} in\n{man}"
        );
        let page = dir.read(&format!("out/man/yanzhen-{sub}.1"));
        assert!(page.contains(&format!(".TH yanzhen-{sub} 1")), "{page}");
    }
    assert!(dir.read("out/man/yanzhen-build.1").contains("\\-\\-output"));
    for file in ["yanzhen.bash", "_yanzhen", "yanzhen.fish", "_yanzhen.ps1"] {
        let text = dir.read(&format!("out/completions/{file}"));
        assert!(text.contains("import"), "{file}: {text}");
        assert!(
            !text.contains("dist-files"),
            "{file} offers the hidden subcommand"
        );
    }
    assert!(!dir.exists("out/man/yanzhen-dist-files.1"));
    let help = dir.run(&["--help"]);
    assert!(!help.stdout.contains("dist-files"), "{}", help.stdout);
}
