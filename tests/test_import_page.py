"""Continue at the next event from the browser: a JSON export uploaded on the dashboard
becomes a new workshop; a damaged file is named as such and nothing is written."""

import io

import sqlalchemy as sa
from helpers import csrf_from
from test_export import build_workshop
from test_mapping_api import log_in

from workshop.export import collect, render
from workshop.extensions import db
from workshop.models import Idea, Priority, Table, Workshop


def counts() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(m))
        for m in (Workshop, Priority, Table, Idea)
    )


def upload(client, data: bytes, filename: str = "aihio.json"):
    token = csrf_from(client, "/f/")
    return client.post(
        "/f/workshops/import",
        data={"csrf_token": token, "file": (io.BytesIO(data), filename)},
    )


def test_the_dashboard_offers_the_import(client, facilitator):
    log_in(client)
    html = client.get("/f/").get_data(as_text=True)
    assert 'action="/f/workshops/import"' in html
    assert '<label for="import-file">' in html


def test_an_uploaded_export_becomes_a_new_workshop_with_its_drafts(client, facilitator):
    source = build_workshop(db.session, facilitator)
    body = render(collect(db.session, source.id), "json").body
    log_in(client)
    response = upload(client, body)
    assert response.status_code == 302
    new = db.session.scalars(sa.select(Workshop).order_by(Workshop.id.desc())).first()
    assert new.id != source.id and new.title == source.title
    assert response.headers["Location"].endswith(f"/f/workshops/{new.id}")
    before, after = collect(db.session, source.id), collect(db.session, new.id)
    assert [i.fields for i in after.ideas] == [i.fields for i in before.ideas]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    drafts = len(after.ideas)
    assert f"{len(new.priorities)} painopistettä, {drafts} aihiota" in page  # the flash


def test_a_damaged_file_is_named_and_nothing_is_written(client, facilitator):
    build_workshop(db.session, facilitator)
    log_in(client)
    before = counts()
    response = upload(client, b'{"schema": "something else"}')
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="import-error"' in html and 'aria-invalid="true"' in html
    assert counts() == before


def test_a_missing_file_asks_for_one(client, facilitator):
    log_in(client)
    token = csrf_from(client, "/f/")
    response = client.post("/f/workshops/import", data={"csrf_token": token})
    assert response.status_code == 400
    assert 'id="import-error"' in response.get_data(as_text=True)


def test_the_import_needs_a_login(client, facilitator):
    source = build_workshop(db.session, facilitator)
    body = render(collect(db.session, source.id), "json").body
    before = counts()
    token = csrf_from(client, "/f/login")
    response = client.post(
        "/f/workshops/import",
        data={"csrf_token": token, "file": (io.BytesIO(body), "aihio.json")},
    )
    assert response.status_code == 302 and "/f/login" in response.headers["Location"]
    assert counts() == before
