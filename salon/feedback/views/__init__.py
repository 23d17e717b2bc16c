"""Feedback pages, one module per subdomain: 360° cycles (cycles.py); feedback between
members, praise and the growth timeline (peer.py)."""
