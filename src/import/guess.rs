//! Front matter guessed from how a branch's Word file looks: the title (Title style, else the
//! largest centred line at the top, else the document properties), the unit and date lines under
//! it, and the `责编`/`来源` lines at the end. Every guess says where it came from, so the page
//! can mark it `# 请核对`; a date is never invented.

use super::model::{Block, Doc, Para};

/// One guessed value and where it was found (in Chinese, for the user).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guess<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub from: String,
}

/// The fields guessed from one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guesses {
    /// `title`.
    pub title: Guess<String>,
    /// `unit`.
    pub unit: Option<Guess<String>>,
    /// `date`, `YYYY-MM-DD`.
    pub date: Option<Guess<String>>,
    /// `editors`.
    pub editors: Option<Guess<Vec<String>>>,
    /// `source`.
    pub source: Option<Guess<String>>,
}

fn guess<T>(value: T, from: impl Into<String>) -> Option<Guess<T>> {
    Some(Guess {
        value,
        from: from.into(),
    })
}

/// Guesses the front matter of `doc` and removes the lines it took from the body (title, unit,
/// date, 责编, 来源). Empty paragraphs are dropped first. `stem` is the file name without its
/// extension, the title of last resort.
pub fn guess_fields(doc: &mut Doc, stem: &str) -> Guesses {
    doc.blocks
        .retain(|b| !matches!(b, Block::Para(p) if p.is_empty()));
    let mut remove = vec![false; doc.blocks.len()];
    let (title, after_title) = guess_title(&doc.blocks, &mut remove);
    let title = title
        .or_else(|| {
            doc.core_title
                .clone()
                .and_then(|t| guess(t, "文档属性中的标题（docProps/core.xml）"))
        })
        .unwrap_or_else(|| Guess {
            value: stem.to_string(),
            from: "文件名（文档中没有找到标题）".into(),
        });
    let mut found = Found::default();
    let head_end = guess_head(&doc.blocks, after_title, &mut remove, &mut found);
    guess_ending(&doc.blocks, head_end, &mut remove, &mut found);

    let mut k = 0;
    doc.blocks.retain(|_| {
        k += 1;
        !remove[k - 1]
    });
    Guesses {
        title,
        unit: found.unit,
        date: found.date,
        editors: found.editors,
        source: found.source,
    }
}

/// The fields guessed besides the title, as the passes over the document find them.
#[derive(Default)]
struct Found {
    unit: Option<Guess<String>>,
    date: Option<Guess<String>>,
    editors: Option<Guess<Vec<String>>>,
    source: Option<Guess<String>>,
}

/// Block `i` when it is a paragraph.
fn para_at(blocks: &[Block], i: usize) -> Option<&Para> {
    match blocks.get(i) {
        Some(Block::Para(p)) => Some(p),
        _ => None,
    }
}

/// The title from the Title style, else from the centred lines at the top; with the index of
/// the first block after it (0 when there is none). Its blocks are marked in `remove`.
fn guess_title(blocks: &[Block], remove: &mut [bool]) -> (Option<Guess<String>>, usize) {
    let para = |i: usize| para_at(blocks, i);
    if let Some(i) = (0..blocks.len().min(12)).find(|&i| para(i).is_some_and(|p| p.title_style)) {
        remove[i] = true;
        return (
            guess(clean(&para(i).unwrap().text()), "标题样式（Title）"),
            i + 1,
        );
    }
    centred_title(blocks, remove)
}

/// The largest of the centred lines at the top, before the body starts, joined with the
/// centred lines of its size after it (a long title set on two lines).
fn centred_title(blocks: &[Block], remove: &mut [bool]) -> (Option<Guess<String>>, usize) {
    let para = |i: usize| para_at(blocks, i);
    let mut top = Vec::new();
    for i in 0..blocks.len().min(8) {
        match para(i) {
            Some(p) if p.centred && p.list.is_none() && !p.is_image_only() => top.push(i),
            Some(p) if p.text().chars().count() <= 40 && top.is_empty() && i < 3 => {}
            _ => break,
        }
    }
    let Some(&best) = top
        .iter()
        .max_by_key(|&&i| (para(i).unwrap().size, std::cmp::Reverse(i)))
    else {
        return (None, 0);
    };
    let size = para(best).unwrap().size;
    let mut lines = vec![clean(&para(best).unwrap().text())];
    let mut end = best + 1;
    while top.contains(&end)
        && para(end).unwrap().size == size
        && !looks_like_meta(&para(end).unwrap().text())
    {
        lines.push(clean(&para(end).unwrap().text()));
        end += 1;
    }
    for r in remove.iter_mut().take(end).skip(best) {
        *r = true;
    }
    (guess(lines.join(" "), "文档开头居中、字号最大的一段"), end)
}

