"""Reads of objectives and goals, already filtered by what the viewer may see and free of
N+1: the same rules as ``rules.py``, written as SQL filters for lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from salon.communities.models import (
    PARTICIPANT_ROLES,
    Circle,
    CircleMembership,
    Community,
    Membership,
    Role,
)
from salon.communities.roles import membership_of, memberships_of
from salon.communities.selectors import circle_visibility
from salon.core import anonymity
from salon.goals.models import (
    Behaviour,
    CheckIn,
    Competency,
    Encouragement,
    EncouragementKind,
    FrameworkVersion,
    Goal,
    GoalStatus,
    GoalVisibility,
    KeyResult,
    KeyResultKind,
    KeyResultRevision,
    KeyResultUpdate,
    Objective,
)
from salon.goals.progress import histogram, mean_progress
from salon.goals.relations import mentees_of

# How many of a key result's latest updates the objectives page shows.
HISTORY_SHOWN = 10
# Roles whose members the overview expects to have goals (stewards run the programme).
GOAL_SETTER_ROLES = (Role.MEMBER, Role.MENTOR, Role.EXPERT)
# Names listed under "members without goals"; the count is always complete.
NAMES_SHOWN = 100


def _role(user: Any, community: Community) -> str | None:
    membership = membership_of(user, community)
    return membership.role if membership else None


# Objectives -------------------------------------------------------------------------------


def visible_objectives(*, user: Any, community: Community) -> QuerySet[Objective]:
    """``objective.view`` as a filter: community-wide objectives for anyone with a role,
    a circle's for those who may see the circle (stewards all; guests only their own)."""
    role = _role(user, community)
    qs = Objective.objects.filter(community=community)
    if role is None:
        return qs.none()
    return qs.filter(Q(circle__isnull=True) | circle_visibility(user=user, field="circle"))


def objectives_for(
    *, user: Any, community: Community, archived: bool = False, history: bool = True
) -> list[Objective]:
    """The objectives page: each objective with its key results (and their latest updates),
    its ``progress`` (0–1, or None without key results). Three or four queries."""
    key_results: QuerySet[KeyResult] = KeyResult.objects.order_by("position", "pk")
    if history:
        latest = KeyResultUpdate.objects.select_related("by").order_by("-at", "-pk")
        key_results = key_results.prefetch_related(
            Prefetch("updates", queryset=latest[:HISTORY_SHOWN], to_attr="latest_updates")
        )
    in_circle = CircleMembership.objects.filter(circle_id=OuterRef("circle_id"), user_id=user.pk)
    objectives: list[Objective] = list(
        visible_objectives(user=user, community=community)
        .filter(archived_at__isnull=not archived)
        .annotate(viewer_in_circle=Exists(in_circle))
        .select_related("owner", "circle")
        .prefetch_related(Prefetch("key_results", queryset=key_results, to_attr="krs"))
        .order_by("-starts_on", "title", "pk")
    )
    for objective in objectives:
        objective.community = community
        if objective.circle is not None:
            # What ``circle.view`` asks, so the policy answers without a query per objective.
            objective.circle.community = community
            objective.circle.viewer_is_member = objective.viewer_in_circle  # type: ignore[attr-defined]
        with_progress(objective)
    return objectives


def with_progress(objective: Objective) -> Objective:
    krs = getattr(objective, "krs", None)
    if krs is None:
        krs = list(objective.key_results.order_by("position", "pk"))
        objective.krs = krs  # type: ignore[attr-defined]
    for kr in krs:
        kr.objective = objective
    objective.progress = mean_progress(kr.progress for kr in krs)  # type: ignore[attr-defined]
    return objective


def key_result_revisions(*, key_result: KeyResult) -> list[KeyResultRevision]:
    """Every change to a key result's definition, latest first, with who made it; each
    with ``rows``: (what, before, after) as people read them."""
    revisions = list(key_result.revisions.select_related("by").order_by("-at", "-pk"))
    for revision in revisions:
        revision.rows = [  # type: ignore[attr-defined]
            (
                str(_FIELD_LABELS.get(name, name)),
                _readable(name, before),
                _readable(name, after),
            )
            for name, (before, after) in sorted(revision.changes.items())
        ]
    return revisions


# Lazy labels, translated when shown.
_FIELD_LABELS: dict[str, Any] = {
    field.name: field.verbose_name for field in KeyResult._meta.concrete_fields
}


def _readable(name: str, value: str) -> str:
    if value == "":
        return "—"
    if name == "kind" and value in KeyResultKind.values:
        return str(KeyResultKind(value).label)
    if name in ("baseline", "target", "current"):
        return value.removesuffix(".00")
    return value


