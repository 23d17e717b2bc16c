"""Every write to a community's competency framework: its competencies, their observable
behaviours and proficiency levels. Each change that alters the framework makes its next
version, with a line saying what changed, and goes to the community's audit log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.communities.models import Community
from salon.core.audit import audit
from salon.core.permissions import require
from salon.goals.cleaning import clean_line
from salon.goals.framework import MAX_BEHAVIOURS, MIN_BEHAVIOURS, default_framework
from salon.goals.models import Behaviour, Competency, FrameworkVersion, ProficiencyLevel

MIN_LEVELS, MAX_LEVELS = 2, 6

# (level name, what it looks like), from the first level to the highest.
Levels = Sequence[tuple[str, str]]


# Cleaning ---------------------------------------------------------------------------------


def clean_behaviours(texts: Sequence[str]) -> list[str]:
    """Three to five distinct behaviours of at most 200 characters; blank lines dropped."""
    cleaned: list[str] = []
    for text in texts:
        line = clean_line(text, label=_("A behaviour"), max_length=200, required=False)
        if line and line.casefold() not in {c.casefold() for c in cleaned}:
            cleaned.append(line)
    if not MIN_BEHAVIOURS <= len(cleaned) <= MAX_BEHAVIOURS:
        raise ValidationError(
            _("Describe %(low)d to %(high)d different behaviours, one a line.")
            % {"low": MIN_BEHAVIOURS, "high": MAX_BEHAVIOURS}
        )
    return cleaned


def clean_levels(levels: Levels) -> list[tuple[str, str]]:
    cleaned = [
        (
            clean_line(name, label=_("A level's name"), max_length=60),
            clean_line(text, label=_("A level's description"), max_length=300, required=False),
        )
        for name, text in levels
        if (name or "").strip() or (text or "").strip()
    ]
    if not MIN_LEVELS <= len(cleaned) <= MAX_LEVELS:
        raise ValidationError(
            _("Name %(low)d to %(high)d proficiency levels.")
            % {"low": MIN_LEVELS, "high": MAX_LEVELS}
        )
    names = [name.casefold() for name, _text in cleaned]
    if len(set(names)) != len(names):
        raise ValidationError(_("Give each proficiency level its own name."))
    return cleaned


def _default_levels() -> list[tuple[str, str]]:
    return [(name, "") for name in default_framework().level_names]


# Versions ---------------------------------------------------------------------------------


def _record_version(community: Any, actor: Any, summary: str) -> FrameworkVersion:
    """The framework's next version. The community's row is locked first, so two directors
    saving at once get versions n and n+1, never the same number twice."""
    Community.objects.select_for_update().filter(pk=community.pk).first()
    last = FrameworkVersion.objects.filter(community_id=community.pk).aggregate(
        n=Coalesce(Max("number"), 0)
    )["n"]
    return FrameworkVersion.objects.create(
        community_id=community.pk,
        number=int(last) + 1,
        summary=summary[:300],
        changed_by=actor if getattr(actor, "pk", None) else None,
    )


# Behaviours and levels --------------------------------------------------------------------


def _behaviours_set(competency: Competency, texts: list[str]) -> bool:
    """Make ``texts`` the competency's behaviours, in order. A behaviour whose text stays
    keeps its row (360 ratings point at it); edited ones reuse the rows left over, and any
    still left are retired, never deleted. Returns whether anything changed."""
    current = list(competency.behaviours.filter(retired_at__isnull=True).order_by("position", "pk"))
    if [b.text for b in current] == texts:
        return False
    by_text = {b.text: b for b in current}
    kept = {text: by_text[text] for text in texts if text in by_text}
    spare = [b for b in current if b.text not in kept]
    for position, text in enumerate(texts, start=1):
        row = kept.get(text) or (spare.pop(0) if spare else None)
        if row is None:
            Behaviour.objects.create(competency=competency, text=text, position=position)
        elif (row.text, row.position) != (text, position):
            row.text, row.position = text, position
            row.save(update_fields=["text", "position"])
    Behaviour.objects.filter(pk__in=[b.pk for b in spare]).update(retired_at=timezone.now())
    return True


def _levels_set(competency: Competency, levels: list[tuple[str, str]]) -> bool:
    current = {lv.rank: lv for lv in competency.levels.all()}
    if [(lv.name, lv.description) for _rank, lv in sorted(current.items())] == levels:
        return False
    for rank, (name, text) in enumerate(levels, start=1):
        row = current.get(rank)
        if row is None:
            ProficiencyLevel.objects.create(
                competency=competency, rank=rank, name=name, description=text
            )
        elif (row.name, row.description) != (name, text):
            row.name, row.description = name, text
            row.save(update_fields=["name", "description"])
    ProficiencyLevel.objects.filter(competency=competency, rank__gt=len(levels)).delete()
    return True


def _fill_from_defaults(community: Any) -> int:
    """Give the community's default-named competencies that have no behaviours (or no
    levels) those of the default framework. Returns how many competencies it filled."""
    defaults = default_framework().by_name()
    competencies = Competency.objects.filter(
        community_id=community.pk, name__in=list(defaults)
    ).annotate(behaviour_count=Count("behaviours", distinct=True), level_count=Count("levels"))
    behaviours: list[Behaviour] = []
    levels: list[ProficiencyLevel] = []
    filled = 0
    for competency in competencies:
        default = defaults[competency.name]
        if not competency.behaviour_count:
            behaviours += [
                Behaviour(competency=competency, text=text, position=n)
                for n, text in enumerate(default.behaviours, start=1)
            ]
        if not competency.level_count:
            levels += [
                ProficiencyLevel(competency=competency, rank=n, name=name, description=text)
                for n, (name, text) in enumerate(default.levels, start=1)
            ]
        filled += not (competency.behaviour_count and competency.level_count)
    Behaviour.objects.bulk_create(behaviours)
    ProficiencyLevel.objects.bulk_create(levels, ignore_conflicts=True)
    return filled


# Competencies -----------------------------------------------------------------------------


@transaction.atomic
def competency_defaults_create(*, community: Any) -> int:
    """Give a community the default framework (the competencies it lacks by name, with their
    behaviours and levels) when it is created (``GoalsConfig``). Idempotent: the demo seed
    and the data migrations call it on communities that may already have part of it."""
    framework = default_framework()
    created = Competency.objects.bulk_create(
        [
            Competency(community_id=community.pk, name=c.name, description=c.definition, position=n)
            for n, c in enumerate(framework.competencies, start=1)
        ],
        ignore_conflicts=True,
    )
    _fill_from_defaults(community)
    if not FrameworkVersion.objects.filter(community_id=community.pk).exists():
        _record_version(
            community,
            None,
            _("Started from the default leadership framework (edition %(n)d).")
            % {"n": framework.version},
        )
    return len(created)


@transaction.atomic
def competency_defaults_restore(*, actor: Any, community: Any) -> int:
    """Add back the default competencies a community lacks (retired ones come back too),
    with the default behaviours and levels of any that have none."""
    require(actor, "competency.manage", community)
    defaults = default_framework().competencies
    names = [c.name for c in defaults]
    restored = Competency.objects.filter(
        community=community, name__in=names, retired_at__isnull=False
    ).update(retired_at=None)
    existing = set(Competency.objects.filter(community=community).values_list("name", flat=True))
    last = _last_position(community)
    missing = [c for c in defaults if c.name not in existing]
    Competency.objects.bulk_create(
        Competency(community=community, name=c.name, description=c.definition, position=last + n)
        for n, c in enumerate(missing, start=1)
    )
    filled = _fill_from_defaults(community)
    added = len(missing)
    if added or restored or filled:
        version = _record_version(
            community,
            actor,
            _("Default competencies added back: %(added)d added, %(restored)d restored.")
            % {"added": added, "restored": restored},
        )
        audit(
            "goals.competencies.defaults_restored",
            actor=actor,
            target=community,
            added=added,
            version=version.number,
        )
    return added + restored


def _last_position(community: Any) -> int:
    found = Competency.objects.filter(community=community).aggregate(
        last=Coalesce(Max("position"), 0)
    )
    return int(found["last"])


def _unique_name(community: Any, name: str, *, exclude: int | None = None) -> None:
    clash = Competency.objects.filter(community=community, name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError(_("The framework already has a competency of that name."))


@transaction.atomic
def competency_create(
    *,
    actor: Any,
    community: Any,
    name: str,
    description: str = "",
    behaviours: Sequence[str] | None = None,
    levels: Levels | None = None,
) -> Competency:
    """A new competency. Without levels it gets the default level names, to describe."""
    require(actor, "competency.manage", community)
    name = clean_line(name, label=_("The name"), max_length=80)
    description = clean_line(description, label=_("The definition"), max_length=500, required=False)
    texts = clean_behaviours(behaviours) if behaviours is not None else []
    ladder = clean_levels(levels) if levels is not None else _default_levels()
    _unique_name(community, name)
    competency = Competency.objects.create(
        community=community,
        name=name,
        description=description,
        position=_last_position(community) + 1,
    )
    _behaviours_set(competency, texts)
    _levels_set(competency, ladder)
    version = _record_version(community, actor, _("Competency added: %(name)s.") % {"name": name})
    audit(
        "goals.competency.created",
        actor=actor,
        target=community,
        competency=name,
        version=version.number,
    )
    return competency


@transaction.atomic
def competency_update(
    *,
    actor: Any,
    competency: Competency,
    name: str,
    description: str,
    position: int,
    behaviours: Sequence[str] | None = None,
    levels: Levels | None = None,
) -> Competency:
    """Change a competency; ``behaviours`` or ``levels`` left as None stay as they are."""
    community = competency.community
    require(actor, "competency.manage", community)
    name = clean_line(name, label=_("The name"), max_length=80)
    description = clean_line(description, label=_("The definition"), max_length=500, required=False)
    if not 0 <= position <= 1000:
        raise ValidationError(_("The position goes from 0 to 1000."))
    texts = clean_behaviours(behaviours) if behaviours is not None else None
    ladder = clean_levels(levels) if levels is not None else None
    _unique_name(community, name, exclude=competency.pk)
    before = competency.name
    changes = []
    if name != before:
        changes.append(_("renamed from %(was)s") % {"was": before})
    if description != competency.description:
        changes.append(_("definition"))
    if position != competency.position:
        changes.append(_("order"))
    competency.name, competency.description, competency.position = name, description, position
    competency.save(update_fields=["name", "description", "position"])
    if texts is not None and _behaviours_set(competency, texts):
        changes.append(_("behaviours"))
    if ladder is not None and _levels_set(competency, ladder):
        changes.append(_("proficiency levels"))
    version = None
    if changes:
        version = _record_version(
            community,
            actor,
            _("%(name)s changed: %(what)s.") % {"name": name, "what": ", ".join(changes)},
        )
    audit(
        "goals.competency.updated",
        actor=actor,
        target=community,
        competency=name,
        was=before,
        version=version.number if version else None,
    )
    return competency


@transaction.atomic
def competency_retire(*, actor: Any, competency: Competency, retired: bool = True) -> Competency:
    """Retire a competency (goals that use it keep it; new goals cannot pick it), or bring
    it back."""
    community = competency.community
    require(actor, "competency.manage", community)
    if (competency.retired_at is not None) == retired:
        return competency
    competency.retired_at = timezone.now() if retired else None
    competency.save(update_fields=["retired_at"])
    summary = _("Competency retired: %(name)s.") if retired else _("Competency restored: %(name)s.")
    version = _record_version(community, actor, summary % {"name": competency.name})
    audit(
        "goals.competency.retired" if retired else "goals.competency.restored",
        actor=actor,
        target=community,
        competency=competency.name,
        version=version.number,
    )
    return competency
