"""Pages of a community's shared objectives and key results, and the stewards' aggregate
overview of goals."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.communities.access import access_community
from salon.communities.models import Community
from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import can
from salon.goals import selectors
from salon.goals.access import access_key_result, access_objective
from salon.goals.forms import (
    KeyResultDefinitionForm,
    KeyResultForm,
    KeyResultFormSet,
    KeyResultValueForm,
    ObjectiveForm,
)
from salon.goals.models import KeyResult
from salon.goals.services import objectives as objective_services


def _refusal(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _plan(data: dict[str, Any]) -> objective_services.KeyResultPlan:
    return objective_services.KeyResultPlan(
        title=data["title"],
        kind=data["kind"],
        target=data.get("target"),
        baseline=data.get("baseline") or 0,
        unit=data.get("unit", ""),
        currency=data.get("currency", ""),
        due=data.get("due"),
    )


def _objectives_url(community: Community) -> str:
    return reverse("goals:objectives", args=[community.slug])


# Objectives -------------------------------------------------------------------------------


def _key_result_context(
    request: AuthenticatedHttpRequest, key_result: KeyResult, form: Any = None, error: str = ""
) -> dict[str, Any]:
    may_update = can(request.user, "keyresult.update", key_result)
    return {
        "kr": key_result,
        "may_update": may_update,
        "may_edit": can(request.user, "keyresult.edit", key_result),
        "form": form or (KeyResultValueForm(key_result=key_result) if may_update else None),
        "error": error,
    }


@login_required
def objectives(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "objective.list")
    archived = request.GET.get("archived") == "1"
    found = selectors.objectives_for(user=request.user, community=community, archived=archived)
    for objective in found:
        for kr in objective.krs:  # type: ignore[attr-defined]
            kr.view = _key_result_context(request, kr)
    return render(
        request,
        "goals/objectives.html",
        {
            "community": community,
            "objectives": found,
            "archived": archived,
            "tab": "objectives",
            "may_manage": can(request.user, "objective.manage", community),
            "may_create_goal": can(request.user, "goal.create", community),
        },
    )


CARD_SIZE = 4


@login_required
def objectives_card(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The community home's card: current objectives and their progress (htmx)."""
    community = access_community(request.user, slug, "objective.list")
    found = selectors.objectives_for(user=request.user, community=community, history=False)
    return render(
        request,
        "goals/_objectives_card_body.html",
        {
            "community": community,
            "objectives": found[:CARD_SIZE],
            "more": max(len(found) - CARD_SIZE, 0),
            "may_manage": can(request.user, "objective.manage", community),
        },
    )


@login_required
def objective_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "objective.manage")
    data = request.POST if request.method == "POST" else None
    form = ObjectiveForm(data, community=community, initial={"owner": request.user.pk})
    key_results = KeyResultFormSet(data, prefix="kr")
    if request.method == "POST" and form.is_valid() and key_results.is_valid():
        plans = [_plan(kr) for kr in key_results.cleaned_data if kr.get("title")]
        try:
            objective = objective_services.objective_create(
                actor=request.user, community=community, key_results=plans, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, _refusal(exc))
        else:
            messages.success(request, _("Objective set."))
            return redirect(objective.get_absolute_url())
    return render(
        request,
        "goals/objective_form.html",
        {"community": community, "form": form, "key_results": key_results, "tab": "objectives"},
    )


