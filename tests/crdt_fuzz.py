"""Real and hostile Yjs updates for the fuzz tests.

Real ones come from replicas editing idea documents (text typed and deleted in several
fields, and documents that nest types in their roots, delete a parent while another replica
writes into it); hostile ones are mutations of real ones: truncated, bit-flipped, spliced
from two documents, items re-parented to another root, bytes overwritten.
"""

import random

from pycrdt import Array, Doc, Map, Text

FIELDS = ["title", "need", "actions", "lead"]
MUTATIONS = ("truncate", "bitflip", "splice", "reparent", "overwrite")


def byte_offset(chars: str, index: int) -> int:
    """pycrdt indexes Text by UTF-8 bytes; convert a character index."""
    return len(chars[:index].encode())


def editing_session(rnd: random.Random, steps: int, replicas: int = 3) -> list[bytes]:
    """Return the updates of replicas typing and deleting in the idea's fields, each
    replica receiving most (not all) of the others' updates."""
    docs = [Doc() for _ in range(replicas)]
    updates = []
    for _ in range(steps):
        doc = rnd.choice(docs)
        before = doc.get_state()
        text = doc.get(rnd.choice(FIELDS), type=Text)
        chars = str(text)
        if chars and rnd.random() < 0.3:
            at = rnd.randrange(len(chars))
            end = min(len(chars), at + rnd.randint(1, 3))
            del text[byte_offset(chars, at) : byte_offset(chars, end)]
        else:
            at = rnd.randint(0, len(chars))
            text.insert(byte_offset(chars, at), rnd.choice(["a", "bc", "äö ", "x\n", "€"]))
        update = doc.get_update(before)
        updates.append(update)
        for other in docs:
            if other is not doc and rnd.random() < 0.7:
                other.apply_update(update)
    return updates


def nested_session(rnd: random.Random) -> list[bytes]:
    """Return updates that put nested types into field roots, delete a nested parent on
    one replica while another writes into it, and write into roots of other types."""
    a, b = Doc(), Doc()
    updates = []

    def sent(doc: Doc, change) -> None:
        before = doc.get_state()
        change()
        update = doc.get_update(before)
        updates.append(update)
        (b if doc is a else a).apply_update(update)

    key = rnd.choice(FIELDS)
    sent(a, lambda: a.get(key, type=Array).append(Text("sisä")))
    sent(a, lambda: a.get("goals", type=Map).__setitem__("k", Text("arvo")))
    nested = b.get(key, type=Array)
    before_a = a.get_state()
    a.get(key, type=Array)[0].insert(0, "lisää ")  # a writes into the nested text ...
    update = a.get_update(before_a)
    sent(b, lambda: nested.__delitem__(0))  # ... while b deletes its parent
    updates.append(update)
    b.apply_update(update)
    sent(b, lambda: b.get("goals", type=Map).__setitem__("k", "ei tekstiä"))
    rnd.shuffle(updates)
    return updates


def mutate(rnd: random.Random, kind: str, update: bytes, other: bytes) -> bytes:
    """Return a hostile variant of a real update."""
    data = bytearray(update)
    if kind == "truncate":
        return bytes(data[: rnd.randrange(1, len(data))]) if len(data) > 1 else b"\x01"
    if kind == "bitflip":
        for _ in range(rnd.randint(1, 3)):
            at = rnd.randrange(len(data))
            data[at] ^= 1 << rnd.randrange(8)
        return bytes(data)
    if kind == "splice":
        return bytes(data[: rnd.randrange(len(data))] + other[rnd.randrange(len(other)) :])
    if kind == "reparent":
        for name in FIELDS + ["goals"]:
            needle = bytes([len(name)]) + name.encode()
            if needle in data:
                target = rnd.choice([k for k in FIELDS + ["goals", "x"] if k != name])
                return bytes(data).replace(needle, bytes([len(target)]) + target.encode(), 1)
        return bytes(data)
    data[rnd.randrange(len(data))] = rnd.randrange(256)  # overwrite
    return bytes(data)
