//! The contexts of the exhibition's own pages: the brand matrix, the indexes of tags, units and
//! years, and the 404 page. What they show is computed by [`crate::exhibition`]; this module
//! only shapes it for the templates.

use super::Inputs;
use super::link::{Linker, common};
use super::lists::units_title;
use super::views::{Card, card};
use crate::content::Kind;
use crate::exhibition;

/// The context of the brand matrix (`/brands/`).
pub fn matrix(inp: &Inputs) -> tera::Context {
    let (site, ex) = (inp.site, inp.ex);
    let link = Linker::new(inp, "brands/");
    let section = site.sections.get("brands");
    let title = section
        .map(|s| inp.ui.section_title(s))
        .unwrap_or_else(|| inp.ui.brands.to_string());
    let mut ctx = common(inp, &link, &title, &[(title.clone(), None)]);
    let groups = exhibition::brand_matrix(site);
    let other = inp.ui.other;
    let mut years = std::collections::BTreeSet::new();
    let mut total = 0;
    let groups: Vec<serde_json::Value> = groups
        .iter()
        .enumerate()
        .map(|(g, cat)| {
            total += cat.count();
            let units: Vec<serde_json::Value> = cat
                .units
                .iter()
                .map(|u| {
                    let cards: Vec<Card> = u
                        .cards
                        .iter()
                        .map(|c| {
                            let card = card(inp, &link, c.page);
                            if let Some(y) = card.year {
                                years.insert(y);
                            }
                            card
                        })
                        .collect();
                    let href = u
                        .unit
                        .as_deref()
                        .and_then(|n| ex.unit(n))
                        .map(|x| link.to(&x.term.path));
                    serde_json::json!({"name": u.unit, "href": href, "count": cards.len(), "cards": cards})
                })
                .collect();
            serde_json::json!({
                "title": cat.category.clone().unwrap_or_else(|| other.to_string()),
                "category": cat.category.clone().unwrap_or_default(),
                "id": format!("group-{}", g + 1),
                "count": cat.count(),
                "units": units,
            })
        })
        .collect();
    let categories: Vec<&serde_json::Value> = groups.iter().map(|g| &g["category"]).collect();
    let statuses: Vec<&str> = crate::content::frontmatter::STATUSES
        .iter()
        .rev()
        .copied()
        .collect();
    ctx.insert(
        "has_code",
        &inp.bodies.intro("brands").contains("class=\"hl-"),
    );
    ctx.insert(
        "matrix",
        &serde_json::json!({
            "title": title,
            "description": section.and_then(|s| s.meta.description.clone()),
            "intro": inp.bodies.intro("brands"),
            "groups": groups,
            "count": total,
            "statuses": statuses,
            "years": years.iter().rev().collect::<Vec<_>>(),
            "categories": categories,
            "other": other,
        }),
    );
    ctx
}

fn terms_ctx(
    inp: &Inputs,
    path: &str,
    title: &str,
    kind: &str,
    terms: Vec<serde_json::Value>,
) -> tera::Context {
    let link = Linker::new(inp, path);
    let mut ctx = common(inp, &link, title, &[(title.to_string(), None)]);
    ctx.insert(
        "terms",
        &serde_json::json!({"title": title, "kind": kind, "items": terms}),
    );
    ctx
}

/// The context of the tag index (`/tags/`).
pub fn tag_index(inp: &Inputs) -> tera::Context {
    let link = Linker::new(inp, "tags/");
    let terms = inp
        .ex
        .tags
        .iter()
        .map(|t| serde_json::json!({"name": t.name, "href": link.to(&t.path), "count": t.pages.len()}))
        .collect();
    terms_ctx(inp, "tags/", inp.ui.tag_index, "tags", terms)
}

/// The context of the year index (`/years/`).
pub fn year_index(inp: &Inputs) -> tera::Context {
    let link = Linker::new(inp, "years/");
    let terms = inp
        .ex
        .years
        .iter()
        .map(|t| serde_json::json!({"name": inp.ui.year_title(&t.name), "href": link.to(&t.path), "count": t.pages.len()}))
        .collect();
    terms_ctx(inp, "years/", inp.ui.year_index, "years", terms)
}

/// The context of the unit index (`/units/`).
pub fn unit_index(inp: &Inputs) -> tera::Context {
    let (site, ex) = (inp.site, inp.ex);
    let link = Linker::new(inp, "units/");
    let count =
        |pages: &[usize], k: Kind| pages.iter().filter(|&&i| site.pages[i].kind == k).count();
    let terms = ex
        .units
        .iter()
        .map(|u| {
            let p = &u.term.pages;
            let profile = u.profile.map(|i| &site.pages[i]);
            serde_json::json!({
                "name": u.term.name,
                "href": link.to(&u.term.path),
                "count": p.len(),
                "brands": count(p, Kind::Brand),
                "cases": count(p, Kind::Case),
                "reports": count(p, Kind::Report),
                "type": profile.and_then(|p| p.meta.unit_profile.as_ref()).and_then(|u| u.org_type.clone()),
                "members": profile.and_then(|p| p.meta.unit_profile.as_ref()).and_then(|u| u.members),
                "tier": profile.and_then(|p| p.meta.unit_profile.as_ref()).and_then(|u| u.tier.clone()),
                "profile": profile.is_some(),
            })
        })
        .collect();
    let title = units_title(inp);
    let mut ctx = terms_ctx(inp, "units/", &title, "units", terms);
    let section = site.sections.get("units");
    ctx.insert(
        "description",
        &section.and_then(|s| s.meta.description.clone()),
    );
    ctx.insert("intro", &inp.bodies.intro("units"));
    ctx.insert(
        "has_code",
        &inp.bodies.intro("units").contains("class=\"hl-"),
    );
    ctx
}

/// The context of the 404 page, which resolves its links against `base_url`.
pub fn not_found(inp: &Inputs) -> tera::Context {
    let link = Linker::new(inp, "");
    let mut ctx = common(inp, &link, inp.ui.not_found, &[]);
    ctx.insert("base_href", &inp.site.config.base_url);
    ctx
}
