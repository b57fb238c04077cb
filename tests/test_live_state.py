"""One live state per app (issue 12, part 1): two apps in one process, here on ONE database
as two server processes would be, share no connection and no cache."""

import dataclasses

from conftest import FACILITATOR_EMAIL, FreshContextClient
from test_api_overview import bearer
from test_export import build_workshop

from config import TestConfig
from workshop import create_app
from workshop.accounts import issue_api_token
from workshop.extensions import db
from workshop.ideas import Actor
from workshop.live import LiveState, live_state
from workshop.realtime.connection import Connection


def online_names(client, workshop_id: int, token: str) -> set[str]:
    response = client.get(f"/api/v1/workshops/{workshop_id}/overview", headers=bearer(token))
    assert response.status_code == 200, response.get_json()
    tables = [t for p in response.get_json()["priorities"] for t in p["tables"]]
    return {m["name"] for t in tables for m in t["members"] if m["online"]}


def test_two_apps_share_no_connection_and_no_cache(app, client, facilitator, tmp_path):
    other = create_app(TestConfig(tmp_path / "other", app.config["SQLALCHEMY_DATABASE_URI"]))
    other.test_client_class = FreshContextClient
    workshop = build_workshop(db.session, facilitator)
    token = issue_api_token(db.session, FACILITATOR_EMAIL)
    db.session.commit()
    aino = next(p for p in workshop.participants if p.display_name == "Aino Aaltonen")
    mine, theirs = live_state(app), live_state(other)

    # Every part of the live state is the app's own.
    for part in dataclasses.fields(LiveState):
        assert getattr(mine, part.name) is not None, part.name
        assert getattr(mine, part.name) is not getattr(theirs, part.name), part.name

    # Aino's socket is connected to the first app: its overview shows her online, the
    # other app's (another process, the same database) does not.
    mine.connections["sid-of-aino"] = Connection(
        Actor("participant", aino.id), workshop.id, aino.display_name
    )
    assert online_names(client, workshop.id, token) == {"Aino Aaltonen"}
    assert mine.clusters.computed == 1 and theirs.clusters.computed == 0
    assert online_names(other.test_client(), workshop.id, token) == set()
    assert theirs.clusters.computed == 1 and mine.clusters.computed == 1
    assert "sid-of-aino" not in theirs.connections
