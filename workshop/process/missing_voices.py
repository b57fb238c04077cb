"""Whose voice is still missing, per priority of a strategy: organisations that run or plan
projects in the priority's area (the mapping) or took part in the strategy's other events,
but wrote nothing in its drafts; and the organisation types no table of it has heard.
No Flask."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.consortium import known_organisations, match_names
from workshop.i18n_markers import N_
from workshop.models import (
    Idea,
    IdeaContribution,
    MappedProject,
    Organisation,
    Participant,
    Priority,
    Strategy,
    Table,
    Workshop,
)
from workshop.organisations import normalise_name
from workshop.overlap import new_vectorizer, project_text

ASSIGN_THRESHOLD = 0.08  # below this a project's text is too far from every priority


@dataclass
class MissingOrganisation:
    name: str
    org_type: str | None
    organisation_id: int | None
    reasons: list[tuple[str, dict]] = field(default_factory=list)  # (msgid, params)


@dataclass
class MissingVoices:
    priority_id: int  # the workshop's priority
    strategy_priority_id: int | None
    name: str
    organisations: list[MissingOrganisation]
    org_types: list[str]


@dataclass
class ProjectPriority:
    """A mapped project with the strategy priority it counts in for missing voices."""

    project: MappedProject
    priority_id: int | None  # what counts: the correction, else `automatic`
    automatic: int | None  # from its survey answer or its text
    corrected: bool  # the facilitator chose `priority_id`


def project_priorities(
    session: Session,
    strategy: Strategy,
    projects: list[MappedProject],
    corrections: dict | None = None,
) -> dict[int, int | None]:
    """Return each mapped project's strategy priority: the facilitator's correction, else
    the priority its survey answer names, else the one its text resembles most.
    `corrections`: instead of the strategy's ({} for the automatic assignment only)."""
    priorities = list(strategy.priorities)
    found: dict[int, int | None] = {}
    if corrections is None:
        corrections = strategy.project_priorities or {}
    by_name = {normalise_name(p.name): p.id for p in priorities}
    guess = []
    for project in projects:
        corrected = corrections.get(str(project.id))
        if corrected is not None:
            found[project.id] = corrected
        elif normalise_name(project.priority or "") in by_name:
            found[project.id] = by_name[normalise_name(project.priority)]
        else:
            guess.append(project)
    if guess and priorities:
        texts = [project_text(p.title, f"{p.description}\n{p.priority}") for p in guess]
        anchors = [f"{p.name}\n{p.description}" for p in priorities]
        vectors = new_vectorizer().fit(texts + anchors)
        scores = (vectors.transform(texts) @ vectors.transform(anchors).T).toarray()
        for project, row in zip(guess, scores, strict=True):
            best = int(row.argmax())
            found[project.id] = priorities[best].id if row[best] >= ASSIGN_THRESHOLD else None
    for project in guess if not priorities else []:
        found[project.id] = None
    return found


def assigned_projects(session: Session, strategy: Strategy) -> list[ProjectPriority]:
    """Return the strategy's mapped projects by title, each with the priority it counts in
    and the one it would count in without the facilitator's correction."""
    projects = list(
        session.scalars(
            sa.select(MappedProject)
            .where(MappedProject.strategy == strategy.key)
            .order_by(MappedProject.title, MappedProject.id)
        )
    )
    automatic = project_priorities(session, strategy, projects, corrections={})
    corrections = strategy.project_priorities or {}
    known = {p.id for p in strategy.priorities}
    found = []
    for project in projects:
        corrected = corrections.get(str(project.id))
        chosen = corrected is not None and corrected in known
        found.append(
            ProjectPriority(
                project,
                corrected if chosen else automatic.get(project.id),
                automatic.get(project.id),
                chosen,
            )
        )
    return found


