"""Carry drafts of a strategy's earlier events to its next one. No Flask; callers commit.

A carried draft is the SAME idea row: its CRDT update log, its authors' contributions (and
so its organisations' roles) and its follow-up are keyed by the idea's id and simply go on.
Only its place changes (workshop, priority, table); an `IdeaCarry` row keeps where it was,
its votes there and its text then, so its page can say where it came from and show what
changed since. Its votes stay counted at the earlier event (they carry its workshop id).
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.errors import ValidationFailed
from workshop.i18n_markers import N_
from workshop.models import Facilitator, Idea, IdeaCarry, Table, Vote, Workshop

MAX_CARRIED = 500


@dataclass
class Candidate:
    """A draft of an earlier event that could be carried here."""

    idea: Idea
    workshop: Workshop
    votes: int
    status: str
    strategy_priority_id: int | None


def candidates(
    session: Session,
    target: Workshop,
    *,
    strategy_priority_id: int | None = None,
    status: str | None = None,
    min_votes: int = 0,
) -> list[Candidate]:
    """Return the drafts of the strategy's other events that match the filters, most
    voted first."""
    from workshop.process.follow_up import statuses_of

    if target.strategy_id is None:
        return []
    rows = session.execute(
        sa.select(Idea, Workshop)
        .join(Workshop, Workshop.id == Idea.workshop_id)
        .where(Workshop.strategy_id == target.strategy_id, Workshop.id != target.id)
        .order_by(Workshop.date.asc().nulls_last(), Idea.id)
    ).all()
    ids = [idea.id for idea, _ in rows]
    at = {idea.id: idea.workshop_id for idea, _ in rows}
    votes = {
        idea_id: n
        for idea_id, workshop_id, n in session.execute(
            sa.select(Vote.idea_id, Vote.workshop_id, sa.func.count())
            .where(Vote.idea_id.in_(ids))
            .group_by(Vote.idea_id, Vote.workshop_id)
        )
        if workshop_id == at[idea_id]
    }
    statuses = statuses_of(session, ids)
    found = [
        Candidate(
            idea,
            workshop,
            votes.get(idea.id, 0),
            statuses.get(idea.id, "draft"),
            idea.priority.strategy_priority_id,
        )
        for idea, workshop in rows
    ]
    found = [
        c
        for c in found
        if (strategy_priority_id is None or c.strategy_priority_id == strategy_priority_id)
        and (status is None or c.status == status)
        and c.votes >= min_votes
    ]
    return sorted(found, key=lambda c: -c.votes)


def validate_idea_ids(raw: object) -> list[int]:
    """Return the ids asked for, or raise ValidationFailed naming `idea_ids`."""
    if (
        not isinstance(raw, list)
        or not raw
        or not all(isinstance(i, int) and not isinstance(i, bool) for i in raw)
    ):
        raise ValidationFailed(
            N_("Check the fields marked below."),
            fields={
                "idea_ids": N_("Give the drafts to carry as a list of idea ids, e.g. [12, 15].")
            },
        )
    if len(raw) > MAX_CARRIED:
        raise ValidationFailed(
            N_("Check the fields marked below."),
            fields={"idea_ids": N_("Carry at most 500 drafts at a time.")},
        )
    return list(dict.fromkeys(raw))


def carry(
    session: Session, target: Workshop, idea_ids: list[int], by: Facilitator
) -> list[IdeaCarry]:
    """Move the drafts to tables of their priorities in `target`; check everything first,
    so that a bad id changes nothing. The caller checked that `by` may write to both."""
    if target.strategy_id is None:
        raise ValidationFailed(
            N_("Link this workshop to a strategy before carrying drafts to it."),
            fields={"workshop": N_("The workshop belongs to no strategy.")},
        )
    ideas = {i.id: i for i in session.scalars(sa.select(Idea).where(Idea.id.in_(idea_ids)))}
    unknown = [i for i in idea_ids if i not in ideas]
    if unknown:
        raise ValidationFailed(
            N_("No draft has the id %(ids)s. Nothing was carried."),
            fields={"idea_ids": N_("Give the ids of existing drafts.")},
            ids=_ids(unknown),
        )
    sources = {
        w.id: w
        for w in session.scalars(
            sa.select(Workshop).where(Workshop.id.in_({i.workshop_id for i in ideas.values()}))
        )
    }
    foreign = [
        i for i in idea_ids if sources[ideas[i].workshop_id].strategy_id != target.strategy_id
    ]
    here = [i for i in idea_ids if ideas[i].workshop_id == target.id]
    if foreign:
        raise ValidationFailed(
            N_(
                "Drafts %(ids)s belong to another strategy's events. Nothing was carried: "
                "carry only drafts of this workshop's strategy."
            ),
            fields={"idea_ids": N_("Carry only drafts of this workshop's strategy.")},
            ids=_ids(foreign),
        )
    if here:
        raise ValidationFailed(
            N_("Drafts %(ids)s are already at this workshop. Nothing was carried."),
            fields={"idea_ids": N_("Leave out the drafts already here.")},
            ids=_ids(here),
        )
    by_link = {p.strategy_priority_id: p for p in target.priorities if p.strategy_priority_id}
    homeless = [i for i in idea_ids if ideas[i].priority.strategy_priority_id not in by_link]
    tableless = [
        i
        for i in idea_ids
        if i not in homeless and not by_link[ideas[i].priority.strategy_priority_id].tables
    ]
    if homeless or tableless:
        raise ValidationFailed(
            N_(
                "Drafts %(ids)s have no table to land at: add their priority, with at least one "
                "table, to this workshop first."
            ),
            fields={"idea_ids": N_("Some drafts have no table of their priority here.")},
            ids=_ids(homeless + tableless),
        )
    load = dict(
        session.execute(
            sa.select(Idea.table_id, sa.func.count())
            .where(Idea.workshop_id == target.id, Idea.table_id.is_not(None))
            .group_by(Idea.table_id)
        ).all()
    )
    votes = {
        (idea_id, workshop_id): n
        for idea_id, workshop_id, n in session.execute(
            sa.select(Vote.idea_id, Vote.workshop_id, sa.func.count())
            .where(Vote.idea_id.in_(idea_ids))
            .group_by(Vote.idea_id, Vote.workshop_id)
        )
    }
    carried = []
    for idea_id in idea_ids:
        idea = ideas[idea_id]
        source = sources[idea.workshop_id]
        priority = by_link[idea.priority.strategy_priority_id]
        table = least_loaded(priority.tables, load)
        load[table.id] = load.get(table.id, 0) + 1
        record = IdeaCarry(
            idea_id=idea.id,
            from_workshop_id=source.id,
            to_workshop_id=target.id,
            from_priority_id=idea.priority_id,
            from_workshop_title=source.title,
            from_table_name=idea.table.name if idea.table is not None else "",
            votes=votes.get((idea.id, source.id), 0),
            seq=idea.last_seq,
            fields=dict(idea.fields or {}),
            carried_by_id=by.id,
        )
        session.add(record)
        idea.workshop_id = target.id
        idea.priority_id = priority.id
        idea.table_id = table.id
        if source.spotlight_idea_id == idea.id:
            source.spotlight_idea_id = None
        carried.append(record)
    session.flush()
    return carried


def least_loaded(tables: list[Table], load: dict[int, int]) -> Table:
    """Return the table with the fewest drafts (the first of equals)."""
    return min(tables, key=lambda t: (load.get(t.id, 0), t.id))


def provenance(session: Session, idea_id: int) -> list[IdeaCarry]:
    """Return where the idea was carried from, earliest first."""
    return list(
        session.scalars(
            sa.select(IdeaCarry).where(IdeaCarry.idea_id == idea_id).order_by(IdeaCarry.id)
        )
    )


def carry_dict(record: IdeaCarry) -> dict:
    """Return a carry record as JSON."""
    return {
        "workshop_id": record.from_workshop_id,
        "workshop_title": record.from_workshop_title,
        "table": record.from_table_name,
        "votes": record.votes,
        "seq": record.seq,
        "carried_at": record.created_at.isoformat() if record.created_at else None,
    }


def _ids(ids: list[int]) -> str:
    return ", ".join(str(i) for i in ids)
