"""Pages of feedback between members, praise and the growth timeline (docs/feedback.md)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.communities.access import access_community
from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import can
from salon.feedback import growth
from salon.feedback.access import access_growth, access_peer_feedback
from salon.feedback.forms.peer import (
    FeedbackGiveForm,
    FeedbackRequestForm,
    GrowthShareForm,
    PeerSettingsForm,
    PraiseForm,
    SbiForm,
)
from salon.feedback.selectors.peer import (
    circles_for_praise,
    communities_for,
    feedback_given,
    feedback_received,
    feedback_shared_with_me,
    feedback_to_answer,
    people_to_share_with,
    praise_in,
    requests_of,
    settings_for,
)
from salon.feedback.services.peer import (
    feedback_request_create,
    growth_share,
    peer_feedback_answer,
    peer_feedback_decline,
    peer_feedback_give,
    peer_feedback_goal_create,
    peer_feedback_share,
    peer_settings_update,
)
from salon.feedback.services.praise import praise_give

# How many entries each list on the feedback page shows.
LIST_LIMIT = 30


def _posted(request: AuthenticatedHttpRequest) -> Any:
    """The form's data on a POST (an empty one too, so that it is refused), else None."""
    return request.POST if request.method == "POST" else None


def _refusal(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "feedback/peer/mine.html",
        {
            "to_answer": list(feedback_to_answer(user=user)[:LIST_LIMIT]),
            "received": list(feedback_received(user=user)[:LIST_LIMIT]),
            "requests": list(requests_of(user=user)[:LIST_LIMIT]),
            "given": list(feedback_given(user=user)[:LIST_LIMIT]),
            "shared_with_me": list(feedback_shared_with_me(user=user)[:LIST_LIMIT]),
            "communities": communities_for(user=user),
        },
    )


@login_required
def ask(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "feedback.take_part")
    form = FeedbackRequestForm(_posted(request), user=request.user, community=community)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            feedback_request_create(
                actor=request.user,
                community=community,
                recipients=list(data["recipients"]),
                situation=data["situation"],
                competency=data["competency"],
            )
        except ValidationError as exc:
            form.add_error(None, _refusal(exc))
        else:
            messages.success(request, _("Your request is on its way."))
            return redirect("feedback:peer_mine")
    return render(
        request,
        "feedback/peer/ask.html",
        {
            "community": community,
            "form": form,
            "cap": settings_for(community).requests_per_week,
        },
        status=400 if form.errors else 200,
    )


