"""What goals put in search (see docs/search.md): shared objectives, with their key
results, and personal goals.

Two audiences, each a rule of ``rules.py`` written as SQL:

- "objective" mirrors ``objective.view``: anyone with a role in the community for an
  objective of the whole community, the "circle" audience's rule for a circle's.
- "goal" mirrors ``goal.view``: the goal's row is looked up through
  ``selectors.goal_view_filter`` when searching, so its visibility level, its
  accountability partner, circle memberships and mentoring relations (``relations.py``)
  count as they are at that moment. Changing any of them needs no reindexing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from salon.communities.roles import memberships_of
from salon.core import search
from salon.core.models import SearchDocument
from salon.goals.models import Competency, Goal, KeyResult, Objective
from salon.goals.selectors import goal_view_filter

# Audiences -------------------------------------------------------------------------------


def _objective_view(user: Any) -> Q:
    return Q(circle__isnull=True, community_id__in=list(memberships_of(user))) | (
        Q(circle__isnull=False) & search.audience("circle").visible(user)
    )


def _objective_of(document: SearchDocument) -> Objective:
    return Objective.objects.select_related("community", "circle").get(pk=document.object_id)


def _goal_view(user: Any) -> Q:
    # Only documents of the "goal" audience are asked this (``search.visible_to`` pairs
    # each audience with its own filter), so ``object_id`` is a goal's id here.
    return Q(object_id__in=Goal.objects.filter(goal_view_filter(user)).values("pk"))


def _goal_of(document: SearchDocument) -> Goal:
    return Goal.objects.select_related("community", "circle").get(pk=document.object_id)


search.register_audience(
    search.Audience("objective", "objective.view", _objective_view, _objective_of)
)
search.register_audience(search.Audience("goal", "goal.view", _goal_view, _goal_of))


# Sources ---------------------------------------------------------------------------------


def objective_document(objective: Objective) -> search.Document:
    key_results = [kr.title for kr in objective.key_results.all()]
    return search.Document(
        community_id=objective.community_id,
        circle_id=objective.circle_id,
        title=objective.title,
        body=" · ".join(part for part in (objective.why, *key_results) if part),
        tags=[objective.period],
        url=objective.get_absolute_url(),
    )


def goal_document(goal: Goal) -> search.Document:
    return search.Document(
        community_id=goal.community_id,
        circle_id=goal.circle_id,
        title=goal.title,
        body=goal.success_looks_like,
        tags=[goal.competency.name],
        url=goal.get_absolute_url(),
    )


search.register(
    search.Source(
        kind="objective",
        label=_("Shared objective"),
        model=Objective,
        audience="objective",
        document=objective_document,
        queryset=lambda: Objective.objects.select_related("community").prefetch_related(
            "key_results"
        ),
        depends_on=(
            # Key result titles are part of their objective's text.
            search.Dependency(
                KeyResult, lambda kr: [kr.objective], fields=frozenset({"title", "objective"})
            ),
        ),
    )
)
search.register(
    search.Source(
        kind="goal",
        label=_("Personal goal"),
        model=Goal,
        audience="goal",
        document=goal_document,
        queryset=lambda: Goal.objects.select_related("competency"),
        depends_on=(
            # The competency's name is the goal's tag.
            search.Dependency(
                Competency,
                lambda competency: competency.goals.select_related("competency"),
                fields=frozenset({"name"}),
            ),
        ),
    )
)
