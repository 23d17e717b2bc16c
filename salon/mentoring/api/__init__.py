"""The mentoring API: programmes and enrolment (api/programmes.py), matching runs, staged
matches and answers (api/matching.py), mentorships and sessions (api/mentorships.py).
See docs/api.md."""

from ninja import Router

from salon.mentoring.api.matching import router as matching_router
from salon.mentoring.api.mentorships import router as mentorships_router
from salon.mentoring.api.programmes import router as programmes_router

router = Router(tags=["mentoring"])
router.add_router("", programmes_router)
router.add_router("", matching_router)
router.add_router("", mentorships_router)
