"""The idea document, its update log, group commit, compaction and projection,
against a real database (no server process: the service is driven directly)."""

import queue
import threading
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from pycrdt import Doc, Text

from workshop.collab import store
from workshop.collab.document import MalformedUpdate, _clocks, apply_checked, new_document
from workshop.collab.service import CollabService, Primitives, Settings, UpdateTooLarge
from workshop.collab.store import Author
from workshop.extensions import db
from workshop.ideas import Actor, create_idea
from workshop.models import Idea, IdeaContribution, IdeaSnapshot, IdeaUpdate, Participant
from workshop.template import field_keys

KEYS = field_keys(None)


def threads() -> Primitives:
    def start(target, *args):
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        return thread

    return Primitives(queue.Queue, queue.Empty, threading.Event, start, lambda s=0: None)


@pytest.fixture
def service(app):
    """A collab service on the test database; broadcasts are recorded, not sent."""

    @contextmanager
    def session_scope():
        with app.app_context():
            try:
                yield db.session
            finally:
                db.session.remove()

    sent: list[tuple[int, bytes, str | None]] = []
    svc = CollabService(
        session_scope,
        threads(),
        lambda idea_id, update, sid: sent.append((idea_id, update, sid)),
        Settings(compact_after=10, max_update_bytes=4096),
    )
    svc.sent = sent
    return svc


def new_idea_at_first_table(demo, title: str):
    """Return an idea at the demo's first table, created by a participant who joins from
    Lapin yliopisto and sits there."""
    from workshop.joining import JoinRequest, join

    participant, _ = join(
        db.session, demo, JoinRequest("Aino", "Lapin yliopisto", "research", True)
    )
    participant.table = demo.tables[0]
    db.session.flush()
    made = create_idea(db.session, Actor("participant", participant.id), demo.tables[0], title)
    db.session.commit()
    return made


@pytest.fixture
def idea(demo):
    """An idea at the demo's first table, created by a participant from Lapin yliopisto."""
    return new_idea_at_first_table(demo, "Testi")


def edit(doc: Doc, field: str, text: str, at: int = 0) -> bytes:
    before = doc.get_state()
    doc.get(field, type=Text).insert(at, text)
    return doc.get_update(before)


def log_length(idea_id: int) -> int:
    """Return how many rows the idea's update log holds (the snapshot not counted)."""
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(IdeaUpdate).where(IdeaUpdate.idea_id == idea_id)
    )


def author_of(idea) -> Author:
    participant = db.session.get(Participant, idea.created_by_id)
    return Author(participant.id, None, participant.organisation_id, participant.org_type)


def test_state_vector_decoding_matches_pycrdt():
    doc = new_document({"need": "x" * 300})
    assert _clocks(doc.get_state()) == {doc.client_id: 300}
    assert _clocks(Doc().get_state()) == {}


def test_duplicate_update_changes_nothing():
    source, target = new_document({"need": "abc"}), Doc()
    update = source.get_update()
    assert apply_checked(target, update, ["need"]).changed
    again = apply_checked(target, update, ["need"])
    assert not again.changed and not again.pending
    assert str(target.get("need", type=Text)) == "abc"


def test_malformed_update_leaves_the_document_untouched():
    doc = new_document({"need": "abc"})
    for bad in (b"", b"\x01\x02\x03", b"\xff" * 40):
        with pytest.raises(MalformedUpdate):
            apply_checked(doc, bad, ["need"])
    assert str(doc.get("need", type=Text)) == "abc"


def test_update_with_missing_dependencies_is_kept_as_pending():
    source = new_document({"need": "abc"})
    first = source.get_update()
    later = edit(source, "need", "XYZ", at=3)
    target = Doc()
    result = apply_checked(target, later, ["need"])
    assert result.pending and not result.changed
    apply_checked(target, first, ["need"])
    assert str(target.get("need", type=Text)) == "abcXYZ"


