"""The fair meeting planner: find times that are fair to people in every time zone.

This module is the pure algorithm. Plain data goes in (``Participant``), plain data comes
out (``SlotProposal``, ``SeriesProposal``); nothing here touches Django or the database.

How one time is judged for one person
-------------------------------------
A proposed time is a real instant (UTC). For each person it is turned into their own
local clock time with their time zone's rules for that date, so summer time is always
right: 09:00 in London is 08:00 UTC in July and 09:00 UTC in January. A meeting that
crosses a clock change is judged minute by minute on the clock as it really reads. Each
person then gets one of four statuses and an inconvenience cost in points:

* ``in_hours`` - the whole meeting is inside their working hours on one of their working
  days. 0 points.
* ``early_late`` - part of it is outside working hours, but on a working day and not at
  night (07:30, 19:00). 1 point, plus 1 per hour away from the working day: 08:00 to
  09:00 for someone who starts at 09:00 costs 2 points.
* ``asleep`` - part of it is at night (22:00-06:00 their time) or on a day off. 20
  points, plus 1 per hour deeper into the night (counted from its nearer end), so 03:00
  is worse than 22:30 or 05:00.
* ``unavailable`` - it overlaps a time they marked as unavailable. They cannot come.

A meeting is judged by its worst minute. Working days default to Monday-Friday (any set
works, e.g. Sunday-Thursday). Working hours may cross midnight (20:00-02:00): the shift
belongs to the day it starts on, and working hours count as in hours even at night.
All the numbers above are in ``Rules`` and can be changed.

Ranking single meetings (``plan_slots``)
----------------------------------------
Candidate times start within the date range on a grid, every 30 minutes by default (on
the hour and half hour UTC). They are ranked by these questions, in order; a later
question only separates times that tie on all the earlier ones:

1. Who cannot come? Fewest people unavailable.
2. Who would be asleep? Fewest people at night or on a day off.
3. Who is in working hours? The most people.
4. How bad is the worst case? The lowest cost for the most inconvenienced person.
5. How bad is it overall? The lowest total cost.
6. The earliest time.

Question 2 comes before 3 on purpose: a time that suits nine people perfectly but wakes
the tenth at 03:00 loses to one that asks three people to start at 08:00.

Every day of a quiet fortnight looks alike, so the best few times are often the same
hour on consecutive days. ``distinct=True`` (what the planner's page and API use) offers
choices instead: each time offered is the best one on another day and at another time
of day than every better one offered, as far as the range allows.

Planning a series (``plan_series``)
-----------------------------------
Sessions are at least ``min_gap`` apart. By default they are spread over the range: the
range divided by the number of sessions, in whole days once that is a day or more, so
sessions can keep their time of day. Each region keeps two tallies: sessions it took
asleep, and sessions it took out of hours (early/late or asleep). A session adds the share
of the region's members affected, so a session with half of "americas" asleep adds 0.5 to
americas. Sessions are chosen one at a time. Of the times that keep the spacing and still
leave room for the remaining sessions, the planner takes the one:

1. with the fewest people unavailable;
2. that, counting this session and the ones still to place, allows the most sessions at
   good times (no more people asleep or unavailable than at the median candidate time),
   so the series does not paint itself into a corner and end on a Saturday night;
3. that keeps the asleep tallies lowest - first the most burdened region's, then the next
   region's, and so on - so a night call goes to a region that has had fewer of them;
4. with the fewest people asleep;
5. that keeps the out-of-hours tallies lowest, in the same way;
6. that ranks best as a single meeting (questions 3 to 6 above).

So nobody is woken if the series can avoid it, and when somebody must be, the night
rotates between regions; when nobody need be woken, early starts and late evenings rotate.
Nobody is woken only to spare another region an early start. Fairness is between regions,
not head counts: a small region counts as much as a large one. When sessions are packed
tightly into the range, the spacing (rule 2) can stop the rotation: all sessions may then
sit at the same good time of day, which the reported tallies show.

What is guaranteed: if each region's members share one time zone and working pattern,
and at every point of the range each region has a time at which it alone is asleep, and
the range leaves room to spare (say twice the sessions times the gap), the regions'
asleep tallies end at most one session apart. If nobody need be asleep and, likewise,
each region has a time at which it alone is out of hours, the out-of-hours tallies end at
most one session apart.

What comes back
---------------
Every proposal carries each participant's status and cost (for a heat map), the counts of
each status per region, the metrics it was ranked on and its reasons in plain words. A
series also reports each participant's and each region's share of sessions out of hours
and asleep, and how far apart the most and least burdened regions are.

The package, by subdomain: ``model`` (the plain data), ``costs`` (one person, one time),
``grid`` (everyone at every candidate time), ``slots`` (single meetings) and ``series``.
"""

from salon.events.planner.costs import _profile, classify, inconvenience, local_start
from salon.events.planner.model import (
    DEFAULT_RULES,
    EVERY_DAY,
    STATUSES,
    WEEKDAYS,
    Burden,
    Fairness,
    Participant,
    ParticipantId,
    Rules,
    SeriesProposal,
    SlotProposal,
    Status,
)
from salon.events.planner.series import plan_series
from salon.events.planner.slots import plan_slots

__all__ = [
    "DEFAULT_RULES",
    "EVERY_DAY",
    "STATUSES",
    "WEEKDAYS",
    "Burden",
    "Fairness",
    "Participant",
    "ParticipantId",
    "Rules",
    "SeriesProposal",
    "SlotProposal",
    "Status",
    "_profile",
    "classify",
    "inconvenience",
    "local_start",
    "plan_series",
    "plan_slots",
]
