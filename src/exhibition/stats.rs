//! The numbers a committee asks for first ("how many, where, how good"), counted once per build
//! for the `/stats/` page and the home page's key figures: brands by status, category and the
//! year of their 十佳, cases and reports per unit and per year, units by tier, and the figure
//! cards of all pages added up. Counts only; `render` turns them into charts and tables.

use std::collections::BTreeMap;

use crate::content::frontmatter::{STATUSES, Status};
use crate::content::{Kind, Site, pinyin_key};

/// A count under a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    /// What is counted (a status, a category, a tier, a year); `None` for "no category".
    pub name: Option<String>,
    /// How many.
    pub n: usize,
}

/// Cases and reports under one name (a unit, a year).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The unit or year.
    pub name: String,
    /// Cases.
    pub cases: usize,
    /// Reports.
    pub reports: usize,
}

/// The figure cards of one label and unit, added up over the pages.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureTotal {
    /// What is counted (党员).
    pub label: String,
    /// Its unit (名), if any.
    pub unit: Option<String>,
    /// The sum of the plain numbers.
    pub total: f64,
    /// Pages whose cards were added.
    pub pages: usize,
}

/// Every number of the stats page.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Stats {
    /// Pages of each kind, in [`Kind::NAMES`] order.
    pub kinds: Vec<(Kind, usize)>,
    /// Brands per status, 十佳 first; every status, counted or not.
    pub by_status: Vec<Count>,
    /// Brands per category, most first (ties in pinyin order; no category last).
    pub by_category: Vec<Count>,
    /// Cases and reports per unit, most first (ties in pinyin order).
    pub by_unit: Vec<Pair>,
    /// Cases and reports per year, oldest first.
    pub by_year: Vec<Pair>,
    /// 十佳 brands per year (the brand's `year`, else its date), oldest first.
    pub top_by_year: Vec<Count>,
    /// Unit profiles per tier in site.yaml's order, then those without a tier (`None`).
    pub by_tier: Vec<Count>,
    /// The figure cards added up, in order of first appearance.
    pub figures: Vec<FigureTotal>,
}

impl Stats {
    /// Counts the numbers of `site`.
    pub fn new(site: &Site) -> Stats {
        let kinds = Kind::NAMES
            .iter()
            .filter_map(|n| Kind::parse(n))
            .map(|k| (k, site.pages.iter().filter(|p| p.kind == k).count()))
            .collect();
        Stats {
            kinds,
            by_status: by_status(site),
            by_category: by_category(site),
            by_unit: by_unit(site),
            by_year: by_year(site),
            top_by_year: top_by_year(site),
            by_tier: by_tier(site),
            figures: figures(site),
        }
    }

    /// Pages of kind `k`.
    pub fn count(&self, k: Kind) -> usize {
        self.kinds
            .iter()
            .find(|(x, _)| *x == k)
            .map_or(0, |(_, n)| *n)
    }

    /// Brands with status 十佳.
    pub fn top_brands(&self) -> usize {
        self.top_by_year.iter().map(|c| c.n).sum()
    }
}

fn brands(site: &Site) -> impl Iterator<Item = &crate::content::frontmatter::BrandMeta> {
    site.pages.iter().filter_map(|p| p.meta.brand.as_ref())
}

fn by_status(site: &Site) -> Vec<Count> {
    STATUSES
        .iter()
        .rev()
        .map(|s| Count {
            name: Some((*s).to_string()),
            n: brands(site)
                .filter(|b| b.status.map(Status::as_str) == Some(*s))
                .count(),
        })
        .collect()
}

/// Sorts counts most first, ties in pinyin order, `None` last.
fn most_first(map: BTreeMap<Option<String>, usize>) -> Vec<Count> {
    let mut v: Vec<Count> = map.into_iter().map(|(name, n)| Count { name, n }).collect();
    v.sort_by_cached_key(|c| {
        (
            c.name.is_none(),
            std::cmp::Reverse(c.n),
            c.name.as_deref().map(pinyin_key),
        )
    });
    v
}

fn by_category(site: &Site) -> Vec<Count> {
    let mut map = BTreeMap::new();
    for b in brands(site) {
        let c = b.category.clone().filter(|c| !c.trim().is_empty());
        *map.entry(c).or_insert(0) += 1;
    }
    most_first(map)
}

