"""Markdown people write, rendered with markdown-it-py and sanitised with nh3.

Raw HTML in the source is escaped by the renderer, and the result is still cleaned by nh3
with an allow-list: no script, style or event attributes survive, links keep only http(s)
and mailto URLs and get ``rel="nofollow noopener"``.
"""

from __future__ import annotations

from html import unescape

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

ALLOWED_TAGS = {
    "a",
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}


def render_markdown(source: str) -> SafeString:
    html = _md.render(source or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )
    return mark_safe(clean)  # noqa: S308  (sanitised just above)


def plain_text(source: str) -> str:
    """The words of a Markdown text without its markup, for search snippets and previews:
    "**Bold** [link](https://…)" reads "Bold link"."""
    html = str(render_markdown(source))
    text = nh3.clean(html, tags=set(), attributes={})
    return " ".join(unescape(text).split())
