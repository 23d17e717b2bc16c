"""The pipeline pages: the board (a column per stage) and the funnel report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from salon.communities.access import access_community
from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import require
from salon.innovation import selectors
from salon.innovation.forms import StageForm
from salon.innovation.services.pipeline import stage_update


@login_required
def board(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    require(request.user, "pipeline.view", community)
    columns = selectors.pipeline_board(user=request.user, community=community)
    return render(
        request,
        "innovation/board.html",
        {
            "community": community,
            "flow": [c for c in columns if not c.stage.is_parked],
            "parked": [c for c in columns if c.stage.is_parked],
            "total": sum(c.count for c in columns),
        },
    )


@login_required
def funnel(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    require(request.user, "pipeline.report", community)
    report = selectors.funnel_report(user=request.user, community=community)
    widest = max((row.reached for row in report.rows), default=0) or 1
    bars = [(row, round(100 * row.reached / widest)) for row in report.rows]
    return render(
        request,
        "innovation/funnel.html",
        {"community": community, "report": report, "bars": bars},
    )


@login_required
def stages(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The community's pipeline: each stage's name and gate (who decides, the criteria),
    changed by its directors one stage at a time."""
    community = access_community(request.user, slug, "pipeline.configure")
    all_stages = selectors.stages_of(community)
    forms = {
        s.pk: StageForm(
            prefix=f"s{s.pk}",
            initial={"name": s.name, "deciders": s.deciders, "criteria": s.criteria},
        )
        for s in all_stages
    }
    status = 200
    if request.method == "POST":
        stage = next((s for s in all_stages if str(s.pk) == request.POST.get("stage")), None)
        if stage is None:
            messages.error(request, _("Choose a stage to change."))
            status = 400
        else:
            form = StageForm(request.POST, prefix=f"s{stage.pk}")
            forms[stage.pk] = form
            if form.is_valid():
                try:
                    stage_update(actor=request.user, stage=stage, **form.cleaned_data)
                except ValidationError as exc:
                    form.add_error(None, exc.messages)
                else:
                    messages.success(request, _("“%(name)s” is saved.") % {"name": stage.name})
                    return redirect("innovation:stages", slug=community.slug)
            status = 400
    return render(
        request,
        "innovation/stages.html",
        {"community": community, "rows": [(s, forms[s.pk]) for s in all_stages]},
        status=status,
    )
