"""People in search: one document per membership, found by whoever may see that
community's directory (audience "members", the ``community.view_members`` rule).

A person in two of your communities is found twice, once in each, as in each directory.
Profile edits update every one of their documents; a deactivated person is not found.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from salon.accounts.models import User
from salon.communities.models import Membership
from salon.core import search

# The profile fields a person's document is made of: saves that touch none are skipped.
PROFILE_FIELDS = frozenset(
    {
        "name",
        "title",
        "organisation",
        "organisation_unit",
        "country",
        "industry",
        "bio",
        "interests",
        "is_active",
    }
)


def person_document(membership: Membership) -> search.Document | None:
    user = membership.user
    if not user.is_active:
        return None
    role = ", ".join(p for p in (user.title, user.organisation) if p)
    parts = (role, user.organisation_unit, user.country, user.industry, user.bio)
    interests = [str(i) for i in user.interests] if isinstance(user.interests, list) else []
    return search.Document(
        community_id=membership.community_id,
        title=user.display_name,
        body=" · ".join(part for part in parts if part),
        tags=interests,
        url=user.get_absolute_url(),
    )


def _memberships_of(user: User) -> list[Membership]:
    memberships = list(Membership.objects.filter(user=user))
    for membership in memberships:
        membership.user = user
    return memberships


search.register(
    search.Source(
        kind="person",
        label=_("Person"),
        model=Membership,
        audience="members",
        document=person_document,
        queryset=lambda: Membership.objects.select_related("user"),
        depends_on=(search.Dependency(User, _memberships_of, PROFILE_FIELDS),),
    )
)
