"""Text direction decided on the server: the PDF renderer does not resolve ``dir="auto"``,
so each piece of source text gets the direction of its first strong character."""

import unicodedata

from django import template

register = template.Library()


@register.filter
def text_direction(text) -> str:
    for char in str(text or ""):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "auto"
