"""REST API of strategies and their follow-up: list and create strategies, add members,
read the follow-up board (JSON, XLSX, CSV) and its summary, change an idea's follow-up."""

from flask import request

from workshop.api import bp
from workshop.api.body import json_body
from workshop.auth import require_facilitator
from workshop.errors import NotFound
from workshop.extensions import db
from workshop.i18n_markers import N_
from workshop.models import Idea, Workshop
from workshop.process import follow_up, strategies
from workshop.process.board import board, summary
from workshop.strategy_downloads import board_response, check_board_format
from workshop.strategy_http import board_filters


def strategy_dict(strategy) -> dict:
    """Return a strategy with its priorities and events."""
    return {
        "id": strategy.id,
        "key": strategy.key,
        "name": strategy.name,
        "priorities": [p.to_dict() for p in strategy.priorities],
        "workshops": [
            {
                "id": w.id,
                "title": w.title,
                "date": w.date.isoformat() if w.date else None,
                "state": w.state,
            }
            for w in strategies.workshops_in(db.session, strategy)
        ],
    }


@bp.get("/strategies")
def api_strategies():
    """List the strategies the caller is a member of, each with its events."""
    account = require_facilitator()
    return {"strategies": [strategy_dict(s) for s in strategies.strategies_of(db.session, account)]}


@bp.post("/strategies")
def api_create_strategy():
    """Create a strategy (`name`, `priorities`: a list of names); the caller facilitates it."""
    account = require_facilitator()
    name, priorities = strategies.validate_strategy(json_body())
    strategy = strategies.create_strategy(db.session, account, name, priorities)
    db.session.commit()
    return strategy_dict(strategy), 201


@bp.get("/strategies/<int:strategy_id>")
def api_strategy(strategy_id: int):
    """Return a strategy with its priorities, events and members."""
    account = require_facilitator()
    strategy = strategies.readable_strategy(db.session, account, strategy_id)
    members = strategies.member_emails(db.session, strategy)
    return {
        **strategy_dict(strategy),
        "members": [{"email": email, "role": role} for email, role in members],
    }


@bp.post("/strategies/<int:strategy_id>/members")
def api_add_member(strategy_id: int):
    """Add a member (`email`, `role`: facilitator or coordination, `password` for a new
    coordination-group account, which is read-only)."""
    account = require_facilitator()
    strategy = strategies.writable_strategy(db.session, account, strategy_id)
    data = json_body()
    password = data.get("password") if isinstance(data.get("password"), str) else None
    email = data.get("email") if isinstance(data.get("email"), str) else ""
    _, created = strategies.add_member(db.session, strategy, email, data.get("role"), password)
    db.session.commit()
    return {"email": email.strip().lower(), "role": data.get("role")}, 201 if created else 200


@bp.get("/strategies/<int:strategy_id>/follow-up")
def api_follow_up(strategy_id: int):
    """Return the follow-up board (filters: priority_id, status, organisation_id, helix);
    `format=xlsx` or `csv` answers a download, `docx`, `pdf` or `html` the plan document
    with statuses (`lang`: fi, sv or en)."""
    account = require_facilitator()
    strategy = strategies.readable_strategy(db.session, account, strategy_id)
    filters = board_filters(request.args)
    rows = board(db.session, strategy, filters)
    if request.args.get("format"):
        format_name = check_board_format(request.args.get("format"))
        return board_response(strategy, rows, format_name, request.args)
    return {"ideas": [r.to_dict() for r in rows]}


@bp.get("/strategies/<int:strategy_id>/summary")
def api_follow_up_summary(strategy_id: int):
    """Return per priority: ideas per status, organisations leading, helixes, whether
    anything moves."""
    account = require_facilitator()
    strategy = strategies.readable_strategy(db.session, account, strategy_id)
    return {"priorities": [s.to_dict() for s in summary(strategy, board(db.session, strategy))]}


@bp.patch("/ideas/<int:idea_id>/follow-up")
def api_change_follow_up(idea_id: int):
    """Change an idea's follow-up (`status`, `next_step`, `due`, `funding_instrument`,
    `mapped_project_id`, `merged_into_id`); each change is recorded with who and when."""
    account = require_facilitator()
    idea = db.session.get(Idea, idea_id)
    workshop = db.session.get(Workshop, idea.workshop_id) if idea else None
    if idea is None or workshop.strategy_id is None:
        raise NotFound(N_("No such idea in any strategy."))
    strategy = strategies.writable_strategy(db.session, account, workshop.strategy_id)
    changes = follow_up.validate_changes(db.session, strategy, idea, json_body())
    follow_up.apply_changes(db.session, idea, changes, account)
    db.session.commit()
    row = next(r for r in board(db.session, strategy) if r.idea_id == idea.id)
    return row.to_dict()


@bp.put("/strategies/<int:strategy_id>/projects/<int:project_id>/priority")
def api_project_priority(strategy_id: int, project_id: int):
    """Correct the priority a mapped project counts in (`priority_id`, null: by its text)."""
    account = require_facilitator()
    strategy = strategies.writable_strategy(db.session, account, strategy_id)
    strategies.set_project_priority(
        db.session, strategy, project_id, json_body().get("priority_id")
    )
    db.session.commit()
    return {"project_id": project_id, "priority_id": json_body().get("priority_id")}
