"""REST API: join contract, workshop creation and reading, errors in one envelope."""

import sqlalchemy as sa
from conftest import FACILITATOR_EMAIL

from workshop.accounts import issue_api_token
from workshop.extensions import db
from workshop.models import Organisation, Participant, Priority, Table, Workshop


def join_payload(code, **overrides):
    payload = {
        "join_code": code,
        "name": "Aino Aaltonen",
        "organisation": "Lapin yliopisto",
        "org_type": "research",
        "consent": True,
    }
    payload.update(overrides)
    return payload


def participants() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Participant))


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_join_answers_201_with_token_participant_and_workshop(client, demo):
    response = client.post("/api/v1/join", json=join_payload(demo.join_code.lower()))
    assert response.status_code == 201
    body = response.get_json()
    assert len(body["token"]) >= 43
    assert body["participant"]["organisation"] == "Lapin yliopisto"
    assert body["participant"]["org_type"] == "research"
    assert body["workshop"]["id"] == demo.id
    assert len(body["workshop"]["priorities"]) == 4
    assert participants() == 1


def test_join_reuses_a_known_organisation_whatever_its_spelling(client, demo):
    client.post("/api/v1/join", json=join_payload(demo.join_code))
    body = client.post(
        "/api/v1/join", json=join_payload(demo.join_code, organisation=" lapin  Yliopisto")
    ).get_json()
    assert body["participant"]["organisation"] == "Lapin yliopisto"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 1


def test_join_errors_name_each_field_and_write_nothing(client, demo):
    response = client.post(
        "/api/v1/join",
        json=join_payload(
            demo.join_code, name=" ", organisation="o" * 121, org_type="x", consent=False
        ),
    )
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"name", "organisation", "org_type", "consent"}
    assert participants() == 0


def test_join_with_unknown_code_is_404(client, demo):
    response = client.post("/api/v1/join", json=join_payload("NOPE99"))
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_join_when_closed_is_403_and_writes_nothing(client, demo):
    demo.joining_open = False
    db.session.commit()
    response = client.post("/api/v1/join", json=join_payload(demo.join_code))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "joining_closed"
    assert participants() == 0


def test_join_requires_a_json_object(client, demo):
    response = client.post("/api/v1/join", data="name=x")
    assert response.status_code == 400
    assert "application/json" in response.get_json()["error"]["message"]
    response = client.post("/api/v1/join", json=["not", "an", "object"])
    assert response.status_code == 400


def test_join_with_wrong_types_is_a_field_error_not_a_crash(client, demo):
    response = client.post(
        "/api/v1/join",
        json={"join_code": 123, "name": ["x"], "organisation": {}, "org_type": None},
    )
    assert response.status_code == 404  # no code given as text
    response = client.post(
        "/api/v1/join",
        json=join_payload(demo.join_code, name=["x"], organisation={}, org_type=None),
    )
    assert response.status_code == 400
    assert {"name", "organisation", "org_type"} <= set(response.get_json()["error"]["fields"])


def test_join_is_rate_limited_with_a_retry_time(app, demo):
    app.config["JOIN_RATE_LIMIT"] = "2 per minute"
    client = app.test_client()
    codes = [
        client.post("/api/v1/join", json=join_payload(demo.join_code)).status_code for _ in range(3)
    ]
    assert codes == [201, 201, 429]
    limited = client.post("/api/v1/join", json=join_payload(demo.join_code))
    assert limited.get_json()["error"]["code"] == "rate_limited"
    assert int(limited.headers["Retry-After"]) > 0
    assert participants() == 2


def test_create_workshop_with_priorities_and_tables(client, facilitator):
    token = issue_api_token(db.session, FACILITATOR_EMAIL)
    db.session.commit()
    response = client.post(
        "/api/v1/workshops",
        headers=bearer(token),
        json={
            "title": "Syyssprintti",
            "date": "2026-09-15",
            "place": "Rovaniemi",
            "priorities": [
                {"name": "Matkailu", "description": "Ympärivuotisuus", "tables": 3},
                {"name": "Energia", "tables": 1},
            ],
        },
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["state"] == "draft" and body["joining_open"] is False
    assert [p["name"] for p in body["priorities"]] == ["Matkailu", "Energia"]
    assert [len(p["tables"]) for p in body["priorities"]] == [3, 1]
    read = client.get(f"/api/v1/workshops/{body['id']}", headers=bearer(token)).get_json()
    assert read == body


def test_create_workshop_rejects_bad_priority_and_writes_nothing(client, facilitator):
    token = issue_api_token(db.session, FACILITATOR_EMAIL)
    db.session.commit()
    response = client.post(
        "/api/v1/workshops",
        headers=bearer(token),
        json={"title": "X", "date": "15.9.2026", "priorities": [{"name": "", "tables": 99}]},
    )
    assert response.status_code == 400
    fields = response.get_json()["error"]["fields"]
    assert "date" in fields
    response = client.post(
        "/api/v1/workshops",
        headers=bearer(token),
        json={"title": "X", "priorities": [{"name": "", "tables": 99}]},
    )
    fields = response.get_json()["error"]["fields"]
    assert set(fields) == {"priorities[0].name", "priorities[0].tables"}
    for model in (Workshop, Priority, Table):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0


def test_workshop_api_requires_a_facilitator(client, demo):
    assert client.post("/api/v1/workshops", json={"title": "X"}).status_code == 401
    response = client.get(f"/api/v1/workshops/{demo.id}", headers=bearer("forged"))
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_participant_token_does_not_open_the_facilitator_api(client, demo):
    token = client.post("/api/v1/join", json=join_payload(demo.join_code)).get_json()["token"]
    assert client.get(f"/api/v1/workshops/{demo.id}", headers=bearer(token)).status_code == 401


def test_another_facilitators_workshop_is_forbidden(client, demo, facilitator):
    token = issue_api_token(db.session, FACILITATOR_EMAIL)
    db.session.commit()
    response = client.get(f"/api/v1/workshops/{demo.id}", headers=bearer(token))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    assert client.get("/api/v1/workshops/999999", headers=bearer(token)).status_code == 404


def test_unknown_api_path_answers_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
