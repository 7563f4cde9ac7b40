//! The search index: built from the site model and the rendered text of every page, written as
//! script files (no `fetch`), so `/search/` works from `file://` and under any sub-path.
//!
//! Chinese has no spaces, and a word segmenter misses fragments (`会一` in 三会一课, a name inside a
//! longer word). So the index does not segment: it maps every pair of adjacent non-space
//! characters of a page's body (a *bigram*) to the pages that contain it. A query of two or more
//! characters has as candidates the pages that contain all of its bigrams; the script then checks
//! each candidate's text for the query itself (the bigrams may occur apart), counts the hits and
//! cuts the excerpt. Latin words and numbers (`GB/T`, `3.14`) are character runs like any other.
//! Titles, summaries, units, branches and tags are small and are searched directly, so
//! single-character queries work on them.
//!
//! Files, all under `search/`:
//! - `index.js`: `YanzhenSearch.index({...})` — one row per page (link, title, kind, date, unit,
//!   branch, tags, summary), the bigram postings, and where each text shard starts.
//! - `text-N.js`: `YanzhenSearch.shard(N, [...])` — the plain body texts of a run of pages, about
//!   [`SHARD_BYTES`] each, loaded by the script only when a query needs them.
//!
//! Postings are written compactly in a 64-character alphabet: either a delta list of page
//! numbers (5 bits per character, the sixth marking "more follows") or, when shorter, a bitmap
//! (prefix `~`, 6 pages per character). Both readers are in `themes/default/static/search.js`.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::bodies::summary_of;
use crate::content::Site;
use crate::markdown::Rendered;
use crate::urls;

/// About how many bytes of text go into one shard.
pub const SHARD_BYTES: usize = 1 << 20;

/// Pages per parallel work unit when collecting bigrams.
const CHUNK: usize = 256;

/// Slots of the memo of recent (bigram, page) pairs; the slot is the top 10 bits of a hash.
const SEEN: usize = 1 << 10;

/// The alphabet of the posting encoding; `~` (not in it) marks a bitmap.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// One output file: a path under the output root and its bytes.
pub type File = (String, Vec<u8>);

/// The folding shared with the script: ASCII letters to lower case, full-width digits and Latin
/// letters to ASCII. It maps one character to one character, so positions in the folded text
/// are positions in the original.
pub fn fold(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        '\u{FF10}'..='\u{FF19}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(c as u32 - 0xFF10 + 0x30).unwrap_or(c)
        }
        '\u{FF21}'..='\u{FF3A}' => char::from_u32(c as u32 - 0xFF21 + 0x61).unwrap_or(c),
        c => c,
    }
}

/// A multiplicative hasher for bigram keys: the map of postings takes one lookup per bigram of
/// every page, and SipHash's protection against chosen keys buys nothing here.
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

type KeyMap<V> = HashMap<u64, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// A bigram as one number: the two characters' code points.
fn key(a: char, b: char) -> u64 {
    (u64::from(a as u32) << 32) | u64::from(b as u32)
}

fn unkey(k: u64) -> String {
    [(k >> 32) as u32, k as u32]
        .iter()
        .filter_map(|&c| char::from_u32(c))
        .collect()
}

/// Calls `f` with every bigram of `text` in order (folded; pairs with whitespace left out).
fn each_bigram(text: &str, mut f: impl FnMut(u64)) {
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if c.is_whitespace() {
            prev = None;
            continue;
        }
        let c = fold(c);
        if let Some(p) = prev {
            f(key(p, c));
        }
        prev = Some(c);
    }
}

/// The distinct bigrams of `text`, sorted.
pub fn bigrams(text: &str) -> Vec<u64> {
    let mut out = Vec::with_capacity(text.len() / 3);
    each_bigram(text, |g| out.push(g));
    out.sort_unstable();
    out.dedup();
    out
}

