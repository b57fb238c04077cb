"""One wrapper for every client→server event: identity, rate limit, payload shape,
and the mapping of domain errors to `{"ok": false, "error": {code, message}}`."""

import functools
import logging
from collections.abc import Callable

from flask import request
from flask_babel import gettext as _
from flask_socketio import disconnect

from workshop.collab.document import EXITS, MalformedUpdate
from workshop.collab.service import CommitFailed, UpdateTooLarge
from workshop.errors import AihioError
from workshop.extensions import db, socketio
from workshop.i18n import translate
from workshop.live import live_state
from workshop.realtime.connection import Connection
from workshop.realtime.packet import UnreadableEvent
from workshop.realtime.presence import where

log = logging.getLogger(__name__)


def fail(code: str, message: str, fields: dict | None = None) -> dict:
    error = {"code": code, "message": message}
    if fields:
        error["fields"] = fields  # like the REST API: each bad field with its fix
    return {"ok": False, "error": error}


def _answer(name: str, handler, connection: Connection, payload: dict) -> dict:
    """Run one event's handler; turn what it raises into the client's error answer."""
    try:
        result = handler(connection, payload)
    except AihioError as error:
        db.session.rollback()
        return fail(
            error.code,
            translate(error.message, error.params),
            {name: translate(text) for name, text in error.fields.items()},
        )
    except MalformedUpdate:
        return fail("invalid", _("The update could not be read. Reload the page."))
    except UpdateTooLarge:
        return fail("too_large", _("The change is too large to send at once."))
    except CommitFailed:
        return fail("unavailable", _("The change was not saved yet. It will be sent again."))
    except EXITS:
        raise
    except BaseException:  # even a pycrdt panic: every event gets its answer
        db.session.rollback()
        log.exception("socket event %s failed", name)
        return fail("server_error", _("Something went wrong. Try again."))
    return {"ok": True, **(result or {})}


def _save_presence(state, connection: Connection) -> None:
    try:
        state.presence.save(request.sid, connection)
    except Exception:  # Redis away: the event's own work is done; presence catches up later
        log.exception("saving presence failed")


def client_event(name: str):
    """Register `handler(connection, payload) -> dict` as the socket event `name`."""

    def decorate(handler):
        @socketio.on(name)
        @functools.wraps(handler)
        def wrapper(payload=None, *_extra):
            state = live_state()
            connection: Connection | None = state.connections.get(request.sid)
            if connection is None:
                return fail("unauthorized", _("Join the workshop or log in first."))
            if not state.rate_limit.allow(connection):
                if state.rate_limit.abusive(connection):
                    disconnect()
                return fail("rate_limited", _("Too many messages. Slow down a moment."))
            if isinstance(payload, UnreadableEvent):  # too deep, a lone surrogate, a huge int
                return fail("invalid", translate(payload.message))
            if not isinstance(payload, dict):
                return fail("invalid", _("Send the event's data as an object."))
            before = where(connection)
            try:
                return _answer(name, handler, connection, payload)
            finally:
                if where(connection) != before:  # every process sees where it is now
                    _save_presence(state, connection)

        return wrapper

    return decorate


def serve_hot(app, name: str, fast: Callable) -> None:
    """Answer the event `name` without a Flask request context when it can (issue 12,
    part 3: the context cost 4–8 % of the server's time per update).

    `fast(state, connection, payload, sid)` returns None when the usual path must answer
    (first use, bad input: errors are translated there), or a function that does the work
    and returns the answer's data. The rate limit counts the event either way; what that
    function raises is answered in a request context exactly as `client_event` answers it.
    Call after the handlers are registered: this takes the event's place in the server.
    """
    server = socketio.server
    # Flask-SocketIO's handler (context, then the wrapper). Module-level handlers are
    # registered on the first app's server only; another app of the process has none.
    usual = server.handlers.get("/", {}).get(name)
    if usual is None:
        return
    state = live_state(app)

    def handler(sid, payload=None, *extra):
        connection = state.connections.get(sid)
        if connection is None or not isinstance(payload, dict):
            return usual(sid, payload, *extra)
        work = fast(state, connection, payload, sid) if state.rate_limit.ready(connection) else None
        if work is None:
            return usual(sid, payload, *extra)
        state.rate_limit.allow(connection)
        try:
            return {"ok": True, **work()}
        except EXITS:
            raise
        except BaseException as error:  # noqa: BLE001  answered as every event's errors are
            with app.request_context(server.get_environ(sid)):
                request.sid, request.namespace = sid, "/"
                return _answer(name, _raising(error), connection, payload)

    server.on(name, handler, namespace="/")


def _raising(error: BaseException):
    def handler(connection, payload):
        raise error

    return handler
