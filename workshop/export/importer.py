"""Continue at the next event: a JSON export becomes a NEW workshop of the importing
facilitator, with its priorities, tables, template and ideas, each idea's CRDT state
written as the first entry of its log so co-editing continues the same document.

Everything is checked before anything is added; the caller commits once (one transaction).
"""

import base64
import binascii

from pycrdt import Doc
from sqlalchemy.orm import Session

from workshop.collab.document import encoded, load_tolerant, read_fields, round_trips
from workshop.errors import ValidationFailed
from workshop.export.json_format import SCHEMA, VERSION
from workshop.i18n_markers import N_
from workshop.models import Facilitator, Idea, IdeaState, IdeaUpdate, Priority, Table, Workshop
from workshop.payloads import NOT_JSON, UnreadablePayload, loads
from workshop.template import validate_template
from workshop.workshops import (
    TABLE_NAME_MAX,
    create_workshop,
    validate_priority,
    validate_workshop,
)


class ImportRejected(ValidationFailed):
    """The file is not an Aihio export this version can read; nothing was written."""


def _reject(where: str) -> ImportRejected:
    return ImportRejected(
        N_("The export file is damaged at %(where)s. Nothing was imported."), where=where
    )


def parse(raw: bytes | str) -> dict:
    """Return the export's data, or raise ImportRejected when it is not one we read."""
    try:
        data = loads(raw)
    except UnreadablePayload as error:
        if error.message == NOT_JSON:
            raise ImportRejected(
                N_("The file is not JSON. Choose an Aihio export (.json).")
            ) from None
        raise ImportRejected(error.message) from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ImportRejected(N_("The file is not an Aihio export. Nothing was imported."))
    if data.get("version") != VERSION:
        raise ImportRejected(
            N_(
                "This Aihio export has version %(version)s; this server reads version %(supported)s."
            ),
            version=str(data.get("version")),
            supported=VERSION,
        )
    return data


def _doc_from(crdt: object, where: str) -> tuple[bytes, Doc]:
    if not isinstance(crdt, dict) or crdt.get("encoding") != "yjs-update-v1":
        raise _reject(where)
    try:
        update = base64.b64decode(crdt.get("data") or "", validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise _reject(where) from None
    if not update:
        raise _reject(where)
    # The file's update must load as a whole and encode back to itself: the snapshot
    # written is the document's own encoding, never bytes that load only in part.
    loaded = load_tolerant([update])
    if loaded.rejected or not round_trips(loaded.doc):
        raise _reject(where)
    return encoded(loaded.doc), loaded.doc


def _checked(data: dict) -> tuple:
    """Validate the whole file; return what to write."""
    w = data.get("workshop")
    if not isinstance(w, dict):
        raise _reject("workshop")
    try:
        details = validate_workshop({**w, "date": w.get("date") or None})
        template = validate_template(data.get("template"))
    except ValidationFailed:
        raise _reject("workshop") from None
    keys = [f["key"] for f in template]
    priorities = data.get("priorities")
    if not isinstance(priorities, list):
        raise _reject("priorities")
    plan = []
    for i, p in enumerate(priorities):
        if (
            not isinstance(p, dict)
            or not isinstance(p.get("tables"), list)
            or not isinstance(p.get("ideas"), list)
        ):
            raise _reject(f"priorities[{i}]")
        try:
            clean = validate_priority({**p, "tables": 0}, default_position=i + 1)
        except ValidationFailed:
            raise _reject(f"priorities[{i}]") from None
        tables = []
        for j, t in enumerate(p["tables"]):
            name = " ".join(str(t.get("name") or "").split()) if isinstance(t, dict) else ""
            if not name or len(name) > TABLE_NAME_MAX:
                raise _reject(f"priorities[{i}].tables[{j}]")
            capacity = t.get("capacity")
            tables.append((t.get("id"), name, capacity if isinstance(capacity, int) else None))
        ideas = []
        for j, idea in enumerate(p["ideas"]):
            where = f"priorities[{i}].ideas[{j}]"
            if not isinstance(idea, dict):
                raise _reject(where)
            update, doc = _doc_from(idea.get("crdt"), where)
            state = (
                idea.get("state") if idea.get("state") in set(IdeaState) else IdeaState.DRAFT.value
            )
            ideas.append((idea.get("table_id"), state, update, read_fields(doc, keys)))
        plan.append((clean, tables, ideas))
    return details, template, plan


def import_workshop(session: Session, owner: Facilitator, raw: bytes | str) -> Workshop:
    """Add the export as a new workshop of `owner` (not committed); raise ImportRejected."""
    details, template, plan = _checked(parse(raw))
    workshop = create_workshop(session, owner, details)
    workshop.settings = {**workshop.settings, "template": template}
    session.flush()
    for clean, tables, ideas in plan:
        priority = Priority(name=clean.name, description=clean.description, position=clean.position)
        workshop.priorities.append(priority)
        new_tables = {}
        for old_id, name, capacity in tables:
            table = Table(name=name, capacity=capacity, workshop=workshop)
            priority.tables.append(table)
            new_tables[old_id] = table
        session.flush()
        for old_table, state, update, texts in ideas:
            table = new_tables.get(old_table)
            idea = Idea(
                workshop_id=workshop.id,
                priority_id=priority.id,
                table_id=table.id if table else None,
                state=state,
                title=(texts.get("title") or "").strip()[:200],
                fields=texts,
                last_seq=1,
                projected_seq=1,
            )
            session.add(idea)
            session.flush()
            session.add(IdeaUpdate(idea_id=idea.id, seq=1, data=update))
    session.flush()
    return workshop