@login_required
def objective_edit(request: AuthenticatedHttpRequest, objective_id: int) -> HttpResponse:
    objective = access_objective(request.user, objective_id, "objective.edit")
    community = objective.community
    initial = {
        name: getattr(objective, name)
        for name in ("title", "why", "period", "starts_on", "ends_on")
    }
    initial.update(circle=objective.circle_id, owner=objective.owner_id)
    form = ObjectiveForm(request.POST or None, community=community, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            objective_services.objective_update(
                actor=request.user, objective=objective, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, _refusal(exc))
        else:
            messages.success(request, _("Objective saved."))
            return redirect(objective.get_absolute_url())
    return render(
        request,
        "goals/objective_form.html",
        {
            "community": community,
            "form": form,
            "objective": objective,
            "key_result_form": KeyResultForm(prefix="new"),
            "tab": "objectives",
        },
    )


@login_required
@require_POST
def objective_archive(request: AuthenticatedHttpRequest, objective_id: int) -> HttpResponse:
    objective = access_objective(request.user, objective_id, "objective.edit")
    archive = request.POST.get("archived", "1") == "1"
    objective_services.objective_archive(actor=request.user, objective=objective, archived=archive)
    messages.success(request, _("Objective archived.") if archive else _("Objective restored."))
    return redirect(_objectives_url(objective.community))


@login_required
@require_POST
def key_result_add(request: AuthenticatedHttpRequest, objective_id: int) -> HttpResponse:
    objective = access_objective(request.user, objective_id, "objective.edit")
    form = KeyResultForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            objective_services.key_result_create(
                actor=request.user, objective=objective, plan=_plan(form.cleaned_data)
            )
        except ValidationError as exc:
            messages.error(request, _refusal(exc))
        else:
            messages.success(request, _("Key result added."))
            return redirect(objective.get_absolute_url())
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("goals:objective_edit", objective_id=objective.pk)


@login_required
@require_POST
def key_result_update(request: AuthenticatedHttpRequest, key_result_id: int) -> HttpResponse:
    """Record a new value, in place with htmx. A stale version (someone updated it since
    the page was loaded) is refused with the value they set; the form then carries the
    current version, so sending it again is a deliberate choice."""
    key_result = access_key_result(request.user, key_result_id)
    form = KeyResultValueForm(request.POST, key_result=key_result)
    shown: KeyResultValueForm | None = form
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            objective_services.key_result_record(
                actor=request.user,
                key_result=key_result,
                value=data["value"],
                confidence=data["confidence"],
                comment=data["comment"],
                expected_version=data["version"],
            )
        except objective_services.StaleKeyResult as exc:
            error = _refusal(exc)
            key_result.refresh_from_db()
            shown = KeyResultValueForm(
                key_result=key_result,
                initial={
                    "value": data["value"],
                    "confidence": data["confidence"],
                    "comment": data["comment"],
                    "version": key_result.version,
                },
            )
        except ValidationError as exc:
            error = _refusal(exc)
        else:
            shown = None
    else:
        error = _("Check the value: %(errors)s") % {
            "errors": " ".join(str(e) for errs in form.errors.values() for e in errs)
        }
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Key result updated."))
        return redirect(key_result.objective.get_absolute_url())
    key_result.latest_updates = list(  # type: ignore[attr-defined]
        key_result.updates.select_related("by").order_by("-at", "-pk")[: selectors.HISTORY_SHOWN]
    )
    context = _key_result_context(request, key_result, form=shown, error=error)
    return render(request, "goals/_key_result.html", {"kr": key_result, "view": context})


@login_required
def key_result_edit(request: AuthenticatedHttpRequest, key_result_id: int) -> HttpResponse:
    """Change what a key result measures. Like a value update, a stale version (someone
    changed it since the form was loaded) is refused with what it is now; the form then
    carries the current version with what you typed, so saving again is deliberate."""
    key_result = access_key_result(request.user, key_result_id, "keyresult.edit")
    objective = key_result.objective
    form = KeyResultDefinitionForm(request.POST or None, key_result=key_result)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            changes = {name: data.get(name) for name in objective_services.DEFINITION_FIELDS}
            changes["baseline"] = changes["baseline"] or 0
            try:
                objective_services.key_result_edit(
                    actor=request.user,
                    key_result=key_result,
                    expected_version=data["version"],
                    **changes,
                )
            except objective_services.StaleKeyResult as exc:
                status = 409
                form.add_error(None, _refusal(exc))
                key_result.refresh_from_db()
                key_result.objective = objective
                data_now = request.POST.copy()
                data_now[form.add_prefix("version")] = str(key_result.version)
                form.data = data_now
            except ValidationError as exc:
                form.add_error(None, _refusal(exc))
            else:
                messages.success(request, _("Key result saved."))
                return redirect(objective.get_absolute_url())
    return render(
        request,
        "goals/key_result_form.html",
        {
            "community": objective.community,
            "objective": objective,
            "kr": key_result,
            "form": form,
            "revisions": selectors.key_result_revisions(key_result=key_result),
            "tab": "objectives",
        },
        status=status,
    )


# The competency framework ----------------------------------------------------------------


@login_required
def overview(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "goal.overview")
    return render(
        request,
        "goals/overview.html",
        {
            "community": community,
            "stats": selectors.overview(community=community),
            "objectives": selectors.objectives_for(
                user=request.user, community=community, history=False
            ),
            "tab": "objectives",
        },
    )
