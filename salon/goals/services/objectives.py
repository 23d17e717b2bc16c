"""Every write to a community's shared objectives and key results, each audited in the
community's log (value updates keep their own history instead)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from salon.communities.models import PARTICIPANT_ROLES, Membership
from salon.core import search
from salon.core.audit import audit
from salon.core.errors import Conflict
from salon.core.permissions import require
from salon.goals.cleaning import clean_amount, clean_confidence, clean_line, clean_text
from salon.goals.models import (
    KeyResult,
    KeyResultKind,
    KeyResultRevision,
    KeyResultUpdate,
    Objective,
)


class StaleKeyResult(Conflict):
    """The key result changed since the person read it; nothing was written."""


# Objectives and key results --------------------------------------------------------------


@dataclass(frozen=True)
class KeyResultPlan:
    title: str
    kind: str = KeyResultKind.NUMBER
    target: Any = None
    baseline: Any = 0
    unit: str = ""
    currency: str = ""
    due: date | None = None


def _key_result_fields(plan: KeyResultPlan) -> dict[str, Any]:
    if plan.kind not in KeyResultKind.values:
        raise ValidationError(_("A key result is a number, a percentage, money, or done."))
    fields: dict[str, Any] = {
        "title": clean_line(plan.title, label=_("A key result"), max_length=200),
        "kind": plan.kind,
        "unit": clean_line(plan.unit, label=_("The unit"), max_length=30, required=False),
        "currency": "",
        "due": plan.due,
    }
    if plan.kind == KeyResultKind.DONE:
        return {
            **fields,
            "unit": "",
            "baseline": Decimal(0),
            "target": Decimal(1),
            "current": Decimal(0),
        }
    if plan.target is None or plan.target == "":
        raise ValidationError(_("Give each key result a target."))
    baseline = clean_amount(plan.baseline or 0, label=_("The baseline"))
    target = clean_amount(plan.target, label=_("The target"))
    if baseline == target:
        raise ValidationError(_("The target must differ from the baseline."))
    if plan.kind == KeyResultKind.CURRENCY:
        code = (plan.currency or "").strip().upper()
        if len(code) != 3 or not code.isalpha():
            raise ValidationError(_("Give the currency as a three-letter code, such as EUR."))
        fields["currency"] = code
        fields["unit"] = ""
    if plan.kind == KeyResultKind.PERCENTAGE:
        fields["unit"] = ""
    # A key result starts where its baseline is.
    return {**fields, "baseline": baseline, "target": target, "current": baseline}


def _objective_checks(
    community: Any, *, circle: Any, owner: Any, starts_on: date, ends_on: date
) -> None:
    if circle is not None and circle.community_id != community.pk:
        raise ValidationError(_("That circle is not in this community."))
    if ends_on < starts_on:
        raise ValidationError(_("The period ends after it starts."))
    if (
        owner is not None
        and not Membership.objects.filter(
            community=community, user_id=owner.pk, role__in=PARTICIPANT_ROLES
        ).exists()
    ):
        raise ValidationError(_("The owner must be a member of the community."))


@transaction.atomic
def objective_create(
    *,
    actor: Any,
    community: Any,
    title: str,
    period: str,
    starts_on: date,
    ends_on: date,
    why: str = "",
    circle: Any = None,
    owner: Any = None,
    key_results: Sequence[KeyResultPlan] = (),
) -> Objective:
    require(actor, "objective.manage", community)
    owner = owner or actor
    _objective_checks(community, circle=circle, owner=owner, starts_on=starts_on, ends_on=ends_on)
    objective = Objective.objects.create(
        community=community,
        circle=circle,
        title=clean_line(title, label=_("The title"), max_length=200),
        period=clean_line(period, label=_("The period"), max_length=60),
        starts_on=starts_on,
        ends_on=ends_on,
        why=clean_text(why, label=_("Why it matters"), max_length=4000, required=False),
        owner=owner,
        created_by=actor,
    )
    KeyResult.objects.bulk_create(
        KeyResult(objective=objective, position=n, **_key_result_fields(plan))
        for n, plan in enumerate(key_results, start=1)
    )
    search.index(objective)  # again, with the key results (bulk_create sends no signals)
    audit("goals.objective.created", actor=actor, target=objective, key_results=len(key_results))
    return objective


_OBJECTIVE_FIELDS = {"title", "period", "starts_on", "ends_on", "why", "circle", "owner"}


@transaction.atomic
def objective_update(*, actor: Any, objective: Objective, **changes: Any) -> Objective:
    require(actor, "objective.edit", objective)
    unknown = set(changes) - _OBJECTIVE_FIELDS
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))}.")
    if "title" in changes:
        changes["title"] = clean_line(changes["title"], label=_("The title"), max_length=200)
    if "period" in changes:
        changes["period"] = clean_line(changes["period"], label=_("The period"), max_length=60)
    if "why" in changes:
        changes["why"] = clean_text(
            changes["why"], label=_("Why it matters"), max_length=4000, required=False
        )
    merged = {name: changes.get(name, getattr(objective, name)) for name in _OBJECTIVE_FIELDS}
    _objective_checks(
        objective.community,
        circle=merged["circle"],
        owner=merged["owner"],
        starts_on=merged["starts_on"],
        ends_on=merged["ends_on"],
    )
    for name, value in changes.items():
        setattr(objective, name, value)
    objective.save()
    audit("goals.objective.updated", actor=actor, target=objective, fields=sorted(changes))
    return objective


@transaction.atomic
def objective_archive(*, actor: Any, objective: Objective, archived: bool = True) -> Objective:
    """Archive an objective at the end of its period (goals linked to it keep the link), or
    bring it back."""
    require(actor, "objective.edit", objective)
    objective.archived_at = timezone.now() if archived else None
    objective.save(update_fields=["archived_at", "updated_at"])
    audit(
        "goals.objective.archived" if archived else "goals.objective.restored",
        actor=actor,
        target=objective,
    )
    return objective


@transaction.atomic
def key_result_create(*, actor: Any, objective: Objective, plan: KeyResultPlan) -> KeyResult:
    require(actor, "objective.edit", objective)
    if objective.is_archived:
        raise ValidationError(_("This objective is archived."))
    position = (objective.key_results.aggregate(last=Max("position"))["last"] or 0) + 1
    key_result = KeyResult.objects.create(
        objective=objective, position=position, **_key_result_fields(plan)
    )
    audit("goals.key_result.created", actor=actor, target=objective, key_result=key_result.title)
    return key_result


def format_value(key_result: KeyResult, value: Decimal) -> str:
    """A value as people read it: "42 members", "35 %", "1,200,000.00 EUR", "done"."""
    if key_result.kind == KeyResultKind.DONE:
        return _("done") if value >= 1 else _("not done")
    decimals = 0 if value == value.to_integral_value() else 2
    number = number_format(value, decimal_pos=decimals, force_grouping=True)
    if key_result.kind == KeyResultKind.PERCENTAGE:
        return f"{number} %"
    if key_result.kind == KeyResultKind.CURRENCY:
        return f"{number} {key_result.currency}"
    return f"{number} {key_result.unit}".strip()


def _stale(key_result: KeyResult, current: Decimal) -> StaleKeyResult:
    return StaleKeyResult(
        _("Someone updated this key result a moment ago: it is now %(value)s. Check and try again.")
        % {"value": format_value(key_result, current)},
        code="stale",
    )


@transaction.atomic
def key_result_record(
    *,
    actor: Any,
    key_result: KeyResult,
    value: Any,
    expected_version: int,
    confidence: int | None = None,
    comment: str = "",
) -> KeyResult:
    """Record a key result's new value (and confidence), keeping the history.

    ``expected_version`` is the version the person saw. The write is one conditional
    UPDATE on it: when two people update at once, the second is refused with the value the
    first one set, and nothing of theirs is written.
    """
    require(actor, "keyresult.update", key_result)
    new_value = clean_amount(value, label=_("The value"))
    if key_result.kind == KeyResultKind.DONE and new_value not in (0, 1):
        raise ValidationError(_("A done/not done key result is 0 or 1."))
    confidence = clean_confidence(confidence)
    comment = clean_line(comment, label=_("The comment"), max_length=500, required=False)
    # Lock the row (PostgreSQL; SQLite's IMMEDIATE transaction already holds the write
    # lock), so the value read here is the one this update replaces.
    seen = (
        KeyResult.objects.select_for_update()
        .filter(pk=key_result.pk)
        .values("current", "version")
        .first()
    )
    if seen is None:
        raise ValidationError(_("This key result no longer exists."))
    stale = _stale(key_result, seen["current"])
    if seen["version"] != expected_version:
        raise stale
    now = timezone.now()
    changes: dict[str, Any] = {"current": new_value, "version": F("version") + 1, "updated_at": now}
    if confidence is not None:
        changes["confidence"] = confidence
    # Conditional on the version as well: whatever the database's locking, a write that
    # did not see the latest version changes nothing.
    if not KeyResult.objects.filter(pk=key_result.pk, version=expected_version).update(**changes):
        raise stale
    KeyResultUpdate.objects.create(
        key_result=key_result,
        by=actor,
        at=now,
        old_value=seen["current"],
        new_value=new_value,
        confidence=confidence,
        comment=comment,
    )
    audit(
        "goals.key_result.recorded",
        actor=actor,
        target=key_result.objective,
        key_result=key_result.title,
        value=str(new_value),
        was=str(seen["current"]),
    )
    key_result.refresh_from_db()
    return key_result


DEFINITION_FIELDS = ("title", "kind", "baseline", "target", "unit", "currency", "due")


def _as_text(value: Any) -> str:
    """A field's value as the revision keeps it: plain JSON text."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@transaction.atomic
