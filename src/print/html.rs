//! The print edition: the whole collection as one HTML document for the browser's print dialog
//! (`collections/SLUG/print/`). Bodies are rendered again from the Markdown for this page's place
//! in the site, then links to the book's own entries become anchors inside the document and
//! heading ids get the entry's prefix so they stay unique.

use serde::Serialize;

use crate::bodies::{self, SiteResolver};
use crate::content::{Collection, Site};
use crate::diagnostics::Diagnostic;
use crate::images::Images;
use crate::markdown;
use crate::urls;

#[derive(Serialize)]
struct Fig {
    label: String,
    value: String,
    unit: Option<String>,
}

#[derive(Serialize)]
struct EntryView {
    id: String,
    page_name: String,
    head: String,
    title: String,
    meta: String,
    figures: Vec<Fig>,
    html: String,
}

#[derive(Serialize)]
struct PartView {
    id: String,
    title: String,
    entries: Vec<EntryView>,
}

#[derive(Serialize)]
struct BookView {
    title: String,
    head: String,
    subtitle: Option<String>,
    compiler: Option<String>,
    date: Option<String>,
    board: Vec<String>,
    preface: String,
    paper: &'static str,
    paper_class: String,
    pdf_href: Option<String>,
    parts: Vec<PartView>,
}

/// `s` as the inside of a CSS string that is also safe inside `<style>` after no HTML escaping.
pub fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' | '\'' | '/' => {
                out.push_str(&format!("\\{:x} ", c as u32));
            }
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Rewrites the rendered body of entry `i` for the print document: links to entries of the book
/// become `#e-N` anchors and the entry's own ids and fragment links get its prefix.
fn localize(html: &str, i: usize, targets: &[(String, String)]) -> String {
    let prefix = super::label(i);
    let mut s = html
        .replace("id=\"", &format!("id=\"{prefix}-"))
        .replace("href=\"#", &format!("href=\"#{prefix}-"));
    for (href, anchor) in targets {
        s = s
            .replace(&format!("href=\"{href}#"), &format!("href=\"#{anchor}-"))
            .replace(&format!("href=\"{href}\""), &format!("href=\"#{anchor}\""));
    }
    s
}

/// What `print.html` shows: the book, the way back to the collection page, the assets folder.
#[derive(Serialize)]
pub struct PrintView {
    book: BookView,
    back: String,
    assets: String,
}

/// The print edition of collection `c`, ready for `print.html`; every error of its bodies.
pub fn view(site: &Site, images: &Images, c: &Collection) -> Result<PrintView, Vec<Diagnostic>> {
    let cp = &site.pages[c.page];
    let meta = cp.meta.collection.as_ref();
    let print = super::settings(site, c);
    let here = format!("{}print/", cp.url);
    let portable = bodies::portable(site);
    let resolver = SiteResolver {
        site,
        images,
        eager_first: false,
    };
    let targets: Vec<(String, String)> = c
        .parts
        .iter()
        .flat_map(|p| p.entries.iter())
        .map(|&i| {
            (
                urls::relative(&here, &site.pages[i].url, portable),
                super::label(i),
            )
        })
        .collect();
    let mut diags = Vec::new();
    let mut body = |file, text: &str, first_line, dir: &str| {
        let input = bodies::input(site, file, text, first_line, dir, &here);
        let (r, ds) = markdown::render(&input, &resolver);
        diags.extend(
            ds.into_iter()
                .filter(|d| d.severity == crate::diagnostics::Severity::Error),
        );
        r.html
    };
    let preface = body(&cp.file, &cp.body, cp.body_line, &cp.dir);
    let preface = localize(&preface, c.page, &targets);
    let mut parts = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (k, part) in c.parts.iter().enumerate() {
        let mut entries = Vec::new();
        for &i in &part.entries {
            let p = &site.pages[i];
            let html = body(&p.file, &p.body, p.body_line, &p.dir);
            // An entry listed twice: links go to its first printing.
            let id = if seen.insert(i) {
                super::label(i)
            } else {
                format!("{}-{}", super::label(i), k + 1)
            };
            entries.push(entry_view(p, i, id, localize(&html, i, &targets)));
        }
        parts.push(PartView {
            id: format!("part-{}", k + 1),
            title: part.title.clone(),
            entries,
        });
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let (paper, class) = paper(&print.paper);
    let book = BookView {
        title: cp.meta.title.clone(),
        head: css_string(&cp.meta.title),
        subtitle: meta.and_then(|m| m.subtitle.clone()),
        compiler: meta.and_then(|m| m.compiler.clone()),
        date: cp.meta.date.map(|d| super::cover_date(d.year, d.month)),
        board: meta.map(|m| m.board.clone()).unwrap_or_default(),
        preface,
        paper,
        paper_class: class.into(),
        pdf_href: print
            .pdf
            .then(|| urls::relative(&here, &crate::routes::pdf_path(site, c), portable)),
        parts,
    };
    Ok(PrintView {
        book,
        back: urls::relative(&here, &cp.url, portable),
        assets: urls::relative(&here, "assets/", portable)
            .trim_end_matches("index.html")
            .to_string(),
    })
}

/// The CSS page size and the class of a paper name.
fn paper(name: &str) -> (&'static str, &'static str) {
    match name {
        "B5" => ("176mm 250mm", "b5"),
        "16K" => ("185mm 260mm", "16k"),
        _ => ("A4", "a4"),
    }
}

/// The view of entry page `p` (index `i`) with its print `id` and its localised body `html`.
fn entry_view(p: &crate::content::Page, i: usize, id: String, html: String) -> EntryView {
    let meta: Vec<String> = [p.meta.unit.clone(), p.meta.date.map(|d| d.chinese())]
        .into_iter()
        .flatten()
        .collect();
    EntryView {
        id,
        page_name: super::label(i),
        head: css_string(&p.meta.title),
        title: p.meta.title.clone(),
        meta: meta.join("　"),
        figures: p
            .meta
            .figures
            .iter()
            .map(|f| Fig {
                label: f.label.clone(),
                value: f.value.clone(),
                unit: f.unit.clone(),
            })
            .collect(),
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_close_the_string_or_the_style_element() {
        assert_eq!(css_string(r#"a"b</style>"#), "a\\22 b\\3c \\2f style\\3e ");
    }

    #[test]
    fn links_to_entries_become_anchors_and_ids_get_a_prefix() {
        let html = r##"<h2 id="一背景">一、背景</h2><a href="../../../cases/b/index.html">乙</a><a href="../../../cases/b/index.html#x">乙</a><a href="#一背景">上</a>"##;
        let out = localize(
            html,
            3,
            &[("../../../cases/b/index.html".into(), "e-7".into())],
        );
        assert_eq!(
            out,
            r##"<h2 id="e-3-一背景">一、背景</h2><a href="#e-7">乙</a><a href="#e-7-x">乙</a><a href="#e-3-一背景">上</a>"##
        );
    }
}
