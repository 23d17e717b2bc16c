"""Every write of feedback between members: asking named people for feedback on a
situation, answering, giving feedback unasked, sharing it with one's mentor, the
community's settings, and sharing one's growth timeline. Each asks the policy, is atomic,
audited (``feedback.<entity>.<past verb>``), and notifies after commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salon.accounts.models import User
from salon.communities.models import PARTICIPANT_ROLES, Membership
from salon.core import search
from salon.core.audit import audit
from salon.core.errors import Conflict
from salon.core.permissions import require
from salon.feedback.models import (
    FeedbackRequest,
    GrowthShare,
    PeerFeedback,
    PeerFeedbackState,
    PeerSettings,
)
from salon.feedback.notifications import peer as notices
from salon.goals.cleaning import clean_line, clean_text

# How far back the weekly cap counts: a rolling week.
WEEK = timedelta(days=7)
MAX_RECIPIENTS = 10


class RequestCapReached(Conflict):
    """Someone asked has received as many requests this week as the community allows;
    nothing was written (the API answers 409)."""


def _situation(text: str) -> str:
    return clean_line(text, label=_("The situation"), max_length=500)


def _competency(community: Any, competency: Any) -> Any:
    if competency is not None and competency.community_id != community.pk:
        raise ValidationError(_("Choose a competency of this community's framework."))
    return competency


def _recipients(actor: Any, community: Any, people: Sequence[Any]) -> list[int]:
    ids = sorted({getattr(p, "pk", p) for p in people} - {actor.pk})
    if not ids:
        raise ValidationError(_("Choose at least one person to ask."))
    if len(ids) > MAX_RECIPIENTS:
        raise ValidationError(_("Ask at most %(n)d people at a time.") % {"n": MAX_RECIPIENTS})
    members = set(
        Membership.objects.filter(
            community=community, user_id__in=ids, role__in=PARTICIPANT_ROLES, user__is_active=True
        ).values_list("user_id", flat=True)
    )
    if members != set(ids):
        raise ValidationError(_("You can ask only members of this community."))
    return ids


def requests_received_since(user_ids: Sequence[int], since: datetime) -> dict[int, int]:
    """How many feedback requests each person received since ``since``."""
    counts: dict[int, int] = {}
    rows = PeerFeedback.objects.filter(
        giver_id__in=user_ids, request__isnull=False, created_at__gte=since
    ).values_list("giver_id", flat=True)
    for giver_id in rows:
        counts[giver_id] = counts.get(giver_id, 0) + 1
    return counts


def _refuse_full(community: Any, full: list[int], since: datetime) -> RequestCapReached:
    people = User.objects.filter(pk__in=full).order_by("name", "pk")
    oldest = PeerFeedback.objects.filter(
        giver_id__in=full, request__isnull=False, created_at__gte=since
    ).aggregate(first=Min("created_at"))["first"]
    again = date_format(timezone.localtime(oldest + WEEK), "DAY_MONTH") if oldest else ""
    names = ", ".join(p.display_name for p in people)
    return RequestCapReached(
        ngettext(
            "%(names)s has had as many feedback requests this week as this community "
            "asks of anyone. Please wait and ask again from %(date)s; nothing was sent.",
            "%(names)s have had as many feedback requests this week as this community "
            "asks of anyone. Please wait and ask again from %(date)s; nothing was sent.",
            len(full),
        )
        % {"names": names, "date": again}
    )


@transaction.atomic
def feedback_request_create(
    *,
    actor: Any,
    community: Any,
    recipients: Sequence[Any],
    situation: str,
    competency: Any = None,
) -> FeedbackRequest:
    """Ask named members for feedback on a situation. Refused as a whole, kindly, when
    anyone asked has reached the community's weekly number of requests.

    The rows of the people asked are locked (in id order, so two requests never wait on
    each other) before their requests are counted: two people asking the same person at
    once are counted one after the other, on PostgreSQL as on SQLite (whose transactions
    are serialised by ``BEGIN IMMEDIATE``)."""
    require(actor, "feedback.take_part", community)
    situation = _situation(situation)
    competency = _competency(community, competency)
    ids = _recipients(actor, community, recipients)
    list(User.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    cap = PeerSettings.for_community(community).requests_per_week
    since = timezone.now() - WEEK
    counts = requests_received_since(ids, since)
    full = [pk for pk in ids if counts.get(pk, 0) >= cap]
    if full:
        raise _refuse_full(community, full, since)
    request = FeedbackRequest.objects.create(
        community=community, requester=actor, situation=situation, competency=competency
    )
    PeerFeedback.objects.bulk_create(
        PeerFeedback(
            community=community,
            request=request,
            giver_id=pk,
            receiver=actor,
            competency=competency,
            situation=situation,
        )
        for pk in ids
    )
    audit("feedback.request.created", actor=actor, target=request, asked=len(ids))
    transaction.on_commit(lambda: notices.requested(request_id=request.pk), robust=True)
    return request


def _sbi(behaviour: str, impact: str) -> tuple[str, str]:
    return (
        clean_text(behaviour, label=_("What they did"), max_length=2000),
        clean_text(impact, label=_("The impact"), max_length=2000),
    )


@transaction.atomic
def peer_feedback_answer(
    *, actor: Any, feedback: PeerFeedback, behaviour: str, impact: str
) -> PeerFeedback:
    """Answer a request in the situation–behaviour–impact form. A request answered (or
    declined) a moment ago in another tab is refused, not overwritten."""
    require(actor, "peer_feedback.answer", feedback)
    behaviour, impact = _sbi(behaviour, impact)
    now = timezone.now()
    answered = PeerFeedback.objects.filter(pk=feedback.pk, state=PeerFeedbackState.ASKED).update(
        behaviour=behaviour, impact=impact, state=PeerFeedbackState.GIVEN, given_at=now
    )
    if not answered:
        raise ValidationError(_("You have already answered this request."))
    feedback.behaviour, feedback.impact = behaviour, impact
    feedback.state, feedback.given_at = PeerFeedbackState.GIVEN, now
    search.index(feedback)  # an UPDATE sends no signal; given, it becomes findable
    audit("feedback.request.answered", actor=actor, target=feedback)
    transaction.on_commit(lambda: notices.received(feedback_id=feedback.pk), robust=True)
    return feedback


@transaction.atomic
def peer_feedback_decline(*, actor: Any, feedback: PeerFeedback) -> PeerFeedback:
    require(actor, "peer_feedback.answer", feedback)
    PeerFeedback.objects.filter(pk=feedback.pk, state=PeerFeedbackState.ASKED).update(
        state=PeerFeedbackState.DECLINED
    )
    feedback.state = PeerFeedbackState.DECLINED
    audit("feedback.request.declined", actor=actor, target=feedback)
    return feedback


@transaction.atomic
def peer_feedback_give(
    *,
    actor: Any,
    community: Any,
    receiver: Any,
    situation: str,
    behaviour: str,
    impact: str,
    competency: Any = None,
) -> PeerFeedback:
    """Feedback given without being asked, in the same form (it counts towards no cap)."""
    require(actor, "feedback.take_part", community)
    situation = _situation(situation)
    behaviour, impact = _sbi(behaviour, impact)
    competency = _competency(community, competency)
    (receiver_id,) = _recipients(actor, community, [receiver])
    feedback = PeerFeedback.objects.create(
        community=community,
        giver=actor,
        receiver_id=receiver_id,
        competency=competency,
        situation=situation,
        behaviour=behaviour,
        impact=impact,
        state=PeerFeedbackState.GIVEN,
        given_at=timezone.now(),
    )
    audit("feedback.peer_feedback.given", actor=actor, target=feedback)
    transaction.on_commit(lambda: notices.received(feedback_id=feedback.pk), robust=True)
    return feedback


@transaction.atomic
def peer_feedback_share(*, actor: Any, feedback: PeerFeedback, shared: bool) -> PeerFeedback:
    """The receiver shares what they received with their mentor, or stops sharing it."""
    require(actor, "peer_feedback.share", feedback)
    was_shared = feedback.shared_with_mentor_at is not None
    if was_shared == shared:
        return feedback
    feedback.shared_with_mentor_at = timezone.now() if shared else None
    feedback.save(update_fields=["shared_with_mentor_at"])
    audit(
        "feedback.peer_feedback.shared" if shared else "feedback.peer_feedback.unshared",
        actor=actor,
        target=feedback,
    )
    if shared:
        transaction.on_commit(lambda: notices.shared(feedback_id=feedback.pk), robust=True)
    return feedback


@transaction.atomic
def peer_settings_update(
    *, actor: Any, community: Any, requests_per_week: int, praise_on_home: bool
) -> PeerSettings:
    require(actor, "peer_feedback.configure", community)
    if not 1 <= requests_per_week <= 20:
        raise ValidationError(_("Allow from 1 to 20 requests a week."))
    found, _created = PeerSettings.objects.update_or_create(
        community=community,
        defaults={"requests_per_week": requests_per_week, "praise_on_home": praise_on_home},
    )
    audit(
        "feedback.settings.updated",
        actor=actor,
        target=community,
        requests_per_week=requests_per_week,
        praise_on_home=praise_on_home,
    )
    return found


@transaction.atomic
def growth_share(*, actor: Any, viewer: Any, shared: bool) -> bool:
    """Let ``viewer`` (who shares a community with the actor) read the actor's growth
    timeline, or stop."""
    require(actor, "growth.view", actor)
    if viewer.pk == actor.pk:
        raise ValidationError(_("Your growth timeline is always yours to read."))
    theirs = set(Membership.objects.filter(user=viewer).values_list("community_id", flat=True))
    mine = set(Membership.objects.filter(user=actor).values_list("community_id", flat=True))
    if not theirs & mine:
        raise ValidationError(_("You can share it only with someone in one of your communities."))
    if shared:
        GrowthShare.objects.get_or_create(owner=actor, viewer=viewer)
    else:
        GrowthShare.objects.filter(owner=actor, viewer=viewer).delete()
    audit(
        "feedback.growth.shared" if shared else "feedback.growth.unshared",
        actor=actor,
        target=viewer,
    )
    return shared


@transaction.atomic
def peer_feedback_goal_create(*, actor: Any, feedback: PeerFeedback) -> Any:
    """Turn feedback received into a development goal on its competency, shared with the
    receiver's mentor; the goal then appears on the growth timeline next to the feedback."""
    from salon.goals.models import GoalVisibility
    from salon.goals.services.goals import goal_create

    require(actor, "peer_feedback.share", feedback)
    if feedback.goal_id is not None:
        raise ValidationError(_("You already set a goal from this feedback."))
    if feedback.competency is None:
        raise ValidationError(
            _("This feedback names no competency: set your goal from the goals page.")
        )
    goal = goal_create(
        owner=actor,
        community=feedback.community,
        competency=feedback.competency,
        title=clean_line(
            _("Act on feedback: %(situation)s") % {"situation": feedback.situation},
            label=_("The goal"),
            max_length=200,
        )
        if len(feedback.situation) < 170
        else _("Act on feedback about %(competency)s") % {"competency": feedback.competency},
        success_looks_like=_("The next feedback on a situation like this shows the change."),
        visibility=GoalVisibility.MENTOR,
    )
    feedback.goal = goal
    feedback.save(update_fields=["goal"])
    audit("feedback.peer_feedback.goal_set", actor=actor, target=feedback, goal=goal.pk)
    return goal
