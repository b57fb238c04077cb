"""The realtime protocol over real Socket.IO connections to a real server process."""

import pytest
import socketio
import sqlalchemy as sa
from pycrdt import Doc
from socket_helpers import Editor, connect, join, participant, wait_for

pytestmark = pytest.mark.server


def table_ids(server) -> list[int]:
    with server.database.engine().connect() as connection:
        return list(
            connection.execute(
                sa.text("SELECT id FROM workshop_table WHERE workshop_id = :w ORDER BY id"),
                {"w": server.demo.workshop_id},
            ).scalars()
        )


def new_idea(client, table_id: int, title: str = "Kylmätestaus") -> int:
    ack = client.call("create_idea", {"table_id": table_id, "title": title}, timeout=10)
    assert ack["ok"], ack
    return ack["idea"]["id"]


def logged_seqs(server, idea_id: int) -> list[int]:
    engine = server.database.engine()
    try:
        with engine.connect() as connection:
            return list(
                connection.execute(
                    sa.text("SELECT seq FROM idea_update WHERE idea_id = :i ORDER BY seq"),
                    {"i": idea_id},
                ).scalars()
            )
    finally:
        engine.dispose()


def test_connection_without_identity_is_refused(live_server):
    for token in (None, "not-a-token"):
        with pytest.raises(socketio.exceptions.ConnectionError):
            connect(live_server, token)


def test_join_table_answers_members_and_tells_the_others(live_server):
    table = table_ids(live_server)[0]
    first = participant(live_server, table, name="Aino", organisation="Lapin yliopisto")
    second = connect(
        live_server,
        join(live_server, name="Pekka", organisation="Kemin kaupunki", org_type="municipality"),
    )
    ack = second.call("join_table", {"table_id": table}, timeout=10)
    assert ack["ok"] and ack["table"]["id"] == table
    assert {"Lapin yliopisto", "Kemin kaupunki"} <= {m["organisation"] for m in ack["members"]}
    state = wait_for(
        first, "table_state", lambda s: any(m["name"] == "Pekka" for m in s["members"])
    )
    pekka = next(m for m in state["members"] if m["name"] == "Pekka")
    assert pekka["online"] and pekka["org_type"] == "municipality"
    first.disconnect()
    second.disconnect()


def test_created_idea_reaches_everyone_at_the_table(live_server):
    table = table_ids(live_server)[1]
    author, other = participant(live_server, table), participant(live_server, table, name="Pekka")
    idea_id = new_idea(author, table, "Arktinen datakeskus")
    change = wait_for(other, "ideas_changed", lambda c: c["idea"]["id"] == idea_id)
    assert change["change"] == "created" and change["idea"]["title"] == "Arktinen datakeskus"
    listed = other.call("join_table", {"table_id": table}, timeout=10)["ideas"]
    assert idea_id in [i["id"] for i in listed]
    author.disconnect()
    other.disconnect()


def test_update_is_committed_before_its_ack_and_broadcast_to_the_room(live_server):
    table = table_ids(live_server)[2]
    a, b = participant(live_server, table), participant(live_server, table, name="Pekka")
    idea_id = new_idea(a, table)
    alice, bob = Editor(a, idea_id), Editor(b, idea_id)
    alice.open()
    bob.open()
    ack = alice.send(alice.type("need", "Testiympäristöjä puuttuu. "))
    assert ack["ok"] and ack["seq"] == 2
    assert logged_seqs(live_server, idea_id)[-1] == 2  # durable when acknowledged
    bob.receive(wait_for(b, "idea_update", lambda u: u["idea_id"] == idea_id))
    assert bob.text("need") == "Testiympäristöjä puuttuu. "
    # A client may still send binary (an attachment: two frames); it is taken the same.
    reply = bob.send(bob.type("need", "Kyllä!"), binary=True)
    assert reply["ok"] and reply["seq"] == 3
    alice.receive(wait_for(a, "idea_update", lambda u: u["idea_id"] == idea_id))
    assert alice.text("need") == bob.text("need") == "Testiympäristöjä puuttuu. Kyllä!"
    a.disconnect()
    b.disconnect()


