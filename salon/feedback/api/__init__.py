"""Feedback in the REST API: 360° cycles, nominations, answers and reports (api/cycles.py),
feedback between members and praise (api/peer.py). See docs/feedback.md, "API"."""

from ninja import Router

from salon.feedback.api.cycles import router as cycles_router
from salon.feedback.api.peer import router as peer_router

router = Router(tags=["feedback"])
router.add_router("", cycles_router)
router.add_router("", peer_router)
