"""What only a facilitator does during the workshop: lock, broadcast, voting, spotlight,
the projector's token; and the participants' dot votes. No Flask here; callers commit."""

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.errors import Forbidden, NotFound, ValidationFailed
from workshop.i18n_markers import N_
from workshop.ids import json_id
from workshop.models import (
    Announcement,
    Idea,
    Participant,
    Table,
    Vote,
    Workshop,
    WorkshopState,
)
from workshop.secrets_util import hash_token, new_token
from workshop.template import fields_of

MESSAGE_MAX = 280
MAX_VOTES = 20


def set_locked(workshop: Workshop, locked: object) -> None:
    """Lock the drafts (read-only) or open them again."""
    if not isinstance(locked, bool):
        raise ValidationFailed(
            N_("Send locked as true or false."), fields={"locked": N_("true or false")}
        )
    if workshop.state == WorkshopState.CLOSED:
        raise ValidationFailed(N_("The workshop is closed."))
    workshop.state = (WorkshopState.LOCKED if locked else WorkshopState.OPEN).value


def announce(
    session: Session, workshop: Workshop, message: object, table_id: object
) -> Announcement:
    """Add a broadcast to every table, or to one table of this workshop."""
    text = " ".join(message.split()) if isinstance(message, str) else ""
    if not text:
        raise ValidationFailed(
            N_("Write the message."), fields={"message": N_("Write the message.")}
        )
    if len(text) > MESSAGE_MAX:
        raise ValidationFailed(
            N_("Shorten the message to at most 280 characters."),
            fields={"message": N_("At most 280 characters.")},
        )
    if table_id is not None:
        table = session.get(Table, table_id) if json_id(table_id) else None
        if table is None or table.workshop_id != workshop.id:
            raise ValidationFailed(
                N_("Choose a table of this workshop, or none for all tables."),
                fields={"table_id": N_("Choose a table of this workshop.")},
            )
    announcement = Announcement(workshop_id=workshop.id, table_id=table_id, message=text)
    session.add(announcement)
    return announcement


def recent_announcements(session: Session, workshop_id: int, table_id: int | None, limit: int = 5):
    """Return the latest broadcasts a participant at this table should see, newest first."""
    condition = Announcement.table_id.is_(None)
    if table_id is not None:
        condition = sa.or_(condition, Announcement.table_id == table_id)
    return list(
        session.scalars(
            sa.select(Announcement)
            .where(Announcement.workshop_id == workshop_id, condition)
            .order_by(Announcement.id.desc())
            .limit(limit)
        )
    )


def set_voting(workshop: Workshop, is_open: object, votes: object = None) -> dict:
    """Open dot voting with N votes per participant, or close it (votes are kept)."""
    if not isinstance(is_open, bool):
        raise ValidationFailed(
            N_("Send open as true or false."), fields={"open": N_("true or false")}
        )
    current = dict(workshop.voting or {})
    budget = current.get("votes_per_participant", 3) if votes is None else votes
    if not isinstance(budget, int) or isinstance(budget, bool) or not 1 <= budget <= MAX_VOTES:
        raise ValidationFailed(
            N_("Give the votes per participant as a whole number from 1 to 20."),
            fields={"votes_per_participant": N_("A whole number from 1 to 20.")},
        )
    workshop.voting = {"open": is_open, "votes_per_participant": budget}
    return workshop.voting


def voting_of(workshop: Workshop) -> dict:
    voting = workshop.voting or {}
    return {
        "open": bool(voting.get("open")),
        "votes_per_participant": voting.get("votes_per_participant", 3),
    }


def vote_counts(session: Session, workshop_id: int) -> dict[int, int]:
    """Return the votes each idea of a workshop has (ideas without votes are left out)."""
    return dict(
        session.execute(
            sa.select(Vote.idea_id, sa.func.count())
            .where(Vote.workshop_id == workshop_id)
            .group_by(Vote.idea_id)
        ).all()
    )


def my_votes(session: Session, participant_id: int) -> list[int]:
    return list(
        session.scalars(
            sa.select(Vote.idea_id).where(Vote.participant_id == participant_id).order_by(Vote.id)
        )
    )


