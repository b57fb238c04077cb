"""`aihio mapping import`: load mapped projects from a CSV or XLSX survey file."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from workshop.extensions import db


@click.group()
def mapping() -> None:
    """Manage mapped projects (projects already running or planned)."""


def parse_columns(pairs: tuple[str, ...]) -> dict[str, str] | None:
    """Return the column map of `--column field=Header` options."""
    columns = {}
    for pair in pairs:
        key, sep, header = pair.partition("=")
        if not sep or not key.strip() or not header.strip():
            raise click.BadParameter(
                f"{pair!r}: write it as field=Column name", param_hint="--column"
            )
        columns[key.strip()] = header.strip()
    return columns or None


def problem_text(problem) -> str:
    return problem.message % problem.params if problem.params else problem.message


@mapping.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--sheet", default=None, help="The sheet to read from a workbook of several.")
@click.option("--column", "columns", multiple=True, help="Map a field to a column: title=Nimi.")
@click.option("--strategy", default="default", show_default=True, help="The strategy's key.")
@click.option("--owner", default=None, help="Email of the facilitator who owns the import.")
@click.option("--dry-run", is_flag=True, help="Show the preview; save nothing.")
@with_appcontext
def mapping_import(file: Path, sheet, columns, strategy: str, owner, dry_run: bool) -> None:
    """Import mapped projects from FILE (CSV or XLSX); saved only when every row is clean."""
    from workshop import mapping as importer
    from workshop.accounts import facilitator_by_email
    from workshop.errors import ValidationFailed

    owner_id = None
    if owner:
        facilitator = facilitator_by_email(db.session, owner)
        if facilitator is None:
            raise click.ClickException(f"No facilitator has the email {owner}.")
        owner_id = facilitator.id
    try:
        result = importer.preview(
            file.read_bytes(), file.name, parse_columns(columns), sheet,
            importer.existing_keys(db.session, strategy),
        )  # fmt: skip
    except ValidationFailed as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Columns: {', '.join(f'{k}={v}' for k, v in result.columns.items())}")
    for problem in result.problems:
        kind = "error" if problem.blocking else "note"
        click.echo(f"  row {problem.row}: {kind}: {problem_text(problem)}")
    count = len(result.to_save)
    if not result.clean:
        raise click.ClickException("Nothing was saved: fix the rows marked error and try again.")
    if dry_run:
        click.echo(f"Dry run: {count} projects would be saved.")
        return
    importer.save(db.session, result, strategy, owner_id, file.name)
    db.session.commit()
    click.echo(f"Saved {count} mapped projects (strategy {strategy}).")
