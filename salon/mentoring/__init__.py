"""Peer-to-peer mentoring: programmes, enrolment, the matching engine (matching.py),
review and acceptance, and the mentoring relationship (docs/mentoring.md)."""
