"""REST API of a workshop's participants for its facilitator: list them, remove one
(wrong person, spam), erase one's name on request (workshop/privacy.py)."""

from workshop import live, privacy
from workshop.api import bp
from workshop.auth import owned_workshop, require_facilitator
from workshop.extensions import db
from workshop.models import Participant
from workshop.privacy import participant_row


def my_participant(participant_id: int) -> Participant:
    """Return a participant of one of the caller's workshops (404 unknown, 403 another's)."""
    facilitator = require_facilitator()
    participant = privacy.get_participant(db.session, participant_id)
    owned_workshop(participant.workshop_id, facilitator)
    return participant


@bp.get("/workshops/<int:workshop_id>/participants")
def api_participants(workshop_id: int):
    """List a workshop's participants, also those removed or erased."""
    workshop = owned_workshop(workshop_id, require_facilitator())
    people = sorted(workshop.participants, key=lambda p: p.id)
    return {"participants": [participant_row(p) for p in people]}


@bp.post("/participants/<int:participant_id>/remove")
def api_remove_participant(participant_id: int):
    """Take a participant out of their workshop: token revoked, disconnected, seat freed."""
    participant = my_participant(participant_id)
    left = privacy.remove_participant(participant)
    db.session.commit()
    live.participant_left(participant.id, participant.workshop_id, left)
    return {"participant": participant_row(participant)}


@bp.delete("/participants/<int:participant_id>")
def api_erase_participant(participant_id: int):
    """Erase a participant's name everywhere; their text, votes and type stay, anonymous."""
    participant = my_participant(participant_id)
    left = privacy.erase_participant(db.session, participant)
    db.session.commit()
    live.participant_left(participant.id, participant.workshop_id, left)
    return {"participant": participant_row(participant)}
