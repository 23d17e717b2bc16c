"""WebSocket routes; each feature app appends its consumers here."""

from django.urls import URLPattern

websocket_urlpatterns: list[URLPattern] = []
