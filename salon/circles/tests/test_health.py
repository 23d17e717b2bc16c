"""The circle-health page: who may need a word, named only to the circle's own
facilitators and leads and the community's directors; counts for another facilitator
looking in; nothing for anyone else."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from conftest import client_for, join, make_user
from salon.circles.selectors.health import circle_health
from salon.circles.tests.conftest import TODAY, goal_of, post_in, session_of
from salon.communities.models import Role
from salon.core.permissions import can
from salon.goals.models import CheckIn
from salon.programmes.services.curriculum import ItemPlan, ModulePlan, item_add, module_add
from salon.programmes.services.programmes import ProgrammePlan, programme_create

URL = "/c/acme/circles/leaders-2026/health/"


def test_a_facilitator_sees_who_has_gone_quiet_by_name(
    facilitator: Any, member: Any, active: Any, cohort: Any
) -> None:
    response = client_for(facilitator).get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Quiet for 30 days" in page
    assert "Maya Member" in page
    assert "Nudge Maya Member" in page
    # Ana posted this week: she is not on the list.
    assert "Nudge Ana Active" not in page


def test_another_facilitator_looking_in_sees_counts_and_no_names(
    community: Any, member: Any, active: Any, cohort: Any
) -> None:
    other = make_user("flo@acme.test", "Flo Facilitator")
    join(other, community, Role.FACILITATOR)

    response = client_for(other).get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "1 member quiet for 30 days" in page  # Maya; Fred looks after the circle
    assert "Maya Member" not in page
    assert "Nudge" not in page


def test_the_communitys_director_sees_every_circles_names(
    director: Any, member: Any, cohort: Any
) -> None:
    response = client_for(director).get(URL)

    assert response.status_code == 200
    assert "Nudge Maya Member" in response.content.decode()


def test_a_circle_lead_gets_the_facilitators_tools_for_their_own_circle(
    lead: Any, member: Any, cohort: Any
) -> None:
    response = client_for(lead).get(URL)

    assert response.status_code == 200
    assert "Nudge Maya Member" in response.content.decode()
    assert can(lead, "circle.facilitate", cohort)


def test_the_circles_own_facilitator_and_lead_are_not_listed_as_quiet(
    director: Any, facilitator: Any, lead: Any, member: Any, cohort: Any
) -> None:
    health = circle_health(circle=cohort, viewer=director, today=TODAY)

    # Fred (facilitator) and Leo (lead) were as quiet as Maya, but they look after it.
    assert [p.user for p in health.quiet] == [member]
    assert health.quiet_count == 1


def test_a_lead_of_one_circle_has_no_tools_in_another(lead: Any, circle: Any) -> None:
    assert client_for(lead).get("/c/acme/circles/emea/health/").status_code == 403


def test_members_who_do_not_lead_and_outsiders_see_no_health(
    member: Any, outsider: Any, guest: Any, cohort: Any
) -> None:
    assert client_for(member).get(URL).status_code == 403
    assert client_for(outsider).get(URL).status_code == 404
    assert client_for(guest).get(URL).status_code == 404


def test_an_archived_circle_has_no_nudges(facilitator: Any, director: Any, cohort: Any) -> None:
    cohort.archived_at = timezone.now()
    cohort.save()
    assert not can(facilitator, "circle.facilitate", cohort)
    assert not can(director, "circle.facilitate", cohort)
    assert "Nudge" not in client_for(director).get(URL).content.decode()


def test_the_circle_page_links_to_its_health_only_for_who_may_see_it(
    facilitator: Any, member: Any, cohort: Any
) -> None:
    assert (
        "Circle health"
        in client_for(facilitator).get("/c/acme/circles/leaders-2026/").content.decode()
    )
    assert (
        "Circle health"
        not in client_for(member).get("/c/acme/circles/leaders-2026/").content.decode()
    )


def test_a_stalled_goal_is_named_only_when_the_circle_may_see_it(
    facilitator: Any, member: Any, community: Any, cohort: Any
) -> None:
    shared = goal_of(member, community, overdue_days=20, visibility="circle", circle=cohort)
    goal_of(member, community, overdue_days=30, visibility="only_me", title="My private plan")
    goal_of(member, community, overdue_days=3, visibility="community", title="Fresh")

    page = client_for(facilitator).get(URL).content.decode()

    assert "Goals stalling" in page
    assert "“Delegate the budget round”: check-in 20 days overdue" in page
    assert "My private plan" not in page
    assert "Fresh" not in page
    assert "goals their owners keep to themselves" in page
    # The page's narrower rule never names a goal the policy would hide from the viewer.
    health = circle_health(circle=cohort, viewer=facilitator, today=TODAY)
    assert [p.goal for p in health.stalling] == [shared]
    assert all(can(facilitator, "goal.view", p.goal) for p in health.stalling)


def test_late_assignments_name_who_has_not_handed_in(
    director: Any, facilitator: Any, member: Any, active: Any, community: Any, cohort: Any
) -> None:
    programme = programme_create(
        actor=director,
        community=community,
        plan=ProgrammePlan(
            title="Leading across borders",
            starts_on=TODAY - timedelta(days=30),
            ends_on=TODAY + timedelta(days=60),
            cohorts=[cohort],
        ),
    )
    module = module_add(
        actor=director,
        programme=programme,
        plan=ModulePlan(
            title="Strategy",
            starts_on=TODAY - timedelta(days=20),
            ends_on=TODAY + timedelta(days=5),
        ),
    )
    memo = item_add(
        actor=director,
        module=module,
        plan=ItemPlan(kind="assignment", title="Strategy memo", due_on=TODAY - timedelta(days=2)),
    )
    from salon.programmes.services.progress import item_done

    item_done(actor=active, item=memo, answer="Here it is.")

    health = circle_health(circle=cohort, viewer=facilitator, today=TODAY)

    assert health.assignments_due == 1
    assert {p.user.pk: p.late for p in health.late} == {facilitator.pk: 1, member.pk: 1}
    assert "1 assignment late" in client_for(facilitator).get(URL).content.decode()


def test_attendance_and_forum_are_counted_over_the_circle(
    facilitator: Any, member: Any, active: Any, cohort: Any, director: Any
) -> None:
    # The director hosted and came, but is not in the circle: not counted in its rate.
    session_of(cohort, days_ago=10, attended=[facilitator, active, director])
    post_in(cohort, facilitator)

    page = client_for(facilitator).get(URL).content.decode()

    assert "2 of 3 members came" in page
    assert "67% of the circle came to its recent sessions." in page
    assert "2 posts · 2 people posting · 2 new topics" in page


def test_the_check_in_rate_is_withheld_below_three_people(
    facilitator: Any, member: Any, lead: Any, community: Any, cohort: Any
) -> None:
    goal_of(member, community, overdue_days=0, visibility="only_me")
    goal_of(lead, community, overdue_days=0, visibility="only_me")
    page = client_for(facilitator).get(URL).content.decode()
    assert "Fewer than three members have an active goal" in page

    third = goal_of(facilitator, community, overdue_days=0, visibility="only_me")
    CheckIn.objects.create(goal=third, at=timezone.now(), progress=20, confidence=6)
    third.last_check_in_at = timezone.now()
    third.save()
    page = client_for(facilitator).get(URL).content.decode()
    assert "1 of the 3 members with an active goal checked in" in page
