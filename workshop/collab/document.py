"""Idea documents: one root-level Y.Text per template field (Yjs update encoding v1)."""

from dataclasses import dataclass

from pycrdt import Doc, Text


class MalformedUpdate(ValueError):
    """The bytes are not a Yjs v1 update (or state vector) that pycrdt can decode."""


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


def load_document(updates: list[bytes]) -> Doc:
    """Return a document built from a snapshot and the updates that followed it."""
    doc = Doc()
    for update in updates:
        doc.apply_update(update)
    return doc


def read_fields(doc: Doc, keys: list[str]) -> dict[str, str]:
    """Return each field's current text."""
    return {key: str(doc.get(key, type=Text)) for key in keys}


def state_vector(doc: Doc) -> bytes:
    return doc.get_state()


def missing_from(doc: Doc, remote_state_vector: bytes | None) -> bytes:
    """Return the update that brings a peer with this state vector up to date."""
    if not remote_state_vector:
        return doc.get_update()
    try:
        return doc.get_update(remote_state_vector)
    except (ValueError, RuntimeError) as error:
        raise MalformedUpdate(f"state vector does not decode: {error}") from error


def _clocks(state: bytes) -> dict[int, int]:
    """Decode a v1 state vector: varuint count, then (client, clock) varuint pairs."""
    values, value, shift = [], 0, 0
    for byte in state:
        value |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
            continue
        values.append(value)
        value, shift = 0, 0
    count, pairs = values[0], values[1:]
    return {pairs[2 * i]: pairs[2 * i + 1] for i in range(count)}


def _observed(doc: Doc, keys: list[str]) -> dict:
    """Counters fed by observers registered once per document: observe() is costly
    (pycrdt inspects the callback's signature each time)."""
    state = getattr(doc, "_aihio_observed", None)
    if state is None:
        state = {"inserted": 0, "changed": False, "keys": set()}

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

        # Keep the subscription: pycrdt drops an observer whose subscription is collected.
        state[("subscription", key)] = doc.get(key, type=Text).observe(on_text)
        state["keys"].add(key)
    return state


def apply_checked(doc: Doc, update: bytes, keys: list[str]) -> Applied:
    """Apply an update; tell whether it changed the document and how much text it added.

    Raises MalformedUpdate when the bytes do not decode; the document is then unchanged.
    """
    if not isinstance(update, bytes | bytearray) or not update:
        raise MalformedUpdate("update must be non-empty bytes")
    # Decode on a scratch document first: a bad update must never touch the room's.
    scratch = Doc()
    try:
        scratch.apply_update(bytes(update))
    except (ValueError, RuntimeError) as error:
        raise MalformedUpdate(str(error)) from error
    observed = _observed(doc, keys)
    observed["inserted"], observed["changed"] = 0, False
    doc.apply_update(bytes(update))
    inserted, changed = observed["inserted"], observed["changed"]
    pending = False
    if not changed:
        # Nothing integrated: a duplicate, or structs waiting for what they build on.
        # A lone scratch document integrates what it can; if that is nothing although
        # the update carries structs (first varuint: clients with structs), or if it
        # holds clocks this document lacks, keep the update.
        carried = _clocks(scratch.get_state())
        known = _clocks(doc.get_state())
        has_structs = update[0] != 0
        pending = (has_structs and not carried) or any(
            known.get(client, 0) < clock for client, clock in carried.items()
        )
    return Applied(changed, inserted, pending)
