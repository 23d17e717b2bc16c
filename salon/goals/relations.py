"""Who stands in a mentoring relation to whom, from the mentoring app's active
mentorships.

Goals shared "with my mentor" are visible to the owner's mentors in that community: the
mentors of an active mentorship in one of its programmes. Both functions are one indexed
query: the permission policy asks ``mentors_of`` for every goal it checks, and lists ask
``mentees_of`` once per page.
"""

from __future__ import annotations

from typing import Any


def _pk(obj: Any) -> int:
    return obj if isinstance(obj, int) else obj.pk


def mentors_of(user: Any, community: Any) -> set[int]:
    """The ids of ``user``'s mentors in ``community`` (a user or id, a community or id)."""
    from salon.mentoring.models import Mentorship, MentorshipStatus

    return set(
        Mentorship.objects.filter(
            mentee_id=_pk(user),
            programme__community_id=_pk(community),
            status=MentorshipStatus.ACTIVE,
        ).values_list("mentor_id", flat=True)
    )


def mentees_of(user: Any, community: Any) -> set[int]:
    """The ids of the people ``user`` mentors in ``community``: the inverse of
    ``mentors_of``, for lists built in SQL."""
    from salon.mentoring.models import Mentorship, MentorshipStatus

    return set(
        Mentorship.objects.filter(
            mentor_id=_pk(user),
            programme__community_id=_pk(community),
            status=MentorshipStatus.ACTIVE,
        ).values_list("mentee_id", flat=True)
    )
