"""The implementation plan as PDF: the printable HTML page laid out by WeasyPrint, a
paged-media engine (A4, running header, "sivu 3 / 12", table of contents with page
numbers). It needs Pango on the machine (Debian: libpango-1.0-0, libpangoft2-1.0-0)."""

from workshop.export.data import ExportData
from workshop.export.documents import plan_html
from workshop.export.labels import Labels


def to_pdf(data: ExportData, labels: Labels, **_links: str) -> bytes:
    """Return the plan as a PDF document (its title, author and language set)."""
    from weasyprint import HTML  # imported late: loading Pango takes a moment

    return HTML(string=plan_html(data, labels), base_url=None).write_pdf()
