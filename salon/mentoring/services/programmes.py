"""Every write to mentoring programmes and enrolments: one function per use case,
transactional, permission-checked, audited in the community's log (docs/mentoring.md,
"Programmes and enrolment")."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.accounts.models import User
from salon.communities.models import PARTICIPANT_ROLES
from salon.core.audit import audit
from salon.core.permissions import require
from salon.goals.cleaning import clean_line, clean_text
from salon.goals.models import Competency, Goal, GoalStatus
from salon.mentoring.models import (
    DEFAULT_WEIGHTS,
    Enrolment,
    MatchingMode,
    MatchStatus,
    Mentorship,
    MentorshipStatus,
    Preference,
    Programme,
    ProgrammeStatus,
    Side,
    TargetAttribute,
)

MAX_WEIGHT = 10
MAX_COMPETENCIES_WANTED = 3
MAX_CAPACITY = 20

PROGRAMME_FIELDS = frozenset(
    {
        "name",
        "description",
        "starts_on",
        "ends_on",
        "enrolment_closes_on",
        "mode",
        "reverse",
        "reverse_topic",
        "mentee_roles",
        "mentor_roles",
        "default_capacity",
        "weights",
        "min_shared_hours",
        "allow_repeat_pairs",
        "allow_same_unit",
        "target_attribute",
        "target_share",
        "response_days",
        "session_every_days",
        "suggestions",
    }
)

# Where a programme may go from each status: on to the next step, or back one step while
# nobody has been paired yet (and a closed programme can be reopened).
STATUS_STEPS: dict[str, tuple[str, ...]] = {
    ProgrammeStatus.DRAFT: (ProgrammeStatus.ENROLLING,),
    ProgrammeStatus.ENROLLING: (ProgrammeStatus.MATCHING, ProgrammeStatus.DRAFT),
    ProgrammeStatus.MATCHING: (ProgrammeStatus.ACTIVE, ProgrammeStatus.ENROLLING),
    ProgrammeStatus.ACTIVE: (ProgrammeStatus.CLOSED,),
    ProgrammeStatus.CLOSED: (ProgrammeStatus.ACTIVE,),
}
# When mentees choose their mentor there is no matching step: requests start as soon as
# enrolment opens, and closing enrolment starts the programme.
MENTEE_CHOICE_STEPS: dict[str, tuple[str, ...]] = {
    **STATUS_STEPS,
    ProgrammeStatus.ENROLLING: (ProgrammeStatus.ACTIVE, ProgrammeStatus.DRAFT),
}


def status_steps(programme: Programme) -> tuple[str, ...]:
    """Where ``programme`` may go from its status now, the next step first."""
    steps = MENTEE_CHOICE_STEPS if programme.mode == MatchingMode.MENTEE_CHOICE else STATUS_STEPS
    return steps.get(programme.status, ())


# Programmes -------------------------------------------------------------------------------


def _whole(value: Any, *, label: str, low: int, high: int) -> int:
    whole = _("%(field)s must be a whole number.") % {"field": label}
    if isinstance(value, bool):
        raise ValidationError(whole)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(whole) from None
    if isinstance(value, float | Decimal) and number != value:
        raise ValidationError(whole)
    if not low <= number <= high:
        bounds = {"field": label, "low": low, "high": high}
        raise ValidationError(_("%(field)s goes from %(low)d to %(high)d.") % bounds)
    return number


def _clean_weights(weights: Any) -> dict[str, float]:
    if not isinstance(weights, dict) or set(weights) - set(DEFAULT_WEIGHTS):
        raise ValidationError(
            _("Weights are given for these criteria only: %(keys)s.")
            % {"keys": ", ".join(DEFAULT_WEIGHTS)}
        )
    cleaned: dict[str, float] = {}
    for key, default in DEFAULT_WEIGHTS.items():
        value = weights.get(key, default)
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValidationError(_("Each weight is a number from 0 to 10.")) from None
        if not 0 <= number <= MAX_WEIGHT:
            raise ValidationError(_("Each weight is a number from 0 to 10."))
        cleaned[key] = number
    if not any(cleaned.values()):
        raise ValidationError(
            _("Give at least one criterion a weight above 0, or matching has nothing to go on.")
        )
    return cleaned


def _clean_roles(roles: Any, *, label: str) -> list[str]:
    if not isinstance(roles, list | tuple | set) or not roles:
        raise ValidationError(_("Choose at least one role for %(side)s.") % {"side": label})
    unknown = set(roles) - set(PARTICIPANT_ROLES)
    if unknown:
        raise ValidationError(
            _("%(side)s: only community roles that take part can enrol.") % {"side": label}
        )
    order = ["director", "facilitator", "member", "mentor", "expert"]
    return [role for role in order if role in roles]


def _clean_programme(values: dict[str, Any]) -> dict[str, Any]:
    """All of a programme's settings checked together; one clear message per refusal."""
    cleaned = dict(values)
    cleaned["name"] = clean_line(values["name"], label=_("The name"), max_length=150)
    cleaned["description"] = clean_text(
        values["description"], label=_("The description"), max_length=4000, required=False
    )
    starts: date = values["starts_on"]
    ends: date = values["ends_on"]
    closes: date | None = values["enrolment_closes_on"]
    if ends <= starts:
        raise ValidationError(_("The cycle must end after it starts."))
    if closes is not None and closes > ends:
        raise ValidationError(_("Enrolment must close before the cycle ends."))
    if values["mode"] not in MatchingMode.values:
        raise ValidationError(_("Choose how pairs are matched."))
    cleaned["reverse"] = bool(values["reverse"])
    cleaned["reverse_topic"] = clean_line(
        values["reverse_topic"], label=_("The topic"), max_length=150, required=False
    )
    if cleaned["reverse"] and not cleaned["reverse_topic"]:
        raise ValidationError(_("Give the topic of the reverse mentoring, such as “AI”."))
    if not cleaned["reverse"]:
        cleaned["reverse_topic"] = ""
    cleaned["mentee_roles"] = _clean_roles(values["mentee_roles"], label=_("mentees"))
    cleaned["mentor_roles"] = _clean_roles(values["mentor_roles"], label=_("mentors"))
    cleaned["default_capacity"] = _whole(
        values["default_capacity"], label=_("Mentees per mentor"), low=1, high=MAX_CAPACITY
    )
    cleaned["weights"] = _clean_weights(values["weights"])
    try:
        hours = Decimal(str(values["min_shared_hours"])).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Shared working hours must be a number.")) from None
    if not Decimal(0) <= hours <= Decimal(40):
        raise ValidationError(_("Shared working hours a week go from 0 to 40."))
    cleaned["min_shared_hours"] = hours
    cleaned["allow_repeat_pairs"] = bool(values["allow_repeat_pairs"])
    cleaned["allow_same_unit"] = bool(values["allow_same_unit"])
    if (values["target_attribute"] or "") not in TargetAttribute.values:
        raise ValidationError(_("Choose a programme target: none, across regions or functions."))
    cleaned["target_attribute"] = values["target_attribute"] or ""
    cleaned["target_share"] = _whole(
        values["target_share"], label=_("The target share"), low=1, high=100
    )
    cleaned["response_days"] = _whole(
        values["response_days"], label=_("Days to answer a match"), low=1, high=60
    )
    cleaned["session_every_days"] = _whole(
        values["session_every_days"], label=_("Days between sessions"), low=7, high=120
    )
    cleaned["suggestions"] = _whole(
        values["suggestions"], label=_("Suggestions per mentee"), low=1, high=10
    )
    return cleaned


