"""Overlaps in the exports: each idea lists the mapped projects it resembles (title,
organisation, period, score) and the overlapping drafts at other tables, above the
threshold and without the pairs marked "not related", in every format (DOCX, HTML,
Markdown, XLSX, CSV, JSON). Mapped projects come in through the survey import
(workshop/mapping.py), idea texts through each idea's CRDT log."""

import csv
import io
import json
import re
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook
from test_export import write

from workshop import mapping
from workshop.collab.store import Author
from workshop.export import collect, render
from workshop.extensions import db
from workshop.ideas import Actor, create_idea
from workshop.joining import JoinRequest, join
from workshop.models import IdeaOverlapDismissal, MappedProject
from workshop.workshops import PriorityDetails, WorkshopDetails, add_priority, create_workshop

SURVEY = (
    "Hankkeen nimi;Kuvaus;Organisaatio;Aikataulu\n"
    "Testausympäristöt kylmissä olosuhteissa;Rakennetaan pk-yrityksille avoimia "
    "testausympäristöjä, joissa ajoneuvoja ja laitteita testataan kylmissä ja lumisissa "
    "olosuhteissa.;Lapin AMK;2025–2027\n"
    "Poronlihan jalostus;Poronlihan jatkojalostus ja suoramyynti ravintoloille.;Paliskunta;2026\n"
    "Kylmätestausympäristö pk-yrityksille;Yhteinen kylmätestausympäristö ja testirata "
    "pienille ajoneuvoyrityksille Lappiin.;Testikeskus Oy;2024–2026\n"
    "<b>Etäopetus</b> <script>alert(1)</script>;Lukio-opetusta etäyhteyksin syrjäkylien "
    'nuorille.;=HYPERLINK("http://x");2026\n'
)
COLD = {
    "title": "Kylmätestausympäristö ajoneuvoille",
    "need": "Pienet yritykset eivät pääse testiradoille, kun autovalmistajat varaavat ne.",
    "goals": "Yhteinen kylmätestausympäristö pk-yrityksille.",
    "actions": "Kartoitetaan testiradat ja rakennetaan yhteinen testausympäristö.",
}
COLD_TOO = {
    "title": "Testausympäristöt kylmissä olosuhteissa",
    "need": "Pk-yritykset tarvitsevat testausympäristöjä, joissa ajoneuvoja testataan kylmissä "
    "olosuhteissa.",
    "goals": "Avoimet testausympäristöt pienille yrityksille.",
}
LIGHTS = {
    "title": "Revontulimatkailu kylissä",
    "need": "Revontuliretket keskittyvät suuriin keskuksiin.",
    "goals": "Kyläyhdistykset järjestävät revontuliretkiä.",
}
SCHOOL = {
    "title": "Etälukio syrjäkylien nuorille",
    "need": "Lukioon on pitkä matka: lukio-opetusta etäyhteyksin syrjäkylien nuorille.",
}
PROJECT = "Testausympäristöt kylmissä olosuhteissa"
PROJECT_LINE = "Testausympäristöt kylmissä olosuhteissa – Lapin AMK, 2025–2027 (samankaltaisuus 0,"
TWIN = "Kylmätestausympäristö pk-yrityksille"


def sprint(session, facilitator):
    """Return a workshop of two priorities × two tables (1.1, 1.2 / 2.1, 2.2) and one
    participant who may start ideas at any of them."""
    workshop = create_workshop(
        session,
        facilitator,
        WorkshopDetails("Lapin sprintti", date(2026, 5, 23), "Rovaniemi", "fi"),
    )
    add_priority(workshop, PriorityDetails("Testaus ja kylmäosaaminen", "", 1, 2))
    add_priority(workshop, PriorityDetails("Arktinen matkailu", "", 2, 2))
    workshop.joining_open = True
    session.flush()
    person, _ = join(session, workshop, JoinRequest("Aino", "Lapin yliopisto", "research", True))
    session.flush()
    return workshop, person


@pytest.fixture
def workshop(app, facilitator):
    """A cold-testing draft at 1.1, a similar one at 1.2, northern lights tourism at 2.1, a
    distance school at 2.2."""
    session = db.session
    workshop, person = sprint(session, facilitator)
    ideas = {}
    for table, (key, texts) in zip(
        workshop.tables,
        [("cold", COLD), ("cold_too", COLD_TOO), ("lights", LIGHTS), ("school", SCHOOL)],
        strict=True,
    ):
        idea = create_idea(session, Actor("participant", person.id), table, texts["title"])
        write(session, idea, Author(), texts)
        ideas[key] = idea
    session.commit()
    workshop.ideas_by_key = {k: v.id for k, v in ideas.items()}
    return workshop


