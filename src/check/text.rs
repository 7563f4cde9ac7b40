//! Which text of a page the wording and punctuation rules read, and where it is in the file.
//!
//! A page's file is cut into *segments*: pieces of one line that are running text. Code blocks
//! (fenced and indented), code spans, URLs (link targets, autolinks, bare addresses), HTML tags
//! and comments, and front-matter keys are left out; front-matter values are kept. Each segment
//! knows its file line and its byte offset in that line, so a finding's column counts the
//! characters before it — Chinese characters count one each.

use crate::content::{Page, Site, frontmatter};

/// A page's source text, read again from its file (the model keeps only the body).
pub(crate) struct Source {
    /// The file's text (`\n` line ends); the body alone when the file cannot be read.
    pub text: String,
    /// The file line of the first line of `text`'s body.
    pub body_line: u32,
    /// Whether `text` starts with the front matter (false: it is the body only).
    pub whole: bool,
}

impl Source {
    /// The file of `page`; its body from the model if the file cannot be read any more.
    pub(super) fn read(site: &Site, page: &Page) -> Source {
        let text = std::fs::read(site.root.join(&page.file))
            .ok()
            .and_then(|b| crate::content::source::decode(&page.file, &b).ok())
            .filter(|t| frontmatter::split(t).is_ok());
        match text {
            Some(text) => {
                let body_line = frontmatter::split(&text).map_or(1, |s| s.body_line);
                Source {
                    text,
                    body_line,
                    whole: true,
                }
            }
            None => Source {
                text: page.body.clone(),
                body_line: page.body_line,
                whole: false,
            },
        }
    }

    /// Every line with its file line number.
    pub(super) fn lines(&self) -> impl Iterator<Item = (u32, &str)> {
        let first = if self.whole { 1 } else { self.body_line };
        (first..).zip(self.text.split('\n'))
    }

    /// The lines of the front matter (between the `---` lines).
    pub(super) fn front_matter(&self) -> impl Iterator<Item = (u32, &str)> {
        let end = if self.whole { self.body_line - 1 } else { 0 };
        self.lines().filter(move |(n, _)| *n > 1 && *n < end)
    }

    /// The line of top-level front-matter key `key`, with its text and the value's byte offset.
    pub(super) fn key(&self, key: &str) -> Option<(u32, &str, usize)> {
        self.front_matter().find_map(|(n, l)| {
            let rest = l.strip_prefix(key)?.strip_prefix(':')?;
            let value = rest.len() - rest.trim_start().len();
            Some((n, l, key.len() + 1 + value))
        })
    }
}

/// A piece of running text on one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Segment<'a> {
    /// File line.
    pub line: u32,
    /// The whole line.
    pub line_text: &'a str,
    /// Byte offset of the segment in the line.
    pub start: usize,
    /// The text.
    pub text: &'a str,
}

/// An address found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    pub line: u32,
    pub col: u32,
    pub url: String,
}

/// An image `![](…)` with no alt text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bare<'a> {
    pub line: u32,
    pub line_text: &'a str,
    pub at: usize,
    pub len: usize,
}

/// What a page's text holds.
#[derive(Debug, Default)]
pub(crate) struct Scan<'a> {
    pub segments: Vec<Segment<'a>>,
    pub links: Vec<Link>,
    pub bare_images: Vec<Bare<'a>>,
}

/// Cuts a page's source into running text, links and images.
pub(crate) fn scan(source: &Source) -> Scan<'_> {
    let mut out = Scan::default();
    for (n, line) in source.front_matter() {
        front_matter_line(n, line, &mut out);
    }
    let mut block = Block::default();
    for (n, line) in source.lines().filter(|(n, _)| *n >= source.body_line) {
        if block.skips(line) {
            continue;
        }
        Inline::new(n, line, &mut block.comment).run(0, line.len(), &mut out);
    }
    out
}

/// The block state of the Markdown body: code blocks, HTML comments.
#[derive(Default)]
struct Block {
    fence: Option<(u8, usize)>,
    code: bool,
    blank: bool,
    list: bool,
    comment: bool,
    started: bool,
}

