"""Table diversity (DESIGN.md, "Diversity"): who sits at a table and whose organisations wrote.

Pure functions over plain data: no Flask, database or sockets. Messages are English msgids
marked with `N_`; the edge translates them with `Reason.text(gettext)`.

Edge cases have defined results, never an exception:
- fewer than `min_members` people (an empty table too): `needs_people`, the only flag; the
  helix coverage and the types to invite are still reported;
- a member without an organisation (`organisation_key` None, e.g. the organisation was
  deleted) is a member and an organisation of their own, so never part of a majority;
- an `org_type` that is None or not configured for the workshop gives no helix, is left out of
  the Blau index and is reported as `unknown_type`, an `info` reason that sets no state;
  `other` is a known type without a helix;
- only the helixes that the configured types reach are expected: a workshop without
  civil-society types is not warned about civil society, and `require_business` asks
  nothing when no business type is configured (`validate_rules` rejects both settings).
"""

import math
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import NamedTuple

from workshop.errors import ValidationFailed
from workshop.i18n_markers import N_
from workshop.orgtypes import HELIX_LABELS, HELIXES, ORG_TYPE_BY_KEY, ORG_TYPES

OK, WARN, LACKING, NEEDS_PEOPLE, INFO = "ok", "warn", "lacking", "needs_people", "info"
STATE_RANK = {OK: 0, WARN: 1, LACKING: 2, NEEDS_PEOPLE: 3}
DEFAULT_HELIX_OF: tuple[tuple[str, str | None], ...] = tuple((t.key, t.helix) for t in ORG_TYPES)


@dataclass(frozen=True)
class DiversityRules:
    """A workshop's diversity rules; `helix_of` pairs its organisation types with helixes."""

    min_members: int = 3
    min_helixes: int = 3
    require_business: bool = True
    max_org_share: float = 0.5
    warn_on_missing_helix: bool = True
    voice_share: float = 0.7
    quiet_share: float = 0.05
    helix_of: tuple[tuple[str, str | None], ...] = DEFAULT_HELIX_OF

    @cached_property
    def types(self) -> dict[str, str | None]:
        """Return the configured organisation types mapped to their helix."""
        return dict(self.helix_of)

    @cached_property
    def helixes(self) -> tuple[str, ...]:
        """Return the helixes the configured types reach, in the canonical order."""
        reached = set(self.types.values())
        return tuple(h for h in HELIXES if h in reached)


DEFAULT_RULES = DiversityRules()


@dataclass(frozen=True)
class Member:
    participant_id: Hashable
    organisation_key: Hashable | None = None  # normalised name or id; None: no organisation
    org_type: str | None = None


def _english(msgid: str, **params) -> str:
    """Format a msgid untranslated, as `gettext(msgid, **params)` would."""
    return msgid % params if params else msgid


@dataclass(frozen=True)
class Reason:
    """Why a table is flagged; tuple-valued params are msgids, translated and joined by text()."""

    code: str
    msgid: str
    params: Mapping[str, object] = field(default_factory=dict)
    level: str = WARN  # the state it sets: warn, lacking, needs_people, or info (none)

    def text(self, gettext: Callable[..., str] = _english) -> str:
        """Return the sentence, translated by `gettext(msgid, **params)`."""
        params = {
            k: ", ".join(gettext(x) for x in v) if isinstance(v, tuple) else v
            for k, v in self.params.items()
        }
        return gettext(self.msgid, **params)

    def as_dict(self) -> dict:
        """Return the reason as JSON-ready data."""
        params = {k: list(v) if isinstance(v, tuple) else v for k, v in self.params.items()}
        return {"code": self.code, "msgid": self.msgid, "params": params, "level": self.level}


