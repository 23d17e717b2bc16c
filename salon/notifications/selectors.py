"""Reads shared by the pages, the API, the bell and the email tasks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.cache import cache
from django.db.models import (
    Count,
    F,
    Func,
    IntegerField,
    Max,
    Model,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.utils.translation import gettext as _

from salon.communities.models import CircleMembership
from salon.communities.roles import memberships_of
from salon.core.markdown import plain_text
from salon.notifications.models import EmailSettings, Notification, NotificationPreference
from salon.notifications.registry import Delivery, Kind, all_kinds, find_kind


def unsubscribing_user(*, user_id: int) -> Any:
    """The active account an unsubscribe link names, or None."""
    from salon.accounts.models import User

    return User.objects.filter(pk=user_id, is_active=True).first()


def notification_list_for_user(*, user: Any) -> QuerySet[Notification]:
    """A member's notifications, newest first, with what their sentences need."""
    return (
        Notification.objects.filter(recipient_id=user.pk)
        .select_related("actor", "community")
        .order_by("-created_at", "-id")
    )


# Kinds of notification that are people talking to the member: the week lists them.
CONVERSATION_KINDS = ("discussions.reply", "discussions.mention")


def unread_conversation_for(*, user: Any, limit: int = 5) -> list[Notification]:
    """The newest unread replies and mentions the member may still read, with their
    sentences (``with_text``); nothing more than one query when there are none."""
    unread = list(
        notification_list_for_user(user=user).filter(
            read_at__isnull=True, kind__in=CONVERSATION_KINDS
        )[:limit]
    )
    return [n for n in with_text(unread, user=user) if not getattr(n, "withheld", False)]


# The bell asks again, one by one, whether the newest unread notifications may still be
# read (as the list does); older ones beyond this many are counted as they are.
BELL_RECHECK = 100


# How long the bell's count of readable notifications is remembered while the member's
# unread notifications stay the same (a new one or one read makes a new key at once): a
# notification that becomes unreadable (they left the circle) leaves the count within this.
BELL_CACHE_SECONDS = 30


def unread_count(*, user: Any, counted: int | None = None) -> int:
    """Unread notifications the member may still read: one that is now withheld (they
    left the circle, the topic moved) is not counted. ``counted`` is the plain count when
    a page has already folded it into a query (``unread_count_subquery``); with none
    unread, that is all it costs. Asking each notification's target is a few queries and
    about 10 ms for a busy member, so the answer is cached for the same unread set (the
    plain count and the newest unread one) for ``BELL_CACHE_SECONDS``."""
    if counted == 0:
        return 0
    unread = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    newest: object = "folded"
    if counted is None:
        stats = unread.aggregate(n=Count("pk"), newest=Max("pk"))
        counted, newest = stats["n"], stats["newest"]
        if not counted:
            return 0
    key = f"notifications:bell:{user.pk}:{counted}:{newest}"
    remembered = cache.get(key)
    if remembered is not None:
        return int(remembered)
    readable = _readable_unread(user, unread, counted)
    cache.set(key, readable, BELL_CACHE_SECONDS)
    return readable


def _readable_unread(user: Any, unread: QuerySet[Notification], counted: int) -> int:
    newest = list(unread.order_by("-created_at", "-id")[:BELL_RECHECK])
    if not newest:
        return 0
    older = max(0, counted - BELL_RECHECK) if len(newest) == BELL_RECHECK else 0
    _load_targets(user, newest)
    memberships_of(user)
    return sum(1 for item in newest if _readable(user, item)) + older


def _readable(user: Any, item: Notification) -> bool:
    kind = find_kind(item.kind)
    target = item.target
    return kind is not None and target is not None and kind.readable(user, target)


def unread_count_subquery(*, user: Any) -> Subquery:
    """The bell's count as a scalar subquery, for a page to fold into a query it runs
    anyway (then it passes ``unread_count`` to its template and the bell asks nothing)."""
    return Subquery(
        Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("n")
    )


