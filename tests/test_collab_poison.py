"""No idea can be poisoned: crafted updates that each apply cannot make an idea unloadable
through compaction, a row that does not apply is set aside and the rest loads, pycrdt
panics answer `invalid`, and exports list a damaged idea instead of failing.

The two crafted series below were found by fuzzing (tests/crdt_fuzz.py) against the code
before this fix: the first merged (compaction's `merge_updates`) into a snapshot pycrdt
refused to load; the second made pycrdt panic on the live document, a BaseException that
`except Exception` missed.
"""

import base64
import json

import pytest
import sqlalchemy as sa
from pycrdt import Array, Doc, Text, merge_updates
from test_collab_store import KEYS, author_of, edit, idea, service  # noqa: F401  (fixtures)

from workshop.collab import store
from workshop.collab.document import MalformedUpdate, RoomDamaged, read_fields
from workshop.export.data import collect
from workshop.export.render import render
from workshop.extensions import db
from workshop.models import IdeaQuarantine, IdeaSnapshot, IdeaUpdate

# Each applies; merged they do not load ("unexpected end of buffer").
MERGE_POISON = [
    bytes.fromhex("0101ac9fdfcf64cf9e070244ac9f5fcfe4cf9e0700016100"),
    bytes.fromhex("0101ebf2afd898cbc042060401046c65616402780a00"),
]
# The first applies; the second decodes alone but panics on a document holding the first.
PANIC_BASE = bytes.fromhex("010198e5f8989b868905000401046e656564016100")
PANIC = bytes.fromhex("010198e5f8989b868905018498e5f8986486890500016100")


def log_seqs(idea_id: int) -> list[int]:
    return list(
        db.session.scalars(
            sa.select(IdeaUpdate.seq).where(IdeaUpdate.idea_id == idea_id).order_by(IdeaUpdate.seq)
        )
    )


def quarantined(idea_id: int) -> list[IdeaQuarantine]:
    return list(
        db.session.scalars(sa.select(IdeaQuarantine).where(IdeaQuarantine.idea_id == idea_id))
    )


def exported_idea(workshop_id: int, idea_id: int) -> dict:
    data = collect(db.session, workshop_id)
    exported = json.loads(render(data, "json").body)
    return next(i for p in exported["priorities"] for i in p["ideas"] if i["id"] == idea_id)


def test_the_crafted_series_really_merges_into_bytes_that_do_not_load():
    doc = Doc()
    for update in MERGE_POISON:
        doc.apply_update(update)  # each is accepted on its own
    with pytest.raises(ValueError):
        Doc().apply_update(merge_updates(*MERGE_POISON))


def test_compaction_of_a_crafted_series_keeps_the_idea_loadable_and_exportable(service, idea, app):
    author = author_of(idea)
    for update in MERGE_POISON:
        service.submit(idea.id, KEYS, update, author)
    live = service.text_of(idea.id, KEYS)
    with app.app_context():
        store.compact(db.session, idea.id, KEYS)
        db.session.commit()
    service.drop(idea.id)  # as after a restart: load from the snapshot and what is left

    assert service.text_of(idea.id, KEYS) == live
    assert live["lead"] == "x\n" and live["title"] == "Testi"
    assert not quarantined(idea.id)
    exported = exported_idea(idea.workshop_id, idea.id)
    assert exported["fields"]["lead"] == "x\n" and exported["damaged"] is False
    reloaded = Doc()
    reloaded.apply_update(base64.b64decode(exported["crdt"]["data"]))  # it loads too
    assert read_fields(reloaded, KEYS)["title"] == "Testi"


def test_compaction_deletes_nothing_when_the_snapshot_would_not_load_back(
    service, idea, app, monkeypatch
):
    author = author_of(idea)
    doc = Doc()
    doc.apply_update(service.sync(idea.id, KEYS, None)[0])
    for n in range(5):
        service.submit(idea.id, KEYS, edit(doc, "need", f"rivi {n}\n"), author)
    before = log_seqs(idea.id)
    # A snapshot that loses its last byte stands for any encoding pycrdt gets wrong.
    real = store.encoded
    monkeypatch.setattr(store, "encoded", lambda d: real(d)[:-1])
    with app.app_context(), pytest.raises(store.SnapshotMismatch):
        store.compact(db.session, idea.id, KEYS)
    db.session.rollback()
    assert log_seqs(idea.id) == before
    assert db.session.get(IdeaSnapshot, idea.id) is None
    monkeypatch.setattr(store, "encoded", real)
    service.drop(idea.id)
    assert service.text_of(idea.id, KEYS)["need"] == "rivi 4\nrivi 3\nrivi 2\nrivi 1\nrivi 0\n"


