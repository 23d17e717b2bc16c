from django.urls import path

from salon.sso import views

app_name = "sso"
urlpatterns = [
    path("organisation/sign-in/", views.sign_in_settings, name="settings"),
    path("organisation/sign-in/rules/", views.policy, name="policy"),
    path("organisation/sign-in/providers/new/", views.provider_create, name="provider_create"),
    path("organisation/sign-in/providers/<int:provider_id>/", views.provider_edit, name="provider"),
    path(
        "organisation/sign-in/providers/<int:provider_id>/delete/",
        views.provider_delete,
        name="provider_delete",
    ),
]
