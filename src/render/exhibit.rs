//! The exhibition's own routes: the brand matrix, the indexes of tags, units and years, the term
//! listings' titles and breadcrumbs, the feeds, the sitemap and the 404 page. What they show is
//! computed by [`crate::exhibition`]; this module only shapes it for the templates.

use serde::Serialize;

use crate::build::Loaded;
use crate::config::Language;
use crate::content::{Kind, Site};
use crate::diagnostics::Diagnostic;
use crate::exhibition::{self, Exhibition, feeds};

use super::context::{self, Linker};

/// A route of the exhibition, scheduled by `build` like any page.
#[derive(Debug)]
pub enum Route {
    /// `/brands/`.
    BrandMatrix,
    /// `/units/`.
    UnitIndex,
    /// `/tags/`.
    TagIndex,
    /// `/years/`.
    YearIndex,
    /// `/columns/SLUG/atom.xml` (a column's index) or `/atom.xml` (`None`).
    Feed(Option<usize>),
    /// `/404.html`.
    NotFound,
    /// `/sitemap.xml` with every (site path, last modified) it lists.
    Sitemap(Vec<(String, Option<String>)>),
}

impl Route {
    /// The output path (`brands/index.html`, `columns/SLUG/atom.xml`, …).
    pub fn path(&self, site: &Site) -> String {
        match self {
            Route::BrandMatrix => "brands/index.html".into(),
            Route::UnitIndex => "units/index.html".into(),
            Route::TagIndex => "tags/index.html".into(),
            Route::YearIndex => "years/index.html".into(),
            Route::Feed(Some(c)) => format!("columns/{}/atom.xml", site.config.columns[*c].slug),
            Route::Feed(None) => "atom.xml".into(),
            Route::NotFound => "404.html".into(),
            Route::Sitemap(_) => "sitemap.xml".into(),
        }
    }

    /// The site path to list in the sitemap, for HTML routes.
    pub fn sitemap_path(&self) -> Option<String> {
        match self {
            Route::BrandMatrix => Some("brands/".into()),
            Route::UnitIndex => Some("units/".into()),
            Route::TagIndex => Some("tags/".into()),
            Route::YearIndex => Some("years/".into()),
            _ => None,
        }
    }
}

/// The routes a site has.
pub fn routes(site: &Site, ex: &Exhibition) -> Vec<Route> {
    // The indexes exist even when empty, so every page's footer can link to them.
    let _ = ex;
    let mut r = vec![
        Route::BrandMatrix,
        Route::UnitIndex,
        Route::TagIndex,
        Route::YearIndex,
    ];
    r.extend((0..site.config.columns.len()).map(|c| Route::Feed(Some(c))));
    r.push(Route::Feed(None));
    r.push(Route::NotFound);
    r
}

struct Labels {
    brands: &'static str,
    tags: &'static str,
    units: &'static str,
    years: &'static str,
}

fn labels(site: &Site) -> Labels {
    match site.config.language {
        Language::ZhCn => Labels {
            brands: "党建品牌",
            tags: "标签",
            units: "单位",
            years: "年度",
        },
        Language::En => Labels {
            brands: "Brands",
            tags: "Tags",
            units: "Units",
            years: "Years",
        },
    }
}

fn units_title(site: &Site) -> String {
    site.sections
        .get("units")
        .map(|s| s.title())
        .unwrap_or_else(|| labels(site).units.to_string())
}

fn year_title(site: &Site, y: &str) -> String {
    match site.config.language {
        Language::ZhCn => format!("{y}年"),
        Language::En => y.to_string(),
    }
}

/// A paginated term listing for `build` to schedule as a list.
pub struct Listing {
    /// Site path of its first page.
    pub path: String,
    /// Title.
    pub title: String,
    /// Breadcrumbs after 首页.
    pub crumbs: Vec<(String, Option<String>)>,
    /// Pages, newest first.
    pub pages: Vec<usize>,
}

