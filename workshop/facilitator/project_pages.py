"""The strategy's mapped projects and the priority each counts in for missing voices:
assigned by the survey answer or the project's text, corrected here by a facilitator."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from workshop.errors import NotFound, ValidationFailed
from workshop.extensions import db
from workshop.facilitator import bp
from workshop.facilitator.pages import me
from workshop.i18n_markers import N_
from workshop.ids import parse_id
from workshop.models import MappedProject
from workshop.process import strategies
from workshop.process.missing_voices import assigned_projects

CHOOSE = N_("Choose one of the strategy's priorities, or “Automatic”.")


def _page(strategy, *, status: int = 200, errors: dict | None = None, error: str = ""):
    """Render the list; `errors` by field id (`priority-<project id>`)."""
    shown = request.args.get("priority", "")
    rows = assigned_projects(db.session, strategy)
    if shown == "none":
        rows = [r for r in rows if r.priority_id is None]
    elif shown.isdigit():
        rows = [r for r in rows if r.priority_id == int(shown)]
    return render_template(
        "strategy/projects.html",
        strategy=strategy,
        rows=rows,
        shown=shown,
        names={p.id: p.name for p in strategy.priorities},
        writable=strategies.role_of(db.session, me(), strategy) == strategies.FACILITATOR,
        errors=errors or {},
        error=error,
    ), status


@bp.get("/strategies/<int:strategy_id>/projects")
@login_required
def strategy_projects(strategy_id: int):
    """List the strategy's mapped projects with the priority each counts in."""
    return _page(strategies.readable_strategy(db.session, me(), strategy_id))


@bp.post("/strategies/<int:strategy_id>/projects/<int:project_id>/priority")
@login_required
def correct_project_priority(strategy_id: int, project_id: int):
    """Correct the priority a mapped project counts in, or give it back to its text."""
    strategy = strategies.writable_strategy(db.session, me(), strategy_id)
    project = db.session.get(MappedProject, project_id)
    if project is None or project.strategy != strategy.key:
        raise NotFound(N_("This strategy has no such mapped project."))
    raw = request.form.get("priority_id", "").strip()
    chosen = None if raw == "" else parse_id(raw)
    try:
        if raw and chosen is None:
            raise ValidationFailed(CHOOSE)
        strategies.set_project_priority(db.session, strategy, project.id, chosen)
    except ValidationFailed:
        db.session.rollback()
        message = _(CHOOSE)
        return _page(
            strategy,
            status=400,
            errors={f"priority-{project.id}": message},
            error=_("The priority of “%(title)s” was not saved.", title=project.title)
            + " "
            + message,
        )
    db.session.commit()
    flash(_("The priority of “%(title)s” was saved.", title=project.title))
    return redirect(
        url_for("facilitator.strategy_projects", strategy_id=strategy.id) + f"#project-{project.id}"
    )