@pytest.fixture
def mapped(workshop):
    preview = mapping.preview(SURVEY.encode(), "kartoitus.csv")
    assert preview.clean, [p.message for p in preview.problems]
    mapping.save(db.session, preview, "default", None, "kartoitus.csv")
    db.session.commit()
    return {p.title: p.id for p in db.session.query(MappedProject)}


def dismiss(idea_id: int, project_id: int | None = None, other_idea_id: int | None = None):
    db.session.add(
        IdeaOverlapDismissal(idea_id=idea_id, project_id=project_id, other_idea_id=other_idea_id)
    )
    db.session.commit()


def docx_paragraphs(body: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(body)).paragraphs]


def section_of(paragraphs: list[str], title: str) -> list[str]:
    """The paragraphs of one idea's section: from its heading ("2. Title") to the next idea's."""
    start = next(n for n, p in enumerate(paragraphs) if heading_of(p) == title)
    end = next(
        (n for n in range(start + 1, len(paragraphs)) if heading_of(paragraphs[n]) in HEADINGS),
        len(paragraphs),
    )
    return paragraphs[start:end]


def heading_of(paragraph: str) -> str | None:
    """Return the title of an idea's ranked heading ("2. Title"), else None."""
    found = re.fullmatch(r"\d+\. (.*)", paragraph)
    return found.group(1) if found else None


def html_heading(html: str, title: str) -> int:
    """Return where the idea's heading starts in the HTML plan."""
    return re.search(rf'<h3 id="idea-\d+">\d+\. {re.escape(title)} <span', html).start()


HEADINGS = {COLD["title"], COLD_TOO["title"], LIGHTS["title"], SCHOOL["title"]}


def labelled(section: list[str], label: str) -> str:
    (found,) = [p for p in section if p.startswith(f"{label}:")]
    return found


def rows_of(body: bytes) -> list[dict]:
    reader = csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline=""))
    return list(reader)


