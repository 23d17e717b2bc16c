"""Cultural context people write: a member's "how to work with me" (their settings), and
a community's notes about working with people in each of its members' countries (written
by its facilitators, read by its members)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.communities.access import access_community
from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import can
from salon.network import selectors
from salon.network.access import access_country_note
from salon.network.forms import CountryNoteForm, WorkingStyleForm
from salon.network.services.culture import (
    countries_of,
    country_note_delete,
    country_note_save,
    working_style_update,
)


@login_required
def working_style(request: AuthenticatedHttpRequest) -> HttpResponse:
    style = selectors.working_style_of(user=request.user)
    form = WorkingStyleForm(request.POST if request.method == "POST" else None, initial=style)
    if request.method == "POST" and form.is_valid():
        working_style_update(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Saved. Colleagues see it on your profile."))
        return redirect("network:working_style")
    return render(
        request,
        "network/working_style.html",
        {"form": form, "section": "working_style"},
        status=400 if form.errors else 200,
    )


@login_required
def country_notes(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "country_note.view")
    may_edit = can(request.user, "country_note.edit", community)
    form = None
    if may_edit:
        chosen = request.GET.get("country", "")
        current = selectors.country_note(community=community, country=chosen)
        form = CountryNoteForm(
            request.POST if request.method == "POST" else None,
            countries=countries_of(community),
            initial={"country": chosen, "body": current.body if current else ""},
        )
        if request.method == "POST" and form.is_valid():
            try:
                note = country_note_save(
                    actor=request.user, community=community, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("The note about %(country)s is saved.") % {"country": note.country}
                )
                return redirect("network:country_notes", slug=community.slug)
    elif request.method == "POST":
        # Members read; only facilitators write (the policy says why).
        access_community(request.user, slug, "country_note.edit")
    return render(
        request,
        "network/country_notes.html",
        {
            "community": community,
            "notes": selectors.country_notes_of(community=community),
            "form": form,
            "may_edit": may_edit,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def country_note_remove(request: AuthenticatedHttpRequest, note_id: int) -> HttpResponse:
    note = access_country_note(request.user, note_id)
    slug, country = note.community.slug, note.country
    country_note_delete(actor=request.user, note=note)
    messages.info(request, _("The note about %(country)s is deleted.") % {"country": country})
    return redirect("network:country_notes", slug=slug)
