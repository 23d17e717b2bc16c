"""Coffee roulette: a community's stewards start a round; members who opted in are paired
across regions (never twice the same pair, never people already connected or blocked), each
pair at a time the fair planner finds in both working weeks; afterwards each says whether
they met."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.accounts.models import Block, User
from salon.communities.models import PARTICIPANT_ROLES
from salon.core.audit import audit
from salon.core.permissions import require
from salon.events import planner
from salon.events.planning import participant_of
from salon.network import notifications as notices
from salon.network import roulette
from salon.network.models import CoffeePair, CoffeeRound, Connection, NetworkSettings

MEETING = timedelta(minutes=30)
SHORTEST = 2  # days from today to "meet by"
LONGEST = 60
# The planner offers this many varied times per pair; the fairest across rounds is taken.
CHOICES = 12
# One pair's time counts at most this much against the person who bore it.
NIGHT = 20.0


@transaction.atomic
def coffee_roulette_choose(*, actor: Any, join: bool) -> None:
    """Whether ``actor`` is paired in their communities' rounds."""
    require(actor, "profile.edit", actor)
    NetworkSettings.objects.update_or_create(user=actor, defaults={"coffee_roulette": join})
    audit("network.coffee_roulette.chosen", actor=actor, target=actor, join=join)


def fair_time(
    a: Any, b: Any, *, first: date, last: date, carried: Mapping[int, float] | None = None
) -> datetime | None:
    """The planner's fairest half hour for two people from ``first`` to ``last`` (UTC
    days), on their own working weeks and away from their public holidays, weighing what
    each ``carried`` in earlier rounds (``roulette.fairest``)."""
    between = (first - timedelta(days=1), last + timedelta(days=1))
    people = [participant_of(a, between=between)[0], participant_of(b, between=between)[0]]
    slots = planner.plan_slots(
        people,
        start=datetime.combine(first, time(0), UTC),
        end=datetime.combine(last, time(0), UTC),
        duration=MEETING,
        limit=CHOICES,
        distinct=True,
    )
    best = roulette.fairest(slots, carried or {})
    return best.start if best else None


def carried_by(people: list[Any], *, today: date) -> dict[int, float]:
    """What each of ``people`` bore in their coffee pairs of the last year: the planner's
    out-of-hours cost of each pair's time for them (a night counts as much as it may, once),
    on their working day as it is now."""
    ids = {p.pk for p in people}
    since = datetime.combine(today - timedelta(days=365), time(0), UTC)
    carried: dict[int, float] = {}
    rows = CoffeePair.objects.filter(
        Q(first_id__in=ids) | Q(second_id__in=ids), starts_at__gte=since
    ).values_list("first_id", "second_id", "starts_at")
    as_planned = {p.pk: participant_of(p)[0] for p in people}
    for first_id, second_id, starts_at in rows:
        if starts_at is None:  # never, given the filter; for the type checker
            continue
        for pid in (first_id, second_id):
            if pid in as_planned:
                cost = planner.inconvenience(as_planned[pid], starts_at, MEETING)
                carried[pid] = carried.get(pid, 0.0) + min(cost, NIGHT)
    return carried


@transaction.atomic
def coffee_round_start(*, actor: Any, community: Any, meet_by: date) -> CoffeeRound:
    require(actor, "coffee_round.start", community)
    today = timezone.localdate()
    if not today + timedelta(days=SHORTEST) <= meet_by <= today + timedelta(days=LONGEST):
        raise ValidationError(
            _("Give the pairs between %(low)d and %(high)d days to meet.")
            % {"low": SHORTEST, "high": LONGEST}
        )
    people = list(
        User.objects.filter(
            is_active=True,
            memberships__community=community,
            memberships__role__in=PARTICIPANT_ROLES,
            network_settings__coffee_roulette=True,
        )
        .only("pk", "name", "timezone", "work_start", "work_end", "region", "country")
        .order_by("pk")
    )
    if len(people) < 2:
        raise ValidationError(_("Fewer than two members have asked to be paired yet."))
    ids = [p.pk for p in people]
    avoid = set(
        CoffeePair.objects.filter(round__community=community).values_list("first_id", "second_id")
    )
    avoid |= set(
        Connection.objects.filter(user_low_id__in=ids, user_high_id__in=ids).values_list(
            "user_low_id", "user_high_id"
        )
    )
    avoid |= set(
        Block.objects.filter(blocker_id__in=ids, blocked_id__in=ids).values_list(
            "blocker_id", "blocked_id"
        )
    )
    pairs = roulette.pair(
        [roulette.Person(p.pk, p.region or "") for p in people],
        avoid=avoid,
        seed=CoffeeRound.objects.filter(community=community).count(),
    )
    by_id = {p.pk: p for p in people}
    carried = carried_by(people, today=today)
    coffee_round = CoffeeRound.objects.create(
        community=community,
        meet_by=meet_by,
        created_by=actor,
        unpaired=len(people) - 2 * len(pairs),
    )
    CoffeePair.objects.bulk_create(
        CoffeePair(
            round=coffee_round,
            first_id=a,
            second_id=b,
            starts_at=fair_time(
                by_id[a], by_id[b], first=today + timedelta(days=1), last=meet_by, carried=carried
            ),
        )
        for a, b in pairs
    )
    audit(
        "network.coffee_round.started",
        actor=actor,
        target=coffee_round,
        community=community,
        pairs=len(pairs),
        unpaired=coffee_round.unpaired,
    )
    transaction.on_commit(lambda: notices.coffee_paired(round_id=coffee_round.pk), robust=True)
    return coffee_round


@transaction.atomic
def coffee_pair_answer(*, actor: Any, pair: CoffeePair, met: bool) -> CoffeePair:
    """One side says whether the conversation happened (they may change their answer)."""
    require(actor, "coffee_pair.answer", pair)
    field = "first_met" if pair.first_id == actor.pk else "second_met"
    CoffeePair.objects.filter(pk=pair.pk).update(**{field: met})
    setattr(pair, field, met)
    audit(
        "network.coffee_pair.answered",
        actor=actor,
        target=pair,
        community=pair.round.community,
        met=met,
    )
    return pair
