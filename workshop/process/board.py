"""The follow-up board of a strategy: every idea of its events with its status, the
responsible organisation (its `lead` text matched to a known organisation), next step,
funding and mapped project; filters, groups and a summary per priority. No Flask."""

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.consortium import (
    KnownOrganisation,
    NamedOrganisation,
    helix_coverage,
    known_organisations,
    match_names,
)
from workshop.models import (
    IdeaCarry,
    MappedProject,
    Priority,
    Strategy,
    Table,
    Vote,
    Workshop,
)
from workshop.process.carry import carry_dict
from workshop.process.follow_up import MOVING, STATUSES, follow_ups, history, strategy_ideas


@dataclass
class BoardRow:
    idea_id: int
    title: str
    workshop_id: int
    workshop_title: str
    priority_id: int | None  # the strategy's priority
    priority_name: str
    status: str
    next_step: str
    due: object
    funding_instrument: str
    mapped_project_id: int | None
    mapped_project_title: str
    merged_into_id: int | None
    lead_text: str
    lead: KnownOrganisation | None
    partners: list[NamedOrganisation]
    helixes: tuple[str, ...]
    votes: int
    carried_from: list[dict] = field(default_factory=list)
    table_name: str = ""  # its table now (at workshop_title)
    history: list = field(default_factory=list)

    @property
    def organisation_ids(self) -> set[int]:
        ids = {p.organisation.id for p in self.partners if p.organisation}
        return ids | ({self.lead.id} if self.lead else set())

    def to_dict(self) -> dict:
        return {
            "id": self.idea_id,
            "title": self.title,
            "workshop_id": self.workshop_id,
            "workshop_title": self.workshop_title,
            "priority_id": self.priority_id,
            "priority": self.priority_name,
            "status": self.status,
            "next_step": self.next_step,
            "due": self.due.isoformat() if self.due else None,
            "funding_instrument": self.funding_instrument,
            "mapped_project_id": self.mapped_project_id,
            "mapped_project": self.mapped_project_title or None,
            "merged_into_id": self.merged_into_id,
            "lead": self.lead_text,
            "lead_organisation": None
            if self.lead is None
            else {"id": self.lead.id, "name": self.lead.name, "org_type": self.lead.org_type},
            "helixes": list(self.helixes),
            "votes": self.votes,
            "carried_from": self.carried_from,
            "history": [c.to_dict() for c in self.history],
        }


@dataclass
class Filters:
    priority_id: int | None = None
    status: str | None = None
    organisation_id: int | None = None
    helix: str | None = None

    def keep(self, row: BoardRow) -> bool:
        return (
            (self.priority_id is None or row.priority_id == self.priority_id)
            and (self.status is None or row.status == self.status)
            and (self.organisation_id is None or self.organisation_id in row.organisation_ids)
            and (self.helix is None or self.helix in row.helixes)
        )


def board(session: Session, strategy: Strategy, filters: Filters | None = None) -> list[BoardRow]:
    """Return the strategy's ideas as board rows, by priority then idea."""
    ideas = strategy_ideas(session, strategy)
    ids = [i.id for i in ideas]
    known = known_organisations(session)
    ups = follow_ups(session, ids)
    changes = history(session, ids)
    workshops = {
        w.id: w
        for w in session.scalars(sa.select(Workshop).where(Workshop.strategy_id == strategy.id))
    }
    names = {p.id: p for p in strategy.priorities}
    links = dict(
        session.execute(
            sa.select(Priority.id, Priority.strategy_priority_id).where(
                Priority.workshop_id.in_(workshops)
            )
        ).all()
    )
    tables = dict(
        session.execute(
            sa.select(Table.id, Table.name).where(Table.workshop_id.in_(workshops))
        ).all()
    )
    projects = dict(
        session.execute(
            sa.select(MappedProject.id, MappedProject.title).where(
                MappedProject.strategy == strategy.key
            )
        ).all()
    )
    votes = Counter(
        dict(
            session.execute(
                sa.select(Vote.idea_id, sa.func.count())
                .where(Vote.idea_id.in_(ids))
                .group_by(Vote.idea_id)
            ).all()
        )
    )
    carried: dict[int, list[dict]] = {}
    for record in session.scalars(
        sa.select(IdeaCarry).where(IdeaCarry.idea_id.in_(ids)).order_by(IdeaCarry.id)
    ):
        carried.setdefault(record.idea_id, []).append(carry_dict(record))
    rows = []
    for idea in ideas:
        texts = idea.fields or {}
        lead = match_names(texts.get("lead", ""), known)
        partners = match_names(texts.get("partners", ""), known)
        up = ups.get(idea.id)
        sp = links.get(idea.priority_id)
        rows.append(
            BoardRow(
                idea_id=idea.id,
                title=idea.title or texts.get("title", "").strip(),
                workshop_id=idea.workshop_id,
                workshop_title=workshops[idea.workshop_id].title,
                priority_id=sp,
                priority_name=names[sp].name if sp in names else idea.priority.name,
                status=up.status if up else "draft",
                next_step=up.next_step if up else "",
                due=up.due if up else None,
                funding_instrument=up.funding_instrument if up else "",
                mapped_project_id=up.mapped_project_id if up else None,
                mapped_project_title=projects.get(up.mapped_project_id, "") if up else "",
                merged_into_id=up.merged_into_id if up else None,
                lead_text=texts.get("lead", "").strip(),
                lead=next((n.organisation for n in lead if n.organisation), None),
                partners=partners,
                helixes=helix_coverage(lead + partners)[0],
                votes=votes.get(idea.id, 0),
                carried_from=carried.get(idea.id, []),
                table_name=tables.get(idea.table_id, ""),
                history=changes.get(idea.id, []),
            )
        )
    order = {p.id: p.position for p in strategy.priorities}
    rows.sort(key=lambda r: (order.get(r.priority_id, 10**6), r.idea_id))
    return [r for r in rows if filters is None or filters.keep(r)]


@dataclass
class PrioritySummary:
    priority_id: int
    name: str
    statuses: dict[str, int]
    leading: list[str]  # organisations leading ideas, most first
    helixes: tuple[str, ...]
    moving: int  # ideas beyond the draft, still alive

    @property
    def nothing_moving(self) -> bool:
        return self.moving == 0

    def to_dict(self) -> dict:
        return {
            "priority_id": self.priority_id,
            "name": self.name,
            "statuses": self.statuses,
            "leading_organisations": self.leading,
            "helixes": list(self.helixes),
            "moving": self.moving,
            "nothing_moving": self.nothing_moving,
        }


def summary(strategy: Strategy, rows: list[BoardRow]) -> list[PrioritySummary]:
    """Return per priority: ideas per status, organisations leading, helixes covered."""
    found = []
    for priority in strategy.priorities:
        mine = [r for r in rows if r.priority_id == priority.id]
        statuses = {s: sum(1 for r in mine if r.status == s) for s in STATUSES}
        leading = Counter(
            r.lead.name for r in mine if r.lead and r.status not in ("dropped", "merged")
        )
        helixes = sorted({h for r in mine for h in r.helixes})
        found.append(
            PrioritySummary(
                priority.id,
                priority.name,
                statuses,
                [name for name, _ in leading.most_common()],
                tuple(helixes),
                sum(1 for r in mine if r.status in MOVING),
            )
        )
    return found
