from django.urls import URLPattern

from salon.feedback.peer_urls import urlpatterns as peer_urlpatterns

app_name = "feedback"
urlpatterns: list[URLPattern] = []
urlpatterns += peer_urlpatterns
