#!/usr/bin/env python3
"""Write a synthetic party-building site for the yanzhen-vs-Hugo benchmark.

    python3 bench/gen_corpus.py --pages N --out DIR --flavor {yanzhen,hugo} [--seed S] [--force]

The corpus: N Markdown pages of synthetic Chinese party-building text (4-8 KB
per file, front matter included) spread over six sections, about 40 tags and
200 units (单位). Each body has a lead paragraph, numbered headings
(`## 一、…`, `### （一）…`), paragraphs with CJK bold such as
`**（一）加强支部建设。**正文` and `**“头雁”**工程`, lists, images, now and
then a GFM table, a fenced code block, a block quote or a footnote.

Determinism: page i is drawn from its own random stream seeded by
"<seed>/<i>", so it depends only on the seed and i; the first 1,000 pages of a
10,000-page corpus are byte-identical to a 1,000-page corpus. Only the
standard library is used.

The two flavors share the Markdown bodies byte for byte and differ only in
front matter and scaffolding:

  yanzhen  front matter per SPEC.md §3 (kind from the folder, no `kind:`),
           site.yaml (columns, menu, brand_criteria), `_index.md` per
           section with `paginate: 20`, shared SVG images in
           content/SECTION/img/ referenced relative to the page.
  hugo     the same fields as Hugo params plus `units: [...]` (taxonomy),
           hugo.toml (taxonomies tags + units, paginate 20, no RSS or
           sitemap) and minimal layouts: page (title, meta, figures, TOC,
           content, tags, prev/next in section), paginated section lists,
           paginated term pages, term lists, home.
"""
import argparse
import json
import os
import random
import shutil
import sys

DEFAULT_SEED = 1921

# ------------------------------------------------------------------ site shape
# (folder, section title, column slug, column title, share of pages)
# The kind of a page is its folder (SPEC §3): cases → case, brands → brand,
# reports → report, anything else → article.
SECTIONS = [
    ("cases", "典型案例", "typical-cases", "典型案例", 28),
    ("brands", "党建品牌", "show-brands", "SHOW!党建品牌", 20),
    ("reports", "活动纪实", "activities", "活动纪实", 16),
    ("articles", "工作动态", "news", "工作动态", 16),
    ("experience", "他山之石", "other-hills", "他山之石", 10),
    ("study", "理论学习", "study", "理论学习", 10),
]
KIND_OF = {"cases": "case", "brands": "brand", "reports": "report"}
PHOTOS_PER_SECTION = 8
LOGOS = 6  # brands/img/logo-N.svg
BRAND_CRITERIA = [("theme", "有主题"), ("connotation", "有内涵"),
                  ("feature", "有特色"), ("effect", "有效果")]
STATUSES = ["培育", "备案", "优秀", "十佳"]
STATUS_WEIGHTS = [40, 30, 20, 10]
CATEGORIES = ["窗口服务", "执法监管", "综合保障", "经济发展", "社会事业", "宣传文化"]

# ------------------------------------------------------------------ vocabulary
TAGS = [
    "党建引领", "支部建设", "三会一课", "主题党日", "党员教育", "组织生活会",
    "党建品牌", "党建业务融合", "基层治理", "网格化服务", "乡村振兴", "城市基层党建",
    "机关党建", "国企党建", "两新党建", "学校党建", "公立医院党建", "社区党建",
    "清廉机关", "作风建设", "纪律教育", "廉政文化", "理论武装", "学习强国",
    "红色阵地", "红色教育", "志愿服务", "结对共建", "为民办实事", "接诉即办",
    "营商环境", "数字赋能", "青年理论学习", "流动党员", "发展党员", "党员积分",
    "先锋示范岗", "头雁工程", "党群服务中心", "模范机关",
]
CITIES = ["合肥市", "芜湖市", "宣城市", "安庆市", "黄山市", "滁州市", "六安市",
          "马鞍山市", "铜陵市", "池州市", "蚌埠市", "阜阳市", "淮南市", "淮北市",
          "宿州市", "亳州市", "嘉兴市", "湖州市", "赣州市", "延安市"]
