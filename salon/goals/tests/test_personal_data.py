from __future__ import annotations

from typing import Any

from salon.accounts.services import personal_data_export


def test_the_data_export_holds_the_members_goals_and_check_ins(
    member: Any, make_goal: Any, director: Any
) -> None:
    make_goal("only_me", title="Delegate the budget review")
    make_goal("community", owner=director, title="Not hers")

    data = personal_data_export(user=member)

    assert [g["title"] for g in data["goals"]] == ["Delegate the budget review"]
    assert data["goals"][0]["visibility"] == "only_me"
    assert "encouragements_given" in data
