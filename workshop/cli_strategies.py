"""`aihio strategies ...`: what an organiser scripts between events: strategies and their
members, linking workshops, carrying drafts, the follow-up and its downloads, missing
voices and the coordination group's read-only link."""

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from workshop.errors import AihioError
from workshop.extensions import db


def _account(email: str):
    from workshop.accounts import facilitator_by_email

    account = facilitator_by_email(db.session, email)
    if account is None:
        raise click.ClickException(f"No account has the email {email}. Create one first.")
    return account


def _strategy(strategy_id: int, email: str, write: bool):
    from workshop.process import strategies

    account = _account(email)
    find = strategies.writable_strategy if write else strategies.readable_strategy
    return find(db.session, account, strategy_id), account


def _fail(error: AihioError):
    db.session.rollback()
    fields = "; ".join(f"{k}: {v}" for k, v in error.fields.items())
    raise click.ClickException(str(error) + (f" ({fields})" if fields else "")) from None


def _write(path: str | None, body: bytes) -> None:
    if path:
        Path(path).write_bytes(body)
        click.echo(f"Wrote {path} ({len(body)} bytes)", err=True)
    else:
        click.echo(body.decode("utf-8-sig"))


@click.group()
def strategies() -> None:
    """Strategies: their events, carried drafts, follow-up and missing voices."""


@strategies.command("list")
@click.option("--as", "email", required=True, help="Email of the member asking.")
@with_appcontext
def list_command(email: str) -> None:
    """Print the strategies of a member, with their events, as JSON."""
    from workshop.process.strategies import strategies_of, workshops_in

    found = [
        {
            "id": s.id,
            "name": s.name,
            "key": s.key,
            "workshops": [
                {"id": w.id, "title": w.title, "date": w.date.isoformat() if w.date else None}
                for w in workshops_in(db.session, s)
            ],
        }
        for s in strategies_of(db.session, _account(email))
    ]
    click.echo(json.dumps({"strategies": found}, ensure_ascii=False, indent=2))


@strategies.command("create")
@click.argument("name")
@click.option("--owner", required=True, help="Email of the facilitator who runs it.")
@click.option("--priority", "priorities", multiple=True, help="A priority (repeat).")
@with_appcontext
def create_command(name: str, owner: str, priorities: tuple[str, ...]) -> None:
    """Create a strategy with its priorities."""
    from workshop.process.strategies import create_strategy, validate_strategy

    try:
        name, lines = validate_strategy({"name": name, "priorities": list(priorities)})
        strategy = create_strategy(db.session, _account(owner), name, lines)
        db.session.commit()
    except AihioError as error:
        _fail(error)
    click.echo(f"Created strategy {strategy.id} ({strategy.name}), key {strategy.key}")


@strategies.command("member")
@click.argument("strategy_id", type=int)
@click.argument("email")
@click.option("--role", type=click.Choice(["facilitator", "coordination"]), required=True)
@click.option("--by", "by", required=True, help="Email of a facilitator of the strategy.")
@click.option("--password", default=None, help="For a new coordination-group account.")
@with_appcontext
def member_command(strategy_id: int, email: str, role: str, by: str, password) -> None:
    """Add a member; a new coordination-group member gets a read-only account."""
    from workshop.process.strategies import add_member

    try:
        strategy, _ = _strategy(strategy_id, by, write=True)
        _, created = add_member(db.session, strategy, email, role, password)
        db.session.commit()
    except AihioError as error:
        _fail(error)
    click.echo(f"{'Added' if created else 'Updated'} {email} as {role} of strategy {strategy_id}")


@strategies.command("link")
@click.argument("workshop_id", type=int)
@click.argument("strategy_id", type=int)
@click.option("--by", "by", required=True, help="Email of the workshop's facilitator.")
@with_appcontext
def link_command(workshop_id: int, strategy_id: int, by: str) -> None:
    """Make an existing workshop an event of the strategy (priorities linked by name)."""
    from workshop.auth import owned_workshop
    from workshop.process.strategies import link_priorities

    try:
        strategy, account = _strategy(strategy_id, by, write=True)
        workshop = owned_workshop(workshop_id, account)
        link_priorities(db.session, workshop, strategy)
        db.session.commit()
    except AihioError as error:
        _fail(error)
    click.echo(f"Workshop {workshop_id} is now an event of strategy {strategy_id}")


@strategies.command("carry")
@click.argument("workshop_id", type=int)
@click.argument("idea_ids", type=int, nargs=-1)
@click.option("--by", "by", required=True, help="Email of the workshop's facilitator.")
@click.option("--status", default=None, help="Carry every draft with this status.")
@click.option("--min-votes", default=None, type=int, help="Carry drafts with this many votes.")
@with_appcontext
def carry_command(workshop_id: int, idea_ids, by: str, status, min_votes) -> None:
    """Carry drafts (ids, or all matching --status/--min-votes) to the workshop."""
    from workshop.auth import owned_workshop
    from workshop.process import carry, strategies

    try:
        account = _account(by)
        workshop = owned_workshop(workshop_id, account)
        if workshop.strategy_id is not None:
            strategies.writable_strategy(db.session, account, workshop.strategy_id)
        ids = list(idea_ids)
        if not ids and (status or min_votes is not None):
            found = carry.candidates(db.session, workshop, status=status, min_votes=min_votes or 0)
            ids = [c.idea.id for c in found]
        records = carry.carry(db.session, workshop, carry.validate_idea_ids(ids), account)
        db.session.commit()
    except AihioError as error:
        _fail(error)
    for record in records:
        click.echo(f"Carried idea {record.idea_id} from {record.from_workshop_title}")


