"""Setting up a workshop: its details, priorities and tables. Shared by the
facilitator's pages, the REST API and the CLI. No Flask here; callers commit."""

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.errors import ValidationFailed
from workshop.i18n_markers import N_
from workshop.models import (
    Facilitator,
    Idea,
    Participant,
    Priority,
    Table,
    Workshop,
    WorkshopState,
)
from workshop.orgtypes import DEFAULT_ORG_TYPE_KEYS, ORG_TYPE_BY_KEY
from workshop.secrets_util import new_join_code

TITLE_MAX = 200
PLACE_MAX = 200
PRIORITY_NAME_MAX = 200
DESCRIPTION_MAX = 2000
TABLE_NAME_MAX = 100
MAX_TABLES_PER_PRIORITY = 30
MAX_CAPACITY = 50
LANGUAGES = ("fi", "sv", "en")


@dataclass
class WorkshopDetails:
    title: str
    date: date | None
    place: str
    language: str
    org_types: list[str] = field(default_factory=lambda: list(DEFAULT_ORG_TYPE_KEYS))
    organiser: str = ""  # the plan's author (e.g. "Lapin liitto"); else the facilitator


@dataclass
class PriorityDetails:
    name: str
    description: str
    position: int
    tables: int = 0


def unique_join_code(session: Session) -> str:
    """Return a join code that no workshop has yet."""
    while True:
        code = new_join_code()
        if not session.scalar(sa.select(Workshop.id).where(Workshop.join_code == code)):
            return code


def validate_workshop(raw: dict) -> WorkshopDetails:
    """Return clean workshop details or raise ValidationFailed naming each bad field."""
    fields: dict[str, str] = {}
    title = _text(raw.get("title"))
    place = _text(raw.get("place"))
    language = _text(raw.get("language")) or "fi"
    if not title:
        fields["title"] = N_("Enter a title.")
    elif len(title) > TITLE_MAX:
        fields["title"] = N_("Shorten the title to at most 200 characters.")
    if len(place) > PLACE_MAX:
        fields["place"] = N_("Shorten the place to at most 200 characters.")
    organiser = _text(raw.get("organiser"))
    if len(organiser) > PLACE_MAX:
        fields["organiser"] = N_("Shorten the organiser to at most 200 characters.")
    if language not in LANGUAGES:
        fields["language"] = N_("Choose Finnish, Swedish or English.")
    when = None
    raw_date = raw.get("date")
    if isinstance(raw_date, date):
        when = raw_date
    elif _text(raw_date):
        try:
            when = date.fromisoformat(_text(raw_date))
        except ValueError:
            fields["date"] = N_("Give the date as YYYY-MM-DD, e.g. 2026-05-23.")
    org_types = raw.get("org_types")
    if org_types is None:
        org_types = list(DEFAULT_ORG_TYPE_KEYS)
    if not isinstance(org_types, list) or not all(isinstance(k, str) for k in org_types):
        fields["org_types"] = N_("Choose organisation types from the list.")
    elif any(k not in ORG_TYPE_BY_KEY for k in org_types):
        fields["org_types"] = N_(
            "Choose organisation types from the list; unknown types are not allowed."
        )
    elif len(set(org_types)) < 2:
        fields["org_types"] = N_("Choose at least two organisation types.")
    if fields:
        raise ValidationFailed(N_("Check the fields marked below."), fields=fields)
    ordered = [k for k in DEFAULT_ORG_TYPE_KEYS if k in set(org_types)]
    return WorkshopDetails(title, when, place, language, ordered, organiser)


def validate_priority(raw: dict, *, default_position: int = 0) -> PriorityDetails:
    """Return clean priority details or raise ValidationFailed naming each bad field."""
    fields: dict[str, str] = {}
    name = _text(raw.get("name"))
    description = raw.get("description").strip() if isinstance(raw.get("description"), str) else ""
    if not name:
        fields["name"] = N_("Enter the priority's name.")
    elif len(name) > PRIORITY_NAME_MAX:
        fields["name"] = N_("Shorten the name to at most 200 characters.")
    if len(description) > DESCRIPTION_MAX:
        fields["description"] = N_("Shorten the description to at most 2000 characters.")
    position = _integer(raw.get("position"), default_position)
    if position is None or not 0 <= position <= 1000:
        fields["position"] = N_("Give the order as a whole number from 0 to 1000.")
    tables = _integer(raw.get("tables"), 0)
    if tables is None or not 0 <= tables <= MAX_TABLES_PER_PRIORITY:
        fields["tables"] = N_("Give the number of tables as a whole number from 0 to 30.")
    if fields:
        raise ValidationFailed(N_("Check the fields marked below."), fields=fields)
    return PriorityDetails(name, description, position, tables)


