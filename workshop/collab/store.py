"""The idea update log in the database: load, append a batch in one transaction,
compact into snapshots. SQLAlchemy only; callers own the session and the commit."""

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from pycrdt import merge_updates
from sqlalchemy.orm import Session

from workshop.models import Idea, IdeaContribution, IdeaSnapshot, IdeaUpdate, utcnow


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
    totals: dict[tuple[int, Author], int] = defaultdict(int)
    for entry in entries:
        if entry.inserted:
            totals[(entry.idea_id, entry.author)] += entry.inserted
    for (idea_id, author), chars in totals.items():
        row = session.scalar(
            sa.select(IdeaContribution).where(
                IdeaContribution.idea_id == idea_id,
                IdeaContribution.participant_id.is_not_distinct_from(author.participant_id),
                IdeaContribution.facilitator_id.is_not_distinct_from(author.facilitator_id),
            )
        )
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
