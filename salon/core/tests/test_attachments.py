"""One upload path: files are judged by their bytes, images rebuilt, and served only to
people who may see what they are attached to (here a community: view = its members,
add = its director), from a local folder or from an S3-compatible bucket."""

from __future__ import annotations

import io
import socket
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import TestCase
from PIL import Image

from conftest import client_for
from salon.communities.models import Community
from salon.core.access import access_attachment
from salon.core.attachments import (
    attach,
    attachments_for,
    detach,
    register_attachment_owner,
    unregister_attachment_owner,
)
from salon.core.models import Attachment, AuditEvent
from salon.core.uploads import IMAGES, Kind, accept_upload, safe_filename
from salon.settings import _file_storage

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def community_files(settings: Any, tmp_path: Any) -> Iterator[None]:
    """Communities own files for these tests only; files land in a fresh folder."""
    settings.MEDIA_ROOT = tmp_path
    register_attachment_owner(Community, view="community.view", add="community.edit")
    yield
    unregister_attachment_owner(Community)


def _png_with_exif(size: tuple[int, int] = (3000, 1500)) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS latitude
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="PNG", exif=exif)
    return buffer.getvalue()


def _jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), "orange").save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def _office(main_part: str, folder: str = "word") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{folder}/document.xml" ContentType="{main_part}"/>'
            "</Types>",
        )
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(f"{folder}/document.xml", "<document>Minutes</document>")
    return buffer.getvalue()


def _docx() -> bytes:
    return _office(f"{DOCX}.main+xml")


def _upload(name: str, content: bytes, claimed: str = "application/octet-stream") -> Any:
    return SimpleUploadedFile(name, content, claimed)


# Accepted or refused by content


def test_a_png_is_rebuilt_resized_and_stripped_of_exif() -> None:
    original = _png_with_exif()
    with Image.open(io.BytesIO(original)) as source:
        assert source.getexif()[0x010F] == "SecretCam"

    accepted = accept_upload(_upload("board photo.png", original, "image/png"))

    assert accepted.kind == Kind.IMAGE
    assert accepted.content_type == "image/png"
    assert accepted.name == "board photo.png"
    with Image.open(accepted.file) as stored:
        assert stored.format == "PNG"
        assert stored.size == (2000, 1000)
        assert not stored.getexif()
        assert "SecretCam" not in repr(stored.info)


def test_a_jpeg_stays_a_jpeg_without_exif_and_keeps_its_size_when_small() -> None:
    original = _jpeg_with_exif()
    with Image.open(io.BytesIO(original)) as source:
        assert source.getexif()[0x010F] == "SecretCam"

    accepted = accept_upload(_upload("IMG_1234.JPEG", original))

    assert accepted.content_type == "image/jpeg"
    assert accepted.name == "IMG_1234.JPEG"
    with Image.open(accepted.file) as stored:
        assert stored.size == (400, 300)
        assert not stored.getexif()


def test_a_webp_photo_becomes_a_jpeg_and_a_transparent_gif_a_transparent_png() -> None:
    webp, gif = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (300, 200), "navy").save(webp, format="WEBP")
    logo = Image.new("P", (50, 50), 0)
    logo.putpixel((10, 10), 1)
    logo.save(gif, format="GIF", transparency=0)

    photo = accept_upload(_upload("photo.webp", webp.getvalue()))
    badge = accept_upload(_upload("badge.gif", gif.getvalue()))

    assert (photo.content_type, photo.name) == ("image/jpeg", "photo.jpg")
    assert (badge.content_type, badge.name) == ("image/png", "badge.png")
    with Image.open(badge.file) as stored:
        assert stored.mode == "RGBA"
        pixel = stored.getpixel((0, 0))
        assert isinstance(pixel, tuple)
        assert pixel[3] == 0


def test_a_pptx_and_an_xlsx_are_told_apart_by_their_table_of_contents() -> None:
    pptx = _office(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        folder="ppt",
    )
    xlsx = _office(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        folder="xl",
    )

    assert accept_upload(_upload("deck.pptx", pptx)).content_type.endswith("presentation")
    assert accept_upload(_upload("budget.docx", xlsx)).name == "budget.xlsx"


