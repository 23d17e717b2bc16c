"""Posts are Markdown rendered by ``render_markdown`` (markdown-it-py + nh3), then mentions
are linked: nothing anyone writes may reach the page as script."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from salon.core.markdown import render_markdown
from salon.discussions.mentions import find_mentions, handles, link_mentions

ATTACKS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//x.test/x.js></SCRIPT>",
    "[x](javascript:alert(1))",
    "[x](  JaVaScRiPt:alert(1))",
    "[x](java\nscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "![x](javascript:alert(1))",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)" onclick="x">x</a>',
    "<svg onload=alert(1)>",
    "<iframe src=//x.test></iframe>",
    '<div style="background:url(javascript:x)">',
    "[a](<javascript:alert(1)>)",
    "[ref]\n\n[ref]: javascript:alert(1)",
    '<https://x.test/"onmouseover="alert(1)>',
    "`<script>`",
    "@maya-member",
    "@maya-member<script>",
]


class _Audit(HTMLParser):
    """What a browser would act on: tags, event handlers, styles and link schemes; and
    whether every link carries rel="nofollow noopener" (ours to mentions excepted)."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "iframe", "object", "embed", "svg", "form", "input"}:
            self.problems.append(tag)
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(name)
            url = re.sub(r"[\x00-\x20]", "", value or "").lower()
            scheme = re.match(r"[a-z][a-z0-9+.-]*:", url)
            if (
                name in {"href", "src"}
                and scheme
                and scheme.group(0)
                not in {
                    "http:",
                    "https:",
                    "mailto:",
                }
            ):
                self.problems.append(f"{name}={value}")
        is_ours = values.get("class") == "mention"
        if tag == "a" and not is_ours and values.get("rel") != "nofollow noopener":
            self.problems.append(f"rel={values.get('rel')}")


def _problems(html: str) -> list[str]:
    audit = _Audit()
    audit.feed(html)
    return audit.problems


def _rendered(source: str) -> str:
    # As a post is written: the handles found are linked (here, all of them, to a profile).
    urls = {handle: f"/people/{n}/" for n, handle in enumerate(find_mentions(source), 1)}
    return link_mentions(str(render_markdown(source)), urls)


def test_benign_markdown_renders_as_expected() -> None:
    html = _rendered("## Plan\n\n- **Why**\n- [Deck](https://example.com/d)\n\n> quoted\n\n`code`")

    assert "<h2>Plan</h2>" in html
    assert "<strong>Why</strong>" in html
    assert '<a href="https://example.com/d" rel="nofollow noopener">Deck</a>' in html
    assert "<blockquote>\n<p>quoted</p>\n</blockquote>" in html
    assert "<code>code</code>" in html


def test_known_attacks_are_neutralised() -> None:
    for source in ATTACKS:
        assert _problems(_rendered(source)) == [], source


def test_mentions_are_linked_in_text_but_not_in_code_or_links() -> None:
    html = link_mentions(
        str(
            render_markdown(
                "Hi @maya-member, see `@maya-member` and [@maya-member](https://x.test)"
            )
        ),
        {"maya-member": "/people/7/"},
    )

    assert html.count('class="mention"') == 1
    assert "<code>@maya-member</code>" in html


def test_handles_come_from_names_and_shared_ones_need_the_id() -> None:
    table = handles([(1, "Maya Member"), (2, "Zoë Ng"), (3, "Maya Member"), (4, "山田")])

    assert table["zoe-ng"] == 2
    assert "maya-member" not in table
    assert (table["maya-member-1"], table["maya-member-3"]) == (1, 3)
    assert table["member-4"] == 4
    assert find_mentions("mail me@x.test or @Zoe-Ng, @zoe-ng! `@code`") == ["zoe-ng"]


MARKUP = st.sampled_from(
    [*ATTACKS, "[", "](", ")", "<", ">", '"', "'", " on", "=", "javascript:", "\n", "*", "@", "`"]
)


@settings(max_examples=400, deadline=None)
@given(st.text() | st.lists(MARKUP | st.text(max_size=3), max_size=30).map("".join))
def test_no_input_yields_script_handlers_or_javascript_urls(source: str) -> None:
    html = _rendered(source)
    assert "<script" not in html.lower()
    assert _problems(html) == []
