"""The live consortium of an idea over real Socket.IO connections to a real server process:
names written into lead/partners reach everyone who has the idea open as `idea_consortium`,
only when the summary changes; `open_idea`'s ack carries it."""

import time

import pytest
import sqlalchemy as sa
from socket_helpers import Editor, events, join, participant, wait_for

pytestmark = pytest.mark.server

TABLE_INDEX = 4  # a demo table the other socket and browser tests do not sit at


def table_id(server) -> int:
    engine = server.database.engine()
    try:
        with engine.connect() as connection:
            ids = connection.execute(
                sa.text("SELECT id FROM workshop_table WHERE workshop_id = :w ORDER BY id"),
                {"w": server.demo.workshop_id},
            ).scalars()
            return list(ids)[TABLE_INDEX]
    finally:
        engine.dispose()


def names_of(entries) -> list:
    return [e["organisation"] and e["organisation"]["name"] for e in entries]


def test_partners_written_reach_the_other_reader_as_a_recognised_consortium(live_server):
    table = table_id(live_server)
    join(live_server, name="Tiina", organisation="Lapin yliopisto", org_type="research")
    writer = participant(
        live_server, table, name="Kirsi", organisation="Kemin kunta", org_type="municipality"
    )
    reader = participant(
        live_server, table, name="Olli", organisation="Kemin kunta", org_type="municipality"
    )
    ack = writer.call("create_idea", {"table_id": table, "title": "Konsortiokoe"}, timeout=10)
    idea_id = ack["idea"]["id"]
    kirsi, olli = Editor(writer, idea_id), Editor(reader, idea_id)
    opened = kirsi.open()
    olli.open()
    # An empty idea: nobody named, every helix missing.
    assert opened["consortium"]["partners"] == [] and opened["consortium"]["helixes"] == []
    assert len(opened["consortium"]["missing_helixes"]) == 4

    started = time.monotonic()
    assert kirsi.send(kirsi.type("partners", "Lapin yliopiston\nTuntematon Säätiö"))["ok"]
    got = wait_for(
        reader,
        "idea_consortium",
        lambda p: p["idea_id"] == idea_id and p["consortium"]["partners"],
        seconds=5,
    )
    assert time.monotonic() - started < 3.5  # "within ~1–2 s of typing"
    consortium = got["consortium"]
    assert names_of(consortium["partners"]) == ["Lapin yliopisto", None]
    assert consortium["partners"][0]["text"] == "Lapin yliopiston"
    assert consortium["partners"][0]["organisation"]["org_type"] == "research"
    assert consortium["helixes"] == ["research_education"]
    assert "business" in consortium["missing_helixes"]
    assert consortium["unknown"] == ["Tuntematon Säätiö"]

    # Text elsewhere in the idea changes nothing: no new event for it.
    events(reader, "idea_consortium", seconds=0.5)  # drain anything left over
    assert kirsi.send(kirsi.type("need", "Testiympäristöjä puuttuu."))["ok"]
    later = events(reader, "idea_consortium", seconds=3.0)
    assert [p for p in later if p["idea_id"] == idea_id] == []

    # The lead joins in: the summary changes and everyone in the room hears of it.
    assert kirsi.send(kirsi.type("lead", "Kemin kunnan"))["ok"]
    got = wait_for(
        reader,
        "idea_consortium",
        lambda p: p["idea_id"] == idea_id and p["consortium"]["lead"],
        seconds=5,
    )
    assert names_of(got["consortium"]["lead"]) == ["Kemin kunta"]
    assert got["consortium"]["helixes"] == ["research_education", "public_sector"]

    # Someone opening the idea now gets the consortium in the ack.
    late = participant(live_server, table, name="Leena", organisation="Kemin kunta")
    ack = Editor(late, idea_id).open()
    assert names_of(ack["consortium"]["lead"]) == ["Kemin kunta"]
    assert names_of(ack["consortium"]["partners"]) == ["Lapin yliopisto", None]
    for client in (writer, reader, late):
        client.disconnect()


def test_a_reader_who_has_not_opened_the_idea_hears_nothing(live_server):
    table = table_id(live_server)
    writer = participant(live_server, table, name="Kirsi", organisation="Lapin yliopisto")
    elsewhere = participant(live_server, table, name="Pekka", organisation="Lapin yliopisto")
    created = writer.call("create_idea", {"table_id": table, "title": "Yksin"}, timeout=10)
    idea_id = created["idea"]["id"]
    kirsi = Editor(writer, idea_id)
    kirsi.open()
    assert kirsi.send(kirsi.type("lead", "Lapin yliopisto"))["ok"]
    wait_for(writer, "idea_consortium", lambda p: p["idea_id"] == idea_id, seconds=5)
    assert [p for p in events(elsewhere, "idea_consortium", 1.0) if p["idea_id"] == idea_id] == []
    writer.disconnect()
    elsewhere.disconnect()
