//! Route to bytes: the built-in default theme (embedded in the binary) with a site's
//! `themes/NAME/` overriding it file by file, rendered with Tera from contexts built of the
//! model, the exhibition and the rendered bodies ([`Inputs`]). Reads no content files, renders no
//! Markdown, and writes only through [`route::render_routes`].

pub mod charts;
pub mod feeds;
pub mod indexes;
pub mod link;
pub mod lists;
pub mod page;
pub mod route;
pub mod stats;
pub mod ui;
pub mod views;

use std::collections::BTreeMap;

use camino::{Utf8Path, Utf8PathBuf};

use crate::bodies::Bodies;
use crate::content::Site;
use crate::diagnostics::{Diagnostic, Span};
use crate::exhibition::Exhibition;
use crate::images::Images;
use ui::Ui;

/// What the templates are made from: the model, its exhibition, the rendered bodies, the theme,
/// and the presentation decided once for the site (its UI strings and link style).
pub struct Inputs<'a> {
    /// The model.
    pub site: &'a Site,
    /// Its derived exhibition model.
    pub ex: &'a Exhibition,
    /// The rendered bodies.
    pub bodies: &'a Bodies,
    /// The prepared raster images.
    pub images: &'a Images,
    /// The theme.
    pub theme: &'a Theme,
    /// The UI strings of the site's language.
    pub ui: &'static Ui,
    /// Whether links name `index.html`.
    pub portable: bool,
    /// Site path of the icon: the site's `static/favicon.*`, else the theme's.
    pub icon: String,
}

impl<'a> Inputs<'a> {
    /// The inputs of a site.
    pub fn new(
        site: &'a Site,
        ex: &'a Exhibition,
        bodies: &'a Bodies,
        images: &'a Images,
        theme: &'a Theme,
    ) -> Self {
        Inputs {
            site,
            ex,
            bodies,
            images,
            theme,
            ui: ui::ui(site.config.language),
            portable: crate::bodies::portable(site),
            icon: icon(site),
        }
    }
}

/// The site path of the icon: `static/favicon.{svg,ico,png}` of the site, else the theme's
/// `assets/favicon.svg`. Linked from every page, relative like every other link, because a
/// browser's own guess (`/favicon.ico`) escapes a sub-path.
fn icon(site: &Site) -> String {
    ["favicon.svg", "favicon.ico", "favicon.png"]
        .into_iter()
        .find(|n| site.root.join("static").join(n).is_file())
        .unwrap_or("assets/favicon.svg")
        .to_string()
}

/// The context of collection `c`'s print edition.
fn print_context(inp: &Inputs, c: usize) -> Result<tera::Context, Vec<Diagnostic>> {
    let view = crate::print::html::view(inp.site, inp.images, &inp.site.collections[c])?;
    tera::Context::from_serialize(&view).map_err(|e| {
        let file = &inp.site.pages[inp.site.collections[c].page].file;
        vec![Diagnostic::internal(
            file,
            format!("cannot shape the print edition: {e}"),
        )]
    })
}

/// Loads the theme site.yaml names, with the site's globals set.
pub fn load_theme(site: &Site) -> Result<Theme, Vec<Diagnostic>> {
    let mut theme = Theme::load(&site.root, &site.config.theme)?;
    theme.set_globals(link::globals(site));
    Ok(theme)
}

/// Templates of the built-in theme.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "page.html",
        include_str!("../../themes/default/templates/page.html"),
    ),
    (
        "list.html",
        include_str!("../../themes/default/templates/list.html"),
    ),
    (
        "home.html",
        include_str!("../../themes/default/templates/home.html"),
    ),
    (
        "print.html",
        include_str!("../../themes/default/templates/print.html"),
    ),
    (
        "search.html",
        include_str!("../../themes/default/templates/search.html"),
    ),
    (
        "brands.html",
        include_str!("../../themes/default/templates/brands.html"),
    ),
    (
        "terms.html",
        include_str!("../../themes/default/templates/terms.html"),
    ),
    (
        "404.html",
        include_str!("../../themes/default/templates/404.html"),
    ),
    (
        "stats.html",
        include_str!("../../themes/default/templates/stats.html"),
    ),
];

