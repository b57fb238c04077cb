"""Joining a workshop and sitting at a table: the rules shared by the HTML pages,
the REST API and the CLI. No Flask here; callers commit."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.errors import Forbidden, JoiningClosed, NotFound, ValidationFailed
from workshop.i18n_markers import N_
from workshop.ids import parse_id
from workshop.models import Participant, Table, Workshop, WorkshopState, utcnow
from workshop.organisations import ORGANISATION_MAX, clean_name, find_or_create_organisation
from workshop.secrets_util import hash_token, new_token, normalise_join_code

NAME_MAX = 80


@dataclass(frozen=True)
class JoinRequest:
    name: str
    organisation: str
    org_type: str
    consent: bool


def workshop_by_code(session: Session, raw_code: str | None) -> Workshop:
    """Return the workshop with this join code, or raise NotFound."""
    code = normalise_join_code(raw_code)
    workshop = (
        session.scalar(sa.select(Workshop).where(Workshop.join_code == code)) if code else None
    )
    if workshop is None:
        raise NotFound(
            N_("No workshop has the code %(code)s. Check the code on the screen and try again."),
            fields={"join_code": N_("Unknown code: check it and try again.")},
            code=code or "—",
        )
    return workshop


def check_joinable(workshop: Workshop) -> None:
    """Raise JoiningClosed unless new participants may join this workshop now."""
    if not workshop.joining_open or workshop.state == WorkshopState.CLOSED:
        raise JoiningClosed(
            N_("Joining this workshop is closed. Ask the facilitator to open it."),
            fields={"join_code": N_("Joining is closed for this workshop.")},
        )


def validate_join(workshop: Workshop, raw: dict) -> JoinRequest:
    """Return a clean JoinRequest, or raise ValidationFailed naming each bad field."""
    fields: dict[str, str] = {}
    name = clean_name(_as_text(raw.get("name")))
    organisation = clean_name(_as_text(raw.get("organisation")))
    org_type = _as_text(raw.get("org_type")).strip()
    consent = raw.get("consent") in (True, "y", "yes", "on", "true", "1", 1)

    if not name:
        fields["name"] = N_("Enter your name.")
    elif len(name) > NAME_MAX:
        fields["name"] = N_("Shorten your name to at most 80 characters.")
    if not organisation:
        fields["organisation"] = N_("Enter your organisation.")
    elif len(organisation) > ORGANISATION_MAX:
        fields["organisation"] = N_("Shorten the organisation to at most 120 characters.")
    if org_type not in workshop.org_type_keys:
        fields["org_type"] = N_("Choose the type of your organisation from the list.")
    if not consent:
        fields["consent"] = N_("Accept the privacy notice to take part.")
    if fields:
        raise ValidationFailed(N_("Check the fields marked below."), fields=fields)
    return JoinRequest(name, organisation, org_type, consent)


def join(session: Session, workshop: Workshop, request: JoinRequest) -> tuple[Participant, str]:
    """Add a participant to the workshop; return it with its bearer token (shown once)."""
    check_joinable(workshop)
    organisation = find_or_create_organisation(session, request.organisation, request.org_type)
    token = new_token()
    participant = Participant(
        workshop=workshop,
        organisation=organisation,
        org_type=request.org_type,
        display_name=request.name,
        token_hash=hash_token(token),
        consent_at=utcnow(),
    )
    session.add(participant)
    return participant, token


def participant_by_token(session: Session, token: str | None, workshop_id: int | None = None):
    """Return the participant holding this token (in this workshop, when given), or None."""
    if not token:
        return None
    participant = session.scalar(
        sa.select(Participant).where(Participant.token_hash == hash_token(token))
    )
    if participant is None or (workshop_id is not None and participant.workshop_id != workshop_id):
        return None
    return participant if participant.present else None


def sit_at_table(session: Session, participant: Participant, table_id: object) -> Table:
    """Move the participant to a table of their own workshop; return the table."""
    table_id = parse_id(table_id)
    if table_id is None:
        raise ValidationFailed(
            N_("Choose a table from the list."), fields={"table_id": N_("Choose a table.")}
        )
    table = session.get(Table, table_id)
    if table is None:
        raise NotFound(N_("That table does not exist."), fields={"table_id": N_("Choose a table.")})
    if table.workshop_id != participant.workshop_id:
        raise Forbidden(
            N_("That table belongs to another workshop."),
            fields={"table_id": N_("Choose a table of your own workshop.")},
        )
    if table.capacity and participant.table_id != table.id and len(table.members) >= table.capacity:
        raise ValidationFailed(
            N_("That table is full. Choose another table."),
            fields={"table_id": N_("This table is full.")},
        )
    participant.table = table
    return table


def _as_text(value: object) -> str:
    return value if isinstance(value, str) else ""
