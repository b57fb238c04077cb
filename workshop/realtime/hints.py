"""Live overlap hints (issue #7): while a table drafts, everyone who has an idea open is
told which mapped projects and other drafts its text resembles (`idea_related`), and may
mark a hint "not related" (`dismiss_related`, remembered).

A computation costs tens of milliseconds of CPU (`hints.related_to`, docs/overlap.md) on a
server that co-editing already keeps busy (docs/performance.md), so it is throttled hard.
An idea's hints are recomputed only
- when its projected draft text (title + need + goals + actions) changed since the last
  computation,
- while someone has the idea open (in this process), and
- at most once every HINT_EVERY seconds; a change inside the interval is computed at its
  end, so the last words typed still count.
ONE background task does the computations, one idea at a time, yielding between them: the
projection path only notes that an idea is due, and a burst (everyone reconnecting after a
restart) is spread out instead of blocking the loop at once.
"""

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from workshop import hints, ideas, overlap
from workshop.extensions import db, socketio
from workshop.live import live_state
from workshop.models import Idea
from workshop.realtime.events import client_event
from workshop.realtime.overview import publisher as overview_publisher
from workshop.realtime.rooms import idea_room

log = logging.getLogger(__name__)
TICK = 0.25  # seconds: how soon the task notices an idea that became due meanwhile
BUSY_TICK = 0.05  # seconds: how long a due hint waits while co-editing updates queue
KNOWN_MAX = 5000  # ideas whose last hints are kept (least recently computed dropped)


@dataclass
class Known:
    text: str  # the draft text the hints were computed from
    related: dict  # {"projects": [...], "ideas": [...]}, as hints.related_to returns it
    at: float  # monotonic time of the computation


