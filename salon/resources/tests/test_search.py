"""Search never shows a resource, or the words of its file, to someone who may not see it."""

from __future__ import annotations

from typing import Any

from salon.core import search as search_service
from salon.core.permissions import can
from salon.core.search import search
from salon.resources.tests.conftest import pdf_upload


def _titles(user: Any, text: str) -> list[str]:
    return [hit.title for hit in search(user=user, text=text, kind="resource")]


def test_the_words_of_a_circle_file_are_found_only_by_those_who_see_the_circle(
    member: Any, director: Any, guest: Any, outsider: Any, publish: Any, private_circle: Any
) -> None:
    publish(
        title="Board pack",
        kind="file",
        circle=private_circle,
        upload=pdf_upload("Board pack", "Project Zephyrine acquisition terms."),
    )

    assert _titles(director, "zephyrine") == ["Board pack"]
    for person in (member, guest, outsider):
        assert _titles(person, "zephyrine") == [], person
        assert _titles(person, "board pack") == [], person


def test_a_suggestion_is_not_found_until_it_is_published(
    member: Any, director: Any, facilitator: Any, publish: Any
) -> None:
    resource = publish(
        title="Member's reading", kind="file", actor=member, upload=pdf_upload("r", "Quokkas")
    )

    assert resource.status == "suggested"
    assert _titles(director, "quokkas") == []
    assert _titles(member, "quokkas") == []


def test_every_hit_is_one_the_policy_lets_the_person_see(
    member: Any,
    director: Any,
    guest: Any,
    outsider: Any,
    publish: Any,
    private_circle: Any,
    circle: Any,
) -> None:
    publish(title="Open case", upload=pdf_upload("a", "Marmalade strategy"), kind="file")
    publish(title="Chapter case", circle=circle, upload=pdf_upload("b", "Marmalade"), kind="file")
    publish(
        title="Board case", circle=private_circle, upload=pdf_upload("c", "Marmalade"), kind="file"
    )

    for person in (member, director, guest, outsider):
        for hit in search(user=person, text="marmalade"):
            audience = search_service.audience(hit.document.audience)
            assert can(person, audience.action, audience.target(hit.document))
    assert sorted(_titles(director, "marmalade")) == ["Board case", "Chapter case", "Open case"]
    assert sorted(_titles(member, "marmalade")) == ["Chapter case", "Open case"]
    assert _titles(guest, "marmalade") == ["Open case"]
    assert _titles(outsider, "marmalade") == []
