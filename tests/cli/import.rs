//! `yanzhen import`: Word files made by python-docx and LibreOffice (tests/fixtures/import/,
//! remade by scripts/make-import-fixtures.py) become page bundles that build.

use std::io::Write;
use std::process::Command;

use crate::fixture::{Fixture, Output, snapshot};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A site with the fixture `name` copied to `in/name`.
fn site_with(names: &[&str]) -> Fixture {
    let mut site = Fixture::site();
    for name in names {
        site = site.bytes(&format!("in/{name}"), &fixture(name));
    }
    site
}

fn ok(out: &Output) {
    assert_eq!(out.code, 0, "stderr:\n{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
}

/// The text a reader sees in a built page: tags removed, entities decoded, white space removed.
fn page_text(html: &str) -> String {
    // Footnote reference numbers are not part of the paragraph's text.
    let mut html = html.to_string();
    while let Some(start) = html.find("<sup class=\"footnote-ref\">") {
        let end = html[start..]
            .find("</sup>")
            .map_or(html.len(), |e| start + e + 6);
        html.replace_range(start..end, "");
    }
    let mut text = String::new();
    let mut rest = html.as_str();
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        rest = rest[lt..].find('>').map_or("", |gt| &rest[lt + gt + 1..]);
    }
    text.push_str(rest);
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn body_lines(name: &str) -> Vec<String> {
    String::from_utf8(fixture(&format!("{name}.body.txt")))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect())
        .collect()
}

#[test]
fn import_a_clerk_style_case_guesses_its_fields_and_builds() {
    let site = site_with(&["clerk-case.docx"]);
    let out = site.run(&["import", "in/clerk-case.docx"]);
    ok(&out);
    assert!(
        out.stderr
            .contains("wrote content/cases/clerk-case/index.md (2 images)"),
        "{}",
        out.stderr
    );
    for field in ["title", "unit", "date", "editors"] {
        assert!(
            out.stderr.contains(&format!("guessed {field}: ")),
            "{field}: {}",
            out.stderr
        );
    }
    let md = site.read("content/cases/clerk-case/index.md");
    for needle in [
        "title: \"深化“四强”党支部建设 激发服务群众新动能\"",
        "unit: \"中共雁城市税务局第三分局党支部\"",
        "date: 2024-05-20",
        "editors: [\"王某\", \"李某\"]",
        "# 请核对",
        "\n## 一、背景和起因\n",
        "\n**（一）加强支部建设，筑牢战斗堡垒。**支部严格落实“三会一课”制度",
        "\n### （二）创新服务方式\n",
        "\n#### 1.设立党员先锋岗\n",
        "\n支部书记带头下沉一线，每周至少坐班一天。\n",
        "\n\\# 不是标题：\\*星号\\*、\\_下划线\\_、\\[方括号\\]、\\<尖括号>",
        "\n1\\. 这一段以数字和点开头",
        "\"直引号\"和'单引号'",
        "| 项目 | 2023年 | 2024年 |",
        "<td colspan=\"3\">党员先锋岗值守情况</td>",
        "<td rowspan=\"2\">第一季度</td>",
        "![](image-1.png)",
        "![党员先锋岗志愿者为纳税人讲解新政策](image-2.png)",
    ] {
        assert!(md.contains(needle), "missing {needle:?} in\n{md}");
    }
    assert!(
        md.find("![](image-1.png)") < md.find("](image-2.png)"),
        "images are numbered in document order"
    );
    assert!(
        out.stderr.contains("image-1.png: 图片没有说明文字"),
        "a picture without a caption is pointed out: {}",
        out.stderr
    );
    assert!(
        !md.contains("责编："),
        "the 责编 line leaves the body:\n{md}"
    );
    assert!(!md.contains("不该用到的元数据标题"), "{md}");
    for image in ["image-1.png", "image-2.png"] {
        let png = std::fs::read(site.path(&format!("content/cases/clerk-case/{image}"))).unwrap();
        assert!(png.starts_with(b"\x89PNG"), "{image} is extracted as is");
    }

    site.build_ok(&[]);
    let html = site.read("public/cases/clerk-case/index.html");
    for needle in [
        "<h1",
        "深化“四强”党支部建设 激发服务群众新动能",
        "发布时间：<time datetime=\"2024-05-20\">2024-05-20</time>",
        "责任编辑：王某、李某",
        "中共雁城市税务局第三分局党支部",
        ">一、背景和起因</h2>",
        ">（二）创新服务方式</h3>",
        ">1.设立党员先锋岗</h4>",
        "<strong>（一）加强支部建设，筑牢战斗堡垒。</strong>支部严格落实",
        "<th>项目</th>",
        "<td colspan=\"3\">党员先锋岗值守情况</td>",
        "<td rowspan=\"2\">第一季度</td>",
        "alt=\"党员先锋岗志愿者为纳税人讲解新政策\"",
    ] {
        assert!(html.contains(needle), "missing {needle:?} in\n{html}");
    }
    assert!(
        html.contains("<em><strong>“办事快、态度好”</strong></em>")
            || html.contains("<strong><em>“办事快、态度好”</em></strong>"),
        "bold and italic together:\n{html}"
    );
}

