"""Highlighted titles and snippets: every character escaped, only our own <mark> tags kept.

Done in Python for both engines, on the text as it was written (FTS5's snippet() and
PostgreSQL's ts_headline would show the folded text or escape nothing), and only for the
page of hits that is shown.
"""

from __future__ import annotations

import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from salon.core.search.text import WORD, fold_word

SNIPPET_LENGTH = 220
# How much of the snippet comes before the first match, so it is read in context.
LEAD = 60


def _matches(word: str, exact: frozenset[str], prefixes: tuple[str, ...]) -> bool:
    parts = WORD.findall(fold_word(word))
    return any(part in exact or part.startswith(prefixes) for part in parts)


def _spans(text: str, exact: frozenset[str], prefixes: tuple[str, ...]) -> list[tuple[int, int]]:
    if not exact and not prefixes:
        return []
    return [m.span() for m in WORD.finditer(text) if _matches(m.group(), exact, prefixes)]


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out: list[str] = []
    at = start
    for a, b in spans:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        out.append(escape(text[at:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        at = b
    out.append(escape(text[at:end]))
    return "".join(out)


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def highlight(text: str, exact: frozenset[str], prefixes: tuple[str, ...]) -> SafeString:
    """All of ``text``, escaped, with the matching words in <mark>."""
    text = _clean(text)
    html = _render(text, _spans(text, exact, prefixes), 0, len(text))
    return mark_safe(html)  # noqa: S308  (every piece of text went through escape())


def snippet(
    text: str, exact: frozenset[str], prefixes: tuple[str, ...], length: int = SNIPPET_LENGTH
) -> SafeString:
    """About ``length`` characters of ``text`` around its first match, escaped, with the
    matching words in <mark> and "…" where text was cut."""
    text = _clean(text)
    spans = _spans(text, exact, prefixes)
    start, end = 0, len(text)
    if end > length:
        first = spans[0][0] if spans else 0
        start = max(0, min(first - LEAD, len(text) - length))
        if start > 0:
            # Begin at a word: after the space before ``start``.
            space = text.rfind(" ", 0, start + 1)
            start = space + 1 if space >= 0 and start - space < 20 else start
        end = min(len(text), start + length)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start + length // 2 else end
    html = _render(text, spans, start, end)
    if start > 0:
        html = "…" + html
    if end < len(text):
        html += "…"
    return mark_safe(html)  # noqa: S308  (every piece of text went through escape())
