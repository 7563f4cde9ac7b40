//! The walk over the body (and over each footnote): paragraphs, tables, runs, links, images and
//! note references become the [`super::model`] types, with each paragraph's formatting resolved
//! through its style chain. Images are read from the package as they are met, numbered in order.

use std::collections::HashMap;

use roxmltree::Node;

use super::archive::Package;
use super::model::ReadError;
use super::model::{Block, Cell, Fmt, ImagePart, Inline, ListItem, Para, Table, push_text};
use super::parts::{
    Numbering, Parts, Style, Styles, allowed_url, attr, child, local, para_props, run_props,
};

/// One walk over a part: the side parts it resolves against, and what it has collected.
pub(super) struct Ctx<'p> {
    styles: &'p Styles,
    /// numId → ilvl → ordered.
    numbering: &'p Numbering,
    rels: &'p HashMap<String, String>,
    external: &'p HashMap<String, bool>,
    package: &'p mut Package,
    /// Images in the order they were met.
    pub(super) images: Vec<ImagePart>,
    image_index: HashMap<String, usize>,
    /// The notes' text by (is an endnote, id), read before the body.
    pub(super) notes: HashMap<(bool, String), Vec<Inline>>,
    /// The notes referenced so far, in order, with their labels.
    pub(super) note_labels: Vec<((bool, String), String)>,
    /// The first error met while reading images (the walk goes on without them).
    pub(super) error: Option<ReadError>,
}

impl<'p> Ctx<'p> {
    /// A walk that resolves against `parts` and reads images from `package`.
    pub(super) fn new(package: &'p mut Package, parts: &'p Parts) -> Self {
        Ctx {
            styles: &parts.styles,
            numbering: &parts.numbering,
            rels: &parts.rels,
            external: &parts.external,
            package,
            images: Vec::new(),
            image_index: HashMap::new(),
            notes: HashMap::new(),
            note_labels: Vec::new(),
            error: None,
        }
    }

    /// Appends the paragraphs and tables under `parent` to `out`.
    pub(super) fn blocks(&mut self, parent: &Node, out: &mut Vec<Block>) {
        for n in parent.children().filter(|n| n.is_element()) {
            match local(&n) {
                "p" => out.push(Block::Para(self.paragraph(&n))),
                "tbl" => out.push(Block::Table(self.table(&n))),
                "sdt" | "sdtContent" | "customXml" | "ins" | "smartTag" => self.blocks(&n, out),
                "AlternateContent" => {
                    if let Some(c) = child(&n, "Choice") {
                        self.blocks(&c, out)
                    }
                }
                _ => {}
            }
        }
    }

