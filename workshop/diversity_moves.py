"""Suggested moves of participants between the tables of one priority (DESIGN.md, "Diversity").

A small form of the maximally diverse grouping problem (Weitz & Lakshminarayanan 1998): move
at most `max_moves` participants so that the tables' flags clear as far as possible.

- Objective, compared lexicographically, smaller is better: (tables needing people, tables
  lacking, tables warned, flags in all, moves).
- Never worse: a grouping is allowed only when, at every table, the state ranks no higher
  (ok < warn < lacking < needs_people) and no flag is new (a flag is a reason code, a missing
  helix one by one). So a table needing people is helped only if it becomes ok, and the empty
  move list, always allowed, is the fallback.
- Each participant moves at most once; nobody moves to an empty table (an unused table is not
  short of people) nor makes a table larger than its capacity.
- `exhaustive_moves` tries every allowed set of moves; `local_search_moves` is a beam search
  over the same moves; `suggest_moves` uses the exhaustive search while it has at most
  EXHAUSTIVE_LIMIT candidates (every instance of ≤ 8 people with max_moves ≤ 3) and the beam
  search beyond. Tables still flagged afterwards get the organisation types to invite.
"""

import heapq
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations, product
from math import comb
from operator import itemgetter
from typing import NamedTuple

from workshop.diversity import (
    DEFAULT_RULES,
    LACKING,
    NEEDS_PEOPLE,
    OK,
    STATE_RANK,
    WARN,
    DiversityRules,
    Member,
    TableVerdict,
    table_verdict,
)

EXHAUSTIVE_LIMIT = 25_000  # move sets; above it suggest_moves searches locally
BEAM_WIDTH = 24
Tables = Mapping[Hashable, Sequence[Member]]
Capacities = Mapping[Hashable, int | None] | None


@dataclass(frozen=True)
class Move:
    participant_id: Hashable
    from_table: Hashable
    to_table: Hashable


class Objective(NamedTuple):
    needs_people: int
    lacking: int
    warned: int
    flags: int
    moves: int


@dataclass(frozen=True)
class MoveSuggestion:
    moves: tuple[Move, ...]
    objective: Objective  # after the moves
    before: Objective  # of the tables as they are
    verdicts: dict[Hashable, TableVerdict]  # after the moves
    invite: dict[Hashable, tuple[str, ...]]  # tables still flagged → types to invite


def is_worse(before: TableVerdict, after: TableVerdict) -> bool:
    """Tell whether a table's verdict got worse: a higher state or a new flag."""
    return STATE_RANK[after.state] > STATE_RANK[before.state] or not after.flags <= before.flags


def _score(verdict: TableVerdict) -> tuple[int, int, int, int]:
    """Return a table's share of the objective: needs people, lacking, warned, flags."""
    state = verdict.state
    return (state == NEEDS_PEOPLE, state == LACKING, state == WARN, len(verdict.flags))


