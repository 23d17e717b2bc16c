"""Every write to communities, circles, memberships and invitations: one function a use
case, in a module by subdomain. Callers keep ``from salon.communities import services``
and ``services.circle_update(...)``: each is named here."""

from salon.communities.services.circles import (
    circle_add_member,
    circle_create,
    circle_join,
    circle_lead_set,
    circle_leave,
    circle_member_remove,
    circle_members_add,
    circle_update,
)
from salon.communities.services.communities import community_create, community_update
from salon.communities.services.invitations import (
    MAX_CSV_BYTES,
    MAX_CSV_ROWS,
    CsvFileError,
    CsvInviteResult,
    CsvRowError,
    InvitationError,
    invitation_accept,
    invitation_create,
    invitation_revoke,
    invitations_from_csv,
)
from salon.communities.services.memberships import (
    join_request_create,
    join_request_decide,
    membership_change_role,
    membership_join_open,
    membership_remove,
)

__all__ = [
    "MAX_CSV_BYTES",
    "MAX_CSV_ROWS",
    "CsvFileError",
    "CsvInviteResult",
    "CsvRowError",
    "InvitationError",
    "circle_add_member",
    "circle_create",
    "circle_join",
    "circle_lead_set",
    "circle_leave",
    "circle_member_remove",
    "circle_members_add",
    "circle_update",
    "community_create",
    "community_update",
    "invitation_accept",
    "invitation_create",
    "invitation_revoke",
    "invitations_from_csv",
    "join_request_create",
    "join_request_decide",
    "membership_change_role",
    "membership_join_open",
    "membership_remove",
]
