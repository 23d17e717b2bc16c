"""Test databases made from a migrated template instead of migrating each time.

Migrating Salon from nothing takes about a minute of CPU, and every test process did it:
two xdist workers, in each of CI's four runs (SQLite and PostgreSQL, with and without the
browser). The first process to need a database migrates it and keeps a copy, keyed by the
content of every migration file and Django's version; every later process starts from
that copy and Django's own migrate then finds nothing to apply (so a new migration is
never missed: it changes the key). A lock makes the second xdist worker wait for the first
worker's copy rather than migrate alongside it.

SQLite keeps the template as a file in ``VAR_DIR``; PostgreSQL as a database created with
``CREATE DATABASE … TEMPLATE``. Only tests use this module (``conftest.py``).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import sqlite3
from pathlib import Path
from typing import IO, Any

import django
from django.conf import settings
from django.db import connections

_lock: IO[str] | None = None


def _key() -> str:
    digest = hashlib.sha256(django.get_version().encode())
    base = Path(settings.BASE_DIR) / "salon"
    for path in sorted(base.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _acquire(name: str) -> None:
    global _lock
    _lock = open(Path(settings.VAR_DIR) / f"test-template-{name}.lock", "w")  # noqa: SIM115
    fcntl.flock(_lock, fcntl.LOCK_EX)


def _release() -> None:
    global _lock
    if _lock is not None:
        fcntl.flock(_lock, fcntl.LOCK_UN)
        _lock.close()
        _lock = None


def _vendor() -> str:
    return str(connections["default"].vendor)


def _sqlite_template() -> Path:
    return Path(settings.VAR_DIR) / f"test-template-{_key()}.sqlite3"


def _pg_template() -> str:
    return f"salon_test_template_{_key()}"


def _test_name() -> str:
    creation: Any = connections["default"].creation
    return str(creation._get_test_db_name())


def _pg_admin() -> Any:
    """A connection to the server's maintenance database, outside any transaction."""
    import psycopg

    params = connections["default"].get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    params["dbname"] = "postgres"
    return psycopg.connect(autocommit=True, **params)


def _close_everything() -> None:
    """Close every connection to the test database, pooled ones included."""
    for connection in connections.all(initialized_only=True):
        connection.close()
        close_pool = getattr(connection, "close_pool", None)
        if close_pool is not None:
            close_pool()


def restore() -> bool:
    """Make the test database from the template if there is one (True); else hold the lock
    until ``store()`` so that other processes wait for the template."""
    vendor = _vendor()
    if vendor not in ("sqlite", "postgresql"):
        return False
    _acquire(vendor)
    if vendor == "sqlite":
        if "memory" in _test_name():
            _release()
            return False
        template, target = _sqlite_template(), Path(_test_name())
        if not template.exists():
            return False
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        with sqlite3.connect(template) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        _release()
        return True
    import psycopg
    from psycopg import sql

    with _pg_admin() as admin:
        found = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [_pg_template()]
        ).fetchone()
        if not found:
            return False
        database = sql.Identifier(_test_name())
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))
        try:
            admin.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    database, sql.Identifier(_pg_template())
                )
            )
        except psycopg.Error:
            # Another process is copying it this moment: migrate as before.
            return False
    _release()
    return True


def store() -> None:
    """Keep the freshly migrated test database as the template (if nobody has yet), and let
    waiting processes go on."""
    if _lock is None:
        return
    try:
        if _vendor() == "sqlite":
            template = _sqlite_template()
            if not template.exists():
                partial = template.with_suffix(f".{os.getpid()}.part")
                name = connections["default"].settings_dict["NAME"]
                with sqlite3.connect(name) as source, sqlite3.connect(partial) as copy:
                    source.backup(copy)
                os.replace(partial, template)
                for old in template.parent.glob("test-template-*.sqlite3"):
                    if old != template:
                        old.unlink(missing_ok=True)
        else:
            import psycopg
            from psycopg import sql

            name = connections["default"].settings_dict["NAME"]
            _close_everything()
            with _pg_admin() as admin:
                try:
                    admin.execute(
                        sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                            sql.Identifier(_pg_template()), sql.Identifier(name)
                        )
                    )
                except psycopg.Error:
                    # Another process (with its own lock folder) made it first.
                    return
                rows = admin.execute(
                    "SELECT datname FROM pg_database WHERE datname LIKE 'salon_test_template_%%'"
                    " AND datname <> %s",
                    [_pg_template()],
                ).fetchall()
                for (old,) in rows:
                    admin.execute(
                        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                            sql.Identifier(old)
                        )
                    )
    finally:
        _release()


def drop() -> None:
    """Remove the test database made from the template (Django keeps a database it did
    not create)."""
    name = connections["default"].settings_dict["NAME"]
    _close_everything()
    if _vendor() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
        return
    from psycopg import sql

    with _pg_admin() as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
