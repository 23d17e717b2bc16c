"""Every write to feedback, one module per subdomain: 360° cycles (cycles.py), feedback
between members and growth sharing (peer.py), praise (praise.py)."""
