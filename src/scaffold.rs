//! `yanzhen init` and `yanzhen new`: starting points written for the user, with every field of a
//! kind present and explained in Chinese. Never overwrites a file.

use std::path::{Path, PathBuf};

use crate::content::Kind;
use crate::diagnostics::Diagnostic;

/// Today's calendar date in the machine's time zone, `YYYY-MM-DD`.
pub fn today() -> String {
    jiff::Zoned::now().date().to_string()
}

/// The fields every kind shares after `title` and `date`, each commented in Chinese.
const COMMON_FIELDS: &str = "\
# slug: example            # 网址最后一段，默认用文件名
# summary: 一句话摘要。     # 摘要，默认取正文第一段
unit: 示例单位             # 单位（机关或组织名称）
# branch: 第一党支部       # 党支部
# region: 江南·雁城        # 地区
# author: 供稿人           # 作者/供稿，可写成列表
# editors: [责任编辑]      # 责任编辑
# source: 来源单位         # 来源（转载内容必须注明）
# source_url: http://...   # 来源网址
# columns: [show-brands]   # 所属栏目，须在 site.yaml 的 columns 中声明
tags: [党建引领]           # 标签
# cover: cover.jpg         # 封面图，路径相对于本文件
# figures:                 # 关键数据卡片
#   - {label: 党员, value: 13, unit: 名}
# weight: 10               # 排序权重，越小越靠前
# draft: true              # 草稿：不加 --drafts 时不发布
";

/// The fields only a brand has.
const BRAND_FIELDS: &str = "\
name: 品牌名称             # 品牌名称，默认同标题
slogan: 品牌口号或释义     # 口号/释义
# short: 雁                # 简称（一两个字），没有标识图时代替标识显示
# logo: logo.svg           # 品牌标识图，路径相对于本文件
category: 窗口服务         # 品牌矩阵中的分组
status: 培育               # 评定等级（必填）：培育、备案、优秀、十佳
year: 2024                 # 年度
standard:                  # 创建标准，键名见 site.yaml 的 brand_criteria
  theme: 有主题的说明
  connotation: 有内涵的说明
  feature: 有特色的说明
  effect: 有效果的说明
";

/// The fields only an activity report has.
const REPORT_FIELDS: &str = "\
period: 2024年度           # 时段
# gallery:                 # 活动图集，路径相对于本文件
#   - {src: images/1.jpg, caption: 图片说明}
";

/// The fields only a unit has.
const UNIT_FIELDS: &str = "\
name: 示例单位             # 单位名称，默认同标题
type: 党支部               # 组织类型：党委、党总支、党支部
# parent: 上级党组织名称   # 上级单位的 name
# secretary: 书记姓名      # 书记
# members: 20              # 党员人数
# tier: 样板支部           # 创建层级，须是 site.yaml 的 unit_tiers 之一
";

/// The fields only a collection has.
const COLLECTION_FIELDS: &str = "\
subtitle: 副标题           # 副标题
compiler: 编者单位 编      # 编者
parts:                     # 分篇：每篇有标题和条目（相对于 content/ 的路径）
  - title: 第一篇
    entries: []           # 例如 [cases/example.md]
# print:                   # 印刷设置，覆盖 site.yaml 的 print
#   paper: A4              # A4、B5 或 16K
";

/// The body of a new case: the four headings a typical case is written under.
const CASE_BODY: &str = "## 一、背景和起因\n\n在这里写案例的背景。\n\n## 二、主要做法\n\n### （一）做法一\n\n**（一）做法要点。**具体内容。\n\n## 三、取得的成效\n\n在这里写成效。\n\n## 四、经验探讨\n\n在这里写经验和启示。\n";

/// The fields of `kind` beyond the shared ones, and the placeholder body of a new file of it.
fn kind_parts(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Case => ("", CASE_BODY),
        Kind::Brand => (BRAND_FIELDS, "在这里介绍品牌的由来、内涵和实践。\n"),
        Kind::Report => (REPORT_FIELDS, "在这里记述活动的经过和成效。\n"),
        Kind::Unit => (UNIT_FIELDS, "在这里介绍单位和党组织的基本情况。\n"),
        Kind::Collection => (COLLECTION_FIELDS, "这里是汇编的前言。\n"),
        Kind::Article => ("", "在这里写正文。\n"),
    }
}

/// The text of a new content file of `kind`, with every field commented in Chinese.
pub fn template(kind: Kind, title: &str, date: &str, folder_kind: Kind) -> String {
    let kind_line = if kind != folder_kind {
        format!(
            "kind: {}                 # 内容类型（所在文件夹决定默认类型，此处覆盖）\n",
            kind.name()
        )
    } else {
        String::new()
    };
    let dates = format!(
        "title: {title}              # 标题（必填）\n\
         date: {date}               # 发布时间，格式 YYYY-MM-DD 或 YYYY-MM-DD HH:MM\n\
         # updated: {date}          # 更新时间\n"
    );
    let (extra, body) = kind_parts(kind);
    format!("---\n{kind_line}{dates}{COMMON_FIELDS}{extra}---\n\n{body}")
}

