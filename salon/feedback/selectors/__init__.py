"""Every read of feedback, already filtered by what the reader may see, one module per
subdomain: 360° cycles and their reports (cycles.py), feedback between members and praise
(peer.py)."""
