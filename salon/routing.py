"""WebSocket routes; each feature app appends its consumers here."""

from django.urls import URLPattern, path

from salon.notifications.consumers import NotificationConsumer

websocket_urlpatterns: list[URLPattern] = []
websocket_urlpatterns.append(path("ws/notifications/", NotificationConsumer.as_asgi()))
