"""The communities API, by subdomain: communities, members and circles
(``communities.py``), and the interest groups members start (``interest_groups.py``)."""

from salon.communities.api.communities import router

__all__ = ["router"]
