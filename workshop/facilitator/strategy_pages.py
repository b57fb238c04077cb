"""The strategy's pages for its members: the list of strategies, the follow-up board
(facilitators edit, the coordination group reads), an idea's follow-up, an organisation's
role, the read-only link."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from workshop.errors import ValidationFailed
from workshop.extensions import db
from workshop.facilitator import bp
from workshop.facilitator.pages import me
from workshop.http_errors import translated_fields
from workshop.i18n import translate
from workshop.i18n_markers import N_
from workshop.ids import parse_id
from workshop.process import follow_up, strategies
from workshop.process.board import board
from workshop.strategy_downloads import board_response, check_board_format
from workshop.strategy_http import board_filters
from workshop.strategy_views import render_board, render_idea, render_role
from workshop.strategy_views import strategy_idea as idea_of
from workshop.workshops import MAX_TABLES_PER_PRIORITY, create_workshop, validate_workshop


def member_links(strategy_id: int) -> dict:
    """Return the addresses the strategy's templates link to, for members."""
    return {
        "board": url_for("facilitator.strategy", strategy_id=strategy_id),
        "idea": lambda idea_id: url_for(
            "facilitator.strategy_idea", strategy_id=strategy_id, idea_id=idea_id
        ),
        "org": lambda org_id: url_for(
            "facilitator.strategy_organisation", strategy_id=strategy_id, organisation_id=org_id
        ),
        "export": lambda fmt: url_for(
            "facilitator.strategy_export", strategy_id=strategy_id, format=fmt
        ),
    }


def can_write(strategy) -> bool:
    return strategies.role_of(db.session, me(), strategy) == strategies.FACILITATOR


@bp.get("/strategies")
@login_required
def strategy_list():
    """List the strategies the account is a member of, with their events."""
    mine = strategies.strategies_of(db.session, me())
    return render_template(
        "strategy/list.html",
        strategies=[(s, strategies.workshops_in(db.session, s)) for s in mine],
        errors={},
        values={},
    )


@bp.post("/strategies")
@login_required
def create_strategy():
    """Create a strategy from a name and its priorities, one per line."""
    values = {
        "name": request.form.get("name", ""),
        "priorities": request.form.get("priorities", ""),
    }
    try:
        name, priorities = strategies.validate_strategy(values)
    except ValidationFailed as error:
        db.session.rollback()
        mine = strategies.strategies_of(db.session, me())
        return render_template(
            "strategy/list.html",
            strategies=[(s, strategies.workshops_in(db.session, s)) for s in mine],
            errors=translated_fields(error),
            error=translate(error.message, error.params),
            values=values,
        ), 400
    strategy = strategies.create_strategy(db.session, me(), name, priorities)
    db.session.commit()
    return redirect(url_for("facilitator.strategy", strategy_id=strategy.id))


@bp.get("/strategies/<int:strategy_id>")
@login_required
def strategy(strategy_id: int):
    """Show the follow-up board: filters, ideas grouped by priority, the summary."""
    strategy = strategies.readable_strategy(db.session, me(), strategy_id)
    return render_board(
        strategy,
        board_filters(request.args),
        member_links(strategy.id),
        writable=can_write(strategy),
        events=strategies.workshops_in(db.session, strategy),
        share_url=None,
    )


@bp.post("/strategies/<int:strategy_id>/share")
@login_required
def share_strategy(strategy_id: int):
    """Make a new read-only link to the board (the old one stops working); show it once."""
    strategy = strategies.writable_strategy(db.session, me(), strategy_id)
    token = strategies.new_share_link(strategy)
    db.session.commit()
    return render_board(
        strategy,
        board_filters({}),
        member_links(strategy.id),
        writable=True,
        events=strategies.workshops_in(db.session, strategy),
        share_url=url_for("shared.board", token=token, _external=True),
    )


