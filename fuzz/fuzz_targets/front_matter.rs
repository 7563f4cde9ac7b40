//! A Markdown file's front matter: the split at `---` lines, then the YAML reader and the field
//! checks for every kind of page and for `_index.md`.
#![no_main]

use camino::Utf8Path;
use libfuzzer_sys::fuzz_target;
use yanzhen::config::Config;
use yanzhen::content::Kind;
use yanzhen::content::frontmatter::{read, read_section, split};

fuzz_target!(|text: &str| {
    let path = Utf8Path::new("content/cases/a.md");
    let Ok(s) = split(text) else { return };
    let Ok(config) = Config::parse(Utf8Path::new("site.yaml"), "title: 测试") else {
        return;
    };
    for kind in [Kind::Case, Kind::Brand, Kind::Report] {
        let _ = read(path, s.yaml, kind, &config);
    }
    let _ = read_section(path, s.yaml);
});