def missing_voices(session: Session, workshop: Workshop) -> list[MissingVoices]:
    """Return, per priority of this workshop, whose voice its drafts still lack."""
    strategy = workshop.strategy
    events = (
        list(session.scalars(sa.select(Workshop).where(Workshop.strategy_id == strategy.id)))
        if strategy is not None
        else [workshop]
    )
    event_ids = [w.id for w in events]
    titles = {w.id: w.title for w in events}
    priorities = list(
        session.scalars(sa.select(Priority).where(Priority.workshop_id.in_(event_ids)))
    )
    group = {p.id: (p.strategy_priority_id or -p.id) for p in priorities}  # -id: unlinked

    ideas = session.execute(
        sa.select(Idea.id, Idea.priority_id).where(Idea.workshop_id.in_(event_ids))
    ).all()
    idea_group = {idea_id: group.get(priority_id) for idea_id, priority_id in ideas}
    writers: dict[int, set[int]] = {}
    heard: dict[int, set[str]] = {}
    for idea_id, org_id, org_type in session.execute(
        sa.select(
            IdeaContribution.idea_id, IdeaContribution.organisation_id, IdeaContribution.org_type
        ).where(IdeaContribution.idea_id.in_(idea_group), IdeaContribution.chars > 0)
    ):
        g = idea_group[idea_id]
        if org_id is not None:
            writers.setdefault(g, set()).add(org_id)
        if org_type:
            heard.setdefault(g, set()).add(org_type)
    for table_priority, org_type in session.execute(
        sa.select(Table.priority_id, Participant.org_type)
        .join(Table, Table.id == Participant.table_id)
        .where(Participant.workshop_id.in_(event_ids), Participant.removed_at.is_(None))
    ):
        heard.setdefault(group.get(table_priority), set()).add(org_type)

    earlier: dict[int, tuple[Organisation, set[str]]] = {}
    for organisation, workshop_id in session.execute(
        sa.select(Organisation, Participant.workshop_id)
        .join(Participant, Participant.organisation_id == Organisation.id)
        .where(
            Participant.workshop_id.in_([i for i in event_ids if i != workshop.id]),
            Participant.removed_at.is_(None),
            Organisation.erased_at.is_(None),
        )
    ):
        earlier.setdefault(organisation.id, (organisation, set()))[1].add(titles[workshop_id])

    projects = (
        list(
            session.scalars(
                sa.select(MappedProject)
                .where(MappedProject.strategy == strategy.key)
                .order_by(MappedProject.id)
            )
        )
        if strategy is not None
        else []
    )
    assigned = project_priorities(session, strategy, projects) if strategy is not None else {}
    known = known_organisations(session)

    result = []
    for priority in workshop.priorities:
        g = group[priority.id]
        wrote = writers.get(g, set())
        found: dict[str, MissingOrganisation] = {}

        for project in projects:
            if (
                assigned.get(project.id) != priority.strategy_priority_id
                or not project.organisation
            ):
                continue
            for named in match_names(project.organisation, known):
                org = named.organisation
                if org is not None and org.id in wrote:
                    continue
                key = f"id:{org.id}" if org else f"name:{normalise_name(named.text)}"
                _note(
                    found,
                    key,
                    org.name if org else named.text,
                    org.org_type if org else None,
                    org.id if org else None,
                    N_("Runs or plans the project “%(title)s” in this priority."),
                    {"title": project.title},
                )
        for org_id, (organisation, where) in earlier.items():
            if org_id in wrote:
                continue
            _note(
                found,
                f"id:{org_id}",
                organisation.name,
                organisation.org_type,
                org_id,
                N_("Took part in %(events)s."),
                {"events": ", ".join(sorted(where))},
            )
        kinds = [k for k in workshop.org_type_keys if k != "other"]
        result.append(
            MissingVoices(
                priority.id,
                priority.strategy_priority_id,
                priority.name,
                sorted(found.values(), key=lambda m: m.name.casefold()),
                [k for k in kinds if k not in heard.get(g, set())],
            )
        )
    return result


def _note(found: dict, key: str, name: str, org_type, org_id, reason: str, params: dict) -> None:
    entry = found.setdefault(key, MissingOrganisation(name, org_type, org_id))
    entry.reasons.append((reason, params))
