"""A morning at a venue, in Chromium: the join screen on the projector, keyboard focus that
stays, the language switch that keeps what was typed, remote names that fade, and axe-core
over every page (Finnish and Swedish) with no violations.

One server (the session's `live_server`) and one browser for the module. Screenshots of the
pages at laptop, phone and projector sizes are kept in test-artifacts/ (CI keeps that folder
as an artifact), whether the tests pass or fail.

axe-core comes from node_modules (package.json's devDependencies; `make test` runs npm ci);
AIHIO_AXE_JS may point at another copy of axe.min.js.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from live import ARTIFACTS
from playwright.sync_api import expect
from test_browser_overview import (
    LIVE_TIMEOUT,
    english,
    join_in_browser,
    new_workshop,
    seated,
    sit_at,
)

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = Path(os.environ.get("AIHIO_AXE_JS") or ROOT / "node_modules/axe-core/axe.min.js")
SIZES = {
    "laptop": {"width": 1366, "height": 768},
    "phone": {"width": 390, "height": 844},
    "projector": {"width": 1920, "height": 1080},
}
RUN_AXE = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map((n) => n.target.join(" ")),
  }));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(
            f"axe-core is missing at {AXE_JS}: run `npm ci` (package.json has it), "
            "or point AIHIO_AXE_JS at axe.min.js.",
            pytrace=False,
        )
    return AXE_JS.read_text()


def shoot(page, name: str) -> None:
    """Keep a screenshot of the page in test-artifacts/ for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"venue-{name}.png"), full_page=False)


def in_language(context, server, language: str):
    context.add_cookies([{"name": "aihio_lang", "value": language, "url": server.base_url}])
    return context


def log_in(page, server) -> None:
    """Log the demo facilitator in (the form's fields found by their ids: any language)."""
    page.goto(server.url("/f/login"))
    page.locator("#email").fill(server.demo.facilitator_email)
    page.locator("#password").fill(server.demo.facilitator_password)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/f/login"))


def join_by_ids(page, server, code: str, name: str, organisation: str, org_type: str) -> None:
    page.goto(server.url(f"/j/{code}"))
    page.locator("#name").fill(name)
    page.locator("#organisation").fill(organisation)
    page.locator(f"input[name=org_type][value={org_type}]").check()
    page.locator("#consent").check()
    page.locator("#join-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/j/{code}/tables$"))


# -- the projector's join screen -----------------------------------------------------------


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["720p", "1080p"])
def test_the_join_screen_fits_the_projector_without_scrolling_or_site_chrome(
    new_context, live_server, size
):
    width, height = size
    page = english(new_context(viewport={"width": width, "height": height}), live_server)
    page = page.new_page()
    log_in(page, live_server)
    page.goto(live_server.url(f"/f/workshops/{live_server.demo.workshop_id}/screen"))
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator(".site-header, .lang-switch")).to_have_count(0)
    # The room's screen speaks the workshop's language, whatever the facilitator chose.
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    code = page.locator(".join-code")
    expect(code).to_have_text(live_server.demo.join_code)
    qr = page.locator(".qr img")
    expect(qr).to_be_visible()
    page.wait_for_function("document.querySelector('.qr img').complete")
    scroll = page.evaluate(
        "({w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight})"
    )
    assert scroll["w"] <= width and scroll["h"] <= height, (scroll, size)
    for box in (qr.bounding_box(), code.bounding_box()):
        assert box["x"] >= 0 and box["y"] >= 0, box
        assert box["x"] + box["width"] <= width and box["y"] + box["height"] <= height, box
    assert qr.bounding_box()["height"] >= 0.6 * height  # large enough to scan from the back
    shoot(page, f"join-screen-{width}x{height}")


# -- keyboard and focus --------------------------------------------------------------------


