"""Pages speak the words of the people who use them: no template names a library."""

from __future__ import annotations

import re
from pathlib import Path

SALON = Path(__file__).resolve().parents[2]
LIBRARIES = re.compile(
    r"OR-Tools|ortools|MinCostFlow|networkx|Tantivy|FTS5|WeasyPrint|django-ninja|"
    r"allauth|markdown-it|\bnh3\b|icalendar|dateutil|\brrule\b|Channels|WebSocket",
    re.IGNORECASE,
)
# What a template may say about these: tag libraries, template paths, attributes.
NOT_TEXT = re.compile(
    r"\{% comment %\}.*?\{% endcomment %\}|\{%.*?%\}|\{#.*?#\}|<[^>]*>", re.DOTALL
)


def test_no_template_names_a_library_in_its_text() -> None:
    found = []
    for path in SALON.rglob("templates/**/*.html"):
        text = NOT_TEXT.sub(" ", path.read_text())
        found += [f"{path.relative_to(SALON)}: {m.group()}" for m in LIBRARIES.finditer(text)]
    assert not found, "Library names in page text:\n" + "\n".join(found)
