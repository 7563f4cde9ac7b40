//! The parts beside the body, read before it: styles (with their `basedOn` chains), numbering
//! definitions and relationships, and the roxmltree helpers every part reader uses. Elements and
//! attributes are matched by local name, so the transitional and strict namespaces read alike.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::archive::Package;
use super::model::ReadError;

/// What a style (or a paragraph's or run's own properties) sets; `None` where it is silent.
#[derive(Debug, Clone, Default)]
pub(super) struct Style {
    pub(super) name: String,
    pub(super) based_on: Option<String>,
    pub(super) bold: Option<bool>,
    pub(super) italic: Option<bool>,
    pub(super) size: Option<u32>,
    pub(super) font: Option<String>,
    pub(super) centred: Option<bool>,
    pub(super) num: Option<(String, u8)>,
    pub(super) outline: Option<u8>,
}

/// The styles of `styles.xml` by id, the default paragraph style and the document defaults.
#[derive(Default)]
pub(super) struct Styles {
    pub(super) by_id: HashMap<String, Style>,
    pub(super) default_para: Option<String>,
    pub(super) defaults: Style,
}

/// numId → ilvl → ordered.
pub(super) type Numbering = HashMap<String, HashMap<u8, bool>>;

/// The side parts of one document, as the body walk needs them (missing parts read as empty).
#[derive(Default)]
pub(super) struct Parts {
    pub(super) styles: Styles,
    pub(super) numbering: Numbering,
    /// Relationship id → part name, or the target itself when it is external.
    pub(super) rels: HashMap<String, String>,
    /// Relationship id → whether its target is external.
    pub(super) external: HashMap<String, bool>,
}

/// Reads the styles, numbering and relationships of the main part `file` in `dir`.
pub(super) fn read_parts(package: &mut Package, dir: &str, file: &str) -> Result<Parts, ReadError> {
    let styles = match package.read_text(&format!("{dir}/styles.xml"))? {
        Some(t) => read_styles(&parse("styles.xml", &t)?),
        None => Styles::default(),
    };
    let numbering = match package.read_text(&format!("{dir}/numbering.xml"))? {
        Some(t) => read_numbering(&parse("numbering.xml", &t)?),
        None => HashMap::new(),
    };
    let (rels, external) = match package.read_text(&format!("{dir}/_rels/{file}.rels"))? {
        Some(t) => read_rels(&parse("document.xml.rels", &t)?, dir),
        None => (HashMap::new(), HashMap::new()),
    };
    Ok(Parts {
        styles,
        numbering,
        rels,
        external,
    })
}

impl Styles {
    /// The first value `get` finds along the `basedOn` chain of `id`.
    pub(super) fn lookup<T>(
        &self,
        id: Option<&str>,
        get: impl Fn(&Style) -> Option<T>,
    ) -> Option<T> {
        let mut id = id.map(str::to_string);
        for _ in 0..16 {
            let Some(s) = id.as_deref().and_then(|i| self.by_id.get(i)) else {
                break;
            };
            if let Some(v) = get(s) {
                return Some(v);
            }
            id = s.based_on.clone();
        }
        get(&self.defaults)
    }
}

/// Parses the part `name` within the limits (no DTD, at most 4 million nodes).
pub(super) fn parse<'a>(name: &str, text: &'a str) -> Result<Document<'a>, ReadError> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: 4_000_000,
        ..roxmltree::ParsingOptions::default()
    };
    Document::parse_with_options(text, opts).map_err(|e| ReadError::Xml(name.into(), e.to_string()))
}

/// An element's local name, whatever its namespace.
pub(super) fn local<'a>(n: &Node<'a, '_>) -> &'a str {
    n.tag_name().name()
}

/// An attribute by its local name, whatever its namespace.
pub(super) fn attr<'a>(n: &Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attributes().find(|a| a.name() == name).map(|a| a.value())
}

/// The first child element named `name` (local name).
pub(super) fn child<'a, 'i>(n: &Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| c.is_element() && local(c) == name)
}

/// A toggle property's value (`<w:b/>` is on, `<w:b w:val="0"/>` off).
fn on_off(n: &Node) -> bool {
    !matches!(attr(n, "val"), Some("0" | "false" | "off" | "none"))
}

