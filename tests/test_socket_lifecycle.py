"""Archiving, restoring and merging drafts (docs/protocol.md, "Lifecycle") over real
Socket.IO connections to the session's live server: the table sees an archived draft go
and come back; a merge appends the source's text to the target through the update log,
combines the votes without counting anyone twice and happens once on a double click;
bad requests are refused with the field to fix and change nothing."""

import itertools
import time

import pytest
from facilitation_helpers import Database, Facilitator, seated
from socket_helpers import Editor

pytestmark = pytest.mark.server
_titles = itertools.count(1)


@pytest.fixture(scope="module")
def db(live_server):
    database = Database(live_server)
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def owner(live_server):
    demo = live_server.demo
    return Facilitator(live_server, demo.facilitator_email, demo.facilitator_password).log_in()


@pytest.fixture(scope="module")
def owner_socket(owner):
    peer = owner.socket("owner")
    yield peer
    peer.close()


@pytest.fixture
def peers():
    made = []
    yield made
    for peer in made:
        peer.close()


def workshop_of(owner):
    return owner.create_workshop(f"Elinkaari {next(_titles)}", (2,))


def ok(ack):
    assert ack.get("ok") is True, ack
    return ack


def refused(ack, code, field=None):
    assert ack.get("ok") is False and ack["error"]["code"] == code, ack
    if field:
        assert field in ack["error"].get("fields", {}), ack
    return ack["error"]


def idea_row(db, idea_id):
    (row,) = db.rows(
        "SELECT archived_at IS NOT NULL, merged_into_id, last_seq FROM idea WHERE id = :i",
        i=idea_id,
    )
    return row


def write(peer, idea_id, field, text):
    editor = Editor(peer.client, idea_id)
    editor.open()
    ok(editor.send(editor.type(field, text)))
    return editor


def test_archived_draft_leaves_the_table_live_and_anyone_there_can_undo(
    live_server, owner, db, peers
):
    workshop = workshop_of(owner)
    table = workshop.tables[0]
    aino = seated(live_server, workshop, table, "Aino")
    pekka = seated(live_server, workshop, table, "Pekka")
    peers += [aino.peer, pekka.peer]
    idea_id = ok(aino.peer.call("create_idea", {"table_id": table, "title": "Roska"}))["idea"]["id"]

    ack = ok(aino.peer.call("archive_idea", {"idea_id": idea_id}))
    assert ack["idea"]["archived"] is True and ack["undo_seconds"] > 0
    seen = pekka.peer.wait_for("ideas_changed", lambda c: c["change"] == "archived")
    assert seen["idea"]["id"] == idea_id
    listed = ok(pekka.peer.call("join_table", {"table_id": table}))["ideas"]
    assert idea_id not in [i["id"] for i in listed]
    assert idea_row(db, idea_id)[0] == 1

    ok(pekka.peer.call("restore_idea", {"idea_id": idea_id}))  # the undo, by another member
    assert aino.peer.wait_for("ideas_changed", lambda c: c["change"] == "restored")
    listed = ok(aino.peer.call("join_table", {"table_id": table}))["ideas"]
    assert idea_id in [i["id"] for i in listed] and idea_row(db, idea_id)[0] == 0


def test_an_archived_draft_open_on_a_screen_takes_no_more_text(live_server, owner, db, peers):
    """Archiving while someone has the draft open: their next keystrokes are refused (the
    committer re-checks per batch), nothing is logged, and after a restore they write."""
    workshop = workshop_of(owner)
    table = workshop.tables[0]
    aino = seated(live_server, workshop, table, "Aino Auki")
    pekka = seated(live_server, workshop, table, "Pekka Poistaja")
    peers += [aino.peer, pekka.peer]
    idea_id = ok(aino.peer.call("create_idea", {"table_id": table, "title": "Auki"}))["idea"]["id"]
    editor = write(aino.peer, idea_id, "need", "Ennen arkistointia. ")
    logged = idea_row(db, idea_id)[2]

    ok(pekka.peer.call("archive_idea", {"idea_id": idea_id}))
    error = refused(editor.send(editor.type("need", "Arkistoinnin jälkeen.")), "forbidden")
    assert "archived" in error["message"] or "arkistoitu" in error["message"]
    assert idea_row(db, idea_id)[2] == logged  # nothing logged

    ok(pekka.peer.call("restore_idea", {"idea_id": idea_id}))
    ok(editor.send(editor.type("need", " Palautettu.")))
    assert idea_row(db, idea_id)[2] > logged


def test_only_the_table_and_the_facilitator_archive_a_draft(
    live_server, owner, owner_socket, db, peers
):
    workshop, elsewhere = workshop_of(owner), workshop_of(owner)
    author = seated(live_server, workshop, workshop.tables[0], "Kirjoittaja")
    neighbour = seated(live_server, workshop, workshop.tables[1], "Naapuri")
    stranger = seated(live_server, elsewhere, elsewhere.tables[0], "Muukalainen")
    peers += [author.peer, neighbour.peer, stranger.peer]
    idea_id = ok(author.peer.call("create_idea", {"table_id": author.table_id, "title": "Idea"}))[
        "idea"
    ]["id"]
    refused(neighbour.peer.call("archive_idea", {"idea_id": idea_id}), "forbidden")
    refused(stranger.peer.call("archive_idea", {"idea_id": idea_id}), "forbidden")
    refused(author.peer.call("archive_idea", {"idea_id": "1"}), "invalid", "idea_id")
    assert idea_row(db, idea_id)[0] == 0
    ok(owner_socket.call("archive_idea", {"idea_id": idea_id}))
    ok(owner_socket.call("restore_idea", {"idea_id": idea_id}))
    assert idea_row(db, idea_id)[0] == 0


