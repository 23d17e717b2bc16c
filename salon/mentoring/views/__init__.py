"""Mentoring pages, one module per subdomain: programmes, matching, mentorships."""
