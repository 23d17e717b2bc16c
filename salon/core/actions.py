"""Action items from a meeting: who does what, by when, and whether it is done.

The one piece shared by every kind of meeting that keeps notes: mentoring sessions
(salon/mentoring) and circle meetings and events (salon/circles). Each app keeps its own
table (an abstract model here, so each has its own foreign keys and permission rule) and
its own services, which call these to clean a new action and to change one; its
templates include ``includes/action_items.html``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salon.core.forms import Form
from salon.goals.cleaning import clean_line

TEXT_MAX = 300


class ActionItemBase(models.Model):
    text = models.CharField(gettext_lazy("action"), max_length=TEXT_MAX)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=gettext_lazy("who"),
    )
    due_on = models.DateField(gettext_lazy("due"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["done_at", "due_on", "pk"]

    def __str__(self) -> str:
        return self.text

    def toggle_url(self) -> str:
        """Where ``includes/action_items.html`` posts to tick it done or not done."""
        raise NotImplementedError


A = TypeVar("A", bound=ActionItemBase)


@dataclass(frozen=True)
class ActionPlan:
    text: str
    owner: Any
    due_on: date | None = None


def action_fields(plan: ActionPlan, *, owners: Collection[int], refusal: str) -> dict[str, Any]:
    """The cleaned fields of a new action, refused (with ``refusal``) when its owner is
    not one of ``owners``, the people the meeting's actions may belong to."""
    if getattr(plan.owner, "pk", None) not in owners:
        raise ValidationError(refusal)
    return {
        "text": clean_line(plan.text, label=_("The action"), max_length=TEXT_MAX),
        "owner": plan.owner,
        "due_on": plan.due_on,
    }


def action_change(
    item: ActionItemBase,
    *,
    done: bool | None = None,
    text: str | None = None,
    due_on: date | None = None,
    clear_due: bool = False,
) -> list[str]:
    """Tick it done (or not), or change its words or date, on the instance; returns the
    names of the fields that changed, for the caller to save and audit."""
    fields = []
    if done is not None and done != (item.done_at is not None):
        item.done_at = timezone.now() if done else None
        fields.append("done_at")
    if text is not None:
        item.text = clean_line(text, label=_("The action"), max_length=TEXT_MAX)
        fields.append("text")
    if due_on is not None or clear_due:
        item.due_on = due_on
        fields.append("due_on")
    return fields


def with_overdue(items: Iterable[A], today: date) -> list[A]:
    """The items, each with ``is_overdue`` on the viewer's ``today``."""
    rows = list(items)
    for item in rows:
        item.is_overdue = bool(  # type: ignore[attr-defined]
            item.done_at is None and item.due_on and item.due_on < today
        )
    return rows


class ActionItemForm(Form):
    """A new action: what, who (one of ``owners``, as (id, label) pairs) and by when."""

    text = forms.CharField(label=gettext_lazy("What to do"), max_length=TEXT_MAX)
    owner = forms.TypedChoiceField(label=gettext_lazy("Who"), coerce=int)
    due_on = forms.DateField(
        label=gettext_lazy("Due by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(
        self, *args: Any, owners: list[tuple[int, str]], viewer: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["owner"]
        field.choices = owners
        if viewer is not None and not self.is_bound:
            self.initial.setdefault("owner", viewer.pk)
