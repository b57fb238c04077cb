"""The live state of one app and the service layer the edges call (issue 12, part 1).

Everything that lives between requests in a server process — the socket connections, the
live documents, the overview and hint publishers, the socket rate limit and the caches of
consortium summaries, TF-IDF indexes, draft spaces and clusters — hangs on ONE `LiveState`,
created by `create_app` and stored as `app.extensions["aihio_live"]`. Nothing of it is a
module global: two apps in one process (the tests run many) share nothing, and the state
that point 2 of the issue moves to Redis is all in one place.

HTTP views, the REST API and the CLI call the functions below; they never import the
socket layer (`workshop.realtime`), which registers its handlers and plugs its emitting
side in as the state's `announcer` (workshop/realtime/announcer.py).
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from flask import Flask, current_app

from workshop import agenda, hints, overlap, overlap_clusters
from workshop.consortium import LastSummaries


class Announcer(Protocol):
    """What the socket layer does when the edges change live things."""

    def overview_changed(self, workshop_id: int | None) -> None: ...

    def overview(self, workshop_id: int) -> dict: ...

    def participant_left(
        self, participant_id: int, workshop_id: int, table_id: int | None
    ) -> None: ...

    def everyone_gone(self, participant_ids: list[int], workshop_ids: list[int]) -> None: ...

    def hint_dismissed(self, dismissal, workshop_id: int) -> None: ...


@dataclass(eq=False)
class LiveState:
    """One app's live state. The socket layer fills in its parts at `init_app`."""

    # socket id -> workshop.realtime.connection.Connection (who, where, how fast)
    connections: dict[str, Any] = field(default_factory=dict)
    indexes: overlap.IndexCache = field(default_factory=overlap.IndexCache)
    clusters: overlap_clusters.ClusterCache = field(default_factory=overlap_clusters.ClusterCache)
    # the workshops' draft spaces, for the overview's clusters and the live hints alike
    spaces: overlap_clusters.SpaceCache | None = None  # made in __post_init__, on `indexes`
    consortium: LastSummaries = field(default_factory=LastSummaries)
    collab: Any = None  # workshop.collab.service.CollabService
    overview: Any = None  # workshop.realtime.overview.OverviewPublisher
    hints: Any = None  # workshop.realtime.hints.HintPublisher
    table_states: Any = None  # workshop.realtime.tables.TableStates (voices, throttled)
    rate_limit: Any = None  # workshop.realtime.connection.RateLimit
    # who is connected where, in every process: workshop.realtime.presence
    presence: Any = None
    announcer: Announcer | None = None

    def __post_init__(self) -> None:
        if self.spaces is None:
            self.spaces = overlap_clusters.SpaceCache(indexes=self.indexes)


def init_app(app: Flask) -> LiveState:
    """Create this app's live state (before the socket layer plugs into it)."""
    state = LiveState()
    app.extensions["aihio_live"] = state
    return state


def live_state(app: Flask | None = None) -> LiveState:
    """Return the live state of `app`, or of the current app."""
    return (app or current_app).extensions["aihio_live"]


def _announcer(app: Flask | None = None) -> Announcer:
    return live_state(app).announcer


# -- the service the edges call ---------------------------------------------------------------


def overview_changed(workshop_id: int | None) -> None:
    """A workshop's overview changed (someone joined, left, moved): it is sent soon."""
    _announcer().overview_changed(workshop_id)


def overview_of(workshop_id: int) -> dict:
    """Return the overview of a workshop as the facilitator and the projector see it."""
    return _announcer().overview(workshop_id)


def participant_left(participant_id: int, workshop_id: int, table_id: int | None) -> None:
    """After a participant was removed or erased (committed): close their connections and
    refresh the screens that showed them."""
    _announcer().participant_left(participant_id, workshop_id, table_id)


def everyone_gone(app: Flask, participant_ids: list[int], workshop_ids: list[int]) -> None:
    """After the retention purge (committed): close the connections left, refresh the
    overviews."""
    _announcer(app).everyone_gone(participant_ids, workshop_ids)


def hint_dismissed(dismissal, workshop_id: int) -> None:
    """After a "not related" mark was committed: the hint goes from the open screens."""
    _announcer().hint_dismissed(dismissal, workshop_id)


def related_hints(session, idea) -> dict:
    """Return the hints of an idea, in this app's cached TF-IDF spaces."""
    return hints.related_to(session, idea, spaces=live_state().spaces)


def phase_of(workshop) -> dict:
    """Return the workshop's agenda as the clocks show it now."""
    return agenda.snapshot(agenda.AgendaState.from_dict(workshop.agenda), datetime.now(UTC))
