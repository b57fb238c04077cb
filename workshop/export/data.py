"""Collect a workshop's export data into plain dataclasses, the idea texts read from each
idea's CRDT document as the log has it now (never the stale `Idea.fields` projection)."""

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.collab.document import EXITS, encoded, new_document, read_fields
from workshop.collab.store import load_idea
from workshop.consortium import (
    KnownOrganisation,
    NamedOrganisation,
    helix_coverage,
    known_organisations,
    match_names,
)
from workshop.errors import NotFound
from workshop.export.overlaps import OverlapSummary, add_overlaps
from workshop.export.strategy_roles import StrategyRoles, collect_strategy_roles
from workshop.facilitation import vote_counts
from workshop.i18n_markers import N_
from workshop.models import Idea, Participant, Table, Workshop, utcnow
from workshop.template import Field, fields_of

log = logging.getLogger(__name__)


@dataclass
class ExportWorkshop:
    id: int
    title: str
    date: date | None
    place: str
    language: str
    state: str
    org_types: list[str]
    organiser: str = ""  # the document's author: settings["organiser"], else the owner
    strategy: str = ""  # the strategy it belongs to (settings["strategy"]), if named


@dataclass
class ExportTable:
    id: int
    name: str
    priority_id: int
    capacity: int | None
    members: int


@dataclass
class ExportIdea:
    id: int
    workshop_id: int
    priority_id: int
    table_id: int | None
    table_name: str
    state: str
    fields: dict[str, str]  # key -> exact text of the CRDT document
    votes: int
    lead: list[NamedOrganisation]
    partners: list[NamedOrganisation]
    helixes: tuple[str, ...]  # of the organisations named in lead + partners
    missing_helixes: tuple[str, ...]
    snapshot: bytes  # the document's encoding: continues the same document
    seq: int
    created_at: datetime | None
    updated_at: datetime | None
    # Some of its logged changes did not load (set aside in the quarantine, or the
    # document failed to load at all: then `fields` is the last plain-text projection).
    damaged: bool = False
    # workshop/export/overlaps.py: mapped projects and drafts at other tables it resembles
    related_projects: list = field(default_factory=list)  # RelatedProject, best first
    related_ideas: list = field(default_factory=list)  # RelatedIdea, best first
    archived: bool = False  # hidden from the table and the plan; kept in the JSON
    merged_into_id: int | None = None
    plan_rank: int | None = None  # the order the facilitator confirmed for the plan

    @property
    def title(self) -> str:
        return self.fields.get("title", "").strip()

    @property
    def empty(self) -> bool:
        """Whether nothing but a title was written (a damaged idea never counts as empty:
        its note must show, whatever of its text loaded)."""
        if self.damaged:
            return False
        return not any(text.strip() for key, text in self.fields.items() if key != "title")


@dataclass
class ExportPriority:
    id: int
    name: str
    description: str
    position: int
    tables: list[ExportTable]
    org_mix: dict[str, int]  # organisation type -> participants at its tables
    participants: int
    ideas: list[ExportIdea]  # every idea, archived ones too (the JSON keeps them)

    @property
    def active_ideas(self) -> list[ExportIdea]:
        """The ideas that are not archived, ranked: the confirmed order, else by votes."""
        return sorted(
            (i for i in self.ideas if not i.archived),
            key=lambda i: (i.plan_rank is None, i.plan_rank or 0, -i.votes, i.id),
        )


@dataclass
class IdeaRef:
    idea_id: int
    title: str
    workshop_id: int
    workshop_title: str
    priority: str


@dataclass
class OrganisationRole:
    id: int
    name: str
    org_type: str
    leads: list[IdeaRef] = field(default_factory=list)
    partner_in: list[IdeaRef] = field(default_factory=list)


@dataclass
class ExportParticipant:
    name: str
    organisation: str
    org_type: str
    table: str


