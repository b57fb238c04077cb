"""Helpers the facilitator's views share: ownership look-ups, the join address and
the workshop page with one form's errors."""

from dataclasses import dataclass, field

from flask import current_app, render_template, request, url_for
from flask_login import current_user

from workshop import lifecycle
from workshop.auth import owned_workshop
from workshop.collab.store import damaged_ideas
from workshop.errors import NotFound, ValidationFailed
from workshop.extensions import db
from workshop.http_errors import translated_fields
from workshop.i18n import translate
from workshop.i18n_markers import N_
from workshop.models import Facilitator, Priority, Table, Workshop


@dataclass
class FormProblem:
    """A rejected form on a page of many forms: which form, its message, its fields' errors
    and the values sent, the field keys prefixed with the form's id (`priority-3-name`)."""

    form: str
    message: str
    errors: dict[str, str] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)

    @property
    def first_field(self) -> str:
        return next(iter(self.errors), self.form)


def form_problem(form_id: str, error: ValidationFailed, sent: dict) -> FormProblem:
    """Return the problem of form `form_id`, its keys prefixed as the page names its fields."""
    return FormProblem(
        form=form_id,
        message=translate(error.message, error.params),
        errors={f"{form_id}-{k}": v for k, v in translated_fields(error).items()},
        values={f"{form_id}-{k}": v for k, v in sent.items() if isinstance(v, str)},
    )


def me() -> Facilitator:
    """Return the logged-in facilitator (the object itself, not Flask-Login's proxy)."""
    return current_user._get_current_object()


def my_workshop(workshop_id: int) -> Workshop:
    """Return the current facilitator's workshop; 404 when unknown, 403 when another's."""
    return owned_workshop(workshop_id, me())


def my_priority(workshop_id: int, priority_id: int) -> Priority:
    """Return a priority of the current facilitator's workshop, checked through it."""
    workshop = my_workshop(workshop_id)
    priority = db.session.get(Priority, priority_id)
    if priority is None or priority.workshop_id != workshop.id:
        raise NotFound(N_("This workshop has no such priority."))
    return priority


def my_table(workshop_id: int, table_id: int) -> Table:
    """Return a table of the current facilitator's workshop, checked through it."""
    workshop = my_workshop(workshop_id)
    table = db.session.get(Table, table_id)
    if table is None or table.workshop_id != workshop.id:
        raise NotFound(N_("This workshop has no such table."))
    return table


def join_url(workshop: Workshop) -> str:
    """Return the absolute address participants open to join (PUBLIC_URL when set)."""
    path = url_for("participant.join", code=workshop.join_code)
    path = path.removeprefix(request.script_root)  # url_root below already ends with it
    base = current_app.config.get("PUBLIC_URL") or venue_url_root()
    return base.rstrip("/") + path


def venue_url_root() -> str:
    """Return the request's root URL; on 127.0.0.1 or localhost, the machine's LAN address.

    A facilitator who opens the app on the serving laptop itself would otherwise show the
    room a QR code of 127.0.0.1, which no other laptop reaches.
    """
    from workshop.venue import is_loopback, lan_address

    root = request.url_root
    if not is_loopback(request.host.rpartition(":")[0] or request.host):
        return root
    address = lan_address()
    if address is None:
        return root
    port = request.host.rpartition(":")[2] if ":" in request.host else ""
    host = f"[{address}]" if ":" in address else address
    return f"{request.scheme}://{host}{':' + port if port else ''}{request.script_root}/"


def render_workshop(workshop: Workshop, problem: FormProblem | None = None, status: int = 200):
    """Render the workshop page; with a problem, its form is open and shows the errors."""
    people = sorted(workshop.participants, key=lambda p: p.id)
    present = [p for p in people if p.present]
    return render_template(
        "facilitator/workshop.html",
        workshop=workshop,
        join_url=join_url(workshop),
        present=present,
        removed=[p for p in people if p.removed_at is not None and p.erased_at is None],
        erased=sum(1 for p in people if p.erased_at is not None),
        took_part=sum(1 for p in people if p.removed_at is None),
        unseated=[p for p in present if p.table_id is None],
        retention_days=current_app.config["PARTICIPANT_RETENTION_DAYS"],
        damaged=damaged_ideas(db.session, workshop.id),
        archived=lifecycle.archived_ideas(db.session, workshop.id),
        problem=problem,
        errors=problem.errors if problem else {},
        values=problem.values if problem else {},
    ), status