ORGANS = ["市场监督管理局", "税务局", "人力资源和社会保障局", "住房和城乡建设局",
          "生态环境局", "交通运输局", "农业农村局", "卫生健康委员会",
          "政务服务管理局", "机关事务管理局"]
UNITS = [c + o for c in CITIES for o in ORGANS]          # 200 units
BRANCHES = ["机关第一党支部", "机关第二党支部", "办公室党支部", "综合科党支部",
            "执法大队党支部", "离退休干部党支部", "青年党支部", "机关党总支"]
PROVINCES = ["安徽", "浙江", "江西", "陕西"]
PROVINCE_OF = {"嘉兴市": "浙江", "湖州市": "浙江", "赣州市": "江西", "延安市": "陕西"}
PEOPLE = ["王红梅", "李建国", "张晓燕", "刘志强", "陈思远", "杨丽华", "赵卫东",
          "黄文静", "周海涛", "吴秀英", "徐立新", "孙雅琴", "马骏", "朱慧敏"]
SOURCES = [("人民网·党建频道", "http://dangjian.people.com.cn/"),
           ("共产党员网", "https://www.12371.cn/"),
           ("紫光阁", "http://www.zgg.gov.cn/"),
           ("安徽先锋网", "http://www.ahxf.gov.cn/")]
BRAND_NAMES = ["红心向党", "先锋驿站", "初心领航", "头雁领飞", "红帆远航", "清风徽韵",
               "连心桥", "红色引擎", "暖心服务", "党旗飘飘", "匠心铸魂", "同心同行",
               "薪火相传", "红枫行动", "绿水青山", "便民先锋", "一线先锋", "金牌窗口"]
SLOGANS = ["支部建在一线，党旗飘在窗口", "一名党员一面旗，一个支部一座堡垒",
           "让党员亮起来，让服务暖起来", "以党建之红引领发展之绿",
           "头雁领飞，群雁齐飞", "把支部建强，把党员带好，把群众服务好"]

ACTOR = ["支部", "党支部", "机关党委", "支部委员会", "全体党员", "党员干部",
         "支部书记", "青年党员", "党员先锋队", "党总支", "支部班子成员"]
ACTION = ["持续深化", "扎实推进", "全面落实", "创新开展", "着力强化", "系统推进",
          "不断健全", "切实加强", "认真组织", "积极探索", "精心打造", "统筹推进"]
TOPIC = ["“三会一课”制度", "主题党日活动", "党员教育管理", "支部标准化规范化建设",
         "党建与业务深度融合", "理论学习中心组学习", "“我为群众办实事”实践活动",
         "党员志愿服务", "清廉机关建设", "作风建设", "党员积分制管理", "红色阵地建设",
         "“一支部一品牌”创建", "结对共建", "青年理论学习小组建设", "党群服务中心建设",
         "意识形态工作", "发展党员工作", "组织生活会", "谈心谈话制度"]
EFFECT = ["支部的组织力和战斗力显著增强", "党员的身份意识和宗旨意识明显提升",
          "群众的获得感和满意度不断提高", "形成了可复制、可推广的工作经验",
          "推动党建工作和业务工作同频共振", "打通了服务群众的“最后一公里”",
          "营造了比学赶超、争创一流的浓厚氛围", "有力促进了中心工作提质增效",
          "实现了以党建促业务、以业务强党建"]
MEASURE = ["建立“支部+网格”工作机制", "推行“党员积分”量化考评", "设立党员先锋示范岗",
           "开展“书记讲党课”活动", "建立问题、任务、责任“三张清单”",
           "组建党员志愿服务队", "实施“头雁”领航工程", "打造“红色驿站”服务阵地",
           "推行“一线工作法”", "开展“支部结对、党员联户”活动"]
