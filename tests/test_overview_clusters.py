"""Overlapping drafts on the facilitator's live overview: drafts at different tables that
resemble each other show as one cluster, with their tables ("Päällekkäiset aihiot").

- the overview page as the server renders it (in-process), Finnish and English;
- the `overview` event over a real Socket.IO connection while participants type at two
  tables (the clusters are recomputed at most every few seconds, and the last edit still
  shows);
- the page in Chromium, where overview.js renders the clusters live (a screenshot is
  kept in test-artifacts/overview-clusters.png).
"""

import html
import json
import re
import uuid
from pathlib import Path

import pytest
from test_export import log_in
from test_export_overlaps import COLD, COLD_TOO, LIGHTS, SCHOOL, sprint

from workshop.extensions import db
from workshop.ideas import Actor, create_idea
from workshop.live import live_state
from workshop.models import Idea, IdeaOverlapDismissal
from workshop.realtime import overview as live_overview
from workshop.realtime.connection import Connection

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
# -- in-process: the page --------------------------------------------------------------------


def room(facilitator, drafts: list[tuple[int, dict]]):
    """A workshop of two priorities × two tables (1.1, 1.2, 2.1, 2.2) with drafts at the
    tables given by index, their text in the projection the overview reads."""
    session = db.session
    workshop, person = sprint(session, facilitator)
    ids = []
    for table, fields in drafts:
        idea = create_idea(session, Actor("participant", person.id), workshop.tables[table], "x")
        idea.title, idea.fields = fields["title"], dict(fields)
        session.flush()
        ids.append(idea.id)
    session.commit()
    return workshop, ids


def clusters_section(page: str) -> str:
    start = page.index('id="overview-clusters-card"')
    return page[start : page.index("</section>", start)]


def clusters_in(section: str) -> list[list[str]]:
    """The idea ids of each cluster on the page, as the markup lists them."""
    return [
        ids.split() for ids in re.findall(r'class="ov-cluster" data-idea-ids="([^"]*)"', section)
    ]


def test_the_overview_page_shows_similar_drafts_at_two_tables_as_one_cluster(client, facilitator):
    workshop, (cold, too, lights, school) = room(
        facilitator, [(0, COLD), (1, COLD_TOO), (2, LIGHTS), (3, SCHOOL)]
    )
    page = log_in(client).get(f"/f/workshops/{workshop.id}/overview").get_data(as_text=True)
    section = clusters_section(page)
    assert "Päällekkäiset aihiot" in section
    assert clusters_in(section) == [[str(cold), str(too)]]
    text = html.unescape(re.sub(r"<[^>]+>", " ", section))
    text = " ".join(text.split())
    assert f"{COLD['title']} (Pöytä 1.1) {COLD_TOO['title']} (Pöytä 1.2) Samankaltaisuus 0," in text
    assert LIGHTS["title"] not in section and SCHOOL["title"] not in section
    # overview.js starts from the same data
    config = re.search(r'id="overview-config">(.*?)</script>', page, re.S).group(1)
    (cluster,) = json.loads(config)["overview"]["clusters"]
    assert [(i["id"], i["table"]) for i in cluster["ideas"]] == [(cold, "1.1"), (too, "1.2")]
    assert 0.34 <= cluster["score"] <= 1


def test_a_workshop_without_drafts_or_projects_shows_no_cluster(client, facilitator):
    workshop, _ = room(facilitator, [])
    page = log_in(client).get(f"/f/workshops/{workshop.id}/overview")
    assert page.status_code == 200
    section = clusters_section(page.get_data(as_text=True))
    assert clusters_in(section) == []
    assert "Eri pöytien aihioissa ei ole päällekkäisyyksiä." in section


def test_in_english_the_section_is_overlapping_drafts(client, facilitator):
    workshop, _ = room(facilitator, [(0, COLD), (2, COLD_TOO)])
    client.set_cookie("aihio_lang", "en")
    section = clusters_section(
        log_in(client).get(f"/f/workshops/{workshop.id}/overview").get_data(as_text=True)
    )
    assert "Overlapping drafts" in section
    assert "(Table 1.1)" in section and "(Table 2.1)" in section
    assert re.search(r"Similarity 0\.\d\d", section)


def test_a_pair_marked_not_related_and_drafts_at_one_table_are_no_cluster(client, facilitator):
    workshop, (cold, too, _, _) = room(
        facilitator, [(0, COLD), (1, COLD_TOO), (2, LIGHTS), (2, dict(LIGHTS, title="Revontulet"))]
    )
    db.session.add(IdeaOverlapDismissal(idea_id=too, other_idea_id=cold))
    db.session.commit()
    section = clusters_section(
        log_in(client).get(f"/f/workshops/{workshop.id}/overview").get_data(as_text=True)
    )
    assert clusters_in(section) == []
    assert "Eri pöytien aihioissa ei ole päällekkäisyyksiä." in section