def test_bad_updates_get_error_acks_log_unchanged_connection_kept(live_server):
    table = table_ids(live_server)[3]
    client = participant(live_server, table)
    idea_id = new_idea(client, table)
    editor = Editor(client, idea_id)
    editor.open()
    before = logged_seqs(live_server, idea_id)
    cases = [
        ({"idea_id": idea_id, "update": b"\x05garbage"}, "invalid"),
        ({"idea_id": idea_id, "update": "text, not base64"}, "invalid"),
        ({"idea_id": idea_id, "update": "BWdhcmJhZ2U="}, "invalid"),  # base64 of garbage
        ({"idea_id": idea_id, "update": ""}, "invalid"),
        ({"idea_id": idea_id}, "invalid"),
        ({"idea_id": "1"}, "invalid"),
        ({"idea_id": True, "update": b"\x00\x00"}, "invalid"),
        ({"idea_id": 10**9, "update": b"\x00\x00"}, "not_found"),
        (
            {"idea_id": idea_id, "update": Editor(client, idea_id).type("need", "x" * 300_000)},
            "too_large",
        ),
    ]
    for payload, code in cases:
        ack = client.call("update_idea", payload, timeout=10)
        assert ack["ok"] is False and ack["error"]["code"] == code
        assert ack["error"]["message"]
    assert client.call("update_idea", "not an object", timeout=10)["error"]["code"] == "invalid"
    assert logged_seqs(live_server, idea_id) == before
    assert editor.send(editor.type("need", "still here"))["ok"]  # the connection was kept
    client.disconnect()


def test_open_idea_checks_the_state_vector(live_server):
    table = table_ids(live_server)[0]
    client = participant(live_server, table)
    idea_id = new_idea(client, table)
    for payload in (
        {"idea_id": idea_id},
        {"idea_id": idea_id, "state_vector": "abc"},
        {"idea_id": idea_id, "state_vector": b"\xff\xff\xff"},
    ):
        ack = client.call("open_idea", payload, timeout=10)
        assert not ack["ok"] and ack["error"]["code"] == "invalid"
    client.disconnect()


def test_ideas_of_another_table_cannot_be_edited(live_server):
    tables = table_ids(live_server)
    owner = participant(live_server, tables[4])
    idea_id = new_idea(owner, tables[4])
    stranger = participant(live_server, tables[5], name="Outsider")
    editor = Editor(stranger, idea_id)
    editor.open()  # reading is allowed within the workshop (gallery walk)
    ack = editor.send(editor.type("need", "not mine"))
    assert ack["error"]["code"] == "forbidden"
    assert (
        stranger.call("create_idea", {"table_id": tables[4], "title": "x"}, timeout=10)["error"][
            "code"
        ]
        == "forbidden"
    )
    assert logged_seqs(live_server, idea_id) == [1]
    owner.disconnect()
    stranger.disconnect()


def test_participant_of_another_workshop_is_forbidden(live_server):
    tables = table_ids(live_server)
    insider = participant(live_server, tables[6])
    idea_id = new_idea(insider, tables[6])
    email = live_server.demo.facilitator_email
    token = live_server.cli("users", "token", email).stdout.strip()
    import requests

    other = requests.post(
        live_server.url("/api/v1/workshops"),
        headers={"Authorization": f"Bearer {token}"},
        json={"title": "Toinen työpaja", "priorities": [{"name": "P", "tables": 1}]},
        timeout=10,
    ).json()
    with live_server.database.engine().begin() as connection:
        connection.execute(
            sa.text("UPDATE workshop SET joining_open = :t WHERE id = :w"),
            {"t": True, "w": other["id"]},
        )
    outsider = connect(live_server, join(live_server, code=other["join_code"], name="Muu"))
    for event, payload in (
        ("open_idea", {"idea_id": idea_id, "state_vector": None}),
        (
            "update_idea",
            {"idea_id": idea_id, "update": Editor(outsider, idea_id).type("need", "x")},
        ),
        ("join_table", {"table_id": tables[6]}),
        ("create_idea", {"table_id": tables[6], "title": "x"}),
    ):
        assert outsider.call(event, payload, timeout=10)["error"]["code"] == "forbidden", event
    insider.disconnect()
    outsider.disconnect()


