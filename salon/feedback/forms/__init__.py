"""Feedback forms: 360° cycles (cycles.py), feedback between members and praise (peer.py)."""
