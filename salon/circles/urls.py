from django.urls import path

from salon.circles import views

app_name = "circles"
urlpatterns = [
    path("c/<slug:slug>/circles/<slug:circle_slug>/health/", views.health, name="health"),
    path("c/<slug:slug>/circles/<slug:circle_slug>/health/nudge/", views.nudge, name="nudge"),
    path("events/<int:event_id>/notes/", views.event_notes, name="event_notes"),
    path(
        "programme-items/<int:item_id>/circles/<int:circle_id>/notes/",
        views.item_notes,
        name="item_notes",
    ),
    path("meeting-actions/<int:action_id>/toggle/", views.action_toggle, name="action_toggle"),
]
