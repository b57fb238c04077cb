"""Real python-socketio clients against a live Aihio server."""

import time

import requests
import socketio
from pycrdt import Doc, Text


def join(server, name="Aino", organisation="Lapin yliopisto", org_type="research", code=None):
    """Join the server's demo workshop through the API; return the participant token."""
    response = requests.post(
        server.url("/api/v1/join"),
        json={
            "join_code": code or server.demo.join_code,
            "name": name,
            "organisation": organisation,
            "org_type": org_type,
            "consent": True,
        },
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return response.json()["token"]


def connect(server, token: str | None) -> socketio.SimpleClient:
    client = socketio.SimpleClient(reconnection=False)  # a test reconnects by hand
    client.connect(
        server.base_url, auth={"token": token} if token else None, transports=["websocket"]
    )
    return client


def participant(server, table_id: int, **who) -> socketio.SimpleClient:
    """Return a connected participant sitting at `table_id`."""
    client = connect(server, join(server, **who))
    ack = client.call("join_table", {"table_id": table_id}, timeout=10)
    assert ack["ok"], ack
    return client


def events(client: socketio.SimpleClient, name: str, seconds: float = 2.0) -> list:
    """Collect the payloads of event `name` arriving within `seconds`."""
    found, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            event = client.receive(timeout=max(0.01, deadline - time.monotonic()))
        except socketio.exceptions.TimeoutError:
            break
        if event[0] == name:
            found.append(event[1])
    return found


def wait_for(client, name: str, predicate, seconds: float = 5.0):
    """Return the first payload of event `name` matching `predicate`, or fail."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            event = client.receive(timeout=max(0.01, deadline - time.monotonic()))
        except socketio.exceptions.TimeoutError:
            break
        if event[0] == name and predicate(event[1]):
            return event[1]
    raise AssertionError(f"no matching {name} event within {seconds} s")


class Editor:
    """A participant's replica of one idea, kept in sync through the server."""

    def __init__(self, client: socketio.SimpleClient, idea_id: int) -> None:
        self.client, self.idea_id, self.doc = client, idea_id, Doc()

    def open(self) -> dict:
        ack = self.client.call(
            "open_idea", {"idea_id": self.idea_id, "state_vector": self.doc.get_state()}, timeout=10
        )
        assert ack["ok"], ack
        self.doc.apply_update(ack["update"])
        return ack

    def type(self, field: str, text: str, at_end: bool = True) -> bytes:
        """Type text into a field locally and return the update to send."""
        before = self.doc.get_state()
        target = self.doc.get(field, type=Text)
        target.insert(len(target) if at_end else 0, text)  # pycrdt offsets are UTF-8 bytes
        return self.doc.get_update(before)

    def send(self, update: bytes, timeout: float = 10) -> dict:
        return self.client.call(
            "update_idea", {"idea_id": self.idea_id, "update": update}, timeout=timeout
        )

    def text(self, field: str) -> str:
        return str(self.doc.get(field, type=Text))
