"""Facilitators, their workshops and recording Socket.IO peers, for tests of the
facilitation events against a real server process (tests/test_socket_facilitation.py).

A `Peer` is a python-socketio client that keeps every event it receives with the time it
arrived, so a test can wait for an event, count events in a time window, or check that an
event did not arrive. A `Facilitator` logs in through the login form (CSRF token and all)
and connects sockets with its session cookie, as the overview page does in a browser.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field

import requests
import socketio
import sqlalchemy as sa

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
TIMEOUT = 10


def web() -> requests.Session:
    """Return a requests session that never goes through a proxy (the server is on loopback)."""
    session = requests.Session()
    session.trust_env = False
    return session


def csrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=TIMEOUT)
    match = CSRF_RE.search(page.text)
    assert match, f"no CSRF token on {url} (status {page.status_code})"
    return match.group(1)


class Refused(Exception):
    """The server refused the Socket.IO connection; `reason` is what it said."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Peer:
    """A Socket.IO client that records every server→client event with its arrival time."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.client = socketio.Client(reconnection=False)
        self.log: list[tuple[float, str, object]] = []
        self.refusal: object = None
        self._changed = threading.Condition()
        self.client.on("*", self._record)
        self.client.on("connect_error", self._refused)

    def __repr__(self) -> str:
        return f"Peer({self.label})"

    def _record(self, event: str, *args) -> None:
        with self._changed:
            self.log.append((time.monotonic(), event, args[0] if args else None))
            self._changed.notify_all()

    def _refused(self, data=None) -> None:
        with self._changed:
            self.refusal = data if data is not None else "refused"
            self._changed.notify_all()

    def connect(self, server, auth: dict | None = None, headers: dict | None = None) -> Peer:
        """Connect over WebSocket; raise Refused with the server's reason if it says no."""
        try:
            self.client.connect(
                server.base_url,
                auth=auth,
                headers=headers or {},
                transports=["websocket"],
                wait_timeout=TIMEOUT,
            )
        except socketio.exceptions.ConnectionError as error:
            with self._changed:
                self._changed.wait_for(lambda: self.refusal is not None, timeout=5)
            self.client.disconnect()
            raise Refused(str(self.refusal if self.refusal is not None else error)) from error
        return self

    def call(self, event: str, payload=None, timeout: float = TIMEOUT) -> dict:
        """Send an event and return its acknowledgement."""
        return self.client.call(event, payload, timeout=timeout)

    def emit(self, event: str, payload=None, callback=None) -> None:
        """Send an event without waiting for its acknowledgement."""
        self.client.emit(event, payload, callback=callback)

    def clear(self) -> None:
        """Forget the events received so far."""
        with self._changed:
            self.log.clear()

    def received(self, name: str, predicate=lambda payload: True) -> list:
        """Return the payloads of event `name` received so far that match `predicate`."""
        with self._changed:
            return [p for _, event, p in self.log if event == name and predicate(p)]

    def arrivals(self, name: str) -> list[tuple[float, object]]:
        """Return (arrival time, payload) of each event `name` received."""
        with self._changed:
            return [(at, p) for at, event, p in self.log if event == name]

    def wait_for(self, name: str, predicate=lambda payload: True, seconds: float = 5.0):
        """Return the first payload of event `name` matching `predicate`, or fail."""

        def match():
            return next((p for _, e, p in self.log if e == name and predicate(p)), None)

        with self._changed:
            found = self._changed.wait_for(lambda: match() is not None, timeout=seconds)
            if found:
                return match()
            seen = [e for _, e, _ in self.log]
        raise AssertionError(f"{self}: no matching {name!r} within {seconds} s; got {seen}")

    def hears_nothing(self, name: str, seconds: float = 1.0, predicate=lambda p: True) -> bool:
        """Wait `seconds` and tell whether no event `name` matching `predicate` arrived."""
        time.sleep(seconds)
        return not self.received(name, predicate)

    @property
    def connected(self) -> bool:
        return self.client.connected

    def close(self) -> None:
        if self.client.connected:
            self.client.disconnect()


@dataclass
class Workshop:
    id: int
    join_code: str
    tables: list[int]
    priorities: list[dict]


