//! Punctuation of Chinese running text after GB/T 15834-2011 (标点符号用法): Chinese text takes
//! full-width marks. Finds half-width `, : ; ? ( )` between Chinese characters, straight quotes
//! `"…"` around Chinese, `。。`, and a series that mixes `、` with a comma. Each finding carries the
//! mark to write instead.

use super::text::Segment;
use super::{Finding, at_text};
use crate::content::Page;

/// A Chinese character (CJK unified ideographs and their extensions).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2EBEF | 0xF900..=0xFAFF)
}

/// A Chinese character or a full-width mark.
fn is_cjk(c: char) -> bool {
    is_han(c) || matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF)
}

/// The finding builder of one segment.
struct Marks<'s, 'a> {
    page: &'s Page,
    seg: &'s Segment<'a>,
    chars: Vec<(usize, char)>,
}

impl Marks<'_, '_> {
    fn find(&self, rule: &'static str, k: usize, end: usize, msg: &str, fix: String) -> Finding {
        let at = self.chars[k].0;
        let stop = self.chars.get(end).map_or(self.seg.text.len(), |c| c.0);
        let mut f = at_text(
            rule,
            &self.page.file,
            self.seg.line,
            self.seg.line_text,
            self.seg.start + at,
            stop - at,
        );
        f.message = msg.to_string();
        f.suggestion = Some(fix);
        f
    }

    /// The nearest character before index `k` that is not a space.
    fn before(&self, k: usize) -> Option<char> {
        self.chars[..k]
            .iter()
            .rev()
            .map(|c| c.1)
            .find(|c| *c != ' ')
    }

    /// The nearest character after index `k` that is not a space.
    fn after(&self, k: usize) -> Option<char> {
        self.chars[k + 1..].iter().map(|c| c.1).find(|c| *c != ' ')
    }

    /// The Chinese characters right before `k` (up to a separator), and the separator.
    fn item_before(&self, k: usize) -> (usize, Option<char>) {
        let n = self.chars[..k]
            .iter()
            .rev()
            .take_while(|c| is_han(c.1))
            .count();
        (n, k.checked_sub(n + 1).map(|j| self.chars[j].1))
    }

    /// The Chinese characters right after `k` (up to a separator), and the separator.
    fn item_after(&self, k: usize) -> (usize, Option<char>) {
        let n = self.chars[k + 1..]
            .iter()
            .take_while(|c| is_han(c.1))
            .count();
        (n, self.chars.get(k + 1 + n).map(|c| c.1))
    }

    /// Whether the comma at `k` sits in a series of short items joined by `、`.
    fn in_series(&self, k: usize) -> bool {
        let (nb, sb) = self.item_before(k);
        let (na, sa) = self.item_after(k);
        let short = |n: usize| (1..=4).contains(&n);
        if self.chars[k].1 == ',' {
            (short(nb) && sb == Some('、')) || (short(na) && sa == Some('、'))
        } else {
            short(nb) && short(na) && sb == Some('、') && sa == Some('、')
        }
    }
}

/// Checks one segment.
pub(crate) fn check(page: &Page, seg: &Segment, out: &mut Vec<Finding>) {
    let hot = seg
        .text
        .bytes()
        .any(|b| matches!(b, b',' | b':' | b';' | b'?' | b'(' | b')' | b'"'))
        || seg.text.contains("。。")
        || seg.text.contains('、');
    if !hot {
        return;
    }
    let m = Marks {
        page,
        seg,
        chars: seg.text.char_indices().collect(),
    };
    let mut k = 0;
    while k < m.chars.len() {
        k = step(&m, k, out);
    }
}

/// Looks at the character at `k`; returns the next index to look at.
fn step(m: &Marks, k: usize, out: &mut Vec<Finding>) -> usize {
    let c = m.chars[k].1;
    match c {
        ',' | ':' | ';' | '?' => {
            let prev = m.before(k).is_some_and(is_cjk);
            let next = m.after(k);
            let next_ok = next.is_some_and(is_cjk) || (c == '?' && next.is_none());
            if prev && next_ok {
                out.push(comma(m, k, c));
            }
            k + 1
        }
        '，' if m.in_series(k) => {
            let msg = "并列词语之间混用了顿号和逗号";
            out.push(m.find("mixed-series", k, k + 1, msg, "、".into()));
            k + 1
        }
        '、' => {
            if let Some(&(_, n)) = m.chars.get(k + 1)
                && matches!(n, ',' | '，' | '、')
            {
                let msg = "顿号与逗号连用";
                out.push(m.find("mixed-series", k, k + 2, msg, "只保留一个“、”".into()));
                return k + 2;
            }
            k + 1
        }
        '(' => parens(m, k, out),
        '"' => quotes(m, k, out),
        '。' => {
            let run = m.chars[k..].iter().take_while(|c| c.1 == '。').count();
            if run >= 2 {
                let fix = "只保留一个“。”；表示省略用“……”".to_string();
                out.push(m.find("double-period", k, k + run, "句号重复", fix));
            }
            k + run
        }
        _ => k + 1,
    }
}

/// A half-width `, : ; ?` between Chinese characters (or a comma in a `、` series).
fn comma(m: &Marks, k: usize, c: char) -> Finding {
    if c == ',' && m.in_series(k) {
        let msg = "并列词语之间混用了顿号和半角逗号";
        return m.find("mixed-series", k, k + 1, msg, "、".into());
    }
    let full = match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        _ => '？',
    };
    let msg = format!("中文里用了半角“{c}”");
    m.find("half-width-punct", k, k + 1, &msg, full.to_string())
}

/// `(…)` around or next to Chinese text.
fn parens(m: &Marks, k: usize, out: &mut Vec<Finding>) -> usize {
    let close = m.chars[k + 1..]
        .iter()
        .position(|c| c.1 == ')' || c.1 == '(')
        .map(|p| k + 1 + p)
        .filter(|&j| m.chars[j].1 == ')');
    let Some(j) = close else {
        return k + 1;
    };
    let inner: String = m.chars[k + 1..j].iter().map(|c| c.1).collect();
    let outside = m.before(k).is_some_and(is_han) && m.after(j).is_some_and(is_han);
    if inner.chars().any(is_han) || (outside && !inner.is_empty()) {
        let msg = "中文里用了半角括号“( )”";
        out.push(m.find("half-width-punct", k, j + 1, msg, format!("（{inner}）")));
    }
    j + 1
}

/// `"…"` around Chinese text.
fn quotes(m: &Marks, k: usize, out: &mut Vec<Finding>) -> usize {
    let Some(j) = m.chars[k + 1..]
        .iter()
        .position(|c| c.1 == '"')
        .map(|p| k + 1 + p)
    else {
        return k + 1;
    };
    let inner: String = m.chars[k + 1..j].iter().map(|c| c.1).collect();
    if inner.chars().any(is_han) {
        let msg = "中文里用了直引号“\"”";
        out.push(m.find("straight-quotes", k, j + 1, msg, format!("“{inner}”")));
    }
    j + 1
}
