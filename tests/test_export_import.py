"""Continue at the next event: a JSON export imported as a new workshop keeps its
priorities, tables, template and ideas, each idea's CRDT document ready to edit on."""

import base64
import json

import pytest
import sqlalchemy as sa
from pycrdt import Text
from test_export import OTHER_EMAIL, OTHER_PASSWORD, SAMI, build_workshop

from workshop.accounts import facilitator_by_email, set_facilitator_password
from workshop.collab.document import read_fields
from workshop.collab.store import Author, LogEntry, append_batch, load_idea
from workshop.export import collect, render
from workshop.export.importer import ImportRejected, import_workshop
from workshop.extensions import db
from workshop.models import Idea, IdeaUpdate, Priority, Table, Workshop


def counts() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(m))
        for m in (Workshop, Priority, Table, Idea, IdeaUpdate)
    )


@pytest.fixture
def exported(app, facilitator):
    workshop = build_workshop(db.session, facilitator)
    return workshop, render(collect(db.session, workshop.id), "json").body


@pytest.fixture
def other(app):
    set_facilitator_password(db.session, OTHER_EMAIL, OTHER_PASSWORD)
    db.session.commit()
    return facilitator_by_email(db.session, OTHER_EMAIL)


def test_round_trip_gives_a_new_workshop_with_the_same_ideas_and_text(exported, other):
    source, body = exported
    imported = import_workshop(db.session, other, body)
    db.session.commit()
    assert imported.id != source.id and imported.owner_id == other.id
    assert imported.join_code != source.join_code
    assert [p.name for p in imported.priorities] == [p.name for p in source.priorities]
    assert [t.name for t in imported.tables] == [t.name for t in source.tables]
    before = collect(db.session, source.id)
    after = collect(db.session, imported.id)
    assert [i.fields for i in after.ideas] == [i.fields for i in before.ideas]
    assert after.ideas[0].title == f"Revontulimatkailu 0.0 – {SAMI}"
    assert [i.table_name for i in after.ideas] == [i.table_name for i in before.ideas]
    assert after.template == before.template


def test_imported_ideas_continue_the_same_crdt_documents(exported, other):
    source, body = exported
    imported = import_workshop(db.session, other, body)
    db.session.commit()
    idea = db.session.scalars(sa.select(Idea).where(Idea.workshop_id == imported.id)).first()
    assert idea.fields["title"].startswith("Revontulimatkailu") and idea.last_seq == 1
    assert load_idea(db.session, idea.id).last_seq == 1
    # an edit made on the old event's document applies on the imported one
    old = db.session.scalars(sa.select(Idea).where(Idea.workshop_id == source.id)).first()
    old_doc = load_idea(db.session, old.id).doc
    before = old_doc.get_state()
    old_doc.get("title", type=Text).insert(0, "Jatko: ")
    append_batch(db.session, [LogEntry(idea.id, old_doc.get_update(before), Author(), 7)])
    db.session.commit()
    doc = load_idea(db.session, idea.id).doc
    assert read_fields(doc, ["title"])["title"] == f"Jatko: Revontulimatkailu 0.0 – {SAMI}"


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: {**d, "version": 2}, "version 2"),
        (lambda d: {**d, "schema": "something-else"}, "not an Aihio export"),
        (lambda d: [d], "not an Aihio export"),
    ],
)
def test_another_schema_or_version_is_refused_and_nothing_written(exported, other, change, message):
    _, body = exported
    before = counts()
    with pytest.raises(ImportRejected) as error:
        import_workshop(db.session, other, json.dumps(change(json.loads(body))))
    db.session.rollback()
    assert message in str(error.value)
    assert counts() == before


def damage_last_idea(data: dict) -> dict:
    data["priorities"][-1]["ideas"][-1]["crdt"]["data"] = base64.b64encode(b"\xff" * 30).decode()
    return data


@pytest.mark.parametrize(
    "damage",
    [
        damage_last_idea,
        lambda d: {**d, "priorities": "kaikki"},
        lambda d: {**d, "template": []},
        lambda d: {**d, "workshop": {**d["workshop"], "title": ""}},
    ],
)
def test_a_damaged_file_is_refused_and_nothing_written(exported, other, damage):
    _, body = exported
    before = counts()
    with pytest.raises(ImportRejected) as error:
        import_workshop(db.session, other, json.dumps(damage(json.loads(body))))
    db.session.rollback()
    assert "Nothing was imported" in str(error.value)
    assert counts() == before


def test_not_json_at_all_is_refused(other):
    with pytest.raises(ImportRejected, match="not JSON"):
        import_workshop(db.session, other, b"\x00PK\x03\x04 not json")


def test_cli_imports_a_json_export_for_an_owner(runner, exported, other, tmp_path):
    source, body = exported
    path = tmp_path / "sprintti.json"
    path.write_bytes(body)
    result = runner.invoke(args=["workshops", "import", str(path), "--owner", OTHER_EMAIL])
    assert result.exit_code == 0, result.output
    assert "Imported workshop" in result.output
    db.session.expire_all()
    mine = db.session.scalars(sa.select(Workshop).where(Workshop.owner_id == other.id)).all()
    assert len(mine) == 1 and mine[0].title == source.title


def test_cli_import_of_a_damaged_file_says_so_and_writes_nothing(runner, exported, other, tmp_path):
    _, body = exported
    path = tmp_path / "rikki.json"
    path.write_text(json.dumps(damage_last_idea(json.loads(body))))
    before = counts()
    result = runner.invoke(args=["workshops", "import", str(path), "--owner", OTHER_EMAIL])
    assert result.exit_code != 0 and "damaged" in result.output
    db.session.expire_all()
    assert counts() == before


def test_cli_import_needs_a_known_owner(runner, exported, tmp_path):
    _, body = exported
    path = tmp_path / "sprintti.json"
    path.write_bytes(body)
    result = runner.invoke(args=["workshops", "import", str(path), "--owner", "ei@ole.fi"])
    assert result.exit_code != 0 and "No facilitator" in result.output