def test_presence_shows_which_idea_each_member_has_open(live_server):
    table = table_ids(live_server)[7]
    a, b = (
        participant(live_server, table, name="Presence Aino"),
        participant(live_server, table, name="Presence Pekka"),
    )
    idea_id = new_idea(a, table)
    Editor(a, idea_id).open()
    state = wait_for(
        b, "table_state", lambda s: any(idea_id in m["idea_ids"] for m in s["members"])
    )
    assert [m["name"] for m in state["members"] if idea_id in m["idea_ids"]] == ["Presence Aino"]
    a.disconnect()
    gone = wait_for(
        b,
        "table_state",
        lambda s: not any(m["name"] == "Presence Aino" and m["online"] for m in s["members"]),
    )
    assert all(idea_id not in m["idea_ids"] for m in gone["members"])
    b.disconnect()


def test_changes_made_offline_are_sent_on_reconnect_without_duplicates(live_server):
    table = table_ids(live_server)[0]
    token = join(live_server, name="Reissaaja")
    client = connect(live_server, token)
    client.call("join_table", {"table_id": table}, timeout=10)
    idea_id = new_idea(client, table)
    editor = Editor(client, idea_id)
    editor.open()
    assert editor.send(editor.type("goals", "verkossa "))["ok"]
    client.disconnect()
    editor.type("goals", "ilman verkkoa")  # typed while offline, never sent
    editor.client = client = connect(live_server, token)
    client.call("join_table", {"table_id": table}, timeout=10)
    ack = editor.open()
    assert editor.send(editor.doc.get_update(ack["state_vector"]))["ok"]
    assert editor.send(editor.doc.get_update(ack["state_vector"]))["ok"]  # resent twice
    fresh = Editor(participant(live_server, table, name="Tarkastaja"), idea_id)
    fresh.open()
    assert fresh.text("goals") == "verkossa ilman verkkoa"
    client.disconnect()
    fresh.client.disconnect()


def test_locked_workshop_answers_locked_and_keeps_the_text(make_live_server):
    server = make_live_server()
    table = table_ids(server)[0]
    client = participant(server, table)
    idea_id = new_idea(client, table)
    editor = Editor(client, idea_id)
    editor.open()
    assert editor.send(editor.type("need", "ennen lukitusta"))["ok"]
    with server.database.engine().begin() as connection:
        connection.execute(sa.text("UPDATE workshop SET state = 'locked'"))
    ack = editor.send(editor.type("need", " jälkeen"))
    assert ack["error"]["code"] == "locked"
    assert (
        client.call("create_idea", {"table_id": table, "title": "x"}, timeout=10)["error"]["code"]
        == "locked"
    )
    reader = Editor(client, idea_id)
    reader.doc = Doc()
    reader.open()
    assert reader.text("need") == "ennen lukitusta"
    client.disconnect()


def test_flooding_is_rate_limited_then_disconnected(make_live_server):
    server = make_live_server(
        env={"AIHIO_SOCKET_RATE": "1", "AIHIO_SOCKET_BURST": "3", "AIHIO_SOCKET_STRIKES": "5"}
    )
    client = connect(server, join(server))
    codes = [
        client.call("join_table", {"table_id": table_ids(server)[0]}, timeout=10)
        .get("error", {})
        .get("code")
        for _ in range(6)
    ]
    assert codes[:3] == [None, None, None] and set(codes[3:]) == {"rate_limited"}
    with pytest.raises((socketio.exceptions.TimeoutError, socketio.exceptions.DisconnectedError)):
        for _ in range(10):
            client.call("join_table", {"table_id": 1}, timeout=2)
    assert not client.connected
