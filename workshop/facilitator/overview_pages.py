"""The facilitator's live overview of the room, and the read-only projector view."""

from flask import Blueprint, render_template
from flask_babel import get_locale
from flask_login import login_required

from workshop import facilitation, live
from workshop.errors import NotFound
from workshop.extensions import db
from workshop.facilitator import bp
from workshop.facilitator.pages import my_workshop
from workshop.i18n import in_workshop_language
from workshop.i18n_markers import N_
from workshop.orgtypes import ORG_TYPES
from workshop.process.missing_voices import missing_voices

projector_bp = Blueprint("projector", __name__)


def _context(workshop) -> dict:
    return {
        "workshop": workshop,
        "overview": live.overview_of(workshop.id),
        "phase": live.phase_of(workshop),
        "voting": facilitation.voting_of(workshop),
        "spotlight": facilitation.spotlight_of(db.session, workshop, str(get_locale())),
    }


@bp.get("/workshops/<int:workshop_id>/overview")
@login_required
def overview_page(workshop_id: int):
    """Show the whole room live: tables, flags, drafts' progress, agenda and controls."""
    workshop = my_workshop(workshop_id)
    # Whose voice is still missing, per priority, across the strategy's events (at load).
    voices = missing_voices(db.session, workshop) if workshop.strategy_id else None
    return render_template(
        "facilitator/overview.html",
        voices=voices,
        type_labels={t.key: t.label for t in ORG_TYPES},
        **_context(workshop),
    )


@projector_bp.get("/p/<token>")
def view(token: str):
    """Show the read-only big-screen overview to whoever holds the projector link."""
    workshop = facilitation.workshop_by_projector_token(db.session, token)
    if workshop is None:
        raise NotFound(
            N_("This projector link is not valid any more. Ask the facilitator for the new one.")
        )
    with in_workshop_language(workshop):  # the room's screen: the workshop's language
        return render_template("projector/view.html", token=token, **_context(workshop))
