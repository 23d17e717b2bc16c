"""Matching runs and their review: the engine run on the programme's pool and stored whole,
the programme team's review (pin, forbid, swap, re-run) and publishing (docs/mentoring.md,
"Matching in a programme"). Answers and requests are in ``answers.py``, the engine's
records in ``selectors/cohorts.py``.

Who is in the pool, every time the engine runs: enrolled mentees with no active
mentorship in the programme and no match waiting for answers or accepted. Mentors bring
their capacity less the mentorships and waiting matches they already have. So the first
run and every re-solve after declines are the same operation, "around accepted pairs".
"""

from __future__ import annotations

import dataclasses
import time as clock
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.core.audit import audit
from salon.core.errors import Conflict
from salon.core.permissions import require
from salon.mentoring import notifications as kinds
from salon.mentoring.engine import matching, records
from salon.mentoring.models import (
    Enrolment,
    ForbiddenPair,
    Match,
    MatchingMode,
    MatchRun,
    MatchStatus,
    Programme,
    ProgrammeStatus,
    RunStatus,
    Side,
)
from salon.mentoring.selectors.cohorts import (
    Cohort,
    cohort_of,
    reasons_json,
    record_of,
    rules_of,
    taken,
    target_of,
    weights_of,
)
from salon.mentoring.selectors.matching import (
    check,
    latest_staged_run,
    match_url,
    rule_names,
)
from salon.notifications.services import notify

# Cohorts with up to this many possible pairs are matched without pruning: exact.
EXACT_UP_TO = 1_000_000


# Runs ---------------------------------------------------------------------------------------


def _pins(programme: Programme, cohort: Cohort) -> list[tuple[int, int]]:
    """The pinned pairs of the run being replaced that still make sense."""
    run = latest_staged_run(programme)
    if run is None:
        return []
    mentees = {m.id for m in cohort.mentees}
    room = {m.id: m.capacity for m in cohort.mentors}
    pins = []
    for mentee_id, mentor_id in run.matches.filter(
        pinned=True, status=MatchStatus.STAGED
    ).values_list("mentee_id", "mentor_id"):
        if mentee_id in mentees and room.get(mentor_id, 0) > 0:
            room[mentor_id] -= 1
            pins.append((mentee_id, mentor_id))
    return pins


def run_matching(
    programme: Programme, *, actor: Any, apply_target: bool = True, candidates: int | None = -1
) -> MatchRun:
    """Run the engine on the programme's pool and stage the result for review.

    The pinned pairs of the run it replaces are kept (when both people are still free);
    forbidden and declined pairs are left out. ``candidates`` prunes (None: every feasible
    pair, exact); by default cohorts up to a million possible pairs are not pruned, larger
    ones keep the engine's default candidates per mentee (within 0.1% of the optimum).
    ``actor`` None is the system re-proposing after a decline or a lapse."""
    if actor is not None:
        require(actor, "programme.manage", programme)
    if programme.status not in (
        ProgrammeStatus.ENROLLING,
        ProgrammeStatus.MATCHING,
        ProgrammeStatus.ACTIVE,
    ):
        raise Conflict(_("Matching runs while enrolment is open or the programme runs."))
    if programme.mode == MatchingMode.MENTEE_CHOICE:
        raise Conflict(
            _("In this programme mentees choose their mentor: there is no matching run.")
        )
    started = clock.perf_counter()
    cohort = cohort_of(programme)
    if not cohort.mentees:
        raise ValidationError(_("Nobody is waiting for a mentor: there is nothing to match."))
    if not cohort.mentors:
        raise ValidationError(_("No mentor has enrolled yet."))
    pins = _pins(programme, cohort)
    if candidates == -1:
        small = len(cohort.mentees) * len(cohort.mentors) <= EXACT_UP_TO
        candidates = None if small else records.DEFAULT_CANDIDATES
    weights, rules = weights_of(programme), rules_of(programme)
    target = target_of(programme) if apply_target else None
    try:
        result = matching.match(
            cohort.mentees,
            cohort.mentors,
            weights=weights,
            rules=rules,
            earlier_pairs=cohort.earlier_pairs,
            pinned=pins,
            forbidden=cohort.forbidden,
            target=target,
            candidates=candidates,
        )
    except ValueError as error:  # an engine refusal, in plain words
        raise ValidationError(str(error)) from error
    data = result.to_dict()
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        if actor is None and locked.runs.filter(status=RunStatus.STAGED).exists():
            # An automatic re-proposal never replaces a run the team is reviewing.
            raise ValidationError(_("A run is already in review."))
        number = (locked.runs.aggregate(n=Max("number"))["n"] or 0) + 1
        replaced = locked.runs.filter(status=RunStatus.STAGED)
        Match.objects.filter(run__in=replaced, status=MatchStatus.STAGED).update(
            status=MatchStatus.WITHDRAWN
        )
        replaced.update(status=RunStatus.SUPERSEDED)
        run = MatchRun.objects.create(
            programme=locked,
            number=number,
            started_by=actor if getattr(actor, "is_authenticated", False) else None,
            inputs={
                "mentees": [record_of(m) for m in cohort.mentees],
                "mentors": [record_of(m) for m in cohort.mentors],
                "pinned": pins,
                "forbidden": cohort.forbidden,
                "earlier_pairs": cohort.earlier_pairs,
            },
            weights=dataclasses.asdict(weights),
            rules=data["diagnostics"]["rules"],
            target=dataclasses.asdict(target) if target else None,
            solver=result.diagnostics.solver,
            diagnostics=data["diagnostics"],
            unmatched=data["unmatched"],
            seconds=clock.perf_counter() - started,
        )
        Match.objects.bulk_create(
            Match(
                programme=locked,
                run=run,
                mentee_id=pair.mentee,
                mentor_id=pair.mentor,
                score=pair.score,
                breakdown={k: round(v, 4) for k, v in pair.breakdown.items()},
                reasons=reasons_json(pair),
                pinned=pair.pinned,
            )
            for pair in result.pairs
        )
        if locked.status == ProgrammeStatus.ENROLLING:
            locked.status = ProgrammeStatus.MATCHING
            locked.save(update_fields=["status", "updated_at"])
        audit(
            "mentoring.match_run.created",
            actor=actor,
            target=locked,
            community=locked.community,
            run=run.number,
            matched=result.diagnostics.matched,
            unmatched=result.diagnostics.unmatched,
        )
    programme.status = locked.status
    return run


