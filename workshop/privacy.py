"""What the privacy notice promises about participants' personal data, in code: a
facilitator removing someone from a workshop, erasing one person on request, and removing
every name of the workshops whose retention period has passed. No Flask here; callers
commit (docs/security.md tells the whole story).

- removed: the token is revoked and the seat freed; the name stays until it is erased or
  the retention period ends. Removed people are not counted anywhere.
- erased: the name is gone (`display_name` is empty), the token revoked; the organisation
  type, the text they wrote, their votes and their share of authorship stay, anonymous.
  A free-text organisation name that no participant with a name uses any more is removed
  too; a curated (known) organisation stays.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.errors import NotFound, ValidationFailed
from workshop.i18n_markers import N_
from workshop.ids import parse_id
from workshop.models import Idea, Organisation, Participant, Workshop, utcnow

# A normalised organisation name never starts with a space, so this key matches nothing
# anybody can type (workshop.organisations.normalise_name).
ERASED_ORGANISATION_KEY = " erased {id}"


def get_participant(session: Session, participant_id: object) -> Participant:
    """Return the participant with this id, or raise NotFound / ValidationFailed."""
    pid = parse_id(participant_id)
    if pid is None:
        raise ValidationFailed(
            N_("Give the participant's id as a number."),
            fields={"participant_id": N_("Send a number.")},
        )
    participant = session.get(Participant, pid)
    if participant is None:
        raise NotFound(N_("No such participant."), fields={"participant_id": N_("Unknown id.")})
    return participant


def participant_row(participant: Participant) -> dict:
    """Return a participant as their facilitator sees them (no name once erased)."""
    erased = participant.erased_at is not None
    return {
        "id": participant.id,
        "name": None if erased else participant.display_name,
        "organisation": participant.organisation.name or None,
        "org_type": participant.org_type,
        "table_id": participant.table_id,
        "removed": participant.removed_at is not None,
        "erased": erased,
    }


def revoke_token(participant: Participant) -> None:
    """Make the participant's bearer token (and the browser's cookie) stop working."""
    participant.token_hash = f"revoked:{participant.id}"  # a SHA-256 is 64 hex digits


def remove_participant(participant: Participant) -> int | None:
    """Take someone out of a workshop (wrong person, spam); return the table they left."""
    left = participant.table_id
    if participant.removed_at is None:
        participant.removed_at = utcnow()
    participant.table = None
    revoke_token(participant)
    return left


def erase_participant(session: Session, participant: Participant) -> int | None:
    """Erase one person's name on request; return the table they left.

    Their seat is freed too, so that every screen drops them and the group committer (which
    checks seats) refuses anything still on its way from them.
    """
    left = participant.table_id
    participant.table = None
    anonymise(session, [participant])
    return left


def anonymise(session: Session, participants: list[Participant]) -> list[int]:
    """Erase these participants' names and revoke their tokens; return the ids changed."""
    now = utcnow()
    changed = []
    for participant in participants:
        if participant.erased_at is None:
            participant.display_name = ""
            participant.erased_at = now
            changed.append(participant.id)
        revoke_token(participant)
    session.flush()
    forget_free_text_organisations(session, {p.organisation_id for p in participants})
    return changed


def forget_free_text_organisations(session: Session, organisation_ids: set[int]) -> int:
    """Remove the names of those free-text organisations that no participant with a name
    uses any more; return how many. Curated (known) organisations keep their names."""
    if not organisation_ids:
        return 0
    named_users = sa.select(Participant.organisation_id).where(
        Participant.organisation_id.in_(organisation_ids), Participant.erased_at.is_(None)
    )
    forgotten = session.scalars(
        sa.select(Organisation).where(
            Organisation.id.in_(organisation_ids),
            Organisation.curated.is_(False),
            Organisation.erased_at.is_(None),
            Organisation.id.not_in(named_users),
        )
    ).all()
    for organisation in forgotten:
        organisation.name = ""
        organisation.normalized_name = ERASED_ORGANISATION_KEY.format(id=organisation.id)
        organisation.erased_at = utcnow()
    return len(forgotten)


@dataclass
class PurgeResult:
    cutoff: date  # workshops whose last day is before this lost their names
    workshops: list[int] = field(default_factory=list)
    participants: list[int] = field(default_factory=list)


def last_days(session: Session) -> dict[int, date]:
    """Return each workshop's last day (of those where someone still has a name): the
    latest of its date, its creation, the last join and the last edit of a draft."""
    named = sa.select(Participant.workshop_id).where(Participant.erased_at.is_(None))
    days: dict[int, date] = {}

    def later(workshop_id: int, moment) -> None:
        if moment is None:
            return
        day = moment.date() if isinstance(moment, datetime) else moment
        days[workshop_id] = max(days.get(workshop_id, day), day)

    for workshop_id, day, created in session.execute(
        sa.select(Workshop.id, Workshop.date, Workshop.created_at).where(Workshop.id.in_(named))
    ):
        later(workshop_id, day)
        later(workshop_id, created)
    for column, model in ((Participant.created_at, Participant), (Idea.updated_at, Idea)):
        for workshop_id, moment in session.execute(
            sa.select(model.workshop_id, sa.func.max(column))
            .where(model.workshop_id.in_(named))
            .group_by(model.workshop_id)
        ):
            later(workshop_id, moment)
    return days


def purge_expired(session: Session, today: date, retention_days: int) -> PurgeResult:
    """Erase the names of every participant of the workshops whose last day is more than
    `retention_days` before `today`. Idempotent: a second run (or another process running
    it at the same time) finds nothing left to do. Seats are kept, for the plan's numbers."""
    if retention_days < 0:
        raise ValidationFailed(N_("Give the retention period as zero or more days."))
    cutoff = today - timedelta(days=retention_days)
    expired = sorted(w for w, day in last_days(session).items() if day < cutoff)
    result = PurgeResult(cutoff, expired)
    if expired:
        people = session.scalars(
            sa.select(Participant).where(
                Participant.workshop_id.in_(expired), Participant.erased_at.is_(None)
            )
        ).all()
        result.participants = anonymise(session, list(people))
    return result
