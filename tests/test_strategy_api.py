"""Issue 13 over HTTP: strategies, carrying drafts to the next event, the follow-up board,
missing voices and organisation roles; bad input and read-only accounts change nothing."""

import io

import docx
import openpyxl
import pytest
import sqlalchemy as sa

from workshop.accounts import issue_api_token
from workshop.collab.document import read_fields
from workshop.collab.store import load_idea
from workshop.demo import ensure_demo
from workshop.extensions import db
from workshop.models import (
    FollowUpChange,
    Idea,
    IdeaContribution,
    IdeaFollowUp,
    IdeaUpdate,
    Organisation,
    Strategy,
    Workshop,
)
from workshop.process.demo import ensure_demo_strategy
from workshop.process.strategies import add_member, create_strategy


@pytest.fixture
def demo_strategy(app):
    """Return (strategy, next event, finished event, bearer headers of its facilitator)."""
    result = ensure_demo(db.session)
    strategy = ensure_demo_strategy(db.session, result)
    db.session.commit()
    token = issue_api_token(db.session, result.facilitator.email)
    db.session.commit()
    past = db.session.scalar(
        sa.select(Workshop).where(
            Workshop.strategy_id == strategy.id, Workshop.id != result.workshop.id
        )
    )
    return strategy, result.workshop, past, {"Authorization": f"Bearer {token}"}


def ideas_of(workshop) -> list[Idea]:
    return db.session.scalars(
        sa.select(Idea).where(Idea.workshop_id == workshop.id).order_by(Idea.id)
    ).all()


def coordination_headers(strategy) -> dict:
    add_member(db.session, strategy, "ryhma@lapinliitto.example", "coordination", "salasana-123")
    token = issue_api_token(db.session, "ryhma@lapinliitto.example")
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def snapshot() -> tuple:
    """Return what a refused request must leave alone."""
    ideas = db.session.execute(sa.select(Idea.id, Idea.workshop_id, Idea.table_id)).all()
    ups = db.session.execute(
        sa.select(IdeaFollowUp.idea_id, IdeaFollowUp.status, IdeaFollowUp.due)
    ).all()
    return (
        sorted(ideas),
        sorted(ups),
        db.session.scalar(sa.select(sa.func.count()).select_from(FollowUpChange)),
    )


def test_strategies_lists_the_events_of_each_strategy(client, demo_strategy):
    strategy, event, past, headers = demo_strategy
    body = client.get("/api/v1/strategies", headers=headers).get_json()
    [listed] = body["strategies"]
    assert (listed["id"], listed["name"]) == (strategy.id, "Lapin älykäs erikoistuminen")
    assert [w["id"] for w in listed["workshops"]] == [past.id, event.id]  # earliest first
    assert listed["workshops"][0]["date"] == "2026-05-23"


