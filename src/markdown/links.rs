//! Every link and image of a Markdown body checked against the URL policy and the site, then
//! rewritten to a relative URL: pages by their Markdown file, files beside the Markdown, site-absolute
//! paths. A refused or missing target is an error at its line and column.

use super::{ByteSpan, Input, Resolver, rawurls};
use crate::diagnostics::Diagnostic;
use crate::urls;
use crate::urls::policy::{self, Use};

/// Reports the URLs of raw HTML the policy refuses; the sanitiser then removes them. With
/// `unsafe_html` the site has chosen to keep raw HTML as written, scripts included.
pub(super) fn check_raw_html(html: &str, at: ByteSpan, input: &Input, diags: &mut Vec<Diagnostic>) {
    if input.unsafe_html {
        return;
    }
    for (url, refused) in rawurls::refused(html) {
        diags.push(
            Diagnostic::error(
                input.file,
                Some(at.chars(input)),
                refused.message("the HTML link", &url),
            )
            .with_hint(refused.hint()),
        );
    }
}

/// Applies the URL policy to a Markdown link or image: `false` (and an error) when the URL may
/// not reach the page.
fn allowed(url: &str, use_: Use, at: ByteSpan, input: &Input, diags: &mut Vec<Diagnostic>) -> bool {
    match policy::check(url, use_) {
        Ok(()) => true,
        Err(refused) => {
            let what = if use_ == Use::Image { "image" } else { "link" };
            diags.push(
                Diagnostic::error(
                    input.file,
                    Some(at.chars(input)),
                    refused.message(what, url),
                )
                .with_hint(refused.hint()),
            );
            false
        }
    }
}

pub(super) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(
                std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"),
                16,
            )
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

pub(super) fn rewrite_image(
    url: &str,
    at: ByteSpan,
    input: &Input,
    resolver: &dyn Resolver,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    if !allowed(url, Use::Image, at, input, diags) {
        return Some(String::new());
    }
    if policy::scheme(url).as_deref() == Some("data") {
        return None;
    }
    if policy::is_external(url) {
        diags.push(
            Diagnostic::warning(
                input.file,
                Some(at.chars(input)),
                format!(
                    "image `{url}` is loaded from another site: it will not show on an intranet"
                ),
            )
            .with_hint("save the image next to the Markdown file and name it by its file name"),
        );
        return None;
    }
    let path = percent_decode(url.split(['?', '#']).next().unwrap_or(url));
    match crate::urls::resolve_path(input.dir, &path) {
        Some(rel) if resolver.asset_exists(&rel) => {
            Some(urls::relative(input.url, &rel, input.portable))
        }
        _ => {
            diags.push(
                Diagnostic::error(
                    input.file,
                    Some(at.chars(input)),
                    format!("image `{url}` does not exist"),
                )
                .with_hint(format!(
                    "image paths are relative to the Markdown file's folder (content/{})",
                    input.dir
                )),
            );
            None
        }
    }
}

pub(super) fn rewrite_link(
    url: &str,
    at: ByteSpan,
    input: &Input,
    resolver: &dyn Resolver,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    if !allowed(url, Use::Link, at, input, diags) {
        return Some(String::new());
    }
    if url.is_empty() || url.starts_with('#') || policy::is_external(url) {
        return None;
    }
    let (path, fragment) = match url.find('#') {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    let path = percent_decode(path.split('?').next().unwrap_or(path));
    if path.ends_with(".md") {
        let target =
            crate::urls::resolve_path(input.dir, &path).and_then(|rel| resolver.page_url(&rel));
        return match target {
            Some(site_path) => Some(urls::relative(
                input.url,
                &format!("{site_path}{fragment}"),
                input.portable,
            )),
            None => {
                diags.push(Diagnostic::error(input.file, Some(at.chars(input)), format!("link to `{url}`, which is not a page of this site")).with_hint("link to another page by its Markdown file, relative to this file, e.g. `[案例](../cases/example.md)`"));
                None
            }
        };
    }
    if let Some(site_path) = path.strip_prefix('/') {
        // A site-absolute link: make it relative so it works under any sub-path.
        return Some(urls::relative(
            input.url,
            &format!("{site_path}{fragment}"),
            input.portable,
        ));
    }
    // A relative link to a file beside the Markdown (a PDF, a picture).
    if let Some(rel) = crate::urls::resolve_path(input.dir, &path)
        && resolver.asset_exists(&rel)
    {
        return Some(urls::relative(
            input.url,
            &format!("{rel}{fragment}"),
            input.portable,
        ));
    }
    if names_a_file(&path) {
        diags.push(
            Diagnostic::error(
                input.file,
                Some(at.chars(input)),
                format!("link to `{url}`, which does not exist"),
            )
            .with_hint(format!(
                "files are linked relative to the Markdown file's folder (content/{}); put the file there",
                input.dir
            )),
        );
    }
    None
}

/// Whether a relative link names a file (`附件.pdf`, `../img/x.png`) rather than a folder or a
/// page the site makes (`.html`), so a missing one is an error like a missing image.
fn names_a_file(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    match last.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty()
                && !ext.is_empty()
                && !matches!(ext.to_ascii_lowercase().as_str(), "html" | "htm")
        }
        None => false,
    }
}
