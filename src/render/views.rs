//! The views templates get: list entries, brand cards, pagers and the parts of a page, each
//! built from the model for one page's place in the site.

use serde::Serialize;

use super::Inputs;
use super::link::{Link, Linker};
use crate::content::{Kind, Page};
use crate::markdown::TocEntry;

/// One entry of a list.
#[derive(Debug, Serialize)]
pub struct Item {
    title: String,
    href: String,
    date: Option<String>,
    unit: Option<String>,
    summary: String,
    kind: Kind,
    kind_label: &'static str,
    status: Option<&'static str>,
    /// A unit profile's tier.
    tier: Option<String>,
}

/// A list entry for page `i`.
pub fn item(inp: &Inputs, link: &Linker, i: usize) -> Item {
    let p = &inp.site.pages[i];
    Item {
        title: p.meta.title.clone(),
        href: link.to(&p.url),
        date: p.meta.date.map(|d| d.ymd()),
        unit: p.meta.unit.clone(),
        summary: inp.bodies.summary(inp.site, i),
        kind: p.kind,
        kind_label: inp.ui.kind_label(p.kind),
        tier: p.meta.unit_profile.as_ref().and_then(|u| u.tier.clone()),
        status: p
            .meta
            .brand
            .as_ref()
            .and_then(|b| b.status)
            .map(|s| s.as_str()),
    }
}

#[derive(Debug, Serialize)]
pub(super) struct Image {
    pub(super) href: String,
    pub(super) caption: Option<String>,
    /// Size and variants when the picture is a prepared raster image.
    pub(super) pic: Option<Pic>,
}

/// What an `<img>` of a prepared raster image carries besides `src`: its displayed size (the
/// oriented aspect ratio) and its variants.
#[derive(Debug, Serialize)]
pub(super) struct Pic {
    pub(super) width: u32,
    pub(super) height: u32,
    pub(super) srcset: String,
    pub(super) sizes: &'static str,
}

/// The href of the picture `value` named by page `p`, and its `<img>` facts when it is a
/// prepared raster image: the narrowest variant at least `want` pixels wide is the `src`, and
/// the srcset lists the variants up to it.
pub(super) fn picture(
    inp: &Inputs,
    p: &Page,
    link: &Linker,
    value: &str,
    want: u32,
    sizes: &'static str,
) -> (String, Option<Pic>) {
    let Some(rel) = p.resolve(value.trim()) else {
        return (String::new(), None);
    };
    match inp.images.get(&rel) {
        Some(Ok(prepared)) => {
            let main = prepared.fit(want);
            let srcset: Vec<String> = prepared
                .variants
                .iter()
                .filter(|v| v.width <= main.width)
                .map(|v| format!("{} {}w", link.to(&v.rel), v.width))
                .collect();
            let pic = Pic {
                width: prepared.width,
                height: prepared.height,
                srcset: srcset.join(", "),
                sizes,
            };
            (link.to(&main.rel), Some(pic))
        }
        _ => (link.to(&rel), None),
    }
}

#[derive(Debug, Serialize)]
pub(super) struct Criterion {
    pub(super) label: String,
    pub(super) text: Option<String>,
}

/// A tag of a page and its listing.
#[derive(Serialize)]
pub(super) struct TagLink<'a> {
    pub(super) name: &'a str,
    pub(super) href: Option<String>,
}

/// A related page, as the page shows it.
#[derive(Serialize)]
pub(super) struct Related<'a> {
    pub(super) title: &'a str,
    pub(super) href: String,
    pub(super) date: Option<String>,
    pub(super) unit: Option<&'a str>,
    pub(super) kind_label: &'static str,
}

/// What `page.html` sees as `page`; borrows from the model so the body is copied once.
#[derive(Serialize)]
pub(super) struct PageView<'a> {
    pub(super) title: &'a str,
    pub(super) kind: Kind,
    pub(super) kind_label: &'static str,
    pub(super) date: Option<String>,
    pub(super) date_cn: Option<String>,
    pub(super) updated: Option<String>,
    pub(super) unit: Option<&'a str>,
    pub(super) branch: Option<&'a str>,
    pub(super) region: Option<&'a str>,
    pub(super) authors: &'a [String],
    pub(super) editors: &'a [String],
    pub(super) source: Option<&'a str>,
    pub(super) source_url: Option<&'a str>,
    pub(super) tags: &'a [String],
    pub(super) figures: &'a [crate::content::frontmatter::Figure],
    pub(super) cover: Option<String>,
    pub(super) cover_pic: Option<Pic>,
    pub(super) toc: &'a [TocEntry],
    pub(super) content: &'a str,
    pub(super) summary: String,
    pub(super) brand: Option<serde_json::Value>,
    pub(super) gallery: Vec<Image>,
    pub(super) unit_profile: Option<serde_json::Value>,
    pub(super) collection: Option<serde_json::Value>,
}

