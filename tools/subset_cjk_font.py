"""Make the bundled Chinese font: Noto Sans CJK SC cut down to the characters we need.

Charts (PNG) and PDFs are drawn on the server, which may have no Chinese font at all; the
platform therefore carries its own. The full collection is 16 MB per weight, so it is cut to:
every character of the Chinese catalogues and reference data, plus the 6,763 characters
of GB 2312 (which covers nearly all modern Simplified Chinese text typed by users).

Run after changing a zh_Hans catalogue or the Chinese reference data:

    apt-get install fonts-noto-cjk
    .venv/bin/python tools/subset_cjk_font.py [/path/to/NotoSansCJK-Regular.ttc]
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "target87"
OUT = PACKAGE / "data" / "fonts"
# one weight only: renderers make bold from it, and each weight costs 3 MB
DEFAULT_SOURCES = [Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")]
FAMILY_IN_COLLECTION = "Noto Sans CJK SC"
# A family name of its own, so that a full Noto Sans CJK installed on the server is preferred
FAMILY = "Target87 Sans SC"


def gb2312_characters() -> set[str]:
    chars = set()
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def platform_characters() -> set[str]:
    """Every non-ASCII character in the Chinese catalogues and the reference data."""
    chars: set[str] = set()
    files = list(PACKAGE.rglob("zh_Hans/LC_MESSAGES/*.po"))
    files += [p for p in (PACKAGE / "data").rglob("*") if p.suffix in {".csv", ".json", ".yaml"}]
    files += [p for p in PACKAGE.rglob("data/*") if p.suffix in {".csv", ".json", ".yaml"}]
    for path in files:
        chars.update(c for c in path.read_text("utf-8", errors="ignore") if ord(c) > 0x2000)
    return chars


def main(argv: list[str]) -> int:
    sources = [Path(a) for a in argv] or DEFAULT_SOURCES
    # ASCII too: a space or digit inside a Chinese run must not fall to the empty glyph
    ascii_ = {chr(c) for c in range(0x20, 0x7F)}
    text = "".join(sorted(gb2312_characters() | platform_characters() | ascii_))
    OUT.mkdir(parents=True, exist_ok=True)
    for source in sources:
        collection = TTCollection(str(source))
        font = next(
            f for f in collection.fonts if f["name"].getDebugName(1) == FAMILY_IN_COLLECTION
        )
        weight = font["name"].getDebugName(2)  # Regular / Bold
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        postscript = f"{FAMILY.replace(' ', '')}-{weight}"
        for record in font["name"].names:
            if record.nameID in (1, 16):
                record.string = FAMILY
            elif record.nameID == 4:
                record.string = FAMILY if weight == "Regular" else f"{FAMILY} {weight}"
            elif record.nameID in (3, 6):
                record.string = postscript
        font["name"].names = [r for r in font["name"].names if r.nameID != 17 or r.string]
        target = OUT / f"{postscript}.otf"
        font.save(str(target))
        size = target.stat().st_size
        print(f"{target.relative_to(ROOT)}: {len(text)} characters, {size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
