"""The live overview in real browsers: Chromium (Playwright) against the real `aihio serve`.

- The projector's big screen fits twelve tables on 1920×1080 without scrolling (and the
  spotlighted idea is shown large); the screenshots are kept in test-artifacts/.
- The facilitator runs the room from the overview page: a phase with its countdown, a
  broadcast and the lock reach a participant's table page live.
- The diversity chips at a table follow who sits there.

Tests that change workshop-wide state (agenda, lock) run on a server of their own
(`make_live_server`); the others make a workshop of their own on the shared `live_server`.
The UI is switched to English with the language cookie (English is the msgid).
static/dist/*.js must be built (`npm run build`).
"""

import re
import uuid
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
from playwright.sync_api import expect
from socket_helpers import Editor, connect

pytestmark = [pytest.mark.browser, pytest.mark.server]

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
BUNDLES = [ROOT / "static" / "dist" / f"{name}.js" for name in ("table", "overview", "projector")]
SCREEN = {"width": 1920, "height": 1080}
LIVE_TIMEOUT = 15_000  # ms


@pytest.fixture(autouse=True)
def bundles_built():
    missing = [str(path) for path in BUNDLES if not path.is_file()]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} missing: build the browser code first "
            "(`npm ci && npm run build`, which `make test` does).",
            pytrace=False,
        )


# -- helpers -------------------------------------------------------------------------------


def english(context, server):
    context.add_cookies([{"name": "aihio_lang", "value": "en", "url": server.base_url}])
    return context


def api(server, method: str, path: str, token: str | None = None, **kwargs):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with requests.Session() as session:
        session.trust_env = False
        return session.request(method, server.url(path), headers=headers, timeout=10, **kwargs)


def new_workshop(server, priorities: int, tables: int) -> dict:
    """Create a workshop of the demo facilitator through the API and open joining (SQL)."""
    token = server.cli("users", "token", server.demo.facilitator_email).stdout.strip()
    names = [
        "Luonnonvarojen kestävä jalostus",
        "Arktinen matkailu ja elämystalous",
        "Testaus ja kylmäosaaminen",
        "Puhdas energia ja vihreä siirtymä",
        "Osaaminen ja saavutettavuus",
    ]
    response = api(
        server,
        "POST",
        "/api/v1/workshops",
        token,
        json={
            "title": f"Kehittämissprintti {uuid.uuid4().hex[:6]}",
            "language": "fi",
            "priorities": [{"name": names[i], "tables": tables} for i in range(priorities)],
        },
    )
    assert response.status_code == 201, response.text
    workshop = response.json()
    engine = server.database.engine()
    try:
        with engine.begin() as connection:
            connection.execute(
                sa.text("UPDATE workshop SET joining_open = :yes, state = 'open' WHERE id = :id"),
                {"yes": True, "id": workshop["id"]},
            )
    finally:
        engine.dispose()
    return workshop


def join_api(server, code: str, name: str, organisation: str, org_type: str) -> str:
    response = api(
        server,
        "POST",
        "/api/v1/join",
        json={
            "join_code": code,
            "name": name,
            "organisation": organisation,
            "org_type": org_type,
            "consent": True,
        },
    )
    assert response.status_code == 201, response.text
    return response.json()["token"]


def seated(server, code: str, table_id: int, name: str, organisation: str, org_type: str):
    """Return a connected participant (python-socketio) sitting at the table."""
    client = connect(server, join_api(server, code, name, organisation, org_type))
    ack = client.call("join_table", {"table_id": table_id}, timeout=10)
    assert ack["ok"], ack
    return client


def join_in_browser(page, server, code: str, name: str, organisation: str, org_type: str):
    """Join through the form (the browser keeps the join cookie); land on the table picker."""
    page.goto(server.url(f"/j/{code}"))
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Organisation", exact=True).fill(organisation)
    page.locator(f"input[name=org_type][value={org_type}]").check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/j/{code}/tables$"))


def sit_at(page, priority: int, table: int) -> int:
    card = page.locator("section.priority").nth(priority).locator("article.table-card").nth(table)
    card.get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/t/\d+$"))
    expect(page.locator("#sync-status")).to_have_text("Connected")
    return int(page.url.rsplit("/", 1)[1])


