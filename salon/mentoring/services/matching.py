"""The Django side of matching: the engine's records built from enrolments and profiles,
runs stored whole, the director's review (pin, forbid, swap, re-run), publishing, each
side's answer, and mentee-choice requests (docs/mentoring.md, "Matching in a programme").

Who is in the pool, every time the engine runs: enrolled mentees with no active
mentorship in the programme and no match waiting for answers or accepted. Mentors bring
their capacity less the mentorships and waiting matches they already have. So the first
run and every re-solve after declines are the same operation, "around accepted pairs".
"""

from __future__ import annotations

import dataclasses
import time as clock
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.accounts.models import User
from salon.core.audit import audit
from salon.core.errors import Conflict
from salon.goals.models import Goal, GoalStatus, GoalVisibility
from salon.mentoring import notifications as kinds
from salon.mentoring.engine import matching, records
from salon.mentoring.models import (
    Answer,
    Enrolment,
    ForbiddenPair,
    Match,
    MatchingMode,
    MatchRun,
    MatchStatus,
    Mentorship,
    MentorshipStatus,
    Programme,
    ProgrammeStatus,
    RunStatus,
    Side,
)
from salon.notifications.services import notify

# Matches that hold a mentee and a mentor's place: waiting for answers, or accepted.
HOLDING = (MatchStatus.PUBLISHED, MatchStatus.ACCEPTED)
# Cohorts with up to this many possible pairs are matched without pruning: exact.
EXACT_UP_TO = 1_000_000


# The engine's records ----------------------------------------------------------------------


@dataclass(frozen=True)
class Cohort:
    """What one run gives the engine, and the people behind the ids."""

    mentees: list[records.Mentee]
    mentors: list[records.Mentor]
    earlier_pairs: list[tuple[int, int]]
    forbidden: list[tuple[int, int]]
    people: dict[int, User]


def _reporting_chains(community_id: int) -> dict[int, frozenset[int]]:
    """Everyone's managers, all the way up, among the community's members (one query)."""
    manager_of = dict(
        User.objects.filter(memberships__community_id=community_id).values_list("pk", "manager_id")
    )
    chains: dict[int, frozenset[int]] = {}
    for person in manager_of:
        seen: list[int] = []
        boss = manager_of.get(person)
        while boss is not None and boss not in seen and boss != person:
            seen.append(boss)
            boss = manager_of.get(boss)
        chains[person] = frozenset(seen)
    return chains


def _enrolments(programme: Programme, side: str) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(programme=programme, side=side, withdrawn_at__isnull=True)
        .select_related("user")
        .prefetch_related("competencies", "goals", "avoid", "user__languages")
        .order_by("pk")
    )


def _person_fields(user: User, chains: dict[int, frozenset[int]]) -> dict[str, Any]:
    languages = [language.code for language in user.languages.all()]
    return {
        "id": user.pk,
        "languages": frozenset(languages),
        "first_language": languages[0] if languages else "",
        "tz": user.timezone or "UTC",
        "work_start": user.work_start,
        "work_end": user.work_end,
        "region": user.region,
        "function": user.function,
        "industry": user.industry.strip().lower(),
        "unit": user.organisation_unit.strip().lower(),
        "managers": chains.get(user.pk, frozenset()),
    }


def taken(programme: Programme) -> tuple[set[int], dict[int, int]]:
    """Mentees already paired (or waiting for answers) and each mentor's places in use."""
    busy_mentees: set[int] = set()
    used: dict[int, int] = {}
    holding = Match.objects.filter(programme=programme, status__in=HOLDING).exclude(
        mentorship__status__in=[MentorshipStatus.ENDED_EARLY, MentorshipStatus.COMPLETED]
    )
    for mentee_id, mentor_id in holding.values_list("mentee_id", "mentor_id"):
        busy_mentees.add(mentee_id)
        used[mentor_id] = used.get(mentor_id, 0) + 1
    active = Mentorship.objects.filter(
        programme=programme, status=MentorshipStatus.ACTIVE, match__isnull=True
    )
    for mentee_id, mentor_id in active.values_list("mentee_id", "mentor_id"):
        busy_mentees.add(mentee_id)
        used[mentor_id] = used.get(mentor_id, 0) + 1
    # A mentee whose mentorship ended is back in the pool only if they asked for another
    # mentor (an early end with a rematch); a completed cycle or a plain early end is done.
    done = Mentorship.objects.filter(programme=programme).exclude(status=MentorshipStatus.ACTIVE)
    done = done.exclude(status=MentorshipStatus.ENDED_EARLY, wants_rematch=True)
    rematch = Mentorship.objects.filter(
        programme=programme, status=MentorshipStatus.ENDED_EARLY, wants_rematch=True
    ).values_list("mentee_id", flat=True)
    busy_mentees.update(set(done.values_list("mentee_id", flat=True)) - set(rematch))
    return busy_mentees, used


