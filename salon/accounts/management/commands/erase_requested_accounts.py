from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from salon.accounts.models import User
from salon.accounts.services import account_erase


class Command(BaseCommand):
    help = "Erase the accounts whose owners asked for deletion (after the grace period)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--after-days",
            type=int,
            default=7,
            help="Grace period after the request, in days (default 7; 0 erases at once).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = timezone.now() - timedelta(days=options["after_days"])
        due = User.objects.filter(deletion_requested_at__lte=cutoff, is_active=True)
        count = 0
        for user in due:
            account_erase(user=user)
            count += 1
        self.stdout.write(f"Erased {count} account(s).")