def facilitator_overview(new_context, server, workshop_id: int):
    """Log the demo facilitator in and open the workshop's live overview."""
    page = english(new_context(), server).new_page()
    page.goto(server.url("/f/login"))
    page.get_by_label("Email").fill(server.demo.facilitator_email)
    page.get_by_label("Password").fill(server.demo.facilitator_password)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/f/login"))
    page.goto(server.url(f"/f/workshops/{workshop_id}/overview"))
    expect(page.locator("#ov-connection")).to_have_attribute(
        "data-status", "live", timeout=LIVE_TIMEOUT
    )
    return page


# -- the projector -------------------------------------------------------------------------

PEOPLE = [
    ("Aino Aaltonen", "Lapin yliopisto", "research"),
    ("Eero Esimerkki", "Kemin Digipolis", "development"),
    ("Liisa Lappalainen", "Rovaniemen kaupunki", "municipality"),
    ("Pekka Puro", "Lapin liitto", "public_authority"),
    ("Sari Saari", "Napapiirin Residuum", "company"),
    ("Timo Tunturi", "Lapin Yrittäjät", "civil_society"),
    ("Outi Oja", "Lapin AMK", "education"),
    ("Mari Mäki", "Metsähallitus", "public_authority"),
    ("Jussi Joki", "Arctic Steel Oy", "company"),
    ("Kaisa Kivi", "Kemin kaupunki", "municipality"),
]
IDEAS = [
    "Arktinen testikeskus",
    "Kiertotalouden yhteistyöverkosto ja sivuvirtojen jalostus Meri-Lapissa",
    "Matkailun ympärivuotisuus",
    "Vetytalouden osaamiskeskittymä",
    "Puurakentamisen pilotti",
    "Kylmäteknologian koulutuspolku",
    "Datakeskusten hukkalämpö",
]


