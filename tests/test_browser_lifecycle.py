"""Archiving a draft at a real table in Chromium: it leaves everyone's list at once, and
anyone at the table can undo it from the note that appears; the facilitator merges two
overlapping drafts from the overview's card. static/dist/ must be built (`npm run build`)."""

import uuid

import pytest
from facilitation_helpers import Database
from playwright.sync_api import expect
from test_browser_coedit import create_idea, english_page, join_and_sit
from test_overview_clusters import COLD, COLD_TOO, typed_room  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.server]

TABLE = (2, 0)  # (priority, table) of the demo workshop that no other browser test sits at


def test_archived_draft_leaves_every_list_and_anyone_at_the_table_can_undo(
    new_context, live_server
):
    aino = english_page(new_context, live_server)
    pekka = english_page(new_context, live_server)
    join_and_sit(aino, live_server, "Aino Arkisto", "Lapin yliopisto", "research", TABLE)
    join_and_sit(pekka, live_server, "Pekka Palautus", "Kemin kaupunki", "municipality", TABLE)
    title = f"Turha aihio {uuid.uuid4().hex[:6]}"
    create_idea(aino, title)
    for page in (aino, pekka):
        expect(page.locator("#idea-list").get_by_role("link", name=title)).to_be_visible()

    aino.get_by_role("button", name=f"Archive the draft {title}").click()
    for page in (aino, pekka):
        expect(page.locator("#idea-list").get_by_role("link", name=title)).to_have_count(0)
    note = pekka.locator(".archive-note", has_text=f"The draft {title} was archived.")
    expect(note).to_be_visible()

    note.get_by_role("button", name="Undo").click()
    for page in (aino, pekka):
        expect(page.locator("#idea-list").get_by_role("link", name=title)).to_be_visible()
    expect(note).to_have_count(0)


def test_facilitator_merges_overlapping_drafts_from_the_overview(
    typed_room, new_context, live_server
):
    owner, workshop, write = typed_room
    cold, too = write(0, COLD), write(2, COLD_TOO)
    page = new_context(viewport={"width": 1600, "height": 1000}).new_page()
    page.goto(live_server.url("/f/login"))
    page.get_by_label("Sähköposti").fill(live_server.demo.facilitator_email)
    page.get_by_label("Salasana").fill(live_server.demo.facilitator_password)
    page.locator("main").get_by_role("button", name="Kirjaudu sisään").click()
    page.goto(live_server.url(f"/f/workshops/{workshop.id}/overview"))
    cluster = page.locator("#overview-clusters li.ov-cluster")
    expect(cluster).to_have_count(1, timeout=15_000)
    expect(cluster.get_by_label("Yhdistä aihio")).to_have_value(str(too))  # the later one
    expect(cluster.get_by_label("aihioon")).to_have_value(str(cold))
    page.once("dialog", lambda dialog: dialog.accept())
    cluster.get_by_role("button", name="Yhdistä", exact=True).click()
    expect(cluster).to_have_count(0, timeout=15_000)  # the merged draft left the overview
    database = Database(live_server)
    try:
        (row,) = database.rows("SELECT merged_into_id FROM idea WHERE id = :i", i=too)
        assert row == (cold,)
    finally:
        database.dispose()


def test_projector_results_follow_new_drafts_without_reloading(new_context, live_server):
    """The results screen fetches itself again every 15 s (static/js/results.js) and swaps
    in the new ranking: a new draft appears, and the page is the same page (no reload, so
    no lost focus and no meta refresh)."""
    screen = english_page(new_context, live_server)
    screen.clock.install()
    screen.goto(live_server.demo.raw["projector_url"] + "/results")
    screen.evaluate("window.sameScreen = true")
    title = f"Uusi ehdotus {uuid.uuid4().hex[:6]}"
    expect(screen.locator(".results-grid")).not_to_contain_text(title)

    writer = english_page(new_context, live_server)
    join_and_sit(writer, live_server, "Tuula Tulos", "Lapin liitto", "public_authority", TABLE)
    create_idea(writer, title)
    screen.clock.fast_forward(16_000)
    expect(screen.locator(".results-grid")).to_contain_text(title)
    assert screen.evaluate("window.sameScreen") is True
