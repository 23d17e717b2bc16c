from django.urls import path

from salon.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("c/<slug:slug>/webhooks/", views.endpoint_list, name="list"),
    path("c/<slug:slug>/webhooks/<int:endpoint_id>/", views.endpoint_detail, name="detail"),
    path("c/<slug:slug>/webhooks/<int:endpoint_id>/rotate/", views.secret_rotate, name="rotate"),
    path("c/<slug:slug>/webhooks/<int:endpoint_id>/switch/", views.endpoint_switch, name="switch"),
    path("c/<slug:slug>/webhooks/<int:endpoint_id>/delete/", views.endpoint_delete, name="delete"),
    path(
        "c/<slug:slug>/webhooks/<int:endpoint_id>/deliveries/<int:delivery_id>/resend/",
        views.redeliver,
        name="redeliver",
    ),
]
