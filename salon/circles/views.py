"""Circle health, for the circle's facilitators and leads (and, in counts, its community's
directors), and the one-click nudge."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.circles.access import access_circle_health, access_circle_member
from salon.circles.forms import NudgeForm
from salon.circles.selectors.health import circle_health
from salon.circles.services.nudges import nudge_send
from salon.core.http import AuthenticatedHttpRequest
from salon.goals.services.goals import local_today


@login_required
def health(request: AuthenticatedHttpRequest, slug: str, circle_slug: str) -> HttpResponse:
    circle = access_circle_health(request.user, slug, circle_slug, "circle.view_health")
    return render(
        request,
        "circles/health.html",
        {
            "community": circle.community,
            "circle": circle,
            "health": circle_health(
                circle=circle, viewer=request.user, today=local_today(request.user)
            ),
        },
    )


@login_required
@require_POST
def nudge(request: AuthenticatedHttpRequest, slug: str, circle_slug: str) -> HttpResponse:
    circle = access_circle_health(request.user, slug, circle_slug, "circle.nudge")
    back = reverse("circles:health", args=[slug, circle_slug])
    form = NudgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a short message to send."))
        return redirect(back)
    recipient = access_circle_member(circle, form.cleaned_data["recipient"])
    try:
        nudge_send(
            actor=request.user,
            circle=circle,
            recipient=recipient,
            message=form.cleaned_data["message"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Nudge sent to %(name)s.") % {"name": recipient.display_name})
    return redirect(back)