/// Encodes a strictly increasing list of page numbers below `pages`: a bitmap or a delta list,
/// whichever is shorter.
pub fn encode_postings(list: &[u32], pages: usize) -> String {
    let bitmap_len = pages.div_ceil(6) + 1;
    let mut out = String::new();
    let mut prev: i64 = -1;
    for &p in list {
        let mut d = (i64::from(p) - prev - 1) as u64;
        prev = i64::from(p);
        loop {
            let low = (d & 31) as usize;
            d >>= 5;
            if d == 0 {
                out.push(ALPHABET[low] as char);
                break;
            }
            out.push(ALPHABET[low | 32] as char);
        }
        if out.len() > bitmap_len {
            break;
        }
    }
    if out.len() <= bitmap_len {
        return out;
    }
    let mut bits = vec![0u8; pages.div_ceil(6)];
    for &p in list {
        bits[p as usize / 6] |= 1 << (p % 6);
    }
    let mut s = String::with_capacity(bits.len() + 1);
    s.push('~');
    s.extend(bits.iter().map(|&b| ALPHABET[b as usize] as char));
    s
}

/// The page rows and postings, as `index.js` holds them.
struct Built {
    /// One JSON array per page.
    rows: Vec<String>,
    grams: Vec<(u64, Vec<u32>)>,
    shard_starts: Vec<usize>,
}

/// A built index: `search/index.js` at once, the text shards on demand (each is written and
/// dropped, so the whole text is never held twice).
pub struct Index<'a> {
    /// Path and bytes of `search/index.js`.
    pub index: File,
    rendered: &'a [Rendered],
    shard_starts: Vec<usize>,
}

impl Index<'_> {
    /// Number of text shards.
    pub fn shards(&self) -> usize {
        self.shard_starts.len()
    }

    /// Path and bytes of `search/text-N.js`.
    pub fn shard(&self, n: usize) -> File {
        let start = self.shard_starts[n];
        let end = self
            .shard_starts
            .get(n + 1)
            .copied()
            .unwrap_or(self.rendered.len());
        let texts = &self.rendered[start..end];
        let mut js =
            String::with_capacity(texts.iter().map(|r| r.text.len() + 8).sum::<usize>() + 32);
        js.push_str(&format!("YanzhenSearch.shard({n},["));
        for (k, r) in texts.iter().enumerate() {
            if k > 0 {
                js.push(',');
            }
            js.push_str(&json_string(r.text.trim()));
        }
        js.push_str("]);\n");
        (format!("search/text-{n}.js"), js.into_bytes())
    }
}

/// Builds the search index of a site from its pages and their rendered bodies.
pub fn index<'a>(site: &Site, rendered: &'a [Rendered]) -> Index<'a> {
    let built = build(site, rendered);
    let version = version(&built, rendered);
    let js = index_js(&built, &version);
    Index {
        index: ("search/index.js".to_string(), js),
        rendered,
        shard_starts: built.shard_starts,
    }
}

fn build(site: &Site, rendered: &[Rendered]) -> Built {
    let rows = rows(site, rendered);
    // Each chunk of consecutive pages gives its own map; chunks are merged in order, so every
    // posting list comes out sorted.
    let maps: Vec<KeyMap<Vec<u32>>> = rendered
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| chunk_postings(c, chunk))
        .collect();
    Built {
        rows,
        grams: merge_postings(maps),
        shard_starts: shard_starts(rendered),
    }
}

/// One JSON array per page: its URL, title, kind, date, unit, branch, tags and summary.
fn rows(site: &Site, rendered: &[Rendered]) -> Vec<String> {
    let portable = crate::bodies::portable(site);
    site.pages
        .par_iter()
        .zip(rendered.par_iter())
        .map(|(p, r)| {
            let m = &p.meta;
            let row = (
                urls::relative("search/", &p.url, portable),
                &m.title,
                p.kind.name(),
                m.date.map(|d| d.ymd()).unwrap_or_default(),
                m.unit.as_deref().unwrap_or(""),
                m.branch.as_deref().unwrap_or(""),
                m.tags.join(" "),
                summary_of(p, r),
            );
            serde_json::to_string(&row).unwrap_or_else(|_| "[]".to_string())
        })
        .collect()
}

/// The posting lists of chunk number `c`: for each bigram, the pages of the chunk that have it,
/// in order.
fn chunk_postings(c: usize, chunk: &[Rendered]) -> KeyMap<Vec<u32>> {
    let mut map: KeyMap<Vec<u32>> = KeyMap::default();
    // Most bigrams of a page repeat; a small direct-mapped memo of (bigram, page) skips
    // the map for most repeats (a collision only costs a lookup: the list check below
    // keeps each page once).
    let mut seen = vec![(u64::MAX, u32::MAX); SEEN];
    for (k, r) in chunk.iter().enumerate() {
        let page = (c * CHUNK + k) as u32;
        each_bigram(&r.text, |g| {
            let slot = (g.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 54) as usize;
            if seen[slot] == (g, page) {
                return;
            }
            seen[slot] = (g, page);
            let list = map.entry(g).or_default();
            if list.last() != Some(&page) {
                list.push(page);
            }
        });
    }
    map
}

