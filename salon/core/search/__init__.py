"""Salon's one search service (docs/search.md).

Apps register what they index (``register(Source(...))``) and who may see it
(``register_audience(Audience(...))``); pages and the API call ``search(...)``. SQLite
searches with FTS5, PostgreSQL with its full-text search over a GIN index, chosen by the
database in use.
"""

from salon.core.search.query import ParsedQuery, Phrase, parse
from salon.core.search.registry import (
    Audience,
    Dependency,
    Document,
    Source,
    audience,
    audiences,
    index,
    kind_choices,
    register,
    register_audience,
    reindex,
    source,
    sources,
    unindex,
)
from salon.core.search.service import SearchHit, SearchResults, search, visible_to

__all__ = [
    "Audience",
    "Dependency",
    "Document",
    "ParsedQuery",
    "Phrase",
    "SearchHit",
    "SearchResults",
    "Source",
    "audience",
    "audiences",
    "index",
    "kind_choices",
    "parse",
    "register",
    "register_audience",
    "reindex",
    "search",
    "source",
    "sources",
    "unindex",
    "visible_to",
]
