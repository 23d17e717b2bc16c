"""Searching: ranked hits, highlighted, of only what the searching person may see."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any, overload

from django.db.models import Count, Q, QuerySet, Window
from django.utils.functional import Promise
from django.utils.safestring import SafeString

from salon.core.models import SearchDocument
from salon.core.search import registry
from salon.core.search.engines import engine
from salon.core.search.highlight import highlight, snippet
from salon.core.search.query import ParsedQuery, parse

# Paging further than this is never a person reading results, and an OFFSET this large
# would make the engine rank everything it found only to throw it away.
MAX_OFFSET = 10_000


@dataclass(frozen=True)
class SearchHit:
    kind: str
    kind_label: str | Promise
    title: str
    title_html: SafeString
    snippet_html: SafeString
    url: str
    tags: list[str]
    community_slug: str
    community_name: str
    circle_name: str
    document: SearchDocument


def visible_to(user: Any) -> Q:
    """Documents ``user`` may see: one filter per audience, each mirroring its rule."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    parts = [Q(audience=a.name) & a.visible(user) for a in registry.audiences()]
    return reduce(or_, parts, Q(pk__in=[]))


def search_documents(
    *, user: Any, query: ParsedQuery, kind: str = "", community: str = ""
) -> QuerySet[SearchDocument]:
    """Matching documents ``user`` may see, best first."""
    qs = SearchDocument.objects.filter(visible_to(user))
    if query.is_empty:
        return qs.none()
    if kind:
        qs = qs.filter(kind=kind)
    if community:
        qs = qs.filter(community__slug=community)
    return engine().match(qs, query)


def _displayed(ids: list[int]) -> list[SearchDocument]:
    """The documents to show, in the order given, with their community and circle."""
    found = (
        SearchDocument.objects.select_related("community", "circle")
        .defer(
            "search_title",
            "search_tags",
            "search_body",
            "community__purpose",
            "circle__description",
        )
        .in_bulk(ids)
    )
    return [found[pk] for pk in ids if pk in found]


class SearchResults:
    """Hits for one query, fetched a page at a time by slicing, so Django's Paginator and
    the API's pagination both run the search in SQL.

    A slice ranks the matches once and reads the total with the same query (a window
    count), so ``count()`` after a slice costs nothing; call ``prefetch`` before a
    Paginator, which asks for the count first.
    """

    def __init__(self, documents: QuerySet[SearchDocument], query: ParsedQuery) -> None:
        self.documents = documents
        self.query = query
        self._count: int | None = 0 if query.is_empty else None
        self._window: tuple[int, int, list[SearchHit]] | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.documents.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[SearchHit]:
        return iter(self[0:MAX_OFFSET])

    @overload
    def __getitem__(self, item: int) -> SearchHit: ...

    @overload
    def __getitem__(self, item: slice) -> list[SearchHit]: ...

    def __getitem__(self, item: int | slice) -> SearchHit | list[SearchHit]:
        if isinstance(item, int):
            return self[item : item + 1][0]
        start, stop = item.start or 0, item.stop if item.stop is not None else MAX_OFFSET
        if self._count == 0 or start >= MAX_OFFSET:
            return []
        window = self._window
        if window is not None:
            # The Paginator may ask for less than was prefetched (the last page ends early).
            first, asked, hits = window
            reaches_end = len(hits) < asked - first
            if first <= start and (stop <= first + len(hits) or reaches_end):
                return hits[start - first : stop - first]
        hits = self._fetch(start, stop)
        self._window = (start, stop, hits)
        return hits

    def prefetch(self, *, page: int, page_size: int) -> None:
        """Fetch a page (and so the count) in one query, before a Paginator asks."""
        start = (page - 1) * page_size
        self[start : start + page_size]

    def _fetch(self, start: int, stop: int) -> list[SearchHit]:
        # Rank with the narrowest rows possible, then read only the page's documents: the
        # engine ranks every match, and reading each one's text would cost far more.
        ranked = list(
            self.documents.annotate(total=Window(Count("pk"))).values_list("pk", "total")[
                start:stop
            ]
        )
        if not ranked:
            return []
        self._count = ranked[0][1]
        return self.hits(_displayed([pk for pk, _total in ranked]))

    def hits(self, documents: list[SearchDocument]) -> list[SearchHit]:
        exact, prefixes = self.query.highlight_words()
        return [
            SearchHit(
                kind=d.kind,
                kind_label=_kind_label(d.kind),
                title=d.title,
                title_html=highlight(d.title, exact, prefixes),
                snippet_html=snippet(d.body or " · ".join(d.tags), exact, prefixes),
                url=d.url,
                tags=list(d.tags),
                community_slug=d.community.slug,
                community_name=d.community.name,
                circle_name=d.circle.name if d.circle else "",
                document=d,
            )
            for d in documents
        ]


def _kind_label(kind: str) -> str | Promise:
    source = registry.source(kind)
    return source.label if source else kind


def search(*, user: Any, text: str, kind: str = "", community: str = "") -> SearchResults:
    """Everything ``user`` may see that matches ``text`` (any text: see query.py)."""
    query = parse(text)
    documents = search_documents(user=user, query=query, kind=kind, community=community)
    return SearchResults(documents, query)
