"""Who stands in a mentoring relation to whom: the hook the mentoring feature (issue #7)
fills.

Goals shared "with my mentor" are visible to the owner's mentors in that community. Until
mentoring exists nobody is anyone's mentor, so such a goal is seen by its owner (and their
accountability partner) only. Both functions must stay cheap: the permission policy asks
``mentors_of`` for every goal it checks, and lists ask ``mentees_of`` once per page.
"""

from __future__ import annotations

from typing import Any


def mentors_of(user: Any, community: Any) -> set[int]:
    """The ids of ``user``'s mentors in ``community`` (a user or id, a community or id)."""
    return set()


def mentees_of(user: Any, community: Any) -> set[int]:
    """The ids of the people ``user`` mentors in ``community``: the inverse of
    ``mentors_of``, for lists built in SQL."""
    return set()
