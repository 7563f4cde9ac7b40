//! Markdown → HTML, table of contents, summary and plain text, with links and images checked and
//! rewritten to relative URLs. Uses comrak for CommonMark + GFM with the CJK-friendly emphasis
//! amendment (`**“头雁”**行动` is bold); kept behind this module so the parser can be swapped.

pub mod highlight;
mod images;
mod links;
mod rawurls;

pub use images::{BODY_SIZES, ImageFacts, ImageProblem};

use std::fmt::{self, Write};
use std::sync::Mutex;

use camino::Utf8Path;
use comrak::adapters::{HeadingAdapter, HeadingMeta};
use comrak::nodes::{Node, NodeValue, Sourcepos};
use comrak::options::Plugins;
use comrak::{Anchorizer, Arena, Options, parse_document};
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Span};

/// One heading in the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// The heading's `id`.
    pub id: String,
    /// Its text.
    pub title: String,
}

/// A rendered Markdown body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// HTML of the body.
    pub html: String,
    /// Headings of levels 2 and 3.
    pub toc: Vec<TocEntry>,
    /// The first paragraph cut at a sentence end.
    pub summary: String,
    /// The text without markup, blocks separated by newlines (for search).
    pub text: String,
}

/// What the Markdown renderer needs to know about the site to check and rewrite links.
pub trait Resolver: Sync {
    /// The site path (`cases/a/`) of the page written in the content file `content_rel`.
    fn page_url(&self, content_rel: &str) -> Option<String>;
    /// Whether `content_rel` is a file under `content/` that is copied to the output.
    fn asset_exists(&self, content_rel: &str) -> bool;
    /// The prepared raster image at `content_rel` (its size and variants), or why it cannot be
    /// used; `None` when it is not one (then only its existence is checked).
    fn image(&self, content_rel: &str) -> Option<Result<ImageFacts, ImageProblem>> {
        let _ = content_rel;
        None
    }
    /// Whether the first picture of the body is the page's first (it then loads eagerly).
    fn first_image_eager(&self) -> bool {
        false
    }
}

/// One body to render.
pub struct Input<'a> {
    /// The file, relative to the site root, for messages.
    pub file: &'a Utf8Path,
    /// The Markdown.
    pub text: &'a str,
    /// The file line the Markdown starts on.
    pub first_line: u32,
    /// The folder relative paths start from (relative to `content/`).
    pub dir: &'a str,
    /// The site path of the page the HTML goes into (`cases/a/`).
    pub url: &'a str,
    /// Whether directory links name `index.html`.
    pub portable: bool,
    /// Keep raw HTML as is.
    pub unsafe_html: bool,
}

/// The Markdown dialect of SPEC §5 (CommonMark, GFM tables, strikethrough, task lists, footnotes,
/// autolinks, CJK-friendly emphasis): one definition for the web pages and the casebook.
pub fn dialect() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    o.extension.autolink = true;
    o.extension.cjk_friendly_emphasis = true;
    o
}

fn options() -> Options<'static> {
    let mut o = dialect();
    // Raw HTML is kept by comrak and sanitised afterwards unless `markdown.unsafe_html` is true.
    o.render.r#unsafe = true;
    o
}

struct Headings {
    state: Mutex<(Anchorizer, Vec<TocEntry>)>,
}

impl HeadingAdapter for Headings {
    fn enter(
        &self,
        output: &mut dyn Write,
        heading: &HeadingMeta,
        _: Option<Sourcepos>,
    ) -> fmt::Result {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let id = state.0.anchorize(heading.content.trim());
        if (2..=3).contains(&heading.level) {
            state.1.push(TocEntry {
                level: heading.level,
                id: id.clone(),
                title: heading.content.trim().to_string(),
            });
        }
        write!(output, "<h{} id=\"", heading.level)?;
        comrak::html::escape(output, &id)?;
        output.write_str("\">")
    }

    fn exit(&self, output: &mut dyn Write, heading: &HeadingMeta) -> fmt::Result {
        write!(output, "</h{}>", heading.level)
    }
}