def test_focus_stays_on_the_same_idea_while_people_come_and_go(new_context, live_server):
    workshop = new_workshop(live_server, priorities=1, tables=1)
    code, table = workshop["join_code"], workshop["priorities"][0]["tables"][0]
    page = english(new_context(), live_server).new_page()
    join_in_browser(page, live_server, code, "Aino Aaltonen", "Lapin yliopisto", "research")
    sit_at(page, 0, 0)
    for title in ("Arktinen testikeskus", "Datakeskusten hukkalämpö"):
        page.get_by_label("New idea").fill(title)
        page.get_by_role("button", name="Create idea").click()
        expect(page.locator("#idea-heading")).to_have_text(title)
    link = page.locator("#idea-list").get_by_role("link", name="Datakeskusten hukkalämpö")
    link.focus()
    expect(link).to_be_focused()
    shoot(page, "table-laptop")

    # Someone sits down (a table_state), then leaves: the list is re-rendered twice.
    other = seated(live_server, code, table["id"], "Eero Esimerkki", "Arctic Steel Oy", "company")
    try:
        expect(page.locator("#members")).to_contain_text("Eero Esimerkki", timeout=LIVE_TIMEOUT)
        expect(link).to_be_focused()
    finally:
        other.disconnect()
    expect(page.locator("#members li", has_text="Eero Esimerkki")).not_to_have_class(
        re.compile(r"\bis-online\b"), timeout=LIVE_TIMEOUT
    )
    expect(link).to_be_focused()
    page.keyboard.press("Enter")  # still the same, working link
    expect(page.locator("#idea-heading")).to_have_text("Datakeskusten hukkalämpö")


