//! Errors and warnings about the user's site, and the one place that formats them for people.
//!
//! Every problem found in a site becomes a [`Diagnostic`] that names the file (relative to the site
//! root), the 1-based line and column counted from the top of the file (front matter included), a
//! message, the offending line and, where we can guess the intent, a hint. Stages collect
//! diagnostics instead of stopping, so one run reports every error of the site.

use std::fmt;

use camino::{Utf8Path, Utf8PathBuf};

/// 1-based position in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// Line, counted from 1 at the top of the file.
    pub line: u32,
    /// Column in characters, counted from 1.
    pub col: u32,
}

impl Span {
    /// A position.
    pub const fn new(line: u32, col: u32) -> Self {
        Span { line, col }
    }

    /// This position moved down by `lines` (for YAML or Markdown that starts below line 1).
    pub fn shifted(self, lines: u32) -> Self {
        Span {
            line: self.line + lines,
            col: self.col,
        }
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build fails.
    Error,
    /// Reported; the build goes on.
    Warning,
}

/// One problem in the user's site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// File, relative to the site root, with `/` separators.
    pub path: Utf8PathBuf,
    /// Where in the file, if the problem has a place.
    pub at: Option<Span>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The text of the offending line, filled in by [`Diagnostics::attach_sources`].
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// An error at a place in a file.
    pub fn error(
        path: impl Into<Utf8PathBuf>,
        at: Option<Span>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            at,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    /// A warning at a place in a file.
    pub fn warning(
        path: impl Into<Utf8PathBuf>,
        at: Option<Span>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, at, message)
        }
    }

    /// An internal error (a panic caught) while yanzhen worked on `path`: `what` says what it was
    /// doing; the hint asks for a report.
    pub fn internal(path: impl Into<Utf8PathBuf>, what: impl Into<String>) -> Self {
        Diagnostic::error(path, None, what)
            .with_hint("please report this to the yanzhen developers")
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a hint if there is one.
    pub fn with_hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    /// `path:line:col` (or just `path`).
    pub fn location(&self) -> String {
        match self.at {
            Some(at) => format!("{}:{}:{}", self.path, at.line, at.col),
            None => self.path.to_string(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{}: {label}: {}", self.location(), self.message)?;
        if let (Some(at), Some(line)) = (self.at, &self.source_line) {
            let number = at.line.to_string();
            let pad = " ".repeat(number.len());
            writeln!(f, " {number} | {line}")?;
            let caret_pad: String = line
                .chars()
                .take(at.col.saturating_sub(1) as usize)
                .map(|c| {
                    if c == '\t' {
                        '\t'
                    } else if is_wide(c) {
                        '\u{3000}'
                    } else {
                        ' '
                    }
                })
                .collect();
            writeln!(f, " {pad} | {caret_pad}^")?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Wide (CJK) characters take two terminal columns; an ideographic space keeps the caret aligned.
fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// A run that found errors: all of them, with warnings, sorted by file and line.
#[derive(Debug)]
pub struct Failure {
    /// Every diagnostic.
    pub diagnostics: Vec<Diagnostic>,
}

impl Failure {
    /// Every diagnostic of `diags`, sorted, with its offending line read from the site at `root`.
    pub fn from(mut diags: Diagnostics, root: &Utf8Path) -> Failure {
        diags.sort();
        diags.attach_sources(|p| {
            std::fs::read(root.join(p))
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
        });
        Failure {
            diagnostics: diags.into_vec(),
        }
    }
}

/// How many of `diagnostics` are errors.
pub fn error_count(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
}

/// The diagnostics of one run, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Empty.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds many.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// Whether any is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// All, sorted by file and position (errors and warnings mixed, as they occur in files).
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Sorts by path, then position, and removes exact duplicates.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.path, a.at, a.severity, &a.message).cmp(&(&b.path, b.at, b.severity, &b.message))
        });
        self.items.dedup();
    }

    /// Fills in each diagnostic's offending line from `read(path)`.
    pub fn attach_sources(&mut self, read: impl Fn(&Utf8Path) -> Option<String>) {
        let mut cache: Vec<(Utf8PathBuf, Option<String>)> = Vec::new();
        for d in &mut self.items {
            let Some(at) = d.at else { continue };
            if d.source_line.is_some() {
                continue;
            }
            let text = match cache.iter().find(|(p, _)| *p == d.path) {
                Some((_, t)) => t.clone(),
                None => {
                    let t = read(&d.path);
                    cache.push((d.path.clone(), t.clone()));
                    t
                }
            };
            if let Some(text) = text {
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                d.source_line = text
                    .split('\n')
                    .nth(at.line.saturating_sub(1) as usize)
                    .map(|l| l.trim_end_matches('\r').to_string());
            }
        }
    }

    /// Consumes the collection.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

/// The closest of `candidates` to `word`, if close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(word, c);
        if score > 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// A hint "did you mean `x`?" for a near miss among `candidates`, or a list of what is allowed.
pub fn suggest(word: &str, candidates: &[&str]) -> String {
    match did_you_mean(word, candidates.iter().copied()) {
        Some(c) => format!("did you mean `{c}`?"),
        None => format!("expected one of: {}", candidates.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_suggested() {
        assert_eq!(
            did_you_mean("titel", ["title", "date", "tags"]),
            Some("title")
        );
        assert_eq!(did_you_mean("zzz", ["title", "date"]), None);
    }

    #[test]
    fn display_shows_location_line_caret_and_hint() {
        let mut ds = Diagnostics::new();
        ds.push(
            Diagnostic::error("content/a.md", Some(Span::new(2, 8)), "bad")
                .with_hint("did you mean `title`?"),
        );
        ds.attach_sources(|_| Some("---\ntitle: [1, 2]\n---\n".into()));
        let text = ds.items()[0].to_string();
        assert!(text.starts_with("content/a.md:2:8: error: bad\n"), "{text}");
        assert!(text.contains(" 2 | title: [1, 2]\n"), "{text}");
        assert!(text.contains("   |        ^\n"), "{text}");
        assert!(text.contains("hint: did you mean `title`?"), "{text}");
    }
}
