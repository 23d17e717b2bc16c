"""Cohort programmes in the API, by subdomain: programmes (``programmes.py``), their
curriculum (``curriculum.py``), the member's week (``week.py``) and peer review of
assignments (``reviews.py``). Named apart from mentoring's ``/programmes``, which pair
people."""

from ninja import Router

from salon.programmes.api import curriculum, programmes, reviews, week

router = Router()
router.add_router("", programmes.router)
router.add_router("", curriculum.router)
router.add_router("", week.router)
router.add_router("", reviews.router)
