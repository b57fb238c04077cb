"""Input the database or Python's json cannot take answers `invalid`, never
`server_error`: ids beyond 64 bits, lone surrogates in any text, JSON nested 100,000
deep, over HTTP (paths, query strings, forms, JSON bodies, uploads) and over Socket.IO."""

import io
import json

import pytest
import sqlalchemy as sa
from conftest import FACILITATOR_EMAIL, FACILITATOR_PASSWORD
from helpers import csrf_from, join_form
from socket_helpers import RawSocket, connect, join, participant

from workshop.accounts import issue_api_token
from workshop.extensions import db
from workshop.ideas import Actor, create_idea
from workshop.models import Participant

HUGE = 2**64 + 1  # beyond SQL BIGINT (SQLite raises OverflowError on it)
DEEP = "[" * 100_000 + "]" * 100_000
LONE = '"Aino \\ud800 Aaltonen"'  # JSON text of a string with a lone surrogate


def deep_object(key: str = "x") -> str:
    return '{"' + key + '": ' + DEEP + "}"


def join_payload(code: str, name_json: str = '"Aino Aaltonen"') -> str:
    return (
        f'{{"join_code": "{code}", "name": {name_json}, "organisation": "Lapin yliopisto",'
        ' "org_type": "research", "consent": true}'
    )


def assert_invalid(response, where: str = "") -> None:
    assert response.status_code == 400, (where, response.status_code, response.data[:200])
    assert response.get_json()["error"]["code"] == "invalid", (where, response.get_json())


# -- HTTP ----------------------------------------------------------------------------------


@pytest.fixture
def bearer(facilitator):
    token = issue_api_token(db.session, FACILITATOR_EMAIL)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_every_id_in_a_path_beyond_64_bits_answers_invalid(app, client, bearer, demo):
    client.post(
        "/f/login",
        data={
            "email": FACILITATOR_EMAIL,
            "password": FACILITATOR_PASSWORD,
            "csrf_token": csrf_from(client, "/f/login"),
        },
    )
    checked = 0
    for rule in app.url_map.iter_rules():
        ids = [name for name in rule.arguments if name.endswith("_id")]
        if not ids or "GET" not in rule.methods:
            continue
        for digits in (str(HUGE), "9" * 5000):
            path = rule.rule
            for name in ids:
                path = path.replace(f"<int:{name}>", digits)
            response = client.get(path, headers={**bearer, "Accept": "application/json"})
            assert_invalid(response, path[:80])
            checked += 1
    assert checked >= 2 * 10


def test_a_huge_id_in_a_query_or_form_answers_invalid(client, facilitator, demo):
    client.post(
        "/f/login",
        data={
            "email": FACILITATOR_EMAIL,
            "password": FACILITATOR_PASSWORD,
            "csrf_token": csrf_from(client, "/f/login"),
        },
    )
    own = client.post(
        "/f/workshops/new",
        data={
            "title": "Oma työpaja",
            "org_types": ["company", "research"],
            "priorities": "Energia",
            "tables": "1",
            "csrf_token": csrf_from(client, "/f/"),
        },
    )
    workshop_path = own.headers["Location"]
    for value in (str(HUGE), "²"):
        response = client.get(
            f"{workshop_path}/export?format=csv&priority={value}",
            headers={"Accept": "application/json"},
        )
        assert_invalid(response, value)
    join_form(client, demo.join_code)
    for value in (str(HUGE), "9" * 5000, "²"):
        response = client.post(
            f"/j/{demo.join_code}/tables",
            data={
                "table_id": value,
                "csrf_token": csrf_from(client, f"/j/{demo.join_code}/tables"),
            },
        )
        assert response.status_code == 400, (value, response.status_code)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(lambda code: join_payload(code, LONE), id="lone surrogate in a value"),
        pytest.param(
            lambda code: join_payload(code)[:-1] + ', "\\udfff": 1}', id="lone surrogate in a key"
        ),
        pytest.param(lambda code: deep_object(), id="nested 100000 deep"),
        pytest.param(lambda code: join_payload(code)[:-1] + f', "n": {HUGE}}}', id="huge int"),
        pytest.param(lambda code: join_payload(code)[:-1] + ', "n": NaN}', id="NaN"),
    ],
)
def test_json_bodies_the_database_cannot_take_answer_invalid(client, bearer, demo, body):
    for path, headers in (("/api/v1/join", {}), ("/api/v1/workshops", bearer)):
        response = client.post(
            path,
            data=body(demo.join_code),
            headers={**headers, "Content-Type": "application/json"},
        )
        assert_invalid(response, path)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participant)) == 0


