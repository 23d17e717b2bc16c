"""Circle health, for the circle's facilitators and leads and the community's directors
(and, in counts, its other facilitators), the one-click nudge, and the shared notes and
actions of a meeting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.circles.access import (
    access_action_owner,
    access_circle_health,
    access_circle_member,
    access_event_notes,
    access_item_notes,
    access_meeting_action,
)
from salon.circles.forms import NotesForm, NudgeForm
from salon.circles.models import MeetingNotes
from salon.circles.selectors.health import circle_health
from salon.circles.selectors.notes import (
    actions_of,
    owner_choices,
    programme_sessions_of,
    under_chatham_house,
)
from salon.circles.services.notes import meeting_action_add, meeting_action_toggle, notes_save
from salon.circles.services.nudges import nudge_send
from salon.core.actions import ActionItemForm, ActionPlan
from salon.core.http import AuthenticatedHttpRequest
from salon.core.markdown import render_markdown
from salon.core.permissions import can
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


# Notes and actions of a meeting ---------------------------------------------------------


def _action(request: AuthenticatedHttpRequest) -> str:
    return "meeting_notes.edit" if request.method == "POST" else "meeting_notes.view"


@login_required
def event_notes(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    notes = access_event_notes(request.user, event_id, _action(request))
    return _notes_page(request, notes)


@login_required
def item_notes(request: AuthenticatedHttpRequest, item_id: int, circle_id: int) -> HttpResponse:
    notes = access_item_notes(request.user, item_id, circle_id, _action(request))
    if notes.event_id:
        # A live session linked to an event: its notes are the event's, kept there only.
        return redirect(notes.get_absolute_url())
    return _notes_page(request, notes)


def _notes_page(request: AuthenticatedHttpRequest, notes: MeetingNotes) -> HttpResponse:
    posted = request.POST.get("form") if request.method == "POST" else None
    owners = owner_choices(notes=notes)
    notes_form = NotesForm(
        request.POST if posted == "notes" else None, initial={"text": notes.text}
    )
    action_form = ActionItemForm(
        request.POST if posted == "action" else None,
        owners=owners,
        viewer=request.user,
        prefix="action",
    )
    if posted == "notes" and notes_form.is_valid():
        try:
            notes_save(actor=request.user, notes=notes, text=notes_form.cleaned_data["text"])
        except ValidationError as exc:
            notes_form.add_error("text", exc)
        else:
            messages.success(request, _("Notes saved."))
            return redirect(notes.get_absolute_url())
    elif posted == "action" and action_form.is_valid():
        data = action_form.cleaned_data
        owner = access_action_owner(data["owner"])
        try:
            meeting_action_add(
                actor=request.user,
                notes=notes,
                plan=ActionPlan(text=data["text"], owner=owner, due_on=data["due_on"]),
            )
        except ValidationError as exc:
            action_form.add_error(None, exc)
        else:
            messages.success(request, _("Action added."))
            return redirect(notes.get_absolute_url() + "#actions")
    circle = notes.circle
    return render(
        request,
        "circles/notes.html",
        {
            "notes": notes,
            "meeting": notes.event or notes.item,
            "community": notes.community,
            "circle": circle,
            "notes_html": render_markdown(notes.text),
            "notes_form": notes_form,
            "action_form": action_form,
            "items": actions_of(notes=notes, today=local_today(request.user)),
            "may_edit": can(request.user, "meeting_notes.edit", notes),
            "hide_owners": under_chatham_house(circle),
            "sessions_of_programmes": (
                programme_sessions_of(user=request.user, event=notes.event) if notes.event else []
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def action_toggle(request: AuthenticatedHttpRequest, action_id: int) -> HttpResponse:
    action = access_meeting_action(request.user, action_id)
    meeting_action_toggle(actor=request.user, action=action)
    notes = action.notes
    if request.htmx and request.POST.get("from") != "week":
        return render(
            request,
            "includes/action_items.html",
            {
                "items": actions_of(notes=notes, today=local_today(request.user)),
                "may_edit": True,
                "hide_owners": under_chatham_house(notes.circle),
            },
        )
    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return redirect(nxt)
    return redirect(notes.get_absolute_url() + "#actions")
