"""The goal form as a browser sends it on the first submit, with whatever it preselects:
its defaults must be a valid choice, whoever fills it in."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from conftest import client_for
from salon.goals.models import Goal


class _FormDefaults(HTMLParser):
    """What a browser would submit, untouched, for the page's own form (the first posted
    form without an ``action``: the header's sign-out form has one)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._in_form = False
        self._select: str | None = None
        self._first_option: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method") == "post" and "action" not in a and not self.values:
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in {"radio", "checkbox"}:
                if "checked" in a:
                    self.values[a["name"]] = a.get("value", "on")
            else:
                self.values.setdefault(a["name"], a.get("value", ""))
        elif tag == "textarea" and a.get("name"):
            self.values.setdefault(a["name"], "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select:
            self._first_option.setdefault(self._select, a.get("value", ""))
            if "selected" in a:
                self.values[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select:
            self.values.setdefault(self._select, self._first_option.get(self._select, ""))
            self._select = None
        elif tag == "form" and self._in_form:
            self._in_form = False


def _defaults(html: str) -> dict[str, str]:
    parser = _FormDefaults()
    parser.feed(html)
    return parser.values


def _first_submit(client: Any) -> Any:
    data = _defaults(client.get("/c/acme/goals/new/").content.decode())
    data["title"] = "Give my team more room to decide"
    data["success_looks_like"] = "Three decisions a month made without me."
    return client.post("/c/acme/goals/new/", data)


def test_a_member_in_a_circle_sets_a_goal_with_the_forms_defaults(member: Any, circle: Any) -> None:
    response = _first_submit(client_for(member))

    assert response.status_code == 302
    goal = Goal.objects.get(owner=member)
    assert (goal.visibility, goal.circle) == ("circle", circle)


def test_a_member_in_no_circle_sets_a_goal_with_the_forms_defaults(
    member: Any, community: Any
) -> None:
    response = _first_submit(client_for(member))

    assert response.status_code == 302
    goal = Goal.objects.get(owner=member)
    assert (goal.visibility, goal.circle) == ("only_me", None)
