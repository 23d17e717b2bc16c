"""Files on posts: attached with a reply or a new topic (all or nothing), shown under the
post (images as thumbnails), served only to those who may see the post, removed by its
author or a steward, and gone with a hard-deleted post. Pages and API."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from PIL import Image

from conftest import client_for
from salon.core.models import Attachment, AuditEvent
from salon.discussions.models import Post, Topic
from salon.discussions.services.posts import post_hide, post_reply

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
EXECUTABLE = b"\x7fELF" + bytes(64)


@pytest.fixture(autouse=True)
def _files_in_a_fresh_folder(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _png(name: str = "whiteboard.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def _pdf(name: str = "agenda.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, "application/pdf")


def _exe(name: str = "minutes.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, EXECUTABLE, "application/pdf")  # the claim is a lie


def _files_of(post: Post) -> list[Attachment]:
    return list(post.attachments.all())


# Writing with files (pages)


def test_a_member_replies_with_an_image_and_a_pdf_and_sees_them_under_the_post(
    member: Any, facilitator: Any, start: Any
) -> None:
    topic = start(facilitator)
    client = client_for(member)

    response = client.post(
        f"/t/{topic.pk}/reply/", {"body": "Our offsite board", "files": [_png(), _pdf()]}
    )

    assert response.status_code == 302
    reply = Post.objects.get(topic=topic, number=2)
    assert [(f.name, f.content_type) for f in _files_of(reply)] == [
        ("whiteboard.png", "image/png"),
        ("agenda.pdf", "application/pdf"),
    ]
    assert AuditEvent.objects.filter(action="core.attachment.added").count() == 2
    page = client.get(f"/t/{topic.pk}/?page=1").content.decode()
    image, document = _files_of(reply)
    assert f'<img src="{image.get_absolute_url()}" alt="whiteboard.png"' in page
    assert f'<a href="{document.get_absolute_url()}">agenda.pdf</a>' in page
    assert client.get(image.get_absolute_url()).status_code == 200


def test_an_image_being_prepared_shows_its_name_and_that_it_is_on_its_way(
    member: Any, facilitator: Any, start: Any
) -> None:
    topic = start(facilitator)
    with TestCase.captureOnCommitCallbacks(execute=False):  # its task has not run yet
        reply = post_reply(actor=member, topic=topic, body="Board", files=[_png()])
    image = _files_of(reply)[0]

    page = client_for(member).get(f"/t/{topic.pk}/?page=1").content.decode()

    assert f'<img src="{image.get_absolute_url()}"' not in page
    assert "whiteboard.png" in page
    assert "Being prepared" in page


def test_a_refused_file_leaves_no_reply_behind_and_says_which_file(
    member: Any, facilitator: Any, start: Any
) -> None:
    topic = start(facilitator)

    response = client_for(member).post(
        f"/t/{topic.pk}/reply/", {"body": "See attached", "files": [_pdf(), _exe()]}
    )

    assert response.status_code == 400
    topic.refresh_from_db()
    assert topic.post_count == 1
    assert not Post.objects.filter(topic=topic, number=2).exists()
    assert not Attachment.objects.exists()
    page = response.content.decode()
    assert "“minutes.pdf”: This type of file is not accepted." in page
    assert "See attached" in page  # the text is kept for another try


def test_more_than_five_files_are_refused(member: Any, facilitator: Any, start: Any) -> None:
    topic = start(facilitator)

    response = client_for(member).post(
        f"/t/{topic.pk}/reply/",
        {"body": "Everything", "files": [_pdf(f"doc{n}.pdf") for n in range(6)]},
    )

    assert response.status_code == 400
    assert "at most five files" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_new_topic_carries_its_files_and_a_bad_one_stops_the_topic(
    member: Any, general: Any
) -> None:
    client = client_for(member)
    fields = {"category": general.pk, "kind": "discussion", "title": "Board packs", "body": "?"}

    refused = client.post("/c/acme/forum/new/", {**fields, "files": [_exe("pack.docx")]})
    created = client.post("/c/acme/forum/new/", {**fields, "files": [_pdf("pack.pdf")]})

    assert refused.status_code == 400
    assert "“pack.docx”: This type of file is not accepted." in refused.content.decode()
    assert created.status_code == 302
    topic = Topic.objects.get()
    opening = topic.posts.get(number=1)
    assert [f.name for f in _files_of(opening)] == ["pack.pdf"]


# Who sees them


def test_files_in_a_private_circle_are_served_to_its_members_only(
    member: Any, director: Any, outsider: Any, start: Any, board_category: Any
) -> None:
    topic = start(director, category=board_category, title="Succession")
    reply = post_reply(actor=director, topic=topic, body="Shortlist", files=[_pdf()])
    url = _files_of(reply)[0].get_absolute_url()

    assert client_for(director).get(url).status_code == 200
    assert client_for(member).get(url).status_code == 404  # in the community, not the circle
    assert client_for(outsider).get(url).status_code == 404


def test_a_hidden_posts_files_are_for_stewards_only(
    member: Any, facilitator: Any, director: Any, start: Any
) -> None:
    topic = start(facilitator)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the image is rebuilt
        reply = post_reply(actor=member, topic=topic, body="Look", files=[_png()])
    post_hide(actor=director, post=reply)
    url = _files_of(reply)[0].get_absolute_url()

    page = client_for(member).get(f"/t/{topic.pk}/?page=1").content.decode()

    assert url not in page
    assert client_for(member).get(url).status_code == 404
    assert client_for(facilitator).get(url).status_code == 200


# Removing


def test_the_author_removes_a_file_and_the_stored_file_goes(
    member: Any, facilitator: Any, start: Any
) -> None:
    topic = start(facilitator)
    reply = post_reply(actor=member, topic=topic, body="Two files", files=[_pdf()])
    attachment = _files_of(reply)[0]
    stored = attachment.file.name

    response = client_for(member).post(f"/p/{reply.pk}/files/{attachment.pk}/remove/")

    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert not default_storage.exists(stored)
    assert AuditEvent.objects.filter(action="core.attachment.removed").exists()


def test_a_steward_may_remove_a_file_and_another_member_may_not(
    member: Any, guest: Any, director: Any, facilitator: Any, start: Any
) -> None:
    topic = start(facilitator)
    reply = post_reply(actor=member, topic=topic, body="File", files=[_pdf()])
    attachment = _files_of(reply)[0]

    by_guest = client_for(guest).post(f"/p/{reply.pk}/files/{attachment.pk}/remove/")
    wrong_post = client_for(director).post(
        f"/p/{topic.posts.get(number=1).pk}/files/{attachment.pk}/remove/"
    )
    by_director = client_for(director).post(f"/p/{reply.pk}/files/{attachment.pk}/remove/")

    assert by_guest.status_code == 403
    assert wrong_post.status_code == 404
    assert by_director.status_code == 302
    assert not Attachment.objects.exists()


def test_a_hard_deleted_post_takes_its_files_with_it(
    member: Any, facilitator: Any, start: Any
) -> None:
    topic = start(facilitator)
    reply = post_reply(actor=member, topic=topic, body="Bye", files=[_pdf()])
    stored = _files_of(reply)[0].file.name

    with TestCase.captureOnCommitCallbacks(execute=True):
        reply.delete()

    assert not Attachment.objects.exists()
    assert not default_storage.exists(stored)


# The API


def test_the_api_attaches_files_to_a_post_and_lists_them(
    member: Any, facilitator: Any, start: Any
) -> None:
    topic = start(facilitator)
    reply = post_reply(actor=member, topic=topic, body="Slides to follow")
    client = client_for(member)

    created = client.post(f"/api/v1/posts/{reply.pk}/attachments", {"files": [_pdf(), _png()]})
    detail = client.get(f"/api/v1/topics/{topic.pk}").json()

    assert created.status_code == 201
    names = [a["name"] for a in created.json()["attachments"]]
    assert names == ["agenda.pdf", "whiteboard.png"]
    # The image is rebuilt once the request has committed; the answer says it is on its way.
    assert [a["status"] for a in created.json()["attachments"]] == ["ready", "processing"]
    listed = detail["posts"]["items"][1]["attachments"]
    assert [a["name"] for a in listed] == names
    assert [a["status"] for a in listed] == ["ready", "ready"]
    assert listed[0]["url"].startswith("http://testserver/files/")
    assert detail["posts"]["items"][0]["attachments"] == []


def test_the_api_refuses_a_bad_file_and_someone_elses_post(
    member: Any, guest: Any, facilitator: Any, start: Any
) -> None:
    topic = start(facilitator)
    reply = post_reply(actor=member, topic=topic, body="Mine")

    bad = client_for(member).post(f"/api/v1/posts/{reply.pk}/attachments", {"files": [_exe()]})
    other = client_for(guest).post(f"/api/v1/posts/{reply.pk}/attachments", {"files": [_pdf()]})

    assert bad.status_code == 400
    assert "This type of file is not accepted" in bad.json()["detail"]
    assert other.status_code == 403
    assert not Attachment.objects.exists()


def test_the_api_removes_a_file(member: Any, facilitator: Any, start: Any) -> None:
    topic = start(facilitator)
    reply = post_reply(actor=member, topic=topic, body="File", files=[_pdf()])
    attachment = _files_of(reply)[0]

    response = client_for(member).delete(f"/api/v1/posts/{reply.pk}/attachments/{attachment.pk}")

    assert response.status_code == 204
    assert not Attachment.objects.exists()


# Cost


def test_files_cost_the_topic_page_one_query_however_many_posts_have_them(
    member: Any, facilitator: Any, start: Any, django_assert_num_queries: Any
) -> None:
    topic = start(facilitator)
    post_reply(actor=facilitator, topic=topic, body="One", files=[_pdf()])
    client = client_for(member)
    client.get(f"/t/{topic.pk}/?page=1")
    # the 5 of a topic page (test_pages) and the files of the posts that have any
    with django_assert_num_queries(6):
        client.get(f"/t/{topic.pk}/?page=1")
    for n in range(5):
        post_reply(actor=facilitator, topic=topic, body=f"{n}", files=[_pdf(), _png()])
    client.get(f"/t/{topic.pk}/?page=1")
    with django_assert_num_queries(6):
        client.get(f"/t/{topic.pk}/?page=1")
