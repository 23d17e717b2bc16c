from django.urls import path

from salon.goals.views import competencies, goals, objectives

app_name = "goals"
urlpatterns = [
    path("goals/", goals.mine, name="mine"),
    path("goals/new/", goals.choose_community, name="choose_community"),
    path("goals/<int:goal_id>/", goals.detail, name="detail"),
    path("goals/<int:goal_id>/edit/", goals.edit, name="edit"),
    path("goals/<int:goal_id>/check-in/", goals.check_in, name="check_in"),
    path("goals/<int:goal_id>/status/", goals.set_status, name="status"),
    path("goals/<int:goal_id>/encourage/", goals.encourage, name="encourage"),
    path("goals/<int:goal_id>/milestones/", goals.milestone_add, name="milestone_add"),
    path(
        "goals/<int:goal_id>/milestones/<int:milestone_id>/toggle/",
        goals.milestone_toggle,
        name="milestone_toggle",
    ),
    path(
        "goals/<int:goal_id>/milestones/<int:milestone_id>/remove/",
        goals.milestone_remove,
        name="milestone_remove",
    ),
    path("c/<slug:slug>/goals/new/", goals.create, name="create"),
    path("c/<slug:slug>/goals/overview/", objectives.overview, name="overview"),
    path("c/<slug:slug>/circles/<slug:circle_slug>/goals/", goals.board, name="board"),
    path("c/<slug:slug>/objectives/", objectives.objectives, name="objectives"),
    path("c/<slug:slug>/objectives/card/", objectives.objectives_card, name="objectives_card"),
    path("c/<slug:slug>/objectives/new/", objectives.objective_create, name="objective_create"),
    path("objectives/<int:objective_id>/edit/", objectives.objective_edit, name="objective_edit"),
    path(
        "objectives/<int:objective_id>/archive/",
        objectives.objective_archive,
        name="objective_archive",
    ),
    path(
        "objectives/<int:objective_id>/key-results/",
        objectives.key_result_add,
        name="key_result_add",
    ),
    path(
        "key-results/<int:key_result_id>/update/",
        objectives.key_result_update,
        name="key_result_update",
    ),
    path(
        "key-results/<int:key_result_id>/edit/",
        objectives.key_result_edit,
        name="key_result_edit",
    ),
    path("c/<slug:slug>/competencies/", competencies.competencies, name="competencies"),
    path(
        "c/<slug:slug>/competencies/defaults/",
        competencies.competency_defaults,
        name="competency_defaults",
    ),
    path(
        "c/<slug:slug>/competencies/<int:competency_id>/",
        competencies.competency_edit,
        name="competency_edit",
    ),
    path(
        "c/<slug:slug>/competencies/<int:competency_id>/retire/",
        competencies.competency_retire,
        name="competency_retire",
    ),
]
