use super::*;

fn source(body: &str) -> Source {
    Source {
        text: format!("---\ntitle: \"标题\"\ntags: [党建引领, 基层治理]\n---\n{body}"),
        body_line: 5,
        whole: true,
    }
}

fn texts(s: &Scan) -> Vec<(u32, String)> {
    s.segments
        .iter()
        .map(|g| (g.line, g.text.to_string()))
        .collect()
}

#[test]
fn front_matter_values_are_text_and_keys_are_not() {
    let src = source("");
    let s = scan(&src);
    let t = texts(&s);
    assert_eq!(t[0], (2, "标题".to_string()));
    assert!(t.contains(&(3, "党建引领".to_string())), "{t:?}");
    assert!(t.contains(&(3, "基层治理".to_string())), "{t:?}");
    assert!(
        !t.iter()
            .any(|(_, x)| x.contains("title") || x.contains("tags"))
    );
}

#[test]
fn code_blocks_spans_urls_and_html_are_left_out() {
    let body = "正文一\n\n```\n代码,里面\n```\n\n    缩进代码,里面\n\n见 `代码,片段` 与 [链接](https://a.example/x,y) 及 https://b.example/p?q=1 。<span class=\"x\">文字</span>\n";
    let src = source(body);
    let s = scan(&src);
    let all: String = s.segments.iter().map(|g| g.text).collect();
    assert!(
        all.contains("正文一") && all.contains("文字") && all.contains("链接"),
        "{all}"
    );
    for gone in ["代码", "a.example", "b.example", "span", "class"] {
        assert!(!all.contains(gone), "{gone} in {all}");
    }
    let urls: Vec<&str> = s.links.iter().map(|l| l.url.as_str()).collect();
    assert_eq!(urls, ["https://a.example/x,y", "https://b.example/p?q=1"]);
    let l = &s.links[0];
    assert_eq!((l.line, l.col), (13, 18));
}

#[test]
fn list_continuations_are_text_and_images_without_alt_are_found() {
    let body = "- 第一项\n\n    续行,文字\n\n![](a.jpg) ![说明](b.jpg)\n";
    let src = source(body);
    let s = scan(&src);
    let all: String = s.segments.iter().map(|g| g.text).collect();
    assert!(all.contains("续行"), "{all}");
    assert_eq!(s.bare_images.len(), 1);
    assert_eq!((s.bare_images[0].line, s.bare_images[0].at), (9, 0));
}
