"""The live "similar project" hint in real browsers (issue #7): Chromium (Playwright) against
the real `aihio serve` with a mapped project loaded. Someone types a draft resembling the
project and sees it while writing; a tablemate sees it in Finnish; "Not related" (from the
keyboard) hides it for both, and it stays hidden after a reload and more typing.

static/dist/table.js must be built (`npm run build`).
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from socket_helpers import connect, join

pytestmark = [pytest.mark.browser, pytest.mark.server]

BUNDLE = Path(__file__).resolve().parent.parent / "static" / "dist" / "table.js"
SURVEY = (
    "Hankkeen nimi;Kuvaus;Organisaatio;Aikataulu;Tila\n"
    "Moottorikelkkareittien kunnossapidon robotiikka;Moottorikelkkareittien kunnossapitoon "
    "autonomisia työkoneita ja reittien kunnon seurantaa antureilla Ylläksellä.;"
    "Ylläksen reittiosuuskunta;2024–2026;käynnissä\n"
    "Saamenkielinen etäopetus;Saamen kielten etäopetus peruskouluille verkkoyhteyksin.;"
    "Saamelaiskäräjät;2025–2027;suunnitteilla\n"
)
SLED = "Moottorikelkkareittien kunnossapidon robotiikka"
DRAFT = (
    "Moottorikelkkareittien kunnossapito vie paljon työtä. Haluamme kokeilla autonomisia "
    "työkoneita reittien kunnossapidossa ja seurata reittien kuntoa antureilla."
)
HINT_TIMEOUT = 15_000  # ms: projection (≤ 2 s) + the hint interval + a computation


@pytest.fixture(autouse=True)
def bundle_built():
    if not BUNDLE.is_file():
        pytest.fail(f"{BUNDLE} is missing: run `npm run build` first.", pytrace=False)


@pytest.fixture
def server(make_live_server):
    server = make_live_server(env={"AIHIO_HINT_EVERY": "1"})
    survey = server.root / "kartoitus.csv"
    survey.write_text(SURVEY, encoding="utf-8")
    server.cli("mapping", "import", str(survey))
    return server


def join_in_english(page, server) -> int:
    """Join through the form (English UI), sit at the first table; return its id."""
    page.context.add_cookies([{"name": "aihio_lang", "value": "en", "url": server.base_url}])
    page.goto(server.url(f"/j/{server.demo.join_code}"))
    page.get_by_label("Your name").fill("Aino")
    page.get_by_label("Organisation", exact=True).fill("Lapin yliopisto")
    page.locator("input[name=org_type][value=research]").check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Join", exact=True).click()
    page.locator("section.priority").first.locator("article.table-card").first.get_by_role(
        "button"
    ).click()
    expect(page).to_have_url(re.compile(r"/t/\d+$"))
    expect(page.locator("#sync-status")).to_have_text("Connected")
    return int(page.url.rsplit("/", 1)[1])


def hints(page):
    return page.locator("#idea-hints")


def test_typing_a_draft_like_a_mapped_project_shows_it_and_not_related_hides_it(
    server, new_context
):
    aino = new_context().new_page()
    table_id = join_in_english(aino, server)
    aino.get_by_label("New idea").fill("Reittirobotit")
    aino.get_by_role("button", name="Create idea").click()
    expect(aino.locator("#idea-heading")).to_have_text("Reittirobotit")
    idea_hash = aino.url.split("#", 1)[1]

    # A tablemate with the Finnish UI (the default) has the same idea open: joined through
    # the API, seated by a socket, then the page uses the join cookie as a browser would.
    token = join(server, name="Eero", organisation="Kolarin kunta", org_type="municipality")
    seat = connect(server, token)
    assert seat.call("join_table", {"table_id": table_id}, timeout=10)["ok"]
    seat.disconnect()
    eero = new_context().new_page()
    cookie = {"name": f"aihio_p{server.demo.workshop_id}", "value": token, "url": server.base_url}
    eero.context.add_cookies([cookie])
    eero.goto(server.url(f"/t/{table_id}#{idea_hash}"))
    expect(eero.locator("#idea-heading")).to_have_text("Reittirobotit")
    expect(hints(aino)).to_be_empty()

    aino.get_by_role("textbox", name="Need", exact=True).click()
    aino.keyboard.type(DRAFT)
    hint = hints(aino).locator(".idea-hint", has_text=SLED)
    expect(hint).to_be_visible(timeout=HINT_TIMEOUT)
    # The survey's Finnish status is said in the reader's language.
    expect(hint).to_contain_text(
        f"Similar running project: {SLED} — Ylläksen reittiosuuskunta, 2024–2026, running"
    )
    # The whole block, as read: a heading, the one matching project, its button.
    expect(hints(aino)).to_have_text(
        re.compile(
            rf"^Similar projects and drafts\s*Similar running project: {SLED} — "
            r"Ylläksen reittiosuuskunta, 2024–2026, running\s*Not related$"
        )
    )
    expect(hints(eero).locator(".idea-hint", has_text=SLED)).to_contain_text(
        f"Samankaltainen käynnissä oleva hanke: {SLED} — Ylläksen reittiosuuskunta, "
        "2024–2026, käynnissä",
        timeout=HINT_TIMEOUT,
    )
    expect(hints(aino)).to_have_attribute("aria-live", "polite")

    # "Not related", from the keyboard.
    button = aino.get_by_role("button", name=f"Not related: {SLED}")
    button.focus()
    aino.keyboard.press("Enter")
    expect(hints(aino)).not_to_contain_text(SLED)
    expect(hints(eero)).not_to_contain_text(SLED)
    focused = aino.evaluate("document.activeElement.closest('#idea-panel') !== null")
    assert focused, "focus was lost when the hint went away"

    # Remembered: not back after a reload, nor after more text like the project.
    aino.reload()
    expect(aino.locator("#idea-heading")).to_have_text("Reittirobotit")
    expect(aino.locator("#sync-status")).to_have_text("Connected")
    aino.get_by_role("textbox", name="Goals", exact=True).click()
    aino.keyboard.type("Autonomiset työkoneet moottorikelkkareiteille.")
    aino.wait_for_timeout(5_000)  # several hint intervals
    expect(hints(aino)).not_to_contain_text(SLED)
    expect(hints(eero)).not_to_contain_text(SLED)


def test_the_line_being_typed_stays_above_the_hints_at_the_bottom_of_the_window(
    server, new_context
):
    page = new_context(viewport={"width": 1366, "height": 800}).new_page()
    join_in_english(page, server)
    page.get_by_label("New idea").fill("Reittirobotit")
    page.get_by_role("button", name="Create idea").click()
    page.get_by_role("textbox", name="Need", exact=True).click()
    page.keyboard.type(DRAFT)
    expect(hints(page).locator(".idea-hint", has_text=SLED)).to_be_visible(timeout=HINT_TIMEOUT)
    page.get_by_role("textbox", name="Actions", exact=True).click()
    for n in range(16):  # more lines than fit above the hints: the page has to scroll
        page.keyboard.type(f"Toimenpide {n}.")
        page.keyboard.press("Enter")
    page.keyboard.type("Viimeinen rivi")
    line = page.locator(".cm-line", has_text="Viimeinen rivi")
    expect(line).to_be_visible()
    line_box, hints_box = line.bounding_box(), hints(page).bounding_box()
    assert hints_box["y"] + hints_box["height"] <= 800 + 1  # the hints stick to the bottom
    assert line_box["y"] + line_box["height"] <= hints_box["y"], (line_box, hints_box)
