"""A workshop's page for carrying drafts of the strategy's earlier events here, and its
missing voices (with the invitation list)."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from workshop.errors import ValidationFailed
from workshop.extensions import db
from workshop.facilitator import bp
from workshop.facilitator.pages import me, my_workshop
from workshop.i18n import translate
from workshop.ids import parse_id
from workshop.models import Idea
from workshop.orgtypes import ORG_TYPE_BY_KEY
from workshop.process import carry, strategies
from workshop.process.follow_up import STATUS_LABELS, STATUSES
from workshop.process.missing_voices import missing_voices
from workshop.strategy_downloads import check_sheet_format, invitation_download
from workshop.strategy_http import drafts_moved


def _carry_page(workshop, error: str | None = None, status: int = 200):
    args = request.args
    priority_id = parse_id(args.get("priority_id") or "")
    chosen_status = args.get("status") if args.get("status") in STATUSES else None
    min_votes = int(args["min_votes"]) if (args.get("min_votes") or "").isdigit() else 0
    found = carry.candidates(
        db.session,
        workshop,
        strategy_priority_id=priority_id,
        status=chosen_status,
        min_votes=min_votes,
    )
    return render_template(
        "strategy/carry.html",
        workshop=workshop,
        strategy=workshop.strategy,
        candidates=found,
        filters={"priority_id": priority_id, "status": chosen_status, "min_votes": min_votes},
        statuses=STATUSES,
        status_labels=STATUS_LABELS,
        error=error,
    ), status


@bp.get("/workshops/<int:workshop_id>/carry")
@login_required
def carry_drafts(workshop_id: int):
    """List drafts of the strategy's other events to carry here, filtered."""
    workshop = my_workshop(workshop_id)
    if workshop.strategy_id is not None:
        strategies.writable_strategy(db.session, me(), workshop.strategy_id)
    return _carry_page(workshop)


@bp.post("/workshops/<int:workshop_id>/carry")
@login_required
def carry_drafts_submit(workshop_id: int):
    """Carry the chosen drafts to tables of their priorities here."""
    workshop = my_workshop(workshop_id)
    if workshop.strategy_id is not None:
        strategies.writable_strategy(db.session, me(), workshop.strategy_id)
    ids = [parse_id(v) for v in request.form.getlist("idea_id")]
    try:
        if not ids or None in ids:
            raise ValidationFailed(_("Choose at least one draft to carry."))
        sources = set(db.session.scalars(sa.select(Idea.workshop_id).where(Idea.id.in_(ids))))
        records = carry.carry(db.session, workshop, ids, me())
    except ValidationFailed as error:
        db.session.rollback()
        return _carry_page(workshop, translate(error.message, error.params), 400)
    db.session.commit()
    drafts_moved([r.idea_id for r in records], sources | {workshop.id})
    flash(
        ngettext(
            "%(num)d draft was carried to this workshop.",
            "%(num)d drafts were carried to this workshop.",
            len(records),
        )
    )
    return redirect(url_for("facilitator.carry_drafts", workshop_id=workshop.id))


@bp.get("/workshops/<int:workshop_id>/missing-voices")
@login_required
def workshop_missing_voices(workshop_id: int):
    """Show per priority whose voice is still missing; `format` downloads the list."""
    workshop = my_workshop(workshop_id)
    voices = missing_voices(db.session, workshop)
    if request.args.get("format"):
        return invitation_download(
            workshop.title, voices, check_sheet_format(request.args.get("format"))
        )
    return render_template(
        "strategy/missing_voices.html",
        workshop=workshop,
        voices=voices,
        type_labels={k: t.label for k, t in ORG_TYPE_BY_KEY.items()},
    )
