"""Each organisation's role over time: the ideas it leads or partners in, and at which of
a facilitator's workshops (organisations are shared across workshops)."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.consortium import known_organisations
from workshop.export.data import OrganisationRole, collect_ideas, organisation_roles
from workshop.models import Workshop
from workshop.template import field_keys


@dataclass
class RolesPage:
    roles: list[OrganisationRole]  # organisations named in the focus workshop's ideas
    unknown: list[str]  # names in the focus workshop that match no organisation


def roles_for(session: Session, workshop: Workshop) -> RolesPage:
    """Return the roles of the organisations this workshop's ideas name, across every
    workshop of the same facilitator (the names unknown here listed apart)."""
    known = known_organisations(session)
    workshops = session.scalars(
        sa.select(Workshop).where(Workshop.owner_id == workshop.owner_id).order_by(Workshop.id)
    ).all()
    pairs = []
    focus_ids: set[int] = set()
    unknown: list[str] = []
    for each in workshops:
        ideas = collect_ideas(session, each, field_keys(each.settings), known)
        names = {p.id: p.name for p in each.priorities}
        pairs.append((each, ideas, names))
        if each.id == workshop.id:
            here, unknown = organisation_roles([(each, ideas, names)])
            focus_ids = {role.id for role in here}
    roles, _ = organisation_roles(pairs)
    for role in roles:  # this workshop's ideas first
        role.leads.sort(key=lambda r: r.workshop_id != workshop.id)
        role.partner_in.sort(key=lambda r: r.workshop_id != workshop.id)
    return RolesPage([r for r in roles if r.id in focus_ids], unknown)
