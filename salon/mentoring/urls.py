from django.urls import path

from salon.mentoring.views import matching, mentorships, programmes

app_name = "mentoring"
urlpatterns = [
    # Programmes and enrolment (views/programmes.py)
    path("c/<slug:slug>/mentoring/", programmes.programmes, name="programmes"),
    path("c/<slug:slug>/mentoring/new/", programmes.create, name="programme_create"),
    path("c/<slug:slug>/mentoring/<int:programme_id>/", programmes.detail, name="programme"),
    path(
        "c/<slug:slug>/mentoring/<int:programme_id>/edit/",
        programmes.edit,
        name="programme_edit",
    ),
    path(
        "c/<slug:slug>/mentoring/<int:programme_id>/status/",
        programmes.set_status,
        name="programme_status",
    ),
    path(
        "c/<slug:slug>/mentoring/<int:programme_id>/enrol/",
        programmes.enrol,
        name="enrol",
    ),
    path(
        "c/<slug:slug>/mentoring/<int:programme_id>/withdraw/",
        programmes.withdraw,
        name="withdraw",
    ),
    # Matching, review, answers and mentee choice (views/matching.py)
    path("c/<slug:slug>/mentoring/<int:programme_id>/review/", matching.review, name="review"),
    path("c/<slug:slug>/mentoring/<int:programme_id>/run/", matching.run_matching, name="run"),
    path(
        "c/<slug:slug>/mentoring/<int:programme_id>/publish/",
        matching.publish,
        name="publish",
    ),
    path(
        "c/<slug:slug>/mentoring/<int:programme_id>/suggestions/",
        matching.suggestions,
        name="suggestions",
    ),
    path("mentoring/matches/<int:match_id>/", matching.match_detail, name="match"),
    path("mentoring/matches/<int:match_id>/pin/", matching.pin, name="match_pin"),
    path("mentoring/matches/<int:match_id>/forbid/", matching.forbid, name="match_forbid"),
    path("mentoring/matches/<int:match_id>/swap/", matching.swap, name="match_swap"),
    path(
        "mentoring/forbidden/<int:forbidden_id>/allow/",
        matching.allow_again,
        name="allow_again",
    ),
    path("mentoring/matches/<int:match_id>/answer/", matching.answer, name="match_answer"),
    # My mentoring and the relationship's shared space (views/mentorships.py)
    path("mentoring/", mentorships.mine, name="mine"),
    path("mentoring/<int:mentorship_id>/", mentorships.detail, name="mentorship"),
    path(
        "mentoring/<int:mentorship_id>/agreement/",
        mentorships.agreement,
        name="agreement",
    ),
    path(
        "mentoring/<int:mentorship_id>/sessions/new/",
        mentorships.session_create,
        name="session_create",
    ),
    path(
        "mentoring/<int:mentorship_id>/sessions/<int:session_id>/edit/",
        mentorships.session_edit,
        name="session_edit",
    ),
    path(
        "mentoring/<int:mentorship_id>/actions/new/",
        mentorships.action_create,
        name="action_create",
    ),
    path(
        "mentoring/<int:mentorship_id>/actions/<int:action_id>/toggle/",
        mentorships.action_toggle,
        name="action_toggle",
    ),
    path(
        "mentoring/<int:mentorship_id>/check-in/<str:stage>/",
        mentorships.check_in,
        name="check_in",
    ),
    path("mentoring/<int:mentorship_id>/end/", mentorships.end, name="end"),
]
