"""Real python-socketio clients against a live Aihio server."""

import base64
import itertools
import json
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


def update_of(payload: dict) -> bytes:
    """The update an idea_update event carries: base64 text (one WebSocket frame)."""
    assert isinstance(payload["update"], str), "idea_update carries base64 text"
    return base64.b64decode(payload["update"], validate=True)


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

    def send(self, update: bytes, timeout: float = 10, binary: bool = False) -> dict:
        """Send as the browser does (base64 text, one frame), or as a binary attachment."""
        sent = update if binary else base64.b64encode(update).decode()
        return self.client.call(
            "update_idea", {"idea_id": self.idea_id, "update": sent}, timeout=timeout
        )

    def receive(self, payload: dict) -> None:
        """Apply an idea_update event."""
        self.doc.apply_update(update_of(payload))

    def text(self, field: str) -> str:
        return str(self.doc.get(field, type=Text))


class RawSocket:
    """Socket.IO spoken by hand over a websocket (Engine.IO 4 text frames), to send what
    python-socketio's client cannot encode (JSON nested 100,000 deep) or headers it sets
    itself (a browser's Origin and cookie)."""

    def __init__(self, server, auth: dict | None = None, cookie=None, origin=None) -> None:
        import websocket

        url = server.base_url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
        self.ws = websocket.create_connection(url, timeout=10, cookie=cookie, origin=origin)
        assert self.ws.recv().startswith("0")  # Engine.IO open
        self.ws.send("40" + (json.dumps(auth) if auth is not None else ""))
        reply = self.packet()  # "0{sid}" connected, "4{message}" refused
        self.connected = reply.startswith("0")
        self.refusal = json.loads(reply[1:]) if reply.startswith("4") else None
        self._ack_ids = itertools.count(1)

    def packet(self) -> str:
        """Return the next Socket.IO packet, answering Engine.IO pings on the way."""
        while True:
            text = self.ws.recv()
            if text == "2":
                self.ws.send("3")
            elif isinstance(text, str) and text.startswith("4"):
                return text[1:]

    def call(self, event: str, raw_data: str, attachments: tuple[bytes, ...] = ()) -> dict:
        """Send `event` with `raw_data` (JSON text, sent as is); return its ack."""
        ack = next(self._ack_ids)
        body = f'{ack}["{event}",{raw_data}]'
        # "4": an Engine.IO message; then the Socket.IO event "2" or binary event "5".
        self.ws.send(f"45{len(attachments)}-{body}" if attachments else f"42{body}")
        for attachment in attachments:
            self.ws.send_binary(attachment)
        while True:
            packet = self.packet()
            if packet.startswith(f"3{ack}["):
                return json.loads(packet[len(f"3{ack}") :])[0]

    def close(self) -> None:
        self.ws.close()
