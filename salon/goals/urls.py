from django.urls import path

from salon.goals import objective_views, views

app_name = "goals"
urlpatterns = [
    path("goals/", views.mine, name="mine"),
    path("goals/new/", views.choose_community, name="choose_community"),
    path("goals/<int:goal_id>/", views.detail, name="detail"),
    path("goals/<int:goal_id>/edit/", views.edit, name="edit"),
    path("goals/<int:goal_id>/check-in/", views.check_in, name="check_in"),
    path("goals/<int:goal_id>/status/", views.set_status, name="status"),
    path("goals/<int:goal_id>/encourage/", views.encourage, name="encourage"),
    path("goals/<int:goal_id>/milestones/", views.milestone_add, name="milestone_add"),
    path(
        "goals/<int:goal_id>/milestones/<int:milestone_id>/toggle/",
        views.milestone_toggle,
        name="milestone_toggle",
    ),
    path(
        "goals/<int:goal_id>/milestones/<int:milestone_id>/remove/",
        views.milestone_remove,
        name="milestone_remove",
    ),
    path("c/<slug:slug>/goals/new/", views.create, name="create"),
    path("c/<slug:slug>/goals/overview/", objective_views.overview, name="overview"),
    path("c/<slug:slug>/circles/<slug:circle_slug>/goals/", views.board, name="board"),
    path("c/<slug:slug>/objectives/", objective_views.objectives, name="objectives"),
    path("c/<slug:slug>/objectives/card/", objective_views.objectives_card, name="objectives_card"),
    path(
        "c/<slug:slug>/objectives/new/", objective_views.objective_create, name="objective_create"
    ),
    path(
        "objectives/<int:objective_id>/edit/", objective_views.objective_edit, name="objective_edit"
    ),
    path(
        "objectives/<int:objective_id>/archive/",
        objective_views.objective_archive,
        name="objective_archive",
    ),
    path(
        "objectives/<int:objective_id>/key-results/",
        objective_views.key_result_add,
        name="key_result_add",
    ),
    path(
        "key-results/<int:key_result_id>/update/",
        objective_views.key_result_update,
        name="key_result_update",
    ),
    path(
        "key-results/<int:key_result_id>/edit/",
        objective_views.key_result_edit,
        name="key_result_edit",
    ),
    path("c/<slug:slug>/competencies/", objective_views.competencies, name="competencies"),
    path(
        "c/<slug:slug>/competencies/defaults/",
        objective_views.competency_defaults,
        name="competency_defaults",
    ),
    path(
        "c/<slug:slug>/competencies/<int:competency_id>/",
        objective_views.competency_edit,
        name="competency_edit",
    ),
    path(
        "c/<slug:slug>/competencies/<int:competency_id>/retire/",
        objective_views.competency_retire,
        name="competency_retire",
    ),
]
