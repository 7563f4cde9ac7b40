//! WordprocessingML → a small model of what the page needs: paragraphs with their style name,
//! alignment, size, boldness and list level; runs with bold/italic; links, images, footnote
//! references; tables with their merged cells. Read straight from the XML parts with roxmltree
//! (which refuses DTDs, so entity bombs cannot expand) and matched by local names, so the
//! transitional and strict namespaces read alike.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::archive::{ArchiveError, Package};

/// A run's formatting that survives into Markdown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fmt {
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Superscript (+1) or subscript (-1).
    pub shift: i8,
}

/// A piece of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Text of one formatting.
    Text(String, Fmt),
    /// The `n`th image of the document (0-based).
    Image(usize),
    /// A footnote or endnote reference, by its label.
    Note(String),
    /// A hyperlink; `None` when the target is not a web, mail or phone address.
    Link(Option<String>, Vec<Inline>),
}

/// A list paragraph's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListItem {
    /// Numbered (true) or bulleted.
    pub ordered: bool,
    /// Nesting, from 0.
    pub level: u8,
}

/// One paragraph.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Para {
    /// Its pieces.
    pub inlines: Vec<Inline>,
    /// The style's name, lower-cased (`normal`, `heading 1`, `标题 2`, `title`).
    pub style: String,
    /// Heading level from the style or outline level: 1 for Heading 1.
    pub heading: Option<u8>,
    /// Styled as the document title.
    pub title_style: bool,
    /// Centred.
    pub centred: bool,
    /// Largest font size of its text, in half-points.
    pub size: u32,
    /// Every character of its text is bold.
    pub all_bold: bool,
    /// East-Asian font of its first text run.
    pub font: String,
    /// A list item.
    pub list: Option<ListItem>,
}

impl Para {
    /// Its text without formatting.
    pub fn text(&self) -> String {
        let mut s = String::new();
        push_text(&self.inlines, &mut s);
        s
    }

    /// Whether it has no text, image or note.
    pub fn is_empty(&self) -> bool {
        self.text().trim().is_empty() && !has_non_text(&self.inlines)
    }

    /// Whether it holds images and nothing else.
    pub fn is_image_only(&self) -> bool {
        self.text().trim().is_empty() && self.inlines.iter().any(|i| matches!(i, Inline::Image(_)))
    }
}

fn has_non_text(inlines: &[Inline]) -> bool {
    inlines.iter().any(|i| match i {
        Inline::Image(_) | Inline::Note(_) => true,
        Inline::Link(_, inner) => has_non_text(inner),
        Inline::Text(..) => false,
    })
}

/// Appends the plain text of `inlines` to `out`.
pub fn push_text(inlines: &[Inline], out: &mut String) {
    for i in inlines {
        match i {
            Inline::Text(t, _) => out.push_str(t),
            Inline::Link(_, inner) => push_text(inner, out),
            Inline::Image(_) | Inline::Note(_) => {}
        }
    }
}

/// One table cell (cells covered by a merge are left out).
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Its paragraphs.
    pub paras: Vec<Vec<Inline>>,
    /// Columns it spans.
    pub colspan: u32,
    /// Rows it spans.
    pub rowspan: u32,
}

/// A table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// Whether any cell spans more than one row or column.
    pub fn has_merged_cells(&self) -> bool {
        self.rows
            .iter()
            .flatten()
            .any(|c| c.colspan > 1 || c.rowspan > 1)
    }
}

/// A block of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    Para(Para),
    /// A table.
    Table(Table),
}

/// An image part referenced by the body.
#[derive(Debug, Clone, PartialEq)]
pub struct ImagePart {
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Lower-case extension from its part name (`png`, `jpeg`).
    pub ext: String,
}

/// A whole document.
#[derive(Debug, Default)]
pub struct Doc {
    /// The body, in order.
    pub blocks: Vec<Block>,
    /// Footnotes and endnotes in the order of their first reference: (label, text pieces).
    pub notes: Vec<(String, Vec<Inline>)>,
    /// Images in the order they appear.
    pub images: Vec<ImagePart>,
    /// `dc:title` of `docProps/core.xml`.
    pub core_title: Option<String>,
}

