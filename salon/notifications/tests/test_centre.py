"""The notification centre: the bell, /notifications/ and /api/v1/notifications."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient

from conftest import client_for
from salon.notifications.models import Notification
from salon.notifications.tests.conftest import tell


def _news(member: Any, community: Any, director: Any, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        tell([member], community, director, key=f"news-{i}", data={"title": f"item {i:02d}"})


def test_the_bell_shows_the_unread_count_in_its_accessible_name(
    director: Any, member: Any, community: Any
) -> None:
    _news(member, community, director, 3)

    body = client_for(member).get("/home/").content.decode()

    assert 'aria-label="Notifications, 3 unread"' in body
    assert "data-bell-count>3</span>" in body
    assert 'aria-live="polite" data-bell-live' in body
    assert 'src="/static/notifications/bell.js"' in body


def test_the_bell_goes_live_only_on_pages_an_asgi_server_served(member: Any) -> None:
    # Under WSGI nothing routes /ws/, and a failed socket is an error in the console.
    assert "data-socket" not in client_for(member).get("/home/").content.decode()

    asgi = AsyncClient()
    asgi.force_login(member)
    body = async_to_sync(asgi.get)("/home/").content.decode()

    assert 'data-socket="/ws/notifications/"' in body


def test_the_bell_says_so_when_nothing_is_unread(member: Any) -> None:
    body = client_for(member).get("/home/").content.decode()

    assert 'aria-label="Notifications, none unread"' in body
    assert "data-bell-count hidden>0</span>" in body


def test_the_page_lists_notifications_newest_first_a_page_at_a_time(
    director: Any, member: Any, community: Any
) -> None:
    _news(member, community, director, 30)

    first = client_for(member).get("/notifications/")
    second = client_for(member).get("/notifications/?page=2")

    assert first.status_code == 200
    body = first.content.decode()
    assert body.index("posted item 29") < body.index("posted item 28")
    assert "posted item 05" in body
    assert "posted item 04" not in body
    assert "Page 1 of 2" in body
    assert "30 unread" in body
    assert "posted item 04" in second.content.decode()


def test_mark_all_read_empties_the_bell(director: Any, member: Any, community: Any) -> None:
    _news(member, community, director, 2)
    client = client_for(member)

    response = client.post("/notifications/read-all/")

    assert response.status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    body = client.get(response["Location"]).content.decode()
    assert 'aria-label="Notifications, none unread"' in body
    assert "All your notifications are marked as read." in body


def test_one_notification_is_marked_read_in_place_with_htmx(
    director: Any, member: Any, community: Any
) -> None:
    _news(member, community, director, 2)
    first, second = Notification.objects.order_by("pk")

    response = client_for(member).post(f"/notifications/{first.pk}/read/", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert f'id="notification-{first.pk}"' in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_nobody_reads_or_opens_someone_elses_notification(
    director: Any, member: Any, facilitator: Any, community: Any
) -> None:
    _news(member, community, director, 1)
    theirs = Notification.objects.get()
    client = client_for(facilitator)

    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    assert client.get(f"/notifications/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/v1/notifications/{theirs.pk}/read").status_code == 404
    assert client.get("/api/v1/notifications").json() == {"items": [], "count": 0}
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize(
    "path", ["/notifications/", "/settings/notifications/", "/api/v1/notifications"]
)
def test_signed_out_visitors_are_sent_to_sign_in(path: str) -> None:
    response = client_for(None).get(path)

    assert response.status_code in (302, 401)


def test_the_api_lists_and_marks_read(director: Any, member: Any, community: Any) -> None:
    _news(member, community, director, 3)
    client = client_for(member)

    listed = client.get("/api/v1/notifications?page_size=2")

    assert listed.status_code == 200
    data = listed.json()
    assert data["count"] == 3
    assert [i["text"] for i in data["items"]] == [
        "Diana Director posted item 02 in Acme Leaders",
        "Diana Director posted item 01 in Acme Leaders",
    ]
    newest = data["items"][0]
    assert newest["community"] == "acme"
    assert newest["read_at"] is None
    assert newest["url"].endswith(f"/notifications/{newest['id']}/")

    read = client.post(f"/api/v1/notifications/{newest['id']}/read")
    assert read.status_code == 200
    assert read.json()["read_at"] is not None
    assert client.get("/api/v1/notifications?unread=true").json()["count"] == 2

    all_read = client.post("/api/v1/notifications/read-all")
    assert all_read.json() == {"marked_read": 2, "unread": 0}
    assert client.get("/api/v1/notifications?unread=true").json()["count"] == 0


def test_the_page_query_count_stays_flat_as_notifications_grow(
    director: Any, member: Any, community: Any, django_assert_num_queries: Any
) -> None:
    _news(member, community, director, 3)
    client = client_for(member)
    client.get("/notifications/")  # warm the session
    # user, count, one page of notifications with their actor and community, their
    # targets, the viewer's memberships, the bell's plain count (its readable count is
    # remembered while the unread set stays the same)
    with django_assert_num_queries(6):
        client.get("/notifications/")
    _news(member, community, director, 40, start=3)
    # new notifications: the bell asks the newest unread again (their targets) once
    with django_assert_num_queries(8):
        client.get("/notifications/")
    with django_assert_num_queries(6):
        page = client.get("/notifications/")
    assert page.content.decode().count('class="card notification is-unread"') == 25


def test_the_api_query_count_stays_flat_as_notifications_grow(
    director: Any, member: Any, community: Any, django_assert_num_queries: Any
) -> None:
    _news(member, community, director, 3)
    client = client_for(member)
    client.get("/api/v1/notifications")
    # user, count, one page of notifications with their actor and community, their targets
    # and the viewer's memberships (visibility is asked again)
    with django_assert_num_queries(5):
        client.get("/api/v1/notifications")
    _news(member, community, director, 40, start=3)
    with django_assert_num_queries(5):
        client.get("/api/v1/notifications")


def test_the_pages_use_no_inline_script_or_style(
    director: Any, member: Any, community: Any
) -> None:
    _news(member, community, director, 1)
    for url in ["/notifications/", "/settings/notifications/"]:
        body = client_for(member).get(url).content.decode()
        assert "<script>" not in body, url
        assert " style=" not in body, url
        assert " onclick=" not in body, url
