"""`aihio participants list|erase|purge`: find a person, erase their name on request, and
remove the names of the workshops whose retention period has passed (run daily)."""

import json
from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from workshop.errors import AihioError
from workshop.extensions import db


@click.group()
def participants() -> None:
    """Participants' personal data: list, erase on request, purge after retention."""


@participants.command("list")
@click.argument("workshop_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def list_command(workshop_id: int, as_json: bool) -> None:
    """List a workshop's participants with their ids (to erase one on request)."""
    from workshop.models import Workshop
    from workshop.privacy import participant_row

    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        raise click.ClickException(f"No workshop has the id {workshop_id}.")
    rows = [participant_row(p) for p in sorted(workshop.participants, key=lambda p: p.id)]
    if as_json:
        click.echo(json.dumps({"participants": rows}, ensure_ascii=False))
        return
    for row in rows:
        status = "erased" if row["erased"] else "removed" if row["removed"] else "present"
        click.echo(
            f"{row['id']:>6}  {status:<8} {row['name'] or '—'}  "
            f"({row['organisation'] or '—'}, {row['org_type']})"
        )


@participants.command("erase")
@click.argument("participant_ids", nargs=-1, type=int, required=True)
@with_appcontext
def erase_command(participant_ids: tuple[int, ...]) -> None:
    """Erase these participants' names (on their request); their text and votes stay.

    A connection still open in a running server is refused at its next event; erase from
    the facilitator's page or with DELETE /api/v1/participants/ID to close it at once.
    """
    from workshop import privacy

    people = []
    for pid in participant_ids:
        try:
            people.append(privacy.get_participant(db.session, pid))
        except AihioError as error:
            raise click.ClickException(f"{error} (id {pid}); nothing was erased.") from None
    for participant in people:
        privacy.erase_participant(db.session, participant)
    db.session.commit()
    ids = ", ".join(str(p.id) for p in people)
    click.echo(f"Erased the names of {len(people)} participants: {ids}")


@participants.command("purge")
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=None,
    help="Retention period in days (default: AIHIO_RETENTION_DAYS).",
)
@with_appcontext
def purge_command(days: int | None) -> None:
    """Remove the names of every workshop whose last day is older than the retention period."""
    from workshop.privacy import purge_expired

    days = current_app.config["PARTICIPANT_RETENTION_DAYS"] if days is None else days
    result = purge_expired(db.session, datetime.now(UTC).date(), days)
    db.session.commit()
    click.echo(
        f"Erased the names of {len(result.participants)} participants in "
        f"{len(result.workshops)} workshops whose last day was before {result.cutoff} "
        f"(retention {days} days)."
    )
