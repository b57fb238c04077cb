"""Erasure, removal and the retention purge against the real server process, with real
Socket.IO clients: the person's connection closes, their token is refused from then on,
and the screens still open (the table's other members, the facilitator's overview) are
sent again without their name.

One server serves the module; each test makes a workshop of its own. The purge test
restarts the server (the purge runs when `aihio serve` starts, then daily), so it is last.
"""

import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from facilitation_helpers import Database, Facilitator, Peer, Refused, csrf, seated, web
from live import Database as ServerDatabase
from live import LiveServer

pytestmark = pytest.mark.server

ERASED = "Eeva Erasmus"
FREE_TEXT = "Erasmuksen Toiminimi"
TIMEOUT = 10


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("privacy")
    server = LiveServer(root, ServerDatabase(root, "privacy").create())
    try:
        server.prepare()
        with ThreadPoolExecutor(max_workers=1) as pool:
            token = pool.submit(server.cli, "users", "token", server.demo.facilitator_email)
            server.start()
            server.api_token = token.result().stdout.strip()
        yield server
    finally:
        server.close()


@pytest.fixture(scope="module")
def db(server):
    database = Database(server)
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def owner(server):
    return Facilitator(
        server, server.demo.facilitator_email, server.demo.facilitator_password
    ).log_in()


@pytest.fixture
def peers():
    opened: list[Peer] = []
    yield opened
    for peer in opened:
        peer.close()


def until(condition, seconds: float = TIMEOUT, what: str = "the condition"):
    """Return condition()'s first truthy value, polling; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {seconds} s")
        time.sleep(0.05)


def names_in(payload) -> str:
    return json.dumps(payload, ensure_ascii=False)


def watched_room(server, owner, peers, workshop_name: str):
    """A workshop with Eeva and Pekka at its first table and the facilitator's overview."""
    workshop = owner.create_workshop(workshop_name, (2,))
    table = workshop.tables[0]
    eeva = seated(server, workshop, table, ERASED, FREE_TEXT, "company")
    pekka = seated(server, workshop, table, "Pekka Peltonen", "Lapin liitto", "public_authority")
    overview = owner.socket("overview")
    peers += [eeva.peer, pekka.peer, overview]
    ack = overview.call("watch_overview", {"workshop_id": workshop.id})
    assert ack["ok"], ack
    assert ERASED in names_in(ack["overview"])
    return workshop, eeva, pekka, overview


def assert_gone_from_open_screens(server, person, pekka, overview) -> None:
    """The person's socket is closed, their token refused, and the screens that showed
    them are sent again without their name."""
    until(lambda: not person.peer.connected, what="the server closing the connection")
    with pytest.raises(Refused) as refused:
        Peer("again").connect(server, auth={"token": person.token})
    assert "unauthorized" in refused.value.reason
    state = pekka.peer.wait_for(
        "table_state", lambda p: all(m["id"] != person.id for m in p["members"])
    )
    assert ERASED not in names_in(state)
    overview.wait_for("overview", lambda p: ERASED not in names_in(p))


def test_erasing_through_the_api_closes_the_connection_and_drops_the_name_everywhere(
    server, db, owner, peers
):
    workshop, eeva, pekka, overview = watched_room(server, owner, peers, "Poistopyyntö")
    pekka.peer.clear()
    overview.clear()

    response = web().delete(
        server.url(f"/api/v1/participants/{eeva.id}"),
        headers={"Authorization": f"Bearer {server.api_token}"},
        timeout=TIMEOUT,
    )

    assert response.status_code == 200, response.text
    assert_gone_from_open_screens(server, eeva, pekka, overview)
    rows = db.rows(
        "SELECT display_name, table_id, token_hash FROM participant WHERE id = :p", p=eeva.id
    )
    assert rows == [("", None, f"revoked:{eeva.id}")]
    # Pekka stays: his connection works and still sees the table.
    ack = pekka.peer.call("join_table", {"table_id": pekka.table_id})
    assert ack["ok"] and [m["name"] for m in ack["members"]] == ["Pekka Peltonen"]


