"""Security headers on every response: a crawl of every route of the app (as a stranger,
a participant and the facilitator, by every method), plus 404, 500, API and static
responses; HSTS and Secure cookies when the app is served over https."""

import re

import pytest
import sqlalchemy as sa
from conftest import FreshContextClient, fresh_database_url
from helpers import csrf_from, join_form

from config import TestConfig
from workshop import create_app
from workshop.accounts import set_facilitator_password
from workshop.extensions import db
from workshop.facilitation import rotate_projector_token
from workshop.ideas import Actor, create_idea
from workshop.models import Organisation, Participant
from workshop.security_headers import CSP

DEMO_PASSWORD = "demo-salasana-123"


def assert_secure_headers(response, where: str) -> None:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    assert csp == CSP, f"{where}: Content-Security-Policy is {csp!r}"
    script_src = re.search(r"script-src ([^;]*)", csp).group(1).split()
    assert script_src == ["'self'"], f"{where}: scripts from {script_src}"
    assert "frame-ancestors 'none'" in csp, where
    assert headers.get("Referrer-Policy") == "no-referrer", where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("X-Frame-Options") == "DENY", where


@pytest.fixture
def site(app, client, demo):
    """The demo workshop with an idea and a projector link; a participant seated at the
    first table and the demo's facilitator logged in, each in their own client."""
    set_facilitator_password(db.session, demo.owner.email, DEMO_PASSWORD)
    table = demo.tables[0]
    idea = create_idea(db.session, Actor("facilitator", demo.owner_id), table, "Kylmätestaus")
    projector = rotate_projector_token(demo)
    db.session.commit()

    participant = app.test_client()
    join_form(participant, demo.join_code)
    participant.post(
        f"/j/{demo.join_code}/tables",
        data={
            "table_id": table.id,
            "csrf_token": csrf_from(participant, f"/j/{demo.join_code}/tables"),
        },
    )
    facilitator = app.test_client()
    response = facilitator.post(
        "/f/login",
        data={
            "email": demo.owner.email,
            "password": DEMO_PASSWORD,
            "csrf_token": csrf_from(facilitator, "/f/login"),
        },
    )
    assert response.status_code == 302
    values = {
        "workshop_id": demo.id,
        "table_id": table.id,
        "priority_id": demo.priorities[0].id,
        "idea_id": idea.id,
        "code": demo.join_code,
        "token": projector,
        "filename": "css/app.css",
        "participant_id": db.session.scalar(sa.select(Participant.id)),
        "organisation_id": db.session.scalar(sa.select(Organisation.id)),
        "strategy_id": 1,
        "format": "xlsx",
        "project_id": 1,
    }
    return {"stranger": client, "participant": participant, "facilitator": facilitator}, values


def routes(app, values: dict):
    """Yield (method, path) for every route of the app, its arguments filled in."""
    for rule in app.url_map.iter_rules():
        missing = set(rule.arguments) - set(values)
        assert not missing, f"the crawl cannot fill {missing} of {rule.rule}: add a value"
        path = rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)[1]
        for method in sorted(rule.methods - {"OPTIONS"}):
            yield method, path


def test_every_route_answers_with_the_security_headers(app, site):
    clients, values = site
    crawled = 0
    for method, path in routes(app, values):
        for who, client in clients.items():
            response = client.open(path, method=method)
            assert response.status_code < 500, f"{who} {method} {path}: {response.status_code}"
            assert_secure_headers(response, f"{who} {method} {path} ({response.status_code})")
            crawled += 1
    assert crawled >= 3 * 50  # every rule, every method, three visitors


@pytest.mark.parametrize(
    "path",
    ["/no/such/page", "/api/v1/nothing", "/static/no-such.css", "/t/999999", "/f/workshops/0"],
)
def test_errors_carry_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code in (302, 404)
    assert_secure_headers(response, path)


def test_a_server_error_carries_the_security_headers(app):
    def broken():
        raise RuntimeError("boom")

    app.add_url_rule("/broken-for-the-test", "broken", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer 500 as in production
    for accept in ("text/html", "application/json"):
        response = app.test_client().get("/broken-for-the-test", headers={"Accept": accept})
        assert response.status_code == 500
        assert_secure_headers(response, f"500 as {accept}")


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    response = client.get("/", base_url="https://aihio.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.fixture
def https_app(database_template, tmp_path, monkeypatch):
    """An app whose public address is https (AIHIO_PUBLIC_URL), on its own database."""
    monkeypatch.setenv("AIHIO_PUBLIC_URL", "https://aihio.example")
    monkeypatch.delenv("AIHIO_SECURE_COOKIES", raising=False)
    config = TestConfig(tmp_path / "https", fresh_database_url(database_template, tmp_path))
    app = create_app(config)
    app.test_client_class = FreshContextClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_an_https_public_url_makes_cookies_secure_and_sends_hsts(https_app):
    from workshop.demo import ensure_demo

    demo = ensure_demo(db.session).workshop
    db.session.commit()
    client = https_app.test_client()
    # Behind a TLS proxy the app may see plain http; the browser saw https.
    first = client.get("/")
    assert first.headers["Strict-Transport-Security"].startswith("max-age=")
    cookies = first.headers.getlist("Set-Cookie")
    assert cookies and all("Secure" in cookie for cookie in cookies), cookies
    response = join_form(client, demo.join_code)
    assert response.status_code == 302
    joined = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("aihio_p")]
    assert joined and all("Secure" in c and "HttpOnly" in c for c in joined), joined
    language = client.post("/lang", data={"lang": "en", "csrf_token": csrf_from(client, "/")})
    assert "Secure" in language.headers["Set-Cookie"]


def test_forms_work_over_https_without_a_referer(client, facilitator):
    """Referrer-Policy: no-referrer means no Referer header; Flask-WTF's strict https
    check would refuse every form then."""
    https = "https://aihio.example"
    token = csrf_from_https(client, https)
    response = client.post(
        "/f/login",
        base_url=https,
        data={"email": facilitator.email, "password": "oikea-hevonen-patteri", "csrf_token": token},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def csrf_from_https(client, base_url: str) -> str:
    page = client.get("/f/login", base_url=base_url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