def _staged(match: Match) -> None:
    if match.status != MatchStatus.STAGED or match.run is None:
        raise Conflict(_("Only a proposed match that is still in review can change."))
    if match.run.status != RunStatus.STAGED:
        raise Conflict(_("This run was replaced by a later one: open the latest run."))


def pin(match: Match, *, actor: Any, pinned: bool) -> Match:
    require(actor, "programme.manage", match.programme)
    _staged(match)
    match.pinned = pinned
    match.save(update_fields=["pinned"])
    audit(
        "mentoring.match.pinned" if pinned else "mentoring.match.unpinned",
        actor=actor,
        target=match.programme,
    )
    return match


def forbid(match: Match, *, actor: Any) -> ForbiddenPair:
    """Rule the pair out: the match leaves this run, and no later run proposes it."""
    require(actor, "programme.manage", match.programme)
    _staged(match)
    with transaction.atomic():
        pair, _created = ForbiddenPair.objects.get_or_create(
            programme=match.programme,
            mentee_id=match.mentee_id,
            mentor_id=match.mentor_id,
            defaults={"by": actor},
        )
        match.status = MatchStatus.WITHDRAWN
        match.pinned = False
        match.save(update_fields=["status", "pinned"])
        audit(
            "mentoring.pair.forbidden",
            actor=actor,
            target=match.programme,
            mentee=match.mentee_id,
            mentor=match.mentor_id,
        )
    return pair


def allow_again(pair: ForbiddenPair, *, actor: Any) -> None:
    """Take back a "never this pair": later runs may propose it again."""
    require(actor, "programme.manage", pair.programme)
    audit(
        "mentoring.pair.allowed",
        actor=actor,
        target=pair.programme,
        mentee=pair.mentee_id,
        mentor=pair.mentor_id,
    )
    pair.delete()


