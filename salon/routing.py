"""WebSocket routes; each feature app appends its consumers here."""

from django.urls import URLPattern, path

from salon.discussions.consumers import TopicConsumer
from salon.innovation.consumers import BoardConsumer
from salon.network.consumers import ConversationConsumer
from salon.notifications.consumers import NotificationConsumer

websocket_urlpatterns: list[URLPattern] = []
websocket_urlpatterns.append(path("ws/notifications/", NotificationConsumer.as_asgi()))
websocket_urlpatterns.append(path("ws/topics/<int:topic_id>/", TopicConsumer.as_asgi()))
websocket_urlpatterns.append(path("ws/boards/<int:board_id>/", BoardConsumer.as_asgi()))
websocket_urlpatterns.append(
    path("ws/conversations/<int:conversation_id>/", ConversationConsumer.as_asgi())
)
