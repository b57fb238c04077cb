"""Socket.IO edge: thin handlers that identify the sender from the server side,
authorize, call the domain, commit, then emit (DESIGN.md, "Realtime protocol")."""

from dataclasses import dataclass

from flask import request
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room

from workshop.extensions import db, socketio
from workshop.joining import participant_by_token
from workshop.realtime.rooms import workshop_room


@dataclass(frozen=True)
class Identity:
    """Who holds a connection, fixed when it connects."""

    kind: str  # "participant" | "facilitator"
    id: int
    workshop_id: int | None = None


identities: dict[str, Identity] = {}


def identity() -> Identity | None:
    """Return the identity of the connection handling the current event."""
    return identities.get(request.sid)


def init_app(app) -> None:
    """Register the socket handlers."""

    @socketio.on("connect")
    def on_connect(auth):
        token = auth.get("token") if isinstance(auth, dict) else None
        if token:
            participant = participant_by_token(db.session, token)
            db.session.remove()
            if participant is None:
                raise ConnectionRefusedError("unauthorized: unknown participant token")
            identities[request.sid] = Identity(
                "participant", participant.id, participant.workshop_id
            )
            join_room(workshop_room(participant.workshop_id))
            return True
        if current_user.is_authenticated:
            identities[request.sid] = Identity("facilitator", current_user.id)
            db.session.remove()
            return True
        raise ConnectionRefusedError("unauthorized: join the workshop or log in first")

    @socketio.on("disconnect")
    def on_disconnect(reason=None):
        identities.pop(request.sid, None)