def test_the_projector_fits_twelve_tables_on_a_1920x1080_screen(new_context, live_server):
    workshop = new_workshop(live_server, priorities=4, tables=3)
    code = workshop["join_code"]
    tables = [t for p in workshop["priorities"] for t in p["tables"]]
    assert len(tables) == 12

    # People at most tables (the first one full of different organisations), and drafts
    # with text: several at the first table, one long title.
    clients = []
    try:
        for index, (name, organisation, org_type) in enumerate(PEOPLE):
            table = tables[0] if index < 5 else tables[index - 4]
            clients.append(seated(live_server, code, table["id"], name, organisation, org_type))
        writer = clients[0]
        for index, title in enumerate(IDEAS):
            client = writer if index < 5 else clients[index]
            table_id = tables[0]["id"] if index < 5 else tables[index - 4]["id"]
            ack = client.call("create_idea", {"table_id": table_id, "title": title}, timeout=10)
            assert ack["ok"], ack
            editor = Editor(client, ack["idea"]["id"])
            editor.open()
            for key in ("need", "goals", "actions")[: 1 + index % 3]:
                assert editor.send(editor.type(key, f"{key}: {title}."))["ok"]
    finally:
        for client in clients:
            client.disconnect()

    # The facilitator makes a projector link on the overview page; it is shown once.
    overview = facilitator_overview(new_context, live_server, workshop["id"])
    expect(overview.locator("#overview-tables article.ov-table")).to_have_count(12)
    # A phase runs, so that the big countdown shows (this workshop is the test's own).
    overview.get_by_text("Set up the phases").click()
    overview.get_by_label("Name of phase 1").fill("Ideointi pöydissä")
    overview.get_by_label("Minutes of phase 1").fill("25")
    overview.get_by_role("button", name="Save the agenda").click()
    expect(overview.locator("#phase-list li")).to_have_count(1)
    overview.locator("[data-agenda=start]").click()
    expect(overview.locator("#ov-phase [data-phase-name]")).to_have_text("Ideointi pöydissä")
    overview.get_by_role("button", name="Make a new projector link").click()
    link = overview.get_by_label("Projector link")
    expect(link).to_have_value(re.compile(r"^http://.+/p/[\w-]{20,}$"))
    projector_url = link.input_value()

    screen = english(new_context(viewport=SCREEN), live_server).new_page()
    screen.goto(projector_url)
    expect(screen.locator("#projector")).to_have_attribute(
        "data-live", "true", timeout=LIVE_TIMEOUT
    )
    cards = screen.locator("#pj-grid article.pj-card")
    expect(cards).to_have_count(12)
    expect(screen.locator("#overview-summary [data-stat=participants] dd")).to_have_text("10")
    expect(cards.first).to_contain_text("Arktinen testikeskus")
    expect(screen.locator("#pj-phase [data-phase-name]")).to_have_text("Ideointi pöydissä")
    expect(screen.locator(".pj-clock")).to_have_text(re.compile(r"^2[45]:\d\d$"))
    # The projection of the drafts' text lags a little: wait for the bars to move.
    expect(cards.first.locator(".pj-pct").first).not_to_have_text("0 %", timeout=LIVE_TIMEOUT)
    screen.wait_for_timeout(300)  # the layout settles (fonts, one animation frame)

    boxes = [cards.nth(i).bounding_box() for i in range(12)]
    for i, box in enumerate(boxes):
        assert box is not None, f"card {i} is not rendered"
        assert box["x"] >= 0 and box["y"] >= 0, (i, box)
        assert box["x"] + box["width"] <= SCREEN["width"] + 0.5, (i, box)
        assert box["y"] + box["height"] <= SCREEN["height"] + 0.5, (i, box)
        assert box["width"] >= 200 and box["height"] >= 150, (i, box)  # not squeezed
    scroll = screen.evaluate(
        "() => [document.scrollingElement.scrollHeight, innerHeight,"
        " document.scrollingElement.scrollWidth, innerWidth]"
    )
    assert scroll[0] <= scroll[1], f"the page scrolls vertically: {scroll}"
    assert scroll[2] <= scroll[3], f"the page scrolls sideways: {scroll}"
    # Legible from the back of the room: large table names and idea titles.
    sizes = screen.evaluate(
        """() => ({
          table: Math.min(...[...document.querySelectorAll('.pj-card h2')].map(
            (n) => parseFloat(getComputedStyle(n).fontSize))),
          idea: Math.min(...[...document.querySelectorAll('.pj-idea-title')].map(
            (n) => parseFloat(getComputedStyle(n).fontSize))),
          clock: parseFloat(getComputedStyle(document.querySelector('.pj-clock')).fontSize),
        })"""
    )
    assert sizes["table"] >= 24 and sizes["idea"] >= 16 and sizes["clock"] >= 80, sizes
    ARTIFACTS.mkdir(exist_ok=True)
    screen.screenshot(path=str(ARTIFACTS / "projector-1920x1080.png"))

    # Spotlight an idea: the projector shows it large, its fields with labels, over the grid.
    item = overview.locator(".ov-idea", has_text="Matkailun ympärivuotisuus")
    item.get_by_role("button", name="Spotlight").click()
    spotlight = screen.locator("#pj-spotlight")
    expect(spotlight).to_be_visible()
    expect(spotlight.locator("h2")).to_have_text("Matkailun ympärivuotisuus")
    expect(spotlight.locator(".pj-field dt").first).to_have_text("Need")
    expect(spotlight).to_contain_text("goals: Matkailun ympärivuotisuus.")
    box = spotlight.bounding_box()
    assert box["y"] + box["height"] <= SCREEN["height"] + 0.5, box
    screen.screenshot(path=str(ARTIFACTS / "projector-spotlight-1920x1080.png"))
    overview.get_by_role("button", name="Clear the spotlight").click()
    expect(spotlight).to_be_hidden()
    expect(cards.first).to_be_visible()

    # A new link replaces the old one.
    overview.get_by_role("button", name="Make a new projector link").click()
    expect(link).not_to_have_value(projector_url)
    assert (
        api(live_server, "GET", projector_url.split(live_server.base_url, 1)[1]).status_code == 404
    )


# -- running the room ----------------------------------------------------------------------