def test_draft_titles_in_a_cluster_are_text(client, facilitator):
    nasty = dict(COLD, title="<script>alert(1)</script> Kylmätestausympäristö ajoneuvoille")
    workshop, _ = room(facilitator, [(0, nasty), (3, COLD_TOO)])
    page = log_in(client).get(f"/f/workshops/{workshop.id}/overview").get_data(as_text=True)
    section = clusters_section(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Kylmätestausympäristö" in section
    assert "<script>alert(1)" not in page


def test_the_overview_payload_follows_the_drafts_within_the_interval(app, facilitator):
    """The socket's `overview` payload: a new overlap shows once the interval has passed,
    and meanwhile the publisher is asked to build the overview again."""
    workshop, (cold, lights) = room(facilitator, [(0, COLD), (2, LIGHTS)])
    cache = live_state(app).clusters
    with app.test_request_context():
        assert live_overview.build(workshop.id)["clusters"] == []
        idea = db.session.get(Idea, lights)
        idea.title, idea.fields = COLD_TOO["title"], dict(COLD_TOO)
        db.session.commit()
        # Someone watches the overview (a screen's connection), so marks are kept.
        watchers = live_state(app).connections
        watchers["screen"] = Connection(Actor("projector", workshop.id), workshop.id, "screen")
        watchers["screen"].watching.add(workshop.id)
        try:
            assert live_overview.build(workshop.id)["clusters"] == []  # within the interval
            assert cache.retry_in(workshop.id) is not None
            assert workshop.id in live_overview.publisher().later
            cache.clock = lambda: float("inf")  # the interval has passed
            (cluster,) = live_overview.build(workshop.id)["clusters"]
        finally:
            watchers.pop("screen")
    assert [i["id"] for i in cluster["ideas"]] == [cold, lights]
    assert [i["table"] for i in cluster["ideas"]] == ["1.1", "2.1"]


# -- a real server: the `overview` event, and the page in Chromium ----------------------------


@pytest.fixture
def typed_room(live_server):
    """The demo facilitator's new workshop (2 priorities × 2 tables) on the real server,
    and a function that makes a participant write a draft at a table over Socket.IO."""
    from facilitation_helpers import Facilitator, seated
    from socket_helpers import Editor

    owner = Facilitator(
        live_server, live_server.demo.facilitator_email, live_server.demo.facilitator_password
    ).log_in()
    workshop = owner.create_workshop(f"Päällekkäisyydet {uuid.uuid4().hex[:6]}", tables=(2, 2))
    people = []

    def write(table_index: int, fields: dict) -> int:
        table_id = workshop.tables[table_index]
        person = seated(live_server, workshop, table_id, f"Kirjoittaja {len(people) + 1}")
        people.append(person)
        ack = person.peer.call("create_idea", {"table_id": table_id, "title": fields["title"]})
        assert ack["ok"], ack
        editor = Editor(person.peer.client, ack["idea"]["id"])
        editor.open()
        for key in ("need", "goals"):
            if key in fields:
                assert editor.send(editor.type(key, fields[key]))["ok"]
        return ack["idea"]["id"]

    yield owner, workshop, write
    for person in people:
        person.peer.close()


def test_the_overview_event_shows_drafts_typed_at_two_tables_as_one_cluster(typed_room):
    owner, workshop, write = typed_room
    watcher = owner.socket("overview")
    try:
        ack = watcher.call("watch_overview", {"workshop_id": workshop.id})
        assert ack["ok"] and ack["overview"]["clusters"] == []
        lights = write(1, LIGHTS)
        cold = write(0, COLD)
        too = write(2, COLD_TOO)  # another priority's table, typed right after
        update = watcher.wait_for("overview", lambda o: bool(o.get("clusters")), seconds=15)
        (cluster,) = update["clusters"]
        assert [i["id"] for i in cluster["ideas"]] == [cold, too]
        assert [(i["title"], i["table"]) for i in cluster["ideas"]] == [
            (COLD["title"], "1.1"),
            (COLD_TOO["title"], "2.1"),
        ]
        assert lights not in [i["id"] for i in cluster["ideas"]]
    finally:
        watcher.close()


def test_the_live_overview_in_chromium_lists_the_cluster(typed_room, new_context, live_server):
    from playwright.sync_api import expect

    owner, workshop, write = typed_room
    context = new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.goto(live_server.url("/f/login"))
    page.get_by_label("Sähköposti").fill(live_server.demo.facilitator_email)
    page.get_by_label("Salasana").fill(live_server.demo.facilitator_password)
    page.locator("main").get_by_role("button", name="Kirjaudu sisään").click()
    page.goto(live_server.url(f"/f/workshops/{workshop.id}/overview"))
    expect(page.locator("#ov-connection")).to_have_attribute("data-status", "live", timeout=15_000)
    clusters = page.locator("#overview-clusters")
    expect(clusters).to_contain_text("Eri pöytien aihioissa ei ole päällekkäisyyksiä.")
    cold = write(0, COLD)
    write(1, LIGHTS)
    too = write(3, COLD_TOO)
    cluster = clusters.locator("li.ov-cluster")
    expect(cluster).to_have_count(1, timeout=15_000)  # rendered live by overview.js
    expect(cluster).to_have_attribute("data-idea-ids", f"{cold} {too}")
    expect(cluster.locator(".ov-cluster-drafts > li")).to_have_text(
        [f"{COLD['title']} (Pöytä 1.1)", f"{COLD_TOO['title']} (Pöytä 2.2)"]
    )
    expect(cluster).to_contain_text(re.compile(r"Samankaltaisuus 0,\d\d"))
    expect(page.locator("#ov-clusters-heading")).to_have_text("Päällekkäiset aihiot")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "overview-clusters.png"), full_page=False)
