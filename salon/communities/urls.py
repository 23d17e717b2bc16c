from django.urls import path

from salon.communities import views
from salon.core import audit_views

app_name = "communities"
urlpatterns = [
    path("communities/", views.community_list, name="list"),
    path("communities/new/", views.community_create, name="create"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("c/<slug:slug>/", views.home, name="home"),
    path("c/<slug:slug>/edit/", views.edit, name="edit"),
    path("c/<slug:slug>/signup/", views.signup, name="signup"),
    path("c/<slug:slug>/people/", views.directory, name="directory"),
    path("c/<slug:slug>/members/", views.members, name="members"),
    path("c/<slug:slug>/members/<int:membership_id>/role/", views.member_role, name="member_role"),
    path(
        "c/<slug:slug>/members/<int:membership_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("c/<slug:slug>/leave/", views.leave, name="leave"),
    path("c/<slug:slug>/invite/", views.invite, name="invite"),
    path("c/<slug:slug>/invite/csv/", views.invite_csv, name="invite_csv"),
    path(
        "c/<slug:slug>/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("c/<slug:slug>/join/", views.join_request, name="join_request"),
    path(
        "c/<slug:slug>/join-requests/<int:request_id>/",
        views.join_request_decide,
        name="join_request_decide",
    ),
    path("c/<slug:slug>/circles/", views.circles, name="circles"),
    path("c/<slug:slug>/circles/new/", views.circle_create, name="circle_create"),
    path("c/<slug:slug>/circles/<slug:circle_slug>/", views.circle, name="circle"),
    path("c/<slug:slug>/circles/<slug:circle_slug>/join/", views.circle_join, name="circle_join"),
    path(
        "c/<slug:slug>/circles/<slug:circle_slug>/leave/", views.circle_leave, name="circle_leave"
    ),
    path(
        "c/<slug:slug>/circles/<slug:circle_slug>/manage/",
        views.circle_manage,
        name="circle_manage",
    ),
    path(
        "c/<slug:slug>/circles/<slug:circle_slug>/manage/people/",
        views.circle_candidates,
        name="circle_candidates",
    ),
    path(
        "c/<slug:slug>/circles/<slug:circle_slug>/manage/add/",
        views.circle_members_add,
        name="circle_members_add",
    ),
    path(
        "c/<slug:slug>/circles/<slug:circle_slug>/manage/<int:user_id>/remove/",
        views.circle_member_remove,
        name="circle_member_remove",
    ),
    path(
        "c/<slug:slug>/circles/<slug:circle_slug>/manage/<int:user_id>/lead/",
        views.circle_lead,
        name="circle_lead",
    ),
    path(
        "c/<slug:slug>/circles/<slug:circle_slug>/manage/archive/",
        views.circle_archive,
        name="circle_archive",
    ),
    path("c/<slug:slug>/audit/", audit_views.community_log, name="audit"),
    path("c/<slug:slug>/audit/export.csv", audit_views.community_log_csv, name="audit_csv"),
]
