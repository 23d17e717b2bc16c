"""Writes to the stage pipeline: a community's stages (the default set, or its own), and
moving an idea through a gate, which keeps the history and tells the idea's authors."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from salon.core import search
from salon.core.audit import audit
from salon.core.errors import Conflict
from salon.core.permissions import require
from salon.innovation.models import Idea, Stage, StageMove
from salon.innovation.rules import stage_gate_allows
from salon.innovation.tasks import send_idea_moved

# The default pipeline: (key, name, deciders, gate criteria, parked).
DEFAULT_STAGES: list[tuple[str, str, list[str], str, bool]] = [
    ("idea", gettext_noop("Idea"), [], "", False),
    (
        "shortlisted",
        gettext_noop("Shortlisted"),
        ["director", "facilitator", "sponsor"],
        gettext_noop("A clear problem, a plausible proposal, and support from members."),
        False,
    ),
    (
        "experiment",
        gettext_noop("Experiment"),
        ["director", "sponsor"],
        gettext_noop("A hypothesis, one metric to watch, a small budget and an owner."),
        False,
    ),
    (
        "pilot",
        gettext_noop("Pilot"),
        ["director", "sponsor"],
        gettext_noop("The experiment's metric moved; a business unit will host a pilot."),
        False,
    ),
    (
        "scaling",
        gettext_noop("Scaling"),
        ["director"],
        gettext_noop("The pilot paid back; funding and a team to roll it out."),
        False,
    ),
    (
        "in_market",
        gettext_noop("In market"),
        ["director"],
        gettext_noop("Launched to customers or across the company."),
        False,
    ),
    (
        "parked",
        gettext_noop("Parked"),
        ["director", "facilitator", "sponsor"],
        gettext_noop("Not now: say why, so it can come back when things change."),
        True,
    ),
]
MAX_NOTE = 4000


def stages_ensure(*, community: Any) -> list[Stage]:
    """The community's stages, the default pipeline made the first time (no-op after).
    Called by services that have already asked the policy (a challenge being set up)."""
    stages = list(Stage.objects.filter(community=community))
    if stages:
        return stages
    Stage.objects.bulk_create(
        [
            Stage(
                community=community,
                key=key,
                name=_(name),
                position=n,
                deciders=deciders,
                criteria=_(criteria) if criteria else "",
                is_parked=parked,
            )
            for n, (key, name, deciders, criteria, parked) in enumerate(DEFAULT_STAGES)
        ],
        ignore_conflicts=True,
    )
    return list(Stage.objects.filter(community=community))


def first_stage(community: Any) -> Stage:
    stages = [s for s in stages_ensure(community=community) if not s.is_parked]
    return min(stages, key=lambda s: (s.position, s.pk))


@transaction.atomic
def stage_update(
    *, actor: Any, stage: Stage, name: str, deciders: list[str], criteria: str
) -> Stage:
    """Rename a stage, or change its gate (who decides, which criteria)."""
    require(actor, "pipeline.configure", stage.community)
    name = " ".join((name or "").split())[:60]
    if not name:
        raise ValidationError(_("Give the stage a name."), code="name")
    wrong = set(deciders) - {"director", "facilitator", "sponsor"}
    if wrong:
        raise ValidationError(_("Choose directors, facilitators or the sponsor."))
    before = {"name": stage.name, "deciders": stage.deciders, "criteria": stage.criteria}
    stage.name, stage.deciders, stage.criteria = name, sorted(set(deciders)), criteria.strip()
    stage.save(update_fields=["name", "deciders", "criteria"])
    audit(
        "innovation.stage.edited",
        actor=actor,
        target=stage,
        before=before,
        after={"name": stage.name, "deciders": stage.deciders, "criteria": stage.criteria},
    )
    return stage


@transaction.atomic
def idea_move(*, actor: Any, idea: Idea, stage: Stage, note: str) -> StageMove:
    """Move an idea into ``stage`` through its gate: someone the gate names decides, with a
    note; the time spent in the stage it leaves is kept, and its authors are told."""
    require(actor, "idea.move", idea)
    if stage.community_id != idea.community_id:
        raise ValidationError(_("That stage is not in this community's pipeline."), code="stage")
    if stage.pk == idea.stage_id:
        raise ValidationError(_("The idea is already at that stage."), code="stage")
    hat = stage_gate_allows(actor, idea, stage)
    if hat is None:
        raise PermissionDenied(_("This gate is not yours to decide."))
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Say why, in a note: the authors will read it."), code="note")
    if len(note) > MAX_NOTE:
        raise ValidationError(_("A note has at most 4,000 characters."), code="note")
    now = timezone.now()
    # A conditional update: of two people moving the same idea at once, one wins and the
    # other is told, instead of both writing a history from the same stage.
    moved = Idea.objects.filter(pk=idea.pk, stage_id=idea.stage_id).update(
        stage=stage, stage_entered_at=now
    )
    if not moved:
        raise Conflict(_("Someone moved this idea a moment ago: reload to see where it is."))
    seconds = max(int((now - idea.stage_entered_at).total_seconds()), 0)
    move = StageMove.objects.create(
        idea=idea,
        from_stage_id=idea.stage_id,
        to_stage=stage,
        decided_by=actor,
        decided_as=hat,
        criteria=stage.criteria,
        note=note,
        moved_at=now,
        seconds_in_stage=seconds,
    )
    from_key = idea.stage.key
    idea.stage, idea.stage_entered_at = stage, now
    search.index(idea)  # the stage is one of its tags; update() sends no signal
    audit("innovation.idea.moved", actor=actor, target=idea, to=stage.key, **{"from": from_key})
    transaction.on_commit(
        lambda: send_idea_moved.enqueue(move_id=move.pk, actor_id=actor.pk), robust=True
    )
    return move
