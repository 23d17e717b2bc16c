"""The Global Executive Network's cohort programme: six modules, the cohort in module 3,
earlier modules mostly done, reflections answered by most members, and two members who
have gone quiet. The words are in ``data/programmes.toml``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from salon.communities.models import Circle, CircleMembership, Community
from salon.demo.content import dated, load
from salon.demo.forum_content import COHORT_SLUG
from salon.demo.seed_reviews import seed_reviews
from salon.events.models import Event
from salon.goals.models import Competency
from salon.programmes.models import Item, Progress
from salon.programmes.services.curriculum import ItemPlan, ModulePlan, item_add, module_add
from salon.programmes.services.programmes import ProgrammePlan, programme_create
from salon.resources.models import Resource

WORDS = load("programmes")
# Of the cohort (in the order they joined it), these go quiet after module 1.
QUIET = 2


def seed_programmes(*, director: Any, member: Any) -> None:
    gen = Community.objects.get(slug="global-executive-network")
    cohort = Circle.objects.get(community=gen, slug=COHORT_SLUG)
    today = timezone.localdate()
    length = WORDS["programme"]["days"]
    modules = WORDS["modules"]
    programme = programme_create(
        actor=director,
        community=gen,
        plan=ProgrammePlan(
            title=dated(WORDS["programme"]["title"], today),
            summary=dated(WORDS["programme"]["summary"], today),
            starts_on=today + timedelta(days=modules[0]["starts"]),
            ends_on=today + timedelta(days=modules[-1]["starts"] + length),
            cohorts=[cohort],
        ),
    )
    items: list[Item] = []
    for words in modules:
        starts_on = today + timedelta(days=words["starts"])
        module = module_add(
            actor=director,
            programme=programme,
            plan=ModulePlan(
                title=words["title"],
                purpose=words["purpose"],
                starts_on=starts_on,
                ends_on=starts_on + timedelta(days=length),
                competencies=list(
                    Competency.objects.filter(community=gen, name__in=words["competencies"])
                ),
            ),
        )
        for spec in words["items"]:
            items.append(_item(director, gen, module, starts_on, spec))
    _progress(cohort, member, items, today)
    seed_reviews(programme=programme, member=member, reviews=WORDS["reviews"], today=today)


def _item(
    director: Any, gen: Community, module: Any, starts_on: date, spec: dict[str, Any]
) -> Item:
    opens_on = starts_on + timedelta(days=spec.get("opens", 0))
    resource = (
        Resource.objects.filter(community=gen, title=spec["resource"]).first()
        if "resource" in spec
        else None
    )
    event = None
    if "session" in spec:
        event = (
            Event.objects.filter(
                community=gen,
                title__startswith=spec["session"],
                starts_at__date__gte=opens_on,
            )
            .order_by("starts_at")
            .first()
        )
    return item_add(
        actor=director,
        module=module,
        plan=ItemPlan(
            kind=spec["kind"],
            title=spec["title"],
            resource=resource,
            event=event,
            url=spec.get("url", "") if resource is None else "",
            unlock="previous" if spec.get("after_previous") else "date",
            opens_on=opens_on,
            due_on=starts_on + timedelta(days=spec["due"]),
            peer_review=spec.get("peer_review", False),
        ),
    )


def _progress(cohort: Circle, member: Any, items: list[Item], today: date) -> None:
    """Who did what: everything due before today by most; the member a little ahead of
    the cohort in module 3 but with its assignment still to write; the quiet two stop after
    module 1. Answers to reflections and assignments come from the data, in turn."""
    people = [
        cm.user
        for cm in CircleMembership.objects.filter(circle=cohort)
        .select_related("user")
        .order_by("pk")
    ]
    others = [p for p in people if p.pk != member.pk]
    quiet = {p.pk for p in others[-QUIET:]}
    answers = WORDS["answers"]
    rows = []
    n = 0
    for i, person in enumerate(people):
        for item in items:
            module_position = item.module.position
            if item.opens_on > today:
                continue
            if person.pk in quiet and module_position > 1:
                continue
            due = item.due_on or item.opens_on
            if person.pk == member.pk:
                # Module 3: the first pre-work done; the rest is her week.
                if module_position == 3 and item.position > 1:
                    continue
            elif due >= today and (i + item.position) % 3 != 0:
                continue  # not yet: two in three leave what is not due to the last days
            elif due < today and (i * 7 + item.pk) % 11 == 0:
                continue  # one in eleven is late
            answer = ""
            if item.wants_answer:
                answer = answers[n % len(answers)]
                n += 1
            done_at = timezone.now() - timedelta(days=max(0, (today - due).days) + 1)
            rows.append(Progress(item=item, user=person, answer=answer, done_at=done_at))
    Progress.objects.bulk_create(rows)
