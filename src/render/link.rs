//! Links between pages, and what every page's template gets: the site globals, the menu, the
//! breadcrumbs and the footer's index links. Every link is relative to the page it goes into.

use serde::Serialize;

use super::Inputs;
use super::ui::{lang_tag, ui};
use crate::config::MenuItem;
use crate::content::Site;
use crate::urls;

/// A labelled link.
#[derive(Debug, Serialize)]
pub struct Link {
    /// Label.
    pub title: String,
    /// Relative href (empty for the current page).
    pub href: String,
    /// Whether it is the current place.
    pub active: bool,
}

/// Links from one page.
pub struct Linker<'a> {
    /// The site path of the page (`cases/a/`).
    pub from: &'a str,
    portable: bool,
}

impl<'a> Linker<'a> {
    /// Links from the page at site path `from`.
    pub fn new(inp: &Inputs, from: &'a str) -> Self {
        Linker {
            from,
            portable: inp.portable,
        }
    }

    /// The relative href of a site path.
    pub fn to(&self, site_path: &str) -> String {
        urls::relative(self.from, site_path, self.portable)
    }
}

/// The values that are the same on every page, set once as Tera's global context.
pub fn globals(site: &Site) -> tera::Context {
    let mut ctx = tera::Context::new();
    let c = &site.config;
    ctx.insert(
        "site",
        &serde_json::json!({
            "title": c.title, "subtitle": c.subtitle, "footer": c.footer,
        }),
    );
    ctx.insert("lang", lang_tag(c.language));
    ctx.insert("ui", ui(c.language));
    ctx
}

/// The values every template gets that depend on the page.
pub fn common(
    inp: &Inputs,
    link: &Linker,
    title: &str,
    crumbs: &[(String, Option<String>)],
) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("title", title);
    ctx.insert("home", &link.to(""));
    ctx.insert(
        "assets",
        &link
            .to("assets/")
            .trim_end_matches("index.html")
            .to_string(),
    );
    ctx.insert("icon", &link.to(&inp.icon));
    ctx.insert("description", &inp.site.config.subtitle);
    ctx.insert("has_code", &false);
    ctx.insert("menu", &menu(inp, link));
    ctx.insert("search_href", &link.to("search/"));
    let mut bc = vec![Link {
        title: inp.ui.home.to_string(),
        href: link.to(""),
        active: false,
    }];
    for (t, p) in crumbs {
        bc.push(Link {
            title: t.clone(),
            href: p.as_deref().map(|p| link.to(p)).unwrap_or_default(),
            active: p.is_none(),
        });
    }
    ctx.insert("breadcrumbs", &bc);
    ctx.insert(
        "indexes",
        &Indexes {
            brands: link.to("brands/"),
            units: link.to("units/"),
            tags: link.to("tags/"),
            years: link.to("years/"),
            feed: link.to("atom.xml"),
            stats: link.to("stats/"),
        },
    );
    ctx
}

/// Links to the exhibition's indexes, in every page's footer.
#[derive(Serialize)]
struct Indexes {
    brands: String,
    units: String,
    tags: String,
    years: String,
    feed: String,
    stats: String,
}

/// The (title, path) of each menu entry: site.yaml's `menu`, or, for a site without one, 首页,
/// the top-level sections that have pages (the usual ones first) and the declared columns.
fn menu_entries(inp: &Inputs) -> Vec<(String, String)> {
    let site = inp.site;
    let section = |key: &str, title: Option<&String>| {
        let t = title
            .cloned()
            .or_else(|| site.sections.get(key).map(|s| inp.ui.section_title(s)))
            .unwrap_or_else(|| key.to_string());
        (t, format!("/{key}/"))
    };
    let column = |slug: &str, title: Option<&String>| {
        let t = title
            .cloned()
            .or_else(|| site.config.column(slug).map(|c| c.title.clone()))
            .unwrap_or_else(|| slug.to_string());
        (t, format!("/columns/{slug}/"))
    };
    if site.config.menu.is_empty() {
        const USUAL: &[&str] = &["cases", "brands", "reports", "units", "collections"];
        let mut sections: Vec<&str> = site
            .sections
            .values()
            .filter(|s| !s.path.is_empty() && !s.path.contains('/') && !s.pages.is_empty())
            .map(|s| s.path.as_str())
            .collect();
        sections.sort_by_key(|p| (USUAL.iter().position(|u| u == p).unwrap_or(USUAL.len()), *p));
        let mut out = vec![(inp.ui.home.to_string(), "/".to_string())];
        out.extend(sections.into_iter().map(|p| section(p, None)));
        out.extend(site.config.columns.iter().map(|c| column(&c.slug, None)));
        return out;
    }
    site.config
        .menu
        .iter()
        .map(|item| match item {
            MenuItem::Link { title, url } => (title.clone(), url.clone()),
            MenuItem::Column { slug, title } => column(slug, title.as_ref()),
            MenuItem::Section { name, title } => {
                section(name.value.trim_matches('/'), title.as_ref())
            }
        })
        .collect()
}

fn menu(inp: &Inputs, link: &Linker) -> Vec<Link> {
    let current_top = link.from.split('/').next().unwrap_or("");
    menu_entries(inp)
        .into_iter()
        .map(|(title, path)| {
            if path.contains("://") {
                return Link {
                    title,
                    href: path,
                    active: false,
                };
            }
            let site_path = path.trim_start_matches('/');
            let active = if site_path.is_empty() {
                link.from.is_empty()
            } else if let Some(col) = site_path.strip_prefix("columns/") {
                link.from.starts_with("columns/")
                    && link
                        .from
                        .starts_with(&format!("columns/{}", col.trim_end_matches('/')))
            } else {
                site_path.split('/').next() == Some(current_top)
            };
            Link {
                title,
                href: link.to(site_path),
                active,
            }
        })
        .collect()
}
