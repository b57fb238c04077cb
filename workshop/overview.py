"""The facilitator's overview of the room: every table by priority, who sits there by
organisation type, the diversity verdict, the ideas' progress, a summary line, and the
clusters of overlapping drafts across tables (workshop/overlap_clusters.py).

`build_overview` is pure (plain data in, a JSON-safe dict out); `load_overview` reads
what it needs from the database in a handful of queries. No Flask here.
"""

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop import overlap, overlap_clusters
from workshop.facilitation import vote_counts
from workshop.models import Idea, Organisation, Participant, Priority, Table, Workshop
from workshop.overlap_clusters import Cluster
from workshop.template import field_keys


@dataclass(frozen=True)
class MemberRow:
    id: int
    name: str
    organisation: str
    organisation_key: str
    org_type: str
    table_id: int | None


@dataclass(frozen=True)
class IdeaRow:
    id: int
    table_id: int | None
    priority_id: int
    title: str
    state: str
    fields: dict
    updated_at: datetime | None
    votes: int


Verdict = Callable[[list[MemberRow]], dict | None]


def completeness(fields: dict, keys: list[str]) -> float:
    """Return the share of template fields that hold any text."""
    if not keys:
        return 0.0
    return sum(1 for key in keys if (fields.get(key) or "").strip()) / len(keys)


def build_overview(
    workshop: dict,
    priorities: list[dict],
    tables: list[dict],
    members: list[MemberRow],
    ideas: list[IdeaRow],
    keys: list[str],
    verdict_of: Verdict | None = None,
    online: set[int] | None = None,
    clusters: Sequence[Cluster] = (),
) -> dict:
    """Return the overview of one workshop."""
    online = online or set()
    members_at: dict[int, list[MemberRow]] = {}
    for member in members:
        if member.table_id is not None:
            members_at.setdefault(member.table_id, []).append(member)
    ideas_at: dict[int, list[IdeaRow]] = {}
    for idea in ideas:
        if idea.table_id is not None:
            ideas_at.setdefault(idea.table_id, []).append(idea)

    flagged = 0
    by_priority: dict[int, list[dict]] = {p["id"]: [] for p in priorities}
    for table in tables:
        seated = members_at.get(table["id"], [])
        verdict = verdict_of(seated) if verdict_of else None
        # Every table whose label is not "Diverse" counts, "Needs people" too: the summary
        # must agree with the labels on the tables.
        if verdict and verdict.get("state") in ("warn", "lacking", "needs_people"):
            flagged += 1
        by_priority.setdefault(table["priority_id"], []).append(
            {
                "id": table["id"],
                "name": table["name"],
                "members": [
                    {
                        "id": m.id,
                        "name": m.name,
                        "organisation": m.organisation,
                        "organisation_key": m.organisation_key,
                        "org_type": m.org_type,
                        "online": m.id in online,
                    }
                    for m in seated
                ],
                "types": dict(Counter(m.org_type for m in seated)),
                "diversity": verdict,
                "ideas": [
                    {
                        "id": i.id,
                        "title": i.title,
                        "state": i.state,
                        "completeness": round(completeness(i.fields or {}, keys), 2),
                        "last_activity": i.updated_at.isoformat() if i.updated_at else None,
                        "votes": i.votes,
                    }
                    for i in ideas_at.get(table["id"], [])
                ],
            }
        )
    return {
        "workshop": workshop,
        "summary": {
            "participants": len(members),
            "organisations": len({m.organisation_key for m in members}),
            "ideas": len(ideas),
            "tables": len(tables),
            "tables_flagged": flagged,
        },
        "priorities": [
            {"id": p["id"], "name": p["name"], "tables": by_priority.get(p["id"], [])}
            for p in priorities
        ],
        "clusters": cluster_rows(clusters, tables, ideas),
    }


def cluster_rows(clusters: Sequence[Cluster], tables: list[dict], ideas: list[IdeaRow]) -> list:
    """Return the clusters of overlapping drafts with each draft's current title and table,
    its drafts in the tables' order; a cluster no longer spanning two tables is left out
    (the clusters may be a few seconds older than the titles and seats)."""
    table_at = {t["id"]: (n, t["name"]) for n, t in enumerate(tables)}
    idea_by_id = {i.id: i for i in ideas}
    rows = []
    for cluster in clusters:
        members = [
            idea_by_id[i]
            for i in cluster.ideas
            if i in idea_by_id and idea_by_id[i].table_id in table_at
        ]
        if len({i.table_id for i in members}) < 2:
            continue
        members.sort(key=lambda i: (table_at[i.table_id][0], i.id))
        rows.append(
            {
                "score": cluster.score,
                "ideas": [
                    {
                        "id": i.id,
                        "title": i.title,
                        "table_id": i.table_id,
                        "table": table_at[i.table_id][1],
                    }
                    for i in members
                ],
            }
        )
    return rows


def load_overview(
    session: Session,
    workshop: Workshop,
    verdict_of: Verdict | None = None,
    online: set[int] | None = None,
    cluster_cache: overlap_clusters.ClusterCache | None = None,
    spaces: overlap_clusters.SpaceCache | None = None,
) -> dict:
    """Read one workshop's overview from the database (seven queries: two of them for the
    clusters, which are recomputed only when the drafts changed). The clusters are kept in
    `cluster_cache` and `spaces` (the app's live state's; fresh ones when not given)."""
    priorities = [
        {"id": p.id, "name": p.name}
        for p in session.scalars(
            sa.select(Priority)
            .where(Priority.workshop_id == workshop.id)
            .order_by(Priority.position, Priority.id)
        )
    ]
    tables = [
        {"id": t.id, "name": t.name, "priority_id": t.priority_id}
        for t in session.scalars(
            sa.select(Table).where(Table.workshop_id == workshop.id).order_by(Table.id)
        )
    ]
    members = member_rows(session, Participant.workshop_id == workshop.id)
    votes = vote_counts(session, workshop.id)
    ideas = [
        IdeaRow(
            i.id,
            i.table_id,
            i.priority_id,
            i.title,
            i.state,
            i.fields or {},
            i.updated_at,
            votes.get(i.id, 0),
        )
        for i in session.scalars(
            sa.select(Idea)
            .where(Idea.workshop_id == workshop.id, Idea.archived_at.is_(None))
            .order_by(Idea.id)
        )
    ]
    header = {"id": workshop.id, "title": workshop.title, "state": workshop.state}
    drafts = [
        overlap_clusters.Draft(i.id, i.table_id, overlap.draft_text(i.fields, i.title))
        for i in ideas
    ]
    return build_overview(
        header,
        priorities,
        tables,
        members,
        ideas,
        field_keys(workshop.settings),
        verdict_of,
        online,
        overlap_clusters.workshop_clusters(
            session,
            workshop,
            drafts,
            overlap_clusters.ClusterCache() if cluster_cache is None else cluster_cache,
            overlap_clusters.SpaceCache() if spaces is None else spaces,
        ),
    )


def member_rows(session: Session, where) -> list[MemberRow]:
    """The people seated by `where` (a condition on Participant) as plain rows, in one
    query: removed and erased people are neither shown nor counted."""
    return [
        MemberRow(*row)
        for row in session.execute(
            sa.select(
                Participant.id,
                Participant.display_name,
                Organisation.name,
                Organisation.normalized_name,
                Participant.org_type,
                Participant.table_id,
            )
            .join(Organisation, Participant.organisation_id == Organisation.id)
            .where(where, Participant.removed_at.is_(None), Participant.erased_at.is_(None))
            .order_by(Participant.id)
        )
    ]
