"""Reads for "For you": the member's signals and candidates from the database, ranked by
the pure ``recommend.rank``. A fixed number of queries, whatever the library's size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salon.communities.models import CircleMembership
from salon.resources import recommend
from salon.resources.models import (
    HiddenRecommendation,
    Mark,
    MarkKind,
    PathEnrolment,
    PathStatus,
    ResourceStatus,
)
from salon.resources.selectors import visible_paths, visible_resources

CANDIDATES = 300


@dataclass(frozen=True)
class ForYou:
    kind: str
    item: Any  # a Resource or a LearningPath
    reason: str
    score: float


def reason_text(reason: recommend.Reason) -> str:
    if reason.kind == "goal":
        return _("Because your goal “%(goal)s” is about %(competency)s") % {
            "goal": reason.goal,
            "competency": reason.competency,
        }
    if reason.kind == "gap":
        return _("Because your feedback suggests working on %(competency)s") % {
            "competency": reason.competency
        }
    if reason.kind == "peers":
        return ngettext(
            "%(n)s person in your circles found it useful",
            "%(n)s people in your circles found it useful",
            reason.peers,
        ) % {"n": reason.peers}
    return _("Popular in the library")


FEEDBACK_REPORTS = 3  # the member's most recent 360° reports read for gaps


def feedback_gaps(user: Any, community: Any) -> dict[int, tuple[str, float]]:
    """Competencies the member's latest 360° reports flag as blind spots (raters see less
    than the member does, by more than a third of the scale): competency id → (name,
    weight). Read from the report as the member sees it, so only what passed the
    anonymity threshold counts; a newer report's word wins over an older one's."""
    from salon.feedback.report import gap_limit
    from salon.feedback.selectors.cycles import report_view, reports_for

    gaps: dict[int, tuple[str, float]] = {}
    for participant in reports_for(user, community=community)[:FEEDBACK_REPORTS]:
        view = report_view(participant)
        limit = gap_limit(view.report.points)
        for row in view.report.competencies:
            if row.gap is None or row.flag != "blind_spot" or row.competency in gaps:
                continue
            competency = view.competencies.get(row.competency)
            if competency is not None:
                gaps[competency.pk] = (competency.name, min(1.0, -row.gap / limit))
    return gaps


def _signals(user: Any, community: Any, *, with_feedback: bool = False) -> recommend.Signals:
    from salon.goals.models import Goal, GoalStatus

    goals = Goal.objects.filter(owner_id=user.pk, status=GoalStatus.ACTIVE).select_related(
        "competency"
    )
    if community is not None:
        goals = goals.filter(community=community)
    return recommend.Signals(
        goals=[recommend.Goal(g.title, g.competency_id, g.competency.name) for g in goals],
        gaps=feedback_gaps(user, community) if with_feedback else {},
    )


def recommendations_for(
    *, user: Any, community: Any = None, limit: int = 10, with_feedback: bool = False
) -> list[ForYou]:
    """``with_feedback`` adds the gaps of the member's 360° reports (a few queries more
    per report: the digest and the API ask for it; the home page and the library, which
    keep a fixed query budget, rank from goals and peers)."""
    signals = _signals(user, community, with_feedback=with_feedback)
    competency_ids = {g.competency_id for g in signals.goals} | set(signals.gaps)
    peers = (
        CircleMembership.objects.filter(
            circle__in=CircleMembership.objects.filter(user_id=user.pk).values("circle_id")
        )
        .exclude(user_id=user.pk)
        .values("user_id")
    )
    resources = visible_resources(user=user).filter(status=ResourceStatus.PUBLISHED)
    if community is not None:
        resources = resources.filter(community=community)
    useful = Q(marks__kind=MarkKind.USEFUL)
    # What the member did or hid is left out in SQL (one query, not three lists).
    resources = resources.exclude(
        Exists(Mark.objects.filter(resource=OuterRef("pk"), user_id=user.pk, kind=MarkKind.DONE))
    ).exclude(
        Exists(
            HiddenRecommendation.objects.filter(
                user_id=user.pk, kind="resource", object_id=OuterRef("pk")
            )
        )
    )
    ranked_qs = (
        resources.filter(Q(competencies__in=competency_ids) | Q(marks__kind=MarkKind.USEFUL))
        .annotate(
            peer_useful=Count("marks", filter=useful & Q(marks__user_id__in=peers), distinct=True),
            useful=Count("marks", filter=useful, distinct=True),
        )
        .select_related("community")
        .prefetch_related("competencies")
        .order_by("-peer_useful", "-useful", "-pk")[:CANDIDATES]
    )
    by_key: dict[tuple[str, int], Any] = {}
    candidates = []
    for r in ranked_qs:
        by_key[("resource", r.pk)] = r
        candidates.append(
            recommend.Candidate(
                "resource",
                r.pk,
                r.title,
                frozenset(c.pk for c in r.competencies.all()),
                r.peer_useful,
                r.useful,
            )
        )
    paths = visible_paths(user=user).filter(
        status=PathStatus.PUBLISHED, competencies__in=competency_ids
    )
    if community is not None:
        paths = paths.filter(community=community)
    paths = paths.exclude(
        Exists(
            PathEnrolment.objects.filter(
                path=OuterRef("pk"), user_id=user.pk, completed_at__isnull=False
            )
        )
    ).exclude(
        Exists(
            HiddenRecommendation.objects.filter(
                user_id=user.pk, kind="path", object_id=OuterRef("pk")
            )
        )
    )
    for p in paths.distinct().select_related("community").prefetch_related("competencies")[:50]:
        by_key[("path", p.pk)] = p
        candidates.append(
            recommend.Candidate(
                "path", p.pk, p.title, frozenset(c.pk for c in p.competencies.all())
            )
        )
    return [
        ForYou(
            kind=rec.candidate.kind,
            item=by_key[(rec.candidate.kind, rec.candidate.id)],
            reason=reason_text(rec.reason),
            score=rec.score,
        )
        for rec in recommend.rank(candidates, signals, limit=limit)
    ]
