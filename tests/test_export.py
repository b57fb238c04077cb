"""Exports after the event: the implementation plan (DOCX, HTML, Markdown) and the data
(XLSX, CSV, JSON), read from each idea's CRDT document; spreadsheet safety; each
organisation's role; and who may download them."""

import base64
import csv
import io
import json
from datetime import date

import pytest
import sqlalchemy as sa
from conftest import FACILITATOR_EMAIL, FACILITATOR_PASSWORD
from docx import Document
from helpers import csrf_from
from openpyxl import load_workbook
from pycrdt import Doc, Text

from workshop.accounts import issue_api_token, set_facilitator_password
from workshop.auth import participant_cookie_name
from workshop.collab.store import Author, LogEntry, append_batch
from workshop.consortium import candidate_keys, split_names
from workshop.export import collect, render
from workshop.export.safety import content_disposition, neutralise
from workshop.extensions import db
from workshop.ideas import Actor, create_idea
from workshop.joining import JoinRequest, join
from workshop.models import Idea, Vote
from workshop.workshops import PriorityDetails, WorkshopDetails, add_priority, create_workshop

SAMI = "Sámi: áäöå šžčđŋŧ"
OTHER_EMAIL = "toinen@example.fi"
OTHER_PASSWORD = "toinen-hevonen-patteri"
NASTY = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def write(session, idea: Idea, author: Author, texts: dict[str, str]) -> None:
    """Type texts into an idea's document through the log, as a browser would."""
    from workshop.collab.store import load_idea

    doc = load_idea(session, idea.id).doc
    before = doc.get_state()
    for key, text in texts.items():
        field = doc.get(key, type=Text)
        del field[0 : len(field)]
        field.insert(0, text)
    update = doc.get_update(before)
    append_batch(session, [LogEntry(idea.id, update, author, sum(map(len, texts.values())))])


def build_workshop(session, owner, *, ideas_per_table: int = 1, title="Lapin sprintti 2026"):
    """Return a workshop of `owner`: 2 priorities × 2 tables, 3 organisations, ideas whose
    CRDT text differs from the stale projection, and a vote."""
    workshop = create_workshop(
        session, owner, WorkshopDetails(title, date(2026, 5, 23), "Rovaniemi", "fi")
    )
    add_priority(workshop, PriorityDetails("Arktinen matkailu", "Vastuullinen matkailu.", 1, 2))
    add_priority(workshop, PriorityDetails("Puhdas energia", "", 2, 2))
    workshop.joining_open = True
    session.flush()
    people = []
    for n, (name, org, kind) in enumerate(
        [
            ("Aino Aaltonen", "Lapin yliopisto", "research"),
            ("Pekka Peltonen", "Rovaniemen kaupunki", "municipality"),
            ("Sanna Saari", "Arktiset Elämykset Oy", "company"),
            ("Máret Sara", "Sámi Duodji ry", "civil_society"),
        ]
    ):
        participant, _ = join(session, workshop, JoinRequest(name, org, kind, True))
        participant.table = workshop.tables[n % len(workshop.tables)]
        people.append(participant)
    session.flush()
    made = []
    for t, table in enumerate(workshop.tables):
        author_p = people[t % len(people)]
        author = Author(author_p.id, None, author_p.organisation_id, author_p.org_type)
        for k in range(ideas_per_table):
            idea = create_idea(session, Actor("participant", author_p.id), table, f"Vanha {t}.{k}")
            write(
                session,
                idea,
                author,
                {
                    "title": f"Revontulimatkailu {t}.{k} – {SAMI}",
                    "need": "Matkailijoita on talvella liikaa, kesällä liian vähän.",
                    "actions": "Kartoitus 2026\nPilotti Inarissa 2027",
                    "lead": "Lapin yliopiston",
                    "partners": "Rovaniemen kaupunki\nArktiset Elämykset Oy\nTuntematon Säätiö",
                    "schedule": "2026–2028",
                    "funding": "EAKR",
                },
            )
            made.append(idea)
    session.add(Vote(workshop_id=workshop.id, participant_id=people[0].id, idea_id=made[0].id))
    session.add(Vote(workshop_id=workshop.id, participant_id=people[1].id, idea_id=made[0].id))
    session.commit()
    return workshop


