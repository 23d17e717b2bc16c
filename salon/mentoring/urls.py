from django.urls import path

from salon.mentoring import match_views, mentorship_views, programme_views

app_name = "mentoring"
urlpatterns = [
    # Programmes and enrolment (programme_views.py)
    path("c/<slug:slug>/mentoring/", programme_views.programmes, name="programmes"),
    path("c/<slug:slug>/mentoring/new/", programme_views.create, name="programme_create"),
    path("c/<slug:slug>/mentoring/<int:programme_id>/", programme_views.detail, name="programme"),
    path(
        "c/<slug:slug>/mentoring/<int:programme_id>/edit/",
        programme_views.edit,
        name="programme_edit",
    ),
    path(
        "c/<slug:slug>/mentoring/<int:programme_id>/status/",
        programme_views.set_status,
        name="programme_status",
    ),
    path(
        "c/<slug:slug>/mentoring/<int:programme_id>/enrol/",
        programme_views.enrol,
        name="enrol",
    ),
    path(
        "c/<slug:slug>/mentoring/<int:programme_id>/withdraw/",
        programme_views.withdraw,
        name="withdraw",
    ),
    # Matching, review, answers and mentee choice (match_views.py)
    path("c/<slug:slug>/mentoring/<int:programme_id>/review/", match_views.review, name="review"),
    path("c/<slug:slug>/mentoring/<int:programme_id>/run/", match_views.run_matching, name="run"),
    path(
        "c/<slug:slug>/mentoring/<int:programme_id>/publish/",
        match_views.publish,
        name="publish",
    ),
    path(
        "c/<slug:slug>/mentoring/<int:programme_id>/suggestions/",
        match_views.suggestions,
        name="suggestions",
    ),
    path("mentoring/matches/<int:match_id>/", match_views.match_detail, name="match"),
    path("mentoring/matches/<int:match_id>/pin/", match_views.pin, name="match_pin"),
    path("mentoring/matches/<int:match_id>/forbid/", match_views.forbid, name="match_forbid"),
    path("mentoring/matches/<int:match_id>/swap/", match_views.swap, name="match_swap"),
    path(
        "mentoring/forbidden/<int:forbidden_id>/allow/",
        match_views.allow_again,
        name="allow_again",
    ),
    path("mentoring/matches/<int:match_id>/answer/", match_views.answer, name="match_answer"),
    # My mentoring and the relationship's shared space (mentorship_views.py)
    path("mentoring/", mentorship_views.mine, name="mine"),
    path("mentoring/<int:mentorship_id>/", mentorship_views.detail, name="mentorship"),
    path(
        "mentoring/<int:mentorship_id>/agreement/",
        mentorship_views.agreement,
        name="agreement",
    ),
    path(
        "mentoring/<int:mentorship_id>/sessions/new/",
        mentorship_views.session_create,
        name="session_create",
    ),
    path(
        "mentoring/<int:mentorship_id>/sessions/<int:session_id>/edit/",
        mentorship_views.session_edit,
        name="session_edit",
    ),
    path(
        "mentoring/<int:mentorship_id>/actions/new/",
        mentorship_views.action_create,
        name="action_create",
    ),
    path(
        "mentoring/<int:mentorship_id>/actions/<int:action_id>/toggle/",
        mentorship_views.action_toggle,
        name="action_toggle",
    ),
    path(
        "mentoring/<int:mentorship_id>/check-in/<str:stage>/",
        mentorship_views.check_in,
        name="check_in",
    ),
    path("mentoring/<int:mentorship_id>/end/", mentorship_views.end, name="end"),
]
