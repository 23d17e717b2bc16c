from __future__ import annotations

from typing import Any

from django.utils import timezone

from conftest import client_for
from salon.discussions.models import PAGE_SIZE, Post, PostRevision, Reaction, Tag, Topic
from salon.discussions.services.posts import post_reply


def _replies(topic: Topic, author: Any, n: int) -> None:
    """Add ``n`` replies quickly (as the service numbers them) without notifications."""
    start = topic.post_count
    Post.objects.bulk_create(
        Post(
            topic=topic,
            number=start + i + 1,
            author=author,
            body=f"Reply {start + i + 1}",
            body_html=f"<p>Reply {start + i + 1}</p>",
        )
        for i in range(n)
    )
    Topic.objects.filter(pk=topic.pk).update(post_count=start + n, last_activity_at=timezone.now())
    topic.refresh_from_db()


def test_the_forum_lists_topics_by_latest_activity_with_unread_counts(
    member: Any, facilitator: Any, start: Any
) -> None:
    quiet = start(facilitator, title="Quiet topic")
    busy = start(facilitator, title="Busy topic")
    client = client_for(member)
    client.get(busy.get_absolute_url())
    _replies(busy, facilitator, 3)
    Topic.objects.filter(pk=quiet.pk).update(last_activity_at=timezone.now())
    Topic.objects.filter(pk=busy.pk).update(last_activity_at=timezone.now())

    page = client.get("/c/acme/forum/").content.decode()

    assert page.index("Busy topic") < page.index("Quiet topic")
    assert "3 unread" in page
    assert "New" in page  # the quiet one was never opened


def test_the_forum_filters_by_category_tag_and_kind_in_place(
    member: Any, director: Any, community: Any, start: Any
) -> None:
    from salon.discussions.categories import category_create

    other = category_create(actor=director, community=community, name="Innovation")
    start(member, title="Tagged one", tags=["board"])
    start(member, title="Elsewhere", category=other, kind="question")
    client = client_for(member)

    by_tag = client.get("/c/acme/forum/?tag=board", headers={"HX-Request": "true"})
    by_category = client.get("/c/acme/forum/?category=innovation").content.decode()
    by_kind = client.get("/c/acme/forum/?kind=question").content.decode()

    assert "<html" not in by_tag.content.decode()  # the list alone, for htmx
    assert "Tagged one" in by_tag.content.decode()
    assert "Elsewhere" not in by_tag.content.decode()
    assert "Elsewhere" in by_category
    assert "Tagged one" not in by_category
    assert "Elsewhere" in by_kind
    assert "Tagged one" not in by_kind


def test_a_member_starts_a_topic_from_the_forum(member: Any, general: Any) -> None:
    response = client_for(member).post(
        "/c/acme/forum/new/",
        {
            "category": general.pk,
            "kind": "question",
            "title": "Who has run a hackathon?",
            "body": "Looking for **advice**.",
            "tags": "innovation, events",
        },
    )

    topic = Topic.objects.get()
    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url()
    assert topic.kind == "question"
    assert sorted(t.name for t in topic.tags.all()) == ["events", "innovation"]


def test_a_member_cannot_choose_the_announcement_kind(member: Any, general: Any) -> None:
    client = client_for(member)

    form = client.get("/c/acme/forum/new/").content.decode()
    response = client.post(
        "/c/acme/forum/new/",
        {"category": general.pk, "kind": "announcement", "title": "Hi", "body": "x"},
    )

    assert 'value="announcement"' not in form
    assert response.status_code == 400
    assert not Topic.objects.exists()


def test_a_reply_lands_at_the_end_of_the_topic(member: Any, facilitator: Any, start: Any) -> None:
    topic = start(facilitator)
    _replies(topic, facilitator, PAGE_SIZE)

    response = client_for(member).post(f"/t/{topic.pk}/reply/", {"body": "Count me in."})

    assert response.status_code == 302
    assert response["Location"] == f"/t/{topic.pk}/?page=2#post-{PAGE_SIZE + 2}"
    assert Post.objects.get(number=PAGE_SIZE + 2).body == "Count me in."


