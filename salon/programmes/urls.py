from django.urls import path

from salon.programmes import views

app_name = "programmes"
urlpatterns = [
    path("c/<slug:slug>/programmes/", views.programme_list, name="list"),
    path("c/<slug:slug>/programmes/new/", views.create, name="create"),
    path("programmes/<int:programme_id>/", views.detail, name="detail"),
    path("programmes/<int:programme_id>/edit/", views.edit, name="edit"),
    path("programmes/<int:programme_id>/modules/", views.add_module, name="add_module"),
    path("programmes/<int:programme_id>/copy/", views.copy, name="copy"),
    path("programmes/<int:programme_id>/timeline/", views.timeline, name="timeline"),
    path("programme-modules/<int:module_id>/", views.module, name="module"),
    path("programme-modules/<int:module_id>/items/", views.add_item, name="add_item"),
    path("programme-items/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path("programme-items/<int:item_id>/remove/", views.item_remove, name="item_remove"),
    path("programme-items/<int:item_id>/done/", views.item_done, name="item_done"),
    path("programme-items/<int:item_id>/undo/", views.item_undo, name="item_undo"),
    path("programme-items/<int:item_id>/plan-event/", views.plan_session, name="plan_session"),
    path("peer-reviews/<int:review_id>/", views.review, name="review"),
    path("programmes/<int:programme_id>/reviews/", views.review_report, name="reviews"),
]
