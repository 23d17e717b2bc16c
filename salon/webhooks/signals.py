"""Where webhook events come from: saves and deletes of the apps' own rows, read here so
that no app has to know about webhooks. A community with no live endpoint costs a cache
read (``services.community_listens``), nothing more."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save

from salon.webhooks.selectors import community_listens
from salon.webhooks.services import event_publish

_UID = "webhooks."


def _publish(kind: str, community_id: int | None, obj: Any = None, **snapshot: Any) -> None:
    if community_id is None or not community_listens(community_id):
        return
    event_publish(
        kind=kind,
        community_id=community_id,
        object_id=obj.pk if obj is not None else None,
        snapshot=snapshot,
    )


def _member(membership: Any) -> dict[str, Any]:
    user = membership.user
    return {
        "community": membership.community.slug,
        "member": {"id": user.pk, "name": user.name},
        "role": membership.role,
    }


def _membership_saved(
    sender: Any, instance: Any, created: bool, raw: bool = False, **kw: Any
) -> None:
    if created and not raw:
        _publish("member.joined", instance.community_id, None, **_member(instance))


def _membership_deleted(sender: Any, instance: Any, **kw: Any) -> None:
    _publish("member.left", instance.community_id, None, **_member(instance))


def _remember_status(sender: Any, instance: Any, raw: bool = False, **kw: Any) -> None:
    """Before an event or a goal is saved: its status as stored, to tell what changed."""
    if raw or instance.pk is None:
        instance._webhooks_status = None
        return
    instance._webhooks_status = (
        type(instance).objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        if community_listens(instance.community_id)
        else None
    )


def _event_saved(sender: Any, instance: Any, created: bool, raw: bool = False, **kw: Any) -> None:
    if raw:
        return
    if created:
        _publish("event.created", instance.community_id, instance)
    elif (
        instance.status == "cancelled"
        and getattr(instance, "_webhooks_status", None) != "cancelled"
    ):
        _publish("event.cancelled", instance.community_id, instance)
    elif instance.status != "cancelled":
        _publish("event.changed", instance.community_id, instance)


def _rsvp_saved(sender: Any, instance: Any, raw: bool = False, **kw: Any) -> None:
    if not raw:
        _publish("rsvp.changed", instance.event.community_id, instance)


def _topic_saved(sender: Any, instance: Any, created: bool, raw: bool = False, **kw: Any) -> None:
    if created and not raw:
        _publish("topic.created", instance.community_id, instance)


def _post_saved(sender: Any, instance: Any, created: bool, raw: bool = False, **kw: Any) -> None:
    # A topic's opening post arrives with the topic (topic.created).
    if created and not raw and instance.number > 1:
        _publish("post.created", instance.topic.community_id, instance)


def _stage_moved(sender: Any, instance: Any, created: bool, raw: bool = False, **kw: Any) -> None:
    if created and not raw and instance.from_stage_id is not None:
        _publish("idea.stage_changed", instance.idea.community_id, instance)


def _goal_saved(sender: Any, instance: Any, created: bool, raw: bool = False, **kw: Any) -> None:
    if raw or instance.status != "achieved":
        return
    if created or getattr(instance, "_webhooks_status", None) != "achieved":
        _publish("goal.achieved", instance.community_id, instance)


post_save.connect(_membership_saved, sender="communities.Membership", dispatch_uid=_UID + "m+")
post_delete.connect(_membership_deleted, sender="communities.Membership", dispatch_uid=_UID + "m-")
pre_save.connect(_remember_status, sender="events.Event", dispatch_uid=_UID + "e?")
post_save.connect(_event_saved, sender="events.Event", dispatch_uid=_UID + "e+")
post_save.connect(_rsvp_saved, sender="events.Rsvp", dispatch_uid=_UID + "r+")
post_save.connect(_topic_saved, sender="discussions.Topic", dispatch_uid=_UID + "t+")
post_save.connect(_post_saved, sender="discussions.Post", dispatch_uid=_UID + "p+")
post_save.connect(_stage_moved, sender="innovation.StageMove", dispatch_uid=_UID + "i+")
pre_save.connect(_remember_status, sender="goals.Goal", dispatch_uid=_UID + "g?")
post_save.connect(_goal_saved, sender="goals.Goal", dispatch_uid=_UID + "g+")
