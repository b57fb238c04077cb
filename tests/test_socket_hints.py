"""Live "similar project" hints (issue #7) over real Socket.IO connections to a real server:
while a table drafts, everyone with the idea open is told which mapped projects and other
tables' drafts it resembles (`idea_related`), and "not related" (`dismiss_related`) is
remembered. The server's throttle (AIHIO_HINT_EVERY) is set short here."""

import time

import pytest
import requests
import socketio
import sqlalchemy as sa
from live import start_live_server
from socket_helpers import Editor, connect, join, participant, wait_for

pytestmark = pytest.mark.server

EVERY = 2.0  # seconds between two computations of one idea's hints (AIHIO_HINT_EVERY)
SURVEY = (
    "Hankkeen nimi;Kuvaus;Organisaatio;Aikataulu;Tila;Linkki\n"
    "Moottorikelkkareittien kunnossapidon robotiikka;Moottorikelkkareittien kunnossapitoon "
    "autonomisia työkoneita ja reittien kunnon seurantaa antureilla Ylläksellä.;"
    "Ylläksen reittiosuuskunta;2024–2026;käynnissä;https://example.fi/kelkkareitit\n"
    "Saamenkielinen etäopetus;Saamen kielten etäopetus peruskouluille verkkoyhteyksin koko "
    "saamelaisalueella.;Saamelaiskäräjät;2025–2027;suunnitteilla;\n"
)
SLED = "Moottorikelkkareittien kunnossapidon robotiikka"
DRAFT = (
    "Moottorikelkkareittien kunnossapito vie paljon työtä. Haluamme kokeilla autonomisia "
    "työkoneita reittien kunnossapidossa ja seurata reittien kuntoa antureilla."
)
HINT_WAIT = EVERY + 6  # projection (≤ 1 s, or the 1 s housekeeping tick) + throttle + slack


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of its own: a short hint interval, and the survey above imported."""
    server = start_live_server(
        tmp_path_factory.mktemp("hints"), env={"AIHIO_HINT_EVERY": str(EVERY)}
    )
    survey = server.root / "kartoitus.csv"
    survey.write_text(SURVEY, encoding="utf-8")
    server.cli("mapping", "import", str(survey))
    yield server
    server.close()


def query(server, sql: str, **params) -> list:
    engine = server.database.engine()
    try:
        with engine.connect() as connection:
            return list(connection.execute(sa.text(sql), params))
    finally:
        engine.dispose()


def table_ids(server) -> list[int]:
    rows = query(
        server,
        "SELECT id FROM workshop_table WHERE workshop_id = :w ORDER BY id",
        w=server.demo.workshop_id,
    )
    return [row[0] for row in rows]


def table_name(server, table_id: int) -> str:
    return query(server, "SELECT name FROM workshop_table WHERE id = :t", t=table_id)[0][0]


def project_id(server, title: str) -> int:
    return query(server, "SELECT id FROM mapped_project WHERE title = :t", t=title)[0][0]


def dismissals(server) -> int:
    return query(server, "SELECT count(*) FROM idea_overlap_dismissal")[0][0]


def new_idea(client, table_id: int, title: str) -> int:
    ack = client.call("create_idea", {"table_id": table_id, "title": title}, timeout=10)
    assert ack["ok"], ack
    return ack["idea"]["id"]


def names_project(project: int):
    return lambda hints: any(p["id"] == project for p in hints["projects"])


def write(editor: Editor, field: str, text: str) -> None:
    ack = editor.send(editor.type(field, text))
    assert ack["ok"], ack


def hints_of(client, idea_id: int, seconds: float) -> list[tuple[float, dict]]:
    """Receive for `seconds`; return (arrival time, payload) of each idea_related of the idea."""
    found, deadline = [], time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            name, data = client.receive(timeout=left)
        except socketio.exceptions.TimeoutError:
            break
        if name == "idea_related" and data["idea_id"] == idea_id:
            found.append((time.monotonic(), data))
    return found


def test_a_draft_like_a_mapped_project_shows_it_to_the_others_while_they_write(server):
    tables = table_ids(server)
    writer = participant(server, tables[0], name="Kirjoittaja")
    watcher = participant(server, tables[0], name="Seuraaja", organisation="Kolarin kunta")
    reader = participant(server, tables[3], name="Lukija", organisation="Lapin AMK")
    idea_id = new_idea(writer, tables[0], "Reittien kunnossapito")
    mine, theirs, read = Editor(writer, idea_id), Editor(watcher, idea_id), Editor(reader, idea_id)
    for editor in (mine, theirs, read):
        editor.open()
    sled = project_id(server, SLED)

    write(mine, "need", DRAFT)
    for client in (watcher, reader):  # a tablemate, and someone from another table reading it
        hint = wait_for(
            client,
            "idea_related",
            lambda h: h["idea_id"] == idea_id and names_project(sled)(h),
            seconds=HINT_WAIT,
        )
    project = next(p for p in hint["projects"] if p["id"] == sled)
    assert project["title"] == SLED
    assert project["organisation"] == "Ylläksen reittiosuuskunta"
    assert project["period"] == "2024–2026"
    assert project["status"] == "käynnissä"
    assert project["link"] == "https://example.fi/kelkkareitit"
    assert all(p["title"] != "Saamenkielinen etäopetus" for p in hint["projects"])
    assert all(i["id"] != idea_id for i in hint["ideas"])  # never itself

    # Another table starts a similar draft: its writer sees this one, with the table's name.
    other = participant(server, tables[1], name="Toinen", organisation="Muonion kunta")
    other_id = new_idea(other, tables[1], "Kelkkareitit kuntoon")
    second = Editor(other, other_id)
    second.open()
    write(second, "goals", "Kelkkareittien kunnossapito autonomisilla työkoneilla ja antureilla.")
    hint = wait_for(
        other,
        "idea_related",
        lambda h: h["idea_id"] == other_id and any(i["id"] == idea_id for i in h["ideas"]),
        seconds=HINT_WAIT,
    )
    draft = next(i for i in hint["ideas"] if i["id"] == idea_id)
    assert draft["title"] == "Reittien kunnossapito"
    assert draft["table_id"] == tables[0]
    assert draft["table_name"] == table_name(server, tables[0])
    for client in (writer, watcher, reader, other):
        client.disconnect()


def test_not_related_hides_the_hint_for_everyone_and_it_stays_hidden(server):
    tables = table_ids(server)
    writer = participant(server, tables[2], name="Kirjoittaja")
    watcher = participant(server, tables[2], name="Seuraaja", organisation="Kolarin kunta")
    idea_id = new_idea(writer, tables[2], "Kelkkareittirobotit")
    mine, theirs = Editor(writer, idea_id), Editor(watcher, idea_id)
    mine.open()
    theirs.open()
    sled = project_id(server, SLED)
    write(mine, "need", DRAFT)
    for client in (watcher, writer):  # both see it (and their older hints are read)
        wait_for(client, "idea_related", names_project(sled), seconds=HINT_WAIT)
    before = dismissals(server)

    ack = watcher.call("dismiss_related", {"idea_id": idea_id, "project_id": sled}, timeout=10)
    assert ack["ok"], ack
    assert dismissals(server) == before + 1
    # Everyone with the idea open is told, without waiting for the throttle: the text does
    # not change, so nothing else would send hints without it (hints computed before the
    # dismissal may still be on their way, and are skipped).
    wait_for(
        writer,
        "idea_related",
        lambda h: h["idea_id"] == idea_id and sled not in [p["id"] for p in h["projects"]],
    )
    (who,) = query(
        server,
        "SELECT participant_id FROM idea_overlap_dismissal WHERE idea_id = :i AND project_id = :p",
        i=idea_id,
        p=sled,
    )
    assert who[0] is not None

    # Dismissing it again adds nothing.
    assert watcher.call("dismiss_related", {"idea_id": idea_id, "project_id": sled}, timeout=10)[
        "ok"
    ]
    assert dismissals(server) == before + 1

    # Re-opened: still gone.
    assert watcher.call("close_idea", {"idea_id": idea_id}, timeout=10)["ok"]
    reopened = Editor(watcher, idea_id).open()
    assert reopened["related"] is not None
    assert sled not in [p["id"] for p in reopened["related"]["projects"]]

    # More text like the project, computed afresh: still gone.
    hints_of(watcher, idea_id, 0.5)  # what was sent before
    write(mine, "actions", " Kokeillaan autonomisia työkoneita moottorikelkkareiteillä.")
    fresh = hints_of(watcher, idea_id, HINT_WAIT)
    assert fresh, "no hints computed after the text changed"
    assert all(sled not in [p["id"] for p in h["projects"]] for _, h in fresh)
    writer.disconnect()
    watcher.disconnect()


def test_not_related_over_rest_reaches_the_open_idea_at_once(server):
    tables = table_ids(server)
    token = join(server, name="Rest", organisation="Kolarin kunta")
    writer = connect(server, token)
    assert writer.call("join_table", {"table_id": tables[5]}, timeout=10)["ok"]
    watcher = participant(server, tables[5], name="Katsoja", organisation="Lapin AMK")
    idea_id = new_idea(writer, tables[5], "Reittirobotiikka")
    mine, theirs = Editor(writer, idea_id), Editor(watcher, idea_id)
    mine.open()
    theirs.open()
    sled = project_id(server, SLED)
    write(mine, "need", DRAFT)
    wait_for(watcher, "idea_related", names_project(sled), seconds=HINT_WAIT)

    response = requests.post(
        server.url(f"/api/v1/ideas/{idea_id}/related/dismiss"),
        json={"project_id": sled},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    wait_for(
        watcher,
        "idea_related",
        lambda h: h["idea_id"] == idea_id and sled not in [p["id"] for p in h["projects"]],
    )
    writer.disconnect()
    watcher.disconnect()


def test_a_draft_marked_not_related_is_gone_both_ways(server):
    tables = table_ids(server)
    first = participant(server, tables[4], name="Eka")
    second = participant(server, tables[5], name="Toka", organisation="Muonion kunta")
    first_id = new_idea(first, tables[4], "Kelkkareittien robotit")
    a = Editor(first, first_id)
    a.open()
    write(a, "need", DRAFT)
    second_id = new_idea(second, tables[5], "Reittikoneet")
    b = Editor(second, second_id)
    b.open()
    write(b, "need", DRAFT + " Myös latujen kunnossapito.")
    wait_for(
        second,
        "idea_related",
        lambda h: h["idea_id"] == second_id and any(i["id"] == first_id for i in h["ideas"]),
        seconds=HINT_WAIT,
    )
    ack = second.call(
        "dismiss_related", {"idea_id": second_id, "other_idea_id": first_id}, timeout=10
    )
    assert ack["ok"], ack
    # The first draft's own hints no longer name the second, even when computed afresh.
    hints_of(first, first_id, 0.5)  # what was sent before
    write(a, "goals", "Autonomiset työkoneet kelkkareiteille.")
    fresh = hints_of(first, first_id, HINT_WAIT)
    assert fresh, "no hints computed after the text changed"
    assert all(second_id not in [i["id"] for i in h["ideas"]] for _, h in fresh)
    assert any(h["projects"] for _, h in fresh)  # hints were computed, only without it
    first.disconnect()
    second.disconnect()


def test_bad_dismissals_name_the_field_and_write_nothing(server):
    tables = table_ids(server)
    client = participant(server, tables[6], name="Testaaja")
    idea_id = new_idea(client, tables[6], "Kelkkareitit")
    Editor(client, idea_id).open()
    sled = project_id(server, SLED)
    before = dismissals(server)
    cases = [
        ({"project_id": sled}, "invalid", {"idea_id"}),
        ({"idea_id": "1", "project_id": sled}, "invalid", {"idea_id"}),
        ({"idea_id": 10**9, "project_id": sled}, "not_found", {"idea_id"}),
        ({"idea_id": idea_id}, "invalid", {"project_id", "other_idea_id"}),
        (
            {"idea_id": idea_id, "project_id": sled, "other_idea_id": idea_id},
            "invalid",
            {"project_id", "other_idea_id"},
        ),
        ({"idea_id": idea_id, "project_id": str(sled)}, "invalid", {"project_id"}),
        ({"idea_id": idea_id, "project_id": True}, "invalid", {"project_id"}),
        ({"idea_id": idea_id, "other_idea_id": 1.5}, "invalid", {"other_idea_id"}),
        ({"idea_id": idea_id, "project_id": 10**9}, "not_found", {"project_id"}),
        ({"idea_id": idea_id, "other_idea_id": 10**9}, "not_found", {"other_idea_id"}),
        ({"idea_id": idea_id, "other_idea_id": idea_id}, "not_found", {"other_idea_id"}),
    ]
    for payload, code, fields in cases:
        ack = client.call("dismiss_related", payload, timeout=10)
        assert not ack["ok"], payload
        assert ack["error"]["code"] == code, (payload, ack)
        assert set(ack["error"].get("fields", {})) == fields, (payload, ack)
        assert all(ack["error"]["fields"].values()), ack  # each with what to do
    not_an_object = client.call("dismiss_related", [idea_id, sled], timeout=10)
    assert not_an_object["error"]["code"] == "invalid"
    assert dismissals(server) == before
    client.disconnect()


def test_people_of_another_workshop_cannot_dismiss_hints(server):
    tables = table_ids(server)
    insider = participant(server, tables[7], name="Sisällä")
    idea_id = new_idea(insider, tables[7], "Kelkkareitit")
    token = server.cli("users", "token", server.demo.facilitator_email).stdout.strip()
    other = requests.post(
        server.url("/api/v1/workshops"),
        headers={"Authorization": f"Bearer {token}"},
        json={"title": "Toinen työpaja", "priorities": [{"name": "P", "tables": 1}]},
        timeout=10,
    ).json()
    engine = server.database.engine()
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE workshop SET joining_open = :t WHERE id = :w"),
            {"t": True, "w": other["id"]},
        )
    engine.dispose()
    outsider = connect(server, join(server, code=other["join_code"], name="Muualta"))
    sled = project_id(server, SLED)
    before = dismissals(server)
    ack = outsider.call("dismiss_related", {"idea_id": idea_id, "project_id": sled}, timeout=10)
    assert ack["error"]["code"] == "forbidden", ack
    assert outsider.call("open_idea", {"idea_id": idea_id, "state_vector": None}, timeout=10)[
        "error"
    ]["code"] in ("forbidden", "not_found")
    assert dismissals(server) == before
    insider.disconnect()
    outsider.disconnect()


def test_nothing_is_computed_while_nobody_has_the_idea_open(server):
    tables = table_ids(server)
    writer = participant(server, tables[0], name="Sokkona")
    idea_id = new_idea(writer, tables[0], "Kelkkareitit ilman katsojaa")
    blind = Editor(writer, idea_id)  # sends updates without opening the idea
    write(blind, "need", DRAFT)
    time.sleep(EVERY + 1.5)  # projected meanwhile; no hint computed: nobody has it open
    watcher = participant(server, tables[0], name="Avaaja", organisation="Kolarin kunta")
    opened = Editor(watcher, idea_id).open()
    assert opened["related"] is None  # not computed yet; it follows as an event
    sled = project_id(server, SLED)
    wait_for(
        watcher,
        "idea_related",
        lambda h: h["idea_id"] == idea_id and names_project(sled)(h),
        seconds=HINT_WAIT,
    )
    writer.disconnect()
    watcher.disconnect()


def test_hints_are_throttled_while_someone_types_fast(server):
    """Many quick updates: at most one computation per interval, the last change still
    computed, and nothing once the text stops changing."""
    tables = table_ids(server)
    writer = participant(server, tables[1], name="Nopea")
    watcher = participant(server, tables[1], name="Katsoja", organisation="Kolarin kunta")
    idea_id = new_idea(writer, tables[1], "Kelkkareittien robotiikka")
    mine = Editor(writer, idea_id)
    mine.open()
    Editor(watcher, idea_id).open()
    sled = project_id(server, SLED)
    write(mine, "need", DRAFT)

    arrivals = []
    updates, started = 0, time.monotonic()
    while time.monotonic() - started < 7.0:  # about 6 updates a second, each a new text
        updates += 1
        write(mine, "actions", f" kone{updates}")
        arrivals += hints_of(watcher, idea_id, 0.15)
    # The last change is projected within ~2 s and computed at most one interval later.
    arrivals += hints_of(watcher, idea_id, EVERY + 4)
    assert updates >= 30
    times = [at for at, _ in arrivals]
    gaps = [round(b - a, 2) for a, b in zip(times, times[1:], strict=False)]
    assert len(times) >= 4, times  # the hints follow the typing, not only once
    assert min(gaps) >= EVERY - 0.5, gaps  # never two computations within one interval
    assert names_project(sled)(arrivals[-1][1])
    # The text has not changed since the last computation: nothing more is sent, not even
    # while someone writes in fields the hints do not read (projected all the same).
    quiet, started = [], time.monotonic()
    while time.monotonic() - started < EVERY + 2.5:
        write(mine, "budget", "1")
        quiet += hints_of(watcher, idea_id, 0.3)
    assert quiet == []
    writer.disconnect()
    watcher.disconnect()
