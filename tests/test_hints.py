"""Overlap hints' domain (workshop/hints.py) in process: what a hint carries, and how a
"not related" mark is checked and remembered. The live side is in test_socket_hints.py."""

import pytest
import sqlalchemy as sa
from test_mapping_api import demo_idea

from workshop import hints
from workshop.accounts import issue_api_token
from workshop.demo import DEMO_EMAIL
from workshop.errors import NotFound, ValidationFailed
from workshop.extensions import db
from workshop.ideas import Actor
from workshop.models import IdeaOverlapDismissal, MappedProject

COLD = "Testausympäristöt kylmissä olosuhteissa"
DRAFT = "Pienet yritykset eivät pääse testaamaan ajoneuvoja kylmissä olosuhteissa."


def project(title, description, strategy="default", **extra) -> MappedProject:
    row = MappedProject(strategy=strategy, title=title, description=description, **extra)
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def cold(demo):
    return project(
        COLD,
        "Pk-yrityksille avoimia testausympäristöjä, joissa ajoneuvoja testataan kylmissä "
        "olosuhteissa.",
        organisation="Lapin AMK",
        period="2024–2026",
        status="käynnissä",
        link="https://example.fi/kylma",
    )


def test_a_project_hint_says_who_runs_it_and_when(demo, cold):
    idea = demo_idea(demo, "Kylmätestausympäristö", need=DRAFT)
    found = hints.related_to(db.session, idea)
    first = found["projects"][0]
    assert first["title"] == COLD
    assert (first["organisation"], first["period"], first["status"], first["link"]) == (
        "Lapin AMK",
        "2024–2026",
        "käynnissä",
        "https://example.fi/kylma",
    )


def test_a_draft_hint_names_its_table(demo, cold):
    idea = demo_idea(demo, "Kylmätestausympäristö", need=DRAFT)
    twin = demo_idea(demo, "Kylmätestaus pk-yrityksille", table=3, need=DRAFT)
    found = hints.related_to(db.session, idea)
    assert found["ideas"][0]["id"] == twin.id
    assert found["ideas"][0]["table_name"] == demo.tables[3].name


def test_an_empty_draft_resembles_nothing(demo, cold):
    assert hints.related_to(db.session, demo_idea(demo, "")) == {"projects": [], "ideas": []}


def test_a_project_of_another_strategy_cannot_be_dismissed(demo, cold):
    elsewhere = project(COLD, "Toisen strategian hanke", strategy="pohjanmaa")
    idea = demo_idea(demo, "Kylmätestausympäristö", need=DRAFT)
    actor = Actor("facilitator", demo.owner_id)
    with pytest.raises(NotFound) as error:
        hints.dismiss(db.session, actor, idea, {"project_id": elsewhere.id})
    assert set(error.value.fields) == {"project_id"}
    assert db.session.scalar(sa.select(sa.func.count(IdeaOverlapDismissal.id))) == 0


def test_dismissing_twice_is_remembered_once(demo, cold):
    idea = demo_idea(demo, "Kylmätestausympäristö", need=DRAFT)
    actor = Actor("facilitator", demo.owner_id)
    first = hints.dismiss(db.session, actor, idea, {"project_id": cold.id})
    db.session.commit()
    again = hints.dismiss(db.session, actor, idea, {"project_id": cold.id})
    db.session.commit()
    assert again.id == first.id
    assert db.session.scalar(sa.select(sa.func.count(IdeaOverlapDismissal.id))) == 1
    assert hints.related_to(db.session, idea)["projects"] == []


@pytest.mark.parametrize(
    ("data", "error", "fields"),
    [
        ({}, ValidationFailed, {"project_id", "other_idea_id"}),
        ({"project_id": 1, "other_idea_id": 2}, ValidationFailed, {"project_id", "other_idea_id"}),
        ({"project_id": "1"}, ValidationFailed, {"project_id"}),
        ({"other_idea_id": False}, ValidationFailed, {"other_idea_id"}),
        ({"other_idea_id": 10**9}, NotFound, {"other_idea_id"}),
    ],
)
def test_a_rejected_dismissal_names_the_field(demo, cold, data, error, fields):
    idea = demo_idea(demo, "Kylmätestausympäristö", need=DRAFT)
    with pytest.raises(error) as raised:
        hints.dismiss(db.session, Actor("facilitator", demo.owner_id), idea, data, "other_idea_id")
    assert set(raised.value.fields) == fields


def test_the_rest_dismissal_names_the_field_too(client, demo, cold):
    token = issue_api_token(db.session, DEMO_EMAIL)
    db.session.commit()
    idea = demo_idea(demo, "Kylmätestausympäristö", need=DRAFT)
    response = client.post(
        f"/api/v1/ideas/{idea.id}/related/dismiss",
        json={"idea_id": "kaksi"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == {"idea_id"}


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("käynnissä", "running"),
        (" Suunnitteilla ", "planned"),
        ("Päättynyt.", "ended"),
        ("pågående", "running"),
        ("haettu", None),
        (None, None),
    ],
)
def test_a_surveys_status_word_is_read_as_a_known_status(written, key):
    from workshop.project_status import status_key

    assert status_key(written) == key


@pytest.mark.parametrize(("language", "planned"), [("en", "planned"), ("sv", "planerat")])
def test_the_table_page_carries_the_statuses_in_its_language(app, language, planned):
    from flask import render_template

    with app.test_request_context("/", headers={"Cookie": f"aihio_lang={language}"}):
        html = render_template("participant/_table_strings.html")
    assert f'"planned": "{planned}"' in html
