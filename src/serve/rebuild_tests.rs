//! Tests of the incremental rebuild: which routes an edit renders again.

use super::*;
use crate::serve::classify::classify;
use camino::Utf8Path;

fn write(root: &std::path::Path, path: &str, text: &str) {
    let p = root.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn case(title: &str, date: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\n---\n\n{body}\n")
}

fn change(paths: &[&str]) -> Change {
    let paths: Vec<&Utf8Path> = paths.iter().map(|p| Utf8Path::new(*p)).collect();
    classify(&paths, Some("default"))
}

fn written(o: &Outcome) -> Vec<&str> {
    match o {
        Outcome::Built { patch, .. } => {
            let mut v: Vec<&str> = patch
                .write
                .iter()
                .map(|(p, _)| p.as_str())
                .filter(|p| p.ends_with(".html"))
                .collect();
            v.sort();
            v
        }
        other => panic!("expected a build, got {other:?}"),
    }
}

#[test]
#[allow(clippy::too_many_lines)] // one scenario of successive edits; tests are exempt
fn one_page_edit_renders_that_page_its_neighbours_and_its_lists_only() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "site.yaml", "title: T\n");
    write(
        root,
        "content/cases/a.md",
        &case("甲", "2024-01-03", "甲文。"),
    );
    write(
        root,
        "content/cases/b.md",
        &case("乙", "2024-01-02", "乙文。"),
    );
    write(
        root,
        "content/cases/c.md",
        &case("丙", "2024-01-01", "丙文。"),
    );
    write(
        root,
        "content/reports/r.md",
        &case("纪实", "2024-01-01", "纪实。"),
    );
    let mut b = Builder::new(Options {
        root: root.to_path_buf(),
        ..Options::default()
    });
    let first = b.full(Instant::now());
    let all = written(&first).len();
    // The search page is a route like the others; its index files follow after the reload.
    assert_eq!(all, 15, "{:?}", written(&first));
    // Routes that show something of every page (the brand matrix, the indexes, the 404 page)
    // render again on every content change.
    let whole_site = [
        "404.html",
        "brands/index.html",
        "stats/index.html",
        "tags/index.html",
        "units/index.html",
        "years/index.html",
    ];
    let with_whole_site = |pages: &[&str]| {
        let mut v: Vec<String> = pages
            .iter()
            .chain(&whole_site)
            .map(|s| s.to_string())
            .collect();
        v.sort();
        v
    };

    // The body of c (the last case) changes: c, its previous page b, the case list, home.
    write(
        root,
        "content/cases/c.md",
        &case("丙", "2024-01-01", "丙文，改过。"),
    );
    let o = b.rebuild(&change(&["content/cases/c.md"]));
    assert_eq!(
        written(&o),
        with_whole_site(&[
            "cases/b/index.html",
            "cases/c/index.html",
            "cases/index.html",
            "index.html",
            "years/2024/index.html",
        ])
    );

    // Saving without a change changes nothing.
    let o = b.rebuild(&change(&["content/cases/c.md"]));
    assert!(matches!(o, Outcome::Unchanged), "{o:?}");

    // A new date moves c to the top: every case page's neighbours change, reports do not.
    write(
        root,
        "content/cases/c.md",
        &case("丙", "2024-02-01", "丙文，改过。"),
    );
    let o = b.rebuild(&change(&["content/cases/c.md"]));
    assert_eq!(
        written(&o),
        with_whole_site(&[
            "cases/a/index.html",
            "cases/b/index.html",
            "cases/c/index.html",
            "cases/index.html",
            "index.html",
            "years/2024/index.html",
        ])
    );

    // A deleted page is removed; a broken page fails and the next save reads everything.
    std::fs::remove_file(root.join("content/cases/b.md")).unwrap();
    let o = b.rebuild(&change(&["content/cases/b.md"]));
    match &o {
        Outcome::Built { patch, .. } => {
            assert_eq!(patch.remove, ["cases/b/index.html"]);
        }
        other => panic!("{other:?}"),
    }
    write(root, "content/cases/a.md", "---\ntitel: 甲\n---\n");
    let o = b.rebuild(&change(&["content/cases/a.md"]));
    match &o {
        Outcome::Failed(ds) => assert!(
            ds.iter().any(|d| d.location() == "content/cases/a.md:2:1"),
            "{ds:?}"
        ),
        other => panic!("{other:?}"),
    }
    write(
        root,
        "content/cases/a.md",
        &case("甲", "2024-01-03", "甲文。"),
    );
    let o = b.rebuild(&change(&["content/cases/a.md"]));
    assert_eq!(written(&o).len(), 14, "{:?}", written(&o));
}

#[test]
fn a_retitled_page_renders_again_the_pages_that_show_it_as_related() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "site.yaml", "title: T\n");
    let tagged = |title: &str| {
        format!("---\ntitle: {title}\ndate: 2024-01-01\ntags: [先锋岗]\n---\n\n正文。\n")
    };
    write(root, "content/cases/a.md", &tagged("甲"));
    write(root, "content/reports/r.md", &tagged("纪实"));
    let mut b = Builder::new(Options {
        root: root.to_path_buf(),
        ..Options::default()
    });
    b.full(Instant::now());
    // r is no neighbour of a (another section), only its related page.
    write(root, "content/reports/r.md", &tagged("纪实改题"));
    let o = b.rebuild(&change(&["content/reports/r.md"]));
    assert!(
        written(&o).contains(&"cases/a/index.html"),
        "{:?}",
        written(&o)
    );
}