@dataclass(frozen=True)
class TableVerdict:
    state: str  # ok, warn, lacking or needs_people
    reasons: tuple[Reason, ...]
    members: int
    present_helixes: tuple[str, ...]
    missing_helixes: tuple[str, ...]
    organisations: int  # distinct; members without one count one each
    largest_share: float  # the largest organisation's share of the members
    blau: float  # normalised Blau index over organisation types, 0..1
    invite: tuple[str, ...]  # organisation types of the missing helixes
    flags: frozenset[str]  # codes of the state-setting reasons, "helix_missing:<helix>" each

    def as_dict(self, gettext: Callable[..., str] | None = None) -> dict:
        """Return the verdict as JSON-ready data, with each reason's text when given gettext."""
        reasons = [
            {**r.as_dict(), **({"text": r.text(gettext)} if gettext else {})} for r in self.reasons
        ]
        return {
            "state": self.state,
            "reasons": reasons,
            "members": self.members,
            "present_helixes": list(self.present_helixes),
            "missing_helixes": list(self.missing_helixes),
            "organisations": self.organisations,
            "largest_share": self.largest_share,
            "blau": self.blau,
            "invite": list(self.invite),
        }


def blau_index(org_types: Iterable[str | None], rules: DiversityRules = DEFAULT_RULES) -> float:
    """Return the normalised Blau index over the configured types; 0.0 below 2 people or K ≤ 1."""
    counts = Counter(t for t in org_types if t in rules.types)
    n, k = sum(counts.values()), len(rules.types)
    if n < 2 or k <= 1:
        return 0.0
    # (1 - Σp²) / (1 - 1/K) in whole numbers, so that member order cannot change a digit
    value = (n * n - sum(c * c for c in counts.values())) * k / (n * n * (k - 1))
    return min(1.0, max(0.0, value))


def _type_label(key: str) -> str:
    """Return an organisation type's label msgid, or the key itself when it is unknown."""
    org_type = ORG_TYPE_BY_KEY.get(key)
    return org_type.label if org_type else key


def _judge(n: int, present, missing, largest: int, rules: DiversityRules) -> list[Reason]:
    """Return the state-setting reasons of a table of n people."""
    if n < rules.min_members:
        msgid = N_("Needs people: %(count)d here, %(needed)d needed")
        return [
            Reason("too_few_people", msgid, {"count": n, "needed": rules.min_members}, NEEDS_PEOPLE)
        ]
    reasons = []
    if len(present) < rules.min_helixes:
        msgid = N_("Only %(count)d helixes present, %(needed)d needed")
        reasons.append(
            Reason(
                "too_few_helixes",
                msgid,
                {"count": len(present), "needed": rules.min_helixes},
                LACKING,
            )
        )
    no_business = rules.require_business and "business" in missing
    if no_business:
        reasons.append(Reason("no_business", N_("No companies at this table"), {}, LACKING))
    if largest / n > rules.max_org_share:
        msgid = N_("%(count)d of %(total)d from one organisation")
        reasons.append(Reason("one_organisation_majority", msgid, {"count": largest, "total": n}))
    shown = tuple(HELIX_LABELS[h] for h in missing if not (no_business and h == "business"))
    if rules.warn_on_missing_helix and shown:
        reasons.append(Reason("helix_missing", N_("Missing: %(helixes)s"), {"helixes": shown}))
    return reasons


def table_verdict(members: Iterable[Member], rules: DiversityRules = DEFAULT_RULES) -> TableVerdict:
    """Judge one table's members by the workshop's diversity rules."""
    members = list(members)
    n = len(members)
    helix_counts = Counter(rules.types.get(m.org_type) for m in members)
    present = tuple(h for h in rules.helixes if helix_counts[h])
    missing = tuple(h for h in rules.helixes if not helix_counts[h])
    orgs = Counter(
        m.organisation_key if m.organisation_key is not None else object() for m in members
    )
    largest = max(orgs.values(), default=0)
    reasons = _judge(n, present, missing, largest, rules)
    flags = {r.code for r in reasons if r.code != "helix_missing"}
    if any(r.code == "helix_missing" for r in reasons):
        flags.update(f"helix_missing:{h}" for h in missing)
    unknown = sum(1 for m in members if m.org_type not in rules.types)
    if unknown:
        msgid = N_("%(count)d of %(total)d without a known organisation type")
        reasons.append(Reason("unknown_type", msgid, {"count": unknown, "total": n}, INFO))
    return TableVerdict(
        state=max((r.level for r in reasons if r.level != INFO), key=STATE_RANK.get, default=OK),
        reasons=tuple(reasons),
        members=n,
        present_helixes=present,
        missing_helixes=missing,
        organisations=len(orgs),
        largest_share=largest / n if n else 0.0,
        blau=blau_index((m.org_type for m in members), rules),
        invite=tuple(key for h in missing for key, helix in rules.helix_of if helix == h),
        flags=frozenset(flags),
    )


