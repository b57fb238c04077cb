"""The export download as an HTTP response, shared by the facilitator's page and the REST
API (neither blueprint imports the other)."""

from flask import Response, url_for

from workshop.errors import ValidationFailed
from workshop.export import collect, render
from workshop.export.labels import Labels
from workshop.export.render import NAMES_FORMATS, PLAN_FORMATS, check_format
from workshop.export.safety import content_disposition, readable_filename
from workshop.extensions import db
from workshop.i18n_markers import N_
from workshop.ids import parse_id
from workshop.models import Workshop

LANGUAGES = ("fi", "sv", "en")


def download_name(workshop: Workshop, format_name: str, language: str, priority: str) -> str:
    """Return e.g. Lapin-alykas-erikoistuminen-2026-12-03-suunnitelma.docx."""
    labels = Labels(language)
    kind = "plan_file" if format_name in PLAN_FORMATS else "data_file"
    if format_name == "json":
        kind = "export_file"
    parts = [workshop.title, workshop.date.isoformat() if workshop.date else "", priority]
    return readable_filename([*parts, labels[kind]], format_name)


def export_response(workshop: Workshop, args, *, inline_html: bool = False) -> Response:
    """Answer the workshop's export in the format, language and scope the query asks for."""
    format_name = check_format(args.get("format", ""))
    language = args.get("lang") or workshop.language
    if language not in LANGUAGES:
        raise ValidationFailed(
            N_("Choose the language fi, sv or en."), fields={"lang": N_("Choose fi, sv or en.")}
        )
    priority_id = None
    if args.get("priority"):
        priority_id = parse_id(args["priority"])
        if priority_id is None:
            raise ValidationFailed(
                N_("Give the priority as a number."), fields={"priority": N_("Send a number.")}
            )
    include_names = args.get("include_names") == "1"
    if include_names and format_name not in NAMES_FORMATS:
        raise ValidationFailed(
            N_(
                "The CSV file has one row per idea and no room for names: choose the "
                "plan (Word, PDF, HTML, Markdown), Excel or JSON to include participants' names."
            ),
            fields={"include_names": N_("Not available for CSV.")},
        )
    data = collect(db.session, workshop.id, include_names=include_names, priority_id=priority_id)
    links = {}
    if inline_html and format_name == "html":
        links = {
            "back_url": url_for("facilitator.workshop", workshop_id=workshop.id),
            "script_url": url_for("static", filename="js/print.js"),
        }
    rendered = render(data, format_name, language, **links)
    priority = data.priorities[0].name if priority_id else ""
    name = download_name(workshop, rendered.extension, language, priority)
    disposition = "inline" if inline_html and format_name in ("html", "pdf") else "attachment"
    response = Response(rendered.body, mimetype=rendered.mimetype)
    response.headers["Content-Disposition"] = content_disposition(name, disposition)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response