def test_a_new_workshop_takes_the_strategys_priorities_linked(client, demo_strategy):
    strategy, _, _, headers = demo_strategy
    response = client.post(
        "/api/v1/workshops",
        json={"title": "Syyskuun sprintti", "strategy_id": strategy.id, "tables_per_priority": 2},
        headers=headers,
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert [p["name"] for p in body["priorities"]] == [p.name for p in strategy.priorities]
    assert [t["name"] for t in body["priorities"][1]["tables"]] == ["2.1", "2.2"]
    workshop = db.session.get(Workshop, body["id"])
    assert [p.strategy_priority_id for p in workshop.priorities] == [
        p.id for p in strategy.priorities
    ]


def test_carrying_moves_the_same_document_with_its_history_and_authors(client, demo_strategy):
    strategy, event, past, headers = demo_strategy
    idea = next(i for i in ideas_of(past) if i.title == "Sivuvirroista biotuotteita")
    log_before = db.session.execute(
        sa.select(IdeaUpdate.seq, IdeaUpdate.data).where(IdeaUpdate.idea_id == idea.id)
    ).all()
    authors = db.session.execute(
        sa.select(IdeaContribution.organisation_id, IdeaContribution.chars).where(
            IdeaContribution.idea_id == idea.id
        )
    ).all()

    response = client.post(
        f"/api/v1/workshops/{event.id}/carry", json={"idea_ids": [idea.id]}, headers=headers
    )

    assert response.status_code == 201, response.get_json()
    [carried] = response.get_json()["ideas"]
    assert carried["id"] == idea.id  # the same idea, not a copy
    assert carried["carried_from"]["workshop_title"] == "Kemin kehittämissprintti (toukokuu)"
    assert (carried["carried_from"]["table"], carried["carried_from"]["votes"]) == ("1.1", 5)
    db.session.expire_all()
    moved = db.session.get(Idea, idea.id)
    assert moved.workshop_id == event.id
    assert moved.table.priority.strategy_priority_id == strategy.priorities[0].id
    assert carried["table_id"] == moved.table_id
    assert (
        db.session.execute(
            sa.select(IdeaUpdate.seq, IdeaUpdate.data).where(IdeaUpdate.idea_id == idea.id)
        ).all()
        == log_before
    )
    assert (
        db.session.execute(
            sa.select(IdeaContribution.organisation_id, IdeaContribution.chars).where(
                IdeaContribution.idea_id == idea.id
            )
        ).all()
        == authors
    )
    assert (
        read_fields(load_idea(db.session, idea.id).doc, ["title"])["title"]
        == "Sivuvirroista biotuotteita"
    )
    assert len(ideas_of(past)) == 4
    provenance = client.get(f"/api/v1/ideas/{idea.id}/provenance", headers=headers).get_json()
    assert provenance["carried_from"][0]["fields"]["title"] == "Sivuvirroista biotuotteita"


def test_candidates_filter_by_priority_status_and_votes(client, demo_strategy):
    strategy, event, _, headers = demo_strategy
    url = f"/api/v1/workshops/{event.id}/carry"
    everything = client.get(url, headers=headers).get_json()["ideas"]
    assert [i["votes"] for i in everything] == [6, 5, 4, 2, 1]
    assert [
        i["title"] for i in client.get(url + "?status=funded", headers=headers).get_json()["ideas"]
    ] == ["Kylmätestauksen palvelualusta"]
    assert len(client.get(url + "?min_votes=4", headers=headers).get_json()["ideas"]) == 3
    by_priority = client.get(url + f"?priority_id={strategy.priorities[0].id}", headers=headers)
    assert {i["title"] for i in by_priority.get_json()["ideas"]} == {
        "Sivuvirroista biotuotteita",
        "Luonnontuotealan verkosto",
    }
    bad = client.get(url + "?status=kesken", headers=headers)
    assert bad.status_code == 400 and "status" in bad.get_json()["error"]["fields"]


def test_carrying_a_draft_of_another_strategy_changes_nothing(client, demo_strategy):
    strategy, event, past, headers = demo_strategy
    other = create_strategy(db.session, event.owner, "Toinen strategia", ["Yksi"])
    foreign = Workshop(
        owner=event.owner, title="Muu", join_code="ZZZZ2222", settings={}, strategy=other
    )
    db.session.add(foreign)
    db.session.commit()
    mine = ideas_of(past)[0]
    elsewhere = client.post(
        "/api/v1/workshops", json={"title": "Muu 2", "strategy_id": other.id}, headers=headers
    ).get_json()
    before = snapshot()

    response = client.post(
        f"/api/v1/workshops/{elsewhere['id']}/carry", json={"idea_ids": [mine.id]}, headers=headers
    )

    assert response.status_code == 400
    error = response.get_json()["error"]
    assert f"Aihiot {mine.id} kuuluvat toisen strategian" in error["message"]
    assert "idea_ids" in error["fields"]
    unknown = client.post(
        f"/api/v1/workshops/{event.id}/carry", json={"idea_ids": [mine.id, 99999]}, headers=headers
    )
    assert "99999" in unknown.get_json()["error"]["message"]
    wrong = client.post(
        f"/api/v1/workshops/{event.id}/carry", json={"idea_ids": "all"}, headers=headers
    )
    assert "idea_ids" in wrong.get_json()["error"]["fields"]
    assert snapshot() == before


def test_follow_up_changes_are_recorded_with_who_and_when(client, demo_strategy):
    strategy, _, past, headers = demo_strategy
    idea = next(i for i in ideas_of(past) if i.title == "Vedyn paikallinen tuotanto")
    response = client.patch(
        f"/api/v1/ideas/{idea.id}/follow-up",
        json={"status": "developing", "next_step": "Selvitys", "due": "2026-11-30"},
        headers=headers,
    )
    assert response.status_code == 200, response.get_json()
    board = client.get(f"/api/v1/strategies/{strategy.id}/follow-up", headers=headers).get_json()
    row = next(r for r in board["ideas"] if r["id"] == idea.id)
    assert (row["status"], row["next_step"], row["due"]) == ("developing", "Selvitys", "2026-11-30")
    assert row["workshop_id"] == past.id and row["priority_id"] == strategy.priorities[3].id
    assert row["lead_organisation"]["name"] == "Kemin kaupunki"
    assert [(h["field"], h["new"], h["by"]) for h in row["history"]] == [
        ("status", "developing", "fasilitaattori@aihio.example"),
        ("next_step", "Selvitys", "fasilitaattori@aihio.example"),
        ("due", "2026-11-30", "fasilitaattori@aihio.example"),
    ]
    assert all(h["at"] for h in row["history"])


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"status": "valmis"}, "status"),
        ({"due": "30.11.2026"}, "due"),
        ({"status": "funded", "due": "2026-13-01"}, "due"),
        ({"mapped_project_id": 424242}, "mapped_project_id"),
        ({"owner": "me"}, "owner"),
    ],
)
def test_bad_follow_up_input_names_the_field_and_changes_nothing(
    client, demo_strategy, payload, field
):
    _, _, past, headers = demo_strategy
    idea = ideas_of(past)[0]
    before = snapshot()
    response = client.patch(f"/api/v1/ideas/{idea.id}/follow-up", json=payload, headers=headers)
    assert response.status_code == 400
    assert field in response.get_json()["error"]["fields"]
    assert snapshot() == before


