"""The mentoring matching engine, a pure algorithm: no database, plain data in and out."""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salon.mentoring.engine.matching import check_pair, greedy_match, match, pair_scores, week_hours
from salon.mentoring.engine.records import (
    CRITERIA,
    WEEKDAYS,
    MatchResult,
    Mentee,
    Mentor,
    PersonId,
    Rules,
    Target,
    Weights,
)

EN = frozenset({"en"})
JANUARY = date(2026, 1, 5)  # the default reference week: no clock changes anywhere
US_ALREADY_ON_SUMMER_TIME = date(2026, 3, 9)  # New York moved on 8 March, London on 29 March


def mentee(pid: str, **fields: Any) -> Mentee:
    fields.setdefault("languages", EN)
    return Mentee(id=pid, **fields)


def mentor(pid: str, **fields: Any) -> Mentor:
    fields.setdefault("languages", EN)
    return Mentor(id=pid, **fields)


def shared_hours(a: Mentee | Mentor, b: Mentee | Mentor, week: date = JANUARY) -> float:
    return len(week_hours(a, week) & week_hours(b, week)) / 4


def pairs_of(result: MatchResult) -> set[tuple[PersonId, PersonId]]:
    return {(pair.mentee, pair.mentor) for pair in result.pairs}


# Working hours, in each person's own time zone


def test_working_hours_are_read_on_each_persons_own_clock() -> None:
    london = mentee("ada", tz="Europe/London")
    new_york = mentor("bea", tz="America/New_York")
    assert 9.0 in week_hours(london)  # Monday 09:00 UTC is 09:00 in London in January
    assert 14.0 in week_hours(new_york)
    assert 13.75 not in week_hours(new_york)
    assert shared_hours(london, new_york) == 15  # 14:00-17:00 UTC, five days


def test_the_overlap_follows_the_clocks_in_force_in_the_reference_week() -> None:
    london = mentee("ada", tz="Europe/London")
    new_york = mentor("bea", tz="America/New_York")
    assert shared_hours(london, new_york, US_ALREADY_ON_SUMMER_TIME) == 20  # 13:00-17:00 UTC


def test_quarter_hour_time_zones_are_exact() -> None:
    kathmandu = mentee("chen", tz="Asia/Kathmandu")  # UTC+05:45
    hours = week_hours(kathmandu)
    assert 3.25 in hours  # 09:00 local is 03:15 UTC
    assert 3.0 not in hours
    assert len(hours) == 5 * 8 * 4


def test_a_night_shift_belongs_to_the_day_it_starts_and_the_week_wraps_around() -> None:
    night = mentee("dev", work_start=time(22), work_end=time(6), workdays=frozenset({6}))
    hours = week_hours(night)
    assert 6 * 24 + 22 in hours  # Sunday 22:00 UTC
    assert {0.0, 5.75} <= hours  # Monday morning, wrapped
    assert 6.0 not in hours
    assert len(hours) == 8 * 4


def test_availability_can_be_given_as_utc_hours_or_a_bitmask() -> None:
    hours = frozenset({0, 1, 30, 167})
    as_set = mentee("eve", availability=hours, tz="Asia/Tokyo")  # the zone is then ignored
    as_bits = mentor("fay", availability=sum(1 << hour for hour in hours))
    assert week_hours(as_set) == week_hours(as_bits)
    assert shared_hours(as_set, as_bits) == 4


# One pair: its score, its reasons and the rules it breaks


def test_the_score_is_each_criterion_times_its_weight_with_plain_reasons() -> None:
    ada = mentee(
        "ada",
        tz="Europe/London",
        region="emea",
        function="finance",
        industry="energy",
        wants=frozenset({1, 2, 3, 4}),
        goals=frozenset({"board", "scale"}),
        region_preference="different",
        function_preference="same",
    )
    bea = mentor(
        "bea",
        tz="America/New_York",
        region="americas",
        function="operations",
        industry="energy",
        offers=frozenset({2, 4, 9}),
        goals=frozenset({"board"}),
    )
    weights = Weights(competencies=4, shared_hours=2, cross_region=1, cross_function=1)
    pair = check_pair(ada, bea, weights=weights, rules=Rules(full_score_hours=30)).pair
    assert pair.values == {
        "competencies": 0.5,
        "shared_hours": 0.5,
        "cross_region": 1.0,
        "cross_function": 1.0,
        "goals": 0.5,
        "industry": 1.0,
        "preferences": 0.5,
    }
    assert pair.breakdown["competencies"] == 2.0
    assert (
        pair.score == pytest.approx(sum(pair.breakdown.values())) == 2 + 1 + 1 + 1 + 1 + 0.5 + 0.5
    )
    reasons = {reason.criterion: reason.detail for reason in pair.reasons}
    assert reasons["competencies"] == {"covered": [2, 4], "wanted": 4}
    assert reasons["shared_hours"] == {"hours": 15.0}
    assert reasons["cross_region"] == {"mentee": "emea", "mentor": "americas"}
    assert reasons["preferences"] == {"met": ["region:different"], "missed": ["function:same"]}
    assert [r.points for r in pair.reasons] == sorted(
        (r.points for r in pair.reasons), reverse=True
    )


