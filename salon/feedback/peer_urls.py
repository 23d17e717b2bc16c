"""Routes of feedback between members, praise and the growth timeline; ``urls.py`` adds
them to the app's own."""

from django.urls import path

from salon.feedback import peer_views as views

urlpatterns = [
    path("me/feedback/", views.mine, name="peer_mine"),
    path("me/feedback/<int:feedback_id>/", views.detail, name="peer_detail"),
    path("me/feedback/<int:feedback_id>/decline/", views.decline, name="peer_decline"),
    path("me/feedback/<int:feedback_id>/share/", views.share, name="peer_share"),
    path("me/feedback/<int:feedback_id>/goal/", views.goal, name="peer_goal"),
    path("c/<slug:slug>/feedback/ask/", views.ask, name="ask"),
    path("c/<slug:slug>/feedback/give/", views.give, name="give"),
    path("c/<slug:slug>/feedback/requests-settings/", views.peer_settings, name="peer_settings"),
    path("c/<slug:slug>/praise/", views.praise, name="praise_list"),
    path("me/growth/", views.my_growth, name="growth"),
    path("me/growth/<int:viewer_id>/unshare/", views.growth_unshare, name="growth_unshare"),
    path("people/<int:user_id>/growth/", views.growth_of, name="growth_of"),
]