/// Why the XML could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// From the container.
    Archive(ArchiveError),
    /// A part is not well-formed XML.
    Xml(String, String),
}

impl From<ArchiveError> for ReadError {
    fn from(e: ArchiveError) -> Self {
        ReadError::Archive(e)
    }
}

#[derive(Debug, Clone, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    bold: Option<bool>,
    italic: Option<bool>,
    size: Option<u32>,
    font: Option<String>,
    centred: Option<bool>,
    num: Option<(String, u8)>,
    outline: Option<u8>,
}

#[derive(Default)]
struct Styles {
    by_id: HashMap<String, Style>,
    default_para: Option<String>,
    defaults: Style,
}

impl Styles {
    /// The first value `get` finds along the `basedOn` chain of `id`.
    fn lookup<T>(&self, id: Option<&str>, get: impl Fn(&Style) -> Option<T>) -> Option<T> {
        let mut id = id.map(str::to_string);
        for _ in 0..16 {
            let Some(s) = id.as_deref().and_then(|i| self.by_id.get(i)) else {
                break;
            };
            if let Some(v) = get(s) {
                return Some(v);
            }
            id = s.based_on.clone();
        }
        get(&self.defaults)
    }
}

struct Ctx<'p> {
    styles: &'p Styles,
    /// numId → ilvl → ordered.
    numbering: &'p HashMap<String, HashMap<u8, bool>>,
    rels: &'p HashMap<String, String>,
    external: &'p HashMap<String, bool>,
    package: &'p mut Package,
    images: Vec<ImagePart>,
    image_index: HashMap<String, usize>,
    notes: HashMap<(bool, String), Vec<Inline>>,
    note_labels: Vec<((bool, String), String)>,
    error: Option<ReadError>,
}

fn parse<'a>(name: &str, text: &'a str) -> Result<Document<'a>, ReadError> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: 4_000_000,
        ..roxmltree::ParsingOptions::default()
    };
    Document::parse_with_options(text, opts).map_err(|e| ReadError::Xml(name.into(), e.to_string()))
}

fn local<'a>(n: &Node<'a, '_>) -> &'a str {
    n.tag_name().name()
}

/// An attribute by its local name, whatever its namespace.
fn attr<'a>(n: &Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attributes().find(|a| a.name() == name).map(|a| a.value())
}

fn child<'a, 'i>(n: &Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| c.is_element() && local(c) == name)
}

fn on_off(n: &Node) -> bool {
    !matches!(attr(n, "val"), Some("0" | "false" | "off" | "none"))
}

/// Reads the document in `package` into the model.
#[allow(clippy::too_many_lines)] // longer than the 80-line limit: to be split
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
    let styles = match package.read_text(&format!("{dir}/styles.xml"))? {
        Some(t) => read_styles(&parse("styles.xml", &t)?),
        None => Styles::default(),
    };
    let numbering = match package.read_text(&format!("{dir}/numbering.xml"))? {
        Some(t) => read_numbering(&parse("numbering.xml", &t)?),
        None => HashMap::new(),
    };
    let (rels, external) = match package.read_text(&format!("{dir}/_rels/{file}.rels"))? {
        Some(t) => read_rels(&parse("document.xml.rels", &t)?, &dir),
        None => (HashMap::new(), HashMap::new()),
    };
    let core_title = match package.read_text("docProps/core.xml")? {
        Some(t) => parse("core.xml", &t)?
            .descendants()
            .find(|n| n.is_element() && local(n) == "title")
            .and_then(|n| n.text())
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty()),
        None => None,
    };
    let mut notes = HashMap::new();
    for (endnote, part) in [(false, "footnotes.xml"), (true, "endnotes.xml")] {
        if let Some(t) = package.read_text(&format!("{dir}/{part}"))? {
            let xml = parse(part, &t)?;
            let mut ctx = Ctx::new(package, &styles, &numbering, &rels, &external);
            for n in xml.descendants().filter(|n| {
                n.is_element()
                    && matches!(local(n), "footnote" | "endnote")
                    && attr(n, "type").is_none_or(|t| t == "normal")
            }) {
                let Some(id) = attr(&n, "id") else { continue };
                let mut inlines = Vec::new();
                for p in n.children().filter(|c| local(c) == "p") {
                    if !inlines.is_empty() {
                        inlines.push(Inline::Text(" ".into(), Fmt::default()));
                    }
                    inlines.extend(ctx.paragraph(&p).inlines);
                }
                // Pictures in a note are not carried over (the body's pictures are numbered).
                inlines.retain(|i| !matches!(i, Inline::Image(_) | Inline::Note(_)));
                trim_inlines(&mut inlines);
                notes.insert((endnote, id.to_string()), inlines);
            }
            if let Some(e) = ctx.error.take() {
                return Err(e);
            }
        }
    }
    let text = package
        .read_text(&main)?
        .ok_or(ReadError::Archive(ArchiveError::NotWord))?;
    let xml = parse("document.xml", &text)?;
    let mut ctx = Ctx::new(package, &styles, &numbering, &rels, &external);
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
        core_title,
    })
}

