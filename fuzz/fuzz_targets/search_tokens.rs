//! The search tokenizer: folding and the bigrams both the index and the page's search use.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yanzhen::search::{bigrams, fold};

fuzz_target!(|text: &str| {
    let _ = bigrams(text);
    let _: String = text.chars().map(fold).collect();
});
