"""A facilitator removing a participant from their workshop (wrong person, spam), or
erasing one person's name on request (workshop/privacy.py)."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import login_required

from workshop import live, privacy
from workshop.errors import NotFound
from workshop.extensions import db
from workshop.facilitator import bp
from workshop.facilitator.pages import my_workshop
from workshop.i18n_markers import N_
from workshop.models import Participant


def my_participant(workshop_id: int, participant_id: int) -> Participant:
    """Return a participant of the current facilitator's workshop, checked through it."""
    workshop = my_workshop(workshop_id)
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.workshop_id != workshop.id:
        raise NotFound(N_("This workshop has no such participant."))
    return participant


def _back(workshop_id: int):
    return redirect(url_for("facilitator.workshop", workshop_id=workshop_id) + "#participants")


@bp.post("/workshops/<int:workshop_id>/participants/<int:participant_id>/remove")
@login_required
def remove_participant(workshop_id: int, participant_id: int):
    """Take a participant out of the workshop: token revoked, disconnected, seat freed."""
    participant = my_participant(workshop_id, participant_id)
    name = participant.display_name
    left = privacy.remove_participant(participant)
    db.session.commit()
    live.participant_left(participant.id, workshop_id, left)
    flash(_("%(name)s was removed from the workshop.", name=name))
    return _back(workshop_id)


@bp.post("/workshops/<int:workshop_id>/participants/<int:participant_id>/erase")
@login_required
def erase_participant(workshop_id: int, participant_id: int):
    """Erase a participant's name everywhere; their text and votes stay, anonymous."""
    participant = my_participant(workshop_id, participant_id)
    left = privacy.erase_participant(db.session, participant)
    db.session.commit()
    live.participant_left(participant.id, workshop_id, left)
    flash(_("The participant's name was erased. Their text and votes stay, anonymous."))
    return _back(workshop_id)