def test_a_huge_id_in_a_json_body_answers_invalid(client, demo):
    joined = client.post(
        "/api/v1/join", data=join_payload(demo.join_code), content_type="application/json"
    )
    token = joined.get_json()["token"]
    idea = create_idea(db.session, Actor("facilitator", demo.owner_id), demo.tables[0], "Koe")
    db.session.commit()
    response = client.post(
        f"/api/v1/ideas/{idea.id}/related/dismiss",
        data=f'{{"project_id": {HUGE}}}',
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert_invalid(response, "project_id")


def test_uploads_nested_too_deeply_are_refused(client, bearer, facilitator):
    survey = b"Nimi;Kuvaus\nArktinen testikeskus;Testaus\n"
    response = client.post(
        "/api/v1/mapping",
        data={"file": (io.BytesIO(survey), "kysely.csv"), "columns": DEEP},
        headers=bearer,
    )
    assert_invalid(response, "columns")
    client.post(
        "/f/login",
        data={
            "email": FACILITATOR_EMAIL,
            "password": FACILITATOR_PASSWORD,
            "csrf_token": csrf_from(client, "/f/login"),
        },
    )
    for content in (deep_object("schema"), '{"schema": "aihio-export", "title": "\\ud800"}'):
        response = client.post(
            "/f/workshops/import",
            data={
                "file": (io.BytesIO(content.encode()), "vienti.json"),
                "csrf_token": csrf_from(client, "/f/"),
            },
        )
        assert response.status_code == 400, response.status_code


# -- Socket.IO -----------------------------------------------------------------------------


def table_id(server) -> int:
    engine = server.database.engine()
    try:
        with engine.connect() as connection:
            return connection.execute(
                sa.text("SELECT min(id) FROM workshop_table WHERE workshop_id = :w"),
                {"w": server.demo.workshop_id},
            ).scalar_one()
    finally:
        engine.dispose()


def ideas_titled(server, prefix: str) -> int:
    """Count the demo workshop's ideas whose title starts so (the shared server holds other
    tests' workshops too)."""
    engine = server.database.engine()
    try:
        with engine.connect() as connection:
            return connection.execute(
                sa.text("SELECT count(*) FROM idea WHERE workshop_id = :w AND title LIKE :p"),
                {"w": server.demo.workshop_id, "p": prefix + "%"},
            ).scalar_one()
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("event", "data"),
    [
        ("create_idea", '{"table_id": %(table)s, "title": "Torjuttu\\ud800testaus"}'),
        ("create_idea", '{"table_id": %(table)s, "title": "Torjuttu", "\\udc00": 1}'),
        ("join_table", '{"table_id": %(huge)s}'),
        ("open_idea", '{"idea_id": %(huge)s, "state_vector": null}'),
        ("set_idea_state", '{"idea_id": 18446744073709551617, "state": "ready"}'),
        ("join_table", '{"table_id": 1, "x": %(deep)s}'),
        ("create_idea", "%(deep)s"),
    ],
    ids=[
        "surrogate in a title",
        "surrogate in a key",
        "huge table id",
        "huge idea id",
        "huge idea id in a literal",
        "deep payload",
        "deep list",
    ],
)
def test_socket_events_the_database_cannot_take_are_acked_invalid(live_server, event, data):
    table = table_id(live_server)
    raw = RawSocket(live_server, auth={"token": join(live_server, name="Aino")})
    try:
        assert raw.connected, raw.refusal
        ack = raw.call(event, data % {"table": table, "huge": HUGE, "deep": DEEP})
        assert ack["ok"] is False and ack["error"]["code"] == "invalid", ack
        # The connection lives on and still works.
        assert raw.call("join_table", json.dumps({"table_id": table}))["ok"]
    finally:
        raw.close()
    assert ideas_titled(live_server, "Torjuttu") == 0  # a title no other test uses


def test_a_binary_event_with_deep_json_is_acked_invalid(live_server):
    """A Yjs update travels as a binary attachment; the JSON around it is still read."""
    raw = RawSocket(live_server, auth={"token": join(live_server, name="Aino")})
    try:
        placeholder = '{"_placeholder": true, "num": 0}'
        data = f'{{"idea_id": 1, "update": {placeholder}, "x": {DEEP}}}'
        ack = raw.call("update_idea", data, attachments=(b"\x00\x00",))
        assert ack["ok"] is False and ack["error"]["code"] == "invalid", ack
    finally:
        raw.close()


def test_huge_and_surrogate_values_through_a_socketio_client_are_acked_invalid(live_server):
    client = participant(live_server, table_id(live_server), name="Pekka")
    try:
        for payload in (
            {"table_id": table_id(live_server), "title": "Torjuttu\ud800"},
            {"table_id": HUGE, "title": "Torjuttu koe"},
            {"table_id": 2**63, "title": "Torjuttu koe"},
        ):
            ack = client.call("create_idea", payload, timeout=10)
            assert ack["ok"] is False and ack["error"]["code"] == "invalid", (payload, ack)
    finally:
        client.disconnect()
    assert ideas_titled(live_server, "Torjuttu") == 0  # a title no other test uses


@pytest.mark.parametrize(
    "auth",
    ['{"token": "\\ud800"}', '{"token": ["list"]}', DEEP, f'{{"workshop_id": {HUGE}}}'],
)
def test_unreadable_connection_auth_is_refused_as_unauthorized(live_server, auth):
    import websocket

    url = live_server.base_url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
    ws = websocket.create_connection(url, timeout=10)
    try:
        assert ws.recv().startswith("0")
        ws.send("40" + auth)
        reply = ws.recv()
        assert reply.startswith("44"), reply
        assert json.loads(reply[2:])["message"].startswith("unauthorized")
    finally:
        ws.close()
    well = connect(live_server, join(live_server))  # the server is well
    assert well.connected
    well.disconnect()
