"""Organisation types and the quadruple helix they map to (DESIGN.md, "Diversity").

Pure data and functions: no Flask. Labels are marked for translation with `N_` and
translated at the edge.
"""

from dataclasses import dataclass

from workshop.i18n_markers import N_

HELIXES = ("business", "research_education", "public_sector", "civil_society")

HELIX_LABELS = {
    "business": N_("Business"),
    "research_education": N_("Research and education"),
    "public_sector": N_("Public sector"),
    "civil_society": N_("Civil society"),
}


@dataclass(frozen=True)
class OrgType:
    key: str
    label: str  # English msgid; Finnish comes from the catalogue
    helix: str | None


ORG_TYPES: tuple[OrgType, ...] = (
    OrgType("company", N_("Company"), "business"),
    OrgType("research", N_("University or research institute"), "research_education"),
    OrgType("education", N_("Other education"), "research_education"),
    OrgType("municipality", N_("Municipality"), "public_sector"),
    OrgType("public_authority", N_("State or regional authority"), "public_sector"),
    OrgType("development", N_("Development company or business services"), "business"),
    OrgType("civil_society", N_("Association or NGO"), "civil_society"),
    OrgType("other", N_("Other"), None),
)

ORG_TYPE_BY_KEY = {t.key: t for t in ORG_TYPES}
DEFAULT_ORG_TYPE_KEYS = tuple(t.key for t in ORG_TYPES)


def org_type(key: str) -> OrgType | None:
    """Return the organisation type with this key, or None when it is unknown."""
    return ORG_TYPE_BY_KEY.get(key)
