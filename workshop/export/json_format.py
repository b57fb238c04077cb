"""The complete, versioned JSON export (docs/export-schema.md): everything a later event
needs to continue the same documents, each idea's CRDT state as base64."""

import base64
import json

from workshop.export.data import ExportData, ExportIdea
from workshop.export.strategy_roles import strategy_roles_json

SCHEMA = "aihio-export"
VERSION = 1


def _named(names) -> list[dict]:
    return [
        {
            "text": n.text,
            "organisation_id": n.organisation.id if n.organisation else None,
            "organisation": n.organisation.name if n.organisation else None,
        }
        for n in names
    ]


def _idea(idea: ExportIdea) -> dict:
    return {
        "id": idea.id,
        "priority_id": idea.priority_id,
        "table_id": idea.table_id,
        "table": idea.table_name,
        "state": idea.state,
        "fields": idea.fields,
        "votes": idea.votes,
        "lead": _named(idea.lead),
        "partners": _named(idea.partners),
        "helixes": list(idea.helixes),
        "missing_helixes": list(idea.missing_helixes),
        "seq": idea.seq,
        "damaged": idea.damaged,
        "archived": idea.archived,
        "merged_into_id": idea.merged_into_id,
        "plan_rank": idea.plan_rank,
        "created_at": idea.created_at.isoformat() if idea.created_at else None,
        "updated_at": idea.updated_at.isoformat() if idea.updated_at else None,
        "crdt": {"encoding": "yjs-update-v1", "data": base64.b64encode(idea.snapshot).decode()},
        "related_projects": [
            {
                "id": p.id,
                "title": p.title,
                "organisation": p.organisation,
                "period": p.period,
                "score": p.score,
            }
            for p in idea.related_projects
        ],
        "related_ideas": [
            {
                "id": i.id,
                "title": i.title,
                "table_id": i.table_id,
                "table": i.table,
                "priority_id": i.priority_id,
                "score": i.score,
            }
            for i in idea.related_ideas
        ],
    }


def to_dict(data: ExportData) -> dict:
    """Return the export as JSON-ready data."""
    w = data.workshop
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "generated_at": data.generated_at.isoformat(),
        "workshop": {
            "id": w.id,
            "title": w.title,
            "date": w.date.isoformat() if w.date else None,
            "place": w.place,
            "language": w.language,
            "state": w.state,
            "org_types": w.org_types,
        },
        "template": [f.to_dict() for f in data.template],
        "priorities": [
            {
                "id": p.id,
                "name": p.name,
                "description": p.description,
                "position": p.position,
                "tables": [
                    {"id": t.id, "name": t.name, "capacity": t.capacity, "members": t.members}
                    for t in p.tables
                ],
                "org_mix": p.org_mix,
                "participants": p.participants,
                "ideas": [_idea(i) for i in p.ideas],
            }
            for p in data.priorities
        ],
        "org_mix": data.org_mix,
        "participants": data.participants,
        "organisations": [
            {
                "id": r.id,
                "name": r.name,
                "org_type": r.org_type,
                "leads": [ref.idea_id for ref in r.leads],
                "partner_in": [ref.idea_id for ref in r.partner_in],
            }
            for r in data.organisations
        ],
        "unknown_organisations": data.unknown_organisations,
        "strategy_roles": strategy_roles_json(data.strategy_roles),
        "overlap": {
            "strategy": data.overlap.strategy,
            "mapped_projects": data.overlap.mapped_projects,
            "threshold": data.overlap.threshold,
            "limit": data.overlap.limit,
        }
        if data.overlap is not None
        else None,
        "people": [
            {
                "name": p.name,
                "organisation": p.organisation,
                "org_type": p.org_type,
                "table": p.table,
            }
            for p in data.people
        ]
        if data.people is not None
        else None,
    }


def to_json(data: ExportData) -> bytes:
    return json.dumps(to_dict(data), ensure_ascii=False, indent=1).encode("utf-8")
