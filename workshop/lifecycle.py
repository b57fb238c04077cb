"""A draft's life after it is written: archived (with undo), restored, merged into
another draft of the same workshop, and the voting's ranking carried into the plan.
No Flask here; callers commit. The merge's text goes through the collab service like a
participant's update (workshop/realtime/lifecycle.py); this module plans and records it."""

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.errors import Forbidden, Locked, NotFound, ValidationFailed
from workshop.i18n_markers import N_
from workshop.ideas import Actor, check_can_edit, check_member
from workshop.models import Idea, IdeaContribution, Vote, Workshop, WorkshopState, utcnow

UNDO_SECONDS = 120  # a table member may undo an archiving this long; the facilitator always


def _workshop(session: Session, idea: Idea) -> Workshop:
    return session.get(Workshop, idea.workshop_id)


def _check_open(workshop: Workshop) -> None:
    if workshop.state in (WorkshopState.LOCKED, WorkshopState.CLOSED):
        raise Locked(N_("The workshop is locked: drafts are read-only now."))


def archive(session: Session, actor: Actor, idea: Idea) -> bool:
    """Archive an idea (a table member or the facilitator); False if it already was."""
    check_can_edit(session, actor, idea)
    if idea.archived:
        return False
    idea.archived_at = utcnow()
    return True


def restore(session: Session, actor: Actor, idea: Idea) -> bool:
    """Bring an archived idea back: the facilitator at any time, a table member as the
    undo of an archiving (for UNDO_SECONDS); a merged idea stays merged."""
    check_can_edit(session, actor, idea)
    if not idea.archived:
        return False
    if idea.merged_into_id is not None:
        raise ValidationFailed(
            N_("This draft was merged into draft %(id)s; its text lives on there."),
            fields={"idea_id": N_("Choose an archived draft that was not merged.")},
            id=idea.merged_into_id,
        )
    archived_at = idea.archived_at
    if archived_at.tzinfo is None:  # SQLite gives naive UTC back
        archived_at = archived_at.replace(tzinfo=utcnow().tzinfo)
    if actor.kind != "facilitator" and utcnow() - archived_at > timedelta(seconds=UNDO_SECONDS):
        raise Forbidden(N_("Only the facilitator can restore a draft archived a while ago."))
    idea.archived_at = None
    return True


@dataclass
class MergePlan:
    source: Idea
    target: Idea
    done_before: bool  # the same merge was made already (a double click): nothing to do


def check_merge(session: Session, actor: Actor, source: Idea, target: Idea) -> MergePlan:
    """Raise unless the facilitator may merge source into target; report a repeat."""
    if actor.kind != "facilitator":
        raise Forbidden(N_("Only the facilitator can merge drafts."))
    workshop = _workshop(session, target)
    check_member(session, actor, workshop)
    if source.workshop_id != target.workshop_id:
        raise ValidationFailed(
            N_("Both drafts must belong to the same workshop."),
            fields={"source_id": N_("Choose a draft of the target's workshop.")},
        )
    if source.id == target.id:
        raise ValidationFailed(
            N_("A draft cannot be merged into itself."),
            fields={"target_id": N_("Choose another draft.")},
        )
    if source.merged_into_id == target.id:
        return MergePlan(source, target, done_before=True)
    _check_open(workshop)
    if target.archived:
        raise ValidationFailed(
            N_("The target draft is archived: restore it first or choose another."),
            fields={"target_id": N_("Choose a draft that is not archived.")},
        )
    if source.archived:
        raise ValidationFailed(
            N_("The source draft is archived: restore it first or choose another."),
            fields={"source_id": N_("Choose a draft that is not archived.")},
        )
    return MergePlan(source, target, done_before=False)


def claim_merge(session: Session, source_id: int, target_id: int) -> bool:
    """Archive the source as merged into the target, unless another request did first.

    One conditional UPDATE: of two simultaneous merges (a double click) only one
    claims the source; the other sees it merged and does nothing."""
    claimed = session.execute(
        sa.update(Idea)
        .where(Idea.id == source_id, Idea.archived_at.is_(None))
        .values(archived_at=utcnow(), merged_into_id=target_id)
        .execution_options(synchronize_session=False)
    ).rowcount
    return claimed == 1


def release_merge(session: Session, source_id: int) -> None:
    """Undo a claim whose text could not be written: the source is as it was."""
    session.execute(
        sa.update(Idea)
        .where(Idea.id == source_id)
        .values(archived_at=None, merged_into_id=None)
        .execution_options(synchronize_session=False)
    )


def combine_votes(session: Session, source_id: int, target_id: int) -> int:
    """Move the source's votes to the target without counting anyone twice: a person's
    dots on the merged draft are as many as they gave the one they liked more. Return
    the dots given back to their owners' budgets."""
    rows = session.execute(
        sa.select(Vote.id, Vote.participant_id, Vote.idea_id).where(
            Vote.idea_id.in_((source_id, target_id))
        )
    ).all()
    on_target: dict[int, int] = {}
    for _, person, idea_id in rows:
        if idea_id == target_id:
            on_target[person] = on_target.get(person, 0) + 1
    move, drop = [], []
    for vote_id, person, idea_id in rows:
        if idea_id != source_id:
            continue
        if on_target.get(person, 0) > 0:
            on_target[person] -= 1  # this dot is already counted on the target
            drop.append(vote_id)
        else:
            move.append(vote_id)
    if move:
        session.execute(sa.update(Vote).where(Vote.id.in_(move)).values(idea_id=target_id))
    if drop:
        session.execute(sa.delete(Vote).where(Vote.id.in_(drop)))
    return len(drop)


