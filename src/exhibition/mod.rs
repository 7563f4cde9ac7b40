//! The exhibition around the pages: taxonomies (tags, units, years), the brand matrix's grouping
//! and collation, related pages, the place of a page in each collection, and the machine-read
//! files (Atom feeds, sitemap). Reads the site model only; `render` turns what it computes into
//! HTML, and `build` schedules the routes.

use std::collections::{BTreeMap, HashMap};

use crate::content::frontmatter::{SortBy, Status};
use crate::content::{Kind, Site, pinyin_key, sort_pages};
use crate::urls;

/// One term of a taxonomy (a tag, a unit, a year) and the pages under it, newest first.
#[derive(Debug, Clone)]
pub struct Term {
    /// Display name (`党建引领`, `雁城市税务局`, `2024`).
    pub name: String,
    /// Site path of its listing (`tags/党建引领/`).
    pub path: String,
    /// Pages, newest first.
    pub pages: Vec<usize>,
}

/// A unit (单位): its listing, and the profile page if one exists.
#[derive(Debug, Clone)]
pub struct Unit {
    /// The name pages give in `unit:` (and the listing's pages).
    pub term: Term,
    /// The unit profile page, whose URL then is the unit's URL.
    pub profile: Option<usize>,
}

/// Everything the exhibition pages need, computed once per build.
#[derive(Debug, Default)]
pub struct Exhibition {
    /// Tags in pinyin order.
    pub tags: Vec<Term>,
    /// Units in pinyin order.
    pub units: Vec<Unit>,
    /// Years, newest first.
    pub years: Vec<Term>,
    tag_index: HashMap<String, usize>,
    unit_index: HashMap<String, usize>,
    by_branch: HashMap<String, Vec<usize>>,
    /// Per page: (collection index, position in its book order).
    places: HashMap<usize, Vec<(usize, usize)>>,
    /// Per collection: its entries in book order.
    pub books: Vec<Vec<usize>>,
    /// Whether `brands/` is a section (then `/brands/` is the matrix).
    pub has_brands: bool,
    /// Per page: its kind and its date as a day number, kept compact so that ranking related
    /// pages does not touch the (large) pages themselves.
    facts: Vec<(Kind, Option<i64>)>,
}

/// How many pages on either side of a page, in a tag's date order, count as related by the tag.
const TAG_WINDOW: usize = 12;

/// Top-level sections whose list page the exhibition replaces.
pub const REPLACED_SECTIONS: &[&str] = &["brands", "units"];

