""" "Why this match", in words: the engine's reasons and breakdown turned into sentences
and bars a programme director reads at a glance."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salon.accounts.models import Function, Region

CRITERION_LABELS = {
    "competencies": gettext_lazy("Competency fit"),
    "shared_hours": gettext_lazy("Shared working hours"),
    "cross_region": gettext_lazy("Across regions"),
    "cross_function": gettext_lazy("Across functions"),
    "goals": gettext_lazy("Goal alignment"),
    "industry": gettext_lazy("Same industry"),
    "preferences": gettext_lazy("Stated preferences"),
}
_ATTRIBUTE_LABELS = {
    "region": gettext_lazy("region"),
    "first_language": gettext_lazy("first language"),
    "industry": gettext_lazy("industry"),
    "function": gettext_lazy("function"),
}


@dataclass(frozen=True)
class Bar:
    criterion: str
    label: str
    points: float
    weight: float
    share: float  # of the best possible points for this criterion, 0..1
    percent: int


def _choice(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or _("unknown")


def sentence(reason: Mapping[str, Any], names: Mapping[int, str], *, you: bool = False) -> str:
    """One reason as a sentence; ``you`` words it for the mentee reading it."""
    criterion, detail = reason["criterion"], reason.get("detail", {})
    if criterion in ("competencies", "goals"):
        keys = detail.get("covered" if criterion == "competencies" else "shared", [])
        found = [names.get(int(k), "?") for k in keys]
        values = {"n": len(found), "of": detail.get("wanted", len(found)), "list": ", ".join(found)}
        every = values["n"] == values["of"]
        if criterion == "goals":
            if you:
                return _("Has worked on goals like yours: %(list)s.") % values
            return _("Has worked on goals like the mentee's: %(list)s.") % values
        if every:
            if you:
                return _("Offers what you want to develop: %(list)s.") % values
            return _("Offers what the mentee wants to develop: %(list)s.") % values
        if you:
            return (
                _("Offers %(n)s of the %(of)s competencies you want to develop: %(list)s.") % values
            )
        return (
            _("Offers %(n)s of the %(of)s competencies the mentee wants to develop: %(list)s.")
            % values
        )
    if criterion == "shared_hours":
        return _("They share %(h)s working hours a week.") % {
            "h": f"{float(detail.get('hours', 0)):.1f}".rstrip("0").rstrip(".")
        }
    if criterion == "cross_region":
        return _("Across regions: %(a)s and %(b)s.") % {
            "a": _choice(Region, detail.get("mentee", "")),
            "b": _choice(Region, detail.get("mentor", "")),
        }
    if criterion == "cross_function":
        return _("Across functions: %(a)s and %(b)s.") % {
            "a": _choice(Function, detail.get("mentee", "")),
            "b": _choice(Function, detail.get("mentor", "")),
        }
    if criterion == "industry":
        return _("Both work in the same industry: %(industry)s.") % {
            "industry": capfirst(detail.get("industry", ""))
        }
    if criterion == "preferences":

        def words(items: list[str]) -> str:
            out = []
            for item in items:
                attribute, _sep, wish = item.partition(":")
                label = _ATTRIBUTE_LABELS.get(attribute, attribute)
                out.append(
                    _("the same %(a)s") % {"a": label}
                    if wish == "same"
                    else _("a different %(a)s") % {"a": label}
                )
            return ", ".join(out)

        met, missed = detail.get("met", []), detail.get("missed", [])
        text = (
            _("Meets your wish for %(met)s.") if you else _("Meets the mentee's wish for %(met)s.")
        ) % {"met": words(met)}
        if missed:
            text += " " + _("Not: %(missed)s.") % {"missed": words(missed)}
        return text
    return str(CRITERION_LABELS.get(criterion, criterion))


def bars(breakdown: Mapping[str, float], weights: Mapping[str, float]) -> list[Bar]:
    """Every criterion with its points and the share of its maximum (its weight)."""
    result = []
    for criterion, label in CRITERION_LABELS.items():
        weight = float(weights.get(criterion, 0))
        points = float(breakdown.get(criterion, 0))
        share = points / weight if weight else 0.0
        result.append(Bar(criterion, str(label), points, weight, share, round(share * 100)))
    return result


def histogram(scores: list[float], maximum: float, buckets: int = 10) -> list[dict[str, Any]]:
    """Pairs by score, for a small server-rendered SVG (width 320, bars 28 wide)."""
    if not scores or maximum <= 0:
        return []
    counts = [0] * buckets
    for score in scores:
        counts[min(int(score / maximum * buckets), buckets - 1)] += 1
    top = max(counts)
    out = []
    for index, count in enumerate(counts):
        height = round(count / top * 100) if top else 0
        low = maximum * index / buckets
        out.append(
            {
                "x": 8 + index * 31,
                "y": 120 - height,
                "height": height,
                "count": count,
                "label": f"{low:.0f}" if maximum >= buckets else f"{low:.1f}",
                "label_x": 22 + index * 31,
            }
        )
    return out
