"""Starting the demo over: the one command that deletes demo data (``manage.py reset_demo``).

``make demo`` only ever adds to an empty database or reuses what is there. A reset deletes
the demo communities with everything in them and the demo accounts, then seeds afresh.
Accounts people made while trying the demo are kept (they lose their places in the demo
communities, which are deleted): the plan names them before anything is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from salon.accounts.models import User
from salon.communities.models import Community, Membership
from salon.demo.seed import DEMO_SLUGS, seed_demo
from salon.discussions.models import Topic
from salon.goals.models import Goal


@dataclass(frozen=True)
class ResetPlan:
    communities: list[str]
    demo_accounts: int
    kept_accounts: list[str]  # emails of accounts people made, which lose their places

    @property
    def is_empty(self) -> bool:
        return not self.communities and not self.demo_accounts


def demo_reset_plan() -> ResetPlan:
    communities = Community.objects.filter(slug__in=DEMO_SLUGS)
    kept = (
        Membership.objects.filter(community__in=communities, user__is_demo=False)
        .order_by("user__email")
        .values_list("user__email", flat=True)
        .distinct()
    )
    return ResetPlan(
        communities=list(communities.order_by("name").values_list("name", flat=True)),
        demo_accounts=User.objects.filter(is_demo=True).count(),
        kept_accounts=list(kept),
    )


@transaction.atomic
def demo_reset() -> dict[str, int]:
    """Delete the demo communities and the demo accounts, then seed the demo again."""
    communities = Community.objects.filter(slug__in=DEMO_SLUGS)
    # A topic protects its category and circle from deletion (a forum is never lost by
    # accident), so the topics go first.
    Topic.objects.filter(community__in=communities).delete()
    # A goal shared with a circle must name it: deleting the circle cannot clear it.
    Goal.objects.filter(community__in=communities).delete()
    communities.delete()
    User.objects.filter(is_demo=True).delete()
    return seed_demo(among_others=True)
