"""A director builds a programme for a cohort; its members work through it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase

from conftest import client_for
from salon.core.models import AuditEvent
from salon.notifications.models import Notification
from salon.programmes.models import Item, Module, Programme, Progress
from salon.programmes.services.curriculum import ItemPlan, ModulePlan, item_add, module_update
from salon.programmes.services.programmes import programme_copy
from salon.programmes.services.progress import item_done
from salon.programmes.tests.conftest import TODAY


def test_a_director_makes_a_programme_for_a_cohort_and_adds_a_module(
    director: Any, cohort: Any
) -> None:
    client = client_for(director)

    response = client.post(
        "/c/acme/programmes/new/",
        {
            "title": "Leaders 2026",
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY + timedelta(days=180)).isoformat(),
            "cohorts": [cohort.pk],
        },
    )

    programme = Programme.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/programmes/{programme.pk}/edit/"
    assert list(programme.cohorts.all()) == [cohort]
    response = client.post(
        f"/programmes/{programme.pk}/modules/",
        {"title": "Self", "starts_on": TODAY.isoformat(), "ends_on": TODAY.isoformat()},
    )
    module = Module.objects.get()
    assert response["Location"] == f"/programme-modules/{module.pk}/"
    assert module.position == 1
    assert AuditEvent.objects.filter(action="programmes.module.added").count() == 1


def test_a_programme_is_only_for_cohort_circles(director: Any, community: Any, circle: Any) -> None:
    response = client_for(director).post(
        "/c/acme/programmes/new/",
        {
            "title": "Leaders",
            "starts_on": TODAY.isoformat(),
            "ends_on": TODAY.isoformat(),
            "cohorts": [circle.pk],
        },
    )

    assert response.status_code == 400
    assert not Programme.objects.exists()


def test_a_director_adds_pre_work_that_needs_something_to_read(
    director: Any, module: Module
) -> None:
    client = client_for(director)

    client.post(f"/programme-modules/{module.pk}/items/", {"kind": "prework", "unlock": "date"})
    assert not Item.objects.exists()

    client.post(
        f"/programme-modules/{module.pk}/items/",
        {"kind": "prework", "unlock": "date", "title": "Primer", "url": "https://example.org/"},
    )
    item = Item.objects.get()
    assert (item.kind, item.opens_on) == ("prework", module.starts_on)


def test_a_member_of_the_cohort_sees_the_programme_and_marks_pre_work_done(
    member: Any, prework: Item
) -> None:
    client = client_for(member)
    page = client.get(f"/programmes/{prework.module.programme_id}/").content.decode()
    assert "Read the scenario planning primer" in page
    assert "Mark as done" in page

    response = client.post(f"/programme-items/{prework.pk}/done/", {})

    assert response.status_code == 302
    assert Progress.objects.filter(item=prework, user=member).exists()
    assert "1 of 1 item done" in client.get(response["Location"]).content.decode()


def test_a_reflection_opens_after_the_item_before_and_needs_an_answer(
    member: Any, prework: Item, reflection: Item
) -> None:
    with pytest.raises(ValidationError, match="not open yet"):
        item_done(actor=member, item=reflection, answer="Too early on pricing.")

    item_done(actor=member, item=prework)
    with pytest.raises(ValidationError, match="answer"):
        item_done(actor=member, item=reflection)
    done = item_done(actor=member, item=reflection, answer="Too early on pricing.")

    assert done.answer == "Too early on pricing."


def test_people_outside_the_cohort_do_not_see_the_programme(
    outsider: Any, guest: Any, facilitator: Any, community: Any, prework: Item
) -> None:
    from conftest import join, make_user

    other = make_user("otto@acme.test", "Otto Other")
    join(other, community)
    url = f"/programmes/{prework.module.programme_id}/"

    assert client_for(outsider).get(url).status_code == 404
    assert client_for(guest).get(url).status_code == 404
    assert client_for(other).get(url).status_code == 404
    assert client_for(other).post(f"/programme-items/{prework.pk}/done/").status_code == 404
    # The facilitator sees it, but has no items of their own to mark.
    assert client_for(facilitator).get(url).status_code == 200
    assert client_for(facilitator).post(f"/programme-items/{prework.pk}/done/").status_code == 403


def test_a_member_cannot_change_the_curriculum(member: Any, module: Module) -> None:
    with pytest.raises(PermissionDenied):
        item_add(actor=member, module=module, plan=ItemPlan(kind="meeting", title="Circle"))
    assert client_for(member).get(f"/programme-modules/{module.pk}/").status_code == 403


def test_copying_to_the_next_cohort_shifts_every_date(
    director: Any, community: Any, reflection: Item
) -> None:
    from salon.communities.models import Circle

    programme = reflection.module.programme
    next_cohort = Circle.objects.create(
        community=community, name="Leaders 2027", slug="leaders-2027", kind="cohort"
    )
    new_start = programme.starts_on + timedelta(days=365)

    copy = programme_copy(
        actor=director,
        programme=programme,
        title="Leaders 2027",
        starts_on=new_start,
        cohorts=[next_cohort],
    )

    assert copy.copied_from == programme
    assert copy.ends_on == programme.ends_on + timedelta(days=365)
    old = list(Item.objects.filter(module__programme=programme).order_by("position"))
    new = list(Item.objects.filter(module__programme=copy).order_by("position"))
    assert [i.title for i in new] == [i.title for i in old]
    assert [i.due_on for i in new] == [i.due_on + timedelta(days=365) for i in old]  # type: ignore[operator]
    assert [i.unlock for i in new] == ["date", "previous"]


def test_moving_a_module_tells_each_cohort_member_once_however_many_items_move(
    director: Any, member: Any, reflection: Item
) -> None:
    module = reflection.module
    plan = ModulePlan(
        title=module.title,
        starts_on=module.starts_on + timedelta(days=7),
        ends_on=module.ends_on + timedelta(days=7),
    )

    with TestCase.captureOnCommitCallbacks(execute=True):
        module_update(actor=director, module=module, plan=plan)

    told = Notification.objects.filter(kind="programmes.rescheduled")
    assert [n.recipient_id for n in told] == [member.pk]
    reflection.refresh_from_db()
    assert reflection.due_on == TODAY + timedelta(days=17)
    assert "Strategy under uncertainty" in told.get().data["what"]


def test_saving_a_module_without_new_dates_tells_nobody(director: Any, module: Module) -> None:
    plan = ModulePlan(title="Renamed", starts_on=module.starts_on, ends_on=module.ends_on)

    with TestCase.captureOnCommitCallbacks(execute=True):
        module_update(actor=director, module=module, plan=plan)

    assert not Notification.objects.exists()


def test_the_timeline_shows_each_members_done_and_late(
    director: Any, member: Any, prework: Item, reflection: Item
) -> None:
    Item.objects.filter(pk=reflection.pk).update(unlock="date", due_on=TODAY - timedelta(days=1))
    item_done(actor=member, item=prework)

    page = client_for(director).get(f"/programmes/{prework.module.programme_id}/timeline/")

    body = page.content.decode()
    assert page.status_code == 200
    assert "Maya Member" in body
    assert "1 / 2" in body
    assert "badge-warning" in body