def unread_counts(user_ids: Sequence[int]) -> dict[int, int]:
    """Unread counts of many members in one query (members with none get 0)."""
    counts = dict.fromkeys(user_ids, 0)
    rows = (
        Notification.objects.filter(recipient_id__in=list(user_ids), read_at__isnull=True)
        .values_list("recipient_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts.update(dict(rows))
    return counts


def describe(notification: Notification) -> str:
    """The notification's sentence in the active language.

    The actor and the community are named as they are now (an erased account reads
    "Former member"), so both should be loaded with ``select_related``.
    """
    kind = find_kind(notification.kind)
    if kind is None:
        return _("Something happened that Salon can no longer describe.")
    actor, community = notification.actor, notification.community
    context = {
        **notification.data,
        "actor": actor.display_name if actor is not None else _("Someone"),
        "community": community.name if community is not None else "",
    }
    return kind.render(context)


def excerpt_of(notification: Notification) -> str:
    """The quoted words, as text: Markdown written in a post reads without its markup."""
    return plain_text(str((notification.data or {}).get("excerpt", "")))


# How deep the policy reaches from a notification's target (a post's topic's circle's
# community): loaded with the targets so that asking about a page costs no query per row.
_REACH = 3
_REACHED = {"community", "circle", "category", "topic", "programme", "event", "goal"}


def _related_paths(model: type[Model], depth: int = 1, prefix: str = "") -> list[str]:
    paths = []
    for field in model._meta.get_fields():
        if not (field.many_to_one or field.one_to_one) or field.auto_created:
            continue
        related: Any = field.related_model
        if not getattr(field, "concrete", False) or not isinstance(related, type):
            continue
        if depth > 1 and field.name not in _REACHED:
            continue
        path = f"{prefix}{field.name}"
        paths.append(path)
        if depth < _REACH:
            paths.extend(_related_paths(related, depth + 1, f"{path}__"))
    return paths


def _loaded(obj: Any, seen: set[int]) -> Iterator[Any]:
    """``obj`` and every object loaded with it (through ``select_related``)."""
    if obj is None or id(obj) in seen:
        return
    seen.add(id(obj))
    yield obj
    for related in getattr(getattr(obj, "_state", None), "fields_cache", {}).values():
        yield from _loaded(related, seen)


def _load_targets(user: Any, items: list[Notification]) -> None:
    """Each notification's target with what the policy asks of it, one query per kind of
    target, and whether the reader is in each circle involved (one query)."""
    models = {
        ct_id: ContentType.objects.get_for_id(ct_id).model_class()
        for ct_id in {n.target_type_id for n in items if n.target_type_id is not None}
    }
    querysets = [
        model._default_manager.select_related(*_related_paths(model))
        for model in models.values()
        if model is not None
    ]
    prefetch_related_objects(items, GenericPrefetch("target", querysets))
    seen: set[int] = set()
    circles = [
        obj
        for item in items
        for obj in _loaded(item.target, seen)
        if obj._meta.label_lower == "communities.circle"
    ]
    if circles:
        mine = set(
            CircleMembership.objects.filter(
                user_id=user.pk, circle_id__in={c.pk for c in circles}
            ).values_list("circle_id", flat=True)
        )
        for circle in circles:
            circle.viewer_is_member = circle.pk in mine


def with_text(notifications: Iterable[Notification], *, user: Any) -> list[Notification]:
    """Attach ``text`` (the sentence), ``excerpt`` (plain text) and ``withheld`` to each
    notification, for the pages and the API.

    Visibility is asked again, as emails and digests do: someone who has since lost sight
    of what a notification is about (left the circle, the topic moved) reads only that
    something is no longer open to them, without its title or words. Its targets and the
    reader's memberships are loaded for the whole page at once.
    """
    items = list(notifications)
    if not items:
        return items
    _load_targets(user, items)
    memberships_of(user)
    for item in items:
        visible = _readable(user, item)
        item.withheld = not visible  # type: ignore[attr-defined]
        if visible:
            item.text = describe(item)  # type: ignore[attr-defined]
            item.excerpt = excerpt_of(item)  # type: ignore[attr-defined]
        else:
            item.text = _("Something you can no longer see.")  # type: ignore[attr-defined]
            item.excerpt = ""  # type: ignore[attr-defined]
    return items


def deliveries_for(kind: Kind, user_ids: Sequence[int]) -> dict[int, Delivery]:
    """How each member wants this kind by email: two queries, however many members."""
    ids = list(user_ids)
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=ids, kind=kind.key).values_list(
            "user_id", "delivery"
        )
    )
    off = set(
        EmailSettings.objects.filter(user_id__in=ids, email_off=True).values_list(
            "user_id", flat=True
        )
    )
    result: dict[int, Delivery] = {}
    for user_id in ids:
        if user_id in off:
            result[user_id] = Delivery.OFF
            continue
        value = chosen.get(user_id)
        result[user_id] = Delivery(value) if value in kind.deliveries else kind.default
    return result


def preferences_for_user(*, user: Any) -> tuple[dict[str, Delivery], bool]:
    """Each registered kind's delivery for this member, and whether all email is off."""
    chosen = dict(
        NotificationPreference.objects.filter(user_id=user.pk).values_list("kind", "delivery")
    )
    deliveries = {}
    for kind in all_kinds():
        value = chosen.get(kind.key)
        deliveries[kind.key] = Delivery(value) if value in kind.deliveries else kind.default
    email_off = EmailSettings.objects.filter(user_id=user.pk, email_off=True).exists()
    return deliveries, email_off
