"""Mentoring fixtures on top of the conftest personas: a programme of Acme open for
enrolment, a mentor (Mona, Americas, offers "Developing others"), and ``make_mentorship``
for an active pair of Maya (mentee) and Mona (mentor)."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
from django.utils import timezone

from conftest import join, make_user
from salon.accounts.models import Language, User
from salon.communities.models import Community, Role
from salon.goals.models import Competency
from salon.goals.tests.conftest import competency, make_goal  # noqa: F401 (fixtures)
from salon.mentoring.models import (
    Enrolment,
    Mentorship,
    Programme,
    ProgrammeStatus,
    Side,
)


@pytest.fixture
def programme(community: Community, director: User) -> Programme:
    return Programme.objects.create(
        community=community,
        name="Cross-regional mentoring 2027",
        description="Pairs across regions for the year.",
        starts_on=date(2027, 1, 11),
        ends_on=date(2027, 6, 30),
        status=ProgrammeStatus.ENROLLING,
        created_by=director,
    )


@pytest.fixture
def mentor(community: Community) -> User:
    user = make_user(
        "mona@acme.test",
        "Mona Mentor",
        region="americas",
        country="United States",
        function="operations",
        industry="Banking",
        timezone="America/New_York",
        work_start=time(8),
        work_end=time(18),
    )
    user.languages.set(Language.objects.filter(code__in=["en"]))
    join(user, community, Role.MENTOR)
    return user


@pytest.fixture
def enrol() -> Any:
    """``enrol(user, programme, side, competencies=[names])``: an enrolment, written
    directly (the enrolment form has its own tests)."""

    def make(user: User, programme: Programme, side: str, competencies: Any = (), **fields: Any):
        enrolment = Enrolment.objects.create(programme=programme, user=user, side=side, **fields)
        enrolment.competencies.set(
            Competency.objects.filter(community=programme.community, name__in=competencies)
        )
        return enrolment

    return make


@pytest.fixture
def make_mentorship(programme: Programme, member: User, mentor: User, enrol: Any) -> Any:
    """``make_mentorship(mentee=member, mentor=mentor)``: an active mentorship."""

    def make(mentee: User | None = None, mentor_user: User | None = None) -> Mentorship:
        mentee = mentee or member
        mentor_user = mentor_user or mentor
        for user, side in ((mentee, Side.MENTEE), (mentor_user, Side.MENTOR)):
            if not Enrolment.objects.filter(programme=programme, user=user).exists():
                enrol(user, programme, side, ["Developing others"])
        return Mentorship.objects.create(
            programme=programme, mentee=mentee, mentor=mentor_user, started_at=timezone.now()
        )

    return make
