"""An idea whose table is gone (imported without one) is editable only by the
facilitator: a participant without a seat does not match the missing table."""

import pytest
import sqlalchemy as sa
from facilitation_helpers import Database, Facilitator
from pycrdt import Doc, Text
from socket_helpers import RawSocket, join, participant

from workshop.errors import Forbidden
from workshop.extensions import db
from workshop.ideas import Actor, check_can_edit, create_idea
from workshop.joining import JoinRequest
from workshop.joining import join as join_workshop


def test_check_can_edit_keeps_seatless_participants_off_a_tableless_idea(app, demo):
    idea = create_idea(db.session, Actor("facilitator", demo.owner_id), demo.tables[0], "Koe")
    seatless, _token = join_workshop(
        db.session, demo, JoinRequest("Aino", "Lapin yliopisto", "research", True)
    )
    db.session.flush()
    idea.table_id = None
    with pytest.raises(Forbidden):
        check_can_edit(db.session, Actor("participant", seatless.id), idea)
    check_can_edit(db.session, Actor("facilitator", demo.owner_id), idea)


def first_table(server) -> int:
    rows = Database(server)
    try:
        return rows.rows(
            "SELECT min(id) FROM workshop_table WHERE workshop_id = :w", w=server.demo.workshop_id
        )[0][0]
    finally:
        rows.dispose()


def typed(field: str, text: str) -> bytes:
    """Return a Yjs update that types `text` into an empty field."""
    doc = Doc()
    doc.get(field, type=Text).insert(0, text)
    return doc.get_update()


UPDATE = '{"idea_id": %d, "update": {"_placeholder": true, "num": 0}}'


def test_over_sockets_only_the_facilitator_edits_an_idea_without_a_table(live_server):
    table = first_table(live_server)
    author = participant(live_server, table, name="Kirjoittaja")
    ack = author.call("create_idea", {"table_id": table, "title": "Pöydätön aihio"}, timeout=10)
    assert ack["ok"], ack
    idea_id = ack["idea"]["id"]
    author.disconnect()
    database = Database(live_server)
    with database.engine.begin() as connection:  # as an import without tables leaves it
        connection.execute(sa.text("UPDATE idea SET table_id = NULL WHERE id = :i"), {"i": idea_id})

    # RawSocket: one thread reads the frames in order (python-socketio's client handles each
    # frame in its own thread, and a binary ack's attachment can overtake its header).
    seatless = RawSocket(live_server, auth={"token": join(live_server, name="Istumaton")})
    facilitator = Facilitator(
        live_server, live_server.demo.facilitator_email, live_server.demo.facilitator_password
    ).log_in()
    host = RawSocket(live_server, cookie=facilitator.cookie())
    try:
        assert seatless.connected and host.connected, (seatless.refusal, host.refusal)
        ack = seatless.call("update_idea", UPDATE % idea_id, (typed("need", "Kaappaus"),))
        assert ack["ok"] is False and ack["error"]["code"] == "forbidden", ack
        state = seatless.call("set_idea_state", f'{{"idea_id": {idea_id}, "state": "ready"}}')
        assert state["ok"] is False and state["error"]["code"] == "forbidden", state

        ack = host.call("update_idea", UPDATE % idea_id, (typed("need", "Tarkennus"),))
        assert ack["ok"], ack
        assert database.logged_seqs(idea_id) == [1, ack["seq"]]
    finally:
        seatless.close()
        host.close()
        with database.engine.begin() as connection:  # leave the shared demo as it was
            connection.execute(
                sa.text("UPDATE idea SET table_id = :t WHERE id = :i"), {"t": table, "i": idea_id}
            )
        database.dispose()
