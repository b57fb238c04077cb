"""Hostile updates over real Socket.IO connections to a real server process: a pycrdt
panic answers `invalid` (not silence), the idea keeps loading and saving, and an idea
poisoned before this fix (a snapshot that does not load) opens and exports."""

import pytest
import sqlalchemy as sa
from facilitation_helpers import Facilitator
from pycrdt import Doc, Text, merge_updates
from socket_helpers import participant
from test_collab_poison import MERGE_POISON, PANIC, PANIC_BASE
from test_socket_ideas import new_idea, table_ids

pytestmark = pytest.mark.server


def opened(client, idea_id: int) -> Doc:
    ack = client.call("open_idea", {"idea_id": idea_id, "state_vector": None}, timeout=10)
    assert ack["ok"], ack
    doc = Doc()
    doc.apply_update(ack["update"])
    return doc


def test_an_update_that_panics_pycrdt_is_answered_invalid_and_editing_goes_on(live_server):
    table = table_ids(live_server)[3]
    client = participant(live_server, table)
    idea_id = new_idea(client, table, "Paniikki")
    opened(client, idea_id)
    ack = client.call("update_idea", {"idea_id": idea_id, "update": PANIC_BASE}, timeout=10)
    assert ack["ok"], ack
    ack = client.call("update_idea", {"idea_id": idea_id, "update": PANIC}, timeout=10)
    assert ack == {"ok": False, "error": ack["error"]} and ack["error"]["code"] == "invalid"

    doc = opened(client, idea_id)  # rebuilt from the log
    assert str(doc.get("need", type=Text)) == "a"
    before = doc.get_state()
    doc.get("need", type=Text).insert(1, "b")
    ack = client.call(
        "update_idea", {"idea_id": idea_id, "update": doc.get_update(before)}, timeout=10
    )
    assert ack["ok"], ack
    assert str(opened(client, idea_id).get("need", type=Text)) == "ab"
    client.disconnect()


def test_an_idea_whose_snapshot_was_poisoned_opens_and_exports(live_server):
    table = table_ids(live_server)[4]
    client = participant(live_server, table)
    idea_id = new_idea(client, table, "Myrkytetty")
    engine = live_server.database.engine()
    try:
        with engine.begin() as connection:  # what the old compaction left behind
            connection.execute(
                sa.text("DELETE FROM idea_update WHERE idea_id = :i"), {"i": idea_id}
            )
            connection.execute(
                sa.text(
                    "INSERT INTO idea_snapshot (idea_id, seq, data, created_at) "
                    "VALUES (:i, 1, :d, CURRENT_TIMESTAMP)"
                ),
                {"i": idea_id, "d": merge_updates(*MERGE_POISON)},
            )
    finally:
        engine.dispose()
    live_server.restart()  # no live room holds the idea any more
    client = participant(live_server, table)
    doc = opened(client, idea_id)
    before = doc.get_state()
    doc.get("need", type=Text).insert(0, "Uusi alku")
    ack = client.call(
        "update_idea", {"idea_id": idea_id, "update": doc.get_update(before)}, timeout=10
    )
    assert ack["ok"], ack
    client.disconnect()

    demo = live_server.demo
    facilitator = Facilitator(live_server, demo.facilitator_email, demo.facilitator_password)
    web = facilitator.log_in().session
    base = live_server.url(f"/f/workshops/{demo.workshop_id}")
    for name in ("docx", "html", "xlsx", "csv", "json", "md"):
        response = web.get(f"{base}/export", params={"format": name}, timeout=30)
        assert response.status_code == 200, (name, response.status_code)
    exported = web.get(f"{base}/export", params={"format": "json"}, timeout=30).json()
    idea = next(i for p in exported["priorities"] for i in p["ideas"] if i["id"] == idea_id)
    assert idea["damaged"] is True and idea["fields"]["need"] == "Uusi alku"
    assert web.get(f"{base}/organisations", timeout=30).status_code == 200
    page = web.get(base, timeout=30).text  # in Finnish, the default
    # The title was in the lost snapshot: the idea is listed by its number.
    assert "Vaurioituneet aihiot" in page and f"#{idea_id} — 1 muutos erillään" in page
