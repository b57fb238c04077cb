"""Import of mapped projects (the pre-event survey) from CSV or XLSX bytes.

`preview()` reads a file into a `Preview` with every row's problems; nothing is saved
until `save()` is given a clean preview (the caller commits once). No Flask here.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.errors import ValidationFailed
from workshop.i18n_markers import N_
from workshop.models import MappedProject, Workshop

FIELDS = ("title", "description", "organisation", "priority", "period", "funding", "status", "link")
MAX_LENGTH = {"title": 300, "description": 5000}
DEFAULT_MAX_LENGTH = 300
MAX_ROWS = 5000
MAX_UPLOAD = 5 * 1024 * 1024  # bytes of one uploaded survey file

# Header names seen in Finnish and English surveys, normalised (see `normalise_header`).
HEADER_ALIASES = {
    "title": {"hankkeen nimi", "nimi", "hanke", "projekti", "projektin nimi", "otsikko",
              "title", "name", "project", "project name", "project title"},
    "description": {"kuvaus", "hankkeen kuvaus", "lyhyt kuvaus", "tiivistelmä",
                    "description", "summary", "abstract"},
    "organisation": {"organisaatio", "toteuttaja", "päätoteuttaja", "hakija",
                     "vastuuorganisaatio", "organisation", "organization", "lead",
                     "lead organisation", "lead organization", "implementer"},
    "priority": {"painopiste", "painopistealue", "teema", "priority", "theme"},
    "period": {"aikataulu", "kesto", "toteutusaika", "ajankohta", "period", "schedule",
               "duration", "timeline"},
    "funding": {"rahoitus", "rahoittaja", "rahoituslähde", "funding", "funder",
                "funding source"},
    "status": {"tila", "vaihe", "status", "state", "stage"},
    "link": {"linkki", "url", "verkkosivu", "www", "link", "website"},
}  # fmt: skip


@dataclass
class Problem:
    """A row's problem: an English msgid with parameters, translated at the edge.
    `blocking` problems keep the preview from being saved; the others are notices."""

    row: int
    message: str
    params: dict = field(default_factory=dict)
    field: str | None = None
    blocking: bool = True


@dataclass
class Row:
    row: int  # the row's number in the file or sheet (the header is row 1)
    values: dict[str, str]
    problems: list[Problem] = field(default_factory=list)

    @property
    def skipped(self) -> bool:
        """Tell whether saving leaves this row out (a duplicate)."""
        return any(not p.blocking for p in self.problems)


@dataclass
class Preview:
    columns: dict[str, str]  # field -> the file's header
    headers: list[str]
    rows: list[Row]
    notices: list[Problem] = field(default_factory=list)  # empty rows, formulas
    sheet: str | None = None

    @property
    def problems(self) -> list[Problem]:
        return self.notices + [p for row in self.rows for p in row.problems]

    @property
    def clean(self) -> bool:
        return bool(self.rows) and not any(p.blocking for p in self.problems)

    @property
    def to_save(self) -> list[Row]:
        return [row for row in self.rows if not row.skipped]


def normalise_header(name: str) -> str:
    return re.sub(r"[\s_\-:.*()]+", " ", str(name or "")).strip().lower()


def normalise_key(title: str, organisation: str) -> tuple[str, str]:
    """Return the key two rows share when they describe the same project."""
    return (" ".join(title.lower().split()), " ".join(organisation.lower().split()))


def cell_text(value) -> str:
    """Return a cell's value as the text to store."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def decode(data: bytes) -> str:
    """Decode CSV bytes: UTF-8 (with or without BOM), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ValidationFailed(
            N_(
                "The file is neither UTF-8 nor Windows-1252 text. Save it as CSV UTF-8 and try again."
            )
        ) from None


def read_csv(data: bytes) -> list[list]:
    """Return the rows of a CSV file whose delimiter is ; or , (sniffed)."""
    text = decode(data)
    sample = text[:8192]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        delimiter = ";" if first.count(";") >= first.count(",") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def read_xlsx(data: bytes, sheet: str | None) -> tuple[list[list], str, list[tuple[int, str]]]:
    """Return a sheet's rows (cached values), its name and the cells holding formulas."""
    import openpyxl  # imported here: only XLSX imports pay for it

    try:
        values = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False, read_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise ValidationFailed(
            N_("The file could not be read as an Excel workbook (XLSX).")
        ) from None
    names = values.sheetnames
    if sheet is None and len(names) > 1:
        raise ValidationFailed(
            N_("The workbook has several sheets: %(sheets)s. Choose the sheet to import."),
            fields={"sheet": N_("Choose a sheet.")},
            sheets=", ".join(names),
        )
    name = sheet if sheet is not None else names[0]
    if name not in names:
        raise ValidationFailed(
            N_("The workbook has no sheet %(sheet)s. Its sheets: %(sheets)s."),
            fields={"sheet": N_("Choose a sheet.")},
            sheet=name,
            sheets=", ".join(names),
        )
    rows = [list(r) for r in values[name].iter_rows(values_only=True)]
    formula_cells = [
        (cell.row, cell.coordinate)
        for row in formulas[name].iter_rows()
        for cell in row
        if getattr(cell, "data_type", None) == "f"
    ]
    values.close()
    formulas.close()
    return rows, name, formula_cells