@dataclass
class ExportData:
    workshop: ExportWorkshop
    template: list[Field]
    priorities: list[ExportPriority]
    organisations: list[OrganisationRole]
    unknown_organisations: list[str]  # names in lead/partners that match no organisation
    org_mix: dict[str, int]
    participants: int
    people: list[ExportParticipant] | None  # only when names were asked for
    generated_at: datetime
    overlap: OverlapSummary | None = None  # what the ideas were compared with
    org_count: dict[str, int] = field(default_factory=dict)  # organisations by type
    # The roles of this event's organisations across its strategy (None: no strategy);
    # workshop/export/strategy_roles.py.
    strategy_roles: StrategyRoles | None = None

    @property
    def active_ideas(self) -> list[ExportIdea]:
        return [idea for priority in self.priorities for idea in priority.active_ideas]

    @property
    def compared_with_projects(self) -> bool:
        return bool(self.overlap and self.overlap.mapped_projects)

    @property
    def ideas(self) -> list[ExportIdea]:
        return [idea for priority in self.priorities for idea in priority.ideas]

    @property
    def keys(self) -> list[str]:
        return [f.key for f in self.template]


def read_idea(session: Session, idea: Idea, keys: list[str]) -> tuple[dict, bytes, int, bool]:
    """Return an idea's field texts, its document's encoding, the seq it reaches and whether
    it is damaged. Never raises for a damaged document: it falls back to the last
    plain-text projection, so one idea cannot break a whole export."""
    try:
        loaded = load_idea(session, idea.id, quarantine=False)
        return (
            read_fields(loaded.doc, keys),
            encoded(loaded.doc),
            loaded.last_seq,
            loaded.damaged,
        )
    except EXITS:
        raise
    except BaseException:  # noqa: BLE001 - pycrdt panics are BaseExceptions
        log.exception("idea %s does not load; exported from its projection", idea.id)
        texts = {key: str((idea.fields or {}).get(key) or "") for key in keys}
        return texts, new_document(texts).get_update(), idea.last_seq, True


def collect_ideas(
    session: Session,
    workshop: Workshop,
    keys: list[str],
    known: dict[str, KnownOrganisation],
) -> list[ExportIdea]:
    """Return the workshop's ideas with their text read from the CRDT log."""
    votes = vote_counts(session, workshop.id)
    table_names = dict(
        session.execute(
            sa.select(Table.id, Table.name).where(Table.workshop_id == workshop.id)
        ).all()
    )
    ideas = []
    for idea in session.scalars(
        sa.select(Idea).where(Idea.workshop_id == workshop.id).order_by(Idea.id)
    ):
        texts, snapshot, last, damaged = read_idea(session, idea, keys)
        lead = match_names(texts.get("lead", ""), known)
        partners = match_names(texts.get("partners", ""), known)
        present, missing = helix_coverage(lead + partners)
        ideas.append(
            ExportIdea(
                id=idea.id,
                workshop_id=workshop.id,
                priority_id=idea.priority_id,
                table_id=idea.table_id,
                table_name=table_names.get(idea.table_id, ""),
                state=idea.state,
                fields=texts,
                votes=votes.get(idea.id, 0),
                lead=lead,
                partners=partners,
                helixes=present,
                missing_helixes=missing,
                snapshot=snapshot,
                seq=last,
                damaged=damaged,
                created_at=idea.created_at,
                updated_at=idea.updated_at,
                archived=idea.archived,
                merged_into_id=idea.merged_into_id,
                plan_rank=idea.plan_rank,
            )
        )
    return ideas


def organisation_roles(
    pairs: list[tuple[Workshop, list[ExportIdea], dict[int, str]]],
) -> tuple[list[OrganisationRole], list[str]]:
    """Return each named organisation's ideas (led, partner in) and the unknown names.

    `pairs` holds (workshop, its ideas, priority names by id) for every workshop to cover.
    """
    roles: dict[int, OrganisationRole] = {}
    unknown: dict[str, str] = {}
    for workshop, ideas, priority_names in pairs:
        for idea in ideas:
            ref = IdeaRef(
                idea.id,
                idea.title,
                workshop.id,
                workshop.title,
                priority_names.get(idea.priority_id, ""),
            )
            for named, bucket in [(n, "leads") for n in idea.lead] + [
                (n, "partner_in") for n in idea.partners
            ]:
                org = named.organisation
                if org is None:
                    unknown.setdefault(named.text.casefold(), named.text)
                    continue
                role = roles.setdefault(org.id, OrganisationRole(org.id, org.name, org.org_type))
                if bucket == "partner_in" and any(r.idea_id == ref.idea_id for r in role.leads):
                    continue  # written as lead and as partner: it leads
                refs = getattr(role, bucket)
                if all(r.idea_id != ref.idea_id for r in refs):
                    refs.append(ref)
    ordered = sorted(
        roles.values(), key=lambda r: (-len(r.leads), -len(r.partner_in), r.name.casefold())
    )
    return ordered, sorted(unknown.values(), key=str.casefold)


