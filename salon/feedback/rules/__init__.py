"""Feedback rules of the permission policy, one module per subdomain: 360° cycles
(cycles.py), feedback between members, praise and growth (peer.py). Both are imported at
start-up (apps.py)."""
