"""Mixed-direction text: the direction of a piece of text, decided on the server.

Browsers resolve ``<bdi>`` and ``dir="auto"`` themselves; the PDF renderer and Word do not,
so the direction is computed here from the first strong character (Unicode bidi classes
L, R and AL), the rule ``dir="auto"`` follows.
"""

from __future__ import annotations

import unicodedata

# first strong isolate … pop directional isolate: a run isolated in plain text (charts,
# Word files), where no element can carry ``dir``
FSI, LRI, RLI, PDI = "\u2068", "\u2066", "\u2067", "\u2069"


def text_direction(text) -> str:
    """'ltr' or 'rtl' from the first strong character; 'auto' when there is none."""
    for char in str(text or ""):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "auto"


def isolate_plain(text) -> str:
    """Text wrapped in directional isolate marks so that, inside a line of the other
    direction, it keeps its own order ("… by 2019" stays whole, its full stop in place)."""
    text = str(text or "")
    if not text:
        return text
    mark = {"ltr": LRI, "rtl": RLI}.get(text_direction(text), FSI)
    return f"{mark}{text}{PDI}"


def _kind(char: str) -> str:
    kind = unicodedata.bidirectional(char)
    if kind in ("R", "AL"):
        return "R"
    if kind == "L":
        return "L"
    if kind in ("EN", "AN"):
        return "N"  # digits: kept with the letters before them ("by 2019")
    return ""


def isolate_runs(text, base: str = "rtl") -> str:
    """Plain text for a line of direction ``base``: each run of the other direction (from
    its first strong letter to its last letter or digit before the line's own direction
    comes back) wrapped in isolate marks, so "نيبال Nepal (NPL) 2019" keeps "Nepal (NPL)
    2019" in its order. Text with no letter of ``base``'s direction is isolated whole."""
    text = str(text or "")
    own, other, mark = ("R", "L", LRI) if base == "rtl" else ("L", "R", RLI)
    kinds = [_kind(c) for c in text]
    if own not in kinds:
        return isolate_plain(text)
    out, i = [], 0
    while i < len(text):
        if kinds[i] != other:
            out.append(text[i])
            i += 1
            continue
        end = i
        j = i
        while j < len(text) and kinds[j] != own:
            if kinds[j] in (other, "N"):
                end = j
            j += 1
        out.append(f"{mark}{text[i:end + 1]}{PDI}")
        i = end + 1
    return "".join(out)


def isolate_line(text, base: str = "rtl") -> str:
    """A whole line for a place whose own direction is not known (an SVG text element is
    left to right unless told otherwise): ``isolate_runs`` inside an isolate of the line's
    direction."""
    text = str(text or "")
    if not text:
        return text
    inner = isolate_runs(text, base)
    if inner.startswith((LRI, RLI, FSI)) and inner.endswith(PDI) and inner.count(PDI) == 1:
        return inner  # isolated whole already (no letter of the line's direction)
    return f"{RLI if base == 'rtl' else LRI}{inner}{PDI}"
