//! Related pages: those of the same branch, the same unit, or sharing a tag, ranked.

use super::Exhibition;
use crate::content::{Kind, Site, newest_first};

/// How many pages on either side of a page, in a tag's date order, count as related by the tag.
const TAG_WINDOW: usize = 12;

/// How many related pages a page shows.
const RELATED_SHOWN: usize = 6;

impl Exhibition {
    /// The related pages page `i` shows: cases and reports for a brand, none for a unit or a
    /// collection (they list their own pages), any other kind for the rest. One decision for the
    /// page that shows them and the route table that re-renders it when they change.
    pub fn related_shown(&self, site: &Site, i: usize) -> Vec<usize> {
        match site.pages[i].kind {
            Kind::Brand => self.related(site, i, &[Kind::Case, Kind::Report], RELATED_SHOWN),
            Kind::Unit | Kind::Collection => Vec::new(),
            _ => self.related(site, i, &[], RELATED_SHOWN),
        }
    }

    /// Up to `limit` pages related to page `i`, best first: the same branch counts most, then the
    /// same unit, then each shared tag; ties go to the nearer date. Only pages of `kinds` (all
    /// kinds but units and collections if empty). Cost is bounded per page: candidates come from
    /// the page's branch and unit, and from the `2 × TAG_WINDOW` pages of each of its tags nearest
    /// to it in date.
    pub fn related(&self, site: &Site, i: usize, kinds: &[Kind], limit: usize) -> Vec<usize> {
        let wanted = |k: Kind| {
            if kinds.is_empty() {
                !matches!(k, Kind::Unit | Kind::Collection)
            } else {
                kinds.contains(&k)
            }
        };
        let mut hits = self.hits(site, i);
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

    /// (page, weight) for every way a page is related to page `i`: its branch, its unit, and
    /// the pages of each of its tags nearest to it in date.
    fn hits(&self, site: &Site, i: usize) -> Vec<(usize, u32)> {
        let p = &site.pages[i];
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
                // The tag's pages nearest to this one in date order. Ties go by page index here
                // but by `rel` in the list (see `newest_first`); kept as it was.
                let at = pages
                    .binary_search_by(|&j| {
                        newest_first(&site.pages[j], &site.pages[i]).then_with(|| j.cmp(&i))
                    })
                    .unwrap_or_else(|at| at);
                let from = at.saturating_sub(TAG_WINDOW);
                let to = (at + TAG_WINDOW).min(pages.len());
                hits.extend(pages[from..to].iter().map(|&j| (j, 1)));
            }
        }
        hits
    }
}