def objective_choices(*, user: Any, community: Community) -> QuerySet[Objective]:
    """Objectives a member may link a goal to: the open ones they can see."""
    return visible_objectives(user=user, community=community).filter(archived_at__isnull=True)


# Competencies -----------------------------------------------------------------------------


def competencies_of(*, community: Community, retired: bool = False) -> QuerySet[Competency]:
    qs = Competency.objects.filter(community=community)
    return qs if retired else qs.filter(retired_at__isnull=True)


@dataclass(frozen=True)
class Framework:
    """A community's competency framework as everyone reads it: each competency with its
    ``active_behaviours`` (ordered) and ``levels`` (first to highest) already loaded."""

    version: FrameworkVersion | None
    competencies: list[Competency]

    @property
    def number(self) -> int:
        return self.version.number if self.version else 0

    def by_id(self) -> dict[int, Competency]:
        return {c.pk: c for c in self.competencies}

    def behaviours(self) -> list[Behaviour]:
        return [b for c in self.competencies for b in c.active_behaviours]  # type: ignore[attr-defined]


def framework_for(community: Community, *, retired: bool = False) -> Framework:
    """The framework goals, mentoring, 360 and resources read: four queries whatever its
    size (the version, the competencies, their behaviours, their levels)."""
    competencies: list[Competency] = list(
        competencies_of(community=community, retired=retired).prefetch_related(
            Prefetch(
                "behaviours",
                queryset=Behaviour.objects.filter(retired_at__isnull=True),
                to_attr="active_behaviours",
            ),
            "levels",
        )
    )
    version = FrameworkVersion.objects.filter(community=community).first()
    return Framework(version=version, competencies=competencies)


def framework_history(*, community: Community, limit: int = 10) -> list[FrameworkVersion]:
    return list(
        FrameworkVersion.objects.filter(community=community).select_related("changed_by")[:limit]
    )


# Goals ------------------------------------------------------------------------------------


def goal_view_filter(user: Any, community: Community | None = None) -> Q:
    """``goal.view`` as a filter on goals: of one community, or of every community (for
    search). Read from the live goals, memberships, circles and mentoring relations, so
    whoever asks gets today's answer without anything being reindexed."""
    own = Q(owner_id=user.pk)
    memberships = memberships_of(user)
    if community is not None:
        found = memberships.get(community.pk)
        memberships = {community.pk: found} if found is not None else {}
    if not memberships:
        return own
    everywhere = list(memberships)
    participant = [cid for cid, m in memberships.items() if m.role in PARTICIPANT_ROLES]
    my_circles = CircleMembership.objects.filter(user_id=user.pk).values("circle_id")
    # The accountability partner, and the members of the circle a goal is shared with,
    # while they have a role in its community.
    shown = own | (
        Q(community_id__in=everywhere)
        & (Q(partner_id=user.pk) | Q(visibility=GoalVisibility.CIRCLE, circle_id__in=my_circles))
    )
    if participant:
        shown |= Q(community_id__in=participant, visibility=GoalVisibility.COMMUNITY)
    for community_id in everywhere:
        mentees = mentees_of(user, community_id)
        if mentees:
            shown |= Q(
                community_id=community_id,
                visibility=GoalVisibility.MENTOR,
                owner_id__in=sorted(mentees),
            )
    return shown


def visible_goals(*, user: Any, community: Community) -> QuerySet[Goal]:
    """``goal.view`` as a filter, for the goals of one community."""
    return Goal.objects.filter(community=community).filter(goal_view_filter(user, community))


def goals_of(*, owner: Any) -> QuerySet[Goal]:
    """A member's own goals in every community, with what "My goals" shows."""
    return (
        Goal.objects.filter(owner_id=owner.pk)
        .select_related("community", "competency", "objective", "circle", "partner")
        .prefetch_related(
            "milestones",
            Prefetch("check_ins", queryset=CheckIn.objects.order_by("at", "pk"), to_attr="history"),
        )
        .order_by("status", "next_check_in_due", "-pk")
    )


def goals_due_for(*, owner: Any, by: date) -> QuerySet[Goal]:
    """A member's active goals whose check-in is due by ``by`` (the week's "check in on"),
    in the communities they still belong to; one query."""
    return (
        Goal.objects.filter(
            owner_id=owner.pk,
            status=GoalStatus.ACTIVE,
            next_check_in_due__lte=by,
            community_id__in=list(memberships_of(owner)),
        )
        .select_related("community", "competency")
        .order_by("next_check_in_due", "pk")
    )