def test_a_criterion_with_nothing_to_match_scores_zero_and_gives_no_reason() -> None:
    pair = check_pair(mentee("ada"), mentor("bea")).pair
    assert pair.values["competencies"] == pair.values["preferences"] == 0.0
    assert pair.values["cross_region"] == 0.0  # regions unknown: not credited as diverse
    assert [reason.criterion for reason in pair.reasons] == ["shared_hours"]


def rule_cases() -> list[tuple[str, Callable[[], tuple[Mentee, Mentor, dict[str, Any]]]]]:
    def case(mentee_fields: dict[str, Any], mentor_fields: dict[str, Any], **options: Any) -> Any:
        return lambda: (mentee("ada", **mentee_fields), mentor("bea", **mentor_fields), options)

    return [
        ("reporting_chain", case({"managers": frozenset({"bea"})}, {})),
        ("reporting_chain", case({}, {"managers": frozenset({"ada", "ceo"})})),
        ("no_shared_language", case({"languages": frozenset({"fr"})}, {})),
        ("too_few_shared_hours", case({"tz": "Asia/Tokyo"}, {"tz": "America/New_York"})),
        ("avoid", case({"avoid": frozenset({"bea"})}, {})),
        ("avoid", case({}, {"avoid": frozenset({"ada"})})),
        ("earlier_pair", case({}, {}, earlier_pairs=[("ada", "bea")])),
        ("forbidden", case({}, {}, forbidden=[("ada", "bea")])),
        (
            "same_unit",
            case({"unit": "treasury"}, {"unit": "treasury"}, rules=Rules(allow_same_unit=False)),
        ),
        ("mentor_full", case({}, {"capacity": 0})),
    ]


@pytest.mark.parametrize(("rule", "make"), rule_cases())
def test_each_hard_rule_drops_the_pair_and_is_named_for_the_unmatched(
    rule: str, make: Callable[[], tuple[Mentee, Mentor, dict[str, Any]]]
) -> None:
    ada, bea, options = make()
    check_options = {k: v for k, v in options.items() if k != "pinned"}
    assert check_pair(ada, bea, **check_options).broken_rules == (rule,)
    result = match([ada], [bea], **options)
    assert result.pairs == ()
    (unmatched,) = result.unmatched
    assert unmatched.why == "no_feasible_mentor"
    assert unmatched.eliminated_by == {rule: 1}


def test_the_same_person_on_both_sides_is_never_their_own_mentor() -> None:
    assert check_pair(mentee("ada"), mentor("ada")).broken_rules == ("same_person",)


def test_a_repeat_pair_is_allowed_when_the_programme_asks_for_it() -> None:
    rules = Rules(allow_repeat_pairs=True)
    result = match([mentee("ada")], [mentor("bea")], rules=rules, earlier_pairs=[("ada", "bea")])
    assert pairs_of(result) == {("ada", "bea")}


# The whole cohort


def test_it_fills_every_slot_before_it_chases_the_score() -> None:
    # Ada would score best with Bea, but then Cem, who can only have Bea, gets nobody.
    ada = mentee("ada", wants=frozenset({1}))
    cem = mentee("cem", wants=frozenset({1}), languages=frozenset({"de"}))
    bea = mentor("bea", offers=frozenset({1}), languages=frozenset({"en", "de"}))
    dan = mentor("dan")
    result = match([ada, cem], [bea, dan])
    assert pairs_of(result) == {("ada", "dan"), ("cem", "bea")}
    assert result.diagnostics.max_matched_certified
    greedy = greedy_match([ada, cem], [bea, dan])
    assert pairs_of(greedy) == {("ada", "bea")}
    assert greedy.unmatched[0].why == "capacity_exhausted"


