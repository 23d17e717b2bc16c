"""A directory of 10,000 people pages through whole, each page in the same few queries."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password

from salon.accounts.models import User
from salon.scim.tests.conftest import Directory


def test_ten_thousand_people_page_through_once_each(
    directory: Directory, django_assert_max_num_queries: Any
) -> None:
    password = make_password(None)
    User.objects.bulk_create(
        User(email=f"person{i:05}@corp.test", name=f"Person {i:05}", password=password)
        for i in range(10_000)
    )
    seen: list[str] = []
    start = 1
    while True:
        # the token (and, on the first page, its last use), the savepoint around the
        # operation and its release, the count, the rows, and their groups (one prefetch)
        with django_assert_max_num_queries(7):
            page = directory.get("Users", data={"startIndex": start, "count": 200}).json()
        seen += [r["id"] for r in page["Resources"]]
        if start + page["itemsPerPage"] > page["totalResults"]:
            break
        start += page["itemsPerPage"]

    assert page["totalResults"] == 10_000
    assert len(seen) == len(set(seen)) == 10_000
    capped = directory.get("Users", data={"count": 5000}).json()
    assert capped["itemsPerPage"] == 200  # maxResults
