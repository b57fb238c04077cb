"""`aihio workshops export|import`: the exports from the command line, and continuing a
workshop's drafts at the next event from its JSON export."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from workshop.errors import AihioError
from workshop.extensions import db


@click.group()
def workshops() -> None:
    """Export workshops, or import a JSON export as a new workshop."""


@workshops.command("export")
@click.argument("workshop_id", type=int)
@click.option(
    "--format",
    "format_name",
    required=True,
    type=click.Choice(["docx", "pdf", "html", "xlsx", "csv", "json", "md"]),
    help="The file format.",
)
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False), help="File to write."
)
@click.option(
    "--lang", default=None, type=click.Choice(["fi", "sv", "en"]), help="Document language."
)
@click.option("--priority", default=None, type=int, help="Only this priority's plan.")
@click.option(
    "--include-names",
    is_flag=True,
    help="Include participants' names (the plan's annex, xlsx, json; not csv).",
)
@with_appcontext
def export_command(
    workshop_id: int,
    format_name: str,
    output: str,
    lang: str | None,
    priority: int | None,
    include_names: bool,
) -> None:
    """Write a workshop's implementation plan or data export to a file."""
    from workshop.export import collect, render
    from workshop.models import Workshop

    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        raise click.ClickException(f"No workshop has the id {workshop_id}.")
    if include_names and format_name == "csv":
        raise click.ClickException(
            "The CSV file has no room for names: choose docx, pdf, html, md, xlsx or json."
        )
    try:
        data = collect(db.session, workshop_id, include_names=include_names, priority_id=priority)
        rendered = render(data, format_name, lang or workshop.language)
    except AihioError as error:
        raise click.ClickException(str(error)) from None
    Path(output).write_bytes(rendered.body)
    click.echo(f"Wrote {output} ({len(rendered.body)} bytes, {len(data.ideas)} ideas)")


@workshops.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--owner", required=True, help="Email of the facilitator who will own it.")
@with_appcontext
def import_command(file: str, owner: str) -> None:
    """Import a JSON export as a new workshop, its drafts ready to be edited on."""
    from workshop.accounts import facilitator_by_email
    from workshop.export.importer import import_workshop

    facilitator = facilitator_by_email(db.session, owner)
    if facilitator is None:
        raise click.ClickException(f"No facilitator has the email {owner}. Create one first.")
    try:
        workshop = import_workshop(db.session, facilitator, Path(file).read_bytes())
        db.session.commit()
    except AihioError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    click.echo(
        f"Imported workshop {workshop.id} ({workshop.title}): "
        f"{len(workshop.priorities)} priorities, join code {workshop.join_code}"
    )