def sheet_rows(body: bytes, sheet: str) -> list[dict]:
    rows = list(load_workbook(io.BytesIO(body))[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def json_ideas(body: bytes) -> dict[str, dict]:
    data = json.loads(body)
    return {i["fields"]["title"]: i for p in data["priorities"] for i in p["ideas"]}


# -- the plan: DOCX, HTML, Markdown -----------------------------------------------------------


def test_docx_lists_the_resembling_project_and_the_draft_at_another_table(workshop, mapped):
    paragraphs = docx_paragraphs(render(collect(db.session, workshop.id), "docx", "fi").body)
    cold = section_of(paragraphs, COLD["title"])
    projects = labelled(cold, "Samankaltaiset kartoitetut hankkeet")
    assert PROJECT_LINE in projects
    assert TWIN in projects
    assert "Poronlihan" not in projects and "Etäopetus" not in projects
    drafts = labelled(cold, "Päällekkäiset aihiot muissa pöydissä")
    assert f"{COLD_TOO['title']} – Pöytä 1.2, Testaus ja kylmäosaaminen" in drafts
    school = section_of(paragraphs, SCHOOL["title"])
    assert not any(p.startswith("Päällekkäiset aihiot") for p in school)  # no "–" lines
    assert COLD["title"] not in " ".join(section_of(paragraphs, LIGHTS["title"]))


def test_a_dismissed_project_and_a_dismissed_draft_are_not_listed(workshop, mapped):
    ids = workshop.ideas_by_key
    dismiss(ids["cold"], project_id=mapped[TWIN])
    dismiss(ids["cold_too"], other_idea_id=ids["cold"])  # a pair of drafts holds both ways
    data = collect(db.session, workshop.id)
    paragraphs = docx_paragraphs(render(data, "docx", "fi").body)
    cold = section_of(paragraphs, COLD["title"])
    projects = labelled(cold, "Samankaltaiset kartoitetut hankkeet")
    assert PROJECT_LINE in projects and TWIN not in projects
    assert not any(p.startswith("Päällekkäiset aihiot") for p in cold)  # no "–" lines
    too = section_of(paragraphs, COLD_TOO["title"])
    assert COLD["title"] not in " ".join(too)
    assert TWIN in labelled(too, "Samankaltaiset kartoitetut hankkeet")  # not dismissed there
    html = render(data, "html", "fi").body.decode()
    cold_html = html[html_heading(html, COLD["title"]) : html_heading(html, COLD_TOO["title"])]
    assert PROJECT in cold_html and TWIN not in cold_html
    cold_json = json_ideas(render(data, "json").body)[COLD["title"]]
    assert [p["title"] for p in cold_json["related_projects"]] == [PROJECT]
    assert cold_json["related_ideas"] == []
    row = next(
        r for r in rows_of(render(data, "csv", "fi").body) if r["Tunniste"] == str(ids["cold"])
    )
    assert TWIN not in row["Samankaltaiset kartoitetut hankkeet"]
    assert row["Päällekkäiset aihiot muissa pöydissä"] == ""


def test_html_plan_lists_overlaps_as_text(workshop, mapped):
    html = render(collect(db.session, workshop.id), "html", "en").body.decode()
    cold = html[html_heading(html, COLD["title"]) : html_heading(html, COLD_TOO["title"])]
    assert "<dt>Related mapped projects</dt>" in cold
    assert f"<li>{PROJECT} – Lapin AMK, 2025–2027 (similarity 0." in cold
    assert "<dt>Overlapping drafts at other tables</dt>" in cold
    assert f"<li>{COLD_TOO['title']} – Table 1.2, Testaus ja kylmäosaaminen (similarity" in cold
    school = html[html_heading(html, SCHOOL["title"]) :]
    # A mapped project's text is shown as text, never as markup.
    assert "&lt;b&gt;Etäopetus&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;" in school
    assert "<script>alert(1)" not in html and "<b>Etäopetus" not in html


def test_markdown_plan_lists_overlaps(workshop, mapped):
    md = render(collect(db.session, workshop.id), "md", "fi").body.decode()
    start = re.search(rf"### \d+\. {re.escape(COLD['title'])}", md).start()
    cold = md[start : re.search(rf"### \d+\. {re.escape(COLD_TOO['title'])}", md).start()]
    assert "**Samankaltaiset kartoitetut hankkeet:**" in cold
    assert f"- {PROJECT_LINE}" in cold
    assert f"- {COLD_TOO['title']} – Pöytä 1.2" in cold


def test_without_a_project_mapping_the_plan_has_no_project_line(workshop):
    data = collect(db.session, workshop.id)
    paragraphs = docx_paragraphs(render(data, "docx", "fi").body)
    assert not any(p.startswith("Samankaltaiset kartoitetut hankkeet") for p in paragraphs)
    cold = section_of(paragraphs, COLD["title"])
    assert COLD_TOO["title"] in labelled(cold, "Päällekkäiset aihiot muissa pöydissä")
    assert "Related mapped projects" not in render(data, "html", "en").body.decode()
    overlap = json.loads(render(data, "json").body)["overlap"]
    assert overlap["mapped_projects"] == 0 and overlap["strategy"] == "default"


# -- the data: XLSX, CSV, JSON --------------------------------------------------------------------


def test_xlsx_and_csv_have_a_column_of_related_projects_and_one_of_drafts(workshop, mapped):
    data = collect(db.session, workshop.id)
    ids = workshop.ideas_by_key
    for rows in (
        sheet_rows(render(data, "xlsx", "fi").body, "Kaikki aihiot"),
        sheet_rows(render(data, "xlsx", "fi").body, "Testaus ja kylmäosaaminen"),
        rows_of(render(data, "csv", "fi").body),
    ):
        by_id = {int(r["Tunniste"]): r for r in rows}
        cold = by_id[ids["cold"]]
        assert cold["Samankaltaiset kartoitetut hankkeet"].startswith(
            ("Testausympäristöt kylmissä", "Kylmätestausympäristö pk")
        )
        assert PROJECT_LINE in cold["Samankaltaiset kartoitetut hankkeet"]
        assert TWIN in cold["Samankaltaiset kartoitetut hankkeet"]
        assert COLD_TOO["title"] in cold["Päällekkäiset aihiot muissa pöydissä"]
        if ids["school"] in by_id:
            school = by_id[ids["school"]]
            assert not school["Päällekkäiset aihiot muissa pöydissä"]


def test_xlsx_overlap_cells_are_text_never_formulas(workshop, mapped):
    body = render(collect(db.session, workshop.id), "xlsx", "en").body
    for sheet in load_workbook(io.BytesIO(body)):
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@")), cell.value


def test_json_has_related_projects_and_ideas_per_idea(workshop, mapped):
    ideas = json_ideas(render(collect(db.session, workshop.id), "json").body)
    cold = ideas[COLD["title"]]
    projects = {p["title"]: p for p in cold["related_projects"]}
    assert set(projects) == {PROJECT, TWIN}
    found = projects[PROJECT]
    assert (found["id"], found["organisation"], found["period"]) == (
        mapped[PROJECT],
        "Lapin AMK",
        "2025–2027",
    )
    assert 0.34 <= found["score"] <= 1
    scores = [p["score"] for p in cold["related_projects"]]
    assert scores == sorted(scores, reverse=True)
    (draft,) = cold["related_ideas"]
    assert draft["id"] == workshop.ideas_by_key["cold_too"]
    assert (draft["table"], draft["title"]) == ("1.2", COLD_TOO["title"])
    assert ideas[SCHOOL["title"]]["related_ideas"] == []
    assert [p["title"] for p in ideas[SCHOOL["title"]]["related_projects"]] == [
        "<b>Etäopetus</b> <script>alert(1)</script>"
    ]
