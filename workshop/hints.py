"""Overlap hints of an idea: the mapped projects and other drafts it resembles, minus
those marked "not related". Loads from the database, scores with `overlap`. No Flask."""

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop import overlap
from workshop.errors import NotFound, ValidationFailed
from workshop.i18n_markers import N_
from workshop.ideas import Actor
from workshop.models import Idea, IdeaOverlapDismissal, MappedProject, Workshop

DEFAULT_STRATEGY = "default"


def strategy_of(workshop: Workshop) -> str:
    """Return the strategy key whose mapped projects this workshop is compared with."""
    return (workshop.settings or {}).get("strategy") or DEFAULT_STRATEGY


def dismissed(session: Session, idea: Idea) -> tuple[set[int], set[int]]:
    """Return the project ids and idea ids marked "not related" to this idea."""
    rows = session.execute(
        sa.select(
            IdeaOverlapDismissal.idea_id,
            IdeaOverlapDismissal.project_id,
            IdeaOverlapDismissal.other_idea_id,
        ).where(
            sa.or_(
                IdeaOverlapDismissal.idea_id == idea.id,
                IdeaOverlapDismissal.other_idea_id == idea.id,
            )
        )
    )
    projects, ideas = set(), set()
    for idea_id, project_id, other_id in rows:
        if project_id is not None:
            projects.add(project_id)
        elif other_id is not None:  # a dismissed pair of drafts holds both ways
            ideas.add(other_id if idea_id == idea.id else idea_id)
    return projects, ideas


def related_to(session: Session, idea: Idea, limit: int = 5) -> dict:
    """Return the DESIGN contract `{"projects": [...], "ideas": [...]}`, best first."""
    workshop = session.get(Workshop, idea.workshop_id)
    skip_projects, skip_ideas = dismissed(session, idea)
    projects = session.scalars(
        sa.select(MappedProject)
        .where(MappedProject.strategy == strategy_of(workshop))
        .order_by(MappedProject.id)
    ).all()
    others = session.scalars(
        sa.select(Idea).where(Idea.workshop_id == idea.workshop_id, Idea.id != idea.id)
    ).all()
    matches = overlap.related(
        overlap.draft_text(idea.fields or {}, idea.title),
        [(p.id, overlap.project_text(p.title, p.description)) for p in projects],
        [(o.id, overlap.draft_text(o.fields or {}, o.title)) for o in others],
        limit=limit + max(len(skip_projects), len(skip_ideas)),
    )
    by_project = {p.id: p for p in projects}
    by_idea = {o.id: o for o in others}
    found = {"projects": [], "ideas": []}
    for match in matches:
        if match.kind == "project" and match.id not in skip_projects:
            p = by_project[match.id]
            found["projects"].append(
                {"id": p.id, "title": p.title, "organisation": p.organisation, "score": match.score}
            )
        elif match.kind == "idea" and match.id not in skip_ideas:
            o = by_idea[match.id]
            found["ideas"].append(
                {"id": o.id, "title": o.title, "table_id": o.table_id, "score": match.score}
            )
    return {key: items[:limit] for key, items in found.items()}


def dismiss(session: Session, actor: Actor, idea: Idea, data: dict) -> IdeaOverlapDismissal:
    """Remember that a hinted project or draft is not related to this idea."""
    project_id, other_id = data.get("project_id"), data.get("idea_id")
    if (project_id is None) == (other_id is None):
        raise ValidationFailed(N_("Send either project_id or idea_id."))
    target = project_id if project_id is not None else other_id
    if not isinstance(target, int) or isinstance(target, bool):
        raise ValidationFailed(N_("Send the id as a number."))
    if project_id is not None and session.get(MappedProject, project_id) is None:
        raise NotFound(N_("No such mapped project."))
    if other_id is not None:
        other = session.get(Idea, other_id)
        if other is None or other.workshop_id != idea.workshop_id or other.id == idea.id:
            raise NotFound(N_("No such idea."))
    dismissal = IdeaOverlapDismissal(
        idea_id=idea.id,
        project_id=project_id,
        other_idea_id=other_id,
        participant_id=actor.id if actor.kind == "participant" else None,
        facilitator_id=actor.id if actor.kind == "facilitator" else None,
    )
    session.add(dismissal)
    return dismissal