def _voting_idea(session: Session, participant: Participant, idea_id: object) -> Idea:
    workshop = session.get(Workshop, participant.workshop_id)
    if not voting_of(workshop)["open"]:
        raise ValidationFailed(N_("Voting is not open now."))
    if json_id(idea_id) is None:
        raise ValidationFailed(
            N_("Send idea_id as a number."), fields={"idea_id": N_("Send a number.")}
        )
    idea = session.get(Idea, idea_id)
    if idea is None:
        raise NotFound(N_("No such idea."))
    if idea.workshop_id != participant.workshop_id:
        raise Forbidden(N_("That idea belongs to another workshop."))
    return idea


def vote(session: Session, participant: Participant, idea_id: object) -> tuple[int, list[int]]:
    """Place one dot on an idea; return the votes left and the participant's dots."""
    idea = _voting_idea(session, participant, idea_id)
    if idea.archived:  # a dot on it may still be taken back (unvote)
        raise ValidationFailed(
            N_("This draft is archived: vote for another one."),
            fields={"idea_id": N_("Choose a draft that is not archived.")},
        )
    budget = voting_of(session.get(Workshop, participant.workshop_id))["votes_per_participant"]
    placed = my_votes(session, participant.id)
    if len(placed) >= budget:
        raise ValidationFailed(N_("You have used all your votes. Take one back to vote again."))
    session.add(
        Vote(workshop_id=participant.workshop_id, participant_id=participant.id, idea_id=idea.id)
    )
    placed.append(idea.id)
    return max(0, budget - len(placed)), placed


def unvote(session: Session, participant: Participant, idea_id: object) -> tuple[int, list[int]]:
    """Take one dot back from an idea; return the votes left and the participant's dots."""
    idea = _voting_idea(session, participant, idea_id)
    budget = voting_of(session.get(Workshop, participant.workshop_id))["votes_per_participant"]
    dot = session.scalar(
        sa.select(Vote)
        .where(Vote.participant_id == participant.id, Vote.idea_id == idea.id)
        .order_by(Vote.id.desc())
        .limit(1)
    )
    if dot is None:
        raise ValidationFailed(N_("You have no vote on this idea."))
    session.delete(dot)
    session.flush()
    placed = my_votes(session, participant.id)
    return max(0, budget - len(placed)), placed


def set_spotlight(session: Session, workshop: Workshop, idea_id: object) -> None:
    """Show one idea large on the projector, or none."""
    if idea_id is not None:
        idea = session.get(Idea, idea_id) if json_id(idea_id) else None
        if idea is None or idea.workshop_id != workshop.id:
            raise ValidationFailed(
                N_("Choose an idea of this workshop, or none."),
                fields={"idea_id": N_("Choose an idea of this workshop.")},
            )
    workshop.spotlight_idea_id = idea_id


def spotlight_of(
    session: Session, workshop: Workshop, language: str, texts: dict | None = None
) -> dict:
    """Return the spotlighted idea with its fields' labels and text (exact when given)."""
    idea = session.get(Idea, workshop.spotlight_idea_id) if workshop.spotlight_idea_id else None
    if idea is None:
        return {"idea_id": None}
    texts = texts if texts is not None else (idea.fields or {})
    table = session.get(Table, idea.table_id) if idea.table_id else None
    return {
        "idea_id": idea.id,
        "idea": {
            "id": idea.id,
            "title": idea.title,
            "table": table.name if table else None,
            "fields": [
                {"key": f.key, "label": f.label_in(language), "text": texts.get(f.key, "")}
                for f in fields_of(workshop.settings)
            ],
        },
    }


def rotate_projector_token(workshop: Workshop) -> str:
    """Give the projector view a new secret address; the old one stops working."""
    token = new_token()
    workshop.projector_token_hash = hash_token(token)
    return token


def revoke_projector_token(workshop: Workshop) -> None:
    workshop.projector_token_hash = None


def workshop_by_projector_token(session: Session, token: str | None) -> Workshop | None:
    if not token:
        return None
    return session.scalar(
        sa.select(Workshop).where(Workshop.projector_token_hash == hash_token(token))
    )
