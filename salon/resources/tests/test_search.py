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


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def test_words_inside_word_and_powerpoint_files_uploaded_on_the_page_are_found(
    as_user: Any, facilitator: Any, member: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from salon.resources.tests.conftest import docx_bytes, pptx_bytes

    client = as_user(facilitator)
    for title, name, data, kind in (
        ("Offsite agenda", "agenda.docx", docx_bytes("Day two: the Quetzalcoatl exercise."), DOCX),
        ("Board deck", "deck.pptx", pptx_bytes("Pemberton retention figures"), PPTX),
    ):
        response = client.post(
            "/c/acme/library/new/",
            {"kind": "file", "title": title, "file": SimpleUploadedFile(name, data, kind)},
        )
        assert response.status_code == 302, response.content.decode()[:500]

    assert _titles(member, "quetzalcoatl") == ["Offsite agenda"]
    assert _titles(member, "pemberton") == ["Board deck"]
    page = as_user(member).get("/search/?q=pemberton").content.decode()
    assert "Board deck" in page


def test_a_new_version_replaces_the_words_search_knows(
    as_user: Any, director: Any, member: Any, publish: Any
) -> None:
    resource = publish(
        title="Pricing playbook", kind="file", upload=pdf_upload("v1", "Old Xanadu tiers.")
    )

    response = as_user(director).post(
        f"/resources/{resource.pk}/versions/",
        {"file": pdf_upload("v2", "New Yggdrasil tiers."), "note": "Tiers renamed for 2027."},
    )

    assert response.status_code == 302
    assert _titles(member, "yggdrasil") == ["Pricing playbook"]
    assert _titles(member, "xanadu") == []
    page = as_user(member).get(f"/resources/{resource.pk}/").content.decode()
    assert "Tiers renamed for 2027." in page
    assert "Version 2" in page
    assert "Version 1" in page


def test_an_approved_suggestion_is_found_by_the_words_of_its_file(
    as_user: Any, member: Any, facilitator: Any, publish: Any
) -> None:
    resource = publish(
        title="Member's reading", kind="file", actor=member, upload=pdf_upload("r", "Quokkas")
    )

    response = as_user(facilitator).post(
        f"/resources/{resource.pk}/review/", {"decision": "approve"}
    )

    assert response.status_code == 302
    assert _titles(member, "quokkas") == ["Member's reading"]