@pytest.fixture
def planned(app, facilitator):
    return build_workshop(db.session, facilitator)


def log_in(client, email=FACILITATOR_EMAIL, password=FACILITATOR_PASSWORD):
    data = {"email": email, "password": password, "csrf_token": csrf_from(client, "/f/login")}
    assert client.post("/f/login", data=data).status_code == 302
    return client


def docx_text(body: bytes) -> str:
    document = Document(io.BytesIO(body))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


# Built from the CRDT state, not the projection


def test_export_reads_the_crdt_text_not_the_stale_projection(planned):
    idea = db.session.scalars(sa.select(Idea).where(Idea.workshop_id == planned.id)).first()
    assert "need" not in idea.fields and idea.title.startswith("Vanha")  # projection is stale
    data = collect(db.session, planned.id)
    first = data.ideas[0]
    assert first.title == f"Revontulimatkailu 0.0 – {SAMI}"
    assert first.fields["schedule"] == "2026–2028"
    assert first.votes == 2
    assert len(data.ideas) == 4


def test_docx_plan_in_finnish_has_fields_in_template_order_and_a_summary_table(planned):
    body = render(collect(db.session, planned.id), "docx", "fi").body
    document = Document(io.BytesIO(body))
    text = docx_text(body)
    assert "Toteutussuunnitelma" in text
    assert SAMI in text and "šžčđŋŧ" in text
    assert "Vastuuorganisaatio: Lapin yliopiston" in text
    assert "Kumppanit: Rovaniemen kaupunki" in text
    assert "Aikataulu: 2026–2028" in text and "Rahoitus: EAKR" in text
    assert "Ääniä: 2" in text
    assert "Vanha" not in text
    paragraphs = [p.text for p in document.paragraphs]
    need = next(i for i, p in enumerate(paragraphs) if p.startswith("Tarve:"))
    lead = next(i for i, p in enumerate(paragraphs) if p.startswith("Vastuuorganisaatio:"))
    schedule = next(i for i, p in enumerate(paragraphs) if p.startswith("Aikataulu:"))
    assert need < lead < schedule
    summary = next(t for t in document.tables if t.rows[0].cells[0].text == "Sija")
    assert [c.text for c in summary.rows[0].cells] == [
        "Sija", "Hankeaihio", "Tila", "Vastuuorganisaatio", "Kumppanit", "Aikataulu",
        "Rahoitus", "Budjetti", "Ääniä",
    ]  # fmt: skip
    first = [c.text for c in summary.rows[1].cells]
    assert first[0] == "1" and first[1].startswith("Revontulimatkailu 0.0")  # most votes
    assert first[2] == "Luonnos" and first[3] == "Lapin yliopisto"  # its known name, once
    assert first[4] == "Rovaniemen kaupunki\nArktiset Elämykset Oy\nTuntematon Säätiö"
    assert first[5] == "2026–2028" and first[6] == "EAKR" and first[8] == "2"
    # the participants' organisation mix by type: counts, never names
    assert "Kunta" in text or "Municipality" in text
    assert "Aino Aaltonen" not in text


def test_docx_plan_of_one_priority_in_english(planned):
    priority = planned.priorities[1]
    body = render(collect(db.session, planned.id, priority_id=priority.id), "docx", "en").body
    text = docx_text(body)
    assert "Implementation plan: Puhdas energia" in text
    assert "Lead organisation: Lapin yliopiston" in text
    # The other priority's ideas are not in the plan; they appear only where they overlap
    # with this priority's ideas ("Overlapping drafts at other tables: … Arktinen matkailu").
    document = Document(io.BytesIO(body))
    sections = [p.text for p in document.paragraphs if p.style.name.startswith(("Title", "Head"))]
    assert "Revontulimatkailu 2.0" in " ".join(sections)
    assert not any("Arktinen matkailu" in h or "Revontulimatkailu 0.0" in h for h in sections)
    mentions = [p.text for p in document.paragraphs if "Arktinen matkailu" in p.text]
    assert mentions and all(m.startswith("Overlapping drafts at other tables:") for m in mentions)


