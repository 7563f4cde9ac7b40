//! Unit tests of reading site.yaml.

use super::*;

#[test]
fn minimal_config_has_defaults() {
    let c = Config::parse(Utf8Path::new("site.yaml"), "title: 示例\n").unwrap();
    assert_eq!(c.title, "示例");
    assert_eq!(c.base_url, "/");
    assert_eq!(c.brand_criteria.len(), 4);
    assert_eq!(c.links, LinkStyle::Portable);
}

#[test]
fn unknown_key_is_an_error_with_line_and_hint() {
    let errs = Config::parse(Utf8Path::new("site.yaml"), "title: 示例\nsubtitel: x\n").unwrap_err();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].location(), "site.yaml:2:1");
    assert_eq!(errs[0].hint.as_deref(), Some("did you mean `subtitle`?"));
}

#[test]
fn menu_column_must_be_declared() {
    let errs = Config::parse(
        Utf8Path::new("site.yaml"),
        "title: T\ncolumns:\n  - {slug: show-brands, title: S}\nmenu:\n  - {column: show-brand}\n",
    )
    .unwrap_err();
    assert!(errs[0].message.contains("show-brand"), "{:?}", errs);
    assert_eq!(errs[0].hint.as_deref(), Some("did you mean `show-brands`?"));
}

#[test]
fn columns_take_an_update_period_strictly() {
    let ok = "title: T\ncolumns:\n  - {slug: news, title: 新闻, update_within: 2w}\n";
    let c = Config::parse(Utf8Path::new("site.yaml"), ok).unwrap();
    assert_eq!(c.columns[0].update_within, Some(Period::Days(14)));
    let bad = "title: T\ncolumns:\n  - {slug: news, update_within: soon}\n";
    let errs = Config::parse(Utf8Path::new("site.yaml"), bad).unwrap_err();
    assert_eq!(errs[0].location(), "site.yaml:3:33", "{errs:?}");
}