/// Unit and date (and 责编, 来源): the short lines right under the title, from `after_title`.
/// Returns the index of the first block after them.
fn guess_head(
    blocks: &[Block],
    after_title: usize,
    remove: &mut [bool],
    found: &mut Found,
) -> usize {
    let mut i = after_title;
    while i < blocks.len().min(after_title + 4) {
        let Some(p) = para_at(blocks, i) else { break };
        let text = clean(&p.text());
        if text.chars().count() > 50 || p.heading.is_some() {
            break;
        }
        let n = i + 1;
        if let Some((d, rest)) = find_date(&text) {
            let rest = rest.trim_matches(|c: char| c.is_whitespace() || "（）()".contains(c));
            if rest.is_empty() || is_org(rest) {
                found.date = found
                    .date
                    .take()
                    .or_else(|| guess(d, format!("标题下第 {} 行“{text}”", n - after_title)));
                if !rest.is_empty() {
                    found.unit = found
                        .unit
                        .take()
                        .or_else(|| guess(rest.to_string(), format!("标题下一行“{text}”")));
                }
                remove[i] = true;
                i += 1;
                continue;
            }
        }
        if found.unit.is_none() && is_org(&text) {
            found.unit = guess(text.clone(), format!("标题下第 {} 行", n - after_title));
            remove[i] = true;
        } else if let Some((e, s)) = ending(&text) {
            found.editors = found
                .editors
                .take()
                .or(e.and_then(|v| guess(v, "标题下“责编”一行")));
            found.source = found
                .source
                .take()
                .or(s.and_then(|v| guess(v, "标题下“来源”一行")));
            remove[i] = true;
        } else {
            break;
        }
        i += 1;
    }
    i
}

/// The ending: 责编, 来源, and a signature date, in the last lines (from `first` at the
/// earliest), where the head did not already find them.
fn guess_ending(blocks: &[Block], first: usize, remove: &mut [bool], found: &mut Found) {
    let first_tail = blocks.len().saturating_sub(5).max(first);
    for j in (first_tail..blocks.len()).rev() {
        let Some(p) = para_at(blocks, j) else {
            continue;
        };
        let text = clean(&p.text());
        if let Some((e, s)) = ending(&text) {
            if e.is_some() && found.editors.is_none() {
                found.editors = e.and_then(|v| guess(v, "文末“责编”一行"));
            }
            if s.is_some() && found.source.is_none() {
                found.source = s.and_then(|v| guess(v, "文末“来源”一行"));
            }
            remove[j] = true;
        } else if found.date.is_none()
            && let Some((d, rest)) = find_date(&text)
            && rest
                .trim_matches(|c: char| c.is_whitespace() || "（）()".contains(c))
                .is_empty()
        {
            found.date = guess(d, format!("文末落款日期“{text}”"));
            remove[j] = true;
        }
    }
}

/// The paragraph text with its ends trimmed (the ideographic space included).
fn clean(text: &str) -> String {
    text.trim().to_string()
}

/// Whether a title-area line is a date, unit or 来源 line rather than the title's second line.
fn looks_like_meta(text: &str) -> bool {
    let t = clean(text);
    find_date(&t).is_some() || is_org(&t) || ending(&t).is_some()
}