@bp.get("/strategies/<int:strategy_id>/export.<format>")
@login_required
def strategy_export(strategy_id: int, format: str):  # noqa: A002 - the URL's word
    """Download the follow-up board (XLSX with the summary, or CSV), or open the plan
    document with statuses (DOCX, PDF, printable HTML)."""
    strategy = strategies.readable_strategy(db.session, me(), strategy_id)
    format_name = check_board_format(format)
    rows = board(db.session, strategy, board_filters(request.args))
    links = {
        "back_url": url_for("facilitator.strategy", strategy_id=strategy.id),
        "script_url": url_for("static", filename="js/print.js"),
    }
    return board_response(strategy, rows, format_name, request.args, **links)


@bp.get("/strategies/<int:strategy_id>/ideas/<int:idea_id>")
@login_required
def strategy_idea(strategy_id: int, idea_id: int):
    """Show an idea's provenance, its changes since, its follow-up and their history."""
    strategy = strategies.readable_strategy(db.session, me(), strategy_id)
    idea = idea_of(strategy, idea_id)
    return render_idea(strategy, idea, member_links(strategy.id), writable=can_write(strategy))


@bp.post("/strategies/<int:strategy_id>/ideas/<int:idea_id>")
@login_required
def change_follow_up(strategy_id: int, idea_id: int):
    """Save an idea's follow-up from the form; each change is recorded."""
    strategy = strategies.writable_strategy(db.session, me(), strategy_id)
    idea = idea_of(strategy, idea_id)
    form = request.form
    raw = {key: form.get(key, "") for key in follow_up.EDITABLE if key in form}
    for key in ("mapped_project_id", "merged_into_id"):
        if raw.get(key, "").isdigit():
            raw[key] = int(raw[key])
    try:
        changes = follow_up.validate_changes(db.session, strategy, idea, raw)
    except ValidationFailed as error:
        db.session.rollback()
        return render_idea(
            strategy,
            idea,
            member_links(strategy.id),
            writable=True,
            status=400,
            errors=translated_fields(error),
            error=translate(error.message, error.params),
            values=raw,
        )
    follow_up.apply_changes(db.session, idea, changes, me())
    db.session.commit()
    flash(_("The follow-up was saved."))
    return redirect(url_for("facilitator.strategy_idea", strategy_id=strategy.id, idea_id=idea.id))


@bp.get("/strategies/<int:strategy_id>/organisations/<int:organisation_id>")
@login_required
def strategy_organisation(strategy_id: int, organisation_id: int):
    """Show an organisation's role across the strategy's events."""
    strategy = strategies.readable_strategy(db.session, me(), strategy_id)
    return render_role(strategy, organisation_id, member_links(strategy.id))


@bp.post("/strategies/<int:strategy_id>/workshops")
@login_required
def new_event(strategy_id: int):
    """Create the strategy's next event with its priorities (linked) and tables."""
    strategy = strategies.writable_strategy(db.session, me(), strategy_id)
    values = {k: request.form.get(k, "") for k in ("title", "date", "place", "tables")}
    try:
        details = validate_workshop({**values, "language": "fi"})
        tables = parse_id(values["tables"]) if values["tables"].strip() != "0" else 0
        if tables is None or tables > MAX_TABLES_PER_PRIORITY:
            raise ValidationFailed(
                N_("Check the fields marked below."),
                fields={"tables": N_("Give the number of tables as a whole number from 0 to 30.")},
            )
    except ValidationFailed as error:
        db.session.rollback()
        return render_board(
            strategy,
            board_filters({}),
            member_links(strategy.id),
            writable=True,
            events=strategies.workshops_in(db.session, strategy),
            share_url=None,
            event_errors=translated_fields(error),
            event_values=values,
        ), 400
    workshop = create_workshop(db.session, me(), details)
    strategies.take_priorities(workshop, strategy, tables)
    db.session.commit()
    return redirect(url_for("facilitator.workshop", workshop_id=workshop.id))
