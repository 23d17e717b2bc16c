"""Reads of feedback shared by the pages and the API, already filtered by what the viewer
may see; every figure of a report goes through ``salon.core.anonymity``."""

from __future__ import annotations
