"""Organisations: names matched case- and space-insensitively, shared across workshops."""

import unicodedata

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.errors import ValidationFailed
from workshop.i18n_markers import N_
from workshop.models import Organisation, Participant

ORGANISATION_MAX = 120


def normalise_name(name: str) -> str:
    """Return the matching key of an organisation name: NFKC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def clean_name(name: str) -> str:
    """Return a name as shown: NFKC with runs of whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).split())


def find_organisation(session: Session, name: str) -> Organisation | None:
    """Return the known organisation whose name matches, ignoring case and spacing."""
    key = normalise_name(name)
    return session.scalar(sa.select(Organisation).where(Organisation.normalized_name == key))


def find_or_create_organisation(session: Session, name: str, org_type: str) -> Organisation:
    """Return the matching organisation, or add a new one of this type."""
    organisation = find_organisation(session, name)
    if organisation is None:
        organisation = Organisation(
            name=clean_name(name), normalized_name=normalise_name(name), org_type=org_type
        )
        session.add(organisation)
    return organisation


def known_organisations(session: Session, workshop_id: int) -> list[Organisation]:
    """Return the organisations a join page suggests: the curated ones, and those the
    people of this workshop gave (first), never free text from another workshop."""
    here = set(
        session.scalars(
            sa.select(Participant.organisation_id).where(
                Participant.workshop_id == workshop_id,
                Participant.removed_at.is_(None),
                Participant.erased_at.is_(None),
            )
        )
    )
    organisations = session.scalars(
        sa.select(Organisation)
        .where(
            sa.or_(Organisation.curated.is_(True), Organisation.id.in_(here)),
            Organisation.erased_at.is_(None),
        )
        .order_by(Organisation.name)
    ).all()
    return sorted(organisations, key=lambda o: o.id not in here)


def workshop_organisations(session: Session, workshop_id: int) -> list[Organisation]:
    """Return the organisations of this workshop's participants who still have names."""
    return list(
        session.scalars(
            sa.select(Organisation)
            .where(
                Organisation.id.in_(
                    sa.select(Participant.organisation_id).where(
                        Participant.workshop_id == workshop_id, Participant.erased_at.is_(None)
                    )
                )
            )
            .order_by(Organisation.name)
        )
    )


def validate_organisation(raw: dict, org_types: list[str]) -> tuple[str, str]:
    """Return a clean (name, org_type), or raise ValidationFailed naming each bad field."""
    name = clean_name(raw.get("name") if isinstance(raw.get("name"), str) else "")
    org_type = raw.get("org_type") if isinstance(raw.get("org_type"), str) else ""
    fields = {}
    if not name:
        fields["name"] = N_("Enter the organisation's name.")
    elif len(name) > ORGANISATION_MAX:
        fields["name"] = N_("Shorten the organisation to at most 120 characters.")
    if org_type not in org_types:
        fields["org_type"] = N_("Choose the type of the organisation from the list.")
    if fields:
        raise ValidationFailed(N_("Check the fields marked below."), fields=fields)
    return name, org_type


def make_known(session: Session, name: str, org_type: str) -> Organisation:
    """Make an organisation known (suggested on every join page): the matching one, or a
    new one of this type; a known organisation keeps its name when participants' are erased."""
    organisation = find_or_create_organisation(session, name, org_type)
    organisation.curated = True
    return organisation