def test_the_coordination_group_reads_but_cannot_write(client, demo_strategy):
    strategy, event, past, _ = demo_strategy
    headers = coordination_headers(strategy)
    idea = ideas_of(past)[0]
    board = client.get(f"/api/v1/strategies/{strategy.id}/follow-up", headers=headers)
    assert board.status_code == 200 and len(board.get_json()["ideas"]) == 5
    before = snapshot()
    for method, url, body in [
        ("patch", f"/api/v1/ideas/{idea.id}/follow-up", {"status": "running"}),
        ("post", f"/api/v1/workshops/{event.id}/carry", {"idea_ids": [idea.id]}),
        ("post", "/api/v1/workshops", {"title": "Oma"}),
        ("post", "/api/v1/strategies", {"name": "Oma"}),
    ]:
        response = getattr(client, method)(url, json=body, headers=headers)
        assert response.status_code == 403, url
        assert "Koordinaatioryhmä lukee" in response.get_json()["error"]["message"]
    assert snapshot() == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Strategy)) == 1


def test_board_filters_export_and_summary(client, demo_strategy):
    strategy, _, _, headers = demo_strategy
    url = f"/api/v1/strategies/{strategy.id}/follow-up"
    funded = client.get(url + "?status=funded", headers=headers).get_json()["ideas"]
    assert [r["title"] for r in funded] == ["Kylmätestauksen palvelualusta"]
    assert client.get(url + "?helix=business", headers=headers).get_json()["ideas"]
    assert client.get(url + "?status=kesken", headers=headers).status_code == 400
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(url + "?format=xlsx", headers=headers).data)
    )
    rows = list(workbook.worksheets[0].values)
    assert "Kylmätestauksen palvelualusta" in [r[1] for r in rows]
    summary = client.get(f"/api/v1/strategies/{strategy.id}/summary", headers=headers).get_json()
    by_name = {p["name"]: p for p in summary["priorities"]}
    assert by_name["Testaus ja kylmäosaaminen"]["statuses"]["funded"] == 1
    assert by_name["Testaus ja kylmäosaaminen"]["leading_organisations"] == ["Arctic Testing Oy"]
    assert by_name["Puhdas energia ja vihreä siirtymä"]["nothing_moving"] is True


def test_missing_voices_name_who_took_part_but_did_not_write(client, demo_strategy):
    _, event, _, headers = demo_strategy
    body = client.get(f"/api/v1/workshops/{event.id}/missing-voices", headers=headers).get_json()
    energy = next(p for p in body["priorities"] if p["name"] == "Puhdas energia ja vihreä siirtymä")
    names = {o["name"] for o in energy["organisations"]}
    assert "Arctic Testing Oy" in names and "Kemin kaupunki" not in names  # Kemi wrote there
    assert "company" in energy["org_types"] and "municipality" not in energy["org_types"]
    csv = client.get(f"/api/v1/workshops/{event.id}/missing-voices?format=csv", headers=headers)
    assert csv.status_code == 200 and "Arctic Testing Oy" in csv.data.decode("utf-8-sig")


