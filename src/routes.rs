//! The route table: every output path of a site, what is rendered there and what it shows. One
//! [`Route`] enum and one table of output paths ([`Routes::path`]); `render` turns a route into
//! bytes and `serve` uses [`Routes::deps`] to render again only the routes an edit touches.
//! Reads the model and the exhibition's derived model; holds no HTML and no UI strings.

use crate::content::{Collection, Site};
use crate::exhibition::{self, Exhibition};

/// Entries in a feed.
pub const FEED_ENTRIES: usize = 20;

/// Entries on a page of a column or term listing.
const LIST_PAGE: usize = 20;

/// What is rendered at one output path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// The home page.
    Home,
    /// Page `i`, with its previous and next page in its section.
    Page {
        /// The page.
        i: usize,
        /// The page before it in its section.
        prev: Option<usize>,
        /// The page after it.
        next: Option<usize>,
    },
    /// Page `n` (1-based) of the list `plan` (an index into [`Routes::lists`]).
    List {
        /// The list.
        plan: usize,
        /// The page of the list.
        n: usize,
    },
    /// The print edition of collection `c` (`collections/SLUG/print/`).
    PrintHtml(usize),
    /// `/brands/`.
    BrandMatrix,
    /// `/units/`.
    UnitIndex,
    /// `/tags/`.
    TagIndex,
    /// `/years/`.
    YearIndex,
    /// `/stats/`: the site's numbers as charts and tables.
    Stats,
    /// `/columns/SLUG/atom.xml` (a column's index) or `/atom.xml` (`None`).
    Feed(Option<usize>),
    /// `/404.html`.
    NotFound,
    /// `/sitemap.xml`.
    Sitemap,
    /// `/search/`: the page; the index files come from `search`.
    Search,
}

/// Where a list's entries come from; `render` derives its title, breadcrumbs and intro.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListSource {
    /// A section, by path.
    Section(String),
    /// A column of site.yaml, by index.
    Column(usize),
    /// A tag, by index into `Exhibition::tags`.
    Tag(usize),
    /// A unit without a profile page, by index into `Exhibition::units`.
    Unit(usize),
    /// A year, by index into `Exhibition::years`.
    Year(usize),
}

/// A paginated list.
#[derive(Debug, Clone)]
pub struct ListPlan {
    /// What it lists.
    pub source: ListSource,
    /// Site path of its first page (`cases/`).
    pub base: String,
    /// Its pages, in list order.
    pub items: Vec<usize>,
    /// Entries per list page.
    pub per_page: usize,
}

impl ListPlan {
    /// Number of list pages (at least one).
    pub fn total(&self) -> usize {
        self.items.len().div_ceil(self.per_page).max(1)
    }

    /// The entries of list page `n`.
    pub fn slice(&self, n: usize) -> &[usize] {
        let start = (n - 1) * self.per_page;
        &self.items[start.min(self.items.len())..(start + self.per_page).min(self.items.len())]
    }
}

/// What a route shows, so that `serve` renders again only the routes an edit touches.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Deps<'a> {
    /// Shows something of every page (the home page's counts; feeds, search index).
    All,
    /// Shows these pages (by `rel`; `""` for an empty place such as "no previous page"), in this
    /// order, and these numbers about its place (page count of a list, entries): when any page
    /// changes, or the list or a number differs, the route is rendered again.
    Pages {
        /// The pages shown.
        pages: Vec<&'a str>,
        /// Other numbers that shape the route.
        shape: Vec<usize>,
    },
}

/// Every route of a site.
pub struct Routes {
    /// The paginated lists, in the order their pages are scheduled.
    pub lists: Vec<ListPlan>,
    routes: Vec<Route>,
    /// Every (site path, last modified) the sitemap lists.
    pub sitemap: Vec<(String, Option<String>)>,
}

impl Routes {
    /// The routes of `site`, with the lists and indexes of its exhibition `ex`.
    pub fn new(site: &Site, ex: &Exhibition) -> Routes {
        let lists = lists(site, ex);
        let mut routes = vec![Route::Home];
        let exhibit = [
            Route::BrandMatrix,
            Route::UnitIndex,
            Route::TagIndex,
            Route::YearIndex,
            Route::Stats,
        ];
        let sitemap = sitemap(site, &lists, &exhibit);
        routes.extend(exhibit);
        routes.extend((0..site.config.columns.len()).map(|c| Route::Feed(Some(c))));
        routes.extend([Route::Feed(None), Route::NotFound]);
        // A sitemap needs absolute URLs: without a host there is none (build warns once).
        if site.config.absolute_base().is_some() {
            routes.push(Route::Sitemap);
        }
        for s in site.sections.values() {
            for (k, &i) in s.pages.iter().enumerate() {
                let prev = k.checked_sub(1).map(|k| s.pages[k]);
                let next = s.pages.get(k + 1).copied();
                routes.push(Route::Page { i, prev, next });
            }
        }
        for (plan, l) in lists.iter().enumerate() {
            routes.extend((1..=l.total()).map(|n| Route::List { plan, n }));
        }
        routes.extend((0..site.collections.len()).map(Route::PrintHtml));
        routes.push(Route::Search);
        Routes {
            lists,
            routes,
            sitemap,
        }
    }