class Contribution(NamedTuple):
    organisation_key: Hashable | None  # None: the author's own voice, like a singleton org
    org_type: str | None
    chars: int  # characters this author wrote


@dataclass(frozen=True)
class Voice:
    state: str  # ok, or warn when one organisation or one helix wrote most of the text
    reasons: tuple[Reason, ...]
    total_chars: int
    type_shares: dict[str, float]  # written share per organisation type (those that wrote)
    helix_shares: dict[str, float]  # written share per helix, canonical order
    largest_organisation_share: float
    unheard_types: tuple[str, ...]  # members' types below `quiet_share` of the text


# A title and a sentence are no one's voice yet: whose text it is is judged from this much on.
VOICE_MIN_CHARS = 300


def voice_of(
    contributions: Iterable[tuple],
    rules: DiversityRules = DEFAULT_RULES,
    members: Iterable[Member] | None = None,
) -> Voice:
    """Share the written text out by organisation, type and helix, and flag a single voice.

    Reasons are given only with enough to judge: VOICE_MIN_CHARS of text and, when the
    members are known, at least `min_members` people from two organisations or more (a
    person alone, or one organisation's table, is already judged by its verdict).
    """
    rows = [Contribution(*row) for row in contributions]
    members = None if members is None else list(members)
    by_org: Counter = Counter()
    by_type: Counter = Counter()
    by_helix: Counter = Counter()
    for key, org_type, chars in rows:
        chars = max(0, chars or 0)
        by_org[key if key is not None else object()] += chars
        by_type[org_type] += chars
        by_helix[rules.types.get(org_type)] += chars
    total = sum(by_org.values())
    if total == 0:  # nothing written yet: nothing to judge, nobody unheard
        return Voice(OK, (), 0, {}, {}, 0.0, ())
    order = [t for t in rules.types if by_type[t]]
    order += sorted((t for t in by_type if t not in rules.types and t and by_type[t]), key=str)
    type_shares = {t: by_type[t] / total for t in order}
    helix_shares = {h: by_helix[h] / total for h in rules.helixes if by_helix[h]}
    largest = max(by_org.values()) / total
    reasons: list[Reason] = []
    if not _enough_to_judge(total, members, rules):
        return Voice(OK, (), total, type_shares, helix_shares, largest, ())
    if largest > rules.voice_share:
        msgid = N_("One organisation wrote %(percent)d%% of the text")
        reasons.append(Reason("one_organisation_voice", msgid, {"percent": round(100 * largest)}))
    top = max(helix_shares, key=helix_shares.__getitem__, default=None)
    if top is not None and helix_shares[top] > rules.voice_share:
        params = {"helix": (HELIX_LABELS[top],), "percent": round(100 * helix_shares[top])}
        reasons.append(
            Reason("one_helix_voice", N_("%(helix)s wrote %(percent)d%% of the text"), params)
        )
    seated = {m.org_type for m in members or () if m.org_type}
    seated_order = [t for t in rules.types if t in seated] + sorted(seated - set(rules.types))
    unheard = tuple(t for t in seated_order if by_type[t] / total < rules.quiet_share)
    if unheard:
        params = {"types": tuple(_type_label(t) for t in unheard)}
        reasons.append(Reason("not_heard", N_("Not heard yet: %(types)s"), params, INFO))
    state = WARN if any(r.level == WARN for r in reasons) else OK
    return Voice(state, tuple(reasons), total, type_shares, helix_shares, largest, unheard)


