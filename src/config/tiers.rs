//! `unit_tiers:` in site.yaml: the tiers a unit may hold (标杆院系, 样板支部, …), declared once
//! like `brand_criteria`, so a unit's `tier` is checked against them and the stats page counts
//! units by tier in this order.

use crate::fields::Reader;
use crate::yaml::{Node, Value};

/// The tiers of a site that declares none.
pub(super) fn default_tiers() -> Vec<String> {
    ["标杆院系", "样板支部", "标杆党支部"]
        .into_iter()
        .map(String::from)
        .collect()
}

/// `unit_tiers:`: a list of names, each given once.
pub(super) fn read_tiers(r: &mut Reader, v: &Node) -> Vec<String> {
    let Value::Seq(items) = &v.value else {
        r.error(
            v.at,
            "`unit_tiers` must be a list",
            Some("e.g. `unit_tiers: [标杆院系, 样板支部, 标杆党支部]`".into()),
        );
        return default_tiers();
    };
    let mut out: Vec<String> = Vec::new();
    for item in items {
        let Some(name) = r.string(item, "a unit tier") else {
            continue;
        };
        let name = name.trim().to_string();
        if name.is_empty() {
            r.error(item.at, "a unit tier cannot be empty", None);
        } else if out.contains(&name) {
            r.error(item.at, format!("unit tier `{name}` is given twice"), None);
        } else {
            out.push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use camino::Utf8Path;

    #[test]
    fn unit_tiers_are_declared_in_order_and_once() {
        let parse = |t: &str| Config::parse(Utf8Path::new("site.yaml"), t);
        let c = parse("title: T\n").unwrap();
        assert_eq!(c.unit_tiers, ["标杆院系", "样板支部", "标杆党支部"]);
        let c = parse("title: T\nunit_tiers: [示范党委, 样板支部]\n").unwrap();
        assert_eq!(c.unit_tiers, ["示范党委", "样板支部"]);
        let errs = parse("title: T\nunit_tiers: [甲, 甲]\n").unwrap_err();
        assert!(errs[0].message.contains("twice"), "{:?}", errs);
    }
}