def test_xlsx_has_a_sheet_per_priority_all_ideas_and_organisations_but_no_names(planned):
    body = render(collect(db.session, planned.id), "xlsx", "fi").body
    book = load_workbook(io.BytesIO(body))
    assert book.sheetnames == [
        "Arktinen matkailu",
        "Puhdas energia",
        "Kaikki aihiot",
        "Organisaatioiden roolit",
    ]
    ideas = book["Kaikki aihiot"]
    header = [c.value for c in ideas[1]]
    assert header[4:7] == ["Hankeaihion nimi", "Tarve", "Tavoitteet"]
    assert ideas.max_row == 5
    assert ideas.cell(2, 5).value == f"Revontulimatkailu 0.0 – {SAMI}"
    orgs = {
        row[0]: row
        for row in book["Organisaatioiden roolit"].iter_rows(min_row=2, values_only=True)
    }
    assert "Revontulimatkailu 0.0" in orgs["Lapin yliopisto"][2]
    assert orgs["Tuntematon Säätiö"][1] == "Tunnistamattomat organisaatiot"
    everything = " ".join(
        str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value
    )
    assert "Aino Aaltonen" not in everything


def test_xlsx_participants_sheet_only_when_names_are_asked_for(planned):
    body = render(collect(db.session, planned.id, include_names=True), "xlsx", "en").body
    book = load_workbook(io.BytesIO(body))
    assert "Participants" in book.sheetnames
    names = [row[0] for row in book["Participants"].iter_rows(min_row=2, values_only=True)]
    assert "Máret Sara" in names


def test_csv_is_utf8_with_bom_one_row_per_idea(planned):
    body = render(collect(db.session, planned.id), "csv", "fi").body
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 5
    assert rows[1][4] == f"Revontulimatkailu 0.0 – {SAMI}"


# Spreadsheet formula injection


@pytest.fixture
def nasty(planned):
    idea = db.session.scalars(sa.select(Idea).where(Idea.workshop_id == planned.id)).first()
    write(
        db.session,
        idea,
        Author(),
        {
            "title": NASTY[0],
            "need": NASTY[1],
            "goals": NASTY[2],
            "actions": NASTY[3],
            "budget": NASTY[4],
            "results": NASTY[5],
        },
    )
    db.session.commit()
    return planned


def test_csv_cells_that_look_like_formulas_are_neutralised_and_readable(nasty):
    body = render(collect(db.session, nasty.id), "csv", "en").body
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    row = rows[1]
    for value in NASTY:
        assert "'" + value in row
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_xlsx_cells_that_look_like_formulas_are_text_not_formulas(nasty):
    body = render(collect(db.session, nasty.id), "xlsx", "en").body
    book = load_workbook(io.BytesIO(body))
    values = []
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
                    values.append(cell.value)
    assert "'" + NASTY[0] in values and "'@SUM(A1)" in values


def test_control_characters_in_idea_text_do_not_break_the_files(planned):
    idea = db.session.scalars(sa.select(Idea).where(Idea.workshop_id == planned.id)).first()
    write(db.session, idea, Author(), {"need": "ennen\x01\x0bjälkeen"})
    db.session.commit()
    data = collect(db.session, planned.id)
    assert "ennenjälkeen" in docx_text(render(data, "docx", "fi").body)
    book = load_workbook(io.BytesIO(render(data, "xlsx", "fi").body))
    assert book["Kaikki aihiot"].cell(2, 6).value == "ennenjälkeen"


def test_neutralise_leaves_ordinary_values_alone():
    assert neutralise("Lapin yliopisto") == "Lapin yliopisto"
    assert neutralise(3) == 3
    assert neutralise("=1") == "'=1"


# JSON, HTML, Markdown


