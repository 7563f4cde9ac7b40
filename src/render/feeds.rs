//! Files read by machines: Atom feeds (one per column and one for the site) and `sitemap.xml`.
//! Their URLs are absolute, built from `base_url`, because a feed reader or a crawler has no page
//! to resolve a relative link against.

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
    let base = &site.config.base_url;
    let abs = |p: &str| crate::escape::xml(&absolute_url(base, p));
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
    let _ = writeln!(out, "  <id>{}</id>", abs(spec.path));
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        abs(spec.path)
    );
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        abs(spec.page)
    );
    let _ = writeln!(out, "  <updated>{updated}</updated>");
    let _ = writeln!(
        out,
        "  <author><name>{}</name></author>",
        crate::escape::xml(site.config.footer.as_deref().unwrap_or(&site.config.title))
    );
    let _ = writeln!(out, "  <generator>yanzhen</generator>");
    for &i in pages {
        entry(&mut out, site, bodies, i, &updated);
    }
    out.push_str("</feed>\n");
    out
}

/// One `<entry>` of a feed: page `i`, dated `updated` when it has no date.
fn entry(out: &mut String, site: &Site, bodies: &Bodies, i: usize, updated: &str) {
    let abs = |p: &str| crate::escape::xml(&absolute_url(&site.config.base_url, p));
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
    let _ = writeln!(out, "    <id>{}</id>", abs(&p.url));
    let _ = writeln!(
        out,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        abs(&p.url)
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
/// one is known.
pub fn sitemap(site: &Site, paths: &[(String, Option<String>)]) -> String {
    let mut out = String::with_capacity(128 + paths.len() * 120);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (path, lastmod) in paths {
        let _ = write!(
            out,
            "  <url><loc>{}</loc>",
            crate::escape::xml(&absolute_url(&site.config.base_url, path))
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
