"""Daily and weekly digests: what happened in a member's communities since their last one.

The hourly job (``tasks.send_due_digests``) asks ``due()`` who is at the start of their
morning (07:00 local, or up to three hours later if the scheduler was down) and sends each
of them ``send_digest()``. A digest is claimed before it is sent by a conditional update
of ``EmailSettings.<period>_digest_for``, so the job may run twice, or on two machines,
and still nobody gets a digest twice.

What a digest shows is built from the same permission policy as the pages: new members
only to those who may see the directory, new circles only to those who may see the
circle, and the member's own digest-level notifications (asked ``may_see`` again, as a
lot may change in a week).

Apps add their own news to each community's section: a ``DIGEST_PARTS`` list in
``<app>/notifications.py`` of functions ``(user, community, since, until)`` returning
``DigestPart``s (a heading and items of plain text with a link), already filtered by what
``user`` may see. The forum's new topics and busiest discussions come this way.

A part the member turns on or off by itself has its own notification kind (so it is a
line on the preferences page, with its own delivery): ``DIGEST_CHOICES``, a mapping of
that kind's key to a source of the same shape, is asked only when the member's delivery
of the kind is this digest's period. The library's "For you" comes this way.
"""

from __future__ import annotations

import logging
import sys
import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from salon.accounts.models import User
from salon.communities.models import Circle, CircleMembership, Community, Membership
from salon.communities.roles import memberships_of
from salon.core.permissions import can
from salon.notifications import emails, selectors
from salon.notifications.models import EmailSettings, EmailStatus, Notification
from salon.notifications.registry import Delivery, find_kind, register_kind

logger = logging.getLogger(__name__)

PERIODS = ("daily", "weekly")
LENGTH = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
MORNING = time(7, 0)
# If the scheduler missed 07:00, a digest still goes out until 10:00; later, the next
# one covers both (it reaches back to the last digest actually sent).
LATEST = time(10, 0)
NEW_MEMBERS_SHOWN = 10

ACTIVITY = "digest.community_news"
register_kind(
    ACTIVITY,
    label=_("News from your communities: who joined, which circles started, what the forums said"),
    default=Delivery.WEEKLY,
    deliveries=(Delivery.DAILY, Delivery.WEEKLY, Delivery.OFF),
    line=lambda data: str(_("News from %(community)s") % data),
    may_see=lambda user, community: can(user, "community.view", community),
)


# Who is due ------------------------------------------------------------------------------


def due(now: datetime) -> list[tuple[str, date, list[int]]]:
    """(period, local date, user ids) for everyone whose digest is due at ``now``."""
    by_day: dict[tuple[str, date], list[str]] = defaultdict(list)
    zones = (
        User.objects.filter(is_active=True).values_list("timezone", flat=True).distinct().order_by()
    )
    for name in zones:
        try:
            local = now.astimezone(zoneinfo.ZoneInfo(name or "UTC"))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            continue
        if not MORNING <= local.time() < LATEST:
            continue
        by_day["daily", local.date()].append(name)
        if local.weekday() == 0:
            by_day["weekly", local.date()].append(name)
    result = []
    for (period, day), names in sorted(by_day.items()):
        users = (
            User.objects.filter(is_active=True, timezone__in=names)
            .filter(
                Exists(Membership.objects.filter(user_id=OuterRef("pk")))
                | Exists(
                    Notification.objects.filter(
                        recipient_id=OuterRef("pk"), email_status=EmailStatus.DIGEST
                    )
                )
            )
            .exclude(email_settings__email_off=True)
            .exclude(**{f"email_settings__{period}_digest_for__gte": day})
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        ids = list(users)
        if ids:
            result.append((period, day, ids))
    return result


# What a digest holds ---------------------------------------------------------------------


@dataclass
class DigestItem:
    text: str
    url: str  # a path on this site
    detail: str = ""


@dataclass
class DigestPart:
    """An app's news in a community's section: a heading and its items (plain text)."""

    title: str
    items: list[DigestItem] = field(default_factory=list)


# ``(user, community, since, until) -> list[DigestPart]``, listed in an app's
# ``notifications.DIGEST_PARTS``.
PartSource = Callable[[Any, Community, datetime, datetime], list[DigestPart]]


def chosen_part_sources() -> dict[str, PartSource]:
    """Every app's ``DIGEST_CHOICES``: parts the member chooses by a notification kind."""
    sources: dict[str, PartSource] = {}
    for config in apps.get_app_configs():
        module = sys.modules.get(f"{config.name}.notifications")
        sources.update(getattr(module, "DIGEST_CHOICES", {}))
    return sources


def part_sources() -> list[PartSource]:
    """Every app's ``DIGEST_PARTS`` (their notifications modules are imported at start-up)."""
    sources: list[PartSource] = []
    for config in apps.get_app_configs():
        module = sys.modules.get(f"{config.name}.notifications")
        sources.extend(getattr(module, "DIGEST_PARTS", ()))
    return sources


@dataclass
class Section:
    community: Community
    new_members: list[Membership] = field(default_factory=list)
    more_members: int = 0
    new_circles: list[Circle] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    parts: list[DigestPart] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.new_members or self.new_circles or self.notifications or self.parts)


