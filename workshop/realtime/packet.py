"""Socket.IO packets decoded strictly (workshop.payloads), so that an event's data nested
100,000 deep, a lone surrogate or a number beyond 64 bits gets an `invalid` ack.

python-socketio decodes each packet's JSON itself. When that fails the packet is dropped
with a logged traceback and the sender's acknowledgement never comes. Here the header
(type, namespace, ack id) is read as usual and the event is delivered with an
`UnreadableEvent` in place of its data; `client_event` answers it with `invalid`.
"""

import json
import re

from socketio import packet

from workshop.payloads import UnreadablePayload, loads

EVENT_NAME = re.compile(r'\[\s*"([A-Za-z_][A-Za-z0-9_]{0,63})"')


class UnreadableEvent:
    """Stands for an event's data that could not be read; `message` is a msgid."""

    def __init__(self, message: str) -> None:
        self.message = message


class StrictJSON:
    """The json module python-socketio's packets use: strict loads, standard dumps."""

    loads = staticmethod(loads)
    dumps = staticmethod(json.dumps)


class StrictPacket(packet.Packet):
    json = StrictJSON

    def decode(self, encoded_packet):
        try:
            return super().decode(encoded_packet)
        except UnreadablePayload as error:
            # super() read the header before it failed on the data.
            if self.packet_type in (packet.EVENT, packet.BINARY_EVENT):
                start = encoded_packet.find("[")
                name = EVENT_NAME.match(encoded_packet, start) if start >= 0 else None
                self.data = [name.group(1) if name else "", UnreadableEvent(error.message)]
            else:
                self.data = None  # e.g. a CONNECT's auth: no identity
            return _attachment_count(encoded_packet)


def _attachment_count(encoded_packet: str) -> int:
    """Return how many binary attachments the packet's header announces (as decode does)."""
    header = encoded_packet[1:]
    dash = header.find("-")
    if dash > 0 and header[:dash].isdigit():
        return int(header[:dash])
    return 0
