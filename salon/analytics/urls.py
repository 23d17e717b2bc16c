from django.urls import path

from salon.analytics import views

app_name = "analytics"
urlpatterns = [
    path("c/<slug:slug>/outcomes/", views.dashboard, name="dashboard"),
    path("c/<slug:slug>/outcomes/export.csv", views.export, name="export"),
    path("c/<slug:slug>/outcomes/mine/", views.mine, name="mine"),
    path("c/<slug:slug>/outcomes/sponsors/", views.sponsor, name="sponsor"),
    path("c/<slug:slug>/outcomes/monthly-report/", views.monthly_report, name="monthly_report"),
    path("outcome-sponsors/<int:sponsor_id>/remove/", views.sponsor_revoke, name="sponsor_revoke"),
]
