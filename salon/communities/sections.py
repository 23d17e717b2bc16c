"""The sections of a community, in the order its navigation shows them
(``includes/community_tabs.html``).

A new section is one line in ``SECTIONS``: the ``tab`` its pages pass to the include, the
words on the tab, where it leads, which group it sits in, and who sees it. ``MAIN`` sections
are always in sight (a director's outcomes among them); ``MORE`` and ``MANAGE`` fold into
two menus, so that a director's dozen and more links stay on one row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from salon.communities.models import Community
from salon.communities.roles import membership_of
from salon.core.permissions import can

Group = Literal["main", "more", "manage"]
MAIN: Group = "main"
MORE: Group = "more"
MANAGE: Group = "manage"

# ``(user, community) -> bool``: whether the viewer sees the section.
Shown = Callable[[Any, Community], bool]


def anyone(user: Any, community: Community) -> bool:
    return True


def member(user: Any, community: Community) -> bool:
    return membership_of(user, community) is not None


def may(action: str) -> Shown:
    """Shown to whoever the permission policy lets do ``action`` in the community."""

    def shown(user: Any, community: Community) -> bool:
        return can(user, action, community)

    return shown


@dataclass(frozen=True)
class Section:
    tab: str
    label: str | Promise
    # A URL name taking the community's slug, or what makes the URL from the community.
    url: str | Callable[[Community], str]
    group: Group
    shown: Shown = member

    def url_for(self, community: Community) -> str:
        if isinstance(self.url, str):
            return reverse(self.url, args=[community.slug])
        return self.url(community)


def _agenda(community: Community) -> str:
    return f"{reverse('events:agenda')}?community={community.pk}"


def _challenges_on(user: Any, community: Community) -> bool:
    return community.uses_challenges and member(user, community)


def _own_outcomes_only(user: Any, community: Community) -> bool:
    membership = membership_of(user, community)
    is_participant = membership is not None and membership.is_participant
    return is_participant and not can(user, "analytics.view", community)


SECTIONS: list[Section] = [
    Section("home", _("Overview"), "communities:home", MAIN, anyone),
    Section("events", _("Events"), _agenda, MAIN),
    Section("forum", _("Forum"), "discussions:forum", MAIN),
    Section("people", _("People"), "communities:directory", MAIN, may("community.view_members")),
    Section("library", _("Library"), "resources:library", MAIN),
    Section("outcomes", _("Outcomes"), "analytics:dashboard", MAIN, may("analytics.view")),
    Section(
        "programmes",
        _("Cohort programmes"),
        "programmes:list",
        MORE,
        may("cohort_programme.list"),
    ),
    Section("circles", _("Circles"), "communities:circles", MORE),
    Section("objectives", _("Objectives"), "goals:objectives", MORE),
    Section("expert_time", _("Expert time"), "events:expert_time", MORE, may("office_hours.view")),
    Section("ideas", _("Ideas"), "innovation:challenges", MORE, _challenges_on),
    Section("praise", _("Praise"), "feedback:praise_list", MORE),
    Section("coffee", _("Coffee roulette"), "network:coffee", MORE, may("coffee_roulette.view")),
    Section("network", _("Network map"), "network:community_map", MORE, may("network_map.view")),
    Section(
        "countries",
        _("Working across countries"),
        "network:country_notes",
        MORE,
        may("country_note.view"),
    ),
    Section("mentoring", _("Mentoring"), "mentoring:programmes", MORE, may("programme.list")),
    Section("feedback", _("Feedback"), "feedback:cycles", MORE, may("feedback.take_part")),
    Section("outcomes", _("My outcomes"), "analytics:mine", MORE, _own_outcomes_only),
    Section("members", _("Manage members"), "communities:members", MANAGE, may("community.invite")),
    Section("invite", _("Invite"), "communities:invite", MANAGE, may("community.invite")),
    Section("settings", _("Community settings"), "communities:edit", MANAGE, may("community.edit")),
    Section("audit", _("Audit log"), "communities:audit", MANAGE, may("community.view_audit")),
    Section("webhooks", _("Webhooks"), "webhooks:list", MANAGE, may("webhook.manage")),
]


@dataclass(frozen=True)
class Link:
    label: str | Promise
    url: str
    current: bool


@dataclass(frozen=True)
class Menu:
    """A group of sections folded behind one button."""

    label: str | Promise
    links: list[Link]

    @property
    def current(self) -> Link | None:
        return next((link for link in self.links if link.current), None)


@dataclass(frozen=True)
class Nav:
    main: list[Link]
    menus: list[Menu]


MENU_LABELS: dict[Group, str | Promise] = {MORE: _("More"), MANAGE: _("Manage")}


def community_nav(user: Any, community: Community, tab: str) -> Nav:
    """The sections ``user`` sees in ``community``: the main ones, then each menu that has
    any, with ``tab`` marked current."""
    links: dict[Group, list[Link]] = {MAIN: [], MORE: [], MANAGE: []}
    for section in SECTIONS:
        if section.shown(user, community):
            links[section.group].append(
                Link(section.label, section.url_for(community), section.tab == tab)
            )
    menus = [Menu(label, links[group]) for group, label in MENU_LABELS.items() if links[group]]
    return Nav(main=links[MAIN], menus=menus)