def _defaults() -> dict[str, Any]:
    """The model's defaults, for settings a caller leaves out."""
    blank = Programme()
    return {name: getattr(blank, name) for name in PROGRAMME_FIELDS}


def _unknown(fields: Iterable[str]) -> None:
    unknown = set(fields) - PROGRAMME_FIELDS
    if unknown:
        raise ValidationError(f"Cannot set {', '.join(sorted(unknown))}.")


@transaction.atomic
def programme_create(*, actor: Any, community: Any, **fields: Any) -> Programme:
    """A new programme, in draft: participants see it once it opens for enrolment."""
    require(actor, "programme.create", community)
    _unknown(fields)
    values = _clean_programme({**_defaults(), **fields})
    programme = Programme.objects.create(community=community, created_by=actor, **values)
    audit("mentoring.programme.created", actor=actor, target=programme)
    return programme


@transaction.atomic
def programme_update(*, actor: Any, programme: Programme, **changes: Any) -> Programme:
    require(actor, "programme.manage", programme)
    _unknown(changes)
    current = {name: getattr(programme, name) for name in PROGRAMME_FIELDS}
    values = _clean_programme({**current, **changes})
    changed = sorted(name for name in PROGRAMME_FIELDS if values[name] != current[name])
    if not changed:
        return programme
    for name in changed:
        setattr(programme, name, values[name])
    programme.save(update_fields=[*changed, "updated_at"])
    audit("mentoring.programme.updated", actor=actor, target=programme, fields=changed)
    return programme