@login_required
def give(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "feedback.take_part")
    form = FeedbackGiveForm(_posted(request), user=request.user, community=community)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            peer_feedback_give(
                actor=request.user,
                community=community,
                receiver=data["receiver"],
                situation=data["situation"],
                behaviour=data["behaviour"],
                impact=data["impact"],
                competency=data["competency"],
            )
        except ValidationError as exc:
            form.add_error(None, _refusal(exc))
        else:
            messages.success(request, _("Your feedback is on its way."))
            return redirect("feedback:peer_mine")
    return render(
        request,
        "feedback/peer/give.html",
        {"community": community, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def detail(request: AuthenticatedHttpRequest, feedback_id: int) -> HttpResponse:
    feedback = access_peer_feedback(request.user, feedback_id)
    may_answer = can(request.user, "peer_feedback.answer", feedback)
    form = SbiForm(_posted(request)) if may_answer else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                peer_feedback_answer(
                    actor=request.user,
                    feedback=feedback,
                    behaviour=form.cleaned_data["behaviour"],
                    impact=form.cleaned_data["impact"],
                )
            except ValidationError as exc:
                form.add_error(None, _refusal(exc))
            else:
                messages.success(request, _("Thank you: your feedback is on its way."))
                return redirect("feedback:peer_mine")
    return render(
        request,
        "feedback/peer/detail.html",
        {
            "feedback": feedback,
            "form": form,
            "is_receiver": feedback.receiver_id == request.user.pk,
            "may_share": can(request.user, "peer_feedback.share", feedback),
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def decline(request: AuthenticatedHttpRequest, feedback_id: int) -> HttpResponse:
    feedback = access_peer_feedback(request.user, feedback_id, "peer_feedback.answer")
    peer_feedback_decline(actor=request.user, feedback=feedback)
    messages.success(request, _("You declined the request; they will not be told why."))
    return redirect("feedback:peer_mine")


@login_required
@require_POST
def share(request: AuthenticatedHttpRequest, feedback_id: int) -> HttpResponse:
    feedback = access_peer_feedback(request.user, feedback_id, "peer_feedback.share")
    shared = request.POST.get("shared", "1") == "1"
    peer_feedback_share(actor=request.user, feedback=feedback, shared=shared)
    messages.success(
        request,
        _("Your mentor can now read this feedback.")
        if shared
        else _("This feedback is yours alone again."),
    )
    return redirect("feedback:peer_detail", feedback_id=feedback.pk)


@login_required
@require_POST
def goal(request: AuthenticatedHttpRequest, feedback_id: int) -> HttpResponse:
    feedback = access_peer_feedback(request.user, feedback_id, "peer_feedback.share")
    try:
        made = peer_feedback_goal_create(actor=request.user, feedback=feedback)
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
        return redirect("feedback:peer_detail", feedback_id=feedback.pk)
    messages.success(request, _("Goal set: make it yours."))
    return redirect(made.get_absolute_url())


@login_required
def peer_settings(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "peer_feedback.configure")
    current = settings_for(community)
    form = PeerSettingsForm(
        _posted(request),
        initial={
            "requests_per_week": current.requests_per_week,
            "praise_on_home": current.praise_on_home,
        },
    )
    if request.method == "POST" and form.is_valid():
        peer_settings_update(
            actor=request.user,
            community=community,
            requests_per_week=form.cleaned_data["requests_per_week"],
            praise_on_home=form.cleaned_data["praise_on_home"],
        )
        messages.success(request, _("Settings saved."))
        return redirect("feedback:peer_settings", slug=community.slug)
    return render(
        request,
        "feedback/peer/settings.html",
        {"community": community, "form": form},
        status=400 if form.errors else 200,
    )


# Praise ------------------------------------------------------------------------------------


@login_required
def praise(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    may_praise = can(request.user, "feedback.take_part", community)
    circles = circles_for_praise(user=request.user, community=community)
    form = (
        PraiseForm(_posted(request), user=request.user, community=community, circles=circles)
        if may_praise
        else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                praise_give(
                    actor=request.user,
                    community=community,
                    receiver=data["receiver"],
                    competency=data["competency"],
                    message=data["message"],
                    circle=data["circle"],
                    on_home=data.get("on_home", False),
                )
            except ValidationError as exc:
                form.add_error(None, _refusal(exc))
            else:
                messages.success(request, _("Your praise is up."))
                return redirect("feedback:praise_list", slug=community.slug)
    return render(
        request,
        "feedback/peer/praise.html",
        {
            "community": community,
            "form": form,
            "praise": list(praise_in(user=request.user, community=community)[:LIST_LIMIT]),
            "tab": "praise",
        },
        status=400 if form is not None and form.errors else 200,
    )


# Growth timeline ---------------------------------------------------------------------------


@login_required
def my_growth(request: AuthenticatedHttpRequest) -> HttpResponse:
    people = people_to_share_with(user=request.user)
    form = GrowthShareForm(_posted(request), people=people)
    if request.method == "POST" and form.is_valid():
        try:
            growth_share(actor=request.user, viewer=form.cleaned_data["viewer"], shared=True)
        except ValidationError as exc:
            form.add_error(None, _refusal(exc))
        else:
            messages.success(request, _("Shared."))
            return redirect("feedback:growth")
    return render(
        request,
        "feedback/peer/growth.html",
        {
            "owner": request.user,
            "timeline": growth.timeline_for(owner=request.user, viewer=request.user),
            "shared_with": growth.shared_with(owner=request.user),
            "shared_with_me": growth.shared_with_me(viewer=request.user),
            "form": form,
            "is_me": True,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def growth_unshare(request: AuthenticatedHttpRequest, viewer_id: int) -> HttpResponse:
    for viewer in growth.shared_with(owner=request.user):
        if viewer.pk == viewer_id:
            growth_share(actor=request.user, viewer=viewer, shared=False)
            messages.success(
                request, _("%(name)s no longer sees your growth.") % {"name": viewer.display_name}
            )
    return redirect("feedback:growth")


@login_required
def growth_of(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    owner = access_growth(request.user, user_id)
    if owner.pk == request.user.pk:
        return redirect("feedback:growth")
    return render(
        request,
        "feedback/peer/growth.html",
        {
            "owner": owner,
            "timeline": growth.timeline_for(owner=owner, viewer=request.user),
            "is_me": False,
        },
    )
