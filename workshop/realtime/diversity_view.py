"""The diversity verdict of a table as the overview and the table page show it."""

from collections.abc import Callable

from flask_babel import gettext

from workshop.diversity import Member, table_verdict, validate_rules
from workshop.errors import ValidationFailed
from workshop.models import Workshop


def rules_of(workshop: Workshop):
    """Return the workshop's diversity rules; stored settings that no longer validate fall
    back to the defaults for its organisation types rather than break a live view."""
    try:
        return validate_rules((workshop.settings or {}).get("diversity"), workshop.org_type_keys)
    except ValidationFailed:
        return validate_rules(None, workshop.org_type_keys)


def verdict_for(workshop: Workshop) -> Callable[[list], dict]:
    """Return a function giving a table's verdict (as a dict) from its members' rows."""
    rules = rules_of(workshop)

    def verdict(rows) -> dict:
        members = [Member(r.id, r.organisation_key, r.org_type) for r in rows]
        return table_verdict(members, rules).as_dict(gettext)

    return verdict