def test_phase_broadcast_and_lock_reach_the_participants_table(new_context, make_live_server):
    server = make_live_server()
    workshop_id = server.demo.workshop_id
    # This test sets up its own agenda in place of the demo's.
    engine = server.database.engine()
    try:
        with engine.begin() as connection:
            connection.execute(
                sa.text("UPDATE workshop SET agenda = :empty WHERE id = :id"),
                {"empty": "{}", "id": workshop_id},
            )
    finally:
        engine.dispose()
    overview = facilitator_overview(new_context, server, workshop_id)

    participant = english(new_context(), server).new_page()
    join_in_browser(
        participant, server, server.demo.join_code, "Aino Aaltonen", "Lapin yliopisto", "research"
    )
    sit_at(participant, 0, 0)
    participant.get_by_label("New idea").fill("Arktinen testikeskus")
    participant.get_by_role("button", name="Create idea").click()
    expect(participant.locator("#idea-heading")).to_have_text("Arktinen testikeskus")
    expect(participant.locator("#room-phase")).to_be_hidden()  # no agenda yet

    # The agenda: two phases, then start. A wrong length is refused with the field named.
    overview.get_by_text("Set up the phases").click()
    overview.get_by_label("Name of phase 1").fill("Ideointi")
    overview.get_by_label("Minutes of phase 1").fill("0")
    overview.get_by_role("button", name="Save the agenda").click()
    error = overview.locator("#agenda-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Minutes of phase 1:")
    expect(overview.get_by_label("Minutes of phase 1")).to_have_attribute("aria-invalid", "true")
    overview.get_by_label("Minutes of phase 1").fill("15")
    overview.get_by_role("button", name="Add a phase").click()
    overview.get_by_label("Name of phase 2").fill("Tiivistys")
    overview.get_by_label("Minutes of phase 2").fill("10")
    overview.get_by_role("button", name="Save the agenda").click()
    expect(error).to_be_hidden()
    expect(overview.locator("#phase-list li")).to_have_count(2)
    overview.locator("[data-agenda=start]").click()
    expect(overview.locator("#ov-phase [data-phase-name]")).to_have_text("Ideointi")
    expect(overview.locator("[data-agenda=back]")).to_be_enabled()

    phase = participant.locator("#room-phase")
    expect(phase).to_be_visible()
    expect(phase.locator("[data-phase-name]")).to_have_text("Ideointi")
    expect(phase.locator("[data-phase-clock]")).to_have_text(re.compile(r"^1[45]:\d\d$"))
    expect(phase.locator("[data-phase-note]")).to_have_text("Next: Tiivistys")
    first = phase.locator("[data-phase-clock]").text_content()
    participant.wait_for_timeout(1500)
    assert phase.locator("[data-phase-clock]").text_content() != first, "the countdown runs"

    # Pausing freezes the participant's countdown; resuming runs it again.
    overview.locator("[data-agenda=pause]").click()
    expect(phase.locator("[data-phase-note]")).to_have_text("Paused")
    expect(phase).to_have_attribute("data-phase-mode", "paused")
    overview.locator("[data-agenda=resume]").click()
    expect(phase).to_have_attribute("data-phase-mode", "running")

    # A broadcast, with its character counter.
    message = "Kahvitauko klo 14.30: tallentakaa ja jatketaan 14.45."
    overview.get_by_label("Message to the tables").fill(message)
    expect(overview.locator("#broadcast-count")).to_have_text(f"{len(message)} / 280 characters")
    overview.get_by_role("button", name="Send", exact=True).click()
    expect(overview.locator("#broadcast-sent")).to_have_text("Sent to all tables.")
    expect(participant.locator("#announcement-list")).to_contain_text(message)

    # The lock: the editors become read-only and a banner says why.
    editors = participant.locator("#idea-fields .cm-content")
    expect(editors.first).to_have_attribute("contenteditable", "true")
    overview.get_by_role("button", name="Lock the drafts").click()
    expect(overview.get_by_role("button", name="Unlock the drafts")).to_be_visible()
    banner = participant.locator("#lock-banner")
    expect(banner).to_have_text(
        "The facilitator has locked the drafts: you can read them but not write."
    )
    expect(banner).to_be_visible()
    for index in range(editors.count()):
        expect(editors.nth(index)).to_have_attribute("contenteditable", "false")
    expect(participant.locator("#idea-readonly")).to_be_visible()
    # Nothing was pending: it says what happened, not that changes were lost.
    expect(participant.locator("#idea-readonly")).to_have_text(
        "The workshop is locked: drafts are read-only now."
    )
    expect(participant.locator("#sync-status")).not_to_have_attribute("data-status", "unsaved")

    overview.get_by_role("button", name="Unlock the drafts").click()
    expect(banner).to_be_hidden()
    expect(editors.first).to_have_attribute("contenteditable", "true")


# -- diversity at the table ----------------------------------------------------------------