    fn table(&mut self, tbl: &Node) -> Table {
        // Grid position of each open vertical merge: (row, index in row) of its first cell.
        let mut open: HashMap<u32, (usize, usize)> = HashMap::new();
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        for tr in tbl.children().filter(|c| local(c) == "tr") {
            let mut row = Vec::new();
            let mut col: u32 = 0;
            let cells = tr.descendants().filter(|c| {
                local(c) == "tc" && c.ancestors().find(|a| local(a) == "tr") == Some(tr)
            });
            for tc in cells {
                let tcpr = child(&tc, "tcPr");
                let span = tcpr
                    .and_then(|p| child(&p, "gridSpan"))
                    .and_then(|g| attr(&g, "val"))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1u32)
                    .clamp(1, 1000);
                let vmerge = tcpr.and_then(|p| child(&p, "vMerge"));
                let cont = vmerge.is_some_and(|v| attr(&v, "val").is_none_or(|v| v == "continue"));
                if cont && let Some(&(r, i)) = open.get(&col) {
                    rows[r][i].rowspan += 1;
                    col = col.saturating_add(span);
                    continue;
                }
                let mut paras = Vec::new();
                let mut blocks = Vec::new();
                self.blocks(&tc, &mut blocks);
                for b in blocks {
                    match b {
                        Block::Para(p) if !p.is_empty() => paras.push(p.inlines),
                        Block::Para(_) => {}
                        Block::Table(t) => {
                            // A nested table: its cells' text, one paragraph per row.
                            for r in t.rows {
                                let mut line = Vec::new();
                                for c in r {
                                    if !line.is_empty() {
                                        line.push(Inline::Text(" ".into(), Fmt::default()));
                                    }
                                    for p in c.paras {
                                        line.extend(p);
                                    }
                                }
                                paras.push(line);
                            }
                        }
                    }
                }
                if vmerge.is_some() {
                    open.insert(col, (rows.len(), row.len()));
                } else {
                    open.remove(&col);
                }
                row.push(Cell {
                    paras,
                    colspan: span,
                    rowspan: 1,
                });
                col = col.saturating_add(span);
            }
            rows.push(row);
        }
        Table { rows }
    }

    /// One `w:p`, its formatting resolved through its style chain.
    pub(super) fn paragraph(&mut self, p: &Node) -> Para {
        let ppr = child(p, "pPr");
        let mut own = Style::default();
        if let Some(ppr) = ppr {
            para_props(&ppr, &mut own);
        }
        let style_id = ppr
            .and_then(|x| child(&x, "pStyle"))
            .and_then(|s| attr(&s, "val"))
            .map(str::to_string)
            .or_else(|| self.styles.default_para.clone());
        let sid = style_id.as_deref();
        let name = sid
            .and_then(|i| self.styles.by_id.get(i))
            .map(|s| s.name.clone())
            .unwrap_or_else(|| "normal".into());
        let outline = own
            .outline
            .or_else(|| self.styles.lookup(sid, |s| s.outline));
        let heading = heading_level(&name).or(outline.filter(|&l| l < 9).map(|l| l + 1));
        let centred = own
            .centred
            .or_else(|| self.styles.lookup(sid, |s| s.centred))
            .unwrap_or(false);
        let num = own
            .num
            .clone()
            .or_else(|| self.styles.lookup(sid, |s| s.num.clone()));
        let list = num.and_then(|(id, lvl)| {
            if id == "0" {
                return None;
            }
            let ordered = self
                .numbering
                .get(&id)
                .and_then(|l| l.get(&lvl))
                .copied()
                .unwrap_or(true);
            Some(ListItem {
                ordered,
                level: lvl.min(5),
            })
        });
        let base = RunStyle {
            bold: self.styles.lookup(sid, |s| s.bold).unwrap_or(false),
            italic: self.styles.lookup(sid, |s| s.italic).unwrap_or(false),
            size: self.styles.lookup(sid, |s| s.size).unwrap_or(20),
            font: self
                .styles
                .lookup(sid, |s| s.font.clone())
                .unwrap_or_default(),
        };
        let mut acc = ParaAcc::default();
        let mut inlines = Vec::new();
        self.inlines(p, &base, &mut inlines, &mut acc);
        trim_inlines(&mut inlines);
        Para {
            inlines,
            title_style: matches!(name.as_str(), "title" | "标题"),
            style: name,
            heading,
            centred,
            size: acc.size,
            all_bold: acc.chars > 0 && acc.bold_chars == acc.chars,
            font: acc.font.unwrap_or_default(),
            list: if heading.is_some() { None } else { list },
        }
    }

    fn inlines(
        &mut self,
        parent: &Node,
        base: &RunStyle,
        out: &mut Vec<Inline>,
        acc: &mut ParaAcc,
    ) {
        for n in parent.children().filter(|n| n.is_element()) {
            match local(&n) {
                "r" => self.run(&n, base, out, acc),
                "hyperlink" => {
                    let url = attr(&n, "id")
                        .filter(|id| self.external.get(*id).copied().unwrap_or(false))
                        .and_then(|id| self.rels.get(id))
                        .filter(|u| allowed_url(u))
                        .cloned();
                    let mut inner = Vec::new();
                    self.inlines(&n, base, &mut inner, acc);
                    out.push(Inline::Link(url, inner));
                }
                "ins" | "smartTag" | "customXml" | "fldSimple" | "sdt" | "sdtContent" => {
                    self.inlines(&n, base, out, acc)
                }
                "AlternateContent" => {
                    if let Some(c) = child(&n, "Choice") {
                        self.inlines(&c, base, out, acc)
                    }
                }
                _ => {}
            }
        }
    }

    /// One `w:r`: its text, tabs and breaks, pictures and note references.
    fn run(&mut self, r: &Node, base: &RunStyle, out: &mut Vec<Inline>, acc: &mut ParaAcc) {
        let (fmt, size, font) = self.run_format(r, base);
        for c in r.children().filter(|c| c.is_element()) {
            match local(&c) {
                "t" => {
                    let text = c.text().unwrap_or("");
                    acc.text(text, fmt.bold, size, &font);
                    out.push(Inline::Text(text.to_string(), fmt));
                }
                "tab" | "ptab" => out.push(Inline::Text(" ".into(), fmt)),
                "noBreakHyphen" => out.push(Inline::Text("-".into(), fmt)),
                "br" | "cr" => {
                    // Manual line breaks are dropped; Latin words either side keep a space.
                    out.push(Inline::Text("\u{0}".into(), fmt));
                }
                "drawing" | "pict" | "object" => self.pictures(&c, out),
                "footnoteReference" | "endnoteReference" => {
                    let endnote = local(&c) == "endnoteReference";
                    if let Some(id) = attr(&c, "id") {
                        out.push(Inline::Note(self.note_label(endnote, id)));
                    }
                }
                "AlternateContent" => {
                    if let Some(ch) = child(&c, "Choice") {
                        self.run(&ch, base, out, acc)
                    }
                }
                _ => {}
            }
        }
    }

    /// A run's formatting, size and font: its own properties, else its character style's, else
    /// the paragraph's `base`.
    fn run_format(&self, r: &Node, base: &RunStyle) -> (Fmt, u32, String) {
        let rpr = child(r, "rPr");
        let mut own = Style::default();
        let mut shift = 0;
        if let Some(rpr) = rpr {
            run_props(&rpr, &mut own);
            if let Some(v) = child(&rpr, "vertAlign").and_then(|v| attr(&v, "val")) {
                shift = match v {
                    "superscript" => 1,
                    "subscript" => -1,
                    _ => 0,
                };
            }
        }
        let cstyle = rpr
            .and_then(|x| child(&x, "rStyle"))
            .and_then(|s| attr(&s, "val"))
            .map(str::to_string);
        let cs = cstyle.as_deref();
        let lookup_char =
            |f: fn(&Style) -> Option<bool>| cs.and_then(|id| self.styles.by_id.get(id)).and_then(f);
        let fmt = Fmt {
            bold: own
                .bold
                .or_else(|| lookup_char(|s| s.bold))
                .unwrap_or(base.bold),
            italic: own
                .italic
                .or_else(|| lookup_char(|s| s.italic))
                .unwrap_or(base.italic),
            shift,
        };
        let size = own
            .size
            .or_else(|| {
                cs.and_then(|id| self.styles.by_id.get(id))
                    .and_then(|s| s.size)
            })
            .unwrap_or(base.size);
        let font = own.font.clone().unwrap_or_else(|| base.font.clone());
        (fmt, size, font)
    }

    /// Appends the images of a `w:drawing`, `w:pict` or `w:object` to `out`.
    fn pictures(&mut self, drawing: &Node, out: &mut Vec<Inline>) {
        for blip in drawing
            .descendants()
            .filter(|d| d.is_element() && matches!(local(d), "blip" | "imagedata"))
        {
            if let Some(id) = attr(&blip, "embed").or_else(|| attr(&blip, "id"))
                && let Some(i) = self.image(id)
            {
                out.push(Inline::Image(i));
            }
        }
    }

    /// The label of a note reference: the number of its first reference, given on first sight.
    fn note_label(&mut self, endnote: bool, id: &str) -> String {
        let key = (endnote, id.to_string());
        match self.note_labels.iter().find(|(k, _)| *k == key) {
            Some((_, l)) => l.clone(),
            None => {
                let l = (self.note_labels.len() + 1).to_string();
                self.note_labels.push((key, l.clone()));
                l
            }
        }
    }

    fn image(&mut self, rel: &str) -> Option<usize> {
        if self.external.get(rel).copied().unwrap_or(false) {
            return None;
        }
        let part = self.rels.get(rel)?.clone();
        if let Some(&i) = self.image_index.get(&part) {
            return Some(i);
        }
        let bytes = match self.package.read(&part) {
            Ok(Some(b)) => b,
            Ok(None) => return None,
            Err(e) => {
                self.error.get_or_insert(ReadError::Archive(e));
                return None;
            }
        };
        let ext = part
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .filter(|e| {
                !e.is_empty() && e.len() <= 5 && e.chars().all(|c| c.is_ascii_alphanumeric())
            })
            .unwrap_or_else(|| "bin".into());
        self.images.push(ImagePart { bytes, ext });
        let i = self.images.len() - 1;
        self.image_index.insert(part, i);
        Some(i)
    }
}