    /// Number of routes.
    pub fn len(&self) -> usize {
        self.routes.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }

    /// Route `k`.
    pub fn get(&self, k: usize) -> Route {
        self.routes[k]
    }

    /// The output path of route `k` (`cases/a/index.html`): the only table of output paths.
    pub fn path(&self, site: &Site, k: usize) -> String {
        match self.routes[k] {
            Route::Home => "index.html".to_string(),
            Route::Page { i, .. } => format!("{}index.html", site.pages[i].url),
            Route::List { plan, n } => {
                format!("{}index.html", list_page_path(&self.lists[plan].base, n))
            }
            Route::PrintHtml(c) => html_path(site, &site.collections[c]),
            Route::BrandMatrix => "brands/index.html".into(),
            Route::UnitIndex => "units/index.html".into(),
            Route::TagIndex => "tags/index.html".into(),
            Route::YearIndex => "years/index.html".into(),
            Route::Stats => "stats/index.html".into(),
            Route::Feed(Some(c)) => format!("{}atom.xml", column_path(site, c)),
            Route::Feed(None) => "atom.xml".into(),
            Route::NotFound => "404.html".into(),
            Route::Sitemap => "sitemap.xml".into(),
            Route::Search => "search/index.html".into(),
        }
    }

    /// What route `k` shows.
    pub fn deps<'a>(&self, site: &'a Site, ex: &Exhibition, k: usize) -> Deps<'a> {
        let pages = &site.pages;
        let rel = |i: Option<usize>| i.map_or("", |i| pages[i].rel.as_str());
        match self.routes[k] {
            Route::Page { i, prev, next } => {
                let mut shown = vec![rel(Some(i)), rel(prev), rel(next)];
                if let Some(c) = site.collection_of_page(i) {
                    book_order(c, &rel, &mut shown);
                }
                // The related pages, after a separator: a changed title or a changed choice
                // of them renders the page again.
                shown.push("");
                shown.extend(ex.related_shown(site, i).into_iter().map(|j| rel(Some(j))));
                Deps::Pages {
                    pages: shown,
                    shape: Vec::new(),
                }
            }
            Route::List { plan, n } => {
                let l = &self.lists[plan];
                Deps::Pages {
                    pages: l.slice(n).iter().map(|&i| rel(Some(i))).collect(),
                    shape: vec![l.total(), l.items.len()],
                }
            }
            Route::PrintHtml(c) => {
                // The whole book: the collection page and every entry's body.
                let c = &site.collections[c];
                let mut shown = vec![rel(Some(c.page))];
                book_order(c, &rel, &mut shown);
                Deps::Pages {
                    pages: shown,
                    shape: Vec::new(),
                }
            }
            // The search page shows the menu and the kinds only: no page.
            Route::Search => Deps::Pages {
                pages: Vec::new(),
                shape: Vec::new(),
            },
            // The home page, matrix, indexes, feeds, sitemap and 404 show many pages.
            _ => Deps::All,
        }
    }
}

/// The lists of a site: sections (but those the exhibition replaces), columns, then the
/// listings of every tag, every unit without a profile page (a profile page lists its unit's
/// pages itself) and every year.
fn lists(site: &Site, ex: &Exhibition) -> Vec<ListPlan> {
    let mut lists = Vec::new();
    for s in site
        .sections
        .values()
        .filter(|s| !s.path.is_empty() && !exhibition::REPLACED_SECTIONS.contains(&s.path.as_str()))
    {
        lists.push(ListPlan {
            source: ListSource::Section(s.path.clone()),
            base: s.url.clone(),
            items: s.pages.clone(),
            per_page: s.meta.paginate,
        });
    }
    for (k, c) in site.config.columns.iter().enumerate() {
        lists.push(ListPlan {
            source: ListSource::Column(k),
            base: column_path(site, k),
            items: site.columns.get(&c.slug).cloned().unwrap_or_default(),
            per_page: LIST_PAGE,
        });
    }
    let term = |source, t: &exhibition::Term| ListPlan {
        source,
        base: t.path.clone(),
        items: t.pages.clone(),
        per_page: LIST_PAGE,
    };
    lists.extend(
        ex.tags
            .iter()
            .enumerate()
            .map(|(k, t)| term(ListSource::Tag(k), t)),
    );
    lists.extend(
        ex.units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.profile.is_none())
            .map(|(k, u)| term(ListSource::Unit(k), &u.term)),
    );
    lists.extend(
        ex.years
            .iter()
            .enumerate()
            .map(|(k, t)| term(ListSource::Year(k), t)),
    );
    lists
}