#[test]
fn import_a_libreoffice_report_keeps_lists_links_footnotes_and_merged_cells() {
    let site = site_with(&["libreoffice-report.docx"]);
    let out = site.run(&["import", "--kind", "report", "in/libreoffice-report.docx"]);
    ok(&out);
    let md = site.read("content/reports/libreoffice-report/index.md");
    for needle in [
        "title: \"“书香机关”主题读书月活动纪实\"",
        "unit: \"中共雁城市直机关工作委员会\"",
        "date: 2024-03-15",
        "source: \"市直机关工委宣传处\"",
        "\n## 活动概况\n",
        "\n### 活动内容\n",
        "\n1. 开展领读活动\n1. 举办读书征文\n1. 评选书香支部\n",
        "\n- 每个支部至少推荐一本书\n- 征文不少于一千字\n",
        "**46个**党组织参加",
        "[机关读书推荐目录](https://example.org/books?id=1&y=2024)[^1]",
        "\n[^1]: 推荐目录由市图书馆和工委宣传处共同编定。\n",
        "*读书，让机关更有书卷气。*",
        "<td rowspan=\"2\">单位类别</td><td colspan=\"2\">参与人数</td>",
        "![读书分享会现场](image-1.png)",
    ] {
        assert!(md.contains(needle), "missing {needle:?} in\n{md}");
    }
    assert!(!md.contains("来源：市直"), "{md}");
    site.build_ok(&[]);
    let html = site.read("public/reports/libreoffice-report/index.html");
    for needle in [
        "来源：市直机关工委宣传处",
        "<a href=\"https://example.org/books?id=1&amp;y=2024\">机关读书推荐目录</a>",
        "推荐目录由市图书馆和工委宣传处共同编定。",
        "<li>开展领读活动</li>",
        "<li>每个支部至少推荐一本书</li>",
        "<em>读书，让机关更有书卷气。</em>",
        "<td rowspan=\"2\">单位类别</td>",
        "<td colspan=\"2\">参与人数</td>",
        "alt=\"读书分享会现场\"",
    ] {
        assert!(html.contains(needle), "missing {needle:?} in\n{html}");
    }
    assert!(
        html.contains("footnote"),
        "the footnote is rendered:\n{html}"
    );
    assert!(
        site.exists("public/reports/libreoffice-report/image-1.png") || html.contains("image-1")
    );
}

#[test]
fn import_heading_styles_by_name_and_a_file_without_a_date() {
    let site = site_with(&["heading-styles.docx"]);
    let out = site.run(&[
        "import",
        "--kind",
        "article",
        "--slug",
        "reading",
        "in/heading-styles.docx",
    ]);
    ok(&out);
    assert!(out.stderr.contains("not found date"), "{}", out.stderr);
    let md = site.read("content/articles/reading/index.md");
    for needle in [
        "title: \"机关青年理论学习小组读书分享会\"",
        "unit: \"市财政局机关党委\"",
        "\n# date:",
        "# 请填写",
        "source: \"市财政局机关党委\"",
        "\n## 活动安排\n",
        "\n### 分组交流\n",
        "\n## 下一步打算\n",
        "\n1. 领读原文\n1. 交流心得\n1. 形成清单\n",
        "\n- 理论学习\n- 业务提升\n",
    ] {
        assert!(md.contains(needle), "missing {needle:?} in\n{md}");
    }
    assert!(!md.contains("\ndate: "), "a date is never invented:\n{md}");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("content/articles/reading/index.md:1:1: error: a article needs a `date`")
            || out.stderr.contains(
                "content/articles/reading/index.md:1:1: error: an article needs a `date`"
            ),
        "{}",
        out.stderr
    );
}

#[test]
fn import_takes_the_title_from_document_properties_last() {
    let site = site_with(&["core-title.docx"]);
    let out = site.run(&["import", "in/core-title.docx"]);
    ok(&out);
    let md = site.read("content/cases/core-title/index.md");
    assert!(md.contains("title: \"社区报到服务纪实\""), "{md}");
    assert!(md.contains("文档属性"), "{md}");
    assert!(md.contains("date: 2024-09-12"), "{md}");
}

