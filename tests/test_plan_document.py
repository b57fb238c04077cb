"""The implementation plan as a council publishes it: A4 pages, properties, running
header and "sivu N / M" footer (DOCX fields, PDF by WeasyPrint), cover page without
names, table of contents, drafts ranked by votes with their status, empty drafts in an
annex, archived drafts left out, money and dates in the language's format; and the data
exports' labels, sheets and file names."""

import io
import re
import zipfile

import pytest
from docx import Document
from openpyxl import load_workbook
from plan_helpers import after_the_sprint
from test_export import docx_text, log_in

from workshop.export import collect, render
from workshop.export.money import parse_euros
from workshop.extensions import db

NBSP = "\u00a0"


@pytest.fixture
def sprint(demo):
    return demo, after_the_sprint(db.session, demo)


def docx_of(workshop, lang="fi", **options):
    return render(collect(db.session, workshop.id, **options), "docx", lang).body


def test_docx_is_a4_with_public_sector_margins_and_properties(sprint):
    workshop, _ = sprint
    document = Document(io.BytesIO(docx_of(workshop)))
    section = document.sections[0]
    mm = [round(x.mm) for x in (section.page_width, section.page_height)]
    assert mm == [210, 297]  # A4, not US Letter
    assert [round(x.mm) for x in (section.left_margin, section.right_margin)] == [25, 20]
    assert document.styles["Normal"].font.name == "Arial"
    properties = document.core_properties
    assert properties.title == "Toteutussuunnitelma"
    assert properties.author == "fasilitaattori@aihio.example"  # the organiser
    assert properties.language == "fi-FI" and "python-docx" not in properties.comments


def test_docx_header_has_the_title_and_the_footer_page_fields(sprint):
    workshop, _ = sprint
    body = docx_of(workshop)
    section = Document(io.BytesIO(body)).sections[0]
    assert section.header.paragraphs[0].text.startswith("Toteutussuunnitelma")
    assert section.different_first_page_header_footer  # the cover has no header
    with zipfile.ZipFile(io.BytesIO(body)) as docx:
        footers = [docx.read(n).decode() for n in docx.namelist() if "footer" in n]
        main = docx.read("word/document.xml").decode()
    footer = next(f for f in footers if "PAGE" in f)
    assert re.search(r"sivu .*<w:instrText[^>]*> PAGE </w:instrText>", footer)
    assert re.search(r"> / <.*<w:instrText[^>]*> NUMPAGES </w:instrText>", footer)
    assert 'TOC \\o "1-2"' in main  # the table of contents, updated on opening


def test_cover_counts_organisations_by_type_and_names_no_one(sprint):
    workshop, _ = sprint
    text = docx_text(docx_of(workshop))
    assert "Päivämäärä: 3.12.2026" in text and "Paikka: Kemin lumilinna" in text
    assert "Osallistujia: 8" in text and "Organisaatioita: 8" in text
    assert "Aino Aaltonen" not in text and "Máret Sara" not in text
    named = docx_text(docx_of(workshop, include_names=True))
    assert "Liite: osallistujat" in named and "Máret Sara" in named


def test_drafts_are_ranked_by_votes_with_status_and_empty_ones_in_an_annex(sprint):
    workshop, _ = sprint
    paragraphs = [p.text for p in Document(io.BytesIO(docx_of(workshop))).paragraphs]
    first = paragraphs.index("1. Puun jalostusarvo kasvuun")  # 5 votes
    second = paragraphs.index("2. Sivuvirroista tuotteiksi")  # 2 votes, ready
    assert first < second
    assert paragraphs[first + 1].startswith("Tila: Luonnos")
    assert paragraphs[second + 1].startswith("Tila: Valmis")
    annex = paragraphs.index("Liite: sisällöttä jääneet aihiot")
    assert [p for p in paragraphs if "Tyhjäksi jäänyt aihio" in p] == [
        paragraphs[annex + 2]
    ] or all(paragraphs.index(p) > annex for p in paragraphs if "Tyhjäksi" in p)
    assert not any("Luonnos poistettavaksi" in p for p in paragraphs)  # archived