@dataclass
class Digest:
    user: Any
    period: str
    since: datetime
    until: datetime
    sections: list[Section] = field(default_factory=list)
    other: list[Notification] = field(default_factory=list)
    # Notifications that will never be worth sending (target gone, no longer visible).
    dropped: list[int] = field(default_factory=list)

    @property
    def notifications(self) -> list[Notification]:
        return [n for s in self.sections for n in s.notifications] + self.other

    @property
    def is_empty(self) -> bool:
        return not self.other and all(s.is_empty for s in self.sections)

    @property
    def item_count(self) -> int:
        return len(self.notifications) + sum(
            len(s.new_members)
            + s.more_members
            + len(s.new_circles)
            + sum(len(p.items) for p in s.parts)
            for s in self.sections
        )


def build_digest(*, user: Any, period: str, since: datetime | None, until: datetime) -> Digest:
    """Everything worth a digest for ``user`` between their last one and ``until``."""
    length = LENGTH[period]
    start = max(since or until - length, until - 2 * length)
    digest = Digest(user=user, period=period, since=start, until=until)
    deliveries, _off = selectors.preferences_for_user(user=user)
    memberships = memberships_of(user)
    sections: dict[int, Section] = {}

    activity = deliveries.get(ACTIVITY) == period
    chosen = [
        source for kind, source in chosen_part_sources().items() if deliveries.get(kind) == period
    ]
    if activity or chosen:
        sources = [*part_sources(), *chosen] if activity else chosen
        for membership in memberships.values():
            section = (
                _activity(user, membership.community, start, until)
                if activity
                else Section(membership.community)
            )
            for source in sources:
                section.parts.extend(
                    p for p in source(user, membership.community, start, until) if p.items
                )
            if not section.is_empty:
                sections[membership.community_id] = section

    for notification in _queued_notifications(user, until, length):
        kind = find_kind(notification.kind)
        wanted = deliveries.get(notification.kind)
        if period == "weekly" and wanted != Delivery.WEEKLY:
            continue
        if period == "daily" and wanted in (Delivery.WEEKLY, Delivery.OFF):
            continue
        target = notification.target
        if kind is None or target is None or not kind.may_see(user, target):
            digest.dropped.append(notification.pk)
            continue
        if notification.community_id is None:
            digest.other.append(notification)
            continue
        if notification.community_id not in sections:
            assert notification.community is not None
            sections[notification.community_id] = Section(notification.community)
        sections[notification.community_id].notifications.append(notification)

    digest.sections = sorted(sections.values(), key=lambda s: s.community.name.lower())
    return digest


def _activity(user: Any, community: Community, since: datetime, until: datetime) -> Section:
    section = Section(community)
    if can(user, "community.view_members", community):
        joined = (
            Membership.objects.filter(
                community=community,
                joined_at__gte=since,
                joined_at__lt=until,
                user__is_active=True,
            )
            .exclude(user_id=user.pk)
            .select_related("user")
            .order_by("joined_at", "pk")
        )
        section.new_members = list(joined[:NEW_MEMBERS_SHOWN])
        if len(section.new_members) == NEW_MEMBERS_SHOWN:
            section.more_members = joined.count() - NEW_MEMBERS_SHOWN
    circles = (
        Circle.objects.filter(community=community, created_at__gte=since, created_at__lt=until)
        .annotate(
            viewer_is_member=Exists(
                CircleMembership.objects.filter(circle=OuterRef("pk"), user_id=user.pk)
            )
        )
        .order_by("name")
    )
    for circle in circles:
        circle.community = community
        # A private circle's very name is hidden from those who may not see it.
        if can(user, "circle.view", circle):
            section.new_circles.append(circle)
    return section


def _queued_notifications(user: Any, until: datetime, length: timedelta) -> list[Notification]:
    return list(
        Notification.objects.filter(
            recipient_id=user.pk,
            email_status=EmailStatus.DIGEST,
            created_at__lt=until,
            # Older than two periods: the member has seen it in the app by now, or never will.
            created_at__gte=until - 2 * length,
        )
        .select_related("actor", "community")
        .prefetch_related("target")
        .order_by("created_at", "pk")
    )


# Sending ---------------------------------------------------------------------------------


def send_digest(*, user_id: int, period: str, day: date) -> bool:
    """Send ``user_id`` their ``period`` digest for their local ``day``, once; True if an
    email went out. Safe to call again and from several workers at once."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    row, _created = EmailSettings.objects.get_or_create(user_id=user_id)
    if row.email_off:
        return False
    last_day, last_sent = row.digest_fields(period)
    if last_day is not None and last_day >= day:
        return False
    now = timezone.now()
    day_field, at_field = f"{period}_digest_for", f"{period}_digest_at"
    previous = Q(**{day_field: last_day}) if last_day else Q(**{f"{day_field}__isnull": True})
    claimed = (
        EmailSettings.objects.filter(previous, pk=user_id).update(**{day_field: day, at_field: now})
        == 1
    )
    if not claimed:
        return False  # another worker has it
    digest = build_digest(user=user, period=period, since=last_sent, until=now)
    if digest.dropped:
        Notification.objects.filter(pk__in=digest.dropped).update(email_status=EmailStatus.NONE)
    if digest.is_empty:
        return False
    ids = [n.pk for n in digest.notifications]
    Notification.objects.filter(pk__in=ids, email_status=EmailStatus.DIGEST).update(
        email_status=EmailStatus.SENT, emailed_at=now
    )
    try:
        emails.digest_message(digest).send()
    except Exception:
        # Give the digest back so that the retry sends it.
        EmailSettings.objects.filter(pk=user_id, **{day_field: day}).update(
            **{day_field: last_day, at_field: last_sent}
        )
        Notification.objects.filter(pk__in=ids).update(
            email_status=EmailStatus.DIGEST, emailed_at=None
        )
        raise
    return True
