"""The demo reads as real: nobody's name twice, no goal title twice, and
every figure it states is the one its own data gives."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management import call_command
from django.db.models import Count

from salon.accounts.models import User
from salon.communities.models import Community, Membership
from salon.goals.models import Goal, KeyResult
from salon.mentoring.models import Mentorship, Programme


def test_the_demo_people_and_goals_are_all_different_and_its_figures_add_up(db: Any) -> None:
    call_command("seed_demo")

    names = Counter(User.objects.values_list("name", flat=True))
    assert [name for name, n in names.items() if n > 1] == []
    gen, lab = (
        Community.objects.get(slug=s) for s in ("global-executive-network", "innovation-lab")
    )
    in_both = Membership.objects.filter(community=gen, user__memberships__community=lab)
    assert set(in_both.values_list("user__email", flat=True)) == {
        "director@salon.test",
        "member@salon.test",
    }
    repeated = Goal.objects.values("community", "title").annotate(n=Count("pk")).filter(n__gt=1)
    assert list(repeated) == []
    assert Goal.objects.filter(community=gen).count() > 50  # and still plenty of them
    # Nor across the two companies: a goal found in search or the admin is one person's.
    titles = Counter(Goal.objects.values_list("title", flat=True))
    assert [title for title, n in titles.items() if n > 1] == []

    # Figures stated in key results come from the data.
    pairs = Mentorship.objects.filter(programme__community=gen, status="active")
    cross_region = sum(
        1 for m in pairs.select_related("mentee", "mentor") if m.mentee.region != m.mentor.region
    )
    kr = KeyResult.objects.get(objective__community=gen, title="Cross-region mentoring pairs")
    assert kr.current == cross_region
    participants = Membership.objects.filter(community=gen, role__in=["member", "mentor", "expert"])
    with_goal = (
        participants.filter(user__goals__community=gen, user__goals__status="active")
        .distinct()
        .count()
    )
    kr = KeyResult.objects.get(objective__community=gen, title="Members with a development goal")
    assert kr.current == round(100 * with_goal / participants.count())
    if kr.updates.exists():
        assert kr.updates.order_by("-at").first().new_value == kr.current  # type: ignore[union-attr]

    # The programme says what the matching engine aims for, and the pairs meet it.
    programme = Programme.objects.get(community=gen)
    assert f"At least {programme.target_share}% of pairs span two regions" in programme.description
    assert "Every pair" not in programme.description
    assert cross_region >= pairs.count() * programme.target_share / 100
