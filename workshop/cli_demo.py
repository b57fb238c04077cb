"""`aihio demo`: the demo workshop and where to go; and the address the room reaches."""

import json

import click
import sqlalchemy as sa
from flask import current_app, url_for
from flask.cli import with_appcontext

from workshop.extensions import db


def public_base_url(host: str | None = None, port: int | None = None) -> tuple[str, str]:
    """Return (base URL, where it came from: "configured", "lan", "local" or "host")."""
    from workshop.venue import venue_base_url

    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        return configured, "configured"
    host = host or "127.0.0.1"
    if host in ("0.0.0.0", "::", ""):  # noqa: S104 - a wildcard: say the LAN address
        url, found = venue_base_url(port or 5000)
        return url, "lan" if found else "local"
    return f"http://{host}:{port or 5000}", "host"


def say_where(origin: str, url: str) -> None:
    """Tell on stderr where the join address came from when it was guessed."""
    if origin == "lan":
        click.echo(
            f"AIHIO_PUBLIC_URL is not set: the join address uses this machine's LAN address"
            f" ({url}). Set AIHIO_PUBLIC_URL if the laptops reach it by another name.",
            err=True,
        )
    elif origin == "local":
        click.echo(
            "AIHIO_PUBLIC_URL is not set and this machine has no LAN address: the join"
            f" address {url} works on this machine only. Connect to the venue's network,"
            " or set AIHIO_PUBLIC_URL.",
            err=True,
        )


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--base-url", "public_url", default=None, help="Public URL of the server (default: guessed)."
)
@click.option(
    "--port", default=5000, show_default=True, type=int, help="Port served (for the guess)."
)
@click.option(
    "--reset-password",
    is_flag=True,
    help="Give the demo facilitator a new password and the projector a new link.",
)
@click.option("--qr/--no-qr", default=True, help="Print the join address as a QR code.")
@with_appcontext
def demo(as_json: bool, public_url: str | None, port: int, reset_password: bool, qr: bool) -> None:
    """Create the demo workshop and its facilitator if they are missing; print where to go.

    The password and projector link are kept in the instance folder and printed on every
    run, so a restart during an event changes neither; --reset-password makes new ones.
    """
    from workshop import demo_credentials
    from workshop.demo import ensure_demo
    from workshop.demo_mapping import ensure_demo_mapping
    from workshop.facilitation import rotate_projector_token
    from workshop.mapping import strategy_of
    from workshop.process.demo import ensure_demo_strategy
    from workshop.process.strategies import workshops_in
    from workshop.secrets_util import hash_token

    _require_schema()
    result = ensure_demo(db.session)
    # The demo workshop is the second event of a strategy whose first one is finished.
    strategy = ensure_demo_strategy(db.session, result)
    # A small project survey, so drafts at the demo tables meet overlap hints.
    mapped = ensure_demo_mapping(db.session, strategy_of(result.workshop), result.facilitator.id)
    kept = demo_credentials.load(current_app.instance_path)
    password = result.password
    if reset_password and password is None:
        from workshop.logins import end_all_logins
        from workshop.secrets_util import new_token

        password = new_token()[:16]
        result.facilitator.set_password(password)
        end_all_logins(db.session, result.facilitator)
    elif (
        password is None
        and kept.get("password")
        and result.facilitator.check_password(kept["password"])
    ):
        password = kept["password"]
    projector_token = None
    if result.created_workshop or reset_password:
        # The link is stored hashed, so it is kept beside the password to print it again.
        projector_token = rotate_projector_token(result.workshop)
    elif (
        kept.get("projector_token")
        and hash_token(kept["projector_token"]) == result.workshop.projector_token_hash
    ):
        projector_token = kept["projector_token"]
    db.session.commit()
    demo_credentials.save(
        current_app.instance_path, password=password, projector_token=projector_token
    )

    if public_url:
        root, origin = public_url.rstrip("/"), "configured"
    else:
        root, origin = public_base_url("0.0.0.0", port)  # noqa: S104 - as `make run` serves
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
            w.id for w in workshops_in(db.session, strategy) if w.id != result.workshop.id
        ],
    }
    if password:
        info["facilitator_password"] = password
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False))
        return
    say_where(origin, root)
    click.echo(f"Workshop:     {result.workshop.title} (id {result.workshop.id})")
    click.echo(f"Join code:    {result.workshop.join_code}")
    click.echo(f"Join URL:     {join_url}")
    if qr:
        from workshop.venue import terminal_qr

        terminal_qr(join_url)
    if projector_url:
        click.echo(f"Projector:    {projector_url}")
    else:
        click.echo("Projector:    link unknown (aihio demo --reset-password makes a new one)")
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
        click.echo("  password:   unknown here (aihio demo --reset-password gives a new one)")


def _require_schema() -> None:
    if not sa.inspect(db.engine).has_table("workshop"):
        raise click.ClickException("The database has no tables yet. Run `aihio db upgrade` first.")
