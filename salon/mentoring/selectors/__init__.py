"""Mentoring reads shared by pages and the API, one module per subdomain."""
