"""Reads of the innovation lab, already filtered by what the viewer may see and free of
N+1: the pages and the API call these."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext as _

from salon.communities.models import Circle
from salon.communities.roles import memberships_of
from salon.communities.selectors import circle_visibility
from salon.core import search
from salon.core.attachments import attachments_for
from salon.core.permissions import can
from salon.core.search.text import words
from salon.innovation import calibration
from salon.innovation.models import (
    Challenge,
    Criterion,
    Idea,
    IdeaAuthor,
    Scorecard,
    Stage,
    StageMove,
    Vote,
    VoteBudget,
)

# Ideas shown in each column of the pipeline board (the column says how many in all).
BOARD_COLUMN = 12
SIMILAR = 5


def _visible(user: Any) -> Q:
    """``challenge.view`` / ``idea.view`` as a filter: a role in the community, and for a
    challenge of a circle the circle's own rule (``circle_visibility``)."""
    return Q(community_id__in=list(memberships_of(user)), circle__isnull=True) | circle_visibility(
        user=user, field="circle"
    )


def visible_challenges(*, user: Any) -> QuerySet[Challenge]:
    return Challenge.objects.filter(_visible(user))


def visible_ideas(*, user: Any) -> QuerySet[Idea]:
    return Idea.objects.filter(_visible(user))


def stages_of(community: Any) -> list[Stage]:
    return list(Stage.objects.filter(community_id=community.pk))


def challenge_list_for(*, user: Any, community: Any) -> list[Challenge]:
    """The community's challenges the viewer may see, newest first, with idea counts."""
    return list(
        visible_challenges(user=user)
        .filter(community_id=community.pk)
        .select_related("circle", "sponsor")
        .annotate(idea_count=Count("ideas"))
        .order_by("-opens_on", "-pk")
    )


def _lead_name() -> Subquery:
    lead = IdeaAuthor.objects.filter(idea=OuterRef("pk"), is_lead=True).values("user__name")[:1]
    return Subquery(lead, output_field=CharField())


def with_viewer(qs: QuerySet[Idea], *, user: Any) -> QuerySet[Idea]:
    """What a list of ideas shows: its stage, its lead author, whether the viewer wrote it
    and how many votes they gave it."""
    mine = Vote.objects.filter(idea=OuterRef("pk"), user_id=user.pk).values("weight")[:1]
    return qs.select_related("stage", "challenge").annotate(
        lead_name=_lead_name(),
        viewer_is_author=Exists(IdeaAuthor.objects.filter(idea=OuterRef("pk"), user_id=user.pk)),
        my_votes=Coalesce(Subquery(mine), Value(0)),
    )


def challenge_ideas(*, user: Any, challenge: Challenge, order: str = "") -> QuerySet[Idea]:
    qs = with_viewer(Idea.objects.filter(challenge=challenge), user=user)
    if order == "votes" and challenge.totals_shown:
        return qs.order_by("-vote_total", "-pk")
    return qs.order_by("-created_at", "-pk")


def votes_left(*, user: Any, challenge: Challenge) -> int | None:
    """What the member has left of a budget; None for simple support."""
    if not challenge.uses_budget:
        return None
    spent = (
        VoteBudget.objects.filter(challenge=challenge, user_id=user.pk)
        .values_list("spent", flat=True)
        .first()
    )
    return challenge.vote_budget - (spent or 0)


@dataclass
class IdeaPage:
    idea: Idea
    authors: list[IdeaAuthor]
    history: list[StageMove]
    files: list[Any]
    my_votes: int
    votes_left: int | None
    stages: list[Stage] = field(default_factory=list)


def idea_page(*, user: Any, idea: Idea) -> IdeaPage:
    """Everything the idea's page shows, in a fixed number of queries."""
    authors = list(
        IdeaAuthor.objects.filter(idea=idea).select_related("user").order_by("-is_lead", "pk")
    )
    idea.author_ids = {a.user_id for a in authors}  # type: ignore[attr-defined]
    idea.viewer_is_author = user.pk in idea.author_ids  # type: ignore[attr-defined]
    history = idea_history(idea=idea)
    mine = Vote.objects.filter(idea=idea, user_id=user.pk).values_list("weight", flat=True).first()
    idea.my_votes = mine or 0  # type: ignore[attr-defined]
    return IdeaPage(
        idea=idea,
        authors=authors,
        history=history,
        files=attachments_for(user, idea),
        my_votes=mine or 0,
        votes_left=votes_left(user=user, challenge=idea.challenge),
        stages=stages_of(idea.community),
    )


@dataclass
class Column:
    stage: Stage
    count: int
    ideas: list[Idea]


