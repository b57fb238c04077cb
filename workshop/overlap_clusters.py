"""Overlaps across a whole workshop at once, scored as `overlap.related` scores one draft.

- `clusters`: drafts at different tables that resemble each other (score ≥ THRESHOLD),
  grouped by average linkage for the facilitator's overview; a pair marked "not related"
  counts as not similar. A cluster always spans two tables or more.
- `related_all`: for every draft the mapped projects and the drafts of other tables it
  resembles, best first, for the exports.

Both put the drafts (and projects) in one TF-IDF space (`overlap.Index`) and compare them
with one matrix product, never a loop of `related()` calls. Weights are learnt as
`related()` learns them: from the mapped projects when there are at least
`overlap.MIN_BACKGROUND`, else from the projects and all the drafts together. Texts in
different languages are compared by their glossary concepts, as `overlap.Index.scores`
does. Drafts with no text never overlap.

The live overview is rebuilt up to twice a second while people type, and fitting a space
for 200 drafts costs 0.1–1 s of CPU, so `DraftSpace` keeps a workshop's space and refits it
only now and then (`REFIT_AFTER`, or sooner while the text grows fast), transforming just
the drafts whose text changed; `ClusterCache` keeps the clusters while the drafts stand
still and recomputes at most once per interval. The last section reads what these need
from the database. No Flask here.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np
import scipy.sparse as sp
import sqlalchemy as sa
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sqlalchemy.orm import Session

from workshop import overlap
from workshop.mapping import strategy_of
from workshop.models import Idea, IdeaOverlapDismissal, MappedProject

T = TypeVar("T")
# A workshop's own space (fewer than MIN_BACKGROUND projects) is learnt again when its
# drafts changed and it is this old (seconds), or sooner when their text grew by half since
# (early in a workshop, while learning is cheap). Learning blocks the server for 0.3–1 s
# with 200 drafts (bench/overview.py); meanwhile words typed since are scored by the
# n-grams the space knows.
REFIT_AFTER = 300.0
REFIT_GROWN_AFTER = 10.0
INTERVAL = 3.0  # seconds: the clusters of a changing workshop are recomputed at most this often


@dataclass(frozen=True)
class Draft:
    id: int
    table_id: int | None
    text: str  # overlap.draft_text of its fields: title, need, goals, actions


@dataclass(frozen=True)
class Cluster:
    ideas: tuple[int, ...]  # ids, ascending
    score: float  # the strongest pair in it


@dataclass(frozen=True)
class Related:
    projects: list[overlap.Match]  # best first
    ideas: list[overlap.Match]  # drafts at other tables, best first


def pair(a: int, b: int) -> tuple[int, int]:
    """Return a pair of ids in a fixed order: a dismissed pair of drafts holds both ways."""
    return (a, b) if a <= b else (b, a)


# -- one space, one product -----------------------------------------------------------------


def _rows(rows, indices) -> overlap.Vectors:
    """Return some rows of `overlap.Vectors` (a slice or a list of positions)."""
    if isinstance(indices, slice):
        languages = tuple(rows.languages[indices])
    else:
        languages = tuple(rows.languages[i] for i in indices)
    return overlap.Vectors(
        chars=sp.csr_matrix(rows.chars)[indices],
        languages=languages,
        concepts=None if rows.concepts is None else sp.csr_matrix(rows.concepts)[indices],
    )


def _stack(rows: Sequence[overlap.Vectors]) -> overlap.Vectors:
    return overlap.Vectors(
        chars=sp.vstack([r.chars for r in rows], format="csr"),
        languages=tuple(lang for r in rows for lang in r.languages),
        concepts=None
        if any(r.concepts is None for r in rows)
        else sp.vstack([r.concepts for r in rows], format="csr"),
    )


def space(
    draft_texts: Sequence[str],
    project_texts: Sequence[str] = (),
    indexes: overlap.IndexCache | None = None,
):
    """Return (drafts' rows, projects' rows) as `overlap.Vectors` of one freshly learnt
    space, or (None, None) when the texts hold no n-gram at all."""
    n = len(project_texts)
    try:
        if n >= overlap.MIN_BACKGROUND:
            index = overlap.project_index(list(project_texts), indexes)
            return index.vectors(list(draft_texts)), index.projects(n)
        # Learnt from everything at hand, as related() does; the index's rows are the texts'.
        index = overlap.Index([*project_texts, *draft_texts])
    except ValueError:  # an empty vocabulary: nothing but blanks and single letters
        return None, None
    every = index.projects(n + len(draft_texts))
    return _rows(every, slice(n, n + len(draft_texts))), _rows(every, slice(0, n))


class DraftSpace:
    """One workshop's drafts in a TF-IDF space kept between recomputes: rows are cached
    by text, so a recompute transforms only the drafts whose text changed.

    With at least MIN_BACKGROUND projects the space is the cached project index and never
    goes stale. Otherwise it was learnt from the projects and the drafts as they were at
    `fitted_at`; `stale` tells when to learn it again."""

    def __init__(
        self,
        draft_texts: Sequence[str],
        project_texts: Sequence[str] = (),
        background: object = None,
        clock: Callable[[], float] = time.monotonic,
        indexes: overlap.IndexCache | None = None,
    ) -> None:
        self.background = background
        self.clock = clock
        self.fitted_at = clock()
        self.fitted_texts = frozenset(draft_texts)
        self.fitted_chars = sum(map(len, draft_texts))
        self.shared = len(project_texts) >= overlap.MIN_BACKGROUND
        self._rows: dict[str, overlap.Vectors] = {}
        self._lock = threading.Lock()
        self.index = None
        texts = [*project_texts, *dict.fromkeys(draft_texts)]
        if not any(t.strip() for t in texts):
            return  # nothing to learn from yet
        try:
            if self.shared:
                self.index = overlap.project_index(list(project_texts), indexes)
                return
            self.index = overlap.Index(texts)
        except ValueError:  # no n-gram at all
            self.index = None
            return
        n = len(project_texts)
        every = self.index.projects(len(texts))
        for position, text in enumerate(texts[n:], start=n):
            self._rows[text] = _rows(every, slice(position, position + 1))

    def rows(self, texts: Sequence[str]) -> overlap.Vectors | None:
        """Return the rows of these texts (None when the space has no vocabulary)."""
        if self.index is None:
            return None
        if self.shared:  # the project index caches draft vectors by text itself
            return self.index.vectors(list(texts))
        with self._lock:  # the overview may be built by two threads at once
            missing = [t for t in dict.fromkeys(texts) if t not in self._rows]
            if missing:
                new = self.index.vectors(missing)
                for position, text in enumerate(missing):
                    self._rows[text] = _rows(new, slice(position, position + 1))
            current = set(texts)
            if len(self._rows) > 2 * len(current) + 100:  # forget texts typed over long ago
                self._rows = {t: r for t, r in self._rows.items() if t in current}
            rows = [self._rows[t] for t in texts]
        return _stack(rows)

    def stale(self, draft_texts: Sequence[str], background: object) -> bool:
        """Tell whether the space should be learnt again for these drafts."""
        if background != self.background:
            return True
        if self.index is None:
            return any(t.strip() for t in draft_texts)
        if self.shared or self.fitted_texts == frozenset(draft_texts):
            return False
        age = self.clock() - self.fitted_at
        grown = sum(map(len, draft_texts)) > 1.5 * self.fitted_chars + 200
        return age >= REFIT_AFTER or (grown and age >= REFIT_GROWN_AFTER)


def clusters(
    drafts: Sequence[Draft],
    dismissed: Collection[tuple[int, int]] = (),
    project_texts: Sequence[str] = (),
    threshold: float = overlap.THRESHOLD,
    draft_space: DraftSpace | None = None,
) -> list[Cluster]:
    """Return the groups of drafts that overlap across tables, strongest first.

    Drafts with text at a table are grouped by average linkage: two groups join while the
    average score of their pairs is at least `threshold` (a pair in `dismissed`, as
    `pair(a, b)`, counts as not similar at all). Connected components would chain drafts of
    one theme into one cluster of a whole priority; this keeps each group's drafts close
    to each other. A group is a cluster when it spans two tables or more and its strongest
    pair of drafts at different tables (not dismissed) scores at least `threshold`.
    Scored in `draft_space` when given, else in a space learnt now.
    """
    drafts = list(drafts)
    live = [n for n, d in enumerate(drafts) if d.table_id is not None and d.text.strip()]
    if len(live) < 2:
        return []
    if draft_space is not None:
        rows = draft_space.rows([drafts[n].text for n in live])
    else:
        matrix, _ = space([d.text for d in drafts], project_texts)
        rows = None if matrix is None else _rows(matrix, live)
    if rows is None:
        return []
    scores = overlap.score_matrix(rows, rows)
    ids = [drafts[n].id for n in live]
    tables = np.array([drafts[n].table_id for n in live])
    for i, j in _dismissed_positions(ids, dismissed):
        scores[i, j] = scores[j, i] = 0.0
    distances = np.clip(1.0 - (scores + scores.T) / 2, 0.0, 1.0)
    np.fill_diagonal(distances, 0.0)
    tree = linkage(squareform(distances, checks=False), method="average")
    groups: dict[int, list[int]] = {}
    for position, label in enumerate(fcluster(tree, 1.0 - threshold, criterion="distance")):
        groups.setdefault(int(label), []).append(position)
    found = []
    for members in groups.values():
        if len(members) < 2 or len({int(tables[m]) for m in members}) < 2:
            continue
        block = scores[np.ix_(members, members)]
        across = tables[members][:, None] != tables[members][None, :]
        strongest = float(block[across].max())
        if strongest >= threshold:
            found.append(Cluster(tuple(sorted(ids[m] for m in members)), round(strongest, 4)))
    return sorted(found, key=lambda c: (-c.score, c.ideas[0]))


def _dismissed_positions(ids: list[int], dismissed: Collection[tuple[int, int]]):
    if not dismissed:
        return []
    at = {idea_id: n for n, idea_id in enumerate(ids)}
    return [(at[a], at[b]) for a, b in dismissed if a in at and b in at]


def related_all(
    drafts: Sequence[Draft],
    projects: Sequence[tuple[int, str]],
    dismissed_projects: Collection[tuple[int, int]] = (),
    dismissed_ideas: Collection[tuple[int, int]] = (),
    threshold: float = overlap.THRESHOLD,
    limit: int = 5,
) -> dict[int, Related]:
    """Return for every draft the projects and the drafts of other tables scoring at least
    `threshold`, best first, at most `limit` of each, without the dismissed
    (idea id, project id) pairs and `pair(a, b)` pairs of drafts. A draft with no table
    counts as at another table than any other draft; a draft with no text matches nothing."""
    drafts = list(drafts)
    found = {d.id: Related([], []) for d in drafts}
    has_text = np.array([bool(d.text.strip()) for d in drafts], dtype=bool)
    if not has_text.any():
        return found
    matrix, project_rows = space([d.text for d in drafts], [text for _, text in projects])
    if matrix is None:
        return found
    project_scores = overlap.score_matrix(matrix, project_rows) if projects else None
    idea_scores = overlap.score_matrix(matrix, matrix) if len(drafts) > 1 else None
    if idea_scores is not None:
        tables = np.array([-1 if d.table_id is None else d.table_id for d in drafts])
        no_table = np.array([d.table_id is None for d in drafts])
        other = (tables[:, None] != tables[None, :]) | no_table[:, None] | no_table[None, :]
        np.fill_diagonal(other, False)
        idea_scores[~(other & has_text[None, :])] = 0.0
    skip_projects: dict[int, set[int]] = {}
    for idea_id, project_id in dismissed_projects:
        skip_projects.setdefault(idea_id, set()).add(project_id)
    skip_ideas: dict[int, set[int]] = {}
    for a, b in dismissed_ideas:
        skip_ideas.setdefault(a, set()).add(b)
        skip_ideas.setdefault(b, set()).add(a)
    project_ids = [project_id for project_id, _ in projects]
    idea_ids = [d.id for d in drafts]
    for n, draft in enumerate(drafts):
        if not has_text[n]:
            continue
        found[draft.id] = Related(
            _best(
                "project", project_ids, project_scores, n, skip_projects, draft.id, threshold, limit
            ),
            _best("idea", idea_ids, idea_scores, n, skip_ideas, draft.id, threshold, limit),
        )
    return found


def _best(kind, ids, scores, n, skip, idea_id, threshold: float, limit: int):
    if scores is None:
        return []
    row = scores[n]
    hits = np.flatnonzero(row >= threshold)
    ranked = sorted(hits, key=lambda k: (-row[k], ids[k]))
    left_out = skip.get(idea_id, ())
    kept = [k for k in ranked if ids[k] not in left_out][:limit]
    return [overlap.Match(kind, ids[k], round(float(row[k]), 4)) for k in kept]


# -- caches ---------------------------------------------------------------------------------


@dataclass
class _Entry(Generic[T]):
    key: bytes
    value: T
    at: float
    wanted: bytes  # the newest key asked for: differs from `key` while a recompute waits


class ClusterCache(Generic[T]):
    """One value per workshop, computed again only when its key changed, and then at most
    once per `interval` seconds: in between, the last value is answered and `retry_in`
    tells when asking again will compute the new one."""

    def __init__(
        self,
        interval: float = INTERVAL,
        size: int = 64,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval = interval
        self.size = size
        self.clock = clock
        self.computed = 0  # how many times a value was computed (for tests and benchmarks)
        self._entries: OrderedDict[int, _Entry[T]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, workshop_id: int, key: bytes, compute: Callable[[], T]) -> T:
        with self._lock:
            entry = self._entries.get(workshop_id)
            if entry is not None:
                self._entries.move_to_end(workshop_id)
                entry.wanted = key
                if entry.key == key or self.clock() - entry.at < self.interval:
                    return entry.value
        value = compute()
        with self._lock:
            self.computed += 1
            self._entries[workshop_id] = _Entry(key, value, self.clock(), key)
            self._entries.move_to_end(workshop_id)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def retry_in(self, workshop_id: int) -> float | None:
        """Return the seconds until a changed workshop's value may be computed again, or
        None when the value answered is up to date."""
        with self._lock:
            entry = self._entries.get(workshop_id)
            if entry is None or entry.wanted == entry.key:
                return None
            return max(0.0, self.interval - (self.clock() - entry.at))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


SETTLED_SECONDS = 15.0  # how long another draft's compared text may lag behind its typing
SETTLED_MAX = 20000  # ideas whose compared text is kept


class SpaceCache:
    """Each workshop's `DraftSpace`, learnt again when it goes stale."""

    def __init__(
        self,
        size: int = 16,
        clock: Callable[[], float] = time.monotonic,
        indexes: overlap.IndexCache | None = None,
    ) -> None:
        self.size = size
        self.clock = clock
        self.indexes = overlap.IndexCache() if indexes is None else indexes
        self.fitted = 0  # how many spaces were learnt (for tests and benchmarks)
        self._spaces: OrderedDict[int, DraftSpace] = OrderedDict()
        # idea id -> (its text as last compared, when): see `settled`
        self._compared: OrderedDict[int, tuple[str, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(
        self,
        workshop_id: int,
        draft_texts: Sequence[str],
        background: object,
        project_texts: Callable[[], Sequence[str]],
    ) -> DraftSpace:
        with self._lock:
            found = self._spaces.get(workshop_id)
        if found is not None and not found.stale(draft_texts, background):
            return found
        made = DraftSpace(draft_texts, project_texts(), background, self.clock, self.indexes)
        with self._lock:
            self.fitted += 1
            self._spaces[workshop_id] = made
            self._spaces.move_to_end(workshop_id)
            while len(self._spaces) > self.size:
                self._spaces.popitem(last=False)
        return made

    def settled(self, idea_id: int, text: str) -> str:
        """Return the text to compare another draft by: its text as last compared while
        that is under SETTLED_SECONDS old and within a third of its length of the text now.

        A hint compares its draft with every other draft of the workshop; each text typed
        since the last hint would cost a TF-IDF transform (most of a hint's CPU at twenty
        busy tables). A draft being typed is compared by its text of a few seconds ago, and
        a draft that grew or shrank a lot (a new paragraph, a first sentence) at once."""
        now = self.clock()
        with self._lock:
            last = self._compared.get(idea_id)
            if last is not None and now - last[1] < SETTLED_SECONDS and _near(last[0], text):
                return last[0]
            self._compared[idea_id] = (text, now)
            self._compared.move_to_end(idea_id)
            while len(self._compared) > SETTLED_MAX:
                self._compared.popitem(last=False)
        return text

    def clear(self) -> None:
        with self._lock:
            self._spaces.clear()
            self._compared.clear()


def _near(before: str, now: str) -> bool:
    return bool(before.strip()) and abs(len(now) - len(before)) <= max(40, len(before) // 3)


def fingerprint(*parts) -> bytes:
    """Return a short digest of plain values (ints, strings, tuples and lists of them)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(repr(part).encode())
        digest.update(b"\0")
    return digest.digest()


# -- reads ----------------------------------------------------------------------------------


def dismissals(session: Session, workshop_id: int) -> tuple[set, set]:
    """Return the (idea id, project id) pairs and the `pair(a, b)` pairs of drafts marked
    "not related" in a workshop."""
    rows = session.execute(
        sa.select(
            IdeaOverlapDismissal.idea_id,
            IdeaOverlapDismissal.project_id,
            IdeaOverlapDismissal.other_idea_id,
        )
        .join(Idea, IdeaOverlapDismissal.idea_id == Idea.id)
        .where(Idea.workshop_id == workshop_id)
    )
    projects, ideas = set(), set()
    for idea_id, project_id, other_id in rows:
        if project_id is not None:
            projects.add((idea_id, project_id))
        elif other_id is not None:
            ideas.add(pair(idea_id, other_id))
    return projects, ideas


def projects_version(session: Session, strategy: str) -> tuple[int, int]:
    """Return (count, highest id) of a strategy's mapped projects: it changes when some are
    imported or removed, and is read without loading their texts."""
    count, top = session.execute(
        sa.select(sa.func.count(), sa.func.max(MappedProject.id)).where(
            MappedProject.strategy == strategy
        )
    ).one()
    return int(count or 0), int(top or 0)


def mapped_projects(session: Session, strategy: str) -> list:
    """Return a strategy's mapped projects by id."""
    return list(
        session.scalars(
            sa.select(MappedProject)
            .where(MappedProject.strategy == strategy)
            .order_by(MappedProject.id)
        )
    )


def project_texts(session: Session, strategy: str) -> list[str]:
    """Return the compared texts of a strategy's mapped projects, by id."""
    return [
        overlap.project_text(title, description or "")
        for title, description in session.execute(
            sa.select(MappedProject.title, MappedProject.description)
            .where(MappedProject.strategy == strategy)
            .order_by(MappedProject.id)
        )
    ]


def workshop_clusters(
    session: Session,
    workshop,
    drafts: Sequence[Draft],
    cache: ClusterCache,
    spaces: SpaceCache,
) -> list[Cluster]:
    """Return a workshop's clusters, from the cache while its drafts, their tables, the
    dismissals and the mapped projects stand still; while they change, recomputed at most
    once per interval (`cache.retry_in` tells when the answer may be older than the drafts)."""
    strategy = strategy_of(workshop)
    _, dismissed = dismissals(session, workshop.id)
    background = (strategy, projects_version(session, strategy))
    key = fingerprint(
        sorted((d.id, d.table_id, d.text) for d in drafts), sorted(dismissed), background
    )

    def compute() -> list[Cluster]:
        texts = [d.text for d in drafts if d.table_id is not None and d.text.strip()]
        draft_space = spaces.get(
            workshop.id,
            texts,
            background,
            lambda: project_texts(session, strategy) if background[1][0] else [],
        )
        return clusters(drafts, dismissed, draft_space=draft_space)

    return cache.get(workshop.id, key, compute)
