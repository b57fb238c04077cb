"""Organisations: names matched case- and space-insensitively, shared across workshops."""

import unicodedata

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.models import Organisation, Participant


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


def known_organisations(session: Session, workshop_id: int | None = None) -> list[Organisation]:
    """Return organisations to suggest, those seen in this workshop first, then by name."""
    organisations = list(session.scalars(sa.select(Organisation).order_by(Organisation.name)))
    if workshop_id is None:
        return organisations
    here = set(
        session.scalars(
            sa.select(Participant.organisation_id).where(Participant.workshop_id == workshop_id)
        )
    )
    return sorted(organisations, key=lambda o: o.id not in here)