def merged_texts(source: dict[str, str], target: dict[str, str], keys: list[str]) -> dict:
    """Return what to append to each of the target's fields: the source's text after a
    blank line; partners and a different lead are added as partners not yet named; the
    title stays the target's."""
    appended: dict[str, str] = {}
    named = {
        line.strip().casefold()
        for key in ("lead", "partners")
        for line in target.get(key, "").splitlines()
        if line.strip()
    }
    new_partners = []
    for key in ("lead", "partners"):
        for line in source.get(key, "").splitlines():
            if line.strip() and line.strip().casefold() not in named:
                named.add(line.strip().casefold())
                new_partners.append(line.strip())
    for key in keys:
        if key in ("title", "lead", "partners"):
            continue
        text = source.get(key, "").strip()
        if text and text not in target.get(key, ""):
            appended[key] = ("\n\n" if target.get(key, "").strip() else "") + text
    if new_partners and "partners" in keys:
        before = "\n" if target.get("partners", "").strip() else ""
        appended["partners"] = before + "\n".join(new_partners)
    return appended


def contributions_of(session: Session, idea_id: int) -> list[IdeaContribution]:
    return list(
        session.scalars(
            sa.select(IdeaContribution)
            .where(IdeaContribution.idea_id == idea_id, IdeaContribution.chars > 0)
            .order_by(IdeaContribution.id)
        )
    )


def reattribute(
    session: Session, source_id: int, target_id: int, facilitator_id: int, chars: int
) -> None:
    """Count the merged-in characters as the source's authors' voice on the target, in
    the shares they wrote the source, instead of the facilitator who pressed merge."""
    authors = contributions_of(session, source_id)
    total = sum(a.chars for a in authors)
    if not chars or not total:
        return
    mine = session.scalar(
        sa.select(IdeaContribution).where(
            IdeaContribution.idea_id == target_id,
            IdeaContribution.facilitator_id == facilitator_id,
            IdeaContribution.participant_id.is_(None),
        )
    )
    if mine is not None:
        mine.chars = max(0, mine.chars - chars)
    existing = {
        (c.participant_id, c.facilitator_id): c for c in contributions_of(session, target_id)
    }
    given = 0
    for n, author in enumerate(authors):
        share = chars - given if n == len(authors) - 1 else chars * author.chars // total
        given += share
        row = existing.get((author.participant_id, author.facilitator_id))
        if row is None:
            row = IdeaContribution(
                idea_id=target_id,
                participant_id=author.participant_id,
                facilitator_id=author.facilitator_id,
                organisation_id=author.organisation_id,
                org_type=author.org_type,
                chars=0,
            )
            session.add(row)
            existing[(author.participant_id, author.facilitator_id)] = row
        row.chars += share


def get_pair(session: Session, source_id: object, target_id: object) -> tuple[Idea, Idea]:
    """Return the (source, target) ideas of a merge request, or raise naming the field."""
    from workshop.ideas import get_idea

    found = []
    for key, value in (("source_id", source_id), ("target_id", target_id)):
        try:
            found.append(get_idea(session, value))
        except (ValidationFailed, NotFound) as error:
            error.fields = {key: next(iter(error.fields.values()), "")}
            raise
    return found[0], found[1]


@dataclass
class RankedIdea:
    id: int
    title: str
    table: str
    votes: int
    state: str


def ranking(session: Session, workshop: Workshop, limit: int | None = None) -> list[tuple]:
    """Return [(priority, [RankedIdea best first])] of the ideas not archived."""
    votes = dict(
        session.execute(
            sa.select(Vote.idea_id, sa.func.count())
            .where(Vote.workshop_id == workshop.id)
            .group_by(Vote.idea_id)
        ).all()
    )
    tables = {t.id: t.name for t in workshop.tables}
    ideas = session.scalars(
        sa.select(Idea).where(Idea.workshop_id == workshop.id, Idea.archived_at.is_(None))
    ).all()
    out = []
    for priority in workshop.priorities:
        ranked = sorted(
            (i for i in ideas if i.priority_id == priority.id),
            key=lambda i: (-votes.get(i.id, 0), i.id),
        )
        rows = [
            RankedIdea(i.id, i.title, tables.get(i.table_id, ""), votes.get(i.id, 0), i.state)
            for i in ranked
        ]
        out.append((priority, rows[:limit] if limit else rows))
    return out


def carry_ranking(session: Session, workshop: Workshop) -> int:
    """Fix the plan's order per priority to the voting's ranking; return how many ideas."""
    count = 0
    for _, rows in ranking(session, workshop):
        for rank, row in enumerate(rows, start=1):
            session.get(Idea, row.id).plan_rank = rank
            count += 1
    return count


def archived_ideas(session: Session, workshop_id: int) -> list[Idea]:
    """Return the workshop's archived ideas, the latest first (merged ones name their target)."""
    return list(
        session.scalars(
            sa.select(Idea)
            .where(Idea.workshop_id == workshop_id, Idea.archived_at.is_not(None))
            .order_by(Idea.archived_at.desc(), Idea.id.desc())
        )
    )