/// The listings of every tag, every unit without a profile page (a profile page lists its
/// unit's pages itself), and every year.
pub fn listings(site: &Site, ex: &Exhibition) -> Vec<Listing> {
    let l = labels(site);
    let mut out = Vec::new();
    for t in &ex.tags {
        out.push(Listing {
            path: t.path.clone(),
            title: t.name.clone(),
            crumbs: vec![
                (l.tags.to_string(), Some("tags/".into())),
                (t.name.clone(), None),
            ],
            pages: t.pages.clone(),
        });
    }
    let ut = units_title(site);
    for u in ex.units.iter().filter(|u| u.profile.is_none()) {
        out.push(Listing {
            path: u.term.path.clone(),
            title: u.term.name.clone(),
            crumbs: vec![
                (ut.clone(), Some("units/".into())),
                (u.term.name.clone(), None),
            ],
            pages: u.term.pages.clone(),
        });
    }
    for y in &ex.years {
        let title = year_title(site, &y.name);
        out.push(Listing {
            path: y.path.clone(),
            title: title.clone(),
            crumbs: vec![(l.years.to_string(), Some("years/".into())), (title, None)],
            pages: y.pages.clone(),
        });
    }
    out
}

/// Renders one route: the output path and its text.
pub fn render(
    loaded: &Loaded,
    ex: &Exhibition,
    route: &Route,
) -> (String, Result<String, Diagnostic>) {
    let site = &loaded.site;
    match route {
        Route::BrandMatrix => (
            "brands/index.html".into(),
            loaded.theme.render("brands.html", &matrix(loaded, ex)),
        ),
        Route::UnitIndex => (
            "units/index.html".into(),
            loaded.theme.render("terms.html", &unit_index(loaded, ex)),
        ),
        Route::TagIndex => (
            "tags/index.html".into(),
            loaded.theme.render("terms.html", &tag_index(site, ex)),
        ),
        Route::YearIndex => (
            "years/index.html".into(),
            loaded.theme.render("terms.html", &year_index(site, ex)),
        ),
        Route::Feed(c) => {
            let (path, page, title, subtitle, pages) = match c {
                Some(c) => {
                    let col = &site.config.columns[*c];
                    (
                        format!("columns/{}/atom.xml", col.slug),
                        format!("columns/{}/", col.slug),
                        format!("{} - {}", col.title, site.config.title),
                        col.description.clone(),
                        site.columns.get(&col.slug).cloned().unwrap_or_default(),
                    )
                }
                None => (
                    "atom.xml".to_string(),
                    String::new(),
                    site.config.title.clone(),
                    site.config.subtitle.clone(),
                    site_feed_pages(site),
                ),
            };
            let spec = feeds::FeedSpec {
                title: &title,
                subtitle: subtitle.as_deref(),
                page: &page,
                path: &path,
            };
            let xml = feeds::atom(site, &loaded.rendered, &spec, &pages);
            (path, Ok(xml))
        }
        Route::NotFound => {
            let link = Linker::new(site, "");
            let mut ctx = context::common(site, &link, not_found_title(site), &[]);
            ctx.insert("base_href", &site.config.base_url);
            ("404.html".into(), loaded.theme.render("404.html", &ctx))
        }
        Route::Sitemap(paths) => ("sitemap.xml".into(), Ok(feeds::sitemap(site, paths))),
    }
}

fn not_found_title(site: &Site) -> &'static str {
    match site.config.language {
        Language::ZhCn => "页面不存在",
        Language::En => "Page not found",
    }
}

/// The site feed's pages: dated cases, reports and articles, newest first.
fn site_feed_pages(site: &Site) -> Vec<usize> {
    let mut v: Vec<usize> = (0..site.pages.len())
        .filter(|&i| {
            let p = &site.pages[i];
            p.meta.date.is_some() && matches!(p.kind, Kind::Case | Kind::Report | Kind::Article)
        })
        .collect();
    crate::content::sort_pages(
        &mut v,
        &site.pages,
        crate::content::frontmatter::SortBy::Date,
    );
    v.truncate(feeds::FEED_ENTRIES);
    v
}

