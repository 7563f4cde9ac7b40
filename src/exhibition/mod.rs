//! The exhibition around the pages: taxonomies (tags, units, years), the brand matrix's grouping
//! and collation, related pages, the place of a page in each collection, and the pages of the
//! site feed. A derived model: it reads the site model only, and never names a template, a UI
//! string or `Language`; `render` turns what it computes into pages, and `build` schedules the
//! routes.

mod matrix;
mod related;
mod stats;

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::content::frontmatter::SortBy;
use crate::content::{Kind, Site, pinyin_key, sort_pages};
use crate::urls;

pub use matrix::{BrandCard, CategoryGroup, UnitGroup, brand_matrix, featured_brands, feed_pages};
pub use stats::{Count, FigureTotal, Pair, Stats, plain_number};

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
    /// Unit profile page → index into `units`.
    profiles: HashMap<usize, usize>,
    by_branch: HashMap<String, Vec<usize>>,
    /// Per page: (collection index, position in its book order).
    places: Places,
    /// Per collection: its entries in book order.
    pub books: Vec<Vec<usize>>,
    /// Per page: its kind and its date as a day number, kept compact so that ranking related
    /// pages does not touch the (large) pages themselves.
    facts: Vec<(Kind, Option<i64>)>,
    /// The numbers of the stats page.
    pub stats: Stats,
}

/// Top-level sections whose list page the exhibition replaces.
pub const REPLACED_SECTIONS: &[&str] = &["brands", "units"];