WHEN = ["近年来", "今年以来", "学习贯彻习近平新时代中国特色社会主义思想主题教育开展以来",
        "党的二十大以来", "品牌创建以来", "去年以来", "在工作实践中"]
LINK = ["同时", "此外", "在此基础上", "与此同时", "另一方面", "特别是"]
BOLD_TERMS = ["“头雁”", "“红色引擎”", "“党建+”", "“先锋指数”", "“一线工作法”",
              "“三张清单”", "“红色驿站”", "“双报到”"]
POINTS = ["加强支部建设", "强化政治引领", "筑牢思想根基", "健全制度机制", "创新活动载体",
          "建强党员队伍", "提升服务效能", "深化融合发展", "打造红色阵地", "严格监督管理",
          "坚持问题导向", "发挥示范作用", "夯实基层基础", "凝聚工作合力"]
ACTIVITIES = ["重温入党誓词", "追寻红色足迹", "我为群众办实事", "党员进社区", "学习二十大精神",
              "清廉家风进万家", "红色观影", "支部书记讲党课", "党员志愿服务周"]
RESULTS = ["组织力明显增强", "党员作用充分发挥", "服务效能持续提升", "群众评价不断提高",
           "品牌影响日益扩大", "工作作风明显转变", "干部队伍更加过硬"]
H2 = {  # the numbered level-2 headings, by kind
    "case": ["基本情况", "主要做法", "取得成效", "经验启示", "下一步工作打算"],
    "brand": ["品牌概况", "创建举措", "品牌成效", "经验体会", "下一步打算"],
    "report": ["活动概况", "活动过程", "活动成效", "工作体会", "下一步安排"],
    "article": ["工作背景", "主要内容", "工作成效", "几点思考", "下一步工作"],
}
CN = "一二三四五六七八九十"
QUOTES = ["“基层党组织是贯彻落实党中央决策部署的‘最后一公里’。”",
          "“党的力量来自组织。组织能使力量倍增。”",
          "“全面从严治党永远在路上，党的自我革命永远在路上。”"]
TABLE_ROWS = ["开展主题党日（次）", "党员志愿服务（人次）", "为民办实事（件）",
              "发展党员（名）", "结对共建单位（个）", "群众满意度（%）", "党员培训（人次）"]
CODE = [
    ("yaml", "# 支部党员积分规则（示例）\nrules:\n  三会一课: 5      # 每次\n"
             "  志愿服务: 2      # 每小时\n  学习强国: 1      # 每日达标\nlevels:\n"
             "  优秀: 90\n  合格: 60\n"),
    ("python", "def pioneer_score(m):\n    \"\"\"党员先锋指数 = 参会 + 服务 + 学习，封顶 100。\"\"\"\n"
               "    score = 5 * m.meetings + 2 * m.service_hours + m.study_days\n"
               "    return min(score, 100)\n"),
    ("json", "{\n  \"支部\": \"机关第一党支部\",\n  \"党员\": 36,\n"
             "  \"活动\": [\"主题党日\", \"志愿服务\", \"专题党课\"]\n}\n"),
    ("sql", "-- 统计各支部本年度主题党日次数\nSELECT branch, COUNT(*) AS 次数\n"
            "FROM activities\nWHERE kind = '主题党日' AND year = 2024\nGROUP BY branch;\n"),
]


