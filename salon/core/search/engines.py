"""The two engines: SQLite FTS5 and PostgreSQL full-text search, chosen by the database.

Each turns a parsed query into its own syntax, built only from words (which contain
letters, digits and marks, never quotes or operators), and narrows a ``SearchDocument``
queryset to the matches, best first. Visibility and the other filters stay ordinary ORM
filters on the same queryset, so they run in the same SQL statement.
"""

from __future__ import annotations

from typing import Protocol

from django.db import connection
from django.db.models import BooleanField, F, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from salon.core.models import SearchDocument
from salon.core.search.query import ParsedQuery, Phrase
from salon.core.search.schema import FTS_TABLE, TABLE, VECTOR


class Engine(Protocol):
    def match(
        self, qs: QuerySet[SearchDocument], query: ParsedQuery
    ) -> QuerySet[SearchDocument]: ...


class SqliteEngine:
    """FTS5 MATCH on the external-content table, ranked by its ``rank`` column (bm25 with
    title 10, tags 5, body 1: see schema.py)."""

    @staticmethod
    def phrase(phrase: Phrase) -> str:
        quoted = " ".join(phrase.words).replace('"', '""')
        return f'"{quoted}"' + ("*" if phrase.prefix else "")

    def expression(self, query: ParsedQuery) -> str:
        expression = "(" + " AND ".join(self.phrase(p) for p in query.include) + ")"
        if query.exclude:
            expression += " NOT (" + " OR ".join(self.phrase(p) for p in query.exclude) + ")"
        return expression

    def match(self, qs: QuerySet[SearchDocument], query: ParsedQuery) -> QuerySet[SearchDocument]:
        # The FTS5 table joins the documents by rowid; a lower rank is a better match.
        return qs.extra(  # noqa: S610  (a fixed join; the only parameter is bound)
            select={"rank": f"{FTS_TABLE}.rank"},
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = {TABLE}.id", f"{FTS_TABLE} MATCH %s"],
            params=[self.expression(query)],
        ).order_by("rank", "pk")


class PostgresEngine:
    """``@@`` on the generated tsvector (GIN index); ts_rank weights A, B, C as set there."""

    @staticmethod
    def lexeme(word: str) -> str:
        return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"

    def phrase(self, phrase: Phrase) -> str:
        lexemes = [self.lexeme(w) for w in phrase.words]
        if phrase.prefix:
            lexemes[-1] += ":*"
        return "(" + " <-> ".join(lexemes) + ")"

    def tsquery(self, phrases: tuple[Phrase, ...], operator: str) -> str:
        return f" {operator} ".join(self.phrase(p) for p in phrases)

    def match(self, qs: QuerySet[SearchDocument], query: ParsedQuery) -> QuerySet[SearchDocument]:
        wanted = self.tsquery(query.include, "&")
        vector = f'"{TABLE}"."{VECTOR}"'
        tsquery = "to_tsquery('simple'::regconfig, %s)"
        qs = qs.filter(
            RawSQL(f"{vector} @@ {tsquery}", [wanted], output_field=BooleanField())  # noqa: S611
        )
        if query.exclude:
            # Its own test: if PostgreSQL's parser dropped every word of the wanted part,
            # "!unwanted" alone must not turn into "everything but".
            unwanted = self.tsquery(query.exclude, "|")
            qs = qs.exclude(
                RawSQL(f"{vector} @@ {tsquery}", [unwanted], output_field=BooleanField())  # noqa: S611
            )
        rank = RawSQL(f"ts_rank({vector}, {tsquery}, 1)", [wanted], output_field=FloatField())  # noqa: S611
        return qs.annotate(rank=rank).order_by(F("rank").desc(), "pk")


_ENGINES: dict[str, Engine] = {"sqlite": SqliteEngine(), "postgresql": PostgresEngine()}


def engine() -> Engine:
    """The engine of the database in use."""
    found = _ENGINES.get(connection.vendor)
    if found is None:
        raise NotImplementedError(
            f"Salon's search runs on SQLite or PostgreSQL, not {connection.vendor}."
        )
    return found