def validate_table(raw: dict) -> tuple[str, int | None]:
    """Return a table's clean (name, capacity) or raise ValidationFailed."""
    fields: dict[str, str] = {}
    name = _text(raw.get("name"))
    if not name:
        fields["name"] = N_("Enter the table's name.")
    elif len(name) > TABLE_NAME_MAX:
        fields["name"] = N_("Shorten the name to at most 100 characters.")
    capacity = _integer(raw.get("capacity"), None)
    if (
        capacity is not None
        and not 1 <= capacity <= MAX_CAPACITY
        or capacity is None
        and _text(raw.get("capacity"))
    ):
        fields["capacity"] = N_(
            "Give the capacity as a whole number from 1 to 50, or leave it empty."
        )
    if fields:
        raise ValidationFailed(N_("Check the fields marked below."), fields=fields)
    return name, capacity


def create_workshop(session: Session, owner: Facilitator, details: WorkshopDetails) -> Workshop:
    """Add a workshop in the draft state with a fresh join code."""
    workshop = Workshop(owner=owner, join_code=unique_join_code(session), settings={})
    apply_details(workshop, details)
    session.add(workshop)
    return workshop


def apply_details(workshop: Workshop, details: WorkshopDetails) -> None:
    """Write validated details onto a workshop."""
    workshop.title = details.title
    workshop.date = details.date
    workshop.place = details.place
    workshop.language = details.language
    workshop.settings = {
        **(workshop.settings or {}),
        "org_types": details.org_types,
        "organiser": details.organiser,
    }


def add_priority(workshop: Workshop, details: PriorityDetails) -> Priority:
    """Add a priority with its first tables, named after the priority's place in the list."""
    priority = Priority(
        name=details.name, description=details.description, position=details.position
    )
    workshop.priorities.append(priority)
    number = len(workshop.priorities)
    for n in range(1, details.tables + 1):
        priority.tables.append(Table(workshop=workshop, name=f"{number}.{n}"))
    return priority


def add_table(priority: Priority, name: str, capacity: int | None) -> Table:
    """Add a table to a priority's group."""
    table = Table(name=name, capacity=capacity)
    priority.tables.append(table)
    table.workshop = priority.workshop
    return table


def check_deletable(
    session: Session, *, priority_id: int | None = None, table_id: int | None = None
) -> None:
    """Raise ValidationFailed when ideas were drafted in this priority or at this table:
    deleting it would take the drafts with it (or orphan them)."""
    condition = (
        Idea.priority_id == priority_id if priority_id is not None else Idea.table_id == table_id
    )
    drafts = session.scalar(sa.select(sa.func.count()).select_from(Idea).where(condition))
    if drafts:
        raise ValidationFailed(
            N_("This holds idea drafts (%(count)d), so it cannot be deleted. Rename it instead."),
            count=drafts,
        )


def set_joining(workshop: Workshop, is_open: bool) -> None:
    """Open or close joining; opening a draft workshop starts it."""
    workshop.joining_open = is_open
    if is_open and workshop.state == WorkshopState.DRAFT:
        workshop.state = WorkshopState.OPEN.value


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _integer(value: object, default):
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


MAX_PRIORITY_LINES = 20


def validate_priority_lines(text: object, tables: object) -> list[PriorityDetails]:
    """Return one priority per non-empty line, each with `tables` tables, or raise
    ValidationFailed naming the `priorities` or `tables` field."""
    lines = [" ".join(line.split()) for line in text.splitlines()] if isinstance(text, str) else []
    names = [line for line in lines if line]
    fields: dict[str, str] = {}
    if len(names) > MAX_PRIORITY_LINES:
        fields["priorities"] = N_("List at most 20 priorities, one per line.")
    elif any(len(name) > PRIORITY_NAME_MAX for name in names):
        fields["priorities"] = N_(
            "Shorten each priority to at most 200 characters; one line is longer."
        )
    count = _integer(tables, 0)
    if count is None or not 0 <= count <= MAX_TABLES_PER_PRIORITY:
        fields["tables"] = N_("Give the number of tables as a whole number from 0 to 30.")
    if fields:
        raise ValidationFailed(N_("Check the fields marked below."), fields=fields)
    return [
        PriorityDetails(name=name, description="", position=index, tables=count)
        for index, name in enumerate(names, start=1)
    ]


def next_priority_position(workshop: Workshop) -> int:
    """Return the position after the workshop's last priority."""
    return max((p.position for p in workshop.priorities), default=0) + 1


def update_priority(priority: Priority, details: PriorityDetails) -> None:
    """Write validated name, description and position onto a priority (its tables stay)."""
    priority.name = details.name
    priority.description = details.description
    priority.position = details.position


def update_table(table: Table, name: str, capacity: int | None) -> None:
    """Rename a table and set its capacity (None: no limit)."""
    table.name = name
    table.capacity = capacity


def workshops_of(session: Session, facilitator: Facilitator) -> list[tuple[Workshop, int]]:
    """Return the facilitator's own workshops, newest first, each with its participant count."""
    counts = (
        sa.select(Participant.workshop_id, sa.func.count().label("n"))
        .where(Participant.removed_at.is_(None))
        .group_by(Participant.workshop_id)
        .subquery()
    )
    rows = session.execute(
        sa.select(Workshop, sa.func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.workshop_id == Workshop.id)
        .where(Workshop.owner_id == facilitator.id)
        .order_by(Workshop.date.desc().nulls_last(), Workshop.id.desc())
    )
    return [(workshop, count) for workshop, count in rows]
