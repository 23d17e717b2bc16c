"""My network: connections, requests to answer, introductions; asking to connect, and
introducing two people."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from salon.core.http import AuthenticatedHttpRequest
from salon.network import selectors
from salon.network.access import (
    access_connection,
    access_connection_request,
    access_introduction,
    access_moderated_community,
    access_person,
)
from salon.network.forms import ConnectForm, IntroductionForm
from salon.network.services import connections as services
from salon.network.services.introductions import introduction_answer, introduction_create
from salon.network.services.preferences import network_settings_update
from salon.network.suggestions import suggestions_for


@login_required
@require_GET
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "network/mine.html",
        {
            "contacts": selectors.connections_of(user=user),
            "received": selectors.requests_received(user=user),
            "ignored": selectors.requests_received(user=user, status="ignored"),
            "sent": selectors.requests_sent(user=user),
            "introductions": selectors.introductions_for_user(user=user),
            "suggestions": suggestions_for(user=user, limit=5),
            "suggestable": selectors.is_suggestable(user=user),
            "reach": selectors.reach_of(user=user),
        },
    )


@login_required
@require_POST
def suggestions_setting(request: AuthenticatedHttpRequest) -> HttpResponse:
    suggestable = bool(request.POST.get("suggestable"))
    network_settings_update(actor=request.user, suggestable=suggestable)
    if suggestable:
        messages.success(request, _("Others may see you among the people they should meet."))
    else:
        messages.info(request, _("You are no longer suggested to others."))
    return redirect("network:mine")


@login_required
def connect(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    person = access_person(request.user, user_id, "connection.request")
    form = ConnectForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.connection_request_send(
                actor=request.user, other=person, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if sent.status == "accepted":
                messages.success(request, _("You are now connected."))
            else:
                messages.success(request, _("Asked. They will see your note."))
            return redirect("accounts:profile", person.pk)
    return render(
        request,
        "network/connect.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def answer_request(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    asked = access_connection_request(request.user, request_id, "connection_request.answer")
    accept = request.POST.get("accept") == "1"
    services.connection_request_answer(actor=request.user, request=asked, accept=accept)
    if accept:
        messages.success(
            request, _("You are connected with %(name)s.") % {"name": asked.sender.display_name}
        )
    else:
        messages.info(request, _("Ignored. They are not told."))
    return redirect("network:mine")


@login_required
@require_POST
def withdraw_request(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    asked = access_connection_request(request.user, request_id, "connection_request.withdraw")
    services.connection_request_withdraw(actor=request.user, request=asked)
    messages.info(request, _("Withdrawn."))
    return redirect("network:mine")


@login_required
@require_POST
def remove_connection(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    connection = access_connection(request.user, user_id)
    services.connection_remove(actor=request.user, connection=connection)
    messages.info(request, _("Connection removed. They are not told."))
    return redirect("network:mine")


@login_required
def introduce(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_moderated_community(request.user, slug, "introduction.create")
    people = selectors.community_people(community=community)
    initial = {"first": request.GET.get("first", ""), "second": request.GET.get("second", "")}
    form = IntroductionForm(
        request.POST if request.method == "POST" else None, initial=initial, people=people
    )
    if request.method == "POST" and form.is_valid():
        by_id = {p.pk: p for p in people}
        try:
            introduction_create(
                actor=request.user,
                community=community,
                first=by_id[form.cleaned_data["first"]],
                second=by_id[form.cleaned_data["second"]],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Introduced. Each will be asked; both must accept."))
            return redirect("network:mine")
    return render(
        request,
        "network/introduce.html",
        {"community": community, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def answer_introduction(request: AuthenticatedHttpRequest, introduction_id: int) -> HttpResponse:
    introduction = access_introduction(request.user, introduction_id, "introduction.answer")
    accept = request.POST.get("accept") == "1"
    try:
        done = introduction_answer(actor=request.user, introduction=introduction, accept=accept)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("network:mine")
    if done.conversation_id:
        messages.success(request, _("You are connected. Say hello."))
        return redirect("network:conversation", done.conversation_id)
    if accept:
        messages.success(request, _("Accepted. You will be connected once the other side accepts."))
    else:
        messages.info(request, _("Declined. Nobody is told."))
    return redirect("network:mine")
