"""Erasing a participant's name from the facilitator's workshop page, with the keyboard
only, in real browsers: the two-step confirmation works without a mouse, the erased
person's table page says they are no longer recognised, and the other member's open
table page drops the name live. Chromium (Playwright) against the real `aihio serve`."""

import re

import pytest
from playwright.sync_api import expect
from test_browser_overview import LIVE_TIMEOUT, english, join_in_browser, new_workshop, sit_at

pytestmark = [pytest.mark.browser, pytest.mark.server]

ERASED = "Eeva Erasmus"


def facilitator_workshop_page(new_context, server, workshop_id: int):
    page = english(new_context(), server).new_page()
    page.goto(server.url("/f/login"))
    page.get_by_label("Email").fill(server.demo.facilitator_email)
    page.get_by_label("Password").fill(server.demo.facilitator_password)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/f/login"))
    page.goto(server.url(f"/f/workshops/{workshop_id}"))
    return page


def test_a_facilitator_erases_a_name_with_the_keyboard_and_open_screens_drop_it(
    new_context, live_server
):
    workshop = new_workshop(live_server, priorities=1, tables=2)
    code = workshop["join_code"]
    eeva = english(new_context(), live_server).new_page()
    join_in_browser(eeva, live_server, code, ERASED, "Erasmuksen Toiminimi", "company")
    table_id = sit_at(eeva, 0, 0)
    pekka = english(new_context(), live_server).new_page()
    join_in_browser(pekka, live_server, code, "Pekka Peltonen", "Lapin liitto", "public_authority")
    assert sit_at(pekka, 0, 0) == table_id
    expect(pekka.locator("#members")).to_contain_text(ERASED, timeout=LIVE_TIMEOUT)

    page = facilitator_workshop_page(new_context, live_server, workshop["id"])
    first_step = page.locator("#participants summary", has_text=f"Erase {ERASED}'s name…")
    final = page.get_by_role("button", name=f"Erase {ERASED}'s name for good")
    expect(final).to_be_hidden()
    first_step.focus()
    page.keyboard.press("Enter")  # opens the explanation and the final button
    expect(final).to_be_visible()
    page.keyboard.press("Tab")
    expect(final).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator(".flashes")).to_contain_text("The participant's name was erased.")
    expect(page.locator("#participants")).not_to_contain_text(ERASED)
    expect(pekka.locator("#members")).not_to_contain_text(ERASED, timeout=LIVE_TIMEOUT)
    expect(pekka.locator("#members")).to_contain_text("Pekka Peltonen")
    expect(eeva.get_by_text("You are no longer recognised in this workshop.")).to_be_visible(
        timeout=LIVE_TIMEOUT
    )
