"""The idea update log in the database: load, append a batch in one transaction,
compact into snapshots, set aside what no longer applies. SQLAlchemy only; callers own
the session and the commit.

Loading never fails as a whole: a row that does not apply is moved to `idea_quarantine`
(kept, logged, counted) and the rest loads. A snapshot is the document's own encoding, made
from the document as it loads and checked to load back to the same document before any
row it replaces is deleted; rows that the document still holds as pending stay in the log.
"""

import functools
import logging
from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from pycrdt import Doc
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from workshop.collab.document import (
    MalformedUpdate,
    covered_by,
    crdt_call,
    encoded,
    load_tolerant,
    read_fields,
    same_state,
)
from workshop.errors import Forbidden, Locked
from workshop.i18n_markers import N_
from workshop.models import (
    Idea,
    IdeaQuarantine,
    IdeaSnapshot,
    IdeaUpdate,
    WorkshopState,
    utcnow,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Author:
    participant_id: int | None = None
    facilitator_id: int | None = None
    organisation_id: int | None = None
    org_type: str | None = None


@dataclass
class LogEntry:
    """An update accepted in memory, waiting to be written."""

    idea_id: int
    data: bytes
    author: Author
    inserted: int
    seq: int | None = None


@dataclass(frozen=True)
class LogRow:
    seq: int
    data: bytes
    snapshot: bool = False


@dataclass
class LoadedIdea:
    doc: Doc
    last_seq: int
    rows: list[LogRow]
    rejected: dict[int, str] = field(default_factory=dict)  # index in rows -> why
    quarantined: int = 0  # rows set aside now or before (0: the idea is whole)

    @property
    def damaged(self) -> bool:
        return bool(self.rejected) or self.quarantined > 0


def load_rows(session: Session, idea_id: int, after_seq: int = 0) -> list[LogRow]:
    """Return what rebuilds an idea after `after_seq`: its snapshot if newer, then every
    logged row after `after_seq` (rows a compaction kept as pending come before it)."""
    # The rows before the snapshot: a compaction committing in between (SQLite runs each
    # SELECT on its own here, PostgreSQL reads committed) then gives rows it replaced and
    # the snapshot that holds them (a superset), never an old snapshot and too few rows.
    updates = [
        LogRow(seq, data)
        for seq, data in session.execute(
            sa.select(IdeaUpdate.seq, IdeaUpdate.data)
            .where(IdeaUpdate.idea_id == idea_id, IdeaUpdate.seq > after_seq)
            .order_by(IdeaUpdate.seq)
        )
    ]
    snapshot = session.execute(
        sa.select(IdeaSnapshot.seq, IdeaSnapshot.data).where(IdeaSnapshot.idea_id == idea_id)
    ).first()
    if snapshot is not None and snapshot.seq > after_seq:
        return [LogRow(snapshot.seq, snapshot.data, snapshot=True), *updates]
    return updates


def load_idea(session: Session, idea_id: int, quarantine: bool = True) -> LoadedIdea:
    """Load an idea's document from the log, leaving out rows that do not apply; with
    `quarantine`, move those rows to the quarantine (the caller commits)."""
    rows = load_rows(session, idea_id)
    loaded = load_tolerant([row.data for row in rows])
    idea = LoadedIdea(
        loaded.doc,
        max((row.seq for row in rows), default=0),
        rows,
        loaded.rejected,
        quarantined_count(session, [idea_id]).get(idea_id, 0),
    )
    if quarantine and loaded.rejected:
        set_aside(session, idea_id, [(rows[i], why) for i, why in loaded.rejected.items()])
        idea.quarantined += len(loaded.rejected)
    return idea


def set_aside(session: Session, idea_id: int, rows: list[tuple[LogRow, str]]) -> None:
    """Move rows that do not apply from the log to the quarantine (kept, never replayed).

    A row another process (or a compaction) already moved or replaced is left alone: each
    row is copied only if this call's DELETE … RETURNING removed it.
    """
    for row, why in rows:
        model = IdeaSnapshot if row.snapshot else IdeaUpdate
        author = (
            (sa.null(), sa.null())
            if row.snapshot
            else (IdeaUpdate.participant_id, IdeaUpdate.facilitator_id)
        )
        deleted = session.execute(
            sa.delete(model)
            .where(model.idea_id == idea_id, model.seq == row.seq)
            .returning(*author, model.created_at)
        ).first()
        if deleted is None:
            continue
        session.add(
            IdeaQuarantine(
                idea_id=idea_id,
                kind="snapshot" if row.snapshot else "update",
                seq=row.seq,
                data=row.data,
                participant_id=deleted[0],
                facilitator_id=deleted[1],
                reason=why[:2000],
                created_at=deleted[2] or utcnow(),
            )
        )
        log.warning(
            "idea %s: %s %s does not apply and was set aside: %s",
            idea_id,
            "snapshot" if row.snapshot else "update",
            row.seq,
            why,
        )
    session.flush()


@dataclass(frozen=True)
class DamagedIdea:
    idea_id: int
    title: str
    table_id: int | None
    rows: int  # changes set aside


def damaged_ideas(session: Session, workshop_id: int) -> list[DamagedIdea]:
    """Return the workshop's ideas with changes set aside in the quarantine."""
    return [
        DamagedIdea(idea_id, title, table_id, rows)
        for idea_id, title, table_id, rows in session.execute(
            sa.select(Idea.id, Idea.title, Idea.table_id, sa.func.count(IdeaQuarantine.id))
            .join(IdeaQuarantine, IdeaQuarantine.idea_id == Idea.id)
            .where(Idea.workshop_id == workshop_id)
            .group_by(Idea.id, Idea.title, Idea.table_id)
            .order_by(Idea.id)
        )
    ]


def quarantined_count(session: Session, idea_ids: list[int]) -> dict[int, int]:
    """Return how many rows each idea has in the quarantine (ideas with none left out)."""
    if not idea_ids:
        return {}
    return dict(
        session.execute(
            sa.select(IdeaQuarantine.idea_id, sa.func.count())
            .where(IdeaQuarantine.idea_id.in_(idea_ids))
            .group_by(IdeaQuarantine.idea_id)
        ).all()
    )


@functools.cache
def _statements(paramstyle: str) -> dict[str, str]:
    """The committer's statements as the driver takes them: no ORM, nothing compiled per
    batch (issue 12, part 3: SQLAlchemy's Python was half the server's time per update)."""
    sql = {
        "seq": "UPDATE idea SET last_seq = last_seq + %s, updated_at = %s WHERE id = %s"
        " RETURNING last_seq",
        "insert": "INSERT INTO idea_update"
        " (idea_id, seq, data, participant_id, facilitator_id, created_at)"
        " VALUES (%s, %s, %s, %s, %s, %s)",
        "add_chars": "UPDATE idea_contribution SET chars = chars + %s WHERE idea_id = %s"
        " AND participant_id {p} AND facilitator_id {f}",
        "first_chars": "INSERT INTO idea_contribution"
        " (idea_id, participant_id, facilitator_id, organisation_id, org_type, chars)"
        " VALUES (%s, %s, %s, %s, %s, %s)",
        "ideas": "SELECT idea.id, idea.table_id, workshop.state, idea.archived_at IS NOT NULL"
        " FROM idea JOIN workshop ON workshop.id = idea.workshop_id WHERE idea.id IN ({ids})",
        "seats": "SELECT id, table_id FROM participant WHERE id IN ({ids})",
    }
    if paramstyle == "qmark":
        sql = {key: text.replace("%s", "?") for key, text in sql.items()}
    return sql


class _Driver:
    """A DBAPI cursor on the session's connection (its transaction) and the statements in
    the driver's parameter style."""

    def __init__(self, session: Session) -> None:
        connection = session.connection()
        dialect = connection.dialect
        self.sql = _statements(dialect.paramstyle)
        self.mark = "?" if dialect.paramstyle == "qmark" else "%s"
        self.cursor = connection.connection.cursor()
        stamp = sa.DateTime(timezone=True).dialect_impl(dialect)
        self.when = stamp.bind_processor(dialect) or (lambda value: value)

    def placeholders(self, count: int) -> str:
        return ", ".join([self.mark] * count)


def append_batch(session: Session, entries: list[LogEntry]) -> None:
    """Give each entry the next seq of its idea and write it, with authorship.

    The seqs come from the database (one `UPDATE … RETURNING` per idea, which takes the
    idea's row lock until the commit): several server processes on one database never hand
    out the same seq, and each batch's seqs of an idea are consecutive. Written with the
    driver's own statements in the session's transaction; the caller commits.
    """
    session.flush()  # what the session holds (a new idea) goes first
    driver = _Driver(session)
    by_idea: dict[int, list[LogEntry]] = defaultdict(list)
    for entry in entries:
        by_idea[entry.idea_id].append(entry)
    now = driver.when(utcnow())
    rows = []
    for idea_id, items in sorted(by_idea.items()):  # one lock order for every process
        driver.cursor.execute(driver.sql["seq"], (len(items), now, idea_id))
        found = driver.cursor.fetchone()
        if found is None:
            raise LookupError(f"idea {idea_id} is gone")
        for number, entry in enumerate(items, start=found[0] - len(items) + 1):
            entry.seq = number
            author = entry.author
            rows.append(
                (idea_id, number, entry.data, author.participant_id, author.facilitator_id, now)
            )
    driver.cursor.executemany(driver.sql["insert"], rows)
    _add_contributions(driver, entries)
    for idea_id in by_idea:  # an Idea the session holds has a stale last_seq now
        held = session.identity_map.get(identity_key(Idea, idea_id))
        if held is not None:
            session.expire(held, ["last_seq", "updated_at"])


def _add_contributions(driver: _Driver, entries: list[LogEntry]) -> None:
    """Add the characters each author wrote to their rows, as increments in the database
    (another process may add to the same row): one UPDATE per author and idea, an INSERT
    for an author's first text in an idea."""
    totals: dict[tuple[int, Author], int] = defaultdict(int)
    for entry in entries:
        if entry.inserted:
            totals[(entry.idea_id, entry.author)] += entry.inserted
    for (idea_id, author), chars in totals.items():
        ids = (author.participant_id, author.facilitator_id)
        sql = driver.sql["add_chars"].format(
            p="IS NULL" if ids[0] is None else "= " + driver.mark,
            f="IS NULL" if ids[1] is None else "= " + driver.mark,
        )
        driver.cursor.execute(sql, (chars, idea_id, *(i for i in ids if i is not None)))
        if not driver.cursor.rowcount:
            driver.cursor.execute(
                driver.sql["first_chars"],
                (idea_id, *ids, author.organisation_id, author.org_type, chars),
            )


class SnapshotMismatch(RuntimeError):
    """A snapshot made from a document did not load back to the same document."""


def compact(session: Session, idea_id: int, keys: list[str] | None = None) -> int:
    """Replace the snapshot and the logged rows the document holds with one snapshot made
    from the document as it loads; return the rows removed.

    The snapshot is checked to load back to the same document (encoding, state vector, the
    fields' text) before any row is deleted; otherwise nothing is deleted and
    SnapshotMismatch is raised. Rows that do not apply go to the quarantine; rows still
    pending in the document (waiting for what they build on) stay in the log. Authorship
    survives in `IdeaContribution`, which compaction does not touch.
    """
    # Take the write lock first (a no-op update: SQLite's database lock, PostgreSQL's row
    # lock): no other compaction can delete rows between our reads and our writes.
    session.execute(sa.update(Idea).where(Idea.id == idea_id).values(last_seq=Idea.last_seq))
    loaded = load_idea(session, idea_id)
    updates = [row for i, row in enumerate(loaded.rows) if i not in loaded.rejected]
    if not any(not row.snapshot for row in updates):
        return 0
    doc = loaded.doc
    snapshot = encoded(doc)
    state = crdt_call(doc.get_state)
    pending = [row for row in updates if not row.snapshot and not covered_by(row.data, state)]
    _check_snapshot(snapshot, pending, doc, keys)
    last = loaded.last_seq
    row = session.get(IdeaSnapshot, idea_id, populate_existing=True)
    if row is None:
        session.add(IdeaSnapshot(idea_id=idea_id, seq=last, data=snapshot))
    else:
        row.seq, row.data, row.created_at = last, snapshot, utcnow()
    kept = [row.seq for row in pending]
    removed = session.execute(
        sa.delete(IdeaUpdate).where(
            IdeaUpdate.idea_id == idea_id, IdeaUpdate.seq <= last, IdeaUpdate.seq.not_in(kept)
        )
    ).rowcount
    return removed


def _check_snapshot(snapshot: bytes, pending: list[LogRow], doc: Doc, keys: list[str] | None):
    """Raise SnapshotMismatch unless the snapshot, then the rows kept, load to `doc`."""
    reloaded = load_tolerant([snapshot] + [row.data for row in pending])
    try:
        same = (
            not reloaded.rejected
            and encoded(reloaded.doc) == snapshot
            and same_state(reloaded.doc, doc)
            and (keys is None or read_fields(reloaded.doc, keys) == read_fields(doc, keys))
        )
    except MalformedUpdate as error:
        raise SnapshotMismatch(str(error)) from error
    if not same:
        raise SnapshotMismatch("the snapshot does not load back to the same document")


def refused(session: Session, entries: list[LogEntry]) -> dict[int, Exception]:
    """Two queries per batch: entries whose workshop is locked or closed, whose idea is
    archived, or whose participant no longer sits at the idea's table (id(entry) -> error)."""
    driver = _Driver(session)
    idea_ids = sorted({e.idea_id for e in entries})
    driver.cursor.execute(
        driver.sql["ideas"].format(ids=driver.placeholders(len(idea_ids))), idea_ids
    )
    rows = driver.cursor.fetchall()
    ideas = {idea_id: (table_id, state) for idea_id, table_id, state, _ in rows}
    archived = {idea_id for idea_id, _, _, is_archived in rows if is_archived}
    people = sorted({e.author.participant_id for e in entries if e.author.participant_id})
    seats = {}
    if people:
        driver.cursor.execute(
            driver.sql["seats"].format(ids=driver.placeholders(len(people))), people
        )
        seats = dict(driver.cursor.fetchall())
    out: dict[int, Exception] = {}
    for e in entries:
        table_id, state = ideas.get(e.idea_id, (None, None))
        if state in (WorkshopState.LOCKED, WorkshopState.CLOSED):
            out[id(e)] = Locked(N_("The workshop is locked: drafts are read-only now."))
        elif e.idea_id in archived:  # someone still had it open when it was archived
            out[id(e)] = Forbidden(
                N_("This draft is archived: the facilitator can restore it for editing.")
            )
        elif e.author.participant_id and seats.get(e.author.participant_id) != table_id:
            out[id(e)] = Forbidden(N_("Only the people at this idea's table can edit it."))
    return out