def test_after_a_refused_join_focus_goes_to_the_first_field_to_fix(new_context, live_server):
    page = english(new_context(), live_server).new_page()
    page.goto(live_server.url(f"/j/{live_server.demo.join_code}"))
    page.get_by_label("Your name").fill("Aino Aaltonen")
    page.get_by_role("button", name="Join", exact=True).click()  # no organisation, no type
    expect(page.locator("#organisation")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#organisation")).to_be_focused()
    expect(page.get_by_label("Your name")).to_have_value("Aino Aaltonen")


def test_switching_the_language_keeps_what_was_typed(new_context, live_server):
    page = new_context().new_page()  # no choice yet: the workshop's language, Finnish
    page.goto(live_server.url(f"/j/{live_server.demo.join_code}"))
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    page.locator("#name").fill("Aino Aaltonen")
    page.locator("#organisation").fill("Lapin yliopisto")
    page.locator("input[name=org_type][value=research]").check()
    page.get_by_role("button", name="På svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_label("Ditt namn")).to_have_value("Aino Aaltonen")
    expect(page.locator("#organisation")).to_have_value("Lapin yliopisto")
    expect(page.locator("input[name=org_type][value=research]")).to_be_checked()


def test_a_remote_cursors_name_shows_then_fades(new_context, live_server):
    workshop = new_workshop(live_server, priorities=1, tables=1)
    code = workshop["join_code"]
    aino = english(new_context(), live_server).new_page()
    join_in_browser(aino, live_server, code, "Aino Aaltonen", "Lapin yliopisto", "research")
    sit_at(aino, 0, 0)
    aino.get_by_label("New idea").fill("Reittirobotit")
    aino.get_by_role("button", name="Create idea").click()
    expect(aino.locator("#idea-heading")).to_have_text("Reittirobotit")

    eero = english(new_context(), live_server).new_page()
    join_in_browser(eero, live_server, code, "Eero Esimerkki", "Arctic Steel Oy", "company")
    sit_at(eero, 0, 0)
    eero.locator("#idea-list").get_by_role("link", name="Reittirobotit").click()
    eero.get_by_role("textbox", name="Need", exact=True).click()
    eero.keyboard.type("Reitit kuntoon.")

    label = aino.locator(".cm-ySelectionInfo", has_text="Eero Esimerkki")
    expect(label).to_be_visible(timeout=LIVE_TIMEOUT)
    expect(label).to_be_hidden(timeout=8_000)  # faded: the text under it can be read


# -- axe-core over every page --------------------------------------------------------------


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_axe_finds_no_violations_on_any_page(new_context, live_server, axe_source, language):
    server, demo = live_server, live_server.demo
    found: dict[str, list] = {}

    def check(page, name: str, size: str | None = None) -> None:
        page.add_script_tag(content=axe_source)
        violations = page.evaluate(RUN_AXE)
        if violations:
            found[f"{name} ({page.url})"] = violations
        if size:
            shoot(page, f"{name}-{size}-{language}")

    # A participant: the start page, the privacy notice, joining, the tables, the table.
    person = in_language(new_context(bypass_csp=True), server, language).new_page()
    for path, name in (("/", "start"), ("/privacy", "privacy"), ("/no/such/page", "404")):
        person.goto(server.url(path))
        check(person, name)
    person.goto(server.url(f"/j/{demo.join_code}"))
    check(person, "join", "laptop")
    join_by_ids(person, server, demo.join_code, f"Axe {language}", "Lapin liitto", "municipality")
    check(person, "tables", "laptop")
    person.locator("section.priority").first.locator("article.table-card").first.locator(
        "button"
    ).click()
    expect(person).to_have_url(re.compile(r"/t/\d+$"))
    expect(person.locator("#sync-status")).to_have_attribute("data-status", "idle")
    check(person, "table", "laptop")
    person.goto(server.url(f"/w/{demo.workshop_id}/gallery"))
    check(person, "gallery")

    # The same participant pages on a phone.
    phone = in_language(new_context(viewport=SIZES["phone"], bypass_csp=True), server, language)
    phone_page = phone.new_page()
    phone.add_cookies(person.context.cookies())
    for path, name in ((f"/j/{demo.join_code}/tables", "tables"), (person.url, "table")):
        phone_page.goto(server.url(path) if path.startswith("/") else path)
        check(phone_page, f"{name}-phone", "phone")

    # The facilitator: login, workshops, set-up, edit, organisations, mapping, overview,
    # the join screen and the plan as a page.
    facilitator = in_language(new_context(bypass_csp=True), server, language).new_page()
    facilitator.goto(server.url("/f/login"))
    check(facilitator, "login")
    log_in(facilitator, server)
    workshop = f"/f/workshops/{demo.workshop_id}"
    for path, name in (
        ("/f/", "dashboard"),
        ("/f/workshops/new", "new-workshop"),
        (workshop, "workshop"),
        (f"{workshop}/edit", "edit-workshop"),
        (f"{workshop}/organisations", "organisations"),
        ("/f/mapping", "mapping"),
        (f"{workshop}/export?format=html", "plan"),
        (f"{workshop}/screen", "join-screen"),
        (f"{workshop}/results", "results"),
        (f"{workshop}/carry", "carry"),
        (f"{workshop}/missing-voices", "missing-voices"),
        ("/f/strategies", "strategies"),
        (f"/f/strategies/{demo.raw['strategy_id']}/export.html", "follow-up-document"),
        (f"/f/strategies/{demo.raw['strategy_id']}/projects", "mapped-priorities"),
        (f"/f/strategies/{demo.raw['strategy_id']}", "follow-up"),  # last: its links follow
    ):
        facilitator.goto(server.url(path))
        check(facilitator, name)
    # From the follow-up board: an idea's page and an organisation's role.
    for part, name in (("/ideas/", "follow-up-idea"), ("/organisations/", "organisation-role")):
        link = facilitator.locator(f'main a[href*="{part}"]').first
        facilitator.goto(server.url(link.get_attribute("href")))
        check(facilitator, name)
        facilitator.go_back()
    facilitator.goto(server.url(f"{workshop}/overview"))
    expect(facilitator.locator("#ov-connection")).to_have_attribute(
        "data-status", "live", timeout=LIVE_TIMEOUT
    )
    check(facilitator, "overview", "laptop")

    # The projector's big screen.
    projector = in_language(
        new_context(viewport=SIZES["projector"], bypass_csp=True), server, language
    ).new_page()
    projector.goto(demo.raw["projector_url"])
    expect(projector.locator("h1")).to_have_count(1)
    check(projector, "projector", "projector")
    projector.goto(demo.raw["projector_url"] + "/results")
    check(projector, "projector-results", "projector")

    assert not found, "axe-core found violations:\n" + "\n".join(
        f"{page}: {violations}" for page, violations in found.items()
    )