/// A brand card as the templates see it.
#[derive(Debug, Serialize)]
pub struct Card {
    name: String,
    href: String,
    logo: Option<String>,
    slogan: Option<String>,
    unit: Option<String>,
    status: Option<&'static str>,
    year: Option<i64>,
    category: Option<String>,
}

/// The card of brand page `i`, linked from the page at `link`.
pub fn card(site: &Site, link: &Linker, i: usize) -> Card {
    let p = &site.pages[i];
    let b = p.meta.brand.clone().unwrap_or_default();
    Card {
        name: b.name.clone().unwrap_or_else(|| p.meta.title.clone()),
        href: link.to(&p.url),
        logo: b
            .logo
            .as_ref()
            .filter(|l| !l.value.contains("://"))
            .and_then(|l| p.resolve(&l.value))
            .map(|path| link.to(&path)),
        slogan: b.slogan.clone(),
        unit: p.meta.unit.clone(),
        status: b.status.map(|s| s.as_str()),
        year: b.year.or(p.meta.date.map(|d| i64::from(d.year))),
        category: b.category.clone(),
    }
}

fn matrix(loaded: &Loaded, ex: &Exhibition) -> tera::Context {
    let site = &loaded.site;
    let link = Linker::new(site, "brands/");
    let section = site.sections.get("brands");
    let title = section
        .map(|s| s.title())
        .unwrap_or_else(|| labels(site).brands.to_string());
    let mut ctx = context::common(site, &link, &title, &[(title.clone(), None)]);
    let groups = exhibition::brand_matrix(site);
    let other = match site.config.language {
        Language::ZhCn => "其他",
        Language::En => "Other",
    };
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
                            let card = card(site, &link, c.page);
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
        "matrix",
        &serde_json::json!({
            "title": title,
            "description": section.and_then(|s| s.meta.description.clone()),
            "intro": loaded.intros.get("brands").cloned().unwrap_or_default(),
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
    site: &Site,
    path: &str,
    title: &str,
    kind: &str,
    terms: Vec<serde_json::Value>,
) -> tera::Context {
    let link = Linker::new(site, path);
    let mut ctx = context::common(site, &link, title, &[(title.to_string(), None)]);
    ctx.insert(
        "terms",
        &serde_json::json!({"title": title, "kind": kind, "items": terms}),
    );
    ctx
}

fn tag_index(site: &Site, ex: &Exhibition) -> tera::Context {
    let link = Linker::new(site, "tags/");
    let terms = ex
        .tags
        .iter()
        .map(|t| serde_json::json!({"name": t.name, "href": link.to(&t.path), "count": t.pages.len()}))
        .collect();
    terms_ctx(site, "tags/", labels(site).tags, "tags", terms)
}

fn year_index(site: &Site, ex: &Exhibition) -> tera::Context {
    let link = Linker::new(site, "years/");
    let terms = ex
        .years
        .iter()
        .map(|t| serde_json::json!({"name": year_title(site, &t.name), "href": link.to(&t.path), "count": t.pages.len()}))
        .collect();
    terms_ctx(site, "years/", labels(site).years, "years", terms)
}

fn unit_index(loaded: &Loaded, ex: &Exhibition) -> tera::Context {
    let site = &loaded.site;
    let link = Linker::new(site, "units/");
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
                "profile": profile.is_some(),
            })
        })
        .collect();
    let title = units_title(site);
    let mut ctx = terms_ctx(site, "units/", &title, "units", terms);
    let section = site.sections.get("units");
    ctx.insert(
        "description",
        &section.and_then(|s| s.meta.description.clone()),
    );
    ctx.insert(
        "intro",
        &loaded.intros.get("units").cloned().unwrap_or_default(),
    );
    ctx
}