def cohort_of(programme: Programme, *, pool_only: bool = True) -> Cohort:
    """The engine's records for the programme's pool (or for everyone enrolled)."""
    chains = _reporting_chains(programme.community_id)
    busy, used = taken(programme) if pool_only else (set(), {})
    people: dict[int, User] = {}
    mentee_goal_topics: dict[int, frozenset[int]] = {}
    mentees = []
    for enrolment in _enrolments(programme, Side.MENTEE):
        user = enrolment.user
        if user.pk in busy:
            continue
        people[user.pk] = user
        goals = frozenset(g.competency_id for g in enrolment.goals.all() if g.competency_id)
        mentee_goal_topics[user.pk] = goals
        mentees.append(
            records.Mentee(
                **_person_fields(user, chains),
                avoid=frozenset(p.pk for p in enrolment.avoid.all()),
                wants=frozenset(c.pk for c in enrolment.competencies.all()),
                goals=goals,
                region_preference=enrolment.region_preference or None,  # type: ignore[arg-type]
                language_preference=enrolment.language_preference or None,  # type: ignore[arg-type]
                industry_preference=enrolment.industry_preference or None,  # type: ignore[arg-type]
                function_preference=enrolment.function_preference or None,  # type: ignore[arg-type]
            )
        )
    mentor_enrolments = _enrolments(programme, Side.MENTOR)
    # A mentor's "goal topics": the competencies of the goals they have worked on here.
    experience: dict[int, set[int]] = {}
    # Goals kept "only me" are nobody's business, not even as a matching reason.
    for owner_id, competency_id in (
        Goal.objects.filter(
            community_id=programme.community_id,
            owner_id__in=[e.user_id for e in mentor_enrolments],
            competency__isnull=False,
        )
        .exclude(visibility=GoalVisibility.ONLY_ME)
        .values_list("owner_id", "competency_id")
    ):
        experience.setdefault(owner_id, set()).add(competency_id)
    mentors = []
    for enrolment in mentor_enrolments:
        user = enrolment.user
        people[user.pk] = user
        mentors.append(
            records.Mentor(
                **_person_fields(user, chains),
                avoid=frozenset(p.pk for p in enrolment.avoid.all()),
                offers=frozenset(c.pk for c in enrolment.competencies.all()),
                goals=frozenset(experience.get(user.pk, ())),
                capacity=max(enrolment.effective_capacity - used.get(user.pk, 0), 0),
            )
        )
    earlier = list(
        Mentorship.objects.filter(programme__community_id=programme.community_id)
        .exclude(programme=programme, status=MentorshipStatus.ACTIVE)
        .values_list("mentee_id", "mentor_id")
    )
    forbidden = set(
        ForbiddenPair.objects.filter(programme=programme).values_list("mentee_id", "mentor_id")
    )
    # A pair one side declined (or let lapse) is not proposed again in this programme.
    forbidden.update(
        Match.objects.filter(
            programme=programme, status__in=[MatchStatus.DECLINED, MatchStatus.EXPIRED]
        ).values_list("mentee_id", "mentor_id")
    )
    return Cohort(mentees, mentors, earlier, sorted(forbidden), people)


def weights_of(programme: Programme) -> records.Weights:
    known = {f.name for f in dataclasses.fields(records.Weights)}
    return records.Weights(
        **{k: float(v) for k, v in (programme.weights or {}).items() if k in known}
    )


def rules_of(programme: Programme) -> records.Rules:
    return records.Rules(
        min_shared_hours=float(programme.min_shared_hours),
        allow_repeat_pairs=programme.allow_repeat_pairs,
        allow_same_unit=programme.allow_same_unit,
    )