def test_unmatched_mentees_say_whether_capacity_or_the_rules_kept_them_out() -> None:
    people = [mentee(f"e{n}") for n in range(3)] + [mentee("fr", languages=frozenset({"fr"}))]
    result = match(people, [mentor("bea", capacity=2)])
    assert result.diagnostics.matched == 2
    why = {u.mentee: (u.why, u.feasible_mentors, u.eliminated_by) for u in result.unmatched}
    assert why["fr"] == ("no_feasible_mentor", 0, {"no_shared_language": 1})
    assert sorted(why.values())[0] == ("capacity_exhausted", 1, {})


def test_pins_are_kept_and_take_a_place() -> None:
    ada, cem = mentee("ada", wants=frozenset({1})), mentee("cem", wants=frozenset({1}))
    bea, dan = mentor("bea", offers=frozenset({1})), mentor("dan")
    result = match([ada, cem], [bea, dan], pinned=[("cem", "bea")])
    assert pairs_of(result) == {("cem", "bea"), ("ada", "dan")}
    assert [pair.pinned for pair in result.pairs if pair.mentee == "cem"] == [True]
    assert result.diagnostics.pinned == 1


@pytest.mark.parametrize(
    ("pins", "message"),
    [
        ([("ada", "nobody")], "unknown id"),
        ([("ada", "bea"), ("ada", "dan")], "pinned twice"),
        ([("ada", "bea"), ("cem", "bea")], "mentor_full"),
        ([("fr", "bea")], "no_shared_language"),
    ],
)
def test_a_pin_that_cannot_hold_is_refused(pins: list[tuple[str, str]], message: str) -> None:
    people = [mentee("ada"), mentee("cem"), mentee("fr", languages=frozenset({"fr"}))]
    with pytest.raises(ValueError, match=message):
        match(people, [mentor("bea"), mentor("dan")], pinned=pins)


def test_forbidden_pairs_are_never_proposed() -> None:
    result = match([mentee("ada")], [mentor("bea"), mentor("dan")], forbidden=[("ada", "bea")])
    assert pairs_of(result) == {("ada", "dan")}
    assert result.diagnostics.forbidden == 1


def test_the_result_is_plain_data_that_serialises_to_json() -> None:
    result = match([mentee("ada"), mentee("fr", languages=frozenset({"fr"}))], [mentor("bea")])
    data = json.loads(json.dumps(result.to_dict()))
    assert data["pairs"][0]["mentee"] == "ada"
    assert data["pairs"][0]["reasons"][0]["criterion"] == "shared_hours"
    assert data["unmatched"][0]["why"] == "no_feasible_mentor"
    diagnostics = data["diagnostics"]
    assert diagnostics["solver"].startswith("OR-Tools")
    assert diagnostics["rules"]["reference_week"] == "2026-01-05"
    assert diagnostics["weights"]["competencies"] == 4.0
    assert set(diagnostics["quantiles"]) == {"min", "p10", "p25", "median", "p75", "p90", "max"}
    assert diagnostics["worst_score"] == diagnostics["total_score"]
    assert {"encode", "score", "solve", "explain", "total"} <= set(diagnostics["timings"])


def test_a_cross_region_target_is_met_and_its_price_shown() -> None:
    # Everyone scores best with a same-region mentor; 2 of 4 pairs must be cross-region.
    people = [mentee(f"e{n}", region="emea", wants=frozenset({1})) for n in range(4)]
    mentors = [mentor(f"r{n}", region="emea", offers=frozenset({1}), capacity=2) for n in range(2)]
    mentors += [mentor(f"x{n}", region="apac", capacity=2) for n in range(2)]
    plain = match(people, mentors)
    targeted = match(people, mentors, target=Target("cross_region", 0.5))
    report = targeted.diagnostics.target
    assert report is not None
    assert report.met
    assert (report.untargeted_share, report.share) == (0.0, 0.5)
    assert report.untargeted_total == pytest.approx(plain.diagnostics.total_score)
    assert report.price == pytest.approx(
        plain.diagnostics.total_score - targeted.diagnostics.total_score
    )
    assert report.price == pytest.approx(2 * (4.0 - 1.0))  # competencies lost, diversity won


