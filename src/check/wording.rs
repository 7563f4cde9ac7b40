//! Wording rules: the built-in list of common misspellings (`typos.tsv`, compiled from public
//! lists, see its header) and the site's own `wording.yaml`, read strictly. Literal rules are
//! matched all at once with Aho-Corasick (leftmost-longest, so a longer rule wins over a shorter
//! one inside it); pattern rules with `regex`.

use aho_corasick::{AhoCorasick, MatchKind};
use camino::Utf8Path;
use regex::Regex;

use super::text::Segment;
use super::{Finding, Options, RULES, at_text};
use crate::content::Page;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::fields::Reader;
use crate::yaml::{self, Node, Value};

/// The built-in list: `wrong<TAB>right` lines, `#` comments.
const TYPOS: &str = include_str!("typos.tsv");

/// How many built-in misspellings yanzhen knows.
pub const BUILTIN_COUNT: usize = {
    let b = TYPOS.as_bytes();
    let (mut i, mut n, mut start) = (0, 0, true);
    while i < b.len() {
        if start && b[i] != b'#' && b[i] != b'\n' {
            n += 1;
        }
        start = b[i] == b'\n';
        i += 1;
    }
    n
};

/// The built-in misspellings, as (wrong, right).
fn builtin() -> impl Iterator<Item = (&'static str, &'static str)> {
    TYPOS
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
}

/// A literal rule.
struct Literal {
    rule: &'static str,
    wrong: String,
    right: String,
    note: Option<String>,
}

/// A pattern rule of the site.
struct Pattern {
    regex: Regex,
    message: String,
}

/// The wording rules in force for a site.
pub struct Rules {
    literals: Vec<Literal>,
    matcher: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    /// Rules `wording.yaml` switched off by id (`- disable: straight-quotes`).
    pub off: Vec<String>,
}

