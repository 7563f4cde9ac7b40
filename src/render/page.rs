//! The context of a content page: the page itself (meta line, figures, cover, TOC, body), the
//! blocks of its kind (brand criteria, gallery, unit fields, a collection's contents), and what
//! the exhibition adds (linked tags and unit, collection strips, related pages, a unit's pages).

use serde_json::{Value, json};

use super::Inputs;
use super::link::{Linker, common};
use super::views::{Criterion, Image, Item, PageView, Related, TagLink, item, picture};
use crate::content::{Collection, Kind, Page};
use crate::images::THUMB_WIDTH;
use crate::markdown::BODY_SIZES;
use crate::markdown::TocEntry;
use crate::routes;

/// The context of page `i`, between `prev` and `next` in its section.
pub fn page(inp: &Inputs, i: usize, prev: Option<usize>, next: Option<usize>) -> tera::Context {
    let site = inp.site;
    let p = &site.pages[i];
    let r = &inp.bodies.pages[i];
    let link = Linker::new(inp, &p.url);
    let mut crumbs = Vec::new();
    if let Some(section) = site.sections.get(&p.section)
        && !p.section.is_empty()
    {
        crumbs.push((inp.ui.section_title(section), Some(section.url.clone())));
    }
    crumbs.push((p.meta.title.clone(), None));
    let mut ctx = common(inp, &link, &p.meta.title, &crumbs);
    let m = &p.meta;
    let toc: &[TocEntry] = if r.toc.len() >= 2 { &r.toc } else { &[] };
    let (cover, cover_pic) = match &m.cover {
        Some(c) => {
            let (href, pic) = picture(inp, p, &link, &c.value, u32::MAX, BODY_SIZES);
            (Some(href), pic)
        }
        None => (None, None),
    };
    let view = PageView {
        title: &m.title,
        kind: p.kind,
        kind_label: inp.ui.kind_label(p.kind),
        date: m.date.map(|d| d.ymd()),
        date_cn: m.date.map(|d| d.chinese()),
        updated: m.updated.map(|d| d.ymd()),
        unit: m.unit.as_deref(),
        branch: m.branch.as_deref(),
        region: m.region.as_deref(),
        authors: &m.author,
        editors: &m.editors,
        source: m.source.as_deref(),
        source_url: m.source_url.as_deref(),
        tags: &m.tags,
        figures: &m.figures,
        cover,
        cover_pic,
        toc,
        content: &r.html,
        summary: inp.bodies.summary(site, i),
        brand: brand_view(inp, p, &link),
        gallery: gallery(inp, p, &link),
        unit_profile: unit_view(p),
        collection: site
            .collection_of_page(i)
            .map(|c| collection_view(inp, p, c, &link)),
    };
    // The page's own summary describes it to search engines; highlighted code needs its sheet.
    if !view.summary.is_empty() {
        ctx.insert("description", &view.summary);
    }
    ctx.insert("has_code", &r.html.contains("class=\"hl-"));
    ctx.insert("page", &view);
    ctx.insert("prev", &nav(inp, &link, prev));
    ctx.insert("next", &nav(inp, &link, next));
    exhibit_page(inp, &link, i, &mut ctx);
    ctx
}

/// A previous/next link.
fn nav(inp: &Inputs, link: &Linker, j: Option<usize>) -> Option<Value> {
    let pages = &inp.site.pages;
    j.map(|j| json!({"title": pages[j].meta.title, "href": link.to(&pages[j].url)}))
}

/// A brand page's brand block with its criteria rows.
fn brand_view(inp: &Inputs, p: &Page, link: &Linker) -> Option<Value> {
    let m = &p.meta;
    m.brand.as_ref().map(|b| {
        let criteria: Vec<Criterion> = inp
            .site
            .config
            .brand_criteria
            .iter()
            .map(|c| Criterion {
                label: c.label.clone(),
                text: b
                    .standard
                    .iter()
                    .find(|(k, _)| *k == c.key)
                    .map(|(_, t)| t.clone()),
            })
            .collect();
        json!({
            "name": b.name.clone().unwrap_or_else(|| m.title.clone()),
            "slogan": b.slogan, "logo": b.logo.as_ref().map(|l| picture(inp, p, link, &l.value, 240, "").0),
            "category": b.category, "status": b.status.map(|s| s.as_str()), "year": b.year,
            "criteria": criteria,
        })
    })
}

/// A report's gallery.
fn gallery(inp: &Inputs, p: &Page, link: &Linker) -> Vec<Image> {
    p.meta
        .report
        .iter()
        .flat_map(|r| &r.gallery)
        .map(|g| {
            let (href, pic) = picture(inp, p, link, &g.src.value, THUMB_WIDTH, THUMB_SIZES);
            Image {
                href,
                caption: g.caption.clone(),
                pic,
            }
        })
        .collect()
}

/// How wide a gallery thumbnail shows: one column on phones, two or three from 33rem.
const THUMB_SIZES: &str = "(max-width: 33rem) calc(100vw - 2.5rem), 22rem";

