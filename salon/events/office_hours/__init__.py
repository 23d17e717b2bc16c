"""Expert time: bookable one-to-one office hours (docs/office-hours.md).

A subdomain of events, in its own package: it shares events' calendar files, personal
feed, reminder scheduler and time-zone rules, but is big enough to keep its own layers
(models, slots, services, selectors, views, api, tasks). Its doors stay in events'
``access.py`` and its rules in events' ``rules.py``.
"""
