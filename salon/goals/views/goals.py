"""Pages of personal goals: My goals, a goal with its check-ins and encouragement, the
goal form, and a circle's board of shared goals."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.communities.access import access_circle, access_community
from salon.communities.models import PARTICIPANT_ROLES, CircleMembership
from salon.communities.roles import memberships_of
from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import can
from salon.goals import selectors
from salon.goals.access import access_goal, access_milestone
from salon.goals.forms import (
    CheckInForm,
    EncouragementForm,
    GoalForm,
    MilestoneForm,
    MilestoneFormSet,
)
from salon.goals.models import Cadence, EncouragementKind, Goal, GoalStatus, Objective
from salon.goals.progress import on_time_streak, progress_chart

# A module, not its names: several views are named after the service they call.
from salon.goals.services import goals as goal_services

# 24 goal cards a page: each is a meter, a tally and a cheer button; 60 made the board
# cost twice any other page (issue #13).
BOARD_PAGE_SIZE = 24


def _chart_of(history: list[Any], **size: int) -> Any:
    return progress_chart([(timezone.localtime(c.at).date(), c.progress) for c in history], **size)


def _refusal(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# My goals ---------------------------------------------------------------------------------


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    goals = list(selectors.goals_of(owner=request.user))
    today = timezone.localdate()
    for goal in goals:
        history = goal.history  # type: ignore[attr-defined]
        goal.chart = _chart_of(history, width=240, height=80)  # type: ignore[attr-defined]
        goal.streak = on_time_streak(  # type: ignore[attr-defined]
            [timezone.localtime(c.at).date() for c in history],
            cadence_days=goal_services.CADENCE_DAYS[Cadence(goal.cadence)],
        )
        goal.is_due = goal.is_active and goal.next_check_in_due <= today  # type: ignore[attr-defined]
    communities = [
        m.community for m in memberships_of(request.user).values() if m.role in PARTICIPANT_ROLES
    ]
    circles = (
        CircleMembership.objects.filter(user=request.user)
        .select_related("circle__community")
        .order_by("circle__community__name", "circle__name")
    )
    return render(
        request,
        "goals/mine.html",
        {
            "active": [g for g in goals if g.status == GoalStatus.ACTIVE],
            "closed": [g for g in goals if g.status != GoalStatus.ACTIVE],
            "communities": sorted(communities, key=lambda c: c.name),
            "circles": [cm.circle for cm in circles],
            "partnering": Goal.objects.filter(
                partner=request.user, status=GoalStatus.ACTIVE
            ).select_related("owner", "community"),
        },
    )


@login_required
def choose_community(request: AuthenticatedHttpRequest) -> HttpResponse:
    communities = [
        m.community for m in memberships_of(request.user).values() if m.role in PARTICIPANT_ROLES
    ]
    if len(communities) == 1:
        return redirect("goals:create", slug=communities[0].slug)
    return render(
        request,
        "goals/choose_community.html",
        {"communities": sorted(communities, key=lambda c: c.name)},
    )


@login_required
def create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "goal.create")
    data = request.POST if request.method == "POST" else None
    initial = {"objective": request.GET.get("objective")} if request.GET.get("objective") else None
    form = GoalForm(data, owner=request.user, community=community, initial=initial)
    milestones = MilestoneFormSet(data, prefix="ms")
    if request.method == "POST" and form.is_valid() and milestones.is_valid():
        fields = form.cleaned_data
        try:
            goal = goal_services.goal_create(
                owner=request.user,
                community=community,
                milestones=[
                    goal_services.MilestonePlan(title=m["title"], due=m.get("due"))
                    for m in milestones.cleaned_data
                    if m.get("title")
                ],
                **fields,
            )
        except ValidationError as exc:
            form.add_error(None, _refusal(exc))
        else:
            messages.success(request, _("Your goal is set. Check in when the time comes."))
            return redirect(goal.get_absolute_url())
    return render(
        request,
        "goals/form.html",
        {"community": community, "form": form, "milestones": milestones, "creating": True},
    )


@login_required
def edit(request: AuthenticatedHttpRequest, goal_id: int) -> HttpResponse:
    goal = access_goal(request.user, goal_id, "goal.edit")
    initial = {
        "title": goal.title,
        "competency": goal.competency_id,
        "objective": goal.objective_id,
        "success_looks_like": goal.success_looks_like,
        "visibility": goal.visibility,
        "circle": goal.circle_id,
        "cadence": goal.cadence,
        "partner": goal.partner_id,
    }
    form = GoalForm(
        request.POST or None,
        owner=request.user,
        community=goal.community,
        keep_competency=goal.competency_id,
        initial=initial,
    )
    if goal.objective is not None:
        # A goal keeps its link to an objective that was archived since.
        field: Any = form.fields["objective"]
        field.queryset = field.queryset | Objective.objects.filter(pk=goal.objective.pk)
    if request.method == "POST" and form.is_valid():
        try:
            goal_services.goal_update(actor=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _refusal(exc))
        else:
            messages.success(request, _("Goal saved."))
            return redirect(goal.get_absolute_url())
    return render(
        request,
        "goals/form.html",
        {"community": goal.community, "form": form, "goal": goal, "creating": False},
    )


# One goal ---------------------------------------------------------------------------------


def _detail_context(request: AuthenticatedHttpRequest, goal: Goal, **extra: Any) -> dict[str, Any]:
    history = selectors.goal_detail_history(goal=goal)
    encouragements = list(selectors.encouragements_of(goal=goal))
    goal.viewer_cheered = any(  # type: ignore[attr-defined]
        e.kind == EncouragementKind.CHEER and e.author_id == request.user.pk for e in encouragements
    )
    return {
        "goal": goal,
        "community": goal.community,
        "is_owner": goal.owner_id == request.user.pk,
        "may_edit": can(request.user, "goal.edit", goal),
        "may_check_in": can(request.user, "goal.check_in", goal),
        "may_see_notes": can(request.user, "goal.view_check_ins", goal),
        "may_encourage": can(request.user, "goal.encourage", goal),
        "history": list(reversed(history)),
        "chart": _chart_of(history),
        "milestones": list(goal.milestones.all()),
        "encouragements": encouragements,
        "revisions": list(goal.revisions.all()[:10]),
        "check_in_form": extra.pop("check_in_form", None) or CheckInForm(),
        "encourage_form": extra.pop("encourage_form", None) or EncouragementForm(),
        "milestone_form": MilestoneForm(prefix="new"),
        **extra,
    }


@login_required
def detail(request: AuthenticatedHttpRequest, goal_id: int) -> HttpResponse:
    goal = access_goal(request.user, goal_id)
    return render(request, "goals/detail.html", _detail_context(request, goal))


@login_required
@require_POST
def check_in(request: AuthenticatedHttpRequest, goal_id: int) -> HttpResponse:
    goal = access_goal(request.user, goal_id, "goal.check_in")
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            goal_services.check_in_create(actor=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _refusal(exc))
        else:
            messages.success(
                request,
                _("Checked in. Your next check-in is due %(day)s.")
                % {"day": date_format(goal.next_check_in_due, "WEEKDAY_DAY_MONTH")},
            )
            return redirect(goal.get_absolute_url())
    context = _detail_context(request, goal, check_in_form=form)
    return render(request, "goals/detail.html", context, status=400)


@login_required
@require_POST
def set_status(request: AuthenticatedHttpRequest, goal_id: int) -> HttpResponse:
    goal = access_goal(request.user, goal_id, "goal.edit")
    try:
        goal_services.goal_set_status(
            actor=request.user, goal=goal, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
    else:
        said = {
            GoalStatus.ACHIEVED: _("Congratulations: goal achieved."),
            GoalStatus.DROPPED: _("Goal dropped. It stays in your history."),
            GoalStatus.ACTIVE: _("Goal active again."),
        }
        messages.success(request, said[GoalStatus(goal.status)])
    return redirect(goal.get_absolute_url())


@login_required
@require_POST
def encourage(request: AuthenticatedHttpRequest, goal_id: int) -> HttpResponse:
    goal = access_goal(request.user, goal_id, "goal.encourage")
    if request.POST.get("kind") == EncouragementKind.CHEER:
        goal_services.encouragement_create(
            actor=request.user, goal=goal, kind=EncouragementKind.CHEER
        )
        if request.htmx:
            board_goal = selectors.for_viewer(Goal.objects.filter(pk=goal.pk), user=request.user)
            on_board = request.POST.get("on_board") == "1"
            context = {"goal": board_goal.get(), "on_board": on_board}
            return render(request, "goals/_cheered.html", context)
        messages.success(request, _("Cheer sent."))
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = goal.get_absolute_url()
        return redirect(back)
    form = EncouragementForm(request.POST)
    if form.is_valid():
        try:
            goal_services.encouragement_create(actor=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _refusal(exc))
        else:
            messages.success(
                request,
                _("Sent. %(name)s will be glad of it.") % {"name": goal.owner.get_short_name()},
            )
            return redirect(goal.get_absolute_url() + "#encouragement")
    context = _detail_context(request, goal, encourage_form=form)
    return render(request, "goals/detail.html", context, status=400)


# Milestones -------------------------------------------------------------------------------


def _milestones_response(request: AuthenticatedHttpRequest, goal: Goal) -> HttpResponse:
    if request.htmx:
        return render(
            request,
            "goals/_milestones.html",
            {"goal": goal, "milestones": list(goal.milestones.all()), "may_edit": True},
        )
    return redirect(goal.get_absolute_url() + "#milestones")


@login_required
@require_POST
def milestone_add(request: AuthenticatedHttpRequest, goal_id: int) -> HttpResponse:
    goal = access_goal(request.user, goal_id, "goal.edit")
    form = MilestoneForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            goal_services.milestone_add(actor=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _refusal(exc))
    else:
        messages.error(request, _("Name the milestone, and give a valid date if any."))
    return redirect(goal.get_absolute_url() + "#milestones")


@login_required
@require_POST
def milestone_toggle(
    request: AuthenticatedHttpRequest, goal_id: int, milestone_id: int
) -> HttpResponse:
    goal = access_goal(request.user, goal_id, "goal.edit")
    goal_services.milestone_toggle(
        actor=request.user, milestone=access_milestone(request.user, goal, milestone_id)
    )
    return _milestones_response(request, goal)


@login_required
@require_POST
def milestone_remove(
    request: AuthenticatedHttpRequest, goal_id: int, milestone_id: int
) -> HttpResponse:
    goal = access_goal(request.user, goal_id, "goal.edit")
    goal_services.milestone_remove(
        actor=request.user, milestone=access_milestone(request.user, goal, milestone_id)
    )
    return _milestones_response(request, goal)


# A circle's board -------------------------------------------------------------------------


@login_required
def board(request: AuthenticatedHttpRequest, slug: str, circle_slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    circle = access_circle(request.user, community, circle_slug)
    goals = selectors.circle_board(user=request.user, circle=circle)
    page = Paginator(goals, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "goals/board.html",
        {
            "community": community,
            "circle": circle,
            "page": page,
            "querystring": "",
            "viewer_in_circle": bool(circle.viewer_is_member),  # type: ignore[attr-defined]
        },
    )