def key_result_edit(
    *, actor: Any, key_result: KeyResult, expected_version: int, **changes: Any
) -> KeyResult:
    """Change what a key result measures: any of ``DEFINITION_FIELDS``.

    Like a value update, it names the version the person saw and is refused, writing
    nothing, if someone changed the key result since. The value recorded so far stays,
    unless the kind changes to or from done / not done: then it starts again from the
    baseline. What changed is kept as a revision and in the community's audit log.
    """
    require(actor, "keyresult.edit", key_result)
    unknown = set(changes) - set(DEFINITION_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))}.")
    seen = (
        KeyResult.objects.select_for_update()
        .filter(pk=key_result.pk)
        .values("version", "current", *DEFINITION_FIELDS)
        .first()
    )
    if seen is None:
        raise ValidationError(_("This key result no longer exists."))
    if seen["version"] != expected_version:
        raise _stale(key_result, seen["current"])
    merged = {name: changes.get(name, seen[name]) for name in DEFINITION_FIELDS}
    fields = _key_result_fields(KeyResultPlan(**merged))
    was_done, is_done = seen["kind"] == KeyResultKind.DONE, fields["kind"] == KeyResultKind.DONE
    if was_done == is_done:
        del fields["current"]
    changed = {
        name: [_as_text(seen[name]), _as_text(value)]
        for name, value in fields.items()
        if value != seen[name]
    }
    if not changed:
        return key_result
    now = timezone.now()
    new_values = {name: fields[name] for name in changed}
    if not KeyResult.objects.filter(pk=key_result.pk, version=expected_version).update(
        **new_values, version=F("version") + 1, updated_at=now
    ):
        raise _stale(key_result, seen["current"])
    KeyResultRevision.objects.create(key_result=key_result, by=actor, at=now, changes=changed)
    objective = key_result.objective
    audit(
        "goals.key_result.updated",
        actor=actor,
        target=objective,
        key_result=fields["title"],
        changes=changed,
    )
    key_result.refresh_from_db()
    key_result.objective = objective
    if "title" in changed:
        search.index(objective)  # an UPDATE sends no signal; the titles are its text
    return key_result
