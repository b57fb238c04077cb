"""Archiving a draft at a real table in Chromium: it leaves everyone's list at once, and
anyone at the table can undo it from the note that appears. static/dist/table.js must be
built (`npm run build`)."""

import uuid

import pytest
from playwright.sync_api import expect
from test_browser_coedit import create_idea, english_page, join_and_sit

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