def test_a_pdf_a_docx_and_a_csv_are_accepted_as_what_they_are() -> None:
    pdf = accept_upload(_upload("agenda.pdf", PDF, "text/html"))
    docx = accept_upload(_upload("minutes.docx", _docx()))
    csv = accept_upload(_upload("attendees.csv", "name,city\nZoë,Zürich\n".encode()))
    notes = accept_upload(_upload("notes", b"# Notes\n\nPlain words.\n"))

    assert (pdf.kind, pdf.content_type, pdf.size) == (Kind.PDF, "application/pdf", len(PDF))
    assert (docx.kind, docx.content_type) == (Kind.OFFICE, DOCX)
    assert (csv.kind, csv.content_type, csv.name) == (Kind.TEXT, "text/csv", "attendees.csv")
    assert (notes.content_type, notes.name) == ("text/plain", "notes.txt")


def test_a_file_named_wrongly_gets_the_extension_of_its_content() -> None:
    assert accept_upload(_upload("agenda.docx", PDF)).name == "agenda.pdf"
    assert accept_upload(_upload("photo.png", _jpeg_with_exif())).name == "photo.jpg"


def test_the_digest_is_of_the_stored_bytes() -> None:
    import hashlib

    accepted = accept_upload(_upload("agenda.pdf", PDF))

    assert accepted.sha256 == hashlib.sha256(PDF).hexdigest()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("report.pdf", b"\x7fELF\x02\x01\x01\x00" + bytes(120), id="elf-as-pdf"),
        pytest.param("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(120), id="exe-as-pdf"),
        pytest.param(
            "cat.png", b"<!DOCTYPE html><html><script>alert(1)</script></html>", id="html-as-png"
        ),
        pytest.param("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', id="svg"),
        pytest.param("page.txt", b"\xef\xbb\xbf  <html><body>hi</body></html>", id="html-as-txt"),
        pytest.param(
            "macro.docx", _office("application/vnd.ms-word.document.macroEnabled.main+xml")
        ),
        pytest.param("archive.docx", b"PK\x03\x04" + bytes(200), id="broken-zip-as-docx"),
        pytest.param("photo.gif", b"GIF89a" + bytes(64), id="truncated-gif"),
        pytest.param("latin1.txt", "café".encode("latin-1"), id="not-utf8"),
    ],
)
def test_a_file_is_refused_by_what_it_contains_not_by_its_name(name: str, content: bytes) -> None:
    with pytest.raises(ValidationError) as refused:
        accept_upload(_upload(name, content, "application/pdf"))

    assert refused.value.messages[0]


def test_the_refusal_says_what_is_accepted() -> None:
    with pytest.raises(ValidationError) as refused:
        accept_upload(_upload("agenda.pdf", PDF), allowed=IMAGES)

    assert refused.value.messages == [
        "This type of file is not accepted. Accepted: images (JPEG, PNG, WebP, GIF)."
    ]


def test_a_file_one_byte_over_the_limit_is_refused(settings: Any) -> None:
    settings.SALON_UPLOAD_MAX_BYTES = 1000

    accepted = accept_upload(_upload("exactly.txt", b"a" * 1000))
    with pytest.raises(ValidationError) as refused:
        accept_upload(_upload("over.txt", b"a" * 1001))

    assert accepted.size == 1000
    assert refused.value.messages == ["Choose a file smaller than 1000\xa0bytes."]


def test_images_have_their_own_smaller_limit(settings: Any) -> None:
    png = _png_with_exif((64, 64))
    settings.SALON_UPLOAD_MAX_IMAGE_BYTES = len(png) - 1

    with pytest.raises(ValidationError, match="Choose an image smaller than"):
        accept_upload(_upload("small.png", png))
    assert accept_upload(_upload("agenda.pdf", PDF)).kind == Kind.PDF


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\maya\\Board pack.pdf", "Board pack.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),  # right-to-left override removed
        ("line\nbreak\x00.txt", "linebreak.txt"),
        ("..hidden.txt", "hidden.txt"),
        ('what?<are>"these".pdf', "what__are__these_.pdf"),
        ("...", "file"),
        ("Q3 vs. Q4 plan", "Q3 vs. Q4 plan"),
        ("Präsentation.pptx", "Präsentation.pptx"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_file_names_are_sanitised_for_display(given: str, shown: str) -> None:
    assert safe_filename(given) == shown


# attach and detach


def test_the_director_attaches_a_file_and_it_is_stored_and_audited(
    community: Community, director: Any
) -> None:
    attachment = attach(actor=director, owner=community, upload=_upload("agenda.pdf", PDF))

    assert attachment.owner == community
    assert attachment.uploaded_by == director
    assert (attachment.name, attachment.content_type, attachment.size) == (
        "agenda.pdf",
        "application/pdf",
        len(PDF),
    )
    assert attachment.file.name.startswith("attachments/")
    assert attachment.file.name.endswith("/agenda.pdf")
    with default_storage.open(attachment.file.name) as stored:
        assert stored.read() == PDF
    event = AuditEvent.objects.get(action="core.attachment.added")
    assert event.actor == director
    assert event.community == community
    assert event.details["name"] == "agenda.pdf"
    assert event.details["attachment_id"] == attachment.pk


def test_a_member_who_may_not_edit_cannot_attach_and_nothing_is_stored(
    community: Community, member: Any
) -> None:
    with pytest.raises(PermissionDenied):
        attach(actor=member, owner=community, upload=_upload("agenda.pdf", PDF))

    assert not Attachment.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="core.attachment").exists()