# ------------------------------------------------------------------ text
def sentence(r, plain=False):
    """One sentence; `plain` leaves out Markdown (for front-matter values)."""
    k = r.randrange(8)
    if plain and k == 4:
        k = 7
    if k == 0:
        return f"{r.choice(WHEN)}，{r.choice(ACTOR)}{r.choice(ACTION)}{r.choice(TOPIC)}，{r.choice(EFFECT)}。"
    if k == 1:
        return f"{r.choice(ACTOR)}通过{r.choice(MEASURE)}，{r.choice(ACTION)}{r.choice(TOPIC)}，{r.choice(EFFECT)}。"
    if k == 2:
        return (f"全年共开展各类活动{r.randint(8, 360)}场次，参与党员群众{r.randint(120, 18000)}人次，"
                f"收集意见建议{r.randint(5, 260)}条，办结率达{r.randint(90, 100)}%。")
    if k == 3:
        return (f"{r.choice(LINK)}，{r.choice(ACTOR)}以{r.choice(TOPIC)}为抓手，"
                f"{r.choice(ACTION)}{r.choice(TOPIC)}，{r.choice(EFFECT)}。")
    if k == 4:
        # CJK emphasis: closing ** after a quotation mark, followed by a Han character
        return f"{r.choice(ACTOR)}深入实施**{r.choice(BOLD_TERMS)}**工程，{r.choice(ACTION)}{r.choice(TOPIC)}。"
    if k == 5:
        return (f"坚持把{r.choice(TOPIC)}摆在突出位置，{r.choice(MEASURE)}，"
                f"做到年初有计划、过程有督导、年底有考评。")
    if k == 6:
        return f"正如一位老党员所说：“{r.choice(ACTOR)}就在身边，有事找党员，心里踏实。”"
    return f"{r.choice(ACTOR)}{r.choice(ACTION)}{r.choice(TOPIC)}，{r.choice(MEASURE)}，{r.choice(EFFECT)}。"


def paragraph(r, lo=3, hi=6):
    # one paragraph per line: a soft break inside Chinese text would render as a space
    return "".join(sentence(r) for _ in range(r.randint(lo, hi)))


def bold_point(r, n):
    # `**（一）加强支部建设。**正文` — the bold ends in 。 and is followed by Han text
    return f"**（{CN[n]}）{r.choice(POINTS)}。**{paragraph(r, 2, 4)}"


def a_list(r):
    n = r.randint(3, 5)
    if r.random() < 0.5:
        return "\n".join(f"{k + 1}. **{r.choice(POINTS)}**：{sentence(r)}" for k in range(n))
    return "\n".join(f"- {r.choice(MEASURE)}，{r.choice(EFFECT)}；" for _ in range(n))


def a_table(r):
    y = r.randint(2020, 2024)
    out = [f"| 指标 | {y}年 | {y + 1}年 | 同比 |", "| :--- | ---: | ---: | ---: |"]
    for row in r.sample(TABLE_ROWS, r.randint(3, 5)):
        a = r.randint(10, 800)
        b = a + r.randint(-5, 240)
        out.append(f"| {row} | {a} | {b} | {100.0 * (b - a) / a:+.1f}% |")
    return "\n".join(out)


def a_code(r):
    lang, src = r.choice(CODE)
    return f"```{lang}\n{src}```"


def an_image(r):
    n = r.randint(1, PHOTOS_PER_SECTION)
    return f"![{r.choice(BRAND_NAMES)}活动现场（图{n}）](img/{n}.svg)"


def body(r, kind):
    """Markdown body: blocks are added until the file reaches its target size."""
    # bytes of body: the front matter adds 400-1,300 more (brands the most)
    target = r.randint(3700, 6600) - (600 if kind == "brand" else 0)
    heads = H2[kind][: r.choice([4, 5, 5])]
    sections = [[f"## {CN[k]}、{h}", [paragraph(r, 2, 3)]] for k, h in enumerate(heads)]
    # 二: sub-headings （一）（二）…, then a list
    practice = []
    for s in range(r.randint(2, 4)):
        practice += [f"### （{CN[s]}）{r.choice(POINTS)}，{r.choice(POINTS)}", paragraph(r, 2, 4)]
    practice.append(a_list(r))
    sections[1][1] = practice
    # 三: results as bold lead-in paragraphs
    sections[2][1] = [f"**（{CN[k]}）{RESULTS[(k + r.randrange(7)) % 7]}。**{paragraph(r, 1, 3)}"
                      for k in range(r.randint(2, 3))]
    n_points = len(sections[2][1])
    sections[0][1].append(an_image(r))
    if r.random() < 0.35:
        sections[2][1].append(a_table(r))
    if r.random() < 0.5:
        sections[1][1].insert(2, an_image(r))
    if r.random() < 0.15:
        sections[3][1].append(a_code(r))
    if r.random() < 0.25:
        sections[0][1].insert(0, "> " + r.choice(QUOTES))
    note = r.choice(["支部工作台账", "年度党建工作报告", "机关党委统计"]) if r.random() < 0.1 else None
    lead = paragraph(r, 2, 4)
    if note:
        lead += "[^1]"

    def render():
        text = lead + "\n\n" + "\n\n".join("\n\n".join([h] + blocks) for h, blocks in sections) + "\n"
        if note:
            text += f"\n[^1]: 数据来源：{note}。\n"
        return text

    text = render()
    while len(text.encode("utf-8")) < target:
        s = r.randrange(len(sections))
        blocks = sections[s][1]
        if s == 1:
            blocks.insert(r.randint(1, len(blocks) - 1), paragraph(r))
        elif s == 2 and n_points < 9:
            blocks.insert(n_points, bold_point(r, n_points))  # before the table, if any
            n_points += 1
        else:
            blocks.append(paragraph(r))
        text = render()
    return text