fn read_styles(xml: &Document) -> Styles {
    let mut styles = Styles::default();
    for n in xml.descendants().filter(|n| n.is_element()) {
        match local(&n) {
            "rPrDefault" => {
                if let Some(rpr) = n.descendants().find(|c| local(c) == "rPr") {
                    run_props(&rpr, &mut styles.defaults);
                }
            }
            "style" => {
                let Some(id) = attr(&n, "styleId") else {
                    continue;
                };
                let mut s = Style {
                    name: child(&n, "name")
                        .and_then(|c| attr(&c, "val"))
                        .unwrap_or(id)
                        .to_lowercase(),
                    based_on: child(&n, "basedOn").and_then(|c| attr(&c, "val").map(Into::into)),
                    ..Style::default()
                };
                if let Some(ppr) = child(&n, "pPr") {
                    para_props(&ppr, &mut s);
                }
                if let Some(rpr) = child(&n, "rPr") {
                    run_props(&rpr, &mut s);
                }
                if attr(&n, "type") == Some("paragraph")
                    && attr(&n, "default").is_some_and(|d| d == "1" || d == "true")
                {
                    styles.default_para = Some(id.to_string());
                }
                styles.by_id.insert(id.to_string(), s);
            }
            _ => {}
        }
    }
    styles
}

/// Reads a `pPr`: alignment, list numbering and outline level.
pub(super) fn para_props(ppr: &Node, s: &mut Style) {
    for c in ppr.children().filter(|c| c.is_element()) {
        match local(&c) {
            "jc" => s.centred = attr(&c, "val").map(|v| v == "center"),
            "numPr" => {
                let id = child(&c, "numId").and_then(|n| attr(&n, "val"));
                let lvl = child(&c, "ilvl")
                    .and_then(|n| attr(&n, "val"))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                if let Some(id) = id {
                    s.num = Some((id.to_string(), lvl));
                }
            }
            "outlineLvl" => s.outline = attr(&c, "val").and_then(|v| v.parse().ok()),
            _ => {}
        }
    }
}

/// Reads an `rPr`: bold, italic, size and East-Asian font.
pub(super) fn run_props(rpr: &Node, s: &mut Style) {
    for c in rpr.children().filter(|c| c.is_element()) {
        match local(&c) {
            "b" => s.bold = Some(on_off(&c)),
            "i" => s.italic = Some(on_off(&c)),
            "sz" => s.size = attr(&c, "val").and_then(|v| v.parse().ok()),
            "rFonts" => {
                s.font = attr(&c, "eastAsia")
                    .or_else(|| attr(&c, "ascii"))
                    .map(Into::into)
            }
            _ => {}
        }
    }
}

fn read_numbering(xml: &Document) -> Numbering {
    let mut abstracts: HashMap<&str, HashMap<u8, bool>> = HashMap::new();
    for a in xml
        .descendants()
        .filter(|n| n.is_element() && local(n) == "abstractNum")
    {
        let Some(id) = attr(&a, "abstractNumId") else {
            continue;
        };
        let mut levels = HashMap::new();
        for l in a.children().filter(|c| local(c) == "lvl") {
            let ilvl = attr(&l, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
            let fmt = child(&l, "numFmt")
                .and_then(|f| attr(&f, "val"))
                .unwrap_or("decimal");
            levels.insert(ilvl, !matches!(fmt, "bullet" | "none"));
        }
        abstracts.insert(id, levels);
    }
    let mut out = HashMap::new();
    for n in xml
        .descendants()
        .filter(|n| n.is_element() && local(n) == "num")
    {
        let (Some(id), Some(abs)) = (
            attr(&n, "numId"),
            child(&n, "abstractNumId").and_then(|a| attr(&a, "val")),
        ) else {
            continue;
        };
        if let Some(levels) = abstracts.get(abs) {
            out.insert(id.to_string(), levels.clone());
        }
    }
    out
}

type Rels = (HashMap<String, String>, HashMap<String, bool>);

fn read_rels(xml: &Document, dir: &str) -> Rels {
    let mut targets = HashMap::new();
    let mut external = HashMap::new();
    for r in xml
        .descendants()
        .filter(|n| n.is_element() && local(n) == "Relationship")
    {
        let (Some(id), Some(target)) = (attr(&r, "Id"), attr(&r, "Target")) else {
            continue;
        };
        let is_external = attr(&r, "TargetMode") == Some("External");
        let target = if is_external {
            target.to_string()
        } else {
            resolve_part(dir, target)
        };
        targets.insert(id.to_string(), target);
        external.insert(id.to_string(), is_external);
    }
    (targets, external)
}

/// A part name from a relationship target relative to `dir`.
fn resolve_part(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Whether a link target may go into the page: an absolute URL the site's URL policy allows
/// (SPEC: http, https, mailto, tel); a document's relative links point nowhere on the site.
pub(super) fn allowed_url(url: &str) -> bool {
    use crate::urls::policy;
    policy::scheme(url).is_some() && policy::check(url, policy::Use::Link).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationship_targets_resolve() {
        assert_eq!(
            resolve_part("word", "media/image1.png"),
            "word/media/image1.png"
        );
        assert_eq!(resolve_part("word", "../media/a.png"), "media/a.png");
        assert_eq!(
            resolve_part("word", "/word/media/b.png"),
            "word/media/b.png"
        );
    }
}
