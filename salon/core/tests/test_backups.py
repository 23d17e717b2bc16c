"""A backup restores: into a fresh installation (a new database, an empty uploads folder)
every table's rows and every uploaded file come back the same (issue #19)."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from salon.discussions.categories import category_create
from salon.discussions.services.topics import topic_create

ROOT = Path(__file__).resolve().parents[3]
ON_POSTGRES = connection.vendor == "postgresql"


def _pg_dsn(name: str) -> str:
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _tables(rows_of: Any, names: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    return {name: sorted(rows_of(name), key=repr) for name in names}


def _sqlite_rows(path: str) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(path) as db:
        names = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return _tables(lambda t: db.execute(f'SELECT * FROM "{t}"').fetchall(), names)


def _pg_rows(dsn: str) -> dict[str, list[tuple[Any, ...]]]:
    with psycopg.connect(dsn) as db:
        names = [
            r[0]
            for r in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return _tables(lambda t: db.execute(f'SELECT * FROM "{t}"').fetchall(), names)


def _checksums(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def fresh_database(tmp_path: Path) -> Iterator[str]:
    """An empty database of the same engine, as a new installation would have."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    with psycopg.connect(_pg_dsn("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield _pg_dsn(name)
    with psycopg.connect(_pg_dsn("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# The backup reads the database from outside the test's transaction, as it does in use.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_into_a_fresh_installation_with_every_row_and_file(
    director: Any, member: Any, community: Any, media: Path, tmp_path: Path, fresh_database: str
) -> None:
    general = category_create(actor=director, community=community, name="General")
    topic_create(actor=member, category=general, title="Board packs", body="What works?")
    default_storage.save("photos/maya.png", ContentFile(b"\x89PNG not really" * 100))
    default_storage.save("attachments/2026/pack.pdf", ContentFile(b"%PDF-1.7 agenda"))
    backup = tmp_path / "backup"

    call_command("backup", str(backup))

    manifest = json.loads((backup / "manifest.json").read_text())
    assert set(manifest["files"]) == {
        "media/photos/maya.png",
        "media/attachments/2026/pack.pdf",
        manifest["database"],
    }
    restored_media = tmp_path / "restored-media"
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="salon.settings",
        DATABASE_URL=fresh_database,
        MEDIA_ROOT=str(restored_media),
        SALON_VAR_DIR=str(tmp_path / "var"),
        SECRET_KEY=settings.SECRET_KEY,
        SALON_S3_BUCKET="",
    )
    restored = subprocess.run(
        [sys.executable, "manage.py", "restore", str(backup)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert restored.returncode == 0, restored.stderr
    if ON_POSTGRES:
        before, after = (
            _pg_rows(_pg_dsn(connection.settings_dict["NAME"])),
            _pg_rows(fresh_database),
        )
    else:
        before = _sqlite_rows(str(connection.settings_dict["NAME"]))
        after = _sqlite_rows(fresh_database.removeprefix("sqlite:///"))
    assert before.keys() == after.keys()
    assert before["discussions_topic"]  # the data is there, not two empty databases
    for table in before:
        assert before[table] == after[table], table
    assert _checksums(restored_media) == _checksums(media)
    assert "Restored the database" in restored.stdout


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_refuses_a_damaged_backup_and_a_database_in_use(
    director: Any, media: Path, tmp_path: Path
) -> None:
    default_storage.save("photos/diana.png", ContentFile(b"photo"))
    backup = tmp_path / "backup"
    call_command("backup", str(backup))

    with pytest.raises(CommandError, match="already has tables"):
        call_command("restore", str(backup))

    (backup / "media" / "photos" / "diana.png").write_bytes(b"tampered")
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(backup))

    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(backup))
