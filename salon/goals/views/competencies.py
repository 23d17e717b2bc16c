"""The pages of a community's competency framework: its competencies and levels, editing,
retiring, and restoring the defaults."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.communities.access import access_community
from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import can
from salon.goals import selectors
from salon.goals.access import access_competency
from salon.goals.forms import (
    CompetencyForm,
    competency_initial,
)
from salon.goals.framework import default_framework
from salon.goals.services import competencies as competency_services


def _refusal(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _level_names(competency: Any = None) -> list[str]:
    if competency is not None and competency.levels.all():
        return [level.name for level in competency.levels.all()]
    return list(default_framework().level_names)


@login_required
def competencies(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "objective.list")
    may_manage = can(request.user, "competency.manage", community)
    add_form = CompetencyForm(prefix="new", new=True, level_names=_level_names())
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        add_form = CompetencyForm(request.POST, prefix="new", new=True, level_names=_level_names())
        if add_form.is_valid():
            try:
                competency_services.competency_create(
                    actor=request.user,
                    community=community,
                    name=add_form.cleaned_data["name"],
                    description=add_form.cleaned_data["description"],
                    behaviours=add_form.behaviour_list(),
                    levels=add_form.level_list(),
                )
            except ValidationError as exc:
                add_form.add_error(None, _refusal(exc))
            else:
                messages.success(request, _("Competency added."))
                return redirect("goals:competencies", slug=community.slug)
    framework = selectors.framework_for(community, retired=may_manage)
    rows = [
        (
            competency,
            CompetencyForm(
                prefix=f"c{competency.pk}",
                level_names=_level_names(competency),
                initial=competency_initial(competency),
            )
            if may_manage
            else None,
        )
        for competency in framework.competencies
    ]
    return render(
        request,
        "goals/competencies.html",
        {
            "community": community,
            "rows": rows,
            "framework": framework,
            "history": selectors.framework_history(community=community) if may_manage else [],
            "may_manage": may_manage,
            "add_form": add_form,
            "tab": "objectives",
        },
    )


@login_required
@require_POST
def competency_edit(
    request: AuthenticatedHttpRequest, slug: str, competency_id: int
) -> HttpResponse:
    community = access_community(request.user, slug, "objective.list")
    competency = access_competency(request.user, community, competency_id)
    form = CompetencyForm(
        request.POST, prefix=f"c{competency.pk}", level_names=_level_names(competency)
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            competency_services.competency_update(
                actor=request.user,
                competency=competency,
                name=data["name"],
                description=data["description"],
                position=data["position"] if data["position"] is not None else competency.position,
                behaviours=form.behaviour_list(),
                levels=form.level_list(),
            )
        except ValidationError as exc:
            messages.error(request, _refusal(exc))
        else:
            messages.success(request, _("%(name)s saved.") % {"name": competency.name})
    else:
        messages.error(request, _form_refusal(form))
    return redirect(
        f"{reverse('goals:competencies', args=[community.slug])}#competency-{competency.pk}"
    )


def _form_refusal(form: CompetencyForm) -> str:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        return f"{label}: {errors[0]}" if label else str(errors[0])
    return str(_("Please check the form."))


@login_required
@require_POST
def competency_retire(
    request: AuthenticatedHttpRequest, slug: str, competency_id: int
) -> HttpResponse:
    community = access_community(request.user, slug, "objective.list")
    competency = access_competency(request.user, community, competency_id)
    retire = request.POST.get("retired", "1") == "1"
    competency_services.competency_retire(actor=request.user, competency=competency, retired=retire)
    messages.success(
        request,
        _("Competency retired: goals that use it keep it.")
        if retire
        else _("Competency restored."),
    )
    return redirect("goals:competencies", slug=community.slug)


@login_required
@require_POST
def competency_defaults(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "competency.manage")
    added = competency_services.competency_defaults_restore(actor=request.user, community=community)
    messages.success(request, _("%(n)d default competencies added or restored.") % {"n": added})
    return redirect("goals:competencies", slug=community.slug)


# The stewards' overview -------------------------------------------------------------------
