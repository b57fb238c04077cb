"""Facilitator pages through the Flask test client: log in, set up a workshop with its
priorities and tables, open joining, the QR code, and who may see what."""

import re
import xml.etree.ElementTree as ET

import pytest
import sqlalchemy as sa
from conftest import FACILITATOR_EMAIL, FACILITATOR_PASSWORD
from helpers import csrf_from, join_form

from workshop.extensions import db
from workshop.models import Participant, Priority, Table, Workshop

SVG = "{http://www.w3.org/2000/svg}svg"


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def rows() -> tuple[int, int, int]:
    return count(Workshop), count(Priority), count(Table)


def fresh(model, row_id):
    """Return the row as the database has it now (the views write in their own sessions)."""
    db.session.expire_all()
    return db.session.get(model, row_id)


def english(client):
    client.set_cookie("aihio_lang", "en")
    return client


def log_in(client, email=FACILITATOR_EMAIL, password=FACILITATOR_PASSWORD, next_=None):
    data = {"email": email, "password": password, "csrf_token": csrf_from(client, "/f/login")}
    if next_ is not None:
        data["next"] = next_
    return client.post("/f/login", data=data)


@pytest.fixture
def signed_in(client, facilitator):
    """Return a client logged in as the facilitator, the UI in English."""
    english(client)
    assert log_in(client).status_code == 302
    return client


def token(client) -> str:
    return csrf_from(client, "/f/")


def create(client, **overrides):
    data = {
        "title": "Lapin kehittämissprintti",
        "date": "2026-05-23",
        "place": "Rovaniemi",
        "language": "fi",
        "org_types": ["company", "research", "municipality"],
        "priorities": "Luonnonvarat\n\n  Matkailu  \nEnergia\n",
        "tables": "2",
        "csrf_token": token(client),
    }
    data.update(overrides)
    return client.post("/f/workshops/new", data={k: v for k, v in data.items() if v is not None})


@pytest.fixture
def workshop(signed_in):
    """Return the id of a workshop the logged-in facilitator created through the form."""
    response = create(signed_in)
    assert response.status_code == 302
    return int(re.search(r"/f/workshops/(\d+)$", response.headers["Location"]).group(1))


def first_priority(workshop_id) -> Priority:
    db.session.expire_all()
    return db.session.scalars(
        sa.select(Priority).where(Priority.workshop_id == workshop_id).order_by(Priority.position)
    ).first()


