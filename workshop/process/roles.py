"""“What is your organisation's role?” across a strategy: the ideas an organisation leads
or partners in (with their status), the events it took part in, its mapped projects and the
priorities where it is absent. No Flask."""

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
    rows = board(session, strategy)
    leads = [r for r in rows if r.lead and r.lead.id == organisation.id]
    partner_in = [
        r
        for r in rows
        if r not in leads
        and any(p.organisation and p.organisation.id == organisation.id for p in r.partners)
    ]
    events = list(
        session.scalars(
            sa.select(Workshop)
            .where(
                Workshop.strategy_id == strategy.id,
                Workshop.id.in_(
                    sa.select(Participant.workshop_id).where(
                        Participant.organisation_id == organisation.id,
                        Participant.removed_at.is_(None),
                    )
                ),
            )
            .order_by(Workshop.date.asc().nulls_last(), Workshop.id)
        )
    )
    known = known_organisations(session)
    projects = [
        p
        for p in session.scalars(
            sa.select(MappedProject)
            .where(MappedProject.strategy == strategy.key)
            .order_by(MappedProject.id)
        )
        if any(
            n.organisation and n.organisation.id == organisation.id
            for n in match_names(p.organisation or "", known)
        )
    ]
    wrote_in = set(
        session.scalars(
            sa.select(Priority.strategy_priority_id)
            .join(Idea, Idea.priority_id == Priority.id)
            .join(IdeaContribution, IdeaContribution.idea_id == Idea.id)
            .join(Workshop, Workshop.id == Idea.workshop_id)
            .where(
                Workshop.strategy_id == strategy.id,
                IdeaContribution.organisation_id == organisation.id,
                IdeaContribution.chars > 0,
            )
        )
    )
    present = wrote_in | {r.priority_id for r in leads + partner_in}
    absent = [p.name for p in strategy.priorities if p.id not in present]
    return StrategyRole(strategy, leads, partner_in, events, projects, absent)