def test_create_idea_logs_its_title_as_seq_one(idea):
    assert idea.last_seq == 1
    loaded = store.load_idea(db.session, idea.id)
    assert loaded.last_seq == 1 and str(loaded.doc.get("title", type=Text)) == "Testi"


def test_submit_acks_after_commit_with_increasing_seqs_and_broadcasts(service, idea):
    client = Doc()
    client.apply_update(service.sync(idea.id, KEYS, None)[0])
    seqs = [
        service.submit(idea.id, KEYS, edit(client, "need", f"{n} "), author_of(idea), sid="s1")
        for n in range(3)
    ]
    assert seqs == [2, 3, 4]
    rows = db.session.scalars(
        sa.select(IdeaUpdate.seq).where(IdeaUpdate.idea_id == idea.id).order_by(IdeaUpdate.seq)
    ).all()
    assert rows == [1, 2, 3, 4]  # committed before the ack came back
    assert [s[2] for s in service.sent] == ["s1", "s1", "s1"]  # the sender is skipped


def test_duplicate_submit_writes_nothing_and_returns_the_current_seq(service, idea):
    client = Doc()
    client.apply_update(service.sync(idea.id, KEYS, None)[0])
    update = edit(client, "need", "kerran")
    assert service.submit(idea.id, KEYS, update, author_of(idea)) == 2
    assert service.submit(idea.id, KEYS, update, author_of(idea)) == 2
    assert log_length(idea.id) == 2


def test_bad_updates_are_refused_and_the_log_is_unchanged(service, idea):
    with pytest.raises(MalformedUpdate):
        service.submit(idea.id, KEYS, b"\x00garbage", author_of(idea))
    with pytest.raises(UpdateTooLarge):
        service.submit(idea.id, KEYS, edit(Doc(), "need", "x" * 5000), author_of(idea))
    assert log_length(idea.id) == 1


def test_concurrent_submits_all_land_with_distinct_seqs(service, idea):
    clients = [Doc() for _ in range(8)]
    author = author_of(idea)
    results = []

    def write(doc: Doc, n: int) -> None:
        results.append(service.submit(idea.id, KEYS, edit(doc, "goals", f"[{n}]"), author))

    workers = [threading.Thread(target=write, args=(doc, n)) for n, doc in enumerate(clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(results) == list(range(2, 10))
    text = service.text_of(idea.id, KEYS)["goals"]
    assert all(f"[{n}]" in text for n in range(8))


def test_compaction_keeps_text_and_authorship(service, idea):
    client = Doc()
    client.apply_update(service.sync(idea.id, KEYS, None)[0])
    for n in range(25):
        service.submit(idea.id, KEYS, edit(client, "actions", f"rivi {n}\n"), author_of(idea))
    snapshot = db.session.get(IdeaSnapshot, idea.id)
    assert snapshot is not None and snapshot.seq >= 10
    assert log_length(idea.id) < 25
    loaded = store.load_idea(db.session, idea.id)
    reloaded = loaded.doc
    assert loaded.last_seq == 26
    assert str(reloaded.get("actions", type=Text)) == str(client.get("actions", type=Text))
    chars = db.session.scalar(
        sa.select(IdeaContribution.chars).where(IdeaContribution.idea_id == idea.id)
    )
    assert chars == len("Testi") + sum(len(f"rivi {n}\n") for n in range(25))


def test_projection_is_written_for_lists_and_search(service, idea):
    client = Doc()
    client.apply_update(service.sync(idea.id, KEYS, None)[0])
    title = client.get("title", type=Text)
    before = client.get_state()
    title.insert(len(title), " uudella nimellä")
    service.submit(idea.id, KEYS, client.get_update(before), author_of(idea))
    service.submit(idea.id, KEYS, edit(client, "need", "<script>x</script>"), author_of(idea))
    service.flush()
    db.session.expire_all()
    stored = db.session.get(Idea, idea.id)
    assert stored.title == "Testi uudella nimellä"
    assert stored.fields["need"] == "<script>x</script>"
