"""Pages of 360° feedback: a community's cycles, a cycle and its progress (counts only),
choosing and approving raters, the rater's form, the report, and the director's view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.communities.access import access_community
from salon.core.errors import Conflict
from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import can
from salon.feedback import charts
from salon.feedback.access import (
    access_cycle,
    access_nomination,
    access_participant,
    access_report,
)
from salon.feedback.forms.cycles import (
    CycleForm,
    GroupLimitsForm,
    NominationForm,
    ShareForm,
    answers_from,
)
from salon.feedback.models import RaterGroup

# Modules, not names: several views are named after the service they call.
from salon.feedback.selectors import cycles as cycle_selectors
from salon.feedback.services import cycles as cycle_services
from salon.goals.relations import mentors_of


def _refusal(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
def cycles(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "feedback.take_part")
    context = {
        "community": community,
        "cycles": cycle_selectors.cycles_for(request.user, community),
        "invitations": [
            n
            for n in cycle_selectors.invitations_for(request.user)
            if n.participant.cycle.community_id == community.pk
        ],
        "reports": cycle_selectors.reports_for(request.user, community=community),
        "may_manage": can(request.user, "feedback_cycle.manage", community),
        "may_overview": can(request.user, "feedback.overview", community),
    }
    return render(request, "feedback/cycles.html", context)


@login_required
def cycle_new(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "feedback_cycle.manage")
    form = CycleForm(request.POST or None, community=community)
    limits = GroupLimitsForm(request.POST or None, prefix="raters")
    status = 200
    if request.method == "POST":
        if form.is_valid() and limits.is_valid():
            data = form.cleaned_data
            plan = cycle_services.CyclePlan(
                title=data["title"],
                competencies=list(data["competencies"]),
                behaviours=list(data["behaviours"]),
                opens_on=data["opens_on"],
                nominations_close_on=data["nominations_close_on"],
                closes_on=data["closes_on"],
                questions=form.questions(),
                scale=form.scale_points(),
                circle=data["circle"],
                people=list(data["people"]),
                threshold=data["threshold"],
                group_limits=limits.limits(),
            )
            try:
                cycle = cycle_services.cycle_create(
                    actor=request.user, community=community, plan=plan
                )
            except ValidationError as exc:
                form.add_error(None, _refusal(exc))
            else:
                messages.success(
                    request, _("The cycle is open: people reviewed now choose raters.")
                )
                return redirect(cycle.get_absolute_url())
        status = 400
    return render(
        request,
        "feedback/cycle_form.html",
        {"community": community, "form": form, "limits": limits},
        status=status,
    )


@login_required
def cycle(request: AuthenticatedHttpRequest, cycle_id: int) -> HttpResponse:
    cycle = access_cycle(request.user, cycle_id)
    may_manage = can(request.user, "feedback_cycle.manage", cycle.community)
    context = {
        "community": cycle.community,
        "cycle": cycle,
        "items": cycle_selectors.items_of(cycle),
        "progress": cycle_selectors.participants_progress(cycle) if may_manage else None,
        "own": cycle_selectors.own_participation(cycle, request.user),
        "invitations": cycle_selectors.invitations_for(request.user, cycle=cycle),
        "may_close": can(request.user, "feedback_cycle.close", cycle),
    }
    return render(request, "feedback/cycle.html", context)


@login_required
@require_POST
def cycle_close(request: AuthenticatedHttpRequest, cycle_id: int) -> HttpResponse:
    cycle = access_cycle(request.user, cycle_id, "feedback_cycle.close")
    try:
        cycle_services.cycle_close(actor=request.user, cycle=cycle)
    except Conflict as exc:
        messages.info(request, _refusal(exc))
    else:
        messages.success(
            request, _("The cycle is closed: everyone reviewed can read their report.")
        )
    return redirect(cycle.get_absolute_url())


@login_required
def nominations(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant = access_participant(request.user, participant_id)
    may_edit = can(request.user, "feedback_nomination.edit", participant)
    form = NominationForm(request.POST or None, participant=participant) if may_edit else None
    status = 200
    if request.method == "POST":
        if form is None:
            return HttpResponse(status=403)
        if form.is_valid():
            try:
                cycle_services.nomination_add(
                    actor=request.user,
                    participant=participant,
                    rater=form.cleaned_data["rater"],
                    group=form.cleaned_data["group"],
                )
            except ValidationError as exc:
                form.add_error(None, _refusal(exc))
            else:
                return redirect(participant.get_nominate_url())
        status = 400
    context = {
        "community": participant.cycle.community,
        "cycle": participant.cycle,
        "participant": participant,
        "limits": [
            (RaterGroup(group).label, low, high)
            for group, (low, high) in participant.cycle.group_limits.items()
        ],
        "nominations": cycle_selectors.nominations_of(participant),
        "form": form,
        "may_edit": may_edit,
        "may_approve": can(request.user, "feedback_nomination.approve", participant),
        "is_person": participant.person_id == request.user.pk,
    }
    return render(request, "feedback/nominations.html", context, status=status)


@login_required
@require_POST
def nomination_remove(
    request: AuthenticatedHttpRequest, participant_id: int, nomination_id: int
) -> HttpResponse:
    participant = access_participant(request.user, participant_id, "feedback_nomination.edit")
    nomination = next(
        (n for n in cycle_selectors.nominations_of(participant) if n.pk == nomination_id), None
    )
    if nomination is None:
        return HttpResponse(status=404)
    nomination.participant = participant
    try:
        cycle_services.nomination_remove(actor=request.user, nomination=nomination)
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
    return redirect(participant.get_nominate_url())


@login_required
@require_POST
def nominations_submit(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant = access_participant(request.user, participant_id, "feedback_nomination.edit")
    try:
        cycle_services.nominations_submit(actor=request.user, participant=participant)
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, _("Sent for approval."))
    return redirect(participant.get_nominate_url())


@login_required
@require_POST
def nominations_approve(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant = access_participant(request.user, participant_id, "feedback_nomination.approve")
    if request.POST.get("decision") == "return":
        cycle_services.nominations_return(actor=request.user, participant=participant)
        messages.success(request, _("Sent back to change."))
    else:
        cycle_services.nominations_approve(actor=request.user, participant=participant)
        messages.success(request, _("Approved: the raters are invited."))
    return redirect(participant.get_nominate_url())


@login_required
def answer(request: AuthenticatedHttpRequest, nomination_id: int) -> HttpResponse:
    nomination = access_nomination(request.user, nomination_id)
    cycle = nomination.participant.cycle
    items = cycle_selectors.items_of(cycle)
    error = ""
    status = 200
    draft = nomination.draft or {}
    scores, comments = draft.get("scores", {}), draft.get("comments", [])
    if request.method == "POST":
        if not can(request.user, "feedback_response.answer", nomination):
            return HttpResponse(status=403)
        scores, comments = answers_from(request.POST, items=items, questions=len(cycle.questions))
        submit = request.POST.get("action") == "send"
        try:
            cycle_services.response_save(
                actor=request.user,
                nomination=nomination,
                scores=scores,
                comments=comments,
                submit=submit,
            )
        except (ValidationError, Conflict) as exc:
            error, status = _refusal(exc), 400
        else:
            if submit:
                messages.success(request, _("Thank you: your feedback is sent, without your name."))
                return redirect("feedback:cycles", cycle.community.slug)
            messages.success(request, _("Saved as a draft: only you can see it."))
            return redirect(nomination.get_absolute_url())
    context = {
        "community": cycle.community,
        "cycle": cycle,
        "nomination": nomination,
        "items": items,
        "points": list(enumerate(cycle.scale, start=1)),
        "rows": [(item, str(scores.get(str(item.pk)) or "")) for item in items],
        "questions": [
            (n, q, comments[n] if n < len(comments) else "") for n, q in enumerate(cycle.questions)
        ],
        "may_answer": can(request.user, "feedback_response.answer", nomination),
        "error": error,
    }
    return render(request, "feedback/answer.html", context, status=status)


@login_required
def report(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant = access_report(request.user, participant_id)
    cycle_services.report_open(actor=request.user, participant=participant)
    view = cycle_selectors.report_view(participant)
    is_person = participant.person_id == request.user.pk
    mentors = (
        mentors_of(participant.person_id, participant.cycle.community_id) if is_person else set()
    )
    context = {
        "community": participant.cycle.community,
        "cycle": participant.cycle,
        "participant": participant,
        "view": view,
        "chart": charts.self_and_others(view),
        "is_person": is_person,
        "share_form": ShareForm(mentors=mentors) if mentors else None,
        "shared_with": participant.shared_with,  # type: ignore[attr-defined]
    }
    return render(request, "feedback/report.html", context)


@login_required
@require_POST
def report_goal(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant = access_report(request.user, participant_id, "feedback_report.own")
    view = cycle_selectors.report_view(participant)
    row = next(
        (
            r
            for r in view.report.competencies
            if str(r.competency) == request.POST.get("competency")
        ),
        None,
    )
    if row is None:
        messages.error(request, _("Choose a competency of this report."))
        return redirect(participant.get_absolute_url())
    competency = view.competencies[row.competency]
    gap = _(
        "Close the gap in %(competency)s: I rated myself %(own)s, others %(others)s (on 1–%(n)d)."
    ) % {
        "competency": competency.name,
        "own": row.self,
        "others": row.others,
        "n": view.report.points,
    }
    goal = cycle_services.gap_goal_create(
        actor=request.user, participant=participant, competency=competency, gap=gap
    )
    messages.success(request, _("A development goal is set: make it yours."))
    return redirect(goal.get_absolute_url())


@login_required
@require_POST
def report_share(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant = access_report(request.user, participant_id, "feedback_report.own")
    mentors = mentors_of(participant.person_id, participant.cycle.community_id)
    form = ShareForm(request.POST, mentors=mentors)
    if not form.is_valid():
        messages.error(request, _("Choose your mentor."))
        return redirect(participant.get_absolute_url())
    try:
        cycle_services.report_share(
            actor=request.user, participant=participant, mentor=form.cleaned_data["mentor"]
        )
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, _("Shared with your mentor."))
    return redirect(participant.get_absolute_url())


@login_required
def overview(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "feedback.overview")
    data = cycle_selectors.overview(community)
    context = {
        "community": community,
        "overview": data,
        "heatmap": charts.heatmap(data),
    }
    return render(request, "feedback/overview.html", context)