/// Whether a short line names an organisation: `中共…委员会`, `…党支部`, `…局/委/办/处` and the like.
pub fn is_org(text: &str) -> bool {
    let t = text.trim();
    let n = t.chars().count();
    if !(3..=40).contains(&n) || t.contains(['。', '，', '；', '！', '？', '：', ':', '、'])
    {
        return false;
    }
    if t.starts_with("中共") && t.contains("委员会") {
        return true;
    }
    const ENDS: [&str; 24] = [
        "党支部",
        "党总支",
        "党委",
        "党组",
        "委员会",
        "工委",
        "支部",
        "局",
        "委",
        "办",
        "处",
        "厅",
        "院",
        "中心",
        "公司",
        "协会",
        "学校",
        "街道",
        "社区",
        "所",
        "站",
        "队",
        "部",
        "室",
    ];
    ENDS.iter().any(|e| t.ends_with(e))
}

/// A `责编：…` / `来源：…` line (in brackets or not): (editors, source).
pub fn ending(text: &str) -> Option<(Option<Vec<String>>, Option<String>)> {
    let t = text
        .trim()
        .trim_start_matches(['（', '(', '【', '['])
        .trim_end_matches(['）', ')', '】', ']'])
        .trim();
    const EDITOR_KEYS: [&str; 4] = ["责任编辑", "责编", "编辑", "审核"];
    const SOURCE_KEYS: [&str; 1] = ["来源"];
    let starts = |keys: &[&str]| {
        keys.iter()
            .find(|k| t.starts_with(*k) && t[k.len()..].trim_start().starts_with(['：', ':']))
            .is_some()
    };
    if !starts(&EDITOR_KEYS[..3]) && !starts(&SOURCE_KEYS) {
        return None;
    }
    // Split the line at every key: "来源：甲 责编：乙、丙".
    let mut marks: Vec<(usize, &str)> = Vec::new();
    for k in EDITOR_KEYS.iter().chain(SOURCE_KEYS.iter()) {
        let mut from = 0;
        while let Some(pos) = t[from..].find(k) {
            let at = from + pos;
            let after = t[at + k.len()..].trim_start();
            let covered = marks.iter().any(|(m, mk)| at >= *m && at < m + mk.len());
            if after.starts_with(['：', ':']) && !covered {
                marks.push((at, k));
            }
            from = at + k.len();
        }
    }
    marks.sort();
    marks.dedup_by(|a, b| a.0 >= b.0 && a.0 < b.0 + b.1.len());
    let mut editors = None;
    let mut source = None;
    for (n, &(at, key)) in marks.iter().enumerate() {
        let end = marks.get(n + 1).map_or(t.len(), |m| m.0);
        let value = t[at + key.len()..end]
            .trim_start()
            .trim_start_matches(['：', ':'])
            .trim()
            .trim_end_matches(['，', ',', '；', ';'])
            .trim();
        if value.is_empty() {
            continue;
        }
        if key == "来源" {
            source.get_or_insert_with(|| value.to_string());
        } else if key != "审核" {
            let names: Vec<String> = value
                .split(['、', '，', ',', '；', ';', ' ', '\u{3000}', '/'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            if !names.is_empty() {
                editors.get_or_insert(names);
            }
        }
    }
    (editors.is_some() || source.is_some()).then_some((editors, source))
}

/// The first calendar date in `text` written `YYYY年M月D日` or `YYYY-MM-DD` (also `/` and `.`),
/// full-width digits included, as `YYYY-MM-DD`, with the text around it.
pub fn find_date(text: &str) -> Option<(String, String)> {
    let chars: Vec<char> = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '－' => '-',
            '／' => '/',
            '．' => '.',
            c => c,
        })
        .collect();
    for start in 0..chars.len() {
        if start > 0 && chars[start - 1].is_ascii_digit() {
            continue;
        }
        let mut pos = start;
        let mut fields = [0u32; 3];
        let mut ok = true;
        for (f, field) in fields.iter_mut().enumerate() {
            let digits_start = pos;
            while pos < chars.len() && chars[pos].is_ascii_digit() && pos - digits_start < 4 {
                *field = *field * 10 + chars[pos].to_digit(10).unwrap_or(0);
                pos += 1;
            }
            let len = pos - digits_start;
            if (f == 0 && len != 4) || (f > 0 && !(1..=2).contains(&len)) {
                ok = false;
                break;
            }
            while pos < chars.len() && chars[pos] == ' ' {
                pos += 1;
            }
            let sep = chars.get(pos).copied();
            let want_chinese = ['年', '月', '日'][f];
            match sep {
                Some(c) if c == want_chinese => pos += 1,
                Some('-' | '/' | '.') if f < 2 => pos += 1,
                _ if f == 2 => {}
                _ => {
                    ok = false;
                    break;
                }
            }
            while pos < chars.len() && chars[pos] == ' ' {
                pos += 1;
            }
        }
        if !ok || chars.get(pos).is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        let [y, m, d] = fields;
        let (Ok(y16), Ok(m8), Ok(d8)) = (i16::try_from(y), i8::try_from(m), i8::try_from(d)) else {
            continue;
        };
        if jiff::civil::Date::new(y16, m8, d8).is_err() {
            continue;
        }
        let rest: String = chars[..start].iter().chain(&chars[pos..]).collect();
        return Some((format!("{y:04}-{m:02}-{d:02}"), rest));
    }
    None
}

