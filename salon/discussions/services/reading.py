"""Reading positions and subscriptions: how far each person has read a topic, and whether
they watch, track or mute it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.core.permissions import require
from salon.discussions.models import (
    Category,
    Level,
    Subscription,
    Topic,
    TopicRead,
)

_UNKNOWN = object()


def topic_mark_read(*, user: Any, topic: Topic, number: int) -> None:
    """Remember that ``user`` has read up to post ``number`` (never moves backwards).

    With the viewer's ``last_read`` annotated (the topic page has it), a page with nothing
    new writes nothing, and otherwise one statement (two the first time).
    """
    number = min(number, topic.post_count)
    known = getattr(topic, "last_read", _UNKNOWN)
    if isinstance(known, int) and known >= number:
        return
    now = timezone.now()
    updated = TopicRead.objects.filter(
        user_id=user.pk, topic_id=topic.pk, last_read_number__lt=number
    ).update(last_read_number=number, updated_at=now)
    if not updated and not isinstance(known, int):
        TopicRead.objects.bulk_create(
            [
                TopicRead(
                    user_id=user.pk, topic_id=topic.pk, last_read_number=number, updated_at=now
                )
            ],
            ignore_conflicts=True,
        )
    topic.last_read = number  # type: ignore[attr-defined]


@transaction.atomic
def subscription_set(
    *, user: Any, level: str, topic: Topic | None = None, category: Category | None = None
) -> Subscription:
    """Watch, track or mute a topic or a whole category."""
    if level not in Level.values:
        raise ValidationError(_("Choose watching, tracking or muted."))
    if topic is not None:
        require(user, "topic.subscribe", topic)
        subscription, _created = Subscription.objects.update_or_create(
            user=user, topic=topic, defaults={"level": level}
        )
    elif category is not None:
        require(user, "category.view", category)
        subscription, _created = Subscription.objects.update_or_create(
            user=user, category=category, defaults={"level": level}
        )
    else:
        raise ValidationError(_("Say which topic or category."))
    return subscription