def collect(
    session: Session,
    workshop_id: int,
    *,
    include_names: bool = False,
    priority_id: int | None = None,
) -> ExportData:
    """Return the export data of a workshop (one priority's when `priority_id` is given)."""
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound(N_("No such workshop."))
    if priority_id is not None and all(p.id != priority_id for p in workshop.priorities):
        raise NotFound(N_("This workshop has no such priority."))
    template = fields_of(workshop.settings)
    ideas = collect_ideas(
        session, workshop, [f.key for f in template], known_organisations(session)
    )
    names = {p.id: p.name for p in workshop.priorities}
    compared = add_overlaps(session, workshop, ideas, names)
    # Everyone who took part counts by organisation type, also those whose names were
    # erased; people the facilitator removed (wrong person, spam) do not.
    people = session.scalars(
        sa.select(Participant)
        .where(Participant.workshop_id == workshop.id, Participant.removed_at.is_(None))
        .order_by(Participant.id)
    ).all()
    priority_of_table = {t.id: t.priority_id for t in workshop.tables}
    members = Counter(p.table_id for p in people if p.table_id)
    priorities = []
    for p in workshop.priorities:
        if priority_id is not None and p.id != priority_id:
            continue
        here = [x for x in people if priority_of_table.get(x.table_id) == p.id]
        priorities.append(
            ExportPriority(
                id=p.id,
                name=p.name,
                description=p.description or "",
                position=p.position,
                tables=[
                    ExportTable(t.id, t.name, t.priority_id, t.capacity, members.get(t.id, 0))
                    for t in p.tables
                ],
                org_mix=_mix(here, workshop.org_type_keys),
                participants=len(here),
                ideas=[i for i in ideas if i.priority_id == p.id],
            )
        )
    chosen = [i for p in priorities for i in p.active_ideas]
    roles, unknown = organisation_roles([(workshop, chosen, names)])
    table_names = {t.id: t.name for t in workshop.tables}
    settings = workshop.settings or {}
    organisations = {(p.organisation_id, p.org_type) for p in people}
    org_count = Counter(kind for _, kind in organisations)
    return ExportData(
        workshop=ExportWorkshop(
            workshop.id,
            workshop.title,
            workshop.date,
            workshop.place or "",
            workshop.language,
            workshop.state,
            workshop.org_type_keys,
            organiser=str(settings.get("organiser") or workshop.owner.email),
            strategy=_named_strategy(settings.get("strategy")),
        ),
        template=template,
        priorities=priorities,
        organisations=roles,
        unknown_organisations=unknown,
        org_mix=_mix(people, workshop.org_type_keys),
        participants=len(people),
        people=[
            ExportParticipant(
                p.display_name, p.organisation.name, p.org_type, table_names.get(p.table_id, "")
            )
            for p in people
            if p.erased_at is None
        ]
        if include_names
        else None,
        generated_at=utcnow(),
        overlap=compared,
        org_count={k: org_count[k] for k in _mix(people, workshop.org_type_keys)},
        strategy_roles=collect_strategy_roles(
            session, workshop, {r.id for r in roles} | {p.organisation_id for p in people}
        ),
    )


def _mix(people, org_types: list[str]) -> dict[str, int]:
    """Count people by organisation type: the workshop's types in order, then any others."""
    counts = Counter(p.org_type for p in people)
    mix = {key: counts.get(key, 0) for key in org_types}
    mix.update({k: v for k, v in counts.items() if k not in mix})
    return mix


def _named_strategy(key: object) -> str:
    """Return the strategy's name, or "" for none or the unnamed default."""
    return key.strip() if isinstance(key, str) and key.strip() not in ("", "default") else ""
