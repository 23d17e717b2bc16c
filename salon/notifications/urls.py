from django.urls import path

from salon.notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.notification_list, name="inbox"),
    path("notifications/read-all/", views.notification_read_all, name="read_all"),
    path("notifications/<int:notification_id>/", views.notification_open, name="open"),
    path("notifications/<int:notification_id>/read/", views.notification_read, name="read"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("settings/notifications/", views.preferences, name="preferences"),
    path("demo/mail/", views.mail_list, name="mail_list"),
    path("demo/mail/<str:file>/<int:index>/", views.mail_detail, name="mail_detail"),
    path("demo/mail/<str:file>/<int:index>/html/", views.mail_html, name="mail_html"),
]