def test_summary_names_each_organisation_once_and_totals_budgets_in_finnish(sprint):
    workshop, _ = sprint
    document = Document(io.BytesIO(docx_of(workshop)))
    summary = next(t for t in document.tables if t.rows[0].cells[0].text == "Sija")
    rows = [[c.text for c in row.cells] for row in summary.rows]
    sivuvirrat = next(r for r in rows if r[1] == "Sivuvirroista tuotteiksi")
    assert sivuvirrat[3] == "Lapin yliopisto"  # lead, and not again among the partners
    assert sivuvirrat[4] == "Outokumpu Oyj\nKemin kaupunki"
    roles = next(t for t in document.tables if t.rows[0].cells[0].text == "Organisaatio")
    university = next(r for r in roles.rows if r.cells[0].text == "Lapin yliopisto")
    assert [c.text for c in university.cells[2:]] == ["Sivuvirroista tuotteiksi", ""]  # leads only
    total = rows[-1]
    assert total[0] == "Yhteensä" and total[7] == f"1{NBSP}650{NBSP}000{NBSP}€"
    assert "2 / 2" in total[1]


def test_summary_columns_fit_their_words_on_the_page(sprint):
    """Word and LibreOffice give equal columns unless told: the idea's title then broke
    inside words while the rank had room to spare. The summary's columns share the text
    width (A4 less the margins) in fixed proportions, the title's the widest but one."""
    workshop, _ = sprint
    document = Document(io.BytesIO(docx_of(workshop)))
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    summary = next(t for t in document.tables if t.rows[0].cells[0].text == "Sija")
    widths = [column.width for column in summary.columns]
    assert None not in widths and abs(sum(widths) - text_width) < len(widths)
    rank, title, lead = widths[0], widths[1], widths[3]
    assert title > 2.5 * rank and lead > 3 * rank
    assert all(cell.width == widths[1] for cell in summary.columns[1].cells)  # Word's view


def test_english_plan_writes_dates_and_money_the_english_way(sprint):
    workshop, _ = sprint
    text = docx_text(docx_of(workshop, "en"))
    assert "Date: Dec 3, 2026" in text and "€1,650,000" in text
    assert "Sectors taking part" in text and "helix" not in text.replace("quadruple helix", "")


def test_swedish_plan_is_swedish_throughout(sprint, client):
    """Finland's second national language: headings, the template's field labels, dates,
    money, the footer's page words and the document's language tag, and the download
    form offers it."""
    workshop, _ = sprint
    body = docx_of(workshop, "sv")
    text = docx_text(body)
    assert "Genomförandeplan" in text and "Sammanfattning: åtgärder, ansvar och tidtabell" in text
    assert "Behov" in text and "Ansvarig organisation" in text  # the default template's fields
    assert "Tarve" not in text and "Toteutussuunnitelma" not in text
    assert f"1{NBSP}650{NBSP}000{NBSP}€" in text and "3 dec. 2026" in text
    with zipfile.ZipFile(io.BytesIO(body)) as docx:
        footers = " ".join(docx.read(n).decode() for n in docx.namelist() if "footer" in n)
    assert "sida" in footers
    assert Document(io.BytesIO(body)).core_properties.language == "sv-FI"
    log_in(client, "fasilitaattori@aihio.example", set_password(workshop))
    page = client.get(f"/f/workshops/{workshop.id}").get_data(as_text=True)
    assert '<option value="sv"' in page
    download = client.get(f"/f/workshops/{workshop.id}/export?format=docx&lang=sv")
    assert download.status_code == 200 and "plan" in download.headers["Content-Disposition"]
    refused = client.get(f"/f/workshops/{workshop.id}/export?format=docx&lang=de")
    assert refused.status_code == 400 and "fi, sv" in refused.get_data(as_text=True)


