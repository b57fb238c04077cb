"""`aihio demo` brings a small project mapping, so drafts at the demo tables meet hints."""

import json

import sqlalchemy as sa

from workshop import hints, mapping
from workshop.demo import ensure_demo
from workshop.extensions import db
from workshop.ideas import Actor, create_idea
from workshop.models import MappedProject


def mapped() -> list[MappedProject]:
    return db.session.scalars(sa.select(MappedProject).order_by(MappedProject.id)).all()


def test_the_demo_command_imports_its_survey_once(app, runner):
    first = json.loads(runner.invoke(args=["demo", "--json"]).output)
    assert first["mapped_projects_added"] == 12
    projects = mapped()
    workshop = ensure_demo(db.session).workshop
    assert {p.strategy for p in projects} == {mapping.strategy_of(workshop)}
    kylma = next(p for p in projects if p.title == "Testausympäristöt kylmissä olosuhteissa")
    assert (kylma.organisation, kylma.period) == ("Lapin ammattikorkeakoulu", "2024–2026")
    again = json.loads(runner.invoke(args=["demo", "--json"]).output)
    assert again["mapped_projects_added"] == 0
    assert len(mapped()) == 12


def test_a_demo_draft_like_a_mapped_project_is_hinted(app, runner):
    runner.invoke(args=["demo", "--json"])
    result = ensure_demo(db.session)
    table = result.workshop.priorities[2].tables[0]
    idea = create_idea(db.session, Actor("facilitator", result.facilitator.id), table, "Kylmä")
    idea.fields = {
        "title": "Kylmätestausympäristö pk-yrityksille",
        "need": "Pienet yritykset eivät pääse testaamaan ajoneuvoja kylmissä olosuhteissa.",
    }
    db.session.commit()
    found = hints.related_to(db.session, idea)
    assert found["projects"][0]["title"] == "Testausympäristöt kylmissä olosuhteissa"
