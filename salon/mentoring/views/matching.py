"""Pages of matching: the director's review of a run (pin, forbid, swap, re-run, publish),
a pair's "why this match" with each side's answer, and a mentee's suggestions in
mentee-choice mode."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import can
from salon.mentoring.access import access_forbidden_pair, access_match, access_programme
from salon.mentoring.engine import explain
from salon.mentoring.models import (
    Match,
    MatchingMode,
    MatchStatus,
    ProgrammeStatus,
    RunStatus,
    Side,
)
from salon.mentoring.selectors.cohorts import reasons_json
from salon.mentoring.selectors.matching import (
    answered_matches,
    competency_names,
    forbidden_pairs_of,
    latest_staged_run,
    live_summary,
    match_in_programme,
    mentee_enrolment,
    pair_enrolments,
    pairs_of_run,
    pending_request,
    review_state,
    rule_names,
    run_shown,
    runs_of,
    suggestions_for,
    swap_candidates,
    unmatched_people,
    waiting_people,
)
from salon.mentoring.services import answers, matching


def _refusal(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _may_read_reason(user: Any, match: Match) -> bool:
    """The decliner's reason is for the programme team, not for the person declined."""
    if user.pk not in (match.mentee_id, match.mentor_id):
        return True
    mentee_declined = match.mentee_answer == "declined" and user.pk == match.mentee_id
    mentor_declined = match.mentor_answer == "declined" and user.pk == match.mentor_id
    return mentee_declined or mentor_declined


def _review_url(programme: object) -> str:
    from django.urls import reverse

    return reverse("mentoring:review", args=[programme.community.slug, programme.pk])  # type: ignore[attr-defined]


@login_required
def review(request: AuthenticatedHttpRequest, slug: str, programme_id: int) -> HttpResponse:
    programme = access_programme(request.user, slug, programme_id, "programme.manage")
    run = latest_staged_run(programme)
    shown = run_shown(programme, run)
    pairs: list[Match] = []
    names: dict[int, str] = {}
    scores: list[float] = []
    if shown is not None:
        pairs = pairs_of_run(shown)
        names = competency_names(p.reasons for p in pairs)
        for pair in pairs:
            pair.top_reasons = [  # type: ignore[attr-defined]
                explain.sentence(r, names) for r in pair.reasons[:2]
            ]
            scores.append(pair.score)
    maximum = sum(float(w) for w in programme.weights.values())
    diagnostics = shown.diagnostics if shown else {}
    live = live_summary(programme, shown, pairs) if shown else None
    waiting = answered_matches(programme)
    for answered in waiting:
        answered.reason_shown = (  # type: ignore[attr-defined]
            answered.decline_reason if _may_read_reason(request.user, answered) else ""
        )
    return render(
        request,
        "mentoring/review.html",
        {
            "community": programme.community,
            "programme": programme,
            "run": run,
            "shown": shown,
            "pairs": pairs,
            "diagnostics": diagnostics,
            "live": live,
            "target": diagnostics.get("target") if diagnostics else None,
            "histogram": explain.histogram(scores, maximum),
            "maximum": maximum,
            "unmatched": unmatched_people(run) if run else [],
            "waiting": [] if run else waiting_people(programme),
            "rule_names": rule_names(),
            "state": review_state(programme),
            "answered": waiting,
            "forbidden": forbidden_pairs_of(programme),
            "runs": runs_of(programme),
            "has_target": bool(programme.target_attribute),
        },
    )


@login_required
@require_POST
def run_matching(request: AuthenticatedHttpRequest, slug: str, programme_id: int) -> HttpResponse:
    programme = access_programme(request.user, slug, programme_id, "programme.manage")
    was_enrolling = programme.status == ProgrammeStatus.ENROLLING
    try:
        run = matching.run_matching(
            programme, actor=request.user, apply_target=request.POST.get("target") == "1"
        )
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
    else:
        d = run.diagnostics
        messages.success(
            request,
            _(
                "Run %(n)s: %(matched)s matched, %(unmatched)s without a mentor. Nothing is "
                "sent until you publish."
            )
            % {"n": run.number, "matched": d["matched"], "unmatched": d["unmatched"]},
        )
        if was_enrolling:
            messages.info(request, _("Enrolment is now closed: the programme is in matching."))
    return redirect(_review_url(programme))


@login_required
@require_POST
def publish(request: AuthenticatedHttpRequest, slug: str, programme_id: int) -> HttpResponse:
    programme = access_programme(request.user, slug, programme_id, "programme.manage")
    run = latest_staged_run(programme)
    if run is None:
        messages.error(request, _("There is no run in review to publish."))
        return redirect(_review_url(programme))
    try:
        count = matching.publish(run, actor=request.user)
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(
            request,
            ngettext(
                "%(n)s pair published: both sides are asked to accept within %(d)s days.",
                "%(n)s pairs published: both sides are asked to accept within %(d)s days.",
                count,
            )
            % {"n": count, "d": programme.response_days},
        )
    return redirect(_review_url(programme))