def pipeline_board(*, user: Any, community: Any, challenge_id: int | None = None) -> list[Column]:
    """One column per stage: how many visible ideas are there, and the most recently
    arrived ones (a window per stage, so the board costs the same with 10 or 5,000)."""
    stages = stages_of(community)
    ideas = visible_ideas(user=user).filter(community_id=community.pk)
    if challenge_id:
        ideas = ideas.filter(challenge_id=challenge_id)
    counts = dict(
        ideas.order_by().values("stage_id").annotate(n=Count("pk")).values_list("stage_id", "n")
    )
    ranked = (
        ideas.select_related("challenge")
        .annotate(
            lead_name=_lead_name(),
            place=Window(
                RowNumber(),
                partition_by=[F("stage_id")],
                order_by=[F("stage_entered_at").desc(), F("pk").desc()],
            ),
        )
        .filter(place__lte=BOARD_COLUMN)
        .order_by("stage_id", "place")
    )
    by_stage: dict[int, list[Idea]] = {}
    for idea in ranked:
        by_stage.setdefault(idea.stage_id, []).append(idea)
    return [
        Column(stage=s, count=counts.get(s.pk, 0), ideas=by_stage.get(s.pk, [])) for s in stages
    ]


@dataclass
class FunnelRow:
    stage: Stage
    now: int  # ideas at this stage today
    reached: int  # ideas that ever entered it
    conversion: float | None  # of those that reached the stage before, the share that came on
    median_days: float | None  # median time ideas spent in it, of those that left it


@dataclass
class Funnel:
    rows: list[FunnelRow]
    total: int
    parked: list[FunnelRow]
    by_region: list[tuple[str, int]]
    by_function: list[tuple[str, int]]


def funnel_report(*, user: Any, community: Any) -> Funnel:
    """Ideas per stage, conversion between consecutive stages, median time in each stage,
    and ideas per region and function of their lead author: five queries at any size."""
    stages = stages_of(community)
    ideas = visible_ideas(user=user).filter(community_id=community.pk)
    now = dict(
        ideas.order_by().values("stage_id").annotate(n=Count("pk")).values_list("stage_id", "n")
    )
    moves = StageMove.objects.filter(idea__in=ideas.values("pk"))
    reached = dict(
        moves.order_by()
        .values("to_stage_id")
        .annotate(n=Count("idea_id", distinct=True))
        .values_list("to_stage_id", "n")
    )
    durations: dict[int, list[int]] = {}
    for stage_id, seconds in moves.filter(
        from_stage__isnull=False, seconds_in_stage__isnull=False
    ).values_list("from_stage_id", "seconds_in_stage"):
        durations.setdefault(stage_id, []).append(seconds or 0)
    rows: list[FunnelRow] = []
    parked: list[FunnelRow] = []
    previous: int | None = None
    for stage in stages:
        spent = durations.get(stage.pk)
        row = FunnelRow(
            stage=stage,
            now=now.get(stage.pk, 0),
            reached=reached.get(stage.pk, 0),
            conversion=None,
            median_days=round(statistics.median(spent) / 86400, 1) if spent else None,
        )
        if stage.is_parked:
            parked.append(row)
            continue
        if previous:
            row.conversion = round(100 * row.reached / previous, 1)
        previous = row.reached
        rows.append(row)
    leads = IdeaAuthor.objects.filter(idea__in=ideas.values("pk"), is_lead=True).order_by()
    return Funnel(
        rows=rows,
        total=sum(now.values()),
        parked=parked,
        by_region=_tally(leads, "user__region"),
        by_function=_tally(leads, "user__function"),
    )


def _tally(qs: QuerySet[IdeaAuthor], field_name: str) -> list[tuple[str, int]]:
    rows = qs.values(field_name).annotate(n=Count("pk")).values_list(field_name, "n")
    return sorted(((value or "", n) for value, n in rows), key=lambda r: (-r[1], r[0]))


def similar_ideas(
    *, user: Any, community: Any, text: str, exclude_id: int | None = None
) -> list[Idea]:
    """Ideas the viewer may see that share words with ``text`` (a title being typed), most
    words in common first: one search per distinctive word, so "triage customer emails"
    finds "Let AI triage support emails" although not every word is in it."""
    wanted = _distinctive(text)
    if not wanted:
        return []
    score: dict[int, float] = {}
    for word in wanted:
        hits = search.search(user=user, text=word, kind="idea", community=community.slug)
        for place, hit in enumerate(hits[0:10]):
            score[hit.document.object_id] = score.get(hit.document.object_id, 0) + 1 - place / 20
    score.pop(exclude_id or 0, None)
    best = sorted(score, key=lambda pk: -score[pk])[:SIMILAR]
    # With the viewer's authorship, so "Join as co-author" costs no query per idea.
    found = with_viewer(visible_ideas(user=user), user=user).in_bulk(best)
    return [found[pk] for pk in best if pk in found]


_COMMON = frozenset(
    [
        "about",
        "after",
        "also",
        "been",
        "could",
        "from",
        "have",
        "into",
        "more",
        "most",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "what",
        "when",
        "which",
        "will",
        "with",
        "would",
        "your",
        "make",
        "making",
        "using",
        "better",
        "ways",
        "idea",
        "ideas",
        "pour",
        "dans",
        "avec",
    ]
)


