"""The cohort encoded for fast scoring: people as feature rows and compatibility groups,
the hard rules as masks, candidate edges by pruning, and "why this match" for each pair."""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from salon.mentoring.engine.encoding import (
    Timer,
    differ,
    index_of,
    overlap_block,
    person_mask,
    positions_of,
    preferences_met,
    same_code_pairs,
    same_different,
    shared_codes,
    sorted_keys,
)
from salon.mentoring.engine.records import (
    BLOCK_CELLS,
    CRITERIA,
    GROUP_CELLS,
    MENTOR_DEPTH,
    POOL,
    PREFERENCES,
    QUARTERS,
    RULES,
    UNITS,
    Attribute,
    Bools,
    Diagnostics,
    Floats,
    Ints,
    MatchResult,
    Mentee,
    Mentor,
    Pair,
    Person,
    PersonId,
    Reason,
    Rules,
    TargetReport,
    Unmatched,
    Weights,
)
from salon.mentoring.engine.solver import Edges

# The cohort, encoded for fast scoring


class Cohort:
    def __init__(
        self, mentees: Sequence[Mentee], mentors: Sequence[Mentor], weights: Weights, rules: Rules
    ) -> None:
        self.mentees, self.mentors = list(mentees), list(mentors)
        self.weights, self.rules = weights, rules
        self.weight_of: dict[str, float] = dataclasses.asdict(weights)
        self.n, self.m = len(self.mentees), len(self.mentors)
        self.mentee_index = index_of(self.mentees, "mentee")
        self.mentor_index = index_of(self.mentors, "mentor")
        total_weight = sum(dataclasses.astuple(weights))
        self.scale = UNITS / total_weight if total_weight else 1.0  # units per point
        self.capacity = np.array([mentor.capacity for mentor in self.mentors], dtype=np.int64)
        self.capacity_left = self.capacity.copy()
        self.pinned_col = np.full(self.n, -1, dtype=np.int64)
        self.codes: dict[str, tuple[Ints, Ints]] = {}
        for attribute in ("region", "function", "industry", "first_language", "unit"):
            self.codes[attribute] = shared_codes(
                [getattr(p, attribute) for p in self.mentees],
                [getattr(p, attribute) for p in self.mentors],
            )
        self._group_people(rules)
        self.mentee_features, self.mentor_features = self._features(weights)
        self.counts = {"earlier_pairs": 0, "forbidden": 0, "pinned": 0}

    # Encoding

    def _group_people(self, rules: Rules) -> None:
        """People with the same weekly mask and languages share one row of the group table:
        ``group_score`` is the shared-hours points, -inf where hours or language rule out."""
        week = rules.reference_week
        groups: list[dict[tuple[bytes, frozenset[str]], int]] = [{}, {}]
        members: list[list[int]] = [[], []]
        sides: tuple[Sequence[Person], Sequence[Person]] = (self.mentees, self.mentors)
        for side, people in enumerate(sides):
            for person in people:
                key = (person_mask(person, week), person.languages)
                members[side].append(groups[side].setdefault(key, len(groups[side])))
        self.group_i = np.array(members[0], dtype=np.int64)
        self.group_j = np.array(members[1], dtype=np.int64)
        masks = [
            np.unpackbits(
                np.frombuffer(b"".join(key[0] for key in g) or b"\0", np.uint8)[
                    : QUARTERS // 8 * len(g)
                ].reshape(len(g), QUARTERS // 8),
                axis=1,
            )[:, :QUARTERS].astype(np.float32)
            for g in groups
        ]
        languages = sorted({lang for g in groups for key in g for lang in key[1]})
        column = {lang: c for c, lang in enumerate(languages)}
        spoken = [np.zeros((len(g), len(languages)), dtype=np.float32) for g in groups]
        for side, g in enumerate(groups):
            for (_, langs), row in g.items():
                spoken[side][row, [column[lang] for lang in langs]] = 1
        self.group_hours = (masks[0] @ masks[1].T) / 4
        self.group_language = (spoken[0] @ spoken[1].T) > 0
        self.group_hours_ok = self.group_hours >= rules.min_shared_hours
        points = np.rint(
            self.scale
            * self.weights.shared_hours
            * np.minimum(self.group_hours / rules.full_score_hours, 1)
        )
        self.group_score = np.where(
            self.group_language & self.group_hours_ok, points, -np.inf
        ).astype(np.float32)

    def _features(self, weights: Weights) -> tuple[Floats, Floats]:
        """Rows F (mentees) and G (mentors) with F[i] . G[j] = every criterion but hours."""
        vocab_wants = sorted({k for p in self.mentees for k in p.wants}, key=repr)
        vocab_goals = sorted({k for p in self.mentees for k in p.goals}, key=repr)
        blocks: list[tuple[Floats, Floats]] = [
            overlap_block(
                [p.wants for p in self.mentees], [p.offers for p in self.mentors], vocab_wants
            ),
            overlap_block(
                [p.goals for p in self.mentees], [p.goals for p in self.mentors], vocab_goals
            ),
        ]
        mentee_side = [blocks[0][0] * weights.competencies, blocks[1][0] * weights.goals]
        mentor_side = [blocks[0][1], blocks[1][1]]
        # Per attribute, the points for "the same" and for "different", all criteria summed.
        attributes = ("region", "function", "industry", "first_language")
        same = {attribute: np.zeros(self.n, np.float32) for attribute in attributes}
        different = {attribute: np.zeros(self.n, np.float32) for attribute in attributes}
        same["industry"] += weights.industry
        different["region"] += weights.cross_region
        different["function"] += weights.cross_function
        choices = {
            preference: np.array([getattr(p, preference) or "" for p in self.mentees])
            for preference, _ in PREFERENCES
        }
        stated = sum((choice != "").astype(np.float32) for choice in choices.values())
        share = np.divide(
            weights.preferences, stated, out=np.zeros(self.n, np.float32), where=stated > 0
        )
        for preference, attribute in PREFERENCES:
            same[attribute] += np.where(choices[preference] == "same", share, 0)
            different[attribute] += np.where(choices[preference] == "different", share, 0)
        for attribute in same:
            f, g = same_different(*self.codes[attribute], same[attribute], different[attribute])
            mentee_side.append(f)
            mentor_side.append(g)
        return (
            np.ascontiguousarray(np.rint(np.hstack(mentee_side) * self.scale), dtype=np.float32),
            np.ascontiguousarray(np.hstack(mentor_side).T, dtype=np.float32),
        )

    def constrain(
        self,
        earlier_pairs: Iterable[tuple[PersonId, PersonId]],
        forbidden: Iterable[tuple[PersonId, PersonId]],
        pinned: Iterable[tuple[PersonId, PersonId]],
    ) -> None:
        """The sparse hard rules as (row, col, rule) lists, then the pins."""
        found: dict[str, list[tuple[int, int]]] = {rule: [] for rule in RULES}
        for i, mentee in enumerate(self.mentees):
            if (col := self.mentor_index.get(mentee.id)) is not None:
                found["same_person"].append((i, col))
            for manager in mentee.managers:
                if (col := self.mentor_index.get(manager)) is not None:
                    found["reporting_chain"].append((i, col))
            for avoided in mentee.avoid:
                if (col := self.mentor_index.get(avoided)) is not None:
                    found["avoid"].append((i, col))
        for j, mentor in enumerate(self.mentors):
            for manager in mentor.managers:
                if (row := self.mentee_index.get(manager)) is not None:
                    found["reporting_chain"].append((row, j))
            for avoided in mentor.avoid:
                if (row := self.mentee_index.get(avoided)) is not None:
                    found["avoid"].append((row, j))
        for rule, given in (("earlier_pair", earlier_pairs), ("forbidden", forbidden)):
            given = list(given)
            self.counts["earlier_pairs" if rule == "earlier_pair" else rule] = len(given)
            if rule == "earlier_pair" and self.rules.allow_repeat_pairs:
                continue
            for mentee_id, mentor_id in given:
                row, col = self.mentee_index.get(mentee_id), self.mentor_index.get(mentor_id)
                if row is not None and col is not None:
                    found[rule].append((row, col))
        if not self.rules.allow_same_unit:
            found["same_unit"] = same_code_pairs(*self.codes["unit"])
        keys = {
            rule: np.unique(np.array([i * self.m + j for i, j in pairs], dtype=np.int64))
            for rule, pairs in found.items()
        }
        self.rule_pairs = keys
        every = np.unique(np.concatenate(list(keys.values())))
        self.excluded_rows, self.excluded_cols = every // max(self.m, 1), every % max(self.m, 1)
        self._pin(pinned)
        self.group_columns: Floats | None = None
        if self.group_score.shape[0] * self.m <= GROUP_CELLS:
            self.group_columns = self.group_score[:, self.group_j]
            self.group_columns[:, self.capacity_left <= 0] = -np.inf

    def _pin(self, pinned: Iterable[tuple[PersonId, PersonId]]) -> None:
        for mentee_id, mentor_id in pinned:
            i, j = self.mentee_index.get(mentee_id), self.mentor_index.get(mentor_id)
            if i is None or j is None:
                raise ValueError(f"Pinned pair ({mentee_id!r}, {mentor_id!r}): unknown id.")
            if self.pinned_col[i] >= 0:
                raise ValueError(f"Mentee {mentee_id!r} is pinned twice.")
            if broken := self.broken_rules(i, j):
                raise ValueError(
                    f"Pinned pair ({mentee_id!r}, {mentor_id!r}) breaks {', '.join(broken)}."
                )
            self.pinned_col[i] = j
            self.capacity_left[j] -= 1
            if self.capacity_left[j] < 0:
                raise ValueError(f"More pins than capacity for mentor {mentor_id!r}.")
        self.counts["pinned"] = int((self.pinned_col >= 0).sum())

    # Scoring

    def scores(self, rows: Ints, cols: Ints | None = None) -> Floats:
        """float32 points of ``rows`` x ``cols`` (every mentor when None), -inf where a pair
        is not feasible."""
        if cols is None:
            block = self.mentee_features[rows] @ self.mentor_features
            if self.group_columns is not None:
                block += self.group_columns[self.group_i[rows]]
            else:
                block += self.group_score[self.group_i[rows][:, None], self.group_j[None, :]]
                block[:, self.capacity_left <= 0] = -np.inf
        else:
            block = self.mentee_features[rows] @ self.mentor_features[:, cols]
            block += self.group_score[self.group_i[rows][:, None], self.group_j[cols][None, :]]
            block[:, self.capacity_left[cols] <= 0] = -np.inf
        at = positions_of(rows, self.n)[self.excluded_rows]
        hit = at >= 0
        if cols is None:
            block[at[hit], self.excluded_cols[hit]] = -np.inf
        else:
            at_col = positions_of(cols, self.m)[self.excluded_cols]
            hit &= at_col >= 0
            block[at[hit], at_col[hit]] = -np.inf
        return block

    def candidate_edges(self, keep: int | None, attribute: Attribute | None) -> Edges:
        """The pruned graph: each mentee's ``keep`` best feasible mentors (with an attribute,
        also its ``keep`` best that have it), and each mentor's ``MENTOR_DEPTH`` x capacity
        best mentees among those that have it in their ``POOL`` x ``keep`` best; every
        feasible pair when ``keep`` is None. Counts feasible mentors per mentee on the way."""
        self.feasible = np.zeros(self.n, dtype=np.int64)
        parts: list[Edges] = []
        step = max(1, BLOCK_CELLS // max(self.m, 1))
        for start in range(0, self.n, step):
            rows = np.arange(start, min(start + step, self.n))
            block = self.scores(rows)
            self.feasible[rows] = np.count_nonzero(block > -np.inf, axis=1)
            solving = self.pinned_col[rows] < 0
            if not solving.all():
                block, rows = block[solving], rows[solving]
            flagged = self._flag_block(attribute, rows) if attribute else None
            parts.append(self._best(rows, block, keep, flagged))
            if flagged is not None:
                parts.append(self._best(rows, np.where(flagged, block, -np.inf), keep, flagged))
        edges = Edges.join(parts)
        if keep is None:
            return edges
        edges = edges.union(Edges.join([]), self.m) if len(parts) > 1 else edges
        # Each mentor's best from the pool, then the pool is cut back to the chosen: one sort
        # by mentor, best first (np.lexsort is eight times slower).
        points = np.clip(edges.scores.astype(np.int64), 0, UNITS)
        order = np.argsort(edges.cols * (UNITS + 1) + (UNITS - points))
        cols = edges.cols[order]
        first = np.searchsorted(cols, np.arange(self.m))
        rank = np.empty(order.size, dtype=np.int64)
        rank[order] = np.arange(order.size) - first[cols]
        chosen = edges.near | (rank < MENTOR_DEPTH * self.capacity_left[edges.cols])
        return edges.take(chosen)

    def feasible_edges(self, rows: Ints) -> Edges:
        step = max(1, BLOCK_CELLS // max(self.m, 1))
        return Edges.join(
            [
                self._best(part, self.scores(part), None, None)
                for part in np.array_split(rows, max(1, -(-rows.size // step)))
            ]
        )

    def _best(self, rows: Ints, block: Floats, keep: int | None, flagged: Bools | None) -> Edges:
        """Each row's ``POOL`` x ``keep`` best, ``near`` marking its ``keep`` best. Scores are
        coarse, so ties at the last place are kept too, unless there are so many that the row
        takes an arbitrary ``keep`` of them."""
        m = block.shape[1]
        feasible = block > -np.inf
        if keep is None or keep >= m:
            chosen = near = feasible
        else:
            wide = min(keep * POOL, m)
            # One partition for the pool, a small one inside it (two kth at once is 3x slower).
            pool = np.partition(block, m - wide, axis=1)[:, m - wide :]
            last = np.partition(pool, wide - keep, axis=1)[:, wide - keep]
            near = (block >= last[:, None]) & feasible
            chosen = (block >= pool[:, :1]) & feasible
            # A pool swamped by ties is cut back to the row's own best.
            swamped = np.flatnonzero(np.count_nonzero(chosen, axis=1) > 2 * wide)
            chosen[swamped] = near[swamped]
            crowded = np.flatnonzero(np.count_nonzero(near, axis=1) > 2 * keep)
            if crowded.size:
                top = np.argpartition(block[crowded], m - keep, axis=1)[:, m - keep :]
                near[crowded] = False
                near[crowded[:, None], top] = feasible[crowded[:, None], top]
        local, cols = np.nonzero(chosen)
        flags = flagged[local, cols] if flagged is not None else np.zeros(local.size, bool)
        return Edges(
            rows[local], cols.astype(np.int64), block[local, cols], flags, near[local, cols]
        )

    def _flag_block(self, attribute: Attribute, rows: Ints) -> Bools:
        mine, theirs = self.codes[_ATTRIBUTES[attribute]]
        a, b = mine[rows][:, None], theirs[None, :]
        return (a != b) & (a >= 0) & (b >= 0)

    def flags(self, attribute: Attribute, rows: Ints, cols: Ints) -> Bools:
        mine, theirs = self.codes[_ATTRIBUTES[attribute]]
        a, b = mine[rows], theirs[cols]
        return (a != b) & (a >= 0) & (b >= 0)

    def augmenting_edges(self, assignment: Ints) -> Edges | None:
        """None when no augmenting path exists in the unpruned graph (the count matched is
        maximum); else every feasible edge of the mentees the search went through."""
        solving = self.pinned_col < 0
        unmatched = np.flatnonzero(solving & (assignment < 0) & (self.feasible > 0))
        taken = np.bincount(assignment[solving & (assignment >= 0)], minlength=self.m)
        spare = taken < self.capacity_left
        if not unmatched.size or not spare.any():
            return None
        seen_rows = np.zeros(self.n, dtype=bool)
        seen_cols = np.zeros(self.m, dtype=bool)
        frontier, found = unmatched, []
        while frontier.size:
            seen_rows[frontier] = True
            found.append(self.feasible_edges(frontier))
            reached = np.zeros(self.m, dtype=bool)
            reached[found[-1].cols] = True
            new = reached & ~seen_cols
            if (new & spare).any():
                return Edges.join(found)
            seen_cols |= new
            frontier = np.flatnonzero(solving & ~seen_rows & (assignment >= 0))
            frontier = frontier[new[assignment[frontier]]]
        return None

    # Rules and explanations, pair by pair

    def broken_rules(self, i: int, j: int) -> tuple[str, ...]:
        key = i * self.m + j
        broken = [
            rule
            for rule, keys in self.rule_pairs.items()
            if keys.size and keys[min(int(np.searchsorted(keys, key)), keys.size - 1)] == key
        ]
        gi, gj = self.group_i[i], self.group_j[j]
        if not self.group_language[gi, gj]:
            broken.append("no_shared_language")
        if not self.group_hours_ok[gi, gj]:
            broken.append("too_few_shared_hours")
        if self.capacity_left[j] <= 0:
            broken.append("mentor_full")
        return tuple(rule for rule in RULES if rule in broken)

    def explain_all(self, assignment: Ints) -> list[Pair]:
        rows = np.flatnonzero(assignment >= 0)
        cols = assignment[rows]
        hours = self.group_hours[self.group_i[rows], self.group_j[cols]].tolist()
        pinned = (self.pinned_col[rows] >= 0).tolist()
        collecting = gc.isenabled()
        gc.disable()  # for tens of thousands of small objects the collector would run often
        try:
            return [
                self.explain(i, j, pin, hour)
                for i, j, pin, hour in zip(rows.tolist(), cols.tolist(), pinned, hours, strict=True)
            ]
        finally:
            if collecting:
                gc.enable()

    def explain(self, i: int, j: int, pinned: bool = False, hours: float | None = None) -> Pair:
        """The exact score, criterion by criterion, from the records themselves."""
        mentee, mentor = self.mentees[i], self.mentors[j]
        if hours is None:
            hours = float(self.group_hours[self.group_i[i], self.group_j[j]])
        covered = mentee.wants & mentor.offers
        shared = mentee.goals & mentor.goals
        met, missed = preferences_met(mentee, mentor)
        values = {
            "competencies": len(covered) / len(mentee.wants) if mentee.wants else 0.0,
            "shared_hours": min(hours / self.rules.full_score_hours, 1.0),
            "cross_region": differ(mentee.region, mentor.region),
            "cross_function": differ(mentee.function, mentor.function),
            "goals": len(shared) / len(mentee.goals) if mentee.goals else 0.0,
            "industry": float(bool(mentee.industry) and mentee.industry == mentor.industry),
            "preferences": len(met) / (len(met) + len(missed)) if met or missed else 0.0,
        }
        weight = self.weight_of
        breakdown = {name: weight[name] * value for name, value in values.items()}
        scored = sorted((n for n in CRITERIA if breakdown[n]), key=lambda n: -breakdown[n])
        reasons = []
        for name in scored:
            if name == "competencies":
                detail: dict[str, Any] = {
                    "covered": sorted_keys(covered),
                    "wanted": len(mentee.wants),
                }
            elif name == "goals":
                detail = {"shared": sorted_keys(shared), "wanted": len(mentee.goals)}
            elif name == "shared_hours":
                detail = {"hours": hours}
            elif name == "preferences":
                detail = {"met": met, "missed": missed}
            elif name == "industry":
                detail = {"industry": mentee.industry}
            else:
                attribute = "region" if name == "cross_region" else "function"
                detail = {
                    "mentee": getattr(mentee, attribute),
                    "mentor": getattr(mentor, attribute),
                }
            reasons.append(Reason(name, breakdown[name], detail))
        return Pair(
            mentee.id, mentor.id, sum(breakdown.values()), breakdown, values, tuple(reasons), pinned
        )

    def total(self, assignment: Ints) -> float:
        return sum(pair.score for pair in self.explain_all(assignment))

    # The result

    def result(
        self,
        assignment: Ints,
        edges: Edges,
        solver: str,
        candidates: int | None,
        certified: bool,
        target: TargetReport | None,
        timer: Timer,
    ) -> MatchResult:
        pairs = tuple(self.explain_all(assignment))
        eliminated = self._eliminated()
        unmatched = tuple(
            Unmatched(
                mentee=self.mentees[i].id,
                why="capacity_exhausted" if self.feasible[i] else "no_feasible_mentor",
                feasible_mentors=int(self.feasible[i]),
                eliminated_by={
                    rule: int(counts[i]) for rule, counts in eliminated.items() if counts[i]
                },
            )
            for i in np.flatnonzero(assignment < 0).tolist()
        )
        timer.lap("explain")
        scores = np.array([pair.score for pair in pairs])
        marks = {"min": 0, "p10": 10, "p25": 25, "median": 50, "p75": 75, "p90": 90, "max": 100}
        rules = dataclasses.asdict(self.rules)
        rules["reference_week"] = self.rules.reference_week.isoformat()
        diagnostics = Diagnostics(
            solver=solver,
            mentees=self.n,
            mentors=self.m,
            capacity=int(self.capacity.sum()),
            pinned=self.counts["pinned"],
            forbidden=self.counts["forbidden"],
            earlier_pairs=self.counts["earlier_pairs"],
            feasible_pairs=int(self.feasible.sum()),
            candidate_pairs=int(edges.rows.size),
            candidates_per_mentee=candidates,
            matched=len(pairs),
            unmatched=len(unmatched),
            max_matched_certified=certified,
            total_score=float(scores.sum()),
            mean_score=float(scores.mean()) if pairs else None,
            worst_score=float(scores.min()) if pairs else None,
            quantiles={k: float(np.percentile(scores, q)) for k, q in marks.items()}
            if pairs
            else {},
            eliminated_by={rule: int(counts.sum()) for rule, counts in eliminated.items()},
            weights=dataclasses.asdict(self.weights),
            rules=rules,
            target=target,
            timings=timer.laps(),
        )
        return MatchResult(pairs, unmatched, diagnostics)

    def _eliminated(self) -> dict[str, Ints]:
        """For each mentee and rule, how many mentors the rule rules out."""
        per_group = np.bincount(self.group_j, minlength=self.group_score.shape[1])
        eliminated = {
            rule: np.bincount(keys // max(self.m, 1), minlength=self.n)
            for rule, keys in self.rule_pairs.items()
            if rule != "mentor_full"
        }
        eliminated["no_shared_language"] = (~self.group_language).astype(np.int64) @ per_group
        eliminated["no_shared_language"] = eliminated["no_shared_language"][self.group_i]
        hours = (~self.group_hours_ok).astype(np.int64) @ per_group
        eliminated["too_few_shared_hours"] = hours[self.group_i]
        eliminated["mentor_full"] = np.full(self.n, int((self.capacity_left <= 0).sum()))
        return {rule: eliminated[rule] for rule in RULES}


_ATTRIBUTES: dict[str, str] = {"cross_region": "region", "cross_function": "function"}