/// Renders one body, returning its HTML and every problem with its links and images.
pub fn render(input: &Input, resolver: &dyn Resolver) -> (Rendered, Vec<Diagnostic>) {
    let arena = Arena::new();
    let opts = options();
    let root = parse_document(&arena, input.text, &opts);
    let mut diags = Vec::new();
    let mut prepared = Vec::new();
    let walked = walk(root, input, resolver, &mut prepared, &mut diags);
    images::replace(prepared, input, resolver.first_image_eager());
    let (html, toc) = to_html(root, &opts, input, walked.has_raw_html, &mut diags);
    let summary = walked
        .summary_source
        .map(|s| summarize(s.trim(), 120))
        .unwrap_or_default();
    (
        Rendered {
            html,
            toc,
            summary,
            text: walked.text,
        },
        diags,
    )
}

/// What one pass over the parsed body gathers.
struct Walked {
    /// Whether the body has raw HTML (then it is sanitised unless the site allows it).
    has_raw_html: bool,
    /// The text of the first paragraph outside lists and quotes.
    summary_source: Option<String>,
    /// The text without markup, blocks separated by newlines.
    text: String,
}

/// Checks and rewrites every link and image of the tree in place, and gathers the plain text, the
/// summary's paragraph and whether raw HTML occurs.
fn walk<'a>(
    root: Node<'a>,
    input: &Input,
    resolver: &dyn Resolver,
    prepared: &mut Vec<(Node<'a>, ImageFacts)>,
    diags: &mut Vec<Diagnostic>,
) -> Walked {
    let mut walked = Walked {
        has_raw_html: false,
        summary_source: None,
        text: String::new(),
    };
    let text = &mut walked.text;
    for node in root.descendants() {
        let pos = node.data().sourcepos.start;
        let at = Span::new(pos.line as u32 + input.first_line - 1, pos.column as u32);
        let at = ByteSpan(at);
        let mut data = node.data_mut();
        match &mut data.value {
            NodeValue::Paragraph
                if walked.summary_source.is_none() && !inside_list_or_quote(node) =>
            {
                drop(data);
                walked.summary_source = Some(node.collect_text());
            }
            NodeValue::Image(link) => {
                match images::facts(&link.url, input, resolver) {
                    Some(Ok(facts)) => prepared.push((node, facts)),
                    Some(Err((message, hint))) => diags.push(
                        Diagnostic::error(input.file, Some(at.chars(input)), message)
                            .with_hint_opt(hint),
                    ),
                    None => {
                        if let Some(new) =
                            links::rewrite_image(&link.url, at, input, resolver, diags)
                        {
                            link.url = new;
                        }
                    }
                }
                drop(data);
                if node.collect_text().trim().is_empty() {
                    diags.push(Diagnostic::warning(input.file, Some(at.chars(input)), "image has no alt text").with_hint("describe the picture between the brackets: ![党员志愿者在社区服务](photo.jpg)"));
                }
            }
            NodeValue::Link(link) => {
                if let Some(new) = links::rewrite_link(&link.url, at, input, resolver, diags) {
                    link.url = new;
                }
            }
            NodeValue::HtmlBlock(b) => {
                walked.has_raw_html = true;
                links::check_raw_html(&b.literal, at, input, diags);
            }
            NodeValue::HtmlInline(literal) => {
                walked.has_raw_html = true;
                links::check_raw_html(literal, at, input, diags);
            }
            NodeValue::Text(t) => text.push_str(t),
            NodeValue::Code(c) => text.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => {}
            NodeValue::Paragraph
            | NodeValue::Heading(_)
            | NodeValue::TableCell
            | NodeValue::Item(_)
                if !text.is_empty() && !text.ends_with('\n') =>
            {
                text.push('\n');
            }
            _ => {}
        }
    }
    walked
}

/// The HTML of the tree with heading ids and highlighted code, sanitised when it has raw HTML the
/// site does not allow, and the table of contents gathered on the way.
fn to_html(
    root: Node<'_>,
    opts: &Options,
    input: &Input,
    has_raw_html: bool,
    diags: &mut Vec<Diagnostic>,
) -> (String, Vec<TocEntry>) {
    let headings = Headings {
        state: Mutex::new((Anchorizer::new(), Vec::new())),
    };
    let highlighter = highlight::Highlighter;
    let mut plugins = Plugins::default();
    plugins.render.heading_adapter = Some(&headings);
    plugins.render.codefence_syntax_highlighter = Some(&highlighter);
    let mut html = String::with_capacity(input.text.len() * 3 / 2);
    if comrak::html::format_document_with_plugins(root, opts, &mut html, &plugins).is_err() {
        diags.push(Diagnostic::error(
            input.file,
            None,
            "the Markdown could not be rendered",
        ));
    }
    if has_raw_html && !input.unsafe_html {
        html = sanitize(&html);
    }
    if input.text.contains('|') && html.contains(" align=\"") {
        html = align_to_class(&html);
    }
    let toc = headings
        .state
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .1;
    (html, toc)
}

