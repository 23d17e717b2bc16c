"""Reads of programmes and enrolments that the pages and the API share: already filtered by
what the viewer may see, and a fixed number of queries whatever the number of people."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from salon.communities.models import Community
from salon.core.permissions import can
from salon.goals.models import Competency
from salon.mentoring.models import (
    Enrolment,
    Mentorship,
    Programme,
    ProgrammeStatus,
    Side,
)

# An enrolment counts until its person withdraws.
ENROLLED = Q(enrolments__withdrawn_at__isnull=True)


def programme_list_for(*, user: Any, community: Community) -> QuerySet[Programme]:
    """The community's programmes the viewer may see, newest cycle first, each with
    ``my_side`` (the viewer's side, or None) and, for stewards, the counts of
    ``programme_stats`` (``mentees``, ``mentors``, ``capacity``, ``withdrawn``)."""
    mine = Enrolment.objects.filter(
        programme=OuterRef("pk"), user_id=user.pk, withdrawn_at__isnull=True
    ).values("side")[:1]
    qs: QuerySet[Programme] = Programme.objects.filter(community=community).annotate(
        my_side=Subquery(mine)
    )
    if can(user, "programme.create", community):
        mentors = ENROLLED & Q(enrolments__side=Side.MENTOR)
        qs = qs.annotate(
            mentees=Count("enrolments", filter=ENROLLED & Q(enrolments__side=Side.MENTEE)),
            mentors=Count("enrolments", filter=mentors),
            capacity=Coalesce(
                Sum(
                    Coalesce("enrolments__capacity", F("default_capacity")),
                    filter=mentors,
                ),
                Value(0),
                output_field=IntegerField(),
            ),
            withdrawn=Count("enrolments", filter=Q(enrolments__withdrawn_at__isnull=False)),
        )
    else:
        qs = qs.exclude(status=ProgrammeStatus.DRAFT)
    return qs.order_by("-starts_on", "name", "pk")


def programmes_for(*, user: Any, community: Community) -> list[Programme]:
    programmes = list(programme_list_for(user=user, community=community))
    for programme in programmes:
        programme.community = community
    return programmes


def enrolment_of(*, user: Any, programme: Programme) -> Enrolment | None:
    """The viewer's enrolment (withdrawn or not), with what they chose."""
    enrolment = (
        Enrolment.objects.filter(programme=programme, user_id=user.pk)
        .prefetch_related(
            Prefetch("competencies", queryset=Competency.objects.order_by("position", "name")),
            "goals",
            "avoid",
        )
        .first()
    )
    if enrolment is not None:
        enrolment.programme = programme
    return enrolment


def enrolled_side(*, user: Any, programme: Programme) -> str | None:
    """The side (mentee or mentor) the viewer is enrolled on, or None."""
    return (
        Enrolment.objects.filter(programme=programme, user_id=user.pk, withdrawn_at__isnull=True)
        .values_list("side", flat=True)
        .first()
    )


def enrolment_list_for(*, user: Any, programme: Programme, manages: bool) -> QuerySet[Enrolment]:
    """The enrolments the viewer may list: everyone's (withdrawn too) for the programme
    team, else their own; with what each shows, in the API's order."""
    if manages:
        qs = enrolments_of(programme=programme, withdrawn=None)
    else:
        qs = Enrolment.objects.filter(programme=programme, user_id=user.pk)
        qs = qs.select_related("user").prefetch_related("competencies", "goals", "avoid")
    return qs.order_by("side", "created_at", "pk")


def programme_stats(*, programme: Programme) -> dict[str, int]:
    """Enrolled mentees and mentors, the mentors' places (their own capacity, or the
    programme's default) and how many withdrew: one aggregate."""
    enrolled = Q(withdrawn_at__isnull=True)
    found = Enrolment.objects.filter(programme=programme).aggregate(
        mentees=Count("pk", filter=enrolled & Q(side=Side.MENTEE)),
        mentors=Count("pk", filter=enrolled & Q(side=Side.MENTOR)),
        capacity=Coalesce(
            Sum(
                Coalesce("capacity", Value(programme.default_capacity)),
                filter=enrolled & Q(side=Side.MENTOR),
            ),
            Value(0),
            output_field=IntegerField(),
        ),
        withdrawn=Count("pk", filter=Q(withdrawn_at__isnull=False)),
    )
    return {key: int(value or 0) for key, value in found.items()}


def enrolments_of(*, programme: Programme, withdrawn: bool | None = False) -> QuerySet[Enrolment]:
    """Everyone enrolled (stewards' view; ``withdrawn=None``: those who withdrew too), each
    with their person and competencies, in three queries however many there are."""
    qs = Enrolment.objects.filter(programme=programme)
    if withdrawn is not None:
        qs = qs.filter(withdrawn_at__isnull=not withdrawn)
    return qs.select_related("user", "user__manager").prefetch_related(
        Prefetch("competencies", queryset=Competency.objects.order_by("position", "name"))
    )


def pairs_of(*, programme: Programme) -> QuerySet[Mentorship]:
    """The programme's mentorships for its stewards: who, since when, when they last met
    and how it stands. Only those columns: the shared space stays the pair's."""
    return (
        Mentorship.objects.filter(programme=programme)
        .select_related("mentee", "mentor")
        .only(
            "pk",
            "programme_id",
            "status",
            "started_at",
            "last_session_on",
            "mentee__name",
            "mentee__email",
            "mentor__name",
            "mentor__email",
        )
        .order_by("status", "mentee__name", "pk")
    )
