"""The library as members and facilitators use it: publishing, suggesting, reviewing,
file versions, marks and comments."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from salon.core.models import AuditEvent
from salon.notifications.models import Notification
from salon.resources.models import Mark, Resource
from salon.resources.tests.conftest import pdf_upload


def test_a_facilitator_publishes_a_pdf_whose_words_become_searchable(
    as_user: Any, facilitator: Any, member: Any, competency: Any
) -> None:
    response = as_user(facilitator).post(
        "/c/acme/library/new/",
        {
            "kind": "file",
            "title": "Entering Japan",
            "summary": "A two-page case.",
            "file": pdf_upload("Entering Japan", "Nemawashi builds consensus before meetings."),
            "competencies": [competency.pk],
            "tags": "Asia, market entry",
        },
    )

    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.status == "published"
    assert resource.curator == facilitator
    version = resource.versions.get()
    assert version.text_status == "read"
    assert "Nemawashi" in version.text
    page = as_user(member).get("/c/acme/library/").content.decode()
    assert "Entering Japan" in page
    assert "Strategic thinking" in page
    found = as_user(member).get("/search/?q=nemawashi").content.decode()
    assert "Entering Japan" in found


def test_a_member_suggests_and_a_facilitator_approves(
    as_user: Any, member: Any, facilitator: Any, director: Any
) -> None:
    as_user(member).post(
        "/c/acme/library/new/",
        {"kind": "link", "title": "HBR on trust", "url": "https://example.org/trust"},
    )
    resource = Resource.objects.get()

    assert resource.status == "suggested"
    listed = as_user(member).get("/c/acme/library/", HTTP_HX_REQUEST="true").content.decode()
    assert "HBR on trust" not in listed  # only under "Your suggestions", beside the list
    assert Notification.objects.filter(recipient=facilitator, kind="resources.suggested").exists()

    response = as_user(facilitator).post(
        f"/resources/{resource.pk}/review/", {"decision": "approve"}
    )

    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.status == "published"
    assert resource.curator == facilitator
    assert "HBR on trust" in as_user(member).get("/c/acme/library/").content.decode()
    assert Notification.objects.filter(recipient=member, kind="resources.reviewed").exists()


def test_a_guest_cannot_suggest_and_an_outsider_sees_nothing(
    as_user: Any, guest: Any, outsider: Any, publish: Any
) -> None:
    resource = publish(title="Board template")

    assert as_user(guest).get("/c/acme/library/new/").status_code == 403
    assert as_user(outsider).get(f"/resources/{resource.pk}/").status_code == 404
    assert as_user(outsider).get("/c/acme/library/").status_code == 404


def test_replacing_the_file_keeps_the_history_with_what_changed(
    as_user: Any, facilitator: Any, member: Any, publish: Any
) -> None:
    resource = publish(title="Budget template", kind="template", upload=pdf_upload("v1", "old"))
    client = as_user(facilitator)

    refused = client.post(
        f"/resources/{resource.pk}/versions/", {"file": pdf_upload("v2", "new"), "note": ""}
    )
    assert refused.status_code == 302
    assert resource.versions.count() == 1

    client.post(
        f"/resources/{resource.pk}/versions/",
        {"file": pdf_upload("v2", "Figures for 2027"), "note": "Figures for 2027"},
    )

    resource.refresh_from_db()
    assert [v.number for v in resource.versions.all()] == [2, 1]
    assert resource.current_version.number == 2
    assert AuditEvent.objects.filter(action="resources.version.added").exists()
    page = as_user(member).get(f"/resources/{resource.pk}/").content.decode()
    assert "Figures for 2027" in page
    assert "Version 1" in page
    # A member may read the versions but not replace the file.
    assert (
        as_user(member)
        .post(f"/resources/{resource.pk}/versions/", {"file": pdf_upload("x", "y"), "note": "z"})
        .status_code
        == 403
    )


def test_an_unreadable_file_is_still_listed(as_user: Any, member: Any, publish: Any) -> None:
    damaged = SimpleUploadedFile("agenda.pdf", b"%PDF-1.4\n" + b"\x00garbled" * 50)
    resource = publish(title="Old agenda", kind="file", upload=damaged)

    assert resource.current_version.text_status == "unreadable"
    page = as_user(member).get("/c/acme/library/").content.decode()
    assert "Old agenda" in page
    detail = as_user(member).get(f"/resources/{resource.pk}/").content.decode()
    assert "read the words inside this file" in detail
    assert "Download agenda.pdf" in detail


def test_members_mark_useful_save_and_done_and_the_curator_sees_the_counts(
    as_user: Any, member: Any, director: Any, publish: Any
) -> None:
    resource = publish(title="Insight: AI in banking", kind="insight")
    client = as_user(member)

    client.get(f"/resources/{resource.pk}/")
    for kind in ("useful", "bookmark", "done"):
        assert (
            client.post(f"/resources/{resource.pk}/mark/", {"kind": kind, "on": "1"}).status_code
            == 302
        )
    client.post(f"/resources/{resource.pk}/mark/", {"kind": "useful", "on": "1"})  # twice: one

    assert Mark.objects.filter(resource=resource, user=member).count() == 3
    assert "Insight: AI in banking" in client.get("/c/acme/library/?mine=saved").content.decode()
    assert "How it is used" not in client.get(f"/resources/{resource.pk}/").content.decode()
    curator_page = as_user(director).get(f"/resources/{resource.pk}/").content.decode()
    assert "How it is used" in curator_page
    resource.refresh_from_db()
    assert resource.view_count == 3


def test_comments_need_words(as_user: Any, member: Any, publish: Any) -> None:
    resource = publish()
    client = as_user(member)

    client.post(f"/resources/{resource.pk}/comments/", {"body": "   "})
    assert resource.comments.count() == 0

    client.post(f"/resources/{resource.pk}/comments/", {"body": "We used this in Q3."})
    assert resource.comments.get().body == "We used this in Q3."
    assert "We used this in Q3." in client.get(f"/resources/{resource.pk}/").content.decode()


def test_a_link_without_its_address_is_refused_and_nothing_is_written(
    as_user: Any, facilitator: Any
) -> None:
    response = as_user(facilitator).post("/c/acme/library/new/", {"kind": "video", "title": "x"})

    assert response.status_code == 400
    assert "needs its web address" in response.content.decode()
    assert not Resource.objects.exists()


def test_the_library_filters_by_kind_competency_and_tag(
    as_user: Any, member: Any, publish: Any, competency: Any
) -> None:
    publish(title="Case A", kind="case_study", competencies=[competency], tags=["Asia"])
    publish(title="Template B", kind="template", tags=["Board"])
    client = as_user(member)

    assert "Template B" not in client.get("/c/acme/library/?kind=case_study").content.decode()
    by_competency = client.get(f"/c/acme/library/?competency={competency.pk}").content.decode()
    assert "Case A" in by_competency
    assert "Template B" not in by_competency
    by_tag = client.get("/c/acme/library/?tag=board").content.decode()
    assert "Template B" in by_tag
    assert "Case A" not in by_tag
    assert (
        "Nothing matches these filters" in client.get("/c/acme/library/?tag=none").content.decode()
    )


def test_the_curator_sees_views_completions_from_a_path_and_useful_marks(
    as_user: Any, member: Any, guest: Any, director: Any, facilitator: Any, publish: Any
) -> None:
    import re

    from salon.resources.services.paths import PathPlan, StepPlan, path_create, path_set_status
    from salon.resources.services.paths import step_add as add_step

    resource = publish(title="Insight: AI in banking", kind="insight", actor=facilitator)
    path = path_create(actor=facilitator, community=resource.community, plan=PathPlan(title="AI"))
    step = add_step(
        actor=facilitator, path=path, plan=StepPlan(kind="resource", title="", resource=resource)
    )
    path_set_status(actor=facilitator, path=path, status="published")
    as_user(member).get(f"/resources/{resource.pk}/")
    as_user(guest).get(f"/resources/{resource.pk}/")
    as_user(member).post(f"/resources/{resource.pk}/mark/", {"kind": "useful", "on": "1"})
    as_user(guest).post(f"/path-steps/{step.pk}/done/")  # doing the step marks it done

    page = as_user(facilitator).get(f"/resources/{resource.pk}/").content.decode()

    usage = dict(re.findall(r"<dt>(\w+)</dt><dd>(\d+)</dd>", page))
    assert usage == {"Views": "3", "Done": "1", "Useful": "1", "Saved": "0"}