/// A position whose column still counts bytes (comrak's); [`ByteSpan::chars`] converts it to the
/// character column people see, only when a diagnostic needs it.
#[derive(Clone, Copy)]
struct ByteSpan(Span);

impl ByteSpan {
    fn chars(self, input: &Input) -> Span {
        let Span { line, col } = self.0;
        let text_line = input
            .text
            .split('\n')
            .nth((line + 1 - input.first_line) as usize - 1)
            .unwrap_or("");
        let byte = (col as usize).saturating_sub(1).min(text_line.len());
        let prefix = text_line.get(..byte).unwrap_or(text_line);
        Span::new(line, prefix.chars().count() as u32 + 1)
    }
}

fn inside_list_or_quote(node: comrak::nodes::Node<'_>) -> bool {
    node.ancestors().skip(1).any(|a| {
        matches!(
            a.data().value,
            NodeValue::Item(_)
                | NodeValue::BlockQuote
                | NodeValue::Table(_)
                | NodeValue::FootnoteDefinition(_)
        )
    })
}

/// Table cells' `align` attribute is obsolete in HTML5 (validators reject it): comrak writes it
/// for GFM column alignment, so it becomes a class the theme styles.
fn align_to_class(html: &str) -> String {
    html.replace(" align=\"left\">", " class=\"align-left\">")
        .replace(" align=\"center\">", " class=\"align-center\">")
        .replace(" align=\"right\">", " class=\"align-right\">")
}

fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["id", "class", "align"])
        .add_tags(["input", "section", "sup", "figure", "figcaption"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes(
            "img",
            ["srcset", "sizes", "loading", "decoding", "fetchpriority"],
        )
        .add_tag_attributes("a", ["data-footnote-ref", "data-footnote-backref"])
        .link_rel(None)
        .url_schemes(
            ["http", "https", "mailto", "tel", "data"]
                .into_iter()
                .collect(),
        )
        .attribute_filter(|element, attr, value| {
            if rawurls::is_url_attr(attr) && rawurls::check_attr(element, attr, value).is_err() {
                None
            } else {
                Some(value.into())
            }
        })
        .clean(html)
        .to_string()
}

/// Cuts `text` after the last sentence end (。！？) within `max` characters, so a summary never
/// stops mid-sentence; falls back to `max` characters and an ellipsis.
pub fn summarize(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut = None;
    for (n, (i, c)) in text.char_indices().enumerate() {
        if n >= max {
            break;
        }
        if matches!(c, '。' | '！' | '？' | '!' | '?') {
            cut = Some(i + c.len_utf8());
        }
    }
    match cut {
        Some(i) => {
            // Keep a closing quote that belongs to the sentence.
            let rest = &text[i..];
            let quote = rest
                .chars()
                .next()
                .filter(|c| matches!(c, '”' | '」' | '’' | '）'))
                .map_or(0, char::len_utf8);
            text[..i + quote].to_string()
        }
        None => {
            let end = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
            format!("{}……", &text[..end])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoSite;
    impl Resolver for NoSite {
        fn page_url(&self, rel: &str) -> Option<String> {
            (rel == "cases/b.md").then(|| "cases/b/".to_string())
        }
        fn asset_exists(&self, rel: &str) -> bool {
            rel == "cases/photo.svg"
        }
    }

    fn md(text: &str) -> (Rendered, Vec<Diagnostic>) {
        let input = Input {
            file: Utf8Path::new("content/cases/a.md"),
            text,
            first_line: 5,
            dir: "cases",
            url: "cases/a/",
            portable: true,
            unsafe_html: false,
        };
        render(&input, &NoSite)
    }

    #[test]
    fn summary_stops_at_a_chinese_full_stop() {
        assert_eq!(summarize("一二三。四五六七。", 6), "一二三。");
        assert_eq!(summarize("一二三四五六七八", 4), "一二三四……");
        assert_eq!(summarize("短句。", 120), "短句。");
        assert_eq!(
            summarize("他说：“好！”然后走了很远很远。", 8),
            "他说：“好！”"
        );
    }

    #[test]
    fn chinese_emphasis_is_strong() {
        let (r, _) = md("**（一）加强支部建设。**正文\n\n**“头雁”**行动\n");
        assert!(
            r.html.contains("<strong>（一）加强支部建设。</strong>正文"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<strong>“头雁”</strong>行动"), "{}", r.html);
    }

    #[test]
    fn headings_get_ids_and_a_toc() {
        let (r, _) = md("## 一、背景和起因\n\n### （一）做法\n\n## 一、背景和起因\n");
        assert_eq!(r.toc.len(), 3);
        assert_eq!(r.toc[0].id, "一背景和起因");
        assert_eq!(r.toc[2].id, "一背景和起因-1");
        assert!(
            r.html
                .contains("<h2 id=\"一背景和起因\">一、背景和起因</h2>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn links_and_images_are_checked_and_made_relative() {
        let (r, d) = md(
            "[b](b.md#x) ![照片](photo.svg) [站内](/brands/)\n\n![](missing.png)\n\n[坏](nope.md)\n",
        );
        assert!(r.html.contains("href=\"../b/index.html#x\""), "{}", r.html);
        assert!(r.html.contains("src=\"../photo.svg\""), "{}", r.html);
        assert!(
            r.html.contains("href=\"../../brands/index.html\""),
            "{}",
            r.html
        );
        let locs: Vec<String> = d
            .iter()
            .map(|d| format!("{} {}", d.location(), d.message))
            .collect();
        assert!(
            locs.iter()
                .any(|l| l.starts_with("content/cases/a.md:7:1 image `missing.png`")),
            "{locs:?}"
        );
        assert!(
            locs.iter()
                .any(|l| l.starts_with("content/cases/a.md:9:1 link")),
            "{locs:?}"
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let (_, d) = md("党建正文![图](missing.png)\n");
        assert_eq!(d[0].location(), "content/cases/a.md:5:5");
    }

    #[test]
    fn raw_html_is_sanitised() {
        let (r, _) = md("<script>alert(1)</script>\n\n<b onclick=\"x()\">粗</b>\n");
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onclick"), "{}", r.html);
        assert!(r.html.contains("<b>粗</b>"), "{}", r.html);
    }

    #[test]
    fn javascript_links_are_errors_and_never_reach_the_page() {
        let (r, d) = md(
            "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) <javascript:alert(2)>\n\n[c](&#106;avascript:alert(3)) [d](data:text/html,x) ![e](data:text/html,y)\n\n<a href=\"&#x6A;avascript:alert(4)\">f</a>\n",
        );
        assert!(
            !r.html.to_lowercase().contains("=\"javascript:"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("data:text"), "{}", r.html);
        let locs: Vec<String> = d
            .iter()
            .map(|d| format!("{} {}", d.location(), d.message))
            .collect();
        assert_eq!(locs.len(), 7, "{locs:?}");
        assert!(
            locs[0].starts_with(
                "content/cases/a.md:5:1 link `javascript:alert(1)` uses the scheme `javascript:`"
            ),
            "{locs:?}"
        );
        assert!(
            locs.iter()
                .any(|l| l.starts_with("content/cases/a.md:9:1 the HTML link")),
            "{locs:?}"
        );
    }

    #[test]
    fn links_to_missing_files_are_errors() {
        let (_, d) = md("[下载](nofile.pdf) [图](../nope/x.png) [页](../tags/) [站](/x.pdf)\n");
        let locs: Vec<String> = d
            .iter()
            .map(|d| format!("{} {}", d.location(), d.message))
            .collect();
        assert_eq!(locs.len(), 2, "{locs:?}");
        assert!(
            locs[0].contains("`nofile.pdf`, which does not exist"),
            "{locs:?}"
        );
    }

    #[test]
    fn summary_comes_from_the_first_paragraph() {
        let (r, _) = md("## 标题\n\n第一段。第二句。\n\n第二段。\n");
        assert_eq!(r.summary, "第一段。第二句。");
        assert!(r.text.contains("第二段。"));
    }
}
