"""A 360° world: a cycle in Acme with people reviewed, their raters and answers."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test import TestCase

from conftest import join, make_user
from salon.feedback.models import Cycle, Nomination, Participant
from salon.feedback.services import cycles as cycle_services
from salon.goals.models import Competency


def plan(community: Any, **changes: Any) -> cycle_services.CyclePlan:
    today = date.today()
    fields: dict[str, Any] = {
        "title": "Spring 360",
        "competencies": list(Competency.objects.filter(community=community)[:3]),
        "opens_on": today,
        "nominations_close_on": today + timedelta(days=7),
        "closes_on": today + timedelta(days=28),
        "questions": ["What should they keep doing?", "What could they do differently?"],
    }
    fields.update(changes)
    return cycle_services.CyclePlan(**fields)


def open_cycle(director: Any, community: Any, people: list[Any], **changes: Any) -> Cycle:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return cycle_services.cycle_create(
            actor=director, community=community, plan=plan(community, people=people, **changes)
        )


def nominate_and_approve(
    director: Any, participant: Participant, raters: dict[str, list[Any]]
) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        for group, people in raters.items():
            for rater in people:
                cycle_services.nomination_add(
                    actor=participant.person, participant=participant, rater=rater, group=group
                )
        participant.refresh_from_db()
        cycle_services.nominations_submit(actor=participant.person, participant=participant)
        cycle_services.nominations_approve(actor=director, participant=participant)


def answer(
    rater: Any, participant: Participant, scores: dict[int, int | None], *texts: str
) -> None:
    nomination = Nomination.objects.select_related("participant__cycle").get(
        participant=participant, rater=rater
    )
    with transaction.atomic():
        cycle_services.response_save(
            actor=rater,
            nomination=nomination,
            scores={str(k): v for k, v in scores.items()},
            comments=list(texts),
            submit=True,
        )


def people(community: Any, n: int, prefix: str = "p") -> list[Any]:
    out = []
    for i in range(n):
        user = make_user(f"{prefix}{i}@acme.test", f"{prefix.upper()} Person {i}")
        join(user, community)
        out.append(user)
    return out


@pytest.fixture
def peers(community: Any) -> list[Any]:
    return people(community, 4, "peer")
