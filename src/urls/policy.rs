//! The one policy for every URL a user writes (Markdown links, autolinks and images, raw HTML,
//! `source_url`, menu links, imported documents): only `http`, `https`, `mailto`, `tel`, relative
//! and fragment URLs may reach a page, plus `data:image/*` as the source of an image. Anything
//! else (`javascript:`, `vbscript:`, `data:text/html`, `file:`, unknown schemes) is refused, so a
//! click can never run a script. The scheme is read the way browsers read it (WHATWG URL: leading
//! and trailing C0 controls and spaces removed, tabs and newlines stripped, case-insensitive) by
//! the `url` crate, not by string prefixes.

use url::{ParseError, Url};

/// The schemes a link may use.
pub const ALLOWED_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Where the URL goes: an image source may also be `data:image/*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// `href`, `action` and other places a click or a form follows.
    Link,
    /// The source of an `<img>`.
    Image,
}

/// Why a URL may not reach a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// A scheme outside the allowed list (lowercased).
    Scheme(String),
    /// An allowed scheme, but the URL cannot be parsed (e.g. a broken host).
    Invalid(String),
}

impl Refused {
    /// A sentence saying what is wrong with `url`, for a diagnostic.
    pub fn message(&self, what: &str, url: &str) -> String {
        let shown: String = url
            .chars()
            .take(80)
            .collect::<String>()
            .escape_debug()
            .to_string();
        match self {
            Refused::Scheme(s) => {
                format!("{what} `{shown}` uses the scheme `{s}:`, which a page may not link to")
            }
            Refused::Invalid(e) => format!("{what} `{shown}` is not a valid URL ({e})"),
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            Refused::Scheme(_) => {
                "links may use http:, https:, mailto: or tel:, or point to a file of the site; a \
                 relative path whose first part contains `:` must start with `./`"
            }
            Refused::Invalid(_) => "check the address for typos, e.g. `https://www.example.cn/`",
        }
    }
}

/// The scheme of `url` as a browser reads it (lowercased), or `None` for a relative or fragment
/// URL.
pub fn scheme(url: &str) -> Option<String> {
    match Url::parse(url) {
        Ok(u) => Some(u.scheme().to_string()),
        Err(ParseError::RelativeUrlWithoutBase) => None,
        Err(_) => scan_scheme(url),
    }
}

/// The WHATWG scheme state by hand, for URLs the `url` crate refuses to parse as a whole (a bad
/// host): an ASCII letter, then letters, digits, `+`, `-` or `.`, then `:`.
fn scan_scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let end = cleaned.find(':')?;
    let s = &cleaned[..end];
    let mut chars = s.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| s.to_ascii_lowercase())
}

/// Checks `url` against the policy for its use.
pub fn check(url: &str, use_: Use) -> Result<(), Refused> {
    let parsed = Url::parse(url);
    let scheme = match &parsed {
        Ok(u) => u.scheme().to_string(),
        Err(ParseError::RelativeUrlWithoutBase) => return Ok(()),
        Err(e) => match scan_scheme(url) {
            Some(s) if ALLOWED_SCHEMES.contains(&s.as_str()) => {
                return Err(Refused::Invalid(e.to_string()));
            }
            Some(s) => return Err(Refused::Scheme(s)),
            // Neither a URL nor a scheme: a browser reads it as a relative path.
            None => return Ok(()),
        },
    };
    if ALLOWED_SCHEMES.contains(&scheme.as_str()) {
        return Ok(());
    }
    if scheme == "data"
        && use_ == Use::Image
        && let Ok(u) = &parsed
        && u.path().to_ascii_lowercase().starts_with("image/")
    {
        return Ok(());
    }
    Err(Refused::Scheme(scheme))
}

/// Whether `url` points outside the site (it has a scheme, or starts with `//`).
pub fn is_external(url: &str) -> bool {
    scheme(url).is_some() || url.trim_start().starts_with("//")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_allowed_schemes_and_relative_urls_pass() {
        for ok in [
            "https://www.12371.cn/",
            "HTTP://example.com/a b",
            "mailto:dangwei@example.cn",
            "tel:010-12345678",
            "cases/a.md",
            "../b/index.html#x",
            "#top",
            "/brands/",
            "//cdn.example.com/x.js",
            "",
            "./javascript:alert(1)/index.html",
            "照片.jpg",
        ] {
            assert_eq!(check(ok, Use::Link), Ok(()), "{ok}");
        }
    }

    #[test]
    fn scripts_are_refused_however_they_are_written() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "javascript://%0aalert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "x-unknown:foo",
            "javascript:alert(1)/index.html",
        ] {
            assert!(
                matches!(check(bad, Use::Link), Err(Refused::Scheme(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn data_images_are_allowed_only_as_images() {
        let png = "data:image/png;base64,iVBORw0KGgo=";
        assert_eq!(check(png, Use::Image), Ok(()));
        assert!(check(png, Use::Link).is_err());
        assert!(check("data:text/html,x", Use::Image).is_err());
    }

    #[test]
    fn a_broken_http_url_is_invalid_not_relative() {
        assert!(matches!(
            check("http://[::1", Use::Link),
            Err(Refused::Invalid(_))
        ));
        assert!(matches!(
            check("javascript:[", Use::Link),
            Err(Refused::Scheme(_))
        ));
    }
}