def test_invite_chips_follow_who_sits_at_the_table(new_context, live_server):
    workshop = new_workshop(live_server, priorities=1, tables=2)
    code = workshop["join_code"]
    table = workshop["priorities"][0]["tables"][0]

    sari = english(new_context(), live_server).new_page()
    join_in_browser(sari, live_server, code, "Sari Saari", "Napapiirin Residuum", "company")
    assert sit_at(sari, 0, 0) == table["id"]

    chips = sari.locator("#invite-chips")
    # Only business sits here: every other helix is missing, so its types are invited.
    expect(chips.locator("[data-type]")).to_have_count(5)
    for org_type in ("research", "education", "municipality", "public_authority", "civil_society"):
        expect(chips.locator(f'[data-type="{org_type}"]')).to_have_count(1)
    expect(chips.locator('[data-type="company"]')).to_have_count(0)
    expect(sari.locator("#table-invite")).to_contain_text("Invite:")
    expect(chips.locator('[data-type="municipality"]')).to_have_text("municipality")
    expect(sari.locator("#table-reasons")).to_contain_text("Needs people: 1 here, 3 needed")

    # A municipality joins: the public sector is there now, so its chips go.
    liisa = seated(
        live_server, code, table["id"], "Liisa Lappalainen", "Kemin kaupunki", "municipality"
    )
    try:
        expect(chips.locator('[data-type="municipality"]')).to_have_count(0)
        expect(chips.locator('[data-type="public_authority"]')).to_have_count(0)
        expect(chips.locator("[data-type]")).to_have_count(3)
        expect(sari.locator("#table-reasons")).to_contain_text("Needs people: 2 here, 3 needed")
        # ... and back when she moves to the other table.
        other = workshop["priorities"][0]["tables"][1]
        assert liisa.call("join_table", {"table_id": other["id"]}, timeout=10)["ok"]
        expect(chips.locator('[data-type="municipality"]')).to_have_count(1)
    finally:
        liisa.disconnect()


def test_an_applied_move_suggestion_takes_the_participant_to_the_new_table(
    new_context, live_server
):
    workshop = new_workshop(live_server, priorities=1, tables=2)
    code = workshop["join_code"]
    first, second = workshop["priorities"][0]["tables"]

    # Table 1 has every helix and two associations; table 2 misses civil society. Moving
    # either association person clears the flag; both sit at table 1 in a browser.
    pages = {}
    for name, organisation in (("Timo Tunturi", "Lapin Yrittäjät"), ("Tiina Talvi", "Lapin 4H")):
        page = english(new_context(), live_server).new_page()
        join_in_browser(page, live_server, code, name, organisation, "civil_society")
        assert sit_at(page, 0, 0) == first["id"]
        pages[name] = page
    clients = [
        seated(live_server, code, first["id"], "Jussi Joki", "Arctic Steel Oy", "company"),
        seated(live_server, code, first["id"], "Aino Aaltonen", "Lapin yliopisto", "research"),
        seated(live_server, code, first["id"], "Kaisa Kivi", "Kemin kaupunki", "municipality"),
        seated(live_server, code, second["id"], "Sari Saari", "Napapiirin Residuum", "company"),
        seated(live_server, code, second["id"], "Outi Oja", "Lapin AMK", "education"),
        seated(live_server, code, second["id"], "Pekka Puro", "Lapin liitto", "public_authority"),
    ]
    try:
        overview = facilitator_overview(new_context, live_server, workshop["id"])
        second_card = overview.locator(f'article.ov-table[data-table-id="{second["id"]}"]')
        expect(second_card).to_have_attribute("data-verdict", "warn")
        expect(second_card.locator(".ov-reasons")).to_contain_text("Civil society")

        overview.get_by_role("button", name="Suggest moves").click()
        moves = overview.locator("#suggestions .moves li")
        expect(moves).to_have_count(1)
        expect(overview.locator("#suggestions")).to_contain_text("Flags: 1 → 0")
        text = moves.first.text_content()
        moved = next(name for name in pages if name in text)
        assert f"from table {first['name']} to table {second['name']}" in text
        moves.first.get_by_role("button", name="Apply").click()
        expect(moves.first.get_by_role("button")).to_have_text("Moved")

        # The person sees a notice, then lands at the new table; the overview follows.
        page = pages[moved]
        expect(page.locator("#moved-notice")).to_contain_text(
            f"The facilitator moved you to table {second['name']}."
        )
        expect(page).to_have_url(re.compile(rf"/t/{second['id']}$"))
        expect(page.locator("#members li", has_text=moved)).to_have_count(1)
        expect(second_card).to_have_attribute("data-verdict", "ok", timeout=LIVE_TIMEOUT)
    finally:
        for client in clients:
            client.disconnect()


