"""Pages of moderation: flag a post, the stewards' queue, resolving flags, moving a topic."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from salon.communities.access import access_community
from salon.core.forms import Form
from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import require
from salon.discussions import moderation, selectors
from salon.discussions.access import access_post, access_topic
from salon.discussions.models import FlagReason, Resolution

QUEUE_PAGE = 20


class FlagForm(Form):
    reason = forms.ChoiceField(label=gettext_lazy("Why?"), choices=FlagReason.choices)
    note = forms.CharField(
        label=gettext_lazy("Anything the facilitators should know (optional)"),
        required=False,
        max_length=moderation.MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MoveForm(Form):
    category = forms.TypedChoiceField(label=gettext_lazy("Move to"), coerce=int)

    def __init__(self, *args: Any, categories: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [  # type: ignore[attr-defined]
            (c.pk, f"{c.circle.name} · {c.name}" if c.circle else c.name) for c in categories
        ]


def _back(request: AuthenticatedHttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


# Flagging --------------------------------------------------------------------------------


@login_required
def flag(request: AuthenticatedHttpRequest, post_id: int) -> HttpResponse:
    """The flag form sits in each post (a disclosure); with htmx it answers in place,
    without it the topic page shows the answer as a message."""
    post = access_post(request.user, post_id, "post.flag")
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.flag_post(
                actor=request.user,
                post=post,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            thanks = _("Thank you. The facilitators will look at it; nobody else is told.")
            if request.htmx:
                return render(
                    request, "discussions/_flag_form.html", {"post": post, "done": thanks}
                )
            messages.success(request, thanks)
            return redirect(post.get_absolute_url())
    if not request.htmx:
        if form.errors:
            problems = [str(e) for errors in form.errors.values() for e in errors]
            messages.error(request, " ".join(problems))
        return redirect(post.get_absolute_url())
    return render(
        request,
        "discussions/_flag_form.html",
        {"post": post, "flag_form": form},
        status=400 if form.errors else 200,
    )


# The queue -------------------------------------------------------------------------------


@login_required
def queue(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "forum.moderate")
    posts = moderation.flagged_posts(user=request.user, community=community)
    page = Paginator(posts, QUEUE_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "discussions/moderation.html",
        {
            "community": community,
            "page": page,
            "posts": moderation.prepare_queue(list(page.object_list), community),
            "tab": "forum",
        },
    )


@login_required
@require_POST
def resolve(request: AuthenticatedHttpRequest, post_id: int) -> HttpResponse:
    post = access_post(request.user, post_id)
    require(request.user, "topic.moderate", post.topic)
    resolution = request.POST.get("resolution", "")
    queue_url = reverse("discussions:moderation", args=[post.topic.community.slug])
    try:
        closed = moderation.flags_resolve(
            actor=request.user,
            post=post,
            resolution=resolution,
            message=request.POST.get("message", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        label = Resolution(resolution).label
        messages.success(
            request,
            _("%(what)s. %(n)d flag closed.") % {"what": label, "n": closed}
            if closed == 1
            else _("%(what)s. %(n)d flags closed.") % {"what": label, "n": closed},
        )
    return redirect(_back(request, queue_url))


# Moving a topic --------------------------------------------------------------------------


@login_required
def move(request: AuthenticatedHttpRequest, topic_id: int) -> HttpResponse:
    """Move a topic to another category of its community; asks again, saying how many
    people would newly see it, when the move widens its audience. ``?post=`` (from the
    queue) closes that post's flags as "moved"."""
    topic = access_topic(request.user, topic_id, "topic.move")
    community = topic.community
    circles = selectors.forum_circles(user=request.user, community=community)
    categories = [
        c
        for c in selectors.category_list(user=request.user, community=community, circles=circles)
        if c.pk != topic.category_id
    ]
    form = MoveForm(request.POST or None, categories=categories)
    flagged = request.POST.get("post") or request.GET.get("post") or ""
    newcomers = None
    if request.method == "POST" and form.is_valid():
        category = next((c for c in categories if c.pk == form.cleaned_data["category"]), None)
        if category is None:
            raise Http404
        try:
            moderation.topic_move(
                actor=request.user,
                topic=topic,
                category=category,
                # Confirmed for this category (the count was shown for it), not any.
                widen=request.POST.get("widen") == str(category.pk),
            )
        except moderation.AudienceWidens as exc:
            newcomers = exc.newcomers
            form.add_error(None, exc)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if flagged.isdigit():
                post = topic.posts.filter(pk=int(flagged)).first()
                if post is not None:
                    post.topic = topic
                    moderation.flags_resolve(
                        actor=request.user, post=post, resolution=Resolution.MOVED
                    )
            messages.success(
                request, _("The topic is now in “%(name)s”.") % {"name": category.name}
            )
            return redirect(topic.get_absolute_url() + "?page=1")
    return render(
        request,
        "discussions/move.html",
        {
            "topic": topic,
            "community": community,
            "form": form,
            "newcomers": newcomers,
            "flagged": flagged if flagged.isdigit() else "",
            "tab": "forum",
        },
        status=400 if form.errors else 200,
    )