def page(client, workshop_id) -> str:
    response = client.get(f"/f/workshops/{workshop_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


# Logging in and out


def test_login_with_the_right_password_shows_the_dashboard(client, facilitator):
    english(client)
    response = log_in(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/f/"
    assert "My workshops" in client.get("/f/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("email", "password"),
    [(FACILITATOR_EMAIL, "wrong-password"), ("nobody@example.fi", FACILITATOR_PASSWORD), ("", "")],
)
def test_login_with_wrong_email_or_password_says_so_and_stays_logged_out(
    client, facilitator, email, password
):
    english(client)
    response = log_in(client, email, password)
    assert response.status_code == 401
    body = response.get_data(as_text=True)
    assert "The email or the password is wrong" in body
    assert 'aria-describedby="login-error"' in body
    assert client.get("/f/").status_code == 302


def test_login_without_csrf_token_is_refused(client, facilitator):
    response = client.post(
        "/f/login", data={"email": FACILITATOR_EMAIL, "password": FACILITATOR_PASSWORD}
    )
    assert response.status_code == 400
    assert client.get("/f/").status_code == 302


@pytest.mark.parametrize(
    "path", ["/f/", "/f/workshops/new", "/f/workshops/1", "/f/workshops/1/qr.svg"]
)
def test_pages_ask_to_log_in_first(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/f/login?next=")


def test_login_goes_back_to_the_page_asked_for(client, facilitator):
    response = log_in(client, next_="/f/workshops/new")
    assert response.headers["Location"] == "/f/workshops/new"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "f/x"]
)
def test_login_never_goes_off_site(client, facilitator, target):
    response = log_in(client, next_=target)
    assert response.headers["Location"] == "/f/"


def test_logout_ends_the_session(signed_in):
    assert signed_in.get("/f/logout").status_code == 405  # a link cannot log anyone out
    response = signed_in.post("/f/logout", data={"csrf_token": token(signed_in)})
    assert response.status_code == 302
    assert "You have logged out." in signed_in.get("/f/login").get_data(as_text=True)
    assert signed_in.get("/f/").status_code == 302


def test_failed_logins_are_rate_limited(client, facilitator):
    statuses = [log_in(client, password="wrong-password").status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]  # 5 per minute per account and address


# The dashboard and creating a workshop


def test_dashboard_lists_only_the_facilitators_own_workshops(signed_in, workshop, demo):
    body = signed_in.get("/f/").get_data(as_text=True)
    assert "Lapin kehittämissprintti" in body
    assert demo.title not in body
    assert 'href="/f/workshops/new"' in body


def test_create_workshop_sets_up_priorities_and_tables_in_one_go(signed_in, facilitator):
    response = create(signed_in)
    assert response.status_code == 302
    created = db.session.scalars(sa.select(Workshop)).one()
    assert response.headers["Location"] == f"/f/workshops/{created.id}"
    assert created.owner_id == facilitator.id
    assert (created.title, created.place, created.language) == (
        "Lapin kehittämissprintti",
        "Rovaniemi",
        "fi",
    )
    assert created.date.isoformat() == "2026-05-23"
    assert created.org_type_keys == ["company", "research", "municipality"]
    assert not created.joining_open
    assert [p.name for p in created.priorities] == ["Luonnonvarat", "Matkailu", "Energia"]
    assert [[t.name for t in p.tables] for p in created.priorities] == [
        ["1.1", "1.2"],
        ["2.1", "2.2"],
        ["3.1", "3.2"],
    ]
    assert "The workshop is ready." in signed_in.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_create_form_offers_every_organisation_type_with_a_label(signed_in):
    body = signed_in.get("/f/workshops/new").get_data(as_text=True)
    assert body.count('type="checkbox" name="org_types"') == 8
    assert "University or research institute" in body
    for name in ("title", "date", "place", "language", "priorities", "tables"):
        assert f'<label for="{name}">' in body


def test_create_workshop_rejects_empty_title_and_writes_nothing(signed_in):
    before = rows()
    response = create(signed_in, title="   ")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert '<p class="field-error" id="title-error">Enter a title.</p>' in body
    assert 'aria-describedby="title-error"' in body
    assert "Luonnonvarat" in body  # what was typed is kept
    assert rows() == before


def test_create_workshop_names_every_bad_field_at_once(signed_in):
    before = rows()
    response = create(
        signed_in,
        date="23.5.2026",
        language="de",
        org_types=["company", "astrologers"],
        priorities="x" * 201,
        tables="31",
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    for field in ("date", "language", "org_types", "priorities", "tables"):
        assert f'id="{field}-error"' in body
    assert "Give the date as YYYY-MM-DD" in body
    assert "Give the number of tables as a whole number from 0 to 30." in body
    assert rows() == before


def test_create_workshop_needs_two_organisation_types(signed_in):
    response = create(signed_in, org_types=["company"])
    assert response.status_code == 400
    assert "Choose at least two organisation types." in response.get_data(as_text=True)
    assert count(Workshop) == 0


@pytest.mark.parametrize("csrf_token", [None, "forged-token"])
def test_create_workshop_without_a_valid_csrf_token_is_refused_and_writes_nothing(
    signed_in, csrf_token
):
    response = create(signed_in, csrf_token=csrf_token)
    assert response.status_code == 400
    assert "Reload the page" in response.get_data(as_text=True)
    assert rows() == (0, 0, 0)


# Editing the workshop


def test_edit_workshop_saves_the_details(signed_in, workshop):
    form = signed_in.get(f"/f/workshops/{workshop}/edit").get_data(as_text=True)
    assert 'value="Lapin kehittämissprintti"' in form
    response = signed_in.post(
        f"/f/workshops/{workshop}/edit",
        data={
            "title": "Lapin sprintti 2",
            "date": "",
            "place": "Kemi",
            "language": "en",
            "org_types": ["company", "civil_society"],
            "csrf_token": token(signed_in),
        },
    )
    assert response.status_code == 302
    saved = fresh(Workshop, workshop)
    assert (saved.title, saved.date, saved.place, saved.language) == (
        "Lapin sprintti 2",
        None,
        "Kemi",
        "en",
    )
    assert saved.org_type_keys == ["company", "civil_society"]
    assert len(saved.priorities) == 3  # editing the details leaves the priorities alone


def test_edit_workshop_rejects_a_bad_date_and_keeps_the_old_details(signed_in, workshop):
    response = signed_in.post(
        f"/f/workshops/{workshop}/edit",
        data={
            "title": "Uusi nimi",
            "date": "2026-13-40",
            "language": "fi",
            "org_types": ["company", "research"],
            "csrf_token": token(signed_in),
        },
    )
    assert response.status_code == 400
    assert 'id="date-error"' in response.get_data(as_text=True)
    saved = fresh(Workshop, workshop)
    assert saved.title == "Lapin kehittämissprintti"
    assert saved.date.isoformat() == "2026-05-23"


# Priorities and tables


def test_add_priority_with_its_tables(signed_in, workshop):
    response = signed_in.post(
        f"/f/workshops/{workshop}/priorities",
        data={
            "name": "Saavutettavuus",
            "description": "Yhteydet",
            "tables": "3",
            "csrf_token": token(signed_in),
        },
    )
    assert response.status_code == 302
    added = db.session.scalars(sa.select(Priority).where(Priority.name == "Saavutettavuus")).one()
    assert response.headers["Location"] == f"/f/workshops/{workshop}#priority-{added.id}"
    assert added.position == 4  # after the three there were
    assert [t.name for t in added.tables] == ["4.1", "4.2", "4.3"]
    assert "Saavutettavuus" in page(signed_in, workshop)


def test_add_priority_rejects_an_empty_name_next_to_its_field_and_writes_nothing(
    signed_in, workshop
):
    before = rows()
    response = signed_in.post(
        f"/f/workshops/{workshop}/priorities",
        data={
            "name": "",
            "description": "Kuvaus jää",
            "tables": "2",
            "csrf_token": token(signed_in),
        },
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert 'id="new-priority-name-error">Enter the priority&#39;s name.</p>' in body
    assert 'aria-describedby="new-priority-name-error"' in body
    assert "Kuvaus jää</textarea>" in body
    assert rows() == before


def test_edit_priority_saves_name_description_and_order(signed_in, workshop):
    priority = first_priority(workshop)
    response = signed_in.post(
        f"/f/workshops/{workshop}/priorities/{priority.id}",
        data={
            "name": "Kiertotalous",
            "description": "Uusi kuvaus",
            "position": "9",
            "csrf_token": token(signed_in),
        },
    )
    assert response.status_code == 302
    saved = fresh(Priority, priority.id)
    assert (saved.name, saved.description, saved.position) == ("Kiertotalous", "Uusi kuvaus", 9)
    assert len(saved.tables) == 2
    assert [p.name for p in fresh(Workshop, workshop).priorities][-1] == "Kiertotalous"


def test_edit_priority_rejects_a_bad_order_and_keeps_the_old_values(signed_in, workshop):
    priority = first_priority(workshop)
    response = signed_in.post(
        f"/f/workshops/{workshop}/priorities/{priority.id}",
        data={"name": "Kiertotalous", "position": "first", "csrf_token": token(signed_in)},
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert f'id="priority-{priority.id}-position-error"' in body
    assert "Give the order as a whole number from 0 to 1000." in body
    assert re.search(r"<details open>\s*<summary>Edit the priority", body)
    saved = fresh(Priority, priority.id)
    assert (saved.name, saved.position) == ("Luonnonvarat", 1)


def test_delete_priority_deletes_its_tables(signed_in, workshop):
    priority = first_priority(workshop)
    table_ids = [t.id for t in priority.tables]
    response = signed_in.post(
        f"/f/workshops/{workshop}/priorities/{priority.id}/delete",
        data={"csrf_token": token(signed_in)},
    )
    assert response.status_code == 302
    assert fresh(Priority, priority.id) is None
    assert all(fresh(Table, t) is None for t in table_ids)
    assert count(Priority) == 2
    assert "The priority Luonnonvarat and its tables are deleted." in page(signed_in, workshop)
    assert "Luonnonvarat" not in page(signed_in, workshop)


def test_priority_or_table_with_drafts_is_not_deleted(signed_in, workshop, facilitator):
    from workshop.ideas import Actor, create_idea

    priority = first_priority(workshop)
    table = priority.tables[0]
    create_idea(db.session, Actor("facilitator", facilitator.id), table, "Luonnos")
    db.session.commit()
    for path in (
        f"/f/workshops/{workshop}/priorities/{priority.id}/delete",
        f"/f/workshops/{workshop}/tables/{table.id}/delete",
    ):
        response = signed_in.post(path, data={"csrf_token": token(signed_in)})
        assert response.status_code == 302
        assert "This holds idea drafts (1)" in page(signed_in, workshop)
    assert fresh(Priority, priority.id) is not None and fresh(Table, table.id) is not None


def test_add_rename_and_delete_a_table(signed_in, workshop):
    priority = first_priority(workshop)
    response = signed_in.post(
        f"/f/workshops/{workshop}/priorities/{priority.id}/tables",
        data={"name": "Ikkunapöytä", "capacity": "", "csrf_token": token(signed_in)},
    )
    assert response.status_code == 302
    table = db.session.scalars(sa.select(Table).where(Table.name == "Ikkunapöytä")).one()
    assert (table.priority_id, table.capacity) == (priority.id, None)
    assert "Table Ikkunapöytä" in page(signed_in, workshop)

    response = signed_in.post(
        f"/f/workshops/{workshop}/tables/{table.id}",
        data={"name": "Nurkkapöytä", "capacity": "6", "csrf_token": token(signed_in)},
    )
    assert response.status_code == 302
    renamed = fresh(Table, table.id)
    assert (renamed.name, renamed.capacity) == ("Nurkkapöytä", 6)

    response = signed_in.post(
        f"/f/workshops/{workshop}/tables/{table.id}/delete", data={"csrf_token": token(signed_in)}
    )
    assert response.status_code == 302
    assert fresh(Table, table.id) is None
    assert "Table Nurkkapöytä is deleted." in page(signed_in, workshop)
    assert "Nurkkapöytä" not in page(signed_in, workshop)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "capacity": ""}, "name", "Enter the table&#39;s name."),
        ({"name": "A", "capacity": "0"}, "capacity", "Give the capacity as a whole number"),
        ({"name": "A", "capacity": "six"}, "capacity", "Give the capacity as a whole number"),
    ],
)
def test_table_forms_reject_bad_values_next_to_the_field_and_write_nothing(
    signed_in, workshop, data, field, message
):
    priority = first_priority(workshop)
    table = priority.tables[0]
    before = rows()
    added = signed_in.post(
        f"/f/workshops/{workshop}/priorities/{priority.id}/tables",
        data={**data, "csrf_token": token(signed_in)},
    )
    assert added.status_code == 400
    assert f'id="priority-{priority.id}-table-{field}-error">{message}' in added.get_data(
        as_text=True
    )
    renamed = signed_in.post(
        f"/f/workshops/{workshop}/tables/{table.id}", data={**data, "csrf_token": token(signed_in)}
    )
    assert renamed.status_code == 400
    assert f'id="table-{table.id}-{field}-error">{message}' in renamed.get_data(as_text=True)
    assert rows() == before
    assert fresh(Table, table.id).name == "1.1"


