//! The model of a Word document → the Markdown body of a page. Headings come from heading
//! styles or from the numbering clerks type (`一、` → `##`, `（一）` → `###`, `1.` → `####`);
//! every character of the text is escaped so the page shows it exactly; tables with merged cells
//! become HTML tables (the sanitiser keeps `colspan`/`rowspan`).

use super::model::{Block, Cell, Fmt, Inline, ListItem, Para, Table};

/// The file name of the `i`th image (0-based) in the bundle.
pub fn image_name(i: usize, ext: &str) -> String {
    format!("image-{}.{ext}", i + 1)
}

/// What a paragraph becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A heading of this Markdown level (2–6).
    Heading(u8),
    /// A list item.
    Item(ListItem),
    /// A paragraph.
    Para,
}

/// Decides what a paragraph is.
pub fn role(p: &Para) -> Role {
    if let Some(level) = p.heading {
        return Role::Heading((level + 1).min(6));
    }
    if let Some(item) = p.list {
        return Role::Item(item);
    }
    let text = p.text();
    let text = text.trim();
    let n = text.chars().count();
    let inner_stop = text
        .char_indices()
        .any(|(i, c)| "。；！？：:;".contains(c) && i + c.len_utf8() < text.len());
    let standalone = (p.all_bold && n <= 60) || (n <= 30 && !inner_stop);
    if !standalone {
        return Role::Para;
    }
    match numbering(text) {
        Some(level) => Role::Heading(level),
        None => Role::Para,
    }
}

/// The heading level the typed numbering at the start of `text` stands for.
fn numbering(text: &str) -> Option<u8> {
    const NUMERALS: &str = "一二三四五六七八九十百零〇";
    let chinese = |s: &str| {
        let n = s.chars().take_while(|c| NUMERALS.contains(*c)).count();
        (n > 0).then(|| s.chars().skip(n).collect::<String>())
    };
    if let Some(rest) = chinese(text)
        && rest.starts_with('、')
    {
        return Some(2);
    }
    if let Some(inner) = text.strip_prefix('（').or_else(|| text.strip_prefix('('))
        && let Some(rest) = chinese(inner)
        && rest.starts_with(['）', ')'])
    {
        return Some(3);
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let mut rest = text.chars().skip(digits);
        if matches!(rest.next(), Some('.' | '．' | '、'))
            && !rest.next().is_some_and(|c| c.is_ascii_digit())
        {
            return Some(4);
        }
    }
    None
}

/// Escapes text so that Markdown shows it as written.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~' | '|' | '&'
        ) {
            out.push('\\');
        }
        if c == '\t' {
            out.push(' ');
        } else if c != '\u{0}' {
            out.push(c);
        }
    }
    out
}

/// Escapes what would start a block at the beginning of a line: `#`, `>`, `-`, `+`, `=`,
/// `1.`, `1)`.
fn escape_line_start(line: String) -> String {
    if line.starts_with(['#', '>', '-', '+', '=']) {
        return format!("\\{line}");
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) && line[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line
}

/// Renders the body.
pub struct Writer<'a> {
    /// Extensions of the images, by index.
    pub image_exts: &'a [String],
    /// Alt text of the images, by index.
    pub alts: Vec<String>,
}

