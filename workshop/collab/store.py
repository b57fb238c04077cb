"""The idea update log in the database: load, append a batch in one transaction,
compact into snapshots. SQLAlchemy only; callers own the session and the commit."""

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from pycrdt import merge_updates
from sqlalchemy.orm import Session

from workshop.errors import Forbidden, Locked
from workshop.i18n_markers import N_
from workshop.models import (
    Idea,
    IdeaContribution,
    IdeaSnapshot,
    IdeaUpdate,
    Participant,
    Workshop,
    WorkshopState,
    utcnow,
)


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


def load_log(session: Session, idea_id: int, after_seq: int = 0) -> tuple[list[bytes], int]:
    """Return the updates that rebuild an idea (snapshot first) after `after_seq`, and the
    last seq they reach."""
    updates: list[bytes] = []
    last = after_seq
    snapshot = session.get(IdeaSnapshot, idea_id)
    if snapshot is not None and snapshot.seq > after_seq:
        updates.append(snapshot.data)
        last = snapshot.seq
    rows = session.execute(
        sa.select(IdeaUpdate.seq, IdeaUpdate.data)
        .where(IdeaUpdate.idea_id == idea_id, IdeaUpdate.seq > last)
        .order_by(IdeaUpdate.seq)
    ).all()
    for seq, data in rows:
        updates.append(data)
        last = seq
    return updates, last


def append_batch(session: Session, entries: list[LogEntry]) -> None:
    """Give each entry the next seq of its idea and add it, with authorship, to the session."""
    by_idea: dict[int, list[LogEntry]] = defaultdict(list)
    for entry in entries:
        by_idea[entry.idea_id].append(entry)
    now = utcnow()
    ideas = {
        idea.id: idea for idea in session.scalars(sa.select(Idea).where(Idea.id.in_(list(by_idea))))
    }
    rows = []
    for idea_id, items in by_idea.items():
        idea = ideas[idea_id]
        for entry in items:
            idea.last_seq += 1
            entry.seq = idea.last_seq
            rows.append(
                {
                    "idea_id": idea_id,
                    "seq": entry.seq,
                    "data": entry.data,
                    "participant_id": entry.author.participant_id,
                    "facilitator_id": entry.author.facilitator_id,
                    "created_at": now,
                }
            )
        idea.updated_at = now
    session.execute(sa.insert(IdeaUpdate), rows)
    _add_contributions(session, entries)


def _add_contributions(session: Session, entries: list[LogEntry]) -> None:
    """Add the characters each author wrote to their rows: one query for the batch."""
    totals: dict[tuple[int, Author], int] = defaultdict(int)
    for entry in entries:
        if entry.inserted:
            totals[(entry.idea_id, entry.author)] += entry.inserted
    if not totals:
        return
    rows = {
        (row.idea_id, row.participant_id, row.facilitator_id): row
        for row in session.scalars(
            sa.select(IdeaContribution).where(
                IdeaContribution.idea_id.in_({idea_id for idea_id, _ in totals})
            )
        )
    }
    for (idea_id, author), chars in totals.items():
        row = rows.get((idea_id, author.participant_id, author.facilitator_id))
        if row is None:
            row = IdeaContribution(
                idea_id=idea_id,
                participant_id=author.participant_id,
                facilitator_id=author.facilitator_id,
                organisation_id=author.organisation_id,
                org_type=author.org_type,
                chars=0,
            )
            session.add(row)
        row.chars += chars


def log_length(session: Session, idea_id: int) -> int:
    return session.scalar(
        sa.select(sa.func.count()).select_from(IdeaUpdate).where(IdeaUpdate.idea_id == idea_id)
    )


def compact(session: Session, idea_id: int) -> int:
    """Merge the snapshot and every logged update into one snapshot; return the rows removed.

    Authorship survives in `IdeaContribution`, which compaction does not touch.
    """
    updates, last = load_log(session, idea_id)
    removed = log_length(session, idea_id)
    if removed == 0:
        return 0
    merged = merge_updates(*updates) if len(updates) > 1 else updates[0]
    snapshot = session.get(IdeaSnapshot, idea_id)
    if snapshot is None:
        session.add(IdeaSnapshot(idea_id=idea_id, seq=last, data=merged))
    else:
        snapshot.seq, snapshot.data, snapshot.created_at = last, merged, utcnow()
    session.execute(
        sa.delete(IdeaUpdate).where(IdeaUpdate.idea_id == idea_id, IdeaUpdate.seq <= last)
    )
    return removed


def refused(session: Session, entries: list[LogEntry]) -> dict[int, Exception]:
    """Two queries per batch: entries whose workshop is locked or closed, or whose
    participant no longer sits at the idea's table (id(entry) -> error)."""
    rows = session.execute(
        sa.select(Idea.id, Idea.table_id, Workshop.state)
        .join(Workshop, Workshop.id == Idea.workshop_id)
        .where(Idea.id.in_({e.idea_id for e in entries}))
    ).all()
    ideas = {idea_id: (table_id, state) for idea_id, table_id, state in rows}
    people = {e.author.participant_id for e in entries if e.author.participant_id}
    seats = (
        dict(
            session.execute(
                sa.select(Participant.id, Participant.table_id).where(Participant.id.in_(people))
            ).all()
        )
        if people
        else {}
    )
    out: dict[int, Exception] = {}
    for e in entries:
        table_id, state = ideas.get(e.idea_id, (None, None))
        if state in (WorkshopState.LOCKED, WorkshopState.CLOSED):
            out[id(e)] = Locked(N_("The workshop is locked: drafts are read-only now."))
        elif e.author.participant_id and seats.get(e.author.participant_id) != table_id:
            out[id(e)] = Forbidden(N_("Only the people at this idea's table can edit it."))
    return out
