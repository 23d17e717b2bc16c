from django.urls import path

from salon.events import followup_views, planner_views, views

app_name = "events"
urlpatterns = [
    path("events/", views.agenda, name="agenda"),
    path("events/month/", views.month, name="month"),
    path("events/<int:event_id>/", views.detail, name="detail"),
    path("events/<int:event_id>/rsvp/", views.rsvp, name="rsvp"),
    path("events/<int:event_id>/edit/", views.edit, name="edit"),
    path("events/<int:event_id>/attendance/", views.attendance, name="attendance"),
    path("events/<int:event_id>/files/", views.add_file, name="add_file"),
    path(
        "events/<int:event_id>/files/<int:file_id>/remove/", views.remove_file, name="remove_file"
    ),
    path("events/<int:event_id>/cancel/", views.cancel, name="cancel"),
    path("events/<int:event_id>/check-in/", views.check_in, name="check_in"),
    path("events/<int:event_id>/feedback/", views.feedback, name="feedback"),
    path("events/<int:event_id>/follow-up/", followup_views.follow_up, name="follow_up"),
    path("events/<int:event_id>/calendar.ics", views.ics, name="ics"),
    path("c/<slug:slug>/events/new/", views.create, name="create"),
    path("c/<slug:slug>/events/find-a-time/", planner_views.find_a_time, name="find_a_time"),
    path(
        "c/<slug:slug>/events/find-a-time/plan/", planner_views.plan_proposal, name="plan_proposal"
    ),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("settings/calendar/", views.feed_settings, name="feed_settings"),
]