def test_a_refused_file_leaves_no_row(community: Community, director: Any) -> None:
    with pytest.raises(ValidationError):
        attach(actor=director, owner=community, upload=_upload("x.pdf", b"\x7fELF" + bytes(9)))

    assert not Attachment.objects.exists()


def test_a_model_that_was_not_registered_cannot_own_files(director: Any) -> None:
    with pytest.raises(ValueError, match="not registered"):
        attach(actor=director, owner=director, upload=_upload("agenda.pdf", PDF))


def test_members_list_the_files_and_outsiders_see_none(
    community: Community, director: Any, member: Any, outsider: Any
) -> None:
    attachment = attach(actor=director, owner=community, upload=_upload("agenda.pdf", PDF))

    assert attachments_for(member, community) == [attachment]
    assert attachments_for(outsider, community) == []
    with pytest.raises(Http404):
        access_attachment(outsider, attachment.pk)


def test_the_director_detaches_a_file_and_the_stored_file_goes_after_commit(
    community: Community, director: Any
) -> None:
    attachment = attach(actor=director, owner=community, upload=_upload("agenda.pdf", PDF))
    stored = attachment.file.name

    with TestCase.captureOnCommitCallbacks(execute=True):
        detach(actor=director, attachment=attachment)

    assert not Attachment.objects.exists()
    assert not default_storage.exists(stored)
    event = AuditEvent.objects.get(action="core.attachment.removed")
    assert event.details["name"] == "agenda.pdf"


def test_a_member_cannot_detach_and_an_outsider_is_told_nothing(
    community: Community, director: Any, member: Any, outsider: Any
) -> None:
    attachment = attach(actor=director, owner=community, upload=_upload("agenda.pdf", PDF))

    with pytest.raises(PermissionDenied):
        detach(actor=member, attachment=attachment)
    with pytest.raises(Http404):
        detach(actor=outsider, attachment=attachment)

    assert Attachment.objects.count() == 1
    assert default_storage.exists(attachment.file.name)


# Serving


def test_members_download_a_file_as_an_attachment_with_safe_headers(
    community: Community, director: Any, member: Any
) -> None:
    attachment = attach(actor=director, owner=community, upload=_upload("Board pack.pdf", PDF))

    response = client_for(member).get(attachment.get_absolute_url())

    assert attachment.get_absolute_url() == f"/files/{attachment.pk}/Board%20pack.pdf"
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Board pack.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("private")
    assert "sandbox" in response["Content-Security-Policy"]
    assert response.getvalue() == PDF


def test_an_image_is_shown_inline_and_text_declares_its_charset(
    community: Community, director: Any, member: Any
) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):  # the image is rebuilt
        image = attach(actor=director, owner=community, upload=_upload("a.png", _png_with_exif()))
    text = attach(actor=director, owner=community, upload=_upload("n.txt", "Zoë".encode()))
    client = client_for(member)

    shown = client.get(image.get_absolute_url())
    downloaded = client.get(text.get_absolute_url())

    assert shown["Content-Type"] == "image/png"
    assert shown["Content-Disposition"] == 'inline; filename="a.png"'
    assert downloaded["Content-Type"] == "text/plain; charset=utf-8"
    assert downloaded["Content-Disposition"].startswith("attachment")


def test_an_outsider_gets_the_same_404_as_for_a_file_that_does_not_exist(
    community: Community, director: Any, outsider: Any
) -> None:
    attachment = attach(actor=director, owner=community, upload=_upload("agenda.pdf", PDF))
    client = client_for(outsider)

    forbidden = client.get(attachment.get_absolute_url())
    missing = client.get(f"/files/{attachment.pk + 1000}/agenda.pdf")
    by_storage_path = client_for(director).get(f"/media/{attachment.file.name}")

    assert forbidden.status_code == 404
    assert missing.status_code == 404
    assert by_storage_path.status_code == 404  # the raw storage path is no way round


