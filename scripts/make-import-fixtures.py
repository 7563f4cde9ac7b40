#!/usr/bin/env python3
"""Writes the Word fixtures of `yanzhen import` into tests/fixtures/import/.

The documents are made by third-party writers, not by the reader under test:

- clerk-case.docx, core-title.docx: python-docx, in the style branches really send (a centred
  title in 方正小标宋 22 pt, unit and date lines in 楷体, 仿宋 16 pt body, headings that are bold
  Normal paragraphs, bold lead-ins, tables, a photo with its caption, a 责编 line at the end);
- heading-styles.docx: python-docx with the heading styles renamed as Chinese-locale Word writes
  them (styleIds "1" and "2", names "heading 1" and "标题 2", the title style's id "a3"); no date;
- libreoffice-report.docx: LibreOffice (`soffice --headless --convert-to docx`) from a flat ODT
  written here, with Heading 1/2, a footnote, a hyperlink, numbered and bulleted lists, a table
  with merged cells, an image with a caption and a 来源 line;
- legacy.doc: LibreOffice, the old binary Word format.

Beside each .docx, NAME.body.txt lists the body paragraphs the page must show, one per line (the
round-trip test compares them with the built page).

Needs: python-docx (PyPI) and LibreOffice (`soffice`, Debian libreoffice-writer-nogui).
Run from the repository root: python3 scripts/make-import-fixtures.py
"""

import base64
import io
import os
import re
import shutil
import struct
import subprocess
import tempfile
import zipfile
import zlib

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, Cm

OUT = os.path.join("tests", "fixtures", "import")