def test_priority_forms_without_csrf_token_are_refused_and_write_nothing(signed_in, workshop):
    priority = first_priority(workshop)
    before = rows()
    for path, data in [
        (f"/f/workshops/{workshop}/priorities", {"name": "Uusi", "tables": "2"}),
        (f"/f/workshops/{workshop}/priorities/{priority.id}", {"name": "Muutettu"}),
        (f"/f/workshops/{workshop}/priorities/{priority.id}/delete", {}),
        (f"/f/workshops/{workshop}/priorities/{priority.id}/tables", {"name": "T"}),
        (f"/f/workshops/{workshop}/tables/{priority.tables[0].id}/delete", {}),
    ]:
        assert signed_in.post(path, data=data).status_code == 400, path
    assert rows() == before
    assert fresh(Priority, priority.id).name == "Luonnonvarat"


def test_a_priority_of_another_workshop_is_not_found_through_mine(signed_in, workshop, demo):
    other = demo.priorities[0]
    response = signed_in.post(
        f"/f/workshops/{workshop}/priorities/{other.id}",
        data={"name": "Kaapattu", "csrf_token": token(signed_in)},
    )
    assert response.status_code == 404
    other_table = demo.tables[0]
    response = signed_in.post(
        f"/f/workshops/{workshop}/tables/{other_table.id}/delete",
        data={"csrf_token": token(signed_in)},
    )
    assert response.status_code == 404
    assert fresh(Priority, other.id).name != "Kaapattu"
    assert fresh(Table, other_table.id) is not None


