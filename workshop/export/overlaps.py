"""Overlaps of the exported ideas: each idea's related mapped projects and the overlapping
drafts at other tables of the workshop, above the threshold and without the pairs marked
"not related", scored for all ideas at once (workshop/overlap_clusters.py: one TF-IDF space
and one matrix product, never a loop of `related()` calls)."""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from workshop import mapping, overlap, overlap_clusters
from workshop.models import Workshop

LIMIT = 5  # of each kind per idea, as the overlap hints show


@dataclass
class RelatedProject:
    id: int
    title: str
    organisation: str
    period: str
    score: float


@dataclass
class RelatedIdea:
    id: int
    title: str
    table_id: int | None
    table: str
    priority_id: int
    priority: str
    score: float


@dataclass
class OverlapSummary:
    strategy: str
    mapped_projects: int  # how many mapped projects the ideas were compared with
    threshold: float
    limit: int


def add_overlaps(
    session: Session, workshop: Workshop, ideas: list, priority_names: dict[int, str]
) -> OverlapSummary:
    """Fill each idea's `related_projects` and `related_ideas` (ExportIdea objects of one
    workshop, all of them: an idea may overlap with one of another priority)."""
    strategy = mapping.strategy_of(workshop)
    projects = overlap_clusters.mapped_projects(session, strategy)
    dismissed_projects, dismissed_ideas = overlap_clusters.dismissals(session, workshop.id)
    found = overlap_clusters.related_all(
        [overlap_clusters.Draft(i.id, i.table_id, overlap.draft_text(i.fields)) for i in ideas],
        [(p.id, overlap.project_text(p.title, p.description or "")) for p in projects],
        dismissed_projects,
        dismissed_ideas,
        limit=LIMIT,
    )
    project_by_id = {p.id: p for p in projects}
    idea_by_id = {i.id: i for i in ideas}
    for idea in ideas:
        related = found.get(idea.id)
        if related is None:
            continue
        idea.related_projects = [
            RelatedProject(
                m.id,
                project_by_id[m.id].title,
                project_by_id[m.id].organisation or "",
                project_by_id[m.id].period or "",
                m.score,
            )
            for m in related.projects
        ]
        idea.related_ideas = [
            RelatedIdea(
                m.id,
                idea_by_id[m.id].title,
                idea_by_id[m.id].table_id,
                idea_by_id[m.id].table_name,
                idea_by_id[m.id].priority_id,
                priority_names.get(idea_by_id[m.id].priority_id, ""),
                m.score,
            )
            for m in related.ideas
        ]
    return OverlapSummary(strategy, len(projects), overlap.THRESHOLD, LIMIT)
