"""The facilitation events (docs/protocol.md, "Facilitation") over real Socket.IO
connections to a real server process.

Only a workshop's own facilitator may change phases, lock, broadcast, move people, open
voting or spotlight: every such event is tried by a participant of the workshop, by its
projector and by another workshop's facilitator, and each must be refused with nothing
written. Then the owner's events must work and reach the right people, bad input must be
answered with the field to fix, and the overview must not flood its watchers.

One server serves the module; every test works in workshops of its own, so lock, agenda
and voting changes stay inside the test that makes them.
"""

import itertools
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from facilitation_helpers import (
    Database,
    Facilitator,
    Peer,
    Refused,
    Seated,
    Workshop,
    join,
    new_idea,
    seated,
    web,
)
from live import Database as ServerDatabase
from live import LiveServer
from socket_helpers import Editor

pytestmark = pytest.mark.server

OTHER_EMAIL = "toinen.fasilitaattori@example.fi"
OTHER_PASSWORD = "revontulet-loistavat"
PHASES = [{"name": "Ideointi", "minutes": 20}, {"name": "Jalostus", "minutes": 15}]
_titles = itertools.count(1)


# -- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`aihio serve` for this module only (the session's live_server stays untouched),
    as live.start_live_server makes it; the second facilitator is created with
    `aihio users create` while the server starts, each CLI run taking seconds."""
    root = tmp_path_factory.mktemp("facilitation")
    server = LiveServer(root, ServerDatabase(root, "facilitation").create())
    try:
        server.prepare()
        with ThreadPoolExecutor(max_workers=1) as pool:
            created = pool.submit(
                server.cli,
                "users",
                "create",
                OTHER_EMAIL,
                input=f"{OTHER_PASSWORD}\n{OTHER_PASSWORD}\n",
            )
            server.start()
            assert "Created facilitator" in created.result().stdout
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
    """The demo facilitator, logged in; the workshops of these tests are theirs."""
    return Facilitator(
        server, server.demo.facilitator_email, server.demo.facilitator_password
    ).log_in()


@pytest.fixture(scope="module")
def other_facilitator(server):
    """A second facilitator (see `server`), with a workshop of their own."""
    facilitator = Facilitator(server, OTHER_EMAIL, OTHER_PASSWORD).log_in()
    facilitator.workshop = facilitator.create_workshop("Toisen fasilitaattorin työpaja")
    return facilitator


@pytest.fixture(scope="module")
def owner_socket(owner):
    peer = owner.socket("owner")
    yield peer
    peer.close()


@pytest.fixture
def peers():
    """Collect the sockets a test opens; all are closed after it."""
    opened: list[Peer] = []
    yield opened
    for peer in opened:
        peer.close()


def fresh_workshop(owner, tables=(2,)) -> Workshop:
    return owner.create_workshop(f"Työpaja {next(_titles)}", tables)


def ok(ack: dict, server=None) -> dict:
    """Return a successful acknowledgement, or fail showing it (and the server's log)."""
    tail = "\n" + server.log_tail(40) if server is not None else ""
    assert ack.get("ok") is True, f"{ack}{tail}"
    return ack


def refused(ack: dict, code: str) -> dict:
    """Return the error of a refused event after checking its shape and code."""
    assert ack.get("ok") is False, ack
    assert set(ack) == {"ok", "error"}, ack  # nothing else rides along with a refusal
    assert ack["error"]["code"] == code, ack
    assert ack["error"]["message"], ack
    return ack["error"]


def projector_token(ack: dict) -> str:
    return ack["projector_url"].rsplit("/p/", 1)[1]


def watch(peer: Peer, workshop_id: int, server=None) -> dict:
    return ok(peer.call("watch_overview", {"workshop_id": workshop_id}), server)


def overview_tables(overview: dict) -> dict[int, dict]:
    return {t["id"]: t for p in overview["priorities"] for t in p["tables"]}


# -- 1. authorization: every facilitator event, from everyone but the owner -----------------


@dataclass
class Guarded:
    """A running workshop: agenda started, a participant with an idea, a projector link."""

    workshop: Workshop
    participant: Seated
    idea_id: int
    projector: Peer


def guarded_workshop(server, owner, owner_socket) -> Guarded:
    workshop = fresh_workshop(owner)
    for step in (
        {"action": "set_phases", "phases": PHASES},
        {"action": "start"},
    ):
        ok(owner_socket.call("agenda", {"workshop_id": workshop.id, **step}), server)
    alice = seated(server, workshop, workshop.tables[0], "Alice Vartija", org_type="company")
    idea_id = new_idea(alice.peer, workshop.tables[0], "Porotalouden data")
    token = projector_token(
        ok(owner_socket.call("rotate_projector", {"workshop_id": workshop.id}), server)
    )
    projector = Peer("projector").connect(server, auth={"projector": token})
    return Guarded(workshop, alice, idea_id, projector)


@dataclass(frozen=True)
class Case:
    """One facilitator event with a payload the owner could send right now."""

    name: str
    event: str
    payload: object  # (Guarded) -> dict, without workshop_id
    writes: bool = True


FACILITATOR_CASES = [
    Case("watch_overview", "watch_overview", lambda g: {}, writes=False),
    Case("agenda-start", "agenda", lambda g: {"action": "start", "index": 1}),
    Case("agenda-pause", "agenda", lambda g: {"action": "pause"}),
    Case("agenda-resume", "agenda", lambda g: {"action": "resume"}),
    Case("agenda-extend", "agenda", lambda g: {"action": "extend", "minutes": 5}),
    Case("agenda-skip", "agenda", lambda g: {"action": "skip"}),
    Case("agenda-back", "agenda", lambda g: {"action": "back"}),
    Case(
        "agenda-set_phases",
        "agenda",
        lambda g: {
            "action": "set_phases",
            "phases": [{"name": "Uusi vaihe", "minutes": 5}, {"name": "Toinen", "minutes": 5}],
        },
    ),
    Case("lock", "lock", lambda g: {"locked": True}),
    Case("broadcast-all", "broadcast", lambda g: {"message": "Kahvi on valmis."}),
    Case(
        "broadcast-table",
        "broadcast",
        lambda g: {"message": "Pöytä 2: vaihtakaa.", "table_id": g.workshop.tables[1]},
    ),
    Case("voting", "voting", lambda g: {"open": True, "votes_per_participant": 5}),
    Case("spotlight", "spotlight", lambda g: {"idea_id": g.idea_id}),
    Case("rotate_projector", "rotate_projector", lambda g: {}),
    Case("rotate_projector-revoke", "rotate_projector", lambda g: {"revoke": True}),
    Case("suggest_moves", "suggest_moves", lambda g: {}, writes=False),
    Case(
        "move_participant",
        "move_participant",
        lambda g: {"participant_id": g.participant.id, "table_id": g.workshop.tables[1]},
    ),
]
ROLES = ("participant", "projector", "other_facilitator")


@pytest.fixture(scope="module")
def guarded(server, owner, owner_socket):
    guarded = guarded_workshop(server, owner, owner_socket)
    yield guarded
    guarded.participant.peer.close()
    guarded.projector.close()


@pytest.fixture(scope="module")
def intruders(guarded, other_facilitator):
    """The three connections that are not the workshop's facilitator."""
    other = other_facilitator.socket("other facilitator")
    yield {
        "participant": guarded.participant.peer,
        "projector": guarded.projector,
        "other_facilitator": other,
    }
    other.close()


@pytest.mark.parametrize(
    ("case", "role"),
    [
        pytest.param(case, role, id=f"{case.name}-by-{role}")
        for case in FACILITATOR_CASES
        for role in ROLES
        if not (case.event == "watch_overview" and role == "projector")  # its one right
    ],
)
def test_facilitator_event_from_anyone_but_the_owner_is_forbidden_and_changes_nothing(
    server, db, guarded, intruders, case, role
):
    workshop = guarded.workshop
    before = db.workshop(workshop.id)
    payload = {"workshop_id": workshop.id, **case.payload(guarded)}

    error = refused(intruders[role].call(case.event, payload), "forbidden")

    assert "fields" not in error
    assert db.workshop(workshop.id) == before
    assert intruders[role].connected  # refused, not thrown out


def test_the_same_facilitator_events_from_the_owner_are_accepted_and_take_effect(
    server, db, owner, owner_socket
):
    """The payloads refused above are valid: from the owner, each works and writes."""
    guarded = guarded_workshop(server, owner, owner_socket)
    workshop = guarded.workshop
    try:
        for case in FACILITATOR_CASES:
            before = db.workshop(workshop.id)
            payload = {"workshop_id": workshop.id, **case.payload(guarded)}
            ok(owner_socket.call(case.event, payload), server)
            if case.writes:
                assert db.workshop(workshop.id) != before, case.name
    finally:
        guarded.participant.peer.close()
        guarded.projector.close()


def test_refused_overview_watchers_get_no_overview_updates(
    server, owner, owner_socket, other_facilitator, peers
):
    workshop = fresh_workshop(owner)
    participant = seated(server, workshop, workshop.tables[0], "Utelias Ulla")
    other = other_facilitator.socket("other facilitator")
    peers += [participant.peer, other]
    for peer in (participant.peer, other):
        refused(peer.call("watch_overview", {"workshop_id": workshop.id}), "forbidden")
    watcher = owner.socket("watcher")
    peers.append(watcher)
    watch(watcher, workshop.id, server)

    newcomer = seated(server, workshop, workshop.tables[1], "Uusi Unto")
    peers.append(newcomer.peer)

    watcher.wait_for("overview", lambda o: o["summary"]["participants"] == 2)
    assert not participant.peer.received("overview")
    assert not other.received("overview")


# -- the projector --------------------------------------------------------------------------


def test_projector_watches_its_own_workshop_and_follows_changes(
    server, owner, owner_socket, other_facilitator, peers
):
    workshop = fresh_workshop(owner)
    token = projector_token(
        ok(owner_socket.call("rotate_projector", {"workshop_id": workshop.id}), server)
    )
    projector = Peer("projector").connect(server, auth={"projector": token})
    peers.append(projector)

    ack = ok(projector.call("watch_overview", {}), server)
    assert ack["overview"]["workshop"]["id"] == workshop.id
    assert ack["phase"]["index"] is None and ack["voting"]["open"] is False

    # Naming another workshop does not show it: the projector sees its own or nothing.
    foreign = projector.call("watch_overview", {"workshop_id": other_facilitator.workshop.id})
    assert not foreign["ok"] or foreign["overview"]["workshop"]["id"] == workshop.id

    arrival = seated(server, workshop, workshop.tables[0], "Projisoitu Pirkko")
    peers.append(arrival.peer)
    update = projector.wait_for("overview", lambda o: o["summary"]["participants"] == 1)
    members = overview_tables(update)[workshop.tables[0]]["members"]
    assert [m["name"] for m in members] == ["Projisoitu Pirkko"]


@pytest.mark.parametrize(
    ("event", "payload"),
    [
        ("join_table", lambda g: {"table_id": g.workshop.tables[0]}),
        ("create_idea", lambda g: {"table_id": g.workshop.tables[0], "title": "Projektori"}),
        ("open_idea", lambda g: {"idea_id": g.idea_id, "state_vector": None}),
        (
            "update_idea",
            lambda g: {
                "idea_id": g.idea_id,
                "update": Editor(None, g.idea_id).type("need", "projektorilta"),
            },
        ),
        ("set_idea_state", lambda g: {"idea_id": g.idea_id, "state": "ready"}),
        ("vote", lambda g: {"idea_id": g.idea_id}),
        ("unvote", lambda g: {"idea_id": g.idea_id}),
        ("voting_state", lambda g: {}),
    ],
    ids=[
        "join_table",
        "create_idea",
        "open_idea",
        "update_idea",
        "set_idea_state",
        "vote",
        "unvote",
        "voting_state",
    ],
)
def test_projector_may_do_nothing_but_watch(server, db, guarded, event, payload):
    before, seqs = db.workshop(guarded.workshop.id), db.logged_seqs(guarded.idea_id)

    refused(guarded.projector.call(event, payload(guarded)), "forbidden")

    assert db.workshop(guarded.workshop.id) == before
    assert db.logged_seqs(guarded.idea_id) == seqs


def test_rotated_or_revoked_projector_link_is_refused_at_connect_and_over_http(
    server, owner, owner_socket, peers
):
    workshop = fresh_workshop(owner)
    http = web()

    first = projector_token(
        ok(owner_socket.call("rotate_projector", {"workshop_id": workshop.id}), server)
    )
    assert http.get(server.url(f"/p/{first}"), timeout=10).status_code == 200
    peers.append(Peer("first projector").connect(server, auth={"projector": first}))

    second = projector_token(
        ok(owner_socket.call("rotate_projector", {"workshop_id": workshop.id}), server)
    )
    assert second != first
    with pytest.raises(Refused) as replaced:
        Peer("old projector").connect(server, auth={"projector": first})
    assert "unauthorized" in replaced.value.reason
    assert http.get(server.url(f"/p/{first}"), timeout=10).status_code == 404
    assert http.get(server.url(f"/p/{second}"), timeout=10).status_code == 200
    peers.append(Peer("second projector").connect(server, auth={"projector": second}))

    revoked = ok(
        owner_socket.call("rotate_projector", {"workshop_id": workshop.id, "revoke": True}), server
    )
    assert revoked["projector_url"] is None
    with pytest.raises(Refused) as gone:
        Peer("revoked projector").connect(server, auth={"projector": second})
    assert "unauthorized" in gone.value.reason
    assert http.get(server.url(f"/p/{second}"), timeout=10).status_code == 404


@pytest.mark.parametrize(
    ("auth", "cookie"),
    [
        ({"projector": "not-a-projector-token"}, None),
        ({"projector": ""}, None),
        (None, "session=forged.session.cookie"),
    ],
    ids=["unknown-projector-token", "empty-projector-token", "forged-session-cookie"],
)
def test_a_connection_without_a_valid_identity_is_refused_as_unauthorized(server, auth, cookie):
    with pytest.raises(Refused) as refusal:
        Peer("nobody").connect(server, auth=auth, headers={"Cookie": cookie} if cookie else None)
    assert "unauthorized" in refusal.value.reason


@pytest.mark.parametrize("revoke", [True, False], ids=["revoked", "rotated"])
def test_a_projector_on_a_replaced_link_stops_showing_the_room(
    server, owner, owner_socket, peers, revoke
):
    """A leaked link is revoked or replaced so that the room stops being shown through it:
    "the old one stops working" (workshop.facilitation.rotate_projector_token)."""
    workshop = fresh_workshop(owner)
    token = projector_token(
        ok(owner_socket.call("rotate_projector", {"workshop_id": workshop.id}), server)
    )
    projector = Peer("projector").connect(server, auth={"projector": token})
    watcher = owner.socket("watcher")
    peers += [projector, watcher]
    ok(projector.call("watch_overview", {}), server)
    watch(watcher, workshop.id, server)

    ok(
        owner_socket.call("rotate_projector", {"workshop_id": workshop.id, "revoke": revoke}),
        server,
    )
    time.sleep(0.3)
    projector.clear()
    arrival = seated(server, workshop, workshop.tables[0], "Salainen Sami")
    peers.append(arrival.peer)

    watcher.wait_for("overview", lambda o: o["summary"]["participants"] == 1)  # it was sent
    assert projector.hears_nothing("overview", seconds=1.0), (
        "the projector on the old link still receives the room's overview"
    )
    if projector.connected:
        answer = projector.call("watch_overview", {})
        assert not answer["ok"], "the projector on the old link can still watch the overview"


# -- 2. the owner's events work and reach the right people ----------------------------------


def test_phase_change_reaches_participants_and_the_overview_but_not_other_workshops(
    server, db, owner, owner_socket, peers
):
    workshop, elsewhere = fresh_workshop(owner), fresh_workshop(owner)
    participant = seated(server, workshop, workshop.tables[0], "Vaiheen Ville")
    outsider = seated(server, elsewhere, elsewhere.tables[0], "Muualla Maija")
    watcher = owner.socket("watcher")
    peers += [participant.peer, outsider.peer, watcher]
    watch(watcher, workshop.id, server)

    ok(
        owner_socket.call(
            "agenda", {"workshop_id": workshop.id, "action": "set_phases", "phases": PHASES}
        ),
        server,
    )
    ack = ok(owner_socket.call("agenda", {"workshop_id": workshop.id, "action": "start"}), server)

    assert ack["phase"]["name"] == "Ideointi" and ack["phase"]["next_name"] == "Jalostus"
    for peer in (participant.peer, watcher):
        phase = peer.wait_for("phase", lambda p: p["name"] == "Ideointi")
        assert phase["index"] == 0 and not phase["paused"]
        assert 19 * 60 < phase["remaining_seconds"] <= 20 * 60
    assert db.workshop(workshop.id)["agenda"]["index"] == 0

    ok(owner_socket.call("agenda", {"workshop_id": workshop.id, "action": "pause"}), server)
    assert participant.peer.wait_for("phase", lambda p: p["paused"])["name"] == "Ideointi"
    assert outsider.peer.hears_nothing("phase", seconds=0.5)


def test_lock_makes_drafts_read_only_and_unlock_makes_them_editable_again(
    server, db, owner, owner_socket, peers
):
    workshop = fresh_workshop(owner)
    writer = seated(server, workshop, workshop.tables[0], "Kirjoittava Kaisa")
    watcher = owner.socket("watcher")
    peers += [writer.peer, watcher]
    watch(watcher, workshop.id, server)
    idea_id = new_idea(writer.peer, workshop.tables[0], "Kylmätestaus")
    editor = Editor(writer.peer, idea_id)
    editor.open()
    ok(editor.send(editor.type("need", "ennen lukitusta")), server)

    ack = ok(owner_socket.call("lock", {"workshop_id": workshop.id, "locked": True}), server)

    assert ack["state"] == "locked" and db.workshop(workshop.id)["state"] == "locked"
    for peer in (writer.peer, watcher):
        peer.wait_for("workshop_state", lambda s: s["state"] == "locked")
    seqs = db.logged_seqs(idea_id)
    refused(editor.send(editor.type("need", " lukittuna")), "locked")
    refused(
        writer.peer.call("create_idea", {"table_id": workshop.tables[0], "title": "Uusi"}),
        "locked",
    )
    assert db.logged_seqs(idea_id) == seqs

    ack = ok(owner_socket.call("lock", {"workshop_id": workshop.id, "locked": False}), server)

    assert ack["state"] == "open"
    writer.peer.wait_for("workshop_state", lambda s: s["state"] == "open")
    editor = Editor(writer.peer, idea_id)  # the page reopens the draft from the server
    editor.open()
    ok(editor.send(editor.type("need", " ja taas auki")), server)
    new_idea(writer.peer, workshop.tables[0], "Avattu taas")
    reader = Editor(writer.peer, idea_id)
    reader.open()
    # The edit refused while locked never reached the server; the later one did.
    assert reader.text("need") == "ennen lukitusta ja taas auki"


def test_announcement_to_all_reaches_every_table_and_to_one_table_only_that_table(
    server, db, owner, owner_socket, peers
):
    workshop = fresh_workshop(owner)
    first = seated(server, workshop, workshop.tables[0], "Ykkönen")
    second = seated(server, workshop, workshop.tables[1], "Kakkonen")
    watcher = owner.socket("watcher")
    peers += [first.peer, second.peer, watcher]
    watch(watcher, workshop.id, server)

    to_all = ok(
        owner_socket.call(
            "broadcast", {"workshop_id": workshop.id, "message": "  Kahvi   on valmis. "}
        ),
        server,
    )["announcement"]
    assert to_all["message"] == "Kahvi on valmis." and to_all["table_id"] is None
    for peer in (first.peer, second.peer, watcher):
        assert peer.wait_for("announcement", lambda a: a["id"] == to_all["id"])["message"] == (
            "Kahvi on valmis."
        )

    to_second = ok(
        owner_socket.call(
            "broadcast",
            {
                "workshop_id": workshop.id,
                "message": "Pöytä 2: vuoronne esitellä.",
                "table_id": workshop.tables[1],
            },
        ),
        server,
    )["announcement"]
    assert second.peer.wait_for("announcement", lambda a: a["id"] == to_second["id"])
    assert watcher.wait_for("announcement", lambda a: a["id"] == to_second["id"])
    assert first.peer.hears_nothing("announcement", 1.0, lambda a: a["id"] == to_second["id"])

    # After a reload, each page lists what its table was told.
    heard_first = ok(first.peer.call("voting_state", {}))["announcements"]
    heard_second = ok(second.peer.call("voting_state", {}))["announcements"]
    assert [a["id"] for a in heard_first] == [to_all["id"]]
    assert [a["id"] for a in heard_second] == [to_second["id"], to_all["id"]]
    assert [(t, m) for _, t, m in db.announcements(workshop.id)] == [
        (None, "Kahvi on valmis."),
        (workshop.tables[1], "Pöytä 2: vuoronne esitellä."),
    ]


def test_dot_voting_keeps_to_the_budget_and_to_the_voting_phase(
    server, db, owner, owner_socket, peers
):
    workshop = fresh_workshop(owner)
    voter = seated(server, workshop, workshop.tables[0], "Äänestävä Eeva")
    author = seated(server, workshop, workshop.tables[1], "Kirjoittava Kalle")
    watcher = owner.socket("watcher")
    peers += [voter.peer, author.peer, watcher]
    watch(watcher, workshop.id, server)
    mine = new_idea(voter.peer, workshop.tables[0], "Oma idea")
    theirs = new_idea(author.peer, workshop.tables[1], "Toisen pöydän idea")

    refused(voter.peer.call("vote", {"idea_id": theirs}), "invalid")  # voting not open yet
    assert db.votes(workshop.id) == []

    ack = ok(
        owner_socket.call(
            "voting", {"workshop_id": workshop.id, "open": True, "votes_per_participant": 2}
        ),
        server,
    )
    assert ack["voting"] == {"open": True, "votes_per_participant": 2}
    assert voter.peer.wait_for("voting", lambda v: v["open"]) == ack["voting"]

    assert ok(voter.peer.call("vote", {"idea_id": theirs}))["votes_left"] == 1
    last = ok(voter.peer.call("vote", {"idea_id": mine}))
    assert last["votes_left"] == 0 and last["my_votes"] == [theirs, mine]
    refused(voter.peer.call("vote", {"idea_id": theirs}), "invalid")  # the budget is spent
    assert db.votes(workshop.id) == [(voter.id, theirs), (voter.id, mine)]
    assert ok(author.peer.call("vote", {"idea_id": theirs}))["votes_left"] == 1  # own budget

    back = ok(voter.peer.call("unvote", {"idea_id": mine}))
    assert back["votes_left"] == 1 and back["my_votes"] == [theirs]
    assert ok(voter.peer.call("vote", {"idea_id": theirs}))["my_votes"] == [theirs, theirs]
    seen = watcher.wait_for(
        "overview",
        lambda o: any(
            i["id"] == theirs and i["votes"] == 3
            for t in overview_tables(o).values()
            for i in t["ideas"]
        ),
    )
    assert seen["workshop"]["id"] == workshop.id

    elsewhere = fresh_workshop(owner)
    stranger = seated(server, elsewhere, elsewhere.tables[0], "Vieras Veikko")
    peers.append(stranger.peer)
    foreign = new_idea(stranger.peer, elsewhere.tables[0], "Vieras idea")
    ok(voter.peer.call("unvote", {"idea_id": theirs}))
    refused(voter.peer.call("vote", {"idea_id": foreign}), "forbidden")

    ok(owner_socket.call("voting", {"workshop_id": workshop.id, "open": False}), server)
    voter.peer.wait_for("voting", lambda v: not v["open"])
    before = db.votes(workshop.id)
    refused(voter.peer.call("vote", {"idea_id": theirs}), "invalid")
    refused(voter.peer.call("unvote", {"idea_id": theirs}), "invalid")
    assert db.votes(workshop.id) == before
    assert db.votes(elsewhere.id) == []


def test_votes_sent_at_once_from_several_tabs_never_exceed_the_budget(
    server, db, owner, owner_socket, peers
):
    workshop = fresh_workshop(owner)
    token, voter_id = join(server, workshop, "Kiireinen Kimmo", "Kiire Oy", "company")
    tabs = [Peer(f"tab {i}").connect(server, auth={"token": token}) for i in range(3)]
    peers += tabs
    ok(tabs[0].call("join_table", {"table_id": workshop.tables[0]}))
    idea_id = new_idea(tabs[0], workshop.tables[0], "Suosittu idea")
    ok(
        owner_socket.call(
            "voting", {"workshop_id": workshop.id, "open": True, "votes_per_participant": 3}
        ),
        server,
    )

    answers: list[dict] = []
    for _ in range(4):
        for tab in tabs:
            tab.emit("vote", {"idea_id": idea_id}, callback=answers.append)
    deadline = time.monotonic() + 10
    while len(answers) < 12 and time.monotonic() < deadline:
        time.sleep(0.05)

    assert len(answers) == 12
    assert len([a for a in answers if a["ok"]]) == 3
    assert {a["error"]["code"] for a in answers if not a["ok"]} == {"invalid"}
    assert db.votes(workshop.id) == [(voter_id, idea_id)] * 3


def test_spotlight_shows_an_idea_of_the_workshop_on_the_overview_and_clears(
    server, db, owner, owner_socket, guarded, peers
):
    workshop = fresh_workshop(owner)
    writer = seated(server, workshop, workshop.tables[0], "Valokeilan Veera")
    watcher = owner.socket("watcher")
    peers += [writer.peer, watcher]
    watch(watcher, workshop.id, server)
    idea_id = new_idea(writer.peer, workshop.tables[0], "Revontulidata")

    ack = ok(
        owner_socket.call("spotlight", {"workshop_id": workshop.id, "idea_id": idea_id}), server
    )

    assert ack["spotlight"]["idea"]["title"] == "Revontulidata"
    shown = watcher.wait_for("spotlight", lambda s: s["idea_id"] == idea_id)
    assert shown["idea"]["fields"] and shown["idea"]["table"]
    assert db.workshop(workshop.id)["spotlight_idea_id"] == idea_id

    # An idea of another workshop, even one's own, cannot be put on this screen.
    error = refused(
        owner_socket.call("spotlight", {"workshop_id": workshop.id, "idea_id": guarded.idea_id}),
        "invalid",
    )
    assert "idea_id" in error["fields"]
    assert db.workshop(workshop.id)["spotlight_idea_id"] == idea_id

    ok(owner_socket.call("spotlight", {"workshop_id": workshop.id, "idea_id": None}), server)
    watcher.wait_for("spotlight", lambda s: s["idea_id"] is None)
    assert db.workshop(workshop.id)["spotlight_idea_id"] is None
    assert not watcher.received("spotlight", lambda s: s["idea_id"] == guarded.idea_id)


def test_move_participant_seats_them_tells_them_and_updates_both_tables(
    server, db, owner, owner_socket, peers
):
    workshop = fresh_workshop(owner)
    mover = seated(server, workshop, workshop.tables[0], "Siirtyvä Sanna")
    stayer = seated(server, workshop, workshop.tables[0], "Paikallaan Pekka")
    host = seated(server, workshop, workshop.tables[1], "Isäntä Iiro")
    peers += [mover.peer, stayer.peer, host.peer]

    ack = ok(
        owner_socket.call(
            "move_participant",
            {
                "workshop_id": workshop.id,
                "participant_id": mover.id,
                "table_id": workshop.tables[1],
            },
        ),
        server,
    )

    assert ack["participant"]["table_id"] == workshop.tables[1]
    assert db.seats(workshop.id)[mover.id] == workshop.tables[1]
    notice = mover.peer.wait_for("moved", lambda n: True)
    assert notice["table_id"] == workshop.tables[1] and notice["url"]
    assert not stayer.peer.received("moved") and not host.peer.received("moved")
    stayer.peer.wait_for(
        "table_state",
        lambda s: (
            s["table_id"] == workshop.tables[0]
            and [m["name"] for m in s["members"]] == ["Paikallaan Pekka"]
        ),
    )
    host.peer.wait_for(
        "table_state",
        lambda s: (
            s["table_id"] == workshop.tables[1]
            and {m["name"] for m in s["members"]} == {"Isäntä Iiro", "Siirtyvä Sanna"}
        ),
    )
    # At the new table the participant may write; at the old one no longer.
    ok(mover.peer.call("join_table", {"table_id": workshop.tables[1]}))
    new_idea(mover.peer, workshop.tables[1], "Uuden pöydän idea")
    refused(
        mover.peer.call("create_idea", {"table_id": workshop.tables[0], "title": "x"}), "forbidden"
    )


def test_suggested_moves_applied_with_move_participant_clear_diversity_flags(
    server, owner, owner_socket, peers
):
    workshop = fresh_workshop(owner)
    first, second = workshop.tables
    # Table 1: three companies and a municipality (two helixes: lacking).
    # Table 2: research, municipality, civil society, research (no company: lacking).
    # Swapping a company for a researcher leaves table 1 warned and table 2 ok.
    people = [
        (first, "Yrittäjä Ykä", "Ykän Paja Oy", "company"),
        (first, "Yrittäjä Ansa", "Ansan Puoti Oy", "company"),
        (first, "Yrittäjä Kari", "Karin Kone Oy", "company"),
        (first, "Kunnan Kerttu", "Sodankylän kunta", "municipality"),
        (second, "Tutkija Tuuli", "Lapin yliopisto", "research"),
        (second, "Kunnan Kalle", "Sallan kunta", "municipality"),
        (second, "Yhdistyksen Ylva", "Lapin Martat", "civil_society"),
        (second, "Tutkija Tapio", "Luonnonvarakeskus", "research"),
    ]
    seating: dict[int, set[int]] = {first: set(), second: set()}
    for table, name, organisation, org_type in people:
        person = seated(server, workshop, table, name, organisation, org_type)
        peers.append(person.peer)
        seating[table].add(person.id)
    watchers = {table: owner.socket(f"watching {table}") for table in workshop.tables}
    peers += watchers.values()
    for table, peer in watchers.items():
        before = ok(peer.call("join_table", {"table_id": table}), server)
        assert before["diversity"]["state"] == "lacking"

    answer = ok(owner_socket.call("suggest_moves", {"workshop_id": workshop.id}), server)

    (suggestion,) = answer["suggestions"]
    assert suggestion["moves"], suggestion
    assert suggestion["flags_after"] < suggestion["flags_before"]
    for move in suggestion["moves"]:
        seating[move["from_table"]].remove(move["participant_id"])
        seating[move["to_table"]].add(move["participant_id"])
        ok(
            owner_socket.call(
                "move_participant",
                {
                    "workshop_id": workshop.id,
                    "participant_id": move["participant_id"],
                    "table_id": move["to_table"],
                },
            ),
            server,
        )
    expected = {first: "warn", second: "ok"}
    for table, peer in watchers.items():
        state = peer.wait_for(
            "table_state",
            lambda s, table=table: (
                s["table_id"] == table and {m["id"] for m in s["members"]} == seating[table]
            ),
        )
        assert state["diversity"]["state"] == expected[table], state["diversity"]
    again = ok(owner_socket.call("suggest_moves", {"workshop_id": workshop.id}), server)
    assert again["suggestions"][0]["flags_before"] == suggestion["flags_after"]


# -- cross-workshop references through one's own workshop -----------------------------------


@pytest.mark.parametrize(
    ("event", "payload", "field"),
    [
        ("spotlight", lambda g, own: {"idea_id": g.idea_id}, "idea_id"),
        (
            "broadcast",
            lambda g, own: {"message": "Hei", "table_id": g.workshop.tables[0]},
            "table_id",
        ),
        (
            "move_participant",
            lambda g, own: {"participant_id": g.participant.id, "table_id": own.tables[0]},
            "participant_id",
        ),
    ],
    ids=["spotlight-foreign-idea", "broadcast-foreign-table", "move-foreign-participant"],
)
def test_another_workshops_things_cannot_be_reached_through_ones_own_workshop(
    db, guarded, intruders, other_facilitator, event, payload, field
):
    own = other_facilitator.workshop
    before, own_before = db.workshop(guarded.workshop.id), db.workshop(own.id)

    error = refused(
        intruders["other_facilitator"].call(
            event, {"workshop_id": own.id, **payload(guarded, own)}
        ),
        "invalid",
    )

    assert field in error["fields"]
    assert db.workshop(guarded.workshop.id) == before and db.workshop(own.id) == own_before


def test_owner_cannot_move_a_participant_to_another_workshops_table(
    server, db, guarded, owner_socket, other_facilitator
):
    before = db.workshop(guarded.workshop.id)
    ack = owner_socket.call(
        "move_participant",
        {
            "workshop_id": guarded.workshop.id,
            "participant_id": guarded.participant.id,
            "table_id": other_facilitator.workshop.tables[0],
        },
    )
    assert ack["ok"] is False and ack["error"]["code"] in {"forbidden", "invalid"}, ack
    assert "table_id" in ack["error"]["fields"]
    assert db.workshop(guarded.workshop.id) == before


def test_a_boolean_or_a_fraction_is_not_a_table_id(server, db, owner_socket, peers):
    """In the demo workshop table 1 exists, so `true` (== 1) or 1.5 must not be taken
    for it: a client bug would otherwise move a person or address a table silently."""
    demo = Workshop(server.demo.workshop_id, server.demo.join_code, [], [])
    tables = db.rows("SELECT id FROM workshop_table WHERE workshop_id = :w ORDER BY id", w=demo.id)
    assert tables[0] == (1,)
    person = seated(server, demo, tables[1][0], "Tarkka Tiina")
    peers.append(person.peer)
    before = db.workshop(demo.id)
    attempts = {
        f"move to {table_id!r}": (
            "move_participant",
            {"workshop_id": demo.id, "participant_id": person.id, "table_id": table_id},
        )
        for table_id in (True, 1.5)
    }
    attempts["broadcast to True"] = (
        "broadcast",
        {"workshop_id": demo.id, "message": "Pöytä yksi?", "table_id": True},
    )
    accepted = {
        name: ack
        for name, (event, payload) in attempts.items()
        if (ack := owner_socket.call(event, payload))["ok"]
        or "table_id" not in ack["error"].get("fields", {})
    }

    assert accepted == {}
    assert db.workshop(demo.id) == before


# -- 3. bad input: a clear code, the field to fix, nothing written --------------------------


@pytest.fixture(scope="module")
def calm(server, owner, owner_socket):
    """A workshop with an agenda not yet started, a participant and an idea."""
    workshop = fresh_workshop(owner)
    ok(
        owner_socket.call(
            "agenda", {"workshop_id": workshop.id, "action": "set_phases", "phases": PHASES}
        ),
        server,
    )
    participant = seated(server, workshop, workshop.tables[0], "Rauhallinen Riikka")
    idea_id = new_idea(participant.peer, workshop.tables[0], "Hiljainen idea")
    yield Guarded(workshop, participant, idea_id, None)
    participant.peer.close()


def agenda(**fields):
    return "agenda", lambda g: fields


BAD_INPUT = {
    "phase-minutes-zero": (
        *agenda(action="set_phases", phases=[{"name": "Nolla", "minutes": 0}]),
        "invalid",
        "phases[0].minutes",
    ),
    "phase-minutes-negative": (
        *agenda(action="set_phases", phases=[{"name": "Miinus", "minutes": -5}]),
        "invalid",
        "phases[0].minutes",
    ),
    "phase-minutes-over-480": (
        *agenda(
            action="set_phases",
            phases=[{"name": "Ok", "minutes": 5}, {"name": "Pitkä", "minutes": 481}],
        ),
        "invalid",
        "phases[1].minutes",
    ),
    "phase-without-name": (
        *agenda(action="set_phases", phases=[{"name": "  ", "minutes": 5}]),
        "invalid",
        "phases[0].name",
    ),
    "phases-not-a-list": (*agenda(action="set_phases", phases="Ideointi"), "invalid", "phases"),
    "extend-zero-minutes": (*agenda(action="extend", minutes=0), "invalid", "minutes"),
    "extend-over-480-minutes": (*agenda(action="extend", minutes=481), "invalid", "minutes"),
    "start-unknown-phase": (*agenda(action="start", index=7), "invalid", "index"),
    "unknown-action": (*agenda(action="rewind"), "invalid", "action"),
    "missing-action": (*agenda(), "invalid", "action"),
    "action-as-a-list": (*agenda(action=["start"]), "invalid", "action"),
    "lock-not-bool": ("lock", lambda g: {"locked": "yes"}, "invalid", "locked"),
    "message-empty": ("broadcast", lambda g: {"message": ""}, "invalid", "message"),
    "message-blank": ("broadcast", lambda g: {"message": " \n\t "}, "invalid", "message"),
    "message-missing": ("broadcast", lambda g: {}, "invalid", "message"),
    "message-281-chars": ("broadcast", lambda g: {"message": "x" * 281}, "invalid", "message"),
    "message-to-unknown-table": (
        "broadcast",
        lambda g: {"message": "Hei", "table_id": 10**9},
        "invalid",
        "table_id",
    ),
    "message-table-id-text": (
        "broadcast",
        lambda g: {"message": "Hei", "table_id": str(g.workshop.tables[0])},
        "invalid",
        "table_id",
    ),
    "votes-zero": (
        "voting",
        lambda g: {"open": True, "votes_per_participant": 0},
        "invalid",
        "votes_per_participant",
    ),
    "votes-21": (
        "voting",
        lambda g: {"open": True, "votes_per_participant": 21},
        "invalid",
        "votes_per_participant",
    ),
    "votes-text": (
        "voting",
        lambda g: {"open": True, "votes_per_participant": "3"},
        "invalid",
        "votes_per_participant",
    ),
    "votes-bool": (
        "voting",
        lambda g: {"open": True, "votes_per_participant": True},
        "invalid",
        "votes_per_participant",
    ),
    "voting-open-not-bool": ("voting", lambda g: {"open": "yes"}, "invalid", "open"),
    "spotlight-unknown-idea": ("spotlight", lambda g: {"idea_id": 10**9}, "invalid", "idea_id"),
    "spotlight-idea-id-text": (
        "spotlight",
        lambda g: {"idea_id": str(g.idea_id)},
        "invalid",
        "idea_id",
    ),
    "move-without-participant": (
        "move_participant",
        lambda g: {"table_id": g.workshop.tables[1]},
        "invalid",
        "participant_id",
    ),
    "move-participant-id-text": (
        "move_participant",
        lambda g: {"participant_id": str(g.participant.id), "table_id": g.workshop.tables[1]},
        "invalid",
        "participant_id",
    ),
    "move-to-unknown-table": (
        "move_participant",
        lambda g: {"participant_id": g.participant.id, "table_id": 10**9},
        "not_found",
        "table_id",
    ),
    "move-to-table-named-by-text": (
        "move_participant",
        lambda g: {"participant_id": g.participant.id, "table_id": "pöytä"},
        "invalid",
        "table_id",
    ),
}


@pytest.mark.parametrize(
    ("event", "payload", "code", "field"), BAD_INPUT.values(), ids=BAD_INPUT.keys()
)
def test_bad_facilitator_input_names_the_field_and_changes_nothing(
    db, calm, owner_socket, event, payload, code, field
):
    before = db.workshop(calm.workshop.id)

    error = refused(
        owner_socket.call(event, {"workshop_id": calm.workshop.id, **payload(calm)}), code
    )

    assert field in error.get("fields", {}), error
    assert error["fields"][field]
    assert db.workshop(calm.workshop.id) == before


def test_the_limits_themselves_are_accepted(server, db, owner, owner_socket):
    """480 minutes, 280 characters, 1 and 20 votes are inside the limits, not past them."""
    workshop = fresh_workshop(owner)
    longest = [{"name": "Koko päivä", "minutes": 480}, {"name": "Hetki", "minutes": 0.5}]
    steps = [
        ("agenda", {"action": "set_phases", "phases": longest}),
        ("agenda", {"action": "start"}),
        ("agenda", {"action": "extend", "minutes": 480}),
        ("broadcast", {"message": "ä" * 280}),
        ("voting", {"open": True, "votes_per_participant": 1}),
        ("voting", {"open": True, "votes_per_participant": 20}),
    ]
    for event, payload in steps:
        ok(owner_socket.call(event, {"workshop_id": workshop.id, **payload}), server)

    saved = db.workshop(workshop.id)
    assert [p["minutes"] for p in saved["agenda"]["phases"]] == [480, 0.5]
    assert [len(m) for _, _, m in saved["announcements"]] == [280]
    assert saved["voting"] == {"open": True, "votes_per_participant": 20}


FACILITATOR_EVENTS = sorted({case.event for case in FACILITATOR_CASES})


@pytest.mark.parametrize("event", FACILITATOR_EVENTS)
def test_facilitator_events_need_a_known_numeric_workshop_id(db, calm, owner_socket, event):
    before = db.workshop(calm.workshop.id)
    for workshop_id in (
        str(calm.workshop.id),
        float(calm.workshop.id),
        True,
        None,
        [calm.workshop.id],
    ):
        error = refused(owner_socket.call(event, {"workshop_id": workshop_id}), "invalid")
        assert "workshop_id" in error["fields"], (workshop_id, error)
    refused(owner_socket.call(event, {}), "invalid")
    refused(owner_socket.call(event, {"workshop_id": 10**9}), "not_found")
    refused(owner_socket.call(event, "not an object"), "invalid")
    assert db.workshop(calm.workshop.id) == before
    assert owner_socket.connected


# -- 4. the overview is throttled ------------------------------------------------------------


def test_overview_updates_at_most_twice_a_second_however_many_changes(server, owner, peers):
    workshop = fresh_workshop(owner, tables=(3,))
    watcher = owner.socket("watcher")
    peers.append(watcher)
    watch(watcher, workshop.id, server)
    tokens = [
        join(server, workshop, f"Osallistuja {i}", f"Organisaatio {i}", "research")[0]
        for i in range(30)
    ]

    def arrive(i: int) -> Peer:
        peer = Peer(f"participant {i}").connect(server, auth={"token": tokens[i]})
        ok(peer.call("join_table", {"table_id": workshop.tables[i % 3]}))
        return peer

    watcher.clear()
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=10) as pool:
        peers.extend(pool.map(arrive, range(30)))
    took = time.monotonic() - started
    last = watcher.wait_for(
        "overview",
        lambda o: (
            o["summary"]["participants"] == 30
            and sum(len(t["members"]) for t in overview_tables(o).values()) == 30
            and all(m["online"] for t in overview_tables(o).values() for m in t["members"])
        ),
    )
    assert last["summary"]["tables"] == 3
    time.sleep(1.0)  # anything still due arrives

    stamps = [at for at, _ in watcher.arrivals("overview")]
    assert took < 10, f"30 arrivals took {took:.1f} s"
    assert stamps, "no overview at all"
    window = (stamps[-1] - started) + 0.5
    assert len(stamps) <= 2 * window + 2, (len(stamps), window)
    for i, at in enumerate(stamps):  # never more than three in any one second
        assert len([s for s in stamps[i:] if s - at < 1.0]) <= 3, stamps
    two_seconds = [s for s in stamps if s - started <= 2.0]
    assert len(two_seconds) <= 5, stamps
