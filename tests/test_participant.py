"""Participant flows through the Flask test client: code, join, tables, resume, move."""

import re

import sqlalchemy as sa
from helpers import csrf_from, join_form

from workshop.extensions import db
from workshop.models import Organisation, Participant, Table


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_start_page_asks_for_the_code_in_finnish_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="fi">' in page
    assert "Työpajan koodi" in page


def test_entering_a_code_leads_to_the_join_page_ignoring_case_and_spaces(client, demo):
    token = csrf_from(client, "/")
    messy = " " + "-".join(demo.join_code[:3].lower()) + " " + demo.join_code[3:].lower()
    response = client.post("/", data={"join_code": messy, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/j/{demo.join_code}")


def test_unknown_code_is_explained_on_the_page(client, demo):
    response = client.post("/", data={"join_code": "ZZZZZZ", "csrf_token": csrf_from(client, "/")})
    assert response.status_code == 404
    assert "ZZZZZZ" in response.get_data(as_text=True)


def test_join_creates_participant_and_shows_tables_grouped_by_priority(client, demo):
    response = join_form(client, demo.join_code)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/j/{demo.join_code}/tables")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    for priority in demo.priorities:
        assert priority.name in page
    participant = db.session.scalar(sa.select(Participant))
    assert participant.display_name == "Aino Aaltonen"
    assert participant.organisation.name == "Lapin yliopisto"
    assert participant.consent_at is not None


def test_join_cookie_is_httponly_samesite_and_only_its_hash_is_stored(client, demo):
    response = join_form(client, demo.join_code)
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("aihio_p"))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    token = re.match(r"aihio_p\d+=([^;]+)", cookie).group(1)
    assert len(token) >= 43  # 256 bits in URL-safe base64
    stored = db.session.scalar(sa.select(Participant.token_hash))
    assert token not in stored and len(stored) == 64


def test_returning_browser_resumes_without_joining_again(client, demo):
    join_form(client, demo.join_code)
    response = client.get(f"/j/{demo.join_code}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/tables")
    assert count(Participant) == 1


def test_organisations_match_ignoring_case_and_spacing(client, app, demo):
    join_form(client, demo.join_code, organisation="Lapin yliopisto", org_type="research")
    other = app.test_client()
    join_form(other, demo.join_code, name="Pekka", organisation="  lapin   YLIOPISTO ")
    assert count(Organisation) == 1
    names = db.session.scalars(sa.select(Participant.display_name)).all()
    assert sorted(names) == ["Aino Aaltonen", "Pekka"]


def test_known_organisation_is_suggested_with_its_type(client, app, demo):
    join_form(client, demo.join_code, organisation="Kemin Digipolis Oy", org_type="development")
    page = app.test_client().get(f"/j/{demo.join_code}").get_data(as_text=True)
    assert '<option value="Kemin Digipolis Oy">' in page
    assert '"kemin digipolis oy": "development"' in page


def test_join_rejects_each_bad_field_with_a_message_and_writes_nothing(client, demo):
    response = join_form(
        client, demo.join_code, name="", organisation="x" * 121, org_type="pirate", consent=None
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    for field in ("name", "organisation", "org_type", "consent"):
        assert f'id="{field}-error"' in page
    assert count(Participant) == 0 and count(Organisation) == 0


def test_join_rejects_overlong_name(client, demo):
    response = join_form(client, demo.join_code, name="N" * 81)
    assert response.status_code == 400
    assert 'id="name-error"' in response.get_data(as_text=True)
    assert count(Participant) == 0


def test_join_accepts_names_at_the_limits(client, demo):
    response = join_form(client, demo.join_code, name="N" * 80, organisation="O" * 120)
    assert response.status_code == 302
    assert count(Participant) == 1


def test_join_without_csrf_token_is_refused_and_writes_nothing(client, demo):
    response = join_form(client, demo.join_code, csrf_token=None)
    assert response.status_code == 400
    assert count(Participant) == 0
    response = join_form(client, demo.join_code, csrf_token="forged")
    assert response.status_code == 400
    assert count(Participant) == 0


def test_closed_joining_is_explained_and_writes_nothing(client, demo):
    token = csrf_from(client, f"/j/{demo.join_code}")
    demo.joining_open = False
    db.session.commit()
    page = client.get(f"/j/{demo.join_code}")
    assert page.status_code == 403
    assert 'id="join-form"' not in page.get_data(as_text=True)
    response = join_form(client, demo.join_code, csrf_token=token)
    assert response.status_code == 403
    assert count(Participant) == 0


def test_script_in_name_and_organisation_renders_as_text(client, demo):
    join_form(
        client,
        demo.join_code,
        name='<script>alert("n")</script>',
        organisation='{{ 7*7 }} <b>Org</b> "q"',
    )
    table_id = demo.tables[0].id
    client.post(
        f"/j/{demo.join_code}/tables",
        data={"table_id": table_id, "csrf_token": csrf_from(client, f"/j/{demo.join_code}/tables")},
    )
    for path in (f"/j/{demo.join_code}/tables", f"/t/{table_id}"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in page and "<b>Org</b>" not in page
        assert "{{ 7*7 }}" in page and "49" not in page
    page = client.get(f"/t/{table_id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;n&#34;)&lt;/script&gt;" in page


def pick(client, code, table_id):
    token = csrf_from(client, f"/j/{code}/tables")
    return client.post(f"/j/{code}/tables", data={"table_id": table_id, "csrf_token": token})


def test_picking_a_table_seats_the_participant_and_others_see_the_organisation(client, app, demo):
    join_form(client, demo.join_code, organisation="Kemin kaupunki", org_type="municipality")
    table = demo.tables[2]
    response = pick(client, demo.join_code, table.id)
    assert response.headers["Location"].endswith(f"/t/{table.id}")
    assert "Kemin kaupunki" in client.get(f"/t/{table.id}").get_data(as_text=True)
    other = app.test_client()
    join_form(other, demo.join_code, name="Pekka", organisation="Lapin AMK", org_type="education")
    tables_page = other.get(f"/j/{demo.join_code}/tables").get_data(as_text=True)
    assert "Kemin kaupunki" in tables_page


def test_participant_may_move_to_another_table(client, demo):
    join_form(client, demo.join_code)
    first, second = demo.tables[0], demo.tables[1]
    pick(client, demo.join_code, first.id)
    pick(client, demo.join_code, second.id)
    participant = db.session.scalar(sa.select(Participant))
    db.session.refresh(participant)
    assert participant.table_id == second.id
    # the old table's page now sends them to the picker
    assert client.get(f"/t/{first.id}").status_code == 302


def test_table_of_another_workshop_is_refused(client, app, demo, facilitator):
    from workshop.workshops import (
        add_priority,
        create_workshop,
        validate_priority,
        validate_workshop,
    )

    other = create_workshop(db.session, facilitator, validate_workshop({"title": "Toinen"}))
    add_priority(other, validate_priority({"name": "P", "tables": 1}))
    db.session.commit()
    foreign_table = other.tables[0].id
    join_form(client, demo.join_code)
    response = pick(client, demo.join_code, foreign_table)
    assert response.status_code == 403
    assert db.session.scalar(sa.select(Participant.table_id)) is None


def test_unknown_table_is_refused(client, demo):
    join_form(client, demo.join_code)
    response = pick(client, demo.join_code, 999999)
    assert response.status_code == 404
    response = pick(client, demo.join_code, "not-a-number")
    assert response.status_code == 400


def test_full_table_is_refused(client, app, demo):
    table = demo.tables[0]
    table.capacity = 1
    db.session.commit()
    join_form(client, demo.join_code)
    assert pick(client, demo.join_code, table.id).status_code == 302
    other = app.test_client()
    join_form(other, demo.join_code, name="Pekka")
    assert pick(other, demo.join_code, table.id).status_code == 400
    assert (
        db.session.scalar(sa.select(sa.func.count()).where(Participant.table_id == table.id)) == 1
    )


def test_cookie_of_another_workshop_does_not_identify(client, app, demo, facilitator):
    from workshop.workshops import create_workshop, set_joining, validate_workshop

    other = create_workshop(db.session, facilitator, validate_workshop({"title": "Toinen"}))
    set_joining(other, True)
    db.session.commit()
    join_form(client, demo.join_code)
    token = client.get_cookie(f"aihio_p{demo.id}").value
    client.set_cookie(f"aihio_p{other.id}", token)
    response = client.get(f"/j/{other.join_code}")
    assert response.status_code == 200  # asked to join, not resumed
    assert client.get(f"/j/{other.join_code}/tables").status_code == 302


def test_language_switch_sticks(client):
    token = csrf_from(client, "/")
    response = client.post("/lang", data={"lang": "en", "next": "/", "csrf_token": token})
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page and "Workshop code" in page
    assert client.get("/privacy").get_data(as_text=True).count('lang="en"') >= 1


def test_language_switch_never_redirects_off_site(client):
    token = csrf_from(client, "/")
    response = client.post(
        "/lang", data={"lang": "en", "next": "https://evil.example/", "csrf_token": token}
    )
    assert response.headers["Location"] == "/"


def test_privacy_notice_says_what_how_long_and_who(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert "180" in page


def test_join_attempts_are_rate_limited_per_address(app, demo):
    app.config["JOIN_FAIL_RATE_LIMIT"] = "3 per minute"
    client = app.test_client()
    token = csrf_from(client, "/")
    statuses = [
        client.post("/", data={"join_code": "WRONG1", "csrf_token": token}).status_code
        for _ in range(4)
    ]
    assert statuses == [404, 404, 404, 429]
    limited = client.post("/", data={"join_code": demo.join_code, "csrf_token": token})
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0


def test_table_page_requires_joining_and_does_not_tell_the_code(client, demo):
    table = db.session.scalar(sa.select(Table))
    response = client.get(f"/t/{table.id}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"  # /j/<code> would give the code to anyone


def test_the_table_picker_says_which_organisation_types_each_table_lacks(client, app, demo):
    join_form(client, demo.join_code, organisation="Kemin kaupunki", org_type="municipality")
    table = demo.tables[2]
    pick(client, demo.join_code, table.id)
    other = app.test_client()
    other.set_cookie("aihio_lang", "en")
    join_form(other, demo.join_code, name="Pekka", organisation="Lapin AMK", org_type="education")
    html = other.get(f"/j/{demo.join_code}/tables").get_data(as_text=True)
    lacks = re.search(rf'<p class="lacks" id="lacks-{table.id}">([^<]*)</p>', html)
    assert lacks, html
    assert lacks.group(1).startswith("Not yet at this table: ")
    assert lacks.group(1) == (
        "Not yet at this table: Business, Research and education, Civil society"
    )  # a municipality sits there: the public sector is not lacking
    # An empty table lists nothing: everything would be missing.
    assert f'id="lacks-{demo.tables[0].id}"' not in html
    assert f'aria-describedby="table-{table.id} lacks-{table.id}"' in html


def test_pages_of_a_workshop_start_in_its_language_then_the_browsers(client, demo):
    demo.language = "sv"
    db.session.commit()
    page = client.get(f"/j/{demo.join_code}").get_data(as_text=True)
    assert '<html lang="sv">' in page and "Ditt namn" in page
    # A page of no workshop: the browser's language, else Finnish.
    english = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert '<html lang="en">' in english.get_data(as_text=True)
    assert '<html lang="fi">' in client.get("/").get_data(as_text=True)
    # A language chosen by the participant wins over both.
    client.set_cookie("aihio_lang", "fi")
    assert '<html lang="fi">' in client.get(f"/j/{demo.join_code}").get_data(as_text=True)
