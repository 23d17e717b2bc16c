"""Enrolling in a programme through its page: as mentee or mentor, what each side may
choose, who may enrol when, changing one's mind and withdrawing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from salon.accounts.models import User
from salon.communities.models import Community
from salon.core.models import AuditEvent
from salon.goals.models import Competency, Goal
from salon.goals.services.goals import goal_create
from salon.mentoring.models import Enrolment, Programme, ProgrammeStatus, Side


def _competency(community: Community, name: str) -> Competency:
    return Competency.objects.get(community=community, name=name)


@pytest.fixture
def goal(member: User, community: Community) -> Goal:
    return goal_create(
        owner=member,
        community=community,
        competency=_competency(community, "Leading change"),
        title="Lead the merger integration",
        success_looks_like="Both teams work as one by June.",
        visibility="only_me",
    )


def _url(programme: Programme, verb: str = "enrol") -> str:
    return f"/c/acme/mentoring/{programme.pk}/{verb}/"


def test_a_member_enrols_as_mentee_with_competencies_goals_and_preferences(
    member: User,
    director: User,
    community: Community,
    programme: Programme,
    goal: Goal,
    as_user: Any,
) -> None:
    wanted = [_competency(community, n) for n in ("Leading change", "Building trust")]

    response = as_user(member).post(
        _url(programme),
        {
            "side": "mentee",
            "competencies": [c.pk for c in wanted],
            "goals": [goal.pk],
            "hopes": "A sounding board for my first year as CFO.",
            "region_preference": "different",
            "language_preference": "",
            "industry_preference": "same",
            "function_preference": "",
            "avoid": [director.pk],
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"/c/acme/mentoring/{programme.pk}/"
    enrolment = Enrolment.objects.get(programme=programme, user=member)
    assert enrolment.side == Side.MENTEE
    assert set(enrolment.competencies.all()) == set(wanted)
    assert list(enrolment.goals.all()) == [goal]
    assert list(enrolment.avoid.all()) == [director]
    assert (enrolment.region_preference, enrolment.industry_preference) == ("different", "same")
    assert enrolment.capacity is None
    event = AuditEvent.objects.get(action="mentoring.enrolment.created")
    assert event.details == {"side": "mentee", "rejoined": False}
    assert event.community_id == community.pk
    page = as_user(member).get(response["Location"]).content.decode()
    assert "You are enrolled as mentee" in page
    assert "Lead the merger integration" in page
    assert "Withdraw" in page


def test_a_mentor_enrols_offering_competencies_and_places(
    mentor: User, director: User, community: Community, programme: Programme, as_user: Any
) -> None:
    response = as_user(mentor).post(
        _url(programme),
        {
            "side": "mentor",
            "competencies": [_competency(community, "Developing others").pk],
            "capacity": "4",
            "availability": "Two calls a month",
        },
    )

    assert response.status_code == 302
    enrolment = Enrolment.objects.get(user=mentor)
    assert (enrolment.side, enrolment.capacity, enrolment.availability) == (
        "mentor",
        4,
        "Two calls a month",
    )
    stats = as_user(director).get(f"/c/acme/mentoring/{programme.pk}/").context["stats"]
    assert (stats["mentors"], stats["capacity"]) == (1, 4)


def test_the_form_offers_the_frameworks_current_competencies_and_only_ones_own_goals(
    member: User,
    director: User,
    community: Community,
    programme: Programme,
    goal: Goal,
    as_user: Any,
) -> None:
    retired = _competency(community, "Driving results")
    retired.retired_at = timezone.now()
    retired.save()
    goal_create(
        owner=director,
        community=community,
        competency=_competency(community, "Building trust"),
        title="Diana's own goal",
        success_looks_like="Clear.",
        visibility="community",
    )

    page = as_user(member).get(_url(programme)).content.decode()

    assert "Leading change" in page
    assert "Driving results" not in page
    assert "Lead the merger integration" in page
    assert "Diana&#x27;s own goal" not in page
    assert "Diana Director" in page  # someone to avoid
    assert "<legend>I enrol as</legend>" in page


def test_a_mentee_chooses_one_to_three_competencies_and_bad_input_writes_nothing(
    member: User, community: Community, programme: Programme, as_user: Any
) -> None:
    four = Competency.objects.filter(community=community)[:4]

    too_many = as_user(member).post(
        _url(programme), {"side": "mentee", "competencies": [c.pk for c in four]}
    )
    none = as_user(member).post(_url(programme), {"side": "mentee"})

    assert too_many.status_code == 200
    assert "Choose at most 3 competencies to develop." in too_many.content.decode()
    assert "Choose at least one competency you want to develop." in none.content.decode()
    assert 'aria-invalid="true"' in none.content.decode()
    assert not Enrolment.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="mentoring.enrolment").exists()


def test_only_the_sides_a_role_allows_are_offered(
    member: User, community: Community, programme: Programme, as_user: Any
) -> None:
    Programme.objects.filter(pk=programme.pk).update(mentee_roles=["expert"])

    page = as_user(member).get(_url(programme)).content.decode()
    refused = as_user(member).post(
        _url(programme),
        {"side": "mentee", "competencies": [_competency(community, "Leading change").pk]},
    )

    assert 'value="mentor"' in page
    assert 'value="mentee"' not in page
    assert "If you enrol as mentee" not in page
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert not Enrolment.objects.exists()


def test_a_role_that_may_not_enrol_at_all_is_refused(
    member: User, community: Community, programme: Programme, as_user: Any
) -> None:
    Programme.objects.filter(pk=programme.pk).update(
        mentee_roles=["expert"], mentor_roles=["director"]
    )

    page = as_user(member).get(f"/c/acme/mentoring/{programme.pk}/").content.decode()
    response = as_user(member).post(
        _url(programme),
        {"side": "mentor", "competencies": [_competency(community, "Leading change").pk]},
    )

    assert "Your role in this community cannot enrol in this programme." in page
    assert response.status_code == 403
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("status", ["draft", "matching", "active", "closed"])
def test_enrolling_is_refused_once_enrolment_is_not_open(
    status: str, member: User, community: Community, programme: Programme, as_user: Any
) -> None:
    Programme.objects.filter(pk=programme.pk).update(status=status)

    response = as_user(member).post(
        _url(programme),
        {"side": "mentee", "competencies": [_competency(community, "Leading change").pk]},
    )

    # A draft is hidden from members; later, they know it exists but may not enrol.
    assert response.status_code == (404 if status == "draft" else 403)
    assert not Enrolment.objects.exists()


def test_enrolment_closes_after_its_last_day(
    member: User, community: Community, programme: Programme, as_user: Any
) -> None:
    today = timezone.localdate()
    Programme.objects.filter(pk=programme.pk).update(enrolment_closes_on=today)
    assert as_user(member).get(_url(programme)).status_code == 200

    Programme.objects.filter(pk=programme.pk).update(enrolment_closes_on=today - timedelta(1))

    closed = as_user(member).get(_url(programme))
    assert closed.status_code == 403
    # The member's role is fine: the page says what actually stops them.
    assert "Enrolment for this programme is closed." in closed.content.decode()
    assert "Your role in this community" not in closed.content.decode()
    page = as_user(member).get(f"/c/acme/mentoring/{programme.pk}/").content.decode()
    assert "Enrolment is closed." in page


def test_guests_and_outsiders_cannot_reach_the_enrolment(
    guest: User, outsider: User, programme: Programme, as_user: Any
) -> None:
    assert as_user(guest).get(_url(programme)).status_code == 404
    assert as_user(outsider).get(_url(programme)).status_code == 404
    assert as_user(outsider).post(_url(programme, "withdraw")).status_code == 404


def test_a_member_withdraws_and_enrols_again(
    member: User, community: Community, programme: Programme, enrol: Any, as_user: Any
) -> None:
    enrol(member, programme, Side.MENTEE, ["Leading change"], hopes="Grow.")
    client = as_user(member)

    withdrawn = client.post(_url(programme, "withdraw"))

    assert withdrawn.status_code == 302
    enrolment = Enrolment.objects.get(user=member)
    assert enrolment.withdrawn_at is not None
    assert AuditEvent.objects.filter(action="mentoring.enrolment.withdrawn").exists()
    page = client.get(f"/c/acme/mentoring/{programme.pk}/").content.decode()
    assert "You withdrew on" in page
    # What they chose comes back in the form.
    form = client.get(_url(programme)).content.decode()
    assert "Grow.</textarea>" in form

    again = client.post(
        _url(programme),
        {"side": "mentor", "competencies": [_competency(community, "Building trust").pk]},
    )

    assert again.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.withdrawn_at is None
    assert (enrolment.side, enrolment.hopes) == ("mentor", "")
    event = AuditEvent.objects.get(action="mentoring.enrolment.updated")
    assert event.details == {"side": "mentor", "rejoined": True}


def test_withdrawing_is_refused_when_not_enrolled_and_after_enrolment_closes(
    member: User, programme: Programme, enrol: Any, as_user: Any
) -> None:
    client = as_user(member)

    not_enrolled = client.post(_url(programme, "withdraw"), follow=True)
    enrol(member, programme, Side.MENTEE, ["Leading change"])
    Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.MATCHING)
    closed = client.post(_url(programme, "withdraw"))

    assert "You are not enrolled in this programme." in not_enrolled.content.decode()
    assert closed.status_code == 403
    assert Enrolment.objects.get(user=member).withdrawn_at is None


def test_the_page_shows_the_profile_facts_matching_uses_and_warns_of_gaps(
    member: User, programme: Programme, as_user: Any
) -> None:
    member.organisation_unit = "Group Finance"
    member.save()

    page = as_user(member).get(_url(programme)).content.decode()

    assert "Japanese" in page or "English" in page
    assert "Group Finance" in page
    assert "Asia-Pacific" in page
    assert 'href="/settings/"' in page
    assert "Your profile lists no languages" not in page

    member.languages.clear()
    page = as_user(member).get(_url(programme)).content.decode()
    assert "Your profile lists no languages" in page