impl Exhibition {
    /// Computes taxonomies, unit profiles and collection places of `site`.
    pub fn new(site: &Site) -> Exhibition {
        let mut ex = Exhibition::default();
        let mut tags: BTreeMap<String, Term> = BTreeMap::new();
        let mut units: BTreeMap<String, Unit> = BTreeMap::new();
        let mut years: BTreeMap<i64, Term> = BTreeMap::new();

        // Profiles first, so a unit named by pages takes the profile's URL.
        for (i, p) in site.pages.iter().enumerate() {
            if let Some(u) = &p.meta.unit_profile {
                let name = u.name.clone().unwrap_or_else(|| p.meta.title.clone());
                units.entry(name.clone()).or_insert(Unit {
                    term: Term {
                        name,
                        path: p.url.clone(),
                        pages: Vec::new(),
                    },
                    profile: Some(i),
                });
            }
        }
        let taken: std::collections::HashSet<String> =
            site.pages.iter().map(|p| p.url.to_lowercase()).collect();
        for (i, p) in site.pages.iter().enumerate() {
            for t in &p.meta.tags {
                let slug = term_slug(t, "tag");
                let term = tags.entry(slug.clone()).or_insert_with(|| Term {
                    name: t.clone(),
                    path: format!("tags/{slug}/"),
                    pages: Vec::new(),
                });
                if !term.pages.contains(&i) {
                    term.pages.push(i);
                }
            }
            if let Some(name) = p.meta.unit.as_deref().filter(|n| !n.trim().is_empty())
                && p.meta.unit_profile.is_none()
            {
                let unit = units.entry(name.to_string()).or_insert_with(|| {
                    let mut path = format!("units/{}/", term_slug(name, "unit"));
                    let mut n = 2;
                    while taken.contains(&path.to_lowercase()) {
                        path = format!("units/{}-{n}/", term_slug(name, "unit"));
                        n += 1;
                    }
                    Unit {
                        term: Term {
                            name: name.to_string(),
                            path,
                            pages: Vec::new(),
                        },
                        profile: None,
                    }
                });
                unit.term.pages.push(i);
            }
            let year = p.meta.date.map(|d| i64::from(d.year)).or_else(|| {
                p.meta
                    .brand
                    .as_ref()
                    .and_then(|b| b.year)
                    .filter(|y| (1900..=9999).contains(y))
            });
            if let Some(y) = year
                && p.kind != Kind::Unit
            {
                years
                    .entry(y)
                    .or_insert_with(|| Term {
                        name: y.to_string(),
                        path: format!("years/{y}/"),
                        pages: Vec::new(),
                    })
                    .pages
                    .push(i);
            }
            if let Some(b) = p.meta.branch.as_deref() {
                ex.by_branch.entry(b.to_string()).or_default().push(i);
            }
        }
        let sort = |t: &mut Term| sort_pages(&mut t.pages, &site.pages, SortBy::Date);
        ex.tags = tags.into_values().collect();
        ex.tags.iter_mut().for_each(sort);
        ex.tags.sort_by_cached_key(|t| pinyin_key(&t.name));
        ex.units = units.into_values().collect();
        ex.units.iter_mut().for_each(|u| sort(&mut u.term));
        ex.units.sort_by_cached_key(|u| pinyin_key(&u.term.name));
        ex.years = years.into_values().rev().collect();
        ex.years.iter_mut().for_each(sort);
        ex.tag_index = ex
            .tags
            .iter()
            .enumerate()
            .map(|(k, t)| (t.name.clone(), k))
            .collect();
        for (k, t) in ex.tags.iter().enumerate() {
            // Tags that differ only in how their slug is written share a listing.
            for &i in &t.pages {
                for name in &site.pages[i].meta.tags {
                    ex.tag_index.entry(name.clone()).or_insert(k);
                }
            }
        }
        ex.unit_index = ex
            .units
            .iter()
            .enumerate()
            .map(|(k, u)| (u.term.name.clone(), k))
            .collect();
        for (c, coll) in site.collections.iter().enumerate() {
            let book: Vec<usize> = coll
                .parts
                .iter()
                .flat_map(|p| p.entries.iter().copied())
                .collect();
            for (pos, &i) in book.iter().enumerate() {
                ex.places.entry(i).or_default().push((c, pos));
            }
            ex.books.push(book);
        }
        ex.has_brands = site.sections.contains_key("brands");
        ex.facts =
            site.pages
                .iter()
                .map(|p| {
                    let day = p.meta.date.map(|d| {
                        i64::from(d.year) * 372 + i64::from(d.month) * 31 + i64::from(d.day)
                    });
                    (p.kind, day)
                })
                .collect();
        ex
    }

    /// The site path of a tag's listing.
    pub fn tag_path(&self, name: &str) -> Option<&str> {
        self.tag_index
            .get(name)
            .map(|&k| self.tags[k].path.as_str())
    }

    /// The unit of this name.
    pub fn unit(&self, name: &str) -> Option<&Unit> {
        self.unit_index.get(name).map(|&k| &self.units[k])
    }

    /// The unit whose profile is page `i`.
    pub fn unit_of_profile(&self, i: usize) -> Option<&Unit> {
        let p = self.units.iter().find(|u| u.profile == Some(i))?;
        Some(p)
    }