def target_of(programme: Programme) -> records.Target | None:
    if not programme.target_attribute:
        return None
    return records.Target(
        attribute=programme.target_attribute,  # type: ignore[arg-type]
        min_share=programme.target_share / 100,
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, frozenset | set | tuple | list):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, frozenset | set) else items
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _record(person: Any) -> dict[str, Any]:
    return {k: _jsonable(v) for k, v in dataclasses.asdict(person).items()}


def reasons_json(pair: records.Pair) -> list[dict[str, Any]]:
    return [
        {"criterion": r.criterion, "points": round(r.points, 4), "detail": _jsonable(r.detail)}
        for r in pair.reasons
    ]


# Runs ---------------------------------------------------------------------------------------


def latest_staged_run(programme: Programme) -> MatchRun | None:
    return programme.runs.filter(status=RunStatus.STAGED).order_by("-number").first()


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
    ones keep the engine's default candidates per mentee (within 0.1% of the optimum)."""
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
                "mentees": [_record(m) for m in cohort.mentees],
                "mentors": [_record(m) for m in cohort.mentors],
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
            "mentoring.run",
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
    _staged(match)
    match.pinned = pinned
    match.save(update_fields=["pinned"])
    audit("mentoring.pin" if pinned else "mentoring.unpin", actor=actor, target=match.programme)
    return match


def forbid(match: Match, *, actor: Any) -> ForbiddenPair:
    """Rule the pair out: the match leaves this run, and no later run proposes it."""
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
            "mentoring.forbid",
            actor=actor,
            target=match.programme,
            mentee=match.mentee_id,
            mentor=match.mentor_id,
        )
    return pair


def allow_again(pair: ForbiddenPair, *, actor: Any) -> None:
    """Take back a "never this pair": later runs may propose it again."""
    audit(
        "mentoring.allow",
        actor=actor,
        target=pair.programme,
        mentee=pair.mentee_id,
        mentor=pair.mentor_id,
    )
    pair.delete()


def check(programme: Programme, mentee_id: int, mentor_id: int) -> records.PairCheck:
    """One pair's score, reasons and the hard rules it breaks, from today's records."""
    cohort = cohort_of(programme, pool_only=False)
    mentee = next((m for m in cohort.mentees if m.id == mentee_id), None)
    mentor = next((m for m in cohort.mentors if m.id == mentor_id), None)
    if mentee is None or mentor is None:
        raise ValidationError(_("Both people must still be enrolled."))
    return matching.check_pair(
        mentee,
        dataclasses.replace(mentor, capacity=max(mentor.capacity, 1)),
        weights=weights_of(programme),
        rules=rules_of(programme),
        earlier_pairs=cohort.earlier_pairs,
        forbidden=cohort.forbidden,
    )


def rule_names() -> dict[str, str]:
    return {
        "same_person": _("the same person on both sides"),
        "reporting_chain": _("one reports to the other"),
        "no_shared_language": _("no language in common"),
        "too_few_shared_hours": _("too few shared working hours"),
        "avoid": _("one asked not to be matched with the other"),
        "earlier_pair": _("they were paired in an earlier cycle"),
        "forbidden": _("the pair was ruled out"),
        "same_unit": _("the same organisation unit"),
        "mentor_full": _("the mentor has no room left"),
    }


def swap(match: Match, other: Match, *, actor: Any) -> tuple[Match, Match]:
    """Exchange the two pairs' mentors, when both new pairs pass every hard rule. Both are
    pinned: the director chose them."""
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
        audit("mentoring.swap", actor=actor, target=programme, matches=[match.pk, other.pk])
    return match, other


# Publishing and answers ---------------------------------------------------------------------


def publish(run: MatchRun, *, actor: Any, now: datetime | None = None) -> int:
    """Send the staged run's pairs to both sides, who answer within the programme's window.
    Returns how many pairs were published."""
    now = now or timezone.now()
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().select_related("programme").get(pk=run.pk)
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
            "mentoring.publish", actor=actor, target=programme, run=run.number, pairs=len(matches)
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


def match_url(match: Match) -> str:
    from django.urls import reverse

    return reverse("mentoring:match", args=[match.pk])


