"""Idea documents: one root-level Y.Text per template field (Yjs update encoding v1).

Every call into pycrdt with bytes from outside goes through `crdt_call`: pycrdt raises
ValueError or RuntimeError for bytes it cannot decode, and on some crafted updates its Rust
core panics, which reaches Python as `pyo3_runtime.PanicException`, a BaseException that
`except Exception` misses. A document is never trusted to encode what it loaded either:
`load_tolerant` checks that its encoding loads back to the same document.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import pycrdt
from pycrdt import Doc, Text

try:  # eventlet's and gevent's way to end a green thread: never swallow it
    from greenlet import GreenletExit
except ImportError:  # pragma: no cover - greenlet comes with eventlet
    GreenletExit = SystemExit

T = TypeVar("T")
EXITS = (SystemExit, KeyboardInterrupt, GeneratorExit, GreenletExit)


class MalformedUpdate(ValueError):
    """The bytes are not a Yjs v1 update (or state vector) that pycrdt can decode."""


class RoomDamaged(MalformedUpdate):
    """Applying the update to a live document failed or put content into it that idea
    documents never hold: the document must be rebuilt from the log without it."""


def crdt_call(call: Callable[..., T], *args) -> T:
    """Run a pycrdt call on untrusted bytes; any failure but an exit is MalformedUpdate."""
    try:
        return call(*args)
    except EXITS:
        raise
    except BaseException as error:  # noqa: BLE001 - pycrdt panics are BaseExceptions
        raise MalformedUpdate(f"{type(error).__name__}: {error}") from error


@dataclass(frozen=True)
class Applied:
    changed: bool  # the document changed (False: a duplicate, or parts still pending)
    inserted: int  # characters inserted by this update
    pending: bool  # it changed nothing yet but is not known: keep it, deps may follow


def new_document(fields: dict[str, str] | None = None) -> Doc:
    """Return a document holding these field texts."""
    doc = Doc()
    for key, text in (fields or {}).items():
        if text:
            doc.get(key, type=Text).insert(0, text)
    return doc


@dataclass
class Loaded:
    doc: Doc
    rejected: dict[int, str] = field(default_factory=dict)  # index of an update -> why


def load_tolerant(updates: list[bytes]) -> Loaded:
    """Build a document from a snapshot and the updates that followed it, leaving out
    every update that does not apply or that leaves a document whose encoding does not
    load back: the rest always loads."""
    doc, accepted, rejected = Doc(), [], {}
    for index, update in enumerate(updates):
        try:
            crdt_call(doc.apply_update, update)
        except MalformedUpdate as error:
            rejected[index] = str(error)
            doc = _rebuild([updates[i] for i in accepted])  # whatever it half did is gone
            continue
        accepted.append(index)
    if round_trips(doc):
        return Loaded(doc, rejected)
    # Some accepted update breaks the encoding: find each such one (rare; quadratic).
    doc, kept = Doc(), []
    for index in accepted:
        crdt_call(doc.apply_update, updates[index])
        if round_trips(doc):
            kept.append(index)
        else:
            rejected[index] = "the document with this update does not encode and load back"
            doc = _rebuild([updates[i] for i in kept])
    return Loaded(doc, dict(sorted(rejected.items())))


def _rebuild(updates: list[bytes]) -> Doc:
    doc = Doc()
    for update in updates:
        crdt_call(doc.apply_update, update)
    return doc


def encoded(doc: Doc) -> bytes:
    """Return the whole document as one update (its own encoding, not a merge of inputs)."""
    return crdt_call(doc.get_update)


def round_trips(doc: Doc) -> bool:
    """Whether the document's encoding loads into a document that encodes the same."""
    try:
        snapshot = encoded(doc)
        copy = Doc()
        crdt_call(copy.apply_update, snapshot)
        return encoded(copy) == snapshot and same_state(copy, doc)
    except MalformedUpdate:
        return False


def same_state(one: Doc, other: Doc) -> bool:
    """Whether two documents hold the same clocks (a state vector's order is arbitrary)."""
    return _clocks(crdt_call(one.get_state)) == _clocks(crdt_call(other.get_state))