def test_unknown_workshop_is_not_found(signed_in):
    assert signed_in.get("/f/workshops/999").status_code == 404


# Joining, the join code and the QR code


def set_joining(client, workshop_id, is_open: bool):
    return client.post(
        f"/f/workshops/{workshop_id}/joining",
        data={"open": "1" if is_open else "0", "csrf_token": token(client)},
    )


def test_opening_joining_lets_participants_join_and_closing_stops_them(app, signed_in, workshop):
    code = fresh(Workshop, workshop).join_code
    assert join_form(app.test_client(), code).status_code == 403  # a new workshop is closed

    assert set_joining(signed_in, workshop, True).status_code == 302
    opened = fresh(Workshop, workshop)
    assert opened.joining_open and opened.state == "open"
    assert "Close joining" in page(signed_in, workshop)
    assert join_form(app.test_client(), code).status_code == 302
    assert count(Participant) == 1

    assert set_joining(signed_in, workshop, False).status_code == 302
    assert not fresh(Workshop, workshop).joining_open
    body = page(signed_in, workshop)
    assert "Open joining" in body and "1 participant" in body
    assert join_form(app.test_client(), code, name="Myöhäinen").status_code == 403
    assert count(Participant) == 1


def test_workshop_page_shows_the_join_code_and_absolute_join_address(
    signed_in, workshop, monkeypatch
):
    # Opened on the serving laptop itself (localhost): the room reaches it by its LAN address.
    monkeypatch.setenv("AIHIO_LAN_ADDRESS", "192.168.10.20")
    code = fresh(Workshop, workshop).join_code
    body = page(signed_in, workshop)
    assert f'<p class="join-code">{code}</p>' in body
    assert f'href="http://192.168.10.20/j/{code}"' in body
    assert f'src="/f/workshops/{workshop}/qr.svg"' in body
    assert f'alt="QR code of the join address http://192.168.10.20/j/{code}"' in body
    assert "localhost/j/" not in body


