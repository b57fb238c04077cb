"""Several server processes serve one workshop together (issue 12, part 2): separate
`aihio serve` processes on one PostgreSQL database and one Redis, `aihio serve --workers 2`
on one port, and two processes behind a real nginx. Participants on different processes
co-edit one field live; the facilitator's events reach every process; a process killed with
SIGKILL while its clients type loses no acknowledged update and doubles none.

These run when TEST_DATABASE_URL names a PostgreSQL database (CI's second run, with its
redis-server); tests/conftest.py deselects them otherwise."""

import re
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import socketio
from cluster import Cluster, Nginx, RedisServer
from facilitation_helpers import Database, Facilitator, Peer, csrf, join, new_idea, seated
from playwright.sync_api import expect
from socket_helpers import Editor

pytestmark = [pytest.mark.server, pytest.mark.multiprocess]

MARKER = re.compile(r"<\d+\.\d+>")


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    yield server
    server.close()


@pytest.fixture
def cluster(tmp_path, redis_server):
    made = Cluster(tmp_path, redis_server)
    yield made
    made.close()


def start_all(servers) -> None:
    with ThreadPoolExecutor(max_workers=len(servers)) as pool:  # importing takes seconds
        list(pool.map(lambda server: server.start(timeout=120), servers))


def facilitator(cluster, server) -> Facilitator:
    return Facilitator(server, cluster.demo.facilitator_email, cluster.demo.facilitator_password)


class Writer:
    """A participant typing numbered markers into one field, one update per marker,
    keeping those acknowledged; it stops at the first failure (its process died)."""

    def __init__(self, number: int, token: str, table_id: int, idea_id: int) -> None:
        self.number, self.token, self.table_id, self.idea_id = number, token, table_id, idea_id
        self.acked: list[str] = []
        self.typed: list[str] = []
        self.peer: Peer | None = None
        self.editor: Editor | None = None
        self.failed = threading.Event()

    def connect(self, server) -> "Writer":
        self.peer = Peer(f"writer {self.number}").connect(server, auth={"token": self.token})
        assert self.peer.call("join_table", {"table_id": self.table_id})["ok"]
        if self.editor is None:
            self.editor = Editor(self.peer, self.idea_id)
            self.editor.open()
        else:  # a reconnect: resync both ways, as the browser does
            self.editor.client = self.peer
            ack = self.editor.open()
            missing = self.editor.doc.get_update(ack["state_vector"])
            assert self.editor.send(missing)["ok"]
        return self

    def type_until(self, stop: threading.Event, pause: float = 0.005) -> None:
        n = len(self.typed)
        while not stop.is_set():
            marker = f"<{self.number}.{n}>"
            n += 1
            update = self.editor.type("actions", marker)
            self.typed.append(marker)
            try:
                ack = self.editor.send(update, timeout=3)
            except socketio.exceptions.SocketIOError:
                break
            if not ack.get("ok"):
                break
            self.acked.append(marker)
            time.sleep(pause)
        self.failed.set()

    def live_text(self) -> str:
        """Its replica with every update broadcast to it applied (no reload)."""
        for payload in self.peer.received("idea_update", lambda p: p["idea_id"] == self.idea_id):
            self.editor.receive(payload)
        return self.editor.text("actions")


def read_field(server, token: str, table_id: int, idea_id: int) -> str:
    """What a participant opening the idea afresh on `server` reads in its field."""
    peer = Peer("reader").connect(server, auth={"token": token})
    try:
        assert peer.call("join_table", {"table_id": table_id})["ok"]
        editor = Editor(peer, idea_id)
        editor.open()
        return editor.text("actions")
    finally:
        peer.close()


def typing(writers: list[Writer]) -> tuple[threading.Event, list[threading.Thread]]:
    stop = threading.Event()
    threads = [threading.Thread(target=w.type_until, args=(stop,), daemon=True) for w in writers]
    for thread in threads:
        thread.start()
    return stop, threads


def wait_until(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"not within {seconds} s: {what}")


def assert_nothing_lost_or_doubled(text: str, writers: list[Writer], resynced: bool) -> None:
    markers = MARKER.findall(text)
    assert len(markers) == len(set(markers)), "an update was applied twice"
    for writer in writers:
        lost = [m for m in writer.acked if m not in markers]
        assert not lost, f"writer {writer.number}: acknowledged but lost: {lost[:5]}"
    if resynced:  # after the resync, what was typed but not acknowledged arrived too
        assert sorted(markers) == sorted(m for w in writers for m in w.typed)


