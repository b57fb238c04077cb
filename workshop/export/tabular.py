"""CSV (UTF-8 with BOM, one row per idea) and XLSX (a sheet per priority, all ideas,
organisations, participants only when names were asked for). Every text cell is
neutralised so that no spreadsheet reads it as a formula."""

import csv
import io
import re
from copy import copy

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from workshop.export.data import ExportData
from workshop.export.labels import Labels
from workshop.export.rows import (
    all_idea_rows,
    idea_headers,
    idea_row,
    organisation_headers,
    organisation_rows,
)
from workshop.export.safety import neutralise, xlsx_text

SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")


def to_csv(data: ExportData, labels: Labels) -> bytes:
    """Return the ideas as CSV, UTF-8 with a byte order mark so that Excel reads the letters."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in idea_headers(data, labels)])
    for row in all_idea_rows(data, labels):
        writer.writerow([neutralise(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def sheet_title(name: str, taken: set[str]) -> str:
    """Return a unique, valid sheet name (at most 31 characters, none of []:*?/\\')."""
    base = SHEET_FORBIDDEN.sub(" ", name).strip() or "-"
    title, n = base[:31], 1
    while title.casefold() in taken:
        n += 1
        title = f"{base[: 31 - len(str(n)) - 1]} {n}"
    taken.add(title.casefold())
    return title


def _write(sheet, headers: list[str], rows: list[list]) -> None:
    sheet.append([xlsx_text(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([xlsx_text(v) for v in row])
    wrapped = None  # one style array copied to every text cell: styling each is slow
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
                if wrapped is None:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                    wrapped = cell._style
                else:
                    cell._style = copy(wrapped)
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(
            60, max(10, len(str(header)) + 2)
        )


def to_xlsx(data: ExportData, labels: Labels) -> bytes:
    """Return the workbook as bytes."""
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    headers = idea_headers(data, labels)
    for priority in data.priorities:
        sheet = book.create_sheet(sheet_title(priority.name, taken))
        _write(sheet, headers, [idea_row(data, i, labels, priority.name) for i in priority.ideas])
    _write(
        book.create_sheet(sheet_title(labels["all_ideas"], taken)),
        headers,
        all_idea_rows(data, labels),
    )
    _write(
        book.create_sheet(sheet_title(labels["organisations"], taken)),
        organisation_headers(labels),
        organisation_rows(data, labels),
    )
    if data.people is not None:
        _write(
            book.create_sheet(sheet_title(labels["participants"], taken)),
            [labels["name"], labels["organisation"], labels["type"], labels["table"]],
            [[p.name, p.organisation, labels.org_type(p.org_type), p.table] for p in data.people],
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
