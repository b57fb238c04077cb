"""`GET /api/v1/workshops/<id>/overview` (DESIGN.md, HTTP): the live overview as data, for
the workshop's own facilitator only."""

from conftest import FACILITATOR_EMAIL
from test_export import OTHER_EMAIL, OTHER_PASSWORD, build_workshop

from workshop.accounts import issue_api_token, set_facilitator_password
from workshop.extensions import db


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_the_overview_as_data_names_tables_people_ideas_and_clusters(client, facilitator):
    workshop = build_workshop(db.session, facilitator)
    token = issue_api_token(db.session, FACILITATOR_EMAIL)
    db.session.commit()
    response = client.get(f"/api/v1/workshops/{workshop.id}/overview", headers=bearer(token))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    tables = [t for p in body["priorities"] for t in p["tables"]]
    assert [p["name"] for p in body["priorities"]] == ["Arktinen matkailu", "Puhdas energia"]
    assert len(tables) == 4
    assert sum(len(t["members"]) for t in tables) == 4
    assert sum(len(t["ideas"]) for t in tables) == 4
    assert all("diversity" in t for t in tables)
    assert isinstance(body["clusters"], list)


def test_another_facilitator_and_strangers_get_no_overview(client, facilitator):
    workshop = build_workshop(db.session, facilitator)
    set_facilitator_password(db.session, OTHER_EMAIL, OTHER_PASSWORD)
    other = issue_api_token(db.session, OTHER_EMAIL)
    db.session.commit()
    url = f"/api/v1/workshops/{workshop.id}/overview"
    assert client.get(url).status_code == 401
    forbidden = client.get(url, headers=bearer(other))
    assert forbidden.status_code == 403
    assert forbidden.get_json()["error"]["code"] == "forbidden"
    missing = client.get("/api/v1/workshops/999999/overview", headers=bearer(other))
    assert missing.status_code == 404


def test_the_flagged_count_agrees_with_the_labels_on_the_tables(client, facilitator):
    # Few people per table: every table says "Needs people", so every one is counted.
    workshop = build_workshop(db.session, facilitator)
    token = issue_api_token(db.session, FACILITATOR_EMAIL)
    db.session.commit()
    body = client.get(f"/api/v1/workshops/{workshop.id}/overview", headers=bearer(token))
    body = body.get_json()
    tables = [t for p in body["priorities"] for t in p["tables"]]
    not_diverse = [t for t in tables if t["diversity"]["state"] != "ok"]
    assert {t["diversity"]["state"] for t in tables} == {"needs_people"}
    assert body["summary"]["tables_flagged"] == len(not_diverse) == len(tables)
