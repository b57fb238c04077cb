"""Idea events: create, open (sync by state vector), update (durable before the ack),
awareness, close, mark ready."""

import base64

from flask import request
from flask_socketio import join_room, leave_room

from workshop import ideas
from workshop.errors import ValidationFailed
from workshop.extensions import db, socketio
from workshop.i18n_markers import N_
from workshop.ids import json_id
from workshop.live import live_state
from workshop.process.carry import carry_dict, provenance
from workshop.realtime.consortium import open_consortium
from workshop.realtime.events import client_event
from workshop.realtime.hints import publisher as hints_publisher
from workshop.realtime.overview import publisher
from workshop.realtime.rooms import idea_room, table_room
from workshop.realtime.tables import emit_table_state

AWARENESS_MAX_BYTES = 4096


def emit_ideas_changed(table_id: int | None, change: str, idea) -> None:
    publisher().mark(idea.workshop_id)
    if table_id is not None:
        socketio.emit(
            "ideas_changed",
            {"table_id": table_id, "change": change, "idea": idea.to_dict()},
            to=table_room(table_id),
        )


def update_from(value) -> bytes | None:
    """An update as the client sent it: base64 text (one WebSocket frame, what the browser
    sends) or binary (a Socket.IO attachment: two frames); None if it is neither."""
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    if isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except ValueError:  # binascii.Error: not base64
            return None
    return None


def update_to_wire(update: bytes) -> str:
    """An update as idea_update carries it: base64 text, one frame per receiver."""
    return base64.b64encode(update).decode("ascii")


def _bytes_or_none(payload: dict, key: str) -> bytes | None:
    value = payload.get(key)
    if value is None:
        return None
    if not isinstance(value, bytes | bytearray):
        raise ValidationFailed(
            N_("Send %(key)s as binary data."), fields={key: N_("Send binary data.")}, key=key
        )
    return bytes(value)


@client_event("create_idea")
def on_create_idea(connection, payload):
    """Start an idea at a table; everyone there sees the list change."""
    table = ideas.get_table(db.session, payload.get("table_id"))
    ideas.check_at_table(db.session, connection.actor, table)
    idea = ideas.create_idea(
        db.session, connection.actor, table, ideas.clean_title(payload.get("title"))
    )
    db.session.commit()
    emit_ideas_changed(table.id, "created", idea)
    return {"idea": idea.to_dict()}


@client_event("open_idea")
def on_open_idea(connection, payload):
    """Join the idea's room and sync both ways: answer what the client lacks and the
    server's state vector, so the client can send what the server lacks."""
    idea = ideas.get_idea(db.session, payload.get("idea_id"))
    ideas.check_can_read(db.session, connection.actor, idea)
    if "state_vector" not in payload:
        raise ValidationFailed(
            N_("Send state_vector (binary, or null for an empty document)."),
            fields={"state_vector": N_("Missing.")},
        )
    state_vector = _bytes_or_none(payload, "state_vector")
    keys = ideas.keys_of(db.session, idea)
    update, server_state = live_state().collab.sync(idea.id, keys, state_vector)
    live_state().collab.join(idea.id, keys, request.sid)
    join_room(idea_room(idea.id))
    connection.idea_ids.add(idea.id)
    if connection.table_id is not None:
        emit_table_state(connection.table_id)
    return {
        "idea_id": idea.id,
        "update": update,
        "state_vector": server_state,
        "fields": keys,
        "consortium": open_consortium(idea.id, keys),  # lead/partners matched, helixes
        "related": hints_publisher().opened(db.session, idea),  # or None: follows as an event
        # Where a carried draft came from ("Kemi sprint, table 2.1, 5 votes"), oldest first.
        "carried_from": [carry_dict(r) for r in provenance(db.session, idea.id)],
    }


@client_event("update_idea")
def on_update_idea(connection, payload):
    """Make the update durable, then acknowledge with its seq (broadcast follows)."""
    idea_id = json_id(payload.get("idea_id"))  # not true, which would hash as idea 1
    cached = connection.editable.get(idea_id) if idea_id else None
    if cached is None:
        idea = ideas.get_idea(db.session, payload.get("idea_id"))
        ideas.check_can_edit(db.session, connection.actor, idea)
        cached = (ideas.keys_of(db.session, idea), ideas.author_of(db.session, connection.actor))
        connection.editable[idea.id] = cached
        idea_id = idea.id
    update = update_from(payload.get("update"))
    if not update:
        raise ValidationFailed(
            N_("Send update as base64 text or binary data."),
            fields={"update": N_("Send base64 text or binary data.")},
        )
    keys, author = cached
    db.session.remove()  # hold no transaction while waiting for the group commit
    seq = live_state().collab.submit(idea_id, keys, update, author, request.sid)
    return {"idea_id": idea_id, "seq": seq}


def hot_update_idea(state, connection, payload, sid):
    """update_idea once the connection may edit the idea (`connection.editable`), without
    a Flask context (events.serve_hot); None sends it the usual way (first use, bad input)."""
    idea_id, update = payload.get("idea_id"), update_from(payload.get("update"))
    cached = connection.editable.get(idea_id) if type(idea_id) is int else None
    if cached is None or not update:
        return None
    keys, author = cached

    def work():
        return {"idea_id": idea_id, "seq": state.collab.submit(idea_id, keys, update, author, sid)}

    return work


@client_event("update_awareness")
def on_update_awareness(connection, payload):
    """Relay cursors and names (an encoded awareness update) to the idea's room."""
    idea_id = json_id(payload.get("idea_id"))
    if idea_id not in connection.idea_ids:
        ideas.get_idea(db.session, payload.get("idea_id"))  # not_found, or invalid
        raise ValidationFailed(N_("Open the idea first."), fields={"idea_id": N_("Open it first.")})
    state = _bytes_or_none(payload, "state")
    if state is None or len(state) > AWARENESS_MAX_BYTES:
        raise ValidationFailed(
            N_("Send state as binary awareness data of at most 4 KB."),
            fields={"state": N_("Binary, at most 4 KB.")},
        )
    socketio.emit(
        "awareness",
        {"idea_id": idea_id, "states": state},
        to=idea_room(idea_id),
        skip_sid=request.sid,
    )
    return {}


@client_event("close_idea")
def on_close_idea(connection, payload):
    idea_id = json_id(payload.get("idea_id"))
    if idea_id in connection.idea_ids:
        connection.idea_ids.discard(idea_id)
        leave_room(idea_room(idea_id))
        live_state().collab.leave(idea_id, request.sid)
        if connection.table_id is not None:
            emit_table_state(connection.table_id)
    return {}


@client_event("set_idea_state")
def on_set_idea_state(connection, payload):
    """Mark an idea ready (or back to draft); the table sees the list change."""
    idea = ideas.get_idea(db.session, payload.get("idea_id"))
    ideas.check_can_edit(db.session, connection.actor, idea)
    ideas.set_state(idea, payload.get("state"))
    db.session.commit()
    emit_ideas_changed(idea.table_id, "state", idea)
    return {"idea": idea.to_dict()}
