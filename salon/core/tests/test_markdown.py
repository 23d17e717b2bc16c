from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from salon.core.markdown import render_markdown

DANGEROUS = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    '<img src=x onerror="alert(1)">',
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<style>body{}</style>",
    '<div style="color:red">x</div>',
]


class _Audit(HTMLParser):
    """Collects what a browser would act on: tags, attributes and URL values."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "iframe", "object", "embed"}:
            self.problems.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(name)
            url = (value or "").strip().lower().replace("\x00", "")
            scheme = re.match(r"[a-z][a-z0-9+.-]*:", url)
            safe = scheme is None or scheme.group(0) in {"http:", "https:", "mailto:"}
            if name in {"href", "src"} and not safe:
                self.problems.append(f"{name}={value}")


def _safe(html: str) -> bool:
    audit = _Audit()
    audit.feed(html)
    return not audit.problems


def test_benign_markdown_renders_as_expected() -> None:
    html = render_markdown("# Agenda\n\n1. **Intro**\n2. [Slides](https://example.com/s)")

    assert "<h1>Agenda</h1>" in html
    assert "<strong>Intro</strong>" in html
    assert 'href="https://example.com/s"' in html
    assert 'rel="nofollow noopener"' in html


def test_known_attacks_are_neutralised() -> None:
    for source in DANGEROUS:
        assert _safe(render_markdown(source)), source


@settings(max_examples=300, deadline=None)
@given(
    st.text()
    | st.lists(st.sampled_from([*DANGEROUS, "[", "](", ")", "<", ">", '"', " on"])).map("".join)
)
def test_no_input_yields_script_handlers_or_javascript_urls(source: str) -> None:
    assert _safe(render_markdown(source))
