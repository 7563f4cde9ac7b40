//! Ordering of pages: newest first, by weight, or by title in pinyin order. Every order ends in
//! the file path, so that every build orders pages the same way.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::Page;
use super::frontmatter::SortBy;

/// Newest first, then lightest weight: the order of every date-ordered list, before the last
/// tie-break that makes it total. [`sort_pages`] breaks ties by file path (`rel`); the
/// exhibition's search of a tag's pages by page index (file order), which differs from `rel`
/// order only between equal dates and weights of paths like `a/x.md` and `a-b.md`.
pub fn newest_first(a: &Page, b: &Page) -> Ordering {
    b.meta
        .date
        .cmp(&a.meta.date)
        .then_with(|| a.meta.weight.cmp(&b.meta.weight))
}

/// Orders page indices: by date newest first, by weight, or by title in pinyin order; ties by
/// title then file, so every build orders the same way.
pub fn sort_pages(list: &mut [usize], pages: &[Page], by: SortBy) {
    match by {
        SortBy::Date => list.sort_by(|&a, &b| {
            newest_first(&pages[a], &pages[b]).then_with(|| pages[a].rel.cmp(&pages[b].rel))
        }),
        SortBy::Weight => list.sort_by(|&a, &b| {
            let (pa, pb) = (&pages[a], &pages[b]);
            pa.meta
                .weight
                .unwrap_or(i64::MAX)
                .cmp(&pb.meta.weight.unwrap_or(i64::MAX))
                .then_with(|| pb.meta.date.cmp(&pa.meta.date))
                .then_with(|| pa.rel.cmp(&pb.rel))
        }),
        SortBy::Title => {
            let keys: HashMap<usize, String> = list
                .iter()
                .map(|&i| (i, pinyin_key(&pages[i].meta.title)))
                .collect();
            list.sort_by(|&a, &b| {
                keys[&a]
                    .cmp(&keys[&b])
                    .then_with(|| pages[a].rel.cmp(&pages[b].rel))
            });
        }
    }
}

/// A sort key that orders Chinese text by pinyin (toneless, then tone), other text as is.
pub fn pinyin_key(text: &str) -> String {
    use pinyin::ToPinyin;
    let mut key = String::with_capacity(text.len() * 3);
    for c in text.chars() {
        match c.to_pinyin() {
            Some(p) => {
                key.push_str(p.plain());
                key.push_str(
                    p.with_tone_num_end()
                        .trim_start_matches(|ch: char| ch.is_ascii_alphabetic()),
                );
            }
            None => key.extend(c.to_lowercase()),
        }
        key.push(' ');
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_orders_chinese_titles() {
        let mut v = vec![pinyin_key("中国"), pinyin_key("安徽"), pinyin_key("北京")];
        v.sort();
        assert_eq!(
            v,
            vec![pinyin_key("安徽"), pinyin_key("北京"), pinyin_key("中国")]
        );
    }
}
