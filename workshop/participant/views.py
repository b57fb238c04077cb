"""Participant pages: thin views over `workshop.joining`."""

from flask import current_app, redirect, render_template, request, url_for

from workshop import joining, live
from workshop.auth import current_participant, set_participant_cookie
from workshop.errors import AihioError, NotFound
from workshop.extensions import db
from workshop.http_errors import translated_fields
from workshop.i18n import translate, use_workshop_language
from workshop.limits import failed_code_lookups, join_attempts, workshop_by_code
from workshop.models import Table
from workshop.organisations import known_organisations, normalise_name
from workshop.orgtypes import ORG_TYPE_BY_KEY
from workshop.participant import bp
from workshop.table_picker import lacking_types


@bp.get("/")
def index():
    """Ask for the workshop's join code."""
    return render_template("participant/index.html", code=request.args.get("code", ""))


@bp.post("/")
@join_attempts
@failed_code_lookups
def enter_code():
    """Go to the join page of the workshop whose code was typed."""
    raw = request.form.get("join_code", "")
    try:
        workshop = workshop_by_code(raw)
    except NotFound as error:
        return render_template(
            "participant/index.html", code=raw, error=translate(error.message, error.params)
        ), 404
    return redirect(url_for("participant.join", code=workshop.join_code))


@bp.get("/j/<code>")
@failed_code_lookups
def join(code: str):
    """Ask for name, organisation, type and consent; a returning browser goes on."""
    workshop = workshop_by_code(code)
    use_workshop_language(workshop)
    if current_participant(workshop.id):
        return redirect(url_for("participant.tables", code=workshop.join_code))
    if code != workshop.join_code:
        return redirect(url_for("participant.join", code=workshop.join_code))
    try:
        joining.check_joinable(workshop)
    except AihioError as error:
        return _join_page(workshop, {}, error=error, status=403)
    return _join_page(workshop, {})


@bp.post("/j/<code>")
@join_attempts
@failed_code_lookups
def join_submit(code: str):
    """Create the participant, remember them in this browser, then show the tables."""
    workshop = workshop_by_code(code)
    use_workshop_language(workshop)
    form = request.form.to_dict()
    try:
        joining.check_joinable(workshop)
        request_ = joining.validate_join(workshop, form)
        _participant, token = joining.join(db.session, workshop, request_)
        db.session.commit()
        live.overview_changed(workshop.id)
    except AihioError as error:
        db.session.rollback()
        return _join_page(workshop, form, error=error, status=error.status)
    response = redirect(url_for("participant.tables", code=workshop.join_code))
    set_participant_cookie(response, workshop.id, token)
    return response


@bp.get("/j/<code>/tables")
@failed_code_lookups
def tables(code: str):
    """Show the tables grouped by priority, with who sits at each by organisation."""
    workshop = workshop_by_code(code)
    use_workshop_language(workshop)
    participant = current_participant(workshop.id)
    if participant is None:
        return redirect(url_for("participant.join", code=workshop.join_code))
    return render_template(
        "participant/tables.html",
        workshop=workshop,
        me=participant,
        lacking=lacking_types(workshop),
    )


@bp.post("/j/<code>/tables")
@failed_code_lookups
def choose_table(code: str):
    """Sit the participant at the chosen table (or move them there)."""
    workshop = workshop_by_code(code)
    use_workshop_language(workshop)
    participant = current_participant(workshop.id)
    if participant is None:
        return redirect(url_for("participant.join", code=workshop.join_code))
    try:
        table = joining.sit_at_table(db.session, participant, request.form.get("table_id"))
        db.session.commit()
        live.overview_changed(workshop.id)
    except AihioError as error:
        db.session.rollback()
        return render_template(
            "participant/tables.html",
            workshop=workshop,
            me=participant,
            lacking=lacking_types(workshop),
            error=translate(error.message, error.params),
        ), error.status
    return redirect(url_for("participant.table", table_id=table.id))


@bp.get("/t/<int:table_id>")
def table(table_id: int):
    """Show the participant's table: who sits there, its ideas, and the live co-editor
    (static/src/table.js) with the workshop's template fields in the UI language."""
    table = db.get_or_404(Table, table_id)
    use_workshop_language(table.workshop)
    participant = current_participant(table.workshop_id)
    if participant is None:  # not to the join page: that would tell anyone the code
        return redirect(url_for("participant.index"))
    if participant.table_id != table.id:
        return redirect(url_for("participant.tables", code=table.workshop.join_code))
    # Imported here to keep this view's co-editor context in one place.
    from flask_babel import get_locale, gettext

    from workshop.ideas import table_ideas
    from workshop.orgtypes import ORG_TYPES
    from workshop.template import fields_of

    language = str(get_locale())
    fields = [
        {"key": f.key, "label": f.label_in(language), "hint": f.hint_in(language)}
        for f in fields_of(table.workshop.settings)
    ]
    ideas = [idea.to_dict() for idea in table_ideas(db.session, table.id)]
    members = [{**m.to_dict(), "online": False, "idea_ids": []} for m in table.members]
    config = {
        "workshop_id": table.workshop_id,
        "workshop_state": table.workshop.state,
        "table_id": table.id,
        "me": {"id": participant.id, "name": participant.display_name},
        "fields": [f["key"] for f in fields],
        "org_types": {t.key: gettext(t.label) for t in ORG_TYPES},
        "members": members,
        "ideas": ideas,
        "tables_url": url_for("participant.tables", code=table.workshop.join_code),
        "join_url": url_for("participant.join", code=table.workshop.join_code),
    }
    return render_template(
        "participant/table.html",
        table=table,
        me=participant,
        fields=fields,
        ideas=ideas,
        config=config,
    )


@bp.get("/privacy")
def privacy():
    """Show the privacy notice: what is stored, for how long, who sees it."""
    return render_template(
        "participant/privacy.html",
        retention_days=current_app.config["PARTICIPANT_RETENTION_DAYS"],
    )


def _join_page(workshop, form: dict, error: AihioError | None = None, status: int = 200):
    organisations = known_organisations(db.session, workshop.id)
    org_types = [ORG_TYPE_BY_KEY[k] for k in workshop.org_type_keys if k in ORG_TYPE_BY_KEY]
    return render_template(
        "participant/join.html",
        workshop=workshop,
        form=form,
        org_types=org_types,
        organisations=organisations,
        known_types={normalise_name(o.name): o.org_type for o in organisations},
        error=translate(error.message, error.params) if error else None,
        field_errors=translated_fields(error) if error else {},
        retention_days=current_app.config["PARTICIPANT_RETENTION_DAYS"],
    ), status
