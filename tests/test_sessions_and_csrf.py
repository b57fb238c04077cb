"""A facilitator's session: logging out ends it on the server (a copied cookie stops
working for pages, the API and Socket.IO); the API takes the session cookie only with a
CSRF token, so a page on another port of the same host cannot upload a mapping."""

import io
import re
from datetime import timedelta

import pytest
import requests
import sqlalchemy as sa
from conftest import FACILITATOR_EMAIL, FACILITATOR_PASSWORD
from helpers import csrf_from
from live import free_port
from playwright.sync_api import expect
from socket_helpers import RawSocket

from workshop.accounts import issue_api_token, set_facilitator_password
from workshop.extensions import db
from workshop.models import FacilitatorLogin, MappedProject, utcnow

SURVEY = "Nimi;Kuvaus;Organisaatio\nArktinen testikeskus;Kylmätestaus;Lapin AMK\n"


def log_in(client, password=FACILITATOR_PASSWORD):
    data = {"email": FACILITATOR_EMAIL, "password": password}
    return client.post("/f/login", data={**data, "csrf_token": csrf_from(client, "/f/login")})


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def with_cookie(app, value: str):
    """Return a fresh client holding a copy of a session cookie (a stolen one)."""
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def projects() -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(MappedProject))


# -- logging out ---------------------------------------------------------------------------


def test_a_copied_session_cookie_stops_working_after_logout(app, client, facilitator):
    assert log_in(client).status_code == 302
    stolen = session_cookie(client)
    assert with_cookie(app, stolen).get("/f/").status_code == 200  # the copy works, first
    client.post("/f/logout", data={"csrf_token": csrf_from(client, "/f/")})
    thief = with_cookie(app, stolen)
    assert thief.get("/f/").status_code == 302  # to the login page
    api = thief.get("/api/v1/workshops/1", headers={"Accept": "application/json"})
    assert api.status_code == 401
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FacilitatorLogin)) == 0


def test_logging_out_ends_only_that_browsers_session(app, facilitator):
    laptop, phone = app.test_client(), app.test_client()
    log_in(laptop)
    log_in(phone)
    phone.post("/f/logout", data={"csrf_token": csrf_from(phone, "/f/")})
    assert laptop.get("/f/").status_code == 200
    assert phone.get("/f/").status_code == 302


def test_a_new_password_ends_every_session(app, client, facilitator):
    log_in(client)
    set_facilitator_password(db.session, FACILITATOR_EMAIL, "uusi-salasana-42")
    db.session.commit()
    assert client.get("/f/").status_code == 302
    assert log_in(client, "uusi-salasana-42").status_code == 302


def test_a_login_ends_after_thirty_days(app, client, facilitator):
    log_in(client)
    month_ago = utcnow() - timedelta(days=31)
    db.session.execute(sa.update(FacilitatorLogin).values(created_at=month_ago))
    db.session.commit()
    assert client.get("/f/").status_code == 302


# -- the API and CSRF ----------------------------------------------------------------------


def upload(client, headers=None, confirm="1"):
    return client.post(
        "/api/v1/mapping",
        data={"file": (io.BytesIO(SURVEY.encode()), "kysely.csv"), "confirm": confirm},
        headers=headers or {},
    )


def test_the_api_refuses_a_session_cookie_without_a_csrf_token(client, facilitator):
    log_in(client)
    refused = upload(client)
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "csrf"
    assert projects() == 0
    token = csrf_from(client, "/f/")
    assert upload(client, headers={"X-CSRFToken": token}).status_code == 201
    assert projects() == 1
    # Reading needs no token (a cross-origin page cannot read the answer).
    assert client.get("/api/v1/workshops/999").status_code == 404


