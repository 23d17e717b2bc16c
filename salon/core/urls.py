from django.urls import path

from salon.core import audit_views, media, views

app_name = "core"
urlpatterns = [
    path("", views.index, name="index"),
    path("home/", views.dashboard, name="dashboard"),
    path("search/", views.search, name="search"),
    path("audit/", audit_views.site_log, name="audit"),
    path("audit/export.csv", audit_views.site_log_csv, name="audit_csv"),
    path("files/<int:attachment_id>/<str:name>", media.attachment_file, name="file"),
]
