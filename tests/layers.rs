//! The layers of the crate, written once: every `crate::x` a module of `src/` names must be in
//! its row, and every row names only modules below it, so data flows one way and no import
//! circle can form. The README's design notes draw the same rows as a picture.

use std::collections::BTreeMap;
use std::path::Path;

/// Modules from the bottom up, each with the modules it may import. A module may only allow
/// modules listed before it.
const LAYERS: &[(&str, &[&str])] = &[
    ("diagnostics", &[]),
    ("urls", &[]),
    ("escape", &[]),
    ("yaml", &["diagnostics"]),
    ("fields", &["diagnostics", "urls", "yaml"]),
    ("output", &["diagnostics"]),
    ("config", &["diagnostics", "fields", "urls", "yaml"]),
    (
        "content",
        &["config", "diagnostics", "fields", "urls", "yaml"],
    ),
    ("exhibition", &["content", "urls"]),
    ("images", &["config", "content", "diagnostics", "output"]),
    ("markdown", &["diagnostics", "urls"]),
    (
        "bodies",
        &["config", "content", "diagnostics", "images", "markdown"],
    ),
    ("routes", &["content", "exhibition"]),
    (
        "search",
        &["bodies", "config", "content", "markdown", "urls"],
    ),
    (
        "print",
        &[
            "bodies",
            "config",
            "content",
            "diagnostics",
            "images",
            "markdown",
            "output",
            "routes",
            "urls",
        ],
    ),
    (
        "render",
        &[
            "bodies",
            "config",
            "content",
            "diagnostics",
            "escape",
            "exhibition",
            "images",
            "markdown",
            "output",
            "print",
            "routes",
            "urls",
        ],
    ),
    (
        "check",
        &["content", "diagnostics", "escape", "fields", "yaml"],
    ),
    (
        "assets",
        &[
            "content",
            "diagnostics",
            "images",
            "markdown",
            "output",
            "print",
            "render",
        ],
    ),
    ("scaffold", &["content", "diagnostics"]),
    (
        "build",
        &[
            "assets",
            "bodies",
            "check",
            "config",
            "content",
            "diagnostics",
            "exhibition",
            "images",
            "output",
            "print",
            "render",
            "routes",
            "search",
        ],
    ),
    (
        "import",
        &[
            "config",
            "content",
            "diagnostics",
            "fields",
            "markdown",
            "urls",
            "yaml",
        ],
    ),
    (
        "serve",
        &[
            "assets",
            "bodies",
            "build",
            "config",
            "content",
            "diagnostics",
            "escape",
            "exhibition",
            "images",
            "markdown",
            "output",
            "render",
            "routes",
        ],
    ),
];

/// The crate modules named by `crate::NAME` in `text`, test modules left out.
fn named_modules(text: &str) -> Vec<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.push(name);
            }
        } else {
            out.push(
                rest.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
    }
    out.retain(|n| !n.is_empty());
    out
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_row_allows_only_modules_below_it() {
    let mut seen: Vec<&str> = Vec::new();
    for (module, allowed) in LAYERS {
        for a in *allowed {
            assert!(
                seen.contains(a),
                "`{module}` may import `{a}`, which is not below it"
            );
        }
        seen.push(module);
    }
}

#[test]
fn no_module_imports_outside_its_row() {
    let rows: BTreeMap<&str, &[&str]> = LAYERS.iter().copied().collect();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let module = rel.split('/').next().unwrap().trim_end_matches(".rs");
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(allowed) = rows.get(module) else {
            wrong.push(format!("{rel}: module `{module}` has no row in LAYERS"));
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for name in named_modules(&text) {
            if name != module && !allowed.contains(&name.as_str()) {
                wrong.push(format!("{rel}: `{module}` imports `{name}`"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports outside their layer:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_scanner_sees_grouped_and_plain_imports() {
    let names = named_modules(
        "use crate::content::Site;\nuse crate::{urls, escape::html};\nfn f() { crate::print::x(); }\n#[cfg(test)]\nmod t { use crate::serve; }",
    );
    assert_eq!(names, ["content", "urls", "escape", "print"]);
}