@login_required
def match_detail(request: AuthenticatedHttpRequest, match_id: int) -> HttpResponse:
    match = access_match(request.user, match_id)
    programme = match.programme
    names = competency_names([match.reasons])
    manages = can(request.user, "programme.manage", programme)
    others = swap_candidates(match) if manages else []
    enrolments = pair_enrolments(match)
    mentorship = (
        getattr(match, "mentorship", None) if match.status == MatchStatus.ACCEPTED else None
    )
    return render(
        request,
        "mentoring/match.html",
        {
            "community": programme.community,
            "programme": programme,
            "match": match,
            "reasons": [
                explain.sentence(r, names, you=request.user.pk == match.mentee_id)
                for r in match.reasons
            ],
            "bars": explain.bars(match.breakdown, programme.weights),
            "manages": manages,
            "others": others,
            "may_answer": can(request.user, "match.respond", match),
            "reason_shown": match.decline_reason
            if manages and _may_read_reason(request.user, match)
            else "",
            "viewer_is_mentee": request.user.pk == match.mentee_id,
            "mentee_enrolment": enrolments.get(Side.MENTEE),
            "mentor_enrolment": enrolments.get(Side.MENTOR),
            "mentorship": mentorship
            if mentorship and can(request.user, "mentorship.view", mentorship)
            else None,
        },
    )


@login_required
@require_POST
def pin(request: AuthenticatedHttpRequest, match_id: int) -> HttpResponse:
    match = access_match(request.user, match_id)
    programme = access_programme(
        request.user, match.programme.community.slug, match.programme_id, "programme.manage"
    )
    try:
        matching.pin(match, actor=request.user, pinned=request.POST.get("pinned", "1") == "1")
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(
            request,
            _("Pinned: the next run keeps this pair.")
            if match.pinned
            else _("Unpinned: the next run may change this pair."),
        )
    if request.POST.get("next") == "match":
        return redirect("mentoring:match", match_id=match.pk)
    return redirect(_review_url(programme))


@login_required
@require_POST
def forbid(request: AuthenticatedHttpRequest, match_id: int) -> HttpResponse:
    match = access_match(request.user, match_id)
    programme = access_programme(
        request.user, match.programme.community.slug, match.programme_id, "programme.manage"
    )
    try:
        matching.forbid(match, actor=request.user)
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(
            request,
            _("%(a)s and %(b)s will not be paired. Re-run to find %(a)s another mentor.")
            % {"a": match.mentee.name, "b": match.mentor.name},
        )
    return redirect(_review_url(programme))


@login_required
@require_POST
def allow_again(request: AuthenticatedHttpRequest, forbidden_id: int) -> HttpResponse:
    pair = access_forbidden_pair(request.user, forbidden_id)
    matching.allow_again(pair, actor=request.user)
    messages.success(request, _("Later runs may propose this pair again."))
    return redirect(_review_url(pair.programme))


@login_required
@require_POST
def swap(request: AuthenticatedHttpRequest, match_id: int) -> HttpResponse:
    match = access_match(request.user, match_id)
    programme = access_programme(
        request.user, match.programme.community.slug, match.programme_id, "programme.manage"
    )
    other = match_in_programme(programme.pk, int(request.POST.get("other") or 0))
    if other is None:
        messages.error(request, _("Choose the pair to swap mentors with."))
        return redirect("mentoring:match", match_id=match.pk)
    try:
        matching.swap(match, other, actor=request.user)
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
        return redirect("mentoring:match", match_id=match.pk)
    messages.success(request, _("Mentors swapped; both pairs are pinned."))
    return redirect(_review_url(programme))


@login_required
@require_POST
def answer(request: AuthenticatedHttpRequest, match_id: int) -> HttpResponse:
    match = access_match(request.user, match_id, "match.respond")
    accept = request.POST.get("answer") == "accept"
    try:
        match = answers.answer(
            match, user=request.user, accept=accept, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
        return redirect("mentoring:match", match_id=match.pk)
    if match.status == MatchStatus.ACCEPTED:
        messages.success(request, _("You both accepted: your mentorship begins."))
        return redirect("mentoring:mentorship", mentorship_id=match.mentorship.pk)
    if accept:
        messages.success(request, _("Accepted. We will tell you when the other side answers."))
    else:
        messages.success(request, _("Declined. The programme team will find another match."))
    return redirect("mentoring:match", match_id=match.pk)


@login_required
def suggestions(request: AuthenticatedHttpRequest, slug: str, programme_id: int) -> HttpResponse:
    programme = access_programme(request.user, slug, programme_id)
    enrolment = mentee_enrolment(programme, request.user)
    if programme.mode != MatchingMode.MENTEE_CHOICE or enrolment is None:
        messages.info(request, _("Suggestions are for mentees of programmes where they choose."))
        return redirect(programme.get_absolute_url())
    if request.method == "POST":
        try:
            match = answers.request_mentor(
                programme,
                mentee=request.user,
                mentor_id=int(request.POST.get("mentor") or 0),
                message=request.POST.get("message", ""),
            )
        except (ValidationError, ValueError) as exc:
            messages.error(request, _refusal(exc) if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(
                request,
                _("Request sent to %(name)s, who has %(d)s days to answer.")
                % {"name": match.mentor.name, "d": programme.response_days},
            )
            return redirect("mentoring:match", match_id=match.pk)
    pending = pending_request(programme, request.user)
    found = [] if pending else suggestions_for(programme, request.user)
    names = competency_names([reasons_json(s.pair) for s in found])
    for suggestion in found:
        suggestion.sentences = [
            explain.sentence(r, names, you=True) for r in reasons_json(suggestion.pair)
        ]
    return render(
        request,
        "mentoring/suggestions.html",
        {
            "community": programme.community,
            "programme": programme,
            "suggestions": found,
            "pending": pending,
            "maximum": sum(float(w) for w in programme.weights.values()),
            "run_status": RunStatus,
        },
    )
