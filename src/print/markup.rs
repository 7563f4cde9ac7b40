//! Typst markup for the casebook, generated from the parsed Markdown (comrak's AST) and the front
//! matter. Every piece of user text is written as a Typst string literal (`#"…"`), so nothing a
//! content file says can run as Typst code; the only code here is the fixed calls into
//! `book.typ`. Pure: knows nothing of fonts or files beyond the checks it is handed.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

use camino::Utf8Path;
use comrak::nodes::{AstNode, ListType, NodeValue, TableAlignment};
use comrak::{Arena, parse_document};

use crate::diagnostics::{Diagnostic, Span};

/// Writes `s` as a Typst string literal.
pub fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether a character needs a glyph (spaces and invisible format characters do not).
pub fn needs_glyph(c: char) -> bool {
    !(c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
        ))
}

/// What the generator needs to know about the book and the fonts.
pub trait Context {
    /// Whether some font of the book has a glyph for `c`.
    fn covered(&self, c: char) -> bool;
    /// The Typst label of the book entry written in `content_rel`, if it is in the book.
    fn entry_label(&self, content_rel: &str) -> Option<String>;
    /// The virtual path under which Typst reads the image `content_rel`, if it exists.
    fn image_path(&self, content_rel: &str) -> Option<String>;
}

/// Writes Typst markup for one file's text, checking every character against the fonts.
pub struct Writer<'a> {
    /// The markup so far.
    pub out: String,
    ctx: &'a dyn Context,
    file: &'a Utf8Path,
    /// Characters already reported for this file.
    missing: BTreeSet<char>,
    /// Problems found.
    pub diags: Vec<Diagnostic>,
    line: u32,
}

impl<'a> Writer<'a> {
    /// A writer for text that comes from `file`.
    pub fn new(ctx: &'a dyn Context, file: &'a Utf8Path) -> Self {
        Writer {
            out: String::new(),
            ctx,
            file,
            missing: BTreeSet::new(),
            diags: Vec::new(),
            line: 0,
        }
    }

    /// Sets the file line that following text comes from (0: unknown).
    pub fn at_line(&mut self, line: u32) {
        self.line = line;
    }

    /// A checked string literal of user text.
    pub fn text(&mut self, s: &str) -> String {
        for c in s.chars() {
            if needs_glyph(c) && !self.ctx.covered(c) && self.missing.insert(c) {
                let at = (self.line > 0).then(|| Span::new(self.line, 1));
                self.diags.push(
                    Diagnostic::error(
                        self.file,
                        at,
                        format!(
                            "the character `{c}` (U+{:04X}) is in none of the book's fonts",
                            c as u32
                        ),
                    )
                    .with_hint("replace it, or name a font that has it in site.yaml's `print.fonts` (with `fonts_dir`)"),
                );
            }
        }
        lit(s)
    }

    /// `#"…"` in markup.
    pub fn markup_text(&mut self, s: &str) {
        if !s.is_empty() {
            let l = self.text(s);
            self.out.push('#');
            self.out.push_str(&l);
        }
    }

    /// An optional string as a Typst value (`none` when absent).
    pub fn opt(&mut self, s: Option<&str>) -> String {
        match s {
            Some(s) => self.text(s),
            None => "none".into(),
        }
    }
}

/// The font class of a heading, from its numbering: `一、` → heiti, `（一）` → kaiti, else by level.
pub fn heading_font(text: &str, level: u8) -> &'static str {
    let t = text.trim_start();
    let numeral = |c: char| "一二三四五六七八九十百零〇".contains(c);
    let mut chars = t.chars();
    let first = chars.next();
    if first.is_some_and(numeral) {
        let rest: String = t.chars().skip_while(|&c| numeral(c)).take(1).collect();
        if rest == "、" {
            return "sans";
        }
    }
    if matches!(first, Some('（' | '(')) && chars.next().is_some_and(numeral) {
        return "kai";
    }
    if t.chars().next().is_some_and(|c| c.is_ascii_digit())
        && t.trim_start_matches(|c: char| c.is_ascii_digit())
            .starts_with(['.', '．'])
    {
        return "fang";
    }
    match level {
        0..=2 => "sans",
        3 => "kai",
        _ => "fang",
    }
}

/// A Markdown body to convert.
pub struct Body<'a> {
    /// The Markdown.
    pub text: &'a str,
    /// The file line it starts on.
    pub first_line: u32,
    /// The folder its relative paths start from (relative to `content/`).
    pub dir: &'a str,
}

