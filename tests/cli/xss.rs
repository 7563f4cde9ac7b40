//! The XSS corpus: hostile text in every field a user writes must come out escaped, and hostile
//! URLs in every field that holds a URL must be errors at their place; then a real browser opens
//! every page, clicks every link and no dialog may fire.

use std::collections::BTreeSet;
use std::path::Path;

use headless_chrome::protocol::cdp::Page;

use super::browser;
use super::fixture::Fixture;

/// Hostile text: markup, attribute and script breakouts, template syntax.
fn text_payloads() -> Vec<String> {
    let base = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "\"><script>alert(1)</script>",
        "'><img src=x onerror=alert(1)>",
        "</title><script>alert(1)</script>",
        "</textarea><script>alert(1)</script>",
        "</script><script>alert(1)</script>",
        "<iframe src=javascript:alert(1)>",
        "<body onload=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<a href=javascript:alert(1)>x</a>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<object data=javascript:alert(1)>",
        "<embed src=javascript:alert(1)>",
        "<input autofocus onfocus=alert(1)>",
        "<video><source onerror=alert(1)>",
        "<marquee onstart=alert(1)>",
        "<form action=javascript:alert(1)><button>x</button></form>",
        "<base href=javascript:alert(1)//>",
        "{{ 7*7 }}<script>alert(1)</script>",
        "{% raw %}<script>alert(1)</script>",
        "';alert(1);//",
        "\";alert(1);//",
        "\\\";alert(1);//",
        "</style><script>alert(1)</script>",
        "<!--<img src=--><img src=x onerror=alert(1)//>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<svg><script>alert(1)</script></svg>",
        "<isindex type=image src=1 onerror=alert(1)>",
    ];
    let mut out: Vec<String> = base.iter().map(|s| (*s).to_string()).collect();
    // The same payloads with a marker of their own, so each one can be found in the output.
    out.extend(base.iter().enumerate().map(|(i, s)| format!("甲{i}{s}")));
    out
}

/// Hostile URLs: every one must be refused wherever a URL is written.
fn url_payloads() -> Vec<String> {
    let scripts = [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "JAVASCRIPT:alert(1)",
        "javascript://%0aalert(1)",
        "javascript://comment%0Aalert(1)",
        "java\tscript:alert(1)",
        " javascript:alert(1)",
        "javascript:alert(document.domain)",
        "javascript:void(alert(1))",
        "javascript:/*x*/alert(1)",
        "vbscript:msgbox(1)",
        "VBScript:msgbox(1)",
        "livescript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "DATA:text/html,<script>alert(1)</script>",
        "data:application/xhtml+xml,x",
        "data:image/svg+xml,<svg onload=alert(1)>",
        "file:///etc/passwd",
        "FILE:///C:/Windows/win.ini",
        "x-unknown:alert(1)",
        "ms-its:mhtml:file://C:/x",
        "jar:http://x/y.jar!/z",
        "view-source:http://x/",
        "about:blank",
        "blob:http://x/1",
        "chrome://settings",
        "intent://x#Intent;end",
        "ftp://example.com/x",
        "wss://example.com/",
    ];
    let mut out: Vec<String> = scripts.iter().map(|s| (*s).to_string()).collect();
    out.extend(scripts.iter().enumerate().map(|(i, s)| format!("{s}//{i}")));
    out
}