@transaction.atomic
def programme_set_status(*, actor: Any, programme: Programme, status: str) -> Programme:
    """Move a programme one step (``status_steps``). The update is conditional on the status
    the steward saw, so two stewards clicking at once cannot skip a step."""
    require(actor, "programme.manage", programme)
    before = programme.status
    if status not in status_steps(programme):
        raise ValidationError(
            _("A programme cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": ProgrammeStatus(before).label,
                "to": ProgrammeStatus(status).label if status in ProgrammeStatus.values else status,
            }
        )
    if status == ProgrammeStatus.DRAFT and (
        programme.matches.exclude(status=MatchStatus.STAGED).exists()
        or programme.mentorships.exists()
    ):
        raise ValidationError(
            _("People have been matched in this programme: it cannot go back to draft.")
        )
    now = timezone.now()
    if not Programme.objects.filter(pk=programme.pk, status=before).update(
        status=status, updated_at=now
    ):
        raise ValidationError(_("Someone changed this programme's status a moment ago."))
    programme.status, programme.updated_at = status, now
    if status == ProgrammeStatus.CLOSED:
        # The cycle is over: its pairs are complete, and mentors no longer see the goals
        # their mentees shared with them.
        Mentorship.objects.filter(programme=programme, status=MentorshipStatus.ACTIVE).update(
            status=MentorshipStatus.COMPLETED, ended_at=now
        )
    audit(
        "mentoring.programme.status_changed",
        actor=actor,
        target=programme,
        **{"from": before, "to": status},
    )
    return programme


# Enrolment --------------------------------------------------------------------------------


def _ids(items: Iterable[Any]) -> set[int]:
    return {item if isinstance(item, int) else item.pk for item in items}


def _checked_competencies(programme: Programme, side: str, ids: set[int]) -> list[Competency]:
    found = list(
        Competency.objects.filter(
            community_id=programme.community_id, retired_at__isnull=True, pk__in=ids
        )
    )
    if len(found) != len(ids):
        raise ValidationError(_("Choose competencies from the community's framework."))
    if not found:
        if side == Side.MENTEE:
            raise ValidationError(_("Choose at least one competency you want to develop."))
        raise ValidationError(_("Choose at least one competency you can help with."))
    if side == Side.MENTEE and len(found) > MAX_COMPETENCIES_WANTED:
        raise ValidationError(
            _("Choose at most %(n)d competencies to develop, so a mentor can cover them.")
            % {"n": MAX_COMPETENCIES_WANTED}
        )
    return found


def _checked_goals(actor: Any, programme: Programme, ids: set[int]) -> list[Goal]:
    found = list(
        Goal.objects.filter(
            owner_id=actor.pk,
            community_id=programme.community_id,
            status=GoalStatus.ACTIVE,
            pk__in=ids,
        )
    )
    if len(found) != len(ids):
        raise ValidationError(_("Share only your own active goals in this community."))
    return found


def _checked_avoid(actor: Any, programme: Programme, ids: set[int]) -> list[User]:
    ids.discard(actor.pk)
    found = list(
        User.objects.filter(
            pk__in=ids, is_active=True, memberships__community_id=programme.community_id
        ).distinct()
    )
    if len(found) != len(ids):
        raise ValidationError(_("Name only other members of this community."))
    return found