/// The chunks' posting lists joined in chunk order, one list per bigram, sorted by bigram.
fn merge_postings(maps: Vec<KeyMap<Vec<u32>>>) -> Vec<(u64, Vec<u32>)> {
    let mut parts: KeyMap<Vec<Vec<u32>>> = KeyMap::default();
    for map in maps {
        for (g, list) in map {
            parts.entry(g).or_default().push(list);
        }
    }
    let mut grams: Vec<(u64, Vec<u32>)> = parts
        .into_iter()
        .map(|(g, mut lists)| {
            if lists.len() == 1 {
                return (g, lists.pop().unwrap_or_default());
            }
            let mut all = Vec::with_capacity(lists.iter().map(Vec::len).sum());
            for l in lists {
                all.extend(l);
            }
            (g, all)
        })
        .collect();
    grams.sort_unstable_by_key(|(g, _)| *g);
    grams
}

/// The first page of each text shard: a shard closes once it holds `SHARD_BYTES` of text.
fn shard_starts(rendered: &[Rendered]) -> Vec<usize> {
    let mut shard_starts = vec![0];
    let mut bytes = 0;
    for (i, r) in rendered.iter().enumerate() {
        if bytes >= SHARD_BYTES {
            shard_starts.push(i);
            bytes = 0;
        }
        bytes += r.text.len();
    }
    shard_starts
}

/// A short fingerprint of the index, appended to shard URLs so a cached shard of an older build
/// is never read with a newer index.
fn version(built: &Built, rendered: &[Rendered]) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    built.rows.len().hash(&mut h);
    built.shard_starts.hash(&mut h);
    for r in rendered {
        r.text.len().hash(&mut h);
    }
    for (g, list) in &built.grams {
        g.hash(&mut h);
        list.len().hash(&mut h);
    }
    format!("{:x}", h.finish())
}

