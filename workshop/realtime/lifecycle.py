"""Lifecycle events (docs/protocol.md): `archive_idea`, `restore_idea`, `merge_ideas`.
Thin: parse, authorize and decide in workshop/lifecycle.py, write the merged text through
the collab service (logged like a participant's update), commit, emit `ideas_changed`."""

from pycrdt import Doc, Text

from workshop import ideas, lifecycle
from workshop.collab.document import crdt_call, read_fields
from workshop.collab.store import Author
from workshop.errors import ValidationFailed
from workshop.extensions import db, socketio
from workshop.i18n_markers import N_
from workshop.live import live_state
from workshop.models import Idea
from workshop.realtime.events import client_event
from workshop.realtime.ideas import emit_ideas_changed
from workshop.realtime.rooms import overview_room


def _changed(change: str, idea: Idea) -> None:
    """Tell the idea's table (and the overview) what happened to it."""
    emit_ideas_changed(idea.table_id, change, idea)
    socketio.emit(
        "ideas_changed",
        {"table_id": idea.table_id, "change": change, "idea": idea.to_dict()},
        to=overview_room(idea.workshop_id),
    )


@client_event("archive_idea")
def on_archive_idea(connection, payload):
    """Archive a draft: hidden from the table and the plan; everyone there can undo."""
    idea = ideas.get_idea(db.session, payload.get("idea_id"))
    changed = lifecycle.archive(db.session, connection.actor, idea)
    db.session.commit()
    if changed:
        _changed("archived", idea)
    return {"idea": idea.to_dict(), "undo_seconds": lifecycle.UNDO_SECONDS}


@client_event("restore_idea")
def on_restore_idea(connection, payload):
    """Bring an archived draft back (the facilitator; a table member as an undo)."""
    idea = ideas.get_idea(db.session, payload.get("idea_id"))
    changed = lifecycle.restore(db.session, connection.actor, idea)
    db.session.commit()
    if changed:
        _changed("restored", idea)
    return {"idea": idea.to_dict()}


def _append(target_id: int, keys: list[str], source_text: dict[str, str]) -> tuple[bytes, int]:
    """Return the CRDT update that appends the source's text to the target's fields, and
    how many characters it adds (empty update, 0: nothing to add)."""
    collab = live_state().collab
    current, _ = collab.sync(target_id, keys, None)
    doc = Doc()
    crdt_call(doc.apply_update, current)
    appended = lifecycle.merged_texts(source_text, read_fields(doc, keys), keys)
    if not appended:
        return b"", 0
    before = doc.get_state()
    for key, text in appended.items():
        field = doc.get(key, type=Text)
        field.insert(len(field), text)
    return doc.get_update(before), sum(len(text) for text in appended.values())


@client_event("merge_ideas")
def on_merge_ideas(connection, payload):
    """Merge one draft into another (the facilitator): the source's text appended to the
    target's fields, its votes combined, the source archived as merged. Twice: once."""
    source, target = lifecycle.get_pair(
        db.session, payload.get("source_id"), payload.get("target_id")
    )
    plan = lifecycle.check_merge(db.session, connection.actor, source, target)
    source_id, target_id = source.id, target.id
    answer = {"merged": False, "source_id": source_id, "target_id": target_id}
    if plan.done_before:
        return answer
    keys = ideas.keys_of(db.session, target)
    if not lifecycle.claim_merge(db.session, source_id, target_id):
        db.session.rollback()
        again = db.session.get(Idea, source_id)
        if again.merged_into_id == target_id:
            return answer  # the other click did it
        raise ValidationFailed(
            N_("The source draft is archived: restore it first or choose another."),
            fields={"source_id": N_("Choose a draft that is not archived.")},
        )
    db.session.commit()
    collab = live_state().collab
    try:
        update, chars = _append(target_id, keys, collab.text_of(source_id, keys))
        db.session.remove()  # hold no transaction while the committer writes the text
        if update:
            collab.submit(target_id, keys, update, Author(facilitator_id=connection.actor.id))
    except BaseException:
        db.session.rollback()
        lifecycle.release_merge(db.session, source_id)  # nothing changed, as it was
        db.session.commit()
        raise
    lifecycle.combine_votes(db.session, source_id, target_id)
    lifecycle.reattribute(db.session, source_id, target_id, connection.actor.id, chars)
    db.session.commit()
    source, target = db.session.get(Idea, source_id), db.session.get(Idea, target_id)
    _changed("merged", source)
    _changed("votes", target)
    return {**answer, "merged": True, "source": source.to_dict(), "target": target.to_dict()}
