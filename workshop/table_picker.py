"""What the table picker shows beside each table: the kinds of organisation it still lacks.

No Flask here. A person picking a table sees which tables need an organisation like theirs.
The kinds are the helixes of the workshop's organisation types ("Business", "Public
sector", …): four short words rather than a list of every missing type.
"""

from workshop.diversity import Member, table_verdict, validate_rules
from workshop.errors import ValidationFailed
from workshop.models import Workshop
from workshop.orgtypes import HELIX_LABELS


def lacking_types(workshop: Workshop) -> dict[int, tuple[str, ...]]:
    """Return, per table with people at it, the label msgids of its missing helixes."""
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
            missing = table_verdict(members, rules).missing_helixes
            lacking[table.id] = tuple(HELIX_LABELS[helix] for helix in missing)
    return lacking
