"""Rebuild an empty installation from what ``backup`` wrote."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from salon.core.backups import BackupError, restore, secret_key_fingerprint


class Command(BaseCommand):
    help = "Restore the database and uploaded files from the backup in SRC (empty target only)."
    requires_system_checks: list[str] = []  # an empty database fails no check worth stopping

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("src", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore(options["src"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        uploads = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(
            f"Restored the database of {manifest['created_at']} and {uploads} uploaded files."
        )
        if manifest["secret_key_fingerprint"] != secret_key_fingerprint():
            self.stderr.write(
                "This installation's SECRET_KEY is not the one the backup was made with: "
                "set the old key, or everyone signs in again and two-factor secrets and "
                "signed links stop working."
            )
