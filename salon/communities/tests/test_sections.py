"""A community's navigation: a few sections always in sight, the rest in two menus that
open by keyboard (``<details>``), the current page marked wherever it sits."""

from __future__ import annotations

import re
from typing import Any

from conftest import client_for
from salon.communities.models import Community
from salon.communities.sections import SECTIONS, community_nav


def _labels(links: Any) -> list[str]:
    return [str(link.label) for link in links]


def test_a_director_sees_six_sections_and_folds_the_rest_into_more_and_manage(
    director: Any, community: Community
) -> None:
    nav = community_nav(director, community, "home")

    main = ["Overview", "Events", "Forum", "People", "Library", "Outcomes"]
    assert _labels(nav.main) == main
    assert [str(menu.label) for menu in nav.menus] == ["More", "Manage"]
    assert "Feedback" in _labels(nav.menus[0].links)
    manage = ["Manage members", "Invite", "Community settings", "Audit log", "Webhooks"]
    assert _labels(nav.menus[1].links) == manage


def test_a_member_has_no_manage_menu(member: Any, community: Community) -> None:
    nav = community_nav(member, community, "home")

    assert [str(menu.label) for menu in nav.menus] == ["More"]


def test_a_visitor_of_an_open_community_sees_only_its_overview(
    outsider: Any, community: Community
) -> None:
    nav = community_nav(outsider, community, "home")

    assert _labels(nav.main) == ["Overview"]
    assert nav.menus == []


def test_the_menu_holding_the_current_page_says_so(director: Any, community: Community) -> None:
    nav = community_nav(director, community, "praise")

    more = nav.menus[0]
    assert more.current is not None
    assert str(more.current.label) == "Praise"
    assert nav.menus[1].current is None
    assert not any(link.current for link in nav.main)


def test_every_section_has_its_own_words() -> None:
    # Two sections share a tab only when nobody sees both ("Outcomes", "My outcomes").
    labels = [str(section.label) for section in SECTIONS]

    assert len(labels) == len(set(labels))


def test_a_director_reads_the_outcomes_and_a_member_their_own(
    director: Any, member: Any, community: Community
) -> None:
    director_nav = community_nav(director, community, "outcomes")
    member_nav = community_nav(member, community, "outcomes")

    assert "Outcomes" in _labels(director_nav.main)
    assert "My outcomes" not in _labels(director_nav.menus[0].links)
    assert "My outcomes" in _labels(member_nav.menus[0].links)
    assert member_nav.menus[0].current is not None


def test_the_page_marks_the_current_section_inside_its_menu(director: Any) -> None:
    page = client_for(director).get("/c/acme/praise/").content.decode()

    start = page.index('class="community-nav"')
    nav = page[start : page.index("</nav>", start)]
    assert re.search(r'<summary class="is-current">More<span[^>]*>: Praise</span></summary>', nav)
    assert nav.count('aria-current="page"') == 1
    assert 'href="/c/acme/praise/" aria-current="page"' in nav
    assert 'href="/c/acme/audit/"' in nav


def test_the_overview_marks_its_tab(member: Any) -> None:
    page = client_for(member).get("/c/acme/").content.decode()

    assert 'href="/c/acme/" aria-current="page">Overview' in page
    assert "Manage members" not in page