def answer(
    match: Match, *, user: Any, accept: bool, reason: str = "", now: datetime | None = None
) -> Match:
    """One side's answer. Both accepting starts the mentorship; a decline sends the mentee
    back to the pool (the next run proposes someone else) and frees the mentor's place."""
    now = now or timezone.now()
    with transaction.atomic():
        match = Match.objects.select_for_update().select_related("programme").get(pk=match.pk)
        if match.status != MatchStatus.PUBLISHED:
            raise ValidationError(_("This match is no longer waiting for an answer."))
        if match.respond_by and match.respond_by < now:
            raise ValidationError(_("The time to answer this match has passed."))
        value = Answer.ACCEPTED if accept else Answer.DECLINED
        if user.pk == match.mentee_id and not match.mentee_answer:
            match.mentee_answer = value
        elif user.pk == match.mentor_id and not match.mentor_answer:
            match.mentor_answer = value
        else:
            raise ValidationError(_("You have already answered."))
        started = None
        if not accept:
            match.status = MatchStatus.DECLINED
            match.decline_reason = reason.strip()[:300]
            match.decided_at = now
        elif match.mentee_answer == match.mentor_answer == Answer.ACCEPTED:
            if Mentorship.objects.filter(
                programme=match.programme, mentee_id=match.mentee_id, status=MentorshipStatus.ACTIVE
            ).exists():
                raise ValidationError(
                    _("The mentee already has a mentor in this programme: this match lapses.")
                )
            match.status = MatchStatus.ACCEPTED
            match.decided_at = now
            started = Mentorship.objects.create(
                programme=match.programme,
                match=match,
                mentee_id=match.mentee_id,
                mentor_id=match.mentor_id,
                started_at=now,
            )
            # The goals the mentee chose at enrolment to show their mentor (never "only
            # me" ones); they can change the choice in the shared space.
            started.shared_goals.set(
                Goal.objects.filter(
                    pk__in=Enrolment.goals.through.objects.filter(
                        enrolment__programme=match.programme, enrolment__user_id=match.mentee_id
                    ).values("goal_id")
                )
                .exclude(visibility=GoalVisibility.ONLY_ME)
                .exclude(status=GoalStatus.DROPPED)
            )
        match.save()
        audit(
            "mentoring.accept" if accept else "mentoring.decline",
            actor=user,
            target=match.programme,
            match=match.pk,
        )
        match_id, started_id = match.pk, started.pk if started else None
        transaction.on_commit(lambda: _tell_answered(match_id, user.pk, accept, started_id))
        if not accept:
            programme_id = match.programme_id
            transaction.on_commit(lambda: resolve_around_accepted(programme_id), robust=True)
    return match


def resolve_around_accepted(programme_id: int) -> MatchRun | None:
    """After a decline or a lapse, stage a new proposal for the people back in the pool,
    around the accepted pairs, for the programme team to review and publish. Nothing is
    sent to anyone. Not when a run is already in review (the team is working on it), nor
    in mentee-choice programmes."""
    programme = Programme.objects.select_related("community").get(pk=programme_id)
    if programme.mode != MatchingMode.PROGRAMME or latest_staged_run(programme) is not None:
        return None
    try:
        return run_matching(programme, actor=None, apply_target=bool(programme.target_attribute))
    except ValidationError:  # nobody left to match, or no mentor with room
        return None


def _tell_answered(match_id: int, actor_id: int, accepted: bool, mentorship_id: int | None) -> None:
    match = Match.objects.select_related("programme__community", "mentee", "mentor").get(
        pk=match_id
    )
    actor = match.mentee if actor_id == match.mentee_id else match.mentor
    other = match.mentor if actor_id == match.mentee_id else match.mentee
    programme = match.programme
    if mentorship_id is not None:
        mentorship = Mentorship.objects.select_related("programme").get(pk=mentorship_id)
        for recipient, partner in ((match.mentee, match.mentor), (match.mentor, match.mentee)):
            notify(
                [recipient.pk],
                kinds.MENTORSHIP_STARTED,
                mentorship,
                None,
                community=programme.community,
                data={"other": partner.name},
                key=f"{kinds.MENTORSHIP_STARTED}:{mentorship.pk}:{recipient.pk}",
            )
        return
    notify(
        [other.pk],
        kinds.MATCH_ANSWERED,
        match,
        actor,
        community=programme.community,
        data={"programme": programme.name, "answer": "accepted" if accepted else "declined"},
        url=match_url(match),
        key=f"{kinds.MATCH_ANSWERED}:{match.pk}:{actor.pk}",
    )


