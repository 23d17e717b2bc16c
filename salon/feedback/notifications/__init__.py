"""What feedback tells people, one module per subdomain: 360° cycles (cycles.py),
feedback between members and praise (peer.py). NotificationsConfig imports this package at
start-up, which registers every kind."""

from salon.feedback.notifications import cycles, peer  # noqa: F401
