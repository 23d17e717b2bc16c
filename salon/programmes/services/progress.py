"""A member's own progress through a programme: marking an item done, or not done after all."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.core.audit import audit
from salon.core.permissions import require
from salon.programmes.models import Item, ItemState, PeerReview, Progress
from salon.programmes.selectors.progress import item_state_for
from salon.programmes.services.reviews import reviewers_assign

MAX_ANSWER = 8000


@transaction.atomic
def item_done(*, actor: Any, item: Item, answer: str = "") -> Progress:
    """Mark an open item done; a reflection or an assignment needs the member's answer."""
    programme = item.module.programme
    require(actor, "cohort_programme.take_part", programme)
    answer = (answer or "").strip()
    if item.wants_answer and not answer:
        raise ValidationError(_("Write your answer first."), code="answer")
    if len(answer) > MAX_ANSWER:
        raise ValidationError(_("An answer has at most 8,000 characters."), code="answer")
    existing = Progress.objects.filter(item=item, user=actor).first()
    if existing is not None:
        return existing
    if item_state_for(user=actor, item=item) == ItemState.LOCKED:
        raise ValidationError(_("This item is not open yet."), code="locked")
    try:
        with transaction.atomic():
            progress = Progress.objects.create(
                item=item, user=actor, answer=answer, done_at=timezone.now()
            )
    except IntegrityError:  # a second tab marked it at the same moment
        return Progress.objects.get(item=item, user=actor)
    audit("programmes.item.completed", actor=actor, target=programme, item=item.pk)
    reviewers_assign(actor=actor, item=item)
    return progress


@transaction.atomic
def item_undo(*, actor: Any, item: Item) -> None:
    programme = item.module.programme
    require(actor, "cohort_programme.take_part", programme)
    if PeerReview.objects.filter(item=item, author_id=actor.pk).exists():
        raise ValidationError(
            _("Your peers are reviewing this assignment: it stays handed in."), code="reviewing"
        )
    deleted, _rows = Progress.objects.filter(item=item, user=actor).delete()
    if deleted:
        audit("programmes.item.reopened", actor=actor, target=programme, item=item.pk)
