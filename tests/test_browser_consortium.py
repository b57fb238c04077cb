"""The consortium of an idea, live in real browsers: Chromium (Playwright) against the real
`aihio serve`. Two people at one table have the same idea open; one types a known company
into the lead field and an unknown name into the partners field; both see, within seconds,
the company recognised with its type, the business helix reached, and the unknown name.

The UI is switched to English with the language cookie (English is the msgid).
static/dist/table.js must be built (`npm run build`).
"""

import re
import uuid
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.server]

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "static" / "dist" / "table.js"
ARTIFACTS = ROOT / "test-artifacts"
TABLE = (3, 0)  # (priority, table) of the demo workshop that no other browser test sits at
LIVE_TIMEOUT = 6_000  # ms: projection (≤ ~2 s after the last keystroke) + the event


@pytest.fixture(autouse=True)
def bundle_built():
    if not BUNDLE.is_file():
        pytest.fail(
            f"{BUNDLE} is missing: build the browser code first (`npm ci && npm run build`).",
            pytrace=False,
        )


def english_page(new_context, server):
    context = new_context()
    context.add_cookies([{"name": "aihio_lang", "value": "en", "url": server.base_url}])
    return context.new_page()


def make_known(server, organisation: str, org_type: str) -> None:
    """Someone joins from this organisation: it becomes a known organisation."""
    with requests.Session() as session:
        session.trust_env = False
        response = session.post(
            server.url("/api/v1/join"),
            json={
                "join_code": server.demo.join_code,
                "name": "Ulla Ulkopuolinen",
                "organisation": organisation,
                "org_type": org_type,
                "consent": True,
            },
            timeout=10,
        )
    assert response.status_code == 201, response.text


def join_and_sit(page, server, name: str, organisation: str, org_type: str) -> None:
    page.goto(server.url(f"/j/{server.demo.join_code}"))
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Organisation", exact=True).fill(organisation)
    page.locator(f"input[name=org_type][value={org_type}]").check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/j/{server.demo.join_code}/tables$"))
    priority, index = TABLE
    card = page.locator("section.priority").nth(priority).locator("article.table-card").nth(index)
    card.get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/t/\d+$"))
    expect(page.locator("#sync-status")).to_have_text("Connected")


def consortium(page):
    return page.get_by_role("region", name="Consortium")


def test_names_typed_into_lead_and_partners_show_as_recognised_or_unknown(new_context, live_server):
    tag = uuid.uuid4().hex[:6]
    company = f"Revontuli Safarit {tag} Oy"
    make_known(live_server, company, "company")
    aila, bertta = english_page(new_context, live_server), english_page(new_context, live_server)
    join_and_sit(aila, live_server, "Aila Aaltonen", "Lapin yliopisto", "research")
    join_and_sit(bertta, live_server, "Bertta Berg", "Lapin yliopisto", "research")

    title = f"Revontulidata {tag}"
    aila.get_by_label("New idea").fill(title)
    aila.get_by_role("button", name="Create idea").click()
    expect(aila.locator("#idea-heading")).to_have_text(title)
    bertta.locator("#idea-list").get_by_role("link", name=title).click()
    expect(bertta.locator("#idea-heading")).to_have_text(title)

    # Nothing named yet: the block says so.
    for page in (aila, bertta):
        expect(consortium(page)).to_be_visible()
        expect(consortium(page)).to_contain_text("No organisations named yet")

    # A known company, in the genitive, into the lead field.
    aila.get_by_role("textbox", name="Lead organisation", exact=True).click()
    aila.keyboard.type(f"{company}:n")
    for page in (aila, bertta):
        recognised = consortium(page).locator("#consortium-orgs li")
        expect(recognised).to_have_count(1, timeout=LIVE_TIMEOUT)
        expect(recognised).to_contain_text(company)
        expect(recognised.locator(".type-chip")).to_have_text("Company")
        expect(recognised).to_contain_text("lead organisation")
        expect(recognised).to_contain_text(f"written as “{company}:n”")
        reached = page.get_by_role("list", name="Helixes reached:")
        missing = page.get_by_role("list", name="Helixes missing:")
        expect(reached).to_have_text("Business")
        expect(missing).to_contain_text("Research and education")
        expect(missing).not_to_contain_text("Business")
        expect(page.locator("#consortium-unknown li")).to_have_count(0)

    # Bertta writes an unknown name (with markup in it) into the partners field.
    bertta.get_by_role("textbox", name="Partners", exact=True).click()
    bertta.keyboard.type("Tuntematon <b>Säätiö</b>")
    for page in (aila, bertta):
        unknown = consortium(page).locator("#consortium-unknown li")
        expect(unknown).to_have_text(
            ["Unknown organisation: Tuntematon <b>Säätiö</b>"], timeout=LIVE_TIMEOUT
        )
        expect(unknown.locator("b")).to_have_count(0)  # text, never markup
        expect(page.get_by_role("list", name="Helixes reached:")).to_have_text("Business")
        # The spoken summary follows the counts.
        expect(page.locator("#consortium-live")).to_have_text(
            "Consortium: 1 recognised, 1 unknown, 1 of 4 helixes reached."
        )

    ARTIFACTS.mkdir(exist_ok=True)
    consortium(aila).screenshot(path=str(ARTIFACTS / "consortium-block.png"))

    # Someone who opens the idea afterwards sees the same at once (from the open ack).
    aila.get_by_role("link", name="Close").click()
    aila.locator("#idea-list").get_by_role("link", name=title).click()
    expect(consortium(aila).locator("#consortium-orgs li")).to_contain_text(company)
    expect(consortium(aila).locator("#consortium-unknown li")).to_have_count(1)