/// Whether the paragraph is in the body (for tests of the guessed removals).
#[cfg(test)]
fn texts(doc: &Doc) -> Vec<String> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) => Some(p.text()),
            Block::Table(_) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::model::{Fmt, Inline, Para};
    use super::*;

    fn p(text: &str, centred: bool, size: u32) -> Block {
        Block::Para(Para {
            inlines: vec![Inline::Text(text.into(), Fmt::default())],
            centred,
            size,
            ..Para::default()
        })
    }

    #[test]
    fn dates_in_both_forms_and_full_width_digits() {
        assert_eq!(find_date("2024年5月20日").unwrap().0, "2024-05-20");
        assert_eq!(
            find_date("（２０２４年０５月２０日）").unwrap().0,
            "2024-05-20"
        );
        assert_eq!(find_date("2024-03-15").unwrap().0, "2024-03-15");
        assert_eq!(find_date("发布于 2024/3/5 上午").unwrap().0, "2024-03-05");
        assert!(find_date("2024年2月30日").is_none(), "not a calendar date");
        assert!(find_date("共12345项").is_none());
        assert!(find_date("2024年度").is_none());
    }

    #[test]
    fn units_are_organisations() {
        assert!(is_org("中共雁城市税务局委员会"));
        assert!(is_org("市税务局第三分局党支部"));
        assert!(is_org("市财政局"));
        assert!(!is_org(
            "近年来，分局党支部坚持把党建工作和税收业务同谋划。"
        ));
    }

    #[test]
    fn endings_give_editors_and_source() {
        assert_eq!(
            ending("（责编：王某、李某）"),
            Some((Some(vec!["王某".into(), "李某".into()]), None))
        );
        assert_eq!(
            ending("来源：市直机关工委"),
            Some((None, Some("市直机关工委".into())))
        );
        assert_eq!(
            ending("来源：市委组织部 责任编辑：张某"),
            Some((Some(vec!["张某".into()]), Some("市委组织部".into())))
        );
        assert_eq!(ending("来源于群众的意见"), None);
    }

    #[test]
    fn title_unit_and_date_come_off_the_top() {
        let mut doc = Doc {
            blocks: vec![
                p("深化支部建设", true, 44),
                p("中共雁城市税务局委员会", true, 32),
                p("2024年5月20日", true, 32),
                p("正文第一段。", false, 32),
                p("（责编：王某）", false, 32),
            ],
            ..Doc::default()
        };
        let g = guess_fields(&mut doc, "x");
        assert_eq!(g.title.value, "深化支部建设");
        assert_eq!(g.unit.unwrap().value, "中共雁城市税务局委员会");
        assert_eq!(g.date.unwrap().value, "2024-05-20");
        assert_eq!(g.editors.unwrap().value, vec!["王某".to_string()]);
        assert_eq!(texts(&doc), vec!["正文第一段。".to_string()]);
    }

    #[test]
    fn no_date_is_never_invented() {
        let mut doc = Doc {
            blocks: vec![p("标题", true, 44), p("正文。", false, 32)],
            core_title: Some("属性标题".into()),
            ..Doc::default()
        };
        let g = guess_fields(&mut doc, "x");
        assert_eq!(g.title.value, "标题");
        assert!(g.date.is_none());
    }
}
