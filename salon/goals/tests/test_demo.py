"""The demo brings goals to life in both communities (salon/demo/seed_goals.py)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command

from conftest import client_for
from salon.accounts.models import User
from salon.communities.models import Community, Membership
from salon.goals import selectors
from salon.goals.models import CheckIn, Encouragement, Goal, KeyResultUpdate, Objective


def test_the_demo_has_objectives_with_history_and_members_with_goals(db: Any) -> None:
    call_command("seed_demo")
    member = User.objects.get(email="member@salon.test")
    director = User.objects.get(email="director@salon.test")

    for slug in ("global-executive-network", "innovation-lab"):
        community = Community.objects.get(slug=slug)
        objectives = Objective.objects.filter(community=community)
        assert objectives.count() >= 2
        assert (
            KeyResultUpdate.objects.filter(key_result__objective__community=community).count() >= 5
        )
        members = Membership.objects.filter(community=community, role="member").count()
        owners = Goal.objects.filter(community=community).values("owner").distinct().count()
        assert owners >= members * 0.6
        assert CheckIn.objects.filter(goal__community=community).count() >= owners * 2
        framework = selectors.framework_for(community)
        assert len(framework.competencies) >= 8
        for competency in framework.competencies:
            assert 3 <= len(competency.active_behaviours) <= 5  # type: ignore[attr-defined]
            assert len(competency.levels.all()) == 4
    mine = Goal.objects.filter(owner=member)
    assert mine.count() >= 3
    assert CheckIn.objects.filter(goal__owner=member).count() >= 6
    assert Encouragement.objects.filter(goal__owner=member).exists()
    assert member.notifications.filter(kind="goals.encouraged").exists()

    my_page = client_for(member).get("/goals/").content.decode()
    assert "Give my leadership team more room to decide" in my_page
    assert "<polyline" in my_page
    overview = client_for(director).get("/c/global-executive-network/goals/overview/")
    assert overview.status_code == 200
    assert overview.context["stats"]["active"] > 20
    private = mine.get(visibility="only_me")
    assert private.title not in overview.content.decode()
    assert client_for(director).get(private.get_absolute_url()).status_code == 404