def title(r, unit, branch, kind, brand):
    k = r.randrange(4)
    if kind == "brand":
        return f"{unit}{branch}：“{brand}”党建品牌"
    if kind == "report" and k < 2:
        return f"{unit}{branch}开展“{r.choice(ACTIVITIES)}”主题党日活动"
    if k == 0:
        return f"以“{brand}”品牌为引领{r.choice(ACTION)}{r.choice(TOPIC)}——{unit}的探索与实践"
    if k == 1:
        return f"{unit}：{r.choice(ACTION)}{r.choice(TOPIC)} {r.choice(EFFECT)}"
    if k == 2:
        return f"{r.choice(POINTS)} {r.choice(POINTS)}——{unit}{branch}工作纪实"
    return f"{unit}{branch}{r.choice(MEASURE)}"


# ------------------------------------------------------------------ pages
def make_page(seed, i):
    """Everything about page i, as a dict; depends only on (seed, i)."""
    r = random.Random(f"{seed}/{i}")
    sec = r.choices(SECTIONS, weights=[s[4] for s in SECTIONS])[0]
    folder, _, column, _, _ = sec
    kind = KIND_OF.get(folder, "article")
    city = r.choice(CITIES)
    unit = city + r.choice(ORGANS)
    branch = r.choice(BRANCHES)
    brand = r.choice(BRAND_NAMES)
    y, mo, d = r.randint(2018, 2025), r.randint(1, 12), r.randint(1, 28)
    hh, mm = r.randint(8, 18), r.randrange(60)
    p = {
        "folder": folder, "kind": kind, "slug": f"{folder[:-1] if folder.endswith('s') else folder}-{i:06d}",
        "title": title(r, unit, branch, kind, brand),
        "ymd": (y, mo, d), "hm": (hh, mm) if r.random() < 0.7 else None,
        "unit": unit, "branch": unit + branch,
        "region": f"{PROVINCE_OF.get(city, '安徽')}·{city[:-1]}",
        "author": r.sample(PEOPLE, r.randint(1, 2)),
        "editors": r.sample(PEOPLE, r.randint(1, 2)) if r.random() < 0.6 else None,
        "columns": [column] + (["show-brands"] if kind != "brand" and r.random() < 0.05 else [])
                   + (["other-hills"] if folder in ("cases", "reports") and r.random() < 0.1 else []),
        "tags": r.sample(TAGS, r.randint(2, 4)),
        "cover": f"img/{r.randint(1, PHOTOS_PER_SECTION)}.svg" if r.random() < 0.4 else None,
        "source": r.choice(SOURCES) if folder == "experience" else None,
        "figures": None,
    }
    if kind in ("case", "brand") and r.random() < 0.7:
        p["figures"] = [
            {"label": "党员", "value": r.randint(8, 120), "unit": "名"},
            {"label": "服务群众", "value": r.choice([f"{r.randint(1, 9)}万多", r.randint(300, 9000)]),
             "unit": "人次"},
            {"label": "群众满意度", "value": f"{r.randint(9000, 9999) / 100:.2f}%"},
        ][: r.randint(2, 3)]
    if kind == "brand":
        p.update(name=brand, slogan=r.choice(SLOGANS), logo=f"img/logo-{r.randint(1, LOGOS)}.svg",
                 category=r.choice(CATEGORIES),
                 status=r.choices(STATUSES, weights=STATUS_WEIGHTS)[0],
                 year=r.randint(max(2018, y - 3), y),
                 standard={key: sentence(r, plain=True) for key, _ in BRAND_CRITERIA})
    if kind == "report":
        p.update(period=f"{y}年度",
                 gallery=[{"src": f"img/{n}.svg", "caption": f"{brand}活动剪影（{k + 1}）"}
                          for k, n in enumerate(r.sample(range(1, PHOTOS_PER_SECTION + 1), r.randint(2, 4)))])
    p["body"] = body(r, kind)
    return p