/// Appends the Typst markup of a Markdown body to `w`.
pub fn body(w: &mut Writer, b: &Body) {
    let arena = Arena::new();
    let root = parse_document(&arena, b.text, &crate::markdown::dialect());
    let mut notes = HashMap::new();
    for n in root.descendants() {
        if let NodeValue::FootnoteDefinition(def) = &n.data().value {
            notes.insert(def.name.clone(), n);
        }
    }
    let mut conv = Converter {
        b,
        notes,
        in_note: 0,
    };
    for child in root.children() {
        conv.block(w, child);
    }
}

struct Converter<'a, 'b> {
    b: &'b Body<'b>,
    notes: HashMap<String, &'a AstNode<'a>>,
    in_note: u32,
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2e80..=0x9fff | 0xf900..=0xfaff | 0xff00..=0xffef | 0x20000..=0x3ffff)
}

impl<'a> Converter<'a, '_> {
    fn line_of(&self, n: &'a AstNode<'a>) -> u32 {
        n.data().sourcepos.start.line as u32 + self.b.first_line - 1
    }

    fn children_blocks(&mut self, w: &mut Writer, n: &'a AstNode<'a>) {
        for c in n.children() {
            self.block(w, c);
        }
    }

    fn block(&mut self, w: &mut Writer, n: &'a AstNode<'a>) {
        w.at_line(self.line_of(n));
        let value = n.data().value.clone();
        match value {
            NodeValue::Paragraph => {
                // A paragraph that is only an image is a figure with its caption.
                let kids: Vec<_> = n.children().collect();
                if let [only] = kids.as_slice()
                    && let NodeValue::Image(link) = &only.data().value
                {
                    self.image(w, only, &link.url, &link.title);
                    return;
                }
                for c in n.children() {
                    self.inline(w, c);
                }
                w.out.push_str("\n\n");
            }
            NodeValue::Heading(h) => {
                let text = n.collect_text();
                let font = heading_font(&text, h.level);
                let _ = write!(w.out, "#hd({}, {font}, [", h.level);
                for c in n.children() {
                    self.inline(w, c);
                }
                w.out.push_str("])\n\n");
            }
            NodeValue::List(l) => {
                if l.list_type == ListType::Ordered {
                    let _ = write!(w.out, "#enum(start: {}, tight: {}", l.start, l.tight);
                } else {
                    let _ = write!(w.out, "#list(tight: {}", l.tight);
                }
                for item in n.children() {
                    w.out.push_str(", [");
                    self.children_blocks(w, item);
                    trim_breaks(&mut w.out);
                    w.out.push(']');
                }
                w.out.push_str(")\n\n");
            }
            NodeValue::BlockQuote => {
                w.out.push_str("#quote(block: true)[");
                self.children_blocks(w, n);
                trim_breaks(&mut w.out);
                w.out.push_str("]\n\n");
            }
            NodeValue::CodeBlock(cb) => {
                let l = w.text(cb.literal.trim_end_matches('\n'));
                let _ = write!(w.out, "#pre({l})\n\n");
            }
            NodeValue::ThematicBreak => w.out.push_str("#rule()\n\n"),
            NodeValue::Table(t) => self.table(w, n, &t.alignments),
            NodeValue::FootnoteDefinition(_) | NodeValue::HtmlBlock(_) => {}
            _ => {
                // Anything else (e.g. a task list item's container): its children.
                self.children_blocks(w, n);
            }
        }
    }

    fn table(&mut self, w: &mut Writer, n: &'a AstNode<'a>, aligns: &[TableAlignment]) {
        let cols = aligns.len().max(1);
        let align: Vec<&str> = aligns
            .iter()
            .map(|a| match a {
                TableAlignment::Center => "center",
                TableAlignment::Right => "right",
                _ => "left",
            })
            .collect();
        let _ = write!(
            w.out,
            "#align(center, table(columns: {cols}, align: ({},)",
            align.join(", ")
        );
        for (k, row) in n.children().enumerate() {
            w.at_line(self.line_of(row));
            if k == 0 {
                w.out.push_str(", table.header(");
            }
            for (j, cell) in row.children().enumerate() {
                if k == 0 && j > 0 {
                    w.out.push_str(", ");
                }
                if k == 0 {
                    w.out.push_str("text(font: sans)[");
                } else {
                    w.out.push_str(", [");
                }
                for c in cell.children() {
                    self.inline(w, c);
                }
                w.out.push(']');
            }
            if k == 0 {
                w.out.push(')');
            }
        }
        w.out.push_str("))\n\n");
    }

    fn image(&mut self, w: &mut Writer, n: &'a AstNode<'a>, url: &str, title: &str) {
        let alt = n.collect_text();
        let caption = if title.trim().is_empty() {
            alt.trim().to_string()
        } else {
            title.trim().to_string()
        };
        let rel =
            crate::urls::resolve_path(self.b.dir, url.split(['?', '#']).next().unwrap_or(url));
        match rel.and_then(|r| w.ctx.image_path(&r)) {
            Some(path) => {
                let path = lit(&path);
                let cap = if caption.is_empty() {
                    "none".to_string()
                } else {
                    w.text(&caption)
                };
                let _ = write!(w.out, "#img({path}, {cap})\n\n");
            }
            None => {
                // External or missing pictures cannot be printed; the web build reports missing
                // ones, so the book keeps the description.
                if !caption.is_empty() {
                    w.markup_text(&format!("［图：{caption}］"));
                    w.out.push_str("\n\n");
                }
            }
        }
    }

    fn inline(&mut self, w: &mut Writer, n: &'a AstNode<'a>) {
        let value = n.data().value.clone();
        match value {
            NodeValue::Text(t) => w.markup_text(&t),
            NodeValue::Code(c) => {
                let l = w.text(&c.literal);
                let _ = write!(w.out, "#code({l})");
            }
            NodeValue::SoftBreak => soft_break(w, n),
            NodeValue::LineBreak => w.out.push_str("#linebreak()"),
            NodeValue::Emph => self.wrap(w, n, "#kaiti["),
            NodeValue::Strong => self.strong(w, n),
            NodeValue::Strikethrough => self.wrap(w, n, "#strike["),
            NodeValue::Link(link) => self.link(w, n, &link.url),
            NodeValue::Image(_) => {
                // An image inside running text: its description.
                let alt = n.collect_text();
                if !alt.trim().is_empty() {
                    w.markup_text(&format!("［图：{}］", alt.trim()));
                }
            }
            NodeValue::FootnoteReference(r) => self.footnote(w, &r.name),
            NodeValue::HtmlInline(_) => {}
            _ => self.inlines(w, n),
        }
    }

    /// Writes the children of `n` as running text.
    fn inlines(&mut self, w: &mut Writer, n: &'a AstNode<'a>) {
        for c in n.children() {
            self.inline(w, c);
        }
    }

    /// Bold text, set in kaiti where a heading of that length would be (a run-in lead).
    fn strong(&mut self, w: &mut Writer, n: &'a AstNode<'a>) {
        let text = n.collect_text();
        let open = if heading_font(&text, 9) == "kai" {
            "#kaiti["
        } else {
            "#bold["
        };
        self.wrap(w, n, open);
    }

    /// A link: outside links stay links, links to another entry of the book go to its label, and
    /// any other link keeps only its text.
    fn link(&mut self, w: &mut Writer, n: &'a AstNode<'a>, url: &str) {
        if url.contains("://") || url.starts_with("mailto:") {
            let l = lit(url);
            self.wrap(w, n, &format!("#link({l})["));
        } else if let Some(label) = self.entry_label(w, url) {
            self.wrap(w, n, &format!("#link(<{label}>)["));
        } else {
            self.inlines(w, n);
        }
    }

    /// The footnote `name` at its reference, its paragraphs run together; notes nested more
    /// than three deep are dropped.
    fn footnote(&mut self, w: &mut Writer, name: &str) {
        if self.in_note > 3 {
            return;
        }
        let Some(&def) = self.notes.get(name) else {
            return;
        };
        self.in_note += 1;
        w.out.push_str("#footnote[");
        let start = w.out.len();
        for c in def.children() {
            if let NodeValue::Paragraph = c.data().value {
                self.inlines(w, c);
            } else {
                self.block(w, c);
            }
            w.out.push(' ');
        }
        if w.out.len() > start {
            w.out.pop();
        }
        trim_breaks(&mut w.out);
        w.out.push(']');
        self.in_note -= 1;
    }

    fn wrap(&mut self, w: &mut Writer, n: &'a AstNode<'a>, open: &str) {
        w.out.push_str(open);
        self.inlines(w, n);
        w.out.push(']');
    }

    fn entry_label(&self, w: &Writer, url: &str) -> Option<String> {
        let path = url.split('#').next().unwrap_or(url);
        if !path.ends_with(".md") {
            return None;
        }
        crate::urls::resolve_path(self.b.dir, path).and_then(|rel| w.ctx.entry_label(&rel))
    }
}

