from django.urls import path

from salon.communities.views import circles, communities, interest_groups, invitations, members
from salon.core import audit_views

app_name = "communities"
urlpatterns = [
    path("communities/", communities.community_list, name="list"),
    path("communities/new/", communities.community_create, name="create"),
    path("invitations/<str:token>/", invitations.invitation, name="invitation"),
    path("c/<slug:slug>/", communities.home, name="home"),
    path("c/<slug:slug>/edit/", communities.edit, name="edit"),
    path("c/<slug:slug>/signup/", invitations.signup, name="signup"),
    path("c/<slug:slug>/people/", communities.directory, name="directory"),
    path("c/<slug:slug>/members/", members.members, name="members"),
    path(
        "c/<slug:slug>/members/<int:membership_id>/role/", members.member_role, name="member_role"
    ),
    path(
        "c/<slug:slug>/members/<int:membership_id>/remove/",
        members.member_remove,
        name="member_remove",
    ),
    path("c/<slug:slug>/leave/", members.leave, name="leave"),
    path("c/<slug:slug>/invite/", invitations.invite, name="invite"),
    path("c/<slug:slug>/invite/csv/", invitations.invite_csv, name="invite_csv"),
    path(
        "c/<slug:slug>/invitations/<int:invitation_id>/revoke/",
        invitations.invitation_revoke,
        name="invitation_revoke",
    ),
    path("c/<slug:slug>/join/", members.join_request, name="join_request"),
    path(
        "c/<slug:slug>/join-requests/<int:request_id>/",
        members.join_request_decide,
        name="join_request_decide",
    ),
    path("c/<slug:slug>/circles/", circles.circles, name="circles"),
    path("c/<slug:slug>/circles/new/", circles.circle_create, name="circle_create"),
    path("c/<slug:slug>/circles/propose/", interest_groups.propose, name="interest_group_propose"),
    path("c/<slug:slug>/circles/<slug:circle_slug>/", circles.circle, name="circle"),
    path("c/<slug:slug>/circles/<slug:circle_slug>/join/", circles.circle_join, name="circle_join"),
    path(
        "c/<slug:slug>/circles/<slug:circle_slug>/approve/",
        interest_groups.approve,
        name="interest_group_approve",
    ),
    path(
        "c/<slug:slug>/circles/<slug:circle_slug>/decline/",
        interest_groups.decline,
        name="interest_group_decline",
    ),
    path(
        "c/<slug:slug>/circles/<slug:circle_slug>/leave/", circles.circle_leave, name="circle_leave"
    ),
    path(
        "c/<slug:slug>/circles/<slug:circle_slug>/manage/",
        circles.circle_manage,
        name="circle_manage",
    ),
    path(
        "c/<slug:slug>/circles/<slug:circle_slug>/manage/people/",
        circles.circle_candidates,
        name="circle_candidates",
    ),
    path(
        "c/<slug:slug>/circles/<slug:circle_slug>/manage/add/",
        circles.circle_members_add,
        name="circle_members_add",
    ),
    path(
        "c/<slug:slug>/circles/<slug:circle_slug>/manage/<int:user_id>/remove/",
        circles.circle_member_remove,
        name="circle_member_remove",
    ),
    path(
        "c/<slug:slug>/circles/<slug:circle_slug>/manage/<int:user_id>/lead/",
        circles.circle_lead,
        name="circle_lead",
    ),
    path(
        "c/<slug:slug>/circles/<slug:circle_slug>/manage/archive/",
        circles.circle_archive,
        name="circle_archive",
    ),
    path("c/<slug:slug>/audit/", audit_views.community_log, name="audit"),
    path("c/<slug:slug>/audit/export.csv", audit_views.community_log_csv, name="audit_csv"),
]
