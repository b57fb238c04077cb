"""The coordination group's read-only link to a strategy: the follow-up board, each idea's
follow-up and each organisation's role, with no account. The link's token is stored
hashed (workshop.process.strategies.new_share_link); a new link ends the old one."""

from flask import Blueprint, request, url_for

from workshop.errors import NotFound
from workshop.extensions import db
from workshop.i18n_markers import N_
from workshop.process.board import board as board_rows
from workshop.process.strategies import strategy_by_share_token
from workshop.strategy_downloads import board_response, check_board_format
from workshop.strategy_http import board_filters
from workshop.strategy_views import render_board, render_idea, render_role, strategy_idea

bp = Blueprint("shared", __name__)


def shared_strategy(token: str):
    """Return the strategy of this link, or NotFound (also for an ended link)."""
    strategy = strategy_by_share_token(db.session, token)
    if strategy is None:
        raise NotFound(N_("This link does not work (any more). Ask for a new one."))
    return strategy


def shared_links(token: str) -> dict:
    return {
        "board": url_for("shared.board", token=token),
        "idea": lambda idea_id: url_for("shared.idea", token=token, idea_id=idea_id),
        "org": lambda org_id: url_for("shared.organisation", token=token, organisation_id=org_id),
        "export": lambda fmt: url_for("shared.export", token=token, format=fmt),
    }


@bp.get("/<token>")
def board(token: str):
    """Show the strategy's follow-up board, read-only."""
    strategy = shared_strategy(token)
    return render_board(
        strategy, board_filters(request.args), shared_links(token), writable=False, events=[]
    )


@bp.get("/<token>/export.<format>")
def export(token: str, format: str):  # noqa: A002 - the URL's word
    """Download the follow-up board (XLSX with the summary, or CSV), or open the plan
    document with statuses (DOCX, PDF, printable HTML)."""
    strategy = shared_strategy(token)
    format_name = check_board_format(format)
    rows = board_rows(db.session, strategy)
    links = {
        "back_url": url_for("shared.board", token=token),
        "script_url": url_for("static", filename="js/print.js"),
    }
    return board_response(strategy, rows, format_name, request.args, **links)


@bp.get("/<token>/ideas/<int:idea_id>")
def idea(token: str, idea_id: int):
    """Show an idea's provenance, changes and follow-up history, read-only."""
    strategy = shared_strategy(token)
    return render_idea(
        strategy, strategy_idea(strategy, idea_id), shared_links(token), writable=False
    )


@bp.get("/<token>/organisations/<int:organisation_id>")
def organisation(token: str, organisation_id: int):
    """Show an organisation's role across the strategy, read-only."""
    strategy = shared_strategy(token)
    return render_role(strategy, organisation_id, shared_links(token))