def covered_by(update: bytes, state: bytes) -> bool:
    """Whether a document with this state vector holds everything the update carries:
    all its structs, and the items each of its deletions names (so the deletion applied).

    An update that is not covered still waits for what it builds on ("pending"), and a
    compaction must keep it: a document's encoding leaves pending parts out.
    """
    try:
        residual = crdt_call(pycrdt.get_update, update, state)  # what `state` lacks of it
    except MalformedUpdate:
        return False
    if not residual or residual[0] != 0:  # structs the state lacks
        return False
    clocks = _clocks(state)
    values = _varuints(residual[1:])  # the delete set: clients, then client, ranges, ...
    if not values:
        return True
    at, clients = 1, values[0]
    for _ in range(clients):
        client, ranges = values[at], values[at + 1]
        at += 2
        for _ in range(ranges):
            clock, length = values[at], values[at + 1]
            at += 2
            if clock + length > clocks.get(client, 0):
                return False
    return True


def read_fields(doc: Doc, keys: list[str]) -> dict[str, str]:
    """Return each field's current text."""
    return {key: str(doc.get(key, type=Text)) for key in keys}


def state_vector(doc: Doc) -> bytes:
    return doc.get_state()


def missing_from(doc: Doc, remote_state_vector: bytes | None) -> bytes:
    """Return the update that brings a peer with this state vector up to date."""
    if not remote_state_vector:
        return crdt_call(doc.get_update)
    try:
        return crdt_call(doc.get_update, remote_state_vector)
    except MalformedUpdate as error:
        raise MalformedUpdate(f"state vector does not decode: {error}") from error


def _varuints(data: bytes) -> list[int]:
    values, value, shift = [], 0, 0
    for byte in data:
        value |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
            continue
        values.append(value)
        value, shift = 0, 0
    return values


def _clocks(state: bytes) -> dict[int, int]:
    """Decode a v1 state vector: varuint count, then (client, clock) varuint pairs."""
    values = _varuints(state)
    count, pairs = values[0], values[1:]
    return {pairs[2 * i]: pairs[2 * i + 1] for i in range(count)}


def _observed(doc: Doc, keys: list[str]) -> dict:
    """Counters fed by observers registered once per document: observe() is costly
    (pycrdt inspects the callback's signature each time)."""
    state = getattr(doc, "_aihio_observed", None)
    if state is None:
        state = {"inserted": 0, "changed": False, "foreign": False, "keys": set()}

        def on_doc(_event) -> None:
            state["changed"] = True

        state["subscription"] = doc.observe(on_doc)
        doc._aihio_observed = state
    for key in keys:
        if key in state["keys"]:
            continue

        def on_text(event) -> None:
            for part in event.delta:
                text = part.get("insert")
                if isinstance(text, str):
                    state["inserted"] += len(text)
                elif text is not None:  # an embedded object or type: never from an editor
                    state["foreign"] = True

        # Keep the subscription: pycrdt drops an observer whose subscription is collected.
        state[("subscription", key)] = doc.get(key, type=Text).observe(on_text)
        state["keys"].add(key)
    return state


def apply_checked(doc: Doc, update: bytes, keys: list[str]) -> Applied:
    """Apply an update; tell whether it changed the document and how much text it added.

    Raises MalformedUpdate when the bytes do not decode; the document is then unchanged.
    Raises RoomDamaged when applying them to this document failed or put non-text content
    into a field: the caller must drop the document and load it again from the log.
    """
    if not isinstance(update, bytes | bytearray) or not update:
        raise MalformedUpdate("update must be non-empty bytes")
    # Decode on a scratch document first: a bad update must never touch the room's.
    scratch = Doc()
    crdt_call(scratch.apply_update, bytes(update))
    observed = _observed(doc, keys)
    observed["inserted"], observed["changed"], observed["foreign"] = 0, False, False
    before = crdt_call(doc.get_state)
    try:
        crdt_call(doc.apply_update, bytes(update))
    except MalformedUpdate as error:
        raise RoomDamaged(str(error)) from error
    if observed["foreign"]:
        raise RoomDamaged("the update puts something other than text into a field")
    inserted, changed = observed["inserted"], observed["changed"]
    # Nothing visible changed: a duplicate, or parts waiting for what they build on (or
    # parts that change the document's state without showing). Only a duplicate, all of
    # whose structs and deletions the document already held, is left out of the log: the
    # log must replay to the document the room holds.
    pending = not changed and not covered_by(update, before)
    return Applied(changed, inserted, pending)