def test_json_is_versioned_complete_and_carries_each_crdt_snapshot(planned):
    data = json.loads(render(collect(db.session, planned.id), "json").body)
    assert (data["schema"], data["version"]) == ("aihio-export", 1)
    assert [f["key"] for f in data["template"]][:3] == ["title", "need", "goals"]
    idea = data["priorities"][0]["ideas"][0]
    assert idea["fields"]["title"] == f"Revontulimatkailu 0.0 – {SAMI}"
    doc = Doc()
    doc.apply_update(base64.b64decode(idea["crdt"]["data"]))
    assert str(doc.get("title", type=Text)) == idea["fields"]["title"]
    assert data["people"] is None and "Aino Aaltonen" not in json.dumps(data, ensure_ascii=False)
    assert data["org_mix"]["research"] == 1
    assert data["priorities"][0]["tables"][0]["members"] == 1


def test_html_page_is_printable_and_escapes_user_text(planned):
    idea = db.session.scalars(sa.select(Idea).where(Idea.workshop_id == planned.id)).first()
    write(db.session, idea, Author(), {"goals": "<script>alert(1)</script>"})
    db.session.commit()
    html = render(collect(db.session, planned.id), "html", "en").body.decode()
    assert "@media print" in html and SAMI in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_markdown_has_the_plan_and_summary_table(planned):
    md = render(collect(db.session, planned.id), "md", "fi").body.decode()
    assert md.startswith("# Toteutussuunnitelma")
    assert "| Sija | Hankeaihio | Tila | Vastuuorganisaatio | Kumppanit |" in md and SAMI in md


# Organisation roles


def test_names_are_split_and_genitive_endings_tried():
    assert split_names("- Lapin yliopisto\nRovaniemen kaupunki; Oy Yritys, ry X") == [
        "Lapin yliopisto",
        "Rovaniemen kaupunki",
        "Oy Yritys",
        "ry X",
    ]
    assert "lapin yliopisto" in candidate_keys("Lapin yliopiston")
    assert "lapin amk" in candidate_keys("Lapin AMK:n")


def test_roles_match_known_organisations_and_list_the_unknown(planned):
    data = collect(db.session, planned.id)
    roles = {r.name: r for r in data.organisations}
    assert len(roles["Lapin yliopisto"].leads) == 4  # "Lapin yliopiston" in the genitive
    assert len(roles["Rovaniemen kaupunki"].partner_in) == 4
    assert roles["Lapin yliopisto"].leads[0].workshop_title == "Lapin sprintti 2026"
    assert data.unknown_organisations == ["Tuntematon Säätiö"]
    idea = data.ideas[0]
    assert idea.helixes == ("business", "research_education", "public_sector")
    assert idea.missing_helixes == ("civil_society",)


def test_organisations_page_shows_each_role(client, planned):
    log_in(client)
    client.set_cookie("aihio_lang", "en")
    body = client.get(f"/f/workshops/{planned.id}/organisations").get_data(as_text=True)
    assert "Lapin yliopisto" in body and "Revontulimatkailu 0.0" in body
    assert "Tuntematon Säätiö" in body and "Lapin sprintti 2026" in body


# Downloads: file names, errors, who may


def test_content_disposition_has_an_ascii_fallback_and_the_utf8_name():
    value = content_disposition('aihio-1-Lapin "sprintti" ÄÖ/..\\x.docx')
    assert value.startswith('attachment; filename="aihio-1-Lapin-sprintti-AO-x.docx"')
    utf8 = value.split("filename*=UTF-8''")[1]
    assert "%C3%84%C3%96" in utf8 and utf8.endswith("x.docx")
    assert not any(bad in utf8 for bad in ("/", "\\", '"', "..", "%2F", "%5C", "%22"))
    assert "\n" not in content_disposition("a\r\nb.csv")


def test_workshop_page_offers_the_downloads(client, planned):
    log_in(client)
    body = client.get(f"/f/workshops/{planned.id}").get_data(as_text=True)
    assert f"/f/workshops/{planned.id}/export?format=docx" in body
    assert f"/f/workshops/{planned.id}/organisations" in body


