"""Convergence property: replicas edit at random, messages arrive late, twice, or are
lost with a disconnect; after everyone reconnects, all replicas, the server and the
document reloaded from the log are identical."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycrdt import Doc, Text
from test_collab_store import KEYS, author_of, service  # noqa: F401  (fixture)

from workshop.collab.document import read_fields
from workshop.collab.store import load_idea
from workshop.extensions import db
from workshop.ideas import Actor, create_idea
from workshop.joining import JoinRequest, join

FIELDS = ["title", "need", "actions"]

operation = st.one_of(
    st.tuples(
        st.just("type"),
        st.integers(0, 2),
        st.sampled_from(FIELDS),
        st.floats(0, 1),
        st.text("abcäöå šž\n", min_size=1, max_size=4),
    ),
    st.tuples(
        st.just("delete"),
        st.integers(0, 2),
        st.sampled_from(FIELDS),
        st.floats(0, 1),
        st.integers(1, 3),
    ),
    st.tuples(st.just("send"), st.integers(0, 2), st.booleans()),
    st.tuples(st.just("deliver"), st.integers(0, 2), st.integers(0, 50), st.booleans()),
    st.tuples(st.just("disconnect"), st.integers(0, 2)),
    st.tuples(st.just("reconnect"), st.integers(0, 2)),
)


def byte_offset(chars: str, index: int) -> int:
    """pycrdt indexes Text by UTF-8 bytes; convert a character index."""
    return len(chars[:index].encode())


class Replica:
    def __init__(self) -> None:
        self.doc = Doc()
        self.outbox: list[bytes] = []
        self.inbox: list[bytes] = []
        self.online = True
        self.doc.observe(self._local)
        self.applying = False

    def _local(self, event) -> None:
        if not self.applying:
            self.outbox.append(event.update)

    def apply(self, update: bytes) -> None:
        self.applying = True
        try:
            self.doc.apply_update(update)
        finally:
            self.applying = False


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(operation, min_size=5, max_size=40), st.randoms(use_true_random=False))
def test_replicas_and_server_converge(service, demo, operations, rnd: random.Random):  # noqa: F811
    participant, _ = join(db.session, demo, JoinRequest("P", "Lapin AMK", "education", True))
    participant.table = demo.tables[0]
    db.session.flush()
    idea = create_idea(db.session, Actor("participant", participant.id), demo.tables[0], "T")
    db.session.commit()
    author = author_of(idea)
    service.sent.clear()
    replicas = [Replica() for _ in range(3)]
    for replica in replicas:
        replica.apply(service.sync(idea.id, KEYS, None)[0])

    def fan_out() -> None:
        while service.sent:
            _, update, sender = service.sent.pop(0)
            for replica in replicas:
                if replica.online:
                    replica.inbox.append(update)

    def reconnect(replica: Replica) -> None:
        missing, server_state = service.sync(idea.id, KEYS, replica.doc.get_state())
        replica.apply(missing)
        replica.online = True
        replica.outbox.clear()  # what was unsent goes in one resync update
        service.submit(idea.id, KEYS, replica.doc.get_update(server_state), author)
        fan_out()

    for op in operations:
        replica = replicas[op[1]]
        if op[0] in ("type", "delete"):
            text = replica.doc.get(op[2], type=Text)
            chars = str(text)
            at = int(op[3] * len(chars))
            if op[0] == "type":
                text.insert(byte_offset(chars, at), op[4])
            elif chars:
                end = min(len(chars), at + op[4])
                del text[byte_offset(chars, at) : byte_offset(chars, end)]
        elif op[0] == "send" and replica.online and replica.outbox:
            update = replica.outbox[0] if op[2] else replica.outbox.pop(0)  # maybe resend later
            service.submit(idea.id, KEYS, update, author)
            fan_out()
        elif op[0] == "deliver" and replica.inbox:
            index = op[2] % len(replica.inbox)  # any order
            update = replica.inbox[index] if op[3] else replica.inbox.pop(index)  # or twice
            replica.apply(update)
        elif op[0] == "disconnect":
            replica.online = False
            replica.inbox.clear()  # in flight, lost
        elif op[0] == "reconnect":
            reconnect(replica)

    rnd.shuffle(replicas)
    for replica in replicas:
        reconnect(replica)
    for replica in replicas:  # a second round brings everyone what the others sent last
        replica.apply(service.sync(idea.id, KEYS, replica.doc.get_state())[0])

    server_text = service.text_of(idea.id, KEYS)
    for replica in replicas:
        assert read_fields(replica.doc, KEYS) == server_text
    assert read_fields(load_idea(db.session, idea.id).doc, KEYS) == server_text