impl Exhibition {
    /// Computes taxonomies, unit profiles and collection places of `site`.
    pub fn new(site: &Site) -> Exhibition {
        let (tags, tag_index) = tags(site);
        let (units, unit_index, profiles) = units(site);
        let (places, books) = places(site);
        Exhibition {
            tags,
            units,
            years: years(site),
            tag_index,
            unit_index,
            profiles,
            by_branch: branches(site),
            places,
            books,
            facts: facts(site),
            stats: Stats::new(site),
        }
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
        self.profiles.get(&i).map(|&k| &self.units[k])
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
}

/// Orders a term's pages newest first.
fn sort_term(site: &Site, t: &mut Term) {
    sort_pages(&mut t.pages, &site.pages, SortBy::Date);
}

/// Tags in pinyin order, and the listing of every tag name pages write (tags that differ only
/// in how their slug is written share a listing).
fn tags(site: &Site) -> (Vec<Term>, HashMap<String, usize>) {
    let mut by_slug: BTreeMap<String, Term> = BTreeMap::new();
    for (i, p) in site.pages.iter().enumerate() {
        for t in &p.meta.tags {
            let slug = term_slug(t, "tag");
            let term = by_slug.entry(slug.clone()).or_insert_with(|| Term {
                name: t.clone(),
                path: format!("tags/{slug}/"),
                pages: Vec::new(),
            });
            // Pages come in order, so a page already listed is the last one.
            if term.pages.last() != Some(&i) {
                term.pages.push(i);
            }
        }
    }
    let mut tags: Vec<Term> = by_slug.into_values().collect();
    tags.iter_mut().for_each(|t| sort_term(site, t));
    tags.sort_by_cached_key(|t| pinyin_key(&t.name));
    let mut index: HashMap<String, usize> = tags
        .iter()
        .enumerate()
        .map(|(k, t)| (t.name.clone(), k))
        .collect();
    // Every other spelling goes to the listing of its slug: one look-up per tag a page writes,
    // so the work is linear in the tags (it was quadratic in the tags of one page).
    let by_path: HashMap<&str, usize> = tags
        .iter()
        .enumerate()
        .map(|(k, t)| (t.path.as_str(), k))
        .collect();
    for p in &site.pages {
        for name in &p.meta.tags {
            if !index.contains_key(name) {
                let path = format!("tags/{}/", term_slug(name, "tag"));
                if let Some(&k) = by_path.get(path.as_str()) {
                    index.insert(name.clone(), k);
                }
            }
        }
    }
    (tags, index)
}

/// Units in pinyin order, by name, and by profile page. Profiles come first, so a unit named by
/// pages takes the profile's URL; other units get a listing under `units/`.
fn units(site: &Site) -> (Vec<Unit>, HashMap<String, usize>, HashMap<usize, usize>) {
    let mut by_name: BTreeMap<String, Unit> = BTreeMap::new();
    for (i, p) in site.pages.iter().enumerate() {
        if let Some(u) = &p.meta.unit_profile {
            let name = u.name.clone().unwrap_or_else(|| p.meta.title.clone());
            by_name.entry(name.clone()).or_insert(Unit {
                term: Term {
                    name,
                    path: p.url.clone(),
                    pages: Vec::new(),
                },
                profile: Some(i),
            });
        }
    }
    let taken: HashSet<String> = site.pages.iter().map(|p| p.url.to_lowercase()).collect();
    for (i, p) in site.pages.iter().enumerate() {
        if let Some(name) = p.meta.unit.as_deref().filter(|n| !n.trim().is_empty())
            && p.meta.unit_profile.is_none()
        {
            let unit = by_name
                .entry(name.to_string())
                .or_insert_with(|| unit_listing(name, &taken));
            unit.term.pages.push(i);
        }
    }
    let mut units: Vec<Unit> = by_name.into_values().collect();
    units.iter_mut().for_each(|u| sort_term(site, &mut u.term));
    units.sort_by_cached_key(|u| pinyin_key(&u.term.name));
    let index = units
        .iter()
        .enumerate()
        .map(|(k, u)| (u.term.name.clone(), k))
        .collect();
    let mut profiles = HashMap::new();
    for (k, u) in units.iter().enumerate() {
        if let Some(i) = u.profile {
            profiles.entry(i).or_insert(k);
        }
    }
    (units, index, profiles)
}

/// A unit without a profile page: its listing under `units/`, clear of every page's URL.
fn unit_listing(name: &str, taken: &HashSet<String>) -> Unit {
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
}

/// Years newest first: of a page's date, else of a brand's `year`; unit profiles have none.
fn years(site: &Site) -> Vec<Term> {
    let mut by_year: BTreeMap<i64, Term> = BTreeMap::new();
    for (i, p) in site.pages.iter().enumerate() {
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
            by_year
                .entry(y)
                .or_insert_with(|| Term {
                    name: y.to_string(),
                    path: format!("years/{y}/"),
                    pages: Vec::new(),
                })
                .pages
                .push(i);
        }
    }
    let mut years: Vec<Term> = by_year.into_values().rev().collect();
    years.iter_mut().for_each(|t| sort_term(site, t));
    years
}

/// The pages of each branch (党支部), in file order.
fn branches(site: &Site) -> HashMap<String, Vec<usize>> {
    let mut by_branch: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in site.pages.iter().enumerate() {
        if let Some(b) = p.meta.branch.as_deref() {
            by_branch.entry(b.to_string()).or_default().push(i);
        }
    }
    by_branch
}

/// Per page: (collection index, position in its book order).
type Places = HashMap<usize, Vec<(usize, usize)>>;

/// Where each page stands in each collection, and each collection's entries in book order.
fn places(site: &Site) -> (Places, Vec<Vec<usize>>) {
    let mut places = Places::new();
    let mut books = Vec::with_capacity(site.collections.len());
    for (c, coll) in site.collections.iter().enumerate() {
        let book: Vec<usize> = coll
            .parts
            .iter()
            .flat_map(|p| p.entries.iter().copied())
            .collect();
        for (pos, &i) in book.iter().enumerate() {
            places.entry(i).or_default().push((c, pos));
        }
        books.push(book);
    }
    (places, books)
}

/// Per page, its kind and its date as a day number.
fn facts(site: &Site) -> Vec<(Kind, Option<i64>)> {
    site.pages
        .iter()
        .map(|p| {
            let day = p
                .meta
                .date
                .map(|d| i64::from(d.year) * 372 + i64::from(d.month) * 31 + i64::from(d.day));
            (p.kind, day)
        })
        .collect()
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