def test_budgets_are_read_as_people_write_them():
    assert parse_euros("1 200 000 €") == 1_200_000
    assert parse_euros("1,2 milj. €") == 1_200_000
    assert parse_euros("50 t€") == 50_000
    assert parse_euros("noin 300 000 €") is None and parse_euros("2026–2028") is None


def pdf_pages(html: str) -> list[tuple[str, tuple[int, int]]]:
    """Lay the page out with WeasyPrint and return each page's text (margin boxes too)
    and its size in millimetres."""
    from weasyprint import HTML

    def texts(box):
        if hasattr(box, "text"):
            yield box.text
        for child in getattr(box, "children", []):
            yield from texts(child)

    document = HTML(string=html).render()
    return [
        (
            " ".join(texts(page._page_box)),
            (round(page.width / 96 * 25.4), round(page.height / 96 * 25.4)),
        )
        for page in document.pages
    ]


def test_pdf_is_a4_with_header_page_numbers_and_contents(sprint, client):
    workshop, _ = sprint
    log_in(client, "fasilitaattori@aihio.example", set_password(workshop))
    response = client.get(f"/f/workshops/{workshop.id}/export?format=pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-") and response.data.rstrip().endswith(b"%%EOF")
    assert "suunnitelma.pdf" in response.headers["Content-Disposition"]
    html = render(collect(db.session, workshop.id), "html", "fi").body.decode()
    laid_out = pdf_pages(html)
    assert {size for _, size in laid_out} == {(210, 297)}  # A4
    pages = [text for text, _ in laid_out]
    count = len(pages)
    assert count >= 5 and f"sivu {count} / {count}" in pages[-1]
    assert f"sivu 2 / {count}" in pages[1] and "Toteutussuunnitelma" in pages[1]
    assert "sivu 1" not in pages[0]  # the cover
    contents = pages[1]
    assert "Sisällys" in contents and re.search(r"Puun jalostusarvo kasvuun[ .]*\d", contents)


def set_password(workshop) -> str:
    from workshop.accounts import set_facilitator_password

    set_facilitator_password(db.session, workshop.owner.email, "demo-salasana-pitka")
    db.session.commit()
    return "demo-salasana-pitka"


def test_printable_page_has_a_way_back_a_print_button_and_print_rules(sprint, client):
    workshop, _ = sprint
    log_in(client, "fasilitaattori@aihio.example", set_password(workshop))
    page = client.get(f"/f/workshops/{workshop.id}/export?format=html").get_data(as_text=True)
    assert f'href="/f/workshops/{workshop.id}"' in page and 'id="print-plan"' in page
    assert '<script src="/static/js/print.js">' in page and "@media print" in page
    assert "size: A4" in page


def test_names_are_refused_for_csv_with_the_formats_that_hold_them(sprint, client):
    workshop, _ = sprint
    log_in(client, "fasilitaattori@aihio.example", set_password(workshop))
    response = client.get(f"/f/workshops/{workshop.id}/export?format=csv&include_names=1")
    assert response.status_code == 400
    assert "include_names" in response.get_data(as_text=True)