def test_compaction_keeps_rows_still_waiting_for_what_they_build_on(service, idea, app):
    author = author_of(idea)
    writer = Doc()
    writer.apply_update(service.sync(idea.id, KEYS, None)[0])
    first = edit(writer, "goals", "Kylmä")
    second = edit(writer, "goals", " testaus", at=len("Kylmä".encode()))
    service.submit(idea.id, KEYS, second, author)  # arrives first: it waits for `first`
    with app.app_context():
        store.compact(db.session, idea.id, KEYS)
        db.session.commit()
    assert log_seqs(idea.id), "the waiting update must stay in the log"
    service.drop(idea.id)
    service.submit(idea.id, KEYS, first, author)
    service.drop(idea.id)
    assert service.text_of(idea.id, KEYS)["goals"] == "Kylmä testaus"


def test_a_snapshot_that_does_not_load_is_set_aside_and_the_rest_of_the_idea_loads(
    service, idea, app
):
    """An idea poisoned by the old compaction: its snapshot no longer loads."""
    author = author_of(idea)
    db.session.add(IdeaSnapshot(idea_id=idea.id, seq=1, data=merge_updates(*MERGE_POISON)))
    db.session.execute(sa.delete(IdeaUpdate).where(IdeaUpdate.idea_id == idea.id))
    db.session.commit()
    writer = Doc()
    service.submit(idea.id, KEYS, edit(writer, "need", "Testiradat"), author)
    service.drop(idea.id)

    assert service.text_of(idea.id, KEYS)["need"] == "Testiradat"
    aside = quarantined(idea.id)
    assert [(q.kind, q.seq) for q in aside] == [("snapshot", 1)]
    assert db.session.get(IdeaSnapshot, idea.id) is None
    exported = exported_idea(idea.workshop_id, idea.id)
    assert exported["damaged"] is True and exported["fields"]["need"] == "Testiradat"


def test_a_logged_row_that_does_not_apply_is_quarantined_with_its_author(service, idea, app):
    author = author_of(idea)
    writer = Doc()
    service.submit(idea.id, KEYS, edit(writer, "need", "Alku"), author)
    db.session.add(
        IdeaUpdate(
            idea_id=idea.id, seq=99, data=b"\x01\x01\xff", participant_id=author.participant_id
        )
    )
    db.session.commit()
    service.drop(idea.id)

    assert service.text_of(idea.id, KEYS)["need"] == "Alku"
    aside = quarantined(idea.id)
    assert len(aside) == 1 and aside[0].seq == 99 and aside[0].data == b"\x01\x01\xff"
    assert aside[0].participant_id == author.participant_id
    assert 99 not in log_seqs(idea.id)


def test_every_format_exports_a_workshop_with_a_damaged_idea(service, idea, app):
    db.session.add(IdeaSnapshot(idea_id=idea.id, seq=1, data=merge_updates(*MERGE_POISON)))
    db.session.execute(sa.delete(IdeaUpdate).where(IdeaUpdate.idea_id == idea.id))
    db.session.commit()
    data = collect(db.session, idea.workshop_id)
    assert [i.damaged for i in data.ideas if i.id == idea.id] == [True]
    for name in ("docx", "html", "xlsx", "csv", "json", "md"):
        assert render(data, name, "fi").body, name
    html = render(data, "html", "en").body
    html = html.decode() if isinstance(html, bytes) else html
    assert "saved changes did not load; they are kept apart" in html
    assert "Vaurioitunut" in render(data, "md", "fi").body.decode()


def test_an_update_that_panics_pycrdt_answers_invalid_and_the_room_reloads(service, idea, app):
    author = author_of(idea)
    service.submit(idea.id, KEYS, PANIC_BASE, author)
    with pytest.raises(RoomDamaged):
        service.submit(idea.id, KEYS, PANIC, author)
    assert idea.id not in service.rooms and service.rooms_dropped == 1
    assert service.text_of(idea.id, KEYS)["need"] == "a"  # rebuilt from the log
    writer = Doc()
    writer.apply_update(service.sync(idea.id, KEYS, None)[0])
    service.submit(idea.id, KEYS, edit(writer, "need", "b", at=1), author)  # still commits
    assert service.text_of(idea.id, KEYS)["need"] == "ab"


def test_an_update_that_puts_an_object_into_a_field_is_refused(service, idea, app):
    author = author_of(idea)
    nested = Doc()
    nested.get("need", type=Array).append(Text("upotettu"))
    with pytest.raises(MalformedUpdate):
        service.submit(idea.id, KEYS, nested.get_update(), author)
    assert service.text_of(idea.id, KEYS)["need"] == ""
    assert not log_seqs(idea.id)[1:]  # only the title's creation is logged
