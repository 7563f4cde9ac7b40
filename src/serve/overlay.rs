//! What `serve` adds to HTML as it is served (never to `build` output): the reload script, and
//! while the last rebuild failed, an overlay listing every error as the terminal shows it. Also the
//! page for paths the site does not have.

use crate::diagnostics::Diagnostic;
use crate::escape::html as escape;

/// Listens on the reload channel and reloads the page when a rebuild finished.
const SCRIPT: &str = r#"<script>(function(){if(!window.EventSource)return;var es=new EventSource("/__yanzhen/events");window.__yanzhenLive=es;es.addEventListener("reload",function(){es.close();location.reload();});})();</script>"#;

const STYLE: &str = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(32,0,0,.92);color:#fff;font:16px/1.6 system-ui,'Microsoft YaHei','PingFang SC',sans-serif;padding:2em";

/// The overlay for `errors` (empty when there are none).
pub fn overlay(errors: &[Diagnostic]) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let n = errors
        .iter()
        .filter(|d| d.severity == crate::diagnostics::Severity::Error)
        .count();
    let mut html = format!(
        "<div id=\"yanzhen-overlay\" role=\"alert\" style=\"{STYLE}\"><h1 style=\"margin:0 0 .5em;font-size:1.4em;color:#ffb4a8\">网站生成出错（{n} 处）</h1><p style=\"margin:0 0 1em\">页面仍显示上一次成功生成的内容。请按下面的提示修改并保存文件，改正后页面会自动刷新。</p>"
    );
    for d in errors {
        html.push_str("<pre style=\"white-space:pre-wrap;background:#1b1b1b;color:#f5f5f5;padding:1em;border-left:4px solid #ff6b57;font:15px/1.5 ui-monospace,Consolas,'Courier New',monospace\">");
        html.push_str(&escape(&d.to_string()));
        html.push_str("</pre>");
    }
    html.push_str("<button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"font-size:1em;padding:.3em 1em\">暂时关闭</button></div>");
    html
}

/// `html` with the reload script (and the overlay, if there are errors) before `</body>`.
pub fn inject(html: &[u8], errors: &[Diagnostic]) -> Vec<u8> {
    let addition = format!("{}{SCRIPT}", overlay(errors));
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + addition.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(addition.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let lower: Vec<u8> = hay.iter().map(u8::to_ascii_lowercase).collect();
    lower.windows(needle.len()).rposition(|w| w == needle)
}

/// The page for a path the site does not have, with the closest pages it does have.
pub fn not_found<'a>(path: &str, files: impl Iterator<Item = &'a str>) -> String {
    let wanted = path.trim_end_matches('/');
    let mut near: Vec<(f64, &str)> = files
        .filter_map(|f| f.strip_suffix("index.html"))
        .map(|f| (strsim::jaro_winkler(wanted, f.trim_end_matches('/')), f))
        .filter(|(s, _)| *s > 0.75)
        .collect();
    near.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let mut list = String::new();
    for (_, f) in near.iter().take(5) {
        let href = format!("/{f}");
        list.push_str(&format!(
            "<li><a href=\"{}\">{}</a></li>",
            escape(&href),
            escape(&href)
        ));
    }
    let suggestions = if list.is_empty() {
        String::new()
    } else {
        format!("<p>您要找的可能是：</p><ul>{list}</ul>")
    };
    format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>404 页面不存在</title></head><body style=\"font:16px/1.6 system-ui,'Microsoft YaHei',sans-serif;max-width:40em;margin:3em auto;padding:0 1em\"><h1>404：页面不存在</h1><p>预览的网站中没有 <code>/{}</code>。</p><p>页面的网址由 <code>content/</code> 下的文件路径决定：<code>content/cases/a.md</code> 在 <code>/cases/a/</code>。刚新建的文件保存后，本页会自动刷新。</p>{suggestions}<p><a href=\"/\">返回首页</a></p></body></html>",
        escape(path)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Span;

    #[test]
    fn script_and_overlay_go_before_the_body_end() {
        let html = b"<html><body><p>x</p></body></html>";
        let plain = String::from_utf8(inject(html, &[])).unwrap();
        assert!(plain.contains("<p>x</p><script>"), "{plain}");
        assert!(plain.ends_with("</script></body></html>"), "{plain}");
        assert!(!plain.contains("yanzhen-overlay"));
        let mut d = Diagnostic::error("content/cases/a.md", Some(Span::new(2, 1)), "bad <field>")
            .with_hint("fix it");
        d.source_line = Some("titel: 甲".into());
        let with = String::from_utf8(inject(html, &[d])).unwrap();
        assert!(with.contains("yanzhen-overlay"), "{with}");
        assert!(
            with.contains("content/cases/a.md:2:1: error: bad &lt;field&gt;"),
            "{with}"
        );
        assert!(with.contains("titel: 甲"), "{with}");
        assert!(with.contains("hint: fix it"), "{with}");
        assert!(with.contains("网站生成出错（1 处）"), "{with}");
    }

    #[test]
    fn not_found_suggests_near_pages() {
        let page = not_found(
            "cases/aa/",
            ["cases/a/index.html", "index.html", "x.css"].into_iter(),
        );
        assert!(page.contains("href=\"/cases/a/\""), "{page}");
        assert!(page.contains("/cases/aa/"), "{page}");
    }
}
