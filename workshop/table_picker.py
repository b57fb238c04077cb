"""What the table picker shows beside each table: the organisation types it still lacks.

No Flask here. A person picking a table sees which tables need an organisation like theirs.
"""

from workshop.diversity import Member, table_verdict, validate_rules
from workshop.errors import ValidationFailed
from workshop.models import Workshop


def lacking_types(workshop: Workshop) -> dict[int, tuple[str, ...]]:
    """Return, per table with people at it, the organisation types of its missing helixes."""
    try:
        rules = validate_rules((workshop.settings or {}).get("diversity"), workshop.org_type_keys)
    except ValidationFailed:  # stored settings that no longer validate: the defaults
        rules = validate_rules(None, workshop.org_type_keys)
    lacking = {}
    for table in workshop.tables:
        members = [
            Member(p.id, p.organisation.normalized_name if p.organisation else None, p.org_type)
            for p in table.members
        ]
        if members:
            lacking[table.id] = table_verdict(members, rules).invite
    return lacking
