"""Outcomes are computed from the other apps' records (see selectors.py); analytics keeps
no table of its own yet."""