@pytest.mark.parametrize(
    ("reached", "joins_at"),
    [
        ("http://aihio.lan:5000", "http://aihio.lan:5000/"),
        ("http://127.0.0.1:5000", "http://192.168.10.20:5000/"),
        ("http://localhost", "http://192.168.10.20/"),
    ],
)
def test_join_address_keeps_a_host_the_room_can_reach(app, monkeypatch, reached, joins_at):
    from workshop.facilitator.pages import venue_url_root

    monkeypatch.setenv("AIHIO_LAN_ADDRESS", "192.168.10.20")
    with app.test_request_context("/f/", base_url=reached):
        assert venue_url_root() == joins_at


def test_join_address_uses_the_public_url_when_configured(app, signed_in, workshop):
    app.config["PUBLIC_URL"] = "https://aihio.example.fi"
    code = fresh(Workshop, workshop).join_code
    assert f"https://aihio.example.fi/j/{code}" in page(signed_in, workshop)


def test_qr_code_is_an_svg_image(signed_in, workshop):
    response = signed_in.get(f"/f/workshops/{workshop}/qr.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.data)  # noqa: S314 - our own server's answer
    assert root.tag == SVG
    assert root.get("viewBox")  # scales to the projector's size


def test_projector_screen_shows_the_code_and_qr_large(signed_in, workshop):
    code = fresh(Workshop, workshop).join_code
    response = signed_in.get(f"/f/workshops/{workshop}/screen")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert code in body and f"/f/workshops/{workshop}/qr.svg" in body


def test_workshop_page_shows_who_sits_at_each_table_by_organisation(app, signed_in, workshop):
    set_joining(signed_in, workshop, True)
    code = fresh(Workshop, workshop).join_code
    table = first_priority(workshop).tables[0]
    for name, organisation, org_type in [
        ("Aino", "Lapin yliopisto", "research"),
        ("Pekka", "Lapin yliopisto", "research"),
        ("Sari", "Rovaniemen kaupunki", "municipality"),
    ]:
        participant = app.test_client()
        join_form(participant, code, name=name, organisation=organisation, org_type=org_type)
        seat = participant.post(
            f"/j/{code}/tables",
            data={"table_id": table.id, "csrf_token": csrf_from(participant, f"/j/{code}/tables")},
        )
        assert seat.status_code == 302
    body = page(signed_in, workshop)
    assert "3 participants" in body and "3 people" in body
    assert re.search(
        r'<span class="org">Lapin yliopisto</span>\s*'
        r'<span class="muted">\(University or research institute\)</span>:\s*Aino, Pekka',
        body,
    )
    assert '<span class="org">Rovaniemen kaupunki</span>' in body


# Another facilitator's workshop


def other_routes(demo) -> list[tuple[str, str]]:
    w, p, t = demo.id, demo.priorities[0].id, demo.tables[0].id
    return [
        ("GET", f"/f/workshops/{w}"),
        ("GET", f"/f/workshops/{w}/edit"),
        ("GET", f"/f/workshops/{w}/qr.svg"),
        ("GET", f"/f/workshops/{w}/screen"),
        ("GET", f"/f/workshops/{w}/overview"),
        ("GET", f"/f/workshops/{w}/export?format=docx"),
        ("GET", f"/f/workshops/{w}/organisations"),
        ("GET", f"/f/workshops/{w}/results"),
        ("GET", f"/f/workshops/{w}/carry"),
        ("GET", f"/f/workshops/{w}/missing-voices"),
        ("POST", f"/f/workshops/{w}/carry"),
        ("POST", f"/f/workshops/{w}/edit"),
        ("POST", f"/f/workshops/{w}/joining"),
        ("POST", f"/f/workshops/{w}/priorities"),
        ("POST", f"/f/workshops/{w}/priorities/{p}"),
        ("POST", f"/f/workshops/{w}/priorities/{p}/delete"),
        ("POST", f"/f/workshops/{w}/priorities/{p}/tables"),
        ("POST", f"/f/workshops/{w}/tables/{t}"),
        ("POST", f"/f/workshops/{w}/tables/{t}/delete"),
        ("POST", f"/f/workshops/{w}/participants/1/remove"),
        ("POST", f"/f/workshops/{w}/participants/1/erase"),
        ("POST", f"/f/workshops/{w}/organisations/known"),
        ("POST", f"/f/workshops/{w}/organisations/1/known"),
        ("POST", f"/f/workshops/{w}/plan-order"),
        ("POST", f"/f/workshops/{w}/ideas/1/restore"),
    ]


def test_another_facilitators_workshop_answers_403_on_every_route_and_changes_nothing(
    app, signed_in, demo
):
    before = rows()
    title, joining_open = demo.title, demo.joining_open
    data = {
        "title": "Kaapattu",
        "name": "Kaapattu",
        "open": "0",
        "language": "fi",
        "org_types": ["company", "research"],
        "csrf_token": token(signed_in),
    }
    routes = other_routes(demo)
    facilitator_rules = [
        r
        for r in app.url_map.iter_rules()
        if r.endpoint.startswith("facilitator.") and "workshop_id" in r.arguments
    ]
    assert len(routes) == len(facilitator_rules)  # a new route must join this list
    for method, path in routes:
        response = signed_in.open(path, method=method, data=data if method == "POST" else None)
        assert response.status_code == 403, (method, path)
        assert "This workshop belongs to another facilitator." in response.get_data(as_text=True)
    assert rows() == before
    saved = fresh(Workshop, demo.id)
    assert (saved.title, saved.joining_open) == (title, joining_open)


# User text is text


def test_script_quotes_and_template_syntax_in_user_text_render_as_text(signed_in):
    nasty = "<script>alert(1)</script> \"quoted\" 'single' {{ 7*7 }}"
    response = create(signed_in, title=nasty, place=nasty, priorities=nasty)
    assert response.status_code == 302
    workshop_id = db.session.scalars(sa.select(Workshop.id)).one()
    for body in (page(signed_in, workshop_id), signed_in.get("/f/").get_data(as_text=True)):
        assert "<script>alert(1)</script>" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
        assert "&#34;quoted&#34;" in body
        assert "{{ 7*7 }}" in body  # not evaluated
    edit = signed_in.get(f"/f/workshops/{workshop_id}/edit").get_data(as_text=True)
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt; &#34;quoted&#34;' in edit
