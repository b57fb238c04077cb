"""A workshop's organisations: each one's role in the ideas, and which of them are known
(suggested on every join page; a participant's free text is suggested only in their own
workshop and loses its name when their names are erased)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from workshop.errors import NotFound, ValidationFailed
from workshop.export.organisation_roles import roles_for
from workshop.extensions import db
from workshop.facilitator import bp
from workshop.facilitator.pages import my_workshop
from workshop.http_errors import translated_fields
from workshop.i18n import translate
from workshop.i18n_markers import N_
from workshop.models import Workshop
from workshop.organisations import make_known, validate_organisation, workshop_organisations
from workshop.orgtypes import ORG_TYPE_BY_KEY, ORG_TYPES


def _page(workshop: Workshop, values=None, error: ValidationFailed | None = None):
    page = roles_for(db.session, workshop)
    return render_template(
        "export/organisations.html",
        workshop=workshop,
        roles=page.roles,
        unknown=page.unknown,
        type_labels={t.key: t.label for t in ORG_TYPES},
        org_types=[ORG_TYPE_BY_KEY[k] for k in workshop.org_type_keys if k in ORG_TYPE_BY_KEY],
        participants_organisations=workshop_organisations(db.session, workshop.id),
        values={f"known-{k}": v for k, v in (values or {}).items()},
        error=translate(error.message, error.params) if error else None,
        errors={f"known-{k}": v for k, v in translated_fields(error).items()} if error else {},
    ), (error.status if error else 200)


def _back(workshop_id: int):
    return redirect(url_for("facilitator.organisations", workshop_id=workshop_id) + "#known")


@bp.get("/workshops/<int:workshop_id>/organisations")
@login_required
def organisations(workshop_id: int):
    """Show each organisation's role (the ideas it leads or partners in) and which are known."""
    return _page(my_workshop(workshop_id))


@bp.post("/workshops/<int:workshop_id>/organisations/known")
@login_required
def add_known_organisation(workshop_id: int):
    """Make an organisation known by name and type: every join page suggests it."""
    workshop = my_workshop(workshop_id)
    values = {"name": request.form.get("name", ""), "org_type": request.form.get("org_type", "")}
    try:
        name, org_type = validate_organisation(values, workshop.org_type_keys)
    except ValidationFailed as error:
        db.session.rollback()
        return _page(workshop, values, error)
    organisation = make_known(db.session, name, org_type)
    db.session.commit()
    flash(_("%(name)s is now suggested on every join page.", name=organisation.name))
    return _back(workshop.id)


@bp.post("/workshops/<int:workshop_id>/organisations/<int:organisation_id>/known")
@login_required
def set_known_organisation(workshop_id: int, organisation_id: int):
    """Make an organisation of this workshop's participants known, or free text again."""
    workshop = my_workshop(workshop_id)
    organisation = next(
        (o for o in workshop_organisations(db.session, workshop.id) if o.id == organisation_id),
        None,
    )
    if organisation is None:
        raise NotFound(N_("No participant of this workshop gave that organisation."))
    organisation.curated = request.form.get("known") == "1"
    db.session.commit()
    if organisation.curated:
        flash(_("%(name)s is now suggested on every join page.", name=organisation.name))
    else:
        flash(
            _(
                "%(name)s is suggested only in the workshops where it was given.",
                name=organisation.name,
            )
        )
    return _back(workshop.id)
