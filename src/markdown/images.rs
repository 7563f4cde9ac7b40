//! Markdown images the site has prepared (resized variants of a photo) become `<img>` elements
//! with `width`/`height` of the oriented picture, a `srcset` of its variants with `sizes`, and
//! lazy loading except for a page's first picture when the page asks for it.

use comrak::nodes::{Node, NodeValue};

use super::{Input, Resolver};
use crate::urls;

/// What the site knows of a prepared raster image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageFacts {
    /// Oriented width in pixels.
    pub width: u32,
    /// Oriented height in pixels.
    pub height: u32,
    /// The content path of the file used as `src`.
    pub src: String,
    /// Every variant: content path and pixel width, narrowest first.
    pub srcset: Vec<(String, u32)>,
}

/// Why a named image cannot be used: message and hint.
pub type ImageProblem = (String, Option<String>);

/// The width the body column of the default theme takes: the whole screen less its padding on
/// phones, 46rem on wider screens.
pub const BODY_SIZES: &str = "(max-width: 48.5rem) calc(100vw - 2.5rem), 46rem";

/// What the resolver says of the image at `url` in `input`: `None` when it is not a prepared
/// image (external, missing, SVG…), which the plain image check then handles.
pub(super) fn facts(
    url: &str,
    input: &Input,
    resolver: &dyn Resolver,
) -> Option<Result<ImageFacts, ImageProblem>> {
    if crate::urls::policy::is_external(url) {
        return None;
    }
    let path = super::links::percent_decode(url.split(['?', '#']).next().unwrap_or(url));
    let rel = urls::resolve_path(input.dir, &path)?;
    resolver.image(&rel)
}

/// Replaces each prepared image node by its `<img>`; the first is eager when `eager_first`.
pub(super) fn replace<'a>(found: Vec<(Node<'a>, ImageFacts)>, input: &Input, eager_first: bool) {
    for (k, (node, f)) in found.into_iter().enumerate() {
        let alt = node.collect_text();
        let title = match &node.data().value {
            NodeValue::Image(link) => link.title.clone(),
            _ => continue,
        };
        let html = img_html(&f, input, &alt, &title, eager_first && k == 0);
        for child in node.children().collect::<Vec<_>>() {
            child.detach();
        }
        node.data_mut().value = NodeValue::HtmlInline(html);
    }
}

/// The `<img>` of a prepared image.
pub(super) fn img_html(
    f: &ImageFacts,
    input: &Input,
    alt: &str,
    title: &str,
    eager: bool,
) -> String {
    let href = |rel: &str| escape(&urls::relative(input.url, rel, input.portable));
    let srcset: Vec<String> = f
        .srcset
        .iter()
        .map(|(rel, w)| format!("{} {w}w", href(rel)))
        .collect();
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape(title))
    };
    let loading = if eager {
        " fetchpriority=\"high\""
    } else {
        " loading=\"lazy\""
    };
    format!(
        "<img src=\"{}\" alt=\"{}\"{title} width=\"{}\" height=\"{}\" srcset=\"{}\" sizes=\"{BODY_SIZES}\"{loading} decoding=\"async\">",
        href(&f.src),
        escape(alt),
        f.width,
        f.height,
        srcset.join(", "),
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