@strategies.command("follow-up")
@click.argument("strategy_id", type=int)
@click.option("--as", "email", required=True, help="Email of a member.")
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["json", "xlsx", "csv", "docx", "pdf", "html"]),
    default="json",
    help="docx, pdf, html: the plan document with statuses.",
)
@click.option("--status", default=None, help="Only ideas with this status.")
@click.option("--lang", default="fi", type=click.Choice(["fi", "sv", "en"]))
@click.option("-o", "--output", default=None, type=click.Path(dir_okay=False))
@with_appcontext
def follow_up_command(strategy_id, email, format_name, status, lang, output) -> None:
    """Print or write the follow-up board, or the plan document with statuses."""
    from workshop.process.board import board
    from workshop.strategy_downloads import board_response
    from workshop.strategy_http import board_filters

    try:
        strategy, _ = _strategy(strategy_id, email, write=False)
        rows = board(db.session, strategy, board_filters({"status": status}))
    except AihioError as error:
        _fail(error)
    if format_name == "json":
        body = json.dumps({"ideas": [r.to_dict() for r in rows]}, ensure_ascii=False, indent=2)
        return _write(output, body.encode())
    if format_name in ("docx", "pdf") and not output:
        raise click.UsageError("Give -o FILE: a docx or pdf file is not printed.")
    with current_app.test_request_context(headers={"Cookie": f"aihio_lang={lang}"}):
        try:
            response = board_response(strategy, rows, format_name, {"lang": lang})
        except AihioError as error:
            _fail(error)
    _write(output, response.get_data())


@strategies.command("set")
@click.argument("idea_id", type=int)
@click.option("--by", "by", required=True, help="Email of a facilitator of the strategy.")
@click.option("--status", default=None)
@click.option("--next-step", default=None)
@click.option("--due", default=None, help="YYYY-MM-DD, or '' to clear.")
@click.option("--funding-instrument", default=None)
@click.option("--mapped-project", "mapped_project_id", default=None, type=int)
@with_appcontext
def set_command(idea_id: int, by: str, **values) -> None:
    """Change an idea's follow-up; the change is recorded with who and when."""
    from workshop.errors import NotFound
    from workshop.models import Idea, Workshop
    from workshop.process import follow_up

    raw = {k: v for k, v in values.items() if v is not None}
    try:
        idea = db.session.get(Idea, idea_id)
        workshop = db.session.get(Workshop, idea.workshop_id) if idea else None
        if workshop is None or workshop.strategy_id is None:
            raise NotFound("No such idea in any strategy.")
        strategy, account = _strategy(workshop.strategy_id, by, write=True)
        changes = follow_up.validate_changes(db.session, strategy, idea, raw)
        recorded = follow_up.apply_changes(db.session, idea, changes, account)
        db.session.commit()
    except AihioError as error:
        _fail(error)
    click.echo(f"Idea {idea_id}: {len(recorded)} change(s) recorded")


@strategies.command("missing-voices")
@click.argument("workshop_id", type=int)
@click.option("--as", "email", required=True, help="Email of a member.")
@click.option("--format", "format_name", type=click.Choice(["csv", "xlsx"]), default="csv")
@click.option("--lang", default="fi", type=click.Choice(["fi", "sv", "en"]))
@click.option("-o", "--output", default=None, type=click.Path(dir_okay=False))
@with_appcontext
def missing_voices_command(workshop_id, email, format_name, lang, output) -> None:
    """Write the invitation list: organisation, type, priority, why."""
    from workshop.models import Workshop
    from workshop.process.missing_voices import missing_voices
    from workshop.strategy_downloads import invitation_download

    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or workshop.strategy_id is None:
        raise click.ClickException(f"No workshop {workshop_id} in a strategy.")
    try:
        _strategy(workshop.strategy_id, email, write=False)
    except AihioError as error:
        _fail(error)
    voices = missing_voices(db.session, workshop)
    with current_app.test_request_context(headers={"Cookie": f"aihio_lang={lang}"}):
        response = invitation_download(workshop.title, voices, format_name)
    _write(output, response.get_data())


@strategies.command("share")
@click.argument("strategy_id", type=int)
@click.option("--by", "by", required=True, help="Email of a facilitator of the strategy.")
@with_appcontext
def share_command(strategy_id: int, by: str) -> None:
    """Make a new read-only link for the coordination group (the old one stops working)."""
    from workshop.cli import base_url
    from workshop.process.strategies import new_share_link

    try:
        strategy, _ = _strategy(strategy_id, by, write=True)
        token = new_share_link(strategy)
        db.session.commit()
    except AihioError as error:
        _fail(error)
    click.echo(f"{base_url().rstrip('/')}/s/{token}")
