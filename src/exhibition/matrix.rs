//! The brand matrix: every brand grouped by category and unit; the brands the home page
//! features; and the pages of the site feed.

use std::collections::BTreeMap;

use crate::content::frontmatter::{SortBy, Status};
use crate::content::{Kind, Site, pinyin_key, sort_pages};

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

/// The site feed's pages: dated cases, reports and articles, newest first, at most `limit`.
pub fn feed_pages(site: &Site, limit: usize) -> Vec<usize> {
    let mut v: Vec<usize> = (0..site.pages.len())
        .filter(|&i| {
            let p = &site.pages[i];
            p.meta.date.is_some() && matches!(p.kind, Kind::Case | Kind::Report | Kind::Article)
        })
        .collect();
    sort_pages(&mut v, &site.pages, SortBy::Date);
    v.truncate(limit);
    v
}
