//! The website inspection (迎检): what an inspector of a party or government website looks for,
//! found before the inspector does. Site health (empty and stale columns and sections, dates,
//! duplicate titles, images without alt text, external links to check by hand), wording (the
//! built-in list of common misspellings and the site's own `wording.yaml`) and punctuation in
//! Chinese running text (GB/T 15834). Reads the site model and the source files; never renders,
//! never fetches anything, never prints: the findings are returned, and [`report`] and [`html`]
//! turn them into text, JSON or a page.

mod health;
pub mod html;
mod punct;
pub mod report;
mod text;
mod wording;

use camino::Utf8PathBuf;
use rayon::prelude::*;
use serde::Serialize;

use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::fields::Date;

pub use health::{ColumnRow, Status};
pub use wording::{BUILTIN_COUNT, Rules};

/// Every rule, in report order: its id (as in JSON and `--skip`) and its Chinese name.
pub const RULES: &[(&str, &str)] = &[
    ("build", "构建警告"),
    ("empty-column", "空白栏目"),
    ("stale-column", "栏目未按期更新"),
    ("empty-section", "空白分区"),
    ("stale-section", "分区未按期更新"),
    ("future-date", "发布日期在今天之后"),
    ("updated-before-date", "更新日期早于发布日期"),
    ("duplicate-title", "同一分区标题重复"),
    ("image-alt", "图片缺少替代文字"),
    ("typo", "常见错别字"),
    ("wording", "本站表述规则"),
    ("half-width-punct", "中文里用了半角标点"),
    ("straight-quotes", "中文里用了直引号"),
    ("double-period", "句号重复"),
    ("mixed-series", "并列词语间顿号逗号混用"),
];

/// Groups of rules that `--skip` also accepts.
pub const GROUPS: &[(&str, &[&str])] = &[
    (
        "health",
        &[
            "empty-column",
            "stale-column",
            "empty-section",
            "stale-section",
            "future-date",
            "updated-before-date",
            "duplicate-title",
            "image-alt",
        ],
    ),
    ("wording", &["typo", "wording"]),
    (
        "punctuation",
        &[
            "half-width-punct",
            "straight-quotes",
            "double-period",
            "mixed-series",
        ],
    ),
];

/// The Chinese name of rule `id`.
pub fn rule_name(id: &str) -> &'static str {
    RULES
        .iter()
        .find(|(r, _)| *r == id)
        .map_or("其他", |(_, n)| n)
}

/// What to inspect.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The day the inspection pretends to run on (default: today on this machine).
    pub today: Option<Date>,
    /// Whether to list the external links.
    pub external: bool,
    /// Rules (or groups of rules) not to run.
    pub skip: Vec<String>,
}

impl Options {
    /// Whether rule `id` runs.
    pub fn runs(&self, id: &str) -> bool {
        !self.skip.iter().any(|s| {
            s == id
                || GROUPS
                    .iter()
                    .any(|(g, rules)| g == s && rules.contains(&id))
        })
    }

    /// The names `--skip` accepts.
    pub fn skippable() -> Vec<&'static str> {
        let mut names: Vec<&str> = GROUPS.iter().map(|(g, _)| *g).collect();
        names.extend(RULES.iter().skip(1).map(|(r, _)| *r));
        names.dedup();
        names
    }
}

/// One thing the inspection found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Rule id (see [`RULES`]).
    pub rule: &'static str,
    /// File, relative to the site root.
    pub file: Utf8PathBuf,
    /// 1-based file line, where there is one.
    pub line: Option<u32>,
    /// 1-based column in characters.
    pub col: Option<u32>,
    /// Characters the finding covers (for the carets).
    #[serde(skip)]
    pub len: u32,
    /// What is wrong, in Chinese.
    pub message: String,
    /// What to write instead, or what to do.
    pub suggestion: Option<String>,
    /// The text of the line.
    pub text: Option<String>,
}

/// An external link, to be checked by a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExternalLink {
    /// File, relative to the site root.
    pub file: Utf8PathBuf,
    /// 1-based file line.
    pub line: u32,
    /// 1-based column in characters.
    pub col: u32,
    /// The address.
    pub url: String,
}

/// What the inspection found.
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    /// The site's title.
    pub site: String,
    /// The day it ran as.
    pub today: Date,
    /// Every finding, sorted by rule order, file and position.
    pub findings: Vec<Finding>,
    /// Every column and section with its last update and status.
    pub columns: Vec<ColumnRow>,
    /// External links, when asked for.
    pub external: Vec<ExternalLink>,
}

