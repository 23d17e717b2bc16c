"""Reads the pages and the API share: already limited to what the viewer may see, and
free of N+1 (each list is a fixed number of queries whatever its length)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from salon.accounts.models import User
from salon.network.models import (
    PAGE_SIZE,
    Answer,
    CoffeePair,
    CoffeeRound,
    Connection,
    ConnectionRequest,
    Conversation,
    ConversationReport,
    CountryNote,
    Introduction,
    Message,
    MessagingSettings,
    NetworkMap,
    NetworkSettings,
    Participant,
    ReportStatus,
    RequestStatus,
    WhoMayMessage,
)


def participant_ids_of(conversation_id: int) -> set[int]:
    return set(
        Participant.objects.filter(conversation_id=conversation_id).values_list(
            "user_id", flat=True
        )
    )


# Conversations ----------------------------------------------------------------------------


def conversation_list_for_user(*, user: Any) -> QuerySet[Conversation]:
    """The person's conversations, latest first, each with ``my_read_up_to``, ``unread``,
    the newest message's text and author, and the people in it (``seats``): three queries
    for any number of conversations."""
    mine = Participant.objects.filter(conversation=OuterRef("pk"), user_id=user.pk)
    last = Message.objects.filter(pk=OuterRef("last_message_id"))
    return (
        Conversation.objects.filter(participants__user_id=user.pk)
        .annotate(
            my_read_up_to=Subquery(mine.values("read_up_to")[:1]),
            last_body=Subquery(last.values("body")[:1]),
            last_author_id=Subquery(last.values("author_id")[:1]),
        )
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("user").order_by("joined_at", "pk"),
                to_attr="seats",
            )
        )
        .order_by("-last_message_at", "-id")
    )


def unread_conversation_count(*, user: Any) -> int:
    """How many of the person's conversations have a message they have not read."""
    return Participant.objects.filter(
        user_id=user.pk, read_up_to__lt=F("conversation__last_message_id")
    ).count()


def seats_of(*, conversation: Conversation) -> list[Participant]:
    return list(
        Participant.objects.filter(conversation=conversation)
        .select_related("user")
        .order_by("joined_at", "pk")
    )


def messages_page(*, conversation: Conversation, before: int | None = None) -> list[Message]:
    """The newest ``PAGE_SIZE`` messages (before the id ``before``), oldest first."""
    qs = Message.objects.filter(conversation=conversation).select_related("author")
    if before:
        qs = qs.filter(pk__lt=before)
    return list(reversed(qs.order_by("-id")[:PAGE_SIZE]))


def messages_after(
    *, conversation: Conversation, message_id: int | None, after: int | None, limit: int
) -> list[Message]:
    qs = Message.objects.filter(conversation=conversation).select_related("author")
    if message_id is not None:
        return list(qs.filter(pk=message_id))
    return list(qs.filter(pk__gt=after or 0).order_by("id")[:limit])


def messages_of(*, conversation: Conversation) -> QuerySet[Message]:
    """For the API's paginated list: newest first."""
    return (
        Message.objects.filter(conversation=conversation).select_related("author").order_by("-id")
    )


def reportable_messages(*, conversation: Conversation) -> list[Message]:
    return messages_page(conversation=conversation)


# Connections ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    person: User
    since: datetime


def connections_of(*, user: Any) -> list[Contact]:
    """The people ``user`` is connected to, by name: one query."""
    rows = (
        Connection.objects.filter(Q(user_low_id=user.pk) | Q(user_high_id=user.pk))
        .select_related("user_low", "user_high")
        .order_by("-created_at")
    )
    contacts = [
        Contact(
            person=row.user_high if row.user_low_id == user.pk else row.user_low,
            since=row.created_at,
        )
        for row in rows
    ]
    return sorted(contacts, key=lambda c: c.person.name.lower())


def connected_ids_of(*, user: Any) -> set[int]:
    rows = Connection.objects.filter(Q(user_low_id=user.pk) | Q(user_high_id=user.pk)).values_list(
        "user_low_id", "user_high_id"
    )
    return {b if a == user.pk else a for a, b in rows}


