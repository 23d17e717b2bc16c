"""``python manage.py scim_token``: print a new provisioning token, for scripted set-up."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from salon.scim.services import scim_token_create_for_script


class Command(BaseCommand):
    help = "Print a new SCIM bearer token (shown once; revoke it on the provisioning page)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", default="Directory", help="What uses the token.")

    def handle(self, *args: Any, **options: Any) -> None:
        _token, raw = scim_token_create_for_script(name=options["name"])
        self.stdout.write(raw)
