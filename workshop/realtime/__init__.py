"""Socket.IO edge (DESIGN.md, "Realtime protocol"): thin handlers that take the
sender's identity from the server side, authorize, call the domain, commit, emit."""

from contextlib import contextmanager

from flask import current_app, has_app_context, request
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room

from workshop.auth import participant_cookie_name
from workshop.collab.service import CollabService, Primitives, Settings
from workshop.extensions import db, socketio
from workshop.facilitation import workshop_by_projector_token
from workshop.ideas import Actor
from workshop.ids import json_id
from workshop.joining import participant_by_token
from workshop.live import live_state
from workshop.models import Workshop
from workshop.realtime.announcer import SocketAnnouncer
from workshop.realtime.connection import Connection, RateLimit
from workshop.realtime.consortium import emit_consortium
from workshop.realtime.events import serve_hot
from workshop.realtime.rooms import idea_room, overview_room, workshop_room


def on_projected(app, idea) -> None:
    """After an idea's text is projected: the overview and its table's voice change."""
    state = live_state(app)
    state.overview.mark(idea.workshop_id)
    emit_consortium(idea)  # the idea's room: its lead/partners matched, helixes (if changed)
    state.hints.projected(idea)  # throttled "similar project" hints
    workshop = db.session.get(Workshop, idea.workshop_id)
    if workshop.spotlight_idea_id == idea.id:  # the projector shows its text large
        from workshop.realtime.facilitation import spotlight_payload

        socketio.emit("spotlight", spotlight_payload(workshop), to=overview_room(workshop.id))
    if idea.table_id is not None:
        state.table_states.mark(idea.table_id)  # its voice: sent within a few seconds


def _offload(async_mode: str):
    """eventlet's way to run a blocking call on an OS thread (None: run it in place)."""
    if async_mode != "eventlet":
        return None
    from eventlet import tpool

    return tpool.execute


def init_app(app) -> None:
    """Plug the socket layer into the app's live state (workshop/live.py): its collab
    service, publishers, rate limit and announcer; register the socket handlers."""
    state = live_state(app)

    @contextmanager
    def session_scope():
        if has_app_context() and current_app._get_current_object() is app:
            # Called from a handler: use its session. A second one would take a second
            # pooled connection while the handler holds its first; on PostgreSQL (where a
            # query lets other green threads run) 15 handlers opening ideas at once then
            # held the whole pool and waited for each other until the pool's timeout.
            yield db.session
            return
        with app.app_context():
            try:
                yield db.session
            finally:
                db.session.remove()

    eio = socketio.server.eio
    import workshop.realtime.lifecycle  # noqa: F401  (handlers: archive, restore, merge)
    from workshop.realtime import facilitation, ideas, overview, presence, tables  # noqa: F401
    from workshop.realtime import hints as live_hints  # handlers, and the hints' publisher

    state.overview = overview.OverviewPublisher(app)
    state.hints = live_hints.HintPublisher(app, app.config["HINT_EVERY"])
    state.announcer = SocketAnnouncer()
    state.table_states = tables.TableStates(app, app.config["TABLE_VOICE_EVERY"])
    state.presence = presence.create(
        app, state.connections, socketio.start_background_task, socketio.sleep
    )

    def broadcast(idea_id: int, update: bytes, skip_sid: str | None) -> None:
        socketio.emit(
            "idea_update",
            {"idea_id": idea_id, "update": ideas.update_to_wire(update)},  # one frame
            to=idea_room(idea_id),
            skip_sid=skip_sid,
        )

    state.collab = CollabService(
        session_scope,
        Primitives(
            create_queue=eio.create_queue,
            queue_empty=eio.get_queue_empty_exception(),
            create_event=eio.create_event,
            start_task=socketio.start_background_task,
            sleep=socketio.sleep,
            offload=_offload(socketio.async_mode),
        ),
        broadcast,
        renamed=lambda idea: ideas.emit_ideas_changed(idea.table_id, "renamed", idea),
        projected=lambda idea: on_projected(app, idea),
        settings=Settings(
            max_update_bytes=app.config["COLLAB_MAX_UPDATE_BYTES"],
            compact_after=app.config["COLLAB_COMPACT_AFTER"],
        ),
    )
    state.rate_limit = RateLimit(
        rate=app.config["SOCKET_RATE"],
        burst=app.config["SOCKET_BURST"],
        strikes_to_disconnect=app.config["SOCKET_STRIKES"],
    )

    serve_hot(app, "update_idea", ideas.hot_update_idea)  # the hot path: no Flask context

    @socketio.on("connect")
    def on_connect(auth):
        state = live_state()
        connections = state.connections
        auth = auth if isinstance(auth, dict) else {}
        token = auth.get("token") if isinstance(auth.get("token"), str) else None
        if not token and json_id(auth.get("workshop_id")):
            # Browsers cannot read the HttpOnly join cookie; it rides on the handshake.
            token = request.cookies.get(participant_cookie_name(auth["workshop_id"]))
        if token:
            participant = participant_by_token(db.session, token)
            if participant is None:
                raise ConnectionRefusedError("unauthorized: unknown participant token")
            connections[request.sid] = Connection(
                Actor("participant", participant.id),
                participant.workshop_id,
                participant.display_name,
            )
            join_room(workshop_room(participant.workshop_id))
            state.presence.save(request.sid, connections[request.sid])
            overview.publisher().mark(participant.workshop_id)
            return True
        if isinstance(auth.get("projector"), str):
            workshop = workshop_by_projector_token(db.session, auth["projector"])
            if workshop is None:
                raise ConnectionRefusedError("unauthorized: this projector link was replaced")
            connections[request.sid] = Connection(
                Actor("projector", workshop.id), workshop.id, "projector"
            )
            state.presence.save(request.sid, connections[request.sid])
            return True
        if current_user.is_authenticated:
            connections[request.sid] = Connection(
                Actor("facilitator", current_user.id), None, current_user.email
            )
            return True
        raise ConnectionRefusedError("unauthorized: join the workshop or log in first")

    @socketio.on("disconnect")
    def on_disconnect(reason=None):
        state = live_state()
        connection = state.connections.pop(request.sid, None)
        if connection is None:
            return
        state.presence.forget(request.sid)
        state.collab.leave_all(request.sid)
        if connection.table_id is not None:
            tables.emit_table_state(connection.table_id)
        overview.publisher().mark(connection.workshop_id)
