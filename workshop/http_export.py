"""The export download as an HTTP response, shared by the facilitator's page and the REST
API (neither blueprint imports the other)."""

from flask import Response

from workshop.errors import ValidationFailed
from workshop.export import collect, render
from workshop.export.render import check_format
from workshop.export.safety import content_disposition, export_filename
from workshop.extensions import db
from workshop.i18n_markers import N_
from workshop.ids import parse_id
from workshop.models import Workshop

LANGUAGES = ("fi", "en")


def export_response(workshop: Workshop, args, *, inline_html: bool = False) -> Response:
    """Answer the workshop's export in the format, language and scope the query asks for."""
    format_name = check_format(args.get("format", ""))
    language = args.get("lang") or workshop.language
    if language not in LANGUAGES:
        raise ValidationFailed(
            N_("Choose the language fi or en."), fields={"lang": N_("Choose fi or en.")}
        )
    priority_id = None
    if args.get("priority"):
        priority_id = parse_id(args["priority"])
        if priority_id is None:
            raise ValidationFailed(
                N_("Give the priority as a number."), fields={"priority": N_("Send a number.")}
            )
    include_names = args.get("include_names") == "1"
    data = collect(db.session, workshop.id, include_names=include_names, priority_id=priority_id)
    rendered = render(data, format_name, language)
    suffix = "-".join(x for x in (data.priorities[0].name if priority_id else "", language) if x)
    name = export_filename(workshop.title, workshop.id, rendered.extension, suffix)
    disposition = "inline" if inline_html and format_name == "html" else "attachment"
    response = Response(rendered.body, mimetype=rendered.mimetype)
    response.headers["Content-Disposition"] = content_disposition(name, disposition)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response
