//! Escaping text for the markup yanzhen writes by hand (feeds, the sitemap, serve's overlay):
//! one place, so every hand-written document escapes the same way. Templates escape through Tera.

/// Escapes text for HTML content and attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for XML content and attribute values, dropping the control characters XML 1.0
/// does not allow.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow (its `Char` production): they are removed, so a
            // feed stays well-formed whatever a title holds.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn html_and_xml_escape_markup_and_quotes() {
        assert_eq!(
            super::html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn xml_escape_drops_the_noncharacters_xml_forbids() {
        assert_eq!(
            super::xml("a\u{FFFE}b\u{FFFF}c\u{1}d\u{FFFD}"),
            "abcd\u{FFFD}"
        );
    }

    #[test]
    fn xml_escape_covers_markup_and_drops_control_characters() {
        assert_eq!(
            super::xml("<a href=\"x\">&'\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
    }
}
