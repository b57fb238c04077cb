"""The `aihio` command line: a Flask CLI group bound to the app factory."""

import os
import socket
import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from workshop.cli_demo import demo, public_base_url, say_where
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


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=lambda: int(os.environ.get("AIHIO_WORKERS") or 1),
    show_default="1, or AIHIO_WORKERS",
    help="Server processes on this port (more than 1 needs PostgreSQL and REDIS_URL).",
)
@click.option(
    "--quiet", is_flag=True, help="No request log (one line per request on stderr otherwise)."
)
@with_appcontext
def serve(host: str, port: int, workers: int, quiet: bool) -> None:
    """Serve Aihio (HTTP and Socket.IO) with the configured async mode."""
    from workshop import retention
    from workshop.extensions import socketio
    from workshop.request_log import RequestLog
    from workshop.workers import WORKER_ENV, Supervisor, is_first_worker, worker_command

    app = current_app._get_current_object()
    if not quiet:
        app.wsgi_app = RequestLog(app.wsgi_app)
    mode = app.config["ASYNC_MODE"]
    url, origin = public_base_url(host, port)
    if workers > 1:
        _check_can_share(app)
        click.echo(f"Aihio on {url}: {workers} worker processes", err=True)
        say_where(origin, url)
        supervisor = Supervisor(
            worker_command(host, port, quiet), workers, lambda m: click.echo(m, err=True)
        )
        sys.exit(supervisor.run())
    in_pool = WORKER_ENV in os.environ  # one of `--workers N`: the port is shared
    click.echo(f"Aihio on {url} ({mode})", err=True)
    if not in_pool:  # the supervisor said it once
        say_where(origin, url)
    sys.stderr.flush()
    if is_first_worker():
        retention.start(app)  # names past AIHIO_RETENTION_DAYS: erased now, then daily
    if mode == "eventlet":
        import gc

        import eventlet
        import eventlet.wsgi

        gc.collect()
        gc.freeze()  # the app's startup objects leave the collector: shorter gen-2 pauses
        # SO_REUSEPORT only among workers: a second, forgotten `aihio serve` on the same
        # port must fail to start, not quietly take half of the connections.
        listener = eventlet.listen((host, port), reuse_port=in_pool)
        # Binary Socket.IO events are two frames; without this the second one
        # waits ~40 ms for a delayed ACK (REALTIME-NOTES.md).
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        eventlet.wsgi.server(listener, app, log_output=False)
    else:
        # Flask ignores app.run() under its own CLI; this command is the server here.
        os.environ.pop("FLASK_RUN_FROM_CLI", None)
        if not quiet:  # our request log replaces Werkzeug's own lines
            import logging

            logging.getLogger("werkzeug").setLevel(logging.WARNING)
        socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True)


def _check_can_share(app) -> None:
    """Several processes need one database they can all write and Redis between them."""
    problems = []
    if not app.config.get("REDIS_URL"):
        problems.append("set REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
    if db.engine.dialect.name == "sqlite":
        problems.append("set DATABASE_URL to a PostgreSQL database")
    if app.config["ASYNC_MODE"] != "eventlet":
        problems.append("use AIHIO_ASYNC_MODE=eventlet")
    if problems:
        raise click.UsageError("--workers above 1: " + "; ".join(problems) + " (docs/deploy.md).")


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