def test_an_unreachable_target_keeps_the_optimum_and_says_how_far_it_can_go() -> None:
    people = [mentee(f"e{n}", region="emea") for n in range(2)]
    mentors = [mentor("r", region="emea", capacity=2), mentor("x", region="apac")]
    result = match(people, mentors, target=Target("cross_region", 0.9))
    report = result.diagnostics.target
    assert report is not None
    assert not report.met
    assert (report.reachable, report.price) == (0.5, 0.0)


def test_inputs_that_make_no_sense_are_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        mentee("ada", tz="Mars/Olympus")
    with pytest.raises(ValueError, match="negative"):
        mentor("bea", capacity=-1)
    with pytest.raises(ValueError, match="Monday"):
        Rules(reference_week=date(2026, 1, 6))
    with pytest.raises(ValueError, match="Weights"):
        Weights(goals=-1)
    with pytest.raises(ValueError, match="once"):
        match([mentee("ada"), mentee("ada")], [mentor("bea")])
    with pytest.raises(ValueError, match="candidates"):
        match([mentee("ada")], [mentor("bea")], candidates=0)


# Pruning


def test_pruning_never_costs_a_match_even_when_everyone_wants_the_same_mentors() -> None:
    # Everyone's favourite mentors are the same; their own short lists cannot fill the rest.
    people = [mentee(f"e{n}", wants=frozenset({1, 2})) for n in range(12)]
    stars = [mentor(f"star{n}", offers=frozenset({1, 2}), capacity=1) for n in range(2)]
    others = [mentor(f"r{n}", capacity=2) for n in range(8)]
    result = match(people, stars + others, candidates=1)
    assert result.diagnostics.matched == 12
    assert result.diagnostics.max_matched_certified
    assert result.diagnostics.candidate_pairs > 12  # the certificate added edges


def moderate_cohort(mentees: int, mentors: int, seed: int) -> tuple[list[Mentee], list[Mentor]]:
    rng = random.Random(seed)
    zones = ["Europe/London", "Europe/Berlin", "America/New_York", "Asia/Singapore", "Asia/Dubai"]
    regions = {"Europe/London": "emea", "Europe/Berlin": "emea", "America/New_York": "americas"}

    def common() -> dict[str, Any]:
        zone = rng.choice(zones)
        return {
            "tz": zone,
            "region": regions.get(zone, "apac"),
            "function": rng.choice(["finance", "sales", "tech", "people"]),
            "industry": rng.choice(["energy", "retail", "health"]),
            "languages": frozenset({"en"} if rng.random() < 0.8 else {"fr"}),
        }

    people = [
        mentee(
            f"e{n}",
            wants=frozenset(rng.sample(range(30), rng.randint(1, 4))),
            goals=frozenset(rng.sample(range(10), 2)),
            region_preference=rng.choice([None, "different"]),
            **common(),
        )
        for n in range(mentees)
    ]
    guides = [
        mentor(
            f"r{n}",
            offers=frozenset(rng.sample(range(30), rng.randint(2, 8))),
            goals=frozenset(rng.sample(range(10), 3)),
            capacity=rng.randint(3, 7),
            **common(),
        )
        for n in range(mentors)
    ]
    return people, guides


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_pruned_candidates_stay_within_a_tenth_of_a_percent_of_the_unpruned_optimum(
    seed: int,
) -> None:
    # A third of the default 30 candidates: what counts is how many, not what share. (Five
    # would be 0.09-0.25% short on these cohorts; bench/matching.py checks the default.)
    people, guides = moderate_cohort(1500, 300, seed)
    pruned = match(people, guides, candidates=10).diagnostics
    unpruned = match(people, guides, candidates=None).diagnostics
    assert pruned.candidate_pairs < unpruned.candidate_pairs / 8
    assert pruned.matched == unpruned.matched
    assert pruned.total_score >= unpruned.total_score * (1 - 0.001)
    assert pruned.total_score <= unpruned.total_score + 1e-6


# Properties on random small cohorts, against brute force and an independent rule check

ZONES = (
    "UTC",
    "Europe/London",
    "America/New_York",
    "Asia/Tokyo",
    "Asia/Kathmandu",
    "Australia/Sydney",
)
WEEKS = (JANUARY, US_ALREADY_ON_SUMMER_TIME, date(2026, 3, 23), date(2026, 10, 26))
SHIFTS = (
    (time(9), time(17)),
    (time(8, 30), time(16, 30)),
    (time(22), time(6)),
    (time(13), time(21)),
)


