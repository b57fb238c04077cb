"""CSV (UTF-8 with BOM, one row per idea) and XLSX (a sheet per priority, all ideas,
organisations, their roles across the strategy when the workshop has one, participants
only when names were asked for). Labels and states are in the
chosen language; archived drafts are left out (the JSON keeps them). Every text cell is
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
from workshop.export.strategy_roles import strategy_role_headers, strategy_role_rows

SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")


def to_csv(data: ExportData, labels: Labels) -> bytes:
    """Return the ideas as CSV, UTF-8 with a byte order mark so that Excel reads the letters."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in idea_headers(data, labels)])
    for row in all_idea_rows(data, labels):
        writer.writerow([neutralise(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


SHEET_MAX = 31  # Excel's limit for a sheet name
WIDTH_MIN, WIDTH_MAX = 8, 60  # characters


def _shortened(text: str, room: int) -> str:
    """Return text cut at a word boundary to fit `room` characters, "…" marking the cut."""
    if len(text) <= room:
        return text
    cut = text[: room - 1]
    if " " in cut[room // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" -–,.") + "…"


def sheet_title(name: str, taken: set[str]) -> str:
    """Return a unique, valid sheet name: the whole name when it fits Excel's 31
    characters, else cut at a word with "…" (the full name is in every row)."""
    base = " ".join(SHEET_FORBIDDEN.sub(" ", name).split()) or "-"
    title, n = _shortened(base, SHEET_MAX), 1
    while title.casefold() in taken:
        n += 1
        title = f"{_shortened(base, SHEET_MAX - len(str(n)) - 1)} {n}"
    taken.add(title.casefold())
    return title


def _width(values) -> int:
    """Return a column width that fits the longest line of its cells, within limits."""
    longest = max(
        (len(line) for v in values if v is not None for line in str(v).splitlines() or [""]),
        default=0,
    )
    return min(WIDTH_MAX, max(WIDTH_MIN, longest + 2))


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
    sheet.auto_filter.ref = sheet.dimensions
    for column in sheet.iter_cols(min_row=1, max_row=min(sheet.max_row, 500)):
        sheet.column_dimensions[column[0].column_letter].width = _width(c.value for c in column)


def to_xlsx(data: ExportData, labels: Labels) -> bytes:
    """Return the workbook as bytes."""
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    headers = idea_headers(data, labels)
    for priority in data.priorities:
        sheet = book.create_sheet(sheet_title(priority.name, taken))
        _write(
            sheet,
            headers,
            [idea_row(data, i, labels, priority.name) for i in priority.active_ideas],
        )
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
    if data.strategy_roles is not None:
        _write(
            book.create_sheet(sheet_title(labels["strategy_roles_sheet"], taken)),
            strategy_role_headers(labels),
            strategy_role_rows(data.strategy_roles, labels),
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