def test_an_organisations_role_across_the_strategy(client, demo_strategy):
    strategy, _, past, headers = demo_strategy
    org = db.session.scalar(
        sa.select(Organisation).where(Organisation.name == "Lapin ammattikorkeakoulu")
    )
    body = client.get(f"/api/v1/organisations/{org.id}/role", headers=headers).get_json()
    [role] = body["strategies"]
    assert [(i["title"], i["status"]) for i in role["leads"]] == [
        ("Ympärivuotinen elämysmatkailu", "developing")
    ]
    assert [i["title"] for i in role["partner_in"]] == ["Kylmätestauksen palvelualusta"]
    assert [e["id"] for e in role["events"]] == [past.id]
    assert "Puhdas energia ja vihreä siirtymä" in role["absent_priorities"]


def test_the_facilitator_corrects_a_projects_priority_for_missing_voices(client, demo_strategy):
    from workshop.models import MappedProject

    strategy, event, _, headers = demo_strategy
    project = MappedProject(strategy=strategy.key, title="Vetylaakso", organisation="Kemijoki Oy")
    db.session.add(project)
    db.session.commit()
    energy = strategy.priorities[3]
    url = f"/api/v1/strategies/{strategy.id}/projects/{project.id}/priority"
    bad = client.put(url, json={"priority_id": 999}, headers=headers)
    assert bad.status_code == 400 and "priority_id" in bad.get_json()["error"]["fields"]
    assert client.put(url, json={"priority_id": energy.id}, headers=headers).status_code == 200
    body = client.get(f"/api/v1/workshops/{event.id}/missing-voices", headers=headers).get_json()
    found = {
        p["strategy_priority_id"]: {o["name"] for o in p["organisations"]}
        for p in body["priorities"]
    }
    assert "Kemijoki Oy" in found[energy.id]
    assert all("Kemijoki Oy" not in names for sp, names in found.items() if sp != energy.id)


def test_the_workshop_exports_carry_the_organisations_roles_across_the_strategy(
    client, demo_strategy
):
    strategy, _, past, headers = demo_strategy
    url = f"/api/v1/workshops/{past.id}/export"
    body = client.get(url + "?format=json", headers=headers).get_json()
    roles = body["strategy_roles"]
    assert (roles["strategy_id"], roles["strategy"]) == (strategy.id, strategy.name)
    by_name = {o["name"]: o for o in roles["organisations"]}
    amk = by_name["Lapin ammattikorkeakoulu"]
    assert [(i["title"], i["status"]) for i in amk["leads"]] == [
        ("Ympärivuotinen elämysmatkailu", "developing")
    ]
    assert [i["title"] for i in amk["partner_in"]] == ["Kylmätestauksen palvelualusta"]
    assert [e["id"] for e in amk["events"]] == [past.id]
    assert "Puhdas energia ja vihreä siirtymä" in amk["absent_priorities"]
    assert amk["org_type"] == "research" and isinstance(amk["id"], int)

    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(url + "?format=xlsx&lang=sv", headers=headers).data)
    )["Roller i strategin"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Arctic Testing Oy"][2] == (
        "Kylmätestauksen palvelualusta (Finansierad) – Kemin kehittämissprintti (toukokuu)"
    )

    plan = docx.Document(io.BytesIO(client.get(url + "?format=docx", headers=headers).data))
    [roles_table] = [t for t in plan.tables if t.rows[0].cells[0].text == "Organisaatio"]
    assert roles_table.rows[0].cells[-1].text == "Koko strategiassa"
    cells = {row.cells[0].text: row.cells[-1].text for row in roles_table.rows[1:]}
    assert "Vastuulla: Kylmätestauksen palvelualusta (Rahoitettu)" in cells["Arctic Testing Oy"]


def test_a_workshop_of_no_strategy_exports_no_strategy_roles(client, demo_strategy):
    _, _, _, headers = demo_strategy
    made = client.post("/api/v1/workshops", json={"title": "Erillinen"}, headers=headers)
    assert made.status_code == 201, made.get_json()
    assert db.session.get(Workshop, made.get_json()["id"]).strategy_id is None
    url = f"/api/v1/workshops/{made.get_json()['id']}/export"
    assert client.get(url + "?format=json", headers=headers).get_json()["strategy_roles"] is None
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(url + "?format=xlsx", headers=headers).data)
    )
    assert "Roolit strategiassa" not in book.sheetnames
