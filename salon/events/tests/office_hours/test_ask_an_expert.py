"""A forum question on a competency reaches the experts who offer office hours on it."""

from __future__ import annotations

from typing import Any

from django.test import TestCase

from salon.discussions.categories import category_create
from salon.discussions.services.topics import topic_create
from salon.goals.models import Competency
from salon.notifications.models import Notification
from salon.notifications.selectors import describe


def _ask(director: Any, member: Any, community: Any, **fields: Any) -> Any:
    category = category_create(actor=director, community=community, name="Questions")
    with TestCase.captureOnCommitCallbacks(execute=True):
        return topic_create(actor=member, category=category, body="Any advice?", **fields)


def test_a_question_tagged_with_a_competency_reaches_its_experts_only(
    publish: Any, expert: Any, director: Any, member: Any, community: Any
) -> None:
    strategy = Competency.objects.get_or_create(community=community, name="Strategic thinking")[0]
    Competency.objects.get_or_create(community=community, name="Building trust")[0]
    publish(competencies=(strategy,))

    topic = _ask(
        director,
        member,
        community,
        title="How far ahead should a strategy look?",
        kind="question",
        tags=["strategic-thinking"],
    )

    told = Notification.objects.get(kind="events.expert_question")
    assert told.recipient == expert
    assert told.target == topic
    assert "A question on Strategic thinking, your field" in describe(told)


def test_a_question_on_another_competency_or_a_discussion_reaches_no_expert(
    publish: Any, director: Any, member: Any, community: Any
) -> None:
    strategy = Competency.objects.get_or_create(community=community, name="Strategic thinking")[0]
    Competency.objects.get_or_create(community=community, name="Building trust")[0]
    publish(competencies=(strategy,))

    _ask(director, member, community, title="Trust?", kind="question", tags=["building-trust"])
    _ask(director, member, community, title="Strategy chat", tags=["strategic-thinking"])

    assert not Notification.objects.filter(kind="events.expert_question").exists()