    /// Where page `i` stands in each collection: (collection, previous, next) along the book.
    pub fn places(&self, i: usize) -> Vec<(usize, Option<usize>, Option<usize>)> {
        self.places
            .get(&i)
            .map(|v| {
                v.iter()
                    .map(|&(c, pos)| {
                        let book = &self.books[c];
                        (
                            c,
                            pos.checked_sub(1).map(|k| book[k]),
                            book.get(pos + 1).copied(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Up to `limit` pages related to page `i`, best first: the same branch counts most, then the
    /// same unit, then each shared tag; ties go to the nearer date. Only pages of `kinds` (all
    /// kinds but units and collections if empty). Cost is bounded per page: candidates come from
    /// the page's branch and unit, and from the `2 × TAG_WINDOW` pages of each of its tags nearest
    /// to it in date.
    pub fn related(&self, site: &Site, i: usize, kinds: &[Kind], limit: usize) -> Vec<usize> {
        let p = &site.pages[i];
        let wanted = |k: Kind| {
            if kinds.is_empty() {
                !matches!(k, Kind::Unit | Kind::Collection)
            } else {
                kinds.contains(&k)
            }
        };
        // (page, weight) for every way a page is related; summed per page below.
        let mut hits: Vec<(usize, u32)> = Vec::with_capacity(256);
        if let Some(b) = p.meta.branch.as_deref().and_then(|b| self.by_branch.get(b)) {
            hits.extend(b.iter().map(|&j| (j, 4)));
        }
        let unit = match p.meta.unit.as_deref() {
            Some(n) => self.unit(n),
            None => self.unit_of_profile(i),
        };
        if let Some(u) = unit {
            hits.extend(u.term.pages.iter().map(|&j| (j, 2)));
        }
        for t in &p.meta.tags {
            if let Some(&k) = self.tag_index.get(t) {
                let pages = &self.tags[k].pages;
                // The tag's pages nearest to this one in date order.
                let at = pages
                    .binary_search_by(|&j| newest_first(site, j, i))
                    .unwrap_or_else(|at| at);
                let from = at.saturating_sub(TAG_WINDOW);
                let to = (at + TAG_WINDOW).min(pages.len());
                hits.extend(pages[from..to].iter().map(|&j| (j, 1)));
            }
        }
        hits.sort_unstable_by_key(|&(j, _)| j);
        let day = |j: usize| self.facts[j].1;
        let here = day(i).unwrap_or(0);
        // Best first: highest score, then nearest date, then file order (pages are in file order).
        let mut ranked: Vec<(std::cmp::Reverse<u32>, i64, usize)> = Vec::with_capacity(hits.len());
        let mut k = 0;
        while k < hits.len() {
            let j = hits[k].0;
            let mut score = 0;
            while k < hits.len() && hits[k].0 == j {
                score += hits[k].1;
                k += 1;
            }
            if j != i && wanted(self.facts[j].0) {
                let dist = day(j).map_or(i64::MAX, |d| (d - here).abs());
                ranked.push((std::cmp::Reverse(score), dist, j));
            }
        }
        if ranked.len() > limit {
            ranked.select_nth_unstable(limit);
            ranked.truncate(limit);
        }
        ranked.sort_unstable();
        ranked.into_iter().map(|(_, _, j)| j).collect()
    }
}

/// The order of [`sort_pages`] by date: newest first, then weight, then file (pages are indexed
/// in file order).
fn newest_first(site: &Site, a: usize, b: usize) -> std::cmp::Ordering {
    let (pa, pb) = (&site.pages[a].meta, &site.pages[b].meta);
    pb.date
        .cmp(&pa.date)
        .then_with(|| pa.weight.cmp(&pb.weight))
        .then_with(|| a.cmp(&b))
}

/// The URL segment of a term: its slug, or `PREFIX-N` made from the name's characters if the
/// name has nothing usable.
pub fn term_slug(name: &str, prefix: &str) -> String {
    let s = urls::slugify(name);
    if s.is_empty() {
        let n: u32 = name
            .chars()
            .map(u32::from)
            .fold(0u32, |a, c| a.wrapping_mul(31).wrapping_add(c));
        format!("{prefix}-{n:x}")
    } else {
        s
    }
}

/// One brand card of the matrix.
#[derive(Debug, Clone)]
pub struct BrandCard {
    /// The brand's page.
    pub page: usize,
    /// Display name.
    pub name: String,
    /// Status.
    pub status: Option<Status>,
}

/// A unit's brands within a category.
#[derive(Debug, Clone)]
pub struct UnitGroup {
    /// The unit (`None`: no unit given).
    pub unit: Option<String>,
    /// Cards: 十佳 first, then pinyin order.
    pub cards: Vec<BrandCard>,
}

/// A category of the matrix.
#[derive(Debug, Clone)]
pub struct CategoryGroup {
    /// The category (`None`: not given, shown last).
    pub category: Option<String>,
    /// Units with a 十佳 brand first, then pinyin order.
    pub units: Vec<UnitGroup>,
}

impl CategoryGroup {
    /// Number of brands in the category.
    pub fn count(&self) -> usize {
        self.units.iter().map(|u| u.cards.len()).sum()
    }
}

/// Groups every brand by category, then unit; 十佳 first within each group, then pinyin order.
pub fn brand_matrix(site: &Site) -> Vec<CategoryGroup> {
    let mut by_cat: BTreeMap<(bool, String), BTreeMap<String, Vec<BrandCard>>> = BTreeMap::new();
    for (i, p) in site.pages.iter().enumerate() {
        let Some(b) = &p.meta.brand else { continue };
        let cat = b.category.clone().filter(|c| !c.trim().is_empty());
        let key = (
            cat.is_none(),
            cat.as_deref().map(pinyin_key).unwrap_or_default(),
        );
        let unit = p.meta.unit.clone().unwrap_or_default();
        by_cat
            .entry(key)
            .or_default()
            .entry(unit)
            .or_default()
            .push(BrandCard {
                page: i,
                name: b.name.clone().unwrap_or_else(|| p.meta.title.clone()),
                status: b.status,
            });
    }
    by_cat
        .into_values()
        .map(|units| {
            let mut groups: Vec<UnitGroup> = units
                .into_iter()
                .map(|(unit, mut cards)| {
                    cards.sort_by_cached_key(|c| {
                        (
                            c.status != Some(Status::Top),
                            pinyin_key(&c.name),
                            site.pages[c.page].rel.clone(),
                        )
                    });
                    UnitGroup {
                        unit: Some(unit).filter(|u| !u.is_empty()),
                        cards,
                    }
                })
                .collect();
            groups.sort_by_cached_key(|g| {
                (
                    !g.cards.iter().any(|c| c.status == Some(Status::Top)),
                    g.unit.is_none(),
                    g.unit.as_deref().map(pinyin_key).unwrap_or_default(),
                )
            });
            let category = groups
                .first()
                .and_then(|g| g.cards.first())
                .and_then(|c| site.pages[c.page].meta.brand.as_ref())
                .and_then(|b| b.category.clone())
                .filter(|c| !c.trim().is_empty());
            CategoryGroup {
                category,
                units: groups,
            }
        })
        .collect()
}

/// Brands to feature on the home page: 十佳 first, then 优秀, each in pinyin order.
pub fn featured_brands(site: &Site, limit: usize) -> Vec<usize> {
    let mut v: Vec<(Status, String, usize)> = site
        .pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let b = p.meta.brand.as_ref()?;
            let name = b.name.clone().unwrap_or_else(|| p.meta.title.clone());
            Some((b.status?, pinyin_key(&name), i))
        })
        .filter(|(s, _, _)| matches!(s, Status::Top | Status::Excellent))
        .collect();
    v.sort();
    v.into_iter().take(limit).map(|(_, _, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_slugs_keep_chinese_and_never_come_out_empty() {
        assert_eq!(term_slug("党建+业务", "tag"), "党建-业务");
        assert_eq!(term_slug("Show Brands", "tag"), "show-brands");
        let s = term_slug("???", "tag");
        assert!(s.starts_with("tag-") && s.len() > 4, "{s}");
    }
}