def test_an_empty_reply_shows_the_error_on_the_page(member: Any, start: Any) -> None:
    topic = start(member)

    response = client_for(member).post(f"/t/{topic.pk}/reply/", {"body": ""})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Post.objects.count() == 1


def test_a_topic_opens_where_you_stopped_reading_with_a_marker(
    member: Any, facilitator: Any, start: Any
) -> None:
    assert PAGE_SIZE == 50
    topic = start(facilitator)
    _replies(topic, facilitator, 54)  # 55 posts: two pages
    client = client_for(member)
    client.get(f"/t/{topic.pk}/?page=1")  # read 1–50
    _replies(topic, facilitator, 2)

    opened = client.get(f"/t/{topic.pk}/")
    page = client.get(f"/t/{topic.pk}/?page=2").content.decode()
    unread = client.get(f"/t/{topic.pk}/?unread=1")

    assert opened.status_code == 302
    assert opened["Location"] == f"/t/{topic.pk}/?page=2#post-51"
    assert page.index("New since your last visit") < page.index('id="post-51"')
    assert unread["Location"] == f"/t/{topic.pk}/?page=2#post-57"  # all read now


def test_pages_hold_fifty_posts_and_a_page_past_the_end_shows_the_last(
    member: Any, start: Any
) -> None:
    topic = start(member)
    _replies(topic, member, 104)  # 105 posts: three pages

    client = client_for(member)
    first = client.get(f"/t/{topic.pk}/?page=1").content.decode()
    last = client.get(f"/t/{topic.pk}/?page=99").content.decode()

    assert first.count('class="card post') == 50
    assert 'id="post-50"' in first
    assert 'id="post-51"' not in first
    assert 'id="post-101"' in last
    assert 'id="post-105"' in last
    assert 'id="post-100"' not in last
    assert "Page 3 of 3" in last


def test_a_deleted_post_reads_as_deleted_and_its_text_is_gone(
    member: Any, facilitator: Any, start: Any
) -> None:
    topic = start(member)
    reply = post_reply(actor=facilitator, topic=topic, body="Regrettable words")
    client_for(facilitator).post(f"/p/{reply.pk}/delete/")

    page = client_for(member).get(f"/t/{topic.pk}/?page=1").content.decode()

    assert "This post was deleted." in page
    assert "Regrettable words" not in page
    assert client_for(member).get(f"/p/{reply.pk}/history/").status_code == 404


def test_quote_reply_prefills_the_reply_box(member: Any, facilitator: Any, start: Any) -> None:
    topic = start(facilitator, body="Offsites need a clear question.")
    opening = Post.objects.get(topic=topic)

    page = client_for(member).get(f"/t/{topic.pk}/?page=1&quote={opening.pk}").content.decode()

    assert "&gt; **Fred Facilitator** wrote:" in page
    assert "&gt; Offsites need a clear question." in page


