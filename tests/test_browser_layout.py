"""The table page's layout on a laptop screen: the sticky save status never covers the
opened idea's buttons."""

import pytest
from playwright.sync_api import expect
from test_browser_hints import join_in_english

pytestmark = [pytest.mark.browser, pytest.mark.server]


def overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("width", [1280, 1366, 1920])
def test_the_save_status_leaves_the_idea_buttons_free(live_server, new_context, width):
    page = new_context(viewport={"width": width, "height": 800}).new_page()
    join_in_english(page, live_server)
    page.get_by_label("New idea").fill("Reittirobotit")
    page.get_by_role("button", name="Create idea").click()
    expect(page.locator("#idea-heading")).to_have_text("Reittirobotit")
    page.wait_for_timeout(800)  # the panel's smooth scroll to the top of the window
    status = page.locator("#sync-status").bounding_box()
    for button in ("#idea-state-button", "#idea-close"):
        box = page.locator(button).bounding_box()
        assert not overlap(status, box), (button, status, box)
