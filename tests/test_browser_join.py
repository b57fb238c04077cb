"""Joining in a real browser: Chromium (Playwright) against the real `aihio serve`.

The first test switches the UI to English with the language cookie and finds fields by their
labels (English is the msgid, so it does not depend on the Finnish catalogue); the second
one uses the default Finnish UI and finds fields by id.
"""

import re

import pytest
from playwright.sync_api import expect

from workshop.demo import PRIORITIES, TABLES_PER_PRIORITY

pytestmark = [pytest.mark.browser, pytest.mark.server]


def english(context, live_server):
    context.add_cookies([{"name": "aihio_lang", "value": "en", "url": live_server.base_url}])
    return context


def join_by_id(page, live_server, name: str, organisation: str, org_type: str = "research"):
    """Join the demo workshop from /j/<code> using element ids (any UI language)."""
    page.goto(live_server.url(f"/j/{live_server.demo.join_code}"))
    page.locator("#name").fill(name)
    page.locator("#organisation").fill(organisation)
    page.locator(f"input[name=org_type][value={org_type}]").check()
    page.locator("#consent").check()
    page.locator("#join-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/j/{live_server.demo.join_code}/tables$"))


def sit_at(page, priority_index: int, table_index: int) -> int:
    """On the tables page, sit at a table; return its id once on /t/<id>."""
    card = page.locator("section.priority").nth(priority_index).locator("article.table-card")
    card.nth(table_index).locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/t/\d+$"))
    return int(page.url.rsplit("/", 1)[1])


def test_join_by_code_and_sit_at_a_table(page, live_server):
    english(page.context, live_server)
    demo = live_server.demo

    page.goto(live_server.base_url)
    page.get_by_label("Workshop code").fill(demo.join_code.lower())
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(rf"/j/{demo.join_code}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Lapin älykäs erikoistuminen: kehittämissprintti"
    )

    page.get_by_label("Your name").fill("Aino Aaltonen")
    page.get_by_label("Organisation", exact=True).fill("Lapin yliopisto")
    page.get_by_label("University or research institute").check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Join", exact=True).click()

    # The table picker: one section per priority, in order, each with its tables.
    expect(page).to_have_url(re.compile(rf"/j/{demo.join_code}/tables$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a table")
    sections = page.locator("section.priority")
    expect(sections).to_have_count(len(PRIORITIES))
    expect(sections.locator("h2")).to_have_text([name for name, _ in PRIORITIES])
    for index in range(len(PRIORITIES)):
        expect(sections.nth(index).locator("article.table-card")).to_have_count(TABLES_PER_PRIORITY)
    expect(page.locator("main, body").first).to_contain_text("Aino Aaltonen (Lapin yliopisto)")

    page.get_by_role("button", name="Sit here").nth(2).click()  # the 2nd priority's first table
    expect(page).to_have_url(re.compile(r"/t/\d+$"))
    expect(page.locator(".eyebrow")).to_contain_text(PRIORITIES[1][0])
    members = page.locator("#members li")
    mine = members.filter(has_text="Aino Aaltonen")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text("Lapin yliopisto")
    expect(mine).to_contain_text("University or research institute")


def test_organisation_typed_differently_is_the_same_and_joining_resumes(new_context, live_server):
    first = new_context().new_page()
    join_by_id(first, live_server, "Eero Esimerkki", "Lapin yliopisto")
    table_id = sit_at(first, 0, 0)
    first_org = first.locator("#members li", has_text="Eero Esimerkki").locator(".org")
    expect(first_org).to_have_text("Lapin yliopisto")

    second = new_context().new_page()
    second.goto(live_server.url(f"/j/{live_server.demo.join_code}"))
    second.locator("#name").fill("Liisa Lappalainen")
    second.locator("#organisation").fill(" lapin  YLIOPISTO")
    # join.js pre-selects the type of an organisation already known.
    expect(second.locator("input[name=org_type][value=research]")).to_be_checked()
    second.locator("#consent").check()
    second.locator("#join-form button[type=submit]").click()
    expect(second).to_have_url(re.compile(rf"/j/{live_server.demo.join_code}/tables$"))
    assert sit_at(second, 0, 0) == table_id

    orgs = second.locator("#members li").filter(
        has_text=re.compile("Eero Esimerkki|Liisa Lappalainen")
    )
    expect(orgs).to_have_count(2)
    expect(orgs.locator(".org")).to_have_text(["Lapin yliopisto", "Lapin yliopisto"])
    first.reload()
    expect(first.locator("#members li", has_text="Liisa Lappalainen").locator(".org")).to_have_text(
        "Lapin yliopisto"
    )

    # Coming back to the join link in the same browser goes on without asking again.
    second.goto(live_server.url(f"/j/{live_server.demo.join_code}"))
    expect(second).to_have_url(re.compile(rf"/j/{live_server.demo.join_code}/tables$"))
    expect(second.locator("#name")).to_have_count(0)
    expect(second.locator("article.table-card.is-mine")).to_have_count(1)
    # Typing the code on the front page resumes too.
    second.goto(live_server.base_url)
    second.locator("#join_code").fill(live_server.demo.join_code)
    second.locator("#join_code").press("Enter")
    expect(second).to_have_url(re.compile(rf"/j/{live_server.demo.join_code}/tables$"))