def test_spreadsheet_speaks_the_language_with_filters_widths_and_full_names(sprint):
    workshop, _ = sprint
    body = render(collect(db.session, workshop.id), "xlsx", "fi").body
    book = load_workbook(io.BytesIO(body))
    assert "Luonnonvarojen kestävä jalostus" in book.sheetnames
    assert "Arktinen matkailu ja…" in book.sheetnames  # 31 characters at most, cut at a word
    sheet = book["Kaikki aihiot"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
    header = [c.value for c in sheet[1]]
    states = {row[header.index("Tila")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert states == {"Luonnos", "Valmis"}
    titles = [
        row[header.index("Hankeaihion nimi")]
        for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert "Luonnos poistettavaksi" not in titles  # archived
    need = sheet.column_dimensions[sheet.cell(1, header.index("Tarve") + 1).column_letter]
    assert need.width > 40  # fits "Kaivos- ja metsäteollisuuden sivuvirrat …"


def test_results_rank_by_votes_and_the_facilitator_fixes_the_plan_order(sprint, client):
    from helpers import csrf_from

    from workshop.models import Vote

    workshop, drafts = sprint
    log_in(client, "fasilitaattori@aihio.example", set_password(workshop))
    response = client.get(f"/f/workshops/{workshop.id}/results")
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page[:2000]
    assert page.index("Puun jalostusarvo kasvuun") < page.index("Sivuvirroista tuotteiksi")
    assert "Luonnos poistettavaksi" not in page and "Ääniä: 5" in page
    token = csrf_from(client, f"/f/workshops/{workshop.id}/results")
    moved = client.post(f"/f/workshops/{workshop.id}/plan-order", data={"csrf_token": token})
    assert moved.status_code == 302
    late = drafts["Sivuvirroista tuotteiksi"]  # votes after the order was fixed do not move it
    for voter in workshop.participants[:6]:
        db.session.add(Vote(workshop_id=workshop.id, participant_id=voter.id, idea_id=late.id))
    db.session.commit()
    paragraphs = [p.text for p in Document(io.BytesIO(docx_of(workshop))).paragraphs]
    assert "1. Puun jalostusarvo kasvuun" in paragraphs
    assert "2. Sivuvirroista tuotteiksi" in paragraphs
    assert "Aihiot ovat fasilitaattorin vahvistamassa järjestyksessä." in paragraphs


def test_the_organiser_named_on_the_workshop_form_is_the_plans_author(sprint, client):
    from helpers import csrf_from

    workshop, _ = sprint
    log_in(client, "fasilitaattori@aihio.example", set_password(workshop))
    edit = f"/f/workshops/{workshop.id}/edit"
    form = {
        "title": workshop.title,
        "date": "2026-12-03",
        "place": workshop.place,
        "organiser": "Lapin liitto",
        "language": "fi",
        "org_types": workshop.org_type_keys,
        "csrf_token": csrf_from(client, edit),
    }
    assert client.post(edit, data=form).status_code == 302
    assert 'value="Lapin liitto"' in client.get(edit).get_data(as_text=True)
    db.session.expire_all()  # the request wrote through its own session
    properties = Document(io.BytesIO(docx_of(workshop))).core_properties
    assert properties.author == "Lapin liitto"
    assert "Järjestäjä: Lapin liitto" in docx_text(docx_of(workshop))


def test_cli_writes_the_pdf_and_refuses_names_in_csv(sprint, runner, tmp_path):
    workshop, _ = sprint
    out = tmp_path / "plan.pdf"
    done = runner.invoke(
        args=["workshops", "export", str(workshop.id), "--format", "pdf", "-o", str(out)]
    )
    assert done.exit_code == 0, done.output
    assert out.read_bytes().startswith(b"%PDF-")
    csv = tmp_path / "ideas.csv"
    refused = runner.invoke(
        args=[
            "workshops",
            "export",
            str(workshop.id),
            "--format",
            "csv",
            "-o",
            str(csv),
            "--include-names",
        ]
    )
    assert refused.exit_code != 0 and "no room for names" in refused.output and not csv.exists()


def test_the_workshop_page_lists_archived_drafts_and_restores_one(sprint, client):
    from helpers import csrf_from

    workshop, drafts = sprint
    log_in(client, "fasilitaattori@aihio.example", set_password(workshop))
    page = client.get(f"/f/workshops/{workshop.id}").get_data(as_text=True)
    assert 'id="archived"' in page and "Luonnos poistettavaksi" in page
    idea = drafts["Luonnos poistettavaksi"]
    token = csrf_from(client, f"/f/workshops/{workshop.id}")
    done = client.post(
        f"/f/workshops/{workshop.id}/ideas/{idea.id}/restore", data={"csrf_token": token}
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert idea.archived_at is None
    assert 'id="archived"' not in client.get(f"/f/workshops/{workshop.id}").get_data(as_text=True)
    assert "Luonnos poistettavaksi" in docx_text(docx_of(workshop))  # back in the plan
