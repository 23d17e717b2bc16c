"""Expert evaluation pages: an expert's scorecard for an idea, and the decision meeting's
view of a challenge (calibrated scores, raw and normalised rankings, comments)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from salon.core.http import AuthenticatedHttpRequest
from salon.innovation import selectors
from salon.innovation.access import access_challenge, access_idea
from salon.innovation.forms import ScoreForm
from salon.innovation.services.evaluation import idea_score
from salon.innovation.views.common import posted


@login_required
def score(request: AuthenticatedHttpRequest, idea_id: int) -> HttpResponse:
    idea = access_idea(request.user, idea_id, "idea.score")
    criteria = selectors.criteria_list(idea.challenge)
    mine = selectors.scorecard_of(user=request.user, idea=idea)
    initial: dict[str, object] = {}
    if mine is not None:
        initial = {f"c{s.criterion_id}": s.value for s in mine.scores.all()}
        initial["comment"] = mine.comment
    form = ScoreForm(posted(request), criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            idea_score(
                actor=request.user,
                idea=idea,
                values=form.values(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Your scores are in."))
            return redirect(idea.get_absolute_url())
    return render(
        request,
        "innovation/score.html",
        {"community": idea.community, "idea": idea, "form": form, "again": mine is not None},
        status=400 if form.errors else 200,
    )


@login_required
def evaluation(request: AuthenticatedHttpRequest, challenge_id: int) -> HttpResponse:
    challenge = access_challenge(request.user, challenge_id, "evaluation.view")
    return render(
        request,
        "innovation/evaluation.html",
        {
            "community": challenge.community,
            "challenge": challenge,
            "evaluation": selectors.evaluation_for(challenge=challenge),
        },
    )
