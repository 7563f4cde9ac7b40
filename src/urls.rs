//! Slugs and the relative links every page uses, so one output works under any sub-path and
//! from `file://`.

pub mod policy;

/// A URL segment made from a file stem: ASCII letters lowercased, spaces to `-`, characters that
/// break URLs or file names removed. Chinese characters are kept.
pub fn slugify(stem: &str) -> String {
    let mut out = String::with_capacity(stem.len());
    for c in stem.trim().chars() {
        match c {
            c if c.is_whitespace() => push_dash(&mut out),
            '/' | '\\' | '?' | '#' | '%' | ':' | '*' | '"' | '<' | '>' | '|' | '\'' | '&' | '+'
            | '=' => push_dash(&mut out),
            c if c.is_control() => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out.trim_matches('-').trim_matches('.').to_string()
}

fn push_dash(out: &mut String) {
    if !out.is_empty() && !out.ends_with('-') {
        out.push('-');
    }
}

/// Whether `s` can be used as one URL segment as written.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty() && s != "." && s != ".." && slugify(s) == s.to_lowercase() && !s.starts_with('.')
}

/// The relative link from the page whose directory is `from_dir` (site path ending in `/`, `""`
/// for the root) to the site path `to` (a directory ending in `/`, or a file). With `portable`,
/// directory links name their `index.html` so they work from `file://`.
pub fn relative(from_dir: &str, to: &str, portable: bool) -> String {
    let (to_path, fragment) = match to.find('#') {
        Some(i) => (&to[..i], &to[i..]),
        None => (to, ""),
    };
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let is_dir = to_path.is_empty() || to_path.ends_with('/');
    let target: Vec<&str> = to_path.split('/').filter(|s| !s.is_empty()).collect();
    let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut out = String::new();
    for _ in common..from.len() {
        out.push_str("../");
    }
    for (i, seg) in target[common..].iter().enumerate() {
        out.push_str(seg);
        if is_dir || i + 1 < target.len() - common {
            out.push('/');
        }
    }
    if is_dir && portable {
        out.push_str("index.html");
    } else if out.is_empty() {
        out.push_str("./");
    }
    if out
        .split('/')
        .next()
        .is_some_and(|first| first.contains(':'))
    {
        // `a:b/index.html` would be read as a URL with the scheme `a:`.
        out.insert_str(0, "./");
    }
    out.push_str(fragment);
    out
}

/// An absolute URL from `base_url` (absolute or a path prefix) and a site path.
pub fn absolute(base_url: &str, path: &str) -> String {
    format!("{}{}", base_url, path.trim_start_matches('/'))
}

/// Whether the relative path `dir` names a folder strictly inside the site root (not the root
/// itself, not above it, not absolute), so a shared site.yaml cannot make `build` write elsewhere.
pub fn is_inside(dir: &str) -> bool {
    let dir = dir.replace('\\', "/");
    if dir.starts_with('/') || dir.chars().nth(1) == Some(':') {
        return false;
    }
    let mut depth = 0i32;
    for seg in dir.split('/') {
        match seg {
            "" | "." => {}
            ".." => depth -= 1,
            _ => depth += 1,
        }
        if depth < 0 {
            return false;
        }
    }
    depth > 0
}

/// Joins `dir` and `relative` (both `/`-separated, under `content/`), folding `.` and `..`.
pub fn resolve_path(dir: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = if relative.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in relative.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_relative_to_the_file() {
        assert_eq!(
            resolve_path("cases", "photo.svg").as_deref(),
            Some("cases/photo.svg")
        );
        assert_eq!(
            resolve_path("cases/b", "../img/x.png").as_deref(),
            Some("cases/img/x.png")
        );
        assert_eq!(resolve_path("", "../x.png"), None);
    }

    #[test]
    fn slugs_keep_chinese_and_drop_unsafe() {
        assert_eq!(slugify("Hello World"), "hello-world");
        assert_eq!(slugify("安徽 宣城?案例"), "安徽-宣城-案例");
        assert_eq!(slugify("  a/b  "), "a-b");
        assert!(is_valid_slug("show-brands"));
        assert!(!is_valid_slug("a b"));
        assert!(!is_valid_slug(".."));
    }

    #[test]
    fn relative_links_between_pages() {
        assert_eq!(relative("cases/a/", "cases/b/", true), "../b/index.html");
        assert_eq!(relative("cases/a/", "cases/b/", false), "../b/");
        assert_eq!(relative("", "cases/b/", true), "cases/b/index.html");
        assert_eq!(relative("cases/a/", "", true), "../../index.html");
        assert_eq!(relative("cases/a/", "", false), "../../");
        assert_eq!(
            relative("cases/a/", "assets/site.css", true),
            "../../assets/site.css"
        );
        assert_eq!(relative("cases/a/", "cases/a/photo.svg", true), "photo.svg");
        assert_eq!(
            relative("cases/a/", "cases/photo.svg", true),
            "../photo.svg"
        );
        assert_eq!(relative("cases/a/", "cases/a/", true), "index.html");
        assert_eq!(relative("cases/a/", "cases/a/", false), "./");
        assert_eq!(
            relative("cases/", "cases/page/2/", true),
            "page/2/index.html"
        );
        assert_eq!(
            relative("cases/a/", "cases/b/#x", true),
            "../b/index.html#x"
        );
    }

    #[test]
    fn a_first_segment_with_a_colon_is_not_read_as_a_scheme() {
        assert_eq!(
            relative("", "javascript:alert(1)/", true),
            "./javascript:alert(1)/index.html"
        );
        assert_eq!(relative("cases/a/", "cases/a/x:y.pdf", true), "./x:y.pdf");
        assert_eq!(relative("cases/a/", "x:y/", true), "../../x:y/index.html");
        assert!(
            crate::urls::policy::check(
                &relative("", "javascript:alert(1)/", true),
                crate::urls::policy::Use::Link
            )
            .is_ok()
        );
    }

    #[test]
    fn output_folders_stay_inside_the_site() {
        for ok in ["public", "out/site", "a/../b", "./public"] {
            assert!(is_inside(ok), "{ok}");
        }
        for bad in [
            "",
            ".",
            "..",
            "../../../../x",
            "/tmp/x",
            "C:\\x",
            "a/../..",
            "a/../../b",
        ] {
            assert!(!is_inside(bad), "{bad}");
        }
    }

    #[test]
    fn absolute_urls_use_the_base() {
        assert_eq!(
            absolute("http://10.1.2.3/dj/", "cases/a/"),
            "http://10.1.2.3/dj/cases/a/"
        );
        assert_eq!(absolute("/dj/", "/cases/a/"), "/dj/cases/a/");
    }
}