/// A unit profile's fields.
fn unit_view(p: &Page) -> Option<Value> {
    let m = &p.meta;
    m.unit_profile.as_ref().map(|u| json!({
        "name": u.name.clone().unwrap_or_else(|| m.title.clone()), "type": u.org_type, "parent": u.parent,
        "secretary": u.secretary, "members": u.members, "tier": u.tier,
    }))
}

/// A collection page's contents, numbered in book order, with its print and PDF links.
fn collection_view(inp: &Inputs, p: &Page, c: &Collection, link: &Linker) -> Value {
    let site = inp.site;
    let mut n = 0;
    let parts: Vec<Value> = c
        .parts
        .iter()
        .map(|part| {
            let entries: Vec<Value> = part
                .entries
                .iter()
                .map(|&e| {
                    n += 1;
                    let ep = &site.pages[e];
                    json!({"n": n, "title": ep.meta.title, "href": link.to(&ep.url), "unit": ep.meta.unit, "date": ep.meta.date.map(|d| d.ymd())})
                })
                .collect();
            json!({"title": part.title, "entries": entries})
        })
        .collect();
    let cm = p.meta.collection.as_ref();
    let pdf = cm
        .is_some_and(|c| c.print.pdf)
        .then(|| link.to(&routes::pdf_path(site, c)));
    json!({"subtitle": cm.and_then(|c| c.subtitle.clone()), "compiler": cm.and_then(|c| c.compiler.clone()), "parts": parts, "count": n, "print_href": link.to(&format!("{}print/", p.url)), "pdf_href": pdf})
}

/// What the exhibition adds to page `i`: linked tags and unit, the strips along each collection
/// it is in, related pages, and on a unit profile the unit's brands, cases and reports.
fn exhibit_page(inp: &Inputs, link: &Linker, i: usize, ctx: &mut tera::Context) {
    let p = &inp.site.pages[i];
    let ex = inp.ex;
    let tags: Vec<TagLink> = p
        .meta
        .tags
        .iter()
        .map(|t| TagLink {
            name: t,
            href: ex.tag_path(t).map(|x| link.to(x)),
        })
        .collect();
    ctx.insert("tag_links", &tags);
    let unit_href = p
        .meta
        .unit
        .as_deref()
        .and_then(|u| ex.unit(u))
        .filter(|u| u.profile != Some(i))
        .map(|u| link.to(&u.term.path));
    ctx.insert("unit_href", &unit_href);
    ctx.insert("books", &books(inp, link, i));
    ctx.insert("related", &related(inp, link, i));
    ctx.insert("unit_listing", &unit_listing(inp, link, i));
}

/// The strip along each collection page `i` is in: the book, and the entries before and after.
fn books(inp: &Inputs, link: &Linker, i: usize) -> Vec<Value> {
    let site = inp.site;
    inp.ex
        .places(i)
        .into_iter()
        .map(|(c, prev, next)| {
            let cp = &site.pages[site.collections[c].page];
            json!({
                "label": inp.ui.in_collection.replace("{name}", &cp.meta.title),
                "title": cp.meta.title, "href": link.to(&cp.url),
                "prev": nav(inp, link, prev), "next": nav(inp, link, next),
            })
        })
        .collect()
}

/// Related pages: cases and reports for a brand, any kind for the other kinds that show them.
fn related(inp: &Inputs, link: &Linker, i: usize) -> Value {
    let site = inp.site;
    let ui = inp.ui;
    let label = match site.pages[i].kind {
        Kind::Brand => ui.related_brand,
        _ => ui.related,
    };
    let related: Vec<Related> = {
        inp.ex
            .related_shown(site, i)
            .into_iter()
            .map(|j| {
                let q = &site.pages[j];
                Related {
                    title: &q.meta.title,
                    href: link.to(&q.url),
                    date: q.meta.date.map(|d| d.ymd()),
                    unit: q.meta.unit.as_deref(),
                    kind_label: ui.kind_label(q.kind),
                }
            })
            .collect()
    };
    json!({"label": label, "items": related})
}

/// On a unit profile page: the unit's brands, cases, reports and other pages.
fn unit_listing(inp: &Inputs, link: &Linker, i: usize) -> Option<Vec<Value>> {
    let site = inp.site;
    let ui = inp.ui;
    let u = inp.ex.unit_of_profile(i)?;
    let group = |keep: &dyn Fn(Kind) -> bool, label: &str| {
        let items: Vec<Item> = u
            .term
            .pages
            .iter()
            .filter(|&&j| keep(site.pages[j].kind))
            .map(|&j| item(inp, link, j))
            .collect();
        json!({"label": label, "items": items})
    };
    let mut out: Vec<Value> = [
        (Kind::Brand, ui.unit_brands),
        (Kind::Case, ui.unit_cases),
        (Kind::Report, ui.unit_reports),
    ]
    .iter()
    .map(|&(k, label)| group(&|kind| kind == k, label))
    .collect();
    out.push(group(
        &|kind| !matches!(kind, Kind::Brand | Kind::Case | Kind::Report),
        ui.unit_others,
    ));
    Some(out)
}
