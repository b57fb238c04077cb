"""Which organisations an idea names: its lead and partners matched to known organisations.

Matching is by `normalise_name`, tolerating Finnish inflection minimally: the genitive
endings "n", "in", "en" (and ":n" after an abbreviation) of the last word are also tried.
A name that matches nothing is reported as unknown, never guessed.
"""

import re
from dataclasses import dataclass

from workshop.organisations import normalise_name

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