def requests_received(*, user: Any, status: str = RequestStatus.PENDING) -> list[ConnectionRequest]:
    return list(
        ConnectionRequest.objects.filter(recipient_id=user.pk, status=status)
        .select_related("sender")
        .order_by("-created_at")
    )


def requests_sent(*, user: Any) -> list[ConnectionRequest]:
    """What ``user`` asked and is waiting for (an ignored request still reads "waiting")."""
    return list(
        ConnectionRequest.objects.filter(
            sender_id=user.pk, status__in=[RequestStatus.PENDING, RequestStatus.IGNORED]
        )
        .select_related("recipient")
        .order_by("-created_at")
    )


def pending_request_between(*, sender: Any, recipient: Any) -> ConnectionRequest | None:
    return ConnectionRequest.objects.filter(
        sender_id=sender.pk,
        recipient_id=recipient.pk,
        status__in=[RequestStatus.PENDING, RequestStatus.IGNORED],
    ).first()


# Introductions ----------------------------------------------------------------------------


def introductions_for_user(*, user: Any) -> list[Introduction]:
    """Introductions waiting for ``user``'s answer, and those they made in the last
    while that are still open."""
    return list(
        Introduction.objects.filter(
            Q(first_id=user.pk) | Q(second_id=user.pk) | Q(introducer_id=user.pk),
            completed_at__isnull=True,
        )
        .exclude(first_answer=Answer.DECLINED)
        .exclude(second_answer=Answer.DECLINED)
        .select_related("introducer", "first", "second", "community")
        .order_by("-created_at")
    )


# Moderation -------------------------------------------------------------------------------


def reports_for_community(*, community: Any) -> list[ConversationReport]:
    return list(
        ConversationReport.objects.filter(community=community)
        .select_related("reporter", "resolved_by")
        .order_by("status", "-created_at")[:200]
    )


def open_report_count(*, community: Any) -> int:
    return ConversationReport.objects.filter(community=community, status=ReportStatus.OPEN).count()


def messaging_rule(*, community: Any) -> str:
    row = MessagingSettings.objects.filter(community=community).first()
    return row.who_may_message if row else WhoMayMessage.MEMBERS


def people_by_ids(*, ids: list[int]) -> list[User]:
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("name"))


def community_people(*, community: Any) -> list[User]:
    """Everyone active in ``community``, by name: whom an introducer may choose from."""
    return list(
        User.objects.filter(memberships__community=community, is_active=True)
        .only("pk", "name", "email", "region")
        .order_by("name")
    )


def is_suggestable(*, user: Any) -> bool:
    row = NetworkSettings.objects.filter(user_id=user.pk).first()
    return row.suggestable if row else True


def working_style_of(*, user: Any) -> dict[str, str]:
    row = NetworkSettings.objects.filter(user_id=user.pk).first()
    return {
        "name_pronunciation": row.name_pronunciation if row else "",
        "working_notes": row.working_notes if row else "",
    }


def country_notes_of(*, community: Any) -> list[CountryNote]:
    return list(
        CountryNote.objects.filter(community=community)
        .select_related("updated_by")
        .order_by("country")
    )


def country_note(*, community: Any, country: str) -> CountryNote | None:
    if not country:
        return None
    return CountryNote.objects.filter(community=community, country=country).first()


def coffee_rounds_of(*, community: Any) -> list[CoffeeRound]:
    """The community's rounds, newest first, with how many pairs and how many met."""
    return list(
        CoffeeRound.objects.filter(community=community)
        .annotate(
            pair_count=Count("pairs", distinct=True),
            met_count=Count(
                "pairs", filter=Q(pairs__first_met=True) | Q(pairs__second_met=True), distinct=True
            ),
        )
        .order_by("-created_at")[:12]
    )


def coffee_opted_in(*, user: Any) -> bool:
    row = NetworkSettings.objects.filter(user_id=user.pk).first()
    return bool(row and row.coffee_roulette)


