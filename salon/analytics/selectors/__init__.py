"""Reads of the outcome pages and the API: the facts of one community over one period, in a
fixed number of queries whatever its size, and the figures made from them (measures.py)
with every group too small to show already withheld."""

from salon.analytics.selectors.facts import (
    DEFAULT_PERIOD,
    PERIODS,
    RETENTION_MONTHS,
    facts_for,
    period_ending,
)
from salon.analytics.selectors.mine import Mine, growth_for, mine_for
from salon.analytics.selectors.outcomes import (
    BENEFIT_TITLES,
    ENGAGEMENT_TITLES,
    GroupRow,
    Outcomes,
    Table,
    outcomes_computed,
    outcomes_dumped,
    outcomes_for,
    outcomes_from,
    outcomes_loaded,
)
from salon.analytics.selectors.sponsors import gets_monthly_report, sponsors_of

__all__ = [
    "BENEFIT_TITLES",
    "DEFAULT_PERIOD",
    "ENGAGEMENT_TITLES",
    "PERIODS",
    "RETENTION_MONTHS",
    "GroupRow",
    "Mine",
    "Outcomes",
    "Table",
    "facts_for",
    "gets_monthly_report",
    "growth_for",
    "mine_for",
    "outcomes_computed",
    "outcomes_dumped",
    "outcomes_for",
    "outcomes_from",
    "outcomes_loaded",
    "period_ending",
    "sponsors_of",
]