@st.composite
def cohorts(
    draw: st.DrawFn, most_mentees: int = 6, most_mentors: int = 3
) -> tuple[list[Mentee], list[Mentor], dict[str, Any]]:
    mentee_ids = [f"e{n}" for n in range(draw(st.integers(1, most_mentees)))]
    mentor_ids = [f"r{n}" for n in range(draw(st.integers(1, most_mentors)))]
    if draw(st.integers(0, 9)) == 0:
        mentor_ids[0] = mentee_ids[0]  # someone enrolled on both sides
    outsiders = ["ceo", "cfo", "coo", "vp"]  # most chains and avoid lists name nobody here
    everyone = [*mentee_ids, *mentor_ids, *outsiders]
    languages = [EN, EN, EN, frozenset({"en", "fr"}), frozenset({"ja", "en"}), frozenset({"fr"})]

    def common() -> dict[str, Any]:
        start, end = draw(st.sampled_from(SHIFTS))
        return {
            "languages": draw(st.sampled_from(languages)),
            "tz": draw(st.sampled_from(ZONES)),
            "work_start": start,
            "work_end": end,
            "workdays": draw(st.sampled_from([WEEKDAYS, frozenset({6, 0, 1, 2, 3})])),
            "region": draw(st.sampled_from(["", "emea", "apac", "americas"])),
            "function": draw(st.sampled_from(["", "finance", "sales"])),
            "industry": draw(st.sampled_from(["", "energy", "retail"])),
            "unit": draw(st.sampled_from(["", "u1", "u2"])),
            "first_language": draw(st.sampled_from(["", "en", "fr"])),
            "managers": draw(
                st.frozensets(st.sampled_from([*everyone, *outsiders * 3]), max_size=2)
            ),
            "avoid": draw(st.frozensets(st.sampled_from([*everyone, *outsiders * 3]), max_size=1)),
        }

    def preference() -> Any:
        return draw(st.sampled_from([None, None, "same", "different"]))

    topics = st.frozensets(st.integers(1, 4), max_size=3)
    people = [
        Mentee(
            id=pid,
            wants=draw(topics),
            goals=draw(topics),
            region_preference=preference(),
            language_preference=preference(),
            industry_preference=preference(),
            function_preference=preference(),
            **common(),
        )
        for pid in mentee_ids
    ]
    guides = [
        Mentor(
            id=pid,
            offers=draw(topics),
            goals=draw(topics),
            capacity=draw(st.sampled_from([0, 1, 1, 2, 2, 2])),
            **common(),
        )
        for pid in mentor_ids
    ]
    some_pairs = st.lists(
        st.tuples(st.sampled_from(mentee_ids), st.sampled_from(mentor_ids)), max_size=1
    )
    options = {
        "earlier_pairs": draw(some_pairs),
        "forbidden": draw(some_pairs),
        "rules": Rules(
            min_shared_hours=draw(st.sampled_from([0.0, 0.0, 2.0, 10.0])),
            full_score_hours=draw(st.sampled_from([4.0, 8.0, 30.0])),
            allow_repeat_pairs=draw(st.booleans()),
            allow_same_unit=draw(st.sampled_from([True, True, False])),
            reference_week=draw(st.sampled_from(WEEKS)),
        ),
        "weights": Weights(
            **{name: draw(st.sampled_from([0.0, 0.5, 1.0, 3.0])) for name in CRITERIA}
        ),
    }
    return people, guides, options


def worked_quarters(person: Mentee | Mentor, week: date) -> frozenset[int]:
    return _worked_quarters(person.tz, person.work_start, person.work_end, person.workdays, week)


@cache
def _worked_quarters(
    tz: str, start: time, end: time, workdays: frozenset[int], week: date
) -> frozenset[int]:
    """Independently of the engine: each UTC quarter of the (cyclic) week whose instant, on
    the person's clock, falls in a shift that starts on a workday of the reference week."""
    zone = ZoneInfo(tz)
    monday = datetime.combine(week, time(0), tzinfo=UTC)
    days = {week + timedelta(days=d) for d in range(7)}
    worked = set()
    for quarter in range(7 * 96):
        for wrap in (-7, 0, 7):
            local = (monday + timedelta(minutes=15 * quarter, days=wrap)).astimezone(zone)
            clock = local.time()
            if start < end:
                shift_days = [local.date()] if start <= clock < end else []
            else:
                shift_days = [local.date()] if clock >= start else []
                shift_days += [local.date() - timedelta(days=1)] if clock < end else []
            if any(d in days and d.weekday() in workdays for d in shift_days):
                worked.add(quarter)
    return frozenset(worked)


