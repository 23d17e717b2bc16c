from django.urls import path

from salon.resources.views import library, paths

app_name = "resources"
urlpatterns = [
    path("c/<slug:slug>/library/", library.library, name="library"),
    path("c/<slug:slug>/library/new/", library.create, name="create"),
    path("c/<slug:slug>/library/suggestions/", library.suggestions, name="suggestions"),
    path(
        "c/<slug:slug>/library/for-you/hide/",
        library.hide_recommendation,
        name="hide_recommendation",
    ),
    path("resources/<int:resource_id>/", library.detail, name="detail"),
    path("resources/<int:resource_id>/edit/", library.edit, name="edit"),
    path("resources/<int:resource_id>/versions/", library.add_version, name="add_version"),
    path(
        "resources/<int:resource_id>/versions/<int:number>/preview/",
        library.preview,
        name="preview",
    ),
    path("resources/<int:resource_id>/mark/", library.mark, name="mark"),
    path("resources/<int:resource_id>/comments/", library.comment, name="comment"),
    path("resources/<int:resource_id>/review/", library.review, name="review"),
    path("c/<slug:slug>/paths/", paths.paths, name="paths"),
    path("c/<slug:slug>/paths/new/", paths.create, name="path_create"),
    path("paths/<int:path_id>/", paths.detail, name="path"),
    path("paths/<int:path_id>/edit/", paths.edit, name="path_edit"),
    path("paths/<int:path_id>/steps/", paths.add_step, name="path_add_step"),
    path("paths/<int:path_id>/status/", paths.set_status, name="path_status"),
    path("paths/<int:path_id>/follow/", paths.follow, name="path_follow"),
    path("paths/<int:path_id>/progress/", paths.progress, name="path_progress"),
    path("path-steps/<int:step_id>/done/", paths.step_done, name="step_done"),
    path("path-steps/<int:step_id>/remove/", paths.remove_step, name="step_remove"),
    path("path-steps/<int:step_id>/move/", paths.move_step, name="step_move"),
    path("path-steps/<int:step_id>/nudge/", paths.nudge, name="step_nudge"),
]