def _checked_preference(value: str | None) -> str:
    if (value or "") not in Preference.values:
        raise ValidationError(_("A preference is “same”, “different” or none."))
    return value or ""


@transaction.atomic
def enrolment_save(
    *,
    actor: Any,
    programme: Programme,
    side: str,
    competencies: Iterable[Any],
    goals: Iterable[Any] = (),
    hopes: str = "",
    region_preference: str = "",
    language_preference: str = "",
    industry_preference: str = "",
    function_preference: str = "",
    avoid: Iterable[Any] = (),
    capacity: int | None = None,
    availability: str = "",
) -> tuple[Enrolment, bool]:
    """Enrol ``actor`` on ``side``, or change their enrolment (re-enrolling after a
    withdrawal clears it). Returns the enrolment and whether it is new. Only the fields of
    the chosen side are kept: a mentor shares no goals, a mentee offers no capacity."""
    if side not in Side.values:
        raise ValidationError(_("Enrol as a mentee or as a mentor."))
    action = "programme.enrol_as_mentee" if side == Side.MENTEE else "programme.enrol_as_mentor"
    require(actor, action, programme)
    chosen = _checked_competencies(programme, side, _ids(competencies))
    people = _checked_avoid(actor, programme, _ids(avoid))
    fields: dict[str, Any] = {
        "side": side,
        "hopes": "",
        "region_preference": "",
        "language_preference": "",
        "industry_preference": "",
        "function_preference": "",
        "capacity": None,
        "availability": "",
        "withdrawn_at": None,
    }
    shared_goals: list[Goal] = []
    if side == Side.MENTEE:
        shared_goals = _checked_goals(actor, programme, _ids(goals))
        fields["hopes"] = clean_text(
            hopes, label=_("What you hope for"), max_length=2000, required=False
        )
        for name, value in (
            ("region_preference", region_preference),
            ("language_preference", language_preference),
            ("industry_preference", industry_preference),
            ("function_preference", function_preference),
        ):
            fields[name] = _checked_preference(value)
    else:
        if capacity is not None:
            capacity = _whole(capacity, label=_("Mentees you can take"), low=1, high=MAX_CAPACITY)
        fields["capacity"] = capacity
        fields["availability"] = clean_line(
            availability, label=_("Availability"), max_length=300, required=False
        )
    enrolment = (
        Enrolment.objects.select_for_update().filter(programme=programme, user_id=actor.pk).first()
    )
    created = enrolment is None
    rejoined = False
    if enrolment is None:
        enrolment = Enrolment.objects.create(programme=programme, user=actor, **fields)
    else:
        rejoined = enrolment.withdrawn_at is not None
        for name, value in fields.items():
            setattr(enrolment, name, value)
        enrolment.save(update_fields=[*fields, "updated_at"])
    enrolment.programme, enrolment.user = programme, actor
    enrolment.competencies.set(chosen)
    enrolment.goals.set(shared_goals)
    enrolment.avoid.set(people)
    audit(
        "mentoring.enrolment.created" if created else "mentoring.enrolment.updated",
        actor=actor,
        target=enrolment,
        community=programme.community,
        side=side,
        rejoined=rejoined,
    )
    return enrolment, created


@transaction.atomic
def enrolment_withdraw(*, actor: Any, programme: Programme) -> Enrolment:
    """Withdraw from a programme while enrolment is open; the enrolment is kept (marked
    withdrawn) so enrolling again brings back what the person chose."""
    require(actor, "programme.enrol", programme)
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(programme=programme, user_id=actor.pk, withdrawn_at__isnull=True)
        .first()
    )
    if enrolment is None:
        raise ValidationError(_("You are not enrolled in this programme."))
    enrolment.withdrawn_at = timezone.now()
    enrolment.save(update_fields=["withdrawn_at", "updated_at"])
    enrolment.programme, enrolment.user = programme, actor
    audit(
        "mentoring.enrolment.withdrawn",
        actor=actor,
        target=enrolment,
        community=programme.community,
        side=enrolment.side,
    )
    return enrolment