class HintPublisher:
    """Computes and sends the hints of this process's open ideas (see the module's text)."""

    def __init__(self, app, every: float) -> None:
        self.app = app
        self.every = every
        self.known: OrderedDict[int, Known] = OrderedDict()
        self.due: dict[int, float] = {}  # idea id -> monotonic time its computation is due
        # idea id -> (project ids, idea ids) dismissed through this process since it started
        self.gone: dict[int, tuple[set[int], set[int]]] = {}
        self._lock = threading.Lock()
        self._running = False

    # -- entry points: cheap, they only note what is due ---------------------------------

    def projected(self, idea: Idea) -> None:
        """An idea's text was projected (at most once a second): is a computation due?"""
        if self.watched(idea.id):
            self.schedule(idea.id, overlap.draft_text(idea.fields or {}, idea.title))

    def opened(self, session, idea: Idea) -> dict | None:
        """Return the hints for an open_idea ack: the last ones computed, without what has
        been dismissed since; None when none are known yet. When the text has changed
        since, a computation is scheduled and its result follows as `idea_related`."""
        self.schedule(idea.id, overlap.draft_text(idea.fields or {}, idea.title))
        with self._lock:
            known = self.known.get(idea.id)
        if known is None:
            return None
        projects, others = hints.dismissed(session, idea)  # also those dismissed over REST
        return without(known.related, projects, others)

    def dismissed(self, idea_id: int, project_id: int | None, other_id: int | None) -> None:
        """Drop a dismissed hint from the known ones and tell the rooms. A pair of drafts
        is dismissed both ways, so the other draft's hints lose this one too."""
        changes = [(idea_id, {project_id} - {None}, {other_id} - {None})]
        if other_id is not None:
            changes.append((other_id, set(), {idea_id}))
        for target, projects, others in changes:
            with self._lock:
                gone = self.gone.setdefault(target, (set(), set()))
                gone[0].update(projects)
                gone[1].update(others)
                known = self.known.get(target)
                if known is not None:
                    known.related = without(known.related, projects, others)
            if known is not None:
                emit(target, known.related)

    def schedule(self, idea_id: int, text: str) -> None:
        """Note that the idea's hints are due: now, or when its interval ends."""
        now = time.monotonic()
        with self._lock:
            known = self.known.get(idea_id)
            if idea_id in self.due or (known is not None and known.text == text):
                return
            self.due[idea_id] = max(now, known.at + self.every) if known else now
            if self._running:
                return
            self._running = True
        socketio.start_background_task(self._run)

    def collab(self):
        return live_state(self.app).collab

    def watched(self, idea_id: int) -> bool:
        """Does anyone have the idea open on this process?"""
        room = self.collab().rooms.get(idea_id)
        return room is not None and bool(room.members)

    # -- the background task -------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self.due:
                    self._running = False
                    return
                idea_id, at = min(self.due.items(), key=lambda item: item[1])
                now = time.monotonic()
                wait = at - now
                # Typing comes first: while updates wait for the committer, a hint waits
                # too (a tick at a time), but never more than one interval.
                if wait <= 0 and now - at < self.every and self.collab().busy():
                    wait = BUSY_TICK
                if wait <= 0:
                    del self.due[idea_id]
            if wait > 0:
                socketio.sleep(min(wait, TICK))
                continue
            try:
                self._compute(idea_id)
            except Exception:
                log.exception("hints of idea %s failed", idea_id)
            socketio.sleep(0)  # let the others run between two computations

    def _compute(self, idea_id: int) -> None:
        with self.app.app_context():
            try:
                if not self.watched(idea_id):
                    return
                idea = db.session.get(Idea, idea_id)
                if idea is None:
                    return
                text = overlap.draft_text(idea.fields or {}, idea.title)
                with self._lock:
                    known = self.known.get(idea_id)
                if known is not None and known.text == text:
                    return
                related = hints.related_to(db.session, idea, spaces=live_state(self.app).spaces)
            finally:
                db.session.remove()
        with self._lock:
            # A dismissal may have been committed while the computation read the database
            # (PostgreSQL I/O lets other greenlets run): it must not come back.
            projects, others = self.gone.get(idea_id, (set(), set()))
            related = without(related, projects, others)
            self.known[idea_id] = Known(text, related, time.monotonic())
            self.known.move_to_end(idea_id)
            while len(self.known) > KNOWN_MAX:
                forgotten, _ = self.known.popitem(last=False)
                self.gone.pop(forgotten, None)
        emit(idea_id, related)


def without(related: dict, projects: set[int], others: set[int]) -> dict:
    """Return the hints without the given project ids and idea ids."""
    return {
        "projects": [p for p in related["projects"] if p["id"] not in projects],
        "ideas": [i for i in related["ideas"] if i["id"] not in others],
    }


def emit(idea_id: int, related: dict) -> None:
    socketio.emit("idea_related", {"idea_id": idea_id, **related}, to=idea_room(idea_id))


def publisher() -> HintPublisher:
    return live_state().hints


def announce_dismissal(dismissal, workshop_id: int) -> None:
    """After a dismissal is committed (socket or REST): the rooms of the idea (and of the
    other draft) stop showing the hint, and the overview's clusters are rebuilt."""
    publisher().dismissed(dismissal.idea_id, dismissal.project_id, dismissal.other_idea_id)
    overview_publisher().mark(workshop_id)


@client_event("dismiss_related")
def on_dismiss_related(connection, payload):
    """Mark a hinted project (`project_id`) or draft (`other_idea_id`) "not related" to an
    idea; remembered, and everyone with the idea open stops seeing it."""
    idea = ideas.get_idea(db.session, payload.get("idea_id"))
    ideas.check_can_read(db.session, connection.actor, idea)
    dismissal = hints.dismiss(db.session, connection.actor, idea, payload, "other_idea_id")
    db.session.commit()
    announce_dismissal(dismissal, idea.workshop_id)
    return {
        "idea_id": dismissal.idea_id,
        "project_id": dismissal.project_id,
        "other_idea_id": dismissal.other_idea_id,
    }
