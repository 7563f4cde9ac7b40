//! The small model of a Word document that the importer works on: paragraphs with their style
//! name, alignment, size, boldness and list level; runs with bold/italic; links, images, footnote
//! references; tables with their merged cells. [`super::docx`] fills it from the XML; [`super::guess`]
//! and [`super::markdown`] read it, so neither needs to know WordprocessingML.

use super::archive::ArchiveError;

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