/// `yanzhen new KIND PATH`: writes a new content file under `root/content/`.
pub fn new_file(root: &Path, kind: Kind, path: &str) -> Result<PathBuf, Diagnostic> {
    let rel = path.trim_start_matches("./").trim_start_matches("content/");
    let rel = if rel.ends_with(".md") {
        rel.to_string()
    } else {
        format!("{rel}.md")
    };
    if rel.split('/').any(|s| s == ".." || s.is_empty()) {
        return Err(
            Diagnostic::error(path, None, "the path must stay inside content/")
                .with_hint("e.g. `yanzhen new case cases/my-case.md`"),
        );
    }
    if !root.join("site.yaml").is_file() {
        return Err(Diagnostic::error(
            "site.yaml",
            None,
            format!("no site.yaml in {}", root.display()),
        )
        .with_hint("run this inside a site, or pass --root DIR"));
    }
    let target = root.join("content").join(&rel);
    if target.exists() {
        return Err(Diagnostic::error(
            format!("content/{rel}"),
            None,
            "the file already exists; yanzhen never overwrites it",
        )
        .with_hint("choose another name"));
    }
    let top = rel
        .split('/')
        .next()
        .filter(|_| rel.contains('/'))
        .unwrap_or("");
    let stem = rel
        .rsplit('/')
        .next()
        .unwrap_or(&rel)
        .trim_end_matches(".md");
    let title = if stem == "index" {
        "新建内容"
    } else {
        stem
    };
    let text = template(kind, title, &today(), Kind::from_folder(top));
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            Diagnostic::error(
                format!("content/{rel}"),
                None,
                format!("cannot create the folder: {e}"),
            )
        })?;
    }
    std::fs::write(&target, text).map_err(|e| {
        Diagnostic::error(format!("content/{rel}"), None, format!("cannot write: {e}"))
    })?;
    Ok(target)
}

const INIT_SITE: &str = r#"# 站点配置。每一项的说明见 yanzhen 的 README。
title: 示例机关党建网
subtitle: 一支部一品牌 · 党建和业务融合发展
base_url: /
# site_url: http://10.1.2.3   # 网站所在的主机；填写后订阅源和站点地图才有完整网址
language: zh-CN
output_dir: public
theme: default
columns:
  - slug: show-brands
    title: "SHOW!党建品牌"
    description: 展示各支部党建品牌创建成果
  - slug: other-hills
    title: 他山之石
menu:
  - {title: 首页, url: /}
  - {section: cases}
  - {section: brands}
  - {section: reports}
  - {column: show-brands}
  - {section: collections}
brand_criteria:
  - {key: theme, label: 有主题}
  - {key: connotation, label: 有内涵}
  - {key: feature, label: 有特色}
  - {key: effect, label: 有效果}
# unit_tiers: [标杆院系, 样板支部, 标杆党支部]   # 单位的创建层级，单位页面的 tier 取其一
footer: 示例机关工委 主办
links: portable
markdown:
  unsafe_html: false
print:
  paper: A4
  pdf: false
  style: book
"#;

/// `yanzhen init DIR`: a new site that builds as is.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    if dir.join("site.yaml").exists() || dir.join("content").exists() {
        return Err(Diagnostic::error(
            dir.display().to_string(),
            None,
            "a site already exists here; yanzhen never overwrites it",
        )
        .with_hint("choose an empty or new folder"));
    }
    let date = today();
    let files: Vec<(String, String)> = vec![
        ("site.yaml".into(), INIT_SITE.into()),
        (
            "content/cases/_index.md".into(),
            "---\ntitle: 典型案例\ndescription: 基层党组织的典型做法和经验\n---\n".into(),
        ),
        (
            "content/brands/_index.md".into(),
            "---\ntitle: 党建品牌\nsort_by: title\n---\n".into(),
        ),
        (
            "content/reports/_index.md".into(),
            "---\ntitle: 活动纪实\n---\n".into(),
        ),
        (
            "content/cases/example-case.md".into(),
            template(
                Kind::Case,
                "示例案例：“三会一课”规范化建设",
                &date,
                Kind::Case,
            )
            .replace("# columns: [show-brands]", "columns: [show-brands]"),
        ),
        (
            "content/brands/example-brand.md".into(),
            template(Kind::Brand, "示例品牌", &date, Kind::Brand),
        ),
        (
            "content/reports/example-report.md".into(),
            template(Kind::Report, "示例活动纪实", &date, Kind::Report),
        ),
        (
            "content/units/example-unit.md".into(),
            template(Kind::Unit, "示例单位", &date, Kind::Unit),
        ),
        (
            "content/articles/welcome.md".into(),
            template(Kind::Article, "欢迎使用雁阵", &date, Kind::Article),
        ),
        (
            "content/collections/example-collection.md".into(),
            template(Kind::Collection, "示例案例汇编", &date, Kind::Collection).replace(
                "entries: []           # 例如 [cases/example.md]",
                "entries: [cases/example-case.md]",
            ),
        ),
        ("static/.keep".into(), String::new()),
        // The image cache is made again by any build; it does not belong in version control.
        (".gitignore".into(), ".yanzhen-cache/\n".into()),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let target = dir.join(&rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::error(rel.clone(), None, format!("cannot create the folder: {e}"))
            })?;
        }
        std::fs::write(&target, text)
            .map_err(|e| Diagnostic::error(rel.clone(), None, format!("cannot write: {e}")))?;
        written.push(target);
    }
    Ok(written)
}
