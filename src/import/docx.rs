//! WordprocessingML → the [`super::model`] of what the page needs, read straight from the XML
//! parts with roxmltree (which refuses DTDs, so entity bombs cannot expand). This is the reader's
//! entry point and its order: the side parts (`parts`), the document properties, the
//! footnotes and endnotes, then the body (`body`).

use std::collections::HashMap;

use roxmltree::Node;

use super::archive::{ArchiveError, Package};
use super::body::{Ctx, trim_inlines};
use super::model::{Doc, Fmt, Inline, ReadError};
use super::parts::{Parts, attr, local, parse, read_parts};

/// Reads the document in `package` into the model.
pub fn read(package: &mut Package) -> Result<Doc, ReadError> {
    let main = package
        .main_part()
        .ok_or(ReadError::Archive(ArchiveError::NotWord))?;
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let file = main
        .rsplit('/')
        .next()
        .unwrap_or("document.xml")
        .to_string();
    let parts = read_parts(package, &dir, &file)?;
    let core_title = read_core_title(package)?;
    let notes = read_notes(package, &parts, &dir)?;
    let doc = read_body(package, &parts, &main, notes)?;
    Ok(Doc { core_title, ..doc })
}

/// `dc:title` of `docProps/core.xml`, when the part is there and the title is not blank.
fn read_core_title(package: &mut Package) -> Result<Option<String>, ReadError> {
    let Some(t) = package.read_text("docProps/core.xml")? else {
        return Ok(None);
    };
    Ok(parse("core.xml", &t)?
        .descendants()
        .find(|n| n.is_element() && local(n) == "title")
        .and_then(|n| n.text())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty()))
}

/// Footnotes and endnotes by (is an endnote, id), from the parts in `dir` that exist.
fn read_notes(
    package: &mut Package,
    parts: &Parts,
    dir: &str,
) -> Result<HashMap<(bool, String), Vec<Inline>>, ReadError> {
    let mut notes = HashMap::new();
    for (endnote, part) in [(false, "footnotes.xml"), (true, "endnotes.xml")] {
        let Some(t) = package.read_text(&format!("{dir}/{part}"))? else {
            continue;
        };
        let xml = parse(part, &t)?;
        let mut ctx = Ctx::new(package, parts);
        for n in xml.descendants().filter(|n| is_note(n)) {
            let Some(id) = attr(&n, "id") else { continue };
            notes.insert((endnote, id.to_string()), note_text(&mut ctx, &n));
        }
        if let Some(e) = ctx.error.take() {
            return Err(e);
        }
    }
    Ok(notes)
}

/// Whether `n` is a footnote or endnote of the text (not a separator or continuation mark).
fn is_note(n: &Node) -> bool {
    n.is_element()
        && matches!(local(n), "footnote" | "endnote")
        && attr(n, "type").is_none_or(|t| t == "normal")
}

/// A note's paragraphs joined by spaces, trimmed, without pictures or note references.
fn note_text(ctx: &mut Ctx, note: &Node) -> Vec<Inline> {
    let mut inlines = Vec::new();
    for p in note.children().filter(|c| local(c) == "p") {
        if !inlines.is_empty() {
            inlines.push(Inline::Text(" ".into(), Fmt::default()));
        }
        inlines.extend(ctx.paragraph(&p).inlines);
    }
    // Pictures in a note are not carried over (the body's pictures are numbered).
    inlines.retain(|i| !matches!(i, Inline::Image(_) | Inline::Note(_)));
    trim_inlines(&mut inlines);
    inlines
}

/// The main part `main`: its blocks, its images, and the `notes` in the order of their first
/// reference (each numbered by that order).
fn read_body(
    package: &mut Package,
    parts: &Parts,
    main: &str,
    notes: HashMap<(bool, String), Vec<Inline>>,
) -> Result<Doc, ReadError> {
    let text = package
        .read_text(main)?
        .ok_or(ReadError::Archive(ArchiveError::NotWord))?;
    let xml = parse("document.xml", &text)?;
    let mut ctx = Ctx::new(package, parts);
    ctx.notes = notes;
    let mut blocks = Vec::new();
    if let Some(body) = xml
        .descendants()
        .find(|n| n.is_element() && local(n) == "body")
    {
        ctx.blocks(&body, &mut blocks);
    }
    if let Some(e) = ctx.error.take() {
        return Err(e);
    }
    let mut notes = Vec::new();
    for (key, label) in std::mem::take(&mut ctx.note_labels) {
        let text = ctx.notes.remove(&key).unwrap_or_default();
        notes.push((label, text));
    }
    Ok(Doc {
        blocks,
        notes,
        images: ctx.images,
        core_title: None,
    })
}
