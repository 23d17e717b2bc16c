"""@mentions without Django: handles from names, handles found in Markdown, links in HTML.

A person's handle is their name as a slug ("Maya Member" → ``maya-member``, "Zoë" →
``zoe``). Salon has no usernames and email addresses are not shown to members, so the
name is what people know each other by. When two people who could be mentioned share a
handle, each is written with their id as well (``maya-member-17``); that longer form
always works.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from django.utils.text import slugify
from markdown_it import MarkdownIt

MAX_MENTIONS = 20

# "@" not preceded by a word character, "@" or "/" (so e-mail addresses and URLs are not
# mentions), then a handle; a trailing hyphen is punctuation, not part of it.
_MENTION = re.compile(r"(?<![\w@/])@([a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?)", re.IGNORECASE)
_WITH_ID = re.compile(r"^(.+)-(\d+)$")
_parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def handle_for(name: str, user_id: int) -> str:
    return slugify(name)[:60].strip("-") or f"member-{user_id}"


def handles(people: Iterable[tuple[int, str]]) -> dict[str, int]:
    """Every handle that names exactly one of ``people`` (id, name): the plain handle when
    it is unique among them, and the handle with the id for everyone."""
    by_handle: dict[str, list[int]] = {}
    result: dict[str, int] = {}
    for user_id, name in people:
        handle = handle_for(name, user_id)
        by_handle.setdefault(handle, []).append(user_id)
        result[f"{handle}-{user_id}"] = user_id
    for handle, ids in by_handle.items():
        if len(ids) == 1:
            result[handle] = ids[0]
    return result


def display_handles(people: Iterable[tuple[int, str]]) -> dict[int, str]:
    """The shortest handle that names each person unambiguously."""
    chosen: dict[int, str] = {}
    for handle, user_id in handles(people).items():
        if user_id not in chosen or len(handle) < len(chosen[user_id]):
            chosen[user_id] = handle
    return chosen


def _text_of(source: str) -> Iterable[str]:
    """The plain text of a Markdown document: code spans and blocks are not mentions."""
    for token in _parser.parse(source):
        for child in token.children or ():
            if child.type == "text":
                yield child.content


def find_mentions(source: str) -> list[str]:
    """Handles mentioned in ``source`` (lower case, in order, each once, at most 20)."""
    found: dict[str, None] = {}
    for text in _text_of(source or ""):
        for match in _MENTION.finditer(text):
            found.setdefault(match.group(1).lower(), None)
            if len(found) >= MAX_MENTIONS:
                return list(found)
    return list(found)


def split_id(handle: str) -> int | None:
    match = _WITH_ID.match(handle)
    return int(match.group(2)) if match else None


_TAG = re.compile(r"(<[^>]*>)")
_SKIP = {"a", "code", "pre"}


def link_mentions(html: str, urls: Mapping[str, str]) -> str:
    """Wrap each ``@handle`` of ``urls`` (handle → URL) in a link, in text only.

    ``html`` is the sanitiser's output: text is escaped, so every ``<`` starts a tag. Text
    inside links and code is left alone. Handles are ``[a-z0-9-]`` and the URLs are our
    own paths, so nothing here can introduce markup beyond the link itself.
    """
    if not urls:
        return html
    depth = 0
    parts = _TAG.split(html)
    for i, part in enumerate(parts):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            if name and name.group(1).lower() in _SKIP:
                depth += -1 if part.startswith("</") else 1
            continue
        if depth > 0 or "@" not in part:
            continue

        def replace(match: re.Match[str]) -> str:
            handle = match.group(1).lower()
            url = urls.get(handle)
            if url is None:
                return match.group(0)
            return f'<a href="{url}" class="mention">{match.group(0)}</a>'

        parts[i] = _MENTION.sub(replace, part)
    return "".join(parts)
