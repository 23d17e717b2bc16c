"""Mentoring writes, one module per subdomain: programmes and enrolment, matching runs
and answers, mentorships (docs/mentoring.md)."""