def expire_answers(*, now: datetime) -> int:
    """Published matches nobody fully answered in time return both people to the pool,
    and their programmes stage a new proposal around the accepted pairs."""
    lapsed = Match.objects.filter(status=MatchStatus.PUBLISHED, respond_by__lt=now)
    programmes = set(lapsed.values_list("programme_id", flat=True))
    count = lapsed.update(status=MatchStatus.EXPIRED, decided_at=now)
    for programme_id in sorted(programmes):
        resolve_around_accepted(programme_id)
    return count


# Mentee choice ------------------------------------------------------------------------------


@dataclass
class Suggestion:
    mentor: User
    pair: records.Pair
    room: int
    sentences: list[str] = dataclasses.field(default_factory=list)


def suggestions_for(programme: Programme, mentee: Any, *, limit: int | None = None) -> list[Any]:
    """The mentors with room who pass every hard rule for this mentee, best first (only in
    mentee-choice programmes: elsewhere the programme team proposes)."""
    if programme.mode != MatchingMode.MENTEE_CHOICE:
        return []
    cohort = cohort_of(programme)
    record = next((m for m in cohort.mentees if m.id == mentee.pk), None)
    if record is None:
        return []
    mentors = [m for m in cohort.mentors if m.capacity > 0]
    if not mentors:
        return []
    scores = matching.pair_scores(
        [record],
        mentors,
        weights=weights_of(programme),
        rules=rules_of(programme),
        earlier_pairs=cohort.earlier_pairs,
        forbidden=cohort.forbidden,
    )[0]
    order = sorted(
        (j for j in range(len(mentors)) if scores[j] == scores[j]),  # NaN: a rule drops it
        key=lambda j: (-scores[j], mentors[j].id),
    )[: limit or programme.suggestions]
    result = []
    for j in order:
        check = matching.check_pair(
            record,
            mentors[j],
            weights=weights_of(programme),
            rules=rules_of(programme),
            earlier_pairs=cohort.earlier_pairs,
            forbidden=cohort.forbidden,
        )
        result.append(
            Suggestion(cohort.people[int(mentors[j].id)], check.pair, mentors[j].capacity)
        )
    return result


def request_mentor(
    programme: Programme, *, mentee: Any, mentor_id: int, message: str = ""
) -> Match:
    """In mentee-choice mode, ask one of one's suggestions; the mentor accepts or declines."""
    from salon.mentoring.models import MatchingMode

    if programme.mode != MatchingMode.MENTEE_CHOICE:
        raise ValidationError(_("In this programme the programme team proposes the matches."))
    if programme.status not in (
        ProgrammeStatus.ENROLLING,
        ProgrammeStatus.MATCHING,
        ProgrammeStatus.ACTIVE,
    ):
        raise ValidationError(_("This programme does not take requests any more."))
    if Match.objects.filter(programme=programme, mentee=mentee, status__in=HOLDING).exists():
        raise ValidationError(_("You already have a request waiting or a mentor."))
    offered = {s.mentor.pk: s for s in suggestions_for(programme, mentee, limit=50)}
    suggestion = offered.get(mentor_id)
    if suggestion is None:
        raise ValidationError(_("Choose one of your suggested mentors."))
    now = timezone.now()
    with transaction.atomic():
        Enrolment.objects.select_for_update().filter(programme=programme, user=mentee).first()
        if Match.objects.filter(programme=programme, mentee=mentee, status__in=HOLDING).exists():
            raise ValidationError(_("You already have a request waiting or a mentor."))
        # The mentor's places, counted under a lock on their enrolment: two mentees asking
        # for the last place at once cannot both have it.
        mentor_enrolment = (
            Enrolment.objects.select_for_update()
            .select_related("programme")
            .get(programme=programme, user_id=mentor_id, side=Side.MENTOR)
        )
        _busy, used = taken(programme)
        if used.get(mentor_id, 0) >= mentor_enrolment.effective_capacity:
            raise ValidationError(
                _("%(name)s has no place left: choose another of your suggestions.")
                % {"name": suggestion.mentor.name}
            )
        match = Match.objects.create(
            programme=programme,
            mentee=mentee,
            mentor=suggestion.mentor,
            status=MatchStatus.PUBLISHED,
            score=suggestion.pair.score,
            breakdown={k: round(v, 4) for k, v in suggestion.pair.breakdown.items()},
            reasons=reasons_json(suggestion.pair),
            requested=True,
            message=message.strip()[:1000],
            mentee_answer=Answer.ACCEPTED,
            published_at=now,
            respond_by=now + timedelta(days=programme.response_days),
        )
        audit("mentoring.request", actor=mentee, target=programme, mentor=mentor_id)
        match_id = match.pk
        transaction.on_commit(lambda: _tell_requested(match_id))
    return match


