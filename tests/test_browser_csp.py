"""The Content-Security-Policy in a real Chromium: the main pages of a workshop day run
(join, co-editing with another person's cursor, gallery, the facilitator's pages and live
overview, the projector) without a single CSP violation, and their sockets connect.

Violations are caught two ways: the `securitypolicyviolation` event of every document
(reported through a function Playwright exposes, so none is lost when a page navigates)
and Chromium's console messages ("Refused to …").
"""

import re
import uuid

import pytest
from playwright.sync_api import expect
from test_browser_coedit import create_idea, editor, english_page, join_and_sit, open_idea
from test_browser_overview import facilitator_overview

pytestmark = [pytest.mark.browser, pytest.mark.server]

LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} in ${location.pathname}`
  );
});
"""


class Violations:
    """Every CSP violation and refusal seen in the contexts being watched."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def watch(self, context):
        context.expose_function("reportCspViolation", self._report)
        context.add_init_script(LISTENER)
        context.on("console", self._console)
        return context

    def _report(self, text: str) -> None:
        self.found.append(text)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or message.text.startswith("Refused to"):
            self.found.append(f"console: {message.text}")


def connected(page, path: str, server) -> None:
    """Open `path` and wait until its Socket.IO websocket has received a frame."""
    with page.expect_websocket(timeout=15_000) as opened:
        page.goto(server.url(path))
    socket = opened.value
    socket.wait_for_event("framereceived", timeout=15_000)


def test_the_main_pages_run_without_csp_violations(new_context, make_live_server):
    server = make_live_server()
    violations = Violations()
    code = server.demo.join_code

    # Two participants at one table, typing into the same idea (CodeMirror, remote cursors).
    aino = english_page(lambda **o: violations.watch(new_context(**o)), server)
    aino.goto(server.url("/"))
    aino.locator("#join_code").fill(code.lower())
    aino.locator("main form button[type=submit]").click()
    expect(aino).to_have_url(re.compile(rf"/j/{code}$"))
    table_id = join_and_sit(aino, server, "Aino Aaltonen", "Lapin yliopisto", "research", (0, 0))
    eero = english_page(lambda **o: violations.watch(new_context(**o)), server)
    join_and_sit(eero, server, "Eero Esimerkki", "Kemin Digipolis", "development", (0, 0))
    title = f"Arktinen testikeskus {uuid.uuid4().hex[:6]}"
    create_idea(aino, title)
    open_idea(eero, title)
    editor(aino, "Need").click()
    aino.keyboard.type("Kylmätestaus tarvitsee ")
    editor(eero, "Goals").click()
    eero.keyboard.type("Yhteinen testialue")
    expect(aino.locator(".cm-ySelectionCaret").first).to_be_attached(timeout=15_000)
    connected(aino, f"/w/{server.demo.workshop_id}/gallery", server)
    aino.goto(server.url(f"/j/{code}/tables"))
    aino.goto(server.url("/privacy"))
    aino.goto(server.url("/no/such/page"))
    connected(aino, f"/t/{table_id}", server)

    # The facilitator's pages and the live overview.
    overview = facilitator_overview(
        lambda **o: violations.watch(new_context(**o)), server, server.demo.workshop_id
    )
    workshop = f"/f/workshops/{server.demo.workshop_id}"
    for path in (
        "/f/",
        workshop,
        f"{workshop}/edit",
        f"{workshop}/organisations",
        f"{workshop}/screen",
        f"{workshop}/export?format=html",
        "/f/workshops/new",
        "/f/mapping",
    ):
        response = overview.goto(server.url(path))
        assert response.status == 200, (path, response.status)
    connected(overview, f"{workshop}/overview", server)

    # The projector (no login: its secret link).
    projector = violations.watch(new_context()).new_page()
    projector.goto(server.demo.raw["projector_url"])
    expect(projector.locator("#projector")).to_have_attribute("data-live", "true")

    assert violations.found == []

    # The watch itself works: an inline script is refused, and reported.
    directive = projector.evaluate(
        """() => new Promise((resolve) => {
            document.addEventListener(
                "securitypolicyviolation", (event) => resolve(event.violatedDirective), {once: true}
            );
            const script = document.createElement("script");
            script.textContent = "window.ran = 1";
            document.body.append(script);
        })"""
    )
    assert directive.startswith("script-src")
    assert projector.evaluate("() => window.ran") is None
    assert any("script-src" in found for found in violations.found), violations.found
