"""Overlap hints of an idea: the mapped projects and other drafts it resembles, minus
those marked "not related". Loads from the database, scores with `overlap`. No Flask."""

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop import overlap, overlap_clusters
from workshop.errors import NotFound, ValidationFailed
from workshop.i18n_markers import N_
from workshop.ideas import Actor
from workshop.ids import json_id
from workshop.mapping import strategy_of
from workshop.models import Idea, IdeaOverlapDismissal, MappedProject, Table, Workshop
from workshop.project_status import status_key


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


def related_to(
    session: Session,
    idea: Idea,
    limit: int = 5,
    spaces: overlap_clusters.SpaceCache | None = None,
) -> dict:
    """Return the DESIGN contract `{"projects": [...], "ideas": [...]}`, best first.

    Beyond the contract's keys, a project carries `period`, `status` (as the survey
    wrote it, and `status_key`: running, planned, ended or None) and `link`, and a
    draft its table's name (`table_name`), so that a hint can say where to look.
    Live hints call this while people type: the texts are read as plain rows (no ORM
    objects for every project), the details only for the few matches. `spaces` keeps the
    workshops' TF-IDF spaces between calls (the app's live state's; a fresh one if not
    given)."""
    draft = overlap.draft_text(idea.fields or {}, idea.title)
    if not draft.strip():  # nothing written yet: nothing can resemble it
        return {"projects": [], "ideas": []}
    workshop = session.get(Workshop, idea.workshop_id)
    skip_projects, skip_ideas = dismissed(session, idea)
    projects = session.execute(
        sa.select(MappedProject.id, MappedProject.title, MappedProject.description)
        .where(MappedProject.strategy == strategy_of(workshop))
        .order_by(MappedProject.id)
    ).all()
    others = session.execute(
        sa.select(Idea.id, Idea.title, Idea.fields).where(
            Idea.workshop_id == idea.workshop_id, Idea.id != idea.id
        )
    ).all()
    project_texts = [(p.id, overlap.project_text(p.title, p.description)) for p in projects]
    # The workshop's TF-IDF space, learnt now and then (kept in `spaces`), not for every
    # hint: learning it from all drafts each time cost half the server's CPU. The other
    # drafts are compared by their recent text (`SpaceCache.settled`).
    spaces = overlap_clusters.SpaceCache() if spaces is None else spaces
    other_texts = [
        (o.id, spaces.settled(o.id, overlap.draft_text(o.fields or {}, o.title))) for o in others
    ]
    space = spaces.get(
        workshop.id,
        [draft, *(text for _, text in other_texts)],
        (strategy_of(workshop), overlap_clusters.projects_version(session, strategy_of(workshop))),
        lambda: [text for _, text in project_texts],
    )
    matches = overlap.related(
        draft,
        project_texts,
        other_texts,
        limit=limit + max(len(skip_projects), len(skip_ideas)),
        index=space.index,
    )
    project_ids = [m.id for m in matches if m.kind == "project" and m.id not in skip_projects]
    idea_ids = [m.id for m in matches if m.kind == "idea" and m.id not in skip_ideas]
    scores = {(m.kind, m.id): m.score for m in matches}
    found = {"projects": [], "ideas": []}
    if project_ids := project_ids[:limit]:
        rows = session.scalars(sa.select(MappedProject).where(MappedProject.id.in_(project_ids)))
        by_id = {p.id: p for p in rows}
        found["projects"] = [
            {
                "id": p.id,
                "title": p.title,
                "organisation": p.organisation,
                "period": p.period,
                "status": p.status,
                "status_key": status_key(p.status),  # shown in the reader's language
                "link": p.link,
                "score": scores["project", p.id],
            }
            for p in (by_id[i] for i in project_ids)
        ]
    if idea_ids := idea_ids[:limit]:
        rows = session.execute(
            sa.select(Idea.id, Idea.title, Idea.table_id, Table.name)
            .outerjoin(Table, Table.id == Idea.table_id)
            .where(Idea.id.in_(idea_ids))
        )
        by_id = {row.id: row for row in rows}
        found["ideas"] = [
            {
                "id": o.id,
                "title": o.title,
                "table_id": o.table_id,
                "table_name": o.name or "",
                "score": scores["idea", o.id],
            }
            for o in (by_id[i] for i in idea_ids)
        ]
    return found


def dismiss(
    session: Session, actor: Actor, idea: Idea, data: dict, other_key: str = "idea_id"
) -> IdeaOverlapDismissal:
    """Remember that a hinted project (`project_id`) or draft is not related to this idea.

    `other_key` names the other draft's id in `data`: `idea_id` over REST (where the idea
    is in the URL), `other_idea_id` over the socket (where `idea_id` names this idea).
    Errors name the field to fix. Dismissing the same hint again adds nothing."""
    project_id, other_id = data.get("project_id"), data.get(other_key)
    if (project_id is None) == (other_id is None):
        one_of = N_("Send exactly one of the two ids.")
        raise ValidationFailed(
            N_("Send either project_id or %(key)s."),
            fields={"project_id": one_of, other_key: one_of},
            key=other_key,
        )
    key = "project_id" if project_id is not None else other_key
    if json_id(data[key]) is None:
        raise ValidationFailed(N_("Send the id as a number."), fields={key: N_("Send a number.")})
    if project_id is not None:
        project = session.get(MappedProject, project_id)
        workshop = session.get(Workshop, idea.workshop_id)
        if project is None or project.strategy != strategy_of(workshop):
            raise NotFound(
                N_("No such mapped project."),
                fields={"project_id": N_("Choose a project from the hints.")},
            )
    else:
        other = session.get(Idea, other_id)
        if other is None or other.workshop_id != idea.workshop_id or other.id == idea.id:
            raise NotFound(
                N_("No such idea."), fields={other_key: N_("Choose an idea of this workshop.")}
            )
    existing = session.scalars(
        sa.select(IdeaOverlapDismissal).where(
            IdeaOverlapDismissal.idea_id == idea.id,
            IdeaOverlapDismissal.project_id == project_id
            if project_id is not None
            else IdeaOverlapDismissal.other_idea_id == other_id,
        )
    ).first()
    if existing is not None:
        return existing
    dismissal = IdeaOverlapDismissal(
        idea_id=idea.id,
        project_id=project_id,
        other_idea_id=other_id,
        participant_id=actor.id if actor.kind == "participant" else None,
        facilitator_id=actor.id if actor.kind == "facilitator" else None,
    )
    session.add(dismissal)
    return dismissal
