"""The live overview: marks workshops whose overview changed and sends it to the
overview room at most twice a second, built once per tick however many changes.

The clusters of overlapping drafts in it are recomputed at most every few seconds
(workshop/overlap_clusters.py); an overview built with clusters older than the drafts asks
for one more build when the new ones may be computed, so that the last edits show."""

import logging
import threading
import time

from workshop.extensions import db, socketio
from workshop.live import live_state
from workshop.models import Workshop
from workshop.overview import load_overview
from workshop.realtime.rooms import overview_room

log = logging.getLogger(__name__)
INTERVAL = 0.5  # seconds: at most two overview updates a second per viewer


class OverviewPublisher:
    def __init__(self, app) -> None:
        self.app = app
        self.dirty: set[int] = set()
        self.later: dict[int, float] = {}  # workshop id -> monotonic time to build it again
        self._lock = threading.Lock()
        self._task = None

    def watched(self, workshop_id: int) -> bool:
        """Whether a screen in any process shows the overview (else nothing is built)."""
        return live_state(self.app).presence.watched(workshop_id)

    def mark(self, workshop_id: int | None) -> None:
        """Note that this workshop's overview changed; it is sent on the next tick."""
        if workshop_id is None or not self.watched(workshop_id):
            return
        with self._lock:
            self.dirty.add(workshop_id)
            if self._task is None:
                self._task = socketio.start_background_task(self._run)

    def mark_later(self, workshop_id: int, delay: float) -> None:
        """Note that this workshop's overview should be sent again in `delay` seconds."""
        if not self.watched(workshop_id):
            return
        with self._lock:
            due = time.monotonic() + delay
            self.later[workshop_id] = min(due, self.later.get(workshop_id, due))
            if self._task is None:
                self._task = socketio.start_background_task(self._run)

    def _run(self) -> None:
        while True:
            socketio.sleep(INTERVAL)
            with self._lock:
                now = time.monotonic()
                due_now = [w for w, due in self.later.items() if due <= now]
                for workshop_id in due_now:
                    del self.later[workshop_id]
                dirty, self.dirty = self.dirty | set(due_now), set()
            for workshop_id in dirty:
                try:
                    with self.app.app_context():
                        socketio.emit("overview", build(workshop_id), to=overview_room(workshop_id))
                except Exception:
                    log.exception("overview of workshop %s failed", workshop_id)
                finally:
                    with self.app.app_context():
                        db.session.remove()


def publisher() -> OverviewPublisher:
    return live_state().overview


def build(workshop_id: int) -> dict:
    """Return the overview of a workshop as the facilitator and the projector see it."""
    from workshop.realtime.diversity_view import add_voices, verdict_for

    state = live_state()
    workshop = db.session.get(Workshop, workshop_id)
    online = {
        seen.actor_id
        for seen in state.presence.in_workshop(workshop_id)  # every process's connections
        if seen.kind == "participant" and seen.workshop_id == workshop_id
    }
    overview = load_overview(
        db.session, workshop, verdict_for(workshop), online, state.clusters, state.spaces
    )
    wait = state.clusters.retry_in(workshop_id)
    if wait is not None:
        publisher().mark_later(workshop_id, wait)
    return add_voices(db.session, workshop, overview)