def coffee_pairs_of(*, user: Any, community: Any) -> list[CoffeePair]:
    return list(
        CoffeePair.objects.filter(round__community=community)
        .filter(Q(first=user) | Q(second=user))
        .select_related("round", "first", "second")
        .order_by("-round__created_at")[:6]
    )


@dataclass(frozen=True)
class MapView:
    """What a steward sees of the community's network map: the drawing, who bridges it (for
    directors), and the people of their reach with no tie outside their region yet."""

    drawn: NetworkMap | None
    bridges: list[tuple[User, float]]
    inward: list[User]
    inward_total: int

    @property
    def bubbles(self) -> list[dict[str, Any]]:
        return list(self.drawn.drawing["bubbles"]) if self.drawn else []


INWARD_SHOWN = 24


def network_map_for(*, community: Any, viewer: Any) -> MapView:
    """The community's last drawn map, as ``viewer`` may see it: a director names everyone
    the map names; a facilitator, among people with no tie outside their region, only the
    members of their own circles. A fixed number of queries whatever the size."""
    from salon.communities.models import CircleMembership
    from salon.core.permissions import can

    drawn = NetworkMap.objects.filter(community=community).first()
    if drawn is None:
        return MapView(None, [], [], 0)
    inward = [pk for pk in drawn.inward if pk != viewer.pk]
    if not can(viewer, "network_map.view_bridges", community):
        circles = CircleMembership.objects.filter(
            user_id=viewer.pk, circle__community=community, circle__archived_at__isnull=True
        ).values("circle_id")
        theirs = set(
            CircleMembership.objects.filter(circle_id__in=circles).values_list("user_id", flat=True)
        )
        inward = [pk for pk in inward if pk in theirs]
        scores: dict[int, float] = {}
    else:
        scores = {int(pk): float(score) for pk, score in drawn.bridges}
    shown = inward[:INWARD_SHOWN]
    people = {u.pk: u for u in User.objects.filter(pk__in=[*shown, *scores], is_active=True)}
    return MapView(
        drawn=drawn,
        bridges=[(people[pk], score) for pk, score in scores.items() if pk in people],
        inward=[people[pk] for pk in shown if pk in people],
        inward_total=len(inward),
    )


@dataclass(frozen=True)
class Reach:
    """A member's own network over the last year, across their communities: the people they
    are tied to (the rollups' ties: they interacted), the regions those people are in, and
    how many of the ties are new this quarter."""

    people: int
    new_this_quarter: int
    regions: list[str]  # region codes of the people they are tied to, most people first
    own_region: str

    @property
    def beyond_own(self) -> int:
        return sum(1 for r in self.regions if r != self.own_region)

    @property
    def region_labels(self) -> list[str]:
        from salon.accounts.models import Region

        return [str(Region(r).label) if r in Region.values else r for r in self.regions]


def reach_of(*, user: Any, today: Any = None) -> Reach:
    """Two queries whatever the size of the network."""
    from datetime import timedelta

    from django.db.models import Max, Min
    from django.utils import timezone

    from salon.analytics.models import DailyTie

    today = today or timezone.now().date()
    ties = (
        DailyTie.objects.filter(Q(low_id=user.pk) | Q(high_id=user.pk))
        .values("low_id", "high_id")
        .annotate(first=Min("day"), last=Max("day"))
        .order_by()
    )
    year_ago, quarter_ago = today - timedelta(days=365), today - timedelta(days=90)
    first_of: dict[int, Any] = {}
    for row in ties:
        if row["last"] < year_ago:
            continue
        other = row["high_id"] if row["low_id"] == user.pk else row["low_id"]
        first_of[other] = min(row["first"], first_of.get(other, row["first"]))
    counts: dict[str, int] = {}
    for region in User.objects.filter(pk__in=first_of, is_active=True).values_list(
        "region", flat=True
    ):
        if region:
            counts[region] = counts.get(region, 0) + 1
    return Reach(
        people=len(first_of),
        new_this_quarter=sum(1 for day in first_of.values() if day >= quarter_ago),
        regions=sorted(counts, key=lambda r: (-counts[r], r)),
        own_region=user.region,
    )
