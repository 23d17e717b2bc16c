from django.urls import path, re_path

from salon.scim import views

app_name = "scim"
urlpatterns = [
    re_path(r"^scim/v2/?$", views.endpoint, name="root"),
    path("scim/v2/<path:path>", views.endpoint, name="endpoint"),
    path("organisation/provisioning/", views.provisioning, name="provisioning"),
    path("organisation/provisioning/tokens/", views.token_create, name="token_create"),
    path(
        "organisation/provisioning/tokens/<int:token_id>/revoke/",
        views.token_revoke,
        name="token_revoke",
    ),
    path("organisation/provisioning/groups/<int:group_id>/", views.group_link, name="group_link"),
]