def test_an_anonymous_visitor_is_sent_to_sign_in(community: Community, director: Any) -> None:
    attachment = attach(actor=director, owner=community, upload=_upload("agenda.pdf", PDF))

    response = client_for(None).get(attachment.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_file_stops_being_served_when_its_owner_type_is_unregistered(
    community: Community, director: Any
) -> None:
    attachment = attach(actor=director, owner=community, upload=_upload("agenda.pdf", PDF))
    unregister_attachment_owner(Community)

    assert client_for(director).get(attachment.get_absolute_url()).status_code == 404


# Storage


def test_files_stay_in_the_local_folder_unless_a_bucket_is_named() -> None:
    local = _file_storage(bucket="")
    s3: Any = _file_storage(bucket="salon-files", endpoint_url="https://s3.example.test")

    assert local == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3["OPTIONS"]["default_acl"] is None
    assert s3["OPTIONS"]["querystring_auth"] is False
    assert s3["OPTIONS"]["file_overwrite"] is False


@pytest.fixture
def s3_bucket(settings: Any) -> Iterator[str]:
    """A real S3 API (moto's server) on a free local port, as Salon's default storage."""
    import boto3
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    credentials = {"aws_access_key_id": "salon", "aws_secret_access_key": "salon-secret"}
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **credentials).create_bucket(
        Bucket="salon-files"
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": _file_storage(
            bucket="salon-files",
            endpoint_url=endpoint,
            access_key="salon",
            secret_key="salon-secret",
            region="us-east-1",
            base_url="http://testserver",
        ),
    }
    try:
        yield endpoint
    finally:
        server.stop()


def test_a_file_in_an_s3_bucket_is_private_and_streamed_through_the_permission_check(
    s3_bucket: str, community: Community, director: Any, member: Any, outsider: Any
) -> None:
    import urllib.error
    import urllib.request

    from storages.backends.s3 import S3Storage

    attachment = attach(actor=director, owner=community, upload=_upload("agenda.pdf", PDF))

    downloaded = client_for(member).get(attachment.get_absolute_url())
    refused = client_for(outsider).get(attachment.get_absolute_url())

    assert isinstance(default_storage, S3Storage)
    assert downloaded.status_code == 200
    assert downloaded.getvalue() == PDF
    assert refused.status_code == 404
    # Straight from the bucket, without credentials: refused.
    direct = f"{s3_bucket}/salon-files/{attachment.file.name}"
    with pytest.raises(urllib.error.HTTPError) as denied:
        urllib.request.urlopen(direct, timeout=10)
    assert denied.value.code == 403


def test_photos_in_an_s3_bucket_still_link_to_the_protected_media_view(s3_bucket: str) -> None:
    assert default_storage.url("photos/7/abc.jpg") == "http://testserver/media/photos/7/abc.jpg"


# Images are rebuilt after the request, by a task -----------------------------------------


def test_an_image_is_rebuilt_by_a_task_and_served_only_once_ready(
    community: Community, director: Any, member: Any
) -> None:
    original = _png_with_exif()
    client = client_for(member)

    with TestCase.captureOnCommitCallbacks(execute=False) as queued:
        image = attach(actor=director, owner=community, upload=_upload("board.png", original))

    # In the request, only the header is read: the image waits, as sent, for its task.
    assert image.status == "processing"
    assert not image.is_ready
    assert (image.size, image.content_type) == (len(original), "image/png")
    assert client.get(image.get_absolute_url()).status_code == 404
    assert len(queued) == 1

    queued[0]()  # the request commits: the task runs (at once, in the tests)

    image.refresh_from_db()
    assert image.is_ready
    shown = client.get(image.get_absolute_url())
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/png"
    with default_storage.open(image.file.name) as stored:
        rebuilt = Image.open(stored)
        assert rebuilt.size == (2000, 1000)
        assert not rebuilt.getexif()
    assert image.size < len(original)
    assert len(default_storage.listdir(image.file.name.rsplit("/", 1)[0])[1]) == 1


def test_an_image_that_cannot_be_decoded_is_marked_and_never_served(
    community: Community, director: Any, member: Any
) -> None:
    # A valid header over truncated data: fine for the request's check, refused by the task.
    buffer = io.BytesIO()
    noise = (bytes(range(256)) * 704)[:180_000]
    Image.frombytes("RGB", (300, 200), noise).save(buffer, format="PNG")
    broken = buffer.getvalue()[: len(buffer.getvalue()) // 2]
    with TestCase.captureOnCommitCallbacks(execute=True):
        image = attach(actor=director, owner=community, upload=_upload("cut.png", broken))

    image.refresh_from_db()
    assert image.status == "failed"
    assert client_for(member).get(image.get_absolute_url()).status_code == 404
