//! The contexts of the list pages: section, column and term listings with their pager, the
//! home page, and the search page.

use serde_json::{Value, json};

use super::Inputs;
use super::link::{Link, Linker, common};
use super::views::{Card, Item, Pager, card, item, pager_window};
use crate::content::Kind;
use crate::routes::{ListPlan, ListSource, list_page_path};

/// What a list shows apart from its entries, derived from where they come from.
struct Heading {
    title: String,
    description: Option<String>,
    intro: String,
    /// Breadcrumbs after 首页.
    crumbs: Vec<(String, Option<String>)>,
}

fn heading(inp: &Inputs, plan: &ListPlan) -> Heading {
    let (site, ui, ex) = (inp.site, inp.ui, inp.ex);
    let term = |title: String, index: &str, index_path: &str| Heading {
        title: title.clone(),
        description: None,
        intro: String::new(),
        crumbs: vec![(index.to_string(), Some(index_path.into())), (title, None)],
    };
    match &plan.source {
        ListSource::Section(path) => {
            let s = &site.sections[path];
            let mut crumbs = Vec::new();
            let mut acc = String::new();
            let parts: Vec<&str> = s.path.split('/').collect();
            for (k, seg) in parts.iter().enumerate() {
                acc.push_str(seg);
                acc.push('/');
                if k + 1 < parts.len() {
                    let t = site
                        .sections
                        .get(acc.trim_end_matches('/'))
                        .map(|x| ui.section_title(x))
                        .unwrap_or_else(|| seg.to_string());
                    crumbs.push((t, Some(acc.clone())));
                }
            }
            crumbs.push((ui.section_title(s), None));
            Heading {
                title: ui.section_title(s),
                description: s.meta.description.clone(),
                intro: inp.bodies.intro(path).to_string(),
                crumbs,
            }
        }
        ListSource::Column(c) => {
            let c = &site.config.columns[*c];
            Heading {
                title: c.title.clone(),
                description: c.description.clone(),
                intro: String::new(),
                crumbs: vec![(c.title.clone(), None)],
            }
        }
        ListSource::Tag(t) => term(ex.tags[*t].name.clone(), ui.tag_index, "tags/"),
        ListSource::Unit(u) => term(ex.units[*u].term.name.clone(), &units_title(inp), "units/"),
        ListSource::Year(y) => term(ui.year_title(&ex.years[*y].name), ui.year_index, "years/"),
    }
}

/// The title of the units index: the `units` section's, else the UI's.
pub fn units_title(inp: &Inputs) -> String {
    inp.site
        .sections
        .get("units")
        .map(|s| inp.ui.section_title(s))
        .unwrap_or_else(|| inp.ui.unit_index.to_string())
}

/// The context of page `n` of a list (section, column or term).
pub fn list(inp: &Inputs, plan: &ListPlan, n: usize) -> tera::Context {
    let h = heading(inp, plan);
    let total = plan.total();
    let path = list_page_path(&plan.base, n);
    let link = Linker::new(inp, &path);
    let mut crumbs = h.crumbs;
    if n > 1 {
        let last = crumbs.pop().map(|(t, _)| t).unwrap_or_default();
        crumbs.push((last, Some(plan.base.clone())));
        crumbs.push((inp.ui.page_label(n), None));
    }
    let mut ctx = common(inp, &link, &h.title, &crumbs);
    if let Some(d) = &h.description {
        ctx.insert("description", d);
    }
    ctx.insert("has_code", &(n == 1 && h.intro.contains("class=\"hl-")));
    let entries: Vec<Item> = plan.slice(n).iter().map(|&i| item(inp, &link, i)).collect();
    ctx.insert("list", &json!({
        "title": h.title, "description": h.description, "intro": if n == 1 { h.intro.as_str() } else { "" },
        "items": entries, "count": plan.items.len(),
    }));
    ctx.insert("pager", &pager(&link, &plan.base, n, total));
    if plan.base.starts_with("columns/") {
        ctx.insert("feed", &link.to(&format!("{}atom.xml", plan.base)));
    }
    ctx
}

/// The pager of page `n` of `total` of the list at `base`.
fn pager(link: &Linker, base: &str, n: usize, total: usize) -> Pager {
    Pager {
        current: n,
        total,
        prev: (n > 1).then(|| link.to(&list_page_path(base, n - 1))),
        next: (n < total).then(|| link.to(&list_page_path(base, n + 1))),
        pages: pager_window(n, total)
            .into_iter()
            .map(|k| match k {
                Some(k) => Link {
                    title: k.to_string(),
                    href: link.to(&list_page_path(base, k)),
                    active: k == n,
                },
                None => Link {
                    title: "…".to_string(),
                    href: String::new(),
                    active: false,
                },
            })
            .collect(),
    }
}

/// The context of the home page.
pub fn home(inp: &Inputs) -> tera::Context {
    let (site, ui) = (inp.site, inp.ui);
    let link = Linker::new(inp, "");
    let mut ctx = common(inp, &link, &site.config.title, &[]);
    let sections: Vec<Value> = site
        .sections
        .values()
        .filter(|s| {
            !s.path.is_empty()
                && !s.path.contains('/')
                && !s.pages.is_empty()
                && !crate::exhibition::REPLACED_SECTIONS.contains(&s.path.as_str())
                && !site.config.columns.iter().any(|c| c.title == ui.section_title(s))
        })
        .map(|s| {
            let items: Vec<Item> = s.pages.iter().take(5).map(|&i| item(inp, &link, i)).collect();
            json!({"title": ui.section_title(s), "href": link.to(&s.url), "items": items, "count": s.pages.len()})
        })
        .collect();
    let columns: Vec<Value> = site
        .config
        .columns
        .iter()
        .map(|c| {
            let pages = &site.columns[&c.slug];
            let items: Vec<Item> = pages.iter().take(5).map(|&i| item(inp, &link, i)).collect();
            json!({"title": c.title, "description": c.description, "href": link.to(&format!("columns/{}/", c.slug)), "items": items, "count": pages.len()})
        })
        .collect();
    ctx.insert("sections", &sections);
    ctx.insert("columns", &columns);
    ctx.insert("figures", &super::stats::key_figures(inp, &link, None));
    ctx.insert("stats_href", &link.to("stats/"));
    let featured: Vec<Card> = crate::exhibition::featured_brands(site, 6)
        .into_iter()
        .map(|i| card(inp, &link, i))
        .collect();
    ctx.insert("featured", &featured);
    ctx.insert(
        "brands_href",
        &site
            .pages
            .iter()
            .any(|p| p.kind == Kind::Brand)
            .then(|| link.to("brands/")),
    );
    ctx
}

/// The context of the search page (`/search/`); the results are made by `search.js` in the
/// browser from `search/index.js`.
pub fn search(inp: &Inputs) -> tera::Context {
    let link = Linker::new(inp, "search/");
    let title = inp.ui.search;
    let mut ctx = common(inp, &link, title, &[(title.to_string(), None)]);
    let label = |k: &Kind| json!({"name": k.name(), "label": inp.ui.kind_label(*k)});
    // Every kind the index holds has a filter; search.js hides those without results.
    let kinds: Vec<Value> = [
        Kind::Case,
        Kind::Brand,
        Kind::Report,
        Kind::Article,
        Kind::Unit,
        Kind::Collection,
    ]
    .iter()
    .map(label)
    .collect();
    ctx.insert("kinds", &kinds);
    ctx.insert("kind_labels", &kinds);
    ctx
}