/// A YAML single-quoted scalar.
fn yq(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A site with every text payload in every text field; it must build.
fn text_site() -> Fixture {
    let p = text_payloads();
    let mut yaml = format!(
        "title: {}\nsubtitle: {}\nfooter: {}\nmenu:\n  - {{title: {}, url: /}}\n  - {{section: cases, title: {}}}\n",
        yq(&p[0]),
        yq(&p[1]),
        yq(&p[2]),
        yq(&p[3]),
        yq(&p[4])
    );
    yaml.push_str("columns:\n");
    for (i, s) in p.iter().enumerate().take(10) {
        yaml.push_str(&format!("  - {{slug: c{i}, title: {}}}\n", yq(s)));
    }
    let mut site = Fixture::new().file("site.yaml", &yaml).file(
        "content/cases/_index.md",
        &format!("---\ntitle: {}\n---\n\n{}\n\n{}\n", yq(&p[5]), p[6], p[7]),
    );
    for (i, s) in p.iter().enumerate() {
        // Raw HTML with a script URL is an error (the URL test covers it): in the body, only the
        // payloads without one.
        let s = if s.contains("javascript:") {
            "正文"
        } else {
            s.as_str()
        };
        let fm = format!(
            "---\ntitle: {t}\ndate: 2024-05-{d:02}\nsummary: {t}\nunit: {t}\nbranch: {t}\nsource: {t}\nsource_url: https://example.com/?q={i}\ntags: [{t}, 标签{i}]\nauthor: {t}\n---\n\n{s}\n\n## {s}\n\n正文 {s} [链接](https://example.com/{i})\n",
            t = yq(&p[i]),
            d = i % 28 + 1
        );
        site = site.file(&format!("content/cases/p{i}.md"), &fm);
    }
    // Folder names that are allowed on every system but look like markup or scripts.
    for (i, name) in [
        "alert(1)",
        "x'onmouseover='alert(1)",
        "&lt;script&gt;",
        "#javascript",
        "%3Cscript%3E",
    ]
    .iter()
    .enumerate()
    {
        site = site.file(
            &format!("content/{name}/f{i}.md"),
            &format!("---\ntitle: 目录{i}\ndate: 2024-01-01\n---\n\n正文。\n"),
        );
    }
    site
}

/// Every value of `href`, `src`, `action`, `formaction`, `data` and `poster` in `html`, entities
/// decoded.
fn url_attrs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = html.to_ascii_lowercase();
    for attr in [
        " href=",
        " src=",
        " action=",
        " formaction=",
        " data=",
        " poster=",
    ] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(attr) {
            let start = from + i + attr.len();
            let before = &html[..from + i];
            let tag_start = before.rfind('<');
            // Inside a tag, and not inside a quoted value of an earlier attribute.
            let inside_a_tag = tag_start > before.rfind('>')
                && tag_start.is_some_and(|t| before[t..].matches('"').count().is_multiple_of(2));
            let rest = &html[start..];
            let (value, len) = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = rest[1..].find(q).map_or(rest.len() - 1, |e| e);
                    (&rest[1..1 + end], end + 2)
                }
                _ => {
                    let end = rest
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(rest.len());
                    (&rest[..end], end)
                }
            };
            if inside_a_tag {
                out.push(decode(value));
            }
            from = start + len.max(1);
        }
    }
    out
}

fn decode(s: &str) -> String {
    let mut out = s
        .replace("&amp;", "&")
        .replace("&colon;", ":")
        .replace("&Tab;", "\t");
    for (code, c) in [
        ("&#58;", ':'),
        ("&#x3a;", ':'),
        ("&#x3A;", ':'),
        ("&#106;", 'j'),
        ("&#x6a;", 'j'),
    ] {
        out = out.replace(code, &c.to_string());
    }
    out
}

/// Whether a browser would follow `url` to something other than http(s), mailto, tel or a file
/// of the site: an independent reading of the scheme (not the one yanzhen uses).
fn disallowed(url: &str) -> bool {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    let Some(colon) = cleaned.find(':') else {
        return false;
    };
    let scheme = &cleaned[..colon];
    let is_scheme = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    is_scheme
        && !["http", "https", "mailto", "tel"].contains(&scheme)
        && !(scheme == "data"
            && cleaned.starts_with("data:image/")
            && !cleaned.starts_with("data:image/svg"))
}

fn output_files(dir: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let p = e.path();
            let ext = p.extension()?.to_str()?;
            matches!(ext, "html" | "xml" | "js" | "json" | "css")
                .then(|| {
                    (
                        p.strip_prefix(dir).unwrap().display().to_string(),
                        std::fs::read_to_string(p).ok(),
                    )
                })
                .and_then(|(n, t)| Some((n, t?)))
        })
        .collect()
}