def test_a_bearer_token_needs_no_csrf_token_and_wins_over_the_session(app, client, facilitator):
    set_facilitator_password(db.session, "toinen@example.fi", "toinen-salasana-9")
    other = issue_api_token(db.session, "toinen@example.fi")
    db.session.commit()
    log_in(client)
    response = client.post(
        "/api/v1/workshops",
        json={"title": "Toisen työpaja"},
        headers={"Authorization": f"Bearer {other}"},
    )
    assert response.status_code == 201
    created = response.get_json()["id"]
    # The workshop is the token's facilitator's, not the logged-in one's.
    assert client.get(f"/api/v1/workshops/{created}").status_code == 403
    bad = client.post(
        "/api/v1/workshops", json={"title": "X"}, headers={"Authorization": "Bearer nonsense"}
    )
    assert bad.status_code == 401


@pytest.fixture
def facilitator_cookie(live_server):
    """Log the demo facilitator in over HTTP; return the session cookie's value."""
    with requests.Session() as session:
        session.trust_env = False
        page = session.get(live_server.url("/f/login"), timeout=10).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = session.post(
            live_server.url("/f/login"),
            data={
                "email": live_server.demo.facilitator_email,
                "password": live_server.demo.facilitator_password,
                "csrf_token": token,
            },
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, response.text[:300]
        return session.cookies["session"], session


def test_a_socket_with_a_copied_cookie_is_refused_after_logout(live_server, facilitator_cookie):
    cookie, session = facilitator_cookie
    before = RawSocket(live_server, cookie=f"session={cookie}")
    assert before.connected, before.refusal
    before.close()
    page = session.get(live_server.url("/f/"), timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    session.post(live_server.url("/f/logout"), data={"csrf_token": token}, timeout=10)
    after = RawSocket(live_server, cookie=f"session={cookie}")
    assert not after.connected and after.refusal["message"].startswith("unauthorized")
    after.close()


def test_a_socket_from_another_origin_is_refused_even_with_the_cookie(
    live_server, facilitator_cookie
):
    cookie, _session = facilitator_cookie
    import websocket

    with pytest.raises(websocket.WebSocketBadStatusException):
        RawSocket(live_server, cookie=f"session={cookie}", origin=f"http://127.0.0.1:{free_port()}")


def mapped_with_strategy(server, strategy: str) -> int:
    engine = server.database.engine()
    try:
        with engine.connect() as connection:
            return connection.execute(
                sa.text("SELECT count(*) FROM mapped_project WHERE strategy = :s"),
                {"s": strategy},
            ).scalar_one()
    finally:
        engine.dispose()


ATTACK = """
<!doctype html><title>Kilpailu</title>
<form id="attack" method="post" enctype="multipart/form-data">
  <input type="file" name="file"><input name="confirm" value="1">
  <input name="strategy" value="hyokkays">
</form>
"""


def test_a_form_on_another_port_of_the_same_host_cannot_upload_a_mapping(new_context, live_server):
    context = new_context()
    page = context.new_page()
    page.goto(live_server.url("/f/login"))
    page.locator("#email").fill(live_server.demo.facilitator_email)
    page.locator("#password").fill(live_server.demo.facilitator_password)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/f/login"))

    # Another origin on the same host (same site: the session cookie rides along).
    evil = f"http://127.0.0.1:{free_port()}/kilpailu"
    context.route(evil, lambda route: route.fulfill(body=ATTACK, content_type="text/html"))
    page.goto(evil)
    page.evaluate(
        """([target, csv]) => {
            const form = document.getElementById("attack");
            form.action = target;
            const files = new DataTransfer();
            files.items.add(new File([csv], "kysely.csv", {type: "text/csv"}));
            form.querySelector("input[type=file]").files = files.files;
            form.submit();
        }""",
        [live_server.url("/api/v1/mapping"), SURVEY],
    )
    page.wait_for_url(live_server.url("/api/v1/mapping"))
    answer = page.locator("body").inner_text()
    # The server knew the facilitator (the cookie came along) and still refused.
    assert '"code":"csrf"' in answer.replace(" ", ""), answer[:300]
    assert mapped_with_strategy(live_server, "hyokkays") == 0