@pytest.mark.parametrize("fmt", ["docx", "html", "xlsx", "csv", "json", "md"])
def test_owner_downloads_every_format(client, planned, fmt):
    log_in(client)
    response = client.get(f"/f/workshops/{planned.id}/export?format={fmt}&lang=en")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("inline" if fmt == "html" else "attachment")
    kind = {"json": "export", "xlsx": "ideas", "csv": "ideas"}.get(fmt, "plan")
    assert f'filename="Lapin-sprintti-2026-2026-05-23-{kind}.{fmt}"' in disposition
    assert len(response.data) > 100


def test_api_export_with_a_bearer_token_and_its_errors(client, planned, facilitator):
    token = issue_api_token(db.session, FACILITATOR_EMAIL)
    db.session.commit()
    auth = {"Authorization": f"Bearer {token}"}
    ok = client.get(f"/api/v1/workshops/{planned.id}/export?format=json", headers=auth)
    assert ok.status_code == 200 and ok.json["schema"] == "aihio-export"
    bad = client.get(f"/api/v1/workshops/{planned.id}/export?format=rtf", headers=auth)
    assert bad.status_code == 400 and bad.json["error"]["code"] == "invalid"
    assert "docx" in bad.json["error"]["message"]
    lang = client.get(f"/api/v1/workshops/{planned.id}/export?format=md&lang=se", headers=auth)
    assert lang.status_code == 400
    missing = client.get("/api/v1/workshops/9999/export?format=json", headers=auth)
    assert missing.status_code == 404 and missing.json["error"]["code"] == "not_found"


def routes(workshop_id: int) -> list[str]:
    return [
        f"/f/workshops/{workshop_id}/export?format=docx",
        f"/f/workshops/{workshop_id}/export?format=html",
        f"/f/workshops/{workshop_id}/organisations",
        f"/api/v1/workshops/{workshop_id}/export?format=json",
    ]


def test_another_facilitator_gets_403_on_every_export_route(client, planned):
    set_facilitator_password(db.session, OTHER_EMAIL, OTHER_PASSWORD)
    db.session.commit()
    log_in(client, OTHER_EMAIL, OTHER_PASSWORD)
    for path in routes(planned.id):
        response = client.get(path)
        assert response.status_code == 403, path
        assert b"Revontulimatkailu" not in response.data
    api = client.get(routes(planned.id)[-1])
    assert api.json["error"]["code"] == "forbidden"


def test_anonymous_and_participants_get_nothing(app, planned):
    from workshop.joining import JoinRequest, join

    participant, token = join(
        db.session, planned, JoinRequest("Utelias", "Lapin yliopisto", "research", True)
    )
    db.session.commit()
    anonymous = app.test_client()
    member = app.test_client()
    member.set_cookie(participant_cookie_name(planned.id), token)
    for client in (anonymous, member):
        for path in routes(planned.id):
            response = client.get(path)
            expected = 401 if path.startswith("/api/") else 302
            assert response.status_code == expected, path
            assert b"Revontulimatkailu" not in response.data
    bearer = anonymous.get(routes(planned.id)[-1], headers={"Authorization": f"Bearer {token}"})
    assert bearer.status_code == 401


# CLI


def test_cli_exports_to_a_file(runner, planned, tmp_path):
    out = tmp_path / "plan.docx"
    result = runner.invoke(
        args=[
            "workshops",
            "export",
            str(planned.id),
            "--format",
            "docx",
            "-o",
            str(out),
            "--lang",
            "en",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Implementation plan" in docx_text(out.read_bytes())
    names = tmp_path / "people.xlsx"
    result = runner.invoke(
        args=[
            "workshops",
            "export",
            str(planned.id),
            "--format",
            "xlsx",
            "-o",
            str(names),
            "--include-names",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Osallistujia" in load_workbook(names).sheetnames


def test_cli_export_of_an_unknown_workshop_says_so(runner, tmp_path):
    result = runner.invoke(
        args=["workshops", "export", "999", "--format", "json", "-o", str(tmp_path / "x.json")]
    )
    assert result.exit_code != 0 and "No workshop has the id 999" in result.output