@dataclass
class Facilitator:
    """A facilitator logged in through the login form; the session also serves the REST API."""

    server: object
    email: str
    password: str
    session: requests.Session = field(default_factory=web)
    workshop: Workshop | None = None  # a workshop of theirs, when a test keeps one

    def log_in(self) -> Facilitator:
        login = self.server.url("/f/login")
        response = self.session.post(
            login,
            data={
                "email": self.email,
                "password": self.password,
                "csrf_token": csrf(self.session, login),
            },
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        assert response.status_code == 302, f"login of {self.email}: {response.status_code}"
        return self

    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.session.cookies)

    def socket(self, label: str | None = None) -> Peer:
        """Return a socket connected with this facilitator's session cookie."""
        peer = Peer(label or self.email)
        return peer.connect(self.server, headers={"Cookie": self.cookie()})

    def create_workshop(self, title: str, tables: tuple[int, ...] = (2,)) -> Workshop:
        """Create a workshop through the REST API (one priority per entry of `tables`),
        then open joining through the facilitator's page, as a facilitator would."""
        response = self.session.post(
            self.server.url("/api/v1/workshops"),
            # The session cookie counts on the API only with the session's CSRF token.
            headers={"X-CSRFToken": csrf(self.session, self.server.url("/f/"))},
            json={
                "title": title,
                "priorities": [
                    {"name": f"Painopiste {i + 1}", "tables": n} for i, n in enumerate(tables)
                ],
            },
            timeout=TIMEOUT,
        )
        assert response.status_code == 201, response.text
        body = response.json()
        page = self.server.url(f"/f/workshops/{body['id']}")
        opened = self.session.post(
            page + "/joining",
            data={"open": "1", "csrf_token": csrf(self.session, page)},
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        assert opened.status_code == 302, opened.text
        return Workshop(
            id=body["id"],
            join_code=body["join_code"],
            tables=[t["id"] for p in body["priorities"] for t in p["tables"]],
            priorities=body["priorities"],
        )


def join(
    server, workshop: Workshop, name: str, organisation: str, org_type: str
) -> tuple[str, int]:
    """Join through the REST API; return the participant's token and id."""
    response = web().post(
        server.url("/api/v1/join"),
        json={
            "join_code": workshop.join_code,
            "name": name,
            "organisation": organisation,
            "org_type": org_type,
            "consent": True,
        },
        timeout=TIMEOUT,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    return body["token"], body["participant"]["id"]


@dataclass
class Seated:
    """A participant connected over a socket and sitting at a table."""

    id: int
    token: str
    table_id: int
    peer: Peer


def seated(
    server,
    workshop: Workshop,
    table_id: int,
    name: str,
    organisation: str | None = None,
    org_type: str = "research",
) -> Seated:
    """Join, connect and sit at `table_id`."""
    token, participant_id = join(server, workshop, name, organisation or f"{name} Oy", org_type)
    peer = Peer(name).connect(server, auth={"token": token})
    ack = peer.call("join_table", {"table_id": table_id})
    assert ack["ok"], ack
    return Seated(participant_id, token, table_id, peer)


def new_idea(peer: Peer, table_id: int, title: str) -> int:
    ack = peer.call("create_idea", {"table_id": table_id, "title": title})
    assert ack["ok"], ack
    return ack["idea"]["id"]


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


class Database:
    """Reads of the server's database, to see what an event did (or did not) write."""

    def __init__(self, server) -> None:
        self.engine = server.database.engine()

    def dispose(self) -> None:
        self.engine.dispose()

    def rows(self, sql: str, **params) -> list[tuple]:
        with self.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(sa.text(sql), params)]

    def workshop(self, workshop_id: int) -> dict:
        """Return everything the facilitation events may change in one workshop."""
        with self.engine.connect() as connection:
            row = (
                connection.execute(
                    sa.text(
                        "SELECT state, joining_open, agenda, voting, spotlight_idea_id,"
                        " projector_token_hash FROM workshop WHERE id = :w"
                    ),
                    {"w": workshop_id},
                )
                .mappings()
                .one()
            )
        return {
            **{k: _json(v) if k in ("agenda", "voting") else v for k, v in row.items()},
            "announcements": self.announcements(workshop_id),
            "votes": self.votes(workshop_id),
            "seats": self.seats(workshop_id),
        }

    def announcements(self, workshop_id: int) -> list[tuple]:
        return self.rows(
            "SELECT id, table_id, message FROM announcement WHERE workshop_id = :w ORDER BY id",
            w=workshop_id,
        )

    def votes(self, workshop_id: int) -> list[tuple]:
        return self.rows(
            "SELECT participant_id, idea_id FROM vote WHERE workshop_id = :w ORDER BY id",
            w=workshop_id,
        )

    def seats(self, workshop_id: int) -> dict[int, int | None]:
        return dict(
            self.rows("SELECT id, table_id FROM participant WHERE workshop_id = :w", w=workshop_id)
        )

    def logged_seqs(self, idea_id: int) -> list[int]:
        return [
            seq
            for (seq,) in self.rows(
                "SELECT seq FROM idea_update WHERE idea_id = :i ORDER BY seq", i=idea_id
            )
        ]
