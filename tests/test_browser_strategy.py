"""The strategy's process in a real browser (Chromium via Playwright) against the real
`aihio serve` of the shared `live_server`, whose `aihio demo` made a strategy with a
finished first event: carrying a draft to the next event (the same document: a participant
there edits on its log), the follow-up board, and the coordination group's read-only link.

Each test works on what it makes (a new event) or on ideas the others leave alone.
The UI is switched to English with the language cookie (English is the msgid).
"""

import re
import uuid

import pytest
import requests
import sqlalchemy as sa
from playwright.sync_api import expect
from socket_helpers import Editor, connect, join

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.fixture(scope="module")
def token(live_server) -> str:
    """Return an API token of the demo facilitator (made once: each `aihio` is a process)."""
    return live_server.cli("users", "token", live_server.demo.facilitator_email).stdout.strip()


def api(server, token: str, path: str, method: str = "GET", **kwargs):
    with requests.Session() as session:
        session.trust_env = False
        response = session.request(
            method,
            server.url(path),
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
            **kwargs,
        )
    assert response.status_code < 300, response.text
    return response.json()


def facilitator(new_context, server):
    """Return a page of the demo facilitator, logged in, in English."""
    context = new_context()
    context.add_cookies([{"name": "aihio_lang", "value": "en", "url": server.base_url}])
    page = context.new_page()
    page.goto(server.url("/f/login"))
    page.get_by_label("Email").fill(server.demo.facilitator_email)
    page.get_by_label("Password").fill(server.demo.facilitator_password)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/f/login"))
    return page


def idea_id(server, token: str, title: str) -> int:
    board = api(server, token, f"/api/v1/strategies/{server.demo.raw['strategy_id']}/follow-up")
    return next(row["id"] for row in board["ideas"] if row["title"] == title)


def test_a_draft_carried_to_the_next_event_continues_as_the_same_document(
    new_context, live_server, token
):
    server = live_server
    strategy_id = server.demo.raw["strategy_id"]
    page = facilitator(new_context, server)
    page.goto(server.url(f"/f/strategies/{strategy_id}"))
    title = f"Syyskuun sprintti {uuid.uuid4().hex[:6]}"
    page.get_by_label("Title").fill(title)
    page.get_by_label("Date (YYYY-MM-DD)").fill("2026-09-15")
    page.get_by_label("Tables per priority").fill("1")
    page.get_by_role("button", name="Create the event").click()
    expect(page).to_have_url(re.compile(r"/f/workshops/\d+$"))
    workshop_id = int(page.url.rsplit("/", 1)[1])

    page.goto(server.url(f"/f/workshops/{workshop_id}/carry?min_votes=4"))
    page.get_by_label(re.compile("Ympärivuotinen elämysmatkailu")).check()
    page.get_by_role("button", name="Carry the chosen drafts here").click()
    expect(page.locator(".flashes")).to_contain_text("1 draft was carried to this workshop.")

    carried = idea_id(server, token, "Ympärivuotinen elämysmatkailu")
    engine = server.database.engine()
    try:
        with engine.begin() as connection:
            connection.execute(
                sa.text("UPDATE workshop SET joining_open = :yes, state = 'open' WHERE id = :id"),
                {"yes": True, "id": workshop_id},
            )
            table_id = connection.execute(
                sa.text("SELECT table_id FROM idea WHERE id = :id"), {"id": carried}
            ).scalar_one()
    finally:
        engine.dispose()
    code = api(server, token, f"/api/v1/workshops/{workshop_id}")["join_code"]
    client = connect(server, join(server, name="Sanni", organisation="Lapin yliopisto", code=code))
    try:
        assert client.call("join_table", {"table_id": table_id}, timeout=10)["ok"]
        editor = Editor(client, carried)
        opened = editor.open()
        assert editor.text("title") == "Ympärivuotinen elämysmatkailu"  # its text came along
        [source] = opened["carried_from"]  # and its provenance, for the idea panel
        assert (source["workshop_title"], source["table"], source["votes"]) == (
            "Kemin kehittämissprintti (toukokuu)",
            "2.1",
            4,
        )
        ack = editor.send(editor.type("goals", " Myös syysmatkailu."))
        assert ack["ok"] and ack["seq"] == 2  # the same log goes on after its first entry
    finally:
        client.disconnect()

    # A participant co-editing it at the new event sees where it came from in the panel.
    context = new_context()
    context.add_cookies([{"name": "aihio_lang", "value": "en", "url": server.base_url}])
    writer = context.new_page()
    writer.goto(server.url(f"/j/{code}"))
    writer.get_by_label("Your name").fill("Ville")
    writer.get_by_label("Organisation", exact=True).fill("Digipolis")
    writer.locator("input[name=org_type][value=development]").check()
    writer.get_by_label("I have read the privacy notice").check()
    writer.get_by_role("button", name="Join", exact=True).click()
    writer.locator(f"article[aria-labelledby='table-{table_id}']").get_by_role("button").click()
    expect(writer).to_have_url(server.url(f"/t/{table_id}"))
    writer.get_by_role("link", name="Ympärivuotinen elämysmatkailu").click()
    expect(writer.get_by_role("list", name="Where this draft came from")).to_have_text(
        "Carried from Kemin kehittämissprintti (toukokuu), table 2.1 (votes: 4)"
    )

    page.goto(server.url(f"/f/strategies/{strategy_id}/ideas/{carried}"))
    expect(page.locator(".provenance")).to_contain_text(
        "Kemin kehittämissprintti (toukokuu), table 2.1, 4 votes"
    )
    expect(page.locator(".idea-changes ins")).to_contain_text("syysmatkailu.")


