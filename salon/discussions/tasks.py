"""What forums tell people, told by the worker: the services queue these after commit with
ids, so a post to a community of thousands returns at once and the fan-out (each member's
permission, email choice and notification) happens here.

Each is idempotent: ``notify()`` keys every notification by its event, so a retried or
duplicated task tells nobody twice. Something deleted before the worker came to it is
simply not told of.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django_tasks import task

from salon.core.jobs import retrying
from salon.discussions import notifications as notices


@task()
@retrying()
def tell_reply_created(*, post_id: int, mentioned_ids: list[int]) -> None:
    try:
        notices.reply_created(post_id=post_id, mentioned_ids=mentioned_ids)
    except ObjectDoesNotExist:
        return


@task()
@retrying()
def tell_topic_created(*, topic_id: int, mentioned_ids: list[int]) -> None:
    try:
        notices.topic_created(topic_id=topic_id, mentioned_ids=mentioned_ids)
    except ObjectDoesNotExist:
        return


@task()
@retrying()
def tell_mentioned(*, post_id: int, user_ids: list[int]) -> None:
    try:
        notices.mentioned(post_id=post_id, user_ids=user_ids)
    except ObjectDoesNotExist:
        return


@task()
@retrying()
def tell_answer_accepted(*, post_id: int, actor_id: int, event_id: int) -> None:
    try:
        notices.answer_accepted(post_id=post_id, actor_id=actor_id, event_id=event_id)
    except ObjectDoesNotExist:
        return


@task()
@retrying()
def tell_post_flagged(
    *, post_id: int, flagger_id: int, round_id: int, count: int, hidden: bool
) -> None:
    try:
        notices.post_flagged(
            post_id=post_id, flagger_id=flagger_id, round_id=round_id, count=count, hidden=hidden
        )
    except ObjectDoesNotExist:
        return


@task()
@retrying()
def tell_member_warned(*, post_id: int, actor_id: int, event_id: int, message: str) -> None:
    try:
        notices.member_warned(
            post_id=post_id, actor_id=actor_id, event_id=event_id, message=message
        )
    except ObjectDoesNotExist:
        return