class _Instance:
    """The tables and people numbered, with the cached effect of each change to a table."""

    def __init__(self, tables, rules, capacities):
        self.ids = list(tables)
        self.members = [tuple(tables[t]) for t in self.ids]
        self.rules = rules
        self.capacity = [(capacities or {}).get(t) for t in self.ids]
        self.before = [table_verdict(ms, rules) for ms in self.members]
        self.people = [(t, i) for t, ms in enumerate(self.members) for i in range(len(ms))]
        # People alike for every verdict: same table, organisation and type.
        kinds: dict = {}
        self.kind = [
            kinds.setdefault((t, m.organisation_key, m.org_type), len(kinds))
            for t, ms in enumerate(self.members)
            for m in ms
        ]
        self.previous_alike: list[int | None] = []
        last: dict[int, int] = {}
        for person, kind in enumerate(self.kind):
            self.previous_alike.append(last.get(kind))
            last[kind] = person
        self.targets = [t for t, ms in enumerate(self.members) if ms]
        scores = [_score(v) for v in self.before]
        self.base = tuple(sum(s[i] for s in scores) for i in range(4))
        self._effects: dict = {}

    def destinations(self, person: int) -> list[int]:
        """Return the tables this person may move to."""
        return [t for t in self.targets if t != self.people[person][0]]

    def effect(self, table: int, leaving: frozenset, arriving: frozenset) -> tuple:
        """Return a changed table's (verdict, change of score, made worse) (cached)."""
        key = (table, leaving, arriving)
        if key not in self._effects:
            stay = [m for i, m in enumerate(self.members[table]) if i not in leaving]
            come = [self.members[t][i] for t, i in (self.people[p] for p in sorted(arriving))]
            after, before = table_verdict(stay + come, self.rules), self.before[table]
            cap = self.capacity[table]
            too_large = cap is not None and before.members < after.members > cap
            delta = tuple(a - b for a, b in zip(_score(after), _score(before), strict=True))
            self._effects[key] = (after, delta, too_large or is_worse(before, after))
        return self._effects[key]

    def changes(self, moves) -> dict[int, tuple[frozenset, frozenset]]:
        """Return each changed table's (indices of those leaving, people arriving)."""
        leaving: dict[int, set] = {}
        arriving: dict[int, set] = {}
        for person, to in moves:
            t, i = self.people[person]
            leaving.setdefault(t, set()).add(i)
            arriving.setdefault(to, set()).add(person)
        tables = leaving.keys() | arriving.keys()
        return {t: (frozenset(leaving.get(t, ())), frozenset(arriving.get(t, ()))) for t in tables}

    def evaluate(self, moves) -> tuple[int, Objective, tuple]:
        """Return (tables made worse, objective, objective over the tables not made worse)."""
        totals, hopeful, worse = list(self.base), list(self.base), 0
        for t, (leaving, arriving) in self.changes(moves).items():
            _, delta, made_worse = self.effect(t, leaving, arriving)
            totals = [a + d for a, d in zip(totals, delta, strict=True)]
            if made_worse:
                worse += 1
            else:
                hopeful = [a + d for a, d in zip(hopeful, delta, strict=True)]
        return worse, Objective(*totals, len(moves)), tuple(hopeful)

    def candidates(self, max_moves: int) -> int:
        """Return how many move sets the exhaustive search would try."""
        reach = max(len(self.targets) - 1, 0)
        return sum(comb(len(self.people), k) * reach**k for k in range(max_moves + 1))

    def suggestion(self, moves) -> MoveSuggestion:
        """Return the suggestion for these moves."""
        _, objective, _ = self.evaluate(moves)
        verdicts = list(self.before)
        for t, (leaving, arriving) in self.changes(moves).items():
            verdicts[t] = self.effect(t, leaving, arriving)[0]
        shown = tuple(
            Move(self.members[t][i].participant_id, self.ids[t], self.ids[to])
            for (t, i), to in ((self.people[p], to) for p, to in sorted(moves))
        )
        return MoveSuggestion(
            moves=shown,
            objective=objective,
            before=Objective(*self.base, 0),
            verdicts=dict(zip(self.ids, verdicts, strict=True)),
            invite={
                self.ids[t]: v.invite for t, v in enumerate(verdicts) if v.state != OK and v.invite
            },
        )


def _exhaustive(instance: _Instance, max_moves: int) -> tuple:
    """Return the first best allowed move set, trying every set of at most max_moves moves."""
    best, best_objective = (), Objective(*instance.base, 0)
    for k in range(1, max_moves + 1):
        if best_objective[:4] == (0, 0, 0, 0):
            break  # nothing flagged is left: more moves cannot be better
        for persons in combinations(range(len(instance.people)), k):
            for tos in product(*(instance.destinations(p) for p in persons)):
                moves = tuple(zip(persons, tos, strict=True))
                worse, objective, _ = instance.evaluate(moves)
                if not worse and objective < best_objective:
                    best, best_objective = moves, objective
    return best