def test_merge_appends_the_text_combines_votes_and_happens_once(
    live_server, owner, owner_socket, db, peers
):
    workshop = workshop_of(owner)
    left = seated(live_server, workshop, workshop.tables[0], "Vasen", "Lapin yliopisto")
    right = seated(
        live_server, workshop, workshop.tables[1], "Oikea", "Kemin kaupunki", "municipality"
    )
    peers += [left.peer, right.peer]
    target = ok(left.peer.call("create_idea", {"table_id": left.table_id, "title": "Vety"}))
    source = ok(right.peer.call("create_idea", {"table_id": right.table_id, "title": "Vety 2"}))
    target_id, source_id = target["idea"]["id"], source["idea"]["id"]
    write(left.peer, target_id, "need", "Teollisuus tarvitsee vetyä.")
    write(right.peer, source_id, "need", "Kemissä on ylijäämäsähköä.")
    write(right.peer, source_id, "partners", "Kemin kaupunki")
    ok(
        owner_socket.call(
            "voting", {"workshop_id": workshop.id, "open": True, "votes_per_participant": 3}
        )
    )
    ok(left.peer.call("vote", {"idea_id": target_id}))
    ok(left.peer.call("vote", {"idea_id": source_id}))  # likes both: counts once
    ok(right.peer.call("vote", {"idea_id": source_id}))
    seq_before = idea_row(db, target_id)[2]

    answers = []
    for _ in range(2):  # a double click: both sent before either is answered
        owner_socket.emit(
            "merge_ideas", {"source_id": source_id, "target_id": target_id}, answers.append
        )
    deadline = time.monotonic() + 15
    while len(answers) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [a["ok"] for a in answers] == [True, True], answers
    assert sorted(a["merged"] for a in answers) == [False, True]

    assert idea_row(db, source_id)[:2] == (1, target_id)  # archived as merged into the target
    assert idea_row(db, target_id)[2] == seq_before + 1  # one logged update, not two
    votes = db.rows(
        "SELECT participant_id FROM vote WHERE idea_id IN (:s, :t)", s=source_id, t=target_id
    )
    assert sorted(p for (p,) in votes) == sorted([left.id, right.id])
    assert db.rows("SELECT count(*) FROM vote WHERE idea_id = :t", t=target_id) == [(2,)]
    voice = dict(
        db.rows(
            "SELECT participant_id, chars FROM idea_contribution WHERE idea_id = :t"
            " AND participant_id IS NOT NULL",
            t=target_id,
        )
    )
    assert voice.get(right.id, 0) > 0  # the merged text counts as the source author's voice

    reader = Editor(left.peer.client, target_id)
    reader.open()
    need = reader.text("need")
    assert need.count("Kemissä on ylijäämäsähköä.") == 1 and need.startswith("Teollisuus")
    assert "Kemin kaupunki" in reader.text("partners")
    listed = ok(right.peer.call("join_table", {"table_id": right.table_id}))["ideas"]
    assert source_id not in [i["id"] for i in listed]
    again = ok(owner_socket.call("merge_ideas", {"source_id": source_id, "target_id": target_id}))
    assert again["merged"] is False and idea_row(db, target_id)[2] == seq_before + 1
    refused(right.peer.call("vote", {"idea_id": source_id}), "invalid", "idea_id")  # archived
    error = refused(owner_socket.call("restore_idea", {"idea_id": source_id}), "invalid")
    assert str(target_id) in error["message"]


def test_bad_merges_are_refused_and_change_nothing(live_server, owner, owner_socket, db, peers):
    workshop, other = workshop_of(owner), workshop_of(owner)
    here = seated(live_server, workshop, workshop.tables[0], "Täällä")
    there = seated(live_server, other, other.tables[0], "Tuolla")
    peers += [here.peer, there.peer]

    def idea(seat, title):
        return ok(seat.peer.call("create_idea", {"table_id": seat.table_id, "title": title}))[
            "idea"
        ]["id"]

    a, b, archived, foreign = idea(here, "A"), idea(here, "B"), idea(here, "C"), idea(there, "D")
    ok(here.peer.call("archive_idea", {"idea_id": archived}))
    before = [idea_row(db, i) for i in (a, b, archived, foreign)]

    def merge(peer, source, target):
        return peer.call("merge_ideas", {"source_id": source, "target_id": target})

    refused(merge(here.peer, a, b), "forbidden")  # a participant
    refused(merge(owner_socket, a, a), "invalid", "target_id")
    refused(merge(owner_socket, a, archived), "invalid", "target_id")
    refused(merge(owner_socket, archived, a), "invalid", "source_id")
    refused(merge(owner_socket, foreign, a), "invalid", "source_id")  # across workshops
    refused(merge(owner_socket, a, 10**9), "not_found", "target_id")
    refused(merge(owner_socket, "a", b), "invalid", "source_id")
    assert [idea_row(db, i) for i in (a, b, archived, foreign)] == before
