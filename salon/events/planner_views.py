"""'Find a time': the fair meeting planner's page. Adapts members to the pure planner and
turns a proposal into events with one click."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from salon.accounts.models import User
from salon.communities.access import access_community
from salon.communities.models import Circle
from salon.core.forms import Form
from salon.core.http import AuthenticatedHttpRequest
from salon.events import planner, services
from salon.events.models import EventFormat
from salon.events.planning import participant_of

MAX_PARTICIPANTS = 2000


class PlannerForm(Form):
    circle = forms.ModelChoiceField(
        label=_lazy("Who"),
        queryset=Circle.objects.none(),
        required=False,
        empty_label=_lazy("Everyone in the community"),
    )
    duration = forms.IntegerField(
        label=_lazy("Length (minutes)"), min_value=15, max_value=480, initial=60
    )
    start = forms.DateField(label=_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.IntegerField(
        label=_lazy("Over how many days"), min_value=1, max_value=90, initial=14
    )
    sessions = forms.IntegerField(
        label=_lazy("Sessions"),
        min_value=1,
        max_value=12,
        initial=1,
        help_text=_lazy("More than one plans a series that rotates the inconvenience."),
    )

    def __init__(self, *args: Any, community: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        circle: Any = self.fields["circle"]
        circle.queryset = Circle.objects.filter(community=community, archived_at__isnull=True)
        self.fields["start"].initial = timezone.localdate() + timedelta(days=1)


def series_for(
    people: list[planner.Participant],
    *,
    start: datetime,
    end: datetime,
    duration: timedelta,
    sessions: int,
) -> planner.SeriesProposal:
    """The engine's fair series; a series it cannot fit in the range (its ``ValueError``)
    is the person's to change, so it comes back as a ``ValidationError``."""
    try:
        return planner.plan_series(
            people, start=start, end=end, duration=duration, sessions=sessions
        )
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


def participants_for(
    community: Any,
    *,
    circle: Any = None,
    user_ids: Iterable[int] | None = None,
    between: tuple[date, date] | None = None,
) -> tuple[list[planner.Participant], dict[int, str]]:
    """The planner's plain inputs for a circle, chosen people, or the whole community (at
    most ``MAX_PARTICIPANTS``), and their names for the page. Each person works on their
    own country's working week; with ``between``, their public holidays in that range are
    days they cannot make."""
    participants, names, _holidays = planner_inputs(
        community, circle=circle, user_ids=user_ids, between=between
    )
    return participants, names


def planner_inputs(
    community: Any,
    *,
    circle: Any = None,
    user_ids: Iterable[int] | None = None,
    between: tuple[date, date] | None = None,
) -> tuple[list[planner.Participant], dict[int, str], dict[int, dict[date, str]]]:
    """``participants_for`` plus each person's public holidays in ``between`` by day."""
    people = User.objects.filter(is_active=True, memberships__community=community)
    if circle is not None:
        people = people.filter(circle_memberships__circle=circle)
    if user_ids is not None:
        people = people.filter(pk__in=list(user_ids))
    rows = people.only(
        "pk", "name", "timezone", "work_start", "work_end", "region", "country"
    ).order_by("pk")[:MAX_PARTICIPANTS]
    participants, names, holidays = [], {}, {}
    for p in rows:
        participant, days_off = participant_of(p, between=between)
        participants.append(participant)
        names[p.pk] = p.display_name
        if days_off:
            holidays[p.pk] = days_off
    return participants, names, holidays


def _holiday_notes(
    proposal: planner.SlotProposal,
    people: list[planner.Participant],
    names: dict[int, str],
    holidays: dict[int, dict[date, str]],
) -> list[str]:
    """ "Eid al-Fitr for Omar Haddad": whom a proposed time falls on a public holiday for."""
    notes = []
    for person in people:
        days = holidays.get(int(person.id))
        if not days:
            continue
        day = proposal.start.astimezone(ZoneInfo(person.tz)).date()
        if day in days:
            notes.append(
                _("%(holiday)s for %(name)s")
                % {"holiday": days[day], "name": names[int(person.id)]}
            )
    return notes