def swap(match: Match, other: Match, *, actor: Any) -> tuple[Match, Match]:
    """Exchange the two pairs' mentors, when both new pairs pass every hard rule. Both are
    pinned: the director chose them."""
    require(actor, "programme.manage", match.programme)
    require(actor, "programme.manage", other.programme)
    _staged(match)
    _staged(other)
    if match.run_id != other.run_id or match.pk == other.pk:
        raise ValidationError(_("Pick two different pairs of the same run."))
    programme = match.programme
    first = check(programme, match.mentee_id, other.mentor_id)
    second = check(programme, other.mentee_id, match.mentor_id)
    names = rule_names()
    problems = []
    for mentee, mentor, result in (
        (match.mentee, other.mentor, first),
        (other.mentee, match.mentor, second),
    ):
        if result.broken_rules:
            problems.append(
                _("%(mentee)s with %(mentor)s: %(rules)s")
                % {
                    "mentee": mentee.name,
                    "mentor": mentor.name,
                    "rules": ", ".join(str(names.get(r, r)) for r in result.broken_rules),
                }
            )
    if problems:
        raise ValidationError(
            _("These pairs cannot be swapped. %(problems)s.") % {"problems": "; ".join(problems)}
        )
    with transaction.atomic():
        for row, result in ((match, first), (other, second)):
            row.mentor_id = int(result.pair.mentor)
            row.score = result.pair.score
            row.breakdown = {k: round(v, 4) for k, v in result.pair.breakdown.items()}
            row.reasons = reasons_json(result.pair)
            row.pinned = True
            row.save(update_fields=["mentor", "score", "breakdown", "reasons", "pinned"])
        audit(
            "mentoring.match.swapped", actor=actor, target=programme, matches=[match.pk, other.pk]
        )
    return match, other


# Publishing ---------------------------------------------------------------------------------


def publish(run: MatchRun, *, actor: Any, now: datetime | None = None) -> int:
    """Send the staged run's pairs to both sides, who answer within the programme's window.
    Returns how many pairs were published."""
    now = now or timezone.now()
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().select_related("programme").get(pk=run.pk)
        require(actor, "programme.manage", run.programme)
        if run.status != RunStatus.STAGED:
            raise ValidationError(_("Only the run in review can be published."))
        programme = run.programme
        respond_by = now + timedelta(days=programme.response_days)
        matches, stale = _still_fitting(
            programme, list(run.matches.filter(status=MatchStatus.STAGED))
        )
        Match.objects.filter(pk__in=[m.pk for m in stale]).update(status=MatchStatus.WITHDRAWN)
        Match.objects.filter(pk__in=[m.pk for m in matches]).update(
            status=MatchStatus.PUBLISHED, published_at=now, respond_by=respond_by
        )
        run.status = RunStatus.PUBLISHED
        run.published_at = now
        run.save(update_fields=["status", "published_at"])
        if programme.status in (ProgrammeStatus.ENROLLING, ProgrammeStatus.MATCHING):
            programme.status = ProgrammeStatus.ACTIVE
            programme.save(update_fields=["status", "updated_at"])
        audit(
            "mentoring.match_run.published",
            actor=actor,
            target=programme,
            run=run.number,
            pairs=len(matches),
        )
        ids = [m.pk for m in matches]
        transaction.on_commit(lambda: _tell_proposed(ids))
    return len(matches)


def _still_fitting(programme: Programme, matches: list[Match]) -> tuple[list[Match], list[Match]]:
    """The staged pairs that still fit now (a mentee may have found a mentor by request
    since the run, or a mentor's places filled), and those that no longer do."""
    busy, used = taken(programme)
    room = {
        e.user_id: e.effective_capacity - used.get(e.user_id, 0)
        for e in Enrolment.objects.filter(
            programme=programme, side=Side.MENTOR, withdrawn_at__isnull=True
        ).select_related("programme")
    }
    fitting, stale = [], []
    for match in sorted(matches, key=lambda m: (not m.pinned, -m.score, m.pk)):
        if match.mentee_id in busy or room.get(match.mentor_id, 0) <= 0:
            stale.append(match)
            continue
        busy.add(match.mentee_id)
        room[match.mentor_id] -= 1
        fitting.append(match)
    return fitting, stale


def _tell_proposed(match_ids: Iterable[int]) -> None:
    for match in Match.objects.filter(pk__in=list(match_ids)).select_related(
        "programme__community", "mentee", "mentor"
    ):
        for recipient, other, side in (
            (match.mentee, match.mentor, "mentee"),
            (match.mentor, match.mentee, "mentor"),
        ):
            notify(
                [recipient.pk],
                kinds.MATCH_PROPOSED,
                match,
                None,
                community=match.programme.community,
                data={"other": other.name, "programme": match.programme.name, "side": side},
                url=match_url(match),
                key=f"{kinds.MATCH_PROPOSED}:{match.pk}:{recipient.pk}",
            )
