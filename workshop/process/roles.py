"""“What is your organisation's role?” across a strategy: the ideas an organisation leads
or partners in (with their status), the events it took part in, its mapped projects and the
priorities where it is absent. One organisation's page, or every organisation's at once for
the exports. No Flask."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.consortium import known_organisations, match_names
from workshop.models import (
    Idea,
    IdeaContribution,
    MappedProject,
    Organisation,
    Participant,
    Priority,
    Strategy,
    Workshop,
)
from workshop.process.board import BoardRow, board


@dataclass
class StrategyRole:
    strategy: Strategy
    leads: list[BoardRow]
    partner_in: list[BoardRow]
    events: list[Workshop]
    projects: list[MappedProject]
    absent: list[str]  # names of the priorities it has no part in
    # Whose role it is (set by strategy_roles; the page knows its organisation).
    organisation_id: int | None = None
    name: str = ""
    org_type: str = ""

    def to_dict(self) -> dict:
        def idea(row: BoardRow) -> dict:
            return {
                "id": row.idea_id,
                "title": row.title,
                "status": row.status,
                "workshop_id": row.workshop_id,
                "priority_id": row.priority_id,
                "priority": row.priority_name,
            }

        return {
            "strategy_id": self.strategy.id,
            "strategy": self.strategy.name,
            "leads": [idea(r) for r in self.leads],
            "partner_in": [idea(r) for r in self.partner_in],
            "events": [
                {"id": w.id, "title": w.title, "date": w.date.isoformat() if w.date else None}
                for w in self.events
            ],
            "mapped_projects": [{"id": p.id, "title": p.title} for p in self.projects],
            "absent_priorities": self.absent,
        }


def role_in_strategy(
    session: Session, organisation: Organisation, strategy: Strategy
) -> StrategyRole:
    """Return the organisation's role over all of the strategy's events."""
    return _roles(session, strategy, board(session, strategy), {organisation.id})[organisation.id]


def strategy_roles(
    session: Session,
    strategy: Strategy,
    rows: list[BoardRow] | None = None,
    only: set[int] | None = None,
) -> list[StrategyRole]:
    """Return the role of every organisation that leads or partners in one of the
    strategy's ideas or took part in one of its events (`only`: of these organisations,
    whatever they did): most ideas led first, then by name. `rows`: the strategy's whole
    board, when the caller has it already."""
    rows = board(session, strategy) if rows is None else rows
    if only is not None:
        roles = _roles(session, strategy, rows, only).values()
        return sorted(roles, key=lambda r: (-len(r.leads), -len(r.partner_in), r.name.casefold()))
    named = {r.lead.id for r in rows if r.lead}
    named |= {p.organisation.id for r in rows for p in r.partners if p.organisation}
    named |= set(
        session.scalars(
            sa.select(Participant.organisation_id)
            .join(Workshop, Workshop.id == Participant.workshop_id)
            .where(Workshop.strategy_id == strategy.id, Participant.removed_at.is_(None))
        )
    )
    roles = _roles(session, strategy, rows, named).values()
    return sorted(roles, key=lambda r: (-len(r.leads), -len(r.partner_in), r.name.casefold()))


def _roles(
    session: Session, strategy: Strategy, rows: list[BoardRow], ids: set[int]
) -> dict[int, StrategyRole]:
    """Return the roles of these organisations (erased ones left out), by id."""
    organisations = {
        o.id: o
        for o in session.scalars(
            sa.select(Organisation).where(
                Organisation.id.in_(ids), Organisation.erased_at.is_(None)
            )
        )
    }
    workshops = list(
        session.scalars(
            sa.select(Workshop)
            .where(Workshop.strategy_id == strategy.id)
            .order_by(Workshop.date.asc().nulls_last(), Workshop.id)
        )
    )
    took_part = {
        tuple(row)
        for row in session.execute(
            sa.select(Participant.organisation_id, Participant.workshop_id)
            .where(
                Participant.workshop_id.in_([w.id for w in workshops]),
                Participant.organisation_id.in_(organisations),
                Participant.removed_at.is_(None),
            )
            .distinct()
        )
    }
    events: dict[int, list[Workshop]] = {}
    for organisation_id in organisations:
        events[organisation_id] = [w for w in workshops if (organisation_id, w.id) in took_part]
    known = known_organisations(session)
    projects: dict[int, list[MappedProject]] = {}
    for project in session.scalars(
        sa.select(MappedProject)
        .where(MappedProject.strategy == strategy.key)
        .order_by(MappedProject.id)
    ):
        for named in match_names(project.organisation or "", known):
            mine = projects.setdefault(named.organisation.id, []) if named.organisation else None
            if mine is not None and project not in mine:
                mine.append(project)
    wrote_in: dict[int, set[int]] = {}
    for organisation_id, priority_id in session.execute(
        sa.select(IdeaContribution.organisation_id, Priority.strategy_priority_id)
        .join(Idea, Idea.id == IdeaContribution.idea_id)
        .join(Priority, Priority.id == Idea.priority_id)
        .join(Workshop, Workshop.id == Idea.workshop_id)
        .where(
            Workshop.strategy_id == strategy.id,
            IdeaContribution.organisation_id.in_(organisations),
            IdeaContribution.chars > 0,
        )
    ):
        wrote_in.setdefault(organisation_id, set()).add(priority_id)
    found = {}
    for organisation in organisations.values():
        leads = [r for r in rows if r.lead and r.lead.id == organisation.id]
        partner_in = [
            r
            for r in rows
            if r not in leads
            and any(p.organisation and p.organisation.id == organisation.id for p in r.partners)
        ]
        present = wrote_in.get(organisation.id, set()) | {r.priority_id for r in leads + partner_in}
        found[organisation.id] = StrategyRole(
            strategy,
            leads,
            partner_in,
            events.get(organisation.id, []),
            projects.get(organisation.id, []),
            [p.name for p in strategy.priorities if p.id not in present],
            organisation.id,
            organisation.name,
            organisation.org_type,
        )
    return found
