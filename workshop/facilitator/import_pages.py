"""Continue at the next event from the browser: upload a workshop's JSON export and get a
new workshop with its priorities, tables and drafts (workshop/export/importer.py)."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from workshop.errors import AihioError
from workshop.export.importer import import_workshop
from workshop.extensions import db
from workshop.facilitator import bp
from workshop.facilitator.pages import me
from workshop.i18n import translate
from workshop.models import Idea
from workshop.workshops import workshops_of

MAX_IMPORT = 50 * 1024 * 1024  # a JSON export of 1,000 drafts with their CRDT states


def dashboard_with_error(message: str, status: int = 400):
    """The dashboard again, the error named at the import form; nothing was written."""
    return render_template(
        "facilitator/dashboard.html",
        workshops=workshops_of(db.session, me()),
        import_error=message,
    ), status


@bp.post("/workshops/import")
@login_required
def import_export():
    """Add an uploaded JSON export as a new workshop of mine, in one transaction."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return dashboard_with_error(_("Choose the JSON export file of a workshop."))
    data = upload.read(MAX_IMPORT + 1)
    if len(data) > MAX_IMPORT:
        return dashboard_with_error(_("The file is larger than 50 MB. Is it an Aihio JSON export?"))
    try:
        workshop = import_workshop(db.session, me(), data)
        db.session.commit()
    except AihioError as error:
        db.session.rollback()
        return dashboard_with_error(translate(error.message, error.params))
    ideas = db.session.scalar(
        sa.select(sa.func.count()).select_from(Idea).where(Idea.workshop_id == workshop.id)
    )
    flash(
        _(
            "Imported “%(title)s”: %(priorities)d priorities, %(ideas)d drafts. "
            "Check its date and place, then open joining.",
            title=workshop.title,
            priorities=len(workshop.priorities),
            ideas=ideas,
        )
    )
    return redirect(url_for("facilitator.workshop", workshop_id=workshop.id))
