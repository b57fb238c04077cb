"""The strategy's downloads as spreadsheets: the follow-up board (XLSX, CSV) and the
invitation list of missing voices. Labels are translated by the caller. No Flask."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from workshop.export.safety import neutralise, xlsx_text


def to_xlsx(sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    """Return a workbook of (title, headers, rows) sheets; text never runs as a formula."""
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append([xlsx_text(h) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([xlsx_text(v) for v in row])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_csv(headers: list[str], rows: list[list]) -> bytes:
    """Return CSV, UTF-8 with a byte order mark so that Excel reads the letters."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow([neutralise("" if v is None else v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