#[test]
fn text_payloads_in_every_field_come_out_escaped() {
    let site = text_site();
    assert!(text_payloads().len() >= 60);
    site.build_ok(&[]);
    let files = output_files(&site.path("public"));
    assert!(files.len() > 60, "{}", files.len());
    for (name, text) in &files {
        if name.ends_with(".html") || name.ends_with(".xml") {
            for url in url_attrs(text) {
                assert!(!disallowed(&url), "{name}: a link to `{url}`");
            }
            for p in text_payloads().iter().filter(|p| p.contains('<')) {
                assert!(
                    !text.contains(p.as_str()),
                    "{name}: the payload `{p}` is in the page as markup"
                );
            }
            let lower = text.to_ascii_lowercase();
            for tag in [
                "<script>alert",
                "<img src=x",
                "<svg onload",
                "<iframe",
                "<object",
                "<embed",
                "<body onload",
            ] {
                assert!(!lower.contains(tag), "{name}: `{tag}` is in the page");
            }
        }
        if name.ends_with(".xml") {
            roxmltree::Document::parse(text)
                .unwrap_or_else(|e| panic!("{name}: not well-formed: {e}"));
        }
    }
}

/// Every field that holds a URL, with every hostile URL: each is an error at its file.
#[test]
fn url_payloads_in_every_url_field_are_errors_at_their_place() {
    let urls = url_payloads();
    assert!(urls.len() >= 60);
    let mut body = String::new();
    let mut raw = String::new();
    let mut menu = String::from("title: 站\nmenu:\n");
    for (i, u) in urls.iter().enumerate() {
        // `<` and `>` cannot stand in a Markdown link destination: written percent-encoded, as a
        // browser would read them anyway.
        let md = u.replace('<', "%3C").replace('>', "%3E");
        body.push_str(&format!("[链接{i}](<{md}>)\n\n![图{i}](<{md}>)\n\n"));
        raw.push_str(&format!(
            "<a href=\"{}\">x</a>\n\n",
            u.replace('"', "&quot;")
        ));
        menu.push_str(&format!("  - {{title: 菜单{i}, url: {}}}\n", yq(u)));
    }
    // site.yaml is read first (its errors stop the run), so the menu has a site of its own.
    let menu_site = Fixture::site().file("site.yaml", &menu);
    let check = menu_site.run(&["check"]);
    assert_ne!(check.code, 0);
    let in_menu = check
        .stderr
        .lines()
        .filter(|l| l.starts_with("site.yaml:") && l.contains("uses the scheme"))
        .count();
    assert_eq!(in_menu, urls.len(), "{}", check.stderr);
    let mut site = Fixture::site()
        .file(
            "content/cases/body.md",
            &format!("---\ntitle: 正文\ndate: 2024-01-01\n---\n\n{body}"),
        )
        .file(
            "content/cases/raw.md",
            &format!("---\ntitle: 网页\ndate: 2024-01-01\n---\n\n{raw}"),
        )
        .file(
            "content/cases/_index.md",
            &format!("---\ntitle: 案例\n---\n\n{body}"),
        );
    for (i, u) in urls.iter().enumerate() {
        site = site.file(
            &format!("content/cases/s{i}.md"),
            &format!("---\ntitle: 来源{i}\ndate: 2024-01-01\nsource: 来源\nsource_url: {}\n---\n\n正文。\n", yq(u)),
        );
    }
    let check = site.run(&["check"]);
    assert_ne!(check.code, 0);
    let count = |file: &str| {
        check
            .stderr
            .lines()
            .filter(|l| {
                l.starts_with(&format!("{file}:"))
                    && l.contains(": error: ")
                    && l.contains("uses the scheme")
            })
            .count()
    };
    let n = urls.len();
    // `data:image/…` is allowed as an image's source (an SVG there runs no script).
    let images = urls
        .iter()
        .filter(|u| !u.starts_with("data:image/"))
        .count();
    assert_eq!(
        count("content/cases/body.md"),
        n + images,
        "{}",
        check.stderr
    );
    assert_eq!(
        count("content/cases/_index.md"),
        n + images,
        "{}",
        check.stderr
    );
    assert_eq!(count("content/cases/raw.md"), n, "{}", check.stderr);
    let sources: usize = (0..n)
        .map(|i| count(&format!("content/cases/s{i}.md")))
        .sum();
    assert_eq!(sources, n, "{}", check.stderr);
    // Errors point at the line: the first link of body.md is on line 6, of _index.md on line 5.
    assert!(
        check
            .stderr
            .contains("content/cases/body.md:6:1: error: link"),
        "{}",
        check.stderr
    );
    assert!(
        check
            .stderr
            .contains("content/cases/body.md:8:1: error: image"),
        "{}",
        check.stderr
    );
    assert!(
        check
            .stderr
            .contains("content/cases/_index.md:5:1: error: link"),
        "{}",
        check.stderr
    );
    let build = site.run(&["build"]);
    assert_ne!(build.code, 0);
    assert!(!site.exists("public/index.html"));
}

