//! Typed reading of located YAML trees, collecting every problem as a diagnostic.
//!
//! `config` and `content::frontmatter` describe what they accept with these readers; the readers
//! turn wrong types, unknown keys (with "did you mean"), duplicate keys and malformed dates into
//! diagnostics that point at the exact line and column in the user's file.

use std::fmt;

use camino::{Utf8Path, Utf8PathBuf};
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Span, suggest};
use crate::yaml::{Key, Node, Value};

/// A value and where it was written, for checks made after reading (columns, images, entries).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Its position in the file (already shifted to file lines).
    pub at: Span,
}

/// A calendar date with an optional time of day; never converted between time zones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i16,
    /// Month, 1–12.
    pub month: i8,
    /// Day, 1–31.
    pub day: i8,
    /// Hour and minute, if given.
    pub time: Option<(i8, i8)>,
}

impl Date {
    /// Parses `YYYY-MM-DD` or `YYYY-MM-DD HH:MM` (also `T` between), checking the calendar.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let (day_part, time_part) = match text.find([' ', 'T']) {
            Some(i) => (&text[..i], Some(text[i + 1..].trim())),
            None => (text, None),
        };
        let mut it = day_part.split('-');
        let year: i16 = it.next()?.parse().ok()?;
        let month: i8 = it.next()?.parse().ok()?;
        let day: i8 = it.next()?.parse().ok()?;
        if it.next().is_some() || day_part.len() != 10 {
            return None;
        }
        jiff::civil::Date::new(year, month, day).ok()?;
        let time = match time_part {
            None => None,
            Some(t) => {
                let mut it = t.split(':');
                let h: i8 = it.next()?.parse().ok()?;
                let m: i8 = it.next()?.parse().ok()?;
                if let Some(s) = it.next() {
                    s.parse::<i8>().ok()?;
                }
                jiff::civil::Time::new(h, m, 0, 0).ok()?;
                Some((h, m))
            }
        };
        Some(Date {
            year,
            month,
            day,
            time,
        })
    }

    /// `YYYY-MM-DD`.
    pub fn ymd(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `2024年5月1日`.
    pub fn chinese(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    /// RFC 3339 at local midnight written as UTC+8 (China Standard Time), for feeds.
    pub fn rfc3339(&self) -> String {
        let (h, m) = self.time.unwrap_or((0, 0));
        format!("{}T{:02}:{:02}:00+08:00", self.ymd(), h, m)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.ymd())?;
        if let Some((h, m)) = self.time {
            write!(f, " {h:02}:{m:02}")?;
        }
        Ok(())
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// How long a column or section may go without a new page (`update_within: 14d`): days, weeks,
/// months or years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// `14d`.
    Days(u32),
    /// `6m`.
    Months(u32),
}

impl Period {
    /// Parses `14d`, `2w`, `6m` or `1y` (a positive number and a unit).
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        let unit = text.chars().last()?;
        let n: u32 = text[..text.len() - unit.len_utf8()].trim().parse().ok()?;
        if n == 0 || n > 10_000 {
            return None;
        }
        Some(match unit {
            'd' => Period::Days(n),
            'w' => Period::Days(n * 7),
            'm' => Period::Months(n),
            'y' => Period::Months(n * 12),
            _ => return None,
        })
    }

    /// The first day that still counts as "within" this period of `today`.
    pub fn start(self, today: Date) -> Date {
        let span = match self {
            Period::Days(n) => jiff::Span::new().days(i64::from(n)),
            Period::Months(n) => jiff::Span::new().months(i64::from(n)),
        };
        let day = jiff::civil::Date::new(today.year, today.month, today.day)
            .ok()
            .and_then(|d| d.checked_sub(span).ok());
        match day {
            Some(d) => Date {
                year: d.year(),
                month: d.month(),
                day: d.day(),
                time: None,
            },
            None => today,
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Days(n) if n % 7 == 0 => write!(f, "{}w", n / 7),
            Period::Days(n) => write!(f, "{n}d"),
            Period::Months(n) if n % 12 == 0 => write!(f, "{}y", n / 12),
            Period::Months(n) => write!(f, "{n}m"),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Reads typed values out of a located YAML tree of one file.
pub struct Reader<'a> {
    /// The file, relative to the site root.
    pub path: &'a Utf8Path,
    /// Lines above the YAML text in the file (front matter starts on line 2).
    pub offset: u32,
    /// Problems found so far.
    pub diags: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    /// A reader for YAML that starts `offset` lines below the top of `path`.
    pub fn new(path: &'a Utf8Path, offset: u32) -> Self {
        Reader {
            path,
            offset,
            diags: Vec::new(),
        }
    }

    /// The file position of a YAML position.
    pub fn at(&self, at: Span) -> Span {
        at.shifted(self.offset)
    }

    /// Records an error at a YAML position.
    pub fn error(&mut self, at: Span, message: impl Into<String>, hint: Option<String>) {
        let d = Diagnostic::error(Utf8PathBuf::from(self.path), Some(self.at(at)), message)
            .with_hint_opt(hint);
        self.diags.push(d);
    }

    /// Records a warning at a YAML position.
    pub fn warning(&mut self, at: Span, message: impl Into<String>, hint: Option<String>) {
        let d = Diagnostic::warning(Utf8PathBuf::from(self.path), Some(self.at(at)), message)
            .with_hint_opt(hint);
        self.diags.push(d);
    }

    fn wrong_type(&mut self, node: &Node, field: &str, expected: &str, hint: Option<String>) {
        self.error(
            node.at,
            format!(
                "`{field}` must be {expected}, found {}",
                node.value.type_name()
            ),
            hint,
        );
    }

    /// The entries of a mapping whose keys are all in `allowed`; unknown and repeated keys are
    /// reported (with a "did you mean" hint) and left out.
    pub fn map<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        allowed: &[&str],
    ) -> Vec<(&'n Key, &'n Node)> {
        let Value::Map(entries) = &node.value else {
            if node.value != Value::Null {
                self.wrong_type(node, what, "a mapping of `key: value` lines", None);
            }
            return Vec::new();
        };
        let mut out: Vec<(&Key, &Node)> = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            if !allowed.contains(&key.name.as_str()) {
                self.error(
                    key.at,
                    format!("unknown field `{}` in {what}", key.name),
                    Some(suggest(&key.name, allowed)),
                );
                continue;
            }
            if let Some((first, _)) = out.iter().find(|(k, _)| k.name == key.name) {
                let line = self.at(first.at).line;
                self.error(
                    key.at,
                    format!("`{}` is given twice", key.name),
                    Some(format!(
                        "the first `{}` is on line {line}; keep one",
                        key.name
                    )),
                );
                continue;
            }
            out.push((key, value));
        }
        out
    }

    /// A text value; numbers are accepted as their text (`title: 2024`).
    pub fn string(&mut self, node: &Node, field: &str) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Null => None,
            _ => {
                let hint = Some(format!(
                    "write it as text, e.g. `{field}: 文字` (quote it if it contains `: ` or starts with `[`)"
                ));
                self.wrong_type(node, field, "text", hint);
                None
            }
        }
    }

    /// The text of `field` if `ok` accepts it, else an error at it with `hint`.
    pub fn string_if(
        &mut self,
        node: &Node,
        field: &str,
        ok: fn(&str) -> bool,
        hint: &str,
    ) -> Option<String> {
        let value = self.string(node, field)?;
        if ok(&value) {
            return Some(value);
        }
        let msg = format!("`{field}: {value}` is not allowed here");
        self.error(node.at, msg, Some(hint.into()));
        None
    }

    /// A URL a page links to, checked against the URL policy (`crate::urls::policy`): a refused
    /// one is an error at its value and becomes empty (it never reaches a page).
    pub fn link_url(&mut self, node: &Node, field: &str) -> Option<String> {
        let url = self.string(node, field)?;
        match crate::urls::policy::check(&url, crate::urls::policy::Use::Link) {
            Ok(()) => Some(url),
            Err(refused) => {
                self.error(
                    node.at,
                    refused.message(&format!("`{field}`"), &url),
                    Some(refused.hint().to_string()),
                );
                Some(String::new())
            }
        }
    }

    /// A text value with its position.
    pub fn located_string(&mut self, node: &Node, field: &str) -> Option<Located<String>> {
        let at = self.at(node.at);
        self.string(node, field).map(|value| Located { value, at })
    }

    /// A list of texts; a single text is accepted as a list of one when `allow_single`.
    pub fn strings(
        &mut self,
        node: &Node,
        field: &str,
        allow_single: bool,
    ) -> Vec<Located<String>> {
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|n| self.located_string(n, field))
                .collect(),
            Value::Null => Vec::new(),
            Value::Str(_) | Value::Int(_) | Value::Float(_) if allow_single => {
                self.located_string(node, field).into_iter().collect()
            }
            _ => {
                let hint = Some(format!("write a list, e.g. `{field}: [甲, 乙]`"));
                self.wrong_type(node, field, "a list", hint);
                Vec::new()
            }
        }
    }

    /// A whole number.
    pub fn int(&mut self, node: &Node, field: &str) -> Option<i64> {
        match &node.value {
            Value::Int(i) => Some(*i),
            Value::Str(s) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
            Value::Null => None,
            _ => {
                self.wrong_type(
                    node,
                    field,
                    "a whole number",
                    Some(format!("e.g. `{field}: 10`")),
                );
                None
            }
        }
    }

    /// `true` or `false`.
    pub fn bool(&mut self, node: &Node, field: &str) -> Option<bool> {
        match &node.value {
            Value::Bool(b) => Some(*b),
            Value::Null => None,
            _ => {
                self.wrong_type(
                    node,
                    field,
                    "true or false",
                    Some(format!("e.g. `{field}: true`")),
                );
                None
            }
        }
    }

    /// A calendar date `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`.
    pub fn date(&mut self, node: &Node, field: &str) -> Option<Date> {
        let text = match &node.value {
            Value::Str(s) => s.clone(),
            Value::Null => return None,
            _ => {
                self.wrong_type(
                    node,
                    field,
                    "a date",
                    Some(format!("e.g. `{field}: 2024-05-20`")),
                );
                return None;
            }
        };
        let date = Date::parse(&text);
        if date.is_none() {
            self.error(
                node.at,
                format!("`{field}` is not a valid date: `{text}`"),
                Some(format!(
                    "write `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`, e.g. `{field}: 2024-05-20`"
                )),
            );
        }
        date
    }

    /// A period `14d`, `2w`, `6m` or `1y` (`update_within`).
    pub fn period(&mut self, node: &Node, field: &str) -> Option<Period> {
        let text = match &node.value {
            Value::Str(s) => s.clone(),
            Value::Null => return None,
            _ => String::new(),
        };
        let period = Period::parse(&text);
        if period.is_none() {
            self.error(
                node.at,
                format!("`{field}` is not a period: `{text}`"),
                Some(format!(
                    "write a number and d (days), w (weeks), m (months) or y (years), e.g. `{field}: 14d` or `{field}: 6m`"
                )),
            );
        }
        period
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_calendar_dates() {
        let d = Date::parse("2024-02-29").unwrap();
        assert_eq!(d.to_string(), "2024-02-29");
        assert_eq!(d.chinese(), "2024年2月29日");
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2024-13-01").is_none());
        assert!(Date::parse("2024-5-1").is_none());
        assert_eq!(
            Date::parse("2024-05-01 09:30").unwrap().to_string(),
            "2024-05-01 09:30"
        );
        assert!(Date::parse("2024-05-01 25:00").is_none());
    }

    #[test]
    fn periods_are_days_weeks_months_or_years() {
        assert_eq!(Period::parse("14d"), Some(Period::Days(14)));
        assert_eq!(Period::parse("2w"), Some(Period::Days(14)));
        assert_eq!(Period::parse("6m"), Some(Period::Months(6)));
        assert_eq!(Period::parse("1y"), Some(Period::Months(12)));
        for bad in ["", "d", "0d", "14", "14x", "两周", "-3d"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        let today = Date::parse("2024-03-31").unwrap();
        assert_eq!(Period::Months(1).start(today).ymd(), "2024-02-29");
        assert_eq!(Period::Days(14).start(today).ymd(), "2024-03-17");
        assert_eq!(Period::Days(14).to_string(), "2w");
    }

    #[test]
    fn a_wrong_period_names_its_line() {
        let node = crate::yaml::parse("update_within: 两周\n").unwrap();
        let mut r = Reader::new(Utf8Path::new("site.yaml"), 0);
        let Value::Map(entries) = &node.value else {
            panic!()
        };
        assert_eq!(r.period(&entries[0].1, "update_within"), None);
        assert_eq!(r.diags[0].location(), "site.yaml:1:16");
    }

    #[test]
    fn unknown_keys_get_a_hint_and_the_right_line() {
        let node = crate::yaml::parse("title: a\ntitel: b\n").unwrap();
        let path = Utf8Path::new("content/a.md");
        let mut r = Reader::new(path, 1);
        let entries = r.map(&node, "front matter", &["title", "date"]);
        assert_eq!(entries.len(), 1);
        assert_eq!(r.diags.len(), 1);
        assert_eq!(r.diags[0].at, Some(Span::new(3, 1)));
        assert_eq!(r.diags[0].hint.as_deref(), Some("did you mean `title`?"));
    }
}