def q(s):
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(s, ensure_ascii=False)


def qlist(xs):
    return "[" + ", ".join(q(x) for x in xs) + "]"


def fmap(m):
    """A YAML flow mapping; strings quoted, numbers bare."""
    return "{" + ", ".join(f"{k}: {v if isinstance(v, int) else q(v)}" for k, v in m.items()) + "}"


def front_matter(p, flavor):
    y, mo, d = p["ymd"]
    if flavor == "yanzhen":
        # SPEC §3: `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`, a calendar date
        date = f"{y:04d}-{mo:02d}-{d:02d}" + (f" {p['hm'][0]:02d}:{p['hm'][1]:02d}" if p["hm"] else "")
    else:
        hh, mm = p["hm"] or (0, 0)
        date = f"{y:04d}-{mo:02d}-{d:02d}T{hh:02d}:{mm:02d}:00+08:00"
    out = [f"title: {q(p['title'])}", f"date: {date}",
           f"unit: {q(p['unit'])}", f"branch: {q(p['branch'])}", f"region: {q(p['region'])}"]
    out.append(f"author: {q(p['author'][0])}" if len(p["author"]) == 1 else f"author: {qlist(p['author'])}")
    if p["editors"]:
        out.append(f"editors: {qlist(p['editors'])}")
    if p["source"]:
        out += [f"source: {q(p['source'][0])}", f"source_url: {q(p['source'][1])}"]
    out.append(f"columns: [{', '.join(p['columns'])}]")
    out.append(f"tags: {qlist(p['tags'])}")
    if flavor == "hugo":
        out.append(f"units: {qlist([p['unit']])}")
    if p["cover"]:
        out.append(f"cover: {p['cover']}")
    if p["figures"]:
        out.append("figures:")
        out += [f"  - {fmap(f)}" for f in p["figures"]]
    if p["kind"] == "brand":
        out += [f"name: {q(p['name'])}", f"slogan: {q(p['slogan'])}", f"logo: {p['logo']}",
                f"category: {p['category']}", f"status: {p['status']}", f"year: {p['year']}",
                "standard:"]
        out += [f"  {k}: {q(v)}" for k, v in p["standard"].items()]
    if p["kind"] == "report":
        out.append(f"period: {q(p['period'])}")
        out.append("gallery:")
        out += [f"  - {fmap(g)}" for g in p["gallery"]]
    return "---\n" + "\n".join(out) + "\n---\n\n"


