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