impl Block {
    /// Whether `line` is code (or a fence line) and so no text.
    fn skips(&mut self, line: &str) -> bool {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if let Some((c, k)) = self.fence {
            let run = trimmed.bytes().take_while(|&b| b == c).count();
            if indent <= 3 && run >= k && trimmed[run..].trim().is_empty() {
                self.fence = None;
            }
            return true;
        }
        if self.comment {
            return false;
        }
        let run = |c: u8| trimmed.bytes().take_while(|&b| b == c).count();
        for c in [b'`', b'~'] {
            if indent <= 3 && run(c) >= 3 {
                self.fence = Some((c, run(c)));
                return true;
            }
        }
        if line.trim().is_empty() {
            self.blank = true;
            return true;
        }
        let indented = indent >= 4 || line.starts_with('\t');
        if indented && (self.code || ((self.blank || !self.started) && !self.list)) {
            self.code = true;
            self.blank = false;
            return true;
        }
        self.code = false;
        self.list = is_list_item(trimmed)
            || (indent >= 2 && self.list && !self.blank)
            || (self.list && indented);
        self.blank = false;
        self.started = true;
        false
    }
}

/// `- `, `* `, `+ `, `1. ` or `1) ` at the start of `t`.
fn is_list_item(t: &str) -> bool {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &t[digits..];
    if digits > 0 {
        return rest.starts_with(". ") || rest.starts_with(") ");
    }
    ["- ", "* ", "+ "].iter().any(|m| t.starts_with(m))
}

/// One front-matter line: the value is text, the key is not.
fn front_matter_line<'a>(n: u32, line: &'a str, out: &mut Scan<'a>) {
    let mut start = line.len() - line.trim_start().len();
    while line[start..].starts_with("- ") {
        start += 2;
        start += line[start..].len() - line[start..].trim_start().len();
    }
    let rest = &line[start..];
    let key_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
        .count();
    if key_len > 0 && rest[key_len..].starts_with(':') {
        let after = &rest[key_len + 1..];
        if !after.is_empty() && !after.starts_with(' ') {
            return; // `http://…` or a time, not a key
        }
        start += key_len + 1;
    }
    start += line[start..].len() - line[start..].trim_start().len();
    let value = &line[start..];
    if value.is_empty() || value.starts_with(['|', '>', '#', '&', '*']) {
        return;
    }
    if value.starts_with(['[', '{']) {
        let mut at = start;
        for piece in value.split(['[', ']', '{', '}', ',']) {
            let inner = match piece.find(": ") {
                Some(k)
                    if piece[..k]
                        .trim()
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
                {
                    k + 2
                }
                _ => 0,
            };
            scalar(n, line, at + inner, at + piece.len(), out);
            at += piece.len() + 1;
        }
    } else {
        scalar(n, line, start, line.len(), out);
    }
}

/// A YAML scalar in `line[start..end]`, its quotes taken off.
fn scalar<'a>(n: u32, line: &'a str, start: usize, end: usize, out: &mut Scan<'a>) {
    let text = &line[start..end];
    let lead = text.len() - text.trim_start().len();
    let t = text.trim();
    let (mut s, mut e) = (start + lead, start + lead + t.len());
    if t.len() >= 2
        && (t.starts_with('"') && t.ends_with('"') || t.starts_with('\'') && t.ends_with('\''))
    {
        s += 1;
        e -= 1;
    }
    let mut comment = false;
    Inline::new(n, line, &mut comment).run(s, e, out);
}

/// The inline scanner of one line: masks code spans, URLs, HTML; keeps the rest as segments.
struct Inline<'a, 'c> {
    n: u32,
    line: &'a str,
    comment: &'c mut bool,
}

impl<'a, 'c> Inline<'a, 'c> {
    fn new(n: u32, line: &'a str, comment: &'c mut bool) -> Self {
        Inline { n, line, comment }
    }

    /// Scans `line[from..to]`.
    fn run(&mut self, from: usize, to: usize, out: &mut Scan<'a>) {
        let b = self.line.as_bytes();
        let mut seg = from;
        let mut i = from;
        if let Some(end) = self.reference(from, to, out) {
            seg = end;
            i = end;
        }
        while i < to {
            if *self.comment {
                match self.line[i..to].find("-->") {
                    Some(k) => {
                        *self.comment = false;
                        i += k + 3;
                        seg = i;
                        continue;
                    }
                    None => return,
                }
            }
            let skip = match b[i] {
                b'`' => self.code_span(i, to),
                b'<' => self.angle(i, to, out),
                b']' if b.get(i + 1) == Some(&b'(') => self.destination(i + 1, to, out),
                b'!' if b.get(i + 1) == Some(&b'[') => {
                    self.image(i, to, out);
                    None
                }
                b'h' | b'w' | b'f' | b'm' => self.bare_url(i, to, out),
                _ => None,
            };
            match skip {
                Some(end) => {
                    self.push(seg, i, out);
                    i = end;
                    seg = end;
                }
                None => i += utf8_len(b[i]),
            }
        }
        if !*self.comment {
            self.push(seg, to, out);
        }
    }