def test_the_preview_renders_markdown_safely(member: Any) -> None:
    response = client_for(member).post(
        "/forum/preview/",
        {"body": "**bold** <script>alert(1)</script> [x](javascript:alert(1))"},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>bold</strong>" in html
    assert "<script" not in html
    assert 'href="javascript' not in html


def test_a_reaction_is_toggled_in_place(member: Any, facilitator: Any, start: Any) -> None:
    topic = start(facilitator)
    post = Post.objects.get(topic=topic)
    client = client_for(member)

    added = client.post(f"/p/{post.pk}/react/", {"emoji": "idea"}, headers={"HX-Request": "true"})
    removed = client.post(f"/p/{post.pk}/react/", {"emoji": "idea"}, headers={"HX-Request": "true"})

    assert added.status_code == 200
    assert 'class="reaction is-mine" aria-pressed="true"' in added.content.decode()
    assert "is-mine" not in removed.content.decode()
    assert not Reaction.objects.exists()


def test_an_edit_is_saved_and_the_history_shows_the_earlier_text(member: Any, start: Any) -> None:
    topic = start(member, body="Original thought")
    post = Post.objects.get(topic=topic)
    client = client_for(member)

    # The opening post's page also carries the topic's title and tags (test_topic_edit.py).
    response = client.post(
        f"/p/{post.pk}/edit/", {"title": topic.title, "tags": "", "body": "Refined thought"}
    )
    history = client.get(f"/p/{post.pk}/history/").content.decode()

    assert response.status_code == 302
    assert PostRevision.objects.get().body == "Original thought"
    assert "Refined thought" in history
    assert "Original thought" in history


def test_someone_else_cannot_open_the_edit_page(member: Any, guest: Any, start: Any) -> None:
    topic = start(member)
    post = Post.objects.get(topic=topic)

    assert client_for(guest).get(f"/p/{post.pk}/edit/").status_code == 403


def test_the_asker_accepts_an_answer_shown_under_the_question(
    member: Any, facilitator: Any, start: Any
) -> None:
    topic = start(member, kind="question")
    answer = post_reply(actor=facilitator, topic=topic, body="Use a pre-mortem.")
    client = client_for(member)

    client.post(f"/t/{topic.pk}/accept/", {"post": answer.pk})
    page = client.get(f"/t/{topic.pk}/?page=1").content.decode()

    topic.refresh_from_db()
    assert topic.accepted_answer == answer
    assert page.index("Accepted answer") < page.index('id="post-2"')


def test_unanswered_questions_are_listed_for_experts_and_facilitators(
    member: Any, facilitator: Any, start: Any
) -> None:
    start(member, title="Open question", kind="question", tags=["budgets"])
    start(member, title="Just talking")

    page = client_for(facilitator).get("/c/acme/forum/unanswered/").content.decode()

    assert "Open question" in page
    assert "Just talking" not in page
    # A tag opens the forum filtered by it (a relative link would stay on this list).
    assert 'href="/c/acme/forum/?tag=budgets"' in page


def test_stewards_pin_and_the_pinned_topic_comes_first(
    member: Any, facilitator: Any, start: Any
) -> None:
    pinned = start(member, title="House rules")
    start(member, title="Newest chat")

    client_for(facilitator).post(f"/t/{pinned.pk}/moderate/", {"action": "pin"})
    page = client_for(member).get("/c/acme/forum/").content.decode()

    assert page.index("House rules") < page.index("Newest chat")


def test_the_community_tabs_link_to_the_forum(member: Any) -> None:
    page = client_for(member).get("/c/acme/").content.decode()

    assert 'href="/c/acme/forum/"' in page


def test_the_pages_use_no_inline_script_or_style(member: Any, start: Any) -> None:
    topic = start(member, body="**hi** @maya-member")
    post = Post.objects.get(topic=topic)
    client = client_for(member)
    for url in [
        "/c/acme/forum/",
        "/c/acme/forum/new/",
        f"/t/{topic.pk}/",
        f"/p/{post.pk}/edit/",
        f"/p/{post.pk}/history/",
    ]:
        body = client.get(url).content.decode()
        assert "<script>" not in body, url
        assert " style=" not in body, url
        assert " onclick=" not in body, url


def _topics(category: Any, author: Any, n: int, posts_each: int) -> None:
    """Add ``n`` topics of ``posts_each`` posts with a tag each, quickly (as the services
    would write them), without notifications."""
    now = timezone.now()
    tag = Tag.objects.get_or_create(community_id=category.community_id, name="bulk")[0]
    topics = Topic.objects.bulk_create(
        Topic(
            category=category,
            community_id=category.community_id,
            circle_id=category.circle_id,
            title=f"Bulk topic {i}",
            author=author,
            post_count=posts_each,
            last_activity_at=now,
            tag_names=["bulk"],
        )
        for i in range(n)
    )
    Topic.tags.through.objects.bulk_create(
        Topic.tags.through(topic_id=t.pk, tag_id=tag.pk) for t in topics
    )
    Post.objects.bulk_create(
        Post(topic=t, number=i + 1, author=author, body="Hi", body_html="<p>Hi</p>")
        for t in topics
        for i in range(posts_each)
    )


def test_the_forum_query_count_stays_flat_as_topics_grow(
    member: Any,
    facilitator: Any,
    start: Any,
    emea_category: Any,
    board_category: Any,
    django_assert_max_num_queries: Any,
    django_assert_num_queries: Any,
) -> None:
    for n in range(3):
        start(facilitator, title=f"Topic {n}", tags=["a", "b"])
    start(facilitator, category=emea_category, title="In the chapter")
    start(facilitator, category=board_category, title="Board only")
    _topics(emea_category, facilitator, 1, posts_each=5)  # 10 posts in all
    client = client_for(member)
    client.get("/c/acme/forum/")
    # user, memberships (the policy; the community comes with them), visible circles,
    # categories (with the viewer's level), the page of topics (category, circle, author,
    # the viewer's read position, tags, how many topics match and the bell's count)
    with django_assert_max_num_queries(5) as small:
        client.get("/c/acme/forum/")
    _topics(emea_category, facilitator, 90, posts_each=11)  # and 990 more posts
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get("/c/acme/forum/").content.decode()
    assert "Page 1 of 4" in page
    assert "#bulk" in page
    assert "Board only" not in page  # a private circle's topic stays out of the list


def test_the_topic_page_query_count_stays_flat_as_posts_grow(
    member: Any,
    facilitator: Any,
    start: Any,
    django_assert_max_num_queries: Any,
    django_assert_num_queries: Any,
) -> None:
    topic = start(facilitator, tags=["a"])
    _replies(topic, facilitator, 9)
    client = client_for(member)
    client.get(f"/t/{topic.pk}/?page=1")
    # user, the topic (category, community, circle, author, accepted answer, the viewer's
    # read position, levels and circle membership, the bell's count), memberships, the
    # page of posts with their authors (and whether each has files, and the viewer's
    # flag), their reactions; the tags are the topic's own ``tag_names``
    with django_assert_max_num_queries(5) as small:
        client.get(f"/t/{topic.pk}/?page=1")
    queries = len(small.captured_queries)  # (the next request clears Django's query log)
    _replies(topic, facilitator, 990)
    # Posts the viewer had not seen: one more statement moves their read mark.
    with django_assert_num_queries(queries + 1):
        client.get(f"/t/{topic.pk}/?page=1")
    with django_assert_num_queries(queries):
        client.get(f"/t/{topic.pk}/?page=1")
    # The last page reads its own range of numbers, no OFFSET: the same queries.
    client.get(f"/t/{topic.pk}/?page=20")
    with django_assert_num_queries(queries):
        last = client.get(f"/t/{topic.pk}/?page=20").content.decode()
    assert 'id="post-1000"' in last
    assert "Page 20 of 20" in last


def test_a_hidden_post_reads_as_hidden_to_members(
    member: Any, facilitator: Any, start: Any
) -> None:
    topic = start(member)
    reply = post_reply(actor=member, topic=topic, body="Something unkind")

    response = client_for(facilitator).post(f"/p/{reply.pk}/hide/", {"hidden": "1"})
    page = client_for(member).get(f"/t/{topic.pk}/?page=1").content.decode()

    assert response.status_code == 302
    assert "This post was hidden by a facilitator." in page
    assert "Something unkind" not in page
    assert client_for(member).post(f"/p/{reply.pk}/hide/", {"hidden": "0"}).status_code == 403


def test_the_bell_counts_right_on_the_forum_and_topic_pages(
    member: Any, facilitator: Any, start: Any
) -> None:
    # The pages fold the bell's count into their own queries: it must still be the count.
    from salon.notifications.models import Notification

    topic = start(facilitator)
    client = client_for(member)
    unread = Notification.objects.filter(recipient=member, read_at__isnull=True).count()
    for key in ("one", "two"):
        Notification.objects.create(
            recipient=member, kind="discussions.new_topic", target=topic, key=key, url="/"
        )

    for url in ["/c/acme/forum/", f"/t/{topic.pk}/?page=1"]:
        page = client.get(url).content.decode()
        assert f"data-bell-count>{unread + 2}</span>" in page, url
    Notification.objects.filter(recipient=member).update(read_at=timezone.now())
    for url in ["/c/acme/forum/", f"/t/{topic.pk}/?page=1"]:
        page = client.get(url).content.decode()
        assert "data-bell-count hidden>0</span>" in page, url


def test_a_post_s_avatar_is_the_one_the_shared_include_draws(member: Any) -> None:
    from django.template.loader import render_to_string

    from salon.discussions.templatetags.forum_posts import avatar_html

    expected = render_to_string("includes/avatar.html", {"person": member, "size": "sm"})
    assert avatar_html(member) == expected.strip()