# ------------------------------------------------------------------ images
SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">
<rect width="{w}" height="{h}" fill="{bg}"/>
<circle cx="{cx}" cy="{cy}" r="{rad}" fill="#c8102e"/>
<text x="50%" y="90%" font-size="{fs}" text-anchor="middle" fill="#7a0c1b">{label}</text>
</svg>
"""


def images(folder, section_title):
    """A few tiny shared SVG files per section: img/1..8.svg (and logos for brands)."""
    r = random.Random(f"img/{folder}")
    files = {}
    for n in range(1, PHOTOS_PER_SECTION + 1):
        files[f"img/{n}.svg"] = SVG.format(w=320, h=200, bg=r.choice(["#fff4e6", "#fbeaea", "#f5efe0"]),
                                           cx=r.randint(60, 260), cy=r.randint(50, 120), rad=r.randint(18, 40),
                                           fs=18, label=f"{section_title} 图{n}")
    if folder == "brands":
        for n in range(1, LOGOS + 1):
            files[f"img/logo-{n}.svg"] = SVG.format(w=96, h=96, bg="#fffaf0", cx=48, cy=40, rad=26,
                                                    fs=12, label=f"品牌{n}")
    return files


# ------------------------------------------------------------------ scaffolding
def site_yaml():
    cols = "".join(f"  - slug: {slug}\n    title: {q(ctitle)}\n    description: {q(ctitle + '栏目，汇集各单位党建工作成果')}\n"
                   for _, _, slug, ctitle, _ in SECTIONS)
    menu = "  - {title: 首页, url: /}\n" + "".join(f"  - {{section: {f}}}\n" for f, *_ in SECTIONS) \
        + "  - {column: show-brands}\n"
    crit = "".join(f"  - {{key: {k}, label: {v}}}\n" for k, v in BRAND_CRITERIA)
    return ("title: 示例市直机关党建网\n"
            "subtitle: 一支部一品牌 · 党建和业务融合发展\n"
            "base_url: /\n"
            "language: zh-CN\n"
            "theme: default\n"
            f"columns:\n{cols}"
            f"menu:\n{menu}"
            f"brand_criteria:\n{crit}"
            "footer: 中共示例市委市直机关工作委员会 主办\n")


HUGO_TOML = """baseURL = "http://example.org/"
title = "示例市直机关党建网"
languageCode = "zh-CN"
defaultContentLanguage = "zh-cn"
hasCJKLanguage = true
paginate = 20
summaryLength = 120
pluralizeListTitles = false
disableKinds = ["RSS", "sitemap", "robotsTXT"]
disableHugoGeneratorInject = true

[taxonomies]
  tag = "tags"
  unit = "units"

[markup]
  defaultMarkdownHandler = "goldmark"
  [markup.goldmark.renderer]
    unsafe = false
  [markup.highlight]
    codeFences = true
    noClasses = false
  [markup.tableOfContents]
    startLevel = 2
    endLevel = 3
    ordered = false

[params]
  footer = "中共示例市委市直机关工作委员会 主办"
