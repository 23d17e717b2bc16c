from django.urls import path

from salon.circles import views

app_name = "circles"
urlpatterns = [
    path("c/<slug:slug>/circles/<slug:circle_slug>/health/", views.health, name="health"),
    path("c/<slug:slug>/circles/<slug:circle_slug>/health/nudge/", views.nudge, name="nudge"),
]