fn index_js(built: &Built, version: &str) -> Vec<u8> {
    let pages = built.rows.len();
    let mut js = String::with_capacity(pages * 400 + built.grams.len() * 64);
    js.push_str("YanzhenSearch.index({\"version\":");
    js.push_str(&json_string(version));
    js.push_str(",\"shards\":");
    js.push_str(&serde_json::to_string(&built.shard_starts).unwrap_or_default());
    js.push_str(",\"pages\":[\n");
    for (i, row) in built.rows.iter().enumerate() {
        if i > 0 {
            js.push_str(",\n");
        }
        js.push_str(row);
    }
    js.push_str("],\n\"grams\":{");
    let encoded: Vec<String> = built
        .grams
        .par_iter()
        .map(|(g, list)| {
            format!(
                "{}:\"{}\"",
                json_string(&unkey(*g)),
                encode_postings(list, pages)
            )
        })
        .collect();
    for (i, e) in encoded.iter().enumerate() {
        if i > 0 {
            js.push_str(if i % 64 == 0 { ",\n" } else { "," });
        }
        js.push_str(e);
    }
    js.push_str("}});\n");
    js.into_bytes()
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads the posting encoding back, as the script does.
    fn decode(s: &str, pages: usize) -> Vec<u32> {
        let val = |c: u8| ALPHABET.iter().position(|&a| a == c).unwrap() as u64;
        let mut out = Vec::new();
        if let Some(bits) = s.strip_prefix('~') {
            for (i, c) in bits.bytes().enumerate() {
                let v = val(c);
                for b in 0..6 {
                    let p = i * 6 + b;
                    if v & (1 << b) != 0 && p < pages {
                        out.push(p as u32);
                    }
                }
            }
            return out;
        }
        let mut prev: i64 = -1;
        let mut d = 0u64;
        let mut shift = 0;
        for c in s.bytes() {
            let v = val(c);
            d |= (v & 31) << shift;
            shift += 5;
            if v & 32 == 0 {
                prev += d as i64 + 1;
                out.push(prev as u32);
                d = 0;
                shift = 0;
            }
        }
        out
    }

    /// The pages whose texts contain every bigram of `query` — what the script verifies.
    fn candidates(texts: &[&str], query: &str) -> Vec<u32> {
        let grams = bigrams(query);
        let mut postings: HashMap<u64, Vec<u32>> = HashMap::new();
        for (i, t) in texts.iter().enumerate() {
            for g in bigrams(t) {
                postings.entry(g).or_default().push(i as u32);
            }
        }
        let encoded: HashMap<u64, String> = postings
            .iter()
            .map(|(g, l)| (*g, encode_postings(l, texts.len())))
            .collect();
        (0..texts.len() as u32)
            .filter(|p| {
                grams.iter().all(|g| {
                    encoded
                        .get(g)
                        .is_some_and(|e| decode(e, texts.len()).contains(p))
                })
            })
            .collect()
    }

    const TEXTS: &[&str] = &[
        "认真落实三会一课制度，按时开展主题党日活动。",
        "设立党员先锋岗，张建国同志带头服务群众。",
        "三会召开后一课未上。题目是党史。",
        "执行GB/T 19001标准，圆周率取3.14，编号１２３４５。",
        "会一会三会，再上一课。",
    ];

    #[test]
    fn fragments_across_word_boundaries_are_candidates() {
        for (q, want) in [
            ("一课制", vec![0]),
            ("会一", vec![0, 4]),
            ("主题党日", vec![0]),
            ("题党", vec![0]),
            ("先锋岗", vec![1]),
            ("锋岗", vec![1]),
            ("建国", vec![1]),
            ("国同志", vec![1]),
        ] {
            assert_eq!(candidates(TEXTS, q), want, "query {q}");
        }
    }

    #[test]
    fn bigrams_that_occur_apart_make_a_candidate_the_script_must_verify() {
        // Text 4 holds 三会, 会一 and 一课 but not 三会一课: a candidate, which the script's
        // check against the text drops. Text 2 lacks 会一, so it is not even a candidate.
        assert_eq!(candidates(TEXTS, "三会一课"), vec![0, 4]);
        assert_eq!(candidates(TEXTS, "一课"), vec![0, 2, 4]);
        assert_eq!(candidates(TEXTS, "党史"), vec![2]);
    }

    #[test]
    fn latin_words_and_numbers_are_found_folded() {
        assert_eq!(candidates(TEXTS, "gb/t"), vec![3]);
        assert_eq!(candidates(TEXTS, "GB/T"), vec![3]);
        assert_eq!(candidates(TEXTS, "3.14"), vec![3]);
        assert_eq!(
            candidates(TEXTS, "12345"),
            vec![3],
            "full-width digits fold"
        );
        assert_eq!(candidates(TEXTS, "19001"), vec![3]);
        assert!(candidates(TEXTS, "3.15").is_empty());
    }

    #[test]
    fn whitespace_splits_bigrams() {
        assert_eq!(bigrams("a b"), Vec::<u64>::new());
        assert_eq!(bigrams("党建\n引领").len(), 2);
    }

    #[test]
    fn fold_keeps_one_character_per_character() {
        assert_eq!(fold('Ｇ'), 'g');
        assert_eq!(fold('ｂ'), 'b');
        assert_eq!(fold('９'), '9');
        assert_eq!(fold('，'), '，', "full-width punctuation stays");
        assert_eq!(fold('：'), '：');
        assert_eq!(fold('党'), '党');
    }

    #[test]
    fn postings_round_trip_as_delta_lists_and_bitmaps() {
        for (list, pages) in [
            (vec![], 10),
            (vec![0], 1),
            (vec![0, 1, 2, 3, 4, 5, 6], 7),
            (vec![5, 31, 32, 33, 1000, 40000], 50000),
            ((0..10000).step_by(2).collect::<Vec<u32>>(), 10000),
            ((0..10000).collect::<Vec<u32>>(), 10000),
        ] {
            let e = encode_postings(&list, pages);
            assert_eq!(decode(&e, pages), list, "{e}");
            assert!(
                e.len() <= pages.div_ceil(6) + 1,
                "never longer than a bitmap"
            );
        }
        assert!(
            encode_postings(&[3], 10000).len() == 1,
            "a rare bigram costs a character"
        );
        assert!(encode_postings(&(0..10000).collect::<Vec<u32>>(), 10000).starts_with('~'));
    }

    #[test]
    fn the_encoding_never_needs_escaping_in_a_string() {
        let e = encode_postings(&[1, 100, 5000, 70000], 80000);
        assert!(
            e.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
    }
}
