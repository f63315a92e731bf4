"""Markdown written by HR (training modules, later recognition texts), rendered safely.

markdown-it-py (CommonMark, raw HTML off) turns the text into HTML; nh3 then keeps only a
small allowlist of tags and attributes, so whatever an author or an imported file writes,
the page gets no script, no style, no event handler and no remote image: an image must be
one of the project's own static files (`/static/…`). Links open normally, with
`rel="noopener noreferrer"`.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

TAGS = {
    "p", "br", "hr", "h3", "h4", "h5", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
URL_SCHEMES = {"https", "http", "mailto"}

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def _local_images_only(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src":
        return value if value.startswith("/static/") and ".." not in value else None
    return value


def render_markdown(text: str) -> SafeString:
    """Return `text` (Markdown) as safe HTML. Headings start at level 3: a module's page has
    its own title (h1) and section titles (h2)."""
    html = _parser.render(text or "")
    for level in (2, 1):  # h1 → h3, h2 → h4, keeping the page's outline
        html = html.replace(f"<h{level}>", f"<h{level + 2}>").replace(
            f"</h{level}>", f"</h{level + 2}>"
        )
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_local_images_only,
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 (sanitised by nh3 just above)
