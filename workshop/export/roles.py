"""Who leads a draft and who partners in it, each organisation named once."""

from workshop.export.data import ExportIdea


def _key(named) -> str:
    return f"id:{named.organisation.id}" if named.organisation else named.text.casefold()


def _name(named) -> str:
    return named.organisation.name if named.organisation else named.text


def lead_and_partners(idea: ExportIdea) -> tuple[list[str], list[str]]:
    """Return the lead organisations and the partners, in their known names, each once;
    an organisation written as lead and as partner counts as lead only."""
    seen: set[str] = set()
    lead, partners = [], []
    for bucket, names in ((lead, idea.lead), (partners, idea.partners)):
        for named in names:
            key = _key(named)
            if key not in seen:
                seen.add(key)
                bucket.append(_name(named))
    return lead, partners