class _Beam:
    """A beam search over move sets, grown one move (or one swap) at a time."""

    def __init__(self, instance: _Instance, max_moves: int, beam_width: int | None):
        self.instance, self.max_moves, self.width = instance, max_moves, beam_width
        self.best, self.best_objective = (), Objective(*instance.base, 0)
        self.seen: set[tuple] = {()}
        self.levels: dict[int, list] = {k: [] for k in range(1, max_moves + 1)}

    def consider(self, step: tuple) -> None:
        """Evaluate a move set once per set of alike people, and keep it for its level."""
        step = tuple(sorted(step))
        alike = tuple(sorted((self.instance.kind[p], t) for p, t in step))
        if alike in self.seen or len(step) > self.max_moves:
            return
        self.seen.add(alike)
        worse, objective, hopeful = self.instance.evaluate(step)
        if not worse and objective < self.best_objective:
            self.best, self.best_objective = step, objective
        self.levels[len(step)].append(
            ((worse, objective[:4]), (objective[:4], worse), hopeful, step)
        )

    def movable(self, moved: set) -> list[int]:
        """Return the people who may move next: of people alike, the first unmoved only."""
        alike_before = self.instance.previous_alike
        return [
            p for p in range(len(self.instance.people))
            if p not in moved and (alike_before[p] is None or alike_before[p] in moved)
        ]  # fmt: skip

    def keep(self, scored: list) -> list[tuple]:
        """Return the move sets to grow: all, or the best by each of the three rankings."""
        if self.width is None:
            return [s[-1] for s in scored]
        part = max(1, self.width // 3)
        kept = [heapq.nsmallest(part, scored, key=itemgetter(k)) for k in range(3)]
        return list(dict.fromkeys(s[-1] for best_part in kept for s in best_part))

    def run(self) -> tuple:
        """Return the best allowed move set met."""
        people = self.instance.people
        if self.max_moves >= 2:  # swaps from where we start, as one step of two moves
            for p, q in combinations(self.movable(set()), 2):
                if people[p][0] != people[q][0]:
                    self.consider(((p, people[q][0]), (q, people[p][0])))
        frontier: list[tuple] = [()]
        for size in range(1, self.max_moves + 1):
            if self.best_objective[:4] == (0, 0, 0, 0):
                break
            for moves in frontier:
                for person in self.movable({p for p, _ in moves}):
                    for to in self.instance.destinations(person):
                        self.consider((*moves, (person, to)))
            frontier = self.keep(self.levels[size])
        return _fewest(self.instance, self.best)


def _fewest(instance: _Instance, moves: tuple) -> tuple:
    """Return the smallest subset of these moves that is allowed and gains as much."""
    _, goal, _ = instance.evaluate(moves)
    for k in range(len(moves)):
        for subset in combinations(moves, k):
            worse, objective, _ = instance.evaluate(subset)
            if not worse and objective[:4] == goal[:4]:
                return subset
    return moves


def exhaustive_moves(
    tables: Tables,
    rules: DiversityRules = DEFAULT_RULES,
    max_moves: int = 3,
    capacities: Capacities = None,
) -> MoveSuggestion:
    """Return the best allowed moves by trying every set of at most max_moves moves."""
    instance = _Instance(tables, rules, capacities)
    return instance.suggestion(_exhaustive(instance, max(0, max_moves)))


def local_search_moves(
    tables: Tables,
    rules: DiversityRules = DEFAULT_RULES,
    max_moves: int = 3,
    capacities: Capacities = None,
    beam_width: int | None = BEAM_WIDTH,
) -> MoveSuggestion:
    """Return the best allowed moves found by a beam search; beam_width None tries all."""
    # Every swap is tried first. The beam then keeps the most promising move sets of each
    # size, a third each ranked by (tables made worse, objective), by (objective, tables made
    # worse) and by what the tables not made worse gained, so that a longer chain can pass
    # through steps that are not allowed yet. Last, moves that gain nothing are dropped.
    instance = _Instance(tables, rules, capacities)
    return instance.suggestion(_Beam(instance, max(0, max_moves), beam_width).run())


def suggest_moves(
    tables: Tables,
    rules: DiversityRules = DEFAULT_RULES,
    max_moves: int = 3,
    capacities: Capacities = None,
) -> MoveSuggestion:
    """Return a few moves that clear the most flags without making any table worse."""
    instance = _Instance(tables, rules, capacities)
    max_moves = max(0, max_moves)
    if instance.candidates(max_moves) <= EXHAUSTIVE_LIMIT:
        return instance.suggestion(_exhaustive(instance, max_moves))
    return instance.suggestion(_Beam(instance, max_moves, BEAM_WIDTH).run())