/// What the sitemap lists: home, every list page, the exhibition's indexes, every page.
fn sitemap(site: &Site, lists: &[ListPlan], exhibit: &[Route]) -> Vec<(String, Option<String>)> {
    let mut out: Vec<(String, Option<String>)> = vec![(String::new(), None)];
    for l in lists {
        out.extend((1..=l.total()).map(|n| (list_page_path(&l.base, n), None)));
    }
    for r in exhibit {
        let path = match r {
            Route::BrandMatrix => "brands/",
            Route::UnitIndex => "units/",
            Route::TagIndex => "tags/",
            Route::YearIndex => "years/",
            Route::Stats => "stats/",
            _ => continue,
        };
        out.push((path.to_string(), None));
    }
    out.extend(site.pages.iter().map(|p| {
        (
            p.url.clone(),
            p.meta.updated.or(p.meta.date).map(|d| d.ymd()),
        )
    }));
    out
}

/// Appends a collection's entries in book order, each part closed by `""`, so that a moved entry
/// or a changed part changes the dependencies of the routes that show the book.
pub fn book_order<'a>(
    c: &Collection,
    rel: &impl Fn(Option<usize>) -> &'a str,
    shown: &mut Vec<&'a str>,
) {
    for part in &c.parts {
        shown.extend(part.entries.iter().map(|&e| rel(Some(e))));
        shown.push("");
    }
}

