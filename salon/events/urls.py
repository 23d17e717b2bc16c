from django.urls import path

from salon.events import followup_views, planner_views, views
from salon.events.office_hours import views as office_hours

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
    # Expert time (office hours): salon/events/office_hours/.
    path("c/<slug:slug>/expert-time/", office_hours.expert_time, name="expert_time"),
    path("c/<slug:slug>/expert-time/my-hours/", office_hours.offer, name="office_hours_offer"),
    path("c/<slug:slug>/expert-time/my-hours/stop/", office_hours.stop, name="office_hours_stop"),
    path("c/<slug:slug>/expert-time/limits/", office_hours.rules, name="expert_time_rules"),
    path("expert-time/<int:office_hours_id>/", office_hours.expert, name="expert"),
    path("expert-time/slots/<int:slot_id>/book/", office_hours.book, name="book"),
    path("expert-time/sessions/", office_hours.bookings, name="bookings"),
    path("expert-time/sessions/<int:booking_id>/", office_hours.booking, name="booking"),
    path(
        "expert-time/sessions/<int:booking_id>/cancel/", office_hours.cancel, name="booking_cancel"
    ),
    path(
        "expert-time/sessions/<int:booking_id>/move/",
        office_hours.reschedule,
        name="booking_reschedule",
    ),
    path("expert-time/sessions/<int:booking_id>/rate/", office_hours.rate, name="booking_rate"),
    path("settings/calendar/", views.feed_settings, name="feed_settings"),
]