def test_removing_on_the_facilitators_page_frees_the_seat_and_disconnects(server, db, owner, peers):
    workshop, eeva, pekka, overview = watched_room(server, owner, peers, "Väärä henkilö")
    pekka.peer.clear()
    overview.clear()
    page = server.url(f"/f/workshops/{workshop.id}")

    response = owner.session.post(
        f"{page}/participants/{eeva.id}/remove",
        data={"csrf_token": csrf(owner.session, page)},
        allow_redirects=False,
        timeout=TIMEOUT,
    )

    assert response.status_code == 302, response.text
    assert_gone_from_open_screens(server, eeva, pekka, overview)
    assert db.seats(workshop.id) == {eeva.id: None, pekka.id: pekka.table_id}
    assert db.rows("SELECT display_name FROM participant WHERE id = :p", p=eeva.id) == [
        (ERASED,)  # removed, not erased: the name waits for erasure or the retention period
    ]


def test_an_erased_participants_open_connection_is_refused_by_events_that_check_membership(
    server, db, owner, peers
):
    """Between the commit and the disconnect, or from another process, a connection
    of an erased participant is refused by every event that checks membership."""
    workshop, eeva, pekka, overview = watched_room(server, owner, peers, "Kilpajuoksu")
    engine = server.database.engine()
    try:
        with engine.begin() as connection:  # erased behind the server's back (another process)
            connection.execute(
                sa.text(
                    "UPDATE participant SET display_name = '', erased_at = CURRENT_TIMESTAMP"
                    " WHERE id = :p"
                ),
                {"p": eeva.id},
            )
    finally:
        engine.dispose()
    ack = eeva.peer.call("create_idea", {"table_id": eeva.table_id, "title": "Myöhästynyt"})
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"
    assert db.rows("SELECT count(*) FROM idea WHERE workshop_id = :w", w=workshop.id) == [(0,)]


def test_serve_erases_the_names_of_expired_workshops_when_it_starts(server, db, owner, peers):
    """Last in the module: it restarts the server."""
    old = owner.create_workshop("Vanha työpaja", (1,))
    recent = owner.create_workshop("Tuore työpaja", (1,))
    old_one = seated(server, old, old.tables[0], ERASED, "Vanhan Työpajan Toiminimi", "company")
    recent_one = seated(
        server, recent, recent.tables[0], "Pekka Peltonen", "Lapin liitto", "public_authority"
    )
    peers += [old_one.peer, recent_one.peer]
    server.stop()
    engine = server.database.engine()
    try:
        with engine.begin() as connection:  # the old workshop was 200 days ago (retention 180)
            connection.execute(
                sa.text("UPDATE workshop SET date = :day, created_at = :moment WHERE id = :w"),
                {"day": "2020-01-15", "moment": "2020-01-15 09:00:00", "w": old.id},
            )
            connection.execute(
                sa.text("UPDATE participant SET created_at = :moment WHERE workshop_id = :w"),
                {"moment": "2020-01-15 09:00:00", "w": old.id},
            )
    finally:
        engine.dispose()

    server.start()

    def erased():
        return db.rows(
            "SELECT display_name, table_id FROM participant WHERE id = :p", p=old_one.id
        ) == [("", old_one.table_id)]  # the seat stays, for the plan's numbers

    until(erased, what="the purge at start")
    assert db.rows(
        "SELECT name FROM organisation WHERE id = (SELECT organisation_id FROM participant WHERE id = :p)",
        p=old_one.id,
    ) == [("",)]
    assert db.rows("SELECT display_name FROM participant WHERE id = :p", p=recent_one.id) == [
        ("Pekka Peltonen",)
    ]
    with pytest.raises(Refused):
        Peer("old").connect(server, auth={"token": old_one.token})
