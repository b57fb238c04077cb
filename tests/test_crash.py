"""Crash test: the server is killed with SIGKILL at a random moment while clients type;
after a restart every acknowledged update is in the reloaded document, none twice, and
the clients' unacknowledged typing arrives with their resync."""

import random
import re
import threading
import time

import pytest
import socketio
from socket_helpers import Editor, connect, join
from test_socket_ideas import new_idea, table_ids

pytestmark = pytest.mark.server

WRITERS = 3


def write_until_cut(editor: Editor, writer: int, acked: list[str], typed: list[str]) -> None:
    """Type numbered markers one update at a time, recording those acknowledged."""
    for n in range(100_000):
        marker = f"<{writer}.{n}>"
        update = editor.type("actions", marker)
        typed.append(marker)
        try:
            ack = editor.send(update, timeout=2)
        except (socketio.exceptions.TimeoutError, socketio.exceptions.DisconnectedError):
            return
        if not ack.get("ok"):
            return
        acked.append(marker)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_acknowledged_updates_survive_sigkill(make_live_server, seed):
    rnd = random.Random(seed)
    server = make_live_server()
    table = table_ids(server)[0]
    tokens = [join(server, name=f"Kirjoittaja {i}") for i in range(WRITERS)]
    clients = [connect(server, token) for token in tokens]
    for client in clients:
        assert client.call("join_table", {"table_id": table}, timeout=10)["ok"]
    idea_id = new_idea(clients[0], table, "Kaatumistesti")
    editors = [Editor(client, idea_id) for client in clients]
    for editor in editors:
        editor.open()
    acked = [[] for _ in range(WRITERS)]
    typed = [[] for _ in range(WRITERS)]
    threads = [
        threading.Thread(target=write_until_cut, args=(editors[i], i, acked[i], typed[i]))
        for i in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    time.sleep(rnd.uniform(0.3, 1.5))
    server.kill()
    for thread in threads:
        thread.join(timeout=30)
    for client in clients:
        client.disconnect()
    assert all(acked), "every writer had updates acknowledged before the kill"
    print(f"seed {seed}: {sum(map(len, acked))} acknowledged, {sum(map(len, typed))} typed")

    server.start()
    reader = Editor(connect(server, join(server, name="Lukija")), idea_id)
    reader.client.call("join_table", {"table_id": table}, timeout=10)
    reader.open()
    text = reader.text("actions")
    markers = re.findall(r"<\d+\.\d+>", text)
    assert len(markers) == len(set(markers)), "no update is applied twice"
    for writer in range(WRITERS):
        missing = [m for m in acked[writer] if m not in markers]
        assert not missing, f"acknowledged but lost after SIGKILL: {missing[:5]}"

    # The writers come back: their resync brings what was typed but never acknowledged.
    for writer, token in enumerate(tokens):
        editor = editors[writer]
        editor.client = connect(server, token)
        editor.client.call("join_table", {"table_id": table}, timeout=10)
        ack = editor.open()
        assert editor.send(editor.doc.get_update(ack["state_vector"]))["ok"]
        editor.client.disconnect()
    reader.doc = type(reader.doc)()
    reader.open()
    final = re.findall(r"<\d+\.\d+>", reader.text("actions"))
    assert sorted(final) == sorted(m for t in typed for m in t)
    reader.client.disconnect()
