"""Import of mapped projects: encodings, delimiters, headers, row problems, workbooks."""

import io

import openpyxl
import pytest

from workshop import mapping
from workshop.errors import ValidationFailed

HEADER = "Hankkeen nimi;Kuvaus;Organisaatio;Painopiste;Aikataulu;Rahoitus;Tila;Linkki\n"
ROWS = (
    "Kylmätestausympäristö;Testausta pakkasessa;Lapin AMK;Arktinen testaus;2025–2027;EAKR;käynnissä;https://example.fi/a\n"
    "Ympärivuotinen matkailu;Kesätuotteita Itä-Lappiin;Itä-Lapin kuntayhtymä;Matkailu;2026;JTF;suunnitteilla;\n"
)


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def workbook_bytes(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_utf8_semicolon_file_maps_finnish_headers():
    preview = mapping.preview(csv_bytes(HEADER + ROWS))
    assert preview.clean
    assert preview.columns["title"] == "Hankkeen nimi"
    assert preview.columns["organisation"] == "Organisaatio"
    first = preview.rows[0]
    assert first.row == 2
    assert first.values["title"] == "Kylmätestausympäristö"
    assert first.values["link"] == "https://example.fi/a"


def test_utf8_bom_is_not_part_of_the_first_header():
    preview = mapping.preview(b"\xef\xbb\xbf" + csv_bytes(HEADER + ROWS))
    assert preview.columns["title"] == "Hankkeen nimi"
    assert preview.clean


def test_windows_1252_file_keeps_umlauts():
    text = "Nimi;Toteuttaja\nPoronhoidon digitalisointi;Paliskuntain yhdistys\nKaivosvesien käsittely;Sodankylän kunta\n"
    preview = mapping.preview(csv_bytes(text, "cp1252"))
    assert [r.values["title"] for r in preview.rows] == [
        "Poronhoidon digitalisointi",
        "Kaivosvesien käsittely",
    ]
    assert preview.rows[1].values["organisation"] == "Sodankylän kunta"


def test_comma_delimited_english_headers():
    text = 'Title,Description,Organisation,Status,URL\n"Drone test field, arctic","Flights at -30 °C",Lapland UAS,running,https://x.example\n'
    preview = mapping.preview(csv_bytes(text))
    assert preview.clean
    assert preview.rows[0].values["title"] == "Drone test field, arctic"
    assert preview.rows[0].values["link"] == "https://x.example"


def test_missing_title_column_is_a_clear_error():
    with pytest.raises(ValidationFailed) as caught:
        mapping.preview(csv_bytes("Kuvaus;Organisaatio\nJotain;Lapin liitto\n"))
    assert "title" in str(caught.value)
    assert "Kuvaus, Organisaatio" in str(caught.value)


def test_an_explicit_column_map_overrides_detection():
    text = "Projekti X;Hankkeen nimi\nOikea nimi;Väärä\n"
    preview = mapping.preview(csv_bytes(text), columns={"title": "Projekti X"})
    assert preview.rows[0].values["title"] == "Oikea nimi"


def test_a_column_map_naming_an_absent_column_is_rejected():
    with pytest.raises(ValidationFailed, match="no column Otsake"):
        mapping.preview(csv_bytes(HEADER + ROWS), columns={"title": "Otsake"})


def test_empty_rows_are_skipped_and_reported():
    preview = mapping.preview(csv_bytes(HEADER + ";;;;;;;\n" + ROWS + "\n"))
    assert len(preview.rows) == 2
    assert preview.clean
    assert [n.row for n in preview.notices] == [2]


def test_rows_without_title_are_problems():
    preview = mapping.preview(csv_bytes(HEADER + ";Kuvaus vain;Lapin liitto;;;;;\n" + ROWS))
    assert not preview.clean
    assert preview.rows[0].problems[0].field == "title"


def test_duplicate_rows_are_reported_and_left_out():
    duplicate = "kylmätestausympäristö ;Toinen kuvaus;lapin amk;;;;;\n"
    preview = mapping.preview(csv_bytes(HEADER + ROWS + duplicate))
    assert preview.clean
    assert preview.rows[2].skipped
    assert preview.rows[2].problems[0].params == {"row": 2}
    assert len(preview.to_save) == 2


def test_projects_already_mapped_are_left_out():
    existing = {mapping.normalise_key("Kylmätestausympäristö", "Lapin AMK")}
    preview = mapping.preview(csv_bytes(HEADER + ROWS), existing=existing)
    assert [r.values["title"] for r in preview.to_save] == ["Ympärivuotinen matkailu"]


def test_over_long_cells_are_problems():
    long_title = "x" * 301
    long_description = "y" * 5001
    text = (
        HEADER
        + f"{long_title};ok;Org;;;;;\nNimi;{long_description};Org;;;;;\nToinen;ok;{'z' * 301};;;;;\n"
    )
    preview = mapping.preview(csv_bytes(text))
    assert not preview.clean
    assert [p.field for r in preview.rows for p in r.problems] == [
        "title",
        "description",
        "organisation",
    ]


def test_xlsx_formulas_are_read_from_cached_values_and_reported():
    data = workbook_bytes(
        {"Hankkeet": [["Nimi", "Rahoitus"], ["Hanke A", 1000], ["Hanke B", "=B2*2"]]}
    )
    preview = mapping.preview(data, "hankkeet.xlsx")
    assert [n.params for n in preview.notices] == [{"cell": "B3"}]
    # openpyxl saves no computed values, so the formula reads empty: a row problem.
    assert not preview.clean
    assert preview.rows[1].problems[0].field == "funding"


def test_xlsx_with_two_sheets_asks_which_one():
    data = workbook_bytes(
        {"Ohje": [["Täytä toinen välilehti"]], "Hankkeet": [["Nimi"], ["Hanke A"]]}
    )
    with pytest.raises(ValidationFailed) as caught:
        mapping.preview(data, "kysely.xlsx")
    assert "Ohje, Hankkeet" in str(caught.value)
    preview = mapping.preview(data, "kysely.xlsx", sheet="Hankkeet")
    assert preview.sheet == "Hankkeet"
    assert [r.values["title"] for r in preview.rows] == ["Hanke A"]


def test_unknown_sheet_is_rejected():
    data = workbook_bytes({"A": [["Nimi"], ["x"]], "B": [["Nimi"], ["y"]]})
    with pytest.raises(ValidationFailed, match="no sheet C"):
        mapping.preview(data, "k.xlsx", sheet="C")


def test_empty_file_is_rejected():
    with pytest.raises(ValidationFailed):
        mapping.preview(b"")
