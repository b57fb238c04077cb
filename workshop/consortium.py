"""The consortium of an idea: the organisations its lead and partners fields name, matched
to known organisations, and the helixes they reach. No Flask.

Matching is by `normalise_name`, tolerating Finnish inflection minimally: the genitive
endings "n", "in", "en" (and ":n" after an abbreviation) of the last word are also tried.
A name that matches nothing is reported as unknown, never guessed.
"""

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.models import Organisation
from workshop.organisations import normalise_name
from workshop.orgtypes import HELIXES, ORG_TYPE_BY_KEY

SEPARATORS = re.compile(r"[\n;,]+")
BULLET = re.compile(r"^\s*(?:[-*•·–]|\d+[.)])\s+")
GENITIVE_ENDINGS = (":n", "in", "en", "n")


@dataclass(frozen=True)
class KnownOrganisation:
    id: int
    name: str
    org_type: str


@dataclass(frozen=True)
class NamedOrganisation:
    """One name as written in the idea, and the organisation it matched (None: unknown)."""

    text: str
    organisation: KnownOrganisation | None


def split_names(text: str) -> list[str]:
    """Return the organisation names written in a field: one per line, `;` or `,`."""
    names = []
    for part in SEPARATORS.split(text or ""):
        name = BULLET.sub("", part).strip(" \t.:-–")
        if name:
            names.append(name)
    return names


def candidate_keys(name: str) -> list[str]:
    """Return the keys to try for a name: as written, then without a genitive ending."""
    key = normalise_name(name)
    keys = [key]
    for ending in GENITIVE_ENDINGS:
        if key.endswith(ending) and len(key) > len(ending) + 2:
            keys.append(key[: -len(ending)])
    return keys


def match_names(text: str, known: dict[str, KnownOrganisation]) -> list[NamedOrganisation]:
    """Match each name in the text to a known organisation by its normalised key."""
    matched = []
    for name in split_names(text):
        found = next((known[k] for k in candidate_keys(name) if k in known), None)
        matched.append(NamedOrganisation(name, found))
    return matched


def known_organisations(session: Session) -> dict[str, KnownOrganisation]:
    """Return every organisation by its normalised name."""
    rows = session.execute(
        sa.select(
            Organisation.id, Organisation.name, Organisation.normalized_name, Organisation.org_type
        )
    ).all()
    return {key: KnownOrganisation(id_, name, kind) for id_, name, key, kind in rows}


def helix_coverage(named: list[NamedOrganisation]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the helixes the matched organisations reach and those they miss."""
    reached = {
        ORG_TYPE_BY_KEY[n.organisation.org_type].helix
        for n in named
        if n.organisation and n.organisation.org_type in ORG_TYPE_BY_KEY
    }
    return tuple(h for h in HELIXES if h in reached), tuple(h for h in HELIXES if h not in reached)
