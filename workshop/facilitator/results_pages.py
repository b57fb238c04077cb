"""The voting's ranked results, large for the projector (per priority, best first), the
facilitator's button that carries the ranking into the plan's order, and restoring an
archived draft from the workshop page."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from workshop import facilitation, lifecycle, live
from workshop.errors import NotFound
from workshop.extensions import db
from workshop.facilitator import bp
from workshop.facilitator.overview_pages import projector_bp
from workshop.facilitator.pages import me, my_workshop
from workshop.i18n_markers import N_
from workshop.ideas import Actor
from workshop.models import Idea

TOP = 5  # drafts per priority on the big screen


def _results(workshop, **links):
    return render_template(
        "projector/results.html",
        workshop=workshop,
        ranking=lifecycle.ranking(db.session, workshop, limit=TOP),
        voting=facilitation.voting_of(workshop),
        **links,
    )


@bp.get("/workshops/<int:workshop_id>/results")
@login_required
def results(workshop_id: int):
    """Show the ranked results large, with the button that fixes the plan's order."""
    workshop = my_workshop(workshop_id)
    return _results(workshop, back=url_for("facilitator.workshop", workshop_id=workshop.id))


@projector_bp.get("/p/<token>/results")
def projector_results(token: str):
    """Show the ranked results to whoever holds the projector link."""
    workshop = facilitation.workshop_by_projector_token(db.session, token)
    if workshop is None:
        raise NotFound(
            N_("This projector link is not valid any more. Ask the facilitator for the new one.")
        )
    return _results(workshop, back=url_for("projector.view", token=token))


@bp.post("/workshops/<int:workshop_id>/plan-order")
@login_required
def plan_order(workshop_id: int):
    """Carry the voting's ranking into the plan's order (the facilitator confirms it)."""
    workshop = my_workshop(workshop_id)
    count = lifecycle.carry_ranking(db.session, workshop)
    db.session.commit()
    flash(_("The plan now lists the drafts in the voting's order (%(count)s drafts).", count=count))
    return redirect(url_for("facilitator.results", workshop_id=workshop.id))


@bp.post("/workshops/<int:workshop_id>/ideas/<int:idea_id>/restore")
@login_required
def restore_idea(workshop_id: int, idea_id: int):
    """Bring an archived draft back to its table (the same rule as `restore_idea`)."""
    workshop = my_workshop(workshop_id)
    idea = db.session.get(Idea, idea_id)
    if idea is None or idea.workshop_id != workshop.id:
        raise NotFound(N_("No such idea."))
    lifecycle.restore(db.session, Actor("facilitator", me().id), idea)
    db.session.commit()
    live.overview_changed(workshop.id)  # the table lists it again when it next loads its list
    flash(_("The draft %(title)s is back at its table.", title=idea.title or f"#{idea.id}"))
    return redirect(url_for("facilitator.workshop", workshop_id=workshop.id) + "#archived")
