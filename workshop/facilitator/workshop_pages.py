"""A facilitator's workshop: create it in one go, edit its details, open joining, show
the join code and its QR code."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from workshop import workshops
from workshop.errors import ValidationFailed
from workshop.extensions import db
from workshop.facilitator import bp
from workshop.facilitator.pages import join_url, me, my_workshop, render_workshop
from workshop.facilitator.qr import qr_svg
from workshop.http_errors import translated_fields
from workshop.i18n import in_workshop_language, translate
from workshop.i18n_markers import N_
from workshop.orgtypes import DEFAULT_ORG_TYPE_KEYS, ORG_TYPES

DEFAULT_TABLES_PER_PRIORITY = 2


def _details_from(form) -> dict:
    return {
        "title": form.get("title", ""),
        "date": form.get("date", ""),
        "place": form.get("place", ""),
        "organiser": form.get("organiser", ""),
        "language": form.get("language", ""),
        "org_types": form.getlist("org_types"),
    }


def _form_page(values: dict, *, workshop=None, error: ValidationFailed | None = None):
    return render_template(
        "facilitator/workshop_form.html",
        workshop=workshop,
        values=values,
        org_types=ORG_TYPES,
        error=translate(error.message, error.params) if error else None,
        errors=translated_fields(error) if error else {},
    ), (400 if error else 200)


@bp.get("/workshops/new")
@login_required
def new_workshop():
    """Ask for a new workshop's details, its priorities and how many tables each has."""
    values = {
        "language": "fi",
        "org_types": list(DEFAULT_ORG_TYPE_KEYS),
        "tables": str(DEFAULT_TABLES_PER_PRIORITY),
    }
    return _form_page(values)


@bp.post("/workshops/new")
@login_required
def create_workshop():
    """Create the workshop with its priorities and tables, then show it."""
    values = {**_details_from(request.form), "priorities": request.form.get("priorities", "")}
    values["tables"] = request.form.get("tables", "")
    fields: dict[str, str] = {}
    details = priorities = None
    try:
        details = workshops.validate_workshop(values)
    except ValidationFailed as error:
        fields.update(error.fields)
    try:
        priorities = workshops.validate_priority_lines(values["priorities"], values["tables"])
    except ValidationFailed as error:
        fields.update(error.fields)
    if fields:
        db.session.rollback()
        error = ValidationFailed(N_("Check the fields marked below."), fields=fields)
        return _form_page(values, error=error)
    workshop = workshops.create_workshop(db.session, me(), details)
    for priority in priorities:
        workshops.add_priority(workshop, priority)
    db.session.commit()
    flash(_("The workshop is ready. Open joining when the participants arrive."))
    return redirect(url_for("facilitator.workshop", workshop_id=workshop.id))


@bp.get("/workshops/<int:workshop_id>")
@login_required
def workshop(workshop_id: int):
    """Show the join code, its QR code, joining, and the tables with who sits where."""
    return render_workshop(my_workshop(workshop_id))


@bp.get("/workshops/<int:workshop_id>/edit")
@login_required
def edit_workshop(workshop_id: int):
    """Ask for changes to a workshop's title, date, place, language and organisation types."""
    workshop = my_workshop(workshop_id)
    values = {
        "title": workshop.title,
        "date": workshop.date.isoformat() if workshop.date else "",
        "place": workshop.place,
        "organiser": (workshop.settings or {}).get("organiser", ""),
        "language": workshop.language,
        "org_types": workshop.org_type_keys,
    }
    return _form_page(values, workshop=workshop)


@bp.post("/workshops/<int:workshop_id>/edit")
@login_required
def update_workshop(workshop_id: int):
    """Save a workshop's details."""
    workshop = my_workshop(workshop_id)
    values = _details_from(request.form)
    try:
        details = workshops.validate_workshop(values)
    except ValidationFailed as error:
        db.session.rollback()
        return _form_page(values, workshop=workshop, error=error)
    workshops.apply_details(workshop, details)
    db.session.commit()
    flash(_("The workshop's details are saved."))
    return redirect(url_for("facilitator.workshop", workshop_id=workshop.id))


@bp.post("/workshops/<int:workshop_id>/joining")
@login_required
def set_joining(workshop_id: int):
    """Open or close joining."""
    workshop = my_workshop(workshop_id)
    is_open = request.form.get("open") == "1"
    workshops.set_joining(workshop, is_open)
    db.session.commit()
    if is_open:
        flash(_("Joining is open: participants can join with the code."))
    else:
        flash(_("Joining is closed: nobody new can join."))
    return redirect(url_for("facilitator.workshop", workshop_id=workshop.id) + "#joining")


@bp.get("/workshops/<int:workshop_id>/qr.svg")
@login_required
def qr_code(workshop_id: int):
    """Answer the QR code of the workshop's join address as SVG."""
    response = Response(qr_svg(join_url(my_workshop(workshop_id))), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.get("/workshops/<int:workshop_id>/screen")
@login_required
def join_screen(workshop_id: int):
    """Show the join code, address and QR code large, for the projector."""
    workshop = my_workshop(workshop_id)
    with in_workshop_language(workshop):  # for the room: the workshop's language
        return render_template(
            "facilitator/screen.html", workshop=workshop, join_url=join_url(workshop)
        )
