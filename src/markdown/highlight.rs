//! Code highlighting with syntect into CSS classes (no inline styles, no JavaScript). The only
//! syntect user.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::{self, Write};
use std::sync::OnceLock;

use comrak::adapters::SyntaxHighlighterAdapter;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The highlighter handed to comrak.
#[derive(Debug, Default, Clone, Copy)]
pub struct Highlighter;

impl SyntaxHighlighterAdapter for Highlighter {
    fn write_highlighted(
        &self,
        output: &mut dyn Write,
        lang: Option<&str>,
        code: &str,
    ) -> fmt::Result {
        let token = lang
            .map(|l| l.split([',', ' ']).next().unwrap_or(l))
            .filter(|l| !l.is_empty());
        let Some(token) = token else {
            return comrak::html::escape(output, code);
        };
        let set = syntaxes();
        let Some(syntax) = set.find_syntax_by_token(token) else {
            return comrak::html::escape(output, code);
        };
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, STYLE);
        for line in LinesWithEndings::from(code) {
            if generator
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                return comrak::html::escape(output, code);
            }
        }
        output.write_str(&generator.finalize())
    }

    fn write_pre_tag(
        &self,
        output: &mut dyn Write,
        attributes: HashMap<&'static str, Cow<'_, str>>,
    ) -> fmt::Result {
        let mut attrs: Vec<(&str, Cow<str>)> = attributes.into_iter().collect();
        attrs.sort();
        attrs.push(("class", Cow::Borrowed("code")));
        comrak::html::write_opening_tag(output, "pre", attrs)
    }

    fn write_code_tag(
        &self,
        output: &mut dyn Write,
        attributes: HashMap<&'static str, Cow<'_, str>>,
    ) -> fmt::Result {
        let mut attrs: Vec<(&str, Cow<str>)> = attributes.into_iter().collect();
        attrs.sort();
        comrak::html::write_opening_tag(output, "code", attrs)
    }
}

/// The stylesheet for the highlight classes (a light theme), written once per build.
pub fn stylesheet() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let theme = &themes.themes["InspiredGitHub"];
    css_for_theme_with_class_style(theme, STYLE).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_classes_and_unknown_are_escaped() {
        let mut out = String::new();
        Highlighter
            .write_highlighted(&mut out, Some("rust"), "fn main() {}\n")
            .unwrap();
        assert!(out.contains("class=\"hl-"), "{out}");
        assert!(!out.contains("style="));
        let mut out = String::new();
        Highlighter
            .write_highlighted(&mut out, Some("nosuchlang"), "<b>")
            .unwrap();
        assert_eq!(out, "&lt;b&gt;");
    }
}