def broken(mentee: Mentee, mentor: Mentor, options: dict[str, Any]) -> set[str]:
    rules: Rules = options["rules"]
    pair = (mentee.id, mentor.id)
    hours = len(
        worked_quarters(mentee, rules.reference_week)
        & worked_quarters(mentor, rules.reference_week)
    )
    found = {
        "same_person": mentee.id == mentor.id,
        "reporting_chain": mentor.id in mentee.managers or mentee.id in mentor.managers,
        "no_shared_language": not mentee.languages & mentor.languages,
        "too_few_shared_hours": hours / 4 < rules.min_shared_hours,
        "avoid": mentor.id in mentee.avoid or mentee.id in mentor.avoid,
        "earlier_pair": pair in options["earlier_pairs"] and not rules.allow_repeat_pairs,
        "forbidden": pair in options["forbidden"],
        "same_unit": not rules.allow_same_unit and mentee.unit != "" and mentee.unit == mentor.unit,
        "mentor_full": mentor.capacity == 0,
    }
    return {rule for rule, hit in found.items() if hit}


def brute_force(
    feasible: np.ndarray[Any, Any],
    scores: np.ndarray[Any, Any],
    capacity: Sequence[int],
    value: Callable[[int, int], float],
    pinned: dict[int, int] | None = None,
) -> tuple[int, float, float]:
    """Over every matching that keeps the pins: (most pairs, best total score among those,
    best share of value 1 among those)."""
    pinned = pinned or {}
    room = list(capacity)
    for col in pinned.values():
        room[col] -= 1
    best = (-1, -math.inf, -math.inf)
    rows, cols = feasible.shape

    def walk(i: int, count: int, total: float, valued: float) -> None:
        nonlocal best
        if i == rows:
            share = valued / count if count else 1.0
            if count > best[0]:
                best = (count, total, share)
            elif count == best[0]:
                best = (count, max(best[1], total), max(best[2], share))
            return
        if i in pinned:
            j = pinned[i]
            walk(i + 1, count + 1, total + scores[i, j], valued + value(i, j))
            return
        walk(i + 1, count, total, valued)
        for j in range(cols):
            if feasible[i, j] and room[j] > 0:
                room[j] -= 1
                walk(i + 1, count + 1, total + scores[i, j], valued + value(i, j))
                room[j] += 1

    walk(0, 0, 0.0, 0.0)
    return best


def check_result(
    result: MatchResult, people: list[Mentee], guides: list[Mentor], options: dict[str, Any]
) -> None:
    """No hard rule broken, no capacity exceeded, explanations add up."""
    by_id = {m.id: m for m in guides}
    who = {p.id: p for p in people}
    for pair in result.pairs:
        assert not broken(who[pair.mentee], by_id[pair.mentor], options), pair
        assert sum(pair.breakdown.values()) == pytest.approx(pair.score)
        assert all(0 <= value <= 1 for value in pair.values.values())
        assert set(pair.breakdown) == set(CRITERIA)
    load: dict[PersonId, int] = {}
    for pair in result.pairs:
        load[pair.mentor] = load.get(pair.mentor, 0) + 1
    assert all(load[pid] <= by_id[pid].capacity for pid in load)
    assert len({pair.mentee for pair in result.pairs}) == len(result.pairs)
    assert len(result.pairs) + len(result.unmatched) == len(people)


