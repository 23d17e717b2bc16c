"""The two-week follow-up: "did you apply what you took from it?".

The people who took part answer on ``events/<id>/follow-up/`` (the follow-up notification
leads there); hosts see the answers only in aggregate on the event's page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.core.http import AuthenticatedHttpRequest
from salon.events.access import access_event
from salon.events.forms import FollowUpForm
from salon.events.models import Feedback
from salon.events.services import feedback_follow_up, took_part


@login_required
def follow_up(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = access_event(request.user, event_id)
    if event.is_cancelled or not took_part(user=request.user, event=event):
        raise PermissionDenied
    feedback = Feedback.objects.filter(event=event, user=request.user).first()
    is_open = event.ends_at <= timezone.now()
    form = FollowUpForm(
        request.POST or None,
        needs_rating=feedback is None,
        initial={"applied": feedback.applied, "applied_note": feedback.applied_note}
        if feedback
        else None,
    )
    if request.method == "POST" and is_open and form.is_valid():
        try:
            feedback_follow_up(
                user=request.user,
                event=event,
                applied=form.cleaned_data["applied"],
                applied_note=form.cleaned_data["applied_note"],
                rating=form.cleaned_data.get("rating"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you. Hosts see answers only together."))
            return redirect(event.get_absolute_url())
    return render(
        request,
        "events/follow_up.html",
        {"event": event, "feedback": feedback, "form": form, "is_open": is_open},
        status=400 if form.errors or (request.method == "POST" and not is_open) else 200,
    )
