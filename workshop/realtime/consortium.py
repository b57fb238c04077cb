"""The live consortium of an idea (issue #4, item 5): the organisations its lead and partners
fields name, the helixes they reach, the unknown names (workshop/consortium.py).

- `open_idea`'s ack carries `consortium`, computed from the idea's live document.
- After each projection of an idea's text (at most once a second per idea), its room gets
  `idea_consortium` `{idea_id, consortium}`, only when the summary differs from the last one
  this process sent for that idea.
"""

import logging
import threading
from collections import OrderedDict

from flask import current_app

from workshop.consortium import consortium_summary, known_organisations
from workshop.extensions import db, socketio
from workshop.realtime.rooms import idea_room

log = logging.getLogger(__name__)

MAX_REMEMBERED = 10_000  # ideas whose last summary is kept (oldest forgotten first)

_last: OrderedDict[int, tuple[tuple[str, str], dict]] = OrderedDict()
_lock = threading.Lock()


def open_consortium(idea_id: int, keys: list[str]) -> dict:
    """Return the consortium of the idea's current text (the room is loaded by the sync)."""
    fields = current_app.extensions["aihio_collab"].text_of(idea_id, keys)
    return consortium_summary(fields, known_organisations(db.session))


def _names_of(fields: dict) -> tuple[str, str]:
    return (str(fields.get("lead") or ""), str(fields.get("partners") or ""))


def _unchanged_names(idea_id: int, names: tuple[str, str]) -> bool:
    """Whether the lead and partners text is what this process last summarised: most
    projections change other fields, and then no query is needed."""
    with _lock:
        last = _last.get(idea_id)
        return last is not None and last[0] == names


def _changed(idea_id: int, names: tuple[str, str], summary: dict) -> bool:
    with _lock:
        last = _last.get(idea_id)
        _last[idea_id] = (names, summary)
        _last.move_to_end(idea_id)
        while len(_last) > MAX_REMEMBERED:
            _last.popitem(last=False)
        return last is None or last[1] != summary


def emit_consortium(idea) -> None:
    """After a projection: tell the idea's room its consortium if it changed. Never raises
    (the other announcements of the projection must go out)."""
    try:
        fields = idea.fields or {}
        names = _names_of(fields)
        if _unchanged_names(idea.id, names):
            return
        summary = consortium_summary(fields, known_organisations(db.session))
        if _changed(idea.id, names, summary):
            socketio.emit(
                "idea_consortium",
                {"idea_id": idea.id, "consortium": summary},
                to=idea_room(idea.id),
            )
    except Exception:
        log.exception("consortium of idea %s not sent", getattr(idea, "id", None))