def _tell_requested(match_id: int) -> None:
    match = Match.objects.select_related("programme__community", "mentee").get(pk=match_id)
    notify(
        [match.mentor_id],
        kinds.MATCH_REQUESTED,
        match,
        match.mentee,
        community=match.programme.community,
        data={"programme": match.programme.name},
        url=match_url(match),
    )


# Review ----------------------------------------------------------------------------------


def review_state(programme: Programme) -> dict[str, Any]:
    """Counts for the review page: the pool, and the published matches by state."""
    counts = dict(
        Match.objects.filter(programme=programme, run__isnull=False)
        .exclude(status=MatchStatus.STAGED)
        .exclude(status=MatchStatus.WITHDRAWN)
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    enrolled = dict(
        Enrolment.objects.filter(programme=programme, withdrawn_at__isnull=True)
        .values_list("side")
        .annotate(n=Count("pk"))
    )
    busy, _used = taken(programme)
    return {
        "waiting": counts.get(MatchStatus.PUBLISHED, 0),
        "accepted": counts.get(MatchStatus.ACCEPTED, 0),
        "declined": counts.get(MatchStatus.DECLINED, 0) + counts.get(MatchStatus.EXPIRED, 0),
        "mentees": enrolled.get(Side.MENTEE, 0),
        "mentors": enrolled.get(Side.MENTOR, 0),
        "pool": enrolled.get(Side.MENTEE, 0)
        - Enrolment.objects.filter(
            programme=programme,
            side=Side.MENTEE,
            withdrawn_at__isnull=True,
            user_id__in=busy,
        ).count(),
    }


def live_summary(programme: Programme, run: MatchRun, pairs: list[Match]) -> dict[str, Any]:
    """The run's figures as the pairs stand now, after pins, forbids and swaps: the
    stored diagnostics describe the engine's answer, this the proposal being reviewed."""
    scores = [p.score for p in pairs]
    share = None
    if programme.target_attribute:
        field = "region" if programme.target_attribute == "cross_region" else "function"
        having = [
            p
            for p in pairs
            if getattr(p.mentee, field)
            and getattr(p.mentor, field)
            and getattr(p.mentee, field) != getattr(p.mentor, field)
        ]
        share = len(having) / len(pairs) if pairs else None
    return {
        "matched": len(pairs),
        "mean": sum(scores) / len(scores) if scores else None,
        "worst": min(scores) if scores else None,
        "total": sum(scores),
        "share": share,
        "changed": abs(sum(scores) - float(run.diagnostics.get("total_score", 0))) > 1e-6
        or len(pairs) != run.diagnostics.get("matched"),
    }


def waiting_people(programme: Programme) -> list[dict[str, Any]]:
    """The mentees in the pool now (no pair, no match waiting), for the review page when
    no run is in review."""
    busy, _used = taken(programme)
    return [
        {"mentee": user_id, "name": name, "why": "waiting", "eliminated_by": {}}
        for user_id, name in Enrolment.objects.filter(
            programme=programme, side=Side.MENTEE, withdrawn_at__isnull=True
        )
        .exclude(user_id__in=busy)
        .order_by("user__name")
        .values_list("user_id", "user__name")
    ]


def unmatched_people(run: MatchRun) -> list[dict[str, Any]]:
    """The mentees without a proposed mentor in the run as it stands: those the engine
    could not match, and those whose pair the director forbade since."""
    rows = list(run.unmatched)
    rows += (
        [
            {"mentee": mentee_id, "why": "forbidden", "feasible_mentors": 0, "eliminated_by": {}}
            for mentee_id in run.matches.filter(status=MatchStatus.WITHDRAWN).values_list(
                "mentee_id", flat=True
            )
        ]
        if run.status == RunStatus.STAGED
        else []
    )
    ids = [row["mentee"] for row in rows]
    names = dict(User.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [dict(row, name=names.get(row["mentee"], "?")) for row in rows]


def any_pending(programme: Programme) -> bool:
    return Match.objects.filter(Q(programme=programme) & Q(status=MatchStatus.PUBLISHED)).exists()