def _enough_to_judge(total: int, members: list[Member] | None, rules: DiversityRules) -> bool:
    """Tell whether there is enough text, and enough people, to judge whose voice it is."""
    if total < VOICE_MIN_CHARS:
        return False
    if members is None:
        return True
    organisations = {
        m.organisation_key if m.organisation_key is not None else object() for m in members
    }
    return len(members) >= rules.min_members and len(organisations) >= 2


def _as_int(value) -> int | None:
    """Return a whole number from a number or text, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def _as_share(value) -> float | None:
    """Return a finite number from a number or text (decimal comma too), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))  # "0,5" as typed in Finnish
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


_YES, _NO = {"true", "yes", "on", "1"}, {"false", "no", "off", "0"}


def _as_bool(value) -> bool | None:
    """Return yes or no from a boolean, 0/1 or a word such as "on", or None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _YES | _NO:
        return value.strip().lower() in _YES
    return None


# rule → (parse, accept, message naming the fix)
_RULES = {
    "min_members": (_as_int, lambda v: 1 <= v <= 50, N_("Give the smallest table as a whole number of people from 1 to 50.")),
    "min_helixes": (_as_int, lambda v: 0 <= v <= len(HELIXES), N_("Give the helixes needed as a whole number from 0 to 4.")),
    "require_business": (_as_bool, lambda v: True, N_("Answer yes or no to requiring a company at every table.")),
    "max_org_share": (_as_share, lambda v: 0 < v <= 1, N_("Give one organisation's largest share as a number above 0 and at most 1, e.g. 0.5.")),
    "warn_on_missing_helix": (_as_bool, lambda v: True, N_("Answer yes or no to warning when a helix is missing.")),
    "voice_share": (_as_share, lambda v: 0 < v <= 1, N_("Give the one-voice share as a number above 0 and at most 1, e.g. 0.7.")),
    "quiet_share": (_as_share, lambda v: 0 <= v < 1, N_("Give the not-heard share as a number from 0 up to but not including 1, e.g. 0.05.")),
}  # fmt: skip


def validate_rules(raw: Mapping | None, org_types: Iterable[str] | None = None) -> DiversityRules:
    """Return clean rules for a workshop of these types, or raise ValidationFailed."""
    # Missing rules take their defaults; None means all defaults. Unknown keys are rejected:
    # a typo must not silently leave a default in force. Rules the configured types cannot
    # meet (too many helixes, a company with no business type) are rejected too.
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        message = N_("Give the diversity rules as named settings.")
        raise ValidationFailed(message, fields={"diversity": message})
    errors: dict[str, str] = {}
    helix_of = DEFAULT_HELIX_OF
    if org_types is not None:
        keys = [] if isinstance(org_types, str) else list(org_types)
        if not keys or any(k not in ORG_TYPE_BY_KEY for k in keys):
            errors["org_types"] = N_("Choose organisation types from the list.")
        else:
            helix_of = tuple((t.key, t.helix) for t in ORG_TYPES if t.key in set(keys))
    for key in raw:
        if key not in _RULES:
            errors[str(key)] = N_("Remove this setting; it is not a diversity rule.")
    clean = {}
    for f in fields(DiversityRules):
        if f.name not in _RULES:
            continue
        parse, accept, message = _RULES[f.name]
        value = parse(raw[f.name]) if f.name in raw else f.default
        if value is None or not accept(value):
            errors[f.name] = message
        clean[f.name] = value
    rules = DiversityRules(**clean, helix_of=helix_of) if not errors else None
    if rules is not None and rules.min_helixes > len(rules.helixes):
        errors["min_helixes"] = N_(
            "Lower the helixes needed: the workshop's organisation types cover fewer."
        )
    if rules is not None and rules.require_business and "business" not in rules.helixes:
        errors["require_business"] = N_(
            "Answer no, or add a business organisation type to the workshop."
        )
    if errors or rules is None:
        raise ValidationFailed(N_("Check the fields marked below."), fields=errors)
    return rules
