"""Mapped projects over HTTP and the CLI: upload preview, confirm, related hints, dismissals."""

import io
import json

import sqlalchemy as sa
from conftest import FACILITATOR_EMAIL, FACILITATOR_PASSWORD
from helpers import csrf_from

from workshop.accounts import issue_api_token
from workshop.demo import DEMO_EMAIL
from workshop.extensions import db
from workshop.models import Idea, IdeaOverlapDismissal, MappedProject

SURVEY = (
    "Hankkeen nimi;Kuvaus;Organisaatio\n"
    "Testausympäristöt kylmissä olosuhteissa;Pk-yrityksille avoimia testausympäristöjä, "
    "joissa ajoneuvoja testataan kylmissä olosuhteissa.;Lapin AMK\n"
    "Poronlihan jalostus;Poronlihan jatkojalostus ja suoramyynti ravintoloille.;Paliskunta\n"
    "Revontulimatkailu kylissä;Revontuliretket pieniin kyliin.;Kylä ry\n"
).encode()
BROKEN = b"Nimi;Kuvaus\n;vain kuvaus\nHanke;ok\n"


def projects() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(MappedProject))


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def upload(client, data=SURVEY, headers=None, **form):
    form = {"file": (io.BytesIO(data), "kysely.csv"), **form}
    return client.post("/api/v1/mapping", data=form, headers=headers or {})


def test_mapping_upload_needs_a_facilitator(client, demo):
    assert upload(client).status_code == 401
    assert projects() == 0


def test_mapping_upload_without_confirm_previews_and_saves_nothing(client, demo):
    token = issue_api_token(db.session, DEMO_EMAIL)
    db.session.commit()
    response = upload(client, headers=bearer(token))
    assert response.status_code == 200
    body = response.get_json()
    assert body["saved"] == 0
    assert body["preview"]["clean"] is True
    assert [r["values"]["title"] for r in body["preview"]["rows"]][1] == "Poronlihan jalostus"
    assert projects() == 0


def test_mapping_confirm_saves_a_clean_file_once(client, demo):
    token = issue_api_token(db.session, DEMO_EMAIL)
    db.session.commit()
    response = upload(client, headers=bearer(token), confirm="1", strategy="lappi-s3")
    assert response.status_code == 201
    assert response.get_json()["saved"] == 3
    assert projects() == 3
    again = upload(client, headers=bearer(token), confirm="1", strategy="lappi-s3")
    assert again.get_json()["saved"] == 0  # already mapped rows are left out
    assert projects() == 3


def test_mapping_confirm_of_a_file_with_problems_saves_nothing(client, demo):
    token = issue_api_token(db.session, DEMO_EMAIL)
    db.session.commit()
    response = upload(client, BROKEN, headers=bearer(token), confirm="1")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"]["code"] == "invalid"
    assert body["preview"]["rows"][0]["problems"][0]["field"] == "title"
    assert projects() == 0


def test_mapping_column_map_and_missing_title_column(client, demo):
    token = issue_api_token(db.session, DEMO_EMAIL)
    db.session.commit()
    data = b"Otsake;Kuvaus\nHanke A;x\n"
    failed = upload(client, data, headers=bearer(token))
    assert failed.status_code == 400
    assert failed.get_json()["error"]["fields"]["columns"]
    mapped = upload(client, data, headers=bearer(token), columns=json.dumps({"title": "Otsake"}))
    assert mapped.get_json()["preview"]["rows"][0]["values"]["title"] == "Hanke A"


def demo_idea(demo, title, table=0, **fields) -> Idea:
    """Add an idea at one of the demo's tables, its text already projected."""
    table = demo.tables[table]
    idea = Idea(
        workshop_id=demo.id,
        priority_id=table.priority_id,
        table_id=table.id,
        title=title,
        fields={"title": title, **fields},
    )
    db.session.add(idea)
    db.session.commit()
    return idea


def seed_projects(client):
    token = issue_api_token(db.session, DEMO_EMAIL)
    db.session.commit()
    assert upload(client, headers=bearer(token), confirm="1").status_code == 201
    return token


def test_related_answers_the_design_contract_best_first(client, demo):
    token = seed_projects(client)
    idea = demo_idea(
        demo,
        "Kylmätestausympäristö",
        need="Pienet yritykset eivät pääse testaamaan ajoneuvoja kylmissä olosuhteissa.",
    )
    twin = demo_idea(
        demo, "Kylmätestausympäristö pk-yrityksille", goals="Yhteinen testausympäristö"
    )
    response = client.get(f"/api/v1/ideas/{idea.id}/related", headers=bearer(token))
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"projects", "ideas"}
    first = body["projects"][0]
    # The contract's keys, and what a live hint shows besides (period, status as written
    # and as a key the reader's language names, link).
    assert set(first) == {
        "id",
        "title",
        "organisation",
        "score",
        "period",
        "status",
        "status_key",
        "link",
    }
    assert first["title"] == "Testausympäristöt kylmissä olosuhteissa"
    assert first["organisation"] == "Lapin AMK"
    assert first["period"] == first["status"] == first["link"] == ""  # not in this survey
    assert all("Poronlihan" not in p["title"] for p in body["projects"])
    scores = [p["score"] for p in body["projects"]]
    assert scores == sorted(scores, reverse=True)
    assert body["ideas"][0] == {
        "id": twin.id,
        "title": twin.title,
        "table_id": twin.table_id,
        "table_name": demo.tables[0].name,
        "score": body["ideas"][0]["score"],
    }


