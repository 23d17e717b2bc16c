"""Write a consistent backup (database, uploaded files, manifest with checksums)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from salon.core.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and uploaded files into DEST, a new or empty folder."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("dest", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(options["dest"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        uploads = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(
            f"Backed up the {manifest['engine']} database and {uploads} uploaded files "
            f"to {options['dest']}."
        )