def online_in_overview(overview: dict) -> set[int]:
    found = set()

    def walk(node):
        if isinstance(node, dict):
            if "online" in node and "id" in node and node["online"]:
                found.add(node["id"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(overview)
    return found


# -- two processes: one field, live --------------------------------------------------------


def test_two_processes_co_edit_one_field_live(cluster):
    a, b = cluster.server(), cluster.server()
    start_all([a, b])
    owner = facilitator(cluster, a).log_in()
    workshop = owner.create_workshop("Kahden prosessin työpaja", tables=(1,))
    table = workshop.tables[0]
    overview = Peer("overview on B").connect(b, headers={"Cookie": owner.cookie()})
    assert overview.call("watch_overview", {"workshop_id": workshop.id})["ok"]

    aino = seated(a, workshop, table, "Aino A", org_type="research")
    bertta = seated(b, workshop, table, "Bertta B", org_type="company")
    # A's table state names Bertta (connected to B) online, and reaches Aino on A.
    aino.peer.wait_for(
        "table_state",
        lambda s: {m["id"] for m in s["members"] if m["online"]} == {aino.id, bertta.id},
    )
    # The overview on B sees both online, one of them connected to A.
    overview.wait_for("overview", lambda o: {aino.id, bertta.id} <= online_in_overview(o))

    idea_id = aino.peer.call("create_idea", {"table_id": table, "title": "Yhteinen"})["idea"]["id"]
    writers = []
    for number, person in enumerate((aino, bertta)):
        writer = Writer(number, person.token, table, idea_id)
        writer.peer, writer.editor = person.peer, Editor(person.peer, idea_id)
        writer.editor.open()
        writers.append(writer)
    stop, threads = typing(writers)
    wait_until(lambda: all(len(w.acked) >= 40 for w in writers), 60, "40 acks each")
    stop.set()
    for thread in threads:
        thread.join(10)

    # Live: each replica gets the other's text through the broadcast, across processes.
    for writer in writers:
        other = writers[1 - writer.number]
        wait_until(
            lambda w=writer, o=other: set(o.acked) <= set(MARKER.findall(w.live_text())),
            10,
            f"writer {writer.number} sees the other's text live",
        )
    texts = {read_field(server, aino.token, table, idea_id) for server in (a, b)}
    assert len(texts) == 1, "both processes serve the same text"
    assert_nothing_lost_or_doubled(texts.pop(), writers, resynced=True)
    assert writers[0].live_text() == writers[1].live_text()

    # The log: every update once, seqs from the database without gaps or collisions.
    database = Database(a)
    try:
        seqs = database.logged_seqs(idea_id)
    finally:
        database.dispose()
    assert seqs == list(range(1, len(seqs) + 1))
    assert len(seqs) >= sum(len(w.acked) for w in writers)
    for peer in (overview, aino.peer, bertta.peer):
        peer.close()


# -- three processes: the facilitator's events reach everyone --------------------------------


def test_three_processes_facilitation_reaches_every_process(cluster):
    a, b, c = cluster.server(), cluster.server(), cluster.server()
    start_all([a, b, c])
    owner = facilitator(cluster, c).log_in()
    workshop = owner.create_workshop("Kolmen prosessin työpaja", tables=(2,))
    first, second = workshop.tables
    control = Peer("facilitator on C").connect(c, headers={"Cookie": owner.cookie()})
    assert control.call("watch_overview", {"workshop_id": workshop.id})["ok"]
    aino = seated(a, workshop, first, "Aino A")
    bertta = seated(b, workshop, first, "Bertta B")
    eero = seated(b, workshop, second, "Eero B")
    idea_id = aino.peer.call("create_idea", {"table_id": first, "title": "Lukittava"})["idea"]["id"]

    sent = control.call("broadcast", {"workshop_id": workshop.id, "message": "Kahvi on valmis."})
    assert sent["ok"], sent
    for person in (aino, bertta, eero):
        person.peer.wait_for("announcement", lambda m: m["message"] == "Kahvi on valmis.")

    moved = control.call(
        "move_participant",
        {"workshop_id": workshop.id, "participant_id": aino.id, "table_id": second},
    )
    assert moved["ok"], moved
    assert aino.peer.wait_for("moved", lambda n: n["table_id"] == second)
    assert not bertta.peer.received("moved")
    eero.peer.wait_for(
        "table_state",
        lambda s: s["table_id"] == second and aino.id in {m["id"] for m in s["members"]},
    )

    assert control.call("lock", {"workshop_id": workshop.id, "locked": True})["ok"]
    for person in (aino, bertta, eero):
        person.peer.wait_for("workshop_state", lambda s: s["state"] == "locked")
    editor = Editor(bertta.peer, idea_id)
    editor.open()
    refused = editor.send(editor.type("actions", "lukon jälkeen"))
    assert not refused["ok"] and refused["error"]["code"] == "locked"

    # Erasing Bertta (a request to A) closes her socket, which lives on B.
    erased = owner.session.delete(
        a.url(f"/api/v1/participants/{bertta.id}"),
        headers={"X-CSRFToken": csrf(owner.session, a.url("/f/"))},
        timeout=10,
    )
    assert erased.status_code in (200, 204), erased.text
    wait_until(lambda: not bertta.peer.connected, 10, "the erased participant's socket closes")
    assert aino.peer.connected and eero.peer.connected
    for peer in (control, aino.peer, eero.peer):
        peer.close()


# -- a process killed while its clients type --------------------------------------------------


def spread_writers(cluster, server, workshop, table, idea_id, pids_wanted: int) -> list[Writer]:
    """Connect writers until they sit on `pids_wanted` different processes."""
    writers: list[Writer] = []
    for number in range(16):
        token, _ = join(
            server, workshop, f"Kirjoittaja {number}", f"Organisaatio {number}", "municipality"
        )
        writers.append(Writer(number, token, table, idea_id).connect(server))
        if len(pids_of(cluster, workshop.id, writers)) >= pids_wanted and len(writers) >= 3:
            return writers
    raise AssertionError("16 connections all landed on one process")


def pids_of(cluster, workshop_id: int, writers: list[Writer]) -> dict[int, list[Writer]]:
    """The process (pid) each writer's connection lives on, from Redis."""
    sids = {w.peer.client.get_sid(): w for w in writers if w.peer.connected}
    by_pid: dict[int, list[Writer]] = {}
    for sid, entry in cluster.presence(workshop_id).items():
        if sid in sids:
            by_pid.setdefault(entry["pid"], []).append(sids[sid])
    return by_pid


def shared_idea(cluster, entry, title: str) -> tuple:
    """The demo facilitator's new one-table workshop, reached through `entry`, with one
    idea created at its table: (workshop, table id, idea id)."""
    workshop = facilitator(cluster, entry).log_in().create_workshop(title, tables=(1,))
    table = workshop.tables[0]
    token, _ = join(entry, workshop, "Aloittaja", "Aloitus Oy", "company")
    creator = Peer("creator").connect(entry, auth={"token": token})
    try:
        assert creator.call("join_table", {"table_id": table})["ok"]
        idea_id = creator.call("create_idea", {"table_id": table, "title": "Jaettu"})["idea"]["id"]
    finally:
        creator.close()
    return workshop, table, idea_id


def kill_while_typing(cluster, entry, workshop, table, idea_id, processes: int) -> None:
    """Writers on two processes type; one process is killed; its writers reconnect through
    `entry` (the same address) to a live process and resync; nothing is lost or doubled."""
    writers = spread_writers(cluster, entry, workshop, table, idea_id, processes)
    by_pid = pids_of(cluster, workshop.id, writers)
    victim = sorted(by_pid)[0]
    cut, kept = by_pid[victim], [w for w in writers if w not in by_pid[victim]]
    stop, threads = typing(writers)
    wait_until(lambda: all(len(w.acked) >= 10 for w in writers), 60, "10 acks each")
    subprocess.run(["kill", "-KILL", str(victim)], check=True)
    wait_until(lambda: all(w.failed.is_set() for w in cut), 30, "the cut writers notice")
    time.sleep(0.5)  # the others go on typing meanwhile
    assert all(not w.failed.is_set() for w in kept), "writers on the live process type on"
    stop.set()
    for thread in threads:
        thread.join(10)
    assert all(len(w.acked) >= 10 for w in writers)
    for writer in cut:  # back through the same address: another process takes them
        writer.peer.close()
        writer.connect(entry)
    text = read_field(entry, writers[0].token, table, idea_id)
    assert_nothing_lost_or_doubled(text, writers, resynced=True)
    for writer in writers:
        writer.peer.close()


def test_workers_share_one_port_and_survive_a_kill(cluster):
    server = cluster.server(("--workers", "2"))
    server.start(timeout=120)  # two processes importing at once on a busy machine
    wait_until(lambda: server.log_text().count("(eventlet)") >= 2, 60, "both workers listen")
    workshop, table, idea_id = shared_idea(cluster, server, "Työläisten työpaja")
    kill_while_typing(cluster, server, workshop, table, idea_id, processes=2)
    # The supervisor starts the killed worker again.
    wait_until(
        lambda: len(children(server.pid)) == 2 or None, 30, "the supervisor has two workers again"
    )
    assert server.running


def children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(line) for line in found.split()]


def test_two_processes_behind_nginx(cluster, tmp_path):
    a, b = cluster.server(), cluster.server()
    start_all([a, b])
    nginx = Nginx(tmp_path / "nginx", [a, b], cluster.demo)
    try:
        workshop, table, idea_id = shared_idea(cluster, nginx, "Välityspalvelimen työpaja")
        kill_while_typing(cluster, nginx, workshop, table, idea_id, processes=2)
    finally:
        nginx.close()


# -- real browsers behind nginx, a process killed while they type -----------------------------


@pytest.mark.browser
def test_browsers_behind_nginx_lose_no_letter_when_a_process_dies(cluster, tmp_path, new_context):
    from test_browser_coedit import (
        SYNC_TIMEOUT,
        create_idea,
        english_page,
        expect_text,
        join_and_sit,
        open_idea,
        put_cursor_at_end,
        status,
        text_of,
        tokens,
    )

    a, b = cluster.server(), cluster.server()
    start_all([a, b])
    nginx = Nginx(tmp_path / "nginx", [a, b], cluster.demo)
    try:
        aino, eero = english_page(new_context, nginx), english_page(new_context, nginx)
        table_id = join_and_sit(aino, nginx, "Aino Aaltonen", "Lapin yliopisto", "research", (0, 0))
        join_and_sit(eero, nginx, "Eero Esimerkki", "Kemin Digipolis", "development", (0, 0))
        create_idea(aino, "Prosessin kaatuminen")
        open_idea(eero, "Prosessin kaatuminen")
        put_cursor_at_end(aino, "Need")
        put_cursor_at_end(eero, "Need")
        for i in range(6):
            aino.keyboard.type(f"A{i:02d} ")
            eero.keyboard.type(f"E{i:02d} ")
        expect(status(aino)).to_have_text("Saved", timeout=SYNC_TIMEOUT)

        # Kill the process holding most of the table's people (both, if they share one).
        pids = [
            e["pid"]
            for e in cluster.presence(cluster.demo.workshop_id).values()
            if e["k"] == "participant" and e["t"] == table_id
        ]
        victim = max(set(pids), key=pids.count)
        next(s for s in (a, b) if s.pid == victim).kill()
        for i in range(6, 12):  # typing on while their sockets find the other process
            aino.keyboard.type(f"A{i:02d} ")
            eero.keyboard.type(f"E{i:02d} ")

        done = (
            "(text.match(/A\\d\\d /g) || []).length === 12"
            " && (text.match(/E\\d\\d /g) || []).length === 12"
        )
        for page in (aino, eero):
            expect_text(page, "need", done, "every chunk after the process died", 40_000)
            expect(status(page)).to_have_text("Saved", timeout=40_000)
        text = text_of(aino, "need")
        assert text == text_of(eero, "need")
        assert tokens(text, "A") == [f"A{i:02d}" for i in range(12)]
        assert tokens(text, "E") == [f"E{i:02d}" for i in range(12)]
    finally:
        nginx.close()


# -- one process on PostgreSQL: many people open drafts at once ----------------------------


def test_thirty_people_opening_one_draft_at_once_all_get_it(cluster):
    """A query on PostgreSQL lets other green threads run. Opening a draft once took a
    second pooled connection while its handler held one: as many people opening at once as
    the pool holds took it all and waited for each other until the pool's 30 s timeout."""
    cluster.env["AIHIO_DB_POOL_SIZE"] = "3"  # 6 connections: the wait shows sooner
    server = cluster.server()
    server.start(timeout=120)
    owner = facilitator(cluster, server).log_in()
    workshop = owner.create_workshop("Yhtä aikaa", tables=(1,))
    table = workshop.tables[0]
    author = seated(server, workshop, table, "Aino", org_type="research")
    idea_id = new_idea(author.peer, table, "Kaikki avaavat tämän")
    writer = Editor(author.peer, idea_id)
    writer.open()
    assert writer.send(writer.type("need", "Teksti"))["ok"]
    readers = []
    for number in range(30):
        token, _ = join(server, workshop, f"Lukija {number}", f"Lukija {number} Oy", "company")
        readers.append(Peer(f"reader {number}").connect(server, auth={"token": token}))
    started = time.monotonic()

    def open_it(peer):
        editor = Editor(peer, idea_id)
        editor.open()
        return editor.text("need")

    try:
        with ThreadPoolExecutor(max_workers=len(readers)) as pool:
            texts = list(pool.map(open_it, readers))
    finally:
        for peer in readers:
            peer.close()
    assert texts == ["Teksti"] * 30
    assert time.monotonic() - started < 20, "opening took until the pool's timeout"
