"""Expert evaluation: a challenge's weighted scorecard, and experts scoring ideas on it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from salon.core.audit import audit
from salon.core.permissions import require
from salon.innovation.calibration import weighted_total
from salon.innovation.models import Challenge, Criterion, Idea, Score, Scorecard

DEFAULT_CRITERIA: list[tuple[str, int]] = [
    (gettext_noop("Value to customers"), 40),
    (gettext_noop("Feasibility"), 30),
    (gettext_noop("Strategic fit"), 30),
]
MAX_CRITERIA = 8


def clean_criteria(criteria: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    cleaned: dict[str, int] = {}
    for name, weight in criteria:
        name = " ".join(str(name).split())[:80]
        if not name:
            continue
        if not 1 <= int(weight) <= 100:
            raise ValidationError(
                _("Give “%(name)s” a weight from 1 to 100.") % {"name": name}, code="scorecard"
            )
        if name in cleaned:
            raise ValidationError(
                _("“%(name)s” is in the scorecard twice.") % {"name": name}, code="scorecard"
            )
        cleaned[name] = int(weight)
    if len(cleaned) > MAX_CRITERIA:
        raise ValidationError(_("A scorecard has at most eight criteria."), code="scorecard")
    return list(cleaned.items())


def criteria_set(challenge: Challenge, criteria: Sequence[tuple[str, int]]) -> None:
    """Write a challenge's scorecard (the defaults when none is given): called by
    challenge_create and challenge_update after their own ``require``. Refused once an
    expert has scored, so every scorecard of a challenge is on the same criteria."""
    wanted = clean_criteria(criteria) or [(_(n), w) for n, w in DEFAULT_CRITERIA]
    current = list(challenge.criteria.values_list("name", "weight"))
    if current == wanted:
        return
    if Scorecard.objects.filter(idea__challenge=challenge).exists():
        raise ValidationError(
            _("Experts have started scoring: the scorecard can no longer change."),
            code="scorecard",
        )
    challenge.criteria.all().delete()
    Criterion.objects.bulk_create(
        Criterion(challenge=challenge, name=name, weight=weight, position=n)
        for n, (name, weight) in enumerate(wanted)
    )


@transaction.atomic
def idea_score(
    *, actor: Any, idea: Idea, values: Mapping[int, int], comment: str = ""
) -> Scorecard:
    """An expert's scorecard for an idea: 1 to 5 on every criterion (by criterion id), and
    a comment for the decision meeting. Scoring again replaces their earlier scores."""
    require(actor, "idea.score", idea)
    criteria = list(Criterion.objects.filter(challenge_id=idea.challenge_id))
    known = {c.pk: c for c in criteria}
    if set(values) - set(known):
        raise ValidationError(_("Score this challenge's criteria only."), code="scores")
    missing = [c.name for c in criteria if c.pk not in values]
    if missing:
        raise ValidationError(
            _("Score every criterion: %(names)s.") % {"names": ", ".join(missing)},
            code="scores",
        )
    if any(not 1 <= int(v) <= 5 for v in values.values()):
        raise ValidationError(_("Each score is from 1 to 5."), code="scores")
    comment = (comment or "").strip()
    if len(comment) > 4000:
        raise ValidationError(_("A comment has at most 4,000 characters."), code="comment")
    total = weighted_total(
        {pk: float(v) for pk, v in values.items()}, {c.pk: float(c.weight) for c in criteria}
    )
    scorecard, created = Scorecard.objects.select_for_update().get_or_create(
        idea=idea, expert=actor, defaults={"comment": comment, "total": total}
    )
    if not created:
        scorecard.comment, scorecard.total = comment, total
        scorecard.save(update_fields=["comment", "total", "updated_at"])
        scorecard.scores.all().delete()
    Score.objects.bulk_create(
        Score(scorecard=scorecard, criterion_id=pk, value=int(v)) for pk, v in values.items()
    )
    audit(
        "innovation.idea.scored",
        actor=actor,
        target=idea,
        total=round(total, 2),
        again=not created,
    )
    return scorecard