"""

HUGO_MENU = "".join(f'[[menu.main]]\n  name = "{t}"\n  url = "/{f}/"\n  weight = {k + 2}\n'
                    for k, (f, t, *_) in enumerate(SECTIONS))
HUGO_MENU = '[[menu.main]]\n  name = "首页"\n  url = "/"\n  weight = 1\n' + HUGO_MENU

HUGO_PAGER = """<nav class="pager">第 {{ $p.PageNumber }} / {{ $p.TotalPages }} 页
{{- with $p.Prev }} <a href="{{ .URL }}">上一页</a>{{ end }}
{{- with $p.Next }} <a href="{{ .URL }}">下一页</a>{{ end }}</nav>"""
HUGO_ITEMS = """{{ $p := .Paginator }}<ul class="list">
{{- range $p.Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span>{{ .Params.unit }}</span> <time>{{ .Date.Format "2006-01-02" }}</time>
<p>{{ .Summary }}</p></li>
{{- end }}
</ul>
""" + HUGO_PAGER

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} - {{ end }}{{ .Site.Title }}</title></head>
<body>
<header><a href="/">{{ .Site.Title }}</a>
<nav>{{ range .Site.Menus.main }}<a href="{{ .URL }}">{{ .Name }}</a> {{ end }}<a href="/tags/">标签</a> <a href="/units/">单位</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ .Site.Params.footer }}</footer>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}<nav class="crumbs"><a href="/">首页</a> › <a href="{{ .CurrentSection.RelPermalink }}">{{ .CurrentSection.Title }}</a> › {{ .Title }}</nav>
<article>
<h1>{{ .Title }}</h1>
<p class="meta">{{ with .GetTerms "units" }}{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}{{ end }}
{{- with .Params.source }} · 来源：{{ . }}{{ end }} · <time>{{ .Date.Format "2006-01-02" }}</time>
{{- with .Params.editors }} · 责任编辑：{{ delimit . "、" }}{{ end }}</p>
{{- with .Params.slogan }}<p class="slogan">{{ . }}（{{ $.Params.status }}）</p>{{ end }}
{{- with .Params.figures }}<div class="figures">{{ range . }}<div class="figure"><b>{{ .value }}</b>{{ .unit }}<span>{{ .label }}</span></div>{{ end }}</div>{{ end }}
<aside class="toc">{{ .TableOfContents }}</aside>
<div class="content">{{ .Content }}</div>
<p class="tags">{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
<nav class="prevnext">{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">上一篇：{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">下一篇：{{ .Title }}</a>{{ end }}</nav>
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
""" + HUGO_ITEMS + """{{ end }}
""",
    # term page (/tags/TAG/, /units/UNIT/), paginated like a section
    "_default/taxonomy.html": """{{ define "main" }}<h1>{{ .Data.Singular }}：{{ .Title }}</h1>
""" + HUGO_ITEMS + """{{ end }}
""",
    # list of terms (/tags/, /units/)
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul class="terms">
{{- range .Data.Terms.ByCount }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{- end }}
</ul>{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>{{ .Site.Title }}</h1>
{{ range .Site.Sections }}<section><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><ul>
{{- range first 6 .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}
</ul></section>
{{ end }}{{ end }}
""",
}


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def scaffold(out, flavor):
    for folder, stitle, _, _, _ in SECTIONS:
        for rel, svg in images(folder, stitle).items():
            write(os.path.join(out, "content", folder, rel), svg)
        if flavor == "yanzhen":
            index = (f"---\ntitle: {q(stitle)}\ndescription: {q(stitle + '：各单位党建工作交流')}\n"
                     "sort_by: date\npaginate: 20\n---\n")
        else:
            index = f"---\ntitle: {q(stitle)}\ndescription: {q(stitle + '：各单位党建工作交流')}\n---\n"
        write(os.path.join(out, "content", folder, "_index.md"), index)
    if flavor == "yanzhen":
        write(os.path.join(out, "site.yaml"), site_yaml())
    else:
        write(os.path.join(out, "hugo.toml"), HUGO_TOML + "\n" + HUGO_MENU)
        for name, text in HUGO_LAYOUTS.items():
            write(os.path.join(out, "layouts", name), text)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Write a synthetic party-building site for the benchmark.")
    ap.add_argument("--pages", type=int, required=True, help="number of content pages")
    ap.add_argument("--out", required=True, help="site root to write")
    ap.add_argument("--flavor", choices=["yanzhen", "hugo"], required=True)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--force", action="store_true", help="replace DIR if it exists")
    a = ap.parse_args(argv)
    if a.pages < 0:
        ap.error("--pages must be >= 0")
    if os.path.exists(a.out):
        if os.listdir(a.out) and not a.force:
            sys.exit(f"gen_corpus: {a.out} exists and is not empty (use --force)")
        shutil.rmtree(a.out)
    scaffold(a.out, a.flavor)
    total = 0
    for i in range(1, a.pages + 1):
        p = make_page(a.seed, i)
        text = front_matter(p, a.flavor) + p["body"]
        write(os.path.join(a.out, "content", p["folder"], p["slug"] + ".md"), text)
        total += len(text.encode("utf-8"))
    print(f"gen_corpus: {a.flavor}, {a.pages} pages, {total / 1e6:.1f} MB of Markdown in {a.out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