fn read_styles(xml: &Document) -> Styles {
    let mut styles = Styles::default();
    for n in xml.descendants().filter(|n| n.is_element()) {
        match local(&n) {
            "rPrDefault" => {
                if let Some(rpr) = n.descendants().find(|c| local(c) == "rPr") {
                    run_props(&rpr, &mut styles.defaults);
                }
            }
            "style" => {
                let Some(id) = attr(&n, "styleId") else {
                    continue;
                };
                let mut s = Style {
                    name: child(&n, "name")
                        .and_then(|c| attr(&c, "val"))
                        .unwrap_or(id)
                        .to_lowercase(),
                    based_on: child(&n, "basedOn").and_then(|c| attr(&c, "val").map(Into::into)),
                    ..Style::default()
                };
                if let Some(ppr) = child(&n, "pPr") {
                    para_props(&ppr, &mut s);
                }
                if let Some(rpr) = child(&n, "rPr") {
                    run_props(&rpr, &mut s);
                }
                if attr(&n, "type") == Some("paragraph")
                    && attr(&n, "default").is_some_and(|d| d == "1" || d == "true")
                {
                    styles.default_para = Some(id.to_string());
                }
                styles.by_id.insert(id.to_string(), s);
            }
            _ => {}
        }
    }
    styles
}

fn para_props(ppr: &Node, s: &mut Style) {
    for c in ppr.children().filter(|c| c.is_element()) {
        match local(&c) {
            "jc" => s.centred = attr(&c, "val").map(|v| v == "center"),
            "numPr" => {
                let id = child(&c, "numId").and_then(|n| attr(&n, "val"));
                let lvl = child(&c, "ilvl")
                    .and_then(|n| attr(&n, "val"))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                if let Some(id) = id {
                    s.num = Some((id.to_string(), lvl));
                }
            }
            "outlineLvl" => s.outline = attr(&c, "val").and_then(|v| v.parse().ok()),
            _ => {}
        }
    }
}

fn run_props(rpr: &Node, s: &mut Style) {
    for c in rpr.children().filter(|c| c.is_element()) {
        match local(&c) {
            "b" => s.bold = Some(on_off(&c)),
            "i" => s.italic = Some(on_off(&c)),
            "sz" => s.size = attr(&c, "val").and_then(|v| v.parse().ok()),
            "rFonts" => {
                s.font = attr(&c, "eastAsia")
                    .or_else(|| attr(&c, "ascii"))
                    .map(Into::into)
            }
            _ => {}
        }
    }
}

