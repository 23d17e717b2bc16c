"""Direct messages: the list, a conversation (live while open), writing, starting one,
the header's unread count, and reporting a conversation to the moderators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import can
from salon.core.socket_relay import sockets_served
from salon.network import selectors
from salon.network.access import access_conversation, access_person
from salon.network.forms import MessageForm, NewConversationForm, ReportForm
from salon.network.services.conversations import (
    conversation_mark_read,
    conversation_start,
    message_send,
)
from salon.network.services.moderation import conversation_report


@login_required
@require_GET
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    conversations = list(selectors.conversation_list_for_user(user=request.user)[:100])
    return render(request, "network/inbox.html", {"conversations": conversations})


@login_required
@require_GET
def unread(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = selectors.unread_conversation_count(user=request.user)
    return render(request, "network/_unread.html", {"unread": count})


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    ids = [int(i) for i in request.GET.getlist("to") + request.POST.getlist("to") if i.isdigit()]
    people = [access_person(request.user, pk, "message.start") for pk in dict.fromkeys(ids)][:7]
    form = NewConversationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            conversation = conversation_start(
                actor=request.user,
                others=people,
                body=form.cleaned_data["body"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You may not write to all of them at once."))
        else:
            return redirect("network:conversation", conversation.pk)
    return render(
        request,
        "network/start.html",
        {"people": people, "form": form},
        status=400 if form.errors or (request.method == "POST" and not people) else 200,
    )


@login_required
@require_GET
def conversation(request: AuthenticatedHttpRequest, conversation_id: int) -> HttpResponse:
    found = access_conversation(request.user, conversation_id)
    before = request.GET.get("before", "")
    shown = selectors.messages_page(
        conversation=found, before=int(before) if before.isdigit() else None
    )
    if not before:
        conversation_mark_read(actor=request.user, conversation=found)
    seats = selectors.seats_of(conversation=found)
    return render(
        request,
        "network/conversation.html",
        {
            "conversation": found,
            "messages_shown": shown,
            "seats": seats,
            "others": [s.user for s in seats if s.user_id != request.user.pk],
            "form": MessageForm(),
            "may_post": can(request.user, "conversation.post", found),
            "live": sockets_served(request),
            "older": shown[0].pk if shown and len(shown) >= 50 else None,
        },
    )


@login_required
@require_POST
def send(request: AuthenticatedHttpRequest, conversation_id: int) -> HttpResponse:
    found = access_conversation(request.user, conversation_id, "conversation.post")
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            message = message_send(
                actor=request.user, conversation=found, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if request.htmx:
                return render(request, "network/_message.html", {"message": message})
            return redirect("network:conversation", found.pk)
    if request.htmx:
        return HttpResponse(
            " ".join(str(e) for errors in form.errors.values() for e in errors), status=400
        )
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("network:conversation", found.pk)


@login_required
def report(request: AuthenticatedHttpRequest, conversation_id: int) -> HttpResponse:
    found = access_conversation(request.user, conversation_id, "conversation.report")
    shown = selectors.reportable_messages(conversation=found)
    form = ReportForm(request.POST if request.method == "POST" else None, messages=shown)
    if request.method == "POST" and form.is_valid():
        try:
            conversation_report(
                actor=request.user,
                conversation=found,
                reason=form.cleaned_data["reason"],
                message_ids=form.cleaned_data["messages"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Reported. The moderators will look at these messages."))
            return redirect("network:conversation", found.pk)
    return render(
        request,
        "network/report.html",
        {"conversation": found, "form": form},
        status=400 if form.errors else 200,
    )
