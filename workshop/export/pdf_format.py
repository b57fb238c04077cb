"""The implementation plan as PDF: the printable HTML page laid out by WeasyPrint, a
paged-media engine (A4, running header, "sivu 3 / 12", table of contents with page
numbers). It needs Pango on the machine (Debian: libpango-1.0-0, libpangoft2-1.0-0)."""

from workshop.errors import AihioError
from workshop.export.data import ExportData
from workshop.export.documents import plan_html
from workshop.export.labels import Labels
from workshop.i18n_markers import N_


class PdfUnavailable(AihioError):
    """WeasyPrint cannot load its system libraries on this server."""

    code = "unavailable"
    status = 503


def to_pdf(data: ExportData, labels: Labels) -> bytes:
    """Return the plan as a PDF document (its title, author and language set)."""
    return html_to_pdf(plan_html(data, labels))


def html_to_pdf(html: str) -> bytes:
    """Return a printable page as PDF (its <title>, author and lang become the PDF's)."""
    try:
        from weasyprint import HTML  # imported late: loading Pango takes a moment
    except OSError as error:  # Pango or its fonts are missing
        raise PdfUnavailable(
            N_(
                "This server cannot make PDF files yet (the Pango library is missing, see "
                "the README). Download the Word file, or open the printable page and print it."
            )
        ) from error
    return HTML(string=html, base_url=None).write_pdf()