def feasibility(
    people: list[Mentee], guides: list[Mentor], options: dict[str, Any]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    scores = pair_scores(
        people,
        guides,
        weights=options["weights"],
        rules=options["rules"],
        earlier_pairs=options["earlier_pairs"],
        forbidden=options["forbidden"],
    )
    expected = np.array([[not broken(p, g, options) for g in guides] for p in people])
    assert (~np.isnan(scores) == expected).all()  # the engine's rules, checked independently
    return expected, np.nan_to_num(scores)


def cross_region(people: list[Mentee], guides: list[Mentor]) -> Callable[[int, int], float]:
    def value(i: int, j: int) -> float:
        a, b = people[i].region, guides[j].region
        return float(bool(a and b) and a != b)

    return value


PROPERTY = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(cohorts())
def test_the_match_breaks_no_rule_fills_most_and_scores_best(case: Any) -> None:
    people, guides, options = case
    result = match(people, guides, **options)
    check_result(result, people, guides, options)
    feasible, scores = feasibility(people, guides, options)
    capacity = [g.capacity for g in guides]
    most, best, _ = brute_force(feasible, scores, capacity, cross_region(people, guides))
    assert result.diagnostics.matched == most
    assert result.diagnostics.max_matched_certified
    assert result.diagnostics.total_score == pytest.approx(best, abs=1e-6)
    for unmatched in result.unmatched:
        row = [p.id for p in people].index(unmatched.mentee)
        assert unmatched.feasible_mentors == feasible[row].sum()


@PROPERTY
@given(cohorts(), st.data())
def test_pins_hold_forbidden_pairs_stay_out_and_the_rest_is_optimal(case: Any, data: Any) -> None:
    people, guides, options = case
    feasible, scores = feasibility(people, guides, options)
    room = [g.capacity for g in guides]
    pinned: dict[int, int] = {}
    for i, j in data.draw(st.permutations(list(zip(*np.nonzero(feasible), strict=True)))):
        if i not in pinned and room[j] > 0 and data.draw(st.booleans()):
            pinned[int(i)] = int(j)
            room[j] -= 1
    pins = [(people[i].id, guides[j].id) for i, j in pinned.items()]
    result = match(people, guides, pinned=pins, **options)
    check_result(result, people, guides, options)
    assert set(pins) <= pairs_of(result)
    assert {p.mentee for p in result.pairs if p.pinned} == {pid for pid, _ in pins}
    assert not set(options["forbidden"]) & pairs_of(result)
    most, best, _ = brute_force(
        feasible, scores, [g.capacity for g in guides], cross_region(people, guides), pinned
    )
    assert result.diagnostics.matched == most
    assert result.diagnostics.total_score == pytest.approx(best, abs=1e-6)


@PROPERTY
@given(cohorts(), st.sampled_from([0.3, 0.5, 0.8, 1.0]))
def test_a_target_is_met_whenever_it_can_be_and_its_price_is_never_negative(
    case: Any, share: float
) -> None:
    people, guides, options = case
    result = match(people, guides, target=Target("cross_region", share), **options)
    check_result(result, people, guides, options)
    report = result.diagnostics.target
    assert report is not None
    feasible, scores = feasibility(people, guides, options)
    capacity = [g.capacity for g in guides]
    most, best, reachable = brute_force(feasible, scores, capacity, cross_region(people, guides))
    assert result.diagnostics.matched == most  # a target never costs a match
    assert report.met == (reachable >= share - 1e-9)
    if report.met:
        assert report.share >= share - 1e-9
    else:
        assert report.reachable == pytest.approx(reachable)
    assert report.price >= 0
    assert report.untargeted_total == pytest.approx(best, abs=1e-6)
    assert report.price == pytest.approx(best - result.diagnostics.total_score, abs=1e-6)


@PROPERTY
@given(cohorts(most_mentees=7, most_mentors=4))
def test_even_one_candidate_per_mentee_matches_as_many_as_possible(case: Any) -> None:
    people, guides, options = case
    result = match(people, guides, candidates=1, **options)
    check_result(result, people, guides, options)
    feasible, scores = feasibility(people, guides, options)
    capacity = [g.capacity for g in guides]
    most, _, _ = brute_force(feasible, scores, capacity, cross_region(people, guides))
    assert result.diagnostics.matched == most


@PROPERTY
@given(cohorts())
def test_the_greedy_baseline_breaks_no_rule_and_leaves_no_free_feasible_place(case: Any) -> None:
    people, guides, options = case
    result = greedy_match(people, guides, **options)
    check_result(result, people, guides, options)
    optimal = match(people, guides, **options)
    assert result.diagnostics.matched <= optimal.diagnostics.matched
    load = {g.id: 0 for g in guides}
    for pair in result.pairs:
        load[pair.mentor] += 1
    feasible, _ = feasibility(people, guides, options)
    for unmatched in result.unmatched:
        row = [p.id for p in people].index(unmatched.mentee)
        free = [g.id for j, g in enumerate(guides) if feasible[row, j] and load[g.id] < g.capacity]
        assert not free