/// Static files of the built-in theme, written under `assets/`.
const ASSETS: &[(&str, &[u8])] = &[
    (
        "yanzhen.css",
        include_bytes!("../../themes/default/static/yanzhen.css"),
    ),
    (
        "yanzhen.js",
        include_bytes!("../../themes/default/static/yanzhen.js"),
    ),
    (
        "print.css",
        include_bytes!("../../themes/default/static/print.css"),
    ),
    (
        "search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
    (
        "search.css",
        include_bytes!("../../themes/default/static/search.css"),
    ),
    (
        "print.js",
        include_bytes!("../../themes/default/static/print.js"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
];

/// A loaded theme: templates ready to render and the assets to copy.
pub struct Theme {
    tera: tera::Tera,
    /// Asset name (under `assets/`) → bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// Template name → file it came from (for messages).
    sources: BTreeMap<String, Utf8PathBuf>,
}

/// A theme's files before compiling: template name → text and → the file it came from, and the
/// assets.
#[derive(Default)]
struct Files {
    templates: BTreeMap<String, String>,
    sources: BTreeMap<String, Utf8PathBuf>,
    assets: BTreeMap<String, Vec<u8>>,
}

impl Files {
    /// The built-in theme.
    fn builtin() -> Files {
        Files {
            templates: TEMPLATES
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
            sources: TEMPLATES
                .iter()
                .map(|(n, _)| {
                    (
                        n.to_string(),
                        Utf8PathBuf::from(format!("(built-in theme)/templates/{n}")),
                    )
                })
                .collect(),
            assets: ASSETS
                .iter()
                .map(|(n, b)| (n.to_string(), b.to_vec()))
                .collect(),
        }
    }

    /// Reads the overrides under `dir` (`themes/NAME/templates/`, `…/static/`) over these files.
    fn overrides(&mut self, root: &Utf8Path, dir: &Utf8Path) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        for (sub, is_template) in [("templates", true), ("static", false)] {
            let base = dir.join(sub);
            if !base.is_dir() {
                continue;
            }
            for entry in walkdir::WalkDir::new(&base).sort_by_file_name() {
                let Ok(entry) = entry else { continue };
                if !entry.file_type().is_file() {
                    continue;
                }
                let Some(path) = Utf8Path::from_path(entry.path()) else {
                    continue;
                };
                let rel = path
                    .strip_prefix(&base)
                    .unwrap_or(path)
                    .as_str()
                    .replace('\\', "/");
                if rel.split('/').any(crate::content::is_ignored) {
                    continue;
                }
                let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
                if let Err(d) = self.add(path, rel, shown, is_template) {
                    diags.push(d);
                }
            }
        }
        diags
    }

    /// Adds one override file.
    fn add(
        &mut self,
        path: &Utf8Path,
        rel: String,
        shown: Utf8PathBuf,
        is_template: bool,
    ) -> Result<(), Diagnostic> {
        let bytes = std::fs::read(path)
            .map_err(|e| Diagnostic::error(shown.clone(), None, format!("cannot read: {e}")))?;
        if is_template {
            let text = crate::content::source::decode(&shown, &bytes)?;
            self.templates.insert(rel.clone(), text);
            self.sources.insert(rel, shown);
        } else {
            self.assets.insert(rel, bytes);
        }
        Ok(())
    }

    /// Compiles the templates; an error names the template file and, where Tera says, the place.
    fn compile(self, dir: &Utf8Path) -> Result<Theme, Vec<Diagnostic>> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        if let Err(e) =
            tera.add_raw_templates(self.templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            let message = one_line(&e);
            let (culprit, at) = match tera_location(&message) {
                Some((name, at)) if self.sources.contains_key(&name) => {
                    (self.sources.get(&name).cloned(), Some(at))
                }
                _ => (
                    self.sources
                        .iter()
                        .find(|(n, _)| message.contains(n.as_str()))
                        .map(|(_, p)| p.clone()),
                    None,
                ),
            };
            return Err(vec![
                Diagnostic::error(
                    culprit.unwrap_or_else(|| dir.join("templates")),
                    at,
                    format!("template error: {message}"),
                )
                .with_hint("fix the template, or delete the override to use the built-in one"),
            ]);
        }
        Ok(Theme {
            tera,
            assets: self.assets,
            sources: self.sources,
        })
    }
}

/// The place Tera points at in an error message, `--> NAME:LINE:COL` (other templates may be
/// named in the message too, as in `{% extends "base.html" %}`).
fn tera_location(message: &str) -> Option<(String, Span)> {
    let rest = message.split("--> ").nth(1)?;
    let mut it = rest.split(':');
    let name = it.next()?.trim();
    let line = it.next()?.trim().parse().ok()?;
    let col: String = it
        .next()?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    Some((name.to_string(), Span::new(line, col.parse().ok()?)))
}

impl Theme {
    /// Loads the built-in theme and the overrides of `themes/NAME/` under `root`.
    pub fn load(root: &Utf8Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let dir = root.join("themes").join(name);
        if !dir.is_dir() && name != "default" {
            return Err(vec![
                Diagnostic::error(
                    "site.yaml",
                    None,
                    format!("theme `{name}` not found: there is no folder themes/{name}/"),
                )
                .with_hint("use `theme: default` or create the folder"),
            ]);
        }
        let mut files = Files::builtin();
        let diags = files.overrides(root, &dir);
        if !diags.is_empty() {
            return Err(diags);
        }
        files.compile(&dir)
    }

    /// Sets values every template sees (site title, UI strings).
    pub fn set_globals(&mut self, globals: tera::Context) {
        self.tera.global_context().extend(globals);
    }

    /// The file template `name` comes from (the built-in theme's or an override).
    pub fn source(&self, name: &str) -> Utf8PathBuf {
        self.sources
            .get(name)
            .cloned()
            .unwrap_or_else(|| Utf8PathBuf::from(name))
    }

    /// Renders template `name` with `ctx`.
    pub fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera.render(name, ctx).map_err(|e| {
            let path = self
                .sources
                .get(name)
                .cloned()
                .unwrap_or_else(|| Utf8PathBuf::from(name));
            Diagnostic::error(
                path,
                None,
                format!("template `{name}` failed: {}", one_line(&e)),
            )
        })
    }
}

fn one_line(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg.split_whitespace().collect::<Vec<_>>().join(" ")
}