impl Rules {
    /// The built-in rules (unless skipped) and those of `ROOT/wording.yaml`, if there is one.
    pub fn load(root: &Utf8Path, opts: &Options) -> Result<Rules, Vec<Diagnostic>> {
        let file = Utf8Path::new("wording.yaml");
        let site = match std::fs::read(root.join(file)) {
            Ok(bytes) => {
                let text = crate::content::source::decode(file, &bytes).map_err(|d| vec![d])?;
                read(file, &text)?
            }
            Err(_) => SiteRules::default(),
        };
        let runs = |id: &str| opts.runs(id) && !site.off.iter().any(|o| o == id);
        let mut literals: Vec<Literal> = Vec::new();
        if runs("wording") {
            literals.extend(site.literals);
        }
        if runs("typo") {
            let own: Vec<String> = literals.iter().map(|l| l.wrong.clone()).collect();
            let builtin = builtin()
                .filter(|(w, _)| !site.off.iter().any(|o| o == w))
                .filter(|(w, _)| !own.iter().any(|o| o == w));
            literals.extend(builtin.map(|(w, r)| Literal {
                rule: "typo",
                wrong: w.into(),
                right: r.into(),
                note: None,
            }));
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(literals.iter().map(|l| l.wrong.as_str()))
            .ok()
            .filter(|_| !literals.is_empty());
        let patterns = if runs("wording") {
            site.patterns
        } else {
            Vec::new()
        };
        let off = site.off.into_iter().filter(|o| is_rule_id(o)).collect();
        Ok(Rules {
            literals,
            matcher,
            patterns,
            off,
        })
    }

    /// Adds the findings of the wording rules in `seg`.
    pub(crate) fn check(&self, page: &Page, seg: &Segment, out: &mut Vec<Finding>) {
        let found = |rule, at: usize, len: usize| {
            at_text(
                rule,
                &page.file,
                seg.line,
                seg.line_text,
                seg.start + at,
                len,
            )
        };
        if let Some(m) = &self.matcher {
            for hit in m.find_iter(seg.text) {
                let l = &self.literals[hit.pattern().as_usize()];
                let mut f = found(l.rule, hit.start(), hit.len());
                f.message = match &l.note {
                    Some(n) => format!("“{}”应为“{}”：{n}", l.wrong, l.right),
                    None => format!("“{}”应为“{}”", l.wrong, l.right),
                };
                f.suggestion = Some(l.right.clone());
                out.push(f);
            }
        }
        for p in &self.patterns {
            for hit in p.regex.find_iter(seg.text).filter(|h| !h.is_empty()) {
                let mut f = found("wording", hit.start(), hit.len());
                f.message = format!("“{}”：{}", hit.as_str(), p.message);
                out.push(f);
            }
        }
    }
}

fn is_rule_id(name: &str) -> bool {
    RULES.iter().skip(1).any(|(id, _)| *id == name)
}

/// What a `wording.yaml` says.
#[derive(Default)]
struct SiteRules {
    literals: Vec<Literal>,
    patterns: Vec<Pattern>,
    off: Vec<String>,
}

const KEYS: &[&str] = &["wrong", "right", "note", "pattern", "message", "disable"];

/// Reads `wording.yaml` strictly: every problem with its line and column.
fn read(path: &Utf8Path, text: &str) -> Result<SiteRules, Vec<Diagnostic>> {
    let node = yaml::parse(text).map_err(|e| {
        vec![
            Diagnostic::error(path, Some(e.at), format!("invalid YAML: {}", e.message))
                .with_hint("each rule is a line `- {wrong: 错误写法, right: 正确写法}`"),
        ]
    })?;
    let mut r = Reader::new(path, 0);
    let mut out = SiteRules::default();
    match &node.value {
        Value::Seq(items) => {
            for item in items {
                read_rule(&mut r, item, &mut out);
            }
        }
        Value::Null => {}
        _ => r.error(
            node.at,
            "wording.yaml must be a list of rules",
            Some("e.g. `- {wrong: 再接再励, right: 再接再厉}` or `- {pattern: '十八大以来', message: 请核对提法}`".into()),
        ),
    }
    if r.diags.is_empty() {
        Ok(out)
    } else {
        Err(r.diags)
    }
}

/// One rule of `wording.yaml`.
fn read_rule(r: &mut Reader, item: &Node, out: &mut SiteRules) {
    let mut get: [Option<(String, &Node)>; 6] = Default::default();
    for (k, v) in r.map(item, "a wording rule", KEYS) {
        let i = KEYS.iter().position(|x| *x == k.name).unwrap_or(0);
        get[i] = r.string(v, &k.name).map(|s| (s, v));
    }
    let [wrong, right, note, pattern, message, disable] = get;
    let hint = "write `{wrong: 错误写法, right: 正确写法}`, `{pattern: 正则表达式, message: 说明}` or `{disable: 内置规则}`";
    match (wrong, pattern, disable) {
        (Some((wrong, wv)), None, None) => {
            let Some((right, _)) = right else {
                r.error(
                    item.at,
                    format!("the rule for `{wrong}` has no `right`"),
                    Some("add `right: 正确写法`".into()),
                );
                return;
            };
            if wrong.trim().is_empty() {
                r.error(wv.at, "`wrong` is empty", None);
                return;
            }
            out.literals.push(Literal {
                rule: "wording",
                wrong,
                right,
                note: note.map(|n| n.0),
            });
        }
        (None, Some((pattern, pv)), None) => match Regex::new(&pattern) {
            Ok(regex) => out.patterns.push(Pattern {
                regex,
                message: message.map_or_else(|| "本站规则要求核对".into(), |m| m.0),
            }),
            Err(e) => {
                let why = e.to_string();
                let last = why.lines().last().unwrap_or("").trim().to_string();
                r.error(pv.at, format!("`pattern` is not a valid regular expression: {last}"), Some("see https://docs.rs/regex for the syntax; escape `(`, `.` and `?` with `\\`".into()));
            }
        },
        (None, None, Some((off, ov))) => {
            if builtin().any(|(w, _)| w == off) || is_rule_id(&off) {
                out.off.push(off);
            } else {
                let ids = RULES.iter().skip(1).map(|(id, _)| *id);
                let near = did_you_mean(&off, ids.chain(builtin().map(|(w, _)| w)));
                let hint = match near {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => "name a built-in misspelling (e.g. `再接再励`) or a rule (e.g. `straight-quotes`)".into(),
                };
                r.error(ov.at, format!("`{off}` is not a built-in rule"), Some(hint));
            }
        }
        _ => r.error(
            item.at,
            "a wording rule needs exactly one of `wrong`, `pattern` or `disable`",
            Some(hint.into()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_list_is_long_clean_and_never_flags_its_own_right_forms() {
        let all: Vec<(&str, &str)> = builtin().collect();
        assert!(all.len() >= 300, "{}", all.len());
        assert_eq!(all.len(), BUILTIN_COUNT);
        let mut wrongs: Vec<&str> = all.iter().map(|p| p.0).collect();
        wrongs.sort_unstable();
        wrongs.dedup();
        assert_eq!(wrongs.len(), all.len(), "a wrong form is listed twice");
        for (w, r) in &all {
            assert_ne!(w, r);
            assert!(w.chars().count() >= 2, "{w}");
            for (_, right) in &all {
                assert!(
                    !right.contains(w),
                    "`{w}` would flag the right form `{right}`"
                );
            }
        }
    }

    #[test]
    fn wording_yaml_errors_name_line_and_column() {
        let p = Utf8Path::new("wording.yaml");
        let errs = read(
            p,
            "- {wrong: 甲}\n- {pattern: '(', message: x}\n- {disable: 再接再历}\n- {wrnog: a}\n",
        )
        .err()
        .unwrap();
        let at: Vec<String> = errs.iter().map(|d| d.location()).collect();
        assert_eq!(
            at,
            [
                "wording.yaml:1:3",
                "wording.yaml:2:13",
                "wording.yaml:3:13",
                "wording.yaml:4:4",
                "wording.yaml:4:3"
            ]
        );
        assert_eq!(errs[2].hint.as_deref(), Some("did you mean `再接再励`?"));
    }
}
