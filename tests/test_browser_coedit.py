"""Live co-editing in real browsers: Chromium (Playwright) against the real `aihio serve`.

Several people sit at one table, open the same idea and type into the same field at once;
a laptop drops off the Wi-Fi and keeps typing; the server restarts mid-sentence. What the
people see must agree, and the server's copy (read by someone who opens the idea afterwards)
must hold every letter exactly once.

The UI is switched to English with the language cookie (English is the msgid), so the tests
find things by their visible labels. static/dist/table.js must be built (`npm run build`).
"""

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.server]

BUNDLE = Path(__file__).resolve().parent.parent / "static" / "dist" / "table.js"

# Tables of the demo workshop that the other browser tests do not sit at:
# (priority index, table index) on the table picker.
TABLE_CONCURRENT = (3, 1)
TABLE_OFFLINE = (2, 1)
TABLE_RESTART = (1, 1)
SYNC_TIMEOUT = 20_000  # ms: a reconnect waits for socket.io's backoff (at most ~6 s)

# The text of an editor as a person reads it: the lines, without the others' name flags.
EDITOR_TEXT = """(key) => {
  const content = document.querySelector(`[data-editor="${key}"] .cm-content`);
  if (!content) return null;
  const copy = content.cloneNode(true);
  copy.querySelectorAll(".cm-ySelectionCaret, .cm-widgetBuffer").forEach((n) => n.remove());
  return [...copy.querySelectorAll(".cm-line")].map((line) => line.textContent).join("\\n");
}"""


@pytest.fixture(autouse=True)
def bundle_built():
    """The table page's script is built, not committed: say so instead of timing out."""
    if not BUNDLE.is_file():
        pytest.fail(
            f"{BUNDLE} is missing: build the browser code first "
            "(`npm ci && npm run build`, which `make test` does).",
            pytrace=False,
        )


def english_page(new_context, live_server, **options):
    context = new_context(**options)
    context.add_cookies([{"name": "aihio_lang", "value": "en", "url": live_server.base_url}])
    return context.new_page()


def join_and_sit(page, live_server, name: str, organisation: str, org_type: str, table):
    """Join the demo workshop through its form and sit at a table; return the table's id."""
    page.goto(live_server.url(f"/j/{live_server.demo.join_code}"))
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Organisation", exact=True).fill(organisation)
    page.locator(f"input[name=org_type][value={org_type}]").check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/j/{live_server.demo.join_code}/tables$"))
    priority, index = table
    card = page.locator("section.priority").nth(priority).locator("article.table-card").nth(index)
    card.get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/t/\d+$"))
    # Connected and at the table; nothing typed yet, so nothing said to be "Saved".
    expect(status(page)).to_have_text("Connected")
    return int(page.url.rsplit("/", 1)[1])


def status(page):
    return page.locator("#sync-status")


def member(page, name: str):
    return page.locator("#members li", has_text=name)


def editor(page, label: str):
    """The field's editor, found as a person (or a screen reader) finds it: by its label."""
    return page.get_by_role("textbox", name=label, exact=True)


def text_of(page, key: str) -> str:
    return page.evaluate(EDITOR_TEXT, key)


def expect_text(page, key: str, predicate: str, what: str, timeout: int = SYNC_TIMEOUT) -> str:
    """Wait until the field's visible text satisfies the JS predicate on `text`; return it."""
    try:
        page.wait_for_function(
            f"(key) => {{ const text = ({EDITOR_TEXT})(key); return text !== null && ({predicate}); }}",
            arg=key,
            timeout=timeout,
        )
    except PlaywrightTimeoutError:
        pytest.fail(f"{what}: the {key!r} field never matched; it shows {text_of(page, key)!r}")
    return text_of(page, key)


def create_idea(page, title: str) -> None:
    page.get_by_label("New idea").fill(title)
    page.get_by_role("button", name="Create idea").click()
    expect(page.locator("#idea-heading")).to_have_text(title)


def open_idea(page, title: str) -> None:
    page.locator("#idea-list").get_by_role("link", name=title).click()
    expect(page.locator("#idea-heading")).to_have_text(title)
    expect(status(page)).to_have_attribute("data-status", re.compile("^(idle|saved)$"))


def put_cursor_at_end(page, label: str) -> None:
    box = editor(page, label)
    box.click()
    page.keyboard.press("Control+End")


