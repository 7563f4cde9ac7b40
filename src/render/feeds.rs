//! Files read by machines: Atom feeds (one per column and one for the site) and `sitemap.xml`.
//! Their URLs are absolute, built from `site_url` and `base_url` (or an absolute `base_url`),
//! because a feed reader or a crawler has no page to resolve a relative link against. A site
//! without a host gets `tag:` ids (RFC 4151) in its feeds, whose ids must be absolute IRIs
//! (RFC 4287 §4.2.6), path-only links, and no sitemap.

use std::fmt::Write;

use crate::bodies::Bodies;
use crate::content::Site;
use crate::urls;

/// Entries in a feed.
pub const FEED_ENTRIES: usize = 20;

/// An absolute URL for a site path, with non-ASCII characters and spaces percent-encoded as
/// feed readers and crawlers expect.
pub fn absolute_url(base_url: &str, path: &str) -> String {
    let raw = urls::absolute(base_url, path);
    let mut out = String::with_capacity(raw.len());
    for b in raw.bytes() {
        if b >= 0x80 || b == b' ' {
            let _ = write!(out, "%{b:02X}");
        } else {
            out.push(b as char);
        }
    }
    out
}

/// The URLs of a site's feeds: absolute where the site has a host.
struct Addresses {
    /// The site's absolute root, if it has one.
    absolute: Option<String>,
    /// `base_url` (a path when `absolute` is `None`).
    base: String,
    /// The site's title, percent-encoded, naming it in `tag:` ids.
    tag_name: String,
}

impl Addresses {
    fn new(site: &Site) -> Self {
        Addresses {
            absolute: site.config.absolute_base(),
            base: site.config.base_url.clone(),
            tag_name: site.config.title.bytes().fold(String::new(), |mut s, b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    s.push(b as char);
                } else {
                    let _ = write!(s, "%{b:02X}");
                }
                s
            }),
        }
    }

    /// The link to site path `p`: absolute, else the path under `base_url`.
    fn link(&self, p: &str) -> String {
        crate::escape::xml(&absolute_url(
            self.absolute.as_deref().unwrap_or(&self.base),
            p,
        ))
    }

    /// The id of site path `p`: its absolute URL, else a `tag:` URI that names the site and
    /// the path, stable while both stay.
    fn id(&self, p: &str) -> String {
        match &self.absolute {
            Some(_) => self.link(p),
            None => crate::escape::xml(&format!(
                "tag:yanzhen.invalid,2026:{}{}",
                self.tag_name,
                absolute_url(&self.base, p)
            )),
        }
    }
}

/// What a feed is about.
pub struct FeedSpec<'a> {
    /// Feed title.
    pub title: &'a str,
    /// Optional subtitle.
    pub subtitle: Option<&'a str>,
    /// Site path of the HTML page the feed belongs to (`columns/x/`, `` for the site).
    pub page: &'a str,
    /// Site path of the feed itself.
    pub path: &'a str,
}

/// An Atom 1.0 feed of `pages` (already newest first; the first [`FEED_ENTRIES`] are used).
pub fn atom(site: &Site, bodies: &Bodies, spec: &FeedSpec, pages: &[usize]) -> String {
    let at = Addresses::new(site);
    let pages = &pages[..pages.len().min(crate::routes::FEED_ENTRIES)];
    let updated = pages
        .iter()
        .filter_map(|&i| {
            let m = &site.pages[i].meta;
            m.updated.max(m.date)
        })
        .max()
        .map(|d| d.rfc3339())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let mut out = String::with_capacity(1024 + pages.len() * 512);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let lang = super::ui::lang_tag(site.config.language);
    let _ = writeln!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">"
    );
    let _ = writeln!(out, "  <title>{}</title>", crate::escape::xml(spec.title));
    if let Some(s) = spec.subtitle {
        let _ = writeln!(out, "  <subtitle>{}</subtitle>", crate::escape::xml(s));
    }
    let _ = writeln!(out, "  <id>{}</id>", at.id(spec.path));
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        at.link(spec.path)
    );
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        at.link(spec.page)
    );
    let _ = writeln!(out, "  <updated>{updated}</updated>");
    let _ = writeln!(
        out,
        "  <author><name>{}</name></author>",
        crate::escape::xml(site.config.footer.as_deref().unwrap_or(&site.config.title))
    );
    let _ = writeln!(out, "  <generator>yanzhen</generator>");
    for &i in pages {
        entry(&mut out, site, bodies, i, &updated, &at);
    }
    out.push_str("</feed>\n");
    out
}

/// One `<entry>` of a feed: page `i`, dated `updated` when it has no date.
fn entry(out: &mut String, site: &Site, bodies: &Bodies, i: usize, updated: &str, at: &Addresses) {
    let p = &site.pages[i];
    let m = &p.meta;
    let date = m
        .date
        .map(|d| d.rfc3339())
        .unwrap_or_else(|| updated.to_string());
    let upd = m
        .updated
        .or(m.date)
        .map(|d| d.rfc3339())
        .unwrap_or(date.clone());
    out.push_str("  <entry>\n");
    let _ = writeln!(out, "    <title>{}</title>", crate::escape::xml(&m.title));
    let _ = writeln!(out, "    <id>{}</id>", at.id(&p.url));
    let _ = writeln!(
        out,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        at.link(&p.url)
    );
    let _ = writeln!(out, "    <published>{date}</published>");
    let _ = writeln!(out, "    <updated>{upd}</updated>");
    let who = m
        .unit
        .clone()
        .or_else(|| m.author.first().cloned())
        .unwrap_or_else(|| site.config.title.clone());
    let _ = writeln!(
        out,
        "    <author><name>{}</name></author>",
        crate::escape::xml(&who)
    );
    for t in &m.tags {
        let _ = writeln!(out, "    <category term=\"{}\"/>", crate::escape::xml(t));
    }
    let summary = bodies.summary(site, i);
    if !summary.is_empty() {
        let _ = writeln!(
            out,
            "    <summary>{}</summary>",
            crate::escape::xml(&summary)
        );
    }
    out.push_str("  </entry>\n");
}

/// `sitemap.xml`: every site path in `paths` as an absolute URL, with a last-modified date when
/// one is known. Only scheduled for a site with a host.
pub fn sitemap(site: &Site, paths: &[(String, Option<String>)]) -> String {
    let base = site
        .config
        .absolute_base()
        .unwrap_or_else(|| site.config.base_url.clone());
    let mut out = String::with_capacity(128 + paths.len() * 120);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (path, lastmod) in paths {
        let _ = write!(
            out,
            "  <url><loc>{}</loc>",
            crate::escape::xml(&absolute_url(&base, path))
        );
        if let Some(d) = lastmod {
            let _ = write!(out, "<lastmod>{d}</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_urls_are_percent_encoded() {
        assert_eq!(
            absolute_url("http://10.1.2.3/dj/", "tags/党建/"),
            "http://10.1.2.3/dj/tags/%E5%85%9A%E5%BB%BA/"
        );
    }
}
