from django.urls import path

from salon.discussions import category_views, moderation_views, views

app_name = "discussions"
urlpatterns = [
    path("c/<slug:slug>/forum/", views.forum, name="forum"),
    path("c/<slug:slug>/forum/new/", views.topic_create, name="topic_create"),
    path("c/<slug:slug>/forum/unanswered/", views.unanswered, name="unanswered"),
    # Categories (category_views.py)
    path("c/<slug:slug>/forum/categories/", category_views.category_list, name="categories"),
    path(
        "c/<slug:slug>/forum/categories/new/",
        category_views.category_create,
        name="category_create",
    ),
    path(
        "c/<slug:slug>/forum/categories/<int:category_id>/edit/",
        category_views.category_edit,
        name="category_edit",
    ),
    path(
        "c/<slug:slug>/forum/categories/<int:category_id>/move/",
        category_views.category_move,
        name="category_move",
    ),
    path(
        "c/<slug:slug>/forum/categories/<int:category_id>/archive/",
        category_views.category_archive,
        name="category_archive",
    ),
    path(
        "c/<slug:slug>/forum/categories/<int:category_id>/delete/",
        category_views.category_delete,
        name="category_delete",
    ),
    path(
        "c/<slug:slug>/forum/categories/<slug:category_slug>/subscription/",
        views.category_subscription,
        name="category_subscription",
    ),
    path("c/<slug:slug>/forum/circles/<slug:circle_slug>/", views.forum, name="circle_forum"),
    path("t/<int:topic_id>/", views.topic, name="topic"),
    path("t/<int:topic_id>/reply/", views.reply, name="reply"),
    path("t/<int:topic_id>/accept/", views.accept, name="accept"),
    path("t/<int:topic_id>/moderate/", views.moderate, name="moderate"),
    path("t/<int:topic_id>/subscription/", views.subscription, name="subscription"),
    path("p/<int:post_id>/", views.post, name="post"),
    path("p/<int:post_id>/edit/", views.post_edit, name="post_edit"),
    path("p/<int:post_id>/history/", views.post_history, name="post_history"),
    path("p/<int:post_id>/delete/", views.post_delete, name="post_delete"),
    path("p/<int:post_id>/hide/", views.post_hide, name="post_hide"),
    path(
        "p/<int:post_id>/files/<int:file_id>/remove/",
        views.post_file_remove,
        name="post_file_remove",
    ),
    path("p/<int:post_id>/react/", views.react, name="react"),
    path("forum/preview/", views.preview, name="preview"),
    path("forum/mentions/", views.mention_suggestions, name="mentions"),
    # Moderation (moderation_views.py)
    path("c/<slug:slug>/forum/moderation/", moderation_views.queue, name="moderation"),
    path("p/<int:post_id>/flag/", moderation_views.flag, name="flag"),
    path("p/<int:post_id>/flags/resolve/", moderation_views.resolve, name="flags_resolve"),
    path("t/<int:topic_id>/move/", moderation_views.move, name="move"),
]