#[test]
fn a_folder_named_like_a_script_url_is_an_error_naming_it() {
    let site = Fixture::site().file(
        "content/javascript:alert(1)/a.md",
        "---\ntitle: 甲\n---\n\n正文。\n",
    );
    let check = site.run(&["check"]);
    assert_ne!(check.code, 0);
    assert!(
        check.stderr.contains("content/javascript:alert(1): error:"),
        "{}",
        check.stderr
    );
}

/// The pages of the text corpus in Chromium: every link clicked, no dialog may open.
#[test]
fn no_dialog_fires_on_load_or_on_any_click() {
    let site = text_site();
    site.build_ok(&[]);
    let public = site.path("public");
    let b = browser::Browser::start();
    let tab = b.inner.new_tab().unwrap();
    // Any dialog or script-opened print records itself in `window.name`, which survives navigation.
    let trap = "for (const f of ['alert','confirm','prompt','print']) { window[f] = function () { window.name += 'FIRED:' + f + ';'; }; }";
    tab.call_method(Page::AddScriptToEvaluateOnNewDocument {
        source: trap.to_string(),
        world_name: None,
        include_command_line_api: None,
        run_immediately: None,
    })
    .unwrap();
    // A page that must fire: the harness would see a script URL that reached a page.
    std::fs::write(
        public.join("control.html"),
        "<a href=\"javascript:alert(1)\">x</a>",
    )
    .unwrap();
    let mut pages: Vec<String> = output_files(&public)
        .into_iter()
        .filter(|(n, _)| n.ends_with(".html"))
        .map(|(n, _)| n)
        .collect();
    pages.sort();
    // The tag and unit listings repeat the same titles: their indexes and ten of each are enough.
    let mut seen = std::collections::HashMap::new();
    pages.retain(|p| {
        let top = p.split('/').next().unwrap_or("").to_string();
        let n = seen.entry(top.clone()).or_insert(0);
        *n += 1;
        !matches!(top.as_str(), "tags" | "units") || *n <= 10
    });
    // Every link of every page is clicked. Navigation to http(s), file, mailto and tel targets is
    // held back (those cannot run a script here, and every page of the site is loaded in turn);
    // any other scheme goes through, so a script URL that slipped out would run and be caught.
    let click_all = "(() => { let n = 0; const hold = e => { const a = e.target.closest('a'); \
        if (a && /^(https?|file|mailto|tel):/i.test(a.href)) e.preventDefault(); }; \
        document.addEventListener('click', hold, true); \
        for (const a of document.querySelectorAll('a[href], area[href]')) { a.click(); n++; } \
        for (const f of document.querySelectorAll('form')) { f.requestSubmit && n++; } \
        return JSON.stringify([...document.querySelectorAll('a[href]')].map(a => a.href)); })()";
    let mut clicked = BTreeSet::new();
    for page in &pages {
        let url = url::Url::from_file_path(public.join(page))
            .unwrap()
            .to_string();
        tab.navigate_to(&url)
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        let hrefs = browser::eval(&tab, click_all);
        let hrefs: Vec<String> = serde_json::from_str(hrefs.as_str().unwrap_or("[]")).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let fired = browser::eval(&tab, "window.name");
        let fired = fired.as_str().unwrap_or("").contains("FIRED");
        if page == "control.html" {
            assert!(
                fired,
                "the control page's script URL did not fire: the harness sees nothing"
            );
            tab.navigate_to("about:blank")
                .unwrap()
                .wait_until_navigated()
                .unwrap();
            browser::eval(&tab, "window.name = ''");
            continue;
        }
        assert!(!fired, "{page}: a dialog fired");
        clicked.extend(hrefs);
    }
    assert!(clicked.len() > 60, "{}", clicked.len());
}
