from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from salon.accounts.services import DELETION_GRACE, accounts_erase_requested


class Command(BaseCommand):
    help = (
        "Erase the accounts whose owners asked for deletion, after the grace period. "
        "The scheduler does this every hour; this command is for doing it now."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--after-days",
            type=int,
            default=DELETION_GRACE.days,
            help=(
                "Grace period after the request, in days "
                "(default 6, inside the week the page promises; 0 erases at once)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = timezone.now() - timedelta(days=options["after_days"])
        count = accounts_erase_requested(requested_before=cutoff)
        self.stdout.write(f"Erased {count} account(s).")
