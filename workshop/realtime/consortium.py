"""The live consortium of an idea (issue #4, item 5): the organisations its lead and partners
fields name, the helixes they reach, the unknown names (workshop/consortium.py).

- `open_idea`'s ack carries `consortium`, computed from the idea's live document.
- After each projection of an idea's text (at most once a second per idea), its room gets
  `idea_consortium` `{idea_id, consortium}`, only when the summary differs from the last one
  this process sent for that idea (remembered in the app's live state, workshop/live.py).
"""

import logging

from workshop.consortium import consortium_summary, known_organisations
from workshop.extensions import db, socketio
from workshop.live import live_state
from workshop.realtime.rooms import idea_room

log = logging.getLogger(__name__)


def open_consortium(idea_id: int, keys: list[str]) -> dict:
    """Return the consortium of the idea's current text (the room is loaded by the sync)."""
    fields = live_state().collab.text_of(idea_id, keys)
    return consortium_summary(fields, known_organisations(db.session))


def _names_of(fields: dict) -> tuple[str, str]:
    return (str(fields.get("lead") or ""), str(fields.get("partners") or ""))


def emit_consortium(idea) -> None:
    """After a projection: tell the idea's room its consortium if it changed. Never raises
    (the other announcements of the projection must go out).

    Most projections change other fields than lead and partners: then no query is needed."""
    try:
        last = live_state().consortium
        fields = idea.fields or {}
        names = _names_of(fields)
        if last.unchanged_names(idea.id, names):
            return
        summary = consortium_summary(fields, known_organisations(db.session))
        if last.changed(idea.id, names, summary):
            socketio.emit(
                "idea_consortium",
                {"idea_id": idea.id, "consortium": summary},
                to=idea_room(idea.id),
            )
    except Exception:
        log.exception("consortium of idea %s not sent", getattr(idea, "id", None))
