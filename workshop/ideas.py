"""Ideas at a table: who may read and edit them, creating one, marking it ready.
No Flask here; callers commit."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.collab.document import new_document
from workshop.collab.store import Author, LogEntry, append_batch
from workshop.errors import Forbidden, Locked, NotFound, ValidationFailed
from workshop.i18n_markers import N_
from workshop.ids import json_id
from workshop.models import Idea, IdeaState, Participant, Table, Workshop, WorkshopState
from workshop.template import field_keys

TITLE_MAX = 200


@dataclass(frozen=True)
class Actor:
    """Who acts, as the server knows it (never taken from a payload)."""

    kind: str  # "participant" | "facilitator" | "projector" (id: its workshop)
    id: int


def author_of(session: Session, actor: Actor) -> Author:
    if actor.kind == "facilitator":
        return Author(facilitator_id=actor.id)
    participant = session.get(Participant, actor.id)
    return Author(
        participant_id=actor.id,
        organisation_id=participant.organisation_id if participant else None,
        org_type=participant.org_type if participant else None,
    )


def get_idea(session: Session, idea_id: object) -> Idea:
    if json_id(idea_id) is None:
        raise ValidationFailed(
            N_("Send idea_id as a number."), fields={"idea_id": N_("Send a number.")}
        )
    idea = session.get(Idea, idea_id)
    if idea is None:
        raise NotFound(
            N_("No such idea."), fields={"idea_id": N_("Choose an idea of this workshop.")}
        )
    return idea


def get_table(session: Session, table_id: object) -> Table:
    if json_id(table_id) is None:
        raise ValidationFailed(
            N_("Send table_id as a number."), fields={"table_id": N_("Send a number.")}
        )
    table = session.get(Table, table_id)
    if table is None:
        raise NotFound(N_("That table does not exist."), fields={"table_id": N_("Choose a table.")})
    return table


def check_member(session: Session, actor: Actor, workshop: Workshop) -> None:
    """Raise Forbidden unless the actor takes part in (or runs) this workshop."""
    if actor.kind == "facilitator":
        if workshop.owner_id != actor.id:
            raise Forbidden(N_("This workshop belongs to another facilitator."))
        return
    if actor.kind != "participant":  # the projector only watches
        raise Forbidden(N_("This view is read-only."))
    participant = session.get(Participant, actor.id)
    if participant is None or participant.workshop_id != workshop.id:
        raise Forbidden(N_("You take part in another workshop."))
    if not participant.present:
        raise Forbidden(N_("You are no longer a participant of this workshop."))


def check_can_read(session: Session, actor: Actor, idea: Idea) -> None:
    check_member(session, actor, session.get(Workshop, idea.workshop_id))


def check_can_edit(session: Session, actor: Actor, idea: Idea) -> Workshop:
    """Raise unless the actor may edit: at the idea's table, or its facilitator; not locked.

    An idea whose table is gone (deleted, or imported without one) is the facilitator's
    alone: a participant without a seat must not match its missing table."""
    workshop = session.get(Workshop, idea.workshop_id)
    check_member(session, actor, workshop)
    if actor.kind == "participant":
        table_id = session.get(Participant, actor.id).table_id  # loaded by check_member
        if idea.table_id is None or table_id != idea.table_id:
            raise Forbidden(N_("Only the people at this idea's table can edit it."))
    if workshop.state in (WorkshopState.LOCKED, WorkshopState.CLOSED):
        raise Locked(N_("The workshop is locked: drafts are read-only now."))
    return workshop


def check_at_table(session: Session, actor: Actor, table: Table) -> None:
    """Raise unless the actor sits at this table or facilitates its workshop."""
    check_member(session, actor, table.workshop)
    if actor.kind == "participant":
        participant = session.get(Participant, actor.id)
        if participant.table_id != table.id:
            raise Forbidden(N_("Sit at this table first."))


def clean_title(raw: object) -> str:
    title = " ".join(raw.split()) if isinstance(raw, str) else ""
    if not title:
        raise ValidationFailed(N_("Give the idea a title."), fields={"title": N_("Enter a title.")})
    if len(title) > TITLE_MAX:
        raise ValidationFailed(
            N_("Shorten the title to at most 200 characters."),
            fields={"title": N_("At most 200 characters.")},
        )
    return title


def create_idea(session: Session, actor: Actor, table: Table, title: str) -> Idea:
    """Add an idea at the table; its document starts with the title, logged as seq 1."""
    workshop = table.workshop
    if workshop.state in (WorkshopState.LOCKED, WorkshopState.CLOSED):
        raise Locked(N_("The workshop is locked: drafts are read-only now."))
    idea = Idea(
        workshop_id=workshop.id,
        priority_id=table.priority_id,
        table_id=table.id,
        title=title,
        fields={"title": title},
        created_by_id=actor.id if actor.kind == "participant" else None,
    )
    session.add(idea)
    session.flush()
    update = new_document({"title": title}).get_update()
    append_batch(session, [LogEntry(idea.id, update, author_of(session, actor), len(title))])
    idea.projected_seq = idea.last_seq
    return idea


def set_state(idea: Idea, state: object) -> None:
    if state not in (IdeaState.DRAFT.value, IdeaState.READY.value):
        raise ValidationFailed(
            N_("The state is draft or ready."), fields={"state": N_("Choose draft or ready.")}
        )
    idea.state = state


def table_ideas(session: Session, table_id: int) -> list[Idea]:
    """Return the table's ideas, archived ones left out (workshop/lifecycle.py)."""
    return list(
        session.scalars(
            sa.select(Idea)
            .where(Idea.table_id == table_id, Idea.archived_at.is_(None))
            .order_by(Idea.id)
        )
    )


def keys_of(session: Session, idea: Idea) -> list[str]:
    return field_keys(session.get(Workshop, idea.workshop_id).settings)
