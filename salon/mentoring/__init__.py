"""Peer-to-peer mentoring. For now only the pure matching engine (matching.py); the
programmes, enrolment and review UI come later (issue #7)."""