/// A soft line break: nothing between Chinese characters, a space otherwise.
fn soft_break<'a>(w: &mut Writer, n: &'a AstNode<'a>) {
    let before = n
        .previous_sibling()
        .and_then(|s| s.collect_text().chars().last());
    let after = n
        .next_sibling()
        .and_then(|s| s.collect_text().chars().next());
    if !(before.is_some_and(is_cjk) || after.is_some_and(is_cjk)) {
        w.out.push_str("#\" \"");
    }
}

fn trim_breaks(s: &mut String) {
    while s.ends_with('\n') {
        s.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct All;
    impl Context for All {
        fn covered(&self, c: char) -> bool {
            c != '𠀀'
        }
        fn entry_label(&self, rel: &str) -> Option<String> {
            (rel == "cases/b.md").then(|| "e-2".into())
        }
        fn image_path(&self, rel: &str) -> Option<String> {
            (rel == "cases/p.svg").then(|| format!("/content/{rel}"))
        }
    }

    fn convert(md: &str) -> (String, Vec<Diagnostic>) {
        let ctx = All;
        let mut w = Writer::new(&ctx, Utf8Path::new("content/cases/a.md"));
        body(
            &mut w,
            &Body {
                text: md,
                first_line: 5,
                dir: "cases",
            },
        );
        (w.out, w.diags)
    }

    #[test]
    fn literals_escape_quotes_backslashes_and_newlines() {
        assert_eq!(lit(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(lit("x\ny"), r#""x\ny""#);
    }

    #[test]
    fn typst_code_in_content_stays_text() {
        let (out, _) = convert("#set page(width: 1mm) #import \"x\": * $x$ ]\n");
        assert_eq!(
            out,
            "#\"#set page(width: 1mm) #import \\\"x\\\": * $x$ ]\"\n\n"
        );
    }

    #[test]
    fn heading_fonts_follow_chinese_numbering() {
        assert_eq!(heading_font("一、背景", 3), "sans");
        assert_eq!(heading_font("（二）做法", 2), "kai");
        assert_eq!(heading_font("十二、结语", 4), "sans");
        assert_eq!(heading_font("1. 要点", 2), "fang");
        assert_eq!(heading_font("背景", 3), "kai");
    }

    #[test]
    fn chinese_soft_breaks_join_without_space() {
        let (out, _) = convert("第一行\n第二行\n\nword\nword\n");
        assert!(out.starts_with("#\"第一行\"#\"第二行\"\n\n"), "{out}");
        assert!(out.contains("#\"word\"#\" \"#\"word\""), "{out}");
    }

    #[test]
    fn links_to_book_entries_become_labels() {
        let (out, _) = convert("见[乙](b.md)和[丙](c.md)。\n");
        assert!(out.contains("#link(<e-2>)[#\"乙\"]"), "{out}");
        assert!(out.contains("#\"丙\""), "{out}");
        assert!(!out.contains("c.md"), "{out}");
    }

    #[test]
    fn an_image_paragraph_is_a_figure_with_caption() {
        let (out, _) = convert("![党员在窗口服务](p.svg)\n");
        assert_eq!(
            out,
            "#img(\"/content/cases/p.svg\", \"党员在窗口服务\")\n\n"
        );
    }

    #[test]
    fn footnotes_are_placed_at_the_reference() {
        let (out, _) = convert("正文[^1]。\n\n[^1]: 注释内容。\n");
        assert_eq!(out, "#\"正文\"#footnote[#\"注释内容。\"]#\"。\"\n\n");
    }

    #[test]
    fn tables_keep_columns_and_header() {
        let (out, _) = convert("| 项目 | 数量 |\n| --- | ---: |\n| 党员 | 36 |\n");
        assert!(
            out.contains("table(columns: 2, align: (left, right,), table.header(text(font: sans)[#\"项目\"], text(font: sans)[#\"数量\"]), [#\"党员\"], [#\"36\"]))"),
            "{out}"
        );
    }

    #[test]
    fn an_uncovered_character_is_an_error_with_file_and_line() {
        let (_, diags) = convert("甲\n\n乙𠀀丙𠀀\n");
        assert_eq!(diags.len(), 1, "reported once per character");
        let msg = diags[0].to_string();
        assert!(msg.contains("content/cases/a.md:7:1"), "{msg}");
        assert!(msg.contains("`𠀀` (U+20000)"), "{msg}");
    }
}
