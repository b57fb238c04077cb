"""A workshop's priorities and tables: add, edit and delete them from the workshop page."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from workshop import workshops
from workshop.errors import ValidationFailed
from workshop.extensions import db
from workshop.facilitator import bp
from workshop.facilitator.pages import (
    form_problem,
    my_priority,
    my_table,
    my_workshop,
    render_workshop,
)
from workshop.i18n import translate


def _back_to(workshop_id: int, anchor: str):
    return redirect(url_for("facilitator.workshop", workshop_id=workshop_id) + f"#{anchor}")


def _delete_unless_drafted(row, deleted_message: str, **where) -> None:
    """Delete a priority or table and say so, or say why drafts keep it."""
    try:
        workshops.check_deletable(db.session, **where)
    except ValidationFailed as error:
        flash(translate(error.message, error.params), "error")
        return
    db.session.delete(row)
    db.session.commit()
    flash(deleted_message)


def _rejected(workshop, form_id: str, error: ValidationFailed):
    db.session.rollback()
    return render_workshop(workshop, form_problem(form_id, error, request.form.to_dict()), 400)


@bp.post("/workshops/<int:workshop_id>/priorities")
@login_required
def add_priority(workshop_id: int):
    """Add a priority with its first tables."""
    workshop = my_workshop(workshop_id)
    try:
        details = workshops.validate_priority(
            request.form, default_position=workshops.next_priority_position(workshop)
        )
    except ValidationFailed as error:
        return _rejected(workshop, "new-priority", error)
    priority = workshops.add_priority(workshop, details)
    db.session.commit()
    flash(_("The priority %(name)s is added.", name=priority.name))
    return _back_to(workshop.id, f"priority-{priority.id}")


@bp.post("/workshops/<int:workshop_id>/priorities/<int:priority_id>")
@login_required
def update_priority(workshop_id: int, priority_id: int):
    """Save a priority's name, description and place in the order."""
    priority = my_priority(workshop_id, priority_id)
    try:
        sent = {key: request.form.get(key) for key in ("name", "description", "position")}
        details = workshops.validate_priority(sent, default_position=priority.position)
    except ValidationFailed as error:
        return _rejected(priority.workshop, f"priority-{priority.id}", error)
    workshops.update_priority(priority, details)
    db.session.commit()
    flash(_("The priority %(name)s is saved.", name=priority.name))
    return _back_to(workshop_id, f"priority-{priority.id}")


@bp.post("/workshops/<int:workshop_id>/priorities/<int:priority_id>/delete")
@login_required
def delete_priority(workshop_id: int, priority_id: int):
    """Delete a priority and its tables; the people at them keep their place in the workshop."""
    priority = my_priority(workshop_id, priority_id)
    deleted = _("The priority %(name)s and its tables are deleted.", name=priority.name)
    _delete_unless_drafted(priority, deleted, priority_id=priority.id)
    return _back_to(workshop_id, "priorities")


@bp.post("/workshops/<int:workshop_id>/priorities/<int:priority_id>/tables")
@login_required
def add_table(workshop_id: int, priority_id: int):
    """Add a table to a priority."""
    priority = my_priority(workshop_id, priority_id)
    try:
        name, capacity = workshops.validate_table(request.form)
    except ValidationFailed as error:
        return _rejected(priority.workshop, f"priority-{priority.id}-table", error)
    # Loading priority.tables must not autoflush: the new table is not in the session
    # until it is appended there, and flushing Workshop.tables before that warns.
    with db.session.no_autoflush:
        table = workshops.add_table(priority, name, capacity)
    db.session.commit()
    flash(_("Table %(name)s is added.", name=table.name))
    return _back_to(workshop_id, f"table-{table.id}")


@bp.post("/workshops/<int:workshop_id>/tables/<int:table_id>")
@login_required
def update_table(workshop_id: int, table_id: int):
    """Rename a table or change its capacity."""
    table = my_table(workshop_id, table_id)
    try:
        name, capacity = workshops.validate_table(request.form)
    except ValidationFailed as error:
        return _rejected(table.workshop, f"table-{table.id}", error)
    workshops.update_table(table, name, capacity)
    db.session.commit()
    flash(_("Table %(name)s is saved.", name=table.name))
    return _back_to(workshop_id, f"table-{table.id}")


@bp.post("/workshops/<int:workshop_id>/tables/<int:table_id>/delete")
@login_required
def delete_table(workshop_id: int, table_id: int):
    """Delete a table; the people at it keep their place in the workshop, without a table."""
    table = my_table(workshop_id, table_id)
    priority_id = table.priority_id
    _delete_unless_drafted(
        table, _("Table %(name)s is deleted.", name=table.name), table_id=table.id
    )
    return _back_to(workshop_id, f"priority-{priority_id}")
