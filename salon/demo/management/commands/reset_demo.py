from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from salon.demo.reset import demo_reset, demo_reset_plan


class Command(BaseCommand):
    help = "Start the demo over: delete the demo communities and demo accounts, then seed again."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = demo_reset_plan()
        if plan.is_empty:
            self.stdout.write("There is no demo here to reset; `manage.py seed_demo` seeds one.")
            return
        self.stdout.write("Resetting the demo deletes, for good:")
        for name in plan.communities:
            self.stdout.write(f"  - the community {name}, with everything in it")
        self.stdout.write(f"  - {plan.demo_accounts} demo accounts and what they wrote")
        if plan.kept_accounts:
            kept = len(plan.kept_accounts)
            self.stdout.write(
                ("This account" if kept == 1 else f"These {kept} accounts")
                + " made in the demo "
                + ("is" if kept == 1 else "are")
                + " kept, without a place in those communities:"
            )
            for email in plan.kept_accounts:
                self.stdout.write(f"  - {email}")
        self.stdout.write("Then it seeds the demo again.")
        if not options["yes"]:
            try:
                answer = input("Type 'yes' to reset the demo: ")
            except EOFError:
                answer = ""
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was deleted (add --yes to reset without a question).")
        result = demo_reset()
        self.stdout.write(self.style.SUCCESS(f"Demo reset: {result['created']} people."))
