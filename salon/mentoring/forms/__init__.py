"""Mentoring forms: programmes and enrolment, the pair's shared space."""