fn read_numbering(xml: &Document) -> HashMap<String, HashMap<u8, bool>> {
    let mut abstracts: HashMap<&str, HashMap<u8, bool>> = HashMap::new();
    for a in xml
        .descendants()
        .filter(|n| n.is_element() && local(n) == "abstractNum")
    {
        let Some(id) = attr(&a, "abstractNumId") else {
            continue;
        };
        let mut levels = HashMap::new();
        for l in a.children().filter(|c| local(c) == "lvl") {
            let ilvl = attr(&l, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
            let fmt = child(&l, "numFmt")
                .and_then(|f| attr(&f, "val"))
                .unwrap_or("decimal");
            levels.insert(ilvl, !matches!(fmt, "bullet" | "none"));
        }
        abstracts.insert(id, levels);
    }
    let mut out = HashMap::new();
    for n in xml
        .descendants()
        .filter(|n| n.is_element() && local(n) == "num")
    {
        let (Some(id), Some(abs)) = (
            attr(&n, "numId"),
            child(&n, "abstractNumId").and_then(|a| attr(&a, "val")),
        ) else {
            continue;
        };
        if let Some(levels) = abstracts.get(abs) {
            out.insert(id.to_string(), levels.clone());
        }
    }
    out
}

type Rels = (HashMap<String, String>, HashMap<String, bool>);

fn read_rels(xml: &Document, dir: &str) -> Rels {
    let mut targets = HashMap::new();
    let mut external = HashMap::new();
    for r in xml
        .descendants()
        .filter(|n| n.is_element() && local(n) == "Relationship")
    {
        let (Some(id), Some(target)) = (attr(&r, "Id"), attr(&r, "Target")) else {
            continue;
        };
        let is_external = attr(&r, "TargetMode") == Some("External");
        let target = if is_external {
            target.to_string()
        } else {
            resolve_part(dir, target)
        };
        targets.insert(id.to_string(), target);
        external.insert(id.to_string(), is_external);
    }
    (targets, external)
}

/// A part name from a relationship target relative to `dir`.
fn resolve_part(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Whether a link target may go into the page: an absolute URL the site's URL policy allows
/// (SPEC: http, https, mailto, tel); a document's relative links point nowhere on the site.
fn allowed_url(url: &str) -> bool {
    use crate::urls::policy;
    policy::scheme(url).is_some() && policy::check(url, policy::Use::Link).is_ok()
}

impl<'p> Ctx<'p> {
    fn new(
        package: &'p mut Package,
        styles: &'p Styles,
        numbering: &'p HashMap<String, HashMap<u8, bool>>,
        rels: &'p HashMap<String, String>,
        external: &'p HashMap<String, bool>,
    ) -> Self {
        Ctx {
            styles,
            numbering,
            rels,
            external,
            package,
            images: Vec::new(),
            image_index: HashMap::new(),
            notes: HashMap::new(),
            note_labels: Vec::new(),
            error: None,
        }
    }

    fn blocks(&mut self, parent: &Node, out: &mut Vec<Block>) {
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

    fn paragraph(&mut self, p: &Node) -> Para {
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

    #[allow(clippy::too_many_lines)] // longer than the 80-line limit: to be split
    fn run(&mut self, r: &Node, base: &RunStyle, out: &mut Vec<Inline>, acc: &mut ParaAcc) {
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
                "drawing" | "pict" | "object" => {
                    for blip in c
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
                "footnoteReference" | "endnoteReference" => {
                    let endnote = local(&c) == "endnoteReference";
                    if let Some(id) = attr(&c, "id") {
                        let key = (endnote, id.to_string());
                        let label = match self.note_labels.iter().find(|(k, _)| *k == key) {
                            Some((_, l)) => l.clone(),
                            None => {
                                let l = (self.note_labels.len() + 1).to_string();
                                self.note_labels.push((key, l.clone()));
                                l
                            }
                        };
                        out.push(Inline::Note(label));
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
fn trim_inlines(inlines: &mut Vec<Inline>) {
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

    #[test]
    fn relationship_targets_resolve() {
        assert_eq!(
            resolve_part("word", "media/image1.png"),
            "word/media/image1.png"
        );
        assert_eq!(resolve_part("word", "../media/a.png"), "media/a.png");
        assert_eq!(
            resolve_part("word", "/word/media/b.png"),
            "word/media/b.png"
        );
    }
}
