"""Render collected export data in one of the formats."""

from dataclasses import dataclass

from workshop.errors import ValidationFailed
from workshop.export.data import ExportData
from workshop.export.documents import to_html, to_markdown
from workshop.export.docx_format import to_docx
from workshop.export.json_format import to_json
from workshop.export.labels import Labels
from workshop.export.pdf_format import to_pdf
from workshop.export.tabular import to_csv, to_xlsx
from workshop.i18n_markers import N_

FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", to_docx),
    "html": ("text/html; charset=utf-8", to_html),
    "pdf": ("application/pdf", to_pdf),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx),
    "csv": ("text/csv; charset=utf-8", to_csv),
    "json": ("application/json", None),
    "md": ("text/markdown; charset=utf-8", to_markdown),
}


class UnknownFormat(ValidationFailed):
    """The export format is not one of FORMATS."""


@dataclass
class Rendered:
    body: bytes
    mimetype: str
    extension: str


def check_format(name: object) -> str:
    """Return the format name, or raise UnknownFormat listing the known ones."""
    if not isinstance(name, str) or name not in FORMATS:
        raise UnknownFormat(
            N_("Choose an export format: %(formats)s."),
            fields={"format": N_("Unknown format.")},
            formats=", ".join(FORMATS),
        )
    return name


# The plan's formats; the others are data. Names ride only where a format can show them:
# the plan's annex, the spreadsheet's sheet and the JSON's `people` (never the CSV's rows).
PLAN_FORMATS = ("docx", "html", "pdf", "md")
NAMES_FORMATS = ("docx", "html", "pdf", "md", "xlsx", "json")


def render(data: ExportData, format_name: str, language: str = "fi", **links: str) -> Rendered:
    """Return the export in this format and language (fi, sv or en); `links` (back_url,
    script_url) give the printable page its way back and its print button."""
    mimetype, renderer = FORMATS[check_format(format_name)]
    if renderer is None:
        return Rendered(to_json(data), mimetype, format_name)
    if format_name == "html":
        return Rendered(renderer(data, Labels(language), **links), mimetype, format_name)
    return Rendered(renderer(data, Labels(language)), mimetype, format_name)