    fn push(&self, from: usize, to: usize, out: &mut Scan<'a>) {
        if to > from {
            out.segments.push(Segment {
                line: self.n,
                line_text: self.line,
                start: from,
                text: &self.line[from..to],
            });
        }
    }

    fn link(&self, at: usize, url: &str, out: &mut Scan<'a>) {
        if is_external(url) {
            out.links.push(Link {
                line: self.n,
                col: self.line[..at].chars().count() as u32 + 1,
                url: url.to_string(),
            });
        }
    }

    /// `[label]: url` at the start of the line: the end of the URL.
    fn reference(&self, from: usize, to: usize, out: &mut Scan<'a>) -> Option<usize> {
        let t = &self.line[from..to];
        let lead = t.len() - t.trim_start().len();
        let rest = t.trim_start().strip_prefix('[')?;
        if rest.starts_with('^') {
            return None;
        }
        let close = rest.find("]:")?;
        let after = &rest[close + 2..];
        let url_at = from + lead + 1 + close + 2 + (after.len() - after.trim_start().len());
        let url = self.line[url_at..to]
            .split_whitespace()
            .next()
            .unwrap_or("");
        self.link(url_at, url.trim_matches(['<', '>']), out);
        Some(url_at + url.len())
    }

    fn code_span(&self, i: usize, to: usize) -> Option<usize> {
        let b = self.line.as_bytes();
        let n = b[i..to].iter().take_while(|&&c| c == b'`').count();
        let mut j = i + n;
        while j < to {
            if b[j] == b'`' {
                let m = b[j..to].iter().take_while(|&&c| c == b'`').count();
                if m == n {
                    return Some(j + m);
                }
                j += m;
            } else {
                j += 1;
            }
        }
        None
    }

    fn angle(&mut self, i: usize, to: usize, out: &mut Scan<'a>) -> Option<usize> {
        let rest = &self.line[i + 1..to];
        if rest.starts_with("!--") {
            *self.comment = true;
            return match rest.find("-->") {
                Some(k) => {
                    *self.comment = false;
                    Some(i + 1 + k + 3)
                }
                None => Some(to),
            };
        }
        let close = rest.find('>')?;
        let inner = &rest[..close];
        if is_external(inner) || inner.starts_with("mailto:") {
            self.link(i + 1, inner, out);
            return Some(i + 2 + close);
        }
        let first = inner.bytes().next()?;
        (first.is_ascii_alphabetic() || first == b'/' || first == b'!').then_some(i + 2 + close)
    }

    /// `(url "title")` after a link's `]`: masked, the URL listed.
    fn destination(&self, open: usize, to: usize, out: &mut Scan<'a>) -> Option<usize> {
        let b = self.line.as_bytes();
        let mut depth = 0;
        for (j, &c) in b.iter().enumerate().take(to).skip(open) {
            match c {
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        let inner = self.line[open + 1..j].trim();
                        let url = inner.split_whitespace().next().unwrap_or("");
                        self.link(open + 1, url.trim_matches(['<', '>']), out);
                        return Some(j + 1);
                    }
                }
                _ => {}
            }
        }
        None
    }

    fn image(&self, i: usize, to: usize, out: &mut Scan<'a>) {
        let rest = &self.line[i + 2..to];
        if let Some(close) = rest.find("](")
            && rest[..close].trim().is_empty()
        {
            let len = 2 + close + 2;
            out.bare_images.push(Bare {
                line: self.n,
                line_text: self.line,
                at: i,
                len,
            });
        }
    }

    fn bare_url(&self, i: usize, to: usize, out: &mut Scan<'a>) -> Option<usize> {
        let rest = &self.line[i..to];
        let starts = ["http://", "https://", "ftp://", "www.", "mailto:"];
        if !starts.iter().any(|s| rest.starts_with(s)) {
            return None;
        }
        let prev = self.line[..i].chars().next_back();
        if prev.is_some_and(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        let len = rest
            .find(|c: char| !c.is_ascii_graphic() || matches!(c, '<' | '>' | '"'))
            .unwrap_or(rest.len());
        let mut url = rest[..len].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
        while url.ends_with(')') && url.matches(')').count() > url.matches('(').count() {
            url = url[..url.len() - 1].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
        }
        let url = if url.starts_with("www.") {
            format!("http://{url}")
        } else {
            url.to_string()
        };
        self.link(i, &url, out);
        Some(i + len)
    }
}

/// An address on another site.
fn is_external(url: &str) -> bool {
    ["http://", "https://", "ftp://", "//"]
        .iter()
        .any(|s| url.starts_with(s))
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