def detect_columns(headers: list[str], explicit: dict[str, str] | None) -> dict[str, int]:
    """Return field -> column index: the explicit map first, then known header names."""
    normalised = [normalise_header(h) for h in headers]
    found: dict[str, int] = {}
    for key, header in (explicit or {}).items():
        if key not in FIELDS:
            raise ValidationFailed(
                N_("Unknown field %(field)s in the column map. Fields: %(known)s."),
                fields={"columns": N_("Map only known fields.")},
                field=key,
                known=", ".join(FIELDS),
            )
        if normalise_header(header) not in normalised:
            raise ValidationFailed(
                N_("The file has no column %(column)s. Its columns: %(headers)s."),
                fields={"columns": N_("Name a column the file has.")},
                column=header,
                headers=", ".join(h for h in headers if h),
            )
        found[key] = normalised.index(normalise_header(header))
    for key in FIELDS:
        if key in found:
            continue
        for index, name in enumerate(normalised):
            if name in HEADER_ALIASES[key] and index not in found.values():
                found[key] = index
                break
    if "title" not in found:
        raise ValidationFailed(
            N_(
                "No column for the project's title. Name one “Hankkeen nimi”, “Nimi” or "
                "“Title”, or map it (title=<column>). The file's columns: %(headers)s."
            ),
            fields={"columns": N_("Map a column to the title.")},
            headers=", ".join(h for h in headers if h) or "—",
        )
    return found


def preview(
    data: bytes,
    filename: str = "",
    columns: dict[str, str] | None = None,
    sheet: str | None = None,
    existing: set[tuple[str, str]] | None = None,
) -> Preview:
    """Read a CSV or XLSX file into a preview with each row's problems; save nothing."""
    if not data:
        raise ValidationFailed(N_("The file is empty."), fields={"file": N_("Choose a file.")})
    formula_cells: list[tuple[int, str]] = []
    sheet_name = None
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm")):
        raw_rows, sheet_name, formula_cells = read_xlsx(data, sheet or None)
    else:
        raw_rows = read_csv(data)
    header_index = next((i for i, r in enumerate(raw_rows) if any(cell_text(c) for c in r)), None)
    if header_index is None:
        raise ValidationFailed(N_("The file has no rows."), fields={"file": N_("Choose a file.")})
    while raw_rows and not any(cell_text(c) for c in raw_rows[-1]):
        raw_rows.pop()  # blank lines at the end are no one's mistake: not reported
    headers = [cell_text(c) for c in raw_rows[header_index]]
    found = detect_columns(headers, columns)
    result = Preview(
        columns={key: headers[index] for key, index in found.items()},
        headers=headers,
        rows=[],
        sheet=sheet_name,
    )
    seen: dict[tuple[str, str], int] = {}
    for offset, raw in enumerate(raw_rows[header_index + 1 :], start=header_index + 2):
        cells = [cell_text(c) for c in raw]
        if not any(cells):
            result.notices.append(
                Problem(offset, N_("Row %(row)s is empty and was skipped."), {"row": offset},
                        blocking=False)
            )  # fmt: skip
            continue
        values = {key: cells[i] if i < len(cells) else "" for key, i in found.items()}
        for key in FIELDS:
            values.setdefault(key, "")
        row = Row(offset, values)
        check_row(row, seen, existing or set())
        result.rows.append(row)
        if len(result.rows) > MAX_ROWS:
            raise ValidationFailed(N_("The file has more than %(max)s rows."), max=MAX_ROWS)
    formula_columns = {}
    for row_number, coordinate in formula_cells:
        result.notices.append(
            Problem(
                row_number,
                N_("Cell %(cell)s holds a formula; its last saved value was read."),
                {"cell": coordinate},
                blocking=False,
            )
        )
        formula_columns.setdefault(row_number, set()).add(column_index(coordinate))
    for row in result.rows:  # a formula without a saved value reads as empty: say why
        for key, index in found.items():
            if index in formula_columns.get(row.row, ()) and not row.values[key]:
                row.problems.append(
                    Problem(
                        row.row,
                        N_(
                            "The formula in %(field)s has no saved value. Open the file in a "
                            "spreadsheet program, save it and upload it again."
                        ),
                        {"field": key},
                        field=key,
                    )
                )
    return result