impl Inspection {
    /// (rule id, count) for every rule that found something, in rule order.
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        RULES
            .iter()
            .map(|(id, _)| (*id, self.findings.iter().filter(|f| f.rule == *id).count()))
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// Adds the warnings of the build itself as findings of rule `build`, except those an
    /// inspection rule found at the same place (an image without alt text).
    pub fn add_warnings(&mut self, warnings: &[Diagnostic]) {
        for d in warnings {
            let place = (d.at.map(|a| a.line), d.at.map(|a| a.col));
            if d.at.is_some()
                && self
                    .findings
                    .iter()
                    .any(|f| f.file == d.path && (f.line, f.col) == place)
            {
                continue;
            }
            self.findings.push(Finding {
                rule: "build",
                file: d.path.clone(),
                line: d.at.map(|a| a.line),
                col: d.at.map(|a| a.col),
                len: 1,
                message: d.message.clone(),
                suggestion: d.hint.clone(),
                text: d.source_line.clone(),
            });
        }
        sort(&mut self.findings);
    }
}

/// Today's date on this machine.
pub fn today() -> Date {
    let d = jiff::Zoned::now().date();
    Date {
        year: d.year(),
        month: d.month(),
        day: d.day(),
        time: None,
    }
}

/// Inspects a loaded site. Errors are those of `wording.yaml` (read strictly).
pub fn inspect(site: &Site, opts: &Options) -> Result<Inspection, Vec<Diagnostic>> {
    let rules = Rules::load(&site.root, opts)?;
    let mut opts = opts.clone();
    opts.skip.extend(rules.off.iter().cloned());
    let opts = &opts;
    let today = opts.today.unwrap_or_else(today);
    let columns = health::columns(site, today);
    let mut findings = health::column_findings(&columns, today);
    let per_page: Vec<(Vec<Finding>, Vec<ExternalLink>)> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| page_findings(site, i, &rules, opts, today))
        .collect();
    let mut external = Vec::new();
    for (f, e) in per_page {
        findings.extend(f);
        external.extend(e);
    }
    findings.extend(health::duplicate_titles(site, opts));
    findings.retain(|f| opts.runs(f.rule));
    sort(&mut findings);
    if !opts.external {
        external.clear();
    }
    Ok(Inspection {
        site: site.config.title.clone(),
        today,
        findings,
        columns,
        external,
    })
}

/// The findings of one page: dates, images, wording, punctuation; and its external links.
fn page_findings(
    site: &Site,
    i: usize,
    rules: &Rules,
    opts: &Options,
    today: Date,
) -> (Vec<Finding>, Vec<ExternalLink>) {
    let page = &site.pages[i];
    let source = text::Source::read(site, page);
    let mut out = health::dates(page, &source, today);
    let scan = text::scan(&source);
    out.extend(health::images(page, &scan));
    let punctuation = GROUPS[2].1.iter().any(|r| opts.runs(r));
    for seg in &scan.segments {
        rules.check(page, seg, &mut out);
        if punctuation {
            punct::check(page, seg, &mut out);
        }
    }
    let links = scan
        .links
        .into_iter()
        .map(|l| ExternalLink {
            file: page.file.clone(),
            line: l.line,
            col: l.col,
            url: l.url,
        })
        .collect();
    (out, links)
}

/// Sorts findings by rule order, then file and position.
fn sort(findings: &mut [Finding]) {
    let order = |r: &str| RULES.iter().position(|(id, _)| *id == r).unwrap_or(99);
    findings.sort_by(|a, b| {
        (order(a.rule), &a.file, a.line, a.col, &a.message).cmp(&(
            order(b.rule),
            &b.file,
            b.line,
            b.col,
            &b.message,
        ))
    });
}

/// A finding with no place in a file yet.
pub(crate) fn bare(rule: &'static str, file: &Utf8PathBuf) -> Finding {
    Finding {
        rule,
        file: file.clone(),
        line: None,
        col: None,
        len: 0,
        message: String::new(),
        suggestion: None,
        text: None,
    }
}

/// A finding at `col` (0-based byte offset `at` into `line_text`) of file line `line`.
pub(crate) fn at_text(
    rule: &'static str,
    file: &Utf8PathBuf,
    line: u32,
    line_text: &str,
    at: usize,
    len_bytes: usize,
) -> Finding {
    let col = line_text[..at].chars().count() as u32 + 1;
    let len = line_text[at..at + len_bytes].chars().count().max(1) as u32;
    Finding {
        rule,
        file: file.clone(),
        line: Some(line),
        col: Some(col),
        len,
        message: String::new(),
        suggestion: None,
        text: Some(line_text.to_string()),
    }
}
