"""Backups that restore: ``manage.py backup DEST`` and ``manage.py restore SRC``.

A backup is a folder:

    manifest.json        what is in it, with a SHA-256 for every file below
    database.sqlite3     SQLite's online backup (a consistent copy while the site serves)
      or database.pgdump pg_dump's custom format (one consistent snapshot, while serving)
    media/…              every uploaded file, read through the storage (folder or bucket)

The manifest also names the database engine, the last migration of each app, and the
fingerprint of the secret key (its SHA-256, never the key): sessions, signed links and
stored two-factor secrets need the same key after a restore. ``restore`` checks every
checksum before it writes anything, and writes only into an empty installation.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.db import connection

FORMAT = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup that cannot be written or restored; the message says why."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def secret_key_fingerprint() -> str:
    return hashlib.sha256(settings.SECRET_KEY.encode()).hexdigest()[:16]


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        PGHOST=str(db["HOST"] or "127.0.0.1"),
        PGPORT=str(db["PORT"] or 5432),
        PGUSER=str(db["USER"] or "postgres"),
        PGDATABASE=str(db["NAME"]),
    )
    if db["PASSWORD"]:
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _stored_files(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from _stored_files(storage, f"{folder}/{sub}" if folder else sub)


def _migrations() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    last: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if name > last.get(app, ""):
            last[app] = name
    return dict(sorted(last.items()))


def backup(dest: Path, *, storage: Storage = default_storage) -> dict[str, Any]:
    """Write a backup of the database and the uploaded files to the folder ``dest``."""
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} is not empty: a backup goes into a new or empty folder.")
    dest.mkdir(parents=True, exist_ok=True)
    engine = _engine()
    if engine == "sqlite":
        database = dest / "database.sqlite3"
        source = sqlite3.connect(str(connection.settings_dict["NAME"]))
        target = sqlite3.connect(str(database))
        try:
            with target:
                source.backup(target)  # pages copied under SQLite's own locking
        finally:
            target.close()
            source.close()
    else:
        database = dest / "database.pgdump"
        result = subprocess.run(  # noqa: S603
            ["pg_dump", "--format=custom", "--no-owner", "--no-acl", "-f", str(database)],  # noqa: S607
            env=_pg_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    files: dict[str, dict[str, Any]] = {}
    for name in _stored_files(storage):
        path = dest / "media" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source_file, path.open("wb") as out:
            shutil.copyfileobj(source_file, out)
        files[f"media/{name}"] = {"sha256": _sha256(path), "bytes": path.stat().st_size}
    files[database.name] = {"sha256": _sha256(database), "bytes": database.stat().st_size}
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(tz=UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "database": database.name,
        "migrations": _migrations(),
        "secret_key_fingerprint": secret_key_fingerprint(),
        "files": dict(sorted(files.items())),
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def read_manifest(src: Path) -> dict[str, Any]:
    """The manifest of the backup in ``src``, once every file's checksum is checked."""
    try:
        manifest: dict[str, Any] = json.loads((src / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{src} has no readable {MANIFEST}: is it a backup?") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    for name, entry in manifest["files"].items():
        path = src / name
        if not path.is_file():
            raise BackupError(f"{name} is missing from the backup.")
        if _sha256(path) != entry["sha256"]:
            raise BackupError(f"{name} does not match its checksum: the backup is damaged.")
    return manifest


def _installation_is_empty() -> bool:
    return not connection.introspection.table_names()


def restore(src: Path, *, storage: Storage = default_storage) -> dict[str, Any]:
    """Rebuild an empty installation (database and uploads) from the backup in ``src``."""
    manifest = read_manifest(src)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"This backup is of a {manifest['engine']} database; this installation uses "
            f"{engine}. Point DATABASE_URL at an empty {manifest['engine']} database."
        )
    if not _installation_is_empty():
        raise BackupError(
            "The database already has tables: restore only into an empty database "
            "(a new SALON_VAR_DIR, or a newly created PostgreSQL database)."
        )
    taken = list(_stored_files(storage))
    if taken:
        raise BackupError(f"The uploads storage already holds files (e.g. {taken[0]}).")
    database = src / manifest["database"]
    if engine == "sqlite":
        connection.close()
        source = sqlite3.connect(str(database))
        target = sqlite3.connect(str(connection.settings_dict["NAME"]))
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        connection.close()
        result = subprocess.run(  # noqa: S603
            [  # noqa: S607
                "pg_restore",
                "--no-owner",
                "--no-acl",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
                str(connection.settings_dict["NAME"]),
                str(database),
            ],
            env=_pg_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    for name in manifest["files"]:
        if not name.startswith("media/"):
            continue
        stored_as = name.removeprefix("media/")
        with (src / name).open("rb") as f:
            saved = storage.save(stored_as, File(f))
        if saved != stored_as:
            raise BackupError(f"{stored_as} was stored as {saved}.")
    return manifest
