from django.urls import path

from salon.feedback.views import cycles, peer

app_name = "feedback"
urlpatterns = [
    # 360° cycles (views/cycles.py)
    path("c/<slug:slug>/feedback/", cycles.cycles, name="cycles"),
    path("c/<slug:slug>/feedback/new/", cycles.cycle_new, name="cycle_new"),
    path("c/<slug:slug>/feedback/overview/", cycles.overview, name="overview"),
    path("feedback/cycles/<int:cycle_id>/", cycles.cycle, name="cycle"),
    path("feedback/cycles/<int:cycle_id>/close/", cycles.cycle_close, name="cycle_close"),
    path("feedback/people/<int:participant_id>/raters/", cycles.nominations, name="nominations"),
    path(
        "feedback/people/<int:participant_id>/raters/<int:nomination_id>/remove/",
        cycles.nomination_remove,
        name="nomination_remove",
    ),
    path(
        "feedback/people/<int:participant_id>/raters/submit/",
        cycles.nominations_submit,
        name="nominations_submit",
    ),
    path(
        "feedback/people/<int:participant_id>/raters/approve/",
        cycles.nominations_approve,
        name="nominations_approve",
    ),
    path("feedback/answer/<int:nomination_id>/", cycles.answer, name="answer"),
    path("feedback/reports/<int:participant_id>/", cycles.report, name="report"),
    path("feedback/reports/<int:participant_id>/goal/", cycles.report_goal, name="report_goal"),
    path("feedback/reports/<int:participant_id>/share/", cycles.report_share, name="report_share"),
    # Feedback between members, praise and the growth timeline (views/peer.py)
    path("me/feedback/", peer.mine, name="peer_mine"),
    path("me/feedback/<int:feedback_id>/", peer.detail, name="peer_detail"),
    path("me/feedback/<int:feedback_id>/decline/", peer.decline, name="peer_decline"),
    path("me/feedback/<int:feedback_id>/share/", peer.share, name="peer_share"),
    path("me/feedback/<int:feedback_id>/goal/", peer.goal, name="peer_goal"),
    path("c/<slug:slug>/feedback/ask/", peer.ask, name="ask"),
    path("c/<slug:slug>/feedback/give/", peer.give, name="give"),
    path("c/<slug:slug>/feedback/requests-settings/", peer.peer_settings, name="peer_settings"),
    path("c/<slug:slug>/praise/", peer.praise, name="praise_list"),
    path("me/growth/", peer.my_growth, name="growth"),
    path("me/growth/<int:viewer_id>/unshare/", peer.growth_unshare, name="growth_unshare"),
    path("people/<int:user_id>/growth/", peer.growth_of, name="growth_of"),
]
