"""Every figure the outcome pages, the CSV and the API show, defined once, from ``Facts``.

A measure is a name, its definition in a director's words (shown on the page) and a
function of the facts, the counted people and a group. Groups are sets of people (a
region, a circle) or ``None`` for the whole community; who is counted, and in which unit,
is ``salon.core.anonymity``'s rule, so a figure about fewer than five people is ``None``
("too few people to show") and no difference of figures reveals anyone.
"""

from salon.analytics.measures.benefits import BENEFITS
from salon.analytics.measures.common import (
    Group,
    Measure,
    Number,
    Units,
    among,
    counted_units,
    people_in,
    share,
)
from salon.analytics.measures.engagement import ENGAGEMENT, open_goals, recent
from salon.analytics.measures.retention import Cohort, add_months, retention, weekly_trend
from salon.analytics.measures.ties import ei_by_region, network_shape

__all__ = [
    "BENEFITS",
    "ENGAGEMENT",
    "Cohort",
    "Group",
    "Measure",
    "Number",
    "Units",
    "add_months",
    "among",
    "counted_units",
    "ei_by_region",
    "network_shape",
    "open_goals",
    "people_in",
    "recent",
    "retention",
    "share",
    "weekly_trend",
]
