//! The context of `/stats/` (数据统计) and the key figures the home page shares with it: the
//! exhibition's counts shaped into charts ([`super::charts`]) with a data table under each.

use serde::Serialize;
use serde_json::{Value, json};

use super::Inputs;
use super::charts::{Row, bars};
use super::link::{Linker, common};
use crate::content::Kind;
use crate::exhibition::{Count, Pair};

/// One chart and its table.
#[derive(Serialize)]
struct Chart {
    id: &'static str,
    title: &'static str,
    /// The SVG, or empty when there is nothing to count.
    svg: String,
    /// Column headers of the table; the first names the rows.
    headers: Vec<String>,
    /// Table rows: the row's name, then its numbers.
    rows: Vec<Vec<String>>,
}

/// A chart of single counts.
fn counts(inp: &Inputs, id: &'static str, title: &'static str, what: &str, c: &[Count]) -> Chart {
    let name = |c: &Count| c.name.clone().unwrap_or_else(|| inp.ui.other.to_string());
    let rows: Vec<Row> = c
        .iter()
        .map(|c| Row {
            label: name(c),
            values: vec![c.n],
        })
        .collect();
    let any = c.iter().any(|c| c.n > 0);
    Chart {
        id,
        title,
        svg: if any {
            bars(title, &[inp.ui.stats_count], &rows)
        } else {
            String::new()
        },
        headers: vec![what.to_string(), inp.ui.stats_count.to_string()],
        rows: c.iter().map(|c| vec![name(c), c.n.to_string()]).collect(),
    }
}

/// A chart of cases and reports, stacked.
fn pairs(inp: &Inputs, id: &'static str, title: &'static str, what: &str, p: &[Pair]) -> Chart {
    let ui = inp.ui;
    let rows: Vec<Row> = p
        .iter()
        .map(|p| Row {
            label: p.name.clone(),
            values: vec![p.cases, p.reports],
        })
        .collect();
    Chart {
        id,
        title,
        svg: if p.is_empty() {
            String::new()
        } else {
            bars(title, &[ui.unit_cases, ui.unit_reports], &rows)
        },
        headers: [what, ui.unit_cases, ui.unit_reports, ui.stats_total]
            .map(String::from)
            .to_vec(),
        rows: p
            .iter()
            .map(|p| {
                vec![
                    p.name.clone(),
                    p.cases.to_string(),
                    p.reports.to_string(),
                    (p.cases + p.reports).to_string(),
                ]
            })
            .collect(),
    }
}

/// The key figures of the site (cases, brands, 十佳, reports, units), each linking to `target`
/// when given, else to its own listing.
pub fn key_figures(inp: &Inputs, link: &Linker, target: Option<&str>) -> Value {
    let (ui, st, site) = (inp.ui, &inp.ex.stats, inp.site);
    let to = |own: Option<&str>| target.or(own).map(|p| link.to(p));
    let section = |s: &'static str, p: &'static str| site.sections.contains_key(s).then_some(p);
    json!([
        {"label": ui.unit_cases, "value": st.count(Kind::Case), "href": to(section("cases", "cases/"))},
        {"label": ui.unit_brands, "value": st.count(Kind::Brand), "href": to(Some("brands/"))},
        {"label": ui.stats_top, "value": st.top_brands(), "href": to(Some("brands/"))},
        {"label": ui.unit_reports, "value": st.count(Kind::Report), "href": to(section("reports", "reports/"))},
        {"label": ui.unit_index, "value": inp.ex.units.len(), "href": to(Some("units/"))},
    ])
}

/// The context of `/stats/`.
pub fn stats(inp: &Inputs) -> tera::Context {
    let (ui, st) = (inp.ui, &inp.ex.stats);
    let link = Linker::new(inp, "stats/");
    let mut ctx = common(inp, &link, ui.stats, &[(ui.stats.to_string(), None)]);
    ctx.insert("description", ui.stats_intro);
    let year_rows = |v: &[Count]| -> Vec<Count> {
        v.iter()
            .map(|c| Count {
                name: c.name.as_deref().map(|y| ui.year_title(y)),
                n: c.n,
            })
            .collect()
    };
    let charts = vec![
        counts(
            inp,
            "by-status",
            ui.stats_by_status,
            ui.status,
            &st.by_status,
        ),
        counts(
            inp,
            "by-category",
            ui.stats_by_category,
            ui.category,
            &st.by_category,
        ),
        counts(
            inp,
            "top-by-year",
            ui.stats_top_by_year,
            ui.year,
            &year_rows(&st.top_by_year),
        ),
        pairs(inp, "by-unit", ui.stats_by_unit, ui.unit, &st.by_unit),
        pairs(inp, "by-year", ui.stats_by_year, ui.year, &st.by_year),
        counts(inp, "by-tier", ui.stats_by_tier, ui.tier, &st.by_tier),
    ];
    let figures: Vec<Value> = st
        .figures
        .iter()
        .map(|f| {
            let total = if f.total.fract() == 0.0 {
                format!("{}", f.total as i64)
            } else {
                format!("{:.2}", f.total)
            };
            json!({"label": f.label, "unit": f.unit, "total": total, "pages": f.pages})
        })
        .collect();
    ctx.insert(
        "stats",
        &json!({
            "title": ui.stats, "intro": ui.stats_intro,
            "key": key_figures(inp, &link, None),
            "charts": charts, "figures": figures,
        }),
    );
    ctx
}