def png(width, height, seed):
    """A small RGB PNG: a gradient in party red, made without any imaging library."""
    rows = b""
    for y in range(height):
        row = b"\x00"
        for x in range(width):
            row += bytes([200 + (x * 55 // width), (y * 60 // height + seed) % 256, 30])
        rows += row
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def fonts(run, east_asia, size=None, bold=None):
    run.font.name = "Times New Roman"
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    return run


def body(doc, parts, indent=True):
    """A 仿宋 16 pt paragraph; `parts` are (text, bold) pairs or plain strings."""
    p = doc.add_paragraph()
    if indent:
        p.paragraph_format.first_line_indent = Pt(32)
    for part in parts if isinstance(parts, list) else [parts]:
        text, bold = part if isinstance(part, tuple) else (part, False)
        fonts(p.add_run(text), "仿宋_GB2312", 16, bold or None)
    return p


def centred(doc, text, east_asia, size):
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fonts(p.add_run(text), east_asia, size)
    return p


def heiti(doc, text):
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(32)
    fonts(p.add_run(text), "黑体", 16, True)
    return p


def write_body(name, lines):
    with open(os.path.join(OUT, name + ".body.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def clerk_case():
    doc = docx.Document()
    doc.core_properties.title = "不该用到的元数据标题"
    lines = []
    centred(doc, "深化“四强”党支部建设 激发服务群众新动能", "方正小标宋简体", 22)
    centred(doc, "中共雁城市税务局第三分局党支部", "楷体_GB2312", 16)
    centred(doc, "2024年5月20日", "楷体_GB2312", 16)
    doc.add_paragraph()  # an empty paragraph, as clerks leave them
    t = "近年来，分局党支部坚持把党建工作和税收业务同谋划、同部署，探索出一条“党建+服务”的新路子。"
    body(doc, t); lines.append(t)
    heiti(doc, "一、背景和起因"); lines.append("一、背景和起因")
    t = "分局承担着全市四万余户纳税人的征管服务任务，窗口压力大、青年干部多。"
    p = body(doc, t); lines.append(t)
    # A manual line break inside a paragraph is dropped; the text on both sides joins.
    p = body(doc, "支部书记带头下沉一线，")
    p.add_run().add_break()
    fonts(p.add_run("每周至少坐班一天。"), "仿宋_GB2312", 16)
    lines.append("支部书记带头下沉一线，每周至少坐班一天。")
    heiti(doc, "二、主要做法"); lines.append("二、主要做法")
    lead = "（一）加强支部建设，筑牢战斗堡垒。"
    rest = "支部严格落实“三会一课”制度，每月开展一次主题党日。"
    # The lead-in is split over two runs of the same formatting, as Word often does.
    body(doc, [(lead[:6], True), (lead[6:], True), (rest, False)]); lines.append(lead + rest)
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(32)
    fonts(p.add_run("（二）创新服务方式"), "楷体_GB2312", 16, True)
    lines.append("（二）创新服务方式")
    t = "1.设立党员先锋岗"
    body(doc, [(t, False)]); lines.append(t)
    t = "在办税服务厅设立党员先锋岗6个，由青年党员轮流值守。"
    body(doc, t); lines.append(t)
    t = "# 不是标题：*星号*、_下划线_、[方括号]、<尖括号>、反斜杠\\和`反引号`都照原样显示。"
    body(doc, t); lines.append(t)
    t = "1. 这一段以数字和点开头，却是正文；引号保持原样：\"直引号\"和'单引号'。"
    body(doc, t, indent=False); lines.append(t)
    mixed = doc.add_paragraph()
    mixed.paragraph_format.first_line_indent = Pt(32)
    fonts(mixed.add_run("群众评价"), "仿宋_GB2312", 16)
    r = fonts(mixed.add_run("“办事快、态度好”"), "仿宋_GB2312", 16, True)
    r.italic = True
    fonts(mixed.add_run("，满意率保持在"), "仿宋_GB2312", 16)
    fonts(mixed.add_run("99%"), "仿宋_GB2312", 16, True)
    fonts(mixed.add_run("以上。"), "仿宋_GB2312", 16)
    lines.append("群众评价“办事快、态度好”，满意率保持在99%以上。")
    # A second picture with no caption under it: the body paragraph after it is not one.
    pic = doc.add_paragraph()
    pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pic.add_run().add_picture(io.BytesIO(png(24, 24, 120)), width=Cm(2))
    t = "值守期间，青年党员共解答政策咨询一千二百余次，收到锦旗和感谢信二十余件。"
    body(doc, t); lines.append(t)
    heiti(doc, "三、取得的成效"); lines.append("三、取得的成效")
    t = "主要数据如下表。"
    body(doc, t); lines.append(t)
    table = doc.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    for r, row in enumerate([("项目", "2023年", "2024年"), ("办结业务（件）", "12000", "15600"), ("群众满意率", "98.5%", "99.2%")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
            lines.append(text)
    merged = doc.add_table(rows=3, cols=3)
    merged.style = "Table Grid"
    merged.cell(0, 0).merge(merged.cell(0, 2)).text = "党员先锋岗值守情况"
    lines.append("党员先锋岗值守情况")
    merged.cell(1, 0).merge(merged.cell(2, 0)).text = "第一季度"
    lines.append("第一季度")
    for r, c, text in [(1, 1, "值守人次"), (1, 2, "312"), (2, 1, "收到表扬"), (2, 2, "27")]:
        merged.cell(r, c).text = text
        lines.append(text)
    pic = doc.add_paragraph()
    pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pic.add_run().add_picture(io.BytesIO(png(48, 32, 0)), width=Cm(4))
    centred(doc, "党员先锋岗志愿者为纳税人讲解新政策", "楷体_GB2312", 14)
    lines.append("党员先锋岗志愿者为纳税人讲解新政策")
    heiti(doc, "四、经验启示"); lines.append("四、经验启示")
    t = "实践证明，把支部建在业务链上，党建工作才有抓手、有活力。"
    body(doc, t); lines.append(t)
    doc.add_paragraph()
    body(doc, "（责编：王某、李某）", indent=False)
    doc.save(os.path.join(OUT, "clerk-case.docx"))
    write_body("clerk-case", lines)


def heading_styles():
    doc = docx.Document()
    lines = []
    doc.add_paragraph("机关青年理论学习小组读书分享会", style="Title")
    centred(doc, "市财政局机关党委", "楷体_GB2312", 16)
    t = "为推动青年干部学思践悟，机关党委组织了一次读书分享会。"
    body(doc, t); lines.append(t)
    doc.add_paragraph("活动安排", style="Heading 1"); lines.append("活动安排")
    doc.add_paragraph("分组交流", style="Heading 2"); lines.append("分组交流")
    t = "各小组围绕一本书交流体会，每人发言不超过五分钟。"
    body(doc, t); lines.append(t)
    for t in ["领读原文", "交流心得", "形成清单"]:
        doc.add_paragraph(t, style="List Number"); lines.append(t)
    for t in ["理论学习", "业务提升"]:
        doc.add_paragraph(t, style="List Bullet"); lines.append(t)
    doc.add_paragraph("下一步打算", style="Heading 1"); lines.append("下一步打算")
    t = "读书分享会将每季度举办一次。"
    body(doc, t); lines.append(t)
    body(doc, "来源：市财政局机关党委", indent=False)
    path = os.path.join(OUT, "heading-styles.docx")
    doc.save(path)
    # Chinese-locale Word: styleIds are numbers or short codes; only the names say what they are.
    rewrite(path, {
        "word/styles.xml": [
            ('w:styleId="Heading1"', 'w:styleId="1"'), ('w:val="Heading1"', 'w:val="1"'),
            ('w:styleId="Heading2"', 'w:styleId="2"'), ('w:val="Heading2"', 'w:val="2"'),
            ('<w:name w:val="heading 2"/>', '<w:name w:val="标题 2"/>'),
            ('w:styleId="Title"', 'w:styleId="a3"'),
            (re.compile(r'(<w:(?!name)\w+ )w:val="Title"'), r'\1w:val="a3"'),
        ],
        "word/document.xml": [
            ('w:val="Heading1"', 'w:val="1"'), ('w:val="Heading2"', 'w:val="2"'),
            ('w:val="Title"', 'w:val="a3"'),
        ],
    })
    write_body("heading-styles", lines)


def core_title():
    doc = docx.Document()
    doc.core_properties.title = "社区报到服务纪实"
    t = "机关党员到社区报到后，认领了十二项服务任务。"
    body(doc, t)
    t2 = "2024-09-12"
    body(doc, t2, indent=False)
    doc.save(os.path.join(OUT, "core-title.docx"))
    write_body("core-title", [t])


def rewrite(path, changes):
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            for old, new in changes.get(info.filename, []):
                text = data.decode("utf-8")
                if isinstance(old, re.Pattern):
                    assert old.search(text), (info.filename, old)
                    data = old.sub(new, text).encode("utf-8")
                else:
                    assert old in text, (info.filename, old)
                    data = text.replace(old, new).encode("utf-8")
            z.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)


FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta><dc:title>{meta_title}</dc:title></office:meta>
 <office:font-face-decls>
  <style:font-face style:name="方正小标宋简体" svg:font-family="方正小标宋简体"/>
  <style:font-face style:name="楷体" svg:font-family="楷体"/>
  <style:font-face style:name="仿宋" svg:font-family="仿宋"/>
 </office:font-face-decls>
 <office:styles>
  <style:style style:name="Standard" style:family="paragraph" style:class="text">
   <style:text-properties fo:font-size="16pt" style:font-name-asian="仿宋" style:font-size-asian="16pt"/>
  </style:style>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="1" style:class="text">
   <style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/>
  </style:style>
  <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="2" style:class="text">
   <style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:style style:name="PTitle" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center"/>
   <style:text-properties fo:font-size="22pt" style:font-name-asian="方正小标宋简体" style:font-size-asian="22pt"/>
  </style:style>
  <style:style style:name="PCentre" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center"/>
   <style:text-properties style:font-name-asian="楷体"/>
  </style:style>
  <style:style style:name="PBody" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-indent="32pt"/>
  </style:style>
  <style:style style:name="TBold" style:family="text">
   <style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/>
  </style:style>
  <style:style style:name="TItalic" style:family="text">
   <style:text-properties fo:font-style="italic" style:font-style-asian="italic"/>
  </style:style>
  <text:list-style style:name="LNum">
   <text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."/>
  </text:list-style>
  <text:list-style style:name="LBullet">
   <text:list-level-style-bullet text:level="1" text:bullet-char="•"/>
  </text:list-style>
 </office:automatic-styles>
 <office:body><office:text>
"""

FODT_TAIL = """ </office:text></office:body>
</office:document>
"""


def libreoffice_report(tmp):
    lines = []
    p = lambda style, inner: f'  <text:p text:style-name="{style}">{inner}</text:p>\n'
    x = ""
    x += p("PTitle", "“书香机关”主题读书月活动纪实")
    x += p("PCentre", "中共雁城市直机关工作委员会")
    x += p("PCentre", "2024-03-15")
    t = "三月，市直机关工委在各机关党组织中开展了为期一个月的读书活动。"
    x += p("PBody", t); lines.append(t)
    x += '  <text:h text:style-name="Heading_20_1" text:outline-level="1">活动概况</text:h>\n'
    lines.append("活动概况")
    x += p("PBody", "本次活动共有"
           '<text:span text:style-name="TBold">46个</text:span>'
           "党组织参加，推荐书目参照"
           '<text:a xlink:type="simple" xlink:href="https://example.org/books?id=1&amp;y=2024">机关读书推荐目录</text:a>'
           "<text:note text:id=\"ftn1\" text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>"
           "<text:note-body><text:p text:style-name=\"Standard\">推荐目录由市图书馆和工委宣传处共同编定。</text:p></text:note-body></text:note>"
           "。")
    lines.append("本次活动共有46个党组织参加，推荐书目参照机关读书推荐目录。")
    x += '  <text:h text:style-name="Heading_20_2" text:outline-level="2">活动内容</text:h>\n'
    lines.append("活动内容")
    x += '  <text:list text:style-name="LNum">\n'
    for t in ["开展领读活动", "举办读书征文", "评选书香支部"]:
        x += f'   <text:list-item><text:p text:style-name="Standard">{t}</text:p></text:list-item>\n'
        lines.append(t)
    x += "  </text:list>\n"
    x += '  <text:list text:style-name="LBullet">\n'
    for t in ["每个支部至少推荐一本书", "征文不少于一千字"]:
        x += f'   <text:list-item><text:p text:style-name="Standard">{t}</text:p></text:list-item>\n'
        lines.append(t)
    x += "  </text:list>\n"
    x += p("PBody", '<text:span text:style-name="TItalic">读书，让机关更有书卷气。</text:span>')
    lines.append("读书，让机关更有书卷气。")
    x += """  <table:table table:name="参与情况">
   <table:table-column table:number-columns-repeated="3"/>
   <table:table-row>
    <table:table-cell table:number-rows-spanned="2" office:value-type="string"><text:p>单位类别</text:p></table:table-cell>
    <table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>参与人数</text:p></table:table-cell>
    <table:covered-table-cell/>
   </table:table-row>
   <table:table-row>
    <table:covered-table-cell/>
    <table:table-cell office:value-type="string"><text:p>党员</text:p></table:table-cell>
    <table:table-cell office:value-type="string"><text:p>群众</text:p></table:table-cell>
   </table:table-row>
   <table:table-row>
    <table:table-cell office:value-type="string"><text:p>综合部门</text:p></table:table-cell>
    <table:table-cell office:value-type="string"><text:p>320</text:p></table:table-cell>
    <table:table-cell office:value-type="string"><text:p>85</text:p></table:table-cell>
   </table:table-row>
  </table:table>
"""
    lines += ["单位类别", "参与人数", "党员", "群众", "综合部门", "320", "85"]
    image = base64.b64encode(png(40, 30, 90)).decode()
    x += ('  <text:p text:style-name="PCentre"><draw:frame draw:name="photo" text:anchor-type="as-char" '
          'svg:width="4cm" svg:height="3cm"><draw:image><office:binary-data>' + image +
          "</office:binary-data></draw:image></draw:frame></text:p>\n")
    x += p("PCentre", "读书分享会现场")
    lines.append("读书分享会现场")
    x += p("Standard", "来源：市直机关工委宣传处")
    fodt = os.path.join(tmp, "libreoffice-report.fodt")
    with open(fodt, "w", encoding="utf-8") as f:
        f.write(FODT_HEAD.format(meta_title="读书月") + x + FODT_TAIL)
    convert(fodt, "docx", tmp)
    shutil.copy(os.path.join(tmp, "libreoffice-report.docx"), OUT)
    write_body("libreoffice-report", lines)


def legacy_doc(tmp):
    fodt = os.path.join(tmp, "legacy.fodt")
    with open(fodt, "w", encoding="utf-8") as f:
        f.write(FODT_HEAD.format(meta_title="旧格式文档")
                + '  <text:p text:style-name="PTitle">旧格式的活动简报</text:p>\n'
                + '  <text:p text:style-name="PCentre">2023年12月8日</text:p>\n'
                + '  <text:p text:style-name="PBody">这份简报用旧版 Word 格式保存。</text:p>\n'
                + FODT_TAIL)
    convert(fodt, "doc:MS Word 97", tmp)
    shutil.copy(os.path.join(tmp, "legacy.doc"), OUT)


def convert(path, to, tmp):
    profile = "file://" + os.path.join(tmp, "profile")
    subprocess.run(["soffice", "-env:UserInstallation=" + profile, "--headless", "--convert-to", to,
                    "--outdir", tmp, path], check=True, stdout=subprocess.DEVNULL)


def main():
    os.makedirs(OUT, exist_ok=True)
    clerk_case()
    heading_styles()
    core_title()
    with tempfile.TemporaryDirectory() as tmp:
        libreoffice_report(tmp)
        legacy_doc(tmp)
    for name in sorted(os.listdir(OUT)):
        print(f"{os.path.getsize(os.path.join(OUT, name)):>7}  {name}")


if __name__ == "__main__":
    main()
