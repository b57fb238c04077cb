"""The consortium of an idea: the organisations its lead and partners fields name, matched
to known organisations, and the helixes they reach. No Flask.

Matching is by `normalise_name` (case and spacing), tolerating Finnish inflection of the
last word and a trailing note in brackets ("Lapin yliopisto (vetäjä)"). The keys tried come
in tiers, most literal first:

0. the name as written;
1. without the trailing notes in brackets;
2. inflected forms taken back to their base form: the case endings of `CASE_ENDINGS` (and
   anything after a colon, as in "Lapin AMK:n"), then the stem changes of `_base_forms`
   (consonant gradation "liiton" → "liitto", "kaupungin" → "kaupunki"; "-kse-" → "-s" as in
   "keskuksen" → "keskus"; an e-stem "Rovaniemen" → "Rovaniemi"; the linking "i" of
   "Business Finlandin").

The first tier that reaches any known organisation decides: exactly one organisation there
is a match; two or more is ambiguous and reported as unknown. A name that matches nothing is
reported as unknown, never guessed.
"""

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.models import Organisation
from workshop.organisations import clean_name, normalise_name
from workshop.orgtypes import HELIXES, ORG_TYPE_BY_KEY

SEPARATORS = ("\n", ";", ",")
BULLET = re.compile(r"^\s*(?:[-*•·–]|\d+[.)])\s+")
# A note in brackets at the end of a name: "(lead)", "(vetäjä)", "[koordinaattori]".
TRAILING_NOTE = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])\s*$")
# An ending after a colon: "AMK:n", "Oy:lle", "VTT:ssä".
COLON_ENDING = re.compile(r"^(.*[^\s:]):[a-zåäö]{1,4}$")
# Case endings of the last word, longest first. Weak-grade endings close the syllable
# before them, so the stem may show consonant gradation ("liiton" of "liitto").
WEAK_GRADE_ENDINGS = (
    "ssa",
    "ssä",
    "sta",
    "stä",
    "lla",
    "llä",
    "lta",
    "ltä",
    "lle",
    "in",
    "en",
    "n",
)
STRONG_GRADE_ENDINGS = ("ta", "tä", "a", "ä")  # partitive: "yliopistoa", "Metsähallitusta"
CASE_ENDINGS = WEAK_GRADE_ENDINGS + STRONG_GRADE_ENDINGS
VOWELS = "aeiouyäöå"
MIN_STEM = 3  # letters the last word keeps after an ending is taken off
MAX_NAMES = 50  # names read from one field (a pasted essay is not a consortium)
MAX_NAME_CHARS = 120  # as Organisation.name; longer text is shown cut


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
    """Return the organisation names written in a field: one per line, `;` or `,` (not
    inside brackets: "Lapin yliopisto (vetäjä, koordinaattori)" is one name)."""
    parts, current, depth = [], [], 0
    for char in text or "":
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
        if char in SEPARATORS and (depth == 0 or char == "\n"):
            parts.append("".join(current))
            current, depth = [], 0
        else:
            current.append(char)
    parts.append("".join(current))
    names = []
    for part in parts:
        name = BULLET.sub("", part).strip(" \t.:-–")
        if name:
            names.append(name)
    return names


def _without_notes(key: str) -> str:
    while True:
        shorter = TRAILING_NOTE.sub("", key)
        if shorter == key or not shorter:
            return key
        key = shorter


def _base_forms(stem: str, weak_grade: bool) -> list[str]:
    """Return the base forms a stem may come from (the stem itself first)."""
    forms = [stem]
    if stem.endswith("kse"):  # keskukse(n) → keskus, yhdistykse(n) → yhdistys
        forms.append(stem[:-3] + "s")
    if stem.endswith("e") and len(stem) > 1 and stem[-2] not in VOWELS:
        forms.append(stem[:-1] + "i")  # Rovanieme(n) → Rovaniemi
    if len(stem) > 2 and stem[-1] == "i" and stem[-2] not in VOWELS:
        forms.append(stem[:-1])  # Business Finlandi(n) → Business Finland
    if weak_grade:
        for form in list(forms):
            forms.extend(_strong_grades(form))
    return forms


def _strong_grades(stem: str) -> list[str]:
    """Undo consonant gradation in the last syllable: liito → liitto, kaupungi → kaupunki,
    kunna → kunta, instituuti → instituutti."""
    if len(stem) < 3 or stem[-1] not in VOWELS:
        return []
    before, cluster = stem[:-1], ""
    while before and before[-1] not in VOWELS and len(cluster) < 2:
        cluster = before[-1] + cluster
        before = before[:-1]
    if not before:
        return []
    head, vowel = before, stem[-1]
    strong = {
        "k": ["kk"],
        "t": ["tt"],
        "p": ["pp"],
        "lk": ["lkk"],
        "nk": ["nkk"],
        "rk": ["rkk"],
        "lt": ["ltt"],
        "nt": ["ntt"],
        "rt": ["rtt"],
        "mp": ["mpp"],
        "ng": ["nk"],
        "nn": ["nt"],
        "ll": ["lt"],
        "rr": ["rt"],
        "mm": ["mp"],
        "d": ["t"],
        "v": ["p"],
    }.get(cluster, [])
    return [head + c + vowel for c in strong]


