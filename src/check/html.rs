//! The inspection as one self-contained HTML page in Chinese, for a committee: a summary with a
//! bar chart (inline SVG), the table of columns with their last update and status, and every
//! finding with its line. No script, no external file: it opens offline, from a USB stick.

use std::fmt::Write;

use super::{Finding, Inspection, rule_name};
use crate::escape::html as esc;

const STYLE: &str = "body{font-family:\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.6}h1{color:#b71c1c;border-bottom:3px solid #b71c1c;padding-bottom:.3em}h2{color:#b71c1c;margin-top:2em}table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}th{background:#f6eaea}td.n{text-align:right}.ok{color:#1b5e20}.empty,.stale{color:#b71c1c;font-weight:bold}.total{font-size:1.3em}pre{background:#f7f7f7;padding:.4em .6em;margin:.3em 0;white-space:pre-wrap;font-family:inherit}mark{background:#ffcdd2;text-decoration:underline wavy #b71c1c}.at{font-family:monospace;color:#555}.fix{color:#1b5e20}li{margin-bottom:1em}";

/// The report page.
pub fn page(ins: &Inspection) -> String {
    let title = &ins.site;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>网站检查报告 · {t}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>网站检查报告</h1>\n<p>网站：{t}　检查日期：{d}　页面的日期按此日判断；外部链接未访问。</p>\n",
        t = esc(title),
        d = ins.today.ymd()
    );
    summary(&mut out, ins);
    columns(&mut out, ins);
    findings(&mut out, ins);
    external(&mut out, ins);
    out.push_str("</body>\n</html>\n");
    out
}

fn summary(out: &mut String, ins: &Inspection) {
    let counts = ins.counts();
    let _ = write!(
        out,
        "<h2>一、概况</h2>\n<p class=\"total\">共发现问题 <strong id=\"total\">{}</strong> 处。</p>\n",
        ins.findings.len()
    );
    if counts.is_empty() {
        out.push_str("<p>未发现问题。</p>\n");
        return;
    }
    out.push_str("<table id=\"counts\">\n<tr><th>问题类别</th><th>规则</th><th>数量</th></tr>\n");
    for (id, n) in &counts {
        let _ = writeln!(
            out,
            "<tr data-rule=\"{id}\"><td>{}</td><td><code>{id}</code></td><td class=\"n\">{n}</td></tr>",
            rule_name(id)
        );
    }
    out.push_str("</table>\n");
    chart(out, &counts);
}

/// A horizontal bar chart of the counts, in inline SVG.
fn chart(out: &mut String, counts: &[(&str, usize)]) {
    let max = counts.iter().map(|c| c.1).max().unwrap_or(1).max(1);
    let (label_w, bar_w, row_h) = (230.0, 560.0, 30.0);
    let height = row_h * counts.len() as f64 + 10.0;
    let _ = writeln!(
        out,
        "<svg role=\"img\" aria-label=\"各类问题数量\" width=\"{w}\" height=\"{height}\" viewBox=\"0 0 {w} {height}\" xmlns=\"http://www.w3.org/2000/svg\">",
        w = label_w + bar_w + 60.0
    );
    for (i, (id, n)) in counts.iter().enumerate() {
        let y = 5.0 + row_h * i as f64;
        let len = (bar_w * *n as f64 / max as f64).max(2.0);
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"14\">{}</text><rect x=\"{label_w}\" y=\"{y}\" width=\"{len:.1}\" height=\"{}\" fill=\"#c62828\"/><text x=\"{}\" y=\"{}\" font-size=\"14\">{n}</text>",
            label_w - 8.0,
            y + 18.0,
            rule_name(id),
            row_h - 8.0,
            label_w + len + 6.0,
            y + 18.0
        );
    }
    out.push_str("</svg>\n");
}

fn columns(out: &mut String, ins: &Inspection) {
    out.push_str("<h2>二、栏目与分区</h2>\n<table id=\"columns\">\n<tr><th>类别</th><th>名称</th><th>页面数</th><th>最近更新</th><th>更新周期</th><th>状态</th></tr>\n");
    for r in &ins.columns {
        let kind = if r.kind == "column" {
            "栏目"
        } else {
            "分区"
        };
        let last = r.last_update.map(|d| d.ymd()).unwrap_or_else(|| "—".into());
        let within = r
            .update_within
            .map(|w| w.to_string())
            .unwrap_or_else(|| "未设".into());
        let status = serde_json::to_value(r.status).unwrap_or_default();
        let _ = writeln!(
            out,
            "<tr><td>{kind}</td><td>{}（{}）</td><td class=\"n\">{}</td><td>{last}</td><td>{within}</td><td class=\"{}\">{}</td></tr>",
            esc(&r.title),
            esc(&r.name),
            r.pages,
            status.as_str().unwrap_or(""),
            r.status.label()
        );
    }
    out.push_str("</table>\n");
}

/// The line with the finding's span marked.
fn marked(f: &Finding) -> Option<String> {
    let (text, col) = (f.text.as_ref()?, f.col? as usize);
    let chars: Vec<char> = text.chars().collect();
    let start = (col - 1).min(chars.len());
    let end = (start + f.len.max(1) as usize).min(chars.len());
    let part = |a: usize, b: usize| esc(&chars[a..b].iter().collect::<String>());
    Some(format!(
        "{}<mark>{}</mark>{}",
        part(0, start),
        part(start, end),
        part(end, chars.len())
    ))
}

fn findings(out: &mut String, ins: &Inspection) {
    out.push_str("<h2>三、问题清单</h2>\n");
    for (id, n) in ins.counts() {
        let _ = writeln!(
            out,
            "<h3>{}（{n} 处）</h3>\n<ol class=\"findings\" data-rule=\"{id}\">",
            rule_name(id)
        );
        for f in ins.findings.iter().filter(|f| f.rule == id) {
            let at = match (f.line, f.col) {
                (Some(l), Some(c)) => format!("{}:{l}:{c}", f.file),
                _ => f.file.to_string(),
            };
            let _ = write!(
                out,
                "<li><span class=\"at\">{}</span>　{}",
                esc(&at),
                esc(&f.message)
            );
            if let Some(m) = marked(f) {
                let _ = write!(out, "<pre>{}　{m}</pre>", f.line.unwrap_or(0));
            }
            if let Some(s) = &f.suggestion {
                let _ = write!(out, "<div class=\"fix\">建议：{}</div>", esc(s));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n");
    }
}

fn external(out: &mut String, ins: &Inspection) {
    if ins.external.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<h2>四、外部链接（{} 个，未访问，请人工核对）</h2>\n<table id=\"external\">\n<tr><th>位置</th><th>地址</th></tr>",
        ins.external.len()
    );
    for l in &ins.external {
        let _ = writeln!(
            out,
            "<tr><td class=\"at\">{}:{}:{}</td><td>{}</td></tr>",
            esc(l.file.as_str()),
            l.line,
            l.col,
            esc(&l.url)
        );
    }
    out.push_str("</table>\n");
}
