"""Previews: the first page of a PDF and a small copy of an image, drawn by a task and
shown only to those who may see the resource."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from salon.resources.preview import make_preview
from salon.resources.tasks import make_version_preview
from salon.resources.tests.conftest import docx_bytes, pdf_upload

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_a_published_pdf_gets_its_first_page_as_a_picture(
    as_user: Any, member: Any, publish: Any
) -> None:
    resource = publish(
        title="Negotiation primer", kind="file", upload=pdf_upload("Anchoring", "First page.")
    )
    version = resource.versions.get()

    response = as_user(member).get(f"/resources/{resource.pk}/versions/1/preview/")

    assert bool(version.preview)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    picture = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    # A4 is taller than wide; drawn at most 480 pixels high.
    assert picture.height == 480
    assert picture.width < picture.height
    detail = as_user(member).get(f"/resources/{resource.pk}/").content.decode()
    assert f'src="/resources/{resource.pk}/versions/1/preview/"' in detail
    assert "The first page of" in detail
    library = as_user(member).get("/c/acme/library/").content.decode()
    assert f'src="/resources/{resource.pk}/versions/1/preview/"' in library


def test_an_image_gets_a_small_copy(publish: Any) -> None:
    photo = SimpleUploadedFile("board.png", _png(1600, 900), "image/png")

    resource = publish(title="Whiteboard", kind="file", upload=photo)

    preview = resource.versions.get().preview
    with preview.open("rb") as handle:
        picture = Image.open(handle)
        assert picture.format == "JPEG"
        assert picture.size == (480, 270)


def test_an_outsider_or_a_circle_stranger_gets_no_preview(
    as_user: Any, outsider: Any, member: Any, publish: Any, private_circle: Any
) -> None:
    open_one = publish(title="Open", kind="file", upload=pdf_upload("Open", "text"))
    board = publish(
        title="Board", kind="file", upload=pdf_upload("Board", "secret"), circle=private_circle
    )

    assert as_user(outsider).get(f"/resources/{open_one.pk}/versions/1/preview/").status_code == 404
    assert as_user(member).get(f"/resources/{board.pk}/versions/1/preview/").status_code == 404


def test_files_without_a_page_to_draw_get_no_preview_and_stay_listed(
    as_user: Any, member: Any, publish: Any
) -> None:
    word = SimpleUploadedFile("notes.docx", docx_bytes("Agenda"), DOCX)
    broken = SimpleUploadedFile("broken.pdf", b"%PDF-1.4\n" + b"\x00" * 200, "application/pdf")

    resources = [
        publish(title="Notes", kind="file", upload=word),
        publish(title="Broken", kind="file", upload=broken),
    ]

    assert [bool(r.versions.get().preview) for r in resources] == [False, False]
    page = as_user(member).get("/c/acme/library/").content.decode()
    assert "Notes" in page
    assert "Broken" in page
    assert (
        as_user(member).get(f"/resources/{resources[1].pk}/versions/1/preview/").status_code == 404
    )


def test_the_task_draws_once_when_run_again(publish: Any) -> None:
    resource = publish(title="Primer", kind="file", upload=pdf_upload("Primer", "text"))
    version = resource.versions.get()
    first = version.preview.name

    assert make_version_preview.call(version_id=version.pk) == "done"

    version.refresh_from_db()
    assert version.preview.name == first


def test_an_image_beyond_the_pixel_limit_is_not_decoded(monkeypatch: Any) -> None:
    import salon.resources.preview as preview

    monkeypatch.setattr(preview, "MAX_PIXELS", 100 * 100)

    assert make_preview(_png(200, 200), "image/png") is None
    assert make_preview(_png(100, 100), "image/png") is not None


def test_an_image_the_upload_gate_refused_shows_no_preview(
    as_user: Any, member: Any, publish: Any
) -> None:
    from salon.core.models import Attachment, AttachmentStatus

    photo = SimpleUploadedFile("board.png", _png(800, 600), "image/png")
    resource = publish(title="Whiteboard", kind="file", upload=photo)
    Attachment.objects.filter(pk=resource.versions.get().attachment_id).update(
        status=AttachmentStatus.FAILED
    )

    response = as_user(member).get(f"/resources/{resource.pk}/versions/1/preview/")

    assert response.status_code == 404
