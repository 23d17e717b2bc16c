from django.urls import path

from salon.discussions.views import categories, forum, moderation, posts, topics

app_name = "discussions"
urlpatterns = [
    path("c/<slug:slug>/forum/", forum.forum, name="forum"),
    path("c/<slug:slug>/forum/new/", forum.topic_create, name="topic_create"),
    path("c/<slug:slug>/forum/unanswered/", forum.unanswered, name="unanswered"),
    # Categories (categories.py)
    path("c/<slug:slug>/forum/categories/", categories.category_list, name="categories"),
    path(
        "c/<slug:slug>/forum/categories/new/",
        categories.category_create,
        name="category_create",
    ),
    path(
        "c/<slug:slug>/forum/categories/<int:category_id>/edit/",
        categories.category_edit,
        name="category_edit",
    ),
    path(
        "c/<slug:slug>/forum/categories/<int:category_id>/move/",
        categories.category_move,
        name="category_move",
    ),
    path(
        "c/<slug:slug>/forum/categories/<int:category_id>/archive/",
        categories.category_archive,
        name="category_archive",
    ),
    path(
        "c/<slug:slug>/forum/categories/<int:category_id>/delete/",
        categories.category_delete,
        name="category_delete",
    ),
    path(
        "c/<slug:slug>/forum/categories/<slug:category_slug>/subscription/",
        topics.category_subscription,
        name="category_subscription",
    ),
    path("c/<slug:slug>/forum/circles/<slug:circle_slug>/", forum.forum, name="circle_forum"),
    path("t/<int:topic_id>/", topics.topic, name="topic"),
    path("t/<int:topic_id>/reply/", topics.reply, name="reply"),
    path("t/<int:topic_id>/accept/", topics.accept, name="accept"),
    path("t/<int:topic_id>/moderate/", topics.moderate, name="moderate"),
    path("t/<int:topic_id>/subscription/", topics.subscription, name="subscription"),
    path("p/<int:post_id>/", posts.post, name="post"),
    path("p/<int:post_id>/edit/", posts.post_edit, name="post_edit"),
    path("p/<int:post_id>/history/", posts.post_history, name="post_history"),
    path("p/<int:post_id>/delete/", posts.post_delete, name="post_delete"),
    path("p/<int:post_id>/hide/", posts.post_hide, name="post_hide"),
    path(
        "p/<int:post_id>/files/<int:file_id>/remove/",
        posts.post_file_remove,
        name="post_file_remove",
    ),
    path("p/<int:post_id>/react/", posts.react, name="react"),
    path("forum/preview/", posts.preview, name="preview"),
    path("forum/mentions/", posts.mention_suggestions, name="mentions"),
    # Moderation (moderation.py)
    path("c/<slug:slug>/forum/moderation/", moderation.queue, name="moderation"),
    path("p/<int:post_id>/flag/", moderation.flag, name="flag"),
    path("p/<int:post_id>/flags/resolve/", moderation.resolve, name="flags_resolve"),
    path("t/<int:topic_id>/move/", moderation.move, name="move"),
]
