from django.urls import path

from salon.accounts import language_views, views

app_name = "accounts"
urlpatterns = [
    path("people/me/", views.my_profile, name="me"),
    path("people/<int:user_id>/", views.profile, name="profile"),
    path("welcome/", views.welcome, name="welcome"),
    path("language/", language_views.language_choose, name="language"),
    path("settings/", views.settings_profile, name="settings"),
    path("settings/manager/", views.manager_options_view, name="manager_options"),
    path("settings/security/", views.settings_security, name="security"),
    path("settings/security/tokens/", views.token_create, name="token_create"),
    path(
        "settings/security/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"
    ),
    path("settings/privacy/", views.settings_privacy, name="privacy"),
    path("settings/privacy/export/", views.data_export, name="export"),
    path("settings/privacy/delete/", views.deletion_request, name="delete"),
    path("settings/blocked/", views.settings_blocked, name="blocked"),
    path("people/<int:user_id>/block/", views.block, name="block"),
    path("people/<int:user_id>/unblock/", views.unblock, name="unblock"),
]
