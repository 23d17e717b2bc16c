from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from salon.demo.seed import (
    DEMO_PASSWORD,
    DIRECTOR_EMAIL,
    MEMBER_EMAIL,
    DemoIncomplete,
    RealUsersPresent,
    seed_demo,
)


class Command(BaseCommand):
    help = (
        "Seed the two demo communities, or reuse them if they are there "
        "(refuses a database of real people that has no demo)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = seed_demo()
        except RealUsersPresent as exc:
            raise CommandError(
                "This database has accounts and no demo: it is not a demo database, and the "
                "demo seed refuses to mix demo people in with them. Use a fresh database "
                "(see README)."
            ) from exc
        except DemoIncomplete:
            # Serve what is there rather than refuse to start: starting over is explicit.
            self.stdout.write(
                self.style.WARNING(
                    "Part of the demo is missing (a demo community was deleted?). Serving "
                    "what is there; `make demo-reset` starts the demo over."
                )
            )
            result = {"created": 0}
        if result["created"]:
            self.stdout.write(self.style.SUCCESS(f"Demo seeded: {result['created']} people."))
        else:
            self.stdout.write("Demo data already present; reusing it.")
        self.stdout.write(
            f"\nDemo logins (password: {DEMO_PASSWORD})\n"
            f"  {DIRECTOR_EMAIL}  director of both communities\n"
            f"  {MEMBER_EMAIL}    an executive member of both\n"
        )