def tokens(text: str, prefix: str) -> list[str]:
    return re.findall(rf"{prefix}\d\d", text)


def test_two_people_type_into_the_same_field_at_once(new_context, live_server):
    title = f"Arktinen testikeskus {uuid.uuid4().hex[:6]}"
    aino = english_page(new_context, live_server)
    eero = english_page(new_context, live_server, viewport={"width": 390, "height": 844})
    table_id = join_and_sit(
        aino, live_server, "Aino Aaltonen", "Lapin yliopisto", "research", TABLE_CONCURRENT
    )
    assert (
        join_and_sit(
            eero, live_server, "Eero Esimerkki", "Kemin Digipolis", "development", TABLE_CONCURRENT
        )
        == table_id
    )

    # Presence: each sees the other at the table, online.
    expect(member(aino, "Eero Esimerkki")).to_contain_text("online")
    expect(member(eero, "Aino Aaltonen")).to_contain_text("online")

    # Aino starts an idea; it shows up in Eero's list without a reload.
    create_idea(aino, title)
    expect(eero.locator("#idea-list").get_by_role("link", name=title)).to_be_visible()
    open_idea(eero, title)
    expect(member(aino, "Eero Esimerkki")).to_contain_text(f"has open: {title}")

    # Every field of the template is there with its label and hint.
    expect(aino.locator(".idea-field")).to_have_count(10)
    expect(aino.locator('[data-field="need"] .hint')).to_have_text(
        "Which problem or need does it answer?"
    )

    # Both type into "Need" at once, in alternating chunks, without waiting for each other.
    put_cursor_at_end(aino, "Need")
    put_cursor_at_end(eero, "Need")
    for i in range(12):
        aino.keyboard.type(f"A{i:02d} ")
        eero.keyboard.type(f"E{i:02d} ")

    want_a = [f"A{i:02d}" for i in range(12)]
    want_e = [f"E{i:02d}" for i in range(12)]
    # Each chunk with its space: a chunk's letters may arrive before its space does.
    done = "(text.match(/A\\d\\d /g) || []).length === 12 && (text.match(/E\\d\\d /g) || []).length === 12"
    text_a = expect_text(aino, "need", done, "Aino sees both")
    text_e = expect_text(eero, "need", done, "Eero sees both")
    expect(status(aino)).to_have_text("Saved", timeout=SYNC_TIMEOUT)
    expect(status(eero)).to_have_text("Saved", timeout=SYNC_TIMEOUT)
    text_a, text_e = text_of(aino, "need"), text_of(eero, "need")
    assert text_a == text_e
    # Every chunk exactly once, each person's in the order typed.
    assert tokens(text_a, "A") == want_a
    assert tokens(text_a, "E") == want_e

    # Each sees where the other writes: a name by the field and a named caret in it.
    aino_need = aino.locator('[data-field="need"]')
    expect(aino_need.locator(".field-people")).to_contain_text("Eero Esimerkki")
    expect(aino_need.locator(".cm-ySelectionInfo")).to_have_text("Eero Esimerkki")
    expect(eero.locator('[data-field="need"] .field-people')).to_contain_text("Aino Aaltonen")

    # The title typed in the document renames the idea in everyone's list.
    put_cursor_at_end(eero, "Title")
    eero.keyboard.type(" 2.0")
    expect(aino.locator("#idea-heading")).to_have_text(f"{title} 2.0")
    expect(aino.locator("#idea-list").get_by_role("link", name=f"{title} 2.0")).to_be_visible(
        timeout=SYNC_TIMEOUT
    )

    # Marking it ready shows in the other's list; and back to draft.
    aino.get_by_role("button", name="Mark ready").click()
    eero_item = eero.locator("#idea-list li", has_text=title)
    expect(eero_item.locator(".badge")).to_have_text("Ready")
    expect(eero.get_by_role("button", name="Back to draft")).to_be_visible()
    eero.get_by_role("button", name="Back to draft").click()
    expect(aino.locator("#idea-list li", has_text=title).locator(".badge")).to_have_text("Draft")

    # Closing the idea: the other no longer sees Aino in it.
    aino.get_by_role("link", name="Close").click()
    expect(aino.locator("#idea-panel")).to_be_hidden()
    expect(member(eero, "Aino Aaltonen")).not_to_contain_text("has open")
    expect(eero.locator('[data-field="need"] .field-people')).not_to_contain_text("Aino")


