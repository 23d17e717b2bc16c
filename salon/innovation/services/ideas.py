"""Writes to ideas: submitting one (with its discussion topic and files), editing it, and
joining one as a co-author instead of submitting a duplicate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.core.attachments import attach
from salon.core.audit import audit
from salon.core.permissions import require
from salon.core.uploads import accept_upload
from salon.discussions.services.topics import topic_create
from salon.innovation.models import Challenge, Idea, IdeaAuthor, StageMove
from salon.innovation.services.pipeline import first_stage

MAX_FILES = 5
LIMITS = {"problem": 10_000, "proposal": 20_000, "impact": 5_000}


@dataclass(frozen=True)
class IdeaText:
    title: str
    problem: str
    proposal: str
    impact: str = ""


def clean_idea(text: IdeaText) -> IdeaText:
    """Every field checked before anything is written; a refusal names its field."""
    title = " ".join((text.title or "").split())
    if not title:
        raise ValidationError(_("Give the idea a title."), code="title")
    if len(title) > 200:
        raise ValidationError(_("A title has at most 200 characters."), code="title")
    cleaned = {"problem": text.problem.strip(), "proposal": text.proposal.strip()}
    cleaned["impact"] = text.impact.strip()
    if not cleaned["problem"]:
        raise ValidationError(_("Say which problem it solves."), code="problem")
    if not cleaned["proposal"]:
        raise ValidationError(_("Say what you propose."), code="proposal")
    for key, limit in LIMITS.items():
        if len(cleaned[key]) > limit:
            raise ValidationError(
                _("This has at most %(n)s characters.") % {"n": f"{limit:,}"}, code=key
            )
    return IdeaText(title=title, **cleaned)


def _opening_post(idea: Idea, text: IdeaText) -> str:
    return _("Discussion of the idea [%(title)s](%(url)s).\n\n**The problem.** %(problem)s") % {
        "title": text.title.replace("]", ")").replace("[", "("),
        "url": idea.get_absolute_url(),
        "problem": text.problem[:1500],
    }


@transaction.atomic
def idea_submit(
    *, actor: Any, challenge: Challenge, text: IdeaText, files: Sequence[Any] = ()
) -> Idea:
    """A new idea at the first stage of the pipeline, its author its lead, and a topic in
    the challenge's discussion category for everyone's comments."""
    require(actor, "idea.submit", challenge)
    text = clean_idea(text)
    if len(files) > MAX_FILES:
        raise ValidationError(_("Attach at most five files."), code="files")
    for upload in files:
        accept_upload(upload)  # every file is checked before the idea is written
        upload.seek(0)
    idea = idea_create(actor=actor, challenge=challenge, text=text, authors=[actor])
    for upload in files:
        attach(actor=actor, owner=idea, upload=upload)
    audit("innovation.idea.submitted", actor=actor, target=idea, challenge=challenge.pk)
    return idea


def idea_create(
    *, actor: Any, challenge: Challenge, text: IdeaText, authors: Sequence[Any], note: str = ""
) -> Idea:
    """The idea's rows, for a service that has checked its own permission: the idea at the
    first stage, its authors (the first is its lead), its history and its discussion."""
    text = clean_idea(text)
    now = timezone.now()
    stage = first_stage(challenge.community)
    idea = Idea.objects.create(
        challenge=challenge,
        community_id=challenge.community_id,
        circle_id=challenge.circle_id,
        title=text.title,
        problem=text.problem,
        proposal=text.proposal,
        impact=text.impact,
        stage=stage,
        stage_entered_at=now,
        created_at=now,
    )
    unique = list({a.pk: a for a in authors}.values())
    IdeaAuthor.objects.bulk_create(
        IdeaAuthor(idea=idea, user=a, is_lead=n == 0, joined_at=now) for n, a in enumerate(unique)
    )
    idea.author_ids = {a.pk for a in unique}  # type: ignore[attr-defined]
    StageMove.objects.create(
        idea=idea, to_stage=stage, decided_by=actor, note=note or _("Submitted."), moved_at=now
    )
    if challenge.category_id is not None:
        idea.topic = topic_create(
            actor=actor,
            category=challenge.category,  # type: ignore[arg-type]
            title=text.title,
            body=_opening_post(idea, text),
        )
        idea.save(update_fields=["topic"])
    return idea


@transaction.atomic
def idea_update(*, actor: Any, idea: Idea, text: IdeaText) -> Idea:
    require(actor, "idea.edit", idea)
    text = clean_idea(text)
    changed = [
        f
        for f in ("title", "problem", "proposal", "impact")
        if getattr(idea, f) != getattr(text, f)
    ]
    if not changed:
        return idea
    for field in changed:
        setattr(idea, field, getattr(text, field))
    idea.save(update_fields=[*changed, "updated_at"])
    audit("innovation.idea.edited", actor=actor, target=idea, fields=changed)
    return idea


@transaction.atomic
def idea_join(*, actor: Any, idea: Idea) -> IdeaAuthor:
    """Join an idea as a co-author (instead of submitting a duplicate of it)."""
    require(actor, "idea.join", idea)
    authorship, _created = IdeaAuthor.objects.get_or_create(idea=idea, user=actor)
    audit("innovation.idea.joined", actor=actor, target=idea)
    return authorship


@transaction.atomic
def idea_attach(*, actor: Any, idea: Idea, upload: Any) -> Any:
    require(actor, "idea.edit", idea)
    return attach(actor=actor, owner=idea, upload=upload)
