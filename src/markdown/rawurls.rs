//! The URLs inside raw HTML, read by the same HTML tokenizer the sanitiser uses (entities decoded
//! as a browser decodes them), so a `<a href="&#106;avascript:…">` in a Markdown file is reported
//! at its line instead of being dropped in silence.

use std::cell::RefCell;

use html5ever::buffer_queue::BufferQueue;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{Tag, Token, TokenSink, TokenSinkResult, Tokenizer};

use crate::urls::policy::{self, Refused, Use};

/// Attributes whose value a browser follows or loads as a URL.
const URL_ATTRS: [&str; 14] = [
    "href",
    "xlink:href",
    "src",
    "action",
    "formaction",
    "poster",
    "cite",
    "background",
    "data",
    "codebase",
    "longdesc",
    "manifest",
    "icon",
    "lowsrc",
];

/// Whether an attribute holds a URL the policy must check.
pub(super) fn is_url_attr(attr: &str) -> bool {
    URL_ATTRS.contains(&attr) || attr == "srcset"
}

/// The policy's verdict on one attribute: `Err` when the value may not reach the page.
pub(super) fn check_attr(element: &str, attr: &str, value: &str) -> Result<(), Refused> {
    let use_ = if element == "img" && attr == "src" {
        Use::Image
    } else {
        Use::Link
    };
    if attr == "srcset" {
        for candidate in value.split(',') {
            let url = candidate.split_whitespace().next().unwrap_or("");
            policy::check(url, Use::Image)?;
        }
        return Ok(());
    }
    policy::check(value, use_)
}

struct Sink {
    refused: RefCell<Vec<(String, Refused)>>,
}

impl TokenSink for Sink {
    type Handle = ();
    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(Tag { name, attrs, .. }) = token {
            for a in &attrs {
                let attr = &*a.name.local;
                if is_url_attr(attr)
                    && let Err(r) = check_attr(&name, attr, &a.value)
                {
                    self.refused.borrow_mut().push((a.value.to_string(), r));
                }
            }
        }
        TokenSinkResult::Continue
    }
}

/// Every URL of the raw HTML `html` that the policy refuses, with the reason.
pub(super) fn refused(html: &str) -> Vec<(String, Refused)> {
    let sink = Sink {
        refused: RefCell::new(Vec::new()),
    };
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tok = Tokenizer::new(sink, Default::default());
    let _ = tok.feed(&input);
    tok.end();
    tok.sink.refused.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_encoded_scripts_in_raw_html_are_found() {
        let found = refused(
            "<a href=\"&#106;avascript:alert(1)\">x</a><img src=x onerror=1><form action=\"JAVASCRIPT:1\">",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(refused("<a href=\"https://www.12371.cn/\">党员网</a>").is_empty());
        assert!(refused("<img srcset=\"a.png 1x, javascript:1 2x\">").len() == 1);
    }
}