def test_the_board_filters_and_saves_a_follow_up_with_its_history(new_context, live_server):
    server = live_server
    page = facilitator(new_context, server)
    page.goto(server.url(f"/f/strategies/{server.demo.raw['strategy_id']}"))
    page.get_by_label("Status", exact=True).select_option("funded")
    page.get_by_role("button", name="Filter", exact=True).click()
    board = page.locator(".follow-up-board")
    expect(board).to_contain_text("Kylmätestauksen palvelualusta")
    expect(board).not_to_contain_text("Luonnontuotealan verkosto")

    page.goto(server.url(f"/f/strategies/{server.demo.raw['strategy_id']}?status=dropped"))
    page.get_by_role("link", name="Luonnontuotealan verkosto").click()
    page.get_by_label("Status").select_option("developing")
    page.get_by_label("Next step").fill("Uusi kumppanihaku")
    page.get_by_label("Due (YYYY-MM-DD)").fill("31.1.2027")
    page.get_by_role("button", name="Save the follow-up").click()
    expect(page.locator("#due-error")).to_contain_text("YYYY-MM-DD")
    page.get_by_label("Due (YYYY-MM-DD)").fill("2027-01-31")
    page.get_by_role("button", name="Save the follow-up").click()
    expect(page.locator(".flashes")).to_contain_text("The follow-up was saved.")
    history = page.get_by_role("table", name="History of changes")
    expect(history).to_contain_text("Uusi kumppanihaku")
    expect(history).to_contain_text(server.demo.facilitator_email)


def test_the_coordination_groups_link_reads_and_cannot_edit(new_context, live_server):
    server = live_server
    page = facilitator(new_context, server)
    page.goto(server.url(f"/f/strategies/{server.demo.raw['strategy_id']}"))
    page.get_by_role("button", name="Make a new read-only link").click()
    link = page.get_by_label("The link (shown only now)").input_value()

    reader = new_context()
    reader.add_cookies([{"name": "aihio_lang", "value": "en", "url": server.base_url}])
    view = reader.new_page()
    view.goto(link)
    expect(view.locator("#read-only-note")).to_be_visible()
    expect(view.locator(".follow-up-board").first).to_be_visible()
    view.get_by_role("link", name="Kylmätestauksen palvelualusta").click()
    expect(view.locator("h1")).to_have_text("Kylmätestauksen palvelualusta")
    expect(view.get_by_role("button", name="Save the follow-up")).to_have_count(0)
    view.get_by_role("link", name="Arctic Testing Oy").click()
    expect(view.locator("h1")).to_have_text("The role of Arctic Testing Oy")
    expect(view.locator("main")).to_contain_text("Kylmätestauksen palvelualusta")
