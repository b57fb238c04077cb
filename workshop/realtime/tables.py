"""Table events: sit at (or watch) a table, and its live state for everyone there.

A change of who sits where is sent at once. A change of a table's voice (characters per
organisation, after each projection of a draft's text) is only marked: `TableStates` sends
each marked table's state at most every VOICE_EVERY seconds, so that typing at twenty
tables does not rebuild twenty table states a second (issue 12, part 3)."""

import logging
import threading

from flask import request
from flask_socketio import join_room, leave_room

from workshop import joining
from workshop.extensions import db, socketio
from workshop.ideas import check_member, get_table, table_ideas
from workshop.live import live_state
from workshop.models import Participant, Table
from workshop.overview import member_rows
from workshop.realtime.diversity_view import verdict_for, voice_for
from workshop.realtime.events import client_event
from workshop.realtime.overview import publisher
from workshop.realtime.rooms import table_room

log = logging.getLogger(__name__)
VOICE_EVERY = 2.0  # seconds between a table's voice refreshes while its drafts are typed


class TableStates:
    """Sends the state of tables whose voice changed, one background task, one tick."""

    def __init__(self, app, every: float = VOICE_EVERY) -> None:
        self.app = app
        self.every = every
        self.dirty: set[int] = set()
        self._lock = threading.Lock()
        self._task = None

    def mark(self, table_id: int) -> None:
        with self._lock:
            self.dirty.add(table_id)
            if self._task is None:
                self._task = socketio.start_background_task(self._run)

    def _run(self) -> None:
        while True:
            socketio.sleep(self.every)
            with self._lock:
                dirty, self.dirty = self.dirty, set()
            for table_id in sorted(dirty):
                try:
                    with self.app.app_context():
                        emit_table_state(table_id)
                except Exception:
                    log.exception("table state of table %s failed", table_id)
                finally:
                    with self.app.app_context():
                        db.session.remove()


def table_state(table: Table) -> dict:
    """Return who sits at the table, who is online and which idea each has open."""
    online: dict[int, set[int]] = {}
    for seen in live_state().presence.in_workshop(table.workshop_id):  # every process's
        if seen.kind == "participant" and seen.table_id == table.id:
            online.setdefault(seen.actor_id, set()).update(seen.idea_ids)
    rows = member_rows(db.session, Participant.table_id == table.id)  # one plain query
    workshop = table.workshop
    return {
        "table_id": table.id,
        "members": [
            {
                "id": row.id,
                "name": row.name,
                "organisation": row.organisation,
                "org_type": row.org_type,
                "table_id": row.table_id,
                "online": row.id in online,
                "idea_ids": sorted(online.get(row.id, ())),
            }
            for row in rows
        ],
        "diversity": verdict_for(workshop)(rows),
        "voice": voice_for(db.session, workshop, table.id, rows),
    }


def emit_table_state(table_id: int) -> None:
    table = db.session.get(Table, table_id)
    if table is not None:
        socketio.emit("table_state", table_state(table), to=table_room(table_id))


@client_event("join_table")
def on_join_table(connection, payload):
    """Sit at a table (participants) or watch it (its facilitator); answer its state."""
    table = get_table(db.session, payload.get("table_id"))
    check_member(db.session, connection.actor, table.workshop)
    previous = connection.table_id
    if connection.actor.kind == "participant":
        participant = db.session.get(Participant, connection.actor.id)
        joining.sit_at_table(db.session, participant, table.id)
        db.session.commit()
    if previous is not None and previous != table.id:
        leave_room(table_room(previous))
    connection.table_id = table.id
    connection.editable.clear()
    join_room(table_room(table.id))
    state = table_state(table)
    socketio.emit("table_state", state, to=table_room(table.id), skip_sid=request.sid)
    if previous is not None and previous != table.id:
        emit_table_state(previous)
    publisher().mark(table.workshop_id)
    return {
        "table": table.to_dict(),
        "members": state["members"],
        "diversity": state["diversity"],
        "voice": state["voice"],
        "ideas": [idea.to_dict() for idea in table_ideas(db.session, table.id)],
    }