def _heat(proposal: planner.SlotProposal, regions: list[str]) -> list[dict[str, Any]]:
    cells = []
    for region in regions:
        counts = proposal.by_region.get(region, {})
        total = sum(counts.values()) or 1
        cells.append(
            {
                "region": region,
                "in_hours": counts.get("in_hours", 0),
                "early_late": counts.get("early_late", 0),
                "asleep": counts.get("asleep", 0) + counts.get("unavailable", 0),
                # 0-4: how much of the region is out of hours, for the cell's shade.
                "level": round(4 * (total - counts.get("in_hours", 0)) / total),
            }
        )
    return cells


def _burdens(
    series: planner.SeriesProposal, people: list[planner.Participant], names: dict[int, str]
) -> list[dict[str, Any]]:
    """Each participant's share of inconvenient sessions, the most burdened first."""
    rows = [
        {
            "name": names.get(int(p.id), ""),
            "region": p.region,
            "tz": p.tz,
            "out_of_hours": series.participants[p.id].out_of_hours_share,
            "asleep": series.participants[p.id].asleep_share,
        }
        for p in people
        if p.id in series.participants
    ]
    return sorted(rows, key=lambda r: (-r["asleep"], -r["out_of_hours"], r["name"]))


@login_required
def find_a_time(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "event.create")
    form = PlannerForm(request.GET or None, community=community)
    context: dict[str, Any] = {"community": community, "form": form}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        first_day = data["start"]
        people, names, holidays = planner_inputs(
            community,
            circle=data["circle"],
            between=(first_day - timedelta(days=1), first_day + timedelta(days=data["days"] + 1)),
        )
        if not people:
            form.add_error("circle", _("Nobody to plan for yet."))
        else:
            start = datetime.combine(data["start"], time(0), tzinfo=UTC)
            end = start + timedelta(days=data["days"])
            duration = timedelta(minutes=data["duration"])
            regions = sorted({p.region for p in people})
            if data["sessions"] == 1:
                proposals = planner.plan_slots(
                    people, start=start, end=end, duration=duration, limit=8, distinct=True
                )
            else:
                try:
                    series = planner.plan_series(
                        people, start=start, end=end, duration=duration, sessions=data["sessions"]
                    )
                except ValueError as exc:
                    form.add_error("sessions", str(exc))
                    proposals = []
                else:
                    proposals = list(series.sessions)
                    context["series"] = series
                    context["burdens"] = _burdens(series, people, names)
            context.update(
                people=len(people),
                regions=regions,
                rows=[
                    (p, _heat(p, regions), _holiday_notes(p, people, names, holidays))
                    for p in proposals
                ],
            )
    return render(request, "events/planner.html", context)


@login_required
def plan_proposal(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Turn the chosen proposal (its UTC start times) into events, one per session."""
    community = access_community(request.user, slug, "event.create")
    if request.method != "POST":
        return redirect("events:find_a_time", slug=slug)
    title = request.POST.get("title", "").strip()[:200] or _("Circle meeting")
    try:
        starts = [datetime.fromisoformat(s) for s in request.POST.getlist("start")][:12]
        duration = timedelta(minutes=int(request.POST.get("duration", "60")))
        circle = Circle.objects.filter(
            community=community, pk=request.POST.get("circle") or 0
        ).first()
    except ValueError:
        messages.error(request, _("That proposal could not be read; please plan again."))
        return redirect("events:find_a_time", slug=slug)
    meeting, _created = EventFormat.objects.get_or_create(
        slug="meeting", defaults={"name": "Meeting"}
    )
    zone = request.user.timezone or "UTC"
    created = []
    for n, start in enumerate(starts, start=1):
        start_utc = start.astimezone(UTC) if start.tzinfo else start.replace(tzinfo=UTC)
        try:
            created.append(
                services.event_create(
                    actor=request.user,
                    community=community,
                    plan=services.EventPlan(
                        title=title
                        if len(starts) == 1
                        else _("%(title)s (%(n)d of %(total)d)")
                        % {"title": title, "n": n, "total": len(starts)},
                        format=meeting,
                        timezone=zone,
                        start_local=start_utc.astimezone(ZoneInfo(zone)).replace(tzinfo=None),
                        duration=duration,
                        circle=circle,
                    ),
                )
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("events:find_a_time", slug=slug)
    messages.success(
        request,
        ngettext("%(n)d session planned.", "%(n)d sessions planned.", len(created))
        % {"n": len(created)},
    )
    return redirect(created[0].get_absolute_url() if created else "events:agenda")
