from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from salon.demo.seed import DEMO_PASSWORD, DIRECTOR_EMAIL, MEMBER_EMAIL, RealUsersPresent, seed_demo


class Command(BaseCommand):
    help = "Seed the two demo communities (refuses to run where real people have accounts)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = seed_demo()
        except RealUsersPresent as exc:
            raise CommandError(
                "This database has accounts that are not demo accounts; the demo seed refuses "
                "to mix demo people in with them. Use a fresh database (see README)."
            ) from exc
        if result["created"]:
            self.stdout.write(self.style.SUCCESS(f"Demo seeded: {result['created']} people."))
        else:
            self.stdout.write("Demo data already present; reusing it.")
        self.stdout.write(
            f"\nDemo logins (password: {DEMO_PASSWORD})\n"
            f"  {DIRECTOR_EMAIL}  director of both communities\n"
            f"  {MEMBER_EMAIL}    an executive member of both\n"
        )
