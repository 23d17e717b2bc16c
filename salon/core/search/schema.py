"""The engines' own database objects, created next to ``core_searchdocument`` by vendor.

SQLite: an external-content FTS5 table over the ``search_*`` columns, kept in step by
three triggers. PostgreSQL: a stored generated ``tsvector`` column (title weighted A, tags
B, body C) with a GIN index. Either way the database itself keeps the index current, for
ORM saves, bulk inserts and cascading deletes alike.

``install`` is idempotent; ``manage.py reindex`` calls it too, which repairs an index
that a later table rebuild (SQLite remakes tables to alter them) has dropped.
"""

# ruff: noqa: S608  (the SQL here is fixed text: table and column names are constants)

from __future__ import annotations

from typing import Any

TABLE = "core_searchdocument"
FTS_TABLE = "core_searchdocument_fts"
VECTOR = "search_vector"
GIN_INDEX = "core_searchdocument_vector"

_SQLITE_INSTALL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        search_title, search_tags, search_body,
        content='{TABLE}', content_rowid='id',
        tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co M*'",
        prefix='3'
    )""",
    # The table's "rank" column: bm25 with title 10, tags 5, body 1. A column, unlike a call
    # of bm25(), can be read from the subquery SQLite makes for a window function.
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0)')",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}(rowid, search_title, search_tags, search_body)
        VALUES (new.id, new.search_title, new.search_tags, new.search_body);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_title, search_tags, search_body)
        VALUES ('delete', old.id, old.search_title, old.search_tags, old.search_body);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update
        AFTER UPDATE OF search_title, search_tags, search_body ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_title, search_tags, search_body)
        VALUES ('delete', old.id, old.search_title, old.search_tags, old.search_body);
        INSERT INTO {FTS_TABLE}(rowid, search_title, search_tags, search_body)
        VALUES (new.id, new.search_title, new.search_tags, new.search_body);
    END""",
]

_SQLITE_UNINSTALL = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_insert",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_delete",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_update",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]

# 'simple': lower-cased words, no stemming and no stop words, like FTS5's unicode61. The
# text is already folded in Python (search/text.py), so both engines see the same words.
_POSTGRES_INSTALL = [
    f"""ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS {VECTOR} tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, search_title), 'A')
            || setweight(to_tsvector('simple'::regconfig, search_tags), 'B')
            || setweight(to_tsvector('simple'::regconfig, search_body), 'C')
        ) STORED""",
    f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON {TABLE} USING GIN ({VECTOR})",
]

_POSTGRES_UNINSTALL = [
    f"DROP INDEX IF EXISTS {GIN_INDEX}",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {VECTOR}",
]


def _statements(vendor: str, install: bool) -> list[str]:
    if vendor == "sqlite":
        return _SQLITE_INSTALL if install else _SQLITE_UNINSTALL
    if vendor == "postgresql":
        return _POSTGRES_INSTALL if install else _POSTGRES_UNINSTALL
    raise NotImplementedError(f"Salon's search runs on SQLite or PostgreSQL, not {vendor}.")


def is_installed(connection: Any) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE name IN (%s, %s, %s, %s)",
                [FTS_TABLE, f"{FTS_TABLE}_insert", f"{FTS_TABLE}_delete", f"{FTS_TABLE}_update"],
            )
            return bool(cursor.fetchone()[0] == 4)
        cursor.execute(
            "SELECT (SELECT count(*) FROM pg_attribute WHERE attrelid = %s::regclass"
            " AND attname = %s AND NOT attisdropped) + (SELECT count(*) FROM pg_indexes"
            " WHERE tablename = %s AND indexname = %s)",
            [TABLE, VECTOR, TABLE, GIN_INDEX],
        )
        return bool(cursor.fetchone()[0] == 2)


def install(connection: Any) -> None:
    """Create what is missing (checked first: PostgreSQL refuses even a no-op ALTER TABLE
    while the transaction has deferred constraint checks pending)."""
    if is_installed(connection):
        return
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, install=True):
            cursor.execute(sql)


def uninstall(connection: Any) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, install=False):
            cursor.execute(sql)


def rebuild(connection: Any) -> None:
    """Rebuild the engine's index from the ``search_*`` columns, and compact it."""
    install(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
        else:
            cursor.execute(f"ANALYZE {TABLE}")
