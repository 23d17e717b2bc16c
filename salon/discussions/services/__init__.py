"""Every write to forums, one module per subdomain: topics (and their moderation),
posts (replies, edits, deletes, reactions), reading positions and subscriptions.
Categories are in ``categories.py``, flags in ``moderation.py``."""