def _distinctive(text: str, most: int = 5) -> list[str]:
    found = {w for w in words(text[:300]) if len(w) >= 4 and w not in _COMMON}
    return sorted(found, key=lambda w: (-len(w), w))[:most]


def ideas_per_stage(*, community: Any) -> dict[str, int]:
    """Counts for the outcome measures: ideas per stage key of the community."""
    rows = (
        Idea.objects.filter(community_id=community.pk)
        .order_by()
        .values("stage__key")
        .annotate(n=Count("pk"))
        .values_list("stage__key", "n")
    )
    return dict(rows)


def vote_totals(*, challenge: Challenge) -> int:
    return Vote.objects.filter(challenge=challenge).aggregate(n=Sum("weight"))["n"] or 0


def idea_for_voting(*, user: Any, idea_id: int) -> Idea:
    """One idea as a list shows it (after a vote, for the HTMX partial)."""
    return with_viewer(Idea.objects.filter(pk=idea_id), user=user).get()


def idea_history(*, idea: Idea) -> list[StageMove]:
    return list(
        StageMove.objects.filter(idea=idea)
        .select_related("from_stage", "to_stage", "decided_by")
        .order_by("moved_at", "pk")
    )


def stage_by_key(*, community: Any, key: str) -> Stage:
    """A stage of the community's pipeline by its key; a clear refusal for any other."""
    stage = Stage.objects.filter(community_id=community.pk, key=key).first()
    if stage is None:
        keys = ", ".join(s.key for s in stages_of(community))
        raise ValidationError(
            _("There is no stage “%(key)s”; the stages are: %(keys)s.") % {"key": key, "keys": keys}
        )
    return stage


def circle_by_slug(*, community: Any, slug: str | None) -> Circle | None:
    if not slug:
        return None
    circle = Circle.objects.filter(community_id=community.pk, slug=slug).first()
    if circle is None:
        raise ValidationError(_("There is no such circle in this community."))
    return circle


# Expert evaluation ------------------------------------------------------------------------


def criteria_of(challenge: Challenge) -> list[tuple[str, int]]:
    return list(challenge.criteria.values_list("name", "weight"))


def criteria_list(challenge: Challenge) -> list[Criterion]:
    return list(challenge.criteria.all())


def scorecard_of(*, user: Any, idea: Idea) -> Scorecard | None:
    return Scorecard.objects.filter(idea=idea, expert_id=user.pk).prefetch_related("scores").first()


@dataclass
class EvaluationRow:
    idea: Idea
    raw: float
    normalised: float
    experts: int
    raw_place: int
    comments: list[tuple[str, str]]  # (expert, comment)


@dataclass
class Evaluation:
    criteria: list[Criterion]
    evaluators: list[tuple[Any, calibration.Leniency]]  # (the expert, their leniency)
    rows: list[EvaluationRow]  # by normalised score, best first
    scorecards: int


def evaluation_for(*, challenge: Challenge) -> Evaluation:
    """The decision meeting's view: every scorecard of the challenge, calibrated (see
    calibration.py), ideas by normalised score with their raw place and the comments."""
    cards = list(
        Scorecard.objects.filter(idea__challenge=challenge)
        .select_related("expert", "idea__stage")
        .order_by("pk")
    )
    result = calibration.calibrate(
        calibration.Scored(evaluator=c.expert_id, idea=c.idea_id, score=c.total) for c in cards
    )
    experts = {c.expert_id: c.expert for c in cards}
    ideas = {c.idea_id: c.idea for c in cards}
    comments: dict[int, list[tuple[str, str]]] = {}
    for c in cards:
        if c.comment:
            comments.setdefault(c.idea_id, []).append((c.expert.display_name, c.comment))
    raw_place = {r.idea: n for n, r in enumerate(result.raw_ranking, start=1)}
    return Evaluation(
        criteria=criteria_list(challenge),
        evaluators=[(experts[e.evaluator], e) for e in result.evaluators],
        rows=[
            EvaluationRow(
                idea=ideas[r.idea],
                raw=round(r.raw, 2),
                normalised=round(r.normalised, 2),
                experts=r.evaluators,
                raw_place=raw_place[r.idea],
                comments=comments.get(r.idea, []),
            )
            for r in result.normalised_ranking
        ],
        scorecards=len(cards),
    )


def scorecards_for(*, user: Any, idea: Idea) -> list[Scorecard]:
    """Every scorecard of the idea for those who run the decision (``evaluation.view``),
    only their own for anyone else."""
    qs = Scorecard.objects.filter(idea=idea).select_related("expert").prefetch_related("scores")
    if not can(user, "evaluation.view", idea.challenge):
        qs = qs.filter(expert_id=user.pk)
    return list(qs.order_by("pk"))