def candidate_tiers(name: str) -> list[list[str]]:
    """Return the keys to try for a name, in tiers (see the module's docstring)."""
    written = normalise_name(name)
    base = normalise_name(_without_notes(written))
    tiers = [[written], [base] if base != written else []]
    inflected: list[str] = []
    head, _, last = base.rpartition(" ")
    prefix = head + " " if head else ""
    colon = COLON_ENDING.match(last)
    if colon:
        inflected.append(prefix + colon.group(1))
    elif ":" not in last:
        for ending in CASE_ENDINGS:
            if not last.endswith(ending) or len(last) - len(ending) < MIN_STEM:
                continue
            stem = last[: -len(ending)]
            for form in _base_forms(stem, weak_grade=ending in WEAK_GRADE_ENDINGS):
                inflected.append(prefix + form)
        # Illative: a doubled vowel and "n" ("yliopistoon" → "yliopisto").
        if len(last) >= MIN_STEM + 2 and last[-1] == "n" and last[-2] == last[-3] in VOWELS:
            inflected.append(prefix + last[:-2])
    tiers.append([k for k in dict.fromkeys(inflected) if k not in (written, base)])
    return tiers


def candidate_keys(name: str) -> list[str]:
    """Return every key tried for a name, most literal first."""
    return list(dict.fromkeys(key for tier in candidate_tiers(name) for key in tier))


def match_name(name: str, known: dict[str, KnownOrganisation]) -> KnownOrganisation | None:
    """Return the one known organisation this name means, or None (none, or ambiguous)."""
    for tier in candidate_tiers(name):
        found = {known[k].id: known[k] for k in tier if k in known}
        if found:
            return next(iter(found.values())) if len(found) == 1 else None
    return None


def match_names(text: str, known: dict[str, KnownOrganisation]) -> list[NamedOrganisation]:
    """Match each name in the text to a known organisation (None when unknown)."""
    return [NamedOrganisation(name, match_name(name, known)) for name in split_names(text)]


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


def _shown(text: str) -> str:
    text = clean_name(text)
    return text if len(text) <= MAX_NAME_CHARS else text[: MAX_NAME_CHARS - 1] + "…"


def _entry(named: NamedOrganisation) -> dict:
    org = named.organisation
    kind = ORG_TYPE_BY_KEY.get(org.org_type) if org else None
    return {
        "text": _shown(named.text),
        "organisation": None
        if org is None
        else {
            "id": org.id,
            "name": org.name,
            "org_type": org.org_type,
            "helix": kind.helix if kind else None,
        },
    }


def consortium_summary(fields: dict, known: dict[str, KnownOrganisation]) -> dict:
    """Return the JSON-able consortium of an idea's field texts:

    `{"lead": [{"text", "organisation": {id, name, org_type, helix} | None}], "partners":
    [...], "helixes": [reached, in HELIXES order], "missing_helixes": [...], "unknown":
    [names matching no organisation or more than one, once each, as first written]}`.
    At most MAX_NAMES names are read from each field.
    """
    lead, partners = (
        [
            NamedOrganisation(name, match_name(name, known))
            for name in split_names(str(fields.get(key) or ""))[:MAX_NAMES]
        ]
        for key in ("lead", "partners")
    )
    present, missing = helix_coverage(lead + partners)
    unknown: dict[str, str] = {}
    for named in lead + partners:
        if named.organisation is None:
            unknown.setdefault(normalise_name(named.text), _shown(named.text))
    return {
        "lead": [_entry(n) for n in lead],
        "partners": [_entry(n) for n in partners],
        "helixes": list(present),
        "missing_helixes": list(missing),
        "unknown": list(unknown.values()),
    }


class LastSummaries:
    """The consortium summary last sent for each idea and the lead/partners text it was
    made from, the oldest forgotten first. One per app (workshop/live.py)."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._last: OrderedDict[int, tuple[tuple[str, str], dict]] = OrderedDict()
        self._lock = threading.Lock()

    def unchanged_names(self, idea_id: int, names: tuple[str, str]) -> bool:
        """Whether the lead and partners text is what was last summarised."""
        with self._lock:
            last = self._last.get(idea_id)
            return last is not None and last[0] == names

    def changed(self, idea_id: int, names: tuple[str, str], summary: dict) -> bool:
        """Remember this summary; return whether it differs from the last one."""
        with self._lock:
            last = self._last.get(idea_id)
            self._last[idea_id] = (names, summary)
            self._last.move_to_end(idea_id)
            while len(self._last) > self.size:
                self._last.popitem(last=False)
            return last is None or last[1] != summary

    def __contains__(self, idea_id: int) -> bool:
        with self._lock:
            return idea_id in self._last