def test_dot_voting_in_the_gallery_shows_in_the_facilitators_tally(new_context, live_server):
    workshop = new_workshop(live_server, priorities=1, tables=2)
    code = workshop["join_code"]
    first, second = workshop["priorities"][0]["tables"]

    # Two drafts, one at each table, with text.
    writers = [
        seated(live_server, code, first["id"], "Jussi Joki", "Arctic Steel Oy", "company"),
        seated(live_server, code, second["id"], "Kaisa Kivi", "Kemin kaupunki", "municipality"),
    ]
    try:
        for client, table, title in zip(
            writers,
            (first, second),
            ("Arktinen testikeskus", "Datakeskusten hukkalämpö"),
            strict=True,
        ):
            ack = client.call("create_idea", {"table_id": table["id"], "title": title}, timeout=10)
            assert ack["ok"], ack
            editor = Editor(client, ack["idea"]["id"])
            editor.open()
            assert editor.send(editor.type("need", f"Tarve: {title}."))["ok"]
    finally:
        for client in writers:
            client.disconnect()

    # The gallery is for the workshop's participants: anyone else is sent to the code page
    # (not to /j/<code>, which would give the code away by the workshop's id).
    response = api(live_server, "GET", f"/w/{workshop['id']}/gallery", allow_redirects=False)
    assert response.status_code == 302, response.status_code
    assert response.headers["Location"].endswith("/") and code not in response.headers["Location"]

    overview = facilitator_overview(new_context, live_server, workshop["id"])
    other = overview.locator(".ov-idea", has_text="Datakeskusten hukkalämpö")
    expect(other.locator(".ov-idea-meta")).to_contain_text("20 % filled", timeout=LIVE_TIMEOUT)

    aino = english(new_context(), live_server).new_page()
    join_in_browser(aino, live_server, code, "Aino Aaltonen", "Lapin yliopisto", "research")
    sit_at(aino, 0, 0)
    expect(aino.locator("#room-vote")).to_be_hidden()

    expect(overview.locator("#voting-badge")).to_have_text("Voting closed")
    overview.get_by_label("Votes per participant").fill("2")
    overview.get_by_role("button", name="Open voting").click()
    expect(overview.locator("#voting-status")).to_have_text("Voting is open: 2 votes each.")
    # The control says its state, and moves first among the controls: the tally in view.
    expect(overview.locator("#voting-badge")).to_have_text("Voting open")
    voting_top = overview.locator("#voting-card").bounding_box()["y"]
    assert voting_top <= overview.locator("#agenda-card").bounding_box()["y"]
    expect(aino.locator("#votes-left")).to_have_text("You have 2 votes left.")
    aino.get_by_role("link", name="Vote on the ideas").click()
    expect(aino).to_have_url(re.compile(rf"/w/{workshop['id']}/gallery$"))

    # Every table's ideas are readable; the other table's too.
    card = aino.locator(".gallery-idea", has_text="Datakeskusten hukkalämpö")
    expect(card).to_contain_text("Tarve: Datakeskusten hukkalämpö.")
    expect(aino.locator(".gallery-idea", has_text="Arktinen testikeskus")).to_be_visible()
    vote = card.get_by_role("button", name="Vote", exact=True)
    vote.click()
    expect(aino.locator("#gallery-votes-left")).to_have_text("You have 1 vote left.")
    vote.click()
    expect(aino.locator("#gallery-votes-left")).to_have_text("You have 0 votes left.")
    expect(card.locator(".my-dots")).to_have_text("Your votes here: 2")
    for button in aino.locator("[data-vote]").all():
        expect(button).to_be_disabled()
    card.get_by_role("button", name="Take back a vote").click()
    expect(aino.locator("#gallery-votes-left")).to_have_text("You have 1 vote left.")

    tally = overview.locator("#voting-tally")
    expect(tally.locator("li").first).to_contain_text("Datakeskusten hukkalämpö")
    expect(tally.locator("li").first).to_contain_text("1 vote")
    overview.evaluate("window.scrollTo(0, 0)")
    expect(tally).to_be_in_viewport()

    overview.get_by_role("button", name="Close voting").click()
    expect(overview.locator("#voting-badge")).to_have_text("Voting closed")
    expect(aino.locator("#voting-note")).to_contain_text("Voting is closed.")
    for button in aino.locator("[data-vote], [data-unvote]").all():
        expect(button).to_be_disabled()
