//! Where the site lives: `base_url` (a path prefix or an absolute URL) and `site_url` (the
//! scheme and host it is served from). Pages only need the path, because every link in them is
//! relative; feeds and the sitemap need absolute URLs (RFC 4287 §4.2.6, the sitemaps protocol),
//! which exist only when one of the two gives a host.

use super::Config;
use crate::diagnostics::Diagnostic;
use crate::fields::Reader;
use crate::yaml::Node;

/// `dangjian` → `/dangjian/`, `http://x/y` → `http://x/y/`.
pub fn normalize_base_url(u: &str) -> String {
    let u = u.trim();
    let mut s = if u.contains("://") || u.starts_with('/') {
        u.to_string()
    } else {
        format!("/{u}")
    };
    if !s.ends_with('/') {
        s.push('/');
    }
    s
}

/// `site_url:`: `http://` or `https://`, a host and an optional port, no path (the path belongs
/// in `base_url`); kept without a trailing `/`.
pub(super) fn read_site_url(r: &mut Reader, v: &Node) -> Option<String> {
    let u = r.string(v, "site_url")?;
    let u = u.trim().trim_end_matches('/');
    let host = u
        .strip_prefix("http://")
        .or_else(|| u.strip_prefix("https://"));
    match host {
        Some(h) if !h.is_empty() && !h.contains('/') && !h.contains(char::is_whitespace) => {
            Some(u.to_string())
        }
        Some(_) => {
            r.error(
                v.at,
                format!("`site_url` must be a scheme and host only, not `{u}`"),
                Some("e.g. `site_url: http://10.1.2.3` with `base_url: /dangjian/`".into()),
            );
            None
        }
        None => {
            r.error(
                v.at,
                format!("`site_url` must start with http:// or https://, not `{u}`"),
                Some("e.g. `site_url: http://10.1.2.3`".into()),
            );
            None
        }
    }
}

impl Config {
    /// The absolute URL of the site's root (`http://10.1.2.3/dangjian/`): an absolute
    /// `base_url`, else `site_url` joined with `base_url`; `None` when the site has no host.
    pub fn absolute_base(&self) -> Option<String> {
        if self.base_url.contains("://") {
            Some(self.base_url.clone())
        } else {
            self.site_url
                .as_ref()
                .map(|s| format!("{s}{}", self.base_url))
        }
    }

    /// The one warning of a site without a host: its feeds get `tag:` ids and it has no sitemap.
    pub fn address_warning(&self) -> Option<Diagnostic> {
        self.absolute_base().is_none().then(|| {
            Diagnostic::warning(
                "site.yaml",
                None,
                "no `site_url` and a path-only `base_url`: feeds use tag: ids and no sitemap.xml is written, because both need absolute URLs",
            )
            .with_hint("add e.g. `site_url: http://10.1.2.3` (the address the site is served from)")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use camino::Utf8Path;

    #[test]
    fn base_url_is_normalized() {
        assert_eq!(normalize_base_url("dangjian"), "/dangjian/");
        assert_eq!(
            normalize_base_url("http://10.1.2.3/dj"),
            "http://10.1.2.3/dj/"
        );
    }

    #[test]
    fn the_absolute_base_comes_from_site_url_or_an_absolute_base_url() {
        let parse = |t: &str| Config::parse(Utf8Path::new("site.yaml"), t);
        let c = parse("title: T\nbase_url: /dj/\nsite_url: http://10.1.2.3/\n").unwrap();
        assert_eq!(c.absolute_base().as_deref(), Some("http://10.1.2.3/dj/"));
        let c = parse("title: T\nbase_url: https://x.cn/dj\n").unwrap();
        assert_eq!(c.absolute_base().as_deref(), Some("https://x.cn/dj/"));
        let c = parse("title: T\nbase_url: /dj/\n").unwrap();
        assert!(c.absolute_base().is_none() && c.address_warning().is_some());
        let errs = parse("title: T\nsite_url: 10.1.2.3\n").unwrap_err();
        assert_eq!(errs[0].location(), "site.yaml:2:11");
        let errs = parse("title: T\nsite_url: http://x/dj\n").unwrap_err();
        assert!(errs[0].message.contains("host only"), "{:?}", errs);
    }
}
