//! A Markdown body rendered with its links and images checked, rewritten and put through the
//! URL policy, raw HTML sanitised.
#![no_main]

use camino::Utf8Path;
use libfuzzer_sys::fuzz_target;
use yanzhen::markdown::{Input, Resolver, render};

struct Site;

impl Resolver for Site {
    fn page_url(&self, rel: &str) -> Option<String> {
        rel.ends_with(".md").then(|| format!("{}/", rel.trim_end_matches(".md")))
    }
    fn asset_exists(&self, rel: &str) -> bool {
        rel.len() % 2 == 0
    }
}

fuzz_target!(|text: &str| {
    for (unsafe_html, portable) in [(false, true), (true, false)] {
        let input = Input {
            file: Utf8Path::new("content/cases/a.md"),
            text,
            first_line: 3,
            dir: "cases",
            url: "cases/a/",
            portable,
            unsafe_html,
        };
        let (r, _) = render(&input, &Site);
        if !unsafe_html {
            assert!(!r.html.contains("<script"), "a script tag survived sanitising");
        }
    }
});
