"""Idea pages: submitting one (with similar ideas suggested as the title is typed), its
page, editing, joining as a co-author, voting, files and moving it through a gate."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.core.attachment_views import file_add, file_remove
from salon.core.http import AuthenticatedHttpRequest
from salon.core.markdown import render_markdown
from salon.innovation import selectors
from salon.innovation.access import access_challenge, access_idea
from salon.innovation.forms import IdeaForm, MoveForm, VoteForm
from salon.innovation.rules import stage_gate_allows
from salon.innovation.services.ideas import (
    IdeaText,
    idea_attach,
    idea_join,
    idea_submit,
    idea_update,
)
from salon.innovation.services.pipeline import idea_move
from salon.innovation.services.votes import idea_vote
from salon.innovation.views.common import posted as _posted


def _text(form: IdeaForm) -> IdeaText:
    data = form.cleaned_data
    return IdeaText(
        title=data["title"],
        problem=data["problem"],
        proposal=data["proposal"],
        impact=data["impact"],
    )


def _add_error(form: IdeaForm | MoveForm, exc: ValidationError) -> None:
    field = getattr(exc, "code", None)
    form.add_error(field if field in form.fields else None, exc.messages)


@login_required
def idea_new(request: AuthenticatedHttpRequest, challenge_id: int) -> HttpResponse:
    challenge = access_challenge(request.user, challenge_id, "idea.submit")
    form = IdeaForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            idea = idea_submit(
                actor=request.user,
                challenge=challenge,
                text=_text(form),
                files=request.FILES.getlist("files"),
            )
        except ValidationError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("Your idea is in. Others can now discuss and vote."))
            return redirect(idea.get_absolute_url())
    return render(
        request,
        "innovation/idea_form.html",
        {
            "community": challenge.community,
            "challenge": challenge,
            "form": form,
            "upload_limit": settings.SALON_UPLOAD_MAX_BYTES,
        },
        status=400 if form.errors else 200,
    )


@login_required
def similar(request: AuthenticatedHttpRequest, challenge_id: int) -> HttpResponse:
    """The HTMX partial under the title field: ideas like the one being written."""
    challenge = access_challenge(request.user, challenge_id)
    text = request.GET.get("title", "")[:300]
    ideas = selectors.similar_ideas(user=request.user, community=challenge.community, text=text)
    return render(request, "innovation/_similar.html", {"ideas": ideas, "text": text})


@login_required
def idea_detail(request: AuthenticatedHttpRequest, idea_id: int) -> HttpResponse:
    idea = access_idea(request.user, idea_id)
    page = selectors.idea_page(user=request.user, idea=idea)
    movable = [s for s in page.stages if s.pk != idea.stage_id]
    gates = [(s.pk, s.name) for s in movable if stage_gate_allows(request.user, idea, s)]
    return render(
        request,
        "innovation/idea.html",
        {
            "community": idea.community,
            "challenge": idea.challenge,
            "idea": idea,
            "page": page,
            "problem_html": render_markdown(idea.problem),
            "proposal_html": render_markdown(idea.proposal),
            "impact_html": render_markdown(idea.impact),
            "move_form": MoveForm(stages=gates) if gates else None,
            "upload_limit": settings.SALON_UPLOAD_MAX_BYTES,
        },
    )


@login_required
def idea_edit(request: AuthenticatedHttpRequest, idea_id: int) -> HttpResponse:
    idea = access_idea(request.user, idea_id, "idea.edit")
    initial = {f: getattr(idea, f) for f in ("title", "problem", "proposal", "impact")}
    form = IdeaForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            idea_update(actor=request.user, idea=idea, text=_text(form))
        except ValidationError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(idea.get_absolute_url())
    return render(
        request,
        "innovation/idea_form.html",
        {"community": idea.community, "challenge": idea.challenge, "idea": idea, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def join(request: AuthenticatedHttpRequest, idea_id: int) -> HttpResponse:
    idea = access_idea(request.user, idea_id, "idea.join")
    idea_join(actor=request.user, idea=idea)
    messages.success(request, _("You are now a co-author of this idea."))
    return redirect(idea.get_absolute_url())


@login_required
@require_POST
def vote(request: AuthenticatedHttpRequest, idea_id: int) -> HttpResponse:
    idea = access_idea(request.user, idea_id, "idea.vote")
    form = VoteForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Give a number of votes.")
    else:
        try:
            idea_vote(actor=request.user, idea=idea, votes=form.cleaned_data["votes"])
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if request.htmx:
        return render(
            request,
            "innovation/_vote.html",
            {
                "idea": selectors.idea_for_voting(user=request.user, idea_id=idea.pk),
                "challenge": idea.challenge,
                "votes_left": selectors.votes_left(user=request.user, challenge=idea.challenge),
                "vote_error": error,
                "oob": True,
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Your vote is counted."))
    if request.POST.get("from") == "challenge":
        return redirect(idea.challenge.get_absolute_url())
    return redirect(idea.get_absolute_url())


@login_required
def move(request: AuthenticatedHttpRequest, idea_id: int) -> HttpResponse:
    """The gate: someone it names moves the idea on (or parks it), with a note."""
    idea = access_idea(request.user, idea_id, "idea.move")
    stages = selectors.stages_of(idea.community)
    gates = [
        (s.pk, s.name)
        for s in stages
        if s.pk != idea.stage_id and stage_gate_allows(request.user, idea, s)
    ]
    form = MoveForm(_posted(request), stages=gates)
    if request.method == "POST" and form.is_valid():
        stage = next(s for s in stages if s.pk == form.cleaned_data["stage"])
        try:
            idea_move(actor=request.user, idea=idea, stage=stage, note=form.cleaned_data["note"])
        except ValidationError as exc:
            _add_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Moved to %(stage)s; the authors are told.") % {"stage": stage.name}
            )
            return redirect(idea.get_absolute_url())
    return render(
        request,
        "innovation/move.html",
        {
            "community": idea.community,
            "challenge": idea.challenge,
            "idea": idea,
            "form": form,
            "stages": stages,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def add_file(request: AuthenticatedHttpRequest, idea_id: int) -> HttpResponse:
    idea = access_idea(request.user, idea_id, "idea.edit")
    return file_add(
        request,
        owner=idea,
        add=lambda upload: idea_attach(actor=request.user, idea=idea, upload=upload),
        added=_("“%(name)s” is attached."),
    )


@login_required
@require_POST
def remove_file(request: AuthenticatedHttpRequest, idea_id: int, file_id: int) -> HttpResponse:
    idea = access_idea(request.user, idea_id, "idea.edit")
    return file_remove(request, owner=idea, file_id=file_id)