/// A pager: page `n` (1-based) of `total`, for a list at site path `base`.
#[derive(Debug, Serialize)]
pub struct Pager {
    pub(super) current: usize,
    pub(super) total: usize,
    pub(super) prev: Option<String>,
    pub(super) next: Option<String>,
    pub(super) pages: Vec<Link>,
}

/// The page numbers a pager shows on page `n` of `total`: the first, the last, and two either
/// side of `n`; `None` marks a gap. Bounded, so a long list costs linear work, not quadratic.
pub fn pager_window(n: usize, total: usize) -> Vec<Option<usize>> {
    let mut pages: Vec<usize> = [1, total]
        .into_iter()
        .chain(n.saturating_sub(2)..=n + 2)
        .filter(|&k| k >= 1 && k <= total)
        .collect();
    pages.sort_unstable();
    pages.dedup();
    let mut out = Vec::with_capacity(pages.len() + 2);
    let mut last = 0;
    for k in pages {
        if k > last + 1 {
            out.push(None);
        }
        out.push(Some(k));
        last = k;
    }
    out
}

/// A brand card as the templates see it.
#[derive(Debug, Serialize)]
pub struct Card {
    pub(super) name: String,
    /// What stands in for a missing logo: the brand's `short`, else the first letter or CJK
    /// character of its name (never a quotation mark or a digit).
    pub(super) mark: String,
    pub(super) href: String,
    pub(super) logo: Option<String>,
    pub(super) slogan: Option<String>,
    pub(super) unit: Option<String>,
    pub(super) status: Option<&'static str>,
    pub(super) year: Option<i64>,
    pub(super) category: Option<String>,
}

/// The card of brand page `i`, linked from the page at `link`.
pub fn card(inp: &Inputs, link: &Linker, i: usize) -> Card {
    let p = &inp.site.pages[i];
    let b = p.meta.brand.clone().unwrap_or_default();
    let name = b.name.clone().unwrap_or_else(|| p.meta.title.clone());
    Card {
        mark: b.short.clone().unwrap_or_else(|| mark(&name)),
        name,
        href: link.to(&p.url),
        logo: b
            .logo
            .as_ref()
            .filter(|l| !l.value.contains("://"))
            .map(|l| picture(inp, p, link, &l.value, 144, "").0)
            .filter(|href| !href.is_empty()),
        slogan: b.slogan.clone(),
        unit: p.meta.unit.clone(),
        status: b.status.map(|s| s.as_str()),
        year: b.year.or(p.meta.date.map(|d| i64::from(d.year))),
        category: b.category.clone(),
    }
}

/// The first letter or CJK character of `name` (`“宣”锋引领` → 宣, `12319市民好帮手` → 市), else
/// its first character.
pub fn mark(name: &str) -> String {
    name.chars()
        .find(|c| c.is_alphabetic())
        .or_else(|| name.chars().find(|c| !c.is_whitespace()))
        .map(String::from)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{mark, pager_window};

    #[test]
    fn a_brand_mark_skips_quotes_and_digits() {
        assert_eq!(mark("“宣”锋引领"), "宣");
        assert_eq!(mark("12319市民好帮手"), "市");
        assert_eq!(mark("Show党建"), "S");
        assert_eq!(mark("123"), "1");
    }

    #[test]
    fn the_pager_shows_ends_and_neighbours_with_gaps() {
        let w = |n, t| -> Vec<String> {
            pager_window(n, t)
                .into_iter()
                .map(|k| k.map_or("…".to_string(), |k| k.to_string()))
                .collect()
        };
        assert_eq!(w(1, 1), ["1"]);
        assert_eq!(w(3, 5), ["1", "2", "3", "4", "5"]);
        assert_eq!(w(1, 10), ["1", "2", "3", "…", "10"]);
        assert_eq!(w(6, 12), ["1", "…", "4", "5", "6", "7", "8", "…", "12"]);
        assert_eq!(w(12, 12), ["1", "…", "10", "11", "12"]);
        assert_eq!(w(4, 10), ["1", "2", "3", "4", "5", "6", "…", "10"]);
    }
}
