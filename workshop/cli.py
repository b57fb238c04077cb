"""The `aihio` command line: a Flask CLI group bound to the app factory."""

import json
import os
import socket
import sys

import click
import sqlalchemy as sa
from flask import current_app, url_for
from flask.cli import FlaskGroup, with_appcontext

from workshop.cli_mapping import mapping
from workshop.cli_participants import participants
from workshop.cli_strategies import strategies
from workshop.cli_workshops import workshops
from workshop.extensions import db


def _create_app():
    from workshop.app import create_app

    return create_app()


cli = FlaskGroup(
    name="aihio",
    create_app=_create_app,
    add_default_commands=False,
    help="Aihio: live co-editing of project idea drafts at workshop sprints.",
)


def register_commands(app) -> None:
    """Attach Aihio's commands to the app's CLI group (called by the app factory)."""
    app.cli.add_command(serve)
    app.cli.add_command(users)
    app.cli.add_command(demo)
    app.cli.add_command(workshops)
    app.cli.add_command(mapping)
    app.cli.add_command(participants)
    app.cli.add_command(strategies)


def base_url(host: str | None = None, port: int | None = None) -> str:
    """Return the public base URL: AIHIO_PUBLIC_URL, else the address served."""
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        return configured
    host = host or "127.0.0.1"
    local = host in ("0.0.0.0", "::", "")  # noqa: S104 - a wildcard is reached via loopback
    return f"http://{'127.0.0.1' if local else host}:{port or 5000}"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@with_appcontext
def serve(host: str, port: int) -> None:
    """Serve Aihio (HTTP and Socket.IO) with the configured async mode."""
    from workshop import retention
    from workshop.extensions import socketio

    app = current_app._get_current_object()
    mode = app.config["ASYNC_MODE"]
    click.echo(f"Aihio on {base_url(host, port)} ({mode})", err=True)
    sys.stderr.flush()
    retention.start(app)  # names past AIHIO_RETENTION_DAYS: erased now, then daily
    if mode == "eventlet":
        import gc

        import eventlet
        import eventlet.wsgi

        gc.collect()
        gc.freeze()  # the app's startup objects leave the collector: shorter gen-2 pauses
        listener = eventlet.listen((host, port))
        # Binary Socket.IO events are two frames; without this the second one
        # waits ~40 ms for a delayed ACK (REALTIME-NOTES.md).
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        eventlet.wsgi.server(listener, app, log_output=False)
    else:
        # Flask ignores app.run() under its own CLI; this command is the server here.
        os.environ.pop("FLASK_RUN_FROM_CLI", None)
        socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True)


@click.group()
def users() -> None:
    """Manage facilitator accounts."""


@users.command("create")
@click.argument("email")
@click.password_option(help="The password (asked when not given).")
@with_appcontext
def users_create(email: str, password: str) -> None:
    """Create a facilitator account, or set the password of an existing one."""
    from workshop.accounts import set_facilitator_password

    try:
        created = set_facilitator_password(db.session, email, password)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(("Created" if created else "Updated") + f" facilitator {email.strip().lower()}")


@users.command("token")
@click.argument("email")
@with_appcontext
def users_token(email: str) -> None:
    """Issue an API token for a facilitator and print it (shown only once)."""
    from workshop.accounts import issue_api_token

    token = issue_api_token(db.session, email)
    if token is None:
        raise click.ClickException(f"No facilitator has the email {email}. Create one first.")
    db.session.commit()
    click.echo(token)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--base-url", "public_url", default=None, help="Public URL of the server (default: local)."
)
@click.option(
    "--reset-password",
    is_flag=True,
    help="Give the demo facilitator a new password and the projector a new link; print both.",
)
@with_appcontext
def demo(as_json: bool, public_url: str | None, reset_password: bool) -> None:
    """Create the demo workshop and its facilitator if they are missing; print where to go."""
    from workshop.demo import ensure_demo
    from workshop.demo_mapping import ensure_demo_mapping
    from workshop.facilitation import rotate_projector_token
    from workshop.mapping import strategy_of
    from workshop.process.demo import ensure_demo_strategy

    _require_schema()
    result = ensure_demo(db.session)
    # The demo workshop is the second event of a strategy whose first one is finished.
    strategy = ensure_demo_strategy(db.session, result)
    # A small project survey, so drafts at the demo tables meet overlap hints.
    mapped = ensure_demo_mapping(db.session, strategy_of(result.workshop), result.facilitator.id)
    password = result.password
    if reset_password and password is None:
        from workshop.logins import end_all_logins
        from workshop.secrets_util import new_token

        password = new_token()[:16]
        result.facilitator.set_password(password)
        end_all_logins(db.session, result.facilitator)
    projector_token = None
    if result.created_workshop or reset_password:
        # The link is stored hashed, so it can only be printed when it is made.
        projector_token = rotate_projector_token(result.workshop)
    db.session.commit()

    root = (public_url or base_url()).rstrip("/")
    with current_app.test_request_context(base_url=root):
        join_url = root + url_for("participant.join", code=result.workshop.join_code)
        login_url = root + url_for("facilitator.login")
        projector_url = (
            root + url_for("projector.view", token=projector_token) if projector_token else None
        )
    info = {
        "workshop_id": result.workshop.id,
        "join_code": result.workshop.join_code,
        "join_url": join_url,
        "facilitator_email": result.facilitator.email,
        "projector_url": projector_url,
        "mapped_projects_added": mapped,
        "strategy_id": strategy.id,
        "past_workshop_ids": [
            w.id for w in strategy_events(strategy) if w.id != result.workshop.id
        ],
    }
    if password:
        info["facilitator_password"] = password
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False))
        return
    click.echo(f"Workshop:     {result.workshop.title} (id {result.workshop.id})")
    click.echo(f"Join code:    {result.workshop.join_code}")
    click.echo(f"Join URL:     {join_url}")
    if projector_url:
        click.echo(f"Projector:    {projector_url}")
    click.echo(
        f"Strategy:     {strategy.name} (id {strategy.id}), follow-up at /f/strategies/{strategy.id}"
    )
    if mapped:
        click.echo(f"Mapping:      {mapped} demo projects to compare drafts with")
    click.echo(f"Facilitator:  {login_url}")
    click.echo(f"  email:      {result.facilitator.email}")
    if password:
        click.echo(f"  password:   {password}")
    else:
        click.echo("  password:   unchanged (aihio demo --reset-password gives a new one)")


def strategy_events(strategy) -> list:
    from workshop.process.strategies import workshops_in

    return workshops_in(db.session, strategy)


def _require_schema() -> None:
    if not sa.inspect(db.engine).has_table("workshop"):
        raise click.ClickException("The database has no tables yet. Run `aihio db upgrade` first.")
