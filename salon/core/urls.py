from django.urls import path

from salon.core import views

app_name = "core"
urlpatterns = [
    path("", views.index, name="index"),
    path("home/", views.dashboard, name="dashboard"),
]