def test_typing_offline_is_kept_and_sent_when_the_connection_returns(new_context, live_server):
    title = f"Katkonkestävä aihio {uuid.uuid4().hex[:6]}"
    olli = english_page(new_context, live_server)
    outi = english_page(new_context, live_server)
    join_and_sit(
        olli, live_server, "Olli Offline", "Rovaniemen kaupunki", "municipality", TABLE_OFFLINE
    )
    join_and_sit(outi, live_server, "Outi Online", "Lapin AMK", "education", TABLE_OFFLINE)
    create_idea(olli, title)
    open_idea(outi, title)

    put_cursor_at_end(olli, "Goals")
    olli.keyboard.type("Before the drop.")
    expect_text(outi, "goals", "text.includes('Before the drop.')", "Outi sees it")
    expect(status(olli)).to_have_text("Saved")

    # The venue Wi-Fi drops for Olli: he is told, and keeps typing.
    olli.context.set_offline(True)
    expect(status(olli)).to_have_text(
        "Offline — your changes are kept and sent when the connection returns"
    )
    olli.keyboard.type(" Typed offline, line one.")
    olli.keyboard.press("Enter")
    olli.keyboard.type("Offline line two.")
    put_cursor_at_end(outi, "Goals")
    outi.keyboard.type(" Outi meanwhile.")
    expect(status(outi)).to_have_text("Saved", timeout=SYNC_TIMEOUT)
    assert "Typed offline" not in text_of(outi, "goals")
    assert "Outi meanwhile" not in text_of(olli, "goals")
    expect(status(olli)).to_have_attribute("data-status", "offline")

    # Back online: both converge on one text with everything in it, once.
    olli.context.set_offline(False)
    expect(status(olli)).to_have_text("Saved", timeout=SYNC_TIMEOUT)
    both = (
        "text.includes('Offline line two.') && text.includes('Outi meanwhile.')"
        " && text.includes('Typed offline, line one.')"
    )
    text_olli = expect_text(olli, "goals", both, "Olli has Outi's text")
    text_outi = expect_text(outi, "goals", both, "Outi has Olli's offline text")
    assert text_olli == text_outi
    for part in (
        "Before the drop.",
        "Typed offline, line one.",
        "Offline line two.",
        "Outi meanwhile.",
    ):
        assert text_olli.count(part) == 1, (part, text_olli)

    # The server has it too: someone who opens the idea only now reads the same text.
    third = english_page(new_context, live_server)
    join_and_sit(
        third, live_server, "Kolmas Katsoja", "Lapin liitto", "public_authority", TABLE_OFFLINE
    )
    open_idea(third, title)
    assert expect_text(third, "goals", both, "the server's copy") == text_olli


def test_a_server_restart_loses_nothing(new_context, live_server):
    title = f"Uudelleenkäynnistys {uuid.uuid4().hex[:6]}"
    rauni = english_page(new_context, live_server)
    join_and_sit(
        rauni, live_server, "Rauni Restart", "Business Finland", "public_authority", TABLE_RESTART
    )
    create_idea(rauni, title)
    put_cursor_at_end(rauni, "Actions")
    rauni.keyboard.type("Saved before the restart.")
    expect(status(rauni)).to_have_text("Saved", timeout=SYNC_TIMEOUT)

    live_server.stop()
    try:
        expect(status(rauni)).to_have_attribute("data-status", "offline", timeout=SYNC_TIMEOUT)
        rauni.keyboard.press("Enter")
        rauni.keyboard.type("Typed while the server was down.")
    finally:
        live_server.start()  # the other tests share this server

    expect(status(rauni)).to_have_text("Saved", timeout=SYNC_TIMEOUT)
    reader = english_page(new_context, live_server)
    join_and_sit(
        reader, live_server, "Lukija Lähellä", "Napapiirin Residuum", "company", TABLE_RESTART
    )
    open_idea(reader, title)
    text = expect_text(
        reader, "actions", "text.includes('server was down.')", "the server's copy after restart"
    )
    assert text == "Saved before the restart.\nTyped while the server was down."
    assert text_of(rauni, "actions") == text
