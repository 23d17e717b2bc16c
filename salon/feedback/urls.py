from django.urls import path

from salon.feedback import views
from salon.feedback.peer_urls import urlpatterns as peer_urlpatterns

app_name = "feedback"
urlpatterns = [
    path("c/<slug:slug>/feedback/", views.cycles, name="cycles"),
    path("c/<slug:slug>/feedback/new/", views.cycle_new, name="cycle_new"),
    path("c/<slug:slug>/feedback/overview/", views.overview, name="overview"),
    path("feedback/cycles/<int:cycle_id>/", views.cycle, name="cycle"),
    path("feedback/cycles/<int:cycle_id>/close/", views.cycle_close, name="cycle_close"),
    path("feedback/people/<int:participant_id>/raters/", views.nominations, name="nominations"),
    path(
        "feedback/people/<int:participant_id>/raters/<int:nomination_id>/remove/",
        views.nomination_remove,
        name="nomination_remove",
    ),
    path(
        "feedback/people/<int:participant_id>/raters/submit/",
        views.nominations_submit,
        name="nominations_submit",
    ),
    path(
        "feedback/people/<int:participant_id>/raters/approve/",
        views.nominations_approve,
        name="nominations_approve",
    ),
    path("feedback/answer/<int:nomination_id>/", views.answer, name="answer"),
    path("feedback/reports/<int:participant_id>/", views.report, name="report"),
    path("feedback/reports/<int:participant_id>/goal/", views.report_goal, name="report_goal"),
    path("feedback/reports/<int:participant_id>/share/", views.report_share, name="report_share"),
]
urlpatterns += peer_urlpatterns