def for_viewer(qs: QuerySet[Goal], *, user: Any) -> QuerySet[Goal]:
    """What a list of other people's goals shows: owner, competency, objective, how many
    cheers and comments, milestones done, and whether the viewer cheered already."""
    mine = Encouragement.objects.filter(
        goal=OuterRef("pk"), author_id=user.pk, kind=EncouragementKind.CHEER
    )
    return qs.select_related("owner", "competency", "objective", "circle").annotate(
        encouragement_count=Count("encouragements", distinct=True),
        milestone_count=Count("milestones", distinct=True),
        milestones_done=Count(
            "milestones", filter=Q(milestones__done_at__isnull=False), distinct=True
        ),
        viewer_cheered=Exists(mine),
    )


def circle_board(*, user: Any, circle: Circle) -> QuerySet[Goal]:
    """The goals of a circle's members that they share with this circle or with the whole
    community, as far as the viewer may see them. One query, however many members."""
    members = CircleMembership.objects.filter(circle=circle).values("user_id")
    shared_here = Q(visibility=GoalVisibility.COMMUNITY) | Q(
        visibility=GoalVisibility.CIRCLE, circle_id=circle.pk
    )
    qs = (
        visible_goals(user=user, community=circle.community)
        .filter(shared_here, owner_id__in=members)
        .exclude(status=GoalStatus.DROPPED)
    )
    return for_viewer(qs, user=user).order_by("owner__name", "-pk")


def goal_detail_history(*, goal: Goal) -> list[CheckIn]:
    return list(goal.check_ins.order_by("at", "pk"))


def encouragements_of(*, goal: Goal) -> QuerySet[Encouragement]:
    return goal.encouragements.select_related("author").order_by("created_at", "pk")


# The stewards' overview -------------------------------------------------------------------


def overview(*, community: Community, today: date | None = None) -> dict[str, Any]:
    """Goal attainment across the community in aggregate: counts only, never a goal's
    title or words, so private goals stay private. A fixed number of queries."""
    today = today or timezone.localdate()
    goals = Goal.objects.filter(community=community)
    active = Q(status=GoalStatus.ACTIVE)
    totals = goals.aggregate(
        total=Count("pk"),
        active=Count("pk", filter=active),
        achieved=Count("pk", filter=Q(status=GoalStatus.ACHIEVED)),
        dropped=Count("pk", filter=Q(status=GoalStatus.DROPPED)),
        overdue=Count("pk", filter=active & Q(next_check_in_due__lt=today)),
        never_checked_in=Count("pk", filter=active & Q(last_check_in_at__isnull=True)),
        linked=Count("pk", filter=Q(objective__isnull=False)),
        people=Count("owner", distinct=True, filter=~Q(status=GoalStatus.DROPPED)),
        average_progress=Avg("progress", filter=active),
    )
    progress_counts = dict(
        goals.filter(active).values_list("progress").annotate(n=Count("pk")).order_by()
    )
    by_competency = list(
        Competency.objects.filter(community=community)
        .annotate(
            active=Count("goals", filter=Q(goals__status=GoalStatus.ACTIVE)),
            achieved=Count("goals", filter=Q(goals__status=GoalStatus.ACHIEVED)),
        )
        .filter(Q(retired_at__isnull=True) | Q(active__gt=0) | Q(achieved__gt=0))
        .order_by("-active", "position", "name")
    )
    # One or two people on a competency could be recognised, and so could a count that,
    # subtracted from the total above, gives them away: both are withheld.
    active_table = anonymity.suppress({c.pk: c.active for c in by_competency})
    achieved_table = anonymity.suppress({c.pk: c.achieved for c in by_competency})
    for competency in by_competency:
        competency.active_shown = anonymity.label(active_table.cells[competency.pk])  # type: ignore[attr-defined]
        competency.achieved_shown = anonymity.label(achieved_table.cells[competency.pk])  # type: ignore[attr-defined]
    totals["active_shown"] = anonymity.label(
        active_table.total if by_competency else totals["active"]
    )
    totals["achieved_shown"] = anonymity.label(
        achieved_table.total if by_competency else totals["achieved"]
    )
    has_goal = Goal.objects.filter(community=community, owner_id=OuterRef("user_id")).exclude(
        status=GoalStatus.DROPPED
    )
    without = (
        Membership.objects.filter(
            community=community, role__in=GOAL_SETTER_ROLES, user__is_active=True
        )
        .exclude(Exists(has_goal))
        .select_related("user")
        .order_by("user__name", "user_id")
    )
    expected = Membership.objects.filter(
        community=community, role__in=GOAL_SETTER_ROLES, user__is_active=True
    ).count()
    without_count = without.count()
    settled = totals["achieved"] + totals["active"]
    return {
        **totals,
        "attainment": round(100 * totals["achieved"] / settled) if settled else None,
        "histogram": histogram(progress_counts),
        "by_competency": by_competency,
        "expected": expected,
        "without_count": without_count,
        "without": [m.user for m in without[:NAMES_SHOWN]],
        "with_goals": expected - without_count,
    }
