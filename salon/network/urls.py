from django.urls import path

from salon.network.views import connections, conversations, culture, maps, moderation, roulette

app_name = "network"
urlpatterns = [
    path("network/", connections.mine, name="mine"),
    path("network/suggestions/", connections.suggestions_setting, name="suggestions_setting"),
    path("people/<int:user_id>/connect/", connections.connect, name="connect"),
    path(
        "network/requests/<int:request_id>/answer/",
        connections.answer_request,
        name="answer_request",
    ),
    path(
        "network/requests/<int:request_id>/withdraw/",
        connections.withdraw_request,
        name="withdraw_request",
    ),
    path(
        "network/connections/<int:user_id>/remove/",
        connections.remove_connection,
        name="remove_connection",
    ),
    path("c/<slug:slug>/introduce/", connections.introduce, name="introduce"),
    path(
        "introductions/<int:introduction_id>/answer/",
        connections.answer_introduction,
        name="answer_introduction",
    ),
    path("messages/", conversations.inbox, name="inbox"),
    path("messages/unread/", conversations.unread, name="unread"),
    path("messages/new/", conversations.start, name="start"),
    path("messages/<int:conversation_id>/", conversations.conversation, name="conversation"),
    path("messages/<int:conversation_id>/send/", conversations.send, name="send"),
    path("messages/<int:conversation_id>/report/", conversations.report, name="report"),
    path("settings/working-with-me/", culture.working_style, name="working_style"),
    path("c/<slug:slug>/country-notes/", culture.country_notes, name="country_notes"),
    path(
        "country-notes/<int:note_id>/delete/",
        culture.country_note_remove,
        name="country_note_remove",
    ),
    path("c/<slug:slug>/network/", maps.community_map, name="community_map"),
    path("c/<slug:slug>/coffee/", roulette.coffee, name="coffee"),
    path("c/<slug:slug>/coffee/join/", roulette.coffee_join, name="coffee_join"),
    path("coffee-pairs/<int:pair_id>/answer/", roulette.coffee_answer, name="coffee_answer"),
    path("c/<slug:slug>/messaging/", moderation.messaging_settings, name="settings"),
    path("c/<slug:slug>/message-reports/", moderation.reports, name="reports"),
    path(
        "message-reports/<int:report_id>/resolve/",
        moderation.resolve_report,
        name="resolve_report",
    ),
]