/// The site path of page `n` of the list at `base`.
pub fn list_page_path(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// The site path of column `c`'s list.
pub fn column_path(site: &Site, c: usize) -> String {
    format!("columns/{}/", site.config.columns[c].slug)
}

/// Site path of the print edition.
pub fn html_path(site: &Site, c: &Collection) -> String {
    format!("{}print/index.html", site.pages[c.page].url)
}

/// Site path of the PDF.
pub fn pdf_path(site: &Site, c: &Collection) -> String {
    let p = &site.pages[c.page];
    format!("{}{}.pdf", p.url, p.slug)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::content::{self, LoadOptions};
    use crate::diagnostics::Diagnostics;
    use camino::{Utf8Path, Utf8PathBuf};

    fn write(root: &Utf8Path, path: &str, text: &str) {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Three cases (two per list page), a column, a tag, a unit without a profile page and a
    /// collection of two cases.
    fn site() -> (tempfile::TempDir, Site, Exhibition) {
        let dir = tempfile::tempdir().unwrap();
        let root = Utf8PathBuf::from_path_buf(dir.path().to_path_buf()).unwrap();
        let yaml = "title: T\nsite_url: http://10.1.2.3\ncolumns:\n  - {slug: news, title: 动态}\n";
        write(&root, "site.yaml", yaml);
        write(&root, "content/cases/_index.md", "---\npaginate: 2\n---\n");
        for (name, day) in [("a", "03"), ("b", "02"), ("c", "01")] {
            let page = format!(
                "---\ntitle: {name}\ndate: 2024-01-{day}\nunit: 甲单位\ntags: [先锋]\ncolumns: [news]\n---\n\n正文。\n"
            );
            write(&root, &format!("content/cases/{name}.md"), &page);
        }
        write(
            &root,
            "content/collections/book.md",
            "---\ntitle: 汇编\ndate: 2024-12-31\nparts:\n  - title: 一\n    entries: [cases/c.md, cases/a.md]\n---\n",
        );
        let config = Config::parse(Utf8Path::new("site.yaml"), yaml).unwrap();
        let mut diags = Diagnostics::new();
        let site = content::load(&root, config, &LoadOptions::default(), &mut diags)
            .unwrap_or_else(|| panic!("{:?}", diags.items()));
        let ex = Exhibition::new(&site);
        (dir, site, ex)
    }

    fn find(routes: &Routes, want: impl Fn(Route) -> bool) -> usize {
        (0..routes.len())
            .find(|&k| want(routes.get(k)))
            .expect("a route")
    }

    #[test]
    fn every_route_kind_has_its_one_output_path() {
        let (_dir, site, ex) = site();
        let routes = Routes::new(&site, &ex);
        let mut paths: Vec<String> = (0..routes.len()).map(|k| routes.path(&site, k)).collect();
        for p in [
            "index.html",
            "cases/a/index.html",
            "cases/index.html",
            "cases/page/2/index.html",
            "columns/news/index.html",
            "columns/news/atom.xml",
            "atom.xml",
            "collections/book/print/index.html",
            "brands/index.html",
            "units/index.html",
            "tags/index.html",
            "years/index.html",
            "stats/index.html",
            "404.html",
            "sitemap.xml",
            "search/index.html",
        ] {
            assert!(paths.contains(&p.to_string()), "{p} missing from {paths:?}");
        }
        let n = paths.len();
        paths.sort();
        paths.dedup();
        assert_eq!(paths.len(), n, "two routes share an output path");
        // Term listings: the tag, the unit (no profile page), the year.
        let bases: Vec<&str> = routes.lists.iter().map(|l| l.base.as_str()).collect();
        assert!(bases.iter().any(|b| b.starts_with("tags/")), "{bases:?}");
        assert!(bases.iter().any(|b| b.starts_with("units/")), "{bases:?}");
        assert!(bases.contains(&"years/2024/"), "{bases:?}");
    }

    #[test]
    fn each_route_shows_what_its_dependencies_say() {
        let (_dir, site, ex) = site();
        let routes = Routes::new(&site, &ex);
        let b = site.index_of("cases/b.md").unwrap();
        let page_b = find(&routes, |r| matches!(r, Route::Page { i, .. } if i == b));
        let Deps::Pages { pages, .. } = routes.deps(&site, &ex, page_b) else {
            panic!("a page shows pages")
        };
        // Itself, previous and next, then (after "") its related pages.
        assert_eq!(pages[..4], ["cases/b.md", "cases/a.md", "cases/c.md", ""]);
        assert!(
            pages[4..].contains(&"cases/a.md"),
            "related by tag and unit: {pages:?}"
        );
        let book = site.index_of("collections/book.md").unwrap();
        let page_book = find(&routes, |r| matches!(r, Route::Page { i, .. } if i == book));
        let Deps::Pages { pages, .. } = routes.deps(&site, &ex, page_book) else {
            panic!("a page shows pages")
        };
        assert_eq!(pages[3..6], ["cases/c.md", "cases/a.md", ""], "book order");
        let print = find(&routes, |r| matches!(r, Route::PrintHtml(_)));
        assert_eq!(
            routes.deps(&site, &ex, print),
            Deps::Pages {
                pages: vec!["collections/book.md", "cases/c.md", "cases/a.md", ""],
                shape: vec![]
            }
        );
        let cases = routes
            .lists
            .iter()
            .position(|l| l.source == ListSource::Section("cases".into()))
            .unwrap();
        let second = find(&routes, |r| r == Route::List { plan: cases, n: 2 });
        assert_eq!(
            routes.deps(&site, &ex, second),
            Deps::Pages {
                pages: vec!["cases/c.md"],
                shape: vec![2, 3]
            }
        );
        let search = find(&routes, |r| r == Route::Search);
        assert_eq!(
            routes.deps(&site, &ex, search),
            Deps::Pages {
                pages: vec![],
                shape: vec![]
            }
        );
        for r in [
            Route::Home,
            Route::BrandMatrix,
            Route::Sitemap,
            Route::Feed(None),
        ] {
            assert_eq!(
                routes.deps(&site, &ex, find(&routes, |x| x == r)),
                Deps::All
            );
        }
    }

    #[test]
    fn the_site_answers_lookups_by_file_and_by_collection_page() {
        let (_dir, site, _) = site();
        let a = site.page_by_rel("cases/a.md").expect("page a");
        assert_eq!(a.url, "cases/a/");
        assert!(site.page_by_rel("cases/nope.md").is_none());
        let book = site.index_of("collections/book.md").unwrap();
        let c = site.collection_of_page(book).expect("the collection");
        assert_eq!(c.page, book);
        assert!(
            site.collection_of_page(site.index_of("cases/a.md").unwrap())
                .is_none()
        );
    }

    #[test]
    fn the_scanner_lists_markdown_and_other_files_and_skips_editor_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = Utf8PathBuf::from_path_buf(dir.path().to_path_buf()).unwrap();
        for f in [
            "content/b/x.md",
            "content/a.MD",
            "content/b/p.png",
            "content/b/x.md.kate-swp",
            "content/.hidden/y.md",
            "content/4913",
        ] {
            write(&root, f, "x");
        }
        let s = content::scan(&root, "content");
        assert_eq!(s.markdown, ["a.MD", "b/x.md"]);
        assert_eq!(s.assets, ["b/p.png"]);
        assert!(s.problems.is_empty());
        assert!(
            content::scan(&root, "static").markdown.is_empty(),
            "no folder, nothing"
        );
    }
}
