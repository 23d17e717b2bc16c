"""The admin's topics and posts: words said under the Chatham House rule name nobody there
either (the audit log's admin already does not)."""

from __future__ import annotations

from typing import Any

from conftest import client_for, make_user
from salon.discussions.categories import category_create


def test_the_admin_names_nobody_beside_words_said_under_the_chatham_house_rule(
    director: Any, member: Any, community: Any, start: Any
) -> None:
    room = category_create(
        actor=director, community=community, name="Off the record", chatham_house=True
    )
    topic = start(member, category=room, title="Our merger doubts", body="Candidly, I worry.")
    post = topic.posts.get(number=1)
    client = client_for(make_user("root@company.test", "Root", is_staff=True, is_superuser=True))

    pages = [
        client.get("/admin/discussions/post/"),
        client.get(f"/admin/discussions/post/{post.pk}/change/"),
        client.get("/admin/discussions/topic/"),
        client.get(f"/admin/discussions/topic/{topic.pk}/change/"),
    ]

    assert [page.status_code for page in pages] == [200, 200, 200, 200]
    assert "Candidly, I worry." in pages[1].content.decode()
    for page in pages:
        text = page.content.decode()
        assert member.email not in text
        assert "Maya Member" not in text
        assert 'name="author"' not in text


def test_the_admin_still_names_the_author_of_an_ordinary_post(
    director: Any, member: Any, start: Any
) -> None:
    topic = start(member, title="Offsite formats")
    post = topic.posts.get(number=1)
    client = client_for(make_user("root@company.test", "Root", is_staff=True, is_superuser=True))

    page = client.get(f"/admin/discussions/post/{post.pk}/change/")

    assert page.status_code == 200
    assert f'name="author" value="{member.pk}"' in page.content.decode()


def test_the_admins_files_name_nobody_who_attached_one_under_the_rule(
    director: Any, member: Any, community: Any, start: Any, tmp_path: Any, settings: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from salon.core.attachments import attach
    from salon.core.models import Attachment

    settings.MEDIA_ROOT = tmp_path
    room = category_create(
        actor=director, community=community, name="Off the record", chatham_house=True
    )
    topic = start(member, category=room, title="Our merger doubts")
    upload = SimpleUploadedFile("doubts.txt", b"Candidly, I worry.", "text/plain")
    attach(actor=member, owner=topic.posts.get(number=1), upload=upload)
    attachment = Attachment.objects.get()
    client = client_for(make_user("root@company.test", "Root", is_staff=True, is_superuser=True))

    pages = [
        client.get("/admin/core/attachment/"),
        client.get(f"/admin/core/attachment/{attachment.pk}/change/"),
    ]

    assert [page.status_code for page in pages] == [200, 200]
    for page in pages:
        assert "doubts.txt" in page.content.decode()
        assert "Maya Member" not in page.content.decode()
        assert member.email not in page.content.decode()