def column_index(coordinate: str) -> int:
    """Return the 0-based column of a cell coordinate such as "C7"."""
    letters = re.sub(r"\d", "", coordinate)
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter.upper()) - ord("A") + 1
    return index - 1


def check_row(row: Row, seen: dict[tuple[str, str], int], existing: set[tuple[str, str]]) -> None:
    """Add the row's problems: missing title, over-long cells, duplicates."""
    values = row.values
    if not values["title"]:
        row.problems.append(Problem(row.row, N_("The title is missing."), field="title"))
    for key, value in values.items():
        limit = MAX_LENGTH.get(key, DEFAULT_MAX_LENGTH)
        if len(value) > limit:
            row.problems.append(
                Problem(
                    row.row,
                    N_("%(field)s is %(length)s characters long; at most %(max)s fit."),
                    {"field": key, "length": len(value), "max": limit},
                    field=key,
                )
            )
    if not values["title"]:
        return
    key = normalise_key(values["title"], values["organisation"])
    if key in seen:
        row.problems.append(
            Problem(row.row, N_("Same project as row %(row)s; this row is left out."),
                    {"row": seen[key]}, blocking=False)
        )  # fmt: skip
    elif key in existing:
        row.problems.append(
            Problem(row.row, N_("This project is already mapped; this row is left out."),
                    blocking=False)
        )  # fmt: skip
    else:
        seen[key] = row.row


def existing_keys(session: Session, strategy: str) -> set[tuple[str, str]]:
    """Return the duplicate keys of the projects already mapped for this strategy."""
    rows = session.execute(
        sa.select(MappedProject.title, MappedProject.organisation).where(
            MappedProject.strategy == strategy
        )
    )
    return {normalise_key(title, organisation) for title, organisation in rows}


def save(
    session: Session, result: Preview, strategy: str, owner_id: int | None, source_file: str
) -> list[MappedProject]:
    """Add a clean preview's rows as mapped projects (the caller commits once)."""
    if not result.clean:
        raise ValidationFailed(N_("Fix the rows with problems and upload the file again."))
    projects = [
        MappedProject(
            strategy=strategy,
            owner_id=owner_id,
            source_row=row.row,
            source_file=source_file[:255],
            **row.values,
        )
        for row in result.to_save
    ]
    session.add_all(projects)
    return projects


DEFAULT_STRATEGY = "default"


def strategy_of(workshop: Workshop) -> str:
    """Return the strategy key whose mapped projects this workshop is compared with."""
    if workshop.strategy_id is not None and workshop.strategy is not None:
        return workshop.strategy.key
    return (workshop.settings or {}).get("strategy") or DEFAULT_STRATEGY
