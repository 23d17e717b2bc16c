"""`make bench` measures real pages: each one it requests shows its data, and its ceiling is
a Django with nothing in it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory

from bench.world import build_world, pages
from salon.demo.scale import build_scale_data


@pytest.mark.django_db
def test_every_page_the_bench_measures_shows_its_data() -> None:
    from salon.analytics.rollups import roll_up_community, snapshots_store

    community = build_scale_data(60)
    builder = build_world(community, (40, 400, 60))
    # What bench/prepare.py does next, as the hourly job would: the outcome pages only
    # read stored figures.
    roll_up_community(community)
    snapshots_store(community)
    client = Client()
    client.force_login(builder.director)

    measured = pages(community, builder)

    assert {"forum", "topic_last", "event", "circle_board", "mentoring_space", "search"} <= set(
        measured
    )
    for name, (path, texts) in measured.items():
        response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        body = response.content.decode()
        for text in texts:
            assert text in body, (name, path, text)


def test_the_ceiling_is_django_with_no_middleware_and_one_view() -> None:
    from bench.plain import settings
    from bench.plain.urls import hello

    response: Any = hello(RequestFactory().get("/hello"))

    assert settings.MIDDLEWARE == []
    assert settings.INSTALLED_APPS == ["bench.plain"]
    assert response.content == b"hello"