#[derive(Clone)]
struct RunStyle {
    bold: bool,
    italic: bool,
    size: u32,
    font: String,
}

#[derive(Default)]
struct ParaAcc {
    chars: usize,
    bold_chars: usize,
    size: u32,
    font: Option<String>,
}

impl ParaAcc {
    fn text(&mut self, text: &str, bold: bool, size: u32, font: &str) {
        let n = text.chars().filter(|c| !c.is_whitespace()).count();
        if n == 0 {
            return;
        }
        self.chars += n;
        if bold {
            self.bold_chars += n;
        }
        self.size = self.size.max(size);
        if self.font.is_none() {
            self.font = Some(font.to_string());
        }
    }
}

/// `heading 1` / `标题 1` / `Heading1` → 1.
fn heading_level(name: &str) -> Option<u8> {
    let rest = name
        .strip_prefix("heading")
        .or_else(|| name.strip_prefix("标题"))?
        .trim();
    rest.parse::<u8>().ok().filter(|l| (1..=9).contains(l))
}

/// Joins the text around dropped line breaks (a space only between two Latin letters or
/// digits), merges neighbouring text of one formatting and trims the paragraph's ends.
pub(super) fn trim_inlines(inlines: &mut Vec<Inline>) {
    let mut merged: Vec<Inline> = Vec::with_capacity(inlines.len());
    for i in inlines.drain(..) {
        match (merged.last_mut(), i) {
            (Some(Inline::Text(prev, pf)), Inline::Text(t, f)) if *pf == f => prev.push_str(&t),
            (_, Inline::Link(url, mut inner)) => {
                trim_breaks(&mut inner);
                merged.push(Inline::Link(url, inner));
            }
            (_, i) => merged.push(i),
        }
    }
    *inlines = merged;
    // Breaks, now that neighbours are merged.
    let plain = {
        let mut s = String::new();
        push_text(inlines, &mut s);
        s
    };
    let chars: Vec<char> = plain.chars().collect();
    let mut pos = 0;
    for inline in inlines.iter_mut() {
        if let Inline::Text(t, _) = inline {
            let mut out = String::with_capacity(t.len());
            for c in t.chars() {
                if c == '\u{0}' {
                    let before = chars[..pos].iter().rev().find(|c| **c != '\u{0}');
                    let after = chars[pos + 1..].iter().find(|c| **c != '\u{0}');
                    if before.is_some_and(|c| c.is_ascii_alphanumeric())
                        && after.is_some_and(|c| c.is_ascii_alphanumeric())
                    {
                        out.push(' ');
                    }
                } else {
                    out.push(c);
                }
                pos += 1;
            }
            *t = out;
        } else if let Inline::Link(_, inner) = inline {
            let mut s = String::new();
            push_text(inner, &mut s);
            pos += s.chars().count();
        }
    }
    // Leading and trailing white space, the ideographic space included, is layout.
    while let Some(Inline::Text(t, _)) = inlines.first_mut() {
        let trimmed = t.trim_start().to_string();
        if trimmed.is_empty() {
            inlines.remove(0);
        } else {
            *t = trimmed;
            break;
        }
    }
    while let Some(Inline::Text(t, _)) = inlines.last_mut() {
        let trimmed = t.trim_end().to_string();
        if trimmed.is_empty() {
            inlines.pop();
        } else {
            *t = trimmed;
            break;
        }
    }
    inlines.retain(|i| !matches!(i, Inline::Text(t, _) if t.is_empty()));
}

fn trim_breaks(inner: &mut [Inline]) {
    for i in inner {
        if let Inline::Text(t, _) = i {
            *t = t.replace('\u{0}', "");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_levels_come_from_style_names() {
        assert_eq!(heading_level("heading 1"), Some(1));
        assert_eq!(heading_level("标题 2"), Some(2));
        assert_eq!(heading_level("heading1"), Some(1));
        assert_eq!(heading_level("normal"), None);
        assert_eq!(heading_level("标题"), None);
    }

    #[test]
    fn line_breaks_join_chinese_and_space_latin() {
        let mut v = vec![
            Inline::Text("一线，\u{0}每周".into(), Fmt::default()),
            Inline::Text(
                "word\u{0}".into(),
                Fmt {
                    bold: true,
                    ..Fmt::default()
                },
            ),
            Inline::Text(
                "next".into(),
                Fmt {
                    bold: true,
                    ..Fmt::default()
                },
            ),
        ];
        trim_inlines(&mut v);
        assert_eq!(
            v,
            vec![
                Inline::Text("一线，每周".into(), Fmt::default()),
                Inline::Text(
                    "word next".into(),
                    Fmt {
                        bold: true,
                        ..Fmt::default()
                    }
                ),
            ]
        );
    }
}