impl Writer<'_> {
    /// The Markdown of `blocks` and the footnotes.
    pub fn body(&mut self, blocks: &[Block], notes: &[(String, Vec<Inline>)]) -> String {
        self.captions(blocks);
        let mut out = String::new();
        let mut list: Option<bool> = None;
        for block in blocks {
            match block {
                Block::Para(p) => {
                    let role = role(p);
                    match role {
                        Role::Item(item) => {
                            let new_list = list.is_none() && !out.is_empty();
                            let other_kind =
                                list.is_some_and(|o| o != item.ordered) && item.level == 0;
                            if new_list || other_kind {
                                out.push('\n');
                            }
                            let (marker, width) = if item.ordered { ("1. ", 3) } else { ("- ", 2) };
                            out.push_str(&" ".repeat(width * item.level as usize));
                            out.push_str(marker);
                            out.push_str(&self.inlines(&p.inlines, false));
                            out.push('\n');
                            list = Some(item.ordered);
                            continue;
                        }
                        Role::Heading(level) => {
                            start_block(&mut out, &mut list);
                            let mut text = self.inlines(&p.inlines, true);
                            if text.ends_with('#') {
                                text.insert(text.len() - 1, '\\');
                            }
                            out.push_str(&"#".repeat(level as usize));
                            out.push(' ');
                            out.push_str(&text);
                            out.push('\n');
                        }
                        Role::Para => {
                            start_block(&mut out, &mut list);
                            out.push_str(&escape_line_start(self.inlines(&p.inlines, false)));
                            out.push('\n');
                        }
                    }
                }
                Block::Table(t) => {
                    start_block(&mut out, &mut list);
                    if t.has_merged_cells() {
                        out.push_str(&self.html_table(t));
                    } else {
                        out.push_str(&self.pipe_table(t));
                    }
                }
            }
        }
        for (label, text) in notes {
            start_block(&mut out, &mut list);
            out.push_str(&format!("[^{label}]: {}\n", self.inlines(text, false)));
        }
        out
    }

    /// A short paragraph right under a picture is its caption: it becomes the alt text. So is a
    /// short text after the picture in its own paragraph (a caption after a line break).
    fn captions(&mut self, blocks: &[Block]) {
        for block in blocks {
            let Block::Para(p) = block else { continue };
            let Some(Inline::Image(k)) = p.inlines.first() else {
                continue;
            };
            let text = p.text();
            let text = text.trim();
            if !text.is_empty() && text.chars().count() <= 60 && self.alts[*k].is_empty() {
                self.alts[*k] = text.to_string();
            }
        }
        for pair in blocks.windows(2) {
            let (Block::Para(img), Block::Para(cap)) = (&pair[0], &pair[1]) else {
                continue;
            };
            if !img.is_image_only() || cap.is_image_only() {
                continue;
            }
            let text = cap.text();
            let text = text.trim();
            let n = text.chars().count();
            let is_caption = cap.style.contains("caption")
                || cap.style.contains("题注")
                || (cap.centred && n <= 60)
                || (n <= 40 && !text.ends_with('。'));
            if !is_caption || role(cap) != Role::Para {
                continue;
            }
            for i in &img.inlines {
                if let Inline::Image(k) = i
                    && self.alts[*k].is_empty()
                {
                    self.alts[*k] = text.to_string();
                }
            }
        }
    }

    /// The Markdown of a run of inlines; `plain` drops bold and italic (headings).
    fn inlines(&self, inlines: &[Inline], plain: bool) -> String {
        let mut out = String::new();
        let mut after = String::new();
        self.push_inlines(inlines, plain, &mut out, &mut after);
        out.push_str(&after);
        out
    }

    fn push_inlines(&self, inlines: &[Inline], plain: bool, out: &mut String, notes: &mut String) {
        for (n, inline) in inlines.iter().enumerate() {
            match inline {
                Inline::Text(t, fmt) => {
                    let next = inlines.get(n + 1).and_then(|i| match i {
                        Inline::Text(t, _) => t.chars().next(),
                        _ => None,
                    });
                    emphasis(out, t, if plain { Fmt::default() } else { *fmt }, next);
                }
                Inline::Image(i) => {
                    let ext = self.image_exts.get(*i).map_or("png", String::as_str);
                    out.push_str(&format!(
                        "![{}]({})",
                        escape(&self.alts[*i]),
                        image_name(*i, ext)
                    ));
                }
                Inline::Note(label) => {
                    if notes.is_empty() {
                        out.push_str(&format!("[^{label}]"));
                    } else {
                        notes.push_str(&format!("[^{label}]"));
                    }
                }
                Inline::Link(url, inner) => {
                    // Footnote references inside a link go after it.
                    let mut inner_notes = String::from("\u{0}");
                    let mut text = String::new();
                    self.push_inlines(inner, plain, &mut text, &mut inner_notes);
                    let inner_notes = inner_notes.trim_start_matches('\u{0}');
                    match url {
                        Some(url) if !text.is_empty() => {
                            out.push_str(&format!("[{text}]({})", escape_url(url)))
                        }
                        _ => out.push_str(&text),
                    }
                    out.push_str(inner_notes);
                }
            }
        }
    }

    fn cell(&self, cell: &Cell) -> String {
        cell.paras
            .iter()
            .map(|p| self.inlines(p, false).replace('\n', " "))
            .collect::<Vec<_>>()
            .join("<br>")
    }

    fn pipe_table(&self, t: &Table) -> String {
        let cols = t.rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let mut out = String::new();
        for (r, row) in t.rows.iter().enumerate() {
            out.push('|');
            for c in 0..cols {
                let text = row.get(c).map(|cell| self.cell(cell)).unwrap_or_default();
                out.push_str(&format!(" {text} |"));
            }
            out.push('\n');
            if r == 0 {
                out.push('|');
                out.push_str(&" --- |".repeat(cols));
                out.push('\n');
            }
        }
        out
    }

    fn html_table(&self, t: &Table) -> String {
        let mut out = String::from("<table>\n<tbody>\n");
        for row in &t.rows {
            out.push_str("<tr>");
            for cell in row {
                out.push_str("<td");
                if cell.colspan > 1 {
                    out.push_str(&format!(" colspan=\"{}\"", cell.colspan));
                }
                if cell.rowspan > 1 {
                    out.push_str(&format!(" rowspan=\"{}\"", cell.rowspan));
                }
                out.push('>');
                let paras: Vec<String> = cell.paras.iter().map(|p| html_inlines(p, self)).collect();
                out.push_str(&paras.join("<br>"));
                out.push_str("</td>");
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
        out
    }
}

fn start_block(out: &mut String, list: &mut Option<bool>) {
    if !out.is_empty() {
        out.push('\n');
    }
    *list = None;
}

/// Writes `text` with its formatting. Markers hug the text (white space goes outside them);
/// where `*` would touch another marker or ASCII punctuation could stop it from closing, HTML
/// tags are used instead (the sanitiser keeps them).
fn emphasis(out: &mut String, text: &str, fmt: Fmt, next: Option<char>) {
    let esc = escape(text);
    if !fmt.bold && !fmt.italic && fmt.shift == 0 {
        out.push_str(&esc);
        return;
    }
    let core = esc.trim();
    if core.is_empty() {
        out.push_str(&esc);
        return;
    }
    let lead = &esc[..esc.len() - esc.trim_start().len()];
    let trail = &esc[esc.trim_end().len()..];
    let mut s = core.to_string();
    if fmt.shift != 0 {
        let tag = if fmt.shift > 0 { "sup" } else { "sub" };
        s = format!("<{tag}>{s}</{tag}>");
    }
    let first = text.trim().chars().next().unwrap_or(' ');
    let last = text.trim().chars().last().unwrap_or(' ');
    let html = out.ends_with('*')
        || first.is_ascii_punctuation()
        || last.is_ascii_punctuation()
        || fmt.shift != 0
        || (trail.is_empty()
            && next.is_some_and(|c| c.is_ascii_alphanumeric())
            && last.is_ascii_alphanumeric());
    out.push_str(lead);
    match (fmt.bold, fmt.italic, html) {
        (true, true, false) => out.push_str(&format!("***{s}***")),
        (true, false, false) => out.push_str(&format!("**{s}**")),
        (false, true, false) => out.push_str(&format!("*{s}*")),
        (true, true, true) => out.push_str(&format!("<strong><em>{s}</em></strong>")),
        (true, false, true) => out.push_str(&format!("<strong>{s}</strong>")),
        (false, true, true) => out.push_str(&format!("<em>{s}</em>")),
        (false, false, _) => out.push_str(&s),
    }
    out.push_str(trail);
}

/// A URL as a Markdown link destination.
fn escape_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.trim().chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// HTML-escapes text for a raw HTML table.
fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\u{0}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The inlines of a cell of an HTML table.
fn html_inlines(inlines: &[Inline], w: &Writer) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text(t, fmt) => {
                let mut s = html_escape(t);
                if fmt.shift != 0 {
                    let tag = if fmt.shift > 0 { "sup" } else { "sub" };
                    s = format!("<{tag}>{s}</{tag}>");
                }
                if fmt.italic {
                    s = format!("<em>{s}</em>");
                }
                if fmt.bold {
                    s = format!("<strong>{s}</strong>");
                }
                out.push_str(&s);
            }
            Inline::Image(k) => {
                let ext = w.image_exts.get(*k).map_or("png", String::as_str);
                out.push_str(&format!(
                    "<img src=\"{}\" alt=\"{}\">",
                    image_name(*k, ext),
                    html_escape(&w.alts[*k])
                ));
            }
            Inline::Note(label) => out.push_str(&format!("<sup>{}</sup>", html_escape(label))),
            Inline::Link(url, inner) => {
                let text = html_inlines(inner, w);
                match url {
                    Some(u) => out.push_str(&format!("<a href=\"{}\">{text}</a>", html_escape(u))),
                    None => out.push_str(&text),
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str, bold: bool) -> Para {
        Para {
            inlines: vec![Inline::Text(
                text.into(),
                Fmt {
                    bold,
                    ..Fmt::default()
                },
            )],
            all_bold: bold,
            ..Para::default()
        }
    }

    #[test]
    fn typed_numbering_gives_heading_levels() {
        assert_eq!(role(&para("一、背景和起因", true)), Role::Heading(2));
        assert_eq!(role(&para("十二、其他", false)), Role::Heading(2));
        assert_eq!(
            role(&para("（一）加强支部建设，筑牢战斗堡垒。", true)),
            Role::Heading(3)
        );
        assert_eq!(role(&para("1.设立党员先锋岗", false)), Role::Heading(4));
        assert_eq!(role(&para("1.5万人参加", false)), Role::Para);
        assert_eq!(
            role(&para(
                "1. 这一段以数字和点开头，却是正文；引号保持原样。",
                false
            )),
            Role::Para
        );
        assert_eq!(
            role(&para(
                "一、是加强学习，全年组织集中学习十二次，撰写心得体会六十余篇。",
                false
            )),
            Role::Para
        );
    }

    #[test]
    fn text_is_escaped_to_show_as_written() {
        assert_eq!(
            escape("*星号*_x_[a]<b>\\`c`|~&"),
            "\\*星号\\*\\_x\\_\\[a\\]\\<b>\\\\\\`c\\`\\|\\~\\&"
        );
        assert_eq!(escape_line_start("# 不是标题".into()), "\\# 不是标题");
        assert_eq!(escape_line_start("1. 正文".into()), "1\\. 正文");
        assert_eq!(escape_line_start("2024年".into()), "2024年");
    }

    #[test]
    fn bold_lead_in_stays_in_its_paragraph() {
        let p = Para {
            inlines: vec![
                Inline::Text(
                    "（一）加强支部建设。".into(),
                    Fmt {
                        bold: true,
                        ..Fmt::default()
                    },
                ),
                Inline::Text("正文".into(), Fmt::default()),
            ],
            ..Para::default()
        };
        let mut w = Writer {
            image_exts: &[],
            alts: vec![],
        };
        assert_eq!(
            w.body(&[Block::Para(p)], &[]),
            "**（一）加强支部建设。**正文\n"
        );
    }
}