fn pairs<K: Ord>(
    site: &Site,
    key: impl Fn(&crate::content::Page) -> Option<K>,
) -> BTreeMap<K, (usize, usize)> {
    let mut map: BTreeMap<K, (usize, usize)> = BTreeMap::new();
    for p in &site.pages {
        let (c, r) = match p.kind {
            Kind::Case => (1, 0),
            Kind::Report => (0, 1),
            _ => continue,
        };
        if let Some(k) = key(p) {
            let e = map.entry(k).or_default();
            e.0 += c;
            e.1 += r;
        }
    }
    map
}

fn by_unit(site: &Site) -> Vec<Pair> {
    let map = pairs(site, |p| {
        p.meta
            .unit
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(String::from)
    });
    let mut v: Vec<Pair> = map
        .into_iter()
        .map(|(name, (cases, reports))| Pair {
            name,
            cases,
            reports,
        })
        .collect();
    v.sort_by_cached_key(|p| (std::cmp::Reverse(p.cases + p.reports), pinyin_key(&p.name)));
    v
}

fn by_year(site: &Site) -> Vec<Pair> {
    pairs(site, |p| p.meta.date.map(|d| d.year))
        .into_iter()
        .map(|(y, (cases, reports))| Pair {
            name: y.to_string(),
            cases,
            reports,
        })
        .collect()
}

fn top_by_year(site: &Site) -> Vec<Count> {
    let mut map: BTreeMap<i64, usize> = BTreeMap::new();
    for p in &site.pages {
        if let Some(b) = &p.meta.brand
            && b.status == Some(Status::Top)
            && let Some(y) = b.year.or(p.meta.date.map(|d| i64::from(d.year)))
        {
            *map.entry(y).or_insert(0) += 1;
        }
    }
    map.into_iter()
        .map(|(y, n)| Count {
            name: Some(y.to_string()),
            n,
        })
        .collect()
}

fn by_tier(site: &Site) -> Vec<Count> {
    let tiers = &site.config.unit_tiers;
    let mut counts = vec![0usize; tiers.len() + 1];
    for p in &site.pages {
        if let Some(u) = &p.meta.unit_profile {
            let k = u
                .tier
                .as_ref()
                .and_then(|t| tiers.iter().position(|x| x == t))
                .unwrap_or(tiers.len());
            counts[k] += 1;
        }
    }
    let mut v: Vec<Count> = tiers
        .iter()
        .zip(&counts)
        .map(|(t, &n)| Count {
            name: Some(t.clone()),
            n,
        })
        .collect();
    if counts[tiers.len()] > 0 {
        v.push(Count {
            name: None,
            n: counts[tiers.len()],
        });
    }
    v
}

/// A figure's value as a plain number (`13`, `1,200`, `3.5`); text and percentages are not
/// added up.
pub fn plain_number(value: &str) -> Option<f64> {
    let v = value.trim().replace([',', '，'], "");
    if v.is_empty() || !v.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    v.parse().ok()
}

fn figures(site: &Site) -> Vec<FigureTotal> {
    let mut out: Vec<FigureTotal> = Vec::new();
    for p in &site.pages {
        let mut seen: Vec<usize> = Vec::new();
        for f in &p.meta.figures {
            let Some(x) = plain_number(&f.value) else {
                continue;
            };
            let k = match out
                .iter()
                .position(|t| t.label == f.label && t.unit == f.unit)
            {
                Some(k) => k,
                None => {
                    out.push(FigureTotal {
                        label: f.label.clone(),
                        unit: f.unit.clone(),
                        total: 0.0,
                        pages: 0,
                    });
                    out.len() - 1
                }
            };
            out[k].total += x;
            if !seen.contains(&k) {
                seen.push(k);
                out[k].pages += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_numbers_are_added_up() {
        assert_eq!(plain_number("13"), Some(13.0));
        assert_eq!(plain_number("1,200"), Some(1200.0));
        assert_eq!(plain_number("3.5"), Some(3.5));
        assert_eq!(plain_number("99.09%"), None);
        assert_eq!(plain_number("1万多"), None);
        assert_eq!(plain_number(""), None);
    }

    #[test]
    fn counts_go_most_first_and_none_last() {
        let mut m = BTreeMap::new();
        m.insert(None, 5);
        m.insert(Some("窗口服务".to_string()), 2);
        m.insert(Some("党建引领".to_string()), 3);
        let v = most_first(m);
        let names: Vec<Option<&str>> = v.iter().map(|c| c.name.as_deref()).collect();
        assert_eq!(names, [Some("党建引领"), Some("窗口服务"), None]);
    }
}
