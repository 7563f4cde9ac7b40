//! The inspection for people at a terminal (grouped by rule, each finding with its line and
//! carets under the span) and for scripts (JSON). Returns text; the binary prints it.

use std::fmt::Write;

use serde::Serialize;

use super::{ColumnRow, ExternalLink, Finding, Inspection, RULES, rule_name};

/// Terminal columns a character takes: CJK and full-width characters two.
fn width(c: char) -> usize {
    let wide = matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

/// The line with carets under the finding's span, or nothing when it has no line.
pub fn caret(f: &Finding) -> Option<String> {
    let (line, col, text) = (f.line?, f.col?, f.text.as_ref()?);
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    let before: String = text
        .chars()
        .take(col as usize - 1)
        .map(|c| match (c, width(c)) {
            ('\t', _) => '\t',
            (_, 2) => '\u{3000}',
            _ => ' ',
        })
        .collect();
    let under: usize = text
        .chars()
        .skip(col as usize - 1)
        .take(f.len.max(1) as usize)
        .map(width)
        .sum();
    Some(format!(
        " {number} | {text}\n {pad} | {before}{}\n",
        "^".repeat(under.max(1))
    ))
}

/// One finding as text: `file:line:col: rule: message`, the line, the carets, the suggestion.
pub fn finding(f: &Finding) -> String {
    let mut out = String::new();
    let at = match (f.line, f.col) {
        (Some(l), Some(c)) => format!("{}:{l}:{c}", f.file),
        _ => f.file.to_string(),
    };
    let _ = writeln!(out, "{at}: warning[{}]: {}", f.rule, f.message);
    if let Some(c) = caret(f) {
        out.push_str(&c);
    }
    if let Some(s) = &f.suggestion {
        let _ = writeln!(out, "  建议: {s}");
    }
    out
}

/// Every finding, grouped by rule with a count for each, then a summary line; the external
/// links after them when they were asked for.
pub fn terminal(ins: &Inspection) -> String {
    let mut out = String::new();
    for (id, n) in ins.counts() {
        let _ = writeln!(out, "== {}（{id}）：{n} 处 ==", rule_name(id));
        for f in ins.findings.iter().filter(|f| f.rule == id) {
            out.push_str(&finding(f));
        }
        out.push('\n');
    }
    if !ins.external.is_empty() {
        let _ = writeln!(
            out,
            "== 外部链接：{} 个（未访问，请人工核对）==",
            ins.external.len()
        );
        for l in &ins.external {
            let _ = writeln!(out, "{}:{}:{}: {}", l.file, l.line, l.col, l.url);
        }
        out.push('\n');
    }
    out.push_str(&summary(ins));
    out
}

/// `检查结果：3 处（错别字 2，直引号 1）` or that nothing was found.
pub fn summary(ins: &Inspection) -> String {
    let counts = ins.counts();
    if counts.is_empty() {
        return format!("检查结果：未发现问题（按 {} 检查）\n", ins.today.ymd());
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(id, n)| format!("{} {n}", rule_name(id)))
        .collect();
    format!(
        "检查结果：{} 处（{}）\n",
        ins.findings.len(),
        parts.join("，")
    )
}

#[derive(Serialize)]
struct Count {
    rule: &'static str,
    name: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct Json<'a> {
    today: String,
    total: usize,
    counts: Vec<Count>,
    columns: &'a [ColumnRow],
    findings: &'a [Finding],
    #[serde(skip_serializing_if = "Option::is_none")]
    external: Option<&'a [ExternalLink]>,
}

/// The inspection as JSON: the day, the total, counts by rule (every rule, zeros included), the
/// columns, the findings, and the external links when asked for.
pub fn json(ins: &Inspection, with_external: bool) -> String {
    let counts = RULES
        .iter()
        .map(|(id, name)| Count {
            rule: id,
            name,
            count: ins.findings.iter().filter(|f| f.rule == *id).count(),
        })
        .collect();
    let doc = Json {
        today: ins.today.ymd(),
        total: ins.findings.len(),
        counts,
        columns: &ins.columns,
        findings: &ins.findings,
        external: with_external.then_some(ins.external.as_slice()),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
