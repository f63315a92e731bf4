"""The image of a badge, drawn here: a shape in the badge's colour with its letters (or a
sign) in white, as an inline SVG with `role="img"` and a `<title>` giving its name. No
external asset, no font file: the letters use the reader's sans-serif font."""

import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Dark enough for white letters (contrast above 4.5:1 for each).
COLOURS = {
    "blue": ("#1d4e89", "#0f2f57"),
    "green": ("#1e6b3a", "#0f4423"),
    "purple": ("#5b2a86", "#3a1859"),
    "red": ("#a3212b", "#6e1219"),
    "teal": ("#0f6468", "#073f42"),
    "brown": ("#7a4a1d", "#4e2d0e"),
}


def _star(points: int = 5, outer: float = 46, inner: float = 22) -> str:
    corners = []
    for index in range(points * 2):
        radius = outer if index % 2 == 0 else inner
        angle = math.pi / points * index - math.pi / 2
        corners.append(f"{50 + radius * math.cos(angle):.1f},{52 + radius * math.sin(angle):.1f}")
    return " ".join(corners)


def _hexagon() -> str:
    return " ".join(
        f"{50 + 46 * math.cos(math.pi / 3 * i + math.pi / 6):.1f},"
        f"{50 + 46 * math.sin(math.pi / 3 * i + math.pi / 6):.1f}"
        for i in range(6)
    )


SHAPES = {
    "circle": '<circle cx="50" cy="50" r="45" fill="{fill}" stroke="{edge}" stroke-width="4"/>',
    "shield": (
        '<path d="M50 4 L90 16 V48 C90 72 72 88 50 96 C28 88 10 72 10 48 V16 Z" '
        'fill="{fill}" stroke="{edge}" stroke-width="4"/>'
    ),
    "hexagon": f'<polygon points="{_hexagon()}" fill="{{fill}}" stroke="{{edge}}" '
    'stroke-width="4"/>',
    "star": f'<polygon points="{_star()}" fill="{{fill}}" stroke="{{edge}}" '
    'stroke-width="3" stroke-linejoin="round"/>',
}


def badge_svg(badge, *, name: str, size: int = 64, ident: str = "") -> SafeString:
    """The SVG of `badge`, titled `name` (in the reader's language). `ident` makes the
    title's id unique on a page showing several images."""
    fill, edge = COLOURS.get(badge.colour, COLOURS["blue"])
    shape = SHAPES.get(badge.shape, SHAPES["circle"]).format(fill=fill, edge=edge)
    glyph = (badge.glyph or badge.name_en[:1] or "?")[:3]
    font = {1: 40, 2: 30}.get(len(glyph), 22)
    title_id = f"badge-{escape(badge.slug)}-{escape(ident)}-title".replace("--", "-")
    return mark_safe(  # noqa: S308 - every value is escaped or drawn here
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="{int(size)}" '
        f'height="{int(size)}" role="img" aria-labelledby="{title_id}" class="badge-art">'
        f'<title id="{title_id}">{escape(name)}</title>'
        f"{shape}"
        f'<text x="50" y="52" text-anchor="middle" dominant-baseline="central" '
        f'font-family="sans-serif" font-weight="bold" font-size="{font}" fill="#ffffff" '
        f'aria-hidden="true">{escape(glyph)}</text></svg>'
    )