def test_related_is_for_the_workshops_people_only(client, demo, facilitator):
    seed_projects(client)
    idea = demo_idea(demo, "Kylmätestausympäristö")
    assert client.get(f"/api/v1/ideas/{idea.id}/related").status_code == 401
    other = issue_api_token(db.session, FACILITATOR_EMAIL)
    db.session.commit()
    assert client.get(f"/api/v1/ideas/{idea.id}/related", headers=bearer(other)).status_code == 403
    joined = client.post(
        "/api/v1/join",
        json={
            "join_code": demo.join_code,
            "name": "Aino",
            "organisation": "Lapin AMK",
            "org_type": "research",
            "consent": True,
        },
    ).get_json()
    response = client.get(f"/api/v1/ideas/{idea.id}/related", headers=bearer(joined["token"]))
    assert response.status_code == 200
    assert (
        client.get("/api/v1/ideas/999999/related", headers=bearer(joined["token"])).status_code
        == 404
    )


def test_a_dismissed_hint_is_remembered(client, demo):
    token = seed_projects(client)
    idea = demo_idea(demo, "Kylmätestausympäristö", need="Testausympäristöt kylmissä olosuhteissa")
    before = client.get(f"/api/v1/ideas/{idea.id}/related", headers=bearer(token)).get_json()
    project_id = before["projects"][0]["id"]
    response = client.post(
        f"/api/v1/ideas/{idea.id}/related/dismiss",
        json={"project_id": project_id},
        headers=bearer(token),
    )
    assert response.status_code == 201
    after = client.get(f"/api/v1/ideas/{idea.id}/related", headers=bearer(token)).get_json()
    assert project_id not in [p["id"] for p in after["projects"]]
    saved = db.session.scalars(sa.select(IdeaOverlapDismissal)).one()
    assert saved.facilitator_id is not None and saved.participant_id is None


def test_dismiss_needs_exactly_one_target(client, demo):
    token = seed_projects(client)
    idea = demo_idea(demo, "Kylmätestausympäristö")
    response = client.post(
        f"/api/v1/ideas/{idea.id}/related/dismiss", json={}, headers=bearer(token)
    )
    assert response.status_code == 400


def write(tmp_path, data: bytes, name="kysely.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_cli_imports_a_clean_file(runner, demo, tmp_path):
    result = runner.invoke(
        args=[
            "mapping",
            "import",
            write(tmp_path, SURVEY),
            "--strategy",
            "lappi",
            "--owner",
            DEMO_EMAIL,
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Saved 3 mapped projects" in result.output
    assert db.session.scalar(sa.select(MappedProject.strategy).limit(1)) == "lappi"


def test_cli_dry_run_and_problems_save_nothing(runner, demo, tmp_path):
    dry = runner.invoke(args=["mapping", "import", write(tmp_path, SURVEY), "--dry-run"])
    assert dry.exit_code == 0 and "would be saved" in dry.output
    broken = runner.invoke(args=["mapping", "import", write(tmp_path, BROKEN, "b.csv")])
    assert broken.exit_code != 0
    assert "row 2: error: The title is missing." in broken.output
    assert projects() == 0


def test_cli_column_option_maps_a_column(runner, demo, tmp_path):
    path = write(tmp_path, b"Otsake;Kuvaus\nHanke A;x\n")
    result = runner.invoke(args=["mapping", "import", path, "--column", "title=Otsake"])
    assert result.exit_code == 0, result.output
    assert projects() == 1


def log_in(client):
    data = {
        "email": FACILITATOR_EMAIL,
        "password": FACILITATOR_PASSWORD,
        "csrf_token": csrf_from(client, "/f/login"),
    }
    assert client.post("/f/login", data=data).status_code == 302


def test_mapping_page_needs_login(client):
    response = client.get("/f/mapping")
    assert response.status_code == 302
    assert "/f/login" in response.headers["Location"]


def test_mapping_page_previews_then_confirms(client, facilitator):
    log_in(client)
    token = csrf_from(client, "/f/mapping")
    preview = client.post(
        "/f/mapping",
        data={"csrf_token": token, "file": (io.BytesIO(SURVEY), "kysely.csv")},
    )
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Poronlihan jalostus" in html
    assert projects() == 0
    upload_token = html.split('name="token" value="')[1].split('"')[0]
    confirm = client.post(
        "/f/mapping/confirm",
        data={
            "csrf_token": token,
            "token": upload_token,
            "filename": "kysely.csv",
            "strategy": "default",
        },
    )
    assert confirm.status_code == 302
    assert projects() == 3
    listing = client.get("/f/mapping?q=poron").get_data(as_text=True)
    assert "Poronlihan jalostus" in listing
    assert "Revontulimatkailu" not in listing


def test_mapping_page_shows_row_problems_without_a_save_button(client, facilitator):
    log_in(client)
    token = csrf_from(client, "/f/mapping")
    response = client.post(
        "/f/mapping", data={"csrf_token": token, "file": (io.BytesIO(BROKEN), "b.csv")}
    )
    html = response.get_data(as_text=True)
    assert "/f/mapping/confirm" not in html
    assert projects() == 0
