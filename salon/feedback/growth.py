"""A member's growth timeline: praise, feedback received, goals made from feedback,
mentoring milestones and (from the 360 side) cycles and ratings, newest first.

Each kind of entry comes from a *source*: a function ``(owner, viewer) -> list[Entry]``
that costs a fixed number of queries whatever the history's length. The 360 cycles add
theirs with ``register_source`` (see docs/feedback.md, "Growth timeline"). Whoever reads
someone else's timeline (they shared it) sees only what they could see anyway or what the
owner shared with them: feedback the owner shared with their mentor, praise in circles the
viewer may see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _

from salon.feedback.models import GrowthShare, PeerFeedback, PeerFeedbackState, Praise
from salon.feedback.selectors.peer import praise_visibility


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str  # praise, feedback, goal, mentoring, cycle
    title: str
    detail: str = ""
    url: str = ""
    competency: str = ""


@dataclass(frozen=True)
class RatingPoint:
    """One competency's mean rating from others in one 360 cycle, with its noise band
    (the change smaller than which is not called real), for the ratings-over-time chart."""

    at: datetime
    competency: str
    mean: float
    band: float


@dataclass
class Timeline:
    entries: list[Entry]
    ratings: list[RatingPoint] = field(default_factory=list)


Source = Callable[[Any, Any], list[Entry]]
RatingSource = Callable[[Any, Any], list[RatingPoint]]
_SOURCES: list[Source] = []
_RATING_SOURCES: list[RatingSource] = []


def register_source(source: Source) -> Source:
    _SOURCES.append(source)
    return source


def register_rating_source(source: RatingSource) -> RatingSource:
    _RATING_SOURCES.append(source)
    return source


@register_source
def _praise(owner: Any, viewer: Any) -> list[Entry]:
    qs = Praise.objects.filter(receiver_id=owner.pk).select_related("giver", "competency")
    if viewer.pk != owner.pk:
        qs = qs.filter(praise_visibility(user=viewer))
    return [
        Entry(
            at=p.created_at,
            kind="praise",
            title=_("%(giver)s praised you") % {"giver": p.giver.display_name},
            detail=p.message,
            competency=p.competency.name,
        )
        for p in qs
    ]


@register_source
def _feedback(owner: Any, viewer: Any) -> list[Entry]:
    qs = PeerFeedback.objects.filter(
        receiver_id=owner.pk, state=PeerFeedbackState.GIVEN
    ).select_related("giver", "competency", "goal")
    if viewer.pk != owner.pk:
        qs = qs.filter(shared_with_mentor_at__isnull=False)
    entries = []
    for fb in qs:
        assert fb.given_at is not None
        entries.append(
            Entry(
                at=fb.given_at,
                kind="feedback",
                title=_("Feedback from %(giver)s on “%(situation)s”")
                % {"giver": fb.giver.display_name, "situation": fb.situation},
                detail=fb.behaviour,
                url=fb.get_absolute_url(),
                competency=fb.competency.name if fb.competency else "",
            )
        )
        if fb.goal is not None:
            entries.append(
                Entry(
                    at=fb.goal.created_at,
                    kind="goal",
                    title=_("Goal set from feedback: %(title)s") % {"title": fb.goal.title},
                    url=fb.goal.get_absolute_url(),
                    competency=fb.competency.name if fb.competency else "",
                )
            )
    return entries


@register_source
def _mentoring(owner: Any, viewer: Any) -> list[Entry]:
    from salon.mentoring.models import Mentorship

    mentorships = (
        Mentorship.objects.filter(mentee_id=owner.pk)
        .select_related("mentor", "programme")
        .annotate(session_count=Count("sessions"))
    )
    entries = []
    for m in mentorships:
        entries.append(
            Entry(
                at=m.started_at,
                kind="mentoring",
                title=_("Mentoring with %(mentor)s began") % {"mentor": m.mentor.display_name},
                detail=m.programme.name,
            )
        )
        if m.ended_at is not None:
            entries.append(
                Entry(
                    at=m.ended_at,
                    kind="mentoring",
                    title=_("Mentoring with %(mentor)s ended after %(n)d sessions")
                    % {"mentor": m.mentor.display_name, "n": m.session_count},
                    detail=m.programme.name,
                )
            )
    return entries


@register_source
def _cycles(owner: Any, viewer: Any) -> list[Entry]:
    """Each closed 360 cycle the member was reviewed in, linking to their report. Only the
    member sees these here: who else reads a report is the report's own rule."""
    if viewer.pk != owner.pk:
        return []
    from salon.feedback.models import CycleStatus, Participant

    taken_part = Participant.objects.filter(
        person_id=owner.pk, cycle__status=CycleStatus.CLOSED
    ).select_related("cycle")
    return [
        Entry(
            at=p.cycle.closed_at or p.cycle.created_at,
            kind="cycle",
            title=_("360° feedback closed: %(title)s") % {"title": p.cycle.title},
            url=_report_url(p),
        )
        for p in taken_part
    ]


def _report_url(participant: Any) -> str:
    try:
        return str(participant.get_absolute_url())
    except NoReverseMatch:  # the report pages are not routed
        return ""


def timeline_for(*, owner: Any, viewer: Any) -> Timeline:
    """The timeline ``viewer`` may read (the caller checked ``growth.view``)."""
    entries = [entry for source in _SOURCES for entry in source(owner, viewer)]
    entries.sort(key=lambda e: e.at, reverse=True)
    ratings = [point for source in _RATING_SOURCES for point in source(owner, viewer)]
    return Timeline(entries=entries, ratings=ratings)


def shared_with(*, owner: Any) -> list[Any]:
    return [
        share.viewer
        for share in GrowthShare.objects.filter(owner_id=owner.pk).select_related("viewer")
    ]


def shared_with_me(*, viewer: Any) -> list[Any]:
    return [
        share.owner
        for share in GrowthShare.objects.filter(viewer_id=viewer.pk).select_related("owner")
    ]