#[test]
fn import_never_overwrites_without_force_and_leaves_nothing_half_written() {
    let site = site_with(&["clerk-case.docx"]);
    ok(&site.run(&["import", "in/clerk-case.docx"]));
    site.write(
        "content/cases/clerk-case/index.md",
        "---\ntitle: 改过\ndate: 2024-01-01\n---\n",
    );
    let out = site.run(&["import", "in/clerk-case.docx"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("content/cases/clerk-case/index.md")
            && out.stderr.contains("already exists"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("--force"), "{}", out.stderr);
    assert!(
        site.read("content/cases/clerk-case/index.md")
            .contains("改过")
    );
    let out = site.run(&["import", "--force", "in/clerk-case.docx"]);
    ok(&out);
    assert!(
        out.stderr
            .contains("replaced content/cases/clerk-case/index.md"),
        "{}",
        out.stderr
    );
    assert!(
        !site
            .read("content/cases/clerk-case/index.md")
            .contains("改过")
    );
    // A page `SLUG.md` is never replaced, not even with --force.
    site.write(
        "content/cases/taken.md",
        "---\ntitle: 已有\ndate: 2024-01-01\n---\n",
    );
    let out = site.run(&["import", "--force", "--slug", "taken", "in/clerk-case.docx"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(!site.exists("content/cases/taken"));
    // A slug cannot lead out of content/.
    let out = site.run(&["import", "--slug", "../../x", "in/clerk-case.docx"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(!site.exists("x") && !site.exists("content/x"));
    let hidden: Vec<_> = snapshot(&site.path("content"))
        .into_iter()
        .filter(|(p, _)| p.contains("/."))
        .collect();
    assert!(hidden.is_empty(), "temporary folders left: {hidden:?}");
}

#[test]
fn import_dry_run_prints_the_markdown_and_writes_nothing() {
    let site = site_with(&["clerk-case.docx"]);
    let before = snapshot(site.root());
    let out = site.run(&["import", "--dry-run", "in/clerk-case.docx"]);
    ok(&out);
    assert!(out.stdout.contains("## 一、背景和起因"), "{}", out.stdout);
    assert!(out.stdout.starts_with("---\ntitle: "), "{}", out.stdout);
    assert!(out.stderr.contains("nothing was written"), "{}", out.stderr);
    assert_eq!(snapshot(site.root()), before);
}

fn zip_bomb() -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    w.start_file("[Content_Types].xml", opts).unwrap();
    w.write_all(b"<Types/>").unwrap();
    w.start_file("word/document.xml", opts).unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..80 {
        w.write_all(&zeros).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn import_refuses_bad_input_with_a_clear_error_each() {
    let docx = fixture("clerk-case.docx");
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(512, 0);
    ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    ole.resize(2048, 0);
    let bomb = zip_bomb();
    assert!(bomb.len() < 1 << 20, "the bomb is small: {}", bomb.len());
    let site = Fixture::site()
        .bytes("in/truncated.docx", &docx[..docx.len() / 2])
        .bytes("in/locked.docx", &ole)
        .bytes("in/bomb.docx", &bomb)
        .bytes("in/notes.docx", "这不是 Word 文件".as_bytes())
        .bytes("in/legacy.doc", &fixture("legacy.doc"));
    let before = snapshot(&site.path("content"));
    for (file, message, hint) in [
        (
            "in/truncated.docx",
            "truncated or damaged",
            "send the file again",
        ),
        (
            "in/locked.docx",
            "password-protected",
            "remove the password",
        ),
        ("in/bomb.docx", "zip bomb", "original file"),
        ("in/notes.docx", "not a Word document", "as .docx"),
    ] {
        let out = site.run(&["import", file]);
        assert_eq!(out.code, 1, "{file}: {}", out.stderr);
        assert!(
            out.stderr.contains(&format!("{file}: error: ")) && out.stderr.contains(message),
            "{file}: {}",
            out.stderr
        );
        assert!(
            out.stderr.contains("hint: ") && out.stderr.contains(hint),
            "{file}: {}",
            out.stderr
        );
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
    // Without LibreOffice, an old .doc is explained.
    let empty = site.path("empty-path");
    std::fs::create_dir_all(&empty).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_yanzhen"))
        .args(["import", "in/legacy.doc"])
        .current_dir(site.root())
        .env("PATH", &empty)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("in/legacy.doc: error: an old binary Word document (.doc)"),
        "{stderr}"
    );
    assert!(stderr.contains("save it as .docx"), "{stderr}");
    assert_eq!(
        snapshot(&site.path("content")),
        before,
        "nothing was written"
    );
    // Several files: the good ones are written, the bad ones reported, exit 1.
    let site = site.bytes("in/clerk-case.docx", &docx);
    let out = Command::new(env!("CARGO_BIN_EXE_yanzhen"))
        .args(["import", "in/truncated.docx", "in/clerk-case.docx"])
        .current_dir(site.root())
        .env("PATH", &empty)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(site.exists("content/cases/clerk-case/index.md"));
}

#[test]
fn import_converts_an_old_doc_when_libreoffice_is_installed() {
    let has_soffice = std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("soffice").is_file()));
    if !has_soffice {
        eprintln!("skipped: no soffice on PATH");
        return;
    }
    let site = site_with(&["legacy.doc"]);
    let out = site.run(&["import", "in/legacy.doc"]);
    ok(&out);
    assert!(
        out.stderr
            .contains("converted from the old format with LibreOffice"),
        "{}",
        out.stderr
    );
    let md = site.read("content/cases/legacy/index.md");
    assert!(md.contains("title: \"旧格式的活动简报\""), "{md}");
    assert!(md.contains("date: 2023-12-08"), "{md}");
}

#[test]
fn import_round_trip_shows_every_paragraph_of_the_document() {
    let site = site_with(&[
        "clerk-case.docx",
        "libreoffice-report.docx",
        "core-title.docx",
    ]);
    ok(&site.run(&[
        "import",
        "in/clerk-case.docx",
        "in/libreoffice-report.docx",
        "in/core-title.docx",
    ]));
    site.build_ok(&[]);
    for name in ["clerk-case", "libreoffice-report", "core-title"] {
        let text = page_text(&site.read(&format!("public/cases/{name}/index.html")));
        let lines = body_lines(name);
        assert!(!lines.is_empty());
        for line in lines {
            assert!(
                text.contains(&line),
                "{name}: the page does not show {line:?}\n{text}"
            );
        }
    }
}

/// Damaged variants of the fixtures: slices of their XML parts cut out or doubled.
fn damaged_variants(name: &str, count: u64) -> Vec<Vec<u8>> {
    use std::io::Read;
    let bytes = fixture(name);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        entries.push((f.name().unwrap().to_string(), data));
    }
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as usize) % n.max(1)
    };
    let mut out = Vec::new();
    for v in 0..count {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        for (entry, data) in &entries {
            let mut data = data.clone();
            if entry.ends_with(".xml") || entry.ends_with(".rels") {
                for _ in 0..1 + next(4) {
                    let a = next(data.len());
                    let b = (a + 1 + next(60)).min(data.len());
                    if v % 2 == 0 {
                        data.drain(a..b);
                    } else {
                        let copy = data[a..b].to_vec();
                        data.splice(a..a, copy);
                    }
                }
            }
            w.start_file(entry.as_str(), opts).unwrap();
            w.write_all(&data).unwrap();
        }
        out.push(w.finish().unwrap().into_inner());
    }
    out
}

#[test]
fn import_never_panics_on_damaged_documents() {
    let mut site = Fixture::site();
    let mut files = Vec::new();
    for name in [
        "clerk-case.docx",
        "libreoffice-report.docx",
        "heading-styles.docx",
    ] {
        for (i, bytes) in damaged_variants(name, 20).into_iter().enumerate() {
            let path = format!("in/{i}-{name}");
            site = site.bytes(&path, &bytes);
            files.push(path);
        }
    }
    let mut args = vec!["import", "--dry-run"];
    args.extend(files.iter().map(String::as_str));
    let out = site.run(&args);
    assert!(
        out.code == 0 || out.code == 1,
        "exit {}: {}",
        out.code,
        out.stderr
    );
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    // Every file is either imported or refused with its own error.
    let written = out.stderr.matches("would write ").count();
    let refused = out.stderr.matches(": error: ").count();
    assert_eq!(written + refused, files.len(), "{}", out.stderr);
}

#[test]
fn import_writes_into_the_site_named_by_root() {
    let dir = Fixture::new()
        .file("site/site.yaml", "title: 测试党建网\n")
        .bytes(
            "报送稿/读书月纪实.docx",
            &fixture("libreoffice-report.docx"),
        );
    let out = dir.run(&[
        "import",
        "--root",
        "site",
        "--kind",
        "report",
        "报送稿/读书月纪实.docx",
    ]);
    ok(&out);
    assert!(
        dir.exists("site/content/reports/du-shu-yue-ji-shi/index.md"),
        "a Chinese file name gives a pinyin slug: {}",
        out.stderr
    );
    assert!(dir.exists("site/content/reports/du-shu-yue-ji-shi/image-1.png"));
    assert!(!dir.exists("content"));
    let out = dir.run(&["build", "--root", "site"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(dir.exists("site/public/reports/du-shu-yue-ji-shi/index.html"));
}
